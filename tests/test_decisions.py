"""One item per permission, and permissions nobody holds kept out of the main list."""

from __future__ import annotations

import dataclasses

from summarizer.extract.drafts import DraftAuthorisation, DraftExclusion
from summarizer.extract.ground import ground_authorisations, ground_exclusions
from summarizer.extract.state import GroundingState
from summarizer.extract.verify import sort_by_confidence
from summarizer.models import Article, Authorisation, Evidence, Exclusion
from summarizer.text.decisions.restated import restates, restates_permission
from summarizer.text.sentences import split_sentences

TEXT = (
    "The county board approved the use of the old quarry as a landfill. "
    "Under the decision, the waste company may dump building rubble there from June. "
    "The board also let the fire brigade train on the site."
)


def _state() -> GroundingState:
    article = Article(text=TEXT, id="quarry")
    return GroundingState(article, split_sentences(TEXT), lenient=True)


def _draft(
    granted_to: str, action: str, sentences: list[int], granted_by: str | None = "county board"
) -> DraftAuthorisation:
    return DraftAuthorisation(granted_by=granted_by, granted_to=granted_to, action=action, sentences=sentences)


def test_one_permission_told_twice_is_one_item_with_all_its_evidence() -> None:
    drafts = [
        _draft("waste company", "use the quarry as a landfill", [1, 2]),
        _draft("waste company", "dump building rubble", [2]),
        _draft("fire brigade", "train on the site", [3]),
    ]
    items, problems = ground_authorisations(drafts, _state())
    assert problems == []
    assert [(a.authorised, a.action) for a in items] == [
        ("waste company", "use the quarry as a landfill"),
        ("fire brigade", "train on the site"),
    ]
    assert [e.text for e in items[0].evidence] == [s.text for s in split_sentences(TEXT)[:2]]


def test_two_receivers_in_one_sentence_stay_two_permissions() -> None:
    drafts = [_draft("waste company", "dump rubble", [2]), _draft("fire brigade", "train there", [2], None)]
    items, _ = ground_authorisations(drafts, _state())
    assert len(items) == 2


def test_a_permission_asked_for_or_refused_is_set_aside_whatever_its_confidence() -> None:
    span = [Evidence(text="The board allowed it; tanks are not allowed.", start=0, end=44)]
    asked = Authorisation(authoriser="A", authorised="B", action="build", status="requested", evidence=span)
    refused = Authorisation(
        authoriser="A", authorised="C", action="sell", status="denied", evidence=span, confidence=0.99
    )
    held = Authorisation(
        authoriser="A", authorised="D", action="move", status="granted", evidence=span, confidence=0.99
    )
    kept, _, aside = sort_by_confidence([asked, refused, held], [], 0.5)
    assert kept == [held]
    assert [u.reason for u in aside] == [
        "the permission was asked for, not granted (status requested)",
        "the permission was refused, not granted (status denied)",
    ]


def test_a_decision_whose_sentences_have_no_word_of_permission_or_limit_is_set_aside() -> None:
    event = [Evidence(text="The minister opened the new bridge on Friday.", start=0, end=45)]
    grant = [Evidence(text="The minister let lorries use the new bridge.", start=0, end=44)]
    ban = [Evidence(text="Lorries are banned from the old bridge.", start=0, end=39)]
    opened = Authorisation(
        authoriser="minister", authorised="the public", action="cross", evidence=event, confidence=0.9
    )
    let = Authorisation(
        authoriser="minister", authorised="lorries", action="use the bridge", evidence=grant, confidence=0.9
    )
    closed = Exclusion(what="the old bridge", evidence=event, confidence=0.9)
    banned = Exclusion(what="lorries", evidence=ban, confidence=0.9)
    kept_a, kept_x, aside = sort_by_confidence([opened, let], [closed, banned], 0.5)
    assert kept_a == [let] and kept_x == [banned]
    assert [u.reason for u in aside] == [
        "its sentences use no word of permission or order",
        "its sentences use no word of limit or ban",
    ]


def test_a_permission_read_with_nobody_who_gave_it_is_set_aside() -> None:
    # "Hikers were allowed back onto the ridge trail." says who may act, not who decided.
    passive = [Evidence(text="Hikers were allowed back onto the ridge trail.", start=0, end=46)]
    active = [Evidence(text="The park board allowed hikers back onto the ridge trail.", start=0, end=56)]
    unnamed = [
        Authorisation(
            authoriser=granter, authorised="hikers", action="walk the trail", evidence=passive, confidence=0.9
        )
        for granter in (None, "", "  ")
    ]
    named = Authorisation(
        authoriser="park board", authorised="hikers", action="walk the trail", evidence=active, confidence=0.9
    )
    kept, _, aside = sort_by_confidence([*unnamed, named], [], 0.5)
    assert kept == [named]
    assert [u.reason for u in aside] == [
        "its sentences name nobody who gave the permission, so who decided cannot be shown"
    ] * 3
    assert [u.authorisation for u in aside] == unnamed


def test_null_written_as_a_string_is_no_date_and_no_problem() -> None:
    from summarizer.extract.ground import ground_event_date

    for written in ("null", "None", " n/a "):
        assert ground_event_date(written, _state()) == (None, "")
    assert "not a YYYY-MM-DD date" in ground_event_date("next Friday", _state())[1]


def test_drafts_grounded_at_validation_are_not_grounded_again_for_the_brief() -> None:
    # One good permission and one whose receiver the article never names.
    drafts = [_draft("waste company", "dump building rubble", [2]), _draft("harbour police", "train on the site", [3])]
    lenient = _state()
    strict = dataclasses.replace(lenient, lenient=False, dropped=[])
    items, problems = ground_authorisations(drafts, strict)
    assert [a.authorised for a in items] == ["waste company"] and len(problems) == 1
    assert strict.dropped == []

    again, _ = ground_authorisations(drafts, lenient)
    # The very objects validation made: taken from the article's outcomes, not grounded anew.
    assert [id(a) for a in again] == [id(a) for a in items]
    assert [d.section for d in lenient.dropped] == ["authorisations"]

    # Another article's states share nothing: the same drafts are grounded for it.
    other = _state()
    fresh, _ = ground_authorisations(drafts, other)
    assert [a.authorised for a in fresh] == ["waste company"] and fresh[0] is not items[0]
    assert [d.section for d in other.dropped] == ["authorisations"]


# --------------------------------------------------------------------------- one limit, told again

LIMITS = (
    "The harbour authority revoked the berthing permits of nine trawler operators on Tuesday. "
    "Fishing is banned in the northern bay. "
    "According to the notice, the permits were revoked because the operators had ignored safety checks. "
    "Last year the authority imposed a ban on dredging near Carrow. "
    "The ban on dredging near Kelby began in March."
)


def _limits(*drafts: tuple[str, list[int]]) -> list[Exclusion]:
    article = Article(text=LIMITS, id="harbour")
    state = GroundingState(article, split_sentences(LIMITS), lenient=True)
    items, problems = ground_exclusions([DraftExclusion(what=w, sentences=s) for w, s in drafts], state)
    assert problems == []
    return items


def test_a_limit_told_again_lower_down_is_one_item_with_both_sentences() -> None:
    items = _limits(
        ("the berthing permits of nine trawler operators", [1]),
        ("Fishing", [2]),
        ("permits", [3]),
    )
    assert [x.what for x in items] == ["the berthing permits of nine trawler operators", "Fishing"]
    assert [e.text for e in items[0].evidence] == [s.text for s in split_sentences(LIMITS)[0:3:2]]


def test_a_definite_limit_on_another_named_thing_stays_apart() -> None:
    # "The ban ... near Kelby" shares "dredging" but names a place the earlier sentence does not.
    items = _limits(("a ban on dredging near Carrow", [4]), ("The ban on dredging near Kelby", [5]))
    assert len(items) == 2


RETOLD = (
    "Norland halts barley shipments abroad with immediate effect. "
    "Norland has halted barley shipments abroad with immediate effect to keep bread prices down, officials said. "
    "The grain board also halted barley shipments abroad with immediate effect for the season."
)


def _retold(*drafts: tuple[str, str | None, list[int]]) -> list[Exclusion]:
    state = GroundingState(Article(text=RETOLD, id="barley"), split_sentences(RETOLD), lenient=True)
    limits = [DraftExclusion(what=w, stated_by=by, sentences=s) for w, by, s in drafts]
    items, problems = ground_exclusions(limits, state)
    assert problems == []
    return items


def test_a_limit_told_again_in_much_the_same_words_by_its_maker_is_one_item() -> None:
    # No "the" before it, each with its own reason after it: the lead's limit told again in the body.
    items = _retold(
        ("barley shipments abroad with immediate effect", "Norland", [1]),
        ("barley shipments abroad with immediate effect to keep bread prices down", "Norland", [2]),
    )
    assert len(items) == 1 and len(items[0].evidence) == 2
    # Another body, or a maker not named, may be another decision on the same thing.
    season = "barley shipments abroad for the season"
    assert len(_retold(("barley shipments abroad", "Norland", [1]), (season, "grain board", [3]))) == 2
    assert len(_retold(("barley shipments abroad", "Norland", [1]), (season, None, [3]))) == 2


def test_restated_needs_a_definite_description_and_a_common_word() -> None:
    first = "The regulator suspended the broadcast licence of a radio station."
    assert restates("licence", "The licence was suspended after complaints.", "the broadcast licence", first)
    # An indefinite description names a new thing; a shared name alone is no shared thing.
    assert not restates("a licence", "It also suspended a licence in May.", "the broadcast licence", first)
    curfew = "Yukoners gathering are banned."
    assert not restates("the Yukon assembly", "The curfew does not apply to the Yukon assembly.", "Yukoners", curfew)
    # A later one may add a name where it names again whom the earlier one named.
    earlier = "A judge barred Arlow Steel from reopening one of its furnaces."
    again = "The order bars the Arlow mill from reopening its Denholm furnace until May."
    named = "Arlow Steel from reopening one of its furnaces"
    assert restates("the Arlow mill from reopening its Denholm furnace", again, named, earlier)
    other = "The order bars the Kenner mill from reopening its Denholm furnace until May."
    assert not restates("the Kenner mill from reopening its Denholm furnace", other, named, earlier)


def test_a_permission_told_again_by_a_shorter_name_is_one_item() -> None:
    text = (
        "Harlow District Council has directed all primary and junior schools in the district to close early. "
        "Parents were told on Monday. "
        "The district council directed public and private primary and junior schools to shut by Friday."
    )
    state = GroundingState(Article(text=text, id="schools"), split_sentences(text), lenient=True)
    drafts = [
        _draft("all primary and junior schools in the district", "close early", [1], "Harlow District Council"),
        _draft("public and private primary and junior schools", "shut by Friday", [3], "district council"),
    ]
    items, problems = ground_authorisations(drafts, state)
    assert problems == []
    assert [(a.authoriser, a.authorised) for a in items] == [
        ("Harlow District Council", "all primary and junior schools in the district")
    ]
    assert len(items[0].evidence) == 2


def test_restated_permission_needs_the_same_giver_and_two_words_of_the_receiver() -> None:
    assert restates_permission(
        "the council", "primary and junior schools", "Harlow Council", "all primary junior schools"
    )
    # One shared word is the head noun of two groups: two permissions.
    assert not restates_permission("the council", "private schools", "Harlow Council", "public schools")
    # Another giver is another decision.
    assert not restates_permission(
        "the ministry", "primary and junior schools", "Harlow Council", "primary junior schools"
    )
