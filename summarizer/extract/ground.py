"""Grounding: each drafted item becomes a Brief item whose every span is located in the article.

Names the model gives (the excluded weapon, the source, the speaker) must occur in the article;
quotes must be found word for word; cited sentence numbers must exist. Pure given the state.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable
from contextlib import AbstractContextManager
from contextvars import ContextVar
from dataclasses import dataclass, field, replace
from typing import Any, TypeVar

from pydantic import BaseModel

from summarizer.extract.drafts import DraftAuthorisation, DraftExclusion, DraftQuote, DraftSource
from summarizer.models import (
    Article,
    Authorisation,
    DroppedItem,
    Evidence,
    Exclusion,
    Quote,
    Source,
    SourceKind,
)
from summarizer.scoped import scoped
from summarizer.text import matching as grounding
from summarizer.text.attribution import reported_granter, unnamed_sources
from summarizer.text.quotations import QuoteCandidate
from summarizer.text.sentences import Sentence

_ANONYMOUS = re.compile(r"\b(unnamed|anonymous|unidentified|not (be )?named|familiar with)\b", re.IGNORECASE)


@dataclass
class GroundingState:
    """Everything validators need to check an answer against its article."""

    article: Article
    sentences: list[Sentence]
    lenient: bool = False
    dropped: list[DroppedItem] = field(default_factory=list)
    quote_candidates: list[QuoteCandidate] = field(default_factory=list)
    # Sections already grounded, by section and the identity of their drafts; the states of one
    # article share it (`_remembered`).
    outcomes: dict[tuple[str, int], Outcome] = field(default_factory=dict)

    @property
    def metadata_years(self) -> list[int]:
        return [self.article.published.year] if self.article.published else []


# Instructor renders messages as Jinja templates when given a validation context, which
# would execute template syntax found in an article; the state travels in a ContextVar instead.
_state: ContextVar[GroundingState | None] = ContextVar("grounding_state", default=None)


def grounding_state(state: GroundingState) -> AbstractContextManager[GroundingState]:
    return scoped(_state, state)


class UngroundedError(ValueError):
    """Raised inside validation so instructor re-asks with this message."""


# ---------------------------------------------------------------------------
# Grounding each section (pure given the state; `dropped` is filled only when lenient)
# ---------------------------------------------------------------------------


class _Item:
    """Collects the evidence and problems of one item while it is grounded."""

    def __init__(self, section: str, index: int, sentence_numbers: list[int], state: GroundingState) -> None:
        self.section = section
        self.index = index
        self.state = state
        self.problems: list[str] = []
        # Only problems with an item's substance are sent back to the model; a detail that does not
        # ground (an optional name, a wrong sentence number) is cleared and recorded, since a re-ask
        # costs a small model a whole new answer.
        self.blocking: list[str] = []
        self.fatal = False
        missing = grounding.unknown_sentences(state.sentences, sentence_numbers)
        if missing:
            self.problem(
                f"sentence {missing[0]} does not exist; cite numbers between 1 and {len(state.sentences)}",
                fatal=False,
            )
        self.evidence = grounding.sentence_evidence(state.sentences, sentence_numbers)

    def problem(self, message: str, *, fatal: bool) -> None:
        self.problems.append(f"{self.section}[{self.index}]: {message}")
        if fatal:
            self.blocking.append(self.problems[-1])
            self.fatal = True

    def named(self, field_name: str, value: str | None, *, required: bool) -> str | None:
        """Check a name occurs in the article; cite the sentence it is in when the model did not."""
        value = _clean(value)
        if value is None:
            if required:
                self.problem(f"{field_name} is empty", fatal=True)
            return None
        if grounding.is_generic(value):
            self.problem(
                f"{field_name} '{value}' is a category, not a name; use the name the article gives, or remove the item"
                if required
                else f"{field_name} '{value}' is a category, not a name; use the article's name or null",
                fatal=required,
            )
            return None
        cited = [e.text for e in self.evidence]
        if grounding.mentioned_in_any(value, cited):
            return value
        mentions = grounding.sentences_mentioning(value, self.state.sentences)
        if not mentions and (tail := grounding.mentioned_tail(value, self.state.sentences)):
            value, mentions = tail, grounding.sentences_mentioning(tail, self.state.sentences)
            if grounding.mentioned_in_any(value, cited):
                return value
        if not mentions:
            self.problem(
                f"{field_name} '{value}' does not appear in the article; use words the article uses"
                + ("" if required else ", or null"),
                fatal=required,
            )
            return None
        self.evidence = _merge_evidence(self.evidence, grounding.sentence_evidence(mentions, [mentions[0].number]))
        return value

    def require_evidence(self) -> None:
        if not self.evidence and not self.fatal:
            self.problem("cite the numbers of the sentences that state it", fatal=True)

    def finish(self, item: BaseModel) -> bool:
        """Whether the item survives; in lenient mode its problems become dropped records."""
        if self.state.lenient and self.problems:
            for message in self.problems:
                self.state.dropped.append(
                    DroppedItem(section=self.section, item=item.model_dump(), reason=message.split(": ", 1)[1])
                )
        return not self.fatal


def _merge_evidence(first: list[Evidence], second: list[Evidence]) -> list[Evidence]:
    spans = {(e.start, e.end): e for e in [*first, *second]}
    return [spans[key] for key in sorted(spans)]


Draft = TypeVar("Draft", bound=BaseModel)
Grounded = TypeVar("Grounded", bound=BaseModel)
Grounder = Callable[[list[Draft], GroundingState], tuple[list[Grounded], list[str]]]


@dataclass(frozen=True)
class Outcome:
    """A section grounded once: its drafts (kept, so their identity is never another list's), and
    what came of them."""

    drafts: list[Any]
    items: list[Any]
    problems: list[str]
    dropped: list[DroppedItem]


def _remembered(section: str) -> Callable[[Grounder[Draft, Grounded]], Grounder[Draft, Grounded]]:
    """Ground a list of drafts once per article.

    An answer's sections are grounded when it is validated (to re-ask on a problem) and again when
    its brief is made, from the very same lists of drafts. Grounding is a pure function of those and
    the article, so the second time takes the outcome its article's states share.
    """

    def decorate(ground: Grounder[Draft, Grounded]) -> Grounder[Draft, Grounded]:
        @functools.wraps(ground)
        def remembered(drafts: list[Draft], state: GroundingState) -> tuple[list[Grounded], list[str]]:
            key = (section, id(drafts))
            outcome = state.outcomes.get(key)
            if outcome is None or outcome.drafts is not drafts:
                # Grounded leniently on the side, so the outcome holds the dropped records a lenient
                # state needs whichever kind of state comes first; nothing else depends on leniency.
                aside = replace(state, lenient=True, dropped=[])
                items, problems = ground(drafts, aside)
                outcome = state.outcomes[key] = Outcome(drafts, items, problems, aside.dropped)
            if state.lenient:
                state.dropped.extend(record.model_copy() for record in outcome.dropped)
            return list(outcome.items), list(outcome.problems)

        return remembered

    return decorate


@_remembered("authorisations")
def ground_authorisations(
    drafts: list[DraftAuthorisation], state: GroundingState
) -> tuple[list[Authorisation], list[str]]:
    items: list[Authorisation] = []
    problems: list[str] = []
    for index, draft in enumerate(drafts):
        check = _Item("authorisations", index, draft.sentences, state)
        authorised = check.named("granted_to", draft.granted_to, required=True)
        authoriser = check.named("granted_by", draft.granted_by, required=False)
        if authoriser:
            authoriser = reported_granter(authoriser, [e.text for e in check.evidence]) or authoriser
        instruments = [
            name
            for raw in _unique(draft.instruments)
            if (name := check.named(f"instrument '{raw}'", raw, required=False)) is not None
        ]
        check.require_evidence()
        problems += check.blocking
        if not (check.finish(draft) and authorised):
            continue
        item = Authorisation(
            authoriser=authoriser,
            authorised=authorised,
            action=draft.action.strip(),
            instruments=instruments,
            scope=_clean(draft.scope),
            conditions=_clean(draft.conditions),
            status=draft.status,
            evidence=check.evidence,
        )
        same = next((i for i, known in enumerate(items) if _same_permission(known, item)), None)
        if same is None:
            items.append(item)
        else:
            # One permission, however many sentences repeat it: the first wording, all the evidence.
            known = items[same]
            merged = _merge_evidence(known.evidence, item.evidence)
            items[same] = known.model_copy(
                update={"evidence": merged, "instruments": _unique([*known.instruments, *item.instruments])}
            )
    return items, problems


def _same_permission(a: Authorisation, b: Authorisation) -> bool:
    """Two drafts of one permission: the same receiver, and the same action, giver or sentence."""
    if _key(a.authorised) != _key(b.authorised):
        return False
    same_giver = a.authoriser is not None and b.authoriser is not None and _key(a.authoriser) == _key(b.authoriser)
    return _key(a.action) == _key(b.action) or same_giver or bool(_spans(a.evidence) & _spans(b.evidence))


@_remembered("exclusions")
def ground_exclusions(drafts: list[DraftExclusion], state: GroundingState) -> tuple[list[Exclusion], list[str]]:
    items: list[Exclusion] = []
    problems: list[str] = []
    seen: set[str] = set()
    for index, draft in enumerate(drafts):
        check = _Item("exclusions", index, draft.sentences, state)
        what = check.named("what", draft.what, required=True)
        stated_by = check.named("stated_by", draft.stated_by, required=False)
        check.require_evidence()
        problems += check.blocking
        if check.finish(draft) and what and _key(what) not in seen:
            seen.add(_key(what))
            items.append(
                Exclusion(
                    what=what, applies_to=_limited(draft.applies_to), stated_by=stated_by, evidence=check.evidence
                )
            )
    return items, problems


@_remembered("sources")
def ground_sources(drafts: list[DraftSource], state: GroundingState) -> tuple[list[Source], list[str]]:
    items: list[Source] = []
    problems: list[str] = []
    seen: set[str] = set()
    for index, draft in enumerate(drafts):
        check = _Item("sources", index, draft.sentences, state)
        name = check.named("name", draft.name, required=True)
        check.require_evidence()
        problems += check.blocking
        if check.finish(draft) and name and _key(name) not in seen:
            seen.add(_key(name))
            kind = "anonymous" if _ANONYMOUS.search(name) else draft.kind
            items.append(Source(name=name, kind=kind, evidence=check.evidence))
    return items, problems


def complete_sources(listed: list[Source], quotes: list[Quote], state: GroundingState) -> list[Source]:
    """The grounded sources, the unnamed ones found by wording and everyone quoted; officials linked to outlets.

    An unnamed source the model listed under its own wording gains the sentences code found it in,
    so the outlet that cites it ("The Wall Street Journal … refer to unnamed US officials") is linked
    even when the model pointed only at the sentences that quote it. Everyone the brief quotes is a
    source of the article's statements; asked for sources, a small model leaves out most of them
    (the coaches of a match report, the experts of a feature). Run once on the brief, not on every
    answer checked for a re-ask: it only adds to what grounded.
    """
    sources = list(listed)
    for found in unnamed_sources(state.sentences):
        evidence = grounding.sentence_evidence(state.sentences, [s.number for s in found.sentences])
        spans = _spans(evidence)
        name = _key(found.name)
        covering = next(
            (
                index
                for index, s in enumerate(listed)
                if name in _key(s.name)
                or _key(s.name) in name
                or (s.kind == "anonymous" and spans & _spans(s.evidence))
            ),
            None,
        )
        if covering is None:
            sources.append(Source(name=found.name, kind="anonymous", evidence=evidence))
            continue
        known = sources[covering]
        merged = _merge_evidence(known.evidence, evidence)
        if len(merged) > len(known.evidence):
            sources[covering] = known.model_copy(update={"evidence": merged})
    for quote in quotes:
        speaker = quote.speaker
        if speaker and not any(_same_source(speaker, s.name) for s in sources):
            kind: SourceKind = "anonymous" if _ANONYMOUS.search(speaker) else "other"
            evidence = _quote_evidence(quote, speaker, state)
            # "the anonymous official said" in a sentence already citing "unnamed officials": one source.
            if kind == "anonymous" and any(
                s.kind == "anonymous" and _spans(s.evidence) & _spans(evidence) for s in sources
            ):
                continue
            sources.append(Source(name=speaker, kind=kind, evidence=evidence))
    return _link_outlets(sources)


def _same_source(a: str, b: str) -> bool:
    # "the anonymous US official" and "Anonymous US official"; "Kane" and "Harry Kane".
    return grounding.mentioned_in(a, b) or grounding.mentioned_in(b, a)


def _quote_evidence(quote: Quote, speaker: str, state: GroundingState) -> list[Evidence]:
    """The sentences of a quotation, and a neighbouring one that names its speaker."""
    inside = [s for s in state.sentences if s.start < quote.span.end and quote.span.start < s.end]
    by_number = {s.number: s for s in state.sentences}
    around = [by_number.get(inside[0].number - 1), by_number.get(inside[-1].number + 1)] if inside else []
    naming = [s for s in around if s is not None and grounding.mentioned_in(speaker, s.text)]
    return grounding.sentence_evidence(state.sentences, [s.number for s in [*inside, *naming]])


def _link_outlets(sources: list[Source]) -> list[Source]:
    """Set `via` to the outlet that carries an official or unnamed source in the same sentence.

    "The Wall Street Journal reported, citing unnamed US officials" cites both in one sentence; the
    relation analysts want is which outlet reported which official. Only an outlet (kind media) can
    be a `via`, so two officials quoted in one sentence are not linked to each other.
    """
    outlets = [(s.name, _spans(s.evidence)) for s in sources if s.kind == "media"]
    linked = []
    for source in sources:
        spans = _spans(source.evidence)
        carrier = None if source.kind == "media" else next((n for n, o in outlets if spans & o), None)
        linked.append(source.model_copy(update={"via": carrier}) if carrier else source)
    return linked


def _spans(evidence: list[Evidence]) -> set[tuple[int, int]]:
    return {(e.start, e.end) for e in evidence}


def added(read: list[Authorisation], found: list[Authorisation]) -> list[Authorisation]:
    """Code's readings, then the model's finds that stand on none of their sentences, marked as the
    model's: a sentence code read is one decision, however the model words it again (its names for
    the parties are often not code's, "Washington" for "the United States", and would count as a
    second decision)."""
    taken = [span for item in read for span in _spans(item.evidence)]
    return read + [
        item.model_copy(update={"read_by": "model"})
        for item in found
        if not any(start < end_ and start_ < end for start, end in _spans(item.evidence) for start_, end_ in taken)
    ]


@_remembered("quotes")
def ground_quotes(drafts: list[DraftQuote], state: GroundingState) -> tuple[list[Quote], list[str]]:
    items: list[Quote] = []
    problems: list[str] = []
    seen: set[tuple[int, int]] = set()
    for index, draft in enumerate(drafts):
        check = _Item("quotes", index, [], state)
        span = grounding.locate(draft.text, state.article.text)
        if span is None:
            hint = (
                " (a quote must be one unbroken passage; no '...')" if "..." in draft.text or "…" in draft.text else ""
            )
            check.problem(
                f"text is not in the article word for word{hint}; copy the exact words or remove the quote", fatal=True
            )
        # A small model sometimes names the quotation itself as its speaker.
        parroted = draft.speaker and _key(draft.speaker) in _key(draft.text)
        speaker = None if parroted else check.named("speaker", draft.speaker, required=False)
        problems += check.blocking
        if check.finish(draft) and span is not None and (span.start, span.end) not in seen:
            seen.add((span.start, span.end))
            items.append(Quote(speaker=speaker, speaker_role=_clean(draft.speaker_role), text=span.text, span=span))
    return items, problems


GROUNDERS: dict[str, Any] = {
    "authorisations": ground_authorisations,
    "exclusions": ground_exclusions,
    "sources": ground_sources,
    "quotes": ground_quotes,
}


def ground_event_date(value: str | None, state: GroundingState) -> tuple[tuple[dt.date, Evidence | None] | None, str]:
    """The event date if the article or its metadata states its year, with the sentence that states it."""
    # A grammar-bound model asked for "a date or null" often writes null as a string: that is null.
    if _clean(value) is None:
        return None, ""
    assert value is not None
    try:
        date = dt.date.fromisoformat(value.strip()[:10])
    except ValueError:
        return None, f"event_date '{value}' is not a YYYY-MM-DD date; give one or null"
    if not grounding.year_stated(date.year, state.article.text, state.metadata_years):
        return None, (
            f"event_date {value}: the article never states the year {date.year}; "
            "give null unless the article states the date"
        )
    year = re.compile(rf"(?<!\d){date.year}(?!\d)")
    stating = next((s for s in state.sentences if year.search(s.text)), None)
    evidence = grounding.sentence_evidence(state.sentences, [stating.number])[0] if stating else None
    return (date, evidence), ""


def _unique(values: list[str]) -> list[str]:
    seen: dict[str, str] = {}
    for value in values:
        seen.setdefault(_key(value), value)
    return list(seen.values())


def _key(value: str) -> str:
    return grounding.fold(value)[0].strip()


_NULL_WORDS = frozenset({"null", "none", "n/a", "na", "unknown", "unnamed", "not stated", "-", ""})


# The words that define `applies_to` in the prompt: a small model that has nothing to say there
# writes them back ("this permission or policy"), which tells the reader nothing.
_LIMITED_DEFINITION = frozenset({"the", "this", "that", "a", "permission", "policy", "decision", "or", "and"})


def _limited(value: str | None) -> str | None:
    cleaned = _clean(value)
    if cleaned is None or set(re.findall(r"[a-z]+", cleaned.casefold())) <= _LIMITED_DEFINITION:
        return None
    return cleaned


def _clean(value: str | None, placeholders: frozenset[str] = _NULL_WORDS) -> str | None:
    """None for empty values and for the words a model writes instead of null."""
    if value is None:
        return None
    value = value.strip()
    return None if value.casefold() in placeholders else value
