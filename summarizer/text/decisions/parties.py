"""Who a reading names: the party after a decision's verb and what it may do, and whether the words
read as who decided or who may act can be a party at all (a body, a court, a name), not a time, a
fragment or a crowd."""

from __future__ import annotations

import re

from summarizer.text.clauses import (
    ACTS,
    DETERMINERS,
    PRONOUNS,
    WEEKDAYS,
    action_phrase,
    after_word,
    bare_words,
    head_phrase,
    is_content_word,
    is_function_word,
    tail_phrase,
)
from summarizer.text.decisions.grammar import CLOSURE_ORDERED, COURTS, SAID_BEFORE, Clause

# The objects a pronoun takes: the party they stand for is named in another sentence.
OBJECT_PRONOUNS = frozenset({"him", "her", "them", "us", "me", "it", "you"})

# Who decides, by a body's noun: a storm or a company stops things as often as anyone with the power to.
_BODY = re.compile(
    rf"\b(?:{COURTS}|government|ministry|department|agency|council|board|authorit(?:y|ies)|commission|"
    r"committee|regulators?|legislature|parliament|congress|senate|assembly|administration|cabinet|embassy|"
    r"consulate|city|state|county|minister|president|governor|mayor|premier|chancellor|secretary|officials|league|"
    r"federation)$",
    re.IGNORECASE,
)


# A member of a list of parties: one to four words, none of which starts a clause.
_NOT_A_NAME = r"(?!(?:who|which|that|said|and|or|to)\b)"
_MEMBER = rf"(?:{_NOT_A_NAME}[\w'’.&-]+\s+){{0,3}}{_NOT_A_NAME}[\w'’.&-]+"


def party_before(rest: str, word: str) -> tuple[str | None, str]:
    """The party named before `word` in the words after a verb, and what follows the word: "the ferry
    company to run night crossings" is ("the ferry company", "run night crossings") before "to"."""
    # "Gen. Ada Dunbar, the adjutant general, to call up the Guard": the apposition is no part of it.
    aside = re.match(rf"(?P<who>[^,;:]{{2,60}}),\s[^,;:]{{1,100}},\s+(?={word}\s)", rest)
    if aside:
        return aside["who"], rest[aside.end() + len(word) + 1 :]
    # "ministers, MPs and MLAs to rush": parties listed, each in a few words, before what they may do.
    listed = re.match(
        rf"(?P<who>(?:{_MEMBER},\s+)+{_MEMBER},?\s+(?:and|or)\s+{_MEMBER})\s+(?=to\s+(?!(?:and|from)\b)[a-z])", rest
    )
    if word == "to" and listed and is_content_word(listed["who"].split()[0]):
        return listed["who"], rest[listed.end() + len(word) + 1 :]
    party = head_phrase(rest, stop=word)
    return party, after_word(rest, len(party), word) if party else ""


def party_and_act(rest: str) -> tuple[str | None, str | None]:
    """Who may act and what, from the words after a verb of permission; either is None where the
    words do not say it."""
    receiver, after = party_before(rest, "to")
    return receiver, action_phrase(after) if receiver else None


def let_party_and_act(rest: str) -> tuple[str | None, str | None]:
    """Who may act and what, after "let", which takes its verb without "to": "the state enforce the
    map", "farmers export wheat". The party ends before the first word that can start a verb's
    phrase: in lower case, no plural, no "-ed" or "-ing" (which go on a noun phrase as often; "pass"
    and "proceed" are verbs still)."""
    words = rest.split()
    for end in range(1, min(len(words), 5)):
        party, verb = words[:end], words[end].rstrip(".,;:!?\"”’'")
        last = party[-1]
        # A party opens with a determiner, a name or a quantifier ("all nurses"), or is a plural with
        # at most a noun before it ("farmers", "restaurant workers").
        opens = (
            party[0].lower() in DETERMINERS | _QUANTIFIERS
            or party[0][:1].isupper()
            or (end <= 2 and last.endswith("s") and not last.endswith("ss"))
        )
        if (
            opens
            and verb.isalpha()
            and verb.islower()
            and not is_function_word(verb)
            and verb not in _PARTICLES
            and verb not in _PLURALS
            and not re.search(r"(?:(?<!s)s|(?<!e)ed|ing|ly)$", verb)
            and not re.search(r"['’]s?$", last)
            # "both public and private schools close": a quantifier alone is no party.
            and last.lower() not in _QUANTIFIERS
            and names_party(" ".join(party))
        ):
            # "Let the deadline pass" lets time run, it permits no one.
            if verb in _LAPSE:
                return None, None
            return " ".join(party), action_phrase(" ".join(words[end:]))
    return None, None


# Verbs of ordering that take a clause in the subjunctive: "ordered that all schools close", "is
# mandating state employees get a vaccine" (the bare verb, as after "let").
_SUBJUNCTIVE = re.compile(r"(?:order|mandat|direct|requir|instruct|decree)")


def party_and_act_after(verb: str, rest: str) -> tuple[str | None, str | None]:
    """Who may act and what, from the words after a verb of permission: "let" takes its verb without
    "to" (`let_party_and_act`), the others with it (`party_and_act`); an order may take a "that" and
    the bare verb instead."""
    if verb.startswith("let"):
        return let_party_and_act(rest)
    # "tasked the army with rebuilding the bridges": the task is a gerund after "with".
    if verb.startswith("task"):
        receiver, after = party_before(rest, "with")
        return (receiver, action_phrase(after)) if re.match(r"[a-z]+ing\b", after) else (None, None)
    if _SUBJUNCTIVE.match(verb):
        that = re.match(r"that\s+", rest)
        if that:
            return let_party_and_act(rest[that.end() :])
        receiver, action = party_and_act(rest)
        return (receiver, action) if action or not verb.startswith("mandat") else let_party_and_act(rest)
    return party_and_act(rest)


_QUANTIFIERS = frozenset(["all", "both", "most", "many", "several", "no"])
# Where someone is let go rather than what they may do: "let the fans onto the pitch", "let him back in".
_PARTICLES = frozenset(["onto", "inside", "back", "out", "off", "down", "up", "past", "away", "home", "through"])
# Plurals without an "s", which look like a bare verb: "ordered that the two men be released".
_PLURALS = frozenset(["men", "women", "children", "people", "police", "staff", "personnel", "clergy", "cattle"])
_LAPSE = frozenset(["pass", "lapse", "expire", "slip", "happen", "die"])


def names_party(receiver: str | None) -> bool:
    """Whether the phrase after a decision verb names who may act: "allowed him to" leaves whom it
    means to the sentences around, and a phrase ending in a function word or a determiner is a
    clause cut short. A sum of money ("approved the release of $1bn for ...") is what is handed
    over, not who may act."""
    if receiver is None or receiver[:1] in _CURRENCY or _STOP_ORDERED.match(receiver):
        return False
    last = receiver.split()[-1]
    return is_content_word(last) and receiver.lower() not in OBJECT_PRONOUNS


_CURRENCY = frozenset("$£€¥₹₦")
# "ordered the closure of schools to slow the virus": a closure ordered, and what for; no one let act.
_STOP_ORDERED = re.compile(rf"(?:the|an?)\s+{CLOSURE_ORDERED}\b", re.IGNORECASE)


# A count of time, or its order ("24 hours ago", "the first time"): when, not who.
_TIME_WORD = re.compile(r"ago|hours?|days?|weeks?|months?|years?|decades?|times?", re.IGNORECASE)
_ORDER_WORDS = frozenset(["first", "last", "next", "second", "third"])
# A phrase ending in one of these was cut before its noun ("list of", "the").
_OPEN_ENDS = DETERMINERS | {"of"}


def names_decider(granter: str) -> bool:
    """Whether the phrase read as who decided can be a party. Where the clause was cut at the wrong
    word, what stands before the verb is a fragment ("and order", "list of"), a time ("in 1992", "who
    24 hours ago voted"; "the first time the board has ..."), or a verb in the past ("has imposed"):
    the sentence's shape was not the one read, and its other parts are no surer than its decider."""
    words = bare_words(granter)
    if not words:
        return False
    first, last = words[0].lower(), words[-1].lower()
    if (is_function_word(first) and first not in DETERMINERS) or is_function_word(last) or last in _OPEN_ENDS:
        return False
    if all(word.isdigit() or _TIME_WORD.fullmatch(word) or is_function_word(word) for word in words):
        return False
    if first in _ORDER_WORDS and len(words) > 1 and _TIME_WORD.fullmatch(words[1]):
        return False
    # A lone lower-case verb in the past ("imposed") or an order's "hereby" is no one.
    return not (len(words) == 1 and words[0].islower() and words[0].endswith(("ed", "hereby")))


# "by Friday", "by the end of the month": a deadline, not who decided.
_DEADLINE = re.compile(
    rf"(?:the\s+(?:end|middle|start|beginning|close)\b|(?:{WEEKDAYS}|January|February|March|April|May|June|July|"
    r"August|September|October|November|December|noon|midnight|tomorrow|today|tonight|then|now|next|early|late|"
    r"mid)\b|\d)",
    re.IGNORECASE,
)


# When, told after who acted: "by the board in March", "by the court last week".
_WHEN_AFTER = re.compile(rf"\s+(?:in|on|last|this|since)\s+{_DEADLINE.pattern}.*$", re.IGNORECASE)


def agent(words: str) -> str | None:
    """Who acted, from the words after a passive's "by": "by the governor", not "by Friday"; "by the
    board in March" is "the board"."""
    phrase = head_phrase(words)
    if phrase is None or _DEADLINE.match(phrase):
        return None
    return _WHEN_AFTER.sub("", phrase) or None


# Who decided, told after what was decided: "Y may Z, the tribunal ruled on Monday." A verb of deciding,
# not of saying: "the ministry said" only reports, and may be the decider's spokesman.
_DECIDED_AFTER = re.compile(
    r",\s+(?P<who>[^,;:\"“”]+?)\s+(?:(?:has|have|had)\s+)?(?:ruled|decided|decreed|ordered|determined)\b"
    r"(?P<tail>[^,;:\"“”]*)$"
)


def decided_after(s: Clause, start: int) -> str | None:
    """Who a clause after `start` says decided, when it ends the sentence with nothing more than a time
    ("..., the court ruled on Sunday."); None when it names no party or goes on ("ruled that ...")."""
    m = _DECIDED_AFTER.search(s.text, start)
    if m is None or re.search(r"\bthat\b|\w+\s+\w+\s+\w+\s+\w+", m["tail"]):
        return None
    who = tail_phrase(m["who"])
    return who if who and names_decider(who) and decides(s, who) else None


def announced_before(s: Clause, start: int) -> str | None:
    """Who announced the decision told in the passive from `start` with no agent ("The governor
    announced that security agencies had been directed to ..."): a body that decides, not a
    crowd or a pronoun, is as a rule the one whose decision it tells."""
    m = SAID_BEFORE.search(s.text, 0, start)
    who = s.subject(m.start("verb")) if m else None
    if who is None or who.lower() in PRONOUNS or not (names_decider(who) and decides(s, who)):
        return None
    return who


def names_thing(target: str | None) -> bool:
    """Whether an object is named rather than pointed to ("blocked it", "kept them away")."""
    return target is not None and target.split()[0].lower() not in PRONOUNS | OBJECT_PRONOUNS | {"away"}


def is_crowd(party: str) -> bool:
    """Whether a party is a crowd named by its side or its act ("protesters", "striking workers"):
    what it blocks or stops, it does by force, deciding nothing."""
    return _CROWD.search(party) is not None


def decides(s: Clause, granter: str) -> bool:
    """Whether a subject is a body that decides: named ("the NSAC", "Ohio officials"), a body's noun, or
    an act of deciding itself ("the governor's executive order will shut down ..."); a crowd named by
    its side ("the party's workers", "Union supporters") acts, it decides nothing."""
    if is_crowd(granter):
        return False
    words = granter.split()
    # A sentence's first word has its capital from the sentence, unless it is an acronym ("CASA").
    first = words[0] if s.text.startswith(granter) else ""
    named = any(word[:1].isupper() for word in words[1 if first else 0 :]) or _ACRONYM_WORD.fullmatch(first) is not None
    return named or _BODY.search(granter) is not None or names_act(granter)


_ACRONYM_WORD = re.compile(r"[A-Z][A-Z&.]*[A-Z]\.?")


_CROWD = re.compile(
    r"\b(?:workers|protesters|demonstrators|supporters|activists|fans|residents|students|crowds?|mobs?|rioters|"
    r"militants|gunmen|fighters|strikers|villagers|passengers)$|"
    # "striking dockers", "angry farmers": people named by what they are doing.
    r"^(?:the\s+)?(?:striking|protesting|rioting|angry)\s",
    re.IGNORECASE,
)


# "the Court of Appeals", "the Court of Justice": a court named by what it hears is still a court.
_COURT = re.compile(rf"\b(?:{COURTS})(?:\s+of\s+(?:[A-Z][\w'’-]*\s*){{1,3}})?$", re.IGNORECASE)
_ACT = re.compile(rf"\b(?:{ACTS})s?$", re.IGNORECASE)


def names_act(phrase: str) -> bool:
    """Whether a phrase names an act of deciding by its last word ("the governor's executive order")."""
    return _ACT.search(phrase) is not None


def is_court(party: str | None) -> bool:
    """Whether a party is a court or a judge by its last word, or its head before "of" ("the High Court",
    "the Court of Appeals"; "Judge Ana Ruiz"'s "judge" is not last, so a name alone is not)."""
    return party is not None and _COURT.search(party) is not None
