"""Summarise a folder of articles: concurrent, resumable, one failure never sinks the batch.

A brief is written once, atomically, as OUT/<article id>.json. It records the
article's sha256, the prompt version and the model, which together are the
resume key: a re-run skips every article whose brief already carries the same
key, so an unchanged folder costs no model call, and a batch killed at any
moment leaves only complete briefs behind.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from summarizer.backends import Engine
from summarizer.errors import LoadError, SummarizeError
from summarizer.extract.pipeline import asummarize
from summarizer.extract.prompts import prompt_version
from summarizer.io.loaders import discover, load_file
from summarizer.io.store import brief_filename, is_current, write_atomic
from summarizer.models import Article

FAILURES_FILE = "failures.jsonl"


@dataclass(frozen=True)
class Failure:
    file: str
    stage: str
    error: str

    def to_json(self) -> str:
        return json.dumps({"file": self.file, "stage": self.stage, "error": self.error}, ensure_ascii=False)


@dataclass
class BatchReport:
    done: list[Path] = field(default_factory=list)
    skipped: list[Path] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    prompt_tokens: int = 0
    completion_tokens: int = 0
    seconds: float = 0.0
    seconds_by_article: dict[str, float] = field(default_factory=dict)

    @property
    def briefs(self) -> list[Path]:
        return sorted(self.done + self.skipped)

    @property
    def ok(self) -> bool:
        return not self.failures


def _load_all(files: Iterable[Path], report: BatchReport) -> list[Article]:
    articles: list[Article] = []
    for file in files:
        try:
            articles.extend(load_file(file))
        except LoadError as error:
            report.failures.append(Failure(str(file), "load", error.reason))
    return articles


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


ProgressCallback = Callable[[str, Path | None], None]


async def run_batch(
    inputs: Iterable[Path],
    out_dir: Path,
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
    out_dir.mkdir(parents=True, exist_ok=True)
    articles = _load_all(discover(inputs), report)
    names = _assign_names(articles)
    version = prompt_version()
    if on_start:
        on_start(len(articles))
    limit = asyncio.Semaphore(max(1, concurrency or engine.concurrency))
    failures_path = out_dir / FAILURES_FILE

    def record_failure(failure: Failure) -> None:
        report.failures.append(failure)
        write_atomic(failures_path, "".join(f.to_json() + "\n" for f in report.failures))

    for failure in list(report.failures):
        report.failures.remove(failure)
        record_failure(failure)

    async def one(index: int, article: Article) -> None:
        target = out_dir / names[index]
        if not force and is_current(target, article, engine.model, version):
            report.skipped.append(target)
            if on_progress:
                on_progress("skipped", target)
            return
        async with limit:
            try:
                brief = await asummarize(article, engine=engine)
            except SummarizeError as error:
                record_failure(Failure(article.path or article.id, "summarize", str(error)))
                if on_progress:
                    on_progress("failed", None)
                return
            except Exception as error:  # a bug on one article must not sink the batch
                record_failure(Failure(article.path or article.id, "summarize", f"{type(error).__name__}: {error}"))
                if on_progress:
                    on_progress("failed", None)
                return
        # In a worker thread: the fsync would otherwise stall every other article's network I/O.
        text = json.dumps(brief.model_dump(mode="json"), ensure_ascii=False, indent=2) + "\n"
        await asyncio.to_thread(write_atomic, target, text)
        report.done.append(target)
        report.prompt_tokens += brief.usage.prompt_tokens
        report.completion_tokens += brief.usage.completion_tokens
        report.seconds_by_article[article.id] = brief.usage.seconds
        if on_progress:
            on_progress("done", target)

    await asyncio.gather(*(one(index, article) for index, article in enumerate(articles)))
    if not report.failures:
        failures_path.unlink(missing_ok=True)
    report.seconds = time.perf_counter() - started
    return report
