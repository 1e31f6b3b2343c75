"""What a decision stops or holds down: a freeze or a cap put on a thing, a closure ordered, a
permission stripped, a fleet grounded, a border closed to someone, a thing suspended or shut, a party
put on a list of the sanctioned or taken off a list of the approved ("X put a freeze on Y", "X ordered
Y closed", "X suspended Y", "Y were halted until further notice", "X added Y to its entity list")."""

from __future__ import annotations

import re
from collections.abc import Callable

from summarizer.text.clauses import (
    ACTS,
    CONDITION_AFTER,
    PRONOUNS,
    UNREAL_CLAUSE,
    WEEKDAYS,
    WHEN_ASIDE,
    action_phrase,
    head_phrase,
    unreal,
)
from summarizer.text.decisions.grammar import (
    ADVERB,
    BE,
    CLOSING_QUOTE,
    CLOSURE_ORDERED,
    LIMIT_NOUN,
    NUMBER,
    Clause,
    Found,
)
from summarizer.text.decisions.parties import agent, decides, is_court, names_act, names_thing, party_before

# A limit put on a thing by its noun: "put a freeze on hiring", "ordered a halt to the works".
# Not "an end to" or "a stop to", which are put to talk and violence as often as to anything allowed.
_LIMIT_ON = r"freeze|halt|pause|cap|caps|limit|limits|restrictions|curbs|moratorium|ban|embargo|stay(?:\s+order)?"
# A thing made to stop by a decision: "ordered the bars closed", "ordered the closure of the bars".
_CLOSED = r"closed|shut|shut\s+down|grounded|halted|suspended|sealed"
_TERM_WORD = r"(?:by|until|for|from|after|during)"


def _restricted(s: Clause) -> Found:
    """ "X put a freeze on Y", "X capped Y at four", "X ordered Y closed", "X stripped Y of Z", "X
    grounded the fleet", "X closed the border to Y": what a decision stops or holds down."""
    for m in s.decided(
        r"\b(?:put|placed|imposed|ordered|announced|slapped|issued|granted)\s+(?:an?\s+|the\s+)?"
        rf"(?P<noun>(?:(?:new|further|temporary|immediate|total|full|strict|tight|tougher)\s+)?(?:{_LIMIT_ON}))(?:{WHEN_ASIDE})?\s+"
        r"(?P<prep>on|to|of)\s+(?P<rest>.+)",
        active=True,
    ):
        # A court's stay is "of" what it stops as well as "on" it; any other limit "of" is its size.
        if m["prep"] == "of" and not m["noun"].startswith("stay"):
            continue
        target, granter = head_phrase(m["rest"]), s.subject(m.start())
        if target and granter and names_thing(target):
            yield m.start(), s.reading("exclusion", granter, None, f"{m['noun']} {m['prep']} {target}", "restricted")
    # "Limited" and "restricted" are as often adjectives ("gives Iran limited access to"): read only
    # with the number they hold a thing to ("limited gatherings to ten people").
    for m in s.decided(
        rf"\b(?:(?:capped|curbed)\s+(?P<rest>.+?\s+(?:at|to)\s+.+)|"
        rf"(?:limited|restricted)\s+(?P<held>[^,;:]+?\s+to\s+(?:{NUMBER}|a\s+maximum\s+of|no\s+more\s+than)\b.*))",
        active=True,
    ):
        rest = m["rest"] or m["held"]
        target, granter = head_phrase(rest), s.subject(m.start())
        if target and granter and names_thing(target) and decides(s, granter):
            yield m.start(), s.reading("exclusion", granter, None, target, "restricted")
    for m in s.decided(
        rf"\b(?:ordered\s+(?P<thing>(?:an?|the|all|its|their|[A-Z][\w.&-]*['’]s?)\s+[^,;:]+?)\s+(?:{_CLOSED})\b|"
        # "announced Monday the suspension of": the day told between the verb and its object.
        rf"(?:ordered|orders|directed|instructed|decreed|extended|extends|extend|announced)\s+(?:(?:on\s+)?(?:{WEEKDAYS})\s+)?"
        rf"(?:(?:an?|the)\s+)?{CLOSURE_ORDERED}{CLOSING_QUOTE}\s+of\s+(?P<of>.+))",
        active=True,
    ):
        # "the closures of public and private schools by another week": an "and" joins what closes, up
        # to the closure's terms.
        closed = m["thing"] or m["of"]
        joined = re.split(rf"\s+{_TERM_WORD}\s+|[,;:()]|\.\s*$", closed)[0].strip()
        target = joined if " and " in joined and len(joined.split()) <= 6 else head_phrase(closed)
        granter = s.subject(m.start())
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


# A decision's verbs of stopping a thing or a party ("suspended the club's membership", "froze the
# assets", "suspended its treasurer"). A court's are `rulings`'; a storm or a firm stops things too,
# so the subject must be a body that decides. "Closed" is left out: a session, a deal and a market close.
_STOPPED = r"suspended|halted|froze|shut\s+down|shuttered|paused"
# A headline tells the day's act in the present: "Agency halts construction of the dam".
_STOPS = r"suspends|halts|freezes|shuts\s+down|shutters|pauses"
_STOP_BASE = r"suspend|halt|freeze|shut\s+down|shutter|pause|close"
# In the passive, what makes a stop a decision rather than a happening ("the match was suspended as rain
# fell"): who did it after "by", or the terms a decision sets (how long, from when).
_TERMS = re.compile(
    r"\s+(?:by\s+(?P<agent>[^,;:.]+)|until\b|indefinitely\b|immediately\b|with\s+immediate\s+effect\b|(?P<to>to)\s+(?=\S)|"
    rf"for\s+(?:the\s+next\s+|at\s+least\s+|another\s+)?(?:a|an|{NUMBER})\s+(?:[\w-]+\s+)?"
    r"(?:days?|weeks?|months?|years?|seasons?))"
)


def _stopped(s: Clause) -> Found:
    """ "X suspended Y", "X froze Y's assets", "Y were suspended until further notice", "Y was halted by
    X": a thing or a party a decision stops."""
    stops = rf"{_STOPPED}|{_STOPS}" if s.headline else _STOPPED
    # After "decided to" or "voted to" the verb is in its base form: "resolved to suspend the channel"
    # (a wish or a plan before the "to" is no decision: `Clause.decided`).
    stops += rf"|(?<=\sto\s)(?:{_STOP_BASE})\b"
    for m in s.decided(rf"\b(?:{stops})\s+(?P<rest>.+)", active=True):
        target, granter = head_phrase(m["rest"]), s.subject(m.start())
        if target and granter and names_thing(target) and decides(s, granter) and not is_court(granter):
            yield m.start(), s.reading("exclusion", granter, None, target, "stopped")
    # "The governor's order will shut down bars", "the decree closes the border": an act of deciding
    # stops what it names from when it takes effect, told in the present or with "will".
    for m in re.finditer(rf"\b(?P<will>will\s+)?(?:(?P<present>{_STOPS}|closes)|{_STOP_BASE})\s+(?P<rest>.+)", s.text):
        granter = s.subject(m.start())
        target = head_phrase(m["rest"])
        if (
            granter
            and names_act(granter)
            and target
            and names_thing(target)
            # The base form ("the decree close") only after "will".
            and (m["will"] or m["present"])
            and not UNREAL_CLAUSE.search(s.before(m.start()))
            and not CONDITION_AFTER.search(m["rest"])
        ):
            yield m.start(), s.reading("exclusion", granter, None, target, "stopped")
    for m in re.finditer(
        rf"\b{BE}\s+{ADVERB}(?P<verb>{_STOPPED}|frozen|shut|grounded|closed|(?:put|placed)\s+on\s+hold)\b(?=(?P<rest>.*))",
        s.text,
    ):
        terms = _TERMS.match(m["rest"])
        # "Closed" is a stop only where it says to whom ("closed to the public"); "on hold" is one by itself.
        if m["verb"] == "closed":
            stated = terms is not None and terms["to"] is not None
        else:
            stated = terms is not None or m["verb"].endswith("hold")
        target = s.subject(m.start())
        granter = agent(terms["agent"]) if terms and terms["agent"] else None
        if (
            stated
            and target
            and names_thing(target)
            and target.lower() not in PRONOUNS
            and not is_court(granter)
            and not unreal(s.before(m.start()))
            and not s.no_longer_held(s.before(m.start()), m.start())
        ):
            yield m.start(), s.reading("exclusion", granter, None, target, "stopped")


# Lists that hold a party back: sanctions, export controls, flights. Put on one, or taken off a list of
# the approved, a party loses what others may do.
_BARRING_LIST = (
    r"black\s*list|blacklist|entity\s+list|sanctions?\s+list|no-fly\s+list|watch\s*list|"
    r"list\s+of\s+(?:[\w-]+\s+){0,3}(?:sponsors|terrorists?|sanctioned|banned)"
)
_ALLOWING_LIST = (
    r"white\s*list|whitelist|list\s+of\s+(?:[\w-]+\s+){0,3}(?:approved|preferred|eligible|trusted|authori[sz]ed|"
    r"licensed|permitted)"
)
# A decision to list, taken in another verb's words: "voted to add", "approved a plan to remove".
_LED = r"(?:(?:voted|decided|agreed|moved)\s+to|approved\s+(?:a|the)\s+(?:plan|measure|proposal)\s+to)\s+"
_LIST = r"(?:the|its|their|his|her|a|an)\s+(?:[\w-]+\s+){0,3}?[\"“']?"
# What is "sanctioned" in the sense of approved: a sum, or an act named by its noun ("the release of").
_APPROVED_SUM = re.compile(
    r"(?:the\s+)?(?:[a-z]+(?:ion|ment|ance|ence)|support|use)\s+of\b|"
    r"(?:\S+\s+){0,3}?(?:[$€£₹]|Rs\b|crores?\b|lakhs?\b|millions?\b|billions?\b|funds?\b)"
)


def _listed(s: Clause) -> Found:
    """ "X added Y to its entity list", "X blacklisted Y", "X removed Y from a whitelist of Z", "Y were
    put on the sanctions list": a party held back by a list."""
    for m in s.decided(
        rf"\b(?:(?:added|placed|put|{_LED}(?:add|place|put))\s+(?P<on>.+?)\s+(?:to|on)\s+{_LIST}(?:{_BARRING_LIST})|"
        rf"(?:removed|dropped|struck|{_LED}(?:remove|drop|strike))\s+(?P<off>.+?)\s+from\s+{_LIST}(?:{_ALLOWING_LIST})|"
        r"(?P<verb>blacklisted|sanctioned|sanctioning)\s+(?P<named>.+))",
        active=True,
    ):
        # "sanctioned Rs 50 crore", "sanctioned the release of funds": sanctioned as approved, not punished.
        if m["named"] and _APPROVED_SUM.match(m["named"]):
            continue
        head = s.head(m.start(), m["verb"] or "")
        if head is None:
            continue
        target, granter = head_phrase(m["on"] or m["off"] or m["named"]), s.subject(head)
        if target and granter and names_thing(target) and decides(s, granter):
            yield m.start(), s.reading("exclusion", granter, None, target, "listed")
    for m in re.finditer(
        rf"\b{BE}\s+{ADVERB}(?:(?:added|placed|put)\s+(?:to|on)\s+{_LIST}(?:{_BARRING_LIST})|blacklisted)\b", s.text
    ):
        target = s.subject(m.start())
        if target and names_thing(target) and target.lower() not in PRONOUNS and not unreal(s.before(m.start())):
            yield m.start(), s.reading("exclusion", None, None, target, "listed")


def _stopped_issuing(s: Clause) -> Found:
    """ "The embassy stopped issuing visas to students": a body that stops granting a thing withholds it."""
    for m in s.decided(
        r"\b(?:stopped|halted|suspended|ceased|paused)\s+(?:issuing|granting|approving|processing|accepting)\s+(?P<rest>.+)",
        active=True,
    ):
        target, granter = head_phrase(m["rest"]), s.subject(m.start())
        if target and granter and names_thing(target) and decides(s, granter):
            yield m.start(), s.reading("exclusion", granter, None, target, "stopped")


def _on_hold(s: Clause) -> Found:
    """ "X put the project on hold": a decision stops it until further notice."""
    for m in s.decided(r"\b(?:put|placed)\s+(?P<rest>[^,;:]+?)\s+on\s+(?:hold|ice)\b", active=True):
        target, granter = head_phrase(m["rest"]), s.subject(m.start())
        if target and granter and names_thing(target) and decides(s, granter):
            yield m.start(), s.reading("exclusion", granter, None, target, "stopped")


# What an act of deciding is made to stop: "a decree to suspend the legislature", "an injunction
# designed to block activists from ...".
_TO_STOP = r"suspend|shut\s+down|close|block|bar|ban|halt|stop|prevent|prohibit|freeze|dissolve|invalidate|evict|clear"
_ISSUED = r"issued|granted|signed|handed\s+down|imposed|passed|adopted|made"
# Or whose purpose is a limit put on a thing: "a bill to impose a ban on coal imports".
_PUT_ON = rf"(?:impose|codify|extend|enforce|put)\s+(?:an?|the)\s+(?:[\w-]+\s+)?(?:{LIMIT_NOUN})\s+on"


def _act_to_stop(s: Clause) -> Found:
    """ "X issued a decree to suspend Y", "a judge granted an injunction to shut down Y", "an order
    designed to block Y from Z has been granted": an act of deciding whose purpose is a stop."""
    for m in re.finditer(
        rf"\b(?P<noun>{ACTS}|resolution|bill|measure|legislation)s?(?:\s+(?!to\b)[\w-]+){{0,3}}?\s+"
        rf"(?:(?:designed|meant|intended)\s+)?to\s+(?:(?P<verb>{_TO_STOP})|{_PUT_ON})\s+(?P<rest>.+)",
        s.text,
    ):
        before = s.before(m.start())
        issued = re.search(
            rf"\b(?P<verb>{_ISSUED})\s+(?:an?\s+|the\s+|its\s+|his\s+|her\s+|their\s+)?(?:[\w-]+\s+){{0,3}}$", before
        )
        # "The bill to suspend trade with X, ..., passed by a vote of 40-3": passed, it is law's to be.
        granted = re.search(
            rf"\s+(?:(?:has|have|had)\s+been|{BE})\s+(?:{_ISSUED})(?:\s+by\s+(?P<by>[^,;:]+))?|,?\s+passed\b",
            m["rest"],
        )
        if not (issued or granted) or unreal(before[: issued.start()] if issued else before):
            continue
        rest = m["rest"][: granted.start()] if granted else m["rest"]
        by = granted["by"] if granted else None
        granter = s.subject(issued.start()) if issued else (agent(by) if by else None)
        if granter is not None and not decides(s, granter):
            continue
        held, after = party_before(rest, "from")
        action = action_phrase(after) if held else None
        target = f"{held} from {action}" if held and action else head_phrase(rest)
        if target and names_thing(target):
            yield m.start(), s.reading("exclusion", granter, None, target, "act to stop")


SHAPES: tuple[Callable[[Clause], Found], ...] = (
    _restricted,
    _stopped,
    _listed,
    _stopped_issuing,
    _on_hold,
    _act_to_stop,
)
