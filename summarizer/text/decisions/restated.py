"""Whether a limit named further down an article is one named before it, stated again.

News gives its decision in the lead and again lower down, in a definite description of the same
thing: "the regulator revoked the licences of twelve lenders" ... "the licences were revoked
because ..."; "a court ordered the utility not to restart its reactor" ... "the ruling bars the
company from restarting the reactor until March". One limit however many sentences repeat it, or
a brief lists it twice and the second counts against it.
"""

from __future__ import annotations

import re

from summarizer.text.matching import content_words

# Words that point back to a thing already named ("the licences", "these flights", "its permit").
_DEFINITE = frozenset(["the", "this", "that", "these", "those", "its", "their"])
_PUNCTUATION = ".,;:!?'’\"“”()"


def _words(value: str) -> list[str]:
    return [word.strip(_PUNCTUATION) for word in value.split() if word.strip(_PUNCTUATION)]


def _common_stems(value: str) -> set[str]:
    """The first five letters of the lowercase content words of `value`: the common nouns and verbs
    that say what is limited, not the names (which restatements swap for "the company")."""
    kept = set(content_words(" ".join(word for word in _words(value) if word.islower())))
    return {word[:5] for word in kept if len(word) >= 4}


def _names(value: str) -> set[str]:
    return {word.lower() for word in _words(value) if word[:1].isupper() and word.lower() not in _DEFINITE}


def restates(later: str, later_sentence: str, earlier: str, earlier_sentence: str) -> bool:
    """Whether the limit `later` (named in `later_sentence`) is `earlier` (named in `earlier_sentence`) again.

    It must be a definite description ("the", "these", "its" ... before it) sharing a common word
    with the earlier one, and name nobody new, or else name again somebody the earlier one named
    ("the company ... its Ikata reactor" after "Shikoku Electric ... one of its reactors", in a
    sentence that names Shikoku): "the ban on flights from Peru" does not restate "a ban on flights
    from Chile".
    """
    at = later_sentence.lower().find(later.lower())
    before = later_sentence[:at].split() if at >= 0 else []
    if not any(word.lower() in _DEFINITE for word in before[-1:] + later.split()[:1]):
        return False
    if not _common_stems(later) & _common_stems(earlier):
        return False
    return _named_in(_names(later), earlier_sentence) or any(
        _named_in({name}, later_sentence) for name in _names(earlier)
    )


def _named_in(names: set[str], sentence: str) -> bool:
    """Every one of `names` in `sentence`, as the start of a word."""
    folded = sentence.lower()
    return all(re.search(rf"\b{re.escape(name)}", folded) for name in names)
