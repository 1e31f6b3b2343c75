"""Decisions picked one sentence at a time: the sentence's phrases, the enum answer, one item per decision."""

from __future__ import annotations

import json

import pytest
from fakellm import FakeLLM

from summarizer import Article, summarize
from summarizer.extract.answers import authorisation_pick_for, exclusion_pick_for
from summarizer.text.phrases import phrases


@pytest.mark.parametrize(
    ("sentence", "expected", "absent"),
    [
        # A title with "of" stays whole, and its last word is no name of its own.
        (
            "The Minister of Fisheries allowed trawler crews to land their catch in Port Ellis.",
            ["Minister of Fisheries", "trawler crews", "crews", "catch", "Port Ellis"],
            ["Fisheries", "allowed", "The"],
        ),
        # A past tense and a present verb of reporting end a phrase; an acronym is not the pronoun "us".
        (
            "A spokesman confirms that US regulators ordered the mill closed.",
            ["spokesman", "US regulators", "regulators", "mill"],
            ["ordered", "confirms", "US regulators ordered"],
        ),
        # A thing barred can be a form in -ing.
        ("The bylaw bans smoking near the playground.", ["bylaw", "smoking", "playground"], ["bans"]),
    ],
)
def test_phrases_are_verbatim_slices_that_name_parties_and_things(
    sentence: str, expected: list[str], absent: list[str]
) -> None:
    found = phrases(sentence)
    assert all(p in sentence for p in found)
    assert set(expected) <= set(found)
    assert not set(absent) & set(found)


def test_a_pick_keeps_as_instruments_only_phrases_that_name_means() -> None:
    model = authorisation_pick_for(
        ("Defence Minister Ana Ruiz", "coast guard", "Harbour Authority"),
        ("coast guard", "drone patrols", "Harbour Authority", "AIS", "patrols"),
    )
    pick = model(
        granted_by="Defence Minister Ana Ruiz",
        granted_to="coast guard",
        action="patrol the bay",
        instruments=["drone patrols", "Harbour Authority", "AIS"],
    )
    draft = pick.draft([4])
    assert draft is not None and draft.instruments == ["drone patrols", "AIS"]
    other = model(granted_by=None, granted_to="coast guard", action="x", instruments=["coast guard", "patrols"])
    assert other.draft([4]).instruments == ["patrols"]  # type: ignore[union-attr]


def test_a_pick_can_only_name_a_phrase_of_its_sentences() -> None:
    model = authorisation_pick_for(("regional council", "ferry operator"), ("night crossings",))
    model.model_validate({"granted_by": "regional council", "granted_to": None, "action": "", "instruments": []})
    with pytest.raises(ValueError, match="ferry operator"):
        model.model_validate({"granted_by": "the mayor", "granted_to": "x", "action": "", "instruments": []})
    # A sentence with no phrase leaves only null.
    assert exclusion_pick_for((), ()).model_json_schema()["properties"]["what"]["type"] == "null"


def test_one_item_per_decision_however_many_sentences_repeat_it() -> None:
    article = Article(
        text=(
            "The council licensed the ferry operator to run night crossings. "
            "The licence lets the operator sail until midnight. "
            "It does not cover freight. "
            "Freight lorries are barred from the night boats, the council said. "
            "Pedestrians are not allowed on the car deck."
        )
    )
    # Sentences 1, 2 and 5 carry a word of permission, 3, 4 and 5 one of limit: one pick each.
    fake = FakeLLM(
        {
            "Overview": [{"headline": "Night ferries", "summary": "Night ferries were licensed.", "event_date": None}],
            "Sources": [{"sources": []}],
            "AuthorisationPick": [
                {
                    "granted_by": "council",
                    "granted_to": "ferry operator",
                    "action": "run night crossings",
                    "instruments": [],
                },
                {"granted_by": None, "granted_to": "operator", "action": "sail until midnight", "instruments": []},
                {"granted_by": None, "granted_to": None, "action": "", "instruments": []},
            ],
            "ExclusionPick": [
                {"what": "freight", "applies_to": "the licence", "stated_by": None},
                {"what": "Freight lorries", "applies_to": None, "stated_by": "council"},
                {"what": "Pedestrians", "applies_to": None, "stated_by": None},
            ],
            "screen": [0.9],
        }
    )
    brief = summarize(article, engine=fake.engine(passes="multi"))
    assert fake.tool_calls("AuthorisationPick") == 3 and fake.tool_calls("ExclusionPick") == 3
    [permission] = brief.authorisations
    assert (permission.authoriser, permission.authorised, len(permission.evidence)) == ("council", "ferry operator", 2)
    assert [(x.what, x.stated_by, len(x.evidence)) for x in brief.exclusions] == [
        ("Freight lorries", "council", 2),
        ("Pedestrians", None, 1),
    ]


def test_a_hosted_model_naming_someone_outside_the_sentence_is_asked_again() -> None:
    article = Article(
        text=(
            "The mayor spoke on Monday. "
            "The regional council allowed the ferry operator to run night crossings. "
            "Tickets sold out."
        )
    )
    fake = FakeLLM(
        {
            "Overview": [
                {"headline": "Night ferries", "summary": "The council allowed night ferries.", "event_date": None}
            ],
            "AuthorisationPick": [
                {"granted_by": "the governor", "granted_to": "ferry operator", "action": "sail", "instruments": []},
                {"granted_by": "regional council", "granted_to": "ferry operator", "action": "sail", "instruments": []},
            ],
        }
    )
    brief = summarize(article, engine=fake.engine(passes="multi"))
    asked = [r for r in fake.requests if r["tool"] == "AuthorisationPick"]
    assert len(asked) == 2
    # The validation error the model reads names the choices it has.
    assert "regional council" in json.dumps(asked[1]["body"]["messages"][-1])
    assert [(a.authoriser, a.authorised) for a in brief.authorisations] == [("regional council", "ferry operator")]
