"""The issue's "Done when", end to end through `summarizer.cli.main`: from an empty folder, `fetch`,
`batch` and `briefing --html` give the day's briefing from a feed served on loopback; the next day's
run fetches and summarises only the new article, and its briefing opens with what changed.

The feed and its pages are served by `test_fetch`'s loopback site; the model is the fake
OpenAI-compatible endpoint (`fakellm`) behind the real `openai` client, wired into the CLI as
`test_batch.use_fake` does. Its answers cite the articles' own sentences, found by their wording in
the numbered article of each request, so the briefs ground as a real model's would. The story, the
outlet and every name in it are invented for this test.
"""

from __future__ import annotations

import copy
import datetime as dt
import email.utils
import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import httpx
import pytest
from fakellm import FakeLLM
from test_batch import use_fake
from test_briefing import section
from test_briefing_html import Page
from test_fetch import Route, Site

from summarizer import cli
from summarizer.models import Brief

OUTLET = "The Tarrow Courier"
DAY1, DAY2 = dt.date(2031, 6, 9), dt.date(2031, 6, 10)
BOARD, GROWERS = "Tarrow Valley Water Board", "Brindlemoor Growers Cooperative"

# --------------------------------------------------------------------------- the story, day by day

TITLE1 = "Water board lets growers pump from the Ossel"
GRANT1 = (
    f"The {BOARD} on Monday allowed the {GROWERS} to use solar pumps to draw irrigation water from the Ossel River."
)
CHAIR1 = (
    "The board's chair, Imre Vantongeren, said the permission covers the lower meadows between the old mill "
    "and the ferry landing."
)
STORY1 = [
    GRANT1,
    CHAIR1,
    "The cooperative had asked for the permission after two dry summers left its orchards short of water.",
    "Board members voted five to two in favour after a public hearing in Tarrowford.",
]

TITLE2 = "Water board widens growers' pumping permission, sets a salmon-run limit"
GRANT2 = (
    f"The {BOARD} on Tuesday widened the permission it gave the {GROWERS} a day earlier, allowing it to use "
    "windmill pumps as well as solar pumps on the Ossel River."
)
LIMIT2 = "The permission does not cover the three weeks of the autumn salmon run, when no pump may draw from the river."
CHAIR2 = (
    "Imre Vantongeren, the board's chair, said the change followed a request from growers on the upper terraces, "
    "where solar panels get little winter sun."
)
STORY2 = [
    GRANT2,
    LIMIT2,
    CHAIR2,
    "Anglers from the Ossel Fishing Society had asked the board to protect the salmon run.",
]

# What the fake model answers for each article. "sentences" holds the cited sentences' wording; the fake
# turns each into the number the request gave that sentence, as a model reading the article would.
ANSWERS: dict[str, dict[str, Any]] = {
    TITLE1: {
        "headline": "Water board lets growers use solar pumps on the Ossel",
        "summary": f"The {BOARD} allowed the {GROWERS} to draw irrigation water from the Ossel River with solar pumps.",
        "event_date": None,
        "authorisations": [
            {
                "granted_by": BOARD,
                "granted_to": GROWERS,
                "action": "draw irrigation water from the Ossel River",
                "instruments": ["solar pumps"],
                "scope": "the lower meadows between the old mill and the ferry landing",
                "conditions": None,
                "status": "confirmed",
                "sentences": [GRANT1],
            }
        ],
        "exclusions": [],
        "sources": [{"name": "Imre Vantongeren", "kind": "official", "sentences": [CHAIR1]}],
        "quotes": [],
    },
    TITLE2: {
        "headline": "Water board adds windmill pumps, rules out the salmon run",
        "summary": (
            f"The {BOARD} let the {GROWERS} use windmill pumps as well as solar pumps, "
            "but not during the autumn salmon run."
        ),
        "event_date": None,
        "authorisations": [
            {
                "granted_by": BOARD,
                "granted_to": GROWERS,
                "action": "draw irrigation water from the Ossel River",
                "instruments": ["windmill pumps", "solar pumps"],
                "scope": None,
                "conditions": None,
                "status": "confirmed",
                "sentences": [GRANT2],
            }
        ],
        "exclusions": [
            {
                "what": "the three weeks of the autumn salmon run",
                "applies_to": "the permission to pump irrigation water from the Ossel River",
                "stated_by": None,
                "sentences": [LIMIT2],
            }
        ],
        "sources": [{"name": "Imre Vantongeren", "kind": "official", "sentences": [CHAIR2]}],
        "quotes": [],
    },
}


def page(title: str, story: list[str], day: dt.date) -> bytes:
    paragraphs = "".join(f"<p>{sentence}</p>\n" for sentence in story)
    return (
        "<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'>"
        f"<title>{title} | {OUTLET}</title><meta property='og:site_name' content='{OUTLET}'>"
        f"<meta property='article:published_time' content='{day.isoformat()}T08:00:00+00:00'>"
        f"</head><body><nav><a href='/'>Home</a></nav><article><h1>{title}</h1>\n{paragraphs}</article>"
        "<footer>Printed by the Tarrow Courier press.</footer></body></html>"
    ).encode()


def morning(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(7, 30), tzinfo=dt.timezone.utc)


def rss(site: Site, items: list[tuple[str, str, dt.date]]) -> bytes:
    entries = "".join(
        f"<item><title>{title.replace('&', '&amp;')}</title><link>{site.url(path)}</link>"
        f"<pubDate>{email.utils.format_datetime(morning(day))}</pubDate></item>"
        for title, path, day in items
    )
    return (
        "<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel>"
        f"<title>{OUTLET} - Valley</title><link>{site.url('/')}</link><description>Invented news</description>"
        f"{entries}</channel></rss>"
    ).encode()


def publish(site: Site, stories: list[tuple[str, str, list[str], dt.date]]) -> None:
    """The feed lists `stories`, newest first, each page served at its path; a new ETag for each edition."""
    for title, path, story, day in stories:
        site.routes[path] = Route(page(title, story, day))
    site.routes["/valley.rss"] = Route(
        rss(site, [(title, path, day) for title, path, _, day in reversed(stories)]),
        content_type="application/rss+xml",
        etag=f'"edition-{len(stories)}"',
    )


DAY1_STORY = (TITLE1, "/news/solar-pumps", STORY1, DAY1)
DAY2_STORY = (TITLE2, "/news/windmill-pumps", STORY2, DAY2)


# --------------------------------------------------------------------------- the fake model


class StoryFake(FakeLLM):
    """Answers the article named in each request with its entry in ANSWERS; every yes/no check is yes.

    Counts requests per article title, so a test can tell which articles were sent to the model.
    """

    def __init__(self) -> None:
        super().__init__()
        self.per_article: Counter[str] = Counter()

    def handle(self, request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content)
        prompt = "\n".join(str(message.get("content") or "") for message in body["messages"])
        titles = [title for title in ANSWERS if f"Title: {title}\n" in prompt]
        if len(titles) != 1:
            return httpx.Response(500, json={"error": {"message": f"not one known article: {titles}"}})
        self.per_article[titles[0]] += 1
        self.queues["BriefDraft"] = [cited(ANSWERS[titles[0]], prompt)]
        return super().handle(request)


def cited(answer: dict[str, Any], prompt: str) -> dict[str, Any]:
    """`answer` with each cited sentence replaced by its number in the prompt's numbered article."""
    numbers = {text: int(n) for n, text in re.findall(r"^\[(\d+)\] (.*)$", prompt, flags=re.M)}
    resolved = copy.deepcopy(answer)
    for name in ("authorisations", "exclusions", "sources"):
        for item in resolved[name]:
            item["sentences"] = [numbers[sentence] for sentence in item["sentences"]]
    return resolved


# --------------------------------------------------------------------------- fixtures and helpers


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    """`summarizer ARGV` in-process: its exit code and what it printed on stderr."""
    code = cli.main(list(argv))
    return code, capsys.readouterr().err


def briefs_in(folder: Path) -> dict[str, Brief]:
    return {p.name: Brief.model_validate_json(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("[!.]*.json"))}


def marked(html: str, kind: str) -> set[str]:
    """The texts the page highlights as evidence of `kind` (auth, excl, source, change)."""
    page = Page(html)
    return {text for ev, text in page.mark_texts().items() if page.mark_kinds[ev] == f"ev-{kind}"}


def article_texts(html: str) -> str:
    return "".join(Page(html).by_class["article-text"])


def batch_row(err: str) -> tuple[int, ...]:
    """The done, skipped and failed counts of the table `summarizer batch` prints."""
    match = re.search(r"^│\s*(\d+) │\s*(\d+) │\s*(\d+) │", err, flags=re.M)
    assert match, err
    return tuple(int(n) for n in match.groups())


def headings(markdown: str) -> list[str]:
    return re.findall(r"^## (.+)$", markdown, flags=re.M)


# --------------------------------------------------------------------------- the two days


def test_two_days_from_an_empty_folder_fetch_batch_briefing(
    site: Site, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    fake = StoryFake()
    use_fake(monkeypatch, fake)
    feed = site.url("/valley.rss")

    # ---- day 1: three commands
    publish(site, [DAY1_STORY])
    code, err = run(capsys, "fetch", feed, "--out", "articles")
    assert code == 0, err
    assert "fetched 1 new, 0 updated; 0 already current, 0 duplicates, 0 failed" in err
    assert sorted(site.paths()) == ["/news/solar-pumps", "/valley.rss"]

    code, err = run(capsys, "batch", "articles", "--out", "briefs")
    assert code == 0, err
    assert batch_row(err) == (1, 0, 0)
    assert set(fake.per_article) == {TITLE1}
    (day1_file, brief1), *others = briefs_in(tmp_path / "briefs").items()
    assert not others
    assert brief1.article.published == DAY1 and brief1.article.source == OUTLET
    [grant] = brief1.authorisations
    assert (grant.authoriser, grant.authorised, grant.instruments) == (BOARD, GROWERS, ["solar pumps"])
    assert [e.text for e in grant.evidence] == [GRANT1]
    assert not brief1.unverified and not brief1.grounding.dropped

    code, err = run(capsys, "briefing", "briefs", "--date", DAY1.isoformat(), "--html", "day1.html", "-o", "day1.md")
    assert code == 0, err
    html1 = (tmp_path / "day1.html").read_text(encoding="utf-8")
    md1 = (tmp_path / "day1.md").read_text(encoding="utf-8")
    decision = f"{BOARD} → {GROWERS}"
    assert decision in "".join(Page(html1).by_class["#decisions"]) and "solar pumps" in html1
    assert decision in section(md1, "Decisions and authorisations")
    # The article is on the page, its evidence highlighted where it stands.
    assert article_texts(html1).split() == " ".join([TITLE1, *STORY1]).split()
    assert GRANT1 in marked(html1, "auth") and CHAIR1 in marked(html1, "source")
    # Nothing dated earlier: no "What changed".
    assert "what-changed" not in Page(html1).ids and "What changed" not in html1
    assert "What changed" not in headings(md1) and headings(md1)[0] == "Top summary"

    # ---- day 2: the feed gains one article
    site.clear()
    fake.per_article.clear()
    fake.requests.clear()
    publish(site, [DAY1_STORY, DAY2_STORY])
    code, err = run(capsys, "fetch", feed, "--out", "articles")
    assert code == 0, err
    assert "fetched 1 new, 0 updated; 1 already current, 0 duplicates, 0 failed" in err
    # The feed was asked for conditionally (it changed), the day-1 page not at all.
    assert sorted(site.paths()) == ["/news/windmill-pumps", "/valley.rss"]
    feed_hit = next(hit for hit in site.hits if hit.path == "/valley.rss")
    assert feed_hit.headers.get("If-None-Match") == '"edition-1"' and feed_hit.status == 200
    assert len(list((tmp_path / "articles").glob("[!.]*.json"))) == 2

    day1_bytes = (tmp_path / "briefs" / day1_file).read_bytes()
    code, err = run(capsys, "batch", "articles", "--out", "briefs")
    assert code == 0, err
    assert batch_row(err) == (1, 1, 0)
    # Only the new article went to the model; the day-1 brief is current and left as it was.
    assert set(fake.per_article) == {TITLE2} and fake.requests
    assert (tmp_path / "briefs" / day1_file).read_bytes() == day1_bytes
    briefs = briefs_in(tmp_path / "briefs")
    assert len(briefs) == 2
    brief2 = next(b for b in briefs.values() if b.article.published == DAY2)
    assert [e.text for e in brief2.exclusions[0].evidence] == [LIMIT2]

    code, err = run(capsys, "briefing", "briefs", "--date", DAY2.isoformat(), "--html", "day2.html", "-o", "day2.md")
    assert code == 0, err
    html2 = (tmp_path / "day2.html").read_text(encoding="utf-8")
    md2 = (tmp_path / "day2.md").read_text(encoding="utf-8")

    # The Markdown opens with what changed: the permission widened by a new instrument, narrowed by a limit.
    assert headings(md2)[0] == "What changed"
    changed = section(md2, "What changed")
    assert f"the latest: {DAY1.isoformat()}" in changed
    kinds = re.findall(r"^- \*\*(\w+)\*\*: (.*)$", changed, flags=re.M)
    assert [kind for kind, _ in kinds] == ["Widened", "Narrowed"]
    assert "new instruments: windmill pumps" in kinds[0][1] and decision in kinds[0][1]
    assert "not covered: the three weeks of the autumn salmon run" in kinds[1][1]
    # Each change cites both days: today's article with its sentence, the earlier one with its own.
    now = re.findall(r"^  - Now: (.*)$", changed, flags=re.M)
    before = re.findall(r"^  - Before: (.*)$", changed, flags=re.M)
    assert len(now) == len(before) == 2
    assert all(f"{DAY2.isoformat()}" in line and "Tarrow Courier" in line for line in now)
    assert all(f"{DAY1.isoformat()}" in line and "Tarrow Courier" in line for line in before)
    assert GRANT2.split(",")[0] in now[0] and LIMIT2.split(",")[0] in now[1]
    assert all(GRANT1.split(" to use ")[0] in line for line in before)

    # The page says the same, and highlights today's side of each change in the article.
    page = Page(html2)
    shown = "".join(page.by_class["#what-changed"])
    assert "Widened" in shown and "Narrowed" in shown and "windmill pumps" in shown
    assert TITLE1 in shown and TITLE2 in shown
    assert html2.index('id="what-changed"') < html2.index('id="top-summary"') < html2.index('id="decisions"')
    assert {GRANT2, LIMIT2} <= marked(html2, "change")
    assert GRANT2 in marked(html2, "auth") and LIMIT2 in marked(html2, "excl")
    # Only today's article is shown in full; the earlier one is cited, not repeated.
    assert article_texts(html2).split() == " ".join([TITLE2, *STORY2]).split()

    # `summarizer changes` tells the same story over both days.
    code = cli.main(["changes", "briefs", "--since", DAY1.isoformat()])
    assert code == 0
    report = capsys.readouterr().out
    assert re.findall(r"^(## \S+|- [A-Z]+)", report, flags=re.M) == [
        f"## {DAY1.isoformat()}",
        "- NEW",
        f"## {DAY2.isoformat()}",
        "- WIDENED",
        "- NARROWED",
    ]
