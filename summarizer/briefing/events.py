"""From briefs to events: which day a brief belongs to, which briefs report the same event
(see `similarity`), and the event's items merged across the outlets that report it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from typing import TypeVar

from summarizer.briefing.similarity import authorisations_match, content_words, name_key, same_event, words_key
from summarizer.models import Authorisation, AuthorisationStatus, Brief, Evidence, Exclusion, Quote
from summarizer.text.decisions import LIMIT_HEAD
from summarizer.text.fold import compare_key

__all__ = [
    "Event",
    "MergedAuthorisation",
    "MergedExclusion",
    "MergedQuote",
    "brief_date",
    "brief_headline",
    "distinct",
    "group_events",
    "select_for_day",
    "unique_articles",
]


# --------------------------------------------------------------------------- dates


def brief_date(brief: Brief) -> dt.date | None:
    """The day a brief belongs to: when it was published, else when the event happened."""
    return brief.article.published or brief.event_date


def select_for_day(briefs: Iterable[Brief], day: dt.date | None) -> tuple[list[Brief], list[Brief]]:
    """Briefs dated `day` (any date when `day` is None), and briefs with no date at all; input order is kept."""
    dated: list[Brief] = []
    undated: list[Brief] = []
    for brief in briefs:
        when = brief_date(brief)
        if when is None:
            undated.append(brief)
        elif day is None or when == day:
            dated.append(brief)
    return dated, undated


# --------------------------------------------------------------------------- clustering


class _UnionFind:
    def __init__(self, size: int) -> None:
        self._parent = list(range(size))

    def find(self, i: int) -> int:
        while self._parent[i] != i:
            self._parent[i] = self._parent[self._parent[i]]
            i = self._parent[i]
        return i

    def union(self, i: int, j: int) -> None:
        ri, rj = self.find(i), self.find(j)
        if ri != rj:
            # The lower index stays root so group order follows input order.
            self._parent[max(ri, rj)] = min(ri, rj)

    def groups(self) -> list[list[int]]:
        by_root: dict[int, list[int]] = {}
        for i in range(len(self._parent)):
            by_root.setdefault(self.find(i), []).append(i)
        return list(by_root.values())


T = TypeVar("T")


def _cluster(items: Sequence[T], related: Callable[[T, T], bool]) -> list[list[int]]:
    # Union-find makes the relation transitive: A~B and B~C put A, B, C together
    # even when A and C alone would not match.
    uf = _UnionFind(len(items))
    for i in range(len(items)):
        for j in range(i + 1, len(items)):
            if uf.find(i) != uf.find(j) and related(items[i], items[j]):
                uf.union(i, j)
    return uf.groups()


def unique_articles(briefs: Iterable[Brief]) -> list[Brief]:
    """One brief per article text, in a fixed order whatever the input order."""
    # The same article text loaded twice (or briefed twice) is one report, not two outlets.
    seen: set[str] = set()
    unique: list[Brief] = []
    for brief in sorted(briefs, key=_brief_sort_key):
        if brief.article.sha256 not in seen:
            seen.add(brief.article.sha256)
            unique.append(brief)
    return unique


def _brief_sort_key(brief: Brief) -> tuple[str, str, str, str]:
    info = brief.article
    return (compare_key(info.source or ""), compare_key(info.title or ""), info.id, info.sha256)


def group_events(briefs: Iterable[Brief]) -> list[Event]:
    """Group briefs that report the same event; deterministic for any input order.

    Two briefs are the same event when they share an authorisation (same authorised
    party and overlapping instruments, or same authoriser, authorised party and a
    restated action) or when their headline and summary share at least
    TEXT_SIMILARITY_THRESHOLD of their content words; the relation is closed
    transitively. Events covered by more outlets come first.
    """
    unique = unique_articles(briefs)
    groups = _cluster(unique, same_event)
    groups.sort(key=lambda g: (-len(g), g[0]))
    return [_build_event([unique[i] for i in g]) for g in groups]


# --------------------------------------------------------------------------- merging


@dataclass(frozen=True)
class MergedExclusion:
    what: str
    stated_by: tuple[str, ...]
    applies_to: tuple[str, ...]
    articles: tuple[int, ...]
    """Positions in `Event.briefs` of the articles that report it."""
    evidence: tuple[tuple[int, Evidence], ...] = ()
    """Every merged item's spans, each with its article's position in `Event.briefs`."""


@dataclass(frozen=True)
class MergedAuthorisation:
    authoriser: str | None
    authorised: str
    action: str
    instruments: tuple[str, ...]
    scopes: tuple[str, ...]
    conditions: tuple[str, ...]
    statuses: tuple[AuthorisationStatus, ...]
    articles: tuple[int, ...]
    exclusions: tuple[MergedExclusion, ...]
    """What the articles say this permission does not cover."""
    evidence: tuple[tuple[int, Evidence], ...] = ()
    """As `MergedExclusion.evidence`."""


@dataclass(frozen=True)
class MergedQuote:
    text: str
    speaker: str | None
    speaker_role: str | None
    articles: tuple[int, ...]
    evidence: tuple[tuple[int, Evidence], ...] = ()
    """As `MergedExclusion.evidence`: the quotation's span in each article."""


@dataclass(frozen=True, eq=False)
class Event:
    """One story as reported by one or more outlets, its items merged across them."""

    briefs: tuple[Brief, ...]
    """The reports of the event, the lead (most detailed) report first."""
    authorisations: tuple[MergedAuthorisation, ...]
    exclusions: tuple[MergedExclusion, ...]
    """Exclusions that could not be tied to one of the event's authorisations."""
    quotes: tuple[MergedQuote, ...]

    @property
    def headline(self) -> str:
        return brief_headline(self.briefs[0])

    @property
    def summary(self) -> str:
        return self.briefs[0].summary


def brief_headline(brief: Brief) -> str:
    return brief.headline.strip() or brief.article.title or brief.article.id or "Untitled article"


def distinct(values: Iterable[T | None], key: Callable[[T], object] = lambda v: v) -> tuple[T, ...]:
    """`values` without blanks and without repeats (by `key`), first occurrence kept."""
    seen: set[object] = set()
    kept: list[T] = []
    for value in values:
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        k = key(value)
        if k not in seen:
            seen.add(k)
            kept.append(value)
    return tuple(kept)


def _richness(brief: Brief) -> tuple[int, int]:
    details = sum(
        1 + len(a.instruments) + (a.scope is not None) + (a.conditions is not None) for a in brief.authorisations
    )
    items = details + len(brief.exclusions) + len(brief.quotes) + len(brief.sources)
    return items, len(brief.summary)


_AuthGroup = tuple[MergedAuthorisation, list[tuple[int, Authorisation]]]
"""A merged authorisation and the (brief position, authorisation) pairs it merges."""


def _merge_authorisations(briefs: Sequence[Brief]) -> list[_AuthGroup]:
    instances = [(b, i, auth) for b, brief in enumerate(briefs) for i, auth in enumerate(brief.authorisations)]
    groups = _cluster(instances, lambda x, y: authorisations_match(x[2], y[2]))
    merged: list[_AuthGroup] = []
    for members in groups:
        items = [instances[m] for m in members]
        auths = [auth for _, _, auth in items]
        merged.append(
            (
                MergedAuthorisation(
                    authoriser=next((a.authoriser for a in auths if a.authoriser), None),
                    authorised=auths[0].authorised,
                    action=auths[0].action,
                    instruments=distinct((x for a in auths for x in a.instruments), name_key),
                    scopes=distinct((a.scope for a in auths), words_key),
                    conditions=distinct((a.conditions for a in auths), words_key),
                    statuses=distinct(a.status for a in auths),
                    articles=distinct(b for b, _, _ in items),
                    exclusions=(),
                    evidence=tuple((b, span) for b, _, auth in items for span in auth.evidence),
                ),
                [(b, auth) for b, _, auth in items],
            )
        )
    return merged


def _exclusion_target(brief_pos: int, exclusion: Exclusion, merged: Sequence[_AuthGroup]) -> int | None:
    # applies_to is free text ("the new permission to strike inside Russia"), so the
    # authorisation sharing most of its content words wins; ties go to one reported by
    # the same article, then to the first. No shared word means we do not guess, and
    # neither does a limit of a limit ("the travel ban does not cover X"): it narrows the
    # ban, not any permission that shares a word with it.
    wanted = content_words(exclusion.applies_to)
    if not wanted or (exclusion.applies_to and LIMIT_HEAD.search(exclusion.applies_to)):
        return None
    best: tuple[int, int, int] | None = None
    for g, (_, members) in enumerate(merged):
        words = frozenset().union(
            *(
                content_words(" ".join([a.authoriser or "", a.authorised, a.action, *a.instruments, a.scope or ""]))
                for _, a in members
            )
        )
        score = len(wanted & words)
        if score == 0:
            continue
        same_article = int(any(b == brief_pos for b, _ in members))
        candidate = (score, same_article, -g)
        if best is None or candidate > best:
            best = candidate
    return None if best is None else -best[2]


def _merge_exclusions(
    briefs: Sequence[Brief], merged_auths: Sequence[_AuthGroup]
) -> tuple[dict[int, list[MergedExclusion]], list[MergedExclusion]]:
    by_key: dict[str, list[tuple[int, Exclusion, int | None]]] = {}
    for b, brief in enumerate(briefs):
        for exclusion in brief.exclusions:
            key = words_key(exclusion.what)
            if not key:
                continue
            by_key.setdefault(key, []).append((b, exclusion, _exclusion_target(b, exclusion, merged_auths)))
    attached: dict[int, list[MergedExclusion]] = {}
    loose: list[MergedExclusion] = []
    for items in by_key.values():
        excls = [x for _, x, _ in items]
        merged = MergedExclusion(
            what=excls[0].what,
            stated_by=distinct((x.stated_by for x in excls), words_key),
            applies_to=distinct((x.applies_to for x in excls), words_key),
            articles=distinct(b for b, _, _ in items),
            evidence=tuple((b, span) for b, x, _ in items for span in x.evidence),
        )
        target = next((t for _, _, t in items if t is not None), None)
        if target is None:
            loose.append(merged)
        else:
            attached.setdefault(target, []).append(merged)
    return attached, loose


def _merge_quotes(briefs: Sequence[Brief]) -> tuple[MergedQuote, ...]:
    by_key: dict[str, list[tuple[int, Quote]]] = {}
    for b, brief in enumerate(briefs):
        for q in brief.quotes:
            key = words_key(q.text)
            if key:
                by_key.setdefault(key, []).append((b, q))
    return tuple(
        MergedQuote(
            text=items[0][1].text,
            speaker=next((q.speaker for _, q in items if q.speaker), None),
            speaker_role=next((q.speaker_role for _, q in items if q.speaker_role), None),
            articles=distinct(b for b, _ in items),
            evidence=tuple((b, q.span) for b, q in items),
        )
        for items in by_key.values()
    )


def _build_event(briefs: Sequence[Brief]) -> Event:
    # The most detailed report leads: its headline stands for the event and, being
    # first, its wording wins when items from several reports are merged.
    lead = max(range(len(briefs)), key=lambda i: (_richness(briefs[i]), -i))
    ordered = [briefs[lead], *briefs[:lead], *briefs[lead + 1 :]]
    merged_auths = _merge_authorisations(ordered)
    attached, loose = _merge_exclusions(ordered, merged_auths)
    authorisations = tuple(
        replace(auth, exclusions=tuple(attached.get(g, ()))) for g, (auth, _) in enumerate(merged_auths)
    )
    return Event(
        briefs=tuple(ordered),
        authorisations=authorisations,
        exclusions=tuple(loose),
        quotes=_merge_quotes(ordered),
    )
