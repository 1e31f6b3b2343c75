"""Markdown escaping for the briefing, and the Jinja environment that applies it.

An article is untrusted input: none of its text may add headings, links, HTML or list
structure of its own to the briefing, so every value printed by the template is escaped
here unless it was built by one of the filters below.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable
from urllib.parse import quote, urlsplit

import jinja2

__all__ = ["TEMPLATE_NAME", "SafeMarkdown", "environment", "escape_md", "format_refs", "md_link", "safe_url"]

TEMPLATE_NAME = "briefing.md.j2"


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
def environment() -> jinja2.Environment:
    """The briefing's Jinja environment: templates from the package, every output escaped."""
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
