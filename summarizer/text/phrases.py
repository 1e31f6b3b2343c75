"""The phrases of a sentence a party or an object of a decision can be named by.

A 1.5B model asked to write who allowed whom writes names from anywhere in the article, swaps
them, or invents a title. Offered a closed list of the sentence's own phrases (a grammar enum),
it can only pick words that are there. The list is made by a shallow chunker: runs of content
words between function words and punctuation, "of" kept between capitalised words
("Department of Justice"), and each run's last word on its own, since the head of an English
noun phrase comes last ("National Guard troops" -> "troops").
"""

from __future__ import annotations

import re

_TOKEN = re.compile(r"[A-Za-z0-9][\w'’.&-]*[\w]|[A-Za-z0-9]")
# Function words, and the verbs of reporting and deciding in the present tense: a phrase never
# starts, ends or runs through one (except "of" between capitals).
_FUNCTION = frozenset(
    re.split(
        r"\s+",
        """a an the this that these those some any each every no not nor and or but if then than so as
    of to in on at by for from with without into onto over under about after before between against
    during through until upon within across toward towards among since while because although though
    he she it they we you i me him her them us his hers its their our your my who whom whose which what
    when where why how is are was were be been being am has have had do does did will would shall should
    can could may might must also only just even still yet now already said says say told tells added
    according more most less least very such other another own same all both either neither there here
    near around beyond behind below above along beside outside inside despite per via off out up down
    unless whether mr mrs ms dr
    confirms announces reports notes adds claims argues insists warns explains writes states
    allows permits approves authorises authorizes requires forbids prohibits lets gives extends applies
    bans bars blocks grants orders restricts exempts excludes""",
    )
)
# A past tense ("ordered", "barred") is the decision itself, not who or what it names; a form in -ing
# stays, since it is as often the thing barred ("removing voters", "smoking").
_VERB_FORM = re.compile(r"^[a-z][a-z'’-]*ed$")
_MAX_WORDS = 6
MAX_PHRASES = 40


def _capitalised(word: str) -> bool:
    return word[:1].isupper() or word[:1].isdigit()


def _breaks(word: str) -> bool:
    lower = word.lower()
    # "US" is a country, "us" a pronoun.
    if lower in _FUNCTION and not (len(word) > 1 and word.isupper()):
        return True
    if _capitalised(word):
        return False
    return bool(_VERB_FORM.match(word))


def phrases(text: str) -> list[str]:
    """The candidate phrases of `text`, each a verbatim slice of it, in order of first appearance."""
    tokens = [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text)]
    runs: list[list[tuple[int, int, str]]] = []
    current: list[tuple[int, int, str]] = []

    def close() -> None:
        nonlocal current
        # A run that ends on a kept "of" ("Department of") gives it back.
        while current and current[-1][2].lower() == "of":
            current.pop()
        if current:
            runs.append(current)
        current = []

    for index, (start, end, word) in enumerate(tokens):
        gap = text[current[-1][1] : start] if current else ""
        if current and gap.strip():
            # Punctuation between two words ends a phrase (a comma, a quotation mark, a bracket).
            close()
        joined_of = (
            word.lower() == "of"
            and current
            and _capitalised(current[-1][2])
            and index + 1 < len(tokens)
            and _capitalised(tokens[index + 1][2])
        )
        if joined_of:
            current.append((start, end, word))
            continue
        if _breaks(word):
            close()
            continue
        if current and _capitalised(word) and not _capitalised(current[-1][2]) and current[-1][2] != "of":
            # "governor Jones" is two mentions more often than one name.
            close()
        current.append((start, end, word))
    close()

    found: list[str] = []
    for run in runs:
        run = run[-_MAX_WORDS:]
        # The head of "Secretary of State" is not "State".
        heads = [run[-1:]] if all(word.lower() != "of" for _, _, word in run) else []
        for piece in (run, *heads):
            phrase = text[piece[0][0] : piece[-1][1]]
            if phrase not in found and (len(phrase) > 2 or phrase.isupper()):
                found.append(phrase)
    return found[:MAX_PHRASES]


def names_a_thing(phrase: str) -> bool:
    """Whether a phrase can name a means (a weapon, a fund, a tool) rather than a party.

    Its head, the last word, is a common noun ("US weapons", "HIMARS artillery systems") or the
    phrase is all acronyms ("GMLRS"); a phrase that ends in a capitalised word ("State Department",
    "Anthony Blinken", "Ukraine") names a person, a body or a place.
    """
    words = _TOKEN.findall(phrase)
    if not words:
        return False
    return words[-1][:1].islower() or all(word.isupper() or word[:1].isdigit() for word in words)
