"""Unnamed sources found by their wording."""

from __future__ import annotations

import pytest
from fakellm import FakeLLM

from summarizer import Article, summarize
from summarizer.attribution import unnamed_sources
from summarizer.sentences import split_sentences


def found(text: str) -> list[tuple[str, list[int]]]:
    return [(u.name, [s.number for s in u.sentences]) for u in unnamed_sources(split_sentences(text))]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("The paper cites unnamed US officials.", "unnamed US officials"),
        ("An anonymous senior Pentagon official said so.", "anonymous senior Pentagon official"),
        ("People familiar with the matter said it would be signed.", "People familiar with the matter"),
        ("A source close to the negotiations confirmed it.", "source close to the negotiations"),
        ("Officials with knowledge of the Iran talks agreed.", "Officials with knowledge of the Iran talks"),
        ("Two senior officials, who spoke on condition of anonymity, said it.", "Two senior officials"),
        ("Aides who asked not to be named said so.", "Aides"),
    ],
)
def test_the_phrasings_of_an_unnamed_source(text: str, name: str) -> None:
    assert found(text) == [(name, [1])]


@pytest.mark.parametrize(
    "text",
    [
        "The hacker group Anonymous said it was responsible.",
        "Anonymous posters uploaded the video.",
        "The official said the plan was ready.",
        "Officials who spoke to reporters were upbeat.",
    ],
)
def test_named_or_ordinary_sources_are_not_unnamed_ones(text: str) -> None:
    assert found(text) == []


def test_singular_and_plural_mentions_are_one_source(seed_article: Article) -> None:
    assert found(seed_article.text) == [("unnamed US officials", [5, 8])]


ARTICLE = Article(text="Reuters reported the deal, citing unnamed officials. The unnamed officials said it was signed.")


def answer(sources: list[dict[str, object]]) -> dict[str, object]:
    none: list[object] = []
    return {"headline": "h", "summary": "s", "authorisations": none, "exclusions": none, "quotes": none} | {
        "event_date": None,
        "sources": sources,
    }


def test_an_unnamed_source_the_model_left_out_is_added_with_its_outlet() -> None:
    reuters = {"name": "Reuters", "kind": "media", "sentences": [1]}
    brief = summarize(ARTICLE, engine=FakeLLM({"BriefDraft": [answer([reuters])]}).engine())
    assert [(s.name, s.kind, s.via, len(s.evidence)) for s in brief.sources] == [
        ("Reuters", "media", None, 1),
        ("unnamed officials", "anonymous", "Reuters", 2),
    ]


def test_an_unnamed_source_the_model_listed_is_not_added_twice() -> None:
    listed = {"name": "The unnamed officials", "kind": "official", "sentences": [2]}
    brief = summarize(ARTICLE, engine=FakeLLM({"BriefDraft": [answer([listed])]}).engine())
    assert [(s.name, s.kind) for s in brief.sources] == [("The unnamed officials", "anonymous")]


def test_an_unnamed_source_the_model_listed_gains_the_sentence_that_names_its_outlet() -> None:
    reuters = {"name": "Reuters", "kind": "media", "sentences": [1]}
    listed = {"name": "The unnamed officials", "kind": "official", "sentences": [2]}
    brief = summarize(ARTICLE, engine=FakeLLM({"BriefDraft": [answer([reuters, listed])]}).engine())
    officials = brief.sources[1]
    assert (officials.name, officials.via) == ("The unnamed officials", "Reuters")
    assert [e.text for e in officials.evidence] == [
        "Reuters reported the deal, citing unnamed officials.",
        "The unnamed officials said it was signed.",
    ]
    assert len(brief.sources) == 2
