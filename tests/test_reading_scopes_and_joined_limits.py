"""Wordings of rules and decisions read since the tenth batch was read: a scope that "would not apply
in cases where", a ban "to be" or "being" brought in, what a ban does not include, a ban that remains
in place, a second limit joined to the first, an order to refrain, a product approved by its maker's
name, and the readings these shapes must not give. Every sentence is our own."""

from __future__ import annotations

import pytest
from reading import readings


@pytest.mark.parametrize(
    ("text", "rule", "what"),
    [
        # "Would" is the reported "will"; a scope may be "in" the cases it leaves out.
        (
            "The agency said the limits would not apply in cases where a contract was signed before May.",
            "limits",
            "cases where a contract was signed before May",
        ),
        ("The amnesty will not apply to those convicted of arson.", "amnesty", "those convicted of arson"),
        ("The new tax wouldn't apply to small farms.", "new tax", "small farms"),
    ],
)
def test_what_a_rule_would_not_apply_to_is_a_limit(text: str, rule: str, what: str) -> None:
    [(kind, _, receiver, action)] = readings(text)
    assert (kind, receiver, action) == ("exclusion", rule, what)


@pytest.mark.parametrize(
    ("text", "what"),
    [
        ("From June, paper cups and foam trays are also to be banned.", "paper cups and foam trays"),
        ("Disposable vapes are set to be banned, the minister said.", "Disposable vapes"),
        ("Glitter in some cosmetics, such as face paint, is being banned.", "Glitter in some cosmetics"),
        ("Any sale of farmland will also be prohibited.", "sale of farmland"),
        ("Exports of raw timber shall remain prohibited.", "Exports of raw timber"),
    ],
)
def test_a_ban_told_ahead_of_its_day_or_as_it_comes_in_is_read(text: str, what: str) -> None:
    [(kind, _, _, action)] = readings(text)
    assert (kind, action) == ("exclusion", what)


def test_a_ban_to_be_brought_in_only_on_a_condition_is_not_read() -> None:
    assert readings("The firm said its products are to be banned if the tests fail.") == []
    assert readings("Paper straws are expected to be banned next year.") == []


@pytest.mark.parametrize(
    ("text", "rule", "what"),
    [
        ("Other goods, such as fresh fish, are not included in the ban.", "the ban", "Other goods, such as fresh fish"),
        ("Small bakeries are not covered by the new rules.", "the new rules", "Small bakeries"),
        ("Nurses are also not subject to the curfew.", "the curfew", "Nurses"),
    ],
)
def test_what_a_rule_does_not_include_is_left_out_of_it(text: str, rule: str, what: str) -> None:
    [(kind, _, receiver, action)] = readings(text)
    assert (kind, receiver, action) == ("exclusion", rule, what)


def test_being_left_out_of_a_meeting_is_no_limit() -> None:
    assert readings("The lawyers were not included in the talks.") == []


@pytest.mark.parametrize(
    ("text", "what"),
    [
        ("However, the ban on sales of fireworks remains in place.", "ban on sales of fireworks"),
        (
            "The ban on selling sparklers, which applies to all shops, came into force on Monday.",
            "ban on selling sparklers",
        ),
    ],
)
def test_a_ban_that_stays_or_comes_into_force_with_an_aside_is_read(text: str, what: str) -> None:
    [(kind, _, _, action)] = readings(text)
    assert (kind, action) == ("exclusion", what)


def test_a_second_limit_joined_to_the_first_is_read_and_a_blockade_by_a_crowd_is_not() -> None:
    joined = readings(
        "A ban is introduced on the import of tin from Ruritania, as well as a ban on the export of silk to Ruritania."
    )
    assert [action for _, _, _, action in joined] == [
        "ban on the import of tin from Ruritania",
        "ban on the export of silk to Ruritania",
    ]
    crowd = readings(
        "The council announced a ban on the party after two days of clashes and road blockades by its members."
    )
    assert [action for _, _, _, action in crowd] == ["ban on the party"]


def test_an_order_to_refrain_is_a_limit_and_an_agent_of_another_participle_decides_nothing() -> None:
    [(kind, _, _, action)] = readings("Staff in every ministry are instructed to refrain from travelling in groups.")
    assert (kind, action) == ("exclusion", "travelling in groups")
    [(kind, granter, receiver, _)] = readings(
        "All the landlords are directed to answer the complaints filed by the tenants."
    )
    assert (kind, granter, receiver) == ("authorisation", None, "landlords")


def test_a_denial_of_a_claim_withholds_nothing() -> None:
    assert readings("The army denied it acted to help the general take power.") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The agency approved the flu vaccine developed by drugmaker Acme for use in children.",
            ("authorisation", "agency", "Acme", "approved the vaccine"),
        ),
        (
            "The regulator has approved the Zenbio vaccine for adults over 60.",
            ("authorisation", "regulator", "Zenbio", "approved the Zenbio vaccine"),
        ),
        (
            "The regulator approved on Tuesday Acme's nasal spray for use by children.",
            ("authorisation", "regulator", "Acme", "approved Acme's nasal spray for use by children"),
        ),
        (
            "The ministry approved on Monday the sale of 12 patrol boats, radars and spare parts to Norway.",
            ("authorisation", "ministry", "Norway", "buy 12 patrol boats, radars and spare parts"),
        ),
    ],
)
def test_a_product_or_a_sale_approved_names_who_may_go_ahead(
    text: str, expected: tuple[str, str | None, str | None, str]
) -> None:
    assert readings(text) == [expected]


def test_a_disease_named_before_a_vaccine_is_no_maker() -> None:
    assert readings("The regulator approved the Ebola vaccine for health workers.") == []
    assert readings("The agency approved the COVID-19 vaccine for children.") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The president ordered the deployment of army reinforcements to the border.",
            ("authorisation", "president", "army reinforcements", "ordered the deployment"),
        ),
        (
            "The central bank on Monday, granted final approval to the proposed merger between Alpha and Beta Bank.",
            ("authorisation", "central bank", "Alpha", "merge with Beta Bank"),
        ),
        (
            "The high court granted interim bail to all three opposition leaders on Monday.",
            ("authorisation", "high court", "all three opposition leaders", "interim bail"),
        ),
    ],
)
def test_permissions_with_their_parties_read_whole(
    text: str, expected: tuple[str, str | None, str | None, str]
) -> None:
    assert readings(text) == [expected]


def test_a_quantifier_alone_is_no_party() -> None:
    # Read up to the order's "should", the party is the whole of "both ... and ...", not "both public".
    assert readings("The governor directed that both public and private schools should close.") == [
        ("authorisation", "governor", "both public and private schools", "close")
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The top court issued a verdict on Sunday deeming the election law unconstitutional.",
            ("exclusion", "top court", None, "the election law"),
        ),
        (
            "The minister said the cabinet was imposing new sanctions on three shipping firms.",
            ("exclusion", "cabinet", None, "new sanctions on three shipping firms"),
        ),
        ("Also restricted are the rights to hold rallies.", ("exclusion", None, None, "the rights to hold rallies")),
        (
            "Drivers will also be prohibited from texting while driving.",
            ("exclusion", None, "Drivers", "Drivers prohibited from texting while driving"),
        ),
    ],
)
def test_limits_told_by_a_finding_a_progressive_or_an_inverted_passive(
    text: str, expected: tuple[str, str | None, str | None, str]
) -> None:
    assert readings(text) == [expected]


def test_a_ban_in_a_clause_of_what_a_court_stayed_is_not_in_force() -> None:
    assert readings("The court stayed the implementation of a decree that temporarily bans street markets.") == [
        ("exclusion", "court", None, "the implementation of a decree")
    ]
