"""Who said each quotation, read from the text's own structure before any model is asked.

News attributes quotations in a few fixed shapes: a reporting verb and a name right after the
quotation ('...," said Jane Roe.' / '...," Roe said.' / '..." - Jane Roe'), a name and a reporting
verb earlier in the same sentence ('Roe said the plan was "a mistake"'), a sentence or paragraph
that ends by introducing the quotation ('Roe said the plan was late. "...' / 'Roe wrote:'), a second
quotation that goes on after the attribution of the first ('..." said Roe. "And ...'), and a
pronoun standing for the person just named ('...," she said.'). Each shape names the speaker
outright, so code reads it; the model is asked only about quotations none of these shapes covers.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

_VERBS = (
    r"(?:said|says|say|added|adds|stated|states|noted|notes|explained|explains|insisted|insists|warned|warns|"
    r"declared|wrote|writes|asked|asks|recalled|recalls|continued|continues|argued|argues|replied|responded|"
    r"tweeted|posted|urged|urges|acknowledged|conceded|claimed|claims|predicted|complained|remarked|observed|"
    r"announced|announces|concluded|suggested|testified|commented|comments|reasoned|joked|quipped|boasted|"
    r"admitted|admits|emphasized|emphasised|stressed|cautioned|countered|contended|lamented|recounted|"
    r"reiterated|pointed out|told(?: [A-Z][\w.]*(?: [A-Z][\w.]*){0,3}| \w+)?|tells \w+|"
    r"went on|said in a statement|wrote on Twitter|said on Twitter)"
)
# Verbs that introduce a quotation inside the speaker's own sentence: 'Roe called the plan "a mistake"'.
_LEAD_VERBS = (
    rf"(?:{_VERBS}|called|calls|described|describes|dubbed|labeled|labelled|attacked|praised|accused|vowed|"
    r"characterized|characterised|branded|mocked)"
)
# A name: capitalised words, initials and titles ("Rep. Charles B. Rangel", "the Rev. Ann Lee").
# Only a short word takes its stop along ("Sen.", "Jr."): after a long one the stop ends the sentence.
_WORD = r"(?:[A-Z][a-z]{0,3}\.|[A-Z][\w'’-]*)"
NAME = rf"(?:(?:the|The)\s+)?{_WORD}(?:[ \t]+(?:{_WORD}|of|for|de|van|von|al|bin|da|du|le|la))*"
_PRONOUN = r"(?:he|she|He|She)"
_SPEAKER = rf"(?P<name>{NAME}|{_PRONOUN})"
# A lowercase role before the name: "Trump lawyer Marc Kasowitz", "9/11 widow Terry Strada".
_ROLE = (
    r"(?:(?!(?:in|on|at|to|for|with|from|during|after|before|that|this|last|about|when|while|as|and|but|"
    r"[A-Z][\w'’-]*day)\b)[\w/'’-]+\s+){0,3}?"
)
# What closes a quotation before its attribution: the mark, a comma or stop, a dash.
_CLOSING = r"[\"”’»]?\s*[,.!?—–-]*\s*[\"”’»]?\s*"
_APPOSITION = r"(?:,[^,\"“”]{1,80},)?"
# Before its verb a subject may carry a party tag and a longer apposition ("Sen. Ann Roe (D-Vt.), head
# of the Institute of Art, Paris, said").
_SUBJECT = (
    rf"(?<![^\s(])(?P<name>{NAME}|{_PRONOUN})(?:\s*\([^()\n]{{1,30}}\))?(?:,[^,\"“”]{{1,80}}(?:,[^,\"“”]{{1,80}})?,)?"
    r",?\s+(?:(?:\w+ly|also)\s+)?(?:has\s+|had\s+)?"
)
# A stop that does not end a sentence: a title, an initial, an abbreviation before a comma ("Wash.,").
_ABBREVIATION_DOT = (
    r"(?:(?<=\b[A-Z])|(?<=\bMr)|(?<=\bMrs)|(?<=\bMs)|(?<=\bDr)|(?<=\bSt)|(?<=\bSen)|(?<=\bRep)|(?<=\bGov)|"
    r"(?<=\bGen)|(?<=\bRev)|(?<=\bJr)|(?<=\bSr))\.|\.(?=,)"
)
_CLAUSE = rf"(?:[^.!?\"“”«»„\n]|{_ABBREVIATION_DOT})"
_AFTER = (
    re.compile(rf"{_CLOSING}{_VERBS}\s+{_ROLE}{_SPEAKER}"),
    re.compile(rf"{_CLOSING}{_ROLE}{_SPEAKER}{_APPOSITION}\s+(?:\w+ly\s+)?{_VERBS}\b"),
)
# A signature after a dash, alone at the end of its line: '..." - Jane Roe'.
_SIGNATURE = re.compile(rf"[\"”’»]?[ \t]*[—–-]+[ \t]*(?P<name>{NAME})(?:,[^\n\"“”]{{0,80}})?[ \t]*(?:\n|$)")
_BEFORE = re.compile(rf"{_SUBJECT}{_LEAD_VERBS}\b[^\"“”]{{0,160}}$")
# A sentence whose subject goes on to speak: 'Roe defended the plan, saying, "'.
_PARTICIPLE = re.compile(rf"(?P<name>{NAME})\s[^\"“”]{{0,200}},\s+saying[,:]?$")
_ACCORDING = re.compile(rf"\b[Aa]ccording to (?P<name>{NAME})")
# What may stand between a quotation and the next when both are one speaker's: the first one's
# attribution and nothing else ('," said Roe, the mayor. "').
_ATTRIBUTION_GAP = re.compile(
    rf"{_CLOSING}(?:{_VERBS}\s+{_ROLE}(?P<after>{NAME})|{_ROLE}(?P<name>{NAME}|{_PRONOUN}){_APPOSITION}\s+"
    rf"(?:\w+ly\s+)?{_VERBS}){_CLAUSE}{{0,140}}[.,:]?\s*[\"“«„]?\s*"
)
# A sentence that introduces the quotation opening the next one: 'Roe said the plan was late. "'.
_SAID_BEFORE_SENTENCE = re.compile(rf"{_SUBJECT}{_VERBS}\b{_CLAUSE}{{0,120}}[.:]\s*[\"“«„]?\s*$")
# A paragraph that ends by introducing the quotation that opens the next: 'Roe wrote:' / 'He said,' /
# 'Roe said the plan was late.'.
_INTRODUCTION = re.compile(
    rf"{_SUBJECT}(?:{_LEAD_VERBS}\b[^\n]{{0,200}}(?::|\b{_VERBS},)|{_VERBS}\b{_CLAUSE}{{0,160}}[.])\s*$"
)
# Who speaks, anywhere in the article: a pronoun is read only as one of these people.
_SPOKEN_BY = re.compile(rf"[\"”’»]\s*{_VERBS}\s+{_ROLE}(?P<name>{NAME})")
_SPEAKS = re.compile(rf"{_SUBJECT}{_VERBS}\b")
_CAPITALISED_RUN = re.compile(NAME)
# A capitalised run after one of these is the object of a phrase, not the subject of a verb.
_PREPOSITIONS = frozenset({"of", "at", "in", "for", "from", "with", "by", "to", "on", "the", "and", "or"})
# Words a capitalised run may start with that are not part of a name.
NOT_NAMES = frozenset(
    {
        "And",
        "But",
        "As",
        "Then",
        "When",
        "While",
        "So",
        "Also",
        "In",
        "On",
        "At",
        "After",
        "Before",
        "If",
        "Yet",
        "Still",
        "Now",
        "Later",
        "Earlier",
        "Asked",
        "Speaking",
        "Meanwhile",
        "However",
        "Instead",
        "Today",
        "It",
        "This",
        "That",
        "These",
        "Those",
        "There",
        "They",
        "We",
        "I",
        "You",
        "A",
        "An",
        "For",
        "Of",
        "With",
        "From",
        "By",
        "To",
        "According",
        "Although",
        "Though",
        "Because",
        "Despite",
        "During",
        "Since",
        "Why",
        "How",
        "What",
        "Who",
        "His",
        "Her",
        "Their",
        "Its",
        "Our",
        "My",
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    }
)
_MONTHS = frozenset(
    {"January", "February", "March", "April", "May", "June", "July"}
    | {"August", "September", "October", "November", "December"}
)
# A sentence ends at a stop before a capital, but not after a title or an initial ("Mr. Roe", "B. Rangel").
_SENTENCE_END = re.compile(
    r"(?<!\bMr)(?<!\bMrs)(?<!\bMs)(?<!\bDr)(?<!\bSt)(?<!\bSen)(?<!\bRep)(?<!\bGov)(?<!\bGen)(?<!\bRev)"
    r"(?<!\b[A-Z])[.!?][\"”’»)]*\s+(?=[\"“«A-Z])"
)

# A speaker as found: the name (or pronoun) and where it stands in the text.
Found = tuple[str, int]


@dataclass(frozen=True)
class Span:
    start: int
    end: int


def clean_name(raw: str) -> str | None:
    words = raw.strip().rstrip(",").split()
    while words and words[0].rstrip(".") in NOT_NAMES:
        words = words[1:]
    # A dateline's month runs into the name after it ("31 May US Secretary of State"); alone it may
    # be a name ("May said").
    if len(words) > 1 and words[0] in _MONTHS:
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
    # A short name that ends the sentence takes its stop along ("said Lars Eng.").
    if name and len(name[-1]) > 2 and name[-1].endswith(".") and name[-1].lower() not in {"jr.", "sr."}:
        name[-1] = name[-1].rstrip(".")
    text = " ".join(name).strip(" ,")
    return text or None


def _is_pronoun(name: str) -> bool:
    return name.lower() in {"he", "she"}


def _surname(name: str) -> str:
    return re.sub(r"['’]s?$", "", name.split()[-1])


def _found(match: re.Match[str] | None, offset: int = 0, group: str = "name") -> Found | None:
    name = clean_name(match[group]) if match and match[group] else None
    return (name, offset + match.start(group)) if match and name else None


def _subject(pattern: re.Pattern[str], text: str, pos: int = 0, endpos: int | None = None) -> re.Match[str] | None:
    """The first match whose name opens its capitalised run, rather than ending one after a preposition
    ("director of the Institute of Art said" names no Art)."""
    end = len(text) if endpos is None else endpos
    while (match := pattern.search(text, pos, end)) is not None:
        before = text[max(0, match.start("name") - 40) : match.start("name")].split()
        previous = before[-1] if before else ""
        after_punctuation = not previous or previous[-1] in ',.;:!?"”“(—–-'
        # A number before it ends a date ("4 June Roe said"), not a name.
        if after_punctuation or previous.isdigit() or (previous[0].islower() and previous not in _PREPOSITIONS):
            return match
        pos = match.start("name") + 1
    return None


def _after(text: str, span: Span) -> Found | None:
    signature = _SIGNATURE.match(text, span.end)
    if signature:
        return _found(signature)
    line_end = text.find("\n", span.end)
    window_end = min(span.end + 120, line_end if line_end >= 0 else len(text))
    for pattern in _AFTER:
        match = pattern.match(text, span.end, window_end)
        # A capitalised "He said" opens a sentence of its own, about something else.
        if match and match["name"] not in {"He", "She"}:
            return _found(match)
    return None


def _sentence_start(text: str, position: int, floor: int) -> int:
    start = floor
    for match in _SENTENCE_END.finditer(text, floor, position):
        start = match.end()
    return start


def _before(text: str, span: Span, floor: int) -> Found | None:
    start = _sentence_start(text, span.start, floor)
    lead_end = start + len(text[start : span.start].rstrip('"“«„ '))
    match = (
        _subject(_BEFORE, text, start, lead_end)
        or _ACCORDING.search(text, start, lead_end)
        or _PARTICIPLE.match(text, start, lead_end)
    )
    if match is None and lead_end == start:
        # The quotation opens a sentence: the one before may end by naming who speaks ("..., Roe said.").
        match = _subject(_SAID_BEFORE_SENTENCE, text, floor, span.start)
    return _found(match)


def _introduced(text: str, span: Span, paragraph_start: int) -> Found | None:
    """The speaker a paragraph names when it ends by introducing the quotation opening the next."""
    if text[paragraph_start : span.start].strip(' \t"“«„') or paragraph_start < 2:
        return None
    previous_end = len(text[:paragraph_start].rstrip())
    start = _sentence_start(text, previous_end, text.rfind("\n", 0, previous_end) + 1)
    return _found(_subject(_INTRODUCTION, text, start, previous_end))


def _attribution_name(text: str, start: int, span: Span) -> Found | None:
    """The speaker named when the text from `start` to the quotation is one quotation's attribution."""
    gap = text[start : span.start]
    if "\n" in gap.strip() or len(gap) > 200:
        return None
    match = _ATTRIBUTION_GAP.fullmatch(gap)
    return (_found(match, start, "after") or _found(match, start)) if match else None


def _last_closing_mark(text: str, span: Span, floor: int) -> int | None:
    marks = [m.start() for m in re.finditer(r"[\"”»]", text[floor : span.start].rstrip('"“«„ \t'))]
    return floor + marks[-1] if marks else None


def _masked(text: str, quotes: Sequence[Span]) -> str:
    """The text with the words inside quotations blanked, so that only the reporting names people."""
    chars = list(text)
    for span in quotes:
        chars[span.start : span.end] = " " * (span.end - span.start)
    return "".join(chars)


def _speech_subjects(masked: str, start: int, end: int) -> list[Found]:
    found = [f for m in _SPOKEN_BY.finditer(masked, start, end) if (f := _found(m))]
    pos = start
    while (match := _subject(_SPEAKS, masked, pos, end)) is not None:
        found.extend(f for f in [_found(match)] if f)
        pos = match.end()
    return found


@dataclass
class _People:
    """Who speaks in an article, to read a pronoun as the one speaking person named just before it."""

    masked: str
    speakers: set[str]
    attributed: list[tuple[Span, str]]
    # The pronoun each person has been read from, so that "she" is never read as a man.
    pronouns: dict[str, str]
    # Pronouns met on the way back are read in turn; one reading each keeps that linear.
    readings: dict[tuple[int, str], str | None]

    def referent(self, position: int, pronoun: str, depth: int = 0) -> str | None:
        """The one person named in the nearest sentence before `position` that names any.

        A person the sentence has speaking (or standing for a pronoun of its own) outranks one it
        only mentions; two of either make the pronoun ambiguous, and it is left alone. The search
        goes back to the paragraph before.
        """
        pronoun = pronoun.lower()
        if depth == 0:
            self.readings.clear()
        if (position, pronoun) not in self.readings:
            self.readings[position, pronoun] = self._read(position, pronoun, depth)
        return self.readings[position, pronoun]

    def _read(self, position: int, pronoun: str, depth: int) -> str | None:
        paragraph = self.masked.rfind("\n", 0, position) + 1
        floor = self.masked.rfind("\n", 0, len(self.masked[:paragraph].rstrip())) + 1
        starts = [floor, *(m.end() for m in _SENTENCE_END.finditer(self.masked, floor, position))]
        excluded: set[str] = set()
        # Only the last few sentences: a pronoun reaches no further back in news copy.
        for start, end in reversed(list(zip(starts, [*starts[1:], position], strict=True))[-6:]):
            speaking = {_surname(name): name for span, name in self.attributed if start <= span.start < end}
            speaking.update((_surname(n), n) for n, _ in _speech_subjects(self.masked, start, end))
            for match in re.finditer(r"\b(?:he|she|He|She)\b", self.masked[start:end]):
                resolved = self.referent(start + match.start(), match.group(), depth + 1) if depth < 3 else None
                # A pronoun of the same kind is the same person; of the other kind, someone else.
                if resolved and match.group().lower() == pronoun:
                    speaking.setdefault(_surname(resolved), resolved)
                elif resolved:
                    excluded.add(_surname(resolved))
            candidates = {k: v for k, v in speaking.items() if self._fits(k, pronoun, excluded)}
            if len(candidates) == 1:
                return next(iter(candidates.values()))
            mentioned: dict[str, str | None] = {}
            for run in _CAPITALISED_RUN.finditer(self.masked, start, end):
                name = clean_name(run.group())
                if name and _surname(name) in self.speakers and self._fits(_surname(name), pronoun, excluded):
                    # A possessive names a person without having them do anything.
                    mentioned.setdefault(_surname(name), None if re.search(r"['’]s?$", name) else name)
            if candidates or mentioned:
                return next(iter(mentioned.values())) if len(mentioned) == 1 and not candidates else None
        return None

    def _fits(self, surname: str, pronoun: str, excluded: set[str]) -> bool:
        return not _is_pronoun(surname) and surname not in excluded and self.pronouns.get(surname, pronoun) == pronoun


def _people(masked: str, named: Sequence[str | None]) -> _People:
    speakers = {_surname(n) for n in named if n and not _is_pronoun(n)}
    speakers |= {_surname(name) for name, _ in _speech_subjects(masked, 0, len(masked)) if not _is_pronoun(name)}
    return _People(masked, speakers - NOT_NAMES, [], {}, {})


def attribute(
    text: str, spans: Sequence[tuple[int, int]], named: Sequence[str | None] | None = None
) -> list[str | None]:
    """The speaker each quotation span's structure names, or None where it names none.

    `named` gives speakers already known (from the layout of unmarked quotations); they stand.
    """
    quotes = [Span(s, e) for s, e in spans]
    people = _people(_masked(text, quotes), named or [])
    found: list[str | None] = []
    for index, span in enumerate(quotes):
        paragraph_start = text.rfind("\n", 0, span.start) + 1
        floor = max(paragraph_start, quotes[index - 1].end if index else 0)
        given = named[index] if named else None
        speaker: Found | None = (given, span.start) if given else _after(text, span)
        before = _before(text, span, floor) if speaker is None or _is_pronoun(speaker[0]) else None
        # A pronoun right after the quotation outranks one in the sentence before it.
        if before and (speaker is None or not _is_pronoun(before[0])):
            speaker = before
        previous = found[index - 1] if index else None
        if speaker is None and previous and _attribution_name(text, quotes[index - 1].end, span):
            speaker = (previous, quotes[index - 1].end)
        if speaker is None and (mark := _last_closing_mark(text, span, floor)) is not None:
            speaker = _attribution_name(text, mark, span)
        speaker = speaker or _introduced(text, span, paragraph_start)
        name = speaker[0] if speaker else None
        if speaker and _is_pronoun(speaker[0]):
            name = people.referent(speaker[1], speaker[0])
            if name:
                people.pronouns[_surname(name)] = speaker[0].lower()
        found.append(name)
        if name:
            people.attributed.append((span, name))
    return found


def reporting_names(text: str, spans: Sequence[tuple[int, int]]) -> list[Found]:
    """Everyone the reporting has speak, outside the quotations: the subject of a reporting verb
    ("Roe said", "said Roe") and the one information is "according to"; pronouns left out."""
    masked = _masked(text, [Span(s, e) for s, e in spans])
    found = [f for f in _speech_subjects(masked, 0, len(masked)) if not _is_pronoun(f[0])]
    found += [f for m in _ACCORDING.finditer(masked) if (f := _found(m))]
    return found
