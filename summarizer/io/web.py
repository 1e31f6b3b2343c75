"""HTTP for `summarizer fetch`, with manners: who is asking, how long, how many at once, how much.

Every request carries `user_agent()`, has one deadline (`FetchOptions.timeout`) for the whole
exchange, waits for a slot of its host (`per_host`) and of the run (`max_in_flight`), may be
conditional (`Validators`), and is refused before its body is read when the content type is not
what was asked for or the body is over `max_bytes`. Whatever goes wrong is a `FetchFailed` whose
message is the one-line reason the report shows.
"""

from __future__ import annotations

import asyncio
import contextlib
from dataclasses import dataclass, field
from importlib import metadata
from typing import Literal
from urllib.parse import urlsplit

import httpx
from pydantic import BaseModel

from summarizer.io.encoding import DecodeError, decode
from summarizer.io.feeds import charset_of, is_feed_type, is_html_type, media_type
from summarizer.io.loaders import DEFAULT_MAX_BYTES

__all__ = ["FetchFailed", "FetchOptions", "Fetched", "Kind", "PoliteClient", "Validators", "decode_page", "user_agent"]

_FEED_ACCEPT = "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5"
_PAGE_ACCEPT = "text/html, application/xhtml+xml;q=0.9, */*;q=0.5"
_ANY_ACCEPT = "text/html, application/rss+xml, application/atom+xml, application/xml;q=0.9, */*;q=0.5"
# Used when the installed metadata names no home page.
_FALLBACK_PROJECT_URL = "https://pypi.org/project/summarizer/"

Kind = Literal["feed", "page", "any"]


def user_agent() -> str:
    """`summarizer/<version> (+<project URL>)`: site owners can see who fetches and where to ask."""
    try:
        info = metadata.metadata("summarizer")
        version = info["Version"]
        urls = [entry.split(",", 1)[-1].strip() for entry in info.get_all("Project-URL") or []]
        home = next(iter([*(info.get_all("Home-page") or []), *urls]), _FALLBACK_PROJECT_URL)
    except metadata.PackageNotFoundError:
        version, home = "0+unknown", _FALLBACK_PROJECT_URL
    return f"summarizer/{version} (+{home})"


@dataclass(frozen=True)
class FetchOptions:
    timeout: float = 20.0
    per_host: int = 2
    # The loaders refuse bigger article files; a bigger page would be refused there anyway.
    max_bytes: int = DEFAULT_MAX_BYTES
    max_in_flight: int = 8
    user_agent: str = field(default_factory=user_agent)

    def __post_init__(self) -> None:
        # A zero would make every request wait for a slot that never comes.
        for name in ("timeout", "per_host", "max_bytes", "max_in_flight"):
            if getattr(self, name) <= 0:
                raise ValueError(f"FetchOptions.{name} must be above 0, not {getattr(self, name)!r}")


class Validators(BaseModel):
    etag: str | None = None
    last_modified: str | None = None

    def request_headers(self) -> dict[str, str]:
        headers: dict[str, str] = {}
        if self.etag:
            headers["If-None-Match"] = self.etag
        if self.last_modified:
            headers["If-Modified-Since"] = self.last_modified
        return headers


class FetchFailed(Exception):
    """One URL's failure; `str()` is the reason."""


@dataclass(frozen=True)
class Fetched:
    url: str
    not_modified: bool
    content_type: str | None = None
    validators: Validators = field(default_factory=Validators)
    body: bytes = b""


def refusal(kind: Kind, content_type: str | None) -> str | None:
    """Why a response of this type is not read, or None to read it."""
    shown = media_type(content_type)
    if kind == "page" and not is_html_type(content_type):
        return f"not an HTML page (content type {shown})"
    if kind == "feed" and not is_feed_type(content_type):
        return f"not an RSS or Atom feed (content type {shown})"
    if kind == "any" and not (is_html_type(content_type) or is_feed_type(content_type)):
        return f"neither an HTML page nor a feed (content type {shown})"
    return None


class PoliteClient:
    """GET with the run's manners: one User-Agent, a deadline per request, a cap per host and in all."""

    def __init__(self, client: httpx.AsyncClient, options: FetchOptions) -> None:
        self.client = client
        self.options = options
        self.in_flight = asyncio.Semaphore(options.max_in_flight)
        self.hosts: dict[str, asyncio.Semaphore] = {}

    async def get(self, url: str, kind: Kind, validators: Validators | None) -> Fetched:
        host = urlsplit(url).netloc.lower()
        per_host = self.hosts.setdefault(host, asyncio.Semaphore(self.options.per_host))
        timeout = self.options.timeout
        async with per_host, self.in_flight:
            try:
                # httpx's timeout is per phase; this one bounds a server that trickles bytes forever.
                return await asyncio.wait_for(self._get(url, kind, validators or Validators()), timeout)
            except (asyncio.TimeoutError, httpx.TimeoutException):
                raise FetchFailed(f"timed out after {timeout:g} s") from None
            except httpx.TooManyRedirects:
                raise FetchFailed("too many redirects") from None
            except (httpx.UnsupportedProtocol, httpx.InvalidURL) as error:
                raise FetchFailed(f"invalid URL ({error})") from None
            except httpx.ConnectError as error:
                raise FetchFailed(f"cannot connect ({str(error) or type(error).__name__})") from None
            except httpx.HTTPError as error:
                raise FetchFailed(f"request failed ({type(error).__name__}: {error})") from None

    async def _get(self, url: str, kind: Kind, validators: Validators) -> Fetched:
        accept = {"feed": _FEED_ACCEPT, "page": _PAGE_ACCEPT, "any": _ANY_ACCEPT}[kind]
        headers = {"Accept": accept, **validators.request_headers()}
        async with self.client.stream("GET", url, headers=headers) as response:
            final = str(response.url)
            if response.status_code == 304:
                return Fetched(url=final, not_modified=True)
            if not 200 <= response.status_code < 300:
                raise FetchFailed(f"HTTP {response.status_code} {response.reason_phrase}".strip())
            content_type = response.headers.get("content-type")
            refused = refusal(kind, content_type)
            if refused:
                raise FetchFailed(refused)
            limit = self.options.max_bytes
            declared = response.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > limit:
                raise FetchFailed(f"body of {int(declared):,} bytes is over the {limit:,}-byte limit")
            body = bytearray()
            # Counted after decompression, so a small gzip bomb cannot get past the limit either.
            async for chunk in response.aiter_bytes():
                body += chunk
                if len(body) > limit:
                    raise FetchFailed(f"body is over the {limit:,}-byte limit")
            fresh = Validators(etag=response.headers.get("etag"), last_modified=response.headers.get("last-modified"))
            return Fetched(url=final, not_modified=False, content_type=content_type, validators=fresh, body=bytes(body))


def decode_page(body: bytes, content_type: str | None) -> str:
    """The page's text: the server's declared charset when it fits the bytes, else the file loaders' guess."""
    charset = charset_of(content_type)
    if charset is not None:
        with contextlib.suppress(UnicodeDecodeError):
            return body.decode("utf-8-sig" if charset == "utf-8" else charset)
    try:
        return decode(body)
    except DecodeError as error:
        raise FetchFailed(f"cannot decode the page ({error})") from None
