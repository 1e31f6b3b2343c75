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
