"""The fold for matching takes a fast whole-string path; it must give what the character walk gives."""

from __future__ import annotations

import random

import pytest

from summarizer.text.fold import fold_chars
from summarizer.text.matching import _fold_by_character, fold

SAMPLES = [
    "The Mayor  said\tyesterday:\n\n“We will   not wait.”",
    "  leading and trailing  ",
    "Ünïcode Straße — naïve café’s menu",
    "ÖSTERREICH\u00a0und\u2003Wien",
    "İstanbul’s ΣΟΦΙΑ and ΟΔΟΣ",
    "",
    "no-spaces-at-all",
]


@pytest.mark.parametrize("text", SAMPLES)
def test_fast_fold_is_the_character_walk(text: str) -> None:
    assert fold(text) == _fold_by_character(fold_chars(text))


def test_fast_fold_on_random_mixtures() -> None:
    alphabet = "aZ ß\t\n\u00a0\u2009’“-.İΣσς0é"
    chooser = random.Random(7)
    for _ in range(2000):
        text = "".join(chooser.choice(alphabet) for _ in range(chooser.randint(0, 24)))
        assert fold(text) == _fold_by_character(fold_chars(text)), repr(text)
