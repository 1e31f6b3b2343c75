"""Shapes the thirteenth batch's misses showed, each told in English at large: goods approved to a
buyer with a word before the noun, a release ordered without its article, a "who" after "the release
of", an order quashed or set aside, leave refused by "refused to give", an act forbidden with a dummy
"it", a long aside between a party and its "to", a ruling that someone has the right to act, and a
rule's stop told in the present. Wording of our own."""

from __future__ import annotations

import pytest
from reading import read, shown


@pytest.mark.parametrize(
    ("sentence", "granter", "buyer", "goods"),
    [
        (
            "The Dutch cabinet has approved small deliveries of naval radar parts to Qatar this spring.",
            "Dutch cabinet",
            "Qatar",
            "buy naval radar parts",
        ),
        (
            "Records show that in 2011 the ministry authorised the export of more than 12,000 rifles to "
            "buyers including Chile, Peru and Oman.",
            "ministry",
            "buyers including Chile",
            "buy more than 12,000 rifles",
        ),
    ],
)
def test_goods_approved_to_a_buyer_are_the_buyers_to_have(sentence: str, granter: str, buyer: str, goods: str) -> None:
    assert shown(sentence) == [("authorisation", granter, buyer, goods)]


def test_a_release_ordered_without_its_article_frees_whom_it_names() -> None:
    assert shown("The appeals court ordered immediate release of the two reporters.") == [
        ("authorisation", "appeals court", "the two reporters", "release")
    ]


def test_a_sum_of_money_released_is_not_a_party() -> None:
    assert read("The governor approved the release of $2m for new ambulances.") == []


def test_who_after_the_release_of_someone_stands_for_that_someone() -> None:
    readings = read(
        "The top court ordered the release of a detainee who was granted bail from a later date by the district court."
    )
    assert {r.receiver for r in readings} == {"a detainee"}


@pytest.mark.parametrize(
    ("sentence", "granter", "what"),
    [
        ("The appeals bench quashed the magistrate's remand order.", "appeals bench", "the magistrate's remand order"),
        ("The tribunal set aside the council's eviction notice.", "tribunal", "the council's eviction notice"),
    ],
)
def test_an_order_quashed_or_set_aside_is_a_limit_on_it(sentence: str, granter: str, what: str) -> None:
    assert shown(sentence) == [("exclusion", granter, None, what)]


def test_a_plea_to_set_aside_an_order_sets_nothing_aside() -> None:
    assert read("The tenants asked the tribunal to set aside the eviction notice.") == []


def test_leave_refused_by_refusing_to_give_it_is_a_limit() -> None:
    assert shown("Town officials earlier refused to give permission for the parade by the union.") == [
        ("exclusion", "Town officials", None, "permission for the parade by the union")
    ]
    assert read("The minister refused to give details of the contract.") == []


@pytest.mark.parametrize(
    ("sentence", "who", "what"),
    [
        ("It is forbidden to sell fuel in bottles to children.", None, "sell fuel in bottles to children"),
        ("It is now illegal for shops to sell knives to minors.", "shops", "sell knives to minors"),
        ("It will be a criminal offence to hold a rally without notice.", None, "hold a rally without notice"),
        ("It is not permissible to set up checkpoints without approval.", None, "set up checkpoints without approval"),
    ],
)
def test_an_act_forbidden_with_a_dummy_it_is_a_limit_on_the_act(sentence: str, who: str | None, what: str) -> None:
    assert shown(sentence) == [("exclusion", None, who, what)]


@pytest.mark.parametrize(
    "sentence",
    [
        "It would be illegal to close the road.",
        "His lawyers said it was illegal to hold him without charge.",
        "If it is forbidden to gather, people will stay home.",
    ],
)
def test_a_view_of_the_law_or_a_condition_forbids_nothing(sentence: str) -> None:
    assert read(sentence) == []


def test_a_long_aside_between_a_party_and_its_to_is_no_part_of_the_party() -> None:
    assert shown(
        "The high court on Monday allowed Maria Lopez, one of the five activists arrested in connection with "
        "the strike, to be freed from detention."
    ) == [("authorisation", "high court", "Maria Lopez", "be freed from detention")]


@pytest.mark.parametrize(
    ("sentence", "receiver", "action"),
    [
        ("The tribunal ruled that the dockworkers have the right to strike.", "the dockworkers", "strike"),
        ("The court ruled that the tenants are free to stay in their flats.", "the tenants", "stay in their flats"),
    ],
)
def test_a_ruling_that_someone_has_the_right_to_act_permits_it(sentence: str, receiver: str, action: str) -> None:
    assert [(r.kind, r.receiver, r.action) for r in read(sentence)] == [("authorisation", receiver, action)]


def test_a_rules_stop_told_in_the_present_is_a_stop() -> None:
    assert shown("The decree suspends flights to the capital.") == [
        ("exclusion", "decree", None, "flights to the capital")
    ]
    assert shown("The decree closes the border with its neighbour.") == [
        ("exclusion", "decree", None, "the border with its neighbour")
    ]
    # A base form after no "will" is no statement of the stop.
    assert read("The decree close the border.") == []
