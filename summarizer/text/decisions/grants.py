"""What is given: a permission, a waiver, a request granted, a limit lifted ("X granted Y a waiver",
"Y won approval from X to Z", "X lifted the embargo on Y", "X upheld Y's order"). The receiver is
the one given it."""

from __future__ import annotations

import re
from collections.abc import Callable

from summarizer.text.clauses import ACTS, PRONOUNS, action_phrase, head_phrase, word_count
from summarizer.text.decisions.grammar import (
    DAY,
    GIVEN_TO_SOMEONE,
    GRANTABLE,
    LIMIT_NOUN,
    NUMBER,
    PERMISSION,
    REQUEST,
    Clause,
    Found,
)
from summarizer.text.decisions.parties import (
    OBJECT_PRONOUNS,
    is_court,
    names_party,
    names_thing,
    party_and_act,
    party_and_act_after,
    party_before,
)
from summarizer.text.decisions.releases import freed, pardoned, release_ordered

# Given in a lead verb's words too: "voted to give the governor the power to".
_GRANT = (
    r"granted|gave|given|awarded|issued|handed|provided|(?:voted|agreed|decided|moved)\s+to\s+(?:give|grant|hand)|"
    # Or in its act's words: "enacted a bill to give the government power to", "invoked the act,
    # giving banks the power to".
    rf"(?:enacted|signed|passed|adopted|issued|approved)\s+(?:an?|the)\s+(?:[\w-]+\s+){{0,3}}?"
    rf"(?:{ACTS}|bill|law|legislation|measure)\s+to\s+(?:give|grant)|(?P<participle>(?:(?<=,\s)|(?<=\sby\s))(?:giving|granting))|"
    # "approved export licences for Acme to ship": approving a permission for someone grants it.
    rf"approved(?=\s+(?:the\s+|an?\s+)?(?:[a-z]+\s+)?(?:{PERMISSION})s?\s+for\s)|"
    # "ordered bail to the two leaders": bail ordered is bail granted.
    rf"order(?:ed|s)(?=\s+(?:[\w-]+\s+){{0,2}}?{GIVEN_TO_SOMEONE}\s+to\s)"
)
_RECEIVED = (
    r"\b(?:won|received|got|obtained|secured)\s+"
    r"(?P<thing>(?:an?\s+|the\s+)?(?:(?!(?:it|them|him|her|this|that)\b)[\w-]+\s+){0,2}?"
    rf"(?:{PERMISSION})s?\b(?!\s+ratings?\b))\s+from\s+(?P<agent>[^,;:.]+?)"
    r"(?:\s+to\s+(?P<act>[^,;:]+)|(?=[,;:.]|\s+(?:for|on|in)\s|$))"
)


# A name and one lower-case word after it that is no plural ("Lee default").
_NAME_THEN_WORD = re.compile(r"(?:[A-Z][\w'’.-]*\s+)+[a-z]+(?<!s)")
# Words that say how much or what kind of permission is given, which stand before its noun.
_QUALIFIERS = frozenset(
    [
        "new",
        "extra",
        "additional",
        "special",
        "emergency",
        "sweeping",
        "broad",
        "broader",
        "wide",
        "wider",
        "more",
        "greater",
        "full",
        "limited",
        "temporary",
        "expanded",
        "further",
        "fresh",
        "final",
        "formal",
        "conditional",
        "partial",
    ]
)
_DURATION = re.compile(r"\b[\w]+-(?:hours?|days?|weeks?|months?|years?)$")
_TIME_GIVEN = re.compile(
    rf"(?P<who>[^,;:]+?)\s+(?P<time>(?:(?:another|an\s+extra|{NUMBER})\s+(?:more\s+|extra\s+)?"
    r"(?:hours?|days?|weeks?|months?|years?)|until\s+[^,;:]+?))\s+to\s+(?P<act>.+)"
)


def _received(s: Clause) -> Found:
    """ "Y won approval from X to Z", "Y received a waiver from X": the subject is the one who may act.
    Who gave it must be in the sentence: "received immunity" alone leaves the giver to the sentences
    around, and a permission shown without its giver is half of one."""
    for m in s.decided(_RECEIVED, active=True):
        receiver = s.subject(m.start())
        action = action_phrase(m["act"]) if m["act"] else m["thing"]
        granter = head_phrase(m["agent"])
        if receiver and action and granter and receiver.lower() not in PRONOUNS:
            yield m.start(), s.reading("authorisation", granter, receiver, action, "received permission")


def _granted(s: Clause) -> Found:
    """ "X granted Y an extension", "X granted asylum to Y", "X has given permission for Y to Z"."""
    for m in s.decided(rf"\b(?:{_GRANT})\s+(?=(?P<rest>.+))", active=True):
        rest = m["rest"]
        granter = s.main_subject(m.start()) if m["participle"] else s.subject(m.start())
        # "issued export licences for Acme to ship": a word may tell the permission's kind.
        permission = re.match(rf"(?:the\s+|an?\s+)?(?:[a-z]+\s+)?(?:{PERMISSION})s?\s+for\s+(?P<rest>.+)", rest)
        if permission:
            receiver, action = party_and_act(permission["rest"])
            if action:
                yield m.start(), s.reading("authorisation", granter, receiver, action, "gave permission")
            continue
        # "gave the ministry 14 days to respond", "gave the firm until May to sell": time to act is
        # leave to act within it.
        time = _TIME_GIVEN.match(rest)
        if time and granter:
            receiver, action = head_phrase(time["who"]), action_phrase(time["act"])
            if receiver == time["who"].strip() and names_party(receiver) and action:
                yield (
                    m.start(),
                    s.reading("authorisation", granter, receiver, f"{time['time']} to {action}", "gave time"),
                )
            continue
        # "granted asylum to the crew", "bail to the two leaders": the receiver after "to" is a name or a
        # phrase with its determiner, where an action would start with a verb ("permission to build").
        # Not access or entry, which are granted to places ("access to the site").
        # Approval and a go-ahead are given to things as often as to parties ("approval to the
        # budget"), so they are not read here.
        given_to = re.match(
            rf"(?P<thing>(?:an?\s+|the\s+)?(?:[\w-]+\s+){{0,2}}?(?!approval|go-ahead|green light)"
            rf"(?:{PERMISSION}|bail|parole)s?)(?:,?\s+(?:and\s+)?(?:an?\s+|the\s+)?(?:[\w-]+\s+){{0,2}}?(?:{PERMISSION})s?)*"
            # What an exemption is from comes between it and its receiver: "an exemption from the levy to".
            r"(?:\s+from\s+(?:the\s+|an?\s+)?(?:[\w-]+\s+){0,2}?[\w-]+)?\s+to\s+"
            rf"(?P<who>(?:(?:the|a|an|his|her|its|their|all|both|{NUMBER}|tens|hundreds|thousands|dozens)\s|[A-Z0-9]|"
            r"(?P<title>[a-z][\w-]*\s+(?:[a-z][\w-]*\s+)?[A-Z]))[^,;:]*)"
            r"(?P<aside>,[^,;:]{1,80},)?",
            rest,
        )
        # Bail, parole, a pardon or asylum go to someone, so what follows "to" may open with a lower-case
        # title before the name ("bail to former minister Ann Lee"); a permission is as often to act
        # ("permission to use US weapons").
        if given_to and given_to["title"] and not re.search(rf"{GIVEN_TO_SOMEONE}$", given_to["thing"]):
            given_to = None
        if given_to and granter:
            # "permission to Ann Lee (, a founder of the group,) to bring a review": what the permission
            # is for follows its receiver.
            who, *after = re.split(r"\s+to\s+(?=[a-z])", given_to["who"], maxsplit=1)
            purpose = re.match(r"\s+to\s+(?P<act>[a-z].*)", rest[given_to.end() :]) if given_to["aside"] else None
            act = after[0] if after else purpose["act"] if purpose else None
            receiver, action = head_phrase(who), action_phrase(act) if act else None
            if receiver and names_party(receiver):
                thing = f"{given_to['thing']} to {action}" if action else given_to["thing"]
                yield m.start(), s.reading("authorisation", granter, receiver, thing, "granted to")
            continue
        # The thing granted, after the receiver: "the airline a waiver", not "the airline a".
        # Where the receiver ends: before an article ("the crews a licence"), else before the bare
        # noun ("the trawler crews permission"), else before the fewest modifiers ("the coast guard new
        # powers").
        splits = sorted(
            re.finditer(
                rf"\s(?=(?P<thing>(?P<article>an?\s+|the\s+)?(?P<modifiers>(?:(?!(?:an?|the)\s)[\w-]+\s+){{0,2}})"
                rf"(?:{GRANTABLE})s?\b.*))",
                rest,
            ),
            key=lambda split: (not split["article"], len(split["modifiers"].split())),
        )
        for thing in splits:
            # A split past a clause's end ("Lee bail, saying that the extension ...") is not the one.
            before = rest[: thing.start()]
            receiver = head_phrase(before) if word_count(before) <= 6 and not re.search(r"[,;:]", before) else None
            # One lower-case word that is no plural, right before the noun, is the permission's modifier:
            # "gave final approval" ("gave police extra powers" has its modifier after "police"); so is
            # a word that qualifies a grant, after its receiver: "gave the army new powers".
            lone = (
                receiver is not None
                and receiver.islower()
                and " " not in receiver
                and not receiver.endswith("s")
                and not (thing["article"] or thing["modifiers"])
            )
            # So is one after a name: "granted Lee default bail".
            qualified = receiver is not None and (
                receiver.split()[-1].lower() in _QUALIFIERS or _NAME_THEN_WORD.fullmatch(receiver) is not None
            )
            # "granted him a cash bail": the receiver is the pronoun, which names no one here; in "granted
            # a two-week bail", "a two-week" is how long, and no one either.
            no_one = receiver is not None and (
                receiver.split()[0].lower() in OBJECT_PRONOUNS or _DURATION.search(receiver) is not None
            )
            # "granted the plea for bail": what was granted is the request, whose maker is told elsewhere.
            asked = receiver is not None and re.search(rf"\b(?:{REQUEST})s?$", receiver) is not None
            if receiver and granter and names_party(receiver) and not (lone or qualified or no_one or asked):
                action = head_phrase(thing["thing"]) or thing["thing"]
                yield m.start(), s.reading("authorisation", granter, receiver, action, "granted")
                break


def _lifted(s: Clause) -> Found:
    """ "X lifted the ban on Y", "X scrapped the restrictions on Y": Y may now act, or be dealt with, as
    the limit forbade. (A court that strikes a ban down or blocks it is read by its limit, as the
    guidelines count it.)"""
    for m in s.decided(
        # After "voted to" or "decided to" the verb is in its base form: "voted to end its ban on".
        rf"\b(?P<verb>lifted|scrapped|repealed|ended|removed|dropped|(?<=to\s)(?:lift|scrap|repeal|end|remove|drop))"
        # The limit with or without its article: "lifted sanctions on", "lifted some of the curbs on".
        r"\s+(?:(?:an?|the|its|their|his|her|some|all|most|remaining|(?:some|all|most)\s+of\s+the)\s+)?"
        # Two limits may share their target: "lifted an arms embargo and targeted sanctions on".
        rf"(?P<limit>(?:[\w-]+\s+){{0,3}}?(?:{LIMIT_NOUN}|restrictions)"
        rf"(?:\s+and\s+(?:[\w-]+\s+){{0,2}}?(?:{LIMIT_NOUN}|restrictions))?)"
        r"\s+(?:on|for|against)\s+(?P<rest>.+)",
        active=True,
    ):
        target, granter = head_phrase(m["rest"]), s.subject(m.start())
        # Whom the limit held ends at its first preposition: "on Vietnam during his visit".
        target = (
            re.split(r"\s+(?:during|in|at|for|with|on|as|over|since|until|from|by)\s+", target)[0] if target else None
        )
        if target and granter and names_thing(target):
            yield (
                m.start(),
                s.reading("authorisation", granter, target, f"{m['verb']} the {m['limit']} on {target}", "lifted"),
            )


# An act that held a party back, undone: "overturned a lower court order that had stopped the county
# from counting", "lifted the injunction barring the firm from drilling".
_UNDOES = r"overturned|lifted|vacated|reversed|struck\s+down|set\s+aside|quashed|dissolved"
_HELD_BACK = r"stopped|barred|blocked|prevented|stopping|barring|blocking|preventing|prohibiting|prohibited"


def _limit_undone(s: Clause) -> Found:
    """ "X overturned an order that had stopped Y from Z": with the limit gone, Y may Z."""
    for m in s.decided(
        rf"\b(?:{_UNDOES})\s+(?:an?\s+|the\s+|its\s+|their\s+)?[^,;:]{{0,40}}?\b(?:{ACTS}|ban|law|rule)s?\s+"
        rf"(?:(?:that|which)\s+(?:had\s+|has\s+|have\s+)?)?(?:{_HELD_BACK})\s+(?P<rest>.+)",
        active=True,
    ):
        held, after = party_before(m["rest"], "from")
        action, granter = action_phrase(after) if held else None, s.subject(m.start())
        if held and action and granter and names_party(held):
            yield m.start(), s.reading("authorisation", granter, held, action, "lifted")


def _waived(s: Clause) -> Found:
    """ "X waived the rule for Y", "X waived sanctions on Y": Y is let off what the rule asked."""
    for m in s.decided(
        r"\bwaived\s+(?P<thing>(?:(?:an?|the|its|their|his|her)\s+)?(?:[\w-]+\s+){0,3}?[\w-]+)"
        r"\s+(?:for|on|against)\s+(?P<rest>.+)",
        active=True,
    ):
        target, granter = head_phrase(m["rest"]), s.subject(m.start())
        if target and granter and names_party(target) and target.split()[0].lower() not in PRONOUNS:
            yield m.start(), s.reading("authorisation", granter, target, f"waived {m['thing']}", "waived")


def _mandate_extended(s: Clause) -> Found:
    """ "X extended the mandate of Y", "voted to renew the mandate of Y": Y may go on doing what it was
    given to do."""
    for m in s.decided(
        r"\b(?P<verb>extended|renewed|(?<=to\s)(?:extend|renew))\s+(?:the|its)\s+mandate\s+of\s+(?P<rest>.+)",
        active=True,
    ):
        receiver, granter = head_phrase(m["rest"]), s.subject(m.start())
        if receiver and granter and names_party(receiver) and receiver.lower() not in PRONOUNS:
            yield (
                m.start(),
                s.reading("authorisation", granter, receiver, f"{m['verb']} the mandate", "mandate extended"),
            )


# Money given for a stated party: "approved $40 billion in aid for Ukraine", "released funds to the
# Pentagon". Only a named party takes it ("for Ukraine", "to the Pentagon"): "$5 million for road
# repairs" names a use, no one who may act.
_FUNDS = (
    r"(?:an?\s+|the\s+)?(?:[$€£]\s?[\d.,]+(?:\s*(?:million|billion|trillion|bn|m))?|[\d.,]+\s+(?:million|billion|trillion))"
    r"(?:\s+(?:in|of|worth\s+of))?(?:\s+(?:[\w-]+\s+){0,2}?(?:aid|funding|funds|assistance|loans?|grants?|package))?|"
    r"(?:an?\s+|the\s+)?(?:new\s+|more\s+|emergency\s+|military\s+)?(?:aid|funding|funds|assistance)(?:\s+package)?"
)


def _funded(s: Clause) -> Found:
    """ "X approved $40 billion in aid for Ukraine", "X released the funds to the Pentagon"."""
    for m in s.decided(
        rf"\b(?:approved|authori[sz]ed|allocated|awarded|granted|released)\s+(?P<funds>{_FUNDS})\s+(?:for|to)\s+"
        r"(?P<who>.+)",
        active=True,
    ):
        receiver, granter = head_phrase(m["who"]), s.subject(m.start())
        named = receiver is not None and re.match(r"(?:the\s+)?[A-Z]", receiver) is not None
        if granter and receiver and named and names_party(receiver):
            yield m.start(), s.reading("authorisation", granter, receiver, f"receive {m['funds']}", "funded")


def _granted_effect(s: Clause) -> Found:
    """ "X extended a waiver that allows Y to Z", "X issued a licence that will let Y Z": the act is the
    grant, the relative clause says whom it lets do what."""
    for m in s.decided(
        r"\b(?:extended|renewed|issued|granted|approved)\b[^,;:]{0,60}?\b(?:"
        + PERMISSION
        # "approved permits allowing the firm to mine": the participle says it as the relative clause does.
        + r")s?\s+(?:(?:that|which)\s+(?:will\s+|would\s+)?(?P<verb>allows?|permits?|lets?|enables?)|"
        r"(?P<participle>allowing|permitting|letting|enabling))\s+(?P<rest>.+)",
        active=True,
    ):
        verb = m["verb"] or m["participle"]
        granter, (receiver, action) = s.subject(m.start()), party_and_act_after(verb, m["rest"])
        if granter and receiver and action and names_party(receiver):
            yield m.start(), s.reading("authorisation", granter, receiver, action, "granted to")


def _upheld(s: Clause) -> Found:
    """ "X upheld Y's order", "X approved Y's request", "X renewed Y's licence": what is approved is its
    possessor's act, and the possessor may now go ahead; "approved the budget" names no one who may act."""
    for m in s.decided(
        # A day between the verb and its object is neither's: "approved on Thursday Acme's vaccine".
        rf"\b(?P<verb>upheld|approved|affirmed|granted|extended|renewed)\s+(?:{DAY}\s+)?"
        r"(?P<owner>(?:[A-Z][\w.&-]*\s+){0,3}[A-Z][\w.&-]*)['’]s?\s+(?P<rest>.+)"
    ):
        thing, granter = head_phrase(m["rest"]), s.subject(m.start())
        # A deadline or a term extended is no leave: only a permission renewed is.
        renewed = m["verb"] in {"extended", "renewed"}
        if thing and granter and (not renewed or re.search(rf"\b(?:{GRANTABLE})s?$", thing)):
            action = f"{m['verb']} {m['owner']}'s {thing}"
            yield m.start(), s.reading("authorisation", granter, m["owner"], action, "upheld")


def _granted_request(s: Clause) -> Found:
    """ "X granted a request from Y to Z", "X approved Y's application to Z", "X granted approval to Y's
    plan to Z": the one who asked or planned may now do it. A proposal is left out: "a proposal from the
    commission to ban Z" asks the approvers to act, not its maker."""
    for m in s.decided(
        # "approved plans by the developer to build": plans go without an article as often as with one.
        rf"\b(?:granted|approved|accepted|okayed|greenlit|green-lit|rubber-stamped|signed\s+off\s+on)\s+(?:(?:(?:an?|the)\s+(?:[\w'’-]+\s+){{0,2}}?(?:{REQUEST}|plan)|"
        rf"(?:the\s+)?(?:[\w'’-]+\s+)?plans)\s+(?:from|by|of)\s+(?P<rest>.+)|(?:(?:{PERMISSION})\s+to\s+)?(?P<owner>(?:the\s+)?(?:[\w.&-]+\s+){{0,3}}?[\w.&-]+)['’]s?\s+"
        rf"(?:[\w-]+\s+)?(?:(?:{REQUEST}|plan)s?\s+to\s+(?P<act>.+)|(?:{REQUEST})\s+for\s+(?P<thing>.+)))"
    ):
        if m["owner"]:
            # "granted the firm's request for an extension": what was asked for is what it may have.
            receiver = m["owner"]
            action = action_phrase(m["act"]) if m["act"] else head_phrase(m["thing"])
        else:
            receiver, action = party_and_act(m["rest"])
        granter = s.subject(m.start())
        if receiver and action and granter:
            yield m.start(), s.reading("authorisation", granter, receiver, action, "granted a request")


def _appeal_allowed(s: Clause) -> Found:
    """ "The court allowed an appeal by Y against the ruling": a court that allows or upholds an appeal
    or a petition decides for the one who brought it. (One that dismisses it is `refusals`'.)"""
    for m in s.decided(
        r"\b(?P<verb>allowed|upheld|granted|accepted)\s+(?:an?|the)\s+(?:[\w-]+\s+)?(?P<noun>appeal|petition|plea)\s+"
        r"(?:(?:filed|brought|lodged|moved)\s+)?(?:of|by|from)\s+(?P<rest>.+)",
        active=True,
    ):
        granter, who = s.subject(m.start()), head_phrase(m["rest"])
        receiver = who and re.split(r"\s(?:against|challenging|seeking|over|in|on)\s", who)[0]
        # "to" after the one who asked is what they asked leave for: `_granted_request` reads it.
        if (
            is_court(granter)
            and receiver
            and names_party(receiver)
            and not re.match(r"\s*to\s", m["rest"][len(receiver) :])
        ):
            yield (
                m.start(),
                s.reading("authorisation", granter, receiver, f"{m['verb']} the {m['noun']}", "appeal allowed"),
            )


SHAPES: tuple[Callable[[Clause], Found], ...] = (
    freed,
    _received,
    _granted,
    _upheld,
    _granted_request,
    _lifted,
    _limit_undone,
    pardoned,
    _waived,
    _granted_effect,
    _funded,
    _mandate_extended,
    release_ordered,
    _appeal_allowed,
)
