"""Split an article into numbered sentences the model can point at.

The model cites sentence numbers instead of copying text, and code turns the
numbers back into exact spans, so evidence is verbatim by construction. A
splitter that breaks on "Mr." or "U.S." would cut evidence in half, hence the
abbreviation handling.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Tokens that end in a period without ending a sentence. Lower-cased, without the period.
ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "sr",
        "jr",
        "st",
        "mt",
        "ft",
        "gen",
        "lt",
        "col",
        "maj",
        "capt",
        "cpt",
        "sgt",
        "adm",
        "cmdr",
        "gov",
        "sen",
        "rep",
        "pres",
        "supt",
        "insp",
        "rev",
        "fr",
        "hon",
        "amb",
        "sec",
        "dept",
        "corp",
        "inc",
        "ltd",
        "co",
        "bros",
        "no",
        "nos",
        "vol",
        "vols",
        "fig",
        "figs",
        "pp",
        "approx",
        "est",
        "etc",
        "vs",
        "cf",
        "al",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "mon",
        "tue",
        "tues",
        "wed",
        "thu",
        "thur",
        "thurs",
        "fri",
        "sat",
        "sun",
        "u.s",
        "u.k",
        "u.n",
        "e.u",
        "u.s.a",
        "e.g",
        "i.e",
        "a.m",
        "p.m",
        "d.c",
        "n.y",
        "l.a",
    ]
)

_BOUNDARY = re.compile(r"[.!?…]+[\"'”’»)\]]*(?=\s+)")
_NEXT_STARTS_SENTENCE = re.compile(r"\s+[\"'“‘«(\[]*[A-Z0-9А-ЯЁІЇЄҐ]")
_WORD_BEFORE = re.compile(r"([\w.]+)$")


@dataclass(frozen=True)
class Sentence:
    number: int
    start: int
    end: int
    text: str


def _is_abbreviation(text: str, period_at: int) -> bool:
    match = _WORD_BEFORE.search(text, 0, period_at)
    if not match:
        return False
    word = match.group(1).lower().rstrip(".")
    if word in ABBREVIATIONS:
        return True
    # A single capital letter before a period is almost always an initial ("J. Smith").
    return len(word) == 1 and text[period_at - 1].isupper()


def _split_paragraph(text: str, start: int, end: int) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    cursor = start
    for match in _BOUNDARY.finditer(text, start, end):
        stop = match.end()
        if not _NEXT_STARTS_SENTENCE.match(text, stop, end):
            continue
        if text[match.start()] == "." and match.end() - match.start() == 1 and _is_abbreviation(text, match.start()):
            continue
        spans.append((cursor, stop))
        cursor = stop
    spans.append((cursor, end))
    return spans


def split_sentences(text: str) -> list[Sentence]:
    """Sentences with offsets into `text`; paragraphs (lines) never share a sentence."""
    sentences: list[Sentence] = []
    for line in re.finditer(r"[^\n]+", text):
        for raw_start, raw_end in _split_paragraph(text, line.start(), line.end()):
            piece = text[raw_start:raw_end]
            stripped = piece.strip()
            if not stripped:
                continue
            start = raw_start + (len(piece) - len(piece.lstrip()))
            end = start + len(stripped)
            sentences.append(Sentence(number=len(sentences) + 1, start=start, end=end, text=stripped))
    return sentences


def numbered(sentences: list[Sentence]) -> str:
    """The article as the model sees it: one `[n] sentence` per line."""
    return "\n".join(f"[{s.number}] {s.text}" for s in sentences)
