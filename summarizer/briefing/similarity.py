"""Whether two briefs, or two of their items, say the same thing in other words.

Everything here compares folded content words; none of it reaches the output.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from summarizer.models import Authorisation, Brief
from summarizer.text.fold import compare_key

__all__ = [
    "GENERIC_INSTRUMENT_WORDS",
    "TEXT_SIMILARITY_THRESHOLD",
    "authorisations_match",
    "content_words",
    "instruments_overlap",
    "jaccard",
    "name_key",
    "names_match",
    "same_event",
    "texts_match",
    "words_key",
]

# Two briefs are one event when their headline+summary content words overlap at least
# this much (Jaccard). Measured on hand-written pairs about one day's news: two outlets
# retelling the same wire story score about 0.8; "Germany lets Ukraine use its weapons
# in Russia" against "Biden lets Ukraine use US weapons in Russia" - same actors, same
# day, different decision - scores 0.39; unrelated Ukraine stories score under 0.1.
# A false merge hides a story from the reader while a false split only shows it twice,
# so the bar sits above the related-but-different case. Freely reworded reports of one
# event (about 0.2) are left to the authorisation rule, which does not depend on wording.
TEXT_SIMILARITY_THRESHOLD = 0.5
# Below this many content words a Jaccard score is dominated by chance: two three-word
# headlines sharing "Russia" and "strike" would already score 0.5.
MIN_TOKENS_FOR_SIMILARITY = 5
# Actions are short phrases, so half their content words in common is already a
# restatement ("strike inside Russia with US weapons" / "use US weapons to strike
# targets inside Russia" = 0.67) while different permissions differ in the verb or object.
ACTION_SIMILARITY_THRESHOLD = 0.5

_STOPWORD_LIST = """
    a about above after again against all also am an and any are as at be because been
    before being below between both but by can could did do does doing down during each
    few for from further had has have having he her here hers him his how i if in into
    is it its itself just me more most my no nor not now of off on once only or other
    our out over own same she should so some such than that the their them then there
    these they this those through to too under until up us very was we were what when
    where which while who whom why will with would you your
    said says say according reported reports report told tells new news via per
"""
_STOPWORDS = frozenset(_STOPWORD_LIST.split())
# Party and instrument names are short and their small words carry meaning ("US").
_NAME_STOPWORDS = frozenset({"a", "an", "the", "of", "and", "its", "their"})
# Stemmed words that name no particular weapon: "weapons" would otherwise overlap with
# every instrument list and tie unrelated arms decisions together.
GENERIC_INSTRUMENT_WORDS = frozenset(
    {"weapon", "arm", "missil", "rocket", "system", "munition", "ammunition", "equipment", "aid", "us", "american"}
)


_WORD = re.compile(r"[^\W_]+")
# Only the straight apostrophe: the text is folded first, which turns ’ into '.
_POSSESSIVE = re.compile(r"'s\b")


def _stem(word: str) -> str:
    # Deliberately crude: it only has to map "strikes"/"striking"/"strike" and
    # "authorized"/"authorises" onto one key; it never reaches the output.
    word = re.sub(r"iz(e|ed|es|ing|ation)$", r"is\1", word)
    for suffix in ("ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            break
    if word.endswith("e") and len(word) > 3:
        word = word[:-1]
    return word


def _tokens(text: str | None, stopwords: frozenset[str]) -> frozenset[str]:
    if not text:
        return frozenset()
    # quotes_alike would turn the possessive's apostrophe into a double quote.
    words = _WORD.findall(_POSSESSIVE.sub("", compare_key(text, quotes_alike=False)))
    return frozenset(_stem(w) for w in words if w not in stopwords and (len(w) > 1 or w.isdigit()))


def content_words(text: str | None) -> frozenset[str]:
    return _tokens(text, _STOPWORDS)


def name_key(text: str | None) -> frozenset[str]:
    return _tokens(text, _NAME_STOPWORDS)


def words_key(text: str) -> str:
    """The words of `text`, folded: wordings that differ only in case, punctuation or invisible characters share it."""
    return " ".join(_WORD.findall(compare_key(text)))


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    if not a and not b:
        return 0.0
    return len(a & b) / len(a | b)


def names_match(a: str | None, b: str | None) -> bool:
    """Whether two party or instrument names name the same thing (one's words contain the other's)."""
    # Subset rather than equality so "Ukraine" matches "Ukraine's armed forces"
    # and "HIMARS" matches "HIMARS launchers".
    ka, kb = name_key(a), name_key(b)
    return bool(ka) and bool(kb) and (ka <= kb or kb <= ka)


def instruments_overlap(a: Sequence[str], b: Sequence[str]) -> bool:
    """Whether the lists share an instrument named by more than generic words ("weapons", "US")."""
    for x in a:
        for y in b:
            kx, ky = name_key(x), name_key(y)
            if kx and ky and (kx <= ky or ky <= kx) and (kx & ky) - GENERIC_INSTRUMENT_WORDS:
                return True
    return False


def authorisations_match(a: Authorisation, b: Authorisation) -> bool:
    """Whether two extracted authorisations describe the same permission."""
    if not names_match(a.authorised, b.authorised):
        return False
    if instruments_overlap(a.instruments, b.instruments):
        return True
    return names_match(a.authoriser, b.authoriser) and (
        jaccard(content_words(a.action), content_words(b.action)) >= ACTION_SIMILARITY_THRESHOLD
    )


def _brief_text_words(brief: Brief) -> frozenset[str]:
    return content_words(f"{brief.headline} {brief.summary}")


def texts_match(a: Brief, b: Brief) -> bool:
    wa, wb = _brief_text_words(a), _brief_text_words(b)
    if min(len(wa), len(wb)) < MIN_TOKENS_FOR_SIMILARITY:
        return False
    return jaccard(wa, wb) >= TEXT_SIMILARITY_THRESHOLD


def same_event(a: Brief, b: Brief) -> bool:
    return any(authorisations_match(x, y) for x in a.authorisations for y in b.authorisations) or texts_match(a, b)
