"""A fake of the OpenAI Files and Batches endpoints, at the HTTP level, in front of a FakeLLM.

Served through httpx.MockTransport to the real `openai` client: POST /v1/files (multipart),
GET /v1/files/{id}/content, POST /v1/batches, GET /v1/batches/{id}, GET /v1/batches, and
/v1/chat/completions for live calls. A batch runs when it has been polled `polls_to_finish` times:
each of its request bodies goes to the FakeLLM exactly as a live request would, so canned answers
are the same on both paths. `expire_after=N` answers only the first N requests of each batch and
ends it `expired`, the rest in the error file with code batch_expired, as the real API does.
"""

from __future__ import annotations

import email.parser
import email.policy
import json
import re
from typing import Any

import httpx
from fakellm import FakeLLM, fake_engine

from summarizer.backends import Engine

BASE_URL = "http://fake-openai.test/v1"
CREATED = 1_700_000_000


class BatchFake:
    def __init__(
        self,
        llm: FakeLLM,
        *,
        polls_to_finish: int = 1,
        expire_after: int | None = None,
        fail_with: str | None = None,
        drop_create_reply: bool = False,
    ) -> None:
        self.llm = llm
        self.polls_to_finish = polls_to_finish
        self.expire_after = expire_after
        self.fail_with = fail_with  # a batch that fails validation as a whole, with this message
        self.drop_create_reply = drop_create_reply  # the first batch is created, its reply lost
        self.files: dict[str, bytes] = {}
        self.uploads: list[bytes] = []
        self.batches: dict[str, dict[str, Any]] = {}
        self.polls: dict[str, int] = {}
        self.batch_creations = 0
        self.live: list[dict[str, Any]] = []  # bodies of live chat completions
        self.headers: list[dict[str, str]] = []

    # -- HTTP ------------------------------------------------------------------------------------

    def handle(self, request: httpx.Request) -> httpx.Response:
        self.headers.append(dict(request.headers))
        path = request.url.path.removeprefix("/v1")
        method = request.method
        if path == "/chat/completions" and method == "POST":
            self.live.append(json.loads(request.content))
            return self.llm.handle(request)
        if path == "/files" and method == "POST":
            return self._upload(request)
        if (found := re.fullmatch(r"/files/([^/]+)/content", path)) and method == "GET":
            content = self.files.get(found.group(1))
            if content is None:
                return httpx.Response(404, json={"error": {"message": "no such file"}})
            return httpx.Response(200, content=content, headers={"content-type": "application/octet-stream"})
        if path == "/batches" and method == "POST":
            return self._create(json.loads(request.content))
        if path == "/batches" and method == "GET":
            data = sorted(self.batches.values(), key=lambda b: -int(b["created_at"]))
            return httpx.Response(200, json={"object": "list", "data": data, "has_more": False})
        if (found := re.fullmatch(r"/batches/([^/]+)", path)) and method == "GET":
            return self._retrieve(found.group(1))
        return httpx.Response(404, json={"error": {"message": f"no route {method} {path}"}})

    def _upload(self, request: httpx.Request) -> httpx.Response:
        head = f"Content-Type: {request.headers['content-type']}\r\n\r\n".encode()
        message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(head + request.content)
        fields = {part.get_param("name", header="content-disposition"): part for part in message.iter_parts()}
        assert fields["purpose"].get_content().strip() == "batch"
        content = fields["file"].get_payload(decode=True)
        assert isinstance(content, bytes)
        file_id = f"file-{len(self.files) + 1}"
        self.files[file_id] = content
        self.uploads.append(content)
        return httpx.Response(200, json=self._file(file_id, content))

    def _file(self, file_id: str, content: bytes) -> dict[str, Any]:
        return {
            "id": file_id,
            "object": "file",
            "bytes": len(content),
            "created_at": CREATED,
            "filename": "batch.jsonl",
            "purpose": "batch",
            "status": "processed",
        }

    def _create(self, body: dict[str, Any]) -> httpx.Response:
        assert body["endpoint"] == "/v1/chat/completions" and body["completion_window"] == "24h"
        assert body["input_file_id"] in self.files
        self.batch_creations += 1
        batch_id = f"batch_{self.batch_creations}"
        lines = self.files[body["input_file_id"]].decode().splitlines()
        self.batches[batch_id] = {
            "id": batch_id,
            "object": "batch",
            "endpoint": body["endpoint"],
            "input_file_id": body["input_file_id"],
            "completion_window": "24h",
            "status": "validating",
            "created_at": CREATED + self.batch_creations,
            "request_counts": {"total": len(lines), "completed": 0, "failed": 0},
        }
        self.polls[batch_id] = 0
        if self.drop_create_reply:
            self.drop_create_reply = False
            raise httpx.ReadError("connection dropped after the batch was created")
        return httpx.Response(200, json=self.batches[batch_id])

    def _retrieve(self, batch_id: str) -> httpx.Response:
        batch = self.batches.get(batch_id)
        if batch is None:
            return httpx.Response(404, json={"error": {"message": "no such batch"}})
        self.polls[batch_id] += 1
        if batch["status"] not in {"completed", "expired", "failed"}:
            batch["status"] = "in_progress"
            if self.polls[batch_id] >= self.polls_to_finish:
                self._run(batch)
        return httpx.Response(200, json=batch)

    # -- running a batch ------------------------------------------------------------------------

    def _run(self, batch: dict[str, Any]) -> None:
        lines = [json.loads(line) for line in self.files[batch["input_file_id"]].decode().splitlines()]
        if self.fail_with is not None:
            batch["status"] = "failed"
            batch["errors"] = {"object": "list", "data": [{"code": "invalid_request", "message": self.fail_with}]}
            return
        output: list[str] = []
        errors: list[str] = []
        for number, line in enumerate(lines):
            assert line["method"] == "POST" and line["url"] == "/v1/chat/completions"
            if self.expire_after is not None and number >= self.expire_after:
                error = {
                    "code": "batch_expired",
                    "message": "This request could not be executed before the completion window expired.",
                }
                errors.append(
                    json.dumps({"id": f"r{number}", "custom_id": line["custom_id"], "response": None, "error": error})
                )
                continue
            reply = self.llm.handle(httpx.Request("POST", f"{BASE_URL}/chat/completions", json=line["body"]))
            record = {
                "id": f"r{number}",
                "custom_id": line["custom_id"],
                "response": {"status_code": reply.status_code, "request_id": f"q{number}", "body": reply.json()},
                "error": None,
            }
            (output if reply.status_code == 200 else errors).append(json.dumps(record))
        batch["status"] = "expired" if self.expire_after is not None and len(lines) > self.expire_after else "completed"
        answered = len(output)
        batch["request_counts"] = {"total": len(lines), "completed": answered, "failed": len(lines) - answered}
        for kind, records in (("output_file_id", output), ("error_file_id", errors)):
            if records:
                file_id = f"file-{len(self.files) + 1}"
                self.files[file_id] = ("\n".join(records) + "\n").encode()
                batch[kind] = file_id

    def submitted_lines(self) -> list[dict[str, Any]]:
        """Every request line of every uploaded input file, in order."""
        return [json.loads(line) for content in self.uploads for line in content.decode().splitlines()]

    def engine(self, **overrides: Any) -> Engine:
        return fake_engine(self.handle, BASE_URL, **overrides)
