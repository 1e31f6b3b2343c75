from summarizer.text.sentences import numbered, split_sentences


def test_abbreviations_and_initials_do_not_end_sentences() -> None:
    text = 'Mr. Smith met Dr. J. Jones in the U.S. on Monday. He said "Fine." Then he left! It cost 3.5 million.'
    assert [s.text for s in split_sentences(text)] == [
        "Mr. Smith met Dr. J. Jones in the U.S. on Monday.",
        'He said "Fine."',
        "Then he left!",
        "It cost 3.5 million.",
    ]


def test_offsets_slice_the_original_text() -> None:
    text = "  Headline without stop\n\nFirst sentence here.   Second one?\nLast line"
    sentences = split_sentences(text)
    assert [s.number for s in sentences] == [1, 2, 3, 4]
    for sentence in sentences:
        assert text[sentence.start : sentence.end] == sentence.text


def test_numbered_view_is_one_sentence_per_line() -> None:
    assert numbered(split_sentences("A b. C d.")) == "[1] A b.\n[2] C d."


def test_lowercase_continuation_is_not_split() -> None:
    assert len(split_sentences("The value rose 3. percent later, officials said.")) == 1


_WRAPPED = (
    "ROME, May 2 The regional court on\n"
    "Friday approved plans by the port authority\n"
    "to dredge the old harbour\n"
    ".\n"
    "The ruling means the work can start\n"
    "in June, officials said.\n"
    "Fishermen had asked the court to\n"
    "halt the project.\n"
)


def test_a_text_wrapped_mid_sentence_is_split_in_whole_sentences() -> None:
    sentences = split_sentences(_WRAPPED)
    assert [" ".join(s.text.split()) for s in sentences] == [
        "ROME, May 2 The regional court on Friday approved plans by the port authority to dredge the old harbour .",
        "The ruling means the work can start in June, officials said.",
        "Fishermen had asked the court to halt the project.",
    ]
    assert all(_WRAPPED[s.start : s.end] == s.text for s in sentences)
    assert numbered(sentences).splitlines()[1] == "[2] The ruling means the work can start in June, officials said."


def test_lines_that_are_headings_and_paragraphs_stay_apart() -> None:
    text = "Court clears harbour works\nBy Ana Reyes\nThe regional court approved the plans.\nwork starts in June.\n"
    assert [s.text for s in split_sentences(text)] == [
        "Court clears harbour works",
        "By Ana Reyes",
        "The regional court approved the plans.",
        "work starts in June.",
    ]
