"""The daily briefing as one self-contained HTML page, with every cited article shown in it.

The page says what the Markdown briefing says (both print `render.briefing_context`), and adds
what a reader of a screen wants: each decision, exclusion, source and quotation links to its
article further down the page, where its evidence is highlighted in its section's colour. Items
the check did not confirm (`Brief.unverified`) are listed apart, labelled with the reason.

Nothing is fetched when the page is opened: the style sheet is inline and there is no script.
Every value goes through Jinja's HTML autoescaping; the only markup built here is an article's
text with its highlights (`highlight`), escaped piece by piece.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import jinja2
from markupsafe import Markup, escape

from summarizer.briefing.changes import Change
from summarizer.briefing.markdown import safe_url
from summarizer.briefing.render import RefSpan, briefing_context
from summarizer.models import Brief, Evidence

__all__ = ["HTML_TEMPLATE_NAME", "KINDS", "Highlight", "highlight", "render_html"]

HTML_TEMPLATE_NAME = "briefing.html.j2"

# Section of the briefing -> what a highlight of its evidence is called; the key is also the
# CSS class suffix (`ev-<kind>`), so each section has its own colour. Order: outermost first
# when two sections mark the very same span.
KINDS: dict[str, str] = {
    "change": "What changed",
    "auth": "Decision",
    "excl": "Not covered",
    "quote": "Quote",
    "source": "Source",
    "unverified": "Unverified",
}


@dataclass(frozen=True)
class Highlight:
    """One evidence span of one section in one article."""

    kind: str
    start: int
    end: int
    text: str

    def anchor(self, ref: int) -> str:
        return anchor(ref, self.kind, self.start, self.end)


def anchor(ref: int, kind: str, start: int, end: int) -> str:
    # Derived from the span itself, so a link and its target agree without a lookup table, and
    # two items citing the same span of the same section share one highlight.
    return f"a{ref}-{kind}-{start}-{end}"


def _escape_text(text: str) -> Markup:
    # HTML parsing turns a raw CR (and CRLF) into LF; a character reference survives as CR, so
    # the page's text stays the article's text character for character.
    return Markup(str(escape(text)).replace("\r", "&#13;"))


def _open_tag(span: Highlight, ref: int, *, first: bool) -> str:
    name = anchor(ref, span.kind, span.start, span.end)
    # Only the first piece of a split highlight carries the id: ids are unique, and a link
    # should land on the span's beginning. `data-ev` ties all the pieces together.
    ident = f' id="{name}"' if first else ""
    return f'<mark class="ev-{span.kind}"{ident} data-ev="{name}" title="{escape(KINDS[span.kind])}">'


def highlight(text: str, spans: Iterable[Highlight], ref: int) -> Markup:
    """`text` escaped, with each span in a `<mark class="ev-<kind>">`.

    Spans may nest or cross. Nested ones nest; where two cross, the one that started later is
    closed at the other's end and reopened right after, so its pieces (all with the same
    `data-ev`) read, joined in page order, as exactly its text. Spans must lie inside `text`.
    """
    order = {kind: i for i, kind in enumerate(KINDS)}
    # Longer spans first, so at a shared start the longer one opens outside the shorter.
    pending = sorted(set(spans), key=lambda s: (s.start, -s.end, order[s.kind]))
    for span in pending:
        if not 0 <= span.start < span.end <= len(text):
            raise ValueError(f"span {span.start}-{span.end} is outside a text of {len(text)} characters")
    cuts = sorted({0, len(text), *(s.start for s in pending), *(s.end for s in pending)})
    parts: list[str] = []
    stack: list[Highlight] = []
    next_span = 0
    for position, following in zip(cuts, [*cuts[1:], len(text)], strict=True):
        ending = [i for i, s in enumerate(stack) if s.end == position]
        if ending:
            # Tags must nest, so everything opened inside the first span that ends here is
            # closed with it; those that go on are reopened, the longest outermost.
            reopen = [s for s in stack[ending[0] :] if s.end != position]
            parts.append("</mark>" * (len(stack) - ending[0]))
            del stack[ending[0] :]
            for span in sorted(reopen, key=lambda s: -s.end):
                parts.append(_open_tag(span, ref, first=False))
                stack.append(span)
        while next_span < len(pending) and pending[next_span].start == position:
            span = pending[next_span]
            parts.append(_open_tag(span, ref, first=True))
            stack.append(span)
            next_span += 1
        parts.append(_escape_text(text[position:following]))
    parts.append("</mark>" * len(stack))
    return Markup("".join(parts))


@dataclass(frozen=True)
class _ArticleText:
    ref: int
    body: Markup | None
    """The highlighted text; None when the text is not at hand."""
    missing: str | None
    """Why the text is not shown, when it is not."""
    loose: tuple[Highlight, ...]
    """Evidence shown on its own: all of it when the text is missing, else spans not at their offsets."""


def _change_evidence(
    changes: Sequence[Change], briefs: Sequence[Brief], refs_by_sha: Mapping[str, Sequence[int]]
) -> list[tuple[RefSpan, ...]]:
    """Each change's evidence in today's article, as spans: a `Citation` keeps only the texts, and
    the brief it came from has them with their offsets."""
    spans_by_sha: dict[str, dict[str, Evidence]] = {}
    for brief in briefs:
        by_text = spans_by_sha.setdefault(brief.article.sha256, {})
        for evidence in [*(a.evidence for a in brief.authorisations), *(x.evidence for x in brief.exclusions)]:
            for span in evidence:
                by_text.setdefault(span.text, span)
    found: list[tuple[RefSpan, ...]] = []
    for change in changes:
        sha = change.current.article_sha256
        by_text = spans_by_sha.get(sha, {})
        spans = [by_text[text] for text in change.current.evidence if text in by_text]
        found.append(tuple((ref, span) for ref in refs_by_sha.get(sha, ()) for span in spans))
    return found


def _spans_by_ref(context: Mapping[str, Any], changes: Sequence[tuple[RefSpan, ...]]) -> dict[int, list[Highlight]]:
    found: dict[int, list[Highlight]] = {}

    def add(kind: str, evidence: Iterable[RefSpan]) -> None:
        for ref, span in evidence:
            found.setdefault(ref, []).append(Highlight(kind, span.start, span.end, span.text))

    for event in context["events"]:
        for auth in event.authorisations:
            add("auth", auth.evidence)
            for exclusion in auth.exclusions:
                add("excl", exclusion.evidence)
        for exclusion in event.exclusions:
            add("excl", exclusion.evidence)
        for quote in event.quotes:
            add("quote", quote.evidence)
        for item in event.unverified_items:
            add("unverified", item.evidence)
    for evidence in changes:
        add("change", evidence)
    for article in context["articles"]:
        for evidence in article.source_evidence:
            add("source", ((article.ref, span) for span in evidence))
    return found


def _article_text(ref: int, text: str | None, missing: str | None, spans: Sequence[Highlight]) -> _ArticleText:
    # A brief written from another version of the text has offsets that no longer fit: its
    # evidence is still shown, but not pinned to a place it does not stand in.
    def fits(s: Highlight) -> bool:
        return text is not None and s.start < s.end <= len(text) and text[s.start : s.end] == s.text

    # One highlight per anchor, and where two claim it, the one that fits the text.
    by_anchor: dict[tuple[str, int, int], Highlight] = {}
    for span in sorted(spans, key=lambda s: (s.start, s.end, s.kind, not fits(s))):
        by_anchor.setdefault((span.kind, span.start, span.end), span)
    unique = list(by_anchor.values())
    if text is None:
        return _ArticleText(ref, None, missing or "the article text is not available", tuple(unique))
    placed = [s for s in unique if fits(s)]
    return _ArticleText(ref, highlight(text, placed, ref), None, tuple(s for s in unique if not fits(s)))


def _link(ref: int, kind: str, evidence: Sequence[RefSpan]) -> str:
    """Where an item's `[ref]` points: its first span in that article, else the article."""
    span: Evidence | None = next((s for r, s in evidence if r == ref), None)
    return f"#{anchor(ref, kind, span.start, span.end)}" if span else f"#article-{ref}"


def _source_link(ref: int, spans: Sequence[Evidence]) -> str:
    return _link(ref, "source", [(ref, span) for span in spans])


@functools.lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("summarizer", "templates"),
        undefined=jinja2.StrictUndefined,
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["link"] = _link
    env.globals["source_link"] = _source_link
    env.globals["kinds"] = KINDS
    env.filters["safe_url"] = safe_url
    return env


def render_html(
    briefs: Sequence[Brief],
    day: dt.date | None,
    texts: Mapping[str, str],
    *,
    missing: Mapping[str, str] | None = None,
    title: str | None = None,
) -> str:
    """The briefing for `day` (as `render.render_briefing` selects it) as one HTML page.

    `texts` maps an article's sha256 (`Brief.article.sha256`) to its text, the one the brief's
    offsets index; `missing` maps a sha256 to why that text could not be had, which the page
    then says beside the article's evidence.
    """
    context = briefing_context(briefs, day, title=title)
    change_evidence = _change_evidence(context["changes"], briefs, context["change_refs"])
    spans = _spans_by_ref(context, change_evidence)
    shown_kinds = {h.kind for highlights in spans.values() for h in highlights}
    reasons = missing or {}
    articles = [
        _article_text(a.ref, texts.get(a.sha256), reasons.get(a.sha256), spans.get(a.ref, ()))
        for a in context["articles"]
    ]
    page = environment().get_template(HTML_TEMPLATE_NAME)
    return page.render(
        context,
        texts=articles,
        legend={kind: label for kind, label in KINDS.items() if kind in shown_kinds},
        change_evidence=change_evidence,
    )
