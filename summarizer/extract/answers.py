"""The answers asked of the model, one per pass, each validated against its article.

When something is ungrounded the validator raises an error written for the model, instructor
sends it back, and the model gets another try. On the last try the same checks run leniently:
ungrounded items are dropped and recorded in the Brief's grounding report instead of failing the
article.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from pydantic import BaseModel, Field, create_model, model_validator

from summarizer.extract.drafts import (
    MAX_ITEMS,
    MAX_SENTENCES,
    DraftAuthorisation,
    DraftExclusion,
    DraftQuote,
    DraftSource,
)
from summarizer.extract.ground import GROUNDERS, ground_event_date
from summarizer.extract.state import UngroundedError, clean, current_state
from summarizer.text.attribution import NamedSource
from summarizer.text.decisions import Reading, means
from summarizer.text.quotations import QuoteCandidate
from summarizer.text.sentences import split_sentences


def _check(section: str, items: list[Any]) -> None:
    state = current_state()
    if state is None or state.lenient:
        return
    _, problems = GROUNDERS[section](items, state)
    if problems:
        raise UngroundedError(
            "Some items are not supported by the article. Fix or remove exactly these, keep the rest:\n"
            + "\n".join(f"- {p}" for p in problems)
        )


def _check_date(event_date: str | None) -> None:
    state = current_state()
    if state is None or state.lenient:
        return
    _, problem = ground_event_date(event_date, state)
    if problem:
        raise UngroundedError(problem)


# A small model asked for one or two sentences sometimes writes ten; every character is generation
# time. The schema caps the summary (a grammar-bound model cannot go past it; a hosted one takes it
# as a hint) and `ended_summary` trims an answer cut at the cap back to its last whole sentence.
SUMMARY_MAX_CHARS = 400
SUMMARY_FIELD: Any = Field(
    description="One or two sentences, at most 60 words: who did what, and why it matters.",
    json_schema_extra={"maxLength": SUMMARY_MAX_CHARS},
)


def ended_summary(summary: str) -> str:
    """The summary, or if it was cut at the cap, its whole sentences; "" when not one of them is whole.

    An empty summary leaves the brief's headline to stand alone, which is a whole statement; the
    whole first sentence is not to be had, as the cut fell inside it, and a fragment would put
    words in the article's mouth.
    """
    if len(summary) != SUMMARY_MAX_CHARS:
        return summary.strip()
    # The cap ends the answer wherever it falls, and it can fall just after a period that ends no
    # sentence ("reopen at 6 a." of "a.m."), so at the cap the last sentence is dropped however it
    # ends: at worst that is a whole sentence that happened to end exactly there.
    summary = summary.strip()
    sentences = split_sentences(summary)
    return summary[: sentences[-2].end] if len(sentences) > 1 else ""


class Overview(BaseModel):
    # The date is grounded with the brief, not here: an unstated year is dropped and recorded rather
    # than re-asked, since a re-ask writes the headline and summary again for one field that the
    # article's metadata usually dates anyway (docs/benchmarks.md: how often and what it cost).
    headline: str = Field(description="A factual headline, at most 15 words.")
    summary: str = SUMMARY_FIELD
    event_date: str | None = Field(
        default=None,
        description="YYYY-MM-DD only if the article states the date (with its year); otherwise null.",
    )


_ROLE = re.compile(r"^(?P<name>.+?)\s*\((?P<role>[^()]+)\)\s*$")
# A small model sometimes writes null as a string, or echoes the words of the format it was shown
# ("Name (role)") instead of filling them in.
_PLACEHOLDERS = frozenset({"null", "none", "unknown", "n/a", "name", "role", "title", "speaker", ""})
_NAME_WORDS = 8


class QuoteSpeakers(BaseModel):
    """Who said each quotation found by code (multi-pass).

    `quote_speakers_for` subclasses it per article with one required field per quotation asked
    about (Q1, Q4, ...), each "Name (role)" or null. One key per quotation makes a small model
    consider every quotation in turn: asked for a list of speakers, each with the quotations they
    said, it lumped a whole article's quotations onto one name. A fixed set of keys also ends the
    answer, where a free list invites looping to max_tokens.
    """

    def speakers(self) -> dict[int, tuple[str | None, str | None]]:
        """Quotation number -> (speaker, role)."""
        found: dict[int, tuple[str | None, str | None]] = {}
        for key, value in self:
            if key.startswith("Q") and key[1:].isdigit() and isinstance(value, str):
                named = _ROLE.match(value.strip())
                name, role = (named["name"], named["role"]) if named else (value, None)
                # "Roe, a lawyer who ...": the name, then its apposition as the role.
                name, _, apposition = name.partition(",")
                role = role or apposition
                # Longer than any name with its title: a passage of the article copied, not a name.
                if len(name.split()) > _NAME_WORDS:
                    continue
                if speaker := clean(name, _PLACEHOLDERS):
                    found[int(key[1:])] = (speaker, clean(role, _PLACEHOLDERS))
        return found

    @model_validator(mode="after")
    def _grounded(self) -> QuoteSpeakers:
        state = current_state()
        if state is not None and not state.lenient:
            _check("quotes", quote_drafts(self, state.quote_candidates))
        return self


_SPEAKER = "Who says these words, named as in the article, then the role in brackets if stated; null if unknown."


@lru_cache(maxsize=256)
def quote_speakers_for(labels: tuple[str, ...]) -> type[QuoteSpeakers]:
    """QuoteSpeakers with exactly one required, nullable field per quotation label."""
    fields: dict[str, Any] = {label: (str | None, Field(description=_SPEAKER)) for label in labels}
    return create_model("QuoteSpeakers", __base__=QuoteSpeakers, **fields)


def quote_drafts(answer: QuoteSpeakers, candidates: list[QuoteCandidate]) -> list[DraftQuote]:
    """Every candidate becomes a quote; the model names its speaker, else the speaker the layout gave."""
    speakers = answer.speakers()
    drafts = []
    for number, candidate in enumerate(candidates, start=1):
        speaker, role = speakers.get(number, (None, None))
        drafts.append(DraftQuote(speaker=speaker or candidate.speaker_hint, speaker_role=role, text=candidate.text))
    return drafts


# ---------------------------------------------------------------------------
# Decisions read by code from the shape of their sentences (multi pass)
# ---------------------------------------------------------------------------


def source_drafts(named: list[NamedSource]) -> list[DraftSource]:
    """The sources code found, each citing the first sentences that name it (a draft cites a few)."""
    return [DraftSource(name=n.name, kind=n.kind, sentences=list(n.sentences[:MAX_SENTENCES])) for n in named]


def decision_drafts(readings: list[Reading]) -> dict[str, list[Any]]:
    """The readings of an article's sentences as drafts: one item per decision however many
    sentences repeat it, citing them all.

    Two readings are one permission when they name the same receiver and no two different granters,
    and one limit when one's object has all the other's words ("ATACMS" and "ATACMS missiles"); the
    fuller names are kept. Grounding then merges what the wording still repeats (`ground`).
    """
    authorisations: list[DraftAuthorisation] = []
    exclusions: list[DraftExclusion] = []
    for reading in readings:
        if reading.kind == "authorisation" and reading.receiver:
            draft = DraftAuthorisation(
                granted_by=reading.granter,
                granted_to=reading.receiver,
                action=reading.action,
                instruments=reading.instruments,
                sentences=[reading.number],
            )
            same = next((d for d in authorisations if _same_permission(d, draft)), None)
            if same is None:
                authorisations.append(draft)
            else:
                same.granted_by = same.granted_by or draft.granted_by
                same.instruments = list(dict.fromkeys(same.instruments + draft.instruments))[:MAX_ITEMS]
                same.sentences = list(dict.fromkeys([*same.sentences, reading.number]))[:MAX_SENTENCES]
        elif reading.kind == "exclusion":
            limit = DraftExclusion(
                what=reading.action, applies_to=reading.receiver, stated_by=reading.granter, sentences=[reading.number]
            )
            wider = next((d for d in exclusions if _nested(d.what, limit.what) or _joined(d, limit)), None)
            if wider is None:
                exclusions.append(limit)
            else:
                wider.what = max(wider.what, limit.what, key=len)
                wider.stated_by = wider.stated_by or limit.stated_by
                wider.sentences = list(dict.fromkeys([*wider.sentences, reading.number]))[:MAX_SENTENCES]
    return {"authorisations": authorisations[:MAX_ITEMS], "exclusions": exclusions[:MAX_ITEMS]}


def _nested(a: str, b: str) -> bool:
    """One name's words are all among the other's ("ATACMS missiles", "ATACMS long-range missiles")."""
    words_a, words_b = (set(re.findall(r"\w+", name.casefold())) for name in (a, b))
    return bool(words_a and words_b) and (words_a <= words_b or words_b <= words_a)


def _joined(a: DraftExclusion, b: DraftExclusion) -> bool:
    """Two objects read from one sentence that run into each other ("a resolution to stop all rallies"
    and "all rallies pending a ruling"): the same words, so one limit, not two."""
    if a.sentences[0] != b.sentences[0]:
        return False
    words_a, words_b = a.what.casefold().split(), b.what.casefold().split()
    return any(
        first[-size:] == second[:size]
        for first, second in ((words_a, words_b), (words_b, words_a))
        for size in range(2, min(len(first), len(second)) + 1)
    )


def _same_permission(a: DraftAuthorisation, b: DraftAuthorisation) -> bool:
    granters = a.granted_by is None or b.granted_by is None or _nested(a.granted_by, b.granted_by)
    return granters and _nested(a.granted_to, b.granted_to)


class BriefDraft(BaseModel):
    """Everything in one answer, for models strong enough to do it in one pass."""

    headline: str = Field(description=Overview.model_fields["headline"].description)
    summary: str = SUMMARY_FIELD
    event_date: str | None = Field(default=None, description=Overview.model_fields["event_date"].description)
    authorisations: list[DraftAuthorisation] = Field(default_factory=list, max_length=MAX_ITEMS)
    exclusions: list[DraftExclusion] = Field(default_factory=list, max_length=MAX_ITEMS)
    sources: list[DraftSource] = Field(default_factory=list, max_length=MAX_ITEMS)
    quotes: list[DraftQuote] = Field(default_factory=list, max_length=MAX_ITEMS)

    @model_validator(mode="after")
    def _grounded(self) -> BriefDraft:
        problems: list[str] = []
        try:
            _check_date(self.event_date)
        except UngroundedError as error:
            problems.append(str(error))
        _check_sections({name: getattr(self, name) for name in GROUNDERS}, problems)
        return self


# What the model is asked when it looks for permissions beside code's readings: the parties, the action
# and the sentences, and only a few. Every key and item is decoding time on every article with an
# unread cue; instruments, scope and conditions are left to the wording of the cited sentences.
MAX_FOUND = 3
FoundAuthorisation = create_model(
    "FoundAuthorisation",
    **{
        name: (DraftAuthorisation.model_fields[name].annotation, DraftAuthorisation.model_fields[name])
        for name in ("granted_by", "granted_to", "action", "sentences")
    },
)  # type: ignore[call-overload]


class Permissions(BaseModel):
    """The permissions the model finds (multi pass) in the sentences code read none from.

    Only permissions: the limits the model found there never passed the check (docs/benchmarks.md)."""

    authorisations: list[FoundAuthorisation] = Field(default_factory=list, max_length=MAX_FOUND)  # type: ignore[valid-type]

    def drafts(self) -> list[DraftAuthorisation]:
        """The finds as the drafts authorisations are grounded from, with the means their action names
        ("use long-range rockets to strike"), read as code reads its own; grounding keeps those the
        cited sentences name."""
        drafts = [DraftAuthorisation.model_validate(item, from_attributes=True) for item in self.authorisations]
        for draft in drafts:
            draft.instruments = means(draft.action)
        return drafts

    @model_validator(mode="after")
    def _grounded(self) -> Permissions:
        _check_sections({"authorisations": self.drafts()}, [])
        return self


def _check_sections(sections: dict[str, list[Any]], problems: list[str]) -> None:
    """Check each section's items; every problem found, with `problems`, goes back in one error."""
    for section, items in sections.items():
        try:
            _check(section, items)
        except UngroundedError as error:
            problems.append(str(error))
    if problems:
        raise UngroundedError("\n".join(problems))
