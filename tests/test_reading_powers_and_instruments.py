"""A power granted names limits it does not impose; bail ordered is bail granted; a force word before a
vehicle names the vehicle; a limit imposed in the passive keeps the words that name it; the means of an
action are named without their article. Wording of our own."""

from __future__ import annotations

import pytest
from reading import read

from summarizer.text.decisions.grammar import means


def test_a_power_to_invoke_measures_is_a_permission_and_its_curfew_no_limit_in_force() -> None:
    readings = read(
        "After the riots, the assembly authorised the premier to invoke emergency measures including curfews "
        "and road closures."
    )
    assert [(r.kind, r.granter, r.receiver) for r in readings] == [("authorisation", "assembly", "the premier")]
    assert "curfews" in readings[0].instruments


def test_measures_that_include_a_curfew_still_impose_it() -> None:
    [reading] = read("The new measures include a curfew on the old town.")
    assert (reading.kind, reading.action) == ("exclusion", "curfew on the old town")


@pytest.mark.parametrize(
    ("sentence", "receiver", "action"),
    [
        ("Court orders interim bail to the two journalists", "the two journalists", "interim bail"),
        ("The magistrate ordered bail to Ms Okafor on Friday.", "Ms Okafor", "bail"),
    ],
)
def test_bail_ordered_to_someone_is_bail_granted_to_them(sentence: str, receiver: str, action: str) -> None:
    readings = [r for r in read(sentence) if r.kind == "authorisation"]
    assert [(r.receiver, r.action) for r in readings] == [(receiver, action)]


def test_a_force_word_before_a_vehicle_names_the_vehicle_not_a_force_called_up() -> None:
    assert read("The army deployed armoured personnel carriers along the border.") == []
    assert read("Police sent troop transports to the harbour.") == []
    [called] = read("The governor deployed 300 troops to the port.")
    assert (called.kind, called.receiver) == ("authorisation", "300 troops")


def test_a_limit_imposed_in_the_passive_keeps_the_words_that_name_it() -> None:
    [reading] = read("The mayor said a night curfew is imposed across the district.")
    assert (reading.kind, reading.action) == ("exclusion", "night curfew")


@pytest.mark.parametrize(
    ("action", "expected"),
    [
        ("buy an air-defence system", ["air-defence system"]),
        ("use the new drones to patrol", ["new drones"]),
        ("strike with a long-range missile", ["long-range missile"]),
        (
            "invoke powers including searches, detentions and the right to close newspapers",
            ["searches", "detentions", "right to close newspapers"],
        ),
        ("run night crossings", []),
    ],
)
def test_the_means_of_an_action_are_named_without_their_article(action: str, expected: list[str]) -> None:
    assert means(action) == expected


@pytest.mark.parametrize(
    ("sentence", "granter", "receiver"),
    [
        # A second verb after "and" shares the subject of a first verb that decides nothing itself.
        (
            "The chief engineer inspected the dam and ordered the crews to open two sluices.",
            "chief engineer",
            "the crews",
        ),
        (
            "The cabinet scrapped the quota, and instead allowed each shipper to carry half the cargo.",
            "cabinet",
            "each shipper",
        ),
        # Parties listed before what they may do.
        (
            "The governor directed mayors, sheriffs and fire chiefs to clear the roads.",
            "governor",
            "mayors, sheriffs and fire chiefs",
        ),
    ],
)
def test_who_decided_and_who_may_act_across_a_second_verb_and_a_list(
    sentence: str, granter: str, receiver: str
) -> None:
    [reading] = read(sentence)
    assert (reading.kind, reading.granter, reading.receiver) == ("authorisation", granter, receiver)


def test_a_list_before_a_time_or_a_place_is_no_list_of_parties() -> None:
    # "from 6am" and "to and from" follow no list of parties: nothing is read as one.
    readings = read("The police slapped a ban on rallies, marches and sit-ins in the centre from 6am today.")
    assert all(r.receiver is None or "rallies" not in r.receiver for r in readings)
    assert [
        r.kind
        for r in read("The mayor ordered suspension of the bus, rail, and ferry services to and from the island.")
    ] != ["authorisation"]


@pytest.mark.parametrize(
    ("sentence", "what"),
    [
        ("“No more street parties will be allowed,” the council said.", "street parties"),
        ("No glass bottles are permitted inside the stadium.", "glass bottles are permitted inside the stadium"),
        ("No loud music will be allowed.", "loud music"),
    ],
)
def test_what_no_one_may_bring_or_hold_is_a_limit(sentence: str, what: str) -> None:
    [reading] = read(sentence)
    assert reading.kind == "exclusion" and what in reading.action


def test_an_aside_that_opens_with_one_of_stands_between_a_subject_and_its_verb() -> None:
    [reading] = read(
        "The licence of Harbor Trust, one of the oldest lenders in the region, has been revoked by the regulator."
    )
    assert (reading.kind, reading.receiver) == ("exclusion", "licence of Harbor Trust")


def test_permits_allowing_a_firm_to_act_are_a_permission_to_it() -> None:
    [reading] = read("The state agency on Friday approved permits allowing Northfield Mining to open a quarry.")
    assert (reading.granter, reading.receiver, reading.action) == ("state agency", "Northfield Mining", "open a quarry")
