"""`summarizer fetch`: RSS/Atom feeds and article pages into a folder that `summarizer batch` reads.

What a run leaves in the folder:

- `<stem>.json`, one per article: `text` is the main text trafilatura extracts from the page, the
  very text loading the page as an `.html` file gives (`loaders.html_article`), stored so that a
  brief's offsets keep indexing it whatever trafilatura version runs later; with `id`, `url` (the
  canonical URL), `title`, `outlet`, `published`, and `feed`, `fetched`, `page` that loaders ignore.
  `<stem>` is `feeds.article_stem` of the canonical URL, so the same article always gets one name.
- `.pages/<stem>.html`: the page as fetched, decoded and stored as UTF-8; `summarizer text` on it
  prints the `text` above.
- `.fetch-state.json`: ETag / Last-Modified of every feed and page, and every canonical URL already
  saved, so the next run asks only conditionally and never downloads a known article again.
- `.fetch-failures.jsonl`: this run's failures, one `{"url", "reason", "feed"}` object per line.

The three bookkeeping names start with a dot, so `batch` (which skips hidden entries) does not take
them for articles. Every file goes through `store.atomic_file`; a run killed at any point leaves
complete files only, and the state lists only articles whose files are written. Page text is data:
nothing in a page or feed is executed, followed (no meta refresh) or used to build a path.

URLs, names and feed parsing are pure functions in `summarizer.io.feeds`; the HTTP manners (User-Agent,
deadline, per-host cap, size limit) live in `summarizer.io.web`; this module holds the state and the run.

A feed's validators are kept only when all its items were saved: a feed whose item failed is asked
in full next time, so the failed item is retried instead of hidden behind a 304.
"""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import hashlib
import json
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

import httpx
from pydantic import BaseModel, Field, ValidationError

from summarizer.io.feeds import (
    FeedItem,
    NotAFeedError,
    article_stem,
    canonical_url,
    is_html_type,
    media_type,
    parse_feed,
    read_feed_list,
)
from summarizer.io.loaders import html_article
from summarizer.io.store import StrPath, write_atomic
from summarizer.io.web import (
    Fetched,
    FetchFailed,
    FetchOptions,
    Kind,
    PoliteClient,
    Validators,
    decode_page,
    user_agent,
)

__all__ = [
    "FAILURES_NAME",
    "PAGES_DIR",
    "STATE_NAME",
    "Failure",
    "FetchOptions",
    "FetchReport",
    "FetchSetupError",
    "FetchState",
    "fetch",
    "read_feeds_file",
    "user_agent",
]

STATE_NAME = ".fetch-state.json"
FAILURES_NAME = ".fetch-failures.jsonl"
PAGES_DIR = ".pages"


class FetchSetupError(Exception):
    """Nothing can be fetched (no URLs, an unwritable folder, an unreadable state); one line."""


@dataclass(frozen=True)
class Failure:
    url: str
    reason: str
    feed: str | None = None

    def line(self) -> str:
        return f"{self.url}: {self.reason}"


@dataclass
class FetchReport:
    written: list[Path] = field(default_factory=list)
    updated: list[Path] = field(default_factory=list)
    current: int = 0
    duplicates: int = 0
    failures: list[Failure] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failures


# --------------------------------------------------------------------------- state


class SavedArticle(BaseModel):
    url: str
    file: str
    sha256: str
    fetched: str
    validators: Validators = Field(default_factory=Validators)


class FetchState(BaseModel):
    version: Literal[1] = 1
    feeds: dict[str, Validators] = Field(default_factory=dict)
    articles: dict[str, SavedArticle] = Field(default_factory=dict)
    # Every canonical URL that led to a saved article (a redirect's start and end), to its stem.
    urls: dict[str, str] = Field(default_factory=dict)


def load_state(folder: Path) -> FetchState:
    path = folder / STATE_NAME
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return FetchState()
    except (OSError, UnicodeDecodeError) as error:
        raise FetchSetupError(f"{path}: cannot read the fetch state ({error})") from None
    try:
        return FetchState.model_validate_json(text)
    except ValidationError as error:
        first = error.errors()[0]["msg"] if error.errors() else str(error)
        raise FetchSetupError(f"{path}: not a fetch state file ({first}); move it away to start afresh") from None


def read_feeds_file(path: StrPath) -> list[str]:
    try:
        return read_feed_list(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise FetchSetupError(f"{path}: cannot read the feeds file ({error})") from None


# --------------------------------------------------------------------------- a run


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


class _Run:
    def __init__(self, folder: Path, state: FetchState, http: PoliteClient, report: FetchReport) -> None:
        self.folder = folder
        self.state = state
        self.http = http
        self.report = report
        # Canonical URLs requested this run, and final (post-redirect) ones saved this run.
        self.claimed: set[str] = set()
        self.saved_final: set[str] = set()
        self.feed_failed: dict[str, bool] = {}
        self.feed_validators: dict[str, Validators] = {}

    def fail(self, url: str, reason: str, feed: str | None = None) -> None:
        self.report.failures.append(Failure(url=url, reason=reason, feed=feed))
        if feed is not None:
            self.feed_failed[feed] = True

    def known(self, canonical: str) -> str | None:
        """The stem of an article saved by an earlier run whose file is still there."""
        stem = self.state.urls.get(canonical)
        saved = self.state.articles.get(stem) if stem else None
        if saved is None or not (self.folder / saved.file).is_file():
            return None
        return stem

    async def source(self, url: str, kind: Kind) -> list[tuple[FeedItem, str, str | None]]:
        """Fetch one command-line URL or feeds-file entry; a feed gives its items, a page is saved."""
        try:
            canonical = canonical_url(url)
        except ValueError as error:
            self.fail(url, str(error))
            return []
        stem = self.known(canonical)
        validators = self.state.feeds.get(canonical) or (self.state.articles[stem].validators if stem else None)
        self.claimed.add(canonical)
        try:
            got = await self.http.get(url, kind, validators)
            if got.not_modified:
                self.report.current += 1
                return []
            if kind == "any" and media_type(got.content_type) and is_html_type(got.content_type):
                await self.save_page(canonical, got, None, None)
                return []
            try:
                feed = parse_feed(got.body, got.url, got.content_type)
            except NotAFeedError as error:
                if kind == "feed" or media_type(got.content_type):
                    raise FetchFailed(str(error)) from None
                # No content type at all: what is not a feed may still be a page.
                await self.save_page(canonical, got, None, None)
                return []
        except FetchFailed as error:
            self.fail(url, str(error))
            return []
        self.feed_failed.setdefault(canonical, False)
        self.feed_validators[canonical] = got.validators
        return [(item, canonical, feed.title) for item in feed.items]

    async def item(self, item: FeedItem, feed: str, feed_title: str | None) -> None:
        try:
            canonical = canonical_url(item.link)
        except ValueError as error:
            self.fail(item.link, str(error), feed)
            return
        if canonical in self.claimed:
            self.report.duplicates += 1
            return
        self.claimed.add(canonical)
        if self.known(canonical):
            self.report.current += 1
            return
        try:
            got = await self.http.get(item.link, "page", None)
            await self.save_page(canonical, got, item, feed_title, feed)
        except FetchFailed as error:
            self.fail(item.link, str(error), feed)

    async def save_page(
        self, requested: str, got: Fetched, item: FeedItem | None, feed_title: str | None, feed: str | None = None
    ) -> None:
        if got.not_modified:
            self.report.current += 1
            return
        try:
            final = canonical_url(got.url)
        except ValueError as error:
            raise FetchFailed(f"redirected to an unusable URL ({error})") from None
        stem = article_stem(final)
        refreshing = self.state.urls.get(requested) == stem
        if final in self.saved_final or (final != requested and self.known(final) and not refreshing):
            # Reached again through a redirect: remember the detour, keep the one copy.
            self.state.urls[requested] = stem
            self.report.duplicates += 1
            return
        self.saved_final.add(final)
        html = decode_page(got.body, got.content_type)
        try:
            # trafilatura is CPU-bound; off the event loop, other downloads keep their deadlines.
            page = await asyncio.to_thread(html_article, html, article_id=stem)
        except ValueError:
            raise FetchFailed("no article text in the page") from None
        sha = hashlib.sha256(page.text.encode("utf-8")).hexdigest()
        previous = self.state.articles.get(stem)
        path = self.folder / f"{stem}.json"
        if refreshing and previous is not None and previous.sha256 == sha and path.is_file():
            self.report.current += 1
        else:
            published = (item.published if item else None) or page.published
            record = {
                "id": stem,
                "url": final,
                "title": (item.title if item else None) or page.title,
                "outlet": page.source or feed_title or urlsplit(final).hostname,
                "published": published.isoformat() if published else None,
                "text": page.text,
                "feed": feed,
                "fetched": _now(),
                "page": f"{PAGES_DIR}/{stem}.html",
            }
            # The page first: the article file is what `batch` reads, so it lands last.
            write_atomic(self.folder / PAGES_DIR / f"{stem}.html", html)
            write_atomic(path, json.dumps(record, ensure_ascii=False, indent=2) + "\n")
            (self.report.updated if previous is not None else self.report.written).append(path)
        self.state.articles[stem] = SavedArticle(
            url=final, file=path.name, sha256=sha, fetched=_now(), validators=got.validators
        )
        self.state.urls[requested] = stem
        self.state.urls[final] = stem

    def settle_feeds(self) -> None:
        for feed, failed in self.feed_failed.items():
            if failed:
                # Asked in full next time, so that the failed items are tried again.
                self.state.feeds.pop(feed, None)
            elif feed in self.feed_validators:
                self.state.feeds[feed] = self.feed_validators[feed]


def _check_folder(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=folder):
            pass
    except OSError as error:
        raise FetchSetupError(f"{folder}: cannot write there ({error.strerror or error})") from None


def _save(folder: Path, state: FetchState, report: FetchReport) -> None:
    write_atomic(folder / STATE_NAME, state.model_dump_json(indent=1) + "\n")
    lines = "".join(json.dumps(dataclasses.asdict(failure), ensure_ascii=False) + "\n" for failure in report.failures)
    write_atomic(folder / FAILURES_NAME, lines)


async def fetch(
    urls: Sequence[str],
    out_dir: StrPath,
    *,
    feeds: Sequence[str] = (),
    options: FetchOptions | None = None,
) -> FetchReport:
    """Fetch `urls` (each a feed or a page, told apart by what the server sends) and `feeds` into `out_dir`.

    Raises `FetchSetupError` when nothing can be fetched; a URL that fails is a `Failure` in the
    report (and in `.fetch-failures.jsonl`), the others are saved regardless.
    """
    options = options or FetchOptions()
    sources: list[tuple[str, Kind]] = [*((url, "any") for url in urls), *((url, "feed") for url in feeds)]
    if not sources:
        raise FetchSetupError("no feeds or URLs to fetch (give FEED_OR_URL arguments or --feeds FILE)")
    folder = Path(out_dir)
    _check_folder(folder)
    state = load_state(folder)
    report = FetchReport()
    client = httpx.AsyncClient(
        headers={"User-Agent": options.user_agent},
        timeout=httpx.Timeout(options.timeout),
        follow_redirects=True,
        max_redirects=10,
    )
    run = _Run(folder, state, PoliteClient(client, options), report)
    try:
        async with client:
            fetched = await asyncio.gather(*(run.source(url, kind) for url, kind in _unique(sources)))
            items = [entry for entries in fetched for entry in entries]
            await asyncio.gather(*(run.item(item, feed, title) for item, feed, title in items))
        run.settle_feeds()
    finally:
        report.failures.sort(key=lambda failure: (failure.url, failure.reason))
        # Also after Ctrl-C: what was saved is recorded, so the next run does not fetch it again.
        _save(folder, state, report)
    return report


def _unique(sources: list[tuple[str, Kind]]) -> list[tuple[str, Kind]]:
    """The first of each URL given twice (by canonical form); unparsable ones pass, to fail visibly."""
    seen: set[str] = set()
    kept: list[tuple[str, Kind]] = []
    for url, kind in sources:
        try:
            key = canonical_url(url)
        except ValueError:
            key = url
        if key not in seen:
            seen.add(key)
            kept.append((url, kind))
    return kept
