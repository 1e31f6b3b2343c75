"""Who decided what a sentence tells in the passive with no agent, named in another sentence.

"The General Staff is instructed to determine the order of conscription" names no one who instructed
it; the report told who a few sentences before: "President Ruiz has signed a decree on mobilisation".
A decree, an order or instructions signed, issued or given are their maker's, and so are the
directions the article goes on to tell in the passive. Only a maker named so is taken: the granter of
some other decision in the article is as often a court that blocked the order as the one who gave it.
"""

from __future__ import annotations

import re
from dataclasses import replace

from summarizer.text.clauses import ACTS, PRONOUNS
from summarizer.text.decisions.grammar import Clause, Reading
from summarizer.text.decisions.parties import decides, names_act, names_decider
from summarizer.text.sentences import Sentence

# "has signed a Decree on the general mobilization", "gave a number of urgent instructions to".
_ISSUED = re.compile(
    rf"\b(?:signed|issued|gave|has\s+given|handed\s+down)\s+(?:[\w-]+\s+){{0,5}}?(?:{ACTS}|instructions)s?\b",
    re.IGNORECASE,
)


def _makers(sentences: list[Sentence]) -> list[tuple[int, str]]:
    """The sentences that tell an act of deciding signed, issued or given, with its maker."""
    found: list[tuple[int, str]] = []
    for sentence in sentences:
        s = Clause.of(sentence)
        for m in _ISSUED.finditer(s.text):
            who = s.subject(m.start())
            if who and who.lower() not in PRONOUNS and names_decider(who) and decides(s, who):
                found.append((sentence.number, who))
                break
    return found


def _unmade(reading: Reading) -> bool:
    """A permission told with no granter, or with the act that gives it for one ("an executive order
    that activated the Guard"): the act's maker decided it."""
    return reading.kind == "authorisation" and (reading.granter is None or names_act(reading.granter))


def with_makers(readings: list[Reading], sentences: list[Sentence]) -> list[Reading]:
    """`readings`, each permission told with no granter but the act given the maker of the last act of
    deciding the article told up to its sentence, where there is one."""
    makers = _makers(sentences) if any(_unmade(r) for r in readings) else []
    return [
        replace(r, granter=told[-1]) if _unmade(r) and (told := [who for n, who in makers if n <= r.number]) else r
        for r in readings
    ]
