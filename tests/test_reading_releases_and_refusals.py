"""Shapes the sixteenth batch's misses and wrong readings showed, each told in English at large: a
request refused whose asker is named with an aside, or told before its refusal; what was given to
others withheld from some; plans approved; a permission "for" someone with its kind named; two limits
lifted at once; an order's noun capitalised, granted, or with an adverb before its act; "no" a rule
puts mid-sentence; people freed, released or reinstated; an order "that" someone "must" act; a wrapped
line of wire copy; a dateline's day before a subject. Wording of our own."""

from __future__ import annotations

import pytest
from reading import readings, shown

from summarizer.text.cues import cue_sentences
from summarizer.text.sentences import split_sentences

Expected = tuple[str, str | None, str | None, str]

# --------------------------------------------------------------------------- requests refused


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "The court threw out a petition by Omar Haddad, a councillor for Westbrook, seeking to block a vote.",
            ("exclusion", "court", None, "block a vote"),
        ),
        (
            "The tribunal dismissed a request by Lena Ortiz, the union's secretary, to lift the fine.",
            ("exclusion", "tribunal", None, "lift the fine"),
        ),
        (
            "The board approved one application but rejected another seeking to extend opening hours.",
            ("exclusion", None, None, "extend opening hours"),
        ),
    ],
)
def test_a_request_whose_asker_is_named_with_an_aside_is_named_by_its_act(sentence: str, expected: Expected) -> None:
    assert shown(sentence) == [expected]


def test_a_request_told_before_its_refusal_is_refused() -> None:
    assert shown("Her application for parole was turned down by the board.") == [
        ("exclusion", "the board", None, "parole")
    ]


def test_a_motion_on_a_government_voted_down_is_no_request_refused() -> None:
    assert shown("The second motion of no confidence was rejected on Tuesday.") == []


@pytest.mark.parametrize(
    ("sentence", "left_out"),
    [
        ("No such waiver was given to the smaller refineries.", "the smaller refineries"),
        # Not also read as an exemption granted.
        ("No exemption has been granted to coastal towns.", "coastal towns"),
    ],
)
def test_what_was_given_to_none_of_some_leaves_them_out(sentence: str, left_out: str) -> None:
    assert shown(sentence) == [("exclusion", None, left_out, left_out)]


def test_a_request_refused_before_or_given_to_none_has_a_cue() -> None:
    sentences = split_sentences("His bid was thrown out by the judge. No similar relief was extended to the farms.")
    assert cue_sentences(sentences)["exclusion"] == [1, 2]


# --------------------------------------------------------------------------- permissions given


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "The planning board approved plans by Harbor Homes to build 120 flats.",
            ("authorisation", "planning board", "Harbor Homes", "build 120 flats"),
        ),
        (
            "The county approved the builder's plans to widen the road.",
            ("authorisation", "county", "the builder", "widen the road"),
        ),
        (
            "The court granted the request of the defence to adjourn the trial.",
            ("authorisation", "court", "the defence", "adjourn the trial"),
        ),
        (
            "The ministry approved transit permits for the convoy to cross the border.",
            ("authorisation", "ministry", "the convoy", "cross the border"),
        ),
        (
            "The council voted to lift a travel ban and financial sanctions on the island.",
            ("authorisation", "council", "the island", "lift the travel ban and financial sanctions on the island"),
        ),
        (
            "The Senate passed a Bill allowing farmers to sell raw milk.",
            ("authorisation", "Senate", "farmers", "sell raw milk"),
        ),
        (
            "LONDON, March 3 Britain's regulator on Tuesday approved plans by Acme to buy Beta.",
            ("authorisation", "Britain's regulator", "Acme", "buy Beta"),
        ),
    ],
)
def test_plans_requests_and_permissions_approved(sentence: str, expected: Expected) -> None:
    assert shown(sentence) == [expected]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "The tribunal ordered that the landlord must repair the roof.",
            ("authorisation", "tribunal", "the landlord", "repair the roof"),
        ),
        (
            "The court issued directions that the ministry should publish the report.",
            ("authorisation", "court", "the ministry", "publish the report"),
        ),
        (
            "The mayor directed that both day and night markets should close.",
            ("authorisation", "mayor", "both day and night markets", "close"),
        ),
    ],
)
def test_an_order_that_someone_must_act(sentence: str, expected: Expected) -> None:
    assert shown(sentence) == [expected]


# --------------------------------------------------------------------------- people let go


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "The appeals court freed the three activists.",
            ("authorisation", "appeals court", "the three activists", "freed"),
        ),
        (
            "The tribunal reinstated the dismissed headteacher.",
            ("authorisation", "tribunal", "the dismissed headteacher", "reinstated"),
        ),
        (
            "A junior minister was released on bail by the magistrate.",
            ("authorisation", "the magistrate", "junior minister", "released"),
        ),
        ("The judge ordered that the reporter be released.", ("authorisation", "judge", "the reporter", "released")),
        ("The president released 900 inmates on parole.", ("authorisation", "president", "900 inmates", "released")),
    ],
)
def test_someone_freed_released_or_reinstated_by_a_decision(sentence: str, expected: Expected) -> None:
    assert shown(sentence) == [expected]


@pytest.mark.parametrize(
    "sentence",
    [
        "The court released its written reasons on Friday.",
        "The rebels released two hostages.",
        "The panel reinstated the earlier ruling.",
    ],
)
def test_releasing_without_a_court_or_terms_frees_no_one(sentence: str) -> None:
    assert shown(sentence) == []


# --------------------------------------------------------------------------- limits


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "The judge granted an order temporarily preventing the demolition of the market.",
            ("exclusion", "judge", None, "the demolition of the market"),
        ),
        (
            "The court issued an injunction indefinitely blocking the sale of the stadium.",
            ("exclusion", "court", None, "the sale of the stadium"),
        ),
        (
            "The rules mean no EU bank may lend to the firm.",
            ("exclusion", None, None, "no EU bank may lend to the firm"),
        ),
    ],
)
def test_limits_an_order_or_a_rule_states(sentence: str, expected: Expected) -> None:
    assert shown(sentence) == [expected]


@pytest.mark.parametrize(
    "sentence",
    [
        # A stance reported, not a rule.
        "The minister said no party can claim the victory.",
        # A response mobilised calls up no force.
        "A large relief effort has been mobilised by the state government.",
    ],
)
def test_no_decision_where_nothing_is_decided(sentence: str) -> None:
    assert shown(sentence) == []


def test_a_ban_on_exports_approved_is_no_sale_approved() -> None:
    assert [
        kind for kind, *_ in shown("The cabinet approved on Monday a ban on exports of scrap metal to nearby states.")
    ] == ["exclusion"]


# --------------------------------------------------------------------------- wrapped wire copy


def test_a_sentence_of_wrapped_wire_copy_is_read_as_one_line() -> None:
    text = (
        "The regional court on\nFriday approved plans by the port authority\nto dredge the old harbour, which\n"
        "fishermen had opposed\nfor years.\n"
    )
    assert readings(text) == [("authorisation", "regional court", "the port authority", "dredge the old harbour")]
