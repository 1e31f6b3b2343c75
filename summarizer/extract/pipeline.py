"""summarize / asummarize: article in, grounded Brief out.

One pipeline for every model. `passes="single"` asks for the whole brief at
once (right for a large hosted model); `passes="multi"` asks narrow questions
over the same numbered article (right for a small local model, which answers a
narrow question far better and reuses the article's KV cache): an overview and
the speakers code could not name, while code reads the decisions and the sources
off their sentences (`text.decisions`, `text.attribution`). Then one check per
decision.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Generator
from dataclasses import dataclass
from functools import partial
from os import PathLike
from typing import Any

import openai

from summarizer.backends import Engine, build_engine
from summarizer.backends.retry import metering
from summarizer.config import DEFAULT_MIN_CONFIDENCE, Settings
from summarizer.errors import SummarizeError
from summarizer.extract import verify
from summarizer.extract.run import ArticleRun
from summarizer.models import Article, Brief

ArticleInput = Article | str | PathLike[str]


def to_article(value: ArticleInput) -> Article:
    if isinstance(value, Article):
        article = value
    elif isinstance(value, PathLike):  # a str is the article text itself
        from summarizer.io.loaders import load_file

        loaded = load_file(value)
        if len(loaded) != 1:
            raise SummarizeError(f"{value}: holds {len(loaded)} articles; summarise them one by one or use batch")
        article = loaded[0]
    else:
        article = Article(text=value)
    if not article.text.strip():
        raise SummarizeError(f"{article.path or article.id or 'article'}: no article text")
    if not article.id:
        article = article.model_copy(update={"id": article.sha256[:12]})
    return article


def _engine(engine: Engine | None, settings: Settings | None) -> Engine:
    return engine if engine is not None else build_engine(settings)


@dataclass(frozen=True)
class Parse:
    """Ask for a pass's answer, parsed and grounded by instructor (keyword arguments of `create`)."""

    request: dict[str, Any]

    def send(self, engine: Engine) -> Any:
        return engine.create(**self.request)

    def asend(self, engine: Engine) -> Awaitable[Any]:
        return engine.acreate(**self.request)


@dataclass(frozen=True)
class Compute:
    """Work that needs no model: the async driver runs it in a worker thread, off the event loop, so
    briefs that finish together do not hold up each other's requests."""

    work: Callable[[], Any]

    def send(self, engine: Engine) -> Any:
        return self.work()

    def asend(self, engine: Engine) -> Awaitable[Any]:
        return asyncio.to_thread(self.work)


@dataclass(frozen=True)
class Judge:
    """Ask a yes/no question; the reply is the probability of yes."""

    messages: list[dict[str, str]]

    def send(self, engine: Engine) -> float | None:
        assert engine.judge is not None
        return engine.judge(self.messages)

    def asend(self, engine: Engine) -> Awaitable[float | None]:
        assert engine.ajudge is not None
        return engine.ajudge(self.messages)


def _dialogue(run: ArticleRun) -> Generator[Parse | Judge | Compute, Any, Brief]:
    """Everything said with the model about one article, as one generator.

    The sync and async drivers only carry each request to the engine and the reply (or the error)
    back, so the order of the passes, their grounding, the checks and the threshold are written once.
    """
    for step in run.passes:
        with run.filing(step) as file:
            file((yield Parse(run.request(step))))
    brief: Brief = yield Compute(run.brief)
    asked = (
        []
        if run.engine.judge is None
        else verify.questions(run.prefix, run.sentences, brief.authorisations, brief.exclusions)
    )
    for question in asked:
        try:
            confidence = yield Judge(question.messages)
        except openai.APIError:
            # A check that could not be asked leaves the item unchecked (confidence None), not dropped.
            continue
        items: list[Any] = brief.authorisations if question.section == "authorisations" else brief.exclusions
        if confidence is not None:
            items[question.index] = items[question.index].model_copy(update={"confidence": round(confidence, 4)})
    estimated = any(a.confidence is not None for a in brief.authorisations) or any(
        x.confidence is not None for x in brief.exclusions
    )
    if run.engine.judge is None and not estimated:
        # Checks off and nothing estimated (single pass): no confidence, nothing set aside.
        return brief
    chosen = run.engine.min_confidence
    threshold = DEFAULT_MIN_CONFIDENCE[run.engine.passes] if chosen is None else chosen
    kept_a, kept_x, unverified = verify.sort_by_confidence(brief.authorisations, brief.exclusions, threshold)
    update = {"authorisations": kept_a, "exclusions": kept_x, "unverified": unverified, "usage": run.usage()}
    return brief.model_copy(update=update)


class Driver:
    """Steps the dialogue of one run: `pending` is the request to send, `settle` takes what came back."""

    def __init__(self, run: ArticleRun) -> None:
        # The brief's seconds count from its dialogue's start, not from its preparation, which a batch does
        # ahead of the article's turn; against an endpoint they include the wait for a request's place.
        run.started = time.perf_counter()
        self.run = run
        self._dialogue = _dialogue(run)
        self.result: Brief | None = None
        self.pending: Parse | Judge | Compute | None = None
        self._step(lambda: self._dialogue.send(None))

    def _step(self, advance: Callable[[], Parse | Judge | Compute]) -> None:
        try:
            self.pending = advance()
        except StopIteration as done:
            self.pending, self.result = None, done.value

    def settle(self, outcome: Callable[[], Any]) -> None:
        """Hand the dialogue the reply `outcome` returns, or the error it raises."""
        advance: Callable[[], Parse | Judge | Compute]
        try:
            value = outcome()
        except Exception as error:
            advance = partial(self._dialogue.throw, error)
        else:
            advance = partial(self._dialogue.send, value)
        self._step(advance)

    def close(self) -> None:
        self._dialogue.close()

    def brief(self) -> Brief:
        assert self.result is not None, "the dialogue has not finished"
        return self.result


async def settled(reply: Awaitable[Any]) -> Callable[[], Any]:
    """An awaited reply as the outcome `Driver.settle` takes: returns it, or raises its error."""
    try:
        value = await reply
    except Exception as error:
        failure = error

        def fail() -> Any:
            raise failure

        return fail
    return lambda: value


def summarize(
    article: ArticleInput, *, engine: Engine | None = None, settings: Settings | None = None, strict: bool = False
) -> Brief:
    """Summarise one article into a grounded Brief (blocking)."""
    driver = Driver(ArticleRun(to_article(article), _engine(engine, settings), strict))
    with metering(driver.run.meter):
        while (pending := driver.pending) is not None:
            driver.settle(lambda: pending.send(driver.run.engine))
    return driver.brief()


async def asummarize(
    article: ArticleInput, *, engine: Engine | None = None, settings: Settings | None = None, strict: bool = False
) -> Brief:
    """Summarise one article into a grounded Brief (asyncio)."""
    return await arun(await aprepare(article, _engine(engine, settings), strict))


async def aprepare(article: ArticleInput, engine: Engine, strict: bool = False) -> ArticleRun:
    """The first half of `asummarize`: the article read, split into sentences, its cues and quotations
    found. The costliest work before the first request, so a worker thread's: other articles' replies
    are not kept waiting, and a batch can prepare articles ahead of their turn."""
    return await asyncio.to_thread(lambda: ArticleRun(to_article(article), engine, strict))


async def arun(run: ArticleRun) -> Brief:
    """The second half of `asummarize`: the dialogue with the model about a prepared article."""
    driver = Driver(run)
    try:
        with metering(run.meter):
            while (pending := driver.pending) is not None:
                driver.settle(await settled(pending.asend(run.engine)))
    finally:
        # A cancelled batch leaves the dialogue inside a pass; closed here, in the task's own context,
        # its grounding state is reset where it was set, not later by the garbage collector elsewhere.
        driver.close()
    return driver.brief()


def brief_to_json(brief: Brief) -> str:
    # pydantic's encoder, several times faster than json's indented one (pure Python); the same JSON,
    # though a float may be spelt differently (0.00001 for 1e-05).
    return brief.model_dump_json(indent=2)
