"""A summary cut at the schema's cap never reaches a brief, or the briefing, ending inside a sentence."""

from __future__ import annotations

from summarizer.extract.answers import SUMMARY_MAX_CHARS, ended_summary

# Written out whole; the model's answer is what is left of it at the cap. The cap falls just after
# the "a." of "a.m.", so the cut answer ends with a period that ends no sentence.
WHOLE = (
    "Storm damage closed the northern ferry pier on Sunday, stranding 1250 passengers overnight. "
    "Engineers found cracks in two of the pier's concrete supports and ordered divers to inspect the rest. "
    "Ferries to the islands will use the southern harbour until the repairs are finished, which could take a month. "
    "The harbour master said on Monday evening that the pier would reopen to foot passengers at 6 a.m. on Friday."
)
ONE_LONG_SENTENCE = (
    "Storm damage closed the northern ferry pier on Sunday after engineers found cracks in two of its concrete "
    "supports, so ferries to the islands will use the southern harbour while divers inspect the rest of the structures "
    "and the town council decides whether the repairs or a new pier would cost less, and the harbour master said on "
    "Monday evening that the pier would reopen to foot passengers at 10 a.m. on Friday."
)


def test_a_summary_cut_just_after_a_period_keeps_only_its_whole_sentences() -> None:
    cut = WHOLE[:SUMMARY_MAX_CHARS]
    assert cut.endswith(" at 6 a.")
    assert ended_summary(cut) == WHOLE[: WHOLE.index(" The harbour master")]


def test_a_cut_inside_the_first_sentence_leaves_no_summary_rather_than_a_fragment() -> None:
    cut = ONE_LONG_SENTENCE[:SUMMARY_MAX_CHARS]
    assert cut.endswith(" at 10 a.")
    assert ended_summary(cut) == ""
    without_a_stop = ONE_LONG_SENTENCE[: SUMMARY_MAX_CHARS - 12] + "x" * 12
    assert ended_summary(without_a_stop) == ""


def test_a_summary_short_of_the_cap_or_past_it_is_kept_whole() -> None:
    assert ended_summary(" Storm damage closed the pier. ") == "Storm damage closed the pier."
    assert len(WHOLE) > SUMMARY_MAX_CHARS  # a hosted model may pass the cap: then nothing cut it
    assert ended_summary(WHOLE) == WHOLE
