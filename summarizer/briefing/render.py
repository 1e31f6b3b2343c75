"""The daily briefing: many Briefs for one day rendered as one Markdown document.

The document is meant to be read in a few minutes and pasted into email or a wiki,
so every piece of article-derived text is escaped before it reaches the output:
an article is untrusted input and must not be able to add headings, links, HTML
or list structure of its own.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any, TypeVar
from urllib.parse import quote, urlsplit

import jinja2

from summarizer.models import Authorisation, AuthorisationStatus, Brief, Exclusion

__all__ = [
    "Event",
    "MergedAuthorisation",
    "MergedExclusion",
    "MergedQuote",
    "SafeMarkdown",
    "brief_date",
    "escape_md",
    "group_events",
    "render_briefing",
    "safe_url",
    "select_for_day",
]

TEMPLATE_NAME = "briefing.md.j2"

# Two briefs are one event when their headline+summary content words overlap at least
# this much (Jaccard). Measured on hand-written pairs about one day's news: two outlets
# retelling the same wire story score about 0.8; "Germany lets Ukraine use its weapons
# in Russia" against "Biden lets Ukraine use US weapons in Russia" - same actors, same
# day, different decision - scores 0.39; unrelated Ukraine stories score under 0.1.
# A false merge hides a story from the reader while a false split only shows it twice,
# so the bar sits above the related-but-different case. Freely reworded reports of one
# event (about 0.2) are left to the authorisation rule, which does not depend on wording.
TEXT_SIMILARITY_THRESHOLD = 0.5
# Below this many content words a Jaccard score is dominated by chance: two three-word
# headlines sharing "Russia" and "strike" would already score 0.5.
MIN_TOKENS_FOR_SIMILARITY = 5
# Actions are short phrases, so half their content words in common is already a
# restatement ("strike inside Russia with US weapons" / "use US weapons to strike
# targets inside Russia" = 0.67) while different permissions differ in the verb or object.
ACTION_SIMILARITY_THRESHOLD = 0.5

_STOPWORD_LIST = """
    a about above after again against all also am an and any are as at be because been
    before being below between both but by can could did do does doing down during each
    few for from further had has have having he her here hers him his how i if in into
    is it its itself just me more most my no nor not now of off on once only or other
    our out over own same she should so some such than that the their them then there
    these they this those through to too under until up us very was we were what when
    where which while who whom why will with would you your
    said says say according reported reports report told tells new news via per
"""
_STOPWORDS = frozenset(_STOPWORD_LIST.split())
# Party and instrument names are short and their small words carry meaning ("US").
_NAME_STOPWORDS = frozenset({"a", "an", "the", "of", "and", "its", "their"})
# Stemmed words that name no particular weapon: "weapons" would otherwise overlap with
# every instrument list and tie unrelated arms decisions together.
_GENERIC_INSTRUMENT_WORDS = frozenset(
    {"weapon", "arm", "missil", "rocket", "system", "munition", "ammunition", "equipment", "aid", "us", "american"}
)


# --------------------------------------------------------------------------- escaping


class SafeMarkdown(str):
    """Text that is already valid Markdown and must reach the output unchanged.

    Any str operation (concatenation, join, slicing) returns a plain str again,
    so a value only stays trusted while nobody has touched it.
    """

    __slots__ = ()


# Escaped wherever they occur: each can start inline markup mid-line (emphasis, code,
# links, GFM tables and strikethrough), and a backslash would swallow the next char.
_INLINE_ESCAPES = {c: "\\" + c for c in "\\`*_[]|~"}
# HTML-escaped rather than backslash-escaped: renderers that pass HTML through would
# otherwise see tags, and entities read correctly in both HTML and Markdown.
_INLINE_ESCAPES.update({"<": "&lt;", ">": "&gt;", "&": "&amp;"})
_ESCAPE_TABLE = str.maketrans(_INLINE_ESCAPES)
# These only have meaning at the start of a block. Newlines are collapsed, so the start
# of the value is the only place where a block can start - but a value that follows a
# "- " bullet is such a place, as "- # x" is a heading inside a list item. A leading "("
# could complete a link if a template ever prints a value right after a "]".
_LEADING_ESCAPES = frozenset("#+-=(")
_LEADING_ORDERED_MARKER = re.compile(r"(\d{1,9})([.)])")


def escape_md(value: object) -> SafeMarkdown:
    """Make `value` inert inside a Markdown line: it renders as the same visible text."""
    if isinstance(value, SafeMarkdown):
        return value
    text = " ".join(str(value).split())  # str.split also breaks on \u2028, \x1c-\x1f, NEL
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Cc")
    text = text.translate(_ESCAPE_TABLE)
    if text[:1] in _LEADING_ESCAPES:
        text = "\\" + text
    else:
        marker = _LEADING_ORDERED_MARKER.match(text)
        if marker:
            text = marker.group(1) + "\\" + text[marker.end(1) :]
    return SafeMarkdown(text)


# Everything else (space, parentheses, angle brackets, quotes, backslash, controls,
# non-ASCII) is percent-encoded, so the destination cannot end early or smuggle markup.
# "%" stays so already-encoded URLs are not encoded twice.
_URL_SAFE_CHARS = "!#$&'*+,/:;=?@[]~%-._"
_URL_IGNORED = str.maketrans("", "", "\t\r\n")


def safe_url(url: str | None) -> str | None:
    """The URL ready for a Markdown link destination, or None when it must not be linked.

    Only absolute http(s) URLs pass; everything that could end the destination early
    (spaces, parentheses, angle brackets, controls) is percent-encoded.
    """
    if not url:
        return None
    # Browsers (WHATWG) and urlsplit ignore tab/CR/LF anywhere in a URL, so "java\nscript:"
    # is a javascript: URL; drop them first so the scheme check sees what a browser sees.
    candidate = url.strip().translate(_URL_IGNORED)
    parts = urlsplit(candidate)
    if parts.scheme.lower() not in {"http", "https"} or not parts.netloc:
        return None
    return quote(candidate, safe=_URL_SAFE_CHARS)


def md_link(text: object, url: str | None) -> SafeMarkdown:
    href = safe_url(url)
    label = escape_md(text)
    if href is None or not label:
        return label
    return SafeMarkdown(f"[{label}]({href})")


def format_refs(refs: Iterable[int]) -> SafeMarkdown:
    numbers = sorted(set(refs))
    if not numbers:
        return SafeMarkdown("")
    return SafeMarkdown("[" + ", ".join(str(n) for n in numbers) + "]")


def _finalize(value: object) -> object:
    # Runs on every {{ }} output, so a template author cannot forget to escape;
    # only values built by the filters here (already escaped) get through as they are.
    if value is None:
        # A None reaching the output is a template bug, like an undefined variable.
        raise ValueError("None rendered in the briefing template; guard it with {% if %}")
    if isinstance(value, SafeMarkdown):
        return value
    return escape_md(value)


@functools.lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("summarizer", "templates"),
        undefined=jinja2.StrictUndefined,
        autoescape=False,  # HTML autoescaping is the wrong escaping for Markdown; see _finalize
        finalize=_finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["escape_md"] = escape_md
    env.filters["link"] = md_link
    env.filters["refs"] = format_refs
    return env


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


# --------------------------------------------------------------------------- normalising


_WORD = re.compile(r"[^\W_]+")
_POSSESSIVE = re.compile(r"['’]s\b")


def _stem(word: str) -> str:
    # Deliberately crude: it only has to map "strikes"/"striking"/"strike" and
    # "authorized"/"authorises" onto one key; it never reaches the output.
    word = re.sub(r"iz(e|ed|es|ing|ation)$", r"is\1", word)
    for suffix in ("ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            break
    if word.endswith("e") and len(word) > 3:
        word = word[:-1]
    return word


def _tokens(text: str | None, stopwords: frozenset[str]) -> frozenset[str]:
    if not text:
        return frozenset()
    words = _WORD.findall(_POSSESSIVE.sub("", text.casefold()))
    return frozenset(_stem(w) for w in words if w not in stopwords and (len(w) > 1 or w.isdigit()))


def content_words(text: str | None) -> frozenset[str]:
    return _tokens(text, _STOPWORDS)


def _name_key(text: str | None) -> frozenset[str]:
    return _tokens(text, _NAME_STOPWORDS)


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    if not a and not b:
        return 0.0
    return len(a & b) / len(a | b)


def _names_match(a: str | None, b: str | None) -> bool:
    # Subset rather than equality so "Ukraine" matches "Ukraine's armed forces"
    # and "HIMARS" matches "HIMARS launchers".
    ka, kb = _name_key(a), _name_key(b)
    return bool(ka) and bool(kb) and (ka <= kb or kb <= ka)


def _instruments_overlap(a: Sequence[str], b: Sequence[str]) -> bool:
    for x in a:
        for y in b:
            kx, ky = _name_key(x), _name_key(y)
            if kx and ky and (kx <= ky or ky <= kx) and (kx & ky) - _GENERIC_INSTRUMENT_WORDS:
                return True
    return False


def authorisations_match(a: Authorisation, b: Authorisation) -> bool:
    """Whether two extracted authorisations describe the same permission."""
    if not _names_match(a.authorised, b.authorised):
        return False
    if _instruments_overlap(a.instruments, b.instruments):
        return True
    return _names_match(a.authoriser, b.authoriser) and (
        jaccard(content_words(a.action), content_words(b.action)) >= ACTION_SIMILARITY_THRESHOLD
    )


def _brief_text_words(brief: Brief) -> frozenset[str]:
    return content_words(f"{brief.headline} {brief.summary}")


def texts_match(a: Brief, b: Brief) -> bool:
    wa, wb = _brief_text_words(a), _brief_text_words(b)
    if min(len(wa), len(wb)) < MIN_TOKENS_FOR_SIMILARITY:
        return False
    return jaccard(wa, wb) >= TEXT_SIMILARITY_THRESHOLD


def _casefold_key(text: str) -> str:
    return " ".join(_WORD.findall(text.casefold()))


# --------------------------------------------------------------------------- grouping


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


@dataclass(frozen=True)
class MergedExclusion:
    what: str
    stated_by: tuple[str, ...]
    applies_to: tuple[str, ...]
    articles: tuple[int, ...]
    """Positions in `Event.briefs` of the articles that report it."""


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


@dataclass(frozen=True)
class MergedQuote:
    text: str
    speaker: str | None
    speaker_role: str | None
    articles: tuple[int, ...]


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
        return _headline(self.briefs[0])

    @property
    def summary(self) -> str:
        return self.briefs[0].summary


def _headline(brief: Brief) -> str:
    return brief.headline.strip() or brief.article.title or brief.article.id or "Untitled article"


def _brief_sort_key(brief: Brief) -> tuple[str, str, str, str]:
    info = brief.article
    return ((info.source or "").casefold(), (info.title or "").casefold(), info.id, info.sha256)


def _distinct(values: Iterable[T | None], key: Callable[[T], object] = lambda v: v) -> tuple[T, ...]:
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


def _merge_authorisations(
    briefs: Sequence[Brief],
) -> list[tuple[MergedAuthorisation, list[tuple[int, Authorisation]]]]:
    instances = [(b, i, auth) for b, brief in enumerate(briefs) for i, auth in enumerate(brief.authorisations)]
    groups = _cluster(instances, lambda x, y: authorisations_match(x[2], y[2]))
    merged: list[tuple[MergedAuthorisation, list[tuple[int, Authorisation]]]] = []
    for members in groups:
        items = [instances[m] for m in members]
        auths = [auth for _, _, auth in items]
        merged.append(
            (
                MergedAuthorisation(
                    authoriser=next((a.authoriser for a in auths if a.authoriser), None),
                    authorised=auths[0].authorised,
                    action=auths[0].action,
                    instruments=_distinct((x for a in auths for x in a.instruments), _name_key),
                    scopes=_distinct((a.scope for a in auths), _casefold_key),
                    conditions=_distinct((a.conditions for a in auths), _casefold_key),
                    statuses=_distinct(a.status for a in auths),
                    articles=_distinct(b for b, _, _ in items),
                    exclusions=(),
                ),
                [(b, auth) for b, _, auth in items],
            )
        )
    return merged


def _exclusion_target(
    brief_pos: int,
    exclusion: Exclusion,
    merged: Sequence[tuple[MergedAuthorisation, list[tuple[int, Authorisation]]]],
) -> int | None:
    # applies_to is free text ("the new permission to strike inside Russia"), so the
    # authorisation sharing most of its content words wins; ties go to one reported by
    # the same article, then to the first. No shared word means we do not guess.
    wanted = content_words(exclusion.applies_to)
    if not wanted:
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
    briefs: Sequence[Brief],
    merged_auths: Sequence[tuple[MergedAuthorisation, list[tuple[int, Authorisation]]]],
) -> tuple[dict[int, list[MergedExclusion]], list[MergedExclusion]]:
    by_key: dict[str, list[tuple[int, Exclusion, int | None]]] = {}
    for b, brief in enumerate(briefs):
        for exclusion in brief.exclusions:
            key = _casefold_key(exclusion.what)
            if not key:
                continue
            by_key.setdefault(key, []).append((b, exclusion, _exclusion_target(b, exclusion, merged_auths)))
    attached: dict[int, list[MergedExclusion]] = {}
    loose: list[MergedExclusion] = []
    for items in by_key.values():
        excls = [x for _, x, _ in items]
        merged = MergedExclusion(
            what=excls[0].what,
            stated_by=_distinct((x.stated_by for x in excls), _casefold_key),
            applies_to=_distinct((x.applies_to for x in excls), _casefold_key),
            articles=_distinct(b for b, _, _ in items),
        )
        target = next((t for _, _, t in items if t is not None), None)
        if target is None:
            loose.append(merged)
        else:
            attached.setdefault(target, []).append(merged)
    return attached, loose


def _merge_quotes(briefs: Sequence[Brief]) -> tuple[MergedQuote, ...]:
    by_key: dict[str, list[tuple[int, str, str | None, str | None]]] = {}
    for b, brief in enumerate(briefs):
        for q in brief.quotes:
            key = _casefold_key(q.text)
            if key:
                by_key.setdefault(key, []).append((b, q.text, q.speaker, q.speaker_role))
    return tuple(
        MergedQuote(
            text=items[0][1],
            speaker=next((s for _, _, s, _ in items if s), None),
            speaker_role=next((r for _, _, _, r in items if r), None),
            articles=_distinct(b for b, _, _, _ in items),
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


def _same_event(a: Brief, b: Brief) -> bool:
    return any(authorisations_match(x, y) for x in a.authorisations for y in b.authorisations) or texts_match(a, b)


def _unique_articles(briefs: Iterable[Brief]) -> list[Brief]:
    # The same article text loaded twice (or briefed twice) is one report, not two outlets.
    seen: set[str] = set()
    unique: list[Brief] = []
    for brief in sorted(briefs, key=_brief_sort_key):
        if brief.article.sha256 not in seen:
            seen.add(brief.article.sha256)
            unique.append(brief)
    return unique


def group_events(briefs: Iterable[Brief]) -> list[Event]:
    """Group briefs that report the same event; deterministic for any input order.

    Two briefs are the same event when they share an authorisation (same authorised
    party and overlapping instruments, or same authoriser, authorised party and a
    restated action) or when their headline and summary share at least
    TEXT_SIMILARITY_THRESHOLD of their content words; the relation is closed
    transitively. Events covered by more outlets come first.
    """
    unique = _unique_articles(briefs)
    groups = _cluster(unique, _same_event)
    groups.sort(key=lambda g: (-len(g), g[0]))
    return [_build_event([unique[i] for i in g]) for g in groups]


# --------------------------------------------------------------------------- view


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


@dataclass(frozen=True)
class _ExclusionView:
    what: str
    stated_by: str | None
    applies_to: str | None
    refs: tuple[int, ...]


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


@dataclass(frozen=True)
class _QuoteView:
    text: str
    attribution: str | None
    refs: tuple[int, ...]


@dataclass(frozen=True)
class _EventView:
    headline: str
    summary: str
    refs: tuple[int, ...]
    reporters: tuple[_ArticleView, ...]
    authorisations: tuple[_AuthorisationView, ...]
    exclusions: tuple[_ExclusionView, ...]
    quotes: tuple[_QuoteView, ...]


@dataclass(frozen=True)
class _UndatedView:
    headline: str
    summary: str
    refs: tuple[int, ...]


_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*\s+")
# A period after these is not the end of a sentence ("U.S. officials", "Gen. Smith").
_ABBREVIATION = re.compile(
    r"(?:\b[A-Za-z]\.)+$|\b(?:Mr|Mrs|Ms|Dr|St|Gen|Lt|Col|Sgt|Capt|Sen|Rep|Gov|Pres|Prof|Jr|Sr|No|vs|etc|Jan|Feb|Mar"
    r"|Apr|Aug|Sept?|Oct|Nov|Dec)\.$"
)


def first_sentence(text: str) -> str:
    text = " ".join(text.split())
    for match in _SENTENCE_END.finditer(text):
        head = text[: match.start() + 1]
        if not _ABBREVIATION.search(head):
            return text[: match.end()].strip()
    return text


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
    return _ArticleView(
        ref=ref,
        short=outlet or title or fallback,
        outlet_prefix=outlet if title else None,
        label=title or outlet or fallback,
        url=info.url if linkable else None,
        unlinked_url=info.url if info.url and not linkable else None,
        path=info.path,
        sources=_distinct(
            (_source_text(s.name, s.kind, s.via) for s in brief.sources if s.name.strip()), _casefold_key
        ),
        indent=SafeMarkdown(" " * (len(f"{ref}. "))),
    )


def _joined(values: Sequence[str]) -> str | None:
    return "; ".join(values) if values else None


def _exclusion_view(x: MergedExclusion, refs: Sequence[int]) -> _ExclusionView:
    return _ExclusionView(
        what=x.what,
        stated_by=_joined(x.stated_by),
        applies_to=_joined(x.applies_to),
        refs=tuple(refs[i] for i in x.articles),
    )


def _attribution(q: MergedQuote) -> str | None:
    speaker = (q.speaker or "").strip()
    role = (q.speaker_role or "").strip()
    # A role already spelled out in the speaker's name ("Anthony Blinken US Secretary of State") is not repeated.
    if role and role.casefold() in speaker.casefold():
        role = ""
    return ", ".join(p for p in (speaker, role) if p) or None


def _event_view(event: Event, refs: Sequence[int], reporters: Sequence[_ArticleView]) -> _EventView:
    return _EventView(
        headline=event.headline,
        summary=first_sentence(event.summary),
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
            )
            for a in event.authorisations
        ),
        exclusions=tuple(_exclusion_view(x, refs) for x in event.exclusions),
        quotes=tuple(
            _QuoteView(
                text=q.text.strip().strip("\"'“”‘’"),
                attribution=_attribution(q),
                refs=tuple(refs[i] for i in q.articles),
            )
            for q in event.quotes
        ),
    )


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def render_briefing(briefs: Sequence[Brief], day: dt.date | None, *, title: str | None = None) -> str:
    """The Markdown briefing for `day`: the briefs dated that day grouped into events,
    plus a separate section for briefs that carry no date. Briefs of other days are left out;
    with `day=None` every dated brief is in (a briefing over a whole folder).

    `title` replaces the word "Briefing" in the heading; the date is always shown.
    """
    dated, undated_briefs = select_for_day(briefs, day)
    events = group_events(dated)
    undated_unique = _unique_articles(undated_briefs)

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
        undated.append(_UndatedView(headline=_headline(brief), summary=first_sentence(brief.summary), refs=(ref,)))

    n_dated = len(articles) - len(undated)
    counts = f"{_plural(n_dated, 'article')}, {_plural(len(events), 'event')}"
    if undated:
        counts += f"; {_plural(len(undated), 'undated article')} listed separately"

    context: dict[str, Any] = {
        "heading": f"{(title or '').strip() or 'Briefing'} — {day.isoformat() if day else 'all dates'}",
        "day": day.isoformat() if day else "any day",
        "counts": counts,
        "events": event_views,
        "decision_events": [e for e in event_views if e.authorisations or e.exclusions],
        "quotes": [q for e in event_views for q in e.quotes],
        "articles": articles,
        "undated": undated,
    }
    rendered = _environment().get_template(TEMPLATE_NAME).render(context)
    # Values never contain newlines (escape_md collapses them), so this only tidies
    # the template's own blank lines between optional blocks.
    return re.sub(r"\n{3,}", "\n\n", rendered).strip() + "\n"
