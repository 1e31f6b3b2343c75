"""Shapes the seventeenth batch's misses and wrong readings showed, each told in English at large: a
direction told in the passive whose maker signed or issued the act a sentence before; a list of titled
names too long to be one object; a closure or suspension ordered, qualified or announced with its day,
and not read as someone let act; a power given by a participle or by a bill "to give"; a ban's noun with
the act that put it in place; a qualifier in brackets; a grant's receiver cut at a clause's end or at
the grant's own modifier; a request for goods named in many words. Wording of our own."""

from __future__ import annotations

import pytest
from reading import readings, shown

from summarizer.text.cues import has_cue
from summarizer.text.decisions.grammar import means

Expected = tuple[str, str | None, str | None, str]

# --------------------------------------------------------------------------- the maker of a direction


def test_a_direction_in_the_passive_is_the_maker_of_the_act_signed_before_it() -> None:
    text = (
        "Governor Ana Ruiz has signed an executive order on the drought. "
        "The water board is instructed to publish daily reservoir levels."
    )
    assert readings(text) == [
        ("authorisation", "Governor Ana Ruiz", "water board", "instructed to publish daily reservoir levels")
    ]


def test_instructions_given_name_their_maker_for_the_directions_that_follow() -> None:
    text = (
        "Prime Minister Olu Bello gave a series of instructions to the cabinet on Monday. "
        "The interior ministry was directed to reopen the border posts."
    )
    assert readings(text)[0][1] == "Prime Minister Olu Bello"


@pytest.mark.parametrize(
    "text",
    [
        # Told before any act signed: the maker is not yet named.
        "The water board is instructed to publish levels. Governor Ana Ruiz later signed an order on the drought.",
        # A report signed is no act of deciding.
        "The mayor signed a letter to residents. The council was allowed to meet.",
    ],
)
def test_no_maker_is_taken_from_after_the_direction_or_from_a_letter(text: str) -> None:
    assert [r[1] for r in readings(text) if r[0] == "authorisation"] == [None]


# --------------------------------------------------------------------------- objects and limits


def test_a_list_of_titled_names_too_long_for_one_object_is_cut_before_its_and() -> None:
    assert shown(
        "The foreign office has imposed sanctions on Minister of Housing Karl Brenner and Minister of "
        "Internal Affairs Jonas Weber."
    ) == [("exclusion", "foreign office", None, "sanctions on Minister of Housing Karl Brenner")]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "A federal judge on Tuesday ordered the permanent suspension of the highway project.",
            ("exclusion", "federal judge", None, "the highway project"),
        ),
        (
            "Norway announced Friday the suspension of fishing licences for foreign trawlers.",
            ("exclusion", "Norway", None, "fishing licences for foreign trawlers"),
        ),
    ],
)
def test_a_suspension_ordered_or_announced_is_a_limit(sentence: str, expected: Expected) -> None:
    assert shown(sentence) == [expected]


def test_a_closure_ordered_for_a_purpose_lets_no_one_act() -> None:
    assert [r[0] for r in shown("The minister ordered the closure of markets to allow cleaning crews in.")] == [
        "exclusion"
    ]


def test_a_ban_named_with_the_act_that_put_it_in_place_is_a_noun() -> None:
    assert shown("The treaty commits them to end trade bans imposed on the island in 2015.") == []


def test_a_qualifier_in_brackets_does_not_end_the_party() -> None:
    assert shown("The order banned staff of its Works Department (Sanitation) from striking for a year.") == [
        (
            "exclusion",
            "order",
            "staff of its Works Department",
            "staff of its Works Department from striking for a year",
        )
    ]


# --------------------------------------------------------------------------- powers given


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "The premier declared an emergency on Sunday, giving the police the power to close roads.",
            ("authorisation", "premier", "the police", "the power to close roads"),
        ),
        (
            "The assembly amended the charter, by granting the mayor the authority to hire auditors.",
            ("authorisation", "assembly", "the mayor", "the authority to hire auditors"),
        ),
        (
            "The senate passed a bill to give the regions power to set their own fuel taxes.",
            ("authorisation", "senate", "the regions", "power to set their own fuel taxes"),
        ),
    ],
)
def test_a_power_given_by_a_participle_or_by_an_act_to_give_it_is_granted(sentence: str, expected: Expected) -> None:
    assert shown(sentence) == [expected]


def test_a_participle_of_giving_after_no_decision_grants_nothing() -> None:
    assert shown("The flood reached the town, giving families little time to leave.") == []


# --------------------------------------------------------------------------- what is granted


def test_a_grant_split_past_a_clause_end_is_not_read() -> None:
    assert shown("The tribunal granted Petrova bail, saying, that the extension of her detention was unlawful.") == [
        ("authorisation", "tribunal", "Petrova", "bail")
    ]


def test_a_lower_case_word_after_a_name_qualifies_the_grant() -> None:
    assert shown("The court granted Okafor conditional bail.") == [
        ("authorisation", "court", "Okafor", "conditional bail")
    ]


def test_goods_a_request_was_for_may_be_named_in_many_words() -> None:
    assert means("approved the navy's request for 10 Mark VI Type 2 patrol boats") == ["10 Mark VI Type 2 patrol boats"]


def test_a_power_given_by_a_participle_has_its_cue() -> None:
    assert has_cue("authorisation", ["The premier declared an emergency, giving the police the power to close roads."])
