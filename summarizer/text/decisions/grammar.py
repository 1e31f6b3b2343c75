"""What every decision shape shares: the reading it returns, the sentence it reads with the parts of
a clause at hand, and the words both permissions and limits are stated in."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from summarizer.text.clauses import (
    ACTS,
    DETERMINERS,
    PRONOUNS,
    VOTED_TO,
    WEEKDAYS,
    conditional,
    demanded,
    resolve,
    tail_phrase,
    unreal,
)
from summarizer.text.sentences import Sentence, one_line

PERMISSION = (
    r"permission|permit|approval|authori[sz]ation|authority|licen[cs]e|waiver|extension|immunity|exemption|"
    r"go-ahead|green light|right|power|protection|clearance|mandate|asylum|visas?|pardon|clemency|amnesty|remission|"
    r"warrant"
)
# What is granted or withheld as a permission is: a permission's noun, or leave to be somewhere or do
# something ("granted bail", "was given access to the site", "leave to appeal"), or to stand or report
# ("was denied registration as a candidate").
GRANTABLE = rf"{PERMISSION}|bail|parole|access|entry|leave|registration|accreditation"
# What is given to someone, never to a thing or an act: "bail to the two leaders".
GIVEN_TO_SOMEONE = r"(?:bail|parole|pardon|asylum|clemency)"
# A permission to use powers, which names limits it does not impose: "authorised the premier to invoke
# measures including curfews", "empowered the police to impose a curfew".
POWER_GRANTED = re.compile(
    r"\b(?:authori[sz]ed|allowed|empowered|permitted|enabled)\b[^.;:]*?\bto\s+(?:invoke|impose|use|declare|"
    r"introduce|enforce|order)\b[^.;:]*$"
)
BE = r"(?:was|were|is|are|been|be|being)"
# An adverb between "was" and its participle: "were also placed under", "was formerly ruled".
ADVERB = r"(?:(?:also|now|then|[a-z]+ly)\s+)?"
# A count said in words or figures: "capped at four", "gave the firm 14 days".
NUMBER = (
    r"\d+|one|two|three|four|five|six|seven|eight|nine|ten|twelve|twenty|thirty|forty|fifty|a\s+hundred|a\s+dozen|"
    r"a\s+few|several"
)
REQUEST = r"request|bid|application|motion|petition|plea|appeal|attempt|effort"
# A day said between a decision and its content: "signed an order Friday directing".
DAY = rf"(?:(?:on\s+)?(?:{WEEKDAYS}|today|yesterday|tonight)|(?:this|last)\s+(?:week|morning|evening))"
# Rules that stand: what they allow is a standing effect unless their maker is named.
STANDING_RULES = (
    r"law|act|bill|rule|regulation|guidance|guidelines|policy|measure|statute|provision|amendment|legislation|"
    r"ordinance|by-?law|agreement|deal|treaty|accord|ceasefire|truce|program|programme|coverage|insurance|standards|"
    r"levy|tax|tariff|duty"
)
# What makes a rule: a phrase ending in one of these can have a scope ("the order does not apply to").
RULE = rf"{ACTS}|{STANDING_RULES}|sanctions|restrictions?|limit"
LIMIT_NOUN = r"curfew|ban|embargo|moratorium|freeze|sanctions|blockade|lockdown|quarantine"
# How an act is ordered, before its noun and in words a report often quotes: "the 'immediate'
# suspension of", "the full and immediate release of".
_HOW_ORDERED = (
    r"immediate|temporary|full|complete|total|indefinite|conditional|unconditional|definitive|permanent|partial"
)
MANNER = rf"[“\"‘]?(?:(?:{_HOW_ORDERED})[”\"’]?\s+(?:and\s+)?)*"
# A closure or a suspension ordered, by its noun and how: "ordered the 'immediate' closure of the bars".
CLOSURE_ORDERED = rf"{MANNER}(?:closure|closing|shutdown|grounding|suspension|halting)s?"
# A closing quotation mark after a quoted noun ("the 'immediate suspension' of").
CLOSING_QUOTE = r"[”\"’]?"
# What an "it" after a rule, a permission or a limit may stand for.
RULE_NOUNS = rf"{RULE}|{PERMISSION}|{LIMIT_NOUN}|mandate"
# A phrase that names a limit by its last word ("the travel ban", "the arms embargo").
LIMITS = rf"(?:{LIMIT_NOUN}|prohibition|restrictions?)"
LIMIT_HEAD = re.compile(rf"\b{LIMITS}\W*$", re.IGNORECASE)
# The acts whose subject a participle or a second verb after them shares: "the court approved the
# sale, allowing ...". "The firm created two subsidiaries, allowing its case to be heard there" made
# no decision.
_DECIDING = (
    r"approved|ruled|signed|passed|granted|lifted|voted|issued|upheld|decided|ordered|agreed|enacted|adopted|"
    r"amended|changed|authori[sz]ed|waived|extended|relaxed|eased|overturned|reversed|struck|gave|made|banned|"
    r"barred|blocked|outlawed|imposed|declared|pardoned|activated|deployed|suspended|halted|prohibited|"
    r"rejected|denied|revoked|ratified|renewed|tasked|invoked"
)
COURTS = r"court|judge|justices|panel|tribunal|circuit|magistrate|bench"
# The progressive before a verb in "-ing": "is banning", "are not allowing".
_PROGRESSIVE = re.compile(r"\b(?:is|are|was|were)\s+(?:(?:[a-z]+ly|still|now|also|already|not|no\s+longer)\s+)*$")
_ING = re.compile(r"\w+ing\b")
# "and instead allowed", "and later barred": the adverb is the second verb's, its subject the first one's.
AND_BEFORE = re.compile(r"(?:,\s*|\s)and(?:\s+(?:also|then|instead|later|again|subsequently|eventually|[a-z]+ly))?\s*$")
# A participle opens one too: "the judge, sitting in London, gave", "the court, citing the law, barred".
_ASIDE = re.compile(
    r"(?<=\w),\s+(?:(?:who|which|whose|the|a|an|such\s+as|one\s+of|[a-z]{2,}ing)\s[^,;:()]*|"
    # "The bench, however, said": a word that links to the sentence before stands aside too.
    r"however|though|meanwhile|moreover|furthermore|nevertheless|in\s+turn|in\s+addition|for\s+its\s+part),\s*"
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
    # "who had been suspended by the chief justice, was reinstated": the one held back is back.
    r"(?:overturned|reversed|vacated|rescinded|revoked|reinstated|lifted)|"
    r"(?:reversed|overturned|vacated|rescinded|revoked)\s+(?:that|the|this|its|his|her|their)\s+"
    r"(?:decision|ruling|order|move|policy|ban))\b",
    re.IGNORECASE,
)
# A decision told in a relative clause of what was undone or put on hold: "overturned a lower court
# order that had stopped the count", "stayed a decree that temporarily bans rallies".
_UNDONE_BEFORE = re.compile(
    r"\b(?:overturned|reversed|vacated|struck\s+down|lifted|rescinded|revoked|set\s+aside|quashed|stayed|"
    r"suspended|annulled|nullified)\s+"
    rf"(?:an?|the|its|his|her|their)\s+[^,;]*?\b(?:{ACTS}|law|ban|rule)s?\s+(?:that|which)\s+(?:had\s+|has\s+|have\s+)?"
    r"(?:[a-z]+ly\s+)?$",
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
# A verb of saying just before a clause: whose subject a pronoun after it may stand for, or who tells
# of a decision ("the governor announced on Friday that ...").
SAID_BEFORE = re.compile(
    rf"\b(?P<verb>said|says|announced|stated|added|confirmed|declared)"
    rf"(?:\s+(?:on\s+)?(?:{WEEKDAYS})|\s+on\s+\w+)?,?(?:\s+that)?\s+$"
)


def a_view(before: str) -> bool:
    """Whether the words before a clause make it what somebody said or believes ("lawyers said it
    was illegal", "he argues the ban is void") rather than the news told."""
    return bool(SAID_BEFORE.search(before) or _BELIEF.search(before[-40:]))


# Just before a verb, "that" is a relative pronoun, not a conjunction: a conjunction's clause has
# its own subject first ("said that the court").
_RELATIVE = re.compile(r",?\s+(?P<pronoun>who|which|that)(?:\s+(?:has|have|had))?\s*$")
# A verb in the past, to find the subject a second verb after "and" shares.
_PAST = re.compile(r"\b[a-z]{3,}ed\b")
# "all pardoned prisoners", "the banned party": a participle after an article or a quantifier describes
# the noun that follows; it tells no one's act.
_DESCRIBES = re.compile(r"\b(?:all|the|a|an|some|most|many|several|any|no|those|these|its|their|his|her|our)\s+$", re.I)
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
        re.search(r"\b(?:with|using|including)\s+(?P<means>.+)$", action)
        or re.search(
            r"\b(?:use|deploy|fire|employ|buy|acquire|purchase|receive)\s+(?P<means>.+?)(?=\s+(?:to|against|on|in|inside|at|for)\s|$)",
            action,
        )
        or re.match(r"lifted the (?P<means>.+?) embargo\b", action)
        # The goods a request was for: "approved the ministry's request for 12 patrol boats".
        or re.search(rf"\b(?:{REQUEST})\s+for\s+(?P<means>.+)$", action)
    )
    if found is None:
        return []
    pieces = re.split(r",\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+", found["means"])
    named = [_without_article(p) for p in pieces if p]
    return [p for p in named if p and len(p.split()) <= 8 and p.split()[0].lower() not in DETERMINERS]


def _without_article(piece: str) -> str:
    """ "a THAAD system", "the power to close down publications": the thing without its article."""
    first, _, rest = piece.partition(" ")
    return rest.lstrip() if first.lower() in DETERMINERS and rest.strip() else piece


Found = Iterator[tuple[int, Reading]]


# A name's acronym or qualifier in brackets ("the Lahore High Court (LHC) allowed", "its Engineering
# Department (Electricity) from") is read past, as a reader does: a bracket would otherwise end the
# phrase it stands in.
_BRACKETED = re.compile(r"\s+\([A-Z][A-Za-z.&-]{1,14}\)(?=\s)")


@dataclass(frozen=True)
class Clause:
    """A sentence being read: its words, and the subject and the verbs that count in it."""

    text: str
    number: int
    # The few sentences before this one, where a rule this one calls "it" was named.
    preceding: str = ""

    @classmethod
    def of(cls, sentence: Sentence, preceding: str = "") -> Clause:
        """`sentence` as the shapes read it: a wrapped sentence on one line, as it was written, and a
        name's bracketed acronym read past."""
        return cls(_BRACKETED.sub("", one_line(sentence.text)), sentence.number, preceding)

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
        # "The bank on Friday, granted": a comma after the day parts nothing.
        dated = re.search(rf"\s{DAY},\s*$", before)
        if dated:
            before = before[: dated.start()] + " "
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
                antecedent = antecedent[verb[-1].end() :]
            # "the release of a prisoner who was granted bail": "who" stands for a person, the one
            # the thing before "of" is about.
            person = antecedent and relative["pronoun"] == "who" and re.search(r"\sof\s+(?P<who>.+)$", antecedent)
            if person:
                return person["who"]
            if verb:
                return antecedent or None
        tail = tail_phrase(before)
        # "The order banned rallies. It also outlawed criticism": an "it" that opens the sentence stands
        # for the act or the rule just named.
        if tail in {"It", "it"} and not before[: before.rfind(tail)].strip(" ,"):
            return self.named_before(RULE)
        # "The ministry said it had directed ...", "Police said they banned ...": the pronoun after a
        # verb of saying is the one who says, when it is the one who acts (not "said it was banned").
        said = SAID_BEFORE.search(before[: before.rfind(tail)]) if tail and tail.lower() in {"it", "they"} else None
        if said and not re.match(rf"{BE}\b", self.text[end:].lstrip()):
            sayer = self.subject(said.start())
            if sayer and sayer.lower() not in PRONOUNS:
                return sayer
        subject = resolve(tail, [before])
        # "X outlawed A and stopped B": the second verb shares the first one's subject; so it does after
        # a verb that decides nothing ("The minister reviewed the floods and directed ...").
        joined = AND_BEFORE.search(before)
        if subject is None and joined:
            return self.main_subject(joined.start()) or next(
                filter(None, (self.subject(verb.start()) for verb in _PAST.finditer(self.text, 0, joined.start()))),
                None,
            )
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
                not (active and _DESCRIBES.search(before))
                and not unreal(before)
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


def names_rule(phrase: str | None) -> bool:
    """Whether a phrase names a rule, a permission or a limit by its last word ("the new travel ban",
    "US policy"), not a poll, a speech or a set of figures, whose scope is no decision's."""
    return phrase is not None and bool(
        re.search(rf"\b(?:{RULE}|{PERMISSION}|{LIMIT_NOUN}|prohibition)s?$", phrase, re.IGNORECASE)
    )
