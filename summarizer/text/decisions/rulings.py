"""A court's limits: a rule or an act halted, enjoined or found unlawful ("the judge halted the
deportations", "the court declared the curfew unconstitutional"). A company halts production and a
watchdog finds a payment illegal, so these are read only where a court does it. And what a ruling or
an order says someone may, must or may not do ("ruled that Y may Z", "ordered that Y not Z")."""

from __future__ import annotations

import re
from collections.abc import Callable

from summarizer.text.clauses import PRONOUNS, action_phrase, head_phrase, tail_phrase
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


def _court_before(before: str) -> str | None:
    """The court that made a ruling named just before its noun ("a South Korean court ruling", "the
    tribunal's verdict"), or None where none is."""
    court = tail_phrase(re.sub(r"['’]s?\s*$", "", before))
    return court if is_court(court) else None


# A verb of its own in what comes before an order's "not": "ordered that the law was not" is no order.
_FINITE = re.compile(rf"\b(?:{BE}|has|have|had|did|does|do|would|will)\b|\b[a-z]+ed\b")


# "ruled (on Friday) that", "ordered in 2019 that": a decision whose content is the clause after it.
RULED_THAT = (
    r"(?:ruled|decided|held|determined|(?P<order>ordered|directed|"
    # "issued directions that Y must": the order by its noun.
    r"(?:issued|gave)\s+(?:(?:an?|the)\s+)?(?:directions?|instructions?|orders?|directives?)))\s+(?:(?:on|in|last|this)\s+)?"
    r"(?:[A-Z]?[a-z]+\s+|\d{4}\s+)?that"
)


def ruled_that(s: Clause) -> Found:
    """ "X ruled (on Friday) that Y may now Z", "... that Y must Z" (an order), a court's "said Y can Z";
    "... that Y may not Z" and "... that Y cannot Z" are limits."""
    for m in s.decided(
        rf"\b(?:{RULED_THAT}|ruled|"
        r"(?P<said>said|found|wrote)(?:\s+that)?|(?P<noun>ruling|judgment|judgement|verdict)"
        r"(?:\s+(?:on|last|this|in)\s+[\w ]{1,20}?)?\s+that)\s+(?P<rest>.+?)\s+"
        r"(?:(?P<modal>may|can|must|should|shall|(?:is|are)\s+(?:free|allowed)\s+to|(?:has|have)\s+the\s+right\s+to)"
        r"(?:\s+(?P<not>not|never|no longer))?|"
        r"(?P<cannot>cannot|can['’]t|(?P<could>could\s+not|couldn['’]t)|mustn['’]t|"
        # "ruled that the assembly does not have the power to": a power denied is an act not allowed.
        r"(?:(?:does|do|did)\s+not\s+have|(?:has|have|had)\s+no|lacks?|lacked)\s+(?:the\s+|any\s+)?"
        r"(?:legal\s+|constitutional\s+)?(?:power|authority|right|jurisdiction)\s+to)|(?P<bare>not))"
        r"\s+(?:now\s+)?(?P<act>.+)"
    ):
        # "ordered that the firm not enter the land": an order's own "not", in the bare verb's clause;
        # an order's bare verb ("ordered that the firm pay") is `_allowed_to`'s; its "must" or "should" is
        # read here, and "may" after "ordered" is no order.
        if m["order"] and not (m["not"] or m["bare"] or (m["modal"] and m["modal"] in {"must", "should", "shall"})):
            continue
        if m["bare"] and (not m["order"] or _FINITE.search(m["rest"])):
            continue
        # "ruled the officers may have acted unlawfully" weighs what was done; it permits nothing.
        if m["act"].startswith("have "):
            continue
        # "Could not" is as often what someone failed to do: read only within the ruling's own clause.
        if m["could"] and re.search(r"[,;:]|\bbut\b", m["rest"]):
            continue
        # Read up to the modal, an "and" joins parties: "that both public and private schools should".
        modal = s.text[m.end("rest") :].split()[0]
        receiver = head_phrase(s.text[m.start("rest") :], stop=modal) or head_phrase(m["rest"])
        action = action_phrase(m["act"])
        # "A court ruling last year that Y should Z": the ruling's maker stands before its noun.
        granter = _court_before(s.before(m.start())) if m["noun"] else s.subject(m.start())
        # What a court says or finds in a case is its ruling; anyone else's "said" only reports.
        if not action or ((m["said"] or m["noun"]) and not is_court(granter)):
            continue
        # "ruled that no staff may be laid off": the limit is on those it names, in the sentence's words.
        if re.match(r"[Nn]o\s", m["rest"]) and not (m["not"] or m["cannot"]):
            told = s.text[m.start("rest") : m.start("act") + len(action)]
            yield m.start(), s.reading("exclusion", granter, None, told, "ruled that not")
        elif not receiver:
            continue
        elif m["not"] or m["cannot"] or m["bare"]:
            yield m.start(), s.reading("exclusion", granter, receiver, f"{receiver} to {action}", "ruled that not")
        else:
            yield m.start(), s.reading("authorisation", granter, receiver, action, "ruled that")


SHAPES: tuple[Callable[[Clause], Found], ...] = (_unlawful, _halted)
