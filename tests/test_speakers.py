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


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A reporting verb beyond the common ones, before the quotation.
        ('Harbour master Lena Voss commented, "The tide tables were wrong all week long."', ["Lena Voss"]),
        # A long apposition with a place in it: the institution is not the speaker.
        (
            'Rosa Minh, director of studies at the Academy of Music, Vienna, said, "Auditions will be held in March."',
            ["Rosa Minh"],
        ),
        # The sentence's subject goes on to speak in a participle.
        (
            'Senator Ilse Varga defended the budget on Tuesday, saying, "Every line of it has been checked twice."',
            ["Senator Ilse Varga"],
        ),
        # A signature after a dash, alone on its line.
        (
            '"The archive belongs to everyone who ever wrote in it." - Hanne Lodz\n\nThe reading room opens at nine.',
            ["Hanne Lodz"],
        ),
        # A quoted phrase after a verb that reports no speech is nobody's words.
        ('Gale Brandt toured the plant that workers call "the oven where summer never ends at all."', [None]),
    ],
)
def test_more_shapes_that_name_the_speaker(text: str, expected: list[str | None]) -> None:
    assert hints(text) == expected


def test_a_sentence_about_the_speaker_then_a_quotation_keeps_that_speaker() -> None:
    text = (
        "The ferry service was cut in June. Okafor also said the boats would run at night again. "
        '"Nobody should have to sleep in the terminal ever again."'
    )
    assert hints(text) == ["Okafor"]


def test_a_paragraph_ending_in_a_colon_introduces_the_next_one() -> None:
    text = 'Council member Otto Brenn wrote on his blog:\n\n"We cannot keep patching the same road every spring."'
    assert hints(text) == ["Otto Brenn"]


def test_a_paragraph_ending_with_what_someone_said_introduces_the_next_one() -> None:
    text = 'Jon Aldo said the trains would be late all week.\n\n"There is simply no spare engine in the whole region."'
    assert hints(text) == ["Jon Aldo"]


def test_a_quotation_after_an_unlisted_short_quotation_and_its_attribution_keeps_the_speaker() -> None:
    text = (
        'The rules are "simply out of date," says Bram Okoro, a lawyer for the tenants. '
        '"Half of them were written before the building even had a lift."'
    )
    assert hints(text) == ["Bram Okoro"]


def test_an_abbreviation_in_the_attribution_does_not_end_it() -> None:
    text = (
        '"The river rose four feet overnight," Kim Albers said in Pierre, S.D., on Sunday. '
        '"We moved the cattle out before dawn."'
    )
    assert hints(text) == ["Kim Albers", "Kim Albers"]


def test_a_new_sentence_after_a_quotation_is_not_its_attribution() -> None:
    text = (
        'In a letter, Noor Haddad said the ruling "will close every shelter in the county by spring." '
        "He said the appeal would be filed on Monday."
    )
    assert hints(text) == ["Noor Haddad"]


def test_a_pronoun_stands_for_the_one_speaking_person_named_before_it() -> None:
    text = (
        "Marek said the picket would last a week.\n\n"
        "For Ivo Marek, a retired welder, the strike was personal. "
        'He said, "My father walked the same picket line in the winter of 1970."'
    )
    assert hints(text) == ["Ivo Marek"]


def test_a_pronoun_after_two_people_is_left_to_the_model() -> None:
    text = (
        "Pell said the talks had stalled. Marek said they had not.\n\n"
        'Marek and Pell met at the gate on Sunday. He said, "We will not move the vans before the morning."'
    )
    assert hints(text) == [None]


def test_a_pronoun_of_the_other_kind_names_someone_else() -> None:
    text = (
        "Ada Lorne said the plant would stay open.\n\n"
        'She told Piet Vos that the contract was signed. "We have orders until next summer," he said. '
        "Vos said the night shift would return."
    )
    assert hints(text) == ["Piet Vos"]


def test_a_pronoun_does_not_stand_for_a_person_named_only_in_a_possessive() -> None:
    text = (
        '"The figures in the report are simply wrong," said Lars Eng.\n\n'
        "Mira Solberg, an economist, questioned Eng's approach. "
        '"He counts the same workers twice in every region," she said.'
    )
    assert hints(text) == ["Lars Eng", None]
