"""Shapes the fifteenth batch's misses and wrong readings showed, each told in English at large: a vote
or a ruling "in favour of" an act, a power a ruling denies, a ban or an embargo a body approves, an
order to suspend or shut down, more goods in an aside of a sale, a limit in force on a list of things,
"restricted from" and "restrained from", a list of things no one may deal in, exceptions "allowed
for", an act quoted in the order's words, a quoted name after a describing word, a ban's date read as
its object, and "including" read as an act. Wording of our own."""

from __future__ import annotations

import pytest
from reading import read, readings, shown

# --------------------------------------------------------------------------- votes and rulings


@pytest.mark.parametrize(
    ("sentence", "granter", "limit"),
    [
        (
            "The constitutional court voted in favour of striking down the disputed media law.",
            "constitutional court",
            "the disputed media law",
        ),
        ("The council voted 7-2 in favor of banning plastic bags at markets.", "council", "plastic bags at markets"),
        ("The tribunal ruled in favour of annulling the tender.", "tribunal", "the tender"),
    ],
)
def test_a_vote_in_favour_of_an_act_of_limit_is_that_limit(sentence: str, granter: str, limit: str) -> None:
    assert shown(sentence) == [("exclusion", granter, None, limit)]


def test_a_vote_in_favour_of_a_party_states_no_act() -> None:
    assert read("The court ruled in favour of the two fishermen on Monday.") == []


@pytest.mark.parametrize(
    ("sentence", "held", "act"),
    [
        (
            "The judges ruled that the regional assembly does not have the power to call an early election.",
            "the regional assembly",
            "call an early election",
        ),
        (
            "The court held that the mayor lacks the authority to dismiss elected councillors.",
            "the mayor",
            "dismiss elected councillors",
        ),
        ("The tribunal ruled that the agency had no legal right to seize the boats.", "the agency", "seize the boats"),
    ],
)
def test_a_power_a_ruling_denies_is_a_limit(sentence: str, held: str, act: str) -> None:
    assert shown(sentence)[0][2:] == (held, f"{held} to {act}")


def test_a_power_someone_only_says_is_lacking_is_no_ruling() -> None:
    # Whoever says it, a critic's view of a power is no decision.
    assert read("Critics said the mayor does not have the power to dismiss councillors.") == []


# --------------------------------------------------------------------------- limits set and held


@pytest.mark.parametrize(
    ("sentence", "granter", "limit"),
    [
        ("The premier has approved a ban on diesel exports for three months.", "premier", "ban on diesel exports"),
        (
            "The lower house adopted a full arms embargo on the country.",
            "lower house",
            "full arms embargo on the country",
        ),
    ],
)
def test_a_ban_a_body_approves_is_its_limit(sentence: str, granter: str, limit: str) -> None:
    [(kind, who, _, what)] = shown(sentence)
    assert (kind, who) == ("exclusion", granter) and what.startswith(limit)


def test_sanctions_a_body_approves_are_a_package_not_a_limit() -> None:
    assert read("Diplomats of the bloc approved new sanctions against the junta on Monday.") == []


@pytest.mark.parametrize(
    ("sentence", "stopped"),
    [
        (
            "A regional court ordered the utility to suspend operations at its coal plant.",
            "operations at its coal plant",
        ),
        ("The regulator ordered the clinic to shut down its laboratory.", "its laboratory"),
    ],
)
def test_an_order_to_suspend_or_shut_down_is_a_limit(sentence: str, stopped: str) -> None:
    [(kind, _, _, what)] = shown(sentence)
    assert (kind, what) == ("exclusion", stopped)


def test_a_limit_in_force_may_hold_a_list() -> None:
    assert shown("The export ban on live cattle, sheep and goats remains in place.") == [
        ("exclusion", None, None, "export ban on live cattle, sheep and goats")
    ]


def test_restricted_from_an_act_is_a_limit_on_whom_it_names() -> None:
    assert shown("The watchdog restricted the broker from trading bonds for a year.") == [
        ("exclusion", "watchdog", "the broker", "the broker from trading bonds for a year")
    ]


@pytest.mark.parametrize(
    ("sentence", "limit"),
    [
        ("The court restrained the council from selling the park.", "the council from selling the park"),
        ("The miner was also restrained from clearing the forest.", "miner restrained from clearing the forest"),
    ],
)
def test_restrained_from_an_act_is_a_courts_limit(sentence: str, limit: str) -> None:
    [(kind, _, _, what)] = shown(sentence)
    assert (kind, what) == ("exclusion", limit)


def test_including_after_a_comma_starts_no_act_of_its_own() -> None:
    found = shown("The firm was barred from clearing land near the river, including logging or burning scrub.")
    assert [what for _, _, _, what in found] == ["firm barred from clearing land near the river"]


def test_restricted_without_from_names_no_limit_by_itself() -> None:
    assert read("The new rules restricted access to the beach.") == []


def test_what_no_one_may_deal_in_may_be_a_list() -> None:
    [(kind, _, _, what)] = shown("No unlicensed, expired or fake medicines shall be imported, sold or used here.")
    assert kind == "exclusion" and what.startswith("No unlicensed, expired or fake medicines shall be imported")


def test_exceptions_allowed_for_something_leave_it_out() -> None:
    found = readings(
        "The ministry banned rice exports for 60 days. Exceptions will be allowed for cargoes already loaded."
    )
    assert ("exclusion", None, None, "cargoes already loaded") in found


# --------------------------------------------------------------------------- the words of a sale or an order


def test_more_goods_in_an_aside_are_part_of_the_sale() -> None:
    assert shown(
        "The State Department has approved the sale of patrol boats, as well as Sea Sparrow missiles, to Vietnam."
    ) == [("authorisation", "State Department", "Vietnam", "buy patrol boats, as well as Sea Sparrow missiles")]


@pytest.mark.parametrize(
    ("sentence", "limit"),
    [
        (
            "The directors have also been “prohibited from selling any shares until further notice”.",
            "directors prohibited from selling any shares until further notice",
        ),
        (
            'The regulator has prohibited John Roe from "acting as a trustee of any fund".',
            "John Roe from acting as a trustee of any fund",
        ),
    ],
)
def test_an_act_quoted_in_the_orders_words_is_read(sentence: str, limit: str) -> None:
    [(kind, _, _, what)] = shown(sentence)
    assert (kind, what) == ("exclusion", limit)


@pytest.mark.parametrize(
    ("sentence", "limit"),
    [
        (
            "The top court struck down the cabinet’s divisive “loyalty law” on Monday.",
            "the cabinet’s divisive “loyalty law”",
        ),
        ("The top court struck down the divisive “loyalty law” on Monday.", "the divisive “loyalty law”"),
    ],
)
def test_a_quoted_name_after_a_describing_word_is_part_of_the_phrase(sentence: str, limit: str) -> None:
    assert shown(sentence) == [("exclusion", "top court", None, limit)]


def test_a_quoted_clause_after_a_noun_is_no_name() -> None:
    [(_, _, _, what)] = shown("The shop was barred from selling them to a patient “unless a doctor asks for it”.")
    assert "unless" not in what


@pytest.mark.parametrize(
    "sentence",
    [
        "The panel approved the sale of the drug, a sedative banned more than 40 years ago over birth defects.",
        "The museum shows posters of the party, a movement banned in 1953 by the military government.",
    ],
)
def test_when_a_ban_was_is_not_what_it_bans(sentence: str) -> None:
    assert [r for r in read(sentence) if r.kind == "exclusion"] == []


def test_quotation_marks_around_nothing_name_nothing() -> None:
    # Marks around a space after an article end the phrase (they raised an error before).
    assert all('"' not in r.action for r in read('The council banned the " " march on Friday.'))
