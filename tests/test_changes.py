"""What changed across days: matching decisions over days, classing the change, the CLI and the briefing."""

from __future__ import annotations

import datetime as dt
import hashlib
import random
import re
from pathlib import Path

import pytest

from summarizer import cli
from summarizer.briefing.changes import Change, changes_by_day, compare
from summarizer.briefing.render import render_briefing
from summarizer.models import ArticleInfo, Authorisation, Brief, Evidence, Exclusion, Quote, Source, UnverifiedItem

DAY1, DAY2, DAY3, DAY4 = (dt.date(2025, 3, d) for d in (3, 4, 5, 6))
MINISTRY = "Northland Defence Ministry"
GUARD = "Northland Coastal Guard"


def span(text: str, start: int = 0) -> Evidence:
    return Evidence(text=text, start=start, end=start + len(text))


def brief(
    article_id: str,
    day: dt.date | None,
    *,
    headline: str,
    source: str = "Harbour Gazette",
    authorisations: list[Authorisation] | None = None,
    exclusions: list[Exclusion] | None = None,
    quotes: list[Quote] | None = None,
    unverified: list[UnverifiedItem] | None = None,
    summary: str = "",
) -> Brief:
    return Brief(
        prompt_version="test-1",
        article=ArticleInfo(
            id=article_id,
            title=headline,
            source=source,
            url=f"https://news.example/{article_id}",
            published=day,
            sha256=hashlib.sha256(article_id.encode()).hexdigest(),
            chars=900,
        ),
        headline=headline,
        summary=summary or f"{headline}.",
        authorisations=authorisations or [],
        exclusions=exclusions or [],
        sources=[Source(name=MINISTRY, kind="official", evidence=[span("the ministry said")])],
        quotes=quotes or [],
        unverified=unverified or [],
    )


def drone_patrols(evidence: str, *, status: str = "granted") -> Authorisation:
    return Authorisation.model_validate(
        {
            "authoriser": MINISTRY,
            "authorised": GUARD,
            "action": "patrol the Strait of Verin with surveillance drones",
            "instruments": ["Heron surveillance drones"],
            "scope": "the Strait of Verin",
            "status": status,
            "evidence": [span(evidence, 40)],
        }
    )


def the_days() -> list[Brief]:
    """One permission, widened the next day, limited the day after (and restated by a second outlet),
    then partly revoked, with a limit repeated; plus an unrelated fresh permission on day 2."""
    return [
        brief(
            "d1-drones",
            DAY1,
            headline="Coastal Guard cleared to fly drones over the Strait of Verin",
            authorisations=[drone_patrols("The ministry has authorised the Coastal Guard to fly Heron drones.")],
            quotes=[
                Quote(
                    speaker="Mira Talvik",
                    speaker_role="defence minister",
                    text="The strait must be watched day and night.",
                    span=span("The strait must be watched day and night.", 120),
                )
            ],
        ),
        brief(
            "d2-boats",
            DAY2,
            headline="Coastal Guard may now send Kestrel boats into the Strait of Verin",
            authorisations=[
                Authorisation(
                    authoriser="Defence Ministry",
                    authorised="Coastal Guard",
                    action="patrol the Strait of Verin with drones and armed patrol boats",
                    instruments=["Heron drones", "Kestrel patrol boats"],
                    scope="the Strait of Verin and the Outer Banks",
                    status="granted",
                    evidence=[span("Kestrel patrol boats will join the drones, the ministry said on Tuesday.")],
                )
            ],
        ),
        brief(
            "d2-surcharge",
            DAY2,
            headline="Port Authority allowed to levy a fuel surcharge",
            source="Verin Business Daily",
            authorisations=[
                Authorisation(
                    authoriser="Northland Finance Ministry",
                    authorised="Port Authority of Verin",
                    action="levy a fuel surcharge on cargo ships",
                    instruments=["fuel surcharge"],
                    status="granted",
                    evidence=[span("The Finance Ministry let the Port Authority levy a fuel surcharge.")],
                )
            ],
        ),
        brief(
            "d3-limit",
            DAY3,
            headline="Coastal Guard patrols must stay out of Southland waters",
            exclusions=[
                Exclusion(
                    what="Patrols inside Southland territorial waters",
                    applies_to="the Coastal Guard patrol permission in the Strait of Verin",
                    stated_by=MINISTRY,
                    evidence=[span("No patrol may enter Southland territorial waters, the ministry added.")],
                )
            ],
        ),
        brief(
            "d3-restated",
            DAY3,
            headline="Drone flights over the strait continue",
            source="Island Radio",
            authorisations=[drone_patrols("Heron drones keep flying over the strait under last week's order.")],
            # Below the confidence threshold: a reversal here must not be reported.
            unverified=[
                UnverifiedItem(
                    section="authorisations",
                    reason="confidence 0.31 < 0.55",
                    authorisation=Authorisation(
                        authoriser="Northland Finance Ministry",
                        authorised="Port Authority of Verin",
                        action="levy a fuel surcharge on cargo ships",
                        instruments=["fuel surcharge"],
                        status="revoked",
                        evidence=[span("Some traders said the surcharge might be dropped.")],
                    ),
                )
            ],
        ),
        brief(
            "d4-revoked",
            DAY4,
            headline="Ministry pulls Kestrel boats out of the Strait of Verin",
            authorisations=[
                Authorisation(
                    authoriser=MINISTRY,
                    authorised=GUARD,
                    action="use Kestrel patrol boats in the Strait of Verin",
                    instruments=["Kestrel patrol boats"],
                    status="revoked",
                    evidence=[span("The ministry withdrew its approval for the Kestrel boats on Thursday.")],
                )
            ],
            exclusions=[
                Exclusion(
                    what="patrols inside Southland's territorial waters",
                    applies_to="Coastal Guard patrols",
                    stated_by=MINISTRY,
                    evidence=[span("Southland's waters remain off limits.")],
                )
            ],
        ),
    ]


def kinds(changes: list[Change]) -> list[tuple[str, str]]:
    return [(c.kind, c.action) for c in changes]


def test_each_day_is_classed_against_everything_before_it() -> None:
    by_day = dict(changes_by_day(the_days(), DAY1, include_repeated=True))
    assert kinds(by_day[DAY1]) == [("new", "patrol the Strait of Verin with surveillance drones")]
    assert kinds(by_day[DAY2]) == [
        ("new", "levy a fuel surcharge on cargo ships"),
        ("widened", "patrol the Strait of Verin with drones and armed patrol boats"),
    ]
    assert sorted(kinds(by_day[DAY3])) == [
        ("narrowed", "patrol the Strait of Verin with drones and armed patrol boats"),
        ("repeated", "patrol the Strait of Verin with surveillance drones"),
    ]
    reversal, repeat = by_day[DAY4]
    assert (reversal.kind, reversal.action) == ("reversed", "use Kestrel patrol boats in the Strait of Verin")
    assert (repeat.kind, repeat.details) == (
        "repeated",
        ("not covered: patrols inside Southland's territorial waters",),
    )
    # A restated limit cites where it was said first.
    assert repeat.earlier is not None and repeat.earlier.article_id == "d3-limit"


def test_the_change_says_what_is_different() -> None:
    by_day = dict(changes_by_day(the_days(), DAY2, include_repeated=True))
    widened = next(c for c in by_day[DAY2] if c.kind == "widened")
    assert widened.details == (
        "new instruments: Kestrel patrol boats",
        "new scope: the Strait of Verin and the Outer Banks",
    )
    narrowed = next(c for c in by_day[DAY3] if c.kind == "narrowed")
    assert narrowed.details == ("not covered: Patrols inside Southland territorial waters",)
    (reversed_,) = [c for c in by_day[DAY4] if c.kind == "reversed"]
    assert reversed_.details == ("status: granted → revoked",)


def test_every_change_cites_the_evidence_of_both_days() -> None:
    by_day = dict(changes_by_day(the_days(), DAY2))
    widened = next(c for c in by_day[DAY2] if c.kind == "widened")
    assert widened.current.date == DAY2 and widened.current.article_id == "d2-boats"
    assert widened.current.evidence == ("Kestrel patrol boats will join the drones, the ministry said on Tuesday.",)
    assert widened.earlier is not None and widened.earlier.date == DAY1
    assert widened.earlier.evidence == ("The ministry has authorised the Coastal Guard to fly Heron drones.",)
    assert (
        widened.earlier.reference
        == "Harbour Gazette — Coastal Guard cleared to fly drones over the Strait of Verin, 2025-03-03"
    )

    narrowed = next(c for c in by_day[DAY3] if c.kind == "narrowed")
    assert narrowed.current.evidence == ("No patrol may enter Southland territorial waters, the ministry added.",)
    # The limit is set against the latest statement of the decision it limits.
    assert narrowed.earlier is not None and narrowed.earlier.article_id == "d2-boats"

    (reversed_,) = by_day[DAY4]
    assert reversed_.current.article_id == "d4-revoked"
    assert reversed_.earlier is not None and reversed_.earlier.article_id == "d2-boats"


def test_repeats_are_not_news() -> None:
    by_day = dict(changes_by_day(the_days(), DAY3))
    assert [c.kind for c in by_day[DAY3]] == ["narrowed"]
    assert [c.kind for c in by_day[DAY4]] == ["reversed"]


def test_unverified_items_never_make_a_change() -> None:
    days = the_days()
    day3 = compare(
        [b for b in days if b.article.published in (DAY1, DAY2)], [b for b in days if b.article.published == DAY3]
    )
    assert all("surcharge" not in c.action for c in day3)


def test_the_result_does_not_depend_on_input_order() -> None:
    days = the_days()
    earlier = [b for b in days if b.article.published and b.article.published < DAY4]
    current = [b for b in days if b.article.published == DAY4]
    expected = compare(earlier, current, include_repeated=True)
    shuffled = earlier[:]
    random.Random(7).shuffle(shuffled)
    assert compare(shuffled, current, include_repeated=True) == expected


def test_an_exclusion_that_takes_back_the_permission_is_a_reversal() -> None:
    first = brief("a", DAY1, headline="Drones cleared", authorisations=[drone_patrols("Drones are cleared.")])
    taken_back = Exclusion(
        what="Patrols of the Strait of Verin with Heron surveillance drones",
        applies_to="Coastal Guard drone patrols",
        stated_by=MINISTRY,
        evidence=[span("Heron drones may no longer patrol the Strait of Verin.")],
    )
    limited = Exclusion(
        what="Night flights over fishing villages",
        applies_to="Coastal Guard drone patrols",
        stated_by=MINISTRY,
        evidence=[span("Drones must not fly over fishing villages at night.")],
    )
    back = compare([first], [brief("b", DAY2, headline="Drones grounded", exclusions=[taken_back])])
    less = compare([first], [brief("c", DAY2, headline="Drone curfew", exclusions=[limited])])
    assert [c.kind for c in back] == ["reversed"]
    assert [c.kind for c in less] == ["narrowed"]


def test_another_receiver_or_granter_is_another_decision() -> None:
    first = brief("a", DAY1, headline="Drones cleared", authorisations=[drone_patrols("Drones are cleared.")])
    other_receiver = drone_patrols("The navy may fly drones too.").model_copy(update={"authorised": "Northland Navy"})
    other_granter = drone_patrols("Southland lets its guard fly drones.").model_copy(
        update={"authoriser": "Southland Interior Ministry"}
    )
    for auth in (other_receiver, other_granter):
        (change,) = compare([first], [brief("b", DAY2, headline="More drones", authorisations=[auth])])
        assert change.kind == "new" and change.earlier is None


def test_a_granted_request_is_new() -> None:
    asked = brief("a", DAY1, headline="Guard asks", authorisations=[drone_patrols("It asked.", status="requested")])
    granted = brief("b", DAY2, headline="Guard gets drones", authorisations=[drone_patrols("It may fly them.")])
    (change,) = compare([asked], [granted])
    assert change.kind == "new" and change.details == ("status: requested → granted",)
    assert change.earlier is not None and change.earlier.article_id == "a"


def test_a_new_condition_narrows() -> None:
    first = brief("a", DAY1, headline="Drones cleared", authorisations=[drone_patrols("Drones are cleared.")])
    conditioned = drone_patrols("Flights need a naval observer aboard the control ship.").model_copy(
        update={"conditions": "only with a naval observer on board the control ship"}
    )
    (change,) = compare([first], [brief("b", DAY2, headline="Drone rules", authorisations=[conditioned])])
    assert change.kind == "narrowed"
    assert change.details == ("new condition: only with a naval observer on board the control ship",)


# --------------------------------------------------------------------------- CLI


def write_briefs(folder: Path, briefs: list[Brief]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for b in briefs:
        (folder / f"{b.article.id}.json").write_text(b.model_dump_json(indent=2), encoding="utf-8")
    return folder


def test_changes_command_prints_each_day_from_since(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = write_briefs(tmp_path / "briefs", the_days())
    assert cli.main(["changes", str(folder), "--since", "2025-03-05"]) == 0
    printed = capsys.readouterr().out
    assert re.findall(r"^## (\S+)", printed, flags=re.M) == ["2025-03-05", "2025-03-06"]
    assert "NARROWED" in printed and "REVERSED" in printed
    assert "WIDENED" not in printed and "REPEATED" not in printed
    assert "The ministry withdrew its approval for the Kestrel boats on Thursday." in printed
    assert "Kestrel patrol boats will join the drones" in printed  # the earlier side of the reversal


def test_changes_command_until_and_repeated(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = write_briefs(tmp_path / "briefs", the_days())
    assert cli.main(["changes", str(folder), "--since", "2025-03-04", "--until", "2025-03-05", "--repeated"]) == 0
    printed = capsys.readouterr().out
    assert re.findall(r"^## (\S+)", printed, flags=re.M) == ["2025-03-04", "2025-03-05"]
    assert "REPEATED" in printed and "REVERSED" not in printed


def test_changes_command_as_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import json

    folder = write_briefs(tmp_path / "briefs", the_days())
    assert cli.main(["changes", str(folder), "--since", "2025-03-06", "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert [(d["date"], [c["kind"] for c in d["changes"]]) for d in document] == [("2025-03-06", ["reversed"])]
    assert document[0]["changes"][0]["earlier"]["date"] == "2025-03-04"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--since", "March 5"], "--since 'March 5' is not a YYYY-MM-DD date"),
        (["--since", "2025-03-06", "--until", "2025-03-01"], "--until 2025-03-01 is before --since 2025-03-06"),
    ],
)
def test_changes_bad_dates_are_one_line_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    folder = write_briefs(tmp_path / "briefs", the_days())
    assert cli.main(["changes", str(folder), *args]) == 1
    error = capsys.readouterr().err
    assert message in error and error.count("\n") == 1


def test_changes_on_a_folder_without_briefs_names_it(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "empty").mkdir()
    assert cli.main(["changes", str(tmp_path / "empty"), "--since", "2025-03-01"]) == 1
    error = capsys.readouterr().err
    assert f"{tmp_path / 'empty'}: no briefs found" in error and error.count("\n") == 1


# --------------------------------------------------------------------------- briefing


def what_changed(markdown: str) -> str | None:
    match = re.search(r"^## What changed\n(.*?)(?=^## )", markdown, flags=re.M | re.S)
    return match.group(1) if match else None


def test_briefing_shows_what_changed_only_with_earlier_briefs() -> None:
    days = the_days()
    assert what_changed(render_briefing(days, DAY1)) is None
    assert what_changed(render_briefing(days, None)) is None
    markdown = render_briefing(days, DAY4)
    section = what_changed(markdown)
    assert section is not None
    # At the top: before the summary of the day's events.
    assert markdown.index("## What changed") < markdown.index("## Top summary")
    lines = [line for line in section.splitlines() if line.strip()]
    assert lines[1].startswith("- **Reversed**: Northland Defence Ministry → Northland Coastal Guard: use Kestrel")
    assert "status: granted → revoked" in lines[1]
    assert lines[2] == (
        "  - Now: Harbour Gazette — Ministry pulls Kestrel boats out of the Strait of Verin, 2025-03-06: "
        "“The ministry withdrew its approval for the Kestrel boats on Thursday.” [1]"
    )
    assert lines[3].startswith("  - Before: Harbour Gazette — Coastal Guard may now send Kestrel boats")
    assert "2025-03-04: “Kestrel patrol boats will join the drones" in lines[3]
    # The repeated limit on Southland waters is not news.
    assert "Southland" not in section


def test_briefing_says_when_nothing_changed() -> None:
    days = the_days()
    repeat = brief("d5", dt.date(2025, 3, 7), headline="Drones still flying", authorisations=[drone_patrols("Still.")])
    section = what_changed(render_briefing([*days, repeat], dt.date(2025, 3, 7)))
    assert section is not None and "No new, widened, narrowed or reversed decision" in section


def test_briefing_escapes_article_text_in_what_changed() -> None:
    first = brief("a", DAY1, headline="Drones cleared", authorisations=[drone_patrols("Drones are cleared.")])
    hostile = drone_patrols("[click](https://evil.example) <b>now</b>").model_copy(
        update={"instruments": ["Heron drones", "# Kestrel *boats*"]}
    )
    section = what_changed(render_briefing([first, brief("b", DAY2, headline="x", authorisations=[hostile])], DAY2))
    assert section is not None
    assert not re.search(r"(?<!\\)\[(?:[^\]\\]|\\.)*\]\(", section), "an article's text made a link"
    assert "<b>" not in section and "&lt;b&gt;now" in section
    assert "new instruments: # Kestrel \\*boats\\*" in section
