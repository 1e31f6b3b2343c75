"""The screen of cue sentences before the decision passes, the wider cues, and quotation context."""

from __future__ import annotations

import pytest
from fakellm import FakeLLM

from summarizer import Article, summarize
from summarizer.text.cues import CUES, cue_sentences
from summarizer.text.quotations import find_quotations, quote_context
from summarizer.text.sentences import split_sentences

OVERVIEW = {"headline": "Harbour board meets", "summary": "The harbour board met on Monday.", "event_date": None}
# One sentence with a word of permission, none with a word of limit.
HARBOUR = Article(
    text=(
        "The harbour board met on Monday in Port Ellis. "
        "The board authorised the ferry company to run night crossings. "
        "Tickets went on sale the next morning."
    )
)
AUTHORISATIONS = {
    "authorisations": [
        {
            "granted_by": "The board",
            "granted_to": "the ferry company",
            "action": "run night crossings",
            "instruments": [],
            "scope": None,
            "conditions": None,
            "status": "granted",
            "sentences": [2],
        }
    ]
}


def _run(screen: float) -> tuple[FakeLLM, list[str]]:
    fake = FakeLLM(
        {
            "Overview": [OVERVIEW],
            "Authorisations": [AUTHORISATIONS],
            "Sources": [{"sources": []}],
            "screen": [screen],
            "judge": [0.9],
        }
    )
    brief = summarize(HARBOUR, engine=fake.engine(passes="multi"))
    return fake, [a.action for a in brief.authorisations]


def test_a_sentence_the_screen_reads_as_a_decision_is_offered_to_the_pass() -> None:
    fake, actions = _run(0.8)
    assert fake.tool_calls("screen") == 1
    task = next(r for r in fake.requests if r["tool"] == "Authorisations")["body"]["messages"][-1]["content"]
    assert "Sentences most likely to contain one: 2." in task
    assert actions == ["run night crossings"]


def test_a_sentence_the_screen_rejects_costs_no_pass() -> None:
    fake, actions = _run(0.05)
    assert fake.tool_calls("screen") == 1
    assert fake.tool_calls("Authorisations") == 0
    assert actions == []


def test_without_a_judge_nothing_is_screened() -> None:
    fake = FakeLLM({"Overview": [OVERVIEW], "Authorisations": [AUTHORISATIONS], "Sources": [{"sources": []}]})
    summarize(HARBOUR, engine=fake.engine(passes="multi", check_decisions=False))
    assert fake.tool_calls("screen") == 0 and fake.tool_calls("Authorisations") == 1


@pytest.mark.parametrize(
    ("kind", "sentence"),
    [
        ("authorisation", "The governor instructed the state police to reopen the bridge."),
        ("authorisation", "The minister told her officials to freeze the accounts by Friday."),
        ("authorisation", "Reservists were called up by the defence ministry on Sunday."),
        ("authorisation", "The levy was extended by parliament for two more years."),
        ("authorisation", "The council voted for closing the old landfill."),
        ("exclusion", "Residents of the annexe are ineligible to vote in the ballot."),
        ("exclusion", "The new licence only covers river barges, not sea-going ships."),
        ("exclusion", "Under the ruling, the agency cannot share the records with insurers."),
        ("exclusion", "An appeals court ruled on Tuesday against the county's map."),
        ("exclusion", "The tariff has been put on hold while the case is heard."),
    ],
)
def test_general_words_of_decision_are_cues(kind: str, sentence: str) -> None:
    assert CUES[kind].search(sentence), sentence


@pytest.mark.parametrize(
    "sentence",
    [
        "The ferry left the harbour at dawn with forty passengers.",
        "She directed her first film in 1998.",
        "Prices rose by four per cent in the spring.",
    ],
)
def test_ordinary_sentences_carry_no_cue_of_permission(sentence: str) -> None:
    assert cue_sentences(split_sentences(sentence))["authorisation"] == []


def test_quote_context_shows_the_label_among_its_neighbours() -> None:
    text = (
        "The storm hit the coast overnight. Mayor Ann Lee toured the quay at noon. "
        '"We will rebuild every house that was lost to the water," she said. The tour ended at two.'
    )
    sentences = split_sentences(text)
    quote = find_quotations(text)[0]
    shown = quote_context(text, sentences, quote.start, quote.end, "[Q1]")
    assert shown == 'Mayor Ann Lee toured the quay at noon. "[Q1]," she said. The tour ended at two.'
    assert "storm" not in shown


def test_quote_context_is_cut_far_from_the_quotation() -> None:
    lead = "word " * 200
    text = f'{lead}ended there. "This is the part that matters most of all," said Roe.'
    sentences = split_sentences(text)
    quote = find_quotations(text)[0]
    shown = quote_context(text, sentences, quote.start, quote.end, "[Q1]")
    assert shown.endswith('"[Q1]," said Roe.') and len(shown) < 320
