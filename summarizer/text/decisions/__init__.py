"""Decisions read from the structure of a sentence: who allowed or ordered whom to do what, and
what is banned, withheld or outside a rule's scope.

English states a decision in a few shapes: "X allowed Y to Z", "Y was authorised (by X) to Z",
"X granted Y permission", "X ruled that Y may Z", "X barred Y from Z", "the rule does not cover
Y", "Y is banned". The party before the verb decided, the one after it may (or may not) act;
the one who "said" so only reported it, since the decision verb has its own subject. A 1.5B
model asked for the parties swaps them or names the reporter; read off the shape, they cannot
be swapped. A shape under "would", "could", "if" or "not" states no decision taken, and is left
out (a negated permission is read as a limit instead).

Every name returned is a verbatim slice of its sentence, so a reading is grounded by
construction. A sentence that states its decision in no such shape yields nothing: the reader
trades recall for parties that are right.
"""

from __future__ import annotations

import re
from dataclasses import replace

from summarizer.text.decisions import approvals, grants, halts, limits, permissions, rulings, scope
from summarizer.text.decisions.context import with_makers
from summarizer.text.decisions.grammar import LIMIT_HEAD, Clause, Reading, means
from summarizer.text.decisions.parties import names_decider
from summarizer.text.sentences import Sentence

__all__ = ["LIMIT_HEAD", "Reading", "means", "read_decisions", "read_sentence"]

# How far back an "it" may stand for a rule named before it.
_CONTEXT = 3
# "The law exempts these bags", "banning this organisation": what is limited was named in an earlier
# sentence, and the words here do not say what it is. "Those who ..." and "those engaged in ..." say it.
_POINTS_BACK = re.compile(
    r"(?:this|these|such)\s|those\s(?!who\b|whose\b|with\b|without\b|in\b|under\b|over\b|[a-z]+(?:ed|ing)\b)",
    re.IGNORECASE,
)

# "this man to be deported", "these firms from bidding": the act says what is limited, whoever it is.
_ACT_TOLD = re.compile(r"\sto\s+(?!(?:the|a|an|its|their)\s)[a-z]|\sfrom\s+[a-z]+ing\b|\s(?:may|must|shall)\s+not\s")


def read_sentence(sentence: Sentence, preceding: str = "") -> list[Reading]:
    """The decisions `sentence` states in one of the shapes, in order of position; `preceding` is the
    text of the sentences just before it."""
    s = Clause.of(sentence, preceding)
    # A line of hashtags under a report is the page's labels, not a sentence ("#decree #ban #exports").
    words = s.text.split()
    if sum(word.startswith("#") for word in words) * 2 > len(words):
        return []
    found: list[tuple[int, Reading]] = []
    # Approvals of a thing before the grants: "approved A's acquisition of B" is a deal, not A's act upheld.
    shapes = (*approvals.SHAPES, *permissions.SHAPES, *grants.SHAPES, *limits.SHAPES, *scope.SHAPES, *halts.SHAPES)
    for shape in (*shapes, *rulings.SHAPES):
        for position, reading in shape(s):
            if reading.granter is not None and not names_decider(reading.granter):
                continue
            if (
                reading.kind == "exclusion"
                and _POINTS_BACK.match(reading.action)
                and not _ACT_TOLD.search(reading.action)
            ):
                continue
            # Two shapes may read one decision ("suspended the licence" is a permission withheld and a
            # stop): one verb states one decision of its kind, read by the first shape.
            # Two shapes may also read the same decision at two words ("voted to let"): once is enough.
            if all(
                not (at == position and other.kind == reading.kind) and _key(reading) != _key(other)
                for at, other in found
            ):
                found.append((position, reading))
    if found or scope.scoped(s):
        found.extend(scope.exceptions(s))
    return [reading for _, reading in sorted(found, key=lambda pair: pair[0])]


def read_decisions(sentences: list[Sentence]) -> list[Reading]:
    """Every decision the article's sentences state in one of the shapes."""
    readings = [
        reading
        for index, sentence in enumerate(sentences)
        for reading in read_sentence(sentence, " ".join(s.text for s in sentences[max(0, index - _CONTEXT) : index]))
    ]
    readings = with_makers(readings, sentences)
    if not (sentences and Clause(sentences[0].text, sentences[0].number).headline):
        return readings
    # A headline restates the body's decision in fewer and other words ("Gov. Evers authorizes the
    # Guard" over "Governor Tony Evers signed an order authorizing General Dunbar"): where the body
    # reads a permission by a party of the same name, the headline's is that one, not a second, and
    # the headline is read as one more sentence stating it.
    first = sentences[0].number
    body = [r for r in readings if r.number != first and r.kind == "authorisation"]
    return [
        next((replace(b, number=first) for b in body if _same_party(r.granter, b.granter)), r)
        if r.number == first and r.kind == "authorisation"
        else r
        for r in readings
    ]


def _key(reading: Reading) -> tuple[str, str | None, str]:
    """A decision's identity within its sentence: what it lets or keeps whom do. "The league passed
    rules that ban sponsors" is read once, by the shape that names the league."""
    return reading.kind, reading.receiver, reading.action


def _same_party(a: str | None, b: str | None) -> bool:
    """Whether two names share a capitalised word: "Gov. Evers" and "Governor Tony Evers"."""
    names = [{word.strip(".,'’") for word in (name or "").split() if word[:1].isupper()} for name in (a, b)]
    return bool(names[0] & names[1])
