"""A stop decided ("resolved to suspend"), a stop directed by its noun ("directed the closure of"), a
limit lifted without its article ("lifted sanctions on"), calls and demands refused, and a registration
denied. Wording of our own."""

from __future__ import annotations

import pytest
from reading import read


@pytest.mark.parametrize(
    ("sentence", "granter", "what"),
    [
        (
            "The press council resolved on Monday to suspend the tabloid's licence for a month.",
            "press council",
            "the tabloid's licence",
        ),
        (
            "The provincial cabinet decided to freeze the planned rise in water tariffs.",
            "provincial cabinet",
            "the planned rise in water tariffs",
        ),
        (
            "The county board voted 6-1 to close the landfill near the river.",
            "county board",
            "the landfill near the river",
        ),
    ],
)
def test_a_stop_decided_or_voted_is_a_stop(sentence: str, granter: str, what: str) -> None:
    assert [(r.kind, r.granter, r.action) for r in read(sentence)] == [("exclusion", granter, what)]


@pytest.mark.parametrize(
    "sentence",
    [
        "The press council wants to suspend the tabloid's licence.",
        "The press council plans to suspend the tabloid's licence.",
        "Rain forced organisers to suspend the regatta.",
    ],
)
def test_a_stop_wished_planned_or_forced_by_events_is_none(sentence: str) -> None:
    assert [r for r in read(sentence) if r.kind == "exclusion"] == []


def test_a_stop_directed_by_its_noun_names_what_it_stops() -> None:
    [reading] = read("The governor directed the immediate closure of all quarries in the valley.")
    assert (reading.kind, reading.granter, reading.action) == ("exclusion", "governor", "all quarries in the valley")


@pytest.mark.parametrize(
    ("sentence", "receiver"),
    [
        ("The trade bloc lifted sanctions on Tarvonia after the vote.", "Tarvonia"),
        ("The trade bloc lifted some sanctions on Tarvonia.", "Tarvonia"),
        ("The trade bloc lifted all remaining sanctions on Tarvonia.", "Tarvonia"),
    ],
)
def test_a_limit_lifted_without_its_article_lets_whom_it_held(sentence: str, receiver: str) -> None:
    assert [(r.kind, r.granter, r.receiver) for r in read(sentence)] == [("authorisation", "trade bloc", receiver)]


@pytest.mark.parametrize(
    ("sentence", "what"),
    [
        ("The tribunal rejected calls for a recount in the northern wards.", "a recount in the northern wards"),
        ("The minister rejected repeated calls to reopen the coal mine.", "reopen the coal mine"),
        ("The council turned down the residents' demands for a second bridge.", "a second bridge"),
    ],
)
def test_calls_and_demands_refused_are_requests_refused(sentence: str, what: str) -> None:
    assert [(r.kind, r.action) for r in read(sentence)] == [("exclusion", what)]


def test_a_registration_denied_is_withheld() -> None:
    [reading] = read("The retired general was denied registration as a candidate by the poll body.")
    assert (reading.kind, reading.receiver, reading.action) == ("exclusion", "retired general", "registration")
