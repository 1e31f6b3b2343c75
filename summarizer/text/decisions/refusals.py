"""Refusals: a request rejected, a permission or a means withheld ("X rejected a request to Z", "X
refused to approve Z", "X denied Y a permit", "X froze the assets of Y", "Y was denied bail")."""

from __future__ import annotations

import re
from collections.abc import Callable

from summarizer.text.clauses import PRONOUNS, action_phrase, head_phrase, unreal
from summarizer.text.decisions.grammar import ADVERB, BE, GRANTABLE, PERMISSION, REQUEST, Clause, Found
from summarizer.text.decisions.parties import agent, decided_after, is_court, names_thing

# What a newsroom asks for and is refused, no permission: "declined a request for comment".
_NEWSROOM = re.compile(r"(?:comment|an?\s+interview)\b")


def _rejected(s: Clause) -> Found:
    """ "X rejected a request (from Y) to Z" or "for Z", "X refused to approve Z", "X ruled against Y's plan".
    Calls and demands refused are requests refused ("rejected calls for a recount")."""
    for m in s.decided(
        r"\b(?:rejected|denied|refused|dismissed|turned down|threw out|voted down|overruled)\s+"
        r"(?P<asked>(?:(?:an?|the|that|their|his|her|its|"
        r"(?:[A-Z][\w.&-]*\s+){0,3}[\w.&-]+['’]s?)\s+"
        rf"(?:[\w'’-]+\s+){{0,2}}?(?:{REQUEST}|proposal|plan|representation|challenge|objection|call|demand)s?)|"
        r"(?:repeated\s+|growing\s+)?(?:calls|demands)|"
        # "accepted one petition but rejected another seeking to": the request named before, by "another".
        r"another(?=\s+(?:seeking|asking|calling)\b))\b(?P<rest>.*)"
    ):
        # "a petition seeking the release of X" asks for the release as "a petition for" it does. Who
        # asked may be named with an aside ("by Ann Lee, a member for Dayi, seeking to stop Z"): the act
        # then follows the aside's comma, and a "for" inside the aside is the asker's title.
        to = re.match(r"\s+(?:from|by)\s+[^;:]{1,120}?,\s+(?:seeking\s+)?to\s+(?P<act>.+)", m["rest"]) or re.match(
            r"(?:\s+(?:from|by)\s+[^,;:]{1,60}?)?(?:(?:,?\s+seeking)?\s+to\s+(?P<act>.+)|,?\s+(?:for|seeking)\s+(?P<thing>.+))",
            m["rest"],
        )
        action = (action_phrase(to["act"]) if to["act"] else head_phrase(to["thing"])) if to else None
        # "rejected the appeal against the bail", "dismissed his representations": the request refused
        # is named by what it is against, or by itself.
        against = re.match(r"(?:\s+(?:against|of)\s|[,;:.]|\s*$)", m["rest"])
        if action is None and against and not re.search(r"\b(?:plan|proposal)s?$", m["asked"]):
            action = head_phrase(m["asked"] + m["rest"])
        # "Rejected a request for comment" is a newsroom formula, not a permission refused.
        if action and not _NEWSROOM.match(action):
            yield m.start(), s.reading("exclusion", s.subject(m.start()), None, action, "rejected a request")
    # A permission refused: "declined to renew the licence", "refused to approve the drug", "refused to
    # give permission for the march" (to give details or an interview refuses nothing asked leave for).
    # A court that will not hear a case refuses the review it was asked for: "declined to hear the appeal",
    # "refused to interfere with the order".
    for m in s.decided(
        r"\b(?:refused|declined)\s+to\s+(?:[a-z]+ly\s+)?(?:(?P<approve>approve|authori[sz]e|license|certify|grant|renew|extend|issue|"
        rf"give(?=\s+(?:[a-z]+\s+)?(?:{PERMISSION})))|"
        r"hear|take\s+up|review|interfere\s+(?:in|with)|intervene\s+in)\s+(?P<rest>.+)"
    ):
        target, granter = head_phrase(m["rest"]), s.subject(m.start())
        if target and names_thing(target) and (m["approve"] or is_court(granter)):
            yield m.start(), s.reading("exclusion", granter, None, target, "refused to approve")
    for m in s.decided(r"\bruled\s+(?:\w+\s+){0,2}?against\s+(?P<rest>.+)"):
        target = head_phrase(m["rest"])
        if target:
            yield m.start(), s.reading("exclusion", s.subject(m.start()), None, target, "ruled against")


# A motion on a government: rejected, it is a vote's outcome.
_VOTE_ON = re.compile(
    r"\bmotions?\s+of\s+(?:no[-\s])?(?:confidence|censure)|\b(?:no-confidence|censure|impeachment)\s+motion"
)
# A request told before its refusal: "His application for bail was turned down by the magistrate".
_ASKED_FIRST = (
    rf"(?P<asked>(?:[\w'’-]+\s+){{0,4}}?(?:{REQUEST}|demand|call)s?)"
    r"(?P<about>\s+(?:for|to|seeking|from|by|of|against)\s+[^,;:]{1,80}?)?"
    rf"\s+{BE}\s+{ADVERB}(?:rejected|denied|refused|dismissed|turned\s+down|thrown\s+out|struck\s+out|voted\s+down|"
    r"overruled)\b(?:\s+by\s+(?P<agent>[^,;:.]+))?"
)


def _rejected_passive(s: Clause) -> Found:
    """ "Y's request (for Z) was rejected (by X)": what was asked is refused, named by what it asks for
    when the sentence says it, else by the request itself."""
    for m in s.decided(_ASKED_FIRST):
        about = re.match(r"\s+(?:(?:to|seeking\s+to)\s+(?P<act>.+)|(?:for|seeking)\s+(?P<thing>.+))", m["about"] or "")
        if about and about["act"]:
            what = action_phrase(about["act"])
        elif about:
            what = head_phrase(about["thing"])
        else:
            what = head_phrase(m["asked"] + (m["about"] or ""))
        # "for comment" is a newsroom's request, refused to it, not a permission refused. "A motion of
        # confidence was rejected" tells a vote's outcome; a chair who rejects a motion refuses to admit it.
        if what is None or _NEWSROOM.match(what) or _VOTE_ON.search(m.group()):
            continue
        granter = agent(m["agent"]) if m["agent"] else decided_after(s, m.end())
        yield m.start(), s.reading("exclusion", granter, None, what, "rejected a request")


_WITHHELD = rf"{GRANTABLE}|funding|funds|assets|accounts|aid"
# What a denial of a claim starts with: "denied that", "denied allegations", "denied having".
_CLAIM = r"(?:that|allegations?|claims?|charges?|reports?|accusations?|suggestions?|having|any|wrongdoing)\b"


# After a possessive the word describes ("the firms' cancelled permits"); after an article
# `Clause.decided` already leaves it out.
_POSSESSED = re.compile(r"['’]s?\s*$")


def _denied(s: Clause) -> Found:
    """ "X denied Y a permit", "X refused bail", "X suspended Y's licence", "X froze the assets of Y": a
    permission or a means withheld."""
    for m in s.decided(
        r"\b(?:denied|refused|withheld|withdrew|withdrawn|suspended|froze|cancell?ed|canceled|cut\s+off|pulled)\s+(?=(?P<rest>.+))",
        active=True,
    ):
        # Who is refused is a noun phrase, and the thing's words are its own: "denied that she gave the
        # firm access", "denied allegations of rights abuses" and "denied it acted to help them take
        # power" deny a claim, they withhold nothing.
        thing = re.match(
            rf"(?P<who>(?:(?!{_CLAIM}|to\s)[\w.'’-]+\s+){{0,4}}?)(?P<thing>(?:an?\s+|the\s+|his\s+|her\s+|its\s+|their\s+)?"
            rf"(?:(?!(?:an?|the|of|to)\s|{_CLAIM})[\w-]+\s+){{0,2}}?(?:{_WITHHELD})s?\b[^,;:]*)",
            m["rest"],
        )
        granter = s.subject(m.start())
        if thing is None or granter is None or _POSSESSED.search(s.before(m.start())):
            continue
        what = head_phrase(thing["thing"]) or thing["thing"]
        receiver = head_phrase(thing["who"]) if thing["who"].strip() else None
        yield m.start(), s.reading("exclusion", granter, receiver, what, "denied")
    # "The suspect was denied bail": the one refused is the subject.
    for m in s.stated(
        rf"\b{BE}\s+{ADVERB}(?:denied|refused)\s+(?P<thing>(?:an?\s+|the\s+)?(?:[\w-]+\s+){{0,2}}?(?:{_WITHHELD})s?)\b"
    ):
        held = s.subject(m.start())
        if held and held.lower() not in PRONOUNS and not unreal(s.before(m.start())):
            yield m.start(), s.reading("exclusion", None, held, m["thing"], "denied")


def _none_given(s: Clause) -> Found:
    """ "No such relief was offered to Y", "No exemption has been granted to Y": Y is left out of what
    was given to others."""
    for m in s.stated(
        rf"\b[Nn]o\s+(?:such\s+|similar\s+)?(?:[\w-]+\s+)?(?:{_WITHHELD}|relief|support|compensation)s?\s+"
        rf"(?:was|were|has\s+been|have\s+been|will\s+be)\s+(?:offered|given|granted|extended|made\s+available)\s+"
        r"to\s+(?P<rest>.+)"
    ):
        left_out = head_phrase(m["rest"])
        if left_out and left_out.lower() not in PRONOUNS:
            yield m.start(), s.reading("exclusion", None, left_out, left_out, "denied")


SHAPES: tuple[Callable[[Clause], Found], ...] = (_rejected, _rejected_passive, _denied, _none_given)
