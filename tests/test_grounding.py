import pytest

from summarizer.text import matching as grounding
from summarizer.text.matching import fold, is_generic, locate, mentioned_in, sentences_mentioning, year_stated
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
    assert mentioned_in("unnamed US official", ARTICLE)  # a plural ending is the same name
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


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("UN", "The plan was still under review."),
        ("AP", "The council approved the budget."),
        ("Ann", "The ministry announced new rules."),
        ("EU", "Leaders met across Europe."),
        ("Kim", "Kimberly Lee testified on Friday."),
        ("Penn", "Pennsylvania voters turned out."),
        ("Democrat", "It was a democratic process."),
        ("Bush", "The bushfire spread overnight."),
        ("Ann Lee", "Lee announced it."),
    ],
)
def test_a_name_is_not_grounded_by_a_longer_word_it_begins(name: str, text: str) -> None:
    assert not mentioned_in(name, text)


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("Democrat", "Democrats gathered in the hall."),
        ("Democrat", "The Democrat's proposal failed."),
        ("Democrat", "The Democrats' proposal failed."),
        ("Democrat", "The Democrat’s proposal failed."),
        ("Democrat's", "The Democrats’ proposal failed."),
        ("U.N.", "The U.N.'s envoy arrived."),
        ("the U.N.'s envoy", "An envoy of the U.N. arrived."),
        ("Bush", "The Bushes attended."),
        ("WALL STREET journal", "The Wall Street Journal reported it."),
        ("O’Rourke", "Beto O'Rourke spoke first."),
        ("Jean-Claude Juncker", "Jean‑Claude Juncker said so."),
        ("Assad", "President Bashar al-Assad said so."),
        ("New York Times", "It was reported by The New York\nTimes on Friday."),
    ],
)
def test_a_name_is_grounded_as_a_whole_word_with_plural_and_possessive_endings(name: str, text: str) -> None:
    assert mentioned_in(name, text)


def test_sentences_mentioning_a_name_skip_words_that_only_begin_with_it() -> None:
    sentences = split_sentences("Work was under way. The UN agreed. Annual talks resume.")
    assert [s.number for s in sentences_mentioning("UN", sentences)] == [2]
    assert sentences_mentioning("Ann", sentences) == []
    assert grounding.mentioned_tail("spokesman Ann", sentences) is None


@pytest.mark.parametrize(
    ("needle", "text"),
    [("UN", "The plan was under review."), ("we won", "Then we wondered."), ("proved it", "They approved it.")],
)
def test_locate_refuses_part_of_a_word(needle: str, text: str) -> None:
    assert locate(needle, text) is None


def test_locate_finds_whole_words_across_a_line_break() -> None:
    text = "Later, the New York\nTimes said: we won."
    span = locate("New York Times", text)
    assert span is not None and span.text == "New York\nTimes"
    assert locate("we won.", text) is not None


def test_fold_keeps_one_index_per_character_for_letters_that_lower_to_two() -> None:
    folded, index = fold("İstanbul")
    assert len(folded) == len(index) == len("İstanbul")


@pytest.mark.parametrize(
    ("action", "shares"),
    [
        ("deploy soldiers along the river", True),  # "deployed", "soldiers"
        ("open a field hospital", True),
        ("run night services", False),
        ("the", False),  # no word that says anything
    ],
)
def test_an_action_in_the_models_words_must_share_a_word_with_its_sentences(action: str, shares: bool) -> None:
    cited = ["The assembly deployed 300 soldiers to the border towns on Friday, and the army opened hospitals."]
    assert grounding.shares_a_word(action, cited) is shares
