"""What every decision shape shares: the reading it returns, the sentence it reads with the parts of
a clause at hand, and the words both permissions and limits are stated in."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from summarizer.text.clauses import (
    DETERMINERS,
    PRONOUNS,
    VOTED_TO,
    WEEKDAYS,
    action_phrase,
    after_word,
    bare_words,
    conditional,
    demanded,
    head_phrase,
    is_function_word,
    resolve,
    tail_phrase,
    unreal,
)

PERMISSION = (
    r"permission|permit|approval|authori[sz]ation|authority|licen[cs]e|waiver|extension|immunity|exemption|"
    r"go-ahead|green light|right|power|protection|clearance|mandate|asylum|visas?|pardon|clemency|warrant"
)
# What is granted or withheld as a permission is: a permission's noun, or leave to be somewhere or do
# something ("granted bail", "was given access to the site", "leave to appeal").
GRANTABLE = rf"{PERMISSION}|bail|parole|access|entry|leave"
BE = r"(?:was|were|is|are|been|be|being)"
# An adverb between "was" and its participle: "were also placed under", "was formerly ruled".
ADVERB = r"(?:(?:also|now|then|[a-z]+ly)\s+)?"
_OBJECT_PRONOUNS = frozenset({"him", "her", "them", "us", "me", "it", "you"})
# A count said in words or figures: "capped at four", "gave the firm 14 days".
NUMBER = (
    r"\d+|one|two|three|four|five|six|seven|eight|nine|ten|twelve|twenty|thirty|forty|fifty|a\s+hundred|a\s+dozen|"
    r"a\s+few|several"
)
REQUEST = r"request|bid|application|motion|petition|plea|appeal|attempt|effort"
# A day said between a decision and its content: "signed an order Friday directing".
DAY = rf"(?:(?:on\s+)?(?:{WEEKDAYS}|today|yesterday|tonight)|(?:this|last)\s+(?:week|morning|evening))"
# The acts that decide by themselves, with a maker behind them: their words are the decision.
ACTS = r"order|directive|decree|ruling|decision|proclamation|memorandum|injunction"
# Rules that stand: what they allow is a standing effect unless their maker is named.
STANDING_RULES = (
    r"law|act|bill|rule|regulation|guidance|guidelines|policy|measure|statute|provision|amendment|legislation|"
    r"ordinance|by-?law|agreement|deal|treaty|accord|ceasefire|truce|program|programme|coverage|insurance|standards|"
    r"levy|tax|tariff|duty"
)
# What makes a rule: a phrase ending in one of these can have a scope ("the order does not apply to").
RULE = rf"{ACTS}|{STANDING_RULES}|sanctions|restrictions?|limit"
LIMIT_NOUN = r"curfew|ban|embargo|moratorium|freeze|sanctions|blockade|lockdown|quarantine"
# What an "it" after a rule, a permission or a limit may stand for.
RULE_NOUNS = rf"{RULE}|{PERMISSION}|{LIMIT_NOUN}|mandate"
# A phrase that names a limit by its last word ("the travel ban", "the arms embargo").
LIMIT_HEAD = re.compile(rf"\b(?:{LIMIT_NOUN}|prohibition|restrictions?)\W*$", re.IGNORECASE)
# The acts whose subject a participle or a second verb after them shares: "the court approved the
# sale, allowing ...". "The firm created two subsidiaries, allowing its case to be heard there" made
# no decision.
_DECIDING = (
    r"approved|ruled|signed|passed|granted|lifted|voted|issued|upheld|decided|ordered|agreed|enacted|adopted|"
    r"amended|changed|authori[sz]ed|waived|extended|relaxed|eased|overturned|reversed|struck|gave|made|banned|"
    r"barred|blocked|outlawed|imposed|declared|pardoned|activated|deployed|suspended|halted|prohibited|"
    r"rejected|denied|revoked|ratified|renewed|tasked"
)
COURTS = r"court|judge|justices|panel|tribunal|circuit|magistrate"
# Who decides, by a body's noun: a storm or a company stops things as often as anyone with the power to.
_BODY = re.compile(
    rf"\b(?:{COURTS}|government|ministry|department|agency|council|board|authorit(?:y|ies)|commission|"
    r"committee|regulators?|legislature|parliament|congress|senate|assembly|administration|cabinet|embassy|"
    r"consulate|city|state|county|minister|president|governor|mayor|premier|chancellor|secretary|officials|league|"
    r"federation)$",
    re.IGNORECASE,
)
# The progressive before a verb in "-ing": "is banning", "are not allowing".
_PROGRESSIVE = re.compile(r"\b(?:is|are|was|were)\s+(?:(?:[a-z]+ly|still|now|also|not|no\s+longer)\s+)*$")
_ING = re.compile(r"\w+ing\b")
# "and instead allowed", "and later barred": the adverb is the second verb's, its subject the first one's.
AND_BEFORE = re.compile(r"(?:,\s*|\s)and(?:\s+(?:also|then|instead|later|again|subsequently|eventually|[a-z]+ly))?\s*$")
# A participle opens one too: "the judge, sitting in London, gave", "the court, citing the law, barred".
_ASIDE = re.compile(
    r"(?<=\w),\s+(?:who|which|whose|the|a|an|[a-z]{2,}ing)\s[^,;:()]*,\s*"
    r"(?P<adverbs>(?:(?:[a-z]+ly|long|also|has|have|had)\s+)*)$"
)
# A limit that held before a change: "Prior to the ruling, the sect was banned", "after being barred".
_FORMERLY = re.compile(
    r"^\W*(?:prior\s+to|before|until)\b[^,]*,|\b(?:after|since|before|until|despite)\s+being\s*$", re.IGNORECASE
)
# A decision that held only until a time now past ("had been denied visas until last week"): background
# that no longer holds, as "until the vote, the guild was barred" is.
_ENDED = re.compile(r"\buntil\s+(?:last\s+\w+|recently|earlier\s+this\s+\w+|\w+\s+ago)\b", re.IGNORECASE)
# "was initially denied visas", "had originally barred": the adverb tells of a decision since changed,
# whether it stands before the verb's auxiliary or after it.
_AT_FIRST = r"(?:initially|originally|at\s+first|previously|formerly)\s+"
_AT_FIRST_BEFORE = re.compile(rf"\b{_AT_FIRST}(?:(?:been|be|being|was|were|had|has|have)\s+)*$", re.IGNORECASE)
_AT_FIRST_AFTER = re.compile(rf"(?:was|were|is|are|been|be|had|has|have)\s+{_AT_FIRST}", re.IGNORECASE)
# Later in the sentence, the decision undone: "... before the new government reversed that decision",
# "his decision was overturned by an appeals court".
_UNDONE_AFTER = re.compile(
    r"\b(?:(?:was|were|has\s+been|had\s+been)\s+(?:later\s+|since\s+|subsequently\s+)?"
    r"(?:overturned|reversed|vacated|rescinded|revoked)|"
    r"(?:reversed|overturned|vacated|rescinded|revoked)\s+(?:that|the|this|its|his|her|their)\s+"
    r"(?:decision|ruling|order|move|policy|ban))\b",
    re.IGNORECASE,
)
# A decision told in a relative clause of what was undone: "overturned a lower court order that had
# stopped the count".
_UNDONE_BEFORE = re.compile(
    r"\b(?:overturned|reversed|vacated|struck\s+down|lifted|rescinded|revoked|set\s+aside|quashed)\s+"
    rf"(?:an?|the|its|his|her|their)\s+[^,;]*?\b(?:{ACTS}|law|ban|rule)s?\s+(?:that|which)\s+(?:had\s+|has\s+|have\s+)?$",
    re.IGNORECASE,
)


def since_changed(before: str, text: str, start: int) -> bool:
    """Whether the sentence tells the decision at `start` changed since: an adverb before it ("was
    initially denied"), or its undoing after it ("... before the board reversed that decision")."""
    undone = _UNDONE_AFTER.search(text, start)
    # In a later clause: "the licence was revoked" is the decision itself.
    later = undone is not None and re.search(
        r"[,;]|\b(?:before|but|until|and|which|when)\b", text[start : undone.start()]
    )
    return bool(
        _AT_FIRST_BEFORE.search(before)
        or _AT_FIRST_AFTER.match(text, start)
        or later
        or _UNDONE_BEFORE.search(text[:start])
    )


# A scope someone believes or argues is an opinion, not the rule's (the guidelines leave it out).
_BELIEF = re.compile(
    r"\b(?:thinks?|thought|believes?|believed|seems?|seemed|feels?|felt|claims?|claimed|argues?|argued|"
    r"insists?|insisted|contends?|contended)\b"
)
# Just before a verb, "that" is a relative pronoun, not a conjunction: a conjunction's clause has
# its own subject first ("said that the court").
_RELATIVE = re.compile(r",?\s+(?P<pronoun>who|which|that)(?:\s+(?:has|have|had))?\s*$")
# "were twice denied": an adverb between the auxiliary and the verb leaves it passive.
_PASSIVE_BEFORE = re.compile(rf"\b{BE}(?:\s+(?:[a-z]+ly|twice|once|also|again|still|then|now|never))*\s*$")


@dataclass(frozen=True)
class Reading:
    """One decision read off one sentence."""

    kind: str  # "authorisation" or "exclusion"
    number: int
    # Authorisation: granter (None when the sentence does not say), receiver, action.
    # Exclusion: granter is who imposes the limit, receiver what it applies to, action what is limited.
    granter: str | None
    receiver: str | None
    action: str
    shape: str

    @property
    def instruments(self) -> list[str]:
        """The means a permission names for its action: "to strike with GMLRS and HIMARS"."""
        return means(self.action) if self.kind == "authorisation" else []


def means(action: str) -> list[str]:
    """The means an action names: "strike with GMLRS and HIMARS", "use US-made rockets to strike"."""
    # "with GMLRS and HIMARS" to the end; "use US-made rockets to strike" up to what they are for;
    # the goods of an embargo lifted ("lifted the arms embargo on").
    found = (
        re.search(r"\b(?:with|using)\s+(?P<means>.+)$", action)
        or re.search(
            r"\b(?:use|deploy|fire|employ|buy|acquire|purchase|receive)\s+(?P<means>.+?)(?=\s+(?:to|against|on|in|inside|at|for)\s|$)",
            action,
        )
        or re.match(r"lifted the (?P<means>.+?) embargo\b", action)
    )
    if found is None:
        return []
    pieces = re.split(r",\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+", found["means"])
    return [p for p in pieces if p and len(p.split()) <= 6 and p.split()[0].lower() not in DETERMINERS]


Found = Iterator[tuple[int, Reading]]


@dataclass(frozen=True)
class Clause:
    """A sentence being read: its words, and the subject and the verbs that count in it."""

    text: str
    number: int
    # The few sentences before this one, where a rule this one calls "it" was named.
    preceding: str = ""

    @property
    def headline(self) -> bool:
        """Whether this is an article's headline: its first sentence, with no stop at its end. A
        headline tells the day's act in the present ("Court allows state to enforce law"), where a
        sentence of the body would state a standing rule."""
        return self.number == 1 and not self.preceding and re.search(r"[.!?:;,\"”'’)]\s*$", self.text) is None

    def named_before(self, nouns: str = RULE_NOUNS, *, plural: bool = True) -> str | None:
        """The last of `nouns` (a rule, a permission or a limit by default) named in the sentences just
        before, with a word before it ("executive order"): what an "it" at the start of this one most
        likely stands for ("The order took effect. It does not cover contractors.")."""
        named = re.findall(rf"\b((?:[\w-]+\s+)?(?:{nouns}){'s?' if plural else ''})\b", self.preceding, re.IGNORECASE)
        return named[-1] if named else None

    def before(self, end: int) -> str:
        """The words before `end` that its verb's clause is made of: a relative clause or an
        apposition between the subject and the verb is left out ("Obama, who knew a bill would fail,
        told his advisers to": "Obama ... told", with no "would" in the way)."""
        before = self.text[:end]
        aside = _ASIDE.search(before)
        return f"{before[: aside.start()]} {aside['adverbs']}" if aside else before

    def head(self, start: int, verb: str) -> int | None:
        """Where the verb at `start` begins, with its auxiliary if it is in "-ing" ("is banning", "are
        not allowing": a decision in force); None for an "-ing" without one, which describes a thing
        ("a law banning X")."""
        if not verb.endswith("ing"):
            return start
        progressive = _PROGRESSIVE.search(self.before(start))
        return progressive.start() if progressive else None

    def main_subject(self, end: int) -> str | None:
        """The subject of the first verb of decision before `end` that has one: who did what a
        participle or a second verb after it says ("The court approved the sale, allowing ...",
        "The council banned rallies and stopped ...")."""
        for verb in re.finditer(rf"\b(?:{_DECIDING})\b", self.text[:end]):
            subject = self.subject(verb.start())
            if subject:
                return subject
        return None

    def subject(self, end: int) -> str | None:
        """The subject of a verb that starts at `end`, a "he" or "she" resolved to a name before it in
        the sentence: a name in an earlier sentence is as often a place or a body as the person meant."""
        before = self.before(end)
        # "The council voted 5-2 to ban": who voted did it.
        voted = VOTED_TO.search(before)
        if voted:
            return self.subject(voted.start())
        # "Stein, who is ineligible", "sanctions that bar": the relative pronoun stands for the phrase
        # before it.
        relative = _RELATIVE.search(before)
        if relative:
            antecedent = tail_phrase(before[: relative.start()])
            # "the machine that blocked desegregation" describes; "the rules that ban smoking" state
            # the rules' effect.
            if relative["pronoun"] == "that" and not names_rule(antecedent):
                return None
            before = before[: relative.start()]
            # "the UN imposed sanctions that bar": the antecedent is what follows the last verb.
            verb = antecedent and list(re.finditer(r"\b[a-z]+ed\s+", antecedent))
            if antecedent and verb:
                return antecedent[verb[-1].end() :] or None
        tail = tail_phrase(before)
        # "The order banned rallies. It also outlawed criticism": an "it" that opens the sentence stands
        # for the act or the rule just named.
        if tail in {"It", "it"} and not before[: before.rfind(tail)].strip(" ,"):
            return self.named_before(RULE)
        subject = resolve(tail, [before])
        # "X outlawed A and stopped B": the second verb shares the first one's subject.
        joined = AND_BEFORE.search(before)
        if subject is None and joined:
            return self.main_subject(joined.start())
        return subject

    def no_longer_held(self, before: str, start: int) -> bool:
        """Whether the decision at `start` held only until a time now past ("until last week") or the
        sentence tells it changed since (`since_changed`)."""
        return bool(_ENDED.search(self.text, start)) or since_changed(before, self.text, start)

    def decided(self, pattern: str, *, active: bool = False) -> Iterator[re.Match[str]]:
        """The matches of `pattern` that no modal, wish, request, claim or condition before them makes
        something not done ("would allow", "if the court rules that", "argued that the law bars");
        with `active`, not the passive either ("was barred" has its own shape). A decision that held
        only until a time now past, or that the sentence tells was changed since, is no longer one."""
        for m in re.finditer(pattern, self.text):
            before = self.before(m.start())
            # "is banning" is no passive: a decision in force, told in the progressive.
            passive = _PASSIVE_BEFORE.search(before) and not _ING.match(self.text, m.start())
            if (
                not unreal(before)
                and not _BELIEF.search(before)
                and not (active and passive)
                and not self.no_longer_held(before, m.start())
            ):
                yield m

    def stated(self, pattern: str) -> Iterator[re.Match[str]]:
        """The matches of `pattern` whose clause is no condition ("if the order does not cover ..."),
        that no one only thinks or claims ("he thinks he is exempt") and that no "prior to" places
        before a change, nor "until last week" after it: a limit stated, where a negation is part of
        the shape itself."""
        for m in re.finditer(pattern, self.text):
            before = self.before(m.start())
            if (
                not conditional(before)
                and not demanded(before)
                and not _BELIEF.search(before)
                and not _FORMERLY.search(before)
                and not self.no_longer_held(before, m.start())
            ):
                yield m

    def reading(self, kind: str, granter: str | None, receiver: str | None, action: str, shape: str) -> Reading:
        return Reading(kind, self.number, granter, receiver, action, shape)


def party_before(rest: str, word: str) -> tuple[str | None, str]:
    """The party named before `word` in the words after a verb, and what follows the word: "the ferry
    company to run night crossings" is ("the ferry company", "run night crossings") before "to"."""
    # "Gen. Ada Dunbar, the adjutant general, to call up the Guard": the apposition is no part of it.
    aside = re.match(rf"(?P<who>[^,;:]{{2,60}}),\s[^,;:]{{1,60}},\s+(?={word}\s)", rest)
    if aside:
        return aside["who"], rest[aside.end() + len(word) + 1 :]
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
            and not re.search(r"(?:(?<!s)s|(?<!e)ed|ing|ly)$", verb)
            and not re.search(r"['’]s?$", last)
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
_LAPSE = frozenset(["pass", "lapse", "expire", "slip", "happen", "die"])


def names_party(receiver: str | None) -> bool:
    """Whether the phrase after a decision verb names who may act: "allowed him to" leaves whom it
    means to the sentences around, and a phrase ending in a function word or a determiner is a
    clause cut short."""
    if receiver is None:
        return False
    last = receiver.split()[-1]
    return not is_function_word(last) and last.lower() not in DETERMINERS and receiver.lower() not in _OBJECT_PRONOUNS


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
    return not (len(words) == 1 and words[0].islower() and words[0].endswith("ed"))


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


def names_rule(phrase: str | None) -> bool:
    """Whether a phrase names a rule, a permission or a limit by its last word ("the new travel ban",
    "US policy"), not a poll, a speech or a set of figures, whose scope is no decision's."""
    return phrase is not None and bool(
        re.search(rf"\b(?:{RULE}|{PERMISSION}|{LIMIT_NOUN}|prohibition)s?$", phrase, re.IGNORECASE)
    )


def names_thing(target: str | None) -> bool:
    """Whether an object is named rather than pointed to ("blocked it", "kept them away")."""
    return target is not None and target.split()[0].lower() not in PRONOUNS | _OBJECT_PRONOUNS | {"away"}


def decides(s: Clause, granter: str) -> bool:
    """Whether a subject is a body that decides: named ("the NSAC", "Ohio officials"), a body's noun, or
    an act of deciding itself ("the governor's executive order will shut down ..."); a crowd named by
    its side ("the party's workers", "Union supporters") acts, it decides nothing."""
    if _CROWD.search(granter):
        return False
    words = granter.split()
    # A sentence's first word has its capital from the sentence, unless it is an acronym ("CASA").
    first = words[0] if s.text.startswith(granter) else ""
    named = any(word[:1].isupper() for word in words[1 if first else 0 :]) or _ACRONYM_WORD.fullmatch(first) is not None
    return named or _BODY.search(granter) is not None or names_act(granter)


_ACRONYM_WORD = re.compile(r"[A-Z][A-Z&.]*[A-Z]\.?")


_CROWD = re.compile(
    r"\b(?:workers|protesters|demonstrators|supporters|activists|fans|residents|students|crowds?|mobs?|rioters|"
    r"militants|gunmen|fighters|strikers|villagers|passengers)$",
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
