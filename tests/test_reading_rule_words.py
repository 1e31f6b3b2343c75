"""Shapes the fourteenth batch's misses and the tuning set's remaining wrong readings showed, each told
in English at large: a rule's own "must not" or "shall not", an order's bare "not", a release ordered
by a possessive, an appeal allowed, permission given "to" someone, an agent between a ban and its act,
a quoted name after an article, two describing words that share their noun, an announcer who stands
for an unnamed decider, and the participles and demands that state no decision. Wording of our own."""

from __future__ import annotations

import pytest
from reading import read, shown

# --------------------------------------------------------------------------- a rule's own words


@pytest.mark.parametrize(
    ("sentence", "held", "limit"),
    [
        (
            "The Tenancy Act provides that a landlord shall not evict a tenant without three months' notice.",
            "landlord",
            "landlord shall not evict a tenant without three months' notice",
        ),
        (
            "Among the licence conditions, operators must not fly drones within 5 km of an airport.",
            "operators",
            "operators must not fly drones within 5 km of an airport",
        ),
        (
            "The permit's terms include that the quarry may not blast after 6 p.m.",
            "quarry",
            "quarry may not blast after 6 p.m",
        ),
    ],
)
def test_what_a_rule_says_must_not_be_done_is_its_limit(sentence: str, held: str, limit: str) -> None:
    assert shown(sentence) == [("exclusion", None, held, limit)]


@pytest.mark.parametrize(
    "sentence",
    [
        # "May not" is as often a doubt, and nothing here says a rule states it.
        "The new timetable may not please commuters, the operator conceded.",
        # A speaker's own resolve is no rule.
        "We must not give up now, the captain told reporters after the defeat.",
        # A bill is not in force.
        "The bill provides that employers must not read workers' private messages.",
        # What the rule leaves out is `scope`'s to read.
        "The regulation shall not apply to vessels under ten metres.",
    ],
)
def test_a_modal_with_no_rule_in_force_behind_it_is_not_a_limit(sentence: str) -> None:
    assert [r for r in read(sentence) if r.shape == "rule says not"] == []


def test_one_told_with_its_rule_after_under_is_read_once() -> None:
    readings = read("Cyclists must not ride on the promenade under the new bylaw.")
    assert [r.shape for r in readings] == ["under a rule"]


def test_an_order_with_a_bare_not_limits_whom_it_names() -> None:
    assert shown("The magistrate ordered that the contractor not dig within 20 metres of the shrine.") == [
        ("exclusion", "magistrate", "the contractor", "the contractor to dig within 20 metres of the shrine")
    ]


def test_an_order_that_a_thing_was_not_so_is_no_limit() -> None:
    assert read("The tribunal ordered that the fee was not lawful and must be repaid.") == []


# --------------------------------------------------------------------------- permissions


def test_a_release_ordered_by_a_possessive_frees_the_one_it_names() -> None:
    assert shown("On Tuesday the high court ordered Maria Lopez's immediate release.") == [
        ("authorisation", "high court", "Maria Lopez", "release")
    ]


@pytest.mark.parametrize(
    ("sentence", "court", "appellant"),
    [
        (
            "The appeals court allowed an appeal by the fishing cooperative against the licence ruling.",
            "appeals court",
            "the fishing cooperative",
        ),
        ("The Supreme Court upheld the appeal of the city council.", "Supreme Court", "the city council"),
    ],
)
def test_an_appeal_allowed_by_a_court_is_decided_for_who_brought_it(sentence: str, court: str, appellant: str) -> None:
    assert [(r.granter, r.receiver) for r in read(sentence)] == [(court, appellant)]


def test_an_appeal_accepted_by_anyone_but_a_court_is_not_read() -> None:
    assert read("The party accepted the appeal of its youth wing.") == []


def test_a_permission_given_to_someone_is_theirs_and_a_thing_given_is_no_permission() -> None:
    assert shown("Bail was granted to the three dockworkers by the magistrate on Friday.") == [
        ("authorisation", "the magistrate", "the three dockworkers", "granted bail")
    ]
    assert read("New venues have been given to the other concerts, an organiser said.") == []


def test_who_granted_it_is_no_part_of_what_was_granted() -> None:
    readings = read("The editor, who was granted interim bail by the district court last week, returned to work.")
    assert [(r.granter, r.action) for r in readings] == [("the district court", "granted interim bail")]


def test_a_body_that_announces_an_unnamed_decision_is_its_decider() -> None:
    assert [r.granter for r in read("The mayor announced that street vendors had been permitted to return.")] == [
        "mayor"
    ]
    # Those who tell of an order they received decide nothing.
    assert [r.granter for r in read("Residents said that they had been ordered to leave.")] == []
    assert [r.granter for r in read("Villagers said the fishermen were allowed to sail.")] == [None]


# --------------------------------------------------------------------------- limits


def test_an_agent_between_a_ban_and_its_act_is_who_banned() -> None:
    assert shown("Six councillors were barred by the ethics board from voting on the budget.") == [
        ("exclusion", "the ethics board", "Six councillors", "Six councillors barred from voting on the budget")
    ]


def test_a_quoted_name_after_an_article_is_part_of_what_is_banned() -> None:
    assert [r.action for r in read("The council banned the union from holding a “freedom rally” in the square.")] == [
        "the union from holding a “freedom rally” in the square"
    ]
    # After a preposition the quotation describes the thing; the thing ends before it.
    assert [r.action for r in read('The ministry banned the Southern Youth Front as an "illegal group".')] == [
        "the Southern Youth Front"
    ]


@pytest.mark.parametrize(
    ("sentence", "what"),
    [
        ("The agency banned domestic and international charter flights.", "domestic and international charter flights"),
        ("The decree bans all public and private gatherings.", "all public and private gatherings"),
        # A plural before "and" is a thing of its own.
        ("The board banned rallies and public meetings.", "rallies"),
    ],
)
def test_two_describing_words_share_their_noun(sentence: str, what: str) -> None:
    assert read(sentence)[0].action == what


def test_the_thing_a_passive_ban_holds_keeps_what_it_comes_with() -> None:
    assert [r.action for r in read("All trawlers with or without nets will be banned from the bay.")] == [
        "All trawlers with or without nets"
    ]


# --------------------------------------------------------------------------- not decisions


@pytest.mark.parametrize(
    "sentence",
    [
        # A participle after a quantifier describes a noun.
        "Officials said all pardoned inmates would leave the prison by Monday.",
        # What a crowd demands is not done.
        "Supporters rallied outside, demanding that she be allowed to stand.",
        # A plural with no "s" is no verb: "the two" is no party.
        "The judge ordered that the two men be moved to another prison.",
    ],
)
def test_shapes_that_state_no_decision_are_not_read(sentence: str) -> None:
    assert [r for r in read(sentence) if r.kind == "authorisation"] == []


def test_a_crowd_that_blocks_a_road_decides_nothing() -> None:
    assert read("Striking dockers blocked the harbour road for a third day.") == []
    assert shown("The council blocked the sale of the old library.") == [
        ("exclusion", "council", None, "the sale of the old library")
    ]


def test_a_stop_the_sentence_tells_was_undone_is_background() -> None:
    assert read("The coach, who had been suspended by the league in March, was reinstated on Friday.") == []
    assert [r.action for r in read("The coach was suspended by the league for six matches.")] == ["coach"]


def test_no_longer_entitled_is_a_limit_on_the_whole_phrase_held() -> None:
    assert [
        r.action for r in read("Under the new rules, students from abroad are no longer entitled to free care.")
    ] == ["students from abroad no longer entitled to free care"]
    assert [r.action for r in read("Imports from Belarus are banned.")] == ["Imports from Belarus"]


def test_a_court_that_refuses_to_interfere_refuses_what_it_was_asked() -> None:
    assert shown("The top court refused to interfere with the tribunal's order on the strike.") == [
        ("exclusion", "top court", None, "the tribunal's order on the strike")
    ]
    # Anyone else's refusal to interfere is a stance, not a refusal of leave.
    assert read("The minister refused to interfere with the inquiry.") == []


def test_a_ruling_dated_by_its_year_is_still_read() -> None:
    assert shown("A judge ruled in 2021 that the company could not evict the tenants.") == [
        ("exclusion", "judge", "the company", "the company to evict the tenants")
    ]
