"""What grounding checks an answer against, and the bookkeeping of checking one item.

`GroundingState` is the article as validators see it; it travels in a ContextVar (below), since
instructor renders messages as Jinja templates when given a validation context. `Item` collects
one item's evidence and problems; `remembered` grounds a list of drafts once per article.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from contextlib import AbstractContextManager
from contextvars import ContextVar
from dataclasses import dataclass, field, replace
from typing import Any, TypeVar

from pydantic import BaseModel

from summarizer.models import Article, DroppedItem, Evidence
from summarizer.scoped import scoped
from summarizer.text import matching as grounding
from summarizer.text.quotations import QuoteCandidate
from summarizer.text.sentences import Sentence


@dataclass
class GroundingState:
    """Everything validators need to check an answer against its article."""

    article: Article
    sentences: list[Sentence]
    lenient: bool = False
    dropped: list[DroppedItem] = field(default_factory=list)
    quote_candidates: list[QuoteCandidate] = field(default_factory=list)
    # Sections already grounded, by section and the identity of their drafts; the states of one
    # article share it (`remembered`).
    outcomes: dict[tuple[str, int], Outcome] = field(default_factory=dict)

    @property
    def metadata_years(self) -> list[int]:
        return [self.article.published.year] if self.article.published else []


# Instructor renders messages as Jinja templates when given a validation context, which
# would execute template syntax found in an article; the state travels in a ContextVar instead.
_state: ContextVar[GroundingState | None] = ContextVar("grounding_state", default=None)


def grounding_state(state: GroundingState) -> AbstractContextManager[GroundingState]:
    return scoped(_state, state)


def current_state() -> GroundingState | None:
    """The state validators check against, or None outside `grounding_state` (nothing is checked)."""
    return _state.get()


class UngroundedError(ValueError):
    """Raised inside validation so instructor re-asks with this message."""


class Item:
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

    def named(self, field_name: str, value: str | None, *, required: bool, party: bool = False) -> str | None:
        """Check a name occurs in the article; cite the sentence it is in when the model did not. A
        `party` to a decision may be named by its category where its own sentence names it so ("the
        government provided an exemption"): that is the article's name for it, not a parroted one."""
        value = clean(value)
        if value is None:
            if required:
                self.problem(f"{field_name} is empty", fatal=True)
            return None
        generic = grounding.is_generic(value)
        if generic and party and any(grounding.locate(value, e.text) for e in self.evidence):
            return value
        if generic:
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
        self.evidence = merge_evidence(self.evidence, grounding.sentence_evidence(mentions, [mentions[0].number]))
        return value

    def described(self, field_name: str, value: str) -> None:
        """A description in the model's words (an action) must share a word with the sentences cited."""
        cited = [e.text for e in self.evidence]
        if cited and value.strip() and not grounding.shares_a_word(value, cited):
            self.problem(
                f"{field_name} '{value.strip()}' shares no word with the sentences cited; "
                "describe it in the words of those sentences, or remove the item",
                fatal=True,
            )

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


def merge_evidence(first: list[Evidence], second: list[Evidence]) -> list[Evidence]:
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


def remembered(section: str) -> Callable[[Grounder[Draft, Grounded]], Grounder[Draft, Grounded]]:
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


def evidence_spans(evidence: list[Evidence]) -> set[tuple[int, int]]:
    return {(e.start, e.end) for e in evidence}


def unique(values: list[str]) -> list[str]:
    seen: dict[str, str] = {}
    for value in values:
        seen.setdefault(fold_key(value), value)
    return list(seen.values())


def fold_key(value: str) -> str:
    return grounding.fold(value)[0].strip()


NULL_WORDS = frozenset({"null", "none", "n/a", "na", "unknown", "unnamed", "not stated", "-", ""})


def clean(value: str | None, placeholders: frozenset[str] = NULL_WORDS) -> str | None:
    """None for empty values and for the words a model writes instead of null."""
    if value is None:
        return None
    value = value.strip()
    return None if value.casefold() in placeholders else value
