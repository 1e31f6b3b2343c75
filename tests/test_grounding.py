import pytest

from summarizer.text import matching as grounding
from summarizer.text.matching import fold, is_generic, locate, mentioned_in, year_stated
from summarizer.text.sentences import split_sentences

ARTICLE = "He said: “We won’t stop — ever,” and  left.\nThe Wall Street Journal cited unnamed US officials."


def test_fold_keeps_an_index_back_to_the_original() -> None:
    original = "A  “B”"
    folded, index = fold(original)
    assert folded == 'a "b"'
    assert [original[i] for i in index] == ["A", " ", "“", "B", "”"]


@pytest.mark.parametrize(
    "needle",
    [
        "We won't stop - ever,",
        '"we won’t stop — ever,"',
        "WE  WON’T STOP —   EVER,",
    ],
)
def test_locate_forgives_quotes_dashes_spaces_and_case_only(needle: str) -> None:
    span = locate(needle, ARTICLE)
    assert span is not None
    assert span.text == "We won’t stop — ever,"
    assert ARTICLE[span.start : span.end] == span.text


@pytest.mark.parametrize("needle", ["We will not stop", "We won't stop ... ever", "stop — never"])
def test_locate_refuses_changed_words(needle: str) -> None:
    assert locate(needle, ARTICLE) is None


def test_locate_prefers_the_occurrence_near_the_cited_place() -> None:
    text = "Yes. Later: Yes."
    assert locate("Yes.", text, near=5) is not None
    assert locate("Yes.", text, near=5).start == 12  # type: ignore[union-attr]


def test_names_must_occur_and_categories_are_not_names() -> None:
    assert mentioned_in("The Wall Street Journal", ARTICLE)
    assert mentioned_in("unnamed US official", ARTICLE)  # prefix match covers the plural
    assert not mentioned_in("Reuters", ARTICLE)
    assert is_generic("news outlets") and is_generic("experts")
    assert not mentioned_in("news outlets", "news outlets reported")


def test_year_must_be_stated_in_text_or_metadata() -> None:
    assert year_stated(2024, "date 2024-05-31 31 May", [])
    assert not year_stated(2023, "date 2024-05-31 31 May", [])
    assert year_stated(2015, "Friday, August 21", [2015])
    assert not year_stated(2024, "It cost 120245 dollars", [])


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Panamanian coach Hernan Dario Gomez", "Hernan Dario Gomez"),
        ("Secretary of State Anthony Blinken", "Anthony Blinken"),
        ("President Joe Biden", "Joe Biden"),
        ("Acting Head Coach Hernan Dario Gomez", "Hernan Dario Gomez"),
        ("the acting coach", None),
        ("Brazilian coach Tite", None),
    ],
)
def test_a_role_put_in_front_of_a_name_is_trimmed_to_the_name(value: str, expected: str | None) -> None:
    sentences = split_sentences(
        "Panama coach Hernan Dario Gomez spoke. US Secretary of State Anthony Blinken agreed. Joe Biden approved it."
    )
    assert grounding.mentioned_tail(value, sentences) == expected
