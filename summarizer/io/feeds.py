"""The pure half of `summarizer fetch`: URLs, names, content types and feeds, no I/O.

`canonical_url` decides when two links are the same article, `article_stem` names its file,
`parse_feed` turns RSS or Atom bytes (through feedparser) into the links to fetch. Nothing
here touches the network or the disk, so every rule is testable on strings.
"""

from __future__ import annotations

import codecs
import datetime as dt
import email.utils
import hashlib
import io
import re
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

import feedparser

__all__ = [
    "Feed",
    "FeedItem",
    "NotAFeedError",
    "article_stem",
    "canonical_url",
    "charset_of",
    "date_as_written",
    "is_feed_type",
    "is_html_type",
    "media_type",
    "parse_feed",
    "read_feed_list",
]

# Query parameters that only say how a reader arrived (campaigns, ad clicks, mail tools): the same
# article behind any of them is one article.
_TRACKING_PREFIXES = ("utm_",)
_TRACKING_PARAMS = frozenset(
    {"fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "twclid", "igshid", "mc_cid", "mc_eid"}
)
_DEFAULT_PORTS = {"http": 80, "https": 443}

_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})


class NotAFeedError(ValueError):
    """Bytes feedparser does not recognise as RSS or Atom; `str()` says why in one line."""


@dataclass(frozen=True)
class FeedItem:
    """One entry of a feed: the link to fetch and what the feed says about it."""

    link: str
    title: str | None
    published: dt.date | None


@dataclass(frozen=True)
class Feed:
    title: str | None
    items: tuple[FeedItem, ...]


# --------------------------------------------------------------------------- URLs and names


def canonical_url(url: str) -> str:
    """The form of an http(s) URL that two links to one article share; `ValueError` for anything else.

    Scheme and host are lower-cased, a default port, the fragment, tracking parameters (`utm_*`,
    `fbclid`, `gclid`, ...) and a trailing slash are dropped, and the remaining query parameters
    are sorted. `http` and `https` stay distinct: a site may serve different things on each.
    """
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS:
        raise ValueError("not an http(s) URL")
    try:
        host = parts.hostname
        port = parts.port
    except ValueError as error:  # a port that is not a number, an unclosed IPv6 bracket
        raise ValueError(f"invalid URL ({error})") from None
    if not host:
        raise ValueError("no host in the URL")
    netloc = f"[{host}]" if ":" in host else host
    if port is not None and port != _DEFAULT_PORTS[scheme]:
        netloc = f"{netloc}:{port}"
    path = parts.path or "/"
    if len(path) > 1:
        path = path.rstrip("/") or "/"
    query = [
        (key, value)
        for key, value in parse_qsl(parts.query, keep_blank_values=True)
        if not key.lower().startswith(_TRACKING_PREFIXES) and key.lower() not in _TRACKING_PARAMS
    ]
    return urlunsplit((scheme, netloc, path, urlencode(sorted(query), quote_via=quote), ""))


def article_stem(canonical: str) -> str:
    """A file stem that depends only on the canonical URL: the host for people, a hash for uniqueness."""
    host = urlsplit(canonical).hostname or "article"
    readable = re.sub(r"[^a-z0-9.]+", "-", host.removeprefix("www.")).strip(".-")[:40] or "article"
    digest = hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:16]
    return f"{readable}-{digest}"


def read_feed_list(text: str) -> list[str]:
    """The URLs of a feeds file: one per line; blank lines and lines starting with `#` are skipped.

    A `#` after a space also starts a comment; a `#` inside a URL (a fragment) does not.
    """
    urls: list[str] = []
    for line in text.splitlines():
        entry = re.split(r"\s#", line, maxsplit=1)[0].strip()
        if entry and not entry.startswith("#"):
            urls.append(entry)
    return urls


# --------------------------------------------------------------------------- content types


def media_type(content_type: str | None) -> str:
    """`text/html; charset=utf-8` -> `text/html`; empty when there is no header."""
    return (content_type or "").split(";", 1)[0].strip().lower()


def charset_of(content_type: str | None) -> str | None:
    """The charset a Content-Type header declares, when Python knows the codec."""
    match = re.search(r"charset\s*=\s*[\"']?([\w.:-]+)", content_type or "", re.IGNORECASE)
    if match is None:
        return None
    try:
        return codecs.lookup(match.group(1)).name
    except LookupError:
        return None


def is_html_type(content_type: str | None) -> bool:
    """An HTML page, or a server that did not say (the extraction then decides)."""
    kind = media_type(content_type)
    return not kind or kind in _HTML_TYPES


def is_feed_type(content_type: str | None) -> bool:
    """What a feed may be served as: any XML or text type (servers label feeds loosely), or nothing."""
    kind = media_type(content_type)
    return not kind or kind.startswith("text/") or "xml" in kind or "rss" in kind or "atom" in kind


# --------------------------------------------------------------------------- feeds


def parse_feed(body: bytes, url: str, content_type: str | None = None) -> Feed:
    """RSS (0.9x, 1.0, 2.0) or Atom bytes -> the feed's title and its items' absolute links.

    `url` is where the feed was fetched from: relative links resolve against it. Entries without
    a link are left out. Raises `NotAFeedError` for anything feedparser does not recognise.
    """
    headers = {"content-location": url}
    if content_type:
        headers["content-type"] = content_type
    # Given a stream, feedparser parses it; given a string it might open it as a URL or a path.
    parsed = feedparser.parse(io.BytesIO(body), response_headers=headers)
    if not parsed.get("version"):
        problem = parsed.get("bozo_exception")
        raise NotAFeedError(f"not an RSS or Atom feed ({_one_line(problem) if problem else 'unrecognised format'})")
    feed: Mapping[str, object] = parsed.get("feed", {})
    items: list[FeedItem] = []
    for entry in parsed.get("entries", []):
        link = _entry_link(entry)
        if link is None:
            continue
        items.append(FeedItem(link=link, title=_text(entry.get("title")), published=_entry_date(entry)))
    return Feed(title=_text(feed.get("title")), items=tuple(items))


def _entry_link(entry: Mapping[str, object]) -> str | None:
    link = entry.get("link")
    if isinstance(link, str) and link.strip():
        return link.strip()
    # Atom entries may carry their address only as the id.
    ident = entry.get("id")
    if isinstance(ident, str) and ident.strip().lower().startswith(("http://", "https://")):
        return ident.strip()
    return None


def _entry_date(entry: Mapping[str, object]) -> dt.date | None:
    """The calendar date the feed states, as written: feedparser's own dates are shifted to UTC."""
    for key in ("published", "updated", "created"):
        raw = entry.get(key)
        if isinstance(raw, str):
            day = date_as_written(raw)
            if day is not None:
                return day
    for key in ("published_parsed", "updated_parsed"):
        parsed = entry.get(key)
        if isinstance(parsed, tuple) and len(parsed) >= 3:
            try:
                return dt.date(int(parsed[0]), int(parsed[1]), int(parsed[2]))
            except (TypeError, ValueError):
                continue
    return None


def date_as_written(raw: str) -> dt.date | None:
    """The date of an RFC 822 (RSS) or ISO 8601 (Atom) timestamp in its own time zone; None if neither."""
    text = raw.strip()
    try:
        return email.utils.parsedate_to_datetime(text).date()
    except (TypeError, ValueError, IndexError):
        # Python 3.10 raises TypeError where later versions raise ValueError.
        pass
    if re.match(r"[0-9]{4}-[0-9]{2}-[0-9]{2}(?![0-9])", text):
        try:
            return dt.date.fromisoformat(text[:10])
        except ValueError:
            return None
    return None


def _text(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    cleaned = " ".join(value.split())
    return cleaned or None


def _one_line(value: object) -> str:
    return " ".join(str(value).split())
