"""Speakers read from the structure of the text, in wording of our own."""

from __future__ import annotations

import pytest

from summarizer.text.quotations import find_quotations


def hints(text: str) -> list[str | None]:
    return [c.speaker_hint for c in find_quotations(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Reporting verb then name, after the quotation.
        ('"The bridge will reopen by the spring," said Mara Vance.', ["Mara Vance"]),
        # Name then verb, with an apposition between them.
        ('"We have not seen the final budget yet," Ollie Brandt, the city treasurer, said.', ["Ollie Brandt"]),
        # A lowercase role before the name.
        ('"The ruling changes nothing for our members," union lawyer Petra Holm said on Tuesday.', ["Petra Holm"]),
        ('"No family should wait this long for an answer," said flood survivor Dana Ruiz.', ["Dana Ruiz"]),
        # Titles and initials stay in the name.
        ('"The vote is set for next week," said Sen. Alma J. Ortiz.', ["Sen. Alma J. Ortiz"]),
        # Name and verb earlier in the same sentence as a partial quotation.
        (
            'Governor Lea Marsh called the proposal "a tax on every working family in town" on the radio.',
            ["Governor Lea Marsh"],
        ),
        # According to.
        (
            'The plant will close in May, according to Nils Berg, "because the orders have dried up for good."',
            ["Nils Berg"],
        ),
    ],
)
def test_a_speaker_named_by_the_shape_of_the_sentence(text: str, expected: list[str | None]) -> None:
    assert hints(text) == expected


def test_a_quotation_that_goes_on_after_its_attribution_keeps_the_speaker() -> None:
    text = (
        '"The harbour has been dredged twice this year," said Ines Kaur, the port director. '
        '"Both times the silt came back within weeks, and the ferries ran aground."'
    )
    assert hints(text) == ["Ines Kaur", "Ines Kaur"]


def test_a_quotation_opening_a_sentence_after_a_said_sentence_keeps_that_speaker() -> None:
    text = (
        "The works will take two more years, Tomas Grell said. "
        '"Nobody wanted to hear that number, but it is the honest one."'
    )
    assert hints(text) == ["Tomas Grell"]


def test_a_pronoun_stands_for_the_person_quoted_just_before() -> None:
    text = (
        '"Our clinic turns away forty people a week," said Dr. Rosa Lind.\n\n'
        '"We need a second building before the winter comes," she said.'
    )
    assert hints(text) == ["Dr. Rosa Lind", "Dr. Rosa Lind"]


def test_a_pronoun_with_nobody_quoted_before_it_is_left_to_the_model() -> None:
    assert hints('"The numbers simply do not add up for the county," he said.') == [None]


def test_a_sentence_of_reporting_between_two_quotations_does_not_carry_the_speaker() -> None:
    text = (
        '"The bus lanes will stay where they are," said Ada Frost. The council voted on Monday to keep them. '
        '"This is a defeat for every cyclist in the city."'
    )
    assert hints(text) == ["Ada Frost", None]


def test_a_day_or_a_preposition_is_not_taken_for_a_name() -> None:
    assert hints('"The line was down for six hours," said in a statement on Friday.') == [None]
