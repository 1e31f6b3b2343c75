"""Shapes the eighteenth batch's misses and wrong readings showed, each told in English at large: an
order not to act given by a participle or with "to not"; a court's injunction restraining or enjoining
a party; a licence withdrawn; a suspension announced ahead; an arms package approved to a buyer; what a
rule says may not be approved; a second limit a package includes; and readings that are none (an
order's "hereby" as its maker, a cancelled permit described, a line of hashtags). Wording of our own."""

from __future__ import annotations

import pytest
from reading import readings, shown

# --------------------------------------------------------------------------- orders not to act


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The tribunal issued an interim order directing the council not to demolish the market.",
            ("exclusion", "tribunal", "the council", "the council to demolish the market"),
        ),
        (
            "The high court issued an order instructing the ministry to not carry out its plan to shut the clinic.",
            ("exclusion", "high court", "the ministry", "the ministry to carry out its plan to shut the clinic"),
        ),
        (
            "A judge ordered the county to not enforce its ban on street vendors.",
            ("exclusion", "judge", "the county", "the county to enforce its ban on street vendors"),
        ),
    ],
)
def test_an_order_not_to_act_is_a_limit_however_it_is_worded(text: str, expected: tuple[str, ...]) -> None:
    assert shown(text) == [expected]


@pytest.mark.parametrize(
    "text",
    [
        "The mayor is ordering the arrest of the gang's leaders.",
        "Officers were directing traffic around the flooded bridge.",
    ],
)
def test_a_participle_of_ordering_lets_no_one_act(text: str) -> None:
    assert [r for r in shown(text) if r[0] == "authorisation"] == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The court granted the tenants an injunction restraining the landlord from evicting them.",
            ("exclusion", "court", "the landlord", "the landlord from evicting them"),
        ),
        (
            "The chief justice issued restraining orders enjoining the election board from printing the ballots.",
            ("exclusion", "chief justice", "the election board", "the election board from printing the ballots"),
        ),
    ],
)
def test_an_injunction_restraining_or_enjoining_a_party_is_a_limit_on_it(text: str, expected: tuple[str, ...]) -> None:
    assert shown(text) == [expected]


# --------------------------------------------------------------------------- limits withdrawn or ahead


def test_a_licence_withdrawn_in_the_perfect_is_withheld() -> None:
    assert shown("The lottery regulator has withdrawn the permits of nine operators.") == [
        ("exclusion", "lottery regulator", None, "the permits of nine operators")
    ]


def test_a_suspension_announced_ahead_is_a_limit_and_one_told_in_the_past_is_not_read() -> None:
    assert shown("The carrier will be suspended under section 12 of the aviation code.") == [
        ("exclusion", None, "carrier", "carrier")
    ]
    assert shown("The striker was suspended after the match.") == []


def test_what_a_rule_says_may_not_be_approved_is_its_subject_whole() -> None:
    text = (
        "The ministry published its export rules on Monday. "
        "Requests from buyers on the watch list, and from their agents, shall not be approved."
    )
    assert [r[3] for r in readings(text)] == ["Requests from buyers on the watch list"]


def test_a_second_limit_a_package_includes_is_read_as_well() -> None:
    assert [r[3] for r in shown("The measures include a travel ban and an asset freeze.")] == [
        "travel ban",
        "asset freeze",
    ]


# --------------------------------------------------------------------------- sales


@pytest.mark.parametrize(
    ("text", "buyer"),
    [
        ("The ministry approved a $200-million weapons package to Chile on Monday.", "Chile"),
        ("Washington has approved an arms sale to Ghana worth $80 million.", "Ghana"),
    ],
)
def test_an_arms_package_approved_to_a_country_lets_it_have_them(text: str, buyer: str) -> None:
    assert [(r[0], r[2]) for r in shown(text)] == [("authorisation", buyer)]


def test_an_arms_package_to_a_purpose_names_no_buyer() -> None:
    assert shown("The agency approved an arms package to strengthen the coast guard.") == []


# --------------------------------------------------------------------------- readings that are none


def test_an_orders_hereby_is_not_its_maker() -> None:
    text = "It is hereby ordered that the respondent firm be restrained from selling the land."
    assert [r[1] for r in shown(text)] == [None]


def test_a_cancelled_permit_described_withholds_nothing() -> None:
    assert shown("The two firms' cancelled permits were for gas trading.") == []


def test_a_line_of_hashtags_states_nothing() -> None:
    assert readings("The cabinet met on Monday.\n\n#cabinet #ban #exports #decree") == []
