"""What a decision stops or holds down: a freeze or a cap put on a thing, a closure ordered, a
permission stripped, a fleet grounded, a border closed to someone ("X put a freeze on Y", "X ordered
Y closed")."""

from __future__ import annotations

from collections.abc import Callable

from summarizer.text.clauses import head_phrase
from summarizer.text.decisions.grammar import Clause, Found, decides, names_thing

# A limit put on a thing by its noun: "put a freeze on hiring", "ordered a halt to the works".
# Not "an end to" or "a stop to", which are put to talk and violence as often as to anything allowed.
_LIMIT_ON = r"freeze|halt|cap|caps|limit|limits|restrictions|curbs|moratorium|ban|embargo"
# A thing made to stop by a decision: "ordered the bars closed", "ordered the closure of the bars".
_CLOSED = r"closed|shut|shut\s+down|grounded|halted|suspended|sealed"
_CLOSURE = r"closure|closing|shutdown|grounding|suspension|halting"


def _restricted(s: Clause) -> Found:
    """ "X put a freeze on Y", "X capped Y at four", "X ordered Y closed", "X stripped Y of Z", "X
    grounded the fleet", "X closed the border to Y": what a decision stops or holds down."""
    for m in s.decided(
        r"\b(?:put|placed|imposed|ordered|announced|slapped)\s+(?:an?\s+|the\s+)?"
        rf"(?P<noun>(?:(?:new|further|temporary|immediate|total|full|strict|tight|tougher)\s+)?(?:{_LIMIT_ON}))\s+"
        r"(?P<prep>on|to)\s+(?P<rest>.+)",
        active=True,
    ):
        target, granter = head_phrase(m["rest"]), s.subject(m.start())
        if target and granter and names_thing(target):
            yield m.start(), s.reading("exclusion", granter, None, f"{m['noun']} {m['prep']} {target}", "restricted")
    # "Limited" and "restricted" are as often adjectives ("gives Iran limited access to"): not read.
    for m in s.decided(r"\b(?:capped|curbed)\s+(?P<rest>.+?\s+(?:at|to)\s+.+)", active=True):
        target, granter = head_phrase(m["rest"]), s.subject(m.start())
        if target and granter and names_thing(target) and decides(s, granter):
            yield m.start(), s.reading("exclusion", granter, None, target, "restricted")
    for m in s.decided(
        rf"\bordered\s+(?:(?P<thing>(?:an?|the|all|its|their)\s+[^,;:]+?)\s+(?:{_CLOSED})\b|"
        rf"(?:an?|the)\s+(?:immediate\s+|temporary\s+)?(?:{_CLOSURE})\s+of\s+(?P<of>.+))",
        active=True,
    ):
        target, granter = head_phrase(m["thing"] or m["of"]), s.subject(m.start())
        if target and granter and names_thing(target):
            yield m.start(), s.reading("exclusion", granter, None, target, "restricted")
    for m in s.decided(r"\bstripped\s+(?P<who>[^,;:]+?)\s+of\s+(?P<rest>.+)", active=True):
        target, granter = head_phrase(m["rest"]), s.subject(m.start())
        if target and granter and decides(s, granter):
            yield m.start(), s.reading("exclusion", granter, m["who"], target, "restricted")
    for m in s.decided(
        r"\b(?:grounded\s+(?P<fleet>.+)|closed\s+(?:its|the|their)\s+(?:borders?|airspace|ports?)\s+to\s+(?P<who>.+))",
        active=True,
    ):
        target, granter = head_phrase(m["fleet"] or m["who"]), s.subject(m.start())
        if target and granter and names_thing(target) and decides(s, granter):
            yield m.start(), s.reading("exclusion", granter, None, target, "restricted")


SHAPES: tuple[Callable[[Clause], Found], ...] = (_restricted,)
