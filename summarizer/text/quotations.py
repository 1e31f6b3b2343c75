"""Find direct quotations by their form, so the model only has to say who spoke.

Three forms cover most news copy, including translated copy that drops the
quotation marks:
- words between quotation marks;
- an unmarked sentence with its attribution after a comma ("..., the official said.");
- an unmarked first-person paragraph followed by a short line naming the speaker
  ("... for this purpose.\\nAnthony Blinken US Secretary of State").
Each candidate is a span of the article, so a quote built from it is verbatim.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from summarizer.text.sentences import Sentence
from summarizer.text.speakers import attribute

MIN_WORDS = 6
# Characters of context shown around a quotation whose speaker the model is asked for.
_CONTEXT_BEFORE = 300
_CONTEXT_AFTER = 200

_OPENERS = "“«„"
_CLOSERS = "”»"
# A straight double quote right after a digit is an inch mark (6'3"), not a quotation mark.
_MARKS = re.compile(r"(?<![0-9])\"|[“”«»„]")
_REPORTING = r"(?:said|says|added|stated|told \w+|noted|explained|insisted|warned|declared|wrote)"
_TRAILING_ATTRIBUTION = re.compile(
    rf"^(?P<quote>[^\"“”]+?),\s+(?P<speaker>(?:the\s+)?[^,.;:\"“”]{{2,80}}?)\s+{_REPORTING}\.?\s*(?:Share)?$",
    re.IGNORECASE,
)
_FIRST_PERSON = re.compile(r"\b(I|[Ww]e|us|[Oo]ur|[Mm]y|me)\b")
_NAME = r"[A-Z][\w.'’-]*(?:\s+(?:[A-Z][\w.'’-]*|of|the|for|and|de|von|van|al))+"
_GLUED_NAME = re.compile(rf"^(?P<quote>.+[.!?])\s+(?P<speaker>{_NAME})$")
_NAME_LINE = re.compile(rf"^{_NAME}$")


@dataclass(frozen=True)
class QuoteCandidate:
    start: int
    end: int
    text: str
    speaker_hint: str | None = None


def _words(text: str) -> int:
    return len(text.split())


def _is_title(text: str) -> bool:
    """A short run of capitalised words in quotation marks names a work or event; nobody said it."""
    words = re.findall(r"[^\W\d_][\w'’-]*", text)
    minor = {"a", "an", "the", "of", "and", "or", "in", "on", "at", "to", "for", "vs", "by", "with"}
    return len(words) < 10 and all(w[0].isupper() or w.lower() in minor for w in words) and not text.endswith(".")


def _candidate(text: str, start: int, end: int) -> QuoteCandidate | None:
    inner = text[start:end]
    stripped = inner.strip().rstrip(",")
    if _words(stripped) < MIN_WORDS or _is_title(stripped):
        return None
    begin = start + (len(inner) - len(inner.lstrip()))
    return QuoteCandidate(begin, begin + len(stripped), stripped)


def _marked(text: str) -> list[QuoteCandidate]:
    """Spans inside quotation marks, line by line.

    By news convention a quotation left open at the end of a paragraph goes on
    in the next one, which may close it without reopening; such a quotation is
    taken as one candidate per paragraph.
    """
    spans: list[tuple[int, int]] = []
    continued = False
    for line in re.finditer(r"[^\n]+", text):
        open_at: int | None = line.start() if continued else None
        for mark in _MARKS.finditer(text, line.start(), line.end()):
            char, position = mark.group(), mark.start()
            if open_at is None:
                if char not in _CLOSERS:
                    open_at = position + 1
            elif char in _OPENERS:
                open_at = position + 1
            else:
                spans.append((open_at, position))
                open_at = None
        continued = open_at is not None
        if open_at is not None:
            spans.append((open_at, line.end()))
    return [c for start, end in spans if (c := _candidate(text, start, end)) is not None]


def _unmarked(text: str) -> list[QuoteCandidate]:
    found = []
    lines = [(m.start(), m.group()) for m in re.finditer(r"[^\n]+", text)]
    for index, (offset, line) in enumerate(lines):
        if any(mark in line for mark in '"“”«»'):
            continue
        stripped = line.strip()
        lead = offset + (len(line) - len(line.lstrip()))
        match = _TRAILING_ATTRIBUTION.match(stripped)
        if match and _words(match.group("quote")) >= MIN_WORDS and _FIRST_PERSON.search(match.group("quote")):
            quote = match.group("quote").strip()
            found.append(QuoteCandidate(lead, lead + len(quote), quote, match.group("speaker").strip()))
            continue
        glued = _GLUED_NAME.match(stripped)
        if glued and _words(glued.group("quote")) >= 8 and _FIRST_PERSON.search(glued.group("quote")):
            quote = glued.group("quote")
            found.append(QuoteCandidate(lead, lead + len(quote), quote, glued.group("speaker")))
            continue
        following = lines[index + 1][1].strip() if index + 1 < len(lines) else ""
        if (
            _words(stripped) >= 8
            and _FIRST_PERSON.search(stripped)
            and 2 <= _words(following) <= 9
            and _NAME_LINE.match(following)
        ):
            found.append(QuoteCandidate(lead, lead + len(stripped), stripped, following))
    return found


def find_quotations(text: str) -> list[QuoteCandidate]:
    """Quotation candidates in article order; overlapping ones keep the earliest, longest span.

    A speaker the layout names (an unmarked quotation's own attribution) stands; elsewhere the
    text's structure is read (`speakers.attribute`), and what neither names is left to the model.
    """
    candidates = sorted(_marked(text) + _unmarked(text), key=lambda c: (c.start, -c.end))
    kept: list[QuoteCandidate] = []
    for candidate in candidates:
        if kept and candidate.start < kept[-1].end:
            continue
        kept.append(candidate)
    structure = attribute(text, [(c.start, c.end) for c in kept], [c.speaker_hint for c in kept])
    return [replace(c, speaker_hint=named) for c, named in zip(kept, structure, strict=True)]


def quote_context(text: str, sentences: Sequence[Sentence], start: int, end: int, label: str) -> str:
    """The sentence before a quotation, its own sentence and the one after, the quotation itself
    replaced by `label`.

    Asked who said a quotation, a small model reading the whole article answers with whoever is
    prominent in it; shown the words around the quotation, where news puts the attribution, it
    answers from them. The neighbours are cut short: the attribution sits next to the quotation.
    """
    inside = [i for i, s in enumerate(sentences) if s.start < end and start < s.end]
    if not inside:
        return label
    first, last = inside[0], inside[-1]
    lead_from = sentences[first - 1].start if first > 0 else sentences[first].start
    tail_to = sentences[last + 1].end if last + 1 < len(sentences) else sentences[last].end
    before = text[lead_from:start][-_CONTEXT_BEFORE:]
    after = text[end:tail_to][:_CONTEXT_AFTER]
    return " ".join(f"{before}{label}{after}".split())
