"""The OpenAI Batch API on the wire: request files in, answer files out, and the state that outlives a run.

A batch takes up to 24 hours, far longer than a process may live, so everything needed to pick it up
again is on disk in OUT/.batch-api.state before and after each step: which uploaded file and which
batch hold which requests, and for each request (its `custom_id`) the article, the brief file and the
resume key it answers. The file is rewritten atomically (io/store), holds no key or article text, and
is removed once nothing is outstanding.

Order of a submission, and what a crash between two steps leaves:
  1. upload the JSONL file, then record {file, batch: null}  -- a crash before the record leaves an
     orphan file at the provider and nothing here: the requests are sent again on the next run;
  2. create the batch, then record its id  -- a crash between the two leaves {file, batch: null}:
     the next run looks for a batch made from that file before creating one, so none is paid twice.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Final

import openai
from openai import AsyncOpenAI
from openai.types import Batch

from summarizer.errors import SummarizeError
from summarizer.io.store import StrPath, write_atomic
from summarizer.models import Article

# Not *.json: the commands that read a folder of briefs take every *.json file in it for one.
STATE_FILE = ".batch-api.state"
STATE_VERSION = 1
ENDPOINT: Final = "/v1/chat/completions"
# The API's limits per batch (platform.openai.com/docs/guides/batch): requests, and bytes of the input file.
MAX_REQUESTS = 50_000
MAX_FILE_BYTES = 200 * 1024 * 1024
TERMINAL = frozenset({"completed", "expired", "failed", "cancelled"})
# How far back through the account's batches a crashed submission is looked for (newest first).
ADOPT_SCAN = 1000
# Tries at creating a batch; between two, the search for one the failed try made after all.
CREATE_ATTEMPTS = 3
UPLOAD_TIMEOUT = 1800.0


@dataclass(frozen=True)
class BatchLimits:
    """How large one batch may be; lowered in tests, or by users who want smaller batches back sooner."""

    max_requests: int = MAX_REQUESTS
    max_bytes: int = MAX_FILE_BYTES


def resume_key(article: Article, model: str, version: str) -> str:
    """What `io.store.is_current` compares: the article's content, the prompt version and the model."""
    return f"{article.sha256}:{version}:{model}"


def custom_id(brief: str, key: str) -> str:
    """The id of one request: the same brief file and key always give the same id, two different ones never."""
    return "brief-" + hashlib.sha256(f"{brief}\n{key}".encode()).hexdigest()[:32]


@dataclass(frozen=True)
class Line:
    """One request of a batch input file."""

    custom_id: str
    body: dict[str, Any]

    def encoded(self) -> bytes:
        record = {"custom_id": self.custom_id, "method": "POST", "url": ENDPOINT, "body": self.body}
        return (json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


def split(lines: Iterable[Line], limits: BatchLimits) -> tuple[list[list[Line]], list[Line]]:
    """The lines in order, cut into batches within `limits`; and the lines too large for any batch."""
    chunks: list[list[Line]] = []
    too_large: list[Line] = []
    current: list[Line] = []
    size = 0
    for line in lines:
        length = len(line.encoded())
        if length > limits.max_bytes:
            too_large.append(line)
            continue
        if current and (len(current) >= limits.max_requests or size + length > limits.max_bytes):
            chunks.append(current)
            current, size = [], 0
        current.append(line)
        size += length
    if current:
        chunks.append(current)
    return chunks, too_large


@dataclass
class Request:
    """What one `custom_id` answers: the article, the brief file it becomes, and its resume key."""

    article: str
    brief: str
    key: str


@dataclass
class Submission:
    """One uploaded input file and the batch made from it (None until the API has returned its id)."""

    file: str
    batch: str | None
    # By custom_id, in the order of the file's lines.
    requests: dict[str, Request] = field(default_factory=dict)


@dataclass
class State:
    """OUT/.batch-api.state: the submissions still to collect."""

    path: Path
    submissions: list[Submission] = field(default_factory=list)

    @classmethod
    def load(cls, out_dir: StrPath) -> State:
        path = Path(out_dir) / STATE_FILE
        if not path.exists():
            return cls(path)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if data.get("version") != STATE_VERSION:
                raise ValueError(f"version {data.get('version')!r}, not {STATE_VERSION}")
            submissions = [
                Submission(
                    file=str(s["file"]),
                    batch=s["batch"],
                    requests={cid: Request(**request) for cid, request in s["requests"].items()},
                )
                for s in data["submissions"]
            ]
        except (OSError, ValueError, KeyError, TypeError) as error:
            # Never guessed around: starting afresh would pay for every outstanding batch a second time.
            raise SummarizeError(
                f"{path}: unreadable Batch API state ({error}); remove it to submit again from scratch"
            ) from error
        return cls(path, submissions)

    @property
    def requests(self) -> dict[str, Request]:
        return {cid: request for s in self.submissions for cid, request in s.requests.items()}

    def save(self) -> None:
        if not self.submissions:
            self.path.unlink(missing_ok=True)
            return
        document = {"version": STATE_VERSION, "submissions": [asdict(s) for s in self.submissions]}
        write_atomic(self.path, json.dumps(document, indent=1) + "\n")


async def upload(client: AsyncOpenAI, lines: Sequence[Line]) -> str:
    """Upload the batch input file; its file id."""
    data = b"".join(line.encoded() for line in lines)
    # Up to 200 MB: the chat timeout (two minutes by default) is too short for that.
    named = ("summarizer-batch.jsonl", data, "application/jsonl")
    uploaded = await client.with_options(timeout=UPLOAD_TIMEOUT).files.create(file=named, purpose="batch")
    return uploaded.id


async def find_batch(client: AsyncOpenAI, file_id: str) -> str | None:
    """The batch already made from `file_id`, if a run died after creating it and before recording it."""
    seen = 0
    async for batch in client.batches.list(limit=100):
        if batch.input_file_id == file_id:
            return batch.id
        seen += 1
        if seen >= ADOPT_SCAN:
            break
    return None


async def create(client: AsyncOpenAI, file_id: str) -> str:
    """The batch that answers `file_id`'s requests: found if it exists already, else created.

    Creating is not idempotent, so the client never retries it blindly (a lost reply would mean a
    second, paid batch): after a failed attempt the account's batches are searched again first.
    """
    once = client.with_options(max_retries=0)
    for attempt in range(CREATE_ATTEMPTS):
        found = await find_batch(client, file_id)
        if found is not None:
            return found
        try:
            batch = await once.batches.create(
                input_file_id=file_id, endpoint=ENDPOINT, completion_window="24h", metadata={"created_by": "summarizer"}
            )
        except (openai.APIConnectionError, openai.InternalServerError, openai.RateLimitError):
            if attempt + 1 == CREATE_ATTEMPTS:
                raise
            await asyncio.sleep(min(30.0, 2.0**attempt))
            continue
        return batch.id
    raise AssertionError("unreachable")


@dataclass
class Outcome:
    """What a finished batch said about its requests: completions by custom_id, and why others have none."""

    answers: dict[str, dict[str, Any]] = field(default_factory=dict)
    problems: dict[str, str] = field(default_factory=dict)


def _problem(batch: Batch, record: dict[str, Any]) -> str:
    error = record.get("error") or {}
    response = record.get("response") or {}
    body = response.get("body") or {}
    if not error and isinstance(body, dict):
        error = body.get("error") or {}
    code = error.get("code") if isinstance(error, dict) else None
    message = " ".join(str(error.get("message", "")).split()) if isinstance(error, dict) else str(error)
    if code == "batch_expired":
        return f"batch {batch.id} expired before answering it"
    status = response.get("status_code")
    where = f"HTTP {status} in batch {batch.id}" if status else f"batch {batch.id}"
    return f"{where}: {code or 'error'}: {message or 'no message'}"


async def _records(client: AsyncOpenAI, file_id: str | None) -> list[dict[str, Any]]:
    if not file_id:
        return []
    content = await client.files.content(file_id)
    return [json.loads(line) for line in content.text.splitlines() if line.strip()]


async def outcome(client: AsyncOpenAI, batch: Batch, submission: Submission) -> Outcome:
    """Download a finished batch's output and error files and sort every request into answered or not."""
    result = Outcome()
    for record in [*await _records(client, batch.output_file_id), *await _records(client, batch.error_file_id)]:
        cid = str(record.get("custom_id"))
        response = record.get("response") or {}
        if response.get("status_code") == 200 and not record.get("error") and isinstance(response.get("body"), dict):
            result.answers[cid] = response["body"]
        else:
            result.problems[cid] = _problem(batch, record)
    ended = _ending(batch)
    for cid in submission.requests:
        if cid not in result.answers and cid not in result.problems:
            result.problems[cid] = ended
    return result


def _ending(batch: Batch) -> str:
    """Why a request of a batch that ended has no line in either file."""
    if batch.status == "failed":
        errors = batch.errors.data if batch.errors and batch.errors.data else []
        details = "; ".join(
            f"{e.code or 'error'}: {e.message or ''}".strip() + (f" (line {e.line})" if e.line else "")
            for e in errors[:3]
        )
        return f"batch {batch.id} failed" + (f": {details}" if details else "")
    if batch.status == "expired":
        return f"batch {batch.id} expired before answering it"
    return f"batch {batch.id} ended {batch.status} without answering it"
