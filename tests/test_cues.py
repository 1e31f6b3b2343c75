"""The cue words of decisions and sources, and the context a quotation is shown in."""

from __future__ import annotations

import pytest

from summarizer.text.cues import cue_sentences, has_cue
from summarizer.text.quotations import find_quotations, quote_context
from summarizer.text.sentences import split_sentences


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
        ("exclusion", "The judges voted in favour of striking down the zoning code."),
        ("exclusion", "The court found that the province does not have the power to levy the toll."),
        ("exclusion", "Exceptions will be made for cargoes already at sea."),
        ("exclusion", "No unlicensed, expired or fake medicines shall be sold here."),
    ],
)
def test_general_words_of_decision_are_cues(kind: str, sentence: str) -> None:
    assert has_cue(kind, [sentence]), sentence


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


def test_cues_match_whatever_the_case() -> None:
    [sentence] = split_sentences("THE COUNCIL BANNED NIGHT FISHING, A SPOKESMAN SAID.")
    assert cue_sentences([sentence]) == {"authorisation": [], "exclusion": [1], "source": [1]}
