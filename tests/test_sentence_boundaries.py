"""Where sentences end: a corpus of boundary cases, each with the sentences it must split into.

Evidence is whole sentences, so a missed boundary makes a citation quote two sentences and a false
one cuts a sentence in half. The cases are the ones a period cannot decide alone: ordinary words that
look like abbreviations, initialisms at the end of a sentence and inside one, titles before names,
initials, numbers, quotes, ellipses, headlines without a stop, lists and clock times.
"""

from __future__ import annotations

import pytest

from summarizer.text.sentences import first_sentence, split_sentences

CASES: list[tuple[str, list[str]]] = [
    # Ordinary words that an abbreviation list may hold end sentences like any other word.
    ("He said no. The plan went ahead.", ["He said no.", "The plan went ahead."]),
    ("They sat in the sun. Then the rain came.", ["They sat in the sun.", "Then the rain came."]),
    ("The couple will wed. Their families agreed.", ["The couple will wed.", "Their families agreed."]),
    ("Nobody sat. Everyone stood for the anthem.", ["Nobody sat.", "Everyone stood for the anthem."]),
    ("Rain did little to mar. The parade went on.", ["Rain did little to mar.", "The parade went on."]),
    ("She works for Smith & Co. The firm has 40 staff.", ["She works for Smith & Co.", "The firm has 40 staff."]),
    ("He worked as a sales rep. Then he ran for office.", ["He worked as a sales rep.", "Then he ran for office."]),
    ("The award went to Jan. He thanked his coach.", ["The award went to Jan.", "He thanked his coach."]),
    ("Officials said they may. A decision is due.", ["Officials said they may.", "A decision is due."]),
    ("Prices rose in May. The bank held rates.", ["Prices rose in May.", "The bank held rates."]),
    ("Results come on Sat. The count goes on.", ["Results come on Sat.", "The count goes on."]),
    (
        "The lecture was given by Amartya Sen. He won the prize in 1998.",
        ["The lecture was given by Amartya Sen.", "He won the prize in 1998."],
    ),
    (
        "Rep. Ocasio-Cortez voted no. The bill passed anyway.",
        ["Rep. Ocasio-Cortez voted no.", "The bill passed anyway."],
    ),
    # Initialisms end a sentence when a sentence starts after them, and not inside a name.
    (
        "Aid was flown in from the U.S. He said more would come.",
        ["Aid was flown in from the U.S.", "He said more would come."],
    ),
    (
        "She studied in the U.K. The degree took three years.",
        ["She studied in the U.K.", "The degree took three years."],
    ),
    ("It was held in Washington D.C. The team won.", ["It was held in Washington D.C.", "The team won."]),
    ("U.S. officials said the talks had failed.", ["U.S. officials said the talks had failed."]),
    ("The U.S. Senate passed the bill on Friday.", ["The U.S. Senate passed the bill on Friday."]),
    ("Critics of U.S. President Joe Biden objected.", ["Critics of U.S. President Joe Biden objected."]),
    ("The Washington, D.C. Mayor spoke first.", ["The Washington, D.C. Mayor spoke first."]),
    ("The U.S.-led coalition grew.", ["The U.S.-led coalition grew."]),
    # Titles before names.
    ("Dr. Smith examined the patient.", ["Dr. Smith examined the patient."]),
    ("Gov. Brown signed the law on Tuesday.", ["Gov. Brown signed the law on Tuesday."]),
    ("Sen. Warren asked the first question.", ["Sen. Warren asked the first question."]),
    ("Mr. and Mrs. Lee arrived late.", ["Mr. and Mrs. Lee arrived late."]),
    ("Lt. Gen. Mark Hertling spoke to reporters.", ["Lt. Gen. Mark Hertling spoke to reporters."]),
    ("St. Louis won the game.", ["St. Louis won the game."]),
    ("The motion came from Del. Maria Ruiz today.", ["The motion came from Del. Maria Ruiz today."]),
    ("The shop is on Main St. The owner lives above it.", ["The shop is on Main St.", "The owner lives above it."]),
    # Initials and name suffixes.
    ("John F. Kennedy was elected in 1960.", ["John F. Kennedy was elected in 1960."]),
    ("J. R. R. Tolkien wrote it in Oxford.", ["J. R. R. Tolkien wrote it in Oxford."]),
    ("Mr. Smith met Dr. J. Jones in Kyiv.", ["Mr. Smith met Dr. J. Jones in Kyiv."]),
    (
        "The march honoured Martin Luther King Jr. The crowd sang.",
        ["The march honoured Martin Luther King Jr.", "The crowd sang."],
    ),
    ("Apple Inc. reported a record profit.", ["Apple Inc. reported a record profit."]),
    ("He sued Apple Inc. The case was dismissed.", ["He sued Apple Inc.", "The case was dismissed."]),
    # Numbers, decimals and abbreviations before numbers.
    (
        "Growth slowed to 3.5 percent. Analysts expected more.",
        ["Growth slowed to 3.5 percent.", "Analysts expected more."],
    ),
    ("He lives at No. 10 with his family.", ["He lives at No. 10 with his family."]),
    ("It happened on Jan. 5 in Kyiv.", ["It happened on Jan. 5 in Kyiv."]),
    ("The Sept. 11 attacks changed the city.", ["The Sept. 11 attacks changed the city."]),
    ("The report, published Aug. 2, found errors.", ["The report, published Aug. 2, found errors."]),
    ("They won in 2020. The next vote is in 2024.", ["They won in 2020.", "The next vote is in 2024."]),
    ("The court heard Roe v. Wade again.", ["The court heard Roe v. Wade again."]),
    ("Smith vs. Jones went to trial.", ["Smith vs. Jones went to trial."]),
    ("Some fruit, e.g. Apples, keeps well.", ["Some fruit, e.g. Apples, keeps well."]),
    # Quotes that close or open a sentence.
    ('"We will," he said. "Now is the time."', ['"We will," he said.', '"Now is the time."']),
    ('She said, "It is over." Then the room went quiet.', ['She said, "It is over."', "Then the room went quiet."]),
    ("He left. “We are done,” she said.", ["He left.", "“We are done,” she said."]),
    ('"Stop!" he shouted at the driver.', ['"Stop!" he shouted at the driver.']),
    ('"Is it over?" she asked. "Yes."', ['"Is it over?" she asked.', '"Yes."']),
    ("It was over. ”Fear won,” she said.", ["It was over.", "”Fear won,” she said."]),
    ("„Wir schaffen das.“ So she said.", ["„Wir schaffen das.“", "So she said."]),
    # Ellipses, question and exclamation marks.
    ("He paused... Then he spoke again.", ["He paused...", "Then he spoke again."]),
    ("He paused… Then he spoke again.", ["He paused…", "Then he spoke again."]),
    ("Was it worth it? Nobody knows.", ["Was it worth it?", "Nobody knows."]),
    ("It worked! The crowd roared.", ["It worked!", "The crowd roared."]),
    # Lines: a headline without a stop, paragraphs, lists.
    (
        "Budget Talks Resume In Kyiv\nLawmakers returned on Monday.",
        ["Budget Talks Resume In Kyiv", "Lawmakers returned on Monday."],
    ),
    ("Talks resume\n\nLawmakers returned. They voted.", ["Talks resume", "Lawmakers returned.", "They voted."]),
    ("1. Raise taxes.\n2. Cut spending.", ["1. Raise taxes.", "2. Cut spending."]),
    ("- Raise taxes\n- Cut spending", ["- Raise taxes", "- Cut spending"]),
    # Clock times: inside a sentence, and at its end before a capital.
    ("The meeting starts at 9 a.m. on Monday.", ["The meeting starts at 9 a.m. on Monday."]),
    ("At 9 a.m. the doors opened.", ["At 9 a.m. the doors opened."]),
    ("The call is at 10 a.m. EST tomorrow.", ["The call is at 10 a.m. EST tomorrow."]),
    ("Voting ends at 8 p.m. Tuesday in most states.", ["Voting ends at 8 p.m. Tuesday in most states."]),
    ("Coverage starts at 9 p.m. E.T. on our site.", ["Coverage starts at 9 p.m. E.T. on our site."]),
    ("The strike began at 6 a.m. The trains stopped.", ["The strike began at 6 a.m.", "The trains stopped."]),
    ("Polls closed at 8 p.m. Officials began counting.", ["Polls closed at 8 p.m.", "Officials began counting."]),
    # Odd whitespace between sentences.
    ("First one.\u00a0Second one.", ["First one.", "Second one."]),
    ("First one.\tSecond one.", ["First one.", "Second one."]),
    ("Line one.\r\nLine two.", ["Line one.", "Line two."]),
    ("  One.   Two.  ", ["One.", "Two."]),
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[text[:40] for text, _ in CASES])
def test_boundary(text: str, expected: list[str]) -> None:
    sentences = split_sentences(text)
    assert [s.text for s in sentences] == expected
    assert [s.number for s in sentences] == list(range(1, len(expected) + 1))
    for sentence in sentences:
        assert text[sentence.start : sentence.end] == sentence.text


def test_the_corpus_covers_enough_cases() -> None:
    assert len(CASES) >= 40


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("He said no. The plan went ahead.", "He said no."),
        ("Sen. Warren asked.  Then she left.", "Sen. Warren asked."),
        ("A summary that\nwraps a line. Then more.", "A summary that wraps a line."),
        ("No stop at all", "No stop at all"),
        ("", ""),
    ],
)
def test_first_sentence_is_the_splitters_first_sentence(text: str, expected: str) -> None:
    assert first_sentence(text) == expected
