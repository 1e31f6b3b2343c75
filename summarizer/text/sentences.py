"""Split an article into numbered sentences the model can point at.

The model cites sentence numbers instead of copying text, and code turns the
numbers back into exact spans, so evidence is verbatim by construction. Both
errors cost evidence: a boundary missed makes one citation quote two sentences,
a false one cuts a sentence in half.

A period before a capital decides nothing alone, so the word before it and the
word after it decide together. Ordinary words end sentences ("He said no. The
..."), whatever abbreviation they resemble. A title ends one only when no name
follows ("Sen. Warren" against "Amartya Sen. He"); an initialism or a name
suffix only when a word that starts sentences follows ("the U.S. He" against
"the U.S. Senate"); a clock time unless a day or a time zone follows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise

from summarizer.text.fold import QUOTE_CHARS


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Titles written before a name; only capitalised, since "a sales rep." is a word, not a title.
_TITLES = _words(
    "mr mrs ms messrs mmes dr prof gen lt col maj capt cpt sgt cpl pvt adm cmdr gov sen sens rep reps "
    "del dels brig msgr pres supt insp det rev fr hon amb st mt ft"
)
# Written after a name, where the sentence may well end: "Martin Luther King Jr. The crowd ...".
_AFTER_NAME = _words("jr sr inc corp co ltd bros plc llc al esq")
# Written before a number: "No. 10", "Jan. 5", "p. 12". Capitalised only where the lower-case
# spelling is an ordinary word ("he said no.", "to mar.").
_BEFORE_NUMBER = _words("vol vols fig figs pp p art ch para approx ca op")
_BEFORE_NUMBER_CAPITALISED = _words("No Nos Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec")
_NEVER_END = _words("e.g i.e cf vs v viz")
_CLOCK = _words("a.m p.m")
# What follows a clock time inside its sentence: "8 p.m. Tuesday", "10 a.m. EST".
_AFTER_CLOCK = _words(
    "monday tuesday wednesday thursday friday saturday sunday january february march april may june july "
    "august september october november december eastern pacific central mountain local "
    "et est edt ct cst cdt mt mst mdt pt pst pdt gmt utc bst cet cest eet eest msk ist jst aest aedt"
)
# Closed-class words that start sentences but do not continue a name or an initialism: after
# "the U.S." or "Jr." they mark a new sentence, where "Senate" or "Smith" would not.
_STARTERS = _words(
    "the a an he she it they we i you his her its their our my your this that these those there here "
    "but and or so yet if when while after before since as in on at for from with by to of during "
    "under over about according although though however meanwhile then now still also last next "
    "earlier later some many most several all both each one no not what who why how where which "
    "it's he's she's they're we're there's that's i'm such other another few only even instead "
    "despite because unlike among until once whether"
)

# Any quotation mark may close or open a sentence: web text often has "”" where "“" belongs.
_QUOTE = f"[{re.escape(QUOTE_CHARS)}]"
_BOUNDARY = re.compile(rf"[.!?…]+(?:{_QUOTE}|[)\]])*(?=\s)")
_NEXT_WORD = re.compile(rf"\s+(?:{_QUOTE}|[(\[])*(\w[\w'’.-]*)")
_WORD_BEFORE = re.compile(r"[\w.]+$")
_SPACE = re.compile(r"\s*")
_INITIALISM = re.compile(r"(?:[^\W\d_]\.)+[^\W\d_]")
# A list item's number or letter: "1." or "b." alone is not a sentence.
_ENUMERATOR = re.compile(r"\(?(?:\d{1,3}|[A-Za-z]|[ivx]+|[IVX]+)\)?")


@dataclass(frozen=True)
class Sentence:
    number: int
    start: int
    end: int
    text: str


def _ends_at_period(word: str, following: str, *, following_is_initial: bool) -> bool:
    """Whether a period after `word` ends the sentence, given the capitalised or numeric word after it."""
    lower = word.lower()
    starter = following.lower().replace("’", "'") in _STARTERS and not following_is_initial
    if lower in _NEVER_END:
        return False
    if lower in _CLOCK:
        return following.lower().replace(".", "") not in _AFTER_CLOCK
    if _INITIALISM.fullmatch(word):
        return starter
    if len(word) == 1 and word.isupper():
        # "John F. Kennedy", "J. R. R. Tolkien"; but "Malcolm X. The ..." ends.
        return starter
    if lower in _TITLES and word[0].isupper():
        return starter or not following[0].isupper()
    if lower in _AFTER_NAME:
        return starter
    before_number = lower in _BEFORE_NUMBER or word in _BEFORE_NUMBER_CAPITALISED
    return not (before_number and following[0].isdigit())


def _is_boundary(text: str, match: re.Match[str], begun: int, end: int) -> bool:
    """Whether `match` ends the sentence that begins at `begun`."""
    following = _NEXT_WORD.match(text, match.end(), end)
    if not following:
        return False
    token = following.group(1)
    next_word = token.rstrip(".")
    if not (next_word[0].isupper() or next_word[0].isdigit()):
        return False
    # Only a bare period is ambiguous: "?", "!", "..." and a period inside a closing quote end sentences.
    if match.group() != ".":
        return True
    # Both look back a few characters only: a long line of periods that end nothing (a list of
    # "Mr." and "Dr.") would otherwise rescan the line from its start at every one.
    if match.start() - begun <= 8 and _ENUMERATOR.fullmatch(text, begun, match.start()):
        return False
    before = _WORD_BEFORE.search(text, max(begun, match.start() - 40), match.start())
    if not before:
        return True
    word = before.group().lstrip(".")
    # "J." or "E.T.": a letter and a period, so an initial or an initialism, not a sentence's first word.
    return not word or _ends_at_period(word, next_word, following_is_initial=token[1:2] == ".")


def _skip_space(text: str, position: int, end: int) -> int:
    space = _SPACE.match(text, position, end)
    return space.end() if space else position


def _split_paragraph(text: str, start: int, end: int) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    cursor = start
    begun = _skip_space(text, cursor, end)
    for match in _BOUNDARY.finditer(text, start, end):
        if _is_boundary(text, match, begun, end):
            spans.append((cursor, match.end()))
            cursor = match.end()
            begun = _skip_space(text, cursor, end)
    spans.append((cursor, end))
    return spans


# A line that ends a sentence or a heading's clause; one that ends otherwise may be wrapped.
_LINE_ENDS = re.compile(rf"(?:[.!?…:;]|{_QUOTE}|[)\]])\s*$")
# Wire copy wrapped at a fixed width breaks lines mid-sentence, the next line going on in lower case.
# A few such breaks, and a fair share of all breaks, tell a wrapped text from one whose lines are
# headings, bylines and paragraphs.
_WRAPPED_BREAKS = 3
_WRAPPED_SHARE = 0.25


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """The spans of the text's paragraphs: its lines, or, in a text wrapped at a fixed width, its runs
    of lines joined where a line ends mid-sentence."""
    lines = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)]
    adjacent = [(a, b) for a, b in pairwise(lines) if text[a[1] : b[0]] == "\n"]
    open_ended = [(a, b) for a, b in adjacent if not _LINE_ENDS.search(text, a[0], a[1])]
    wrapped = sum(1 for a, b in open_ended if text[b[0] : b[1]].lstrip()[:1].islower())
    if wrapped < _WRAPPED_BREAKS or wrapped < _WRAPPED_SHARE * len(adjacent):
        return lines
    # A line ending mid-sentence goes on in the next one, whatever case that starts in ("on\nMonday").
    goes_on = {a for a, _ in open_ended}
    paragraphs = lines[:1]
    for previous, line in pairwise(lines):
        if previous in goes_on:
            paragraphs[-1] = (paragraphs[-1][0], line[1])
        else:
            paragraphs.append(line)
    return paragraphs


def split_sentences(text: str) -> list[Sentence]:
    """Sentences with offsets into `text`; paragraphs (lines, or a wrapped text's runs of lines) never
    share a sentence."""
    sentences: list[Sentence] = []
    for paragraph_start, paragraph_end in _paragraphs(text):
        for raw_start, raw_end in _split_paragraph(text, paragraph_start, paragraph_end):
            piece = text[raw_start:raw_end]
            stripped = piece.strip()
            if not stripped:
                continue
            start = raw_start + (len(piece) - len(piece.lstrip()))
            end = start + len(stripped)
            sentences.append(Sentence(number=len(sentences) + 1, start=start, end=end, text=stripped))
    return sentences


def first_sentence(text: str) -> str:
    """The first sentence of a short text such as a summary, its whitespace runs made single spaces.

    Lines are joined first: a summary wrapped over two lines is still one sentence.
    """
    sentences = split_sentences(" ".join(text.split()))
    return sentences[0].text if sentences else ""


def one_line(text: str) -> str:
    """A sentence of wrapped text on one line: its line breaks made spaces, nothing else changed."""
    return text.replace("\n", " ")


def numbered(sentences: list[Sentence]) -> str:
    """The article as the model sees it: one `[n] sentence` per line, a wrapped sentence on one line."""
    return "\n".join(f"[{s.number}] {one_line(s.text)}" for s in sentences)
