"""The HTML briefing: same content as the Markdown one, articles shown with their evidence
highlighted, every value escaped, unconfirmed items set apart; and the page as a browser reads it."""

from __future__ import annotations

import datetime as dt
import random
import re
import shutil
import subprocess
from collections import defaultdict
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest
from test_briefing import DAY, make_brief, section

from summarizer import cli
from summarizer.briefing.html import KINDS, Highlight, highlight, render_html
from summarizer.briefing.render import render_briefing
from summarizer.models import (
    Article,
    Authorisation,
    Brief,
    Evidence,
    Exclusion,
    Quote,
    Source,
    UnverifiedItem,
    article_info,
)

ARTICLES = Path(__file__).parent / "fixtures" / "articles"
SEED = ARTICLES / "2024-05-31-us-allows-ukraine-strikes.txt"
ROOT = Path(__file__).parent.parent
ARTIFACTS = ROOT / "test-artifacts"
DAY_BEFORE = DAY - dt.timedelta(days=1)

# --------------------------------------------------------------------------- building briefs


def span(text: str, phrase: str, after: str = "") -> Evidence:
    start = text.index(phrase, text.index(after))
    return Evidence(text=phrase, start=start, end=start + len(phrase))


def seed_brief(article: Article) -> Brief:
    """A brief of the seed article as `summarize` grounds one, with spans that nest and cross."""
    t = article.text
    quote_text = (
        "That is the right of the President, and as you have heard, he has approved the use of our weapons for "
        "this purpose."
    )
    doubted = Authorisation(
        authoriser="Joe Biden",
        authorised="US forces on the front line",
        action="adapt and adjust efforts as needed",
        evidence=[span(t, "the US will continue to do what it has been doing")],
        confidence=0.31,
    )
    return Brief(
        prompt_version="test",
        article=article_info(article),
        headline="US lets Ukraine strike Russia with GMLRS and HIMARS, but not ATACMS",
        summary="Washington has allowed Kyiv to strike targets in Russia using US weapons. ATACMS are excluded.",
        authorisations=[
            Authorisation(
                authoriser="Joe Biden",
                authorised="Ukraine",
                action="strike military targets on the territory of Russia with US weapons",
                instruments=["GMLRS", "HIMARS"],
                scope="to defend against the Russian offensive in the Kharkiv region",
                status="confirmed",
                evidence=[
                    span(t, "Ukraine can use American GMLRS rockets"),
                    # Starts inside the quotation below and ends after it: the two spans cross.
                    span(t, "he has approved the use of our weapons for this purpose. Anthony Blinken"),
                ],
                confidence=0.94,
            )
        ],
        exclusions=[
            Exclusion(
                what="ATACMS long-range surface-to-surface missiles",
                applies_to="permission to strike Russia with US weapons",
                stated_by="the anonymous US official",
                evidence=[
                    span(t, "The authorisation does not extend to ATACMS long-range surface-to-surface missiles.")
                ],
                confidence=0.9,
            )
        ],
        sources=[
            Source(
                name="The Wall Street Journal",
                kind="media",
                via="unnamed US officials",
                evidence=[span(t, "This is stated in the material of The Wall Street Journal")],
            ),
            Source(name="the anonymous US official", kind="anonymous", evidence=[span(t, "the anonymous US official")]),
            # Inside the decision's second span: nested, not crossing.
            Source(
                name="Anthony Blinken",
                kind="official",
                evidence=[span(t, "Anthony Blinken", after="for this purpose.")],
            ),
        ],
        quotes=[
            Quote(
                speaker="Anthony Blinken",
                speaker_role="US Secretary of State",
                text=quote_text,
                span=span(t, quote_text),
            )
        ],
        unverified=[
            UnverifiedItem(
                section="authorisations", reason="check: 0.31, below the 0.5 threshold", authorisation=doubted
            )
        ],
    )


HOSTILE_TEXT = (
    "Harbour board & Co. <b>approves</b> night ferries\r\n"
    "\r\n"
    'The board said: "Crossings may run after <midnight> & before dawn."\r\n'
    "Freight is not covered, it added. <script>alert('owned')</script> & done.\r\n"
)


def hostile_brief(article: Article) -> Brief:
    """Model output and article text full of markup, with CRLF line breaks inside the evidence."""
    t = article.text
    return Brief(
        prompt_version="test",
        article=article_info(article),
        headline="<img src=x onerror=alert(1)> Board & ferries",
        summary="The board <i>approved</i> night crossings.",
        authorisations=[
            Authorisation(
                authoriser="Harbour board & Co.",
                authorised="<ferry line>",
                action="run crossings after midnight",
                evidence=[span(t, "<b>approves</b> night ferries\r\n\r\nThe board said")],
            )
        ],
        exclusions=[Exclusion(what="Freight <cargo>", evidence=[span(t, "Freight is not covered, it added.")])],
        quotes=[
            Quote(
                speaker="The board",
                text="Crossings may run after <midnight> & before dawn.",
                span=span(t, "Crossings may run after <midnight> & before dawn."),
            )
        ],
        sources=[Source(name="<script>alert('owned')</script>", evidence=[span(t, "<script>alert('owned')</script>")])],
    )


def articles() -> tuple[Article, Article]:
    from summarizer.io.loaders import load_file

    # The path as `summarizer batch tests/fixtures/articles` records it, run from the repository.
    seed = load_file(SEED)[0].model_copy(update={"path": str(SEED.relative_to(ROOT))})
    hostile = Article(
        text=HOSTILE_TEXT, id="harbour", title="Night ferries & <you>", source="Harbour Post", published=DAY
    )
    return seed, hostile


def day_before() -> Brief:
    """An earlier report of the seed's decision, with fewer weapons: "What changed" has something to say."""
    article = Article(
        text="Biden let Ukraine use GMLRS rockets against Russia.", id="ap", source="AP", published=DAY_BEFORE
    )
    return Brief(
        prompt_version="test",
        article=article_info(article),
        headline="Biden lets Ukraine use GMLRS",
        summary="",
        authorisations=[
            Authorisation(
                authoriser="Joe Biden",
                authorised="Ukraine",
                action="strike military targets on the territory of Russia with US weapons",
                instruments=["GMLRS"],
                status="confirmed",
                evidence=[span(article.text, "Biden let Ukraine use GMLRS rockets")],
            )
        ],
    )


def briefing_page() -> tuple[str, list[Brief], dict[str, str]]:
    """The page for DAY, and the briefs it shows (the day before's is only compared with)."""
    seed, hostile = articles()
    briefs = [seed_brief(seed), hostile_brief(hostile)]
    texts = {seed.sha256: seed.text, hostile.sha256: hostile.text}
    return render_html([day_before(), *briefs], DAY, texts), briefs, texts


def expected_evidence(briefs: list[Brief]) -> set[str]:
    spans = [e for b in briefs for a in b.authorisations for e in a.evidence]
    spans += [e for b in briefs for x in b.exclusions for e in x.evidence]
    spans += [q.span for b in briefs for q in b.quotes]
    spans += [e for b in briefs for s in b.sources for e in s.evidence]
    spans += [e for b in briefs for u in b.unverified if u.authorisation for e in u.authorisation.evidence]
    return {e.text for e in spans}


# --------------------------------------------------------------------------- reading the page back


class Page(HTMLParser):
    """The parts of a page the tests look at: highlights by `data-ev`, ids, links, tags, texts by class."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.marks: dict[str, list[str]] = defaultdict(list)
        self.mark_kinds: dict[str, str] = {}
        self.ids: list[str] = []
        self.hrefs: list[str] = []
        self.tags: set[str] = set()
        self.by_class: dict[str, list[str]] = defaultdict(list)
        self._open: list[tuple[str, str | None, str | None]] = []  # tag, data-ev, class
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        self.tags.add(tag)
        ident = a.get("id")
        if ident:
            self.ids.append(ident)
        if tag == "a" and a.get("href"):
            self.hrefs.append(str(a["href"]))
        if tag in ("meta", "br", "link", "img"):
            return
        ev = a.get("data-ev")
        if ev:
            self.marks.setdefault(ev, [])
            self.mark_kinds[ev] = str(a.get("class"))
        # An element's id counts as a class here, so a section's text is found like a class's.
        self._open.append((tag, ev, " ".join(filter(None, [a.get("class"), ident and f"#{ident}"])) or None))

    def handle_endtag(self, tag: str) -> None:
        while self._open:
            if self._open.pop()[0] == tag:
                break

    def handle_data(self, data: str) -> None:
        # Every enclosing highlight gets the text: nested pieces count for each span they are in.
        for ev in {ev for _, ev, _ in self._open if ev}:
            self.marks[ev].append(data)
        for cls in {c for _, _, c in self._open if c}:
            for name in cls.split():
                self.by_class[name].append(data)

    def mark_texts(self) -> dict[str, str]:
        return {ev: "".join(parts) for ev, parts in self.marks.items()}


# --------------------------------------------------------------------------- fast tests


def test_article_markup_and_ampersands_stay_text() -> None:
    html, _, _ = briefing_page()
    page = Page(html)
    # Article text and model output both carry <script>, <b>, <img>, <i>: none becomes an element.
    assert page.tags.isdisjoint({"script", "b", "img", "i"})
    assert "<script>alert" not in html and "&lt;script&gt;alert(&#39;owned&#39;)&lt;/script&gt;" in html
    # Read back, the shown article is its text character for character: "&", "<" and the CRs of CRLF.
    assert "".join(page.by_class["article-text"]) == articles()[0].text + HOSTILE_TEXT
    assert "<img src=x onerror=alert(1)> Board & ferries" in "".join(page.by_class["items"])


def test_every_highlight_reads_as_its_evidence_and_every_link_lands() -> None:
    html, briefs, _ = briefing_page()
    page = Page(html)
    found = page.mark_texts()
    assert set(found.values()) == expected_evidence(briefs)
    for ev, text in found.items():
        _, kind, start, end = ev.split("-")
        assert len(text) == int(end) - int(start)
        assert page.mark_kinds[ev] == f"ev-{kind}"
    # The crossing spans are split, so some highlight comes in more than one piece.
    assert any(len(parts) > 1 for parts in page.marks.values())
    internal = [h[1:] for h in page.hrefs if h.startswith("#")]
    assert internal and set(internal) <= set(page.ids)
    assert len(page.ids) == len(set(page.ids))
    # Each item's reference points at its own evidence, not just at the article.
    kinds = {m.group(1) for h in internal if (m := re.match(r"a\d+-(\w+)-", h))}
    assert kinds == {"auth", "excl", "quote", "source", "unverified", "change"}


@pytest.mark.parametrize("seed", range(40))
def test_highlight_nests_or_splits_any_spans_and_keeps_the_text(seed: int) -> None:
    rng = random.Random(seed)
    text = "".join(rng.choice("ab <>&\"'\r\n") for _ in range(rng.randint(1, 60)))
    spans = set()
    for _ in range(rng.randint(0, 8)):
        start = rng.randrange(len(text))
        end = rng.randint(start + 1, len(text))
        spans.add(Highlight(rng.choice(list(KINDS)), start, end, text[start:end]))
    wrapped = f'<div class="t">{highlight(text, spans, 7)}</div>'
    page = Page(wrapped)
    assert "".join(page.by_class["t"]) == text
    assert page.mark_texts() == {s.anchor(7): s.text for s in spans}
    assert sorted(page.ids) == sorted(s.anchor(7) for s in spans)  # each id once


def test_unverified_items_are_set_apart_labelled_with_their_reason() -> None:
    html, _, _ = briefing_page()
    page = Page(html)
    boxed = "".join(page.by_class["unverified-items"])
    assert "unverified" in "".join(page.by_class["badge"])
    assert "Joe Biden → US forces on the front line: adapt and adjust efforts as needed" in boxed
    assert "reason: check: 0.31, below the 0.5 threshold" in boxed
    confirmed = "".join(page.by_class["items"])
    assert "adapt and adjust" not in confirmed and "strike military targets" in confirmed
    assert any(kind == "ev-unverified" for kind in page.mark_kinds.values())


def test_unverified_items_of_an_article_without_decisions_are_listed_too() -> None:
    doubted = Exclusion(what="camping in the park", evidence=[])
    brief = make_brief("circus", headline="Circus arrives").model_copy(
        update={"unverified": [UnverifiedItem(section="exclusions", reason="too vague", exclusion=doubted)]}
    )
    page = Page(render_html([brief], DAY, {}))
    assert "Not covered: camping in the park — reason: too vague" in "".join(page.by_class["unverified-items"])


def test_a_missing_article_shows_its_evidence_alone_and_says_why() -> None:
    seed, _ = articles()
    brief = seed_brief(seed)
    html = render_html([brief], DAY, {}, missing={seed.sha256: "gone.txt: file not found"})
    page = Page(html)
    assert "Article text not shown: gone.txt: file not found." in "".join(page.by_class["note"])
    assert not page.by_class["article-text"]
    assert set(page.mark_texts().values()) >= expected_evidence([brief])
    assert {h[1:] for h in page.hrefs if h.startswith("#")} <= set(page.ids)


def test_spans_that_do_not_fit_the_text_are_shown_apart() -> None:
    seed, _ = articles()
    brief = seed_brief(seed)
    edited = "Correction appended at the top.\n" + seed.text
    page = Page(render_html([brief], DAY, {seed.sha256: edited}))
    assert "Evidence not found at its place in this text" in "".join(page.by_class["note"])
    assert "".join(page.by_class["article-text"]) == edited
    assert set(page.mark_texts().values()) >= expected_evidence([brief])


def test_two_spans_claiming_one_place_give_one_highlight_the_one_that_fits() -> None:
    seed, _ = articles()
    brief = seed_brief(seed)
    right = brief.exclusions[0].evidence[0]
    wrong = right.model_copy(update={"text": "not what stands there"})
    other = brief.exclusions[0].model_copy(update={"what": "F-16 jets", "evidence": [wrong]})
    brief = brief.model_copy(update={"exclusions": [other, brief.exclusions[0]]})
    page = Page(render_html([brief], DAY, {seed.sha256: seed.text}))
    assert len(page.ids) == len(set(page.ids))
    assert page.mark_texts()[f"a1-excl-{right.start}-{right.end}"] == right.text


def test_html_shows_what_the_markdown_shows() -> None:
    seed, hostile = articles()
    briefs = [seed_brief(seed), hostile_brief(hostile)]
    markdown = render_briefing(briefs, DAY)
    page = Page(render_html(briefs, DAY, {}))
    md_quotes = re.findall(r"^> “(.*)”", section(markdown, "Key quotes"), flags=re.M)
    assert len(md_quotes) == 2
    html_quotes = "".join(page.by_class["#key-quotes"])
    assert all(unescape(q.replace("\\", "")) in html_quotes for q in md_quotes)
    assert html_quotes.count("“") == len(md_quotes)
    md_headings = re.findall(r"^### (.*) \[", section(markdown, "Decisions and authorisations"), flags=re.M)
    html_decisions = "".join(page.by_class["#decisions"])
    assert len(md_headings) == 2 and all(unescape(h.replace("\\", "")) in html_decisions for h in md_headings)
    assert "2 articles, 2 events" in markdown and "2 articles, 2 events" in "".join(page.by_class["counts"])


def test_what_changed_lists_the_markdowns_changes_with_their_evidence_highlighted() -> None:
    seed, _ = articles()
    briefs = [day_before(), seed_brief(seed)]
    changes = re.findall(r"^- \*\*(\w+)\*\*", section(render_briefing(briefs, DAY), "What changed"), flags=re.M)
    page = Page(render_html(briefs, DAY, {seed.sha256: seed.text}))
    shown = "".join(page.by_class["#what-changed"])
    assert changes and [c for c in changes if f"{c}:" in shown] == changes
    highlighted = {text for ev, text in page.mark_texts().items() if "-change-" in ev}
    assert "Ukraine can use American GMLRS rockets" in highlighted
    assert "Biden let Ukraine use GMLRS" not in "".join(page.by_class["article-text"])  # compared, not shown


def test_page_loads_nothing_from_elsewhere() -> None:
    html, _, _ = briefing_page()
    page = Page(html)
    assert page.tags.isdisjoint({"script", "link", "img", "iframe", "object", "embed"})
    assert "url(" not in html and "@import" not in html and "@font-face" not in html
    assert "default-src 'none'" in html


def write_folder(tmp_path: Path, *, keep_article: bool = True) -> tuple[Path, Path]:
    seed, _ = articles()
    article_file = tmp_path / "articles" / SEED.name
    article_file.parent.mkdir()
    shutil.copyfile(SEED, article_file)
    brief = seed_brief(seed)
    brief = brief.model_copy(update={"article": brief.article.model_copy(update={"path": str(article_file)})})
    briefs = tmp_path / "briefs"
    briefs.mkdir()
    (briefs / "seed.json").write_text(brief.model_dump_json(), encoding="utf-8")
    if not keep_article:
        article_file.unlink()
    return briefs, article_file


def test_cli_html_writes_the_page_with_the_article_and_no_markdown_on_stdout(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    briefs, _ = write_folder(tmp_path)
    out = tmp_path / "b.html"
    assert cli.main(["briefing", str(briefs), "--date", "2024-05-31", "--html", str(out)]) == 0
    assert capsys.readouterr().out == ""
    page = Page(out.read_text(encoding="utf-8"))
    assert "".join(page.by_class["article-text"]) == SEED.read_text(encoding="utf-8")
    assert set(page.mark_texts().values()) == expected_evidence([seed_brief(articles()[0])])
    assert list(tmp_path.glob(".*.tmp")) == []  # written atomically: no temp file left
    md = tmp_path / "b.md"
    assert cli.main(["briefing", str(briefs), "--html", str(out), "-o", str(md)]) == 0
    assert md.read_text(encoding="utf-8").startswith("# Briefing — all dates")


def test_cli_html_says_when_the_article_file_is_gone(tmp_path: Path) -> None:
    briefs, article_file = write_folder(tmp_path, keep_article=False)
    out = tmp_path / "b.html"
    assert cli.main(["briefing", str(briefs), "--html", str(out)]) == 0
    note = "".join(Page(out.read_text(encoding="utf-8")).by_class["note"])
    assert f"Article text not shown: {article_file}: file not found" in note


def test_cli_html_refuses_a_changed_article(tmp_path: Path) -> None:
    briefs, article_file = write_folder(tmp_path)
    article_file.write_text("Another text altogether.\n", encoding="utf-8")
    out = tmp_path / "b.html"
    assert cli.main(["briefing", str(briefs), "--html", str(out)]) == 0
    page = Page(out.read_text(encoding="utf-8"))
    assert not page.by_class["article-text"]
    assert "changed since the brief was written" in "".join(page.by_class["note"])


# --------------------------------------------------------------------------- in a browser


def _chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)


@pytest.mark.browser
@pytest.mark.skipif(_chromium() is None, reason="chromium not found on PATH (Debian: apt-get install chromium)")
def test_browser_reads_each_highlight_as_its_evidence(tmp_path: Path) -> None:
    html, briefs, _ = briefing_page()
    page_file = tmp_path / "briefing.html"
    page_file.write_text(html, encoding="utf-8")
    chromium = _chromium()
    assert chromium is not None

    def run(*args: str) -> str:
        profile = tmp_path / f"profile-{len(list(tmp_path.iterdir()))}"
        done = subprocess.run(
            [chromium, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *args, page_file.as_uri()],
            capture_output=True,
            timeout=180,
            check=True,
        )
        # Decoded by hand: text mode would turn the article's CRs into LFs before the test sees them.
        return done.stdout.decode("utf-8")

    # The DOM as the browser parsed it: CR kept by &#13;, crossing spans split and rejoined.
    dom = Page(run("--dump-dom"))
    in_articles = {ev: text for ev, text in dom.mark_texts().items() if ev.startswith("a")}
    assert set(in_articles.values()) == expected_evidence(briefs)
    assert "".join(dom.by_class["article-text"]) == articles()[0].text + HOSTILE_TEXT
    assert "script" not in dom.tags

    shot = tmp_path / "briefing-html.png"
    run(f"--screenshot={shot}", "--window-size=1100,2600", "--hide-scrollbars")
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    ARTIFACTS.mkdir(exist_ok=True)
    shutil.copyfile(shot, ARTIFACTS / "briefing-html.png")


def test_dates_other_than_the_day_are_left_out_of_the_page_too() -> None:
    seed, hostile = articles()
    other = hostile_brief(hostile).model_copy(
        update={"article": article_info(hostile).model_copy(update={"published": dt.date(2024, 5, 30)})}
    )
    page = Page(render_html([seed_brief(seed), other], DAY, {}))
    assert "Board & ferries" not in "".join(page.by_class["items"])
    assert len([i for i in page.ids if i.startswith("article-")]) == 1
