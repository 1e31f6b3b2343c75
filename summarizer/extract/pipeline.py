"""summarize / asummarize: article in, grounded Brief out.

One pipeline for every model. `passes="single"` asks for the whole brief at
once (right for a large hosted model); `passes="multi"` asks five narrow
questions over the same numbered article (right for a small local model, which
answers a narrow question far better and reuses the article's KV cache).
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import openai
from instructor.core.exceptions import IncompleteOutputException, InstructorRetryException
from instructor.processing.function_calls import response_schema
from pydantic import BaseModel, ValidationError

from summarizer.backends import Engine, build_engine
from summarizer.backends.retry import UsageMeter, is_transient, metering
from summarizer.config import Settings
from summarizer.errors import SummarizeError, UngroundedBriefError
from summarizer.extract import answers, ground
from summarizer.extract.prompts import cue_sentences, messages, prompt_version
from summarizer.models import Article, Brief, DroppedItem, GroundingReport, Usage, article_info
from summarizer.text.quotations import QuoteCandidate, find_quotations
from summarizer.text.sentences import Sentence, split_sentences


@dataclass(frozen=True)
class Pass:
    name: str
    template: str
    response_model: type[BaseModel]
    max_tokens: int
    cue: str | None = None
    essential: bool = False

    def __post_init__(self) -> None:
        # Instructor wraps a plain model into a new class on every call, which defeats its schema
        # cache (3 ms a request); wrapping once here keeps the tool name and skips that work.
        object.__setattr__(self, "response_model", response_schema(self.response_model))


SINGLE = (Pass("brief", "task_brief.j2", answers.BriefDraft, 3000, essential=True),)
# max_tokens bound a pass that loops; they are well above what a correct answer needs.
MULTI = (
    Pass("overview", "task_overview.j2", answers.Overview, 400),
    Pass("authorisations", "task_authorisations.j2", answers.Authorisations, 700, cue="authorisation"),
    Pass("exclusions", "task_exclusions.j2", answers.Exclusions, 400, cue="exclusion"),
    Pass("sources", "task_sources.j2", answers.Sources, 700, cue="source"),
    Pass("quotes", "task_quote_speakers.j2", answers.QuoteSpeakers, 100),
)

ArticleInput = Article | str | Path


def to_article(value: ArticleInput) -> Article:
    if isinstance(value, Article):
        article = value
    elif isinstance(value, Path):
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
        # A pass with nothing to look at is skipped: no quotation found means no speakers to name,
        # and no sentence with a permission or prohibition word means no authorisation or exclusion.
        return tuple(
            p for p in MULTI if (p.name != "quotes" or self.unattributed) and (p.cue is None or self.cues[p.cue])
        )

    def state(self, *, lenient: bool) -> ground.GroundingState:
        return ground.GroundingState(
            self.article, self.sentences, lenient=lenient, quote_candidates=self.quote_candidates
        )

    def request(self, step: Pass) -> dict[str, Any]:
        variables: dict[str, Any] = {"candidates": self.cues[step.cue]} if step.cue else {"cues": self.cues}
        shown = self.unattributed if step.name == "quotes" else enumerate(self.quote_candidates, start=1)
        variables["quotations"] = [{"number": n, "text": _shorten(c.text), "hint": c.speaker_hint} for n, c in shown]
        return {
            "model": self.engine.model,
            "messages": messages(self.article, self.sentences, step.template, **variables),
            "response_model": self.response_model(step),
            "max_retries": self.engine.max_retries,
            "temperature": self.engine.temperature,
            "max_tokens": self.max_tokens(step),
        }

    def response_model(self, step: Pass) -> type[BaseModel]:
        if step.name != "quotes":
            return step.response_model
        return _speakers_model(tuple(f"Q{n}" for n, _ in self.unattributed))

    def max_tokens(self, step: Pass) -> int:
        # About 30 tokens name one speaker; the budget grows with the quotations asked about.
        return step.max_tokens + 30 * len(self.unattributed) if step.name == "quotes" else step.max_tokens

    def call(self, step: Pass, invoke: Callable[[], Any]) -> None:
        """Run `invoke` (which returns the parsed model) and file the outcome of this pass."""
        with ground.grounding_state(self.state(lenient=False)):
            try:
                self.results[step.name] = invoke()
            except InstructorRetryException as error:
                self._salvage(step, error)
            except IncompleteOutputException as error:
                self._give_up(step, f"the answer ran past {self.max_tokens(step)} tokens", error)

    async def acall(self, step: Pass, invoke: Callable[[], Any]) -> None:
        with ground.grounding_state(self.state(lenient=False)):
            try:
                self.results[step.name] = await invoke()
            except InstructorRetryException as error:
                self._salvage(step, error)
            except IncompleteOutputException as error:
                self._give_up(step, f"the answer ran past {self.max_tokens(step)} tokens", error)

    def _salvage(self, step: Pass, error: InstructorRetryException) -> None:
        """After the re-ask budget: keep what grounds from the last answer, or give up on this pass."""
        cause = error.__cause__
        if not error.failed_attempts or isinstance(cause, openai.APIError):
            raise SummarizeError(f"model request failed: {_describe(cause or error)}") from error
        text = completion_json(error.last_completion)
        if text is not None:
            try:
                with ground.grounding_state(self.state(lenient=True)):
                    self.results[step.name] = self.response_model(step).model_validate_json(text)
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
        if self.engine.passes == "multi" and "quotes" not in self.results:
            # Quotations are found by code; without the model's answer they still stand, unattributed
            # unless the layout named the speaker.
            self.results["quotes"] = answers.QuoteSpeakers()
        for result in self.results.values():
            if isinstance(result, answers.QuoteSpeakers):
                merged["quotes"] = answers.quote_drafts(result, self.quote_candidates)
            else:
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
            usage=Usage(
                model=self.engine.model,
                backend=self.engine.backend,
                requests=self.meter.requests,
                attempts=self.meter.completions,
                prompt_tokens=self.meter.prompt_tokens,
                completion_tokens=self.meter.completion_tokens,
                cached_prompt_tokens=self.meter.cached_prompt_tokens,
                seconds=round(time.perf_counter() - self.started, 3),
            ),
            **sections,
        )


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


def summarize(
    article: ArticleInput, *, engine: Engine | None = None, settings: Settings | None = None, strict: bool = False
) -> Brief:
    """Summarise one article into a grounded Brief (blocking)."""
    run = _Run(to_article(article), _engine(engine, settings), strict)
    with metering(run.meter):
        for step in run.passes:
            request = run.request(step)
            run.call(step, lambda request=request: run.engine.create(**request))  # type: ignore[misc]
    return run.brief()


async def asummarize(
    article: ArticleInput, *, engine: Engine | None = None, settings: Settings | None = None, strict: bool = False
) -> Brief:
    """Summarise one article into a grounded Brief (asyncio)."""
    run = _Run(to_article(article), _engine(engine, settings), strict)
    with metering(run.meter):
        for step in run.passes:
            request = run.request(step)
            await run.acall(step, lambda request=request: run.engine.acreate(**request))  # type: ignore[misc]
    return run.brief()


def brief_to_json(brief: Brief) -> str:
    return json.dumps(brief.model_dump(mode="json"), ensure_ascii=False, indent=2)
