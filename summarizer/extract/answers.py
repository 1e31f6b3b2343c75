"""The answers asked of the model, one per pass, each validated against its article.

When something is ungrounded the validator raises an error written for the model, instructor
sends it back, and the model gets another try. On the last try the same checks run leniently:
ungrounded items are dropped and recorded in the Brief's grounding report instead of failing the
article.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, Literal

from pydantic import BaseModel, Field, create_model, model_validator

from summarizer.extract.drafts import MAX_ITEMS, DraftAuthorisation, DraftExclusion, DraftQuote, DraftSource
from summarizer.extract.ground import GROUNDERS, UngroundedError, _clean, _state, ground_event_date
from summarizer.text.phrases import names_a_thing
from summarizer.text.quotations import QuoteCandidate
from summarizer.text.sentences import split_sentences


def _check(section: str, items: list[Any]) -> None:
    state = _state.get()
    if state is None or state.lenient:
        return
    _, problems = GROUNDERS[section](items, state)
    if problems:
        raise UngroundedError(
            "Some items are not supported by the article. Fix or remove exactly these, keep the rest:\n"
            + "\n".join(f"- {p}" for p in problems)
        )


def _check_date(event_date: str | None) -> None:
    state = _state.get()
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
    headline: str = Field(description="A factual headline, at most 15 words.")
    summary: str = SUMMARY_FIELD
    event_date: str | None = Field(
        default=None,
        description="YYYY-MM-DD only if the article states the date (with its year); otherwise null.",
    )

    @model_validator(mode="after")
    def _grounded(self) -> Overview:
        _check_date(self.event_date)
        return self


class Sources(BaseModel):
    sources: list[DraftSource] = Field(default_factory=list, max_length=MAX_ITEMS)

    @model_validator(mode="after")
    def _grounded(self) -> Sources:
        _check("sources", self.sources)
        return self


_ROLE = re.compile(r"^(?P<name>.+?)\s*\((?P<role>[^()]+)\)\s*$")
# A small model sometimes writes null as a string, or echoes the words of the format it was shown
# ("Name (role)") instead of filling them in.
_PLACEHOLDERS = frozenset({"null", "none", "unknown", "n/a", "name", "role", "title", "speaker", ""})


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
                if speaker := _clean(name, _PLACEHOLDERS):
                    found[int(key[1:])] = (speaker, _clean(role, _PLACEHOLDERS))
        return found

    @model_validator(mode="after")
    def _grounded(self) -> QuoteSpeakers:
        state = _state.get()
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
# Picks: one decision sentence at a time, names chosen from that sentence's own phrases
# ---------------------------------------------------------------------------

# An action or a scope is shown to the analyst, not matched: a few words suffice, and every one is
# generation time.
_SHORT: Any = {"maxLength": 80}


class AuthorisationPick(BaseModel):
    """Who allowed whom in one sentence: `authorisation_pick_for` makes the names an enum of its phrases."""

    def draft(self, sentences: list[int]) -> DraftAuthorisation | None:
        values = dict(self)
        if not values.get("granted_to") or values.get("granted_to") == values.get("granted_by"):
            return None
        parties = [name for name in (values.get("granted_by"), values["granted_to"]) if name]
        # The instruments' enum is every phrase of the sentence; the parties and other names are not means.
        instruments = [
            thing
            for thing in values.get("instruments") or []
            if names_a_thing(thing) and not any(thing in name or name in thing for name in parties)
        ]
        return DraftAuthorisation(
            granted_by=values.get("granted_by"),
            granted_to=values["granted_to"],
            action=str(values.get("action") or "").strip(),
            instruments=instruments,
            sentences=sentences,
        )


class ExclusionPick(BaseModel):
    """What one sentence excludes: `exclusion_pick_for` makes the names an enum of its phrases."""

    def draft(self, sentences: list[int]) -> DraftExclusion | None:
        values = dict(self)
        if not values.get("what"):
            return None
        return DraftExclusion(
            what=values["what"],
            applies_to=values.get("applies_to") or None,
            stated_by=values.get("stated_by"),
            sentences=sentences,
        )


def merge_picks(picks: list[tuple[int, BaseModel]]) -> dict[str, list[Any]]:
    """The picks of an article's sentences as drafts: one item per decision however many sentences
    repeat it, citing them all.

    Two picks are one permission when they name the same receiver and no two different granters,
    and one limit when one's object has all the other's words ("ATACMS" and "ATACMS missiles"); the
    fuller names are kept. Grounding then merges what the wording still repeats (`ground`).
    """
    authorisations: list[DraftAuthorisation] = []
    exclusions: list[DraftExclusion] = []
    for number, pick in picks:
        draft = pick.draft([number]) if isinstance(pick, (AuthorisationPick, ExclusionPick)) else None
        if isinstance(draft, DraftAuthorisation):
            same = next((d for d in authorisations if _same_permission(d, draft)), None)
            if same is None:
                authorisations.append(draft)
            else:
                same.granted_by = same.granted_by or draft.granted_by
                same.instruments = list(dict.fromkeys(same.instruments + draft.instruments))[:MAX_ITEMS]
                same.sentences = [*same.sentences, number][:4]
        elif isinstance(draft, DraftExclusion):
            wider = next((d for d in exclusions if _nested(d.what, draft.what)), None)
            if wider is None:
                exclusions.append(draft)
            else:
                wider.what = max(wider.what, draft.what, key=len)
                wider.stated_by = wider.stated_by or draft.stated_by
                wider.sentences = [*wider.sentences, number][:4]
    return {"authorisations": authorisations, "exclusions": exclusions}


def _nested(a: str, b: str) -> bool:
    """One name's words are all among the other's ("ATACMS missiles", "ATACMS long-range missiles")."""
    words_a, words_b = (set(re.findall(r"\w+", name.casefold())) for name in (a, b))
    return bool(words_a and words_b) and (words_a <= words_b or words_b <= words_a)


def _same_permission(a: DraftAuthorisation, b: DraftAuthorisation) -> bool:
    granters = a.granted_by is None or b.granted_by is None or _nested(a.granted_by, b.granted_by)
    return granters and _nested(a.granted_to, b.granted_to)


def _choice(options: tuple[str, ...], description: str) -> Any:
    """A field whose value is one of `options` or null."""
    kind: Any = Literal[options] | None if options else None
    return (kind, Field(description=description))


@lru_cache(maxsize=256)
def authorisation_pick_for(parties: tuple[str, ...], things: tuple[str, ...]) -> type[AuthorisationPick]:
    fields: dict[str, Any] = {
        "granted_by": _choice(parties, "Who gave the permission or order; null if the sentences do not say."),
        "granted_to": _choice(parties, "Who received it and may now act; null if no one was allowed anything."),
        "action": (str, Field(description="What they may now do, in a few words.", json_schema_extra=_SHORT)),
        "instruments": (
            list[Literal[things]] if things else list[str],  # type: ignore[valid-type]
            Field(max_length=3, description="Weapons, funds or means named for it; [] if none."),
        ),
    }
    return create_model("AuthorisationPick", __base__=AuthorisationPick, **fields)


@lru_cache(maxsize=256)
def exclusion_pick_for(parties: tuple[str, ...], things: tuple[str, ...]) -> type[ExclusionPick]:
    fields: dict[str, Any] = {
        "what": _choice(things, "The thing not allowed or not covered; null if the sentence limits nothing."),
        "applies_to": (
            str | None,
            Field(description="The permission, rule or policy it limits, in a few words.", json_schema_extra=_SHORT),
        ),
        "stated_by": _choice(parties, "Who decided or states the limit; null if the sentences do not say."),
    }
    return create_model("ExclusionPick", __base__=ExclusionPick, **fields)


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
        for section in ("authorisations", "exclusions", "sources", "quotes"):
            try:
                _check(section, getattr(self, section))
            except UngroundedError as error:
                problems.append(str(error))
        if problems:
            raise UngroundedError("\n".join(problems))
        return self
