"""The daily briefing: many Briefs for one day rendered as one Markdown document.

The document is meant to be read in a few minutes and pasted into email or a wiki. The
briefs are grouped into events (`events`), shaped here into plain view objects, and printed
by the template, which escapes every value (`markdown`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from summarizer.briefing.changes import compare
from summarizer.briefing.events import (
    Event,
    MergedExclusion,
    MergedQuote,
    brief_date,
    brief_headline,
    distinct,
    group_events,
    select_for_day,
    unique_articles,
)
from summarizer.briefing.markdown import TEMPLATE_NAME, SafeMarkdown, environment, safe_url
from summarizer.briefing.similarity import words_key
from summarizer.extract.answers import ended_summary
from summarizer.models import Brief, Evidence
from summarizer.text.fold import QUOTE_CHARS, compare_key
from summarizer.text.matching import mentioned_in
from summarizer.text.sentences import first_sentence

__all__ = ["briefing_context", "render_briefing", "summary_sentence"]

RefSpan = tuple[int, Evidence]
"""An evidence span and the reference number of the article it indexes."""


@dataclass(frozen=True)
class _ArticleView:
    ref: int
    short: str
    """Outlet name, else title, else id: how the article is named inline."""
    outlet_prefix: str | None
    """The outlet, shown before `label` when the label is the title."""
    label: str
    url: str | None
    """Only set when it is safe to link."""
    unlinked_url: str | None
    path: str | None
    sources: tuple[str, ...]
    indent: SafeMarkdown
    """Spaces that nest a line under this article's numbered item, whatever its width."""
    sha256: str
    source_evidence: tuple[tuple[Evidence, ...], ...]
    """The spans naming each of `sources`, in the same order."""


@dataclass(frozen=True)
class _ExclusionView:
    what: str
    stated_by: str | None
    applies_to: str | None
    refs: tuple[int, ...]
    evidence: tuple[RefSpan, ...]


@dataclass(frozen=True)
class _AuthorisationView:
    who: str
    whom: str
    action: str
    instruments: tuple[str, ...]
    scope: str | None
    conditions: str | None
    status: str
    refs: tuple[int, ...]
    exclusions: tuple[_ExclusionView, ...]
    evidence: tuple[RefSpan, ...]


@dataclass(frozen=True)
class _QuoteView:
    text: str
    attribution: str | None
    refs: tuple[int, ...]
    evidence: tuple[RefSpan, ...]


@dataclass(frozen=True)
class _UnverifiedView:
    kind: str
    """"authorisation" or "exclusion"."""
    text: str
    reason: str
    ref: int
    evidence: tuple[RefSpan, ...]


@dataclass(frozen=True)
class _EventView:
    headline: str
    summary: str
    refs: tuple[int, ...]
    reporters: tuple[_ArticleView, ...]
    authorisations: tuple[_AuthorisationView, ...]
    exclusions: tuple[_ExclusionView, ...]
    quotes: tuple[_QuoteView, ...]
    unverified: int
    unverified_items: tuple[_UnverifiedView, ...]
    """Only the HTML briefing lists them; the Markdown one counts them."""


@dataclass(frozen=True)
class _UndatedView:
    headline: str
    summary: str
    refs: tuple[int, ...]


# Quotations shown per event in "Key quotes"; every one stays in the briefs' JSON.
KEY_QUOTES_PER_EVENT = 3


def summary_sentence(summary: str) -> str:
    """The summary's first whole sentence, or "" when it has none: the headline then stands alone.

    A fragment would read as a statement the article never made, while the headline, shown
    anyway, is a whole one.
    """
    # Briefs written before `ended_summary` learnt that a cut can follow a period may still end
    # inside a sentence; on briefs written since it changes nothing.
    return first_sentence(ended_summary(summary))


_CITING_WORDS = ("citing", "cited", "via", "according", "quoting", "through", "from")


def _source_text(name: str, kind: str, via: str | None) -> str:
    # "other" says nothing to a reader; it is the kind of most people quoted in an article.
    text = name if kind == "other" else f"{name} ({kind})"
    if via and via.strip():
        # `via` can hold either direction ("citing X", "cited by Y"); only add the
        # verb when the extraction left it out.
        joiner = " " if via.strip().casefold().startswith(_CITING_WORDS) else " via "
        text += "," + joiner + via.strip()
    return text


def _article_view(brief: Brief, ref: int) -> _ArticleView:
    info = brief.article
    outlet = (info.source or "").strip() or None
    title = (info.title or "").strip() or None
    fallback = info.id or info.path or f"Article {ref}"
    linkable = safe_url(info.url) is not None
    named = [(_source_text(s.name, s.kind, s.via), s.evidence) for s in brief.sources if s.name.strip()]
    sources = distinct((text for text, _ in named), words_key)
    # A source named twice is listed once, so both namings' spans go with that one line.
    spans: dict[str, list[Evidence]] = {}
    for text, evidence in named:
        spans.setdefault(words_key(text), []).extend(evidence)
    return _ArticleView(
        ref=ref,
        short=outlet or title or fallback,
        outlet_prefix=outlet if title else None,
        label=title or outlet or fallback,
        url=info.url if linkable else None,
        unlinked_url=info.url if info.url and not linkable else None,
        path=info.path,
        sources=sources,
        indent=SafeMarkdown(" " * (len(f"{ref}. "))),
        sha256=info.sha256,
        source_evidence=tuple(tuple(spans[words_key(text)]) for text in sources),
    )


def _joined(values: Sequence[str]) -> str | None:
    return "; ".join(values) if values else None


def _ref_spans(evidence: Sequence[tuple[int, Evidence]], refs: Sequence[int]) -> tuple[RefSpan, ...]:
    return tuple((refs[i], span) for i, span in evidence)


def _exclusion_view(x: MergedExclusion, refs: Sequence[int]) -> _ExclusionView:
    return _ExclusionView(
        what=x.what,
        stated_by=_joined(x.stated_by),
        applies_to=_joined(x.applies_to),
        refs=tuple(refs[i] for i in x.articles),
        evidence=_ref_spans(x.evidence, refs),
    )


def _unverified_views(event: Event, refs: Sequence[int]) -> tuple[_UnverifiedView, ...]:
    views: list[_UnverifiedView] = []
    for brief, ref in zip(event.briefs, refs, strict=True):
        for item in brief.unverified:
            if item.authorisation is not None:
                a = item.authorisation
                who = (a.authoriser or "").strip() or "Unnamed authoriser"
                whom = a.authorised.strip() or "unnamed party"
                kind, text, evidence = "authorisation", f"{who} → {whom}: {a.action}", a.evidence
            elif item.exclusion is not None:
                kind, text, evidence = "exclusion", f"Not covered: {item.exclusion.what}", item.exclusion.evidence
            else:
                continue
            views.append(_UnverifiedView(kind, text, item.reason, ref, tuple((ref, span) for span in evidence)))
    return tuple(views)


def _attribution(q: MergedQuote) -> str | None:
    speaker = (q.speaker or "").strip()
    role = (q.speaker_role or "").strip()
    # A role already spelled out in the speaker's name ("Anthony Blinken US Secretary of State") is not repeated.
    if role and compare_key(role) in compare_key(speaker):
        role = ""
    return ", ".join(p for p in (speaker, role) if p) or None


def _event_view(event: Event, refs: Sequence[int], reporters: Sequence[_ArticleView]) -> _EventView:
    return _EventView(
        headline=event.headline,
        summary=summary_sentence(event.summary),
        refs=tuple(refs),
        reporters=tuple(reporters),
        authorisations=tuple(
            _AuthorisationView(
                who=(a.authoriser or "").strip() or "Unnamed authoriser",
                whom=a.authorised.strip() or "unnamed party",
                action=a.action,
                instruments=a.instruments,
                scope=_joined(a.scopes),
                conditions=_joined(a.conditions),
                status=" / ".join(a.statuses),
                refs=tuple(refs[i] for i in a.articles),
                exclusions=tuple(_exclusion_view(x, refs) for x in a.exclusions),
                evidence=_ref_spans(a.evidence, refs),
            )
            for a in event.authorisations
        ),
        exclusions=tuple(_exclusion_view(x, refs) for x in event.exclusions),
        quotes=tuple(
            _QuoteView(
                text=q.text.strip().strip(QUOTE_CHARS),
                attribution=_attribution(q),
                refs=tuple(refs[i] for i in q.articles),
                evidence=_ref_spans(q.evidence, refs),
            )
            for q in key_quotes(event)
        ),
        unverified=sum(len(b.unverified) for b in event.briefs),
        unverified_items=_unverified_views(event, refs),
    )


def key_quotes(event: Event, limit: int = KEY_QUOTES_PER_EVENT) -> list[MergedQuote]:
    """The few quotations a reader needs: attributed ones, the decision-makers' first, in article order.

    An unattributed quotation says nothing about who stands behind it, and a briefing that
    repeats every quotation buries the one from the person who decided.
    """
    deciders = [a.authoriser for a in event.authorisations if a.authoriser]
    deciders += [name for x in event.exclusions for name in x.stated_by]
    attributed = [q for q in event.quotes if (q.speaker or "").strip()]

    def decided(q: MergedQuote) -> bool:
        speaker = q.speaker or ""
        return any(mentioned_in(d, speaker) or mentioned_in(speaker, d) for d in deciders)

    return sorted(attributed, key=lambda q: not decided(q))[:limit]


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def render_briefing(briefs: Sequence[Brief], day: dt.date | None, *, title: str | None = None) -> str:
    """The Markdown briefing for `day`: the briefs dated that day grouped into events,
    plus a separate section for briefs that carry no date. Briefs of other days are left out;
    with `day=None` every dated brief is in (a briefing over a whole folder).

    `title` replaces the word "Briefing" in the heading; the date is always shown.
    """
    rendered = environment().get_template(TEMPLATE_NAME).render(briefing_context(briefs, day, title=title))
    # Values never contain newlines (escape_md collapses them), so this only tidies
    # the template's own blank lines between optional blocks.
    return re.sub(r"\n{3,}", "\n\n", rendered).strip() + "\n"


def briefing_context(briefs: Sequence[Brief], day: dt.date | None, *, title: str | None = None) -> dict[str, Any]:
    """What the briefing shows, as view objects for a template: the one selection behind both the
    Markdown and the HTML briefing (`render_briefing`, `summarizer.briefing.html`).
    """
    dated, undated_briefs = select_for_day(briefs, day)
    events = group_events(dated)
    undated_unique = unique_articles(undated_briefs)

    articles: list[_ArticleView] = []
    event_views: list[_EventView] = []
    for event in events:
        refs = list(range(len(articles) + 1, len(articles) + 1 + len(event.briefs)))
        reporters = [_article_view(b, r) for b, r in zip(event.briefs, refs, strict=True)]
        articles.extend(reporters)
        event_views.append(_event_view(event, refs, reporters))
    undated: list[_UndatedView] = []
    for brief in undated_unique:
        ref = len(articles) + 1
        articles.append(_article_view(brief, ref))
        undated.append(
            _UndatedView(headline=brief_headline(brief), summary=summary_sentence(brief.summary), refs=(ref,))
        )

    n_dated = len(articles) - len(undated)
    counts = f"{_plural(n_dated, 'article')}, {_plural(len(events), 'event')}"
    if undated:
        counts += f"; {_plural(len(undated), 'undated article')} listed separately"

    decision_events = [e for e in event_views if e.authorisations or e.exclusions]
    context: dict[str, Any] = {
        "heading": f"{(title or '').strip() or 'Briefing'} — {day.isoformat() if day else 'all dates'}",
        "day": day.isoformat() if day else "any day",
        "counts": counts,
        "events": event_views,
        "decision_events": decision_events,
        # Events with nothing confirmed get one line between them, not a heading each: the section is
        # for what the checks confirmed.
        "unverified_elsewhere": sum(e.unverified for e in event_views if e not in decision_events),
        "quotes": [q for e in event_views for q in e.quotes],
        "articles": articles,
        "undated": undated,
    }
    context.update(_changes_context(briefs, day, dated, articles))
    return context


def _changes_context(
    briefs: Sequence[Brief], day: dt.date | None, current: Sequence[Brief], articles: Sequence[_ArticleView]
) -> dict[str, Any]:
    """ "What changed": `day`'s decisions against every brief dated before it. `changes_since` (the
    latest earlier day) is None when there is nothing to compare with, and the section is left out."""
    earlier = [b for b in briefs if day is not None and (when := brief_date(b)) is not None and when < day]
    latest = max((d for b in earlier if (d := brief_date(b)) is not None), default=None)
    return {
        "changes": compare(earlier, current) if earlier else [],
        "changes_since": latest.isoformat() if latest else None,
        # Today's side of a change is one of the briefing's own articles; the earlier side is not listed.
        "change_refs": {a.sha256: (a.ref,) for a in articles},
    }
