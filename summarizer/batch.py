"""Summarise a folder of articles: concurrent, resumable, one failure never sinks the batch.

A brief is written once, atomically, as OUT/<article id>.json. It records the
article's sha256, the prompt version and the model, which together are the
resume key: a re-run skips every article whose brief already carries the same
key, so an unchanged folder costs no model call, and a batch killed at any
moment leaves only complete briefs behind.

What could not become a brief is one line of OUT/failures.jsonl: a folder entry
that cannot be read, a file that cannot be loaded, each bad item or line of a
JSON list or JSON Lines file (whose good ones still get briefs), an article the
model failed on. The file is rewritten whole and atomically (io/store) after
each failure, so it always holds this run's failures so far and a killed run
leaves a complete file; a run without failures removes it.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import gc
import json
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from summarizer.backends import Engine
from summarizer.errors import LoadError, SummarizeError
from summarizer.extract.pipeline import aprepare, arun, brief_to_json
from summarizer.extract.prompts import prompt_version
from summarizer.io.loaders import discover, load_file
from summarizer.io.store import StrPath, brief_filename, is_current, write_atomic
from summarizer.models import Article, Brief

FAILURES_FILE = "failures.jsonl"


@dataclass(frozen=True)
class Failure:
    """One line of failures.jsonl.

    `stage` is "load" or "summarize"; `error` is one line, and for a bad item or line
    of a JSON list or JSON Lines file it starts with "item 2: " or "line 3: ".
    `article` is the id of an article that was loaded (several may share a file).
    """

    file: str
    stage: str
    error: str
    article: str | None = None

    @classmethod
    def load(cls, error: LoadError) -> Failure:
        return cls(str(error.path), "load", error.reason)

    def to_json(self) -> str:
        record = {"file": self.file, "stage": self.stage, "error": self.error}
        if self.article is not None:
            record["article"] = self.article
        return json.dumps(record, ensure_ascii=False)


@dataclass
class BatchReport:
    done: list[Path] = field(default_factory=list)
    skipped: list[Path] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cached_prompt_tokens: int = 0
    # Dollars of this run's briefs; None while no brief of the run has a price (unknown model, local).
    cost_usd: float | None = None
    # The price factor the run was billed at, to show it: 0.5 through the Batch API (pricing.BATCH_API_DISCOUNT).
    discount: float = 1.0
    seconds: float = 0.0
    seconds_by_article: dict[str, float] = field(default_factory=dict)

    def add(self, article: Article, brief: Brief) -> None:
        """Count a brief written by this run: its tokens, cost and seconds."""
        usage = brief.usage
        self.prompt_tokens += usage.prompt_tokens
        self.completion_tokens += usage.completion_tokens
        self.cached_prompt_tokens += usage.cached_prompt_tokens
        if usage.cost_usd is not None:
            self.cost_usd = (self.cost_usd or 0.0) + usage.cost_usd
        self.seconds_by_article[article.id] = usage.seconds

    @property
    def briefs(self) -> list[Path]:
        return sorted(self.done + self.skipped)

    @property
    def ok(self) -> bool:
        return not self.failures


def _load_all(inputs: Iterable[StrPath], report: BatchReport) -> list[Article]:
    """Every article under `inputs`; each unreadable entry, file or record becomes a load failure."""
    problems: list[LoadError] = []
    articles: list[Article] = []
    for file in discover(inputs, problems=problems):
        try:
            articles.extend(load_file(file, problems=problems))
        except LoadError as error:
            problems.append(error)
    report.failures.extend(Failure.load(problem) for problem in problems)
    return articles


def _write_failures(path: Path, failures: list[Failure]) -> None:
    if failures:
        write_atomic(path, "".join(failure.to_json() + "\n" for failure in failures))
    else:
        path.unlink(missing_ok=True)


def _assign_names(articles: list[Article]) -> dict[int, str]:
    """File names per article; two inputs with the same id get the content hash to keep them apart."""
    names: dict[int, str] = {}
    used: set[str] = set()
    for index, article in enumerate(articles):
        name = brief_filename(article.id)
        if name in used:
            name = brief_filename(f"{article.id}-{article.sha256[:10]}")
        used.add(name)
        names[index] = name
    return names


def _write_brief(target: Path, brief: Brief) -> None:
    # Atomic but not fsynced. The temp file and the rename are what keep a brief whole for a reader
    # and for a run killed at any moment; an fsync adds only durability through a power cut or an OS
    # crash, and was the costliest step of writing a brief (block allocation, a journal commit and a
    # disk cache flush per file, in this process). After such a crash a brief written just before it
    # may be left empty or cut short, never passed off as whole: the next run validates each brief
    # before it skips its article (`is_current`), so that brief is summarised again, and every reader
    # skips a brief that does not parse. A brief is reproducible; failures.jsonl keeps its fsync.
    write_atomic(target, brief_to_json(brief) + "\n", fsync=False)


ProgressCallback = Callable[[str, Path | None], None]


async def run_batch(
    inputs: Iterable[StrPath],
    out_dir: StrPath,
    *,
    engine: Engine,
    concurrency: int | None = None,
    force: bool = False,
    on_start: Callable[[int], None] | None = None,
    on_progress: ProgressCallback | None = None,
) -> BatchReport:
    """Summarise every article under `inputs` into `out_dir`; returns what happened to each."""
    started = time.perf_counter()
    report = BatchReport()
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    articles = _load_all(inputs, report)
    names = _assign_names(articles)
    version = prompt_version()
    if on_start:
        on_start(len(articles))
    requests = max(1, concurrency or engine.concurrency)
    # An endpoint's bound is on requests in flight, kept by its limiter: the moment one answer is in,
    # another article's request takes its place, while the first is still being validated. The
    # embedded model takes one article at a time, whole, so that its requests reuse the cached
    # article.
    limiter = engine.limiter
    limit: contextlib.AbstractAsyncContextManager[Any] = (
        asyncio.Semaphore(requests) if limiter is None else contextlib.nullcontext()
    )
    # Articles are read and split into sentences up to one round ahead of their turn, so that work
    # does not hold up a request's place; an article counts against this until its brief is written.
    ahead = asyncio.Semaphore(2 * requests)
    failures_path = out_dir / FAILURES_FILE
    failures_lock = asyncio.Lock()
    # Files are written by one thread, off the event loop (creating and renaming a file can wait on
    # the disk's journal). One, not several: threads creating files in the same folder at once
    # contend for it in the kernel, which cost about three times the CPU per brief.
    writer = concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="summarizer-writer")
    loop = asyncio.get_running_loop()

    async def save_failures() -> None:
        # The lock keeps an older list from replacing a newer one.
        async with failures_lock:
            await loop.run_in_executor(writer, _write_failures, failures_path, list(report.failures))

    async def record_failure(failure: Failure) -> None:
        report.failures.append(failure)
        await save_failures()

    async def one(index: int, article: Article) -> None:
        target = out_dir / names[index]
        if not force and is_current(target, article, engine.model, version):
            report.skipped.append(target)
            if on_progress:
                on_progress("skipped", target)
            return
        async with ahead:
            try:
                run = await aprepare(article, engine)
                async with limit:
                    brief = await arun(run)
            except Exception as error:  # a bug on one article must not sink the batch either
                reason = str(error) if isinstance(error, SummarizeError) else f"{type(error).__name__}: {error}"
                reason = " ".join(reason.split())  # one line, whatever the exception said
                await record_failure(Failure(article.path or article.id, "summarize", reason, article=article.id))
                if on_progress:
                    on_progress("failed", None)
                return
            # Inside `ahead`: an answer not yet written counts against it, so an interrupted run
            # loses at most that many answers.
            await loop.run_in_executor(writer, _write_brief, target, brief)
        report.done.append(target)
        report.add(article, brief)
        if on_progress:
            on_progress("done", target)

    # What is alive by now (modules, clients, the loaded articles) lives through the whole run. The
    # collector's full passes, set off by the garbage each brief leaves, would walk all of it again
    # and again; frozen, it is left out of them until the run ends.
    gc.freeze()
    try:
        # Once: this run's load failures, or no file at all (an earlier run's list is stale now).
        await save_failures()
        with limiter.capped(requests) if limiter else contextlib.nullcontext():
            await asyncio.gather(*(one(index, article) for index, article in enumerate(articles)))
    finally:
        gc.unfreeze()
        # The writes already handed over finish, whole, before the batch returns or is interrupted.
        writer.shutdown(wait=True)
    report.seconds = time.perf_counter() - started
    return report
