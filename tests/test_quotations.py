from summarizer.text.quotations import find_quotations


def texts(text: str) -> list[str]:
    return [c.text for c in find_quotations(text)]


def test_marked_quotes_of_four_words_or_more() -> None:
    text = 'She called it a "quasi-state of war". "We will rebuild the bridge by May," the mayor said.'
    assert texts(text) == ["We will rebuild the bridge by May"]


def test_curly_and_guillemet_quotes() -> None:
    text = "He said: “Nothing has changed for our team.” Then: «Nous sommes très fiers de vous.»"
    assert texts(text) == ["Nothing has changed for our team.", "Nous sommes très fiers de vous."]


def test_quote_running_over_a_paragraph_break_is_one_candidate_per_paragraph() -> None:
    text = 'The coach said, "I think we learned a lot today.\n\nIt was an emotional day for all of us." Fans left.'
    assert texts(text) == ["I think we learned a lot today.", "It was an emotional day for all of us."]


def test_unmarked_quote_with_trailing_attribution() -> None:
    text = "Our policy on these missiles has not changed, the anonymous US official said. Share"
    [candidate] = find_quotations(text)
    assert candidate.text == "Our policy on these missiles has not changed"
    assert candidate.speaker_hint == "the anonymous US official"
    assert text[candidate.start : candidate.end] == candidate.text


def test_unmarked_first_person_paragraph_with_speaker_line_after() -> None:
    text = "Intro line.\n\nWe have asked our partners to help us and they agreed today.\nJane Doe Minister of Health\n"
    [candidate] = find_quotations(text)
    assert candidate.text.startswith("We have asked") and candidate.speaker_hint == "Jane Doe Minister of Health"


def test_speaker_glued_after_the_quote_on_the_same_line() -> None:
    text = "I was told to leave my family behind and never call them again. Mary Smith\n"
    [candidate] = find_quotations(text)
    assert candidate.text.endswith("again.") and candidate.speaker_hint == "Mary Smith"


def test_third_person_narration_is_not_a_quote() -> None:
    assert texts("The ministry said the bridge will reopen in May, officials said.\nJohn Smith Reporter") == []


def test_speaker_named_beside_the_quotation_is_a_hint() -> None:
    text = (
        '"Our troops will answer every provocation", said KCNA.\n\n'
        'Mr. Toccafondi said, "many schools will raise their fees next year".\n\n'
        '"We are not going anywhere soon", he said.'
    )
    hints = [c.speaker_hint for c in find_quotations(text)]
    # "he" stands for the person quoted just before.
    assert hints == ["KCNA", "Mr. Toccafondi", "Mr. Toccafondi"]


def test_titles_in_quotation_marks_are_not_quotes() -> None:
    text = 'The team, called "Better Idea of Afghan Girls", won. She said "we will come back next year".'
    assert texts(text) == ["we will come back next year"]


def test_an_inch_mark_opens_no_quotation() -> None:
    text = 'The letter says he is 6\'2" tall and "in better shape than any man his age in the county," Dr. Ames wrote.'
    assert [c.text for c in find_quotations(text)] == ["in better shape than any man his age in the county"]


def test_a_scare_quote_of_a_few_words_is_not_a_quotation() -> None:
    text = 'Critics called the plan "a giveaway to developers" on Monday.'
    assert find_quotations(text) == []
