"""`summarizer batch --via batch-api`: a folder summarised through the OpenAI Batch API.

Half the price of live calls, answered within 24 hours, single pass only. A run does everything that
is outstanding and, with `wait`, waits for the rest:

- an article whose brief is current is skipped, as in `batch`;
- an article whose request is in a batch already submitted (OUT/.batch-api.state, see
  backends/batch_api) is waited for, never sent again;
- every other article becomes one request line, its body prepared by instructor exactly as a live
  call's (extract/collect); the lines are split across batches within the API's limits, uploaded and
  submitted;
- each batch that has ended is collected: an answer is parsed, validated and grounded by the same
  code as a live one, an invalid or ungrounded answer is re-asked live, and the yes/no checks of
  decisions are asked live. A request the batch did not answer (it expired, failed, was cancelled or
  the request errored) is reported for its article and asked again: live, or with `resubmit` in a
  new batch.

Briefs are written once, atomically, with the resume key of `batch`; what could not become a brief is
a line of OUT/failures.jsonl, as in `batch`.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import openai
from openai import AsyncOpenAI
from openai.types import Batch
from openai.types.chat import ChatCompletion
from pydantic import ValidationError

from summarizer.backends import Engine
from summarizer.backends import batch_api as wire
from summarizer.backends.pricing import BATCH_API_DISCOUNT, with_cost
from summarizer.batch import (
    FAILURES_FILE,
    BatchReport,
    Failure,
    ProgressCallback,
    _assign_names,
    _load_all,
    _write_brief,
    _write_failures,
)
from summarizer.errors import SummarizeError
from summarizer.extract.collect import acollect, batch_request, check_engine
from summarizer.extract.pipeline import asummarize
from summarizer.extract.prompts import prompt_version
from summarizer.io.store import StrPath, is_current
from summarizer.models import Article, Brief

EventCallback = Callable[[str], None]
# The Files and Batches calls are few and cheap to repeat: the client's own retries (with backoff and
# Retry-After) are enough for them, where chat calls use the tenacity policy of backends/retry.
CONTROL_RETRIES = 5


@dataclass
class DeferredReport(BatchReport):
    # Batch id -> requests submitted in it by this run.
    submitted: dict[str, int] = field(default_factory=dict)
    # Batch id (or file id, while its batch could not be created) -> requests still to collect.
    waiting: dict[str, int] = field(default_factory=dict)
    # Per article: what a batch did not answer, and so was asked again (live, or in a new batch).
    unanswered: list[Failure] = field(default_factory=list)


def _one_line(error: BaseException) -> str:
    text = str(error) if isinstance(error, SummarizeError) else f"{type(error).__name__}: {error}"
    return " ".join(text.split())


@dataclass
class _Collector:
    engine: Engine
    client: AsyncOpenAI
    out: Path
    state: wire.State
    report: DeferredReport
    force: bool
    limits: wire.BatchLimits
    on_event: EventCallback | None
    on_progress: ProgressCallback | None
    # custom_id -> the article it asks about and the brief it becomes, for the articles of this run.
    wanted: dict[str, tuple[Article, Path, wire.Request]] = field(default_factory=dict)
    # Batches created by this run (not done yet: not worth polling without waiting).
    fresh: set[str] = field(default_factory=set)
    # Custom ids to put in a new batch (after their batch did not answer them, with `resubmit`).
    again: list[str] = field(default_factory=list)
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    # The last progress line said per batch.
    said: dict[str, str] = field(default_factory=dict)

    def note(self, text: str) -> None:
        if self.on_event:
            self.on_event(text)

    async def fail(self, article: Article, reason: str) -> None:
        self.report.failures.append(Failure(article.path or article.id, "summarize", reason, article=article.id))
        await self.save_failures()
        if self.on_progress:
            self.on_progress("failed", None)

    async def save_failures(self) -> None:
        async with self.lock:
            await asyncio.to_thread(_write_failures, self.out / FAILURES_FILE, list(self.report.failures))

    async def save_state(self) -> None:
        await asyncio.to_thread(self.state.save)

    async def write(self, article: Article, target: Path, brief: Brief) -> None:
        # At the Batch API's price for every token: the live re-asks and checks after a batch answer
        # cost full price, so a brief that needed them costs a little more than this says.
        brief = with_cost(brief, self.engine.price, discount=self.report.discount)
        await asyncio.to_thread(_write_brief, target, brief)
        self.report.done.append(target)
        self.report.add(article, brief)
        if self.on_progress:
            self.on_progress("done", target)

    def plan(self, articles: list[Article], names: dict[int, str]) -> list[str]:
        """Every article's request id; those neither current nor already submitted are returned to send."""
        version = prompt_version()
        submitted = self.state.requests
        to_send: list[str] = []
        for index, article in enumerate(articles):
            target = self.out / names[index]
            key = wire.resume_key(article, self.engine.model, version)
            cid = wire.custom_id(names[index], key)
            self.wanted[cid] = (article, target, wire.Request(article.id, names[index], key))
            if cid in submitted:
                continue
            if not self.force and is_current(target, article, self.engine.model, version):
                self.report.skipped.append(target)
                if self.on_progress:
                    self.on_progress("skipped", target)
                continue
            to_send.append(cid)
        return to_send

    async def submit(self, cids: Iterable[str]) -> None:
        lines: list[wire.Line] = []
        for cid in cids:
            article = self.wanted[cid][0]
            try:
                lines.append(wire.Line(cid, batch_request(article, self.engine)))
            except Exception as error:  # one article's bad request must not stop the others'
                await self.fail(article, _one_line(error))
        chunks, too_large = wire.split(lines, self.limits)
        for line in too_large:
            await self.fail(
                self.wanted[line.custom_id][0],
                f"its request is larger than a batch input file may be ({self.limits.max_bytes:,} bytes)",
            )
        for chunk in chunks:
            await self._submit_chunk(chunk)

    async def _submit_chunk(self, chunk: list[wire.Line]) -> None:
        try:
            file_id = await wire.upload(self.client, chunk)
        except openai.APIError as error:
            for line in chunk:
                await self.fail(self.wanted[line.custom_id][0], f"could not upload the batch file: {_one_line(error)}")
            return
        submission = wire.Submission(file_id, None, {line.custom_id: self.wanted[line.custom_id][2] for line in chunk})
        # Recorded before the batch is created: see backends/batch_api for what a crash here leaves.
        self.state.submissions.append(submission)
        await self.save_state()
        await self._create(submission)
        if submission.batch is not None:
            self.fresh.add(submission.batch)
            self.report.submitted[submission.batch] = len(chunk)
            self.note(f"submitted batch {submission.batch}: {len(chunk)} requests")

    async def _create(self, submission: wire.Submission) -> None:
        try:
            submission.batch = await wire.create(self.client, submission.file)
        except openai.APIError as error:
            # The submission stays on record: the batch may exist after all (the reply was lost), and the
            # next run looks for it before creating one.
            reason = (
                f"could not create the batch for file {submission.file}: {_one_line(error)}; the next run tries again"
            )
            for cid in submission.requests:
                if cid in self.wanted:
                    await self.fail(self.wanted[cid][0], reason)
            return
        await self.save_state()

    async def resume_uncreated(self) -> None:
        """Batches a crashed or failed run uploaded the file for but has no batch id of."""
        for submission in [s for s in self.state.submissions if s.batch is None]:
            await self._create(submission)
            if submission.batch is not None:
                self.note(f"resumed batch {submission.batch} of file {submission.file}")

    async def poll(self, include_fresh: bool) -> list[tuple[wire.Submission, Batch]]:
        """The submissions whose batch has ended, with the batch."""
        ended: list[tuple[wire.Submission, Batch]] = []
        for submission in self.state.submissions:
            if submission.batch is None or (submission.batch in self.fresh and not include_fresh):
                continue
            batch = await self.client.batches.retrieve(submission.batch)
            if batch.status in wire.TERMINAL:
                ended.append((submission, batch))
            else:
                counts = batch.request_counts
                done = f", {counts.completed + counts.failed} of {counts.total} answered" if counts else ""
                line = f"batch {batch.id}: {batch.status}{done}"
                # Said when it changes: a day of polls every 30 seconds would otherwise be 3,000 lines.
                if self.said.get(batch.id) != line:
                    self.said[batch.id] = line
                    self.note(line)
        return ended

    async def collect(self, submission: wire.Submission, batch: Batch, resubmit: bool) -> None:
        result = await wire.outcome(self.client, batch, submission)
        limit = asyncio.Semaphore(max(1, self.engine.concurrency))

        async def one(cid: str) -> None:
            if cid not in self.wanted:
                return  # the article changed or left the input since it was submitted: its answer is stale
            article, target, _ = self.wanted[cid]
            if not self.force and is_current(target, article, self.engine.model, prompt_version()):
                # A run killed while collecting this batch wrote it already.
                self.report.skipped.append(target)
                if self.on_progress:
                    self.on_progress("skipped", target)
                return
            async with limit:
                await self._settle(cid, article, target, result, resubmit)

        await asyncio.gather(*(one(cid) for cid in submission.requests))
        self.state.submissions.remove(submission)
        await self.save_state()
        answered = sum(1 for cid in submission.requests if cid in result.answers)
        self.note(f"collected batch {batch.id} ({batch.status}): {answered} of {len(submission.requests)} answered")

    async def _settle(self, cid: str, article: Article, target: Path, result: wire.Outcome, resubmit: bool) -> None:
        answer = result.answers.get(cid)
        reason = result.problems.get(cid, "the batch did not answer it")
        if answer is not None:
            try:
                completion = ChatCompletion.model_validate(answer)
            except ValidationError as error:
                reason = f"the batch's answer is no chat completion: {_one_line(error)}"
            else:
                try:
                    brief = await acollect(article, self.engine, completion)
                except Exception as error:  # as in `batch`: one article's failure is a line, not the end
                    await self.fail(article, _one_line(error))
                    return
                await self.write(article, target, brief)
                return
        how = "resubmitted" if resubmit else "asked live"
        self.report.unanswered.append(Failure(article.path or article.id, "batch", f"{reason}; {how}", article.id))
        if resubmit:
            self.again.append(cid)
            return
        try:
            brief = await asummarize(article, engine=self.engine)
        except Exception as error:
            await self.fail(article, f"{reason}; asked live: {_one_line(error)}")
            return
        await self.write(article, target, brief)


async def run_batch_api(
    inputs: Iterable[StrPath],
    out_dir: StrPath,
    *,
    engine: Engine,
    force: bool = False,
    wait: bool = True,
    poll_interval: float = 30.0,
    resubmit: bool = False,
    limits: wire.BatchLimits | None = None,
    on_start: Callable[[int], None] | None = None,
    on_progress: ProgressCallback | None = None,
    on_event: EventCallback | None = None,
) -> DeferredReport:
    """Summarise every article under `inputs` into `out_dir` through the Batch API (see the module doc).

    Without `wait` it submits what is new, collects the batches of earlier runs that have ended, and
    returns; `report.waiting` lists what a later run will collect.
    """
    check_engine(engine)
    started = time.perf_counter()
    report = DeferredReport(discount=BATCH_API_DISCOUNT)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    articles = _load_all(inputs, report)
    names = _assign_names(articles)
    if on_start:
        on_start(len(articles))
    run = _Collector(
        engine=engine,
        client=engine.async_client.with_options(max_retries=CONTROL_RETRIES),
        out=out,
        state=wire.State.load(out),
        report=report,
        force=force,
        limits=limits or wire.BatchLimits(),
        on_event=on_event,
        on_progress=on_progress,
    )
    # Once: this run's load failures, or no file at all (an earlier run's list is stale now).
    await run.save_failures()
    to_send = run.plan(articles, names)
    await run.resume_uncreated()
    await run.submit(to_send)
    while True:
        for submission, batch in await run.poll(include_fresh=wait):
            await run.collect(submission, batch, resubmit)
        if run.again:
            again, run.again = run.again, []
            await run.submit(again)
        # Only batches holding a request of this run's articles are waited for; another input's batch is
        # collected when a poll finds it ended, but is no reason to wait.
        if not wait or not any(s.batch is not None and s.requests.keys() & run.wanted for s in run.state.submissions):
            break
        await asyncio.sleep(poll_interval)
    report.waiting = {s.batch or s.file: len(s.requests) for s in run.state.submissions}
    report.seconds = time.perf_counter() - started
    return report
