"""Locate model output in the article. Pure functions; no model, no I/O.

Matching forgives only what a copy-typist would change without changing the
words: typographic vs straight quotes, dash variants, runs of whitespace and
letter case. Whatever is found is returned as the article's own slice with its
offsets, so the text in a Brief is always the article's text.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Sequence
from functools import lru_cache

from summarizer.models import Evidence
from summarizer.text.fold import QUOTE_CHARS, fold_chars
from summarizer.text.sentences import Sentence

_WORD = re.compile(r"[\w][\w'’.-]*")
# What a name takes on in running text and stays the same name: "Democrats", "Democrat's",
# "Democrats'", "the U.N.'s" (folded text: one straight apostrophe).
_NAME_ENDING = r"(?:'s|s'|es'|'|s|es)?"
_POSSESSIVE = re.compile(r"'s?$")
_WHITESPACE = re.compile(r"\s")
_ASCII_SPACES = str.maketrans({chr(c): " " for c in range(128) if chr(c).isspace()})
_SPACE_RUN = re.compile(r"  +")
# Words too generic to identify anybody: a name made only of these is a category, not a name.
_GENERIC = frozenset(
    [
        "the",
        "a",
        "an",
        "of",
        "and",
        "or",
        "in",
        "on",
        "at",
        "to",
        "for",
        "from",
        "by",
        "with",
        "its",
        "their",
        "his",
        "her",
        "our",
        "news",
        "media",
        "outlet",
        "outlets",
        "report",
        "reports",
        "reporter",
        "reporters",
        "publication",
        "publications",
        "source",
        "sources",
        "official",
        "officials",
        "expert",
        "experts",
        "analyst",
        "analysts",
        "people",
        "person",
        "government",
        "spokesperson",
        "spokesman",
        "spokeswoman",
        "statement",
        "press",
        "agency",
        "agencies",
        "authorities",
        "authority",
        "observers",
        "witness",
        "witnesses",
    ]
)


@lru_cache(maxsize=4096)
def fold(text: str) -> tuple[str, tuple[int, ...]]:
    """Text folded for matching, and for each folded char the index of its original char.

    Cached: the same sentences are folded again for every name checked against them.
    """
    chars = fold_chars(text)
    lowered = chars.lower()
    # Text lowers one character to one, as each character lowers alone, but for an "İ" (two
    # characters) or a capital sigma (lowered by its neighbours): those take the walk one character
    # at a time. Otherwise whole-string operations give the same fold far faster.
    if len(lowered) != len(chars) or "Σ" in chars:
        return _fold_by_character(chars)
    spaced = lowered.translate(_ASCII_SPACES) if lowered.isascii() else _WHITESPACE.sub(" ", lowered)
    kept: list[range] = []
    start = 0
    for run in _SPACE_RUN.finditer(spaced):
        # A run of whitespace folds to one space, at the place of the run's first character.
        kept.append(range(start, run.start() + 1))
        start = run.end()
    if not kept:
        return spaced, tuple(range(len(spaced)))
    kept.append(range(start, len(spaced)))
    return "".join(spaced[span.start : span.stop] for span in kept), tuple(itertools.chain.from_iterable(kept))


def _fold_by_character(chars: str) -> tuple[str, tuple[int, ...]]:
    folded: list[str] = []
    index: list[int] = []
    previous_space = False
    for i, char in enumerate(chars):
        if char.isspace():
            if previous_space:
                continue
            previous_space = True
            folded.append(" ")
        else:
            previous_space = False
            lowered = char.lower()
            # "İ" lowers to two characters; keeping it as is keeps one index per folded character.
            folded.append(lowered if len(lowered) == 1 else char)
        index.append(i)
    return "".join(folded), tuple(index)


def strip_quote_marks(text: str) -> str:
    return text.strip().strip(QUOTE_CHARS).strip()


def locate(needle: str, article: str, *, near: int = 0) -> Evidence | None:
    """The article span equal to `needle` up to quotes, dashes, spaces and case.

    With several occurrences, the first one at or after `near` wins (so a quote
    cited next to a sentence resolves there), else the first one overall.
    """
    wanted, _ = fold(strip_quote_marks(needle))
    wanted = wanted.strip()
    if len(wanted) < 2:
        return None
    haystack, index = fold(article)
    # A quotation starts and ends on whole words: "UN" is not in "under", nor "pro" in "approve".
    head = r"(?<!\w)" if wanted[0].isalnum() else ""
    tail = r"(?!\w)" if wanted[-1].isalnum() else ""
    positions = [m.start() for m in re.finditer(head + re.escape(wanted) + tail, haystack)]
    if not positions:
        return None
    after = [p for p in positions if index[p] >= near]
    position = after[0] if after else positions[0]
    start = index[position]
    end = index[position + len(wanted) - 1] + 1
    return Evidence(text=article[start:end], start=start, end=end)


def sentence_evidence(sentences: Sequence[Sentence], numbers: Iterable[int]) -> list[Evidence]:
    by_number = {s.number: s for s in sentences}
    chosen = sorted({n for n in numbers if n in by_number})
    return [Evidence(text=by_number[n].text, start=by_number[n].start, end=by_number[n].end) for n in chosen]


def unknown_sentences(sentences: Sequence[Sentence], numbers: Iterable[int]) -> list[int]:
    known = {s.number for s in sentences}
    return [n for n in numbers if n not in known]


@lru_cache(maxsize=4096)
def content_words(value: str) -> tuple[str, ...]:
    """The words of `value` that name something, folded, without possessive endings ("U.N.'s" is "u.n").

    Cached: one name is checked against every sentence of its article, on each answer checked.
    """
    folded, _ = fold(value)
    words = (_POSSESSIVE.sub("", w).strip(".'-") for w in _WORD.findall(folded))
    return tuple(w for w in words if w and w not in _GENERIC)


def is_generic(value: str) -> bool:
    """True for category words the model parrots from the task ("news outlets", "experts")."""
    return not content_words(value)


def mentioned_in(value: str, text: str) -> bool:
    """Every content word of `value` occurs in `text` as a whole word, or with a plural or possessive ending.

    Generic words are ignored, so "the anonymous US official" is found in
    "... the anonymous US officials said", while a parroted "news outlets" has
    no content words at all and is never found. A word is never found inside a
    longer one: a made-up "UN" is not grounded by "under", nor "Ann" by "announced".
    """
    return _all_in(_word_patterns(value), text)


def mentioned_in_any(value: str, texts: Sequence[str]) -> bool:
    """`mentioned_in(value, " ".join(texts))`, from each text's own fold: no word spans a space."""
    patterns = _word_patterns(value)
    folded = [fold(text)[0] for text in texts]
    return bool(patterns) and all(any(pattern.search(part) for part in folded) for pattern in patterns)


def shares_a_word(value: str, texts: Sequence[str]) -> bool:
    """Whether a word of `value` (three letters or more) begins a word of `texts`, by its first five letters.

    For a description in the model's own words (an action): it may inflect the article's words
    ("deploy" for "deployed") but must use at least one of them, since a small model copies the
    wording of a prompt's example into an article it does not fit.
    """
    stems = sorted({re.escape(word[:5]) for word in content_words(value) if len(word) >= 3})
    if not stems:
        return False
    starts = re.compile(r"(?<!\w)(?:" + "|".join(stems) + ")")
    return any(starts.search(fold(text)[0]) for text in texts)


def _all_in(patterns: tuple[re.Pattern[str], ...], text: str) -> bool:
    if not patterns:
        return False
    folded, _ = fold(text)
    return all(pattern.search(folded) for pattern in patterns)


@lru_cache(maxsize=4096)
def _word_patterns(value: str) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(r"(?<!\w)" + re.escape(word) + _NAME_ENDING + r"(?!\w)") for word in content_words(value))


def sentences_mentioning(value: str, sentences: Sequence[Sentence]) -> list[Sentence]:
    patterns = _word_patterns(value)
    return [s for s in sentences if _all_in(patterns, s.text)]


def mentioned_tail(value: str, sentences: Sequence[Sentence]) -> str | None:
    """The longest ending of `value` that is a name the article mentions, or None.

    Models put a role in front of a name in their own words ("Panamanian coach Hernan Dario
    Gomez" where the article has "Panama coach Hernan Dario Gomez"); the name itself is grounded,
    and keeping it spares a re-ask that costs a small model a whole new answer.
    """
    words = value.split()
    for start in range(1, len(words)):
        tail = " ".join(words[start:])
        if words[start].strip(".,").casefold() in _TITLE_WORDS or not tail[:1].isupper() or is_generic(tail):
            continue
        if sentences_mentioning(tail, sentences):
            return tail
    return None


# Words that begin a title rather than a name: "Secretary of State Anthony Blinken" is trimmed to
# "Anthony Blinken", not "State Anthony Blinken".
_TITLE_WORDS = frozenset(
    re.findall(
        r"[a-z]+",
        "secretary state president vice prime minister foreign defence defense chief executive director "
        "spokesman spokeswoman spokesperson general senator governor mayor ambassador judge justice "
        "chairman chairwoman chair head leader coach captain dr mr mrs ms sir lord king queen prince",
    )
)


def year_stated(year: int, article: str, metadata_years: Iterable[int]) -> bool:
    return year in set(metadata_years) or re.search(rf"(?<!\d){year}(?!\d)", article) is not None
