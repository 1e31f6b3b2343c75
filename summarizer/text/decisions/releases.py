"""Who is let go or let off by a decision: pardoned or granted clemency, freed or released by a court or
on bail, parole or amnesty, reinstated, or released by an order ("X pardoned 40 people", "the court
freed Y", "X ordered the release of Y"). The one let go may go free, or return to office, by the
decider's leave: a permission, read among the grants (`grants.SHAPES` keeps their place in its order)."""

from __future__ import annotations

import re

from summarizer.text.clauses import PRONOUNS, head_phrase
from summarizer.text.decisions.grammar import BE, CLOSING_QUOTE, DAY, MANNER, Clause, Found
from summarizer.text.decisions.parties import agent, is_court, names_act, names_party

_PARDON = (
    r"pardoned|(?:commuted|shortened|reduced)\s+(?:the\s+)?(?:prison\s+)?sentences?\s+(?:of|for)|"
    r"granted\s+clemency\s+to"
)


def pardoned(s: Clause) -> Found:
    """ "X pardoned 40 people", "X commuted the sentences of Y": clemency is given to whom it names."""
    for m in s.decided(rf"\b(?P<verb>{_PARDON})\s+(?P<rest>.+)", active=True):
        receiver, granter = head_phrase(m["rest"]), s.subject(m.start())
        if receiver and granter and names_party(receiver) and receiver.lower() not in PRONOUNS:
            verb = re.sub(r"\s+(?:of|for|to)$", "", " ".join(m["verb"].split()))
            yield m.start(), s.reading("authorisation", granter, receiver, verb, "pardoned")


def release_ordered(s: Clause) -> Found:
    """ "X ordered the release of Y", "... and the reinstatement of Z": who is released or reinstated
    may go free or return, by the leave of the one who ordered it. Told also as "ordered for the release
    of Y", "ordered immediate release of Y" and, with no one named to carry it out, "ordered to release Y"."""
    for m in s.decided(
        rf"\b(?:ordered|directed|approved|authori[sz]ed)\s+(?:(?:for\s+)?(?:the\s+)?{MANNER}"
        rf"(?P<act>release|reinstatement){CLOSING_QUOTE}\s+of|to\s+(?P<verb>release|reinstate))\s+(?P<rest>.+)",
        active=True,
    ):
        granter = s.subject(m.start())
        rest, act = m["rest"], m["act"] or {"release": "release", "reinstate": "reinstatement"}[m["verb"]]
        while granter:
            # "from house arrest" says where from, not who.
            who = head_phrase(rest)
            receiver = who and re.split(r"\s(?:from|to|on|after|over)\s", who)[0]
            if not (receiver and names_party(receiver) and receiver.split()[0].lower() not in PRONOUNS):
                break
            # Each release is its own decision, placed where it is named.
            at = m.start() if rest == m["rest"] else m.end() - len(rest)
            yield at, s.reading("authorisation", granter, receiver, act, "release ordered")
            more = re.search(r"\sand\s+the\s+(?P<act>release|reinstatement)\s+of\s+(?P<rest>.+)", rest)
            if more is None:
                break
            rest, act = more["rest"], more["act"]
    # "ordered Khan's immediate release": the one released named before the act, by a possessive.
    for m in s.decided(
        rf"\b(?:ordered|directed|approved|authori[sz]ed)\s+(?:the\s+)?(?P<whose>(?:[A-Z][\w.’'-]*\s+){{0,3}}"
        rf"[A-Z][\w.-]*)[’']s\s+{MANNER}(?P<act>release|reinstatement)\b",
        active=True,
    ):
        granter = s.subject(m.start())
        if granter and names_party(m["whose"]):
            yield m.start(), s.reading("authorisation", granter, m["whose"], m["act"], "release ordered")


# Let go by a decision: a court frees, discharges or reinstates someone; anyone with the power frees a
# prisoner "on bail", "on parole" or "on amnesty". Told without one of these ("the firm released its
# results", "police released the names"), releasing is no leave.
_FREED = r"freed|released|discharged|reinstated"
_ON_TERMS = r"\s+(?:on|under)\s+(?:an?\s+)?(?:bail|parole|amnesty|pardon|licen[cs]e|bond)\b"


def _released_party(words: str) -> str | None:
    """Who is let go, from the words after the verb: "the journalist on bail" is "the journalist"."""
    who = head_phrase(words)
    who = who and re.split(r"\s(?:from|on|under|after|over|for|in|at|by|with|that)\s", who)[0]
    # "reinstated an earlier ruling": an act put back in force is no one let go.
    if who and names_party(who) and who.split()[0].lower() not in PRONOUNS and not names_act(who):
        return who
    return None


def freed(s: Clause) -> Found:
    """ "The court freed Y", "X released 300 prisoners on amnesty", "Y was released on bail by the judge",
    "X ordered that Y be released": Y may go free, or return to office, by X's leave."""
    for m in s.decided(rf"\b(?P<verb>{_FREED})\s+(?P<rest>.+)", active=True):
        granter, receiver = s.subject(m.start()), _released_party(m["rest"])
        # A count may carry a comma: "released 4,270 prisoners on amnesty".
        on_terms = re.match(rf"(?:[^,;:]|,(?=\d))*?{_ON_TERMS}", m["rest"]) is not None
        # A court "released its judgment": what is released without terms is someone named.
        named = m["verb"] != "released" or re.match(r"(?:the\s+|an?\s+)?[A-Z0-9]", m["rest"]) is not None
        if granter and receiver and ((is_court(granter) and named) or on_terms or m["verb"] == "reinstated"):
            yield m.start(), s.reading("authorisation", granter, receiver, m["verb"], "freed")
    for m in s.decided(
        rf"\b{BE}\s+(?:[a-z]+ly\s+)?(?P<verb>{_FREED})(?P<terms>{_ON_TERMS})?[^,;:]*?\s+by\s+(?P<agent>[^,;:.]+)"
    ):
        # "by the same court for several weeks": who freed ends where the terms start.
        granter = agent(re.split(r"\s(?:for|on|in|at|after|until|with)\s", m["agent"])[0])
        receiver = s.subject(m.start())
        if not (granter and receiver and names_party(receiver)) or receiver.lower() in PRONOUNS:
            continue
        if is_court(granter) or m["terms"]:
            yield m.start(), s.reading("authorisation", granter, receiver, m["verb"], "freed")
    for m in s.decided(
        rf"\b(?:ordered|directed|ruled)\s+(?:{DAY}\s+)?that\s+(?P<who>[^,;:]+?)\s+(?:should\s+|must\s+)?be\s+"
        rf"(?P<verb>{_FREED})\b"
    ):
        granter, receiver = s.subject(m.start()), _released_party(m["who"])
        if granter and receiver:
            yield m.start(), s.reading("authorisation", granter, receiver, m["verb"], "freed")
