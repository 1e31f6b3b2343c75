"""Who said each quotation, read from the text's own structure before any model is asked.

News attributes quotations in a few fixed shapes: a reporting verb and a name right after the
quotation ('...," said Jane Roe.' / '...," Roe said.'), a name and a reporting verb earlier in the
same sentence ('Roe said the plan was "a mistake"'), a second quotation that goes on after the
attribution of the first ('..." said Roe. "And ...'), and a pronoun standing for the person just
quoted ('...," she said.'). Each shape names the speaker outright, so code reads it; the model is
asked only about quotations none of these shapes covers.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

_VERBS = (
    r"(?:said|says|say|added|adds|stated|states|noted|notes|explained|explains|insisted|insists|warned|warns|"
    r"declared|wrote|writes|asked|asks|recalled|recalls|continued|continues|argued|argues|replied|responded|"
    r"tweeted|posted|urged|urges|acknowledged|conceded|claimed|claims|predicted|complained|remarked|observed|"
    r"announced|announces|concluded|suggested|testified|told(?: [A-Z][\w.]*(?: [A-Z][\w.]*){0,3}| \w+)?|tells \w+|"
    r"went on|said in a statement|wrote on Twitter|said on Twitter)"
)
# Verbs that introduce a quotation inside the speaker's own sentence: 'Roe called the plan "a mistake"'.
_LEAD_VERBS = rf"(?:{_VERBS}|called|calls|described|describes|dubbed|labeled|labelled|attacked|praised|accused|vowed)"
# A name: capitalised words, initials and titles ("Rep. Charles B. Rangel", "the Rev. Ann Lee").
# Only a short word takes its stop along ("Sen.", "Jr."): after a long one the stop ends the sentence.
_WORD = r"(?:[A-Z][a-z]{0,3}\.|[A-Z][\w'’-]*)"
_NAME = rf"(?:(?:the|The)\s+)?{_WORD}(?:[ \t]+(?:{_WORD}|of|de|van|von|al|bin|da|du|le|la))*"
_PRONOUN = r"(?:he|she|He|She)"
_SPEAKER = rf"(?P<name>{_NAME}|{_PRONOUN})"
# A lowercase role before the name: "Trump lawyer Marc Kasowitz", "9/11 widow Terry Strada".
_ROLE = (
    r"(?:(?!(?:in|on|at|to|for|with|from|during|after|before|that|this|last|about|when|while|as|and|but|"
    r"[A-Z][\w'’-]*day)\b)[\w/'’-]+\s+){0,3}?"
)
# What closes a quotation before its attribution: the mark, a comma or stop, a dash.
_CLOSING = r"[\"”’»]?\s*[,.!?—–-]*\s*[\"”’»]?\s*"
_APPOSITION = r"(?:,[^,\"“”]{1,80},)?"
_AFTER = (
    re.compile(rf"{_CLOSING}{_VERBS}\s+{_ROLE}{_SPEAKER}"),
    re.compile(rf"{_CLOSING}{_ROLE}{_SPEAKER}{_APPOSITION}\s+(?:\w+ly\s+)?{_VERBS}\b"),
)
_BEFORE = re.compile(
    rf"(?:^|[\s(])(?P<name>{_NAME}|{_PRONOUN}){_APPOSITION}\s+(?:\w+ly\s+)?(?:has\s+|had\s+)?{_LEAD_VERBS}\b"
    rf"[^\"“”]{{0,160}}$"
)
# What may stand between a quotation and the next when both are one speaker's: the first one's
# attribution and nothing else ('," said Roe, the mayor. "').
_ATTRIBUTION_GAP = re.compile(
    rf"{_CLOSING}(?:{_VERBS}\s+{_ROLE}{_NAME}|{_ROLE}(?:{_NAME}|{_PRONOUN}){_APPOSITION}\s+(?:\w+ly\s+)?{_VERBS})"
    r"[^\"“”«»„\n.!?]{0,100}[.,:]?\s*[\"“«„]?\s*"
)
_SAID_BEFORE_SENTENCE = re.compile(
    rf"(?P<name>{_NAME}|{_PRONOUN})\s+{_VERBS}[^.\"“”\n]{{0,80}}[.:]\s*[\"“«„]?\s*$"
)
_ACCORDING = re.compile(rf"\baccording to (?P<name>{_NAME})")
# Words a capitalised run may start with that are not part of a name.
_NOT_NAMES = frozenset(
    {"And", "But", "As", "Then", "When", "While", "So", "Also", "In", "On", "At", "After", "Before", "If", "Yet",
     "Still", "Now", "Later", "Earlier", "Asked", "Speaking", "Meanwhile", "However", "Instead", "Today", "It",
     "This", "That", "These", "Those", "There", "They", "We", "I", "You", "A", "An"}
)
# A sentence ends at a stop before a capital, but not after a title or an initial ("Mr. Roe", "B. Rangel").
_SENTENCE_END = re.compile(
    r"(?<!\bMr)(?<!\bMrs)(?<!\bMs)(?<!\bDr)(?<!\bSt)(?<!\bSen)(?<!\bRep)(?<!\bGov)(?<!\bGen)(?<!\bRev)"
    r"(?<!\b[A-Z])[.!?][\"”’»)]*\s+(?=[\"“«A-Z])"
)


@dataclass(frozen=True)
class Span:
    start: int
    end: int


def _clean(raw: str) -> str | None:
    words = raw.strip().rstrip(",").split()
    while words and words[0].rstrip(".") in _NOT_NAMES:
        words = words[1:]
    if words and words[0] in {"the", "The"} and len(words) == 1:
        return None
    # A sentence that ends right after the name ("... said Roe. The") leaves the next word attached.
    name: list[str] = []
    for word in words:
        name.append(word)
        if word.endswith(".") and len(word.rstrip(".")) > 3 and word.rstrip(".").lower() not in {"jr", "sr"}:
            name[-1] = word.rstrip(".")
            break
    text = " ".join(name).strip(" ,")
    return text or None


def _is_pronoun(name: str) -> bool:
    return name.lower() in {"he", "she"}


def _after(text: str, span: Span) -> str | None:
    window = text[span.end : span.end + 120].split("\n", 1)[0]
    for pattern in _AFTER:
        match = pattern.match(window)
        if match:
            return _clean(match["name"])
    return None


def _sentence_start(text: str, position: int, floor: int) -> int:
    start = floor
    for match in _SENTENCE_END.finditer(text, floor, position):
        start = match.end()
    return start


def _before(text: str, span: Span, floor: int) -> str | None:
    start = _sentence_start(text, span.start, floor)
    lead = text[start : span.start].rstrip("\"“«„ ")
    match = _BEFORE.search(lead) or _ACCORDING.search(lead)
    if match is None and not lead.strip():
        # The quotation opens a sentence: the one before may end by naming who speaks ("..., Roe said.").
        match = _SAID_BEFORE_SENTENCE.search(text, floor, span.start)
    return _clean(match["name"]) if match else None


def _only_attribution_between(text: str, previous: Span, span: Span) -> bool:
    """Whether the text between two quotations is just the first one's attribution ('," said Roe. "')."""
    gap = text[previous.end : span.start]
    if "\n" in gap.strip() or len(gap) > 160:
        return False
    return bool(_ATTRIBUTION_GAP.fullmatch(gap))


def attribute(
    text: str, spans: Sequence[tuple[int, int]], named: Sequence[str | None] | None = None
) -> list[str | None]:
    """The speaker each quotation span's structure names, or None where it names none.

    `named` gives speakers already known (from the layout of unmarked quotations); they stand.
    """
    quotes = [Span(s, e) for s, e in spans]
    found: list[str | None] = []
    last_named: str | None = None
    last_named_at = -1
    for index, span in enumerate(quotes):
        paragraph_start = text.rfind("\n", 0, span.start) + 1
        previous_end = quotes[index - 1].end if index else 0
        speaker = (named[index] if named else None) or _after(text, span)
        speaker = speaker or _before(text, span, max(paragraph_start, previous_end))
        if speaker is None and index and found[index - 1] and _only_attribution_between(text, quotes[index - 1], span):
            speaker = found[index - 1]
        if speaker and _is_pronoun(speaker):
            # "she said" stands for the person quoted just before, in this paragraph or the one before it.
            recent = last_named is not None and text.count("\n", last_named_at, span.start) <= 4
            speaker = last_named if recent else None
        found.append(speaker)
        if speaker:
            last_named, last_named_at = speaker, span.end
    return found
