"""What changed across days: today's decisions set against the decisions of earlier briefs.

A decision today is matched to earlier ones with the same granter and receiver (names compared
after folding) that share an instrument or most of their action words. Each match is classed:

- new: nothing earlier matches (or only a request did, and now it is granted);
- widened: instruments or a scope that no earlier report of the decision named;
- narrowed: a new condition, or a new exclusion that limits an earlier decision;
- reversed: the status turns from granted to denied or revoked (or back), or a new exclusion
  takes away what was granted;
- repeated: nothing new, so not news (left out unless asked for).

Only the briefs' main lists count: items in `unverified` were not confirmed by the check, and a
change built on one would present a guess as news. Pure functions; no I/O.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Literal

from summarizer.briefing.events import brief_date, brief_headline, distinct, unique_articles
from summarizer.briefing.similarity import (
    GENERIC_INSTRUMENT_WORDS,
    content_words,
    instruments_overlap,
    jaccard,
    name_key,
    names_match,
)
from summarizer.models import Authorisation, AuthorisationStatus, Brief, Evidence, Exclusion
from summarizer.text.matching import mentioned_in

__all__ = [
    "CHANGE_KINDS",
    "Change",
    "ChangeKind",
    "Citation",
    "changes_by_day",
    "cite",
    "compare",
    "describe",
    "format_changes",
]

ChangeKind = Literal["new", "widened", "narrowed", "reversed", "repeated"]
CHANGE_KINDS: tuple[ChangeKind, ...] = ("new", "widened", "narrowed", "reversed", "repeated")

_REFUSED: frozenset[AuthorisationStatus] = frozenset({"denied", "revoked"})
_PENDING: frozenset[AuthorisationStatus] = frozenset({"requested"})
# Verbs every permission is phrased with: sharing only these says nothing about sharing a decision.
_PERMISSION_WORDS = frozenset({"use", "allow", "permit", "authoris", "let", "approv", "grant", "can", "may"})
# Two actions restate one decision when this share of the shorter one's words is in the other.
# Lower than similarity.ACTION_SIMILARITY_THRESHOLD (Jaccard): a widened permission restates the
# old action and adds words ("strike targets inside Russia" -> "strike targets deep inside Russia").
ACTION_OVERLAP = 0.5
# Two conditions, scopes or exclusions with this Jaccard of content words are the same wording.
SAME_TEXT = 0.5


@dataclass(frozen=True)
class Citation:
    """Where a day's side of a change is stated: the article and its verbatim evidence."""

    article_id: str
    article_sha256: str
    title: str
    """The article's title, else the brief's headline."""
    source: str | None
    url: str | None
    date: dt.date | None
    evidence: tuple[str, ...]
    """The article's own sentences for the item, as grounded in the brief."""

    @property
    def reference(self) -> str:
        """The article as a reader finds it again: "Outlet — Title, YYYY-MM-DD"."""
        outlet = (self.source or "").strip()
        named = f"{outlet} — {self.title}" if outlet else self.title
        return f"{named}, {self.date.isoformat()}" if self.date else named


@dataclass(frozen=True)
class Change:
    """One decision as it stands today, compared with what earlier briefs said about it."""

    kind: ChangeKind
    subject: Literal["authorisation", "exclusion"]
    """"exclusion" only for a limit that belongs to no earlier decision: then `authoriser` is who
    stated it, `authorised` what it limits (its `applies_to`) and `action` what is not covered."""
    authoriser: str | None
    authorised: str | None
    action: str
    instruments: tuple[str, ...]
    details: tuple[str, ...]
    """What is different, in words: "new instruments: ATACMS", "status: granted → revoked"."""
    current: Citation
    earlier: Citation | None
    """The most recent earlier statement it was compared with; None for a new decision."""


@dataclass(frozen=True)
class _Item:
    brief: Brief
    auth: Authorisation


def compare(earlier: Sequence[Brief], current: Sequence[Brief], *, include_repeated: bool = False) -> list[Change]:
    """The changes `current` (one day's briefs, as a rule) brings to what `earlier` briefs reported.

    Repeated decisions are left out unless `include_repeated`. The order is fixed whatever the
    input order: reversals first, then new, widened and narrowed decisions, each in article order.
    """
    before = [_Item(b, a) for b in _chronological(earlier) for a in b.authorisations]
    now_groups = _group([_Item(b, a) for b in unique_articles(current) for a in b.authorisations])
    changes = [_classify_decision(g, [x for x in before if _same_decision(x.auth, g[0].auth)]) for g in now_groups]
    earlier_exclusions = [(b, x) for b in _chronological(earlier) for x in b.exclusions]
    seen: list[Exclusion] = []
    for brief in unique_articles(current):
        for exclusion in brief.exclusions:
            if any(_same_text(exclusion.what, s.what) for s in seen):
                continue  # another outlet's copy of today's exclusion
            seen.append(exclusion)
            changes.append(_classify_exclusion(brief, exclusion, before, earlier_exclusions))
    order = {kind: i for i, kind in enumerate(("reversed", "new", "widened", "narrowed", "repeated"))}
    changes.sort(key=lambda c: order[c.kind])  # stable: article order within a kind
    return [c for c in changes if include_repeated or c.kind != "repeated"]


def changes_by_day(
    briefs: Iterable[Brief], since: dt.date, until: dt.date | None = None, *, include_repeated: bool = False
) -> list[tuple[dt.date, list[Change]]]:
    """For each day from `since` to `until` (default: the last dated brief) that has briefs, the changes
    that day brings to every brief dated before it. Undated briefs take no part."""
    dated = [(d, b) for b in briefs if (d := brief_date(b)) is not None]
    days = sorted({d for d, _ in dated if d >= since and (until is None or d <= until)})
    return [
        (
            day,
            compare(
                [b for d, b in dated if d < day], [b for d, b in dated if d == day], include_repeated=include_repeated
            ),
        )
        for day in days
    ]


# --------------------------------------------------------------------------- matching


def _chronological(briefs: Iterable[Brief]) -> list[Brief]:
    # Oldest first, so "the latest earlier statement" is the last match; undated ones count as oldest.
    return sorted(unique_articles(briefs), key=lambda b: brief_date(b) or dt.date.min)


def _action_words(text: str | None) -> frozenset[str]:
    return content_words(text) - _PERMISSION_WORDS


def _overlap(a: frozenset[str], b: frozenset[str]) -> float:
    smaller = min(len(a), len(b))
    return len(a & b) / smaller if smaller else 0.0


def _specific(instruments: Sequence[str]) -> bool:
    return any(name_key(i) - GENERIC_INSTRUMENT_WORDS for i in instruments)


def _same_decision(a: Authorisation, b: Authorisation) -> bool:
    # An unnamed granter is unknown, not different: outlets often drop "the White House said".
    granter = not name_key(a.authoriser) or not name_key(b.authoriser) or names_match(a.authoriser, b.authoriser)
    if not granter or not names_match(a.authorised, b.authorised):
        return False
    if instruments_overlap(a.instruments, b.instruments):
        return True
    # Boats revoked are not drones revoked, however alike the actions read: when both name a
    # particular instrument and none is shared, these are two permissions.
    if _specific(a.instruments) and _specific(b.instruments):
        return False
    return _overlap(_action_words(a.action), _action_words(b.action)) >= ACTION_OVERLAP


def _same_text(a: str | None, b: str | None) -> bool:
    wa, wb = content_words(a), content_words(b)
    return bool(wa) and bool(wb) and (wa == wb or jaccard(wa, wb) >= SAME_TEXT)


def _group(items: Sequence[_Item]) -> list[list[_Item]]:
    # Greedy on the first member: several outlets restating one decision on one day are one change.
    groups: list[list[_Item]] = []
    for item in items:
        home = next((g for g in groups if _same_decision(g[0].auth, item.auth)), None)
        if home is None:
            groups.append([item])
        else:
            home.append(item)
    return groups


# --------------------------------------------------------------------------- classing


def _citation(brief: Brief, evidence: Sequence[Evidence]) -> Citation:
    info = brief.article
    return Citation(
        article_id=info.id,
        article_sha256=info.sha256,
        title=(info.title or "").strip() or brief_headline(brief),
        source=info.source,
        url=info.url,
        date=brief_date(brief),
        evidence=tuple(e.text for e in evidence),
    )


def _change(kind: ChangeKind, now: _Item, details: Sequence[str], earlier: _Item | None) -> Change:
    return Change(
        kind=kind,
        subject="authorisation",
        authoriser=now.auth.authoriser,
        authorised=now.auth.authorised,
        action=now.auth.action,
        instruments=tuple(now.auth.instruments),
        details=tuple(details),
        current=_citation(now.brief, now.auth.evidence),
        earlier=None if earlier is None else _citation(earlier.brief, earlier.auth.evidence),
    )


def _new_texts(values: Iterable[str | None], known: Sequence[str | None]) -> tuple[str, ...]:
    """The values that are neither a rewording of a known one nor made only of known words."""
    words = frozenset().union(*(content_words(k) for k in known))
    return distinct(
        v for v in values if v and not content_words(v) <= words and not any(_same_text(v, k) for k in known)
    )


def _new_scopes(values: Iterable[str | None], known: Sequence[str | None]) -> tuple[str, ...]:
    # Any word a scope adds is more ground ("the Strait" -> "the Strait and the Outer Banks"), so
    # unlike a condition it is not forgiven for reading much like the old one.
    words = frozenset().union(*(content_words(k) for k in known))
    return distinct(v for v in values if v and not content_words(v) <= words)


def _classify_decision(group: Sequence[_Item], matches: Sequence[_Item]) -> Change:
    # One outlet reporting a revocation is the news of the day even when another still says "granted".
    lead = next((x for x in group if x.auth.status in _REFUSED), group[0])
    instruments = distinct((i for x in group for i in x.auth.instruments), name_key)
    kind, details, cited = _decision_kind(group, lead, instruments, matches)
    return replace(_change(kind, lead, details, cited), instruments=instruments)


def _decision_kind(
    group: Sequence[_Item], lead: _Item, instruments: Sequence[str], matches: Sequence[_Item]
) -> tuple[ChangeKind, list[str], _Item | None]:
    if not matches:
        return "new", [], None
    last = matches[-1]
    was, now = last.auth.status, lead.auth.status
    if (was in _REFUSED) != (now in _REFUSED) and _PENDING.isdisjoint({was, now}):
        # A revocation cites the grant it takes back, not an earlier report that only asked for it.
        granted = next((x for x in reversed(matches) if x.auth.status not in _REFUSED), last)
        return "reversed", [f"status: {was} → {now}"], granted if now in _REFUSED else last
    if all(x.auth.status in _PENDING for x in matches) and now not in _PENDING:
        return "new", [f"status: requested → {now}"], last
    known = [i for x in matches for i in x.auth.instruments]
    added = [i for i in instruments if not any(names_match(i, k) for k in known)]
    scopes = _new_scopes((x.auth.scope for x in group), [x.auth.scope for x in matches])
    conditions = _new_texts((x.auth.conditions for x in group), [x.auth.conditions for x in matches])
    details = [
        *([f"new instruments: {', '.join(added)}"] if added else []),
        *(f"new scope: {s}" for s in scopes),
        *(f"new condition: {c}" for c in conditions),
    ]
    if added or scopes:
        return "widened", details, last
    if conditions:
        return "narrowed", details, last
    return "repeated", details, last


def _limits(exclusion: Exclusion, item: _Item) -> int:
    """How strongly `exclusion` points at the decision: shared words of its `applies_to`, else
    of its `what` when the same party states it. 0: it does not."""
    auth = item.auth
    words = content_words(" ".join([auth.authorised, auth.action, *auth.instruments, auth.scope or ""]))
    if exclusion.applies_to:
        return len(content_words(exclusion.applies_to) & words)
    if exclusion.stated_by and names_match(exclusion.stated_by, auth.authoriser):
        return len(content_words(exclusion.what) & words)
    return 0


def _takes_away(exclusion: Exclusion, auth: Authorisation) -> bool:
    # "Use of ATACMS against targets inside Russia" takes the permission away; "strikes beyond
    # 100 km" only limits it: the exclusion must name every granted instrument and half the action.
    action = _action_words(auth.action)
    if not action:
        return False
    covered = len(action & content_words(exclusion.what)) / len(action)
    if auth.instruments:
        return covered >= ACTION_OVERLAP and all(mentioned_in(i, exclusion.what) for i in auth.instruments)
    # With no instrument to name, only the action says what is taken away, so more of it must be there.
    return covered >= 2 / 3


def _classify_exclusion(
    brief: Brief, exclusion: Exclusion, before: Sequence[_Item], earlier_exclusions: Sequence[tuple[Brief, Exclusion]]
) -> Change:
    scored = [(score, i) for i, item in enumerate(before) if (score := _limits(exclusion, item)) > 0]
    target = before[max(scored)[1]] if scored else None
    repeat = next((pair for pair in reversed(earlier_exclusions) if _same_text(pair[1].what, exclusion.what)), None)
    current = _citation(brief, exclusion.evidence)
    if target is None:
        return Change(
            kind="repeated" if repeat else "new",
            subject="exclusion",
            authoriser=exclusion.stated_by,
            authorised=exclusion.applies_to,
            action=exclusion.what,
            instruments=(),
            details=(),
            current=current,
            earlier=None if repeat is None else _citation(repeat[0], repeat[1].evidence),
        )
    change = _change("narrowed", target, (f"not covered: {exclusion.what}",), target)
    if repeat is not None:
        # A restated limit is set against where it was first said, not against the decision.
        return replace(change, kind="repeated", current=current, earlier=_citation(repeat[0], repeat[1].evidence))
    return replace(change, kind="reversed" if _takes_away(exclusion, target.auth) else "narrowed", current=current)


# --------------------------------------------------------------------------- plain text


def describe(change: Change) -> str:
    """The change on one line: "WIDENED: granter → receiver: action — what is different"."""
    if change.subject == "exclusion":
        text = f"not covered: {change.action}"
        text += f" (limits: {change.authorised})" if change.authorised else ""
        text += f" (stated by {change.authoriser})" if change.authoriser else ""
    else:
        who = (change.authoriser or "").strip() or "Unnamed authoriser"
        text = f"{who} → {(change.authorised or '').strip() or 'unnamed party'}: {change.action}"
        text += f" — {'; '.join(change.details)}" if change.details else ""
    return f"{change.kind.upper()}: {text}"


def cite(citation: Citation) -> str:
    """The article and its evidence on one line, the evidence in quotation marks."""
    said = " … ".join(" ".join(e.split()) for e in citation.evidence)
    return f"{citation.reference}: “{said}”" if said else citation.reference


def format_changes(by_day: Sequence[tuple[dt.date, Sequence[Change]]]) -> str:
    """`changes_by_day` as plain text: a `## DATE` line per day, then each change with both citations."""
    lines: list[str] = []
    for day, changes in by_day:
        lines.append(f"## {day.isoformat()}")
        for change in changes:
            lines.append(f"- {describe(change)}")
            lines.append(f"    now:    {cite(change.current)}")
            if change.earlier is not None:
                lines.append(f"    before: {cite(change.earlier)}")
        if not changes:
            lines.append("- no change")
        lines.append("")
    return "\n".join(lines)
