"""The screen of cue sentences before the decision passes, the wider cues, and quotation context."""

from __future__ import annotations

import json

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
# The pick of sentence 2: the names are phrases of that sentence.
PICK = {"granted_by": "board", "granted_to": "ferry company", "action": "run night crossings", "instruments": []}


def _run(screen: float) -> tuple[FakeLLM, list[str]]:
    fake = FakeLLM(
        {
            "Overview": [OVERVIEW],
            "AuthorisationPick": [PICK],
            "Sources": [{"sources": []}],
            "screen": [screen],
            "judge": [0.9],
        }
    )
    brief = summarize(HARBOUR, engine=fake.engine(passes="multi"))
    return fake, [a.action for a in brief.authorisations]


def test_a_sentence_the_screen_reads_as_a_decision_is_asked_about() -> None:
    fake, actions = _run(0.8)
    assert fake.tool_calls("screen") == 1
    request = next(r for r in fake.requests if r["tool"] == "AuthorisationPick")["body"]
    task = request["messages"][-1]["content"]
    assert task.startswith("Task: authorisation pick for sentence [2]")
    assert "[1] The harbour board met on Monday in Port Ellis." in task
    assert task.endswith("[2] The board authorised the ferry company to run night crossings.")
    # The names can only be phrases of the two sentences shown.
    receiver = request["tools"][0]["function"]["parameters"]["properties"]["granted_to"]
    assert "ferry company" in json.dumps(receiver) and "Tickets" not in json.dumps(receiver)
    assert actions == ["run night crossings"]


def test_a_sentence_the_screen_rejects_costs_no_pass() -> None:
    fake, actions = _run(0.05)
    assert fake.tool_calls("screen") == 1
    assert fake.tool_calls("AuthorisationPick") == 0
    assert actions == []


def test_without_a_judge_nothing_is_screened() -> None:
    fake = FakeLLM({"Overview": [OVERVIEW], "AuthorisationPick": [PICK], "Sources": [{"sources": []}]})
    summarize(HARBOUR, engine=fake.engine(passes="multi", check_decisions=False))
    assert fake.tool_calls("screen") == 0 and fake.tool_calls("AuthorisationPick") == 1


def test_only_the_likeliest_screened_sentences_of_a_kind_are_picked() -> None:
    article = Article(
        text=(
            "The council allowed the bakery to open on Sundays. "
            "The council allowed the market to stay open late. "
            "The council allowed the school to use the hall. "
            "The council allowed the club to build a stand. "
            "The council allowed the museum to lend its maps."
        )
    )
    # In sentence order; the one under the screen threshold is dropped, and of the four above it the
    # three likeliest are picked.
    scores = [0.45, 0.9, 0.2, 0.8, 0.6]
    pick = {"granted_by": "council", "granted_to": None, "action": "", "instruments": []}
    fake = FakeLLM({"Overview": [OVERVIEW], "AuthorisationPick": [pick], "screen": scores, "judge": [0.9]})
    summarize(article, engine=fake.engine(passes="multi"))
    picked = [
        r["body"]["messages"][-1]["content"].splitlines()[0] for r in fake.requests if r["tool"] == "AuthorisationPick"
    ]
    assert picked == [
        f"Task: authorisation pick for sentence [{n}], as described before the article." for n in (2, 4, 5)
    ]


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
        # Nouns and idioms that share a stem with a word of decision.
        "Her driving instructor had taught in the town for years.",
        "The Commission published its yearly report on road safety.",
        "Neighbours called out the landlord for the broken heating.",
        "The mayor's remarks called into question the budget figures.",
    ],
)
def test_ordinary_sentences_carry_no_cue_of_permission(sentence: str) -> None:
    assert cue_sentences(split_sentences(sentence))["authorisation"] == []


@pytest.mark.parametrize(
    ("sentence", "cue"),
    [
        ("A spokesman for the ministry declined to comment on the plan.", False),
        ("The firm declined to say how many staff it would cut.", False),
        ("The board declined the request for an extension.", True),
    ],
)
def test_declining_to_comment_is_no_limit(sentence: str, cue: bool) -> None:
    assert bool(cue_sentences(split_sentences(sentence))["exclusion"]) is cue


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
