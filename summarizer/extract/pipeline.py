"""summarize / asummarize: article in, grounded Brief out.

One pipeline for every model. `passes="single"` asks for the whole brief at
once (right for a large hosted model); `passes="multi"` asks five narrow
questions over the same numbered article (right for a small local model, which
answers a narrow question far better and reuses the article's KV cache).
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
import time
from collections.abc import Awaitable, Callable, Generator, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache, partial
from os import PathLike
from typing import Any

import openai
from instructor.core.exceptions import IncompleteOutputException, InstructorRetryException
from instructor.processing.function_calls import response_schema
from pydantic import BaseModel, ValidationError

from summarizer.backends import Engine, build_engine, pricing
from summarizer.backends.retry import UsageMeter, is_transient, metering
from summarizer.config import Settings
from summarizer.errors import SummarizeError, UngroundedBriefError
from summarizer.extract import answers, ground, verify
from summarizer.extract.prompts import messages, prompt_version
from summarizer.models import Article, Brief, DroppedItem, GroundingReport, Usage, article_info
from summarizer.text.cues import cue_sentences
from summarizer.text.quotations import QuoteCandidate, find_quotations, quote_context
from summarizer.text.sentences import Sentence, split_sentences

_log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Pass:
    """One question asked of the model about the article: its template, answer model and budget."""

    name: str
    template: str
    response_model: type[BaseModel]
    max_tokens: int
    cue: str | None = None
    essential: bool = False

    def __post_init__(self) -> None:
        # Instructor wraps a plain model into a new class on every call, which defeats its schema
        # cache (a few ms a request); wrapping once here keeps the tool name and skips that work.
        object.__setattr__(self, "response_model", response_schema(self.response_model))

    def wanted(self, run: _Run) -> bool:
        # No sentence with a permission or prohibition word: no authorisation or exclusion to ask about.
        return self.cue is None or bool(run.cues[self.cue])

    def variables(self, run: _Run) -> dict[str, Any]:
        variables: dict[str, Any] = {"candidates": run.cues[self.cue]} if self.cue else {"cues": run.cues}
        shown = self.quotations(run)
        variables["quotations"] = [{"number": n, "text": _shorten(c.text), "hint": c.speaker_hint} for n, c in shown]
        return variables

    def quotations(self, run: _Run) -> list[tuple[int, QuoteCandidate]]:
        """The numbered quotations this pass shows the model."""
        return list(enumerate(run.quote_candidates, start=1))

    def model(self, run: _Run) -> type[BaseModel]:
        return self.response_model

    def budget(self, run: _Run) -> int:
        return self.max_tokens


@dataclass(frozen=True)
class SpeakerPass(Pass):
    """Who said the quotations code found and the layout left unattributed: one field per quotation."""

    def wanted(self, run: _Run) -> bool:
        return bool(run.unattributed)

    def quotations(self, run: _Run) -> list[tuple[int, QuoteCandidate]]:
        return run.unattributed

    def variables(self, run: _Run) -> dict[str, Any]:
        shown = [
            {
                "number": n,
                "text": _shorten(c.text),
                "context": quote_context(run.article.text, run.sentences, c.start, c.end, f"[Q{n}]"),
            }
            for n, c in self.quotations(run)
        ]
        return {"quotations": shown}

    def model(self, run: _Run) -> type[BaseModel]:
        return _speakers_model(tuple(f"Q{n}" for n, _ in run.unattributed))

    def budget(self, run: _Run) -> int:
        # About 30 tokens name one speaker; the budget grows with the quotations asked about.
        return self.max_tokens + 30 * len(run.unattributed)


SINGLE = (Pass("brief", "task_brief.j2", answers.BriefDraft, 3000, essential=True),)
# max_tokens bound a pass that loops; they are well above what a correct answer needs.
MULTI = (
    Pass("overview", "task_overview.j2", answers.Overview, 400),
    Pass("authorisations", "task_authorisations.j2", answers.Authorisations, 700, cue="authorisation"),
    Pass("exclusions", "task_exclusions.j2", answers.Exclusions, 400, cue="exclusion"),
    Pass("sources", "task_sources.j2", answers.Sources, 700, cue="source"),
    SpeakerPass("quotes", "task_speakers.j2", answers.QuoteSpeakers, 100),
)

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


def completion_json(completion: Any) -> str | None:
    """The JSON a completion carries, from a tool call or from the message text (code fences removed)."""
    try:
        message = completion.choices[0].message
    except (AttributeError, IndexError):
        return None
    for call in getattr(message, "tool_calls", None) or []:
        arguments = getattr(getattr(call, "function", None), "arguments", None)
        if arguments:
            return str(arguments)
    content = getattr(message, "content", None)
    if not content:
        return None
    fenced = re.search(r"```(?:json)?\s*(.*?)```", content, re.DOTALL)
    return fenced.group(1) if fenced else str(content)


@dataclass
class _Run:
    """The state of summarising one article, shared by the sync and async drivers."""

    article: Article
    engine: Engine
    strict: bool
    sentences: list[Sentence] = field(init=False)
    cues: dict[str, list[int]] = field(init=False)
    quote_candidates: list[QuoteCandidate] = field(init=False)
    # Numbered quotations whose speaker the layout does not name: the ones the model is asked about.
    unattributed: list[tuple[int, QuoteCandidate]] = field(init=False)
    results: dict[str, BaseModel] = field(default_factory=dict)
    failed: list[str] = field(default_factory=list)
    meter: UsageMeter = field(default_factory=UsageMeter)
    started: float = field(default_factory=time.perf_counter)

    def __post_init__(self) -> None:
        self.sentences = split_sentences(self.article.text)
        self.cues = cue_sentences(self.sentences)
        self.quote_candidates = find_quotations(self.article.text)
        self.unattributed = [(n, c) for n, c in enumerate(self.quote_candidates, start=1) if not c.speaker_hint]

    @property
    def passes(self) -> tuple[Pass, ...]:
        if self.engine.passes != "multi":
            return SINGLE
        return tuple(p for p in MULTI if p.wanted(self))

    def state(self, *, lenient: bool) -> ground.GroundingState:
        return ground.GroundingState(
            self.article, self.sentences, lenient=lenient, quote_candidates=self.quote_candidates
        )

    def request(self, step: Pass) -> dict[str, Any]:
        return {
            "model": self.engine.model,
            "messages": messages(self.article, self.sentences, step.template, **step.variables(self)),
            "response_model": step.model(self),
            "max_retries": self.engine.max_retries,
            "temperature": self.engine.temperature,
            "max_tokens": step.budget(self),
        }

    @contextmanager
    def filing(self, step: Pass) -> Iterator[Callable[[BaseModel], None]]:
        """Ground the answer to `step` while it is parsed, and file its outcome (or its failure)."""
        with ground.grounding_state(self.state(lenient=False)):
            try:
                yield lambda result: self.results.__setitem__(step.name, result)
            except InstructorRetryException as error:
                self._salvage(step, error)
            except IncompleteOutputException as error:
                self._give_up(step, f"the answer ran past {step.budget(self)} tokens", error)

    def _salvage(self, step: Pass, error: InstructorRetryException) -> None:
        """After the re-ask budget: keep what grounds from the last answer, or give up on this pass."""
        cause = error.__cause__
        if not error.failed_attempts or isinstance(cause, openai.APIError):
            raise SummarizeError(f"model request failed: {_describe(cause or error)}") from error
        text = completion_json(error.last_completion)
        if text is not None:
            try:
                with ground.grounding_state(self.state(lenient=True)):
                    self.results[step.name] = step.model(self).model_validate_json(text)
                return
            except ValidationError:
                pass
        self._give_up(step, f"no valid answer after {error.n_attempts} attempts: {_first_line(error)}", error)

    def _give_up(self, step: Pass, reason: str, error: Exception) -> None:
        """A pass without a usable answer: fatal for the overview, else recorded and the brief goes on."""
        if step.essential:
            raise SummarizeError(f"the model gave no usable {step.name}: {reason}") from error
        self.failed.append(step.name)

    def brief(self) -> Brief:
        state = self.state(lenient=True)
        merged: dict[str, Any] = {}
        if "overview" in self.failed:
            # Without the model's overview the article's own title and lead stand in: verbatim, and
            # the failed pass is on record.
            lead = " ".join(s.text for s in self.sentences[1:3]) if len(self.sentences) > 1 else ""
            merged.update(headline=self.article.title or self.sentences[0].text, summary=lead)
        speakers = [r for r in self.results.values() if isinstance(r, answers.QuoteSpeakers)]
        if self.engine.passes == "multi":
            # Quotations are found by code; without the model's answer they still stand, unattributed
            # unless the layout named the speaker.
            merged["quotes"] = answers.quote_drafts(
                speakers[0] if speakers else answers.QuoteSpeakers(), self.quote_candidates
            )
        for result in self.results.values():
            if not isinstance(result, answers.QuoteSpeakers):
                # Field by field, keeping the drafts as the validated objects they already are.
                merged.update(dict(result))
        sections = {name: ground(merged.get(name, []), state)[0] for name, ground in ground.GROUNDERS.items()}
        sections["sources"] = ground.complete_sources(sections["sources"], sections["quotes"], state)
        dated, date_problem = ground.ground_event_date(merged.get("event_date"), state)
        if date_problem:
            state.dropped.append(
                DroppedItem(section="event_date", item={"event_date": merged.get("event_date")}, reason=date_problem)
            )
        if self.strict and state.dropped:
            reasons = "; ".join(f"{d.section}: {d.reason}" for d in state.dropped)
            raise UngroundedBriefError(f"{self.article.id}: ungrounded model output after re-asks: {reasons}")
        return Brief(
            prompt_version=prompt_version(),
            article=article_info(self.article),
            headline=str(merged.get("headline", "")).strip(),
            summary=answers.ended_summary(str(merged.get("summary", ""))),
            event_date=dated[0] if dated else None,
            event_date_evidence=dated[1] if dated else None,
            grounding=GroundingReport(
                verified=sum(len(items) for items in sections.values()),
                dropped=state.dropped,
                failed_passes=self.failed,
            ),
            usage=self.usage(),
            **sections,
        )

    def usage(self) -> Usage:
        usage = Usage(
            model=self.engine.model,
            backend=self.engine.backend,
            requests=self.meter.requests,
            attempts=self.meter.completions,
            prompt_tokens=self.meter.prompt_tokens,
            completion_tokens=self.meter.completion_tokens,
            cached_prompt_tokens=self.meter.cached_prompt_tokens,
            seconds=round(time.perf_counter() - self.started, 3),
        )
        # At list price; the Batch API path prices its briefs again with its discount.
        return usage.model_copy(update={"cost_usd": pricing.usage_cost(usage, self.engine.price)})


@lru_cache(maxsize=256)
def _speakers_model(labels: tuple[str, ...]) -> type[BaseModel]:
    return response_schema(answers.quote_speakers_for(labels))


def _shorten(text: str, limit: int = 150) -> str:
    """Long quotations are shown cut: the model finds the rest in the article, and every token shown
    is read again on each pass."""
    return text if len(text) <= limit else text[: limit - 40] + " [...] " + text[-30:]


def _first_line(error: BaseException) -> str:
    text = str(error).strip().splitlines()
    return text[0][:300] if text else type(error).__name__


def _describe(error: BaseException) -> str:
    if isinstance(error, openai.APIStatusError):
        retried = " after retries" if is_transient(error) else ""
        return f"HTTP {error.status_code} from the model endpoint{retried} ({_first_line(error)})"
    if isinstance(error, openai.APITimeoutError):
        return "the model endpoint timed out after retries"
    if isinstance(error, openai.APIConnectionError):
        return "could not connect to the model endpoint after retries"
    return _first_line(error)


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


def _screen(run: _Run) -> Generator[Judge, Any, None]:
    """Keep as candidates only the cue sentences the model reads as a decision of their kind."""
    for screen in verify.screens(run.article, run.sentences, run.cues):
        try:
            confidence = yield Judge(screen.messages)
        except openai.APIError:
            # A sentence that could not be screened stays a candidate: the check still follows.
            continue
        _log.debug("screen %s %s [%d] %s", run.article.id, screen.kind, screen.number, confidence)
        if confidence is not None and confidence < verify.SCREEN_THRESHOLD:
            run.cues[screen.kind].remove(screen.number)


def _dialogue(run: _Run) -> Generator[Parse | Judge | Compute, Any, Brief]:
    """Everything said with the model about one article, as one generator.

    The sync and async drivers only carry each request to the engine and the reply (or the error)
    back, so the order of the passes, their grounding, the checks and the threshold are written once.
    """
    if run.engine.judge is not None and run.engine.passes == "multi":
        yield from _screen(run)
    for step in run.passes:
        with run.filing(step) as file:
            file((yield Parse(run.request(step))))
    brief: Brief = yield Compute(run.brief)
    if run.engine.judge is None:
        return brief
    for question in verify.questions(run.article, run.sentences, brief.authorisations, brief.exclusions):
        try:
            confidence = yield Judge(question.messages)
        except openai.APIError:
            # A check that could not be asked leaves the item unchecked (confidence None), not dropped.
            continue
        items: list[Any] = brief.authorisations if question.section == "authorisations" else brief.exclusions
        if confidence is not None:
            items[question.index] = items[question.index].model_copy(update={"confidence": round(confidence, 4)})
    kept_a, kept_x, unverified = verify.sort_by_confidence(
        brief.authorisations, brief.exclusions, run.engine.min_confidence
    )
    update = {"authorisations": kept_a, "exclusions": kept_x, "unverified": unverified, "usage": run.usage()}
    return brief.model_copy(update=update)


class _Driver:
    """Steps the dialogue of one run: `pending` is the request to send, `settle` takes what came back."""

    def __init__(self, run: _Run) -> None:
        # The brief's seconds count from its first request: a batch prepares articles ahead of their turn.
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


async def _settled(reply: Awaitable[Any]) -> Callable[[], Any]:
    """An awaited reply as the outcome `_Driver.settle` takes: returns it, or raises its error."""
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
    driver = _Driver(_Run(to_article(article), _engine(engine, settings), strict))
    with metering(driver.run.meter):
        while (pending := driver.pending) is not None:
            driver.settle(lambda: pending.send(driver.run.engine))
    return driver.brief()


async def asummarize(
    article: ArticleInput, *, engine: Engine | None = None, settings: Settings | None = None, strict: bool = False
) -> Brief:
    """Summarise one article into a grounded Brief (asyncio)."""
    return await arun(await aprepare(article, _engine(engine, settings), strict))


async def aprepare(article: ArticleInput, engine: Engine, strict: bool = False) -> _Run:
    """The first half of `asummarize`: the article read, split into sentences, its cues and quotations
    found. The costliest work before the first request, so a worker thread's: other articles' replies
    are not kept waiting, and a batch can prepare articles ahead of their turn."""
    return await asyncio.to_thread(lambda: _Run(to_article(article), engine, strict))


async def arun(run: _Run) -> Brief:
    """The second half of `asummarize`: the dialogue with the model about a prepared article."""
    driver = _Driver(run)
    try:
        with metering(run.meter):
            while (pending := driver.pending) is not None:
                driver.settle(await _settled(pending.asend(run.engine)))
    finally:
        # A cancelled batch leaves the dialogue inside a pass; closed here, in the task's own context,
        # its grounding state is reset where it was set, not later by the garbage collector elsewhere.
        driver.close()
    return driver.brief()


def brief_to_json(brief: Brief) -> str:
    return json.dumps(brief.model_dump(mode="json"), ensure_ascii=False, indent=2)
