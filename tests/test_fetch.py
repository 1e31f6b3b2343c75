"""`summarizer fetch` against a loopback HTTP server: feeds, pages, duplicates, failures, the second run.

Nothing here reaches the internet: every feed and page is served by `Site`, an `http.server` in a
thread on 127.0.0.1 with an ephemeral port, and its wording is invented for these tests.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import os
import socket
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from summarizer import cli
from summarizer.io import fetch as fetch_module
from summarizer.io.feeds import article_stem, canonical_url, date_as_written, parse_feed, read_feed_list
from summarizer.io.fetch import FAILURES_NAME, PAGES_DIR, STATE_NAME, FetchOptions, FetchReport, FetchSetupError
from summarizer.io.loaders import discover, load_file
from summarizer.models import Article

FAST = FetchOptions(timeout=5.0, per_host=4)


# --------------------------------------------------------------------------- the loopback site


@dataclass
class Route:
    body: bytes = b""
    status: int = 200
    content_type: str | None = "text/html; charset=utf-8"
    etag: str | None = None
    last_modified: str | None = None
    delay: float = 0.0
    location: str | None = None


@dataclass(frozen=True)
class Hit:
    path: str
    headers: dict[str, str]
    status: int


@dataclass
class Site:
    routes: dict[str, Route] = field(default_factory=dict)
    hits: list[Hit] = field(default_factory=list)
    base: str = ""
    lock: threading.Lock = field(default_factory=threading.Lock)
    active: int = 0
    most_active: int = 0

    def url(self, path: str) -> str:
        return self.base + path

    def paths(self) -> list[str]:
        return [urlsplit(hit.path).path.rstrip("/") or "/" for hit in self.hits]

    def clear(self) -> None:
        self.hits.clear()


def _handler(site: Site) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            # Like many sites, one page with or without a trailing slash.
            route = site.routes.get(urlsplit(self.path).path.rstrip("/") or "/")
            with site.lock:
                site.active += 1
                site.most_active = max(site.most_active, site.active)
            try:
                status = self._answer(route)
            finally:
                with site.lock:
                    site.active -= 1
            site.hits.append(Hit(self.path, dict(self.headers.items()), status))

        def _answer(self, route: Route | None) -> int:
            if route is None:
                self._send(404, b"no such page", "text/plain")
                return 404
            if route.delay:
                time.sleep(route.delay)
            if route.location is not None:
                self.send_response(route.status)
                self.send_header("Location", route.location)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return route.status
            match_etag = route.etag is not None and self.headers.get("If-None-Match") == route.etag
            match_date = (
                route.last_modified is not None and self.headers.get("If-Modified-Since") == route.last_modified
            )
            if match_etag or match_date:
                self.send_response(304)
                self.end_headers()
                return 304
            self._send(route.status, route.body, route.content_type, route)
            return route.status

        def _send(self, status: int, body: bytes, content_type: str | None, route: Route | None = None) -> None:
            try:
                self.send_response(status)
                if content_type:
                    self.send_header("Content-Type", content_type)
                if route is not None and route.etag:
                    self.send_header("ETag", route.etag)
                if route is not None and route.last_modified:
                    self.send_header("Last-Modified", route.last_modified)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            except OSError:
                pass  # the client gave up (the timeout test): nothing to answer

        def log_message(self, format: str, *args: object) -> None:
            pass

    return Handler


# --------------------------------------------------------------------------- invented content


def page(title: str, topic: str, *, outlet: str = "The Harbour Ledger", published: str = "2031-04-02") -> bytes:
    paragraphs = [
        f"The council of Marrowby voted on Tuesday to {topic}, ending a dispute that had run for three winters.",
        "Councillor Edda Quillfeather said the decision allowed the ferry cooperative to run two extra crossings "
        "each evening, but excluded any crossing during the spring tide fortnight.",
        "The harbour master, who asked not to be named because the talks were private, said the cooperative had "
        "agreed to pay for new mooring lights before the first extra crossing.",
        "Residents of the eastern quay had collected four hundred signatures against the plan, arguing that the "
        "evening crossings would keep the lantern market awake until midnight.",
        "The vote passed seven to four. A review of the arrangement is due after eighteen months.",
    ]
    body = "".join(f"<p>{text}</p>\n" for text in paragraphs)
    return (
        "<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'>"
        f"<title>{title} | {outlet}</title>"
        f"<meta property='og:title' content='{title}'>"
        f"<meta property='og:site_name' content='{outlet}'>"
        f"<meta property='article:published_time' content='{published}T09:00:00+00:00'>"
        "</head><body><nav><a href='/'>Home</a> <a href='/about'>About</a></nav>"
        f"<article><h1>{title}</h1>\n{body}</article>"
        "<footer>Copyright the Harbour Ledger cooperative.</footer></body></html>"
    ).encode()


def rss(site: Site, links: list[tuple[str, str]], *, title: str = "Harbour Ledger - Quayside") -> bytes:
    items = "".join(
        f"<item><title>{headline}</title><link>{link.replace('&', '&amp;')}</link>"
        # Late evening west of Greenwich: a UTC shift would move it to the next day.
        "<pubDate>Tue, 01 Apr 2031 22:30:00 -0400</pubDate></item>"
        for headline, link in links
    )
    return (
        f"<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel><title>{title}</title>"
        f"<link>{site.url('/')}</link><description>Invented news</description>{items}</channel></rss>"
    ).encode()


def atom(site: Site, links: list[tuple[str, str]]) -> bytes:
    entries = "".join(
        f"<entry><title>{headline}</title><link href='{link.replace('&', '&amp;')}'/>"
        f"<id>tag:ledger.test,2031:{number}</id><updated>2031-04-03T08:00:00Z</updated></entry>"
        for number, (headline, link) in enumerate(links)
    )
    return (
        "<?xml version='1.0' encoding='utf-8'?><feed xmlns='http://www.w3.org/2005/Atom'>"
        f"<title>Lantern Weekly</title><id>tag:ledger.test,2031:feed</id><updated>2031-04-03T08:00:00Z</updated>"
        f"{entries}</feed>"
    ).encode()


RSS_TYPE = "application/rss+xml"
ATOM_TYPE = "application/atom+xml"


def serve_two_feeds(site: Site) -> None:
    """An RSS and an Atom feed sharing one article, which the Atom feed links with tracking noise."""
    site.routes["/news/ferry"] = Route(page("Ferry crossings extended", "extend the evening ferry"))
    site.routes["/news/lights"] = Route(page("Mooring lights ordered", "order new mooring lights"))
    site.routes["/news/market"] = Route(page("Lantern market hours", "shorten the lantern market"))
    site.routes["/rss.xml"] = Route(
        rss(site, [("Ferry crossings extended", site.url("/news/ferry")), ("Lights", site.url("/news/lights"))]),
        content_type=RSS_TYPE,
        etag='"rss-1"',
    )
    noisy = site.url("/news/ferry/?utm_source=atom&utm_medium=feed&fbclid=xyz#comments").replace(
        "127.0.0.1", "127.0.0.1".upper()
    )
    site.routes["/atom.xml"] = Route(
        atom(site, [("Ferry (again)", noisy), ("Market", site.url("/news/market"))]),
        content_type=ATOM_TYPE,
        last_modified="Thu, 03 Apr 2031 08:00:00 GMT",
    )


def run(urls: list[str], out: Path, *, feeds: list[str] | None = None, options: FetchOptions = FAST) -> FetchReport:
    return asyncio.run(fetch_module.fetch(urls, out, feeds=feeds or [], options=options))


def loaded(folder: Path) -> dict[str, Article]:
    articles = [article for path in discover([folder]) for article in load_file(path)]
    return {article.url or "": article for article in articles}


# --------------------------------------------------------------------------- pure parts


def test_canonical_url_drops_tracking_fragment_case_and_trailing_slash() -> None:
    plain = "https://news.example/world/story-1"
    assert canonical_url("HTTPS://News.Example:443/world/story-1/?utm_source=x&gclid=1&fbclid=2#top") == plain
    assert canonical_url("https://news.example/world/story-1?UTM_Campaign=spring") == plain
    # Real parameters stay, in one order; an empty path is the root.
    assert canonical_url("https://news.example/a?b=2&a=1&utm_term=z") == "https://news.example/a?a=1&b=2"
    assert canonical_url("http://news.example") == "http://news.example/"
    assert canonical_url("http://news.example:8080/a/") == "http://news.example:8080/a"
    assert canonical_url("http://news.example/a") != canonical_url("https://news.example/a")
    for bad in ("ftp://news.example/a", "javascript:alert(1)", "mailto:desk@news.example", "https:///nohost"):
        with pytest.raises(ValueError):
            canonical_url(bad)


def test_article_stem_is_stable_and_distinct() -> None:
    first = article_stem("https://www.news.example/a")
    assert first == article_stem("https://www.news.example/a")
    assert first.startswith("news.example-") and len(first.rsplit("-", 1)[1]) == 16
    assert first != article_stem("https://www.news.example/b")


def test_feed_list_skips_comments_and_blanks_but_keeps_fragments() -> None:
    text = (
        "# morning feeds\n\nhttps://a.example/rss.xml  # the main one\n  https://b.example/feed#x\n#https://c.example\n"
    )
    assert read_feed_list(text) == ["https://a.example/rss.xml", "https://b.example/feed#x"]


def test_feed_dates_keep_the_calendar_day_as_written() -> None:
    assert date_as_written("Tue, 01 Apr 2031 22:30:00 -0400") == dt.date(2031, 4, 1)
    assert date_as_written("2031-04-03T23:59:00+09:00") == dt.date(2031, 4, 3)
    assert date_as_written("last Tuesday") is None


def test_parse_feed_resolves_relative_links_and_refuses_html() -> None:
    body = b"<rss version='2.0'><channel><title>T</title><item><title>A</title><link>/x/1</link></item></channel></rss>"
    feed = parse_feed(body, "http://feeds.example/rss.xml")
    assert [item.link for item in feed.items] == ["http://feeds.example/x/1"]
    with pytest.raises(ValueError, match="not an RSS or Atom feed"):
        parse_feed(page("A page", "do a thing"), "http://feeds.example/page")


# --------------------------------------------------------------------------- a first and a second run


def test_feeds_are_fetched_and_batch_loads_them_with_metadata(site: Site, tmp_path: Path) -> None:
    serve_two_feeds(site)
    out = tmp_path / "articles"
    report = run([site.url("/rss.xml"), site.url("/atom.xml")], out)

    assert report.ok, report.failures
    assert len(report.written) == 3
    assert report.duplicates == 1
    # The shared article was downloaded once, though two feeds link it.
    assert site.paths().count("/news/ferry") == 1
    assert all(hit.headers["User-Agent"].startswith("summarizer/") for hit in site.hits)

    articles = loaded(out)
    ferry = articles[site.url("/news/ferry")]
    assert ferry.title == "Ferry crossings extended"  # the feed's headline
    assert ferry.source == "The Harbour Ledger"
    assert ferry.published == dt.date(2031, 4, 1)  # the feed's own day, not shifted to UTC
    assert "Councillor Edda Quillfeather" in ferry.text and "Copyright" not in ferry.text
    market = articles[site.url("/news/market")]
    assert market.published == dt.date(2031, 4, 3) and market.title == "Market"
    assert ferry.id == article_stem(site.url("/news/ferry"))
    # Only articles are found in the folder: the state, the failures and the kept pages are hidden.
    assert sorted(path.name for path in discover([out])) == sorted(f"{a.id}.json" for a in articles.values())
    # The kept page loads to the very text stored, so offsets into it stay reproducible.
    kept = load_file(out / PAGES_DIR / f"{ferry.id}.html")[0]
    assert kept.text == ferry.text


def test_the_second_run_asks_conditionally_and_downloads_nothing(site: Site, tmp_path: Path) -> None:
    serve_two_feeds(site)
    out = tmp_path / "articles"
    urls = [site.url("/rss.xml"), site.url("/atom.xml")]
    run(urls, out)
    before = {path.name: path.read_bytes() for path in out.glob("[!.]*.json")}
    site.clear()

    report = run(urls, out)

    assert report.ok and not report.written and not report.updated
    assert report.current == 2  # both feeds answered 304
    assert sorted(site.paths()) == ["/atom.xml", "/rss.xml"]
    assert all(hit.status == 304 for hit in site.hits)
    rss_hit = next(hit for hit in site.hits if hit.path == "/rss.xml")
    atom_hit = next(hit for hit in site.hits if hit.path == "/atom.xml")
    assert rss_hit.headers["If-None-Match"] == '"rss-1"'
    assert atom_hit.headers["If-Modified-Since"] == "Thu, 03 Apr 2031 08:00:00 GMT"
    assert {path.name: path.read_bytes() for path in out.glob("[!.]*.json")} == before


def test_a_changed_feed_brings_only_its_new_item(site: Site, tmp_path: Path) -> None:
    serve_two_feeds(site)
    out = tmp_path / "articles"
    run([site.url("/rss.xml")], out)
    site.routes["/news/tide"] = Route(page("Tide tables reprinted", "reprint the tide tables"))
    links = [("Ferry", site.url("/news/ferry?utm_campaign=b")), ("Tide", site.url("/news/tide"))]
    site.routes["/rss.xml"] = Route(rss(site, links), content_type=RSS_TYPE, etag='"rss-2"')
    site.clear()

    report = run([site.url("/rss.xml")], out)

    assert [path.name for path in report.written] == [f"{article_stem(site.url('/news/tide'))}.json"]
    assert site.paths() == ["/rss.xml", "/news/tide"]
    assert report.current == 1  # the ferry article, already saved


def test_a_page_url_is_saved_and_then_asked_for_conditionally(site: Site, tmp_path: Path) -> None:
    evil = b"<meta http-equiv='refresh' content='0;url=/evil'><script>fetch('/evil-script')</script>"
    site.routes["/opinion/bridges"] = Route(page("On bridges", "repaint the bridge") + evil, etag='"b1"')
    out = tmp_path / "articles"
    first = run([site.url("/opinion/bridges/#top")], out)
    site.clear()
    second = run([site.url("/opinion/bridges")], out)

    assert len(first.written) == 1 and second.current == 1 and not second.written
    assert site.hits[0].headers["If-None-Match"] == '"b1"' and site.hits[0].status == 304
    (article,) = loaded(out).values()
    assert article.title == "On bridges" and article.url == site.url("/opinion/bridges")
    # The page is data: its refresh and its script were never followed.
    assert not any(path.startswith("/evil") for path in site.paths())


def test_a_redirect_to_an_article_already_taken_is_kept_once(site: Site, tmp_path: Path) -> None:
    serve_two_feeds(site)
    site.routes["/go/ferry"] = Route(status=302, location="/news/ferry")
    site.routes["/short.xml"] = Route(
        rss(site, [("Ferry via a short link", site.url("/go/ferry"))]), content_type=RSS_TYPE
    )
    out = tmp_path / "articles"
    run([site.url("/rss.xml")], out)
    report = run([site.url("/short.xml")], out)

    assert report.duplicates == 1 and not report.written
    assert len(list(out.glob("[!.]*.json"))) == 2
    # The detour is remembered: the next run does not follow it again.
    site.routes["/short.xml"] = Route(rss(site, [("Ferry again", site.url("/go/ferry"))]), content_type=RSS_TYPE)
    site.clear()
    assert run([site.url("/short.xml")], out).current == 1
    assert site.paths() == ["/short.xml"]


# --------------------------------------------------------------------------- failures


def serve_troubled_feed(site: Site) -> None:
    site.routes["/news/ferry"] = Route(page("Ferry crossings extended", "extend the evening ferry"))
    site.routes["/files/minutes.pdf"] = Route(b"%PDF-1.7 minutes", content_type="application/pdf")
    site.routes["/news/slow"] = Route(page("A slow page", "wait"), delay=3.0)
    links = [
        ("Ferry", site.url("/news/ferry")),
        ("Gone", site.url("/news/gone")),
        ("Minutes", site.url("/files/minutes.pdf")),
        ("Slow", site.url("/news/slow")),
    ]
    site.routes["/rss.xml"] = Route(rss(site, links), content_type=RSS_TYPE, etag='"rss-1"')


def test_each_failure_is_one_record_and_the_rest_is_saved(site: Site, tmp_path: Path) -> None:
    serve_troubled_feed(site)
    out = tmp_path / "articles"
    report = run([site.url("/rss.xml")], out, options=FetchOptions(timeout=0.5, per_host=4))

    assert len(report.written) == 1
    reasons = {failure.url: failure.reason for failure in report.failures}
    assert reasons.keys() == {site.url("/news/gone"), site.url("/files/minutes.pdf"), site.url("/news/slow")}
    assert reasons[site.url("/news/gone")] == "HTTP 404 Not Found"
    assert reasons[site.url("/files/minutes.pdf")] == "not an HTML page (content type application/pdf)"
    assert reasons[site.url("/news/slow")] == "timed out after 0.5 s"
    records = [json.loads(line) for line in (out / FAILURES_NAME).read_text(encoding="utf-8").splitlines()]
    assert {record["url"]: record["reason"] for record in records} == reasons
    assert {record["feed"] for record in records} == {site.url("/rss.xml")}

    # The feed is asked in full next time, so the failures are retried; the saved article is not fetched again.
    site.clear()
    again = run([site.url("/rss.xml")], out, options=FetchOptions(timeout=0.5, per_host=4))
    assert "If-None-Match" not in site.hits[0].headers
    assert "/news/gone" in site.paths() and "/news/ferry" not in site.paths()
    assert len(again.failures) == 3 and again.current == 1


def test_an_oversize_body_fails_without_being_kept(site: Site, tmp_path: Path) -> None:
    site.routes["/news/huge"] = Route(page("Huge", "print a very long report") + b"<!--" + b"x" * 20_000 + b"-->")
    out = tmp_path / "articles"
    report = run([site.url("/news/huge")], out, options=FetchOptions(max_bytes=10_000))

    (failure,) = report.failures
    assert "over the 10,000-byte limit" in failure.reason
    assert not list(out.glob("[!.]*.json")) and not (out / PAGES_DIR).exists()


def test_the_state_file_is_never_half_written(site: Site, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    serve_two_feeds(site)
    out = tmp_path / "articles"
    run([site.url("/rss.xml")], out)
    state = out / STATE_NAME
    before = state.read_bytes()
    real_replace = os.replace

    def interrupted(source: str | os.PathLike[str], target: str | os.PathLike[str]) -> None:
        if Path(target).name == STATE_NAME:
            raise KeyboardInterrupt  # the run is stopped just as the new state would land
        real_replace(source, target)

    # store.atomic_file renames with os.replace; a plain write would never call it.
    monkeypatch.setattr(os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        run([site.url("/atom.xml")], out)

    # The old state, whole; no temp file left; the new article is on disk and will be fetched again.
    assert state.read_bytes() == before
    json.loads(before)
    assert not [path.name for path in out.iterdir() if path.name.endswith(".tmp")]


def test_requests_per_host_are_bounded(site: Site, tmp_path: Path) -> None:
    links = []
    for number in range(6):
        site.routes[f"/news/{number}"] = Route(page(f"Item {number}", f"hear item {number}"), delay=0.15)
        links.append((f"Item {number}", site.url(f"/news/{number}")))
    site.routes["/rss.xml"] = Route(rss(site, links), content_type=RSS_TYPE)
    report = run([site.url("/rss.xml")], tmp_path / "out", options=FetchOptions(per_host=2))

    assert len(report.written) == 6
    assert site.most_active == 2


# --------------------------------------------------------------------------- the command


def test_cli_fetch_with_a_feeds_file(site: Site, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    serve_two_feeds(site)
    feeds = tmp_path / "feeds.txt"
    feeds.write_text(f"# the morning list\n{site.url('/rss.xml')}\n\n{site.url('/atom.xml')}  # weekly\n")
    out = tmp_path / "articles"

    assert cli.main(["fetch", "--feeds", str(feeds), "--out", str(out)]) == 0
    assert "fetched 3 new" in capsys.readouterr().err
    assert len(loaded(out)) == 3
    assert cli.main(["fetch", "--feeds", str(feeds), "--out", str(out)]) == 0
    assert "fetched 0 new, 0 updated; 2 already current" in capsys.readouterr().err


def test_cli_fetch_reports_failures_one_line_each_and_exits_1(
    site: Site, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    serve_troubled_feed(site)
    out = tmp_path / "articles"

    code = cli.main(["fetch", site.url("/rss.xml"), "--out", str(out), "--timeout", "0.5"])

    assert code == 1
    lines = capsys.readouterr().err.splitlines()
    assert f"{site.url('/news/gone')}: HTTP 404 Not Found" in lines
    assert f"{site.url('/news/slow')}: timed out after 0.5 s" in lines
    assert any(line.startswith(site.url("/files/minutes.pdf") + ": not an HTML page") for line in lines)
    assert len(list(out.glob("[!.]*.json"))) == 1


def test_a_url_that_is_neither_page_nor_feed_fails(site: Site, tmp_path: Path) -> None:
    site.routes["/files/minutes.pdf"] = Route(b"%PDF-1.7", content_type="application/pdf")
    report = run([site.url("/files/minutes.pdf")], tmp_path / "out")
    assert [failure.reason for failure in report.failures] == [
        "neither an HTML page nor a feed (content type application/pdf)"
    ]


@pytest.mark.parametrize("case", ["no urls", "unwritable", "bad state", "missing feeds file"])
def test_cli_fatal_errors_are_one_line_and_exit_2(
    case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "articles"
    argv = ["fetch", "http://127.0.0.1:9/rss.xml", "--out", str(out)]
    if case == "no urls":
        argv = ["fetch", "--out", str(out)]
    elif case == "unwritable":
        out.write_text("a file where the folder should be")
    elif case == "bad state":
        out.mkdir()
        (out / STATE_NAME).write_text('{"version": 1, "feeds": [')
    else:
        argv += ["--feeds", str(tmp_path / "absent.txt")]

    assert cli.main(argv) == 2
    (line,) = capsys.readouterr().err.splitlines()
    assert line.startswith("summarizer: error: ")


def test_fetch_refuses_to_start_without_urls(tmp_path: Path) -> None:
    with pytest.raises(FetchSetupError, match="no feeds or URLs"):
        run([], tmp_path / "out")


def test_a_refused_connection_and_a_page_given_as_feed_fail(site: Site, tmp_path: Path) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{probe.getsockname()[1]}/rss.xml"
    site.routes["/opinion/bridges"] = Route(page("On bridges", "repaint the bridge"))
    report = run([], tmp_path / "out", feeds=[closed, site.url("/opinion/bridges")])

    reasons = {failure.url: failure.reason for failure in report.failures}
    assert reasons[closed].startswith("cannot connect")
    assert reasons[site.url("/opinion/bridges")].startswith("not an RSS or Atom feed")
    assert not report.written


def test_options_refuse_a_zero_that_would_wait_forever() -> None:
    with pytest.raises(ValueError, match="per_host"):
        FetchOptions(per_host=0)
