"""The daily briefing: date selection, grouping across outlets, layout and escaping."""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib.resources
import random
import re

import pytest

from summarizer.briefing.events import brief_date, group_events, select_for_day
from summarizer.briefing.markdown import environment, escape_md, safe_url
from summarizer.briefing.render import render_briefing
from summarizer.briefing.similarity import TEXT_SIMILARITY_THRESHOLD, content_words, jaccard
from summarizer.extract.answers import SUMMARY_MAX_CHARS
from summarizer.models import ArticleInfo, Authorisation, Brief, Evidence, Exclusion, Quote, Source

DAY = dt.date(2024, 5, 31)
OTHER_DAY = dt.date(2024, 5, 30)
_SPAN = Evidence(text="x", start=0, end=1)

HEADING = re.compile(r"^(#{1,6})[ \t]+(.*?)[ \t]*$")
# A Markdown inline link whose opening bracket is not backslash-escaped.
LINK = re.compile(r"(?<!\\)\[(?:[^\]\\]|\\.)*\]\(([^)\s]*)")


def make_brief(
    article_id: str,
    *,
    headline: str,
    summary: str = "",
    source: str | None = None,
    title: str | None = None,
    url: str | None = None,
    published: dt.date | None = DAY,
    event_date: dt.date | None = None,
    path: str | None = None,
    authorisations: list[Authorisation] | None = None,
    exclusions: list[Exclusion] | None = None,
    sources: list[Source] | None = None,
    quotes: list[Quote] | None = None,
) -> Brief:
    return Brief(
        prompt_version="test",
        article=ArticleInfo(
            id=article_id,
            sha256=hashlib.sha256(article_id.encode()).hexdigest(),
            chars=1000,
            title=title,
            source=source,
            url=url,
            published=published,
            path=path,
        ),
        headline=headline,
        summary=summary,
        event_date=event_date,
        authorisations=authorisations or [],
        exclusions=exclusions or [],
        sources=sources or [],
        quotes=quotes or [],
    )


def quote(text: str, speaker: str | None = None, role: str | None = None) -> Quote:
    return Quote(speaker=speaker, speaker_role=role, text=text, span=_SPAN)


def headings(markdown: str) -> list[str]:
    return [f"{m.group(1)} {m.group(2)}" for line in markdown.splitlines() if (m := HEADING.match(line))]


def section(markdown: str, name: str) -> str:
    """The body of one `## name` section, up to the next `## ` heading."""
    match = re.search(rf"^## {re.escape(name)}\n(.*?)(?=^## |\Z)", markdown, flags=re.M | re.S)
    assert match, f"section {name!r} missing"
    return match.group(1)


def source_list(markdown: str) -> dict[int, str]:
    """Reference number -> the Sources line for that article."""
    return {int(m.group(1)): m.group(2) for m in re.finditer(r"^(\d+)\. (.*)$", section(markdown, "Sources"), re.M)}


def wsj_seed() -> Brief:
    return make_brief(
        "wsj-ukraine",
        source="The Wall Street Journal",
        title="Biden Quietly Lets Ukraine Strike Inside Russia",
        url="https://www.wsj.com/world/biden-ukraine-russia",
        headline="Biden lets Ukraine strike inside Russia with US weapons",
        summary=(
            "President Biden has authorised Ukraine to use U.S. weapons against targets inside Russia near "
            "Kharkiv. Long-range ATACMS missiles are not covered."
        ),
        authorisations=[
            Authorisation(
                authoriser="Joe Biden",
                authorised="Ukraine",
                action="strike targets inside Russia with US-supplied weapons",
                instruments=["GMLRS", "HIMARS"],
                scope="Russian territory near Kharkiv",
                conditions="only to counter attacks on Kharkiv",
                status="reported",
            )
        ],
        exclusions=[
            Exclusion(
                what="ATACMS",
                applies_to="permission to strike inside Russia",
                stated_by="unnamed US officials",
            )
        ],
        sources=[Source(name="The Wall Street Journal", kind="media", via="unnamed US officials")],
        quotes=[quote("We have adapted and adjusted", "Antony Blinken", "Secretary of State")],
    )


def reuters_same_event() -> Brief:
    # Worded differently enough that only the shared authorisation ties it to the WSJ report.
    return make_brief(
        "reuters-kyiv",
        source="Reuters",
        title="US allows Kyiv limited strikes on Russian soil",
        url="https://www.reuters.com/world/us-kyiv",
        headline="Washington gives Kyiv a narrow green light against Russian soil",
        summary="The White House let Ukrainian forces hit positions across the border, a US official said.",
        authorisations=[
            Authorisation(
                authoriser="Biden",
                authorised="Ukraine's armed forces",
                action="hit positions across the border",
                instruments=["HIMARS launchers"],
                status="confirmed",
            )
        ],
        exclusions=[Exclusion(what="atacms", stated_by="a US official"), Exclusion(what="F-16 jets")],
        sources=[Source(name="US official", kind="anonymous")],
        quotes=[quote("“We have adapted and adjusted.”", "Blinken")],
    )


def unrelated() -> Brief:
    return make_brief(
        "bbc-floods",
        source="BBC",
        title="Floods in Brazil",
        url="https://www.bbc.co.uk/news/floods",
        headline="Floods displace thousands in southern Brazil",
        summary="Heavy rain in Rio Grande do Sul has forced thousands from their homes.",
        quotes=[quote("The water came in minutes", "Maria Souza", "resident")],
    )


# --------------------------------------------------------------------------- dates


def test_brief_date_prefers_publication_then_event_date() -> None:
    assert brief_date(make_brief("a", headline="h", published=DAY, event_date=OTHER_DAY)) == DAY
    assert brief_date(make_brief("b", headline="h", published=None, event_date=OTHER_DAY)) == OTHER_DAY
    assert brief_date(make_brief("c", headline="h", published=None)) is None


def test_select_for_day_splits_today_and_undated_and_drops_other_days() -> None:
    today = make_brief("today", headline="today")
    by_event = make_brief("event", headline="event", published=None, event_date=DAY)
    yesterday = make_brief("yesterday", headline="yesterday", published=OTHER_DAY)
    undated = make_brief("undated", headline="undated", published=None)
    dated, without = select_for_day([yesterday, today, undated, by_event], DAY)
    assert dated == [today, by_event]
    assert without == [undated]


def test_render_leaves_out_other_days_and_lists_undated_separately() -> None:
    today = make_brief("today", source="AP", headline="Parliament passes budget", summary="It passed.")
    yesterday = make_brief("old", source="AFP", headline="Yesterday's storm", published=OTHER_DAY)
    undated = make_brief("nodate", source="Blog", headline="Timeless musings", published=None)
    out = render_briefing([yesterday, undated, today], DAY)

    assert "Yesterday's storm" not in out
    assert "AFP" not in out
    assert "Timeless musings" not in section(out, "Top summary")
    assert "Timeless musings" in section(out, "Undated articles")
    assert "1 article, 1 event" in out
    assert headings(out)[-1] == "## Undated articles"
    # The undated article still has a numbered source entry its [n] points at.
    assert re.search(r"Timeless musings\*\* \[(\d+)\]", out)
    ref = int(re.search(r"Timeless musings\*\* \[(\d+)\]", out).group(1))  # type: ignore[union-attr]
    assert source_list(out)[ref].startswith("Blog")


def test_no_undated_section_when_everything_is_dated() -> None:
    out = render_briefing([unrelated()], DAY)
    assert "Undated" not in out


def test_empty_day_renders_every_section_with_a_placeholder() -> None:
    out = render_briefing([], DAY)
    assert headings(out) == [
        "# Briefing — 2024-05-31",
        "## Top summary",
        "## Decisions and authorisations",
        "## Key quotes",
        "## Sources",
    ]
    assert "0 articles, 0 events" in out
    assert "No articles dated 2024-05-31." in out
    assert "No authorisations reported." in out
    assert "No quotes reported." in out


def test_title_replaces_the_word_briefing_but_keeps_the_date() -> None:
    out = render_briefing([], DAY, title="Ukraine desk")
    assert out.splitlines()[0] == "# Ukraine desk — 2024-05-31"


# --------------------------------------------------------------------------- grouping


def test_two_outlets_reporting_one_authorisation_become_one_event() -> None:
    wsj, reuters, bbc = wsj_seed(), reuters_same_event(), unrelated()
    # The wording alone would not have merged them: the authorisation rule did.
    assert (
        jaccard(content_words(f"{wsj.headline} {wsj.summary}"), content_words(f"{reuters.headline} {reuters.summary}"))
        < TEXT_SIMILARITY_THRESHOLD
    )

    events = group_events([bbc, reuters, wsj])
    assert [sorted(b.article.id for b in e.briefs) for e in events] == [
        ["reuters-kyiv", "wsj-ukraine"],
        ["bbc-floods"],
    ]

    out = render_briefing([bbc, reuters, wsj], DAY)
    assert "3 articles, 2 events" in out
    bullets = [line for line in section(out, "Top summary").splitlines() if line.startswith("- ")]
    assert len(bullets) == 2
    assert "[The Wall Street Journal](https://www.wsj.com/world/biden-ukraine-russia) [1]" in bullets[0]
    assert "[Reuters](https://www.reuters.com/world/us-kyiv) [2]" in bullets[0]
    assert "BBC" not in bullets[0]
    assert "Floods displace thousands" in bullets[1]
    assert "[BBC](https://www.bbc.co.uk/news/floods) [3]" in bullets[1]


def test_items_merged_within_an_event_without_duplicates() -> None:
    (event,) = group_events([wsj_seed(), reuters_same_event()])
    (auth,) = event.authorisations
    assert auth.instruments == ("GMLRS", "HIMARS", "HIMARS launchers")
    assert auth.statuses == ("reported", "confirmed")
    assert [x.what for x in auth.exclusions] == ["ATACMS"]  # "atacms" from Reuters merged into it
    assert auth.exclusions[0].stated_by == ("unnamed US officials", "a US official")
    assert [x.what for x in event.exclusions] == ["F-16 jets"]
    assert [q.text for q in event.quotes] == ["We have adapted and adjusted"]
    assert event.quotes[0].articles == (0, 1)


def test_items_worded_alike_up_to_quote_marks_and_invisible_characters_merge() -> None:
    # Web text keeps soft hyphens, and outlets differ in their quote marks; neither is a different item.
    first = make_brief(
        "le-monde",
        headline="Paris sends Kyiv more air defence",
        exclusions=[Exclusion(what="Mi\u00adrage jets")],
        sources=[Source(name="Élysée", kind="official")],  # the richer report leads, so its wording is shown
        quotes=[quote("«Nous tiendrons»", "Emmanuel Macron")],
    )
    second = make_brief(
        "afp",
        headline="Paris sends Kyiv more air defence",
        exclusions=[Exclusion(what="Mirage jets")],
        quotes=[quote('"Nous tiendrons"', "Macron")],
    )
    (event,) = group_events([first, second])
    assert [(x.what, x.articles) for x in event.exclusions] == [("Mi\u00adrage jets", (0, 1))]
    assert [(q.text, q.articles) for q in event.quotes] == [("«Nous tiendrons»", (0, 1))]
    assert "> “Nous tiendrons” — Emmanuel Macron [1, 2]" in render_briefing([first, second], DAY)


def test_grouping_is_transitive() -> None:
    # a~b share an authorisation, b~c are near-identical texts, a and c share nothing.
    a = make_brief(
        "a",
        headline="Senate approves sanctions package",
        authorisations=[
            Authorisation(authoriser="Senate", authorised="Treasury", action="sanction", instruments=["SDN list"])
        ],
    )
    b = make_brief(
        "b",
        headline="Treasury gets new powers to freeze oligarch assets across Europe",
        summary="Lawmakers voted late on Thursday to expand freezing powers over oligarch assets held abroad.",
        authorisations=[
            Authorisation(authoriser="Congress", authorised="US Treasury", action="freeze", instruments=["SDN list"])
        ],
    )
    c = make_brief(
        "c",
        headline="Treasury gets new powers to freeze oligarch assets across Europe",
        summary="Lawmakers voted late on Thursday to expand freezing powers over oligarch assets held abroad.",
    )
    assert len(group_events([a, c])) == 2
    (event,) = group_events([c, a, b])
    assert {x.article.id for x in event.briefs} == {"a", "b", "c"}


def test_same_actors_different_decision_stay_apart() -> None:
    us = make_brief(
        "us",
        headline="Biden allows Ukraine to use US weapons to strike inside Russia",
        summary="President Joe Biden has quietly authorised Ukraine to strike targets inside Russia with "
        "US-supplied weapons, but only near Kharkiv, officials said.",
        authorisations=[
            Authorisation(
                authoriser="Joe Biden", authorised="Ukraine", action="strike inside Russia", instruments=["US weapons"]
            )
        ],
    )
    germany = make_brief(
        "de",
        headline="Germany allows Ukraine to use its weapons against targets in Russia",
        summary="Germany said Ukraine may use German-supplied weapons to strike Russian positions attacking Kharkiv.",
        authorisations=[
            Authorisation(
                authoriser="Olaf Scholz", authorised="Ukraine", action="defend Kharkiv", instruments=["weapons"]
            )
        ],
    )
    assert len(group_events([us, germany])) == 2


def test_near_identical_wire_copies_merge_on_text_alone() -> None:
    first = make_brief(
        "ap",
        source="AP",
        headline="Biden secretly allows Ukraine to strike inside Russia with US weapons",
        summary="President Joe Biden has authorised Ukraine to use American-supplied weapons to strike targets "
        "inside Russia near Kharkiv, US officials said.",
    )
    second = make_brief(
        "nyt",
        source="New York Times",
        headline="Biden allows Ukraine to use US weapons to strike inside Russia",
        summary="President Joe Biden has quietly authorised Ukraine to strike targets inside Russia with "
        "US-supplied weapons, but only near Kharkiv, officials said.",
    )
    assert len(group_events([first, second])) == 1


def test_same_article_twice_is_counted_once() -> None:
    out = render_briefing([unrelated(), unrelated()], DAY)
    assert "1 article, 1 event" in out
    assert list(source_list(out)) == [1]


def test_output_does_not_depend_on_input_order() -> None:
    briefs = [wsj_seed(), reuters_same_event(), unrelated(), make_brief("x", headline="Undated", published=None)]
    expected = render_briefing(briefs, DAY)
    rng = random.Random(7)
    for _ in range(5):
        rng.shuffle(briefs)
        assert render_briefing(briefs, DAY) == expected


# --------------------------------------------------------------------------- layout


def test_seed_case_biden_ukraine_gmlrs_himars_without_atacms() -> None:
    out = render_briefing([wsj_seed()], DAY)
    decisions = section(out, "Decisions and authorisations").splitlines()
    auth = decisions.index(
        "- **Joe Biden → Ukraine**: strike targets inside Russia with US-supplied weapons; "
        "instruments: GMLRS, HIMARS; scope: Russian territory near Kharkiv; "
        "conditions: only to counter attacks on Kharkiv; status: reported [1]"
    )
    assert decisions[auth + 1] == "  - Not covered: ATACMS (stated by unnamed US officials) [1]"
    assert "### Biden lets Ukraine strike inside Russia with US weapons [1]" in decisions

    sources = source_list(out)
    assert sources == {
        1: "The Wall Street Journal — [Biden Quietly Lets Ukraine Strike Inside Russia]"
        "(https://www.wsj.com/world/biden-ukraine-russia)"
    }
    assert "   - The Wall Street Journal (media), via unnamed US officials" in section(out, "Sources").splitlines()
    assert "> “We have adapted and adjusted” — Antony Blinken, Secretary of State [1]" in out
    # One sentence in the top summary, cut after "U.S." only where the sentence really ends.
    assert "near Kharkiv. — reported by" in out
    assert "Long-range" not in section(out, "Top summary")


def test_exclusion_sits_under_the_authorisation_it_limits() -> None:
    brief = make_brief(
        "two-auths",
        source="FT",
        headline="Allies widen support for Kyiv",
        authorisations=[
            Authorisation(
                authoriser="Rishi Sunak",
                authorised="Ukraine",
                action="strike Russian territory",
                instruments=["Storm Shadow"],
            ),
            Authorisation(
                authoriser="Joe Biden",
                authorised="Ukraine",
                action="counter-battery fire near Kharkiv",
                instruments=["HIMARS"],
            ),
        ],
        exclusions=[
            Exclusion(what="ATACMS", applies_to="Biden's counter-battery permission near Kharkiv"),
            Exclusion(what="Troops on the ground", applies_to=None, stated_by="NATO"),
        ],
    )
    lines = section(render_briefing([brief], DAY), "Decisions and authorisations").splitlines()
    sunak = next(i for i, line in enumerate(lines) if line.startswith("- **Rishi Sunak → Ukraine**"))
    biden = next(i for i, line in enumerate(lines) if line.startswith("- **Joe Biden → Ukraine**"))
    assert biden == sunak + 1  # nothing under Sunak's permission
    assert lines[biden + 1] == "  - Not covered: ATACMS [1]"
    # No known target: a top-level bullet of the event, after its authorisations.
    assert lines[biden + 2] == "- Not covered: Troops on the ground (stated by NATO) [1]"


def test_a_limit_of_a_ban_is_not_nested_under_a_permission_sharing_a_word() -> None:
    brief = make_brief(
        "ferries",
        headline="Ferry crews cleared to cross",
        authorisations=[Authorisation(authoriser="Port board", authorised="ferry crews", action="cross at night")],
        exclusions=[Exclusion(what="Tugboats", applies_to="the night crossing ban")],
    )
    lines = section(render_briefing([brief], DAY), "Decisions and authorisations").splitlines()
    assert "- Not covered: Tugboats (limits: the night crossing ban) [1]" in lines


def test_refs_point_at_the_articles_they_name() -> None:
    wsj, reuters, bbc = wsj_seed(), reuters_same_event(), unrelated()
    out = render_briefing([bbc, wsj, reuters], DAY)
    sources = source_list(out)
    assert len(sources) == 3
    by_outlet = {line.split(" — ")[0]: n for n, line in sources.items()}
    assert set(by_outlet) == {"The Wall Street Journal", "Reuters", "BBC"}

    # Every "Outlet [n]" in the top summary names the article numbered n.
    summary = section(out, "Top summary")
    pairs = re.findall(r"\[?([A-Z][A-Za-z ]+?)\]?(?:\([^)]*\))? \[(\d+)\]", summary)
    assert pairs
    for outlet, n in pairs:
        assert by_outlet[outlet] == int(n)

    quotes = section(out, "Key quotes")
    blinken_refs = re.search(r"Antony Blinken, Secretary of State \[([\d, ]+)\]", quotes)
    assert blinken_refs
    assert {int(n) for n in blinken_refs.group(1).split(", ")} == {
        by_outlet["The Wall Street Journal"],
        by_outlet["Reuters"],
    }
    assert f"Maria Souza, resident [{by_outlet['BBC']}]" in quotes
    assert f"- Not covered: F-16 jets [{by_outlet['Reuters']}]" in out

    # Sources show the cited sources under the right article.
    reuters_block = section(out, "Sources").split(f"{by_outlet['Reuters']}. ", 1)[1].splitlines()
    assert reuters_block[1].strip() == "- US official (anonymous)"


def test_article_without_url_is_named_by_path() -> None:
    brief = make_brief("p", title="Local report", headline="Council meets", path="articles/council.txt")
    line = source_list(render_briefing([brief], DAY))[1]
    assert line == "Local report (file: articles/council.txt)"


def test_a_source_of_no_particular_kind_is_listed_by_name_alone() -> None:
    sources = [Source(name="Reuters", kind="media"), Source(name="Harry Kane", kind="other")]
    brief = make_brief("m", title="Match report", headline="England win", sources=sources)
    lines = section(render_briefing([brief], DAY), "Sources").splitlines()
    assert "   - Reuters (media)" in lines
    assert "   - Harry Kane" in lines


# Written before the cut rule was fixed, a brief could keep a summary cut at the cap just after a
# period that ends no sentence: here the "a." of "a.m.".
_CUT_SUMMARY = (
    "The city council voted on Tuesday night to close the old Victoria swimming baths for a full year of repairs, "
    "after inspectors found loose tiles above the main pool and a boiler that had failed its annual safety test twice, "
    "and the leisure department said that swimmers would be offered free bus passes to the new sports centre across "
    "the river in Eastgate, where the pool opens to the public at 10 a.m. every weekday."
)[:SUMMARY_MAX_CHARS]


def test_a_summary_cut_inside_its_only_sentence_is_left_out_and_the_headline_stands_alone() -> None:
    assert _CUT_SUMMARY.endswith(" at 10 a.")
    dated = make_brief("baths", source="Gazette", headline="Council closes Victoria baths", summary=_CUT_SUMMARY)
    undated = make_brief("baths-blog", source="Blog", headline="Baths shut", summary=_CUT_SUMMARY, published=None)
    out = render_briefing([dated, undated], DAY)
    assert "- **Council closes Victoria baths** — reported by Gazette [1]" in section(out, "Top summary")
    assert "- **Baths shut** [2]" in section(out, "Undated articles")
    assert "swimming baths" not in out


# --------------------------------------------------------------------------- escaping

HOSTILE = "# Title *x* <script>alert(1)</script> [a](javascript:alert(1))\n# Second line"


def test_hostile_headline_cannot_break_the_document() -> None:
    brief = make_brief(
        "evil",
        source="Evil <b>News</b>",
        title="[click](javascript:alert(2))",
        url="javascript:alert(3)",
        headline=HOSTILE,
        summary="- not a list\n> not a quote | not | a table `code`",
        authorisations=[
            Authorisation(authoriser="## Boss", authorised="*Everyone*", action="<img src=x onerror=alert(4)>")
        ],
        exclusions=[Exclusion(what="\n# injected heading", applies_to="Everyone")],
        sources=[Source(name="1. fake item", kind="media", via="[x](javascript:alert(5))")],
        quotes=[quote("> quoted\n\n# heading", "### Speaker")],
    )
    out = render_briefing([brief, wsj_seed()], DAY)

    escaped_headline = escape_md(HOSTILE)
    assert headings(out) == [
        "# Briefing — 2024-05-31",
        "## Top summary",
        "## Decisions and authorisations",
        f"### {escaped_headline} [1]",
        "### Biden lets Ukraine strike inside Russia with US weapons [2]",
        "## Key quotes",
        "## Sources",
    ]
    own = {"#", "##", "###"}
    for line in out.splitlines():
        # The only lines starting with '#' are the document's own headings, whose text
        # never starts with a live '#'.
        if line.startswith("#"):
            marker, _, text = line.partition(" ")
            assert marker in own
            assert not text.startswith("#")
        assert not line.startswith(("- #", "> #", "- -", "> >", "  - #"))
    assert "<script" not in out.casefold()
    assert "<img" not in out.casefold()
    assert "<b>" not in out
    assert "Second line" not in [line.strip() for line in out.splitlines()]
    destinations = LINK.findall(out)
    assert destinations
    assert all(d.startswith("https://") for d in destinations)
    assert "(URL not linked: javascript:alert(3))" in out


def test_hostile_text_round_trips_as_plain_text_through_a_markdown_parser() -> None:
    markdown_it = pytest.importorskip("markdown_it")
    parser = markdown_it.MarkdownIt("commonmark").enable(["table", "strikethrough"])
    hostile = [
        HOSTILE,
        "- item",
        "> quote",
        "1. first",
        "12) twelve",
        "=====",
        "---",
        "| a | b |",
        "`code`",
        "***",
        "ends with \\",
        "&lt; &amp;",
        "~~gone~~",
        "+ plus",
        "(x) y",
        "<!-- c -->",
        "_u_ **b**",
    ]
    for text in hostile:
        out = render_briefing([make_brief("h", source="Wire", headline=text, summary=text)], DAY)
        tokens = parser.parse(out)
        assert not [t for t in tokens if t.type in {"html_block", "code_block", "fence", "hr", "table_open"}], text
        assert [t.tag for t in tokens if t.type == "heading_open"] == ["h1", "h2", "h2", "h2", "h2"], text
        inlines = [t for t in tokens if t.type == "inline"]
        for inline in inlines:
            children = inline.children or []
            assert not [c for c in children if c.type in {"html_inline", "code_inline", "s_open", "em_open"}], text
            for child in children:
                if child.type == "link_open":
                    assert str(child.attrs["href"]).startswith("https://"), text
        bullet = next(i for i in inlines if i.content.startswith("**"))
        children = bullet.children or []
        strong = children.index(next(c for c in children if c.type == "strong_open"))
        assert children[strong + 1].content == " ".join(text.split()), text


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("plain words, U.S. forces", "plain words, U.S. forces"),
        ("# heading", "\\# heading"),
        ("- bullet", "\\- bullet"),
        ("> quote", "&gt; quote"),
        ("2024. a year", "2024\\. a year"),
        ("a *b* _c_ `d` [e](f) |g| ~h~ \\", "a \\*b\\* \\_c\\_ \\`d\\` \\[e\\](f) \\|g\\| \\~h\\~ \\\\"),
        ("<script>&", "&lt;script&gt;&amp;"),
        ("line one\nline two\r\n\u2028three\x00", "line one line two three"),
        ("mid-word - dash # hash + plus", "mid-word - dash # hash + plus"),
    ],
)
def test_escape_md(raw: str, expected: str) -> None:
    assert escape_md(raw) == expected


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        " JavaScript:alert(1)",
        "java\nscript:alert(1)",
        "data:text/html,x",
        "/relative",
        "ftp://x.org/a",
        "https://",
        "",
        None,
    ],
)
def test_safe_url_rejects_everything_but_http(url: str | None) -> None:
    assert safe_url(url) is None


def test_safe_url_keeps_http_and_encodes_link_breakers() -> None:
    assert safe_url("https://example.com/a b(c)<d>?q=1&r=2#f") == "https://example.com/a%20b%28c%29%3Cd%3E?q=1&r=2#f"
    assert safe_url("HTTP://example.com/%20") == "HTTP://example.com/%20"


def test_template_output_is_escaped_even_without_a_filter() -> None:
    env = environment()
    assert env.from_string("{{ x }}").render(x="# *hi*") == "\\# \\*hi\\*"
    assert env.from_string("{{ x|link(u) }}").render(x="a]b", u="https://e.org/(x)") == "[a\\]b](https://e.org/%28x%29)"
    with pytest.raises(ValueError):
        env.from_string("{{ x }}").render(x=None)


def test_template_ships_inside_the_package() -> None:
    template = importlib.resources.files("summarizer") / "templates" / "briefing.md.j2"
    assert template.is_file()
