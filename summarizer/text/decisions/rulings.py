"""A court's limits: a rule or an act halted, enjoined or found unlawful ("the judge halted the
deportations", "the court declared the curfew unconstitutional"). A company halts production and a
watchdog finds a payment illegal, so these are read only where a court does it."""

from __future__ import annotations

import re
from collections.abc import Callable

from summarizer.text.clauses import PRONOUNS, head_phrase
from summarizer.text.decisions.grammar import ADVERB, BE, LIMIT_NOUN, RULE, Clause, Found, names_rule
from summarizer.text.decisions.parties import agent, is_court, names_thing

# A court's finding that strikes a rule down: "declared the curfew unconstitutional".
VOID = r"unlawful|unconstitutional|illegal|invalid|void"
_JUDGED_VOID = r"declared|ruled|found|deemed|held"

# A court's verbs of stopping: "the judge halted the deportations". A company halts production, so
# these count only with a court as the subject.
_STOP = r"halted|suspended|stayed|paused|froze"
_ORDER_AGAINST = r"(?:temporary\s+|preliminary\s+|permanent\s+)?(?:injunction|restraining\s+order|stay)"


def _court(words: str | None) -> str | None:
    """The court a passive's "by" names ("by the High Court in London"), or None for anyone else."""
    court = agent(words) if words else None
    return court if court and is_court(court.split(" in ")[0]) else None


_HALTABLE = re.compile(
    rf"\b((?:[\w'’-]+\s+){{0,2}}(?:{RULE}|{LIMIT_NOUN}|executions?|deportations?|evictions?)s?"
    r"(?:\s+(?:on|of|against)\s+(?:[\w'’-]+\s+){0,2}?[\w'’-]+(?=\s+(?:to|that|which|has|have|had|was|were|is|are)\b))?)\b",
    re.IGNORECASE,
)


def _halted(s: Clause) -> Found:
    """ "The court halted the deportations", "the judge issued an injunction against the rule"."""
    for m in s.decided(
        rf"\b(?:(?:{_STOP})|issued\s+an?\s+{_ORDER_AGAINST}\s+(?:against|of|on))\s+(?P<rest>.+)", active=True
    ):
        court, target = s.subject(m.start()), head_phrase(m["rest"])
        if is_court(court) and target and names_thing(target):
            yield m.start(), s.reading("exclusion", court, None, target, "halted")
    # "The ban has been suspended by the High Court".
    for m in s.stated(
        rf"\b{BE}\s+(?:(?:temporarily|indefinitely)\s+)?(?:{_STOP}|blocked)\s+by\s+(?:the\s+|a\s+)?(?P<agent>[^,;:.]+)"
    ):
        court, target = _court(m["agent"]), s.subject(m.start())
        # "The ban on rallies to contain the spread of the virus has been suspended": what is halted
        # is the first rule the clause names, not the last noun before the verb.
        if target and not names_rule(target):
            first = _HALTABLE.search(s.before(m.start()))
            target = first.group(1) if first else None
        if court and target and names_thing(target):
            yield m.start(), s.reading("exclusion", court, None, target, "halted")


def _unlawful(s: Clause) -> Found:
    """ "The court declared the curfew unconstitutional", "the policy was ruled unlawful (by the court)":
    a court's finding strikes the rule down."""
    for m in s.decided(
        rf"\b(?P<verb>{_JUDGED_VOID}|declaring|deeming|finding)\s+(?:that\s+)?(?P<target>(?:(?!{VOID})[\w'’.-]+\s+){{1,8}}?)"
        # The finding is often quoted: "declared the arrest 'unlawful'".
        rf"(?:to\s+be\s+|(?:was|were|is|are)\s+)?[“\"‘']?(?:{VOID})\b",
        active=True,
    ):
        # "The court issued a verdict deeming the law unconstitutional": the participle's subject is
        # the clause's.
        participle = m["verb"].endswith("ing")
        court = s.main_subject(m.start()) if participle else s.subject(m.start())
        target = head_phrase(m["target"])
        if is_court(court) and target and names_thing(target) and target.lower() not in PRONOUNS:
            yield m.start(), s.reading("exclusion", court, None, target, "ruled unlawful")
    for m in s.stated(
        rf"\b{BE}\s+{ADVERB}(?:{_JUDGED_VOID})\s+(?:to\s+be\s+)?(?:{VOID})\b"
        r"(?:\s+by\s+(?:the\s+|a\s+)?(?P<agent>[^,;:.]+))?"
    ):
        target, court = s.subject(m.start()), _court(m["agent"])
        # Without a court named, only a rule is struck down: "his arrest was found unlawful" may be a
        # watchdog's view.
        if target and (court or names_rule(target)) and target.lower() not in PRONOUNS:
            yield m.start(), s.reading("exclusion", court, None, target, "ruled unlawful")


SHAPES: tuple[Callable[[Clause], Found], ...] = (_unlawful, _halted)
