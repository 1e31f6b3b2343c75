"""Grounding: each drafted item becomes a Brief item whose every span is located in the article.

Names the model gives (the excluded weapon, the source, the speaker) must occur in the article;
quotes must be found word for word; cited sentence numbers must exist. Pure given the state
(`extract.state`); `dropped` is filled only when it is lenient.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any, TypeVar

from summarizer.extract.drafts import DraftAuthorisation, DraftExclusion, DraftQuote, DraftSource
from summarizer.extract.state import (
    GroundingState,
    Item,
    clean,
    evidence_spans,
    fold_key,
    merge_evidence,
    remembered,
    unique,
)
from summarizer.models import Authorisation, DroppedItem, Evidence, Exclusion, Quote, Source, SourceKind
from summarizer.text import matching as grounding
from summarizer.text.attribution import reported_granter, unnamed_sources
from summarizer.text.cues import placed
from summarizer.text.decisions.restated import restates, restates_permission

# A decision drafted more than once.
D = TypeVar("D", Authorisation, Exclusion)

_ANONYMOUS = re.compile(r"\b(unnamed|anonymous|unidentified|not (be )?named|familiar with)\b", re.IGNORECASE)


@remembered("authorisations")
def ground_authorisations(
    drafts: list[DraftAuthorisation], state: GroundingState
) -> tuple[list[Authorisation], list[str]]:
    items: list[Authorisation] = []
    problems: list[str] = []
    for index, draft in enumerate(drafts):
        check = Item("authorisations", index, draft.sentences, state)
        authorised = check.named("granted_to", draft.granted_to, required=True, party=True)
        authoriser = check.named("granted_by", draft.granted_by, required=False, party=True)
        if authoriser:
            authoriser = reported_granter(authoriser, [e.text for e in check.evidence]) or authoriser
        instruments = [
            name
            for raw in unique(draft.instruments)
            if (name := check.named(f"instrument '{raw}'", raw, required=False)) is not None
        ]
        check.described("action", draft.action)
        check.require_evidence()
        problems += check.blocking
        if not (check.finish(draft) and authorised):
            continue
        item = Authorisation(
            authoriser=authoriser,
            authorised=authorised,
            action=draft.action.strip(),
            instruments=instruments,
            scope=clean(draft.scope),
            conditions=clean(draft.conditions),
            status=draft.status,
            evidence=check.evidence,
        )
        _keep_once(items, item, _same_decision, _with_instruments)
    return items, problems


def _keep_once(items: list[D], item: D, same: Callable[[D, D], bool], merged: Callable[[D, D], D]) -> None:
    """Add `item`, or fold it into the first earlier item it repeats: one decision, however many
    sentences tell it, in its first wording and with all the evidence."""
    at = next((i for i, known in enumerate(items) if same(known, item)), None)
    if at is None:
        items.append(item)
    else:
        items[at] = merged(items[at], item)


def _with_evidence(known: D, again: D) -> D:
    return known.model_copy(update={"evidence": merge_evidence(known.evidence, again.evidence)})


def _with_instruments(known: Authorisation, again: Authorisation) -> Authorisation:
    merged = _with_evidence(known, again)
    return merged.model_copy(update={"instruments": unique([*known.instruments, *again.instruments])})


def _same_permission(a: Authorisation, b: Authorisation) -> bool:
    """Two drafts of one permission: the same receiver, and the same action, giver or sentence."""
    if fold_key(a.authorised) != fold_key(b.authorised):
        return False
    same_giver = (
        a.authoriser is not None and b.authoriser is not None and fold_key(a.authoriser) == fold_key(b.authoriser)
    )
    return (
        fold_key(a.action) == fold_key(b.action)
        or same_giver
        or bool(evidence_spans(a.evidence) & evidence_spans(b.evidence))
    )


def _same_decision(a: Authorisation, b: Authorisation) -> bool:
    """One permission: the same drafts, or a later sentence's description of the earlier one."""
    if _same_permission(a, b):
        return True
    return (
        a.authoriser is not None
        and b.authoriser is not None
        and restates_permission(b.authoriser, b.authorised, a.authoriser, a.authorised)
    )


@remembered("exclusions")
def ground_exclusions(drafts: list[DraftExclusion], state: GroundingState) -> tuple[list[Exclusion], list[str]]:
    items: list[Exclusion] = []
    problems: list[str] = []
    for index, draft in enumerate(drafts):
        check = Item("exclusions", index, draft.sentences, state)
        what = check.named("what", draft.what, required=True)
        stated_by = check.named("stated_by", draft.stated_by, required=False, party=True)
        check.require_evidence()
        problems += check.blocking
        if not (check.finish(draft) and what):
            continue
        item = Exclusion(what=what, applies_to=_limited(draft.applies_to), stated_by=stated_by, evidence=check.evidence)
        _keep_once(items, item, _same_limit, _with_evidence)
    return items, problems


def _same_limit(earlier: Exclusion, later: Exclusion) -> bool:
    """The same words, or a later sentence's definite description of the earlier limit, or much the
    same words again in another sentence by a maker named in both (one sentence's limits are told
    apart by the sentence itself: "barred from voting, from standing and from ..."; two bodies may
    bar the same people from the same thing)."""
    if fold_key(earlier.what) == fold_key(later.what):
        return True
    same_maker = (
        earlier.evidence[0].start != later.evidence[0].start
        and earlier.stated_by is not None
        and later.stated_by is not None
        and grounding.shares_a_word(earlier.stated_by, [later.stated_by])
    )
    return restates(
        later.what,
        later.evidence[0].text,
        earlier.what,
        earlier.evidence[0].text,
        same_maker=same_maker,
        later_party=later.applies_to,
    )


@remembered("sources")
def ground_sources(drafts: list[DraftSource], state: GroundingState) -> tuple[list[Source], list[str]]:
    items: list[Source] = []
    problems: list[str] = []
    seen: set[str] = set()
    for index, draft in enumerate(drafts):
        check = Item("sources", index, draft.sentences, state)
        name = check.named("name", draft.name, required=True)
        check.require_evidence()
        problems += check.blocking
        if check.finish(draft) and name and fold_key(name) not in seen:
            seen.add(fold_key(name))
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
        spans = evidence_spans(evidence)
        name = fold_key(found.name)
        covering = next(
            (
                index
                for index, s in enumerate(listed)
                if name in fold_key(s.name)
                or fold_key(s.name) in name
                or (s.kind == "anonymous" and spans & evidence_spans(s.evidence))
            ),
            None,
        )
        if covering is None:
            sources.append(Source(name=found.name, kind="anonymous", evidence=evidence))
            continue
        known = sources[covering]
        merged = merge_evidence(known.evidence, evidence)
        if len(merged) > len(known.evidence):
            sources[covering] = known.model_copy(update={"evidence": merged})
    for quote in quotes:
        speaker = quote.speaker
        if speaker and not any(_same_source(speaker, s.name) for s in sources):
            kind: SourceKind = "anonymous" if _ANONYMOUS.search(speaker) else "other"
            evidence = _quote_evidence(quote, speaker, state)
            # "the anonymous official said" in a sentence already citing "unnamed officials": one source.
            if kind == "anonymous" and any(
                s.kind == "anonymous" and evidence_spans(s.evidence) & evidence_spans(evidence) for s in sources
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
    outlets = [(s.name, evidence_spans(s.evidence)) for s in sources if s.kind == "media"]
    linked = []
    for source in sources:
        spans = evidence_spans(source.evidence)
        carrier = None if source.kind == "media" else next((n for n, o in outlets if spans & o), None)
        linked.append(source.model_copy(update={"via": carrier}) if carrier else source)
    return linked


def added(
    read: list[Authorisation], found: list[Authorisation], dropped: list[DroppedItem], limits: list[Exclusion]
) -> list[Authorisation]:
    """Code's readings, then the model's finds that stand on none of their sentences, marked as the
    model's: a sentence code read is one decision, however the model words it again (its names for
    the parties are often not code's, "Washington" for "the United States", and would count as a
    second decision). A find on a sentence code read as a limit (`limits`) says the opposite of what
    code read there, and goes to `dropped` with the reason.

    A find must also stand in its sentences as code would read it: the granter named before a word
    of permission and the receiver after it (`text.cues.placed`). The small model's finds that do not
    are most often an event, a limit or the parties the other way round; they go to `dropped`, with
    the reason, unasked by the check."""
    taken = [span for item in read for span in evidence_spans(item.evidence)]
    limited = [span for item in limits for span in evidence_spans(item.evidence)]
    kept: list[Authorisation] = []
    for item in found:
        spans = evidence_spans(item.evidence)
        if any(start < end_ and start_ < end for start, end in spans for start_, end_ in taken):
            continue
        if any(start < end_ and start_ < end for start, end in spans for start_, end_ in limited):
            dropped.append(
                DroppedItem(
                    section="authorisations",
                    item=item.model_dump(mode="json"),
                    reason="its sentences state a limit, read by code: not a permission",
                )
            )
            continue
        if not placed(item.authoriser, item.authorised, [e.text for e in item.evidence]):
            dropped.append(
                DroppedItem(
                    section="authorisations",
                    item=item.model_dump(mode="json"),
                    reason=f"its sentences do not name {item.authoriser or 'a granter'} before a word of permission "
                    f"and {item.authorised} after it",
                )
            )
            continue
        kept.append(item.model_copy(update={"read_by": "model"}))
    return read + kept


@remembered("quotes")
def ground_quotes(drafts: list[DraftQuote], state: GroundingState) -> tuple[list[Quote], list[str]]:
    items: list[Quote] = []
    problems: list[str] = []
    seen: set[tuple[int, int]] = set()
    for index, draft in enumerate(drafts):
        check = Item("quotes", index, [], state)
        span = grounding.locate(draft.text, state.article.text)
        if span is None:
            hint = (
                " (a quote must be one unbroken passage; no '...')" if "..." in draft.text or "…" in draft.text else ""
            )
            check.problem(
                f"text is not in the article word for word{hint}; copy the exact words or remove the quote", fatal=True
            )
        # A small model sometimes names the quotation itself as its speaker.
        parroted = draft.speaker and fold_key(draft.speaker) in fold_key(draft.text)
        speaker = None if parroted else check.named("speaker", draft.speaker, required=False)
        problems += check.blocking
        if check.finish(draft) and span is not None and (span.start, span.end) not in seen:
            seen.add((span.start, span.end))
            items.append(Quote(speaker=speaker, speaker_role=clean(draft.speaker_role), text=span.text, span=span))
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
    if clean(value) is None:
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


# The words that define `applies_to` in the prompt: a small model that has nothing to say there
# writes them back ("this permission or policy"), which tells the reader nothing.
_LIMITED_DEFINITION = frozenset({"the", "this", "that", "a", "permission", "policy", "decision", "or", "and"})


def _limited(value: str | None) -> str | None:
    cleaned = clean(value)
    if cleaned is None or set(re.findall(r"[a-z]+", cleaned.casefold())) <= _LIMITED_DEFINITION:
        return None
    return cleaned
