"""Whether a limit or a permission named further down an article is one named before it, stated again.

News gives its decision in the lead and again lower down, in a definite description of the same
thing: "the regulator revoked the licences of twelve lenders" ... "the licences were revoked
because ..."; "a court ordered the utility not to restart its reactor" ... "the ruling bars the
company from restarting the reactor until March". One limit however many sentences repeat it, or
a brief lists it twice and the second counts against it.
"""

from __future__ import annotations

import re

from summarizer.text.clauses import bare_words
from summarizer.text.matching import content_words, locate

# Words that point back to a thing already named ("the licences", "these flights", "its permit").
_DEFINITE = frozenset(["the", "this", "that", "these", "those", "its", "their"])


def _common_stems(value: str) -> set[str]:
    """The first five letters of the lowercase content words of `value`: the common nouns and verbs
    that say what is limited, not the names (which restatements swap for "the company"). Words of
    four letters or more, unlike `matching.shares_a_word`: "ban" and "law" are in every limit."""
    kept = set(content_words(" ".join(word for word in bare_words(value) if word.islower())))
    return {word[:5] for word in kept if len(word) >= 4}


def _names(value: str) -> set[str]:
    return {word.lower() for word in bare_words(value) if word[:1].isupper() and word.lower() not in _DEFINITE}


def restates(
    later: str,
    later_sentence: str,
    earlier: str,
    earlier_sentence: str,
    *,
    same_maker: bool = False,
    later_party: str | None = None,
) -> bool:
    """Whether the limit `later` (named in `later_sentence`) is `earlier` (named in `earlier_sentence`) again.

    It must be a definite description ("the", "these", "its" ... before it) sharing a common word
    with the earlier one, and name nobody new, or else name again somebody the earlier one named
    ("the company ... its Ikata reactor" after "Shikoku Electric ... one of its reactors", in a
    sentence that names Shikoku): "the ban on flights from Peru" does not restate "a ban on flights
    from Chile". With `same_maker` (another sentence, by a maker named in both, the same one), much
    the same words need no "the" (`_retold`).

    A limit on a party's act names the party first ("the government to arrest ...", "the company from
    restarting ..."), and the party's "the" describes no earlier limit: its act must be one the earlier
    limit names too, or it is a second order on the same party.
    """
    # A verb of three letters ("sue", "use") has no stem to compare, and is left to the rest.
    acted = _common_stems(_act(later, later_party) or "")
    if acted and not acted & _common_stems(earlier):
        return False
    found = locate(later, later_sentence)
    before = later_sentence[: found.start].split() if found else []
    later_stems, earlier_stems = _common_stems(later), _common_stems(earlier)
    definite = any(word.lower() in _DEFINITE for word in before[-1:] + later.split()[:1])
    if not (later_stems & earlier_stems and (definite or (same_maker and _retold(later_stems, earlier_stems)))):
        return False
    return all(_mentioned(name, earlier_sentence) for name in _names(later)) or any(
        _mentioned(name, later_sentence) for name in _names(earlier)
    )


def _act(limit: str, party: str | None) -> str | None:
    """The verb of a limit put on `party`'s act ("arrest" of "the police to arrest the editor")."""
    if not party or not limit.startswith(party):
        return None
    words = limit[len(party) :].split()
    if len(words) < 2 or not (words[0] == "to" or (words[0] == "from" and words[1].endswith("ing"))):
        return None  # "from" a place or an origin names no act
    return words[1]


def _retold(later: set[str], earlier: set[str]) -> bool:
    """Whether a limit is told again in much the same words (`_common_stems` of each), with no "the"
    before it: "banned wheat exports with immediate effect" in the lead and again in the body, each
    with its own reason after it. Two common words at least, and half of the shorter's: "flights from
    Lima" and "flights to Lima" share one."""
    shared = later & earlier
    return len(shared) >= 2 and 2 * len(shared) >= min(len(later), len(earlier))


def _mentioned(name: str, sentence: str) -> bool:
    """Whether `name` starts a word of `sentence`."""
    return re.search(rf"\b{re.escape(name)}", sentence.lower()) is not None


def restates_permission(giver: str, receiver: str, earlier_giver: str, earlier_receiver: str) -> bool:
    """Whether a permission is an earlier one told again: the same giver, named in full or in part ("the
    state government" after "Enugu State Government"), to a receiver described with two of the same
    words ("public and private primary schools" after "all primary schools in the state").

    Two of the earlier receiver's words, not one: "public schools" and "private schools" are two
    permissions, and the head noun alone would join them.
    """
    giver_words, earlier_words = set(content_words(giver)), set(content_words(earlier_giver))
    if not giver_words or not earlier_words or not (giver_words <= earlier_words or earlier_words <= giver_words):
        return False
    return len(_common_stems(receiver) & _common_stems(earlier_receiver)) >= 2
