"""Shapes the nineteenth batch's misses and wrong readings showed, each told in English at large: a
time told between a limit and what it is on; a limit being introduced, with what it is on after the
verb; a limit that "no" denies; a list of things "all" banned; a participle after "such" or "those",
which describes; an act's maker as the granter of what the act does; a court's order "made"; a
mandate extended; and a second order on one party, which restates no earlier one. Wording of our own."""

from __future__ import annotations

import pytest
from reading import readings, shown

from summarizer.text.decisions.restated import restates

# --------------------------------------------------------------------------- a time inside a limit


@pytest.mark.parametrize(
    ("text", "action"),
    [
        (
            "The kingdom imposed a total ban in March on adverts for sugary drinks.",
            "total ban on adverts for sugary drinks",
        ),
        ("The country imposed a full ban last year on imports of used tyres.", "full ban on imports of used tyres"),
        ("A ban was introduced on Monday on the sale of fireworks.", "ban on the sale of fireworks"),
        ("The regulator imposed a ban on Tuesday on sales of flavoured vapes.", "ban on sales of flavoured vapes"),
    ],
)
def test_a_time_between_a_limit_and_what_it_is_on_is_no_part_of_it(text: str, action: str) -> None:
    assert [r[3] for r in shown(text)] == [action]


@pytest.mark.parametrize(
    ("text", "action"),
    [
        (
            "A three-month ban is being introduced on the export of wheat and rice.",
            "three-month ban on the export of wheat",
        ),
        (
            "A night curfew was imposed on three districts of the province.",
            "night curfew on three districts of the province",
        ),
    ],
)
def test_what_a_limit_told_in_the_passive_is_on_may_follow_the_verb(text: str, action: str) -> None:
    assert [r[3] for r in shown(text)] == [action]


@pytest.mark.parametrize(
    "text",
    [
        "No curfew was imposed on the town.",
        "He said it was not martial law and no curfew is being imposed.",
        "The council has imposed no new sanctions on the firm.",
    ],
)
def test_a_limit_that_no_denies_is_none(text: str) -> None:
    assert shown(text) == []


def test_a_limit_with_no_object_after_its_time_is_its_noun() -> None:
    assert [r[3] for r in shown("The city announced a curfew on Friday.")] == ["curfew"]


# --------------------------------------------------------------------------- lists and descriptions


def test_things_all_banned_are_the_list_not_its_all() -> None:
    found = shown("Adverts for three betting firms and a soft drink have all been banned by the watchdog.")
    assert found and all(r[0] == "exclusion" and r[2] != "all" and r[3] != "all" for r in found)


@pytest.mark.parametrize(
    "text",
    [
        "The authority sent the list of such banned traders to district offices.",
        "The clerk wrote to those barred candidates with the date of the appeal hearing.",
        "The names of these blocked accounts were shared with the bank.",
    ],
)
def test_a_participle_after_such_these_or_those_describes(text: str) -> None:
    assert shown(text) == []


# --------------------------------------------------------------------------- makers and orders


def test_what_an_act_does_is_granted_by_its_maker() -> None:
    text = "The governor signed an executive order on Friday that deployed the state's reserve troops to the border."
    assert readings(text) == [("authorisation", "governor", "the state's reserve troops", "deployed")]


def test_an_act_with_no_maker_named_keeps_its_own_name() -> None:
    text = "The new decree authorised the army to guard polling stations."
    assert [r[1] for r in readings(text)] == ["new decree"]


def test_a_maker_told_before_grants_what_the_act_does() -> None:
    text = (
        "The president has signed a decree on the state of emergency. "
        "The new decree authorised the army to guard polling stations."
    )
    assert [r[1] for r in readings(text)] == ["president"]


def test_an_order_a_court_made_bars_what_it_prevents() -> None:
    text = "The regional court had made an interim order preventing the extradition of the banker to Peru."
    assert shown(text) == [("exclusion", "regional court", None, "the extradition of the banker to Peru")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The Security Council extended the mandate of the monitoring mission until June.",
            ("authorisation", "Security Council", "the monitoring mission", "extended the mandate"),
        ),
        (
            "The watchdog also renewed the mandate of an auditor who oversees the bank's controls.",
            ("authorisation", "watchdog", "an auditor", "renewed the mandate"),
        ),
    ],
)
def test_a_mandate_extended_lets_its_holder_go_on(text: str, expected: tuple[str, ...]) -> None:
    assert shown(text) == [expected]


def test_a_mandate_only_asked_for_is_no_permission() -> None:
    assert shown("The envoy asked the council to extend the mandate of the mission.") == []


# --------------------------------------------------------------------------- one party, two orders


def test_a_second_order_on_the_same_party_restates_nothing() -> None:
    first = "The judge told state agencies to stop harassing the reporter over her articles on the port."
    later = "The judge directed that the ministry should not detain the reporter while the case is heard."
    assert not restates(
        "the ministry to detain the reporter while the case is heard",
        later,
        "state agencies from harassing the reporter over her articles",
        first,
        later_party="the ministry",
    )


def test_the_same_act_barred_again_is_restated() -> None:
    first = "A court ordered the Arlow mill not to reopen its furnace."
    later = "The ruling bars the company from reopening the furnace until the spring."
    assert restates(
        "the company from reopening the furnace until the spring",
        later,
        "the Arlow mill to reopen its furnace",
        first,
        later_party="the company",
    )


def test_from_an_origin_names_no_act() -> None:
    first = "The cabinet banned trade with goods made in the occupied zone."
    later = "The decree also outlaws the import of goods from the occupied zone."
    assert restates(
        "the import of goods from the occupied zone",
        later,
        "trade with goods made in the occupied zone",
        first,
        later_party="the import of goods",
    )
