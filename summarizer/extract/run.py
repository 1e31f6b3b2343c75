"""One article being summarised: its sentences, cues and quotations, the questions asked about it,
and the brief its answers make.

The passes say what is asked (template, answer model, budget) and when; `ArticleRun` keeps what came
back, grounds it, and merges it into a `Brief`. The order of the questions is `extract.pipeline`'s.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import openai
from instructor.core.exceptions import IncompleteOutputException, InstructorRetryException
from instructor.processing.function_calls import response_schema
from pydantic import BaseModel, ValidationError

from summarizer.backends import Engine, pricing
from summarizer.backends.retry import UsageMeter, is_transient
from summarizer.errors import SummarizeError, UngroundedBriefError
from summarizer.extract import answers, ground
from summarizer.extract.calibration import calibrated
from summarizer.extract.prompts import prefix, prompt_version, task
from summarizer.extract.state import GroundingState, Outcome, grounding_state
from summarizer.models import Article, Brief, DroppedItem, GroundingReport, Usage, article_info
from summarizer.text.attribution import named_sources
from summarizer.text.cues import cue_sentences
from summarizer.text.decisions import Reading, read_decisions
from summarizer.text.quotations import QuoteCandidate, find_quotations, quote_context
from summarizer.text.sentences import Sentence, split_sentences


@dataclass(frozen=True)
class Pass:
    """One question asked of the model about the article: its template, answer model and budget."""

    name: str
    template: str
    response_model: type[BaseModel]
    max_tokens: int
    essential: bool = False
    # At most this many re-asks, whatever the engine allows; None: the engine's.
    max_reasks: int | None = None

    def __post_init__(self) -> None:
        # Instructor wraps a plain model into a new class on every call, which defeats its schema
        # cache (a few ms a request); wrapping once here keeps the tool name and skips that work.
        object.__setattr__(self, "response_model", response_schema(self.response_model))

    def wanted(self, run: ArticleRun) -> bool:
        """Whether the pass is asked at all for this article."""
        return True

    def variables(self, run: ArticleRun) -> dict[str, Any]:
        variables: dict[str, Any] = {"cues": run.cues}
        shown = self.quotations(run)
        variables["quotations"] = [{"number": n, "text": _shorten(c.text), "hint": c.speaker_hint} for n, c in shown]
        return variables

    def quotations(self, run: ArticleRun) -> list[tuple[int, QuoteCandidate]]:
        """The numbered quotations this pass shows the model."""
        return list(enumerate(run.quote_candidates, start=1))

    def model(self, run: ArticleRun) -> type[BaseModel]:
        return self.response_model

    def budget(self, run: ArticleRun) -> int:
        return self.max_tokens

    def reasks(self, allowed: int) -> int:
        """How many times an invalid answer is asked again, of the `allowed` the engine gives."""
        return allowed if self.max_reasks is None else min(allowed, self.max_reasks)


@dataclass(frozen=True)
class SpeakerPass(Pass):
    """Who said the quotations code found and the layout left unattributed: one field per quotation."""

    def wanted(self, run: ArticleRun) -> bool:
        return bool(run.unattributed)

    def quotations(self, run: ArticleRun) -> list[tuple[int, QuoteCandidate]]:
        return run.unattributed

    def variables(self, run: ArticleRun) -> dict[str, Any]:
        shown = [
            {
                "number": n,
                "text": _shorten(c.text),
                "context": quote_context(run.article.text, run.sentences, c.start, c.end, f"[Q{n}]"),
            }
            for n, c in self.quotations(run)
        ]
        return {"quotations": shown}

    def model(self, run: ArticleRun) -> type[BaseModel]:
        return _speakers_model(tuple(f"Q{n}" for n, _ in run.unattributed))

    def budget(self, run: ArticleRun) -> int:
        # About 30 tokens name one speaker; the budget grows with the quotations asked about.
        return self.max_tokens + 30 * len(run.unattributed)


@dataclass(frozen=True)
class PermissionPass(Pass):
    """The permissions the model finds in the sentences that have the words of one but from which
    code read none: asked only where there are such sentences, and only about them."""

    def wanted(self, run: ArticleRun) -> bool:
        return bool(run.unread_cues)

    def variables(self, run: ArticleRun) -> dict[str, Any]:
        return {"sentences": run.unread_cues}


SINGLE = (Pass("brief", "task_brief.j2", answers.BriefDraft, 3000, essential=True),)
# max_tokens bound a pass that loops; they are well above what a correct answer needs.
MULTI = (
    Pass("overview", "task_overview.j2", answers.Overview, 400),
    # One re-ask: on the development set's tuning part a second never made an answer valid (it
    # repeats the prompt's example parties), and what grounds of the last answer is kept anyway.
    PermissionPass("permissions", "task_permissions.j2", answers.Permissions, 300, max_reasks=1),
    SpeakerPass("quotes", "task_speakers.j2", answers.QuoteSpeakers, 100),
)


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
class ArticleRun:
    """The state of summarising one article, shared by the sync and async drivers."""

    article: Article
    engine: Engine
    strict: bool
    sentences: list[Sentence] = field(init=False)
    cues: dict[str, list[int]] = field(init=False)
    readings: list[Reading] = field(init=False)
    # Sentences with the words of a permission that code read no decision from: the model is asked
    # about these.
    unread_cues: list[int] = field(init=False)
    quote_candidates: list[QuoteCandidate] = field(init=False)
    # Numbered quotations whose speaker the layout does not name: the ones the model is asked about.
    unattributed: list[tuple[int, QuoteCandidate]] = field(init=False)
    # The system prompt and the numbered article, the start of every request about this article.
    prefix: list[dict[str, str]] = field(init=False)
    results: dict[str, BaseModel] = field(default_factory=dict)
    failed: list[str] = field(default_factory=list)
    meter: UsageMeter = field(default_factory=UsageMeter)
    started: float = field(default_factory=time.perf_counter)
    # Shared by every grounding state of this article, so the brief reuses what validation grounded.
    grounded: dict[tuple[str, int], Outcome] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.sentences = split_sentences(self.article.text)
        self.cues = cue_sentences(self.sentences)
        self.readings = read_decisions(self.sentences)
        read = {reading.number for reading in self.readings}
        self.unread_cues = [number for number in self.cues.get("authorisation", []) if number not in read]
        self.quote_candidates = find_quotations(self.article.text)
        self.unattributed = [(n, c) for n, c in enumerate(self.quote_candidates, start=1) if not c.speaker_hint]
        self.prefix = prefix(self.article, self.sentences)

    @property
    def passes(self) -> tuple[Pass, ...]:
        if self.engine.passes != "multi":
            return SINGLE
        return tuple(p for p in MULTI if p.wanted(self))

    def state(self, *, lenient: bool) -> GroundingState:
        return GroundingState(
            self.article,
            self.sentences,
            lenient=lenient,
            quote_candidates=self.quote_candidates,
            outcomes=self.grounded,
        )

    def request(self, step: Pass) -> dict[str, Any]:
        return {
            "model": self.engine.model,
            "messages": [*self.prefix, task(step.template, **step.variables(self))],
            "response_model": step.model(self),
            "max_retries": step.reasks(self.engine.max_retries),
            "temperature": self.engine.temperature,
            "max_tokens": step.budget(self),
        }

    @contextmanager
    def filing(self, step: Pass) -> Iterator[Callable[[BaseModel], None]]:
        """Ground the answer to `step` while it is parsed, and file its outcome (or its failure)."""
        with grounding_state(self.state(lenient=False)):
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
                with grounding_state(self.state(lenient=True)):
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
        found = self.results.get("permissions")
        if self.engine.passes == "multi":
            # Quotations are found by code; without the model's answer they still stand, unattributed
            # unless the layout named the speaker.
            merged["quotes"] = answers.quote_drafts(
                speakers[0] if speakers else answers.QuoteSpeakers(), self.quote_candidates
            )
            # Decisions and sources are read off the wording (`text.decisions`, `text.attribution`);
            # the model only adds permissions code could not read (`PermissionPass`, below).
            merged.update(answers.decision_drafts(self.readings))
            spans = [(c.start, c.end) for c in self.quote_candidates]
            merged["sources"] = answers.source_drafts(named_sources(self.article.text, self.sentences, spans))
        for result in self.results.values():
            if not isinstance(result, answers.QuoteSpeakers | answers.Permissions):
                # Field by field, keeping the drafts as the validated objects they already are.
                merged.update(dict(result))
        sections = {name: ground(merged.get(name, []), state)[0] for name, ground in ground.GROUNDERS.items()}
        if self.engine.passes == "multi":
            for name in ("authorisations", "exclusions"):
                # Code's readings carry the confidence their features estimate (`calibration`); the
                # model's finds, added below, get theirs from the check.
                sections[name] = calibrated([item.model_copy(update={"read_by": "code"}) for item in sections[name]])
        # Finds their sentences do not place are kept out, but are no ungrounded output for `strict`.
        unplaced: list[DroppedItem] = []
        if isinstance(found, answers.Permissions):
            finds = ground.ground_authorisations(found.drafts(), state)[0]
            sections["authorisations"] = ground.added(
                sections["authorisations"], finds, unplaced, sections["exclusions"]
            )
        sections["sources"] = ground.complete_sources(sections["sources"], sections["quotes"], state)
        dated, date_problem = ground.ground_event_date(merged.get("event_date"), state)
        if date_problem:
            state.dropped.append(
                DroppedItem(section="event_date", item={"event_date": merged.get("event_date")}, reason=date_problem)
            )
        if self.strict and state.dropped:
            reasons = "; ".join(f"{d.section}: {d.reason}" for d in state.dropped)
            raise UngroundedBriefError(f"{self.article.id}: ungrounded model output after re-asks: {reasons}")
        state.dropped.extend(unplaced)
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
