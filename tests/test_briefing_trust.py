"""The briefing shows only what the checks confirmed, and a few key quotes per event."""

from __future__ import annotations

from test_briefing import _SPAN, DAY, make_brief, quote, section

from summarizer.briefing.render import KEY_QUOTES_PER_EVENT, render_briefing
from summarizer.models import Authorisation, UnverifiedItem


def _decision(who: str, whom: str, action: str, confidence: float) -> Authorisation:
    return Authorisation(authoriser=who, authorised=whom, action=action, evidence=[_SPAN], confidence=confidence)


def test_an_unconfirmed_decision_is_not_presented_and_its_absence_is_said() -> None:
    doubted = _decision("The harbour board", "the ferry line", "double its fares", 0.2)
    brief = make_brief(
        "ferries",
        headline="Harbour board backs new ferry timetable",
        authorisations=[_decision("The harbour board", "the ferry line", "run night crossings", 0.93)],
        quotes=[],
    ).model_copy(update={"unverified": [UnverifiedItem(section="authorisations", reason="low", authorisation=doubted)]})
    decisions = section(render_briefing([brief], DAY), "Decisions and authorisations")
    assert "run night crossings" in decisions
    assert "double its fares" not in decisions
    assert "Not shown: 1 more item the check did not confirm" in decisions


def test_key_quotes_are_few_attributed_and_the_decision_makers_come_first() -> None:
    quotes = [
        quote("The crossings have been late all winter long.", "Pia Lund", "commuter"),
        quote("Nobody asked the people who live on the island."),
        quote("We will watch the night service closely for a year.", "Board chair Omar Reyes"),
        quote("Tourists will love the late boats this summer.", "Kai Moss", "hotelier"),
        quote("I have taken the last ferry for twenty years.", "Edda Holm"),
    ]
    brief = make_brief(
        "ferries",
        headline="Harbour board backs new ferry timetable",
        authorisations=[_decision("Omar Reyes", "the ferry line", "run night crossings", 0.9)],
        quotes=quotes,
    )
    shown = section(render_briefing([brief], DAY), "Key quotes")
    lines = [line for line in shown.splitlines() if line.startswith(">")]
    assert len(lines) == KEY_QUOTES_PER_EVENT == 3
    assert "Omar Reyes" in lines[0]
    assert "Nobody asked" not in shown  # no speaker: not a key quote
    assert "Pia Lund" in lines[1] and "Kai Moss" in lines[2]


def test_articles_with_nothing_confirmed_get_one_line_not_a_heading_each() -> None:
    doubted = _decision("The mayor", "the circus", "camp in the park", 0.1)
    aside = [UnverifiedItem(section="authorisations", reason="low", authorisation=doubted)] * 2
    brief = make_brief("circus", headline="Circus arrives in town").model_copy(update={"unverified": aside})
    decisions = section(render_briefing([brief], DAY), "Decisions and authorisations")
    assert "###" not in decisions and "No authorisations reported." in decisions
    assert "Not shown: 2 items from other articles that the check did not confirm" in decisions
