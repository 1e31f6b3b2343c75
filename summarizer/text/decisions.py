"""Decisions read from the structure of a sentence: who allowed or ordered whom to do what, and
what is banned, withheld or outside a rule's scope.

English states a decision in a few shapes: "X allowed Y to Z", "Y was authorised (by X) to Z",
"X granted Y permission", "X ruled that Y may Z", "X barred Y from Z", "the rule does not cover
Y", "Y is banned". The party before the verb decided, the one after it may (or may not) act;
the one who "said" so only reported it, since the decision verb has its own subject. A 1.5B
model asked for the parties swaps them or names the reporter; read off the shape, they cannot
be swapped. A shape under "would", "could", "if" or "not" states no decision taken, and is left
out (a negated permission is read as a limit instead).

Every name returned is a verbatim slice of its sentence, so a reading is grounded by
construction. A sentence that states its decision in no such shape yields nothing: the reader
trades recall for parties that are right.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from summarizer.text.clauses import (
    DETERMINERS,
    PRONOUNS,
    UNREAL_CLAUSE,
    action_phrase,
    after_word,
    conditional,
    head_phrase,
    is_function_word,
    negation_at,
    resolve,
    tail_phrase,
    unreal,
    word_count,
)
from summarizer.text.sentences import Sentence


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
        means = re.search(r"\b(?:with|using)\s+(?P<means>.+)$", self.action) if self.kind == "authorisation" else None
        if means is None:
            return []
        pieces = re.split(r",\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+", means["means"])
        return [p for p in pieces if p and len(p.split()) <= 5 and p.split()[0].lower() not in DETERMINERS]


# Past tenses only: "the programme allows investors to" states a rule's standing effect, not an act
# of granting, and a bare "tell him to" is an imperative. The present forms are there for "did not
# allow", which is a limit.
_AUTHORISE = (
    r"allowed|authori[sz]ed|permitted|empowered|ordered|instructed|directed|required|told|tasked|"
    r"licen[cs]ed|mandated|enabled|entitled|cleared|allow|authori[sz]e|permit|order|instruct|direct|require"
)
# "Y is required to" states a standing obligation, not an act of granting: left out here.
_AUTHORISED = (
    r"allowed|authori[sz]ed|permitted|empowered|ordered|instructed|directed|licen[cs]ed|"
    r"cleared|tasked|entitled|granted|given"
)
_GRANT = r"granted|gave|given|awarded|issued"
_PERMISSION = (
    r"permission|approval|authori[sz]ation|authority|licen[cs]e|waiver|extension|immunity|exemption|"
    r"go-ahead|green light|right|power|protection|clearance|mandate|asylum|visas?|pardon"
)
_PERMISSION_GRANTED = re.compile(rf"(?:an?\s+|the\s+)?(?:\w+\s+){{0,2}}(?:{_PERMISSION})\b")
_BAN = (
    r"banned|barred|prohibited|blocked|forbade|excluded|exempted|prevented|kept|stopped|"
    r"ban|bar|prohibit|block|forbid|exclude|exempt|prevent|keep|stop"
)
# Without "from", only the verbs that are a limit by themselves ("blocked the merger").
_BAN_ALONE = r"banned|barred|prohibited|blocked|forbade|outlawed|vetoed|suspended|halted|overruled|struck down"
_BANNED = (
    r"banned|barred|prohibited|blocked|forbidden|excluded|exempted|ineligible|"
    r"not allowed|not permitted|not authori[sz]ed|not eligible"
)
_SCOPE = r"appl(?:y|ies) to|cover|covers|include|includes|extend to|extends to"
_LIMIT_NOUN = r"curfew|ban|embargo|moratorium|freeze|sanctions|blockade"
_BE = r"(?:was|were|is|are|been|be|being)"
_OBJECT_PRONOUNS = frozenset({"him", "her", "them", "us", "me", "it", "you"})
_PASSIVE_BEFORE = re.compile(rf"\b{_BE}\s*$")
_REQUEST = r"request|bid|application|motion|petition|appeal"
_IMPOSE = r"imposed|announced|declared|ordered|put in place|enacted"

Found = Iterator[tuple[int, Reading]]


@dataclass(frozen=True)
class _Sentence:
    text: str
    number: int

    def subject(self, end: int) -> str | None:
        """The subject of a verb that starts at `end`, a "he" or "she" resolved to a name before it in
        the sentence: a name in an earlier sentence is as often a place or a body as the person meant."""
        return resolve(tail_phrase(self.text[:end]), [self.text[:end]])

    def decided(self, pattern: str, *, active: bool = False) -> Iterator[re.Match[str]]:
        """The matches of `pattern` that no modal, wish, request or condition before them makes
        something not done ("would allow", "if the court rules that"); with `active`, not the
        passive either ("was barred" has its own shape)."""
        for m in re.finditer(pattern, self.text):
            before = self.text[: m.start()]
            if not unreal(before) and not (active and _PASSIVE_BEFORE.search(before)):
                yield m

    def reading(self, kind: str, granter: str | None, receiver: str | None, action: str, shape: str) -> Reading:
        return Reading(kind, self.number, granter, receiver, action, shape)


def _allowed_to(s: _Sentence) -> Found:
    """ "X allowed Y to Z"; "X did not allow Y to Z" and "X refused to allow Y to Z" are limits."""
    for m in re.finditer(rf"\b(?P<verb>{_AUTHORISE})\s+(?P<rest>.+)", s.text):
        before = s.text[: m.start()]
        receiver = head_phrase(m["rest"], stop="to")
        # "allowed him to": whom it means is for the sentences around, not for this reading.
        if receiver is None or is_function_word(receiver.split()[-1]) or receiver.lower() in _OBJECT_PRONOUNS:
            continue
        action = action_phrase(after_word(m["rest"], len(receiver), "to"))
        negated = negation_at(before)
        # The one who did not allow it stands before the negation.
        granter = s.subject(m.start() if negated is None else negated)
        if action is None or granter is None:
            continue
        if negated is not None and not UNREAL_CLAUSE.search(before):
            yield m.start(), s.reading("exclusion", granter, receiver, f"{receiver} to {action}", "not allowed to")
        elif (m["verb"].endswith("ed") or m["verb"] == "told") and not unreal(before):
            yield m.start(), s.reading("authorisation", granter, receiver, action, "allowed to")


def _was_allowed(s: _Sentence) -> Found:
    """ "Y was allowed (by X) to Z", "Y was granted immunity (by X)"."""
    for m in s.decided(rf"\b{_BE}\s+(?:(?:[a-z]+ly|also|now|then|formally)\s+)?(?P<verb>{_AUTHORISED})\s+(?P<rest>.+)"):
        receiver = s.subject(m.start())
        if receiver is None:
            continue
        rest = m["rest"]
        # "permitted by the authority to draw water": the agent comes before the action.
        by = re.match(r"by\s+(?P<agent>[^,;:.]+?)\s+(?=to\s)", rest)
        if by:
            rest = rest[by.end() :]
        if rest.startswith("to "):
            action = action_phrase(rest[3:])
        else:
            action = head_phrase(rest)
            # "was given the keys" is no permission; "was granted an exemption" is.
            granted_thing = m["verb"] in {"granted", "given"}
            if action and granted_thing and not re.match(_PERMISSION_GRANTED, action):
                action = None
        if action is None:
            continue
        agent = by or re.search(r"\bby\s+(?P<agent>[^,;:.]+)", rest)
        granter = head_phrase(agent["agent"]) if agent else None
        verb = f"{m['verb']} to" if rest.startswith("to ") else m["verb"]
        yield m.start(), s.reading("authorisation", granter, receiver, f"{verb} {action}", "was allowed")


def _granted(s: _Sentence) -> Found:
    """ "X granted Y an extension", "X has given permission for Y to Z"."""
    for m in s.decided(rf"\b(?:{_GRANT})\s+(?P<rest>.+)", active=True):
        rest, granter = m["rest"], s.subject(m.start())
        permission = re.match(rf"(?:the\s+|an?\s+)?(?:{_PERMISSION})\s+for\s+(?P<rest>.+)", rest)
        if permission:
            receiver = head_phrase(permission["rest"], stop="to")
            action = action_phrase(after_word(permission["rest"], len(receiver), "to")) if receiver else None
            if action:
                yield m.start(), s.reading("authorisation", granter, receiver, action, "gave permission")
            continue
        # The thing granted, after the receiver: "the airline a waiver", not "the airline a".
        thing = re.search(
            rf"\s(?P<thing>(?:an?\s+|the\s+)?(?:(?!(?:an?|the)\s)[\w-]+\s+){{0,2}}(?:{_PERMISSION})\b.*)", rest
        )
        if thing and word_count(rest[: thing.start()]) <= 6:
            receiver = head_phrase(rest[: thing.start()])
            if receiver and granter:
                action = head_phrase(thing["thing"]) or thing["thing"]
                yield m.start(), s.reading("authorisation", granter, receiver, action, "granted")


def _ruled_that(s: _Sentence) -> Found:
    """ "X ruled that Y may now Z"."""
    for m in s.decided(
        r"\b(?:ruled|decided|held|determined)\s+that\s+(?P<rest>.+?)\s+"
        r"(?:may|can|is free to|are free to|is allowed to|are allowed to)\s+(?:now\s+)?(?P<act>.+)"
    ):
        receiver, action = head_phrase(m["rest"]), action_phrase(m["act"])
        if receiver and action:
            yield m.start(), s.reading("authorisation", s.subject(m.start()), receiver, action, "ruled that")


def _upheld(s: _Sentence) -> Found:
    """ "X upheld Y's order", "X approved Y's request": what is approved is its possessor's act, and
    the possessor may now go ahead; "approved the budget" names no one who may act."""
    for m in s.decided(
        r"\b(?P<verb>upheld|approved|affirmed)\s+(?P<owner>(?:[A-Z][\w.&-]*\s+){0,3}[A-Z][\w.&-]*)['’]s?\s+(?P<rest>.+)"
    ):
        thing, granter = head_phrase(m["rest"]), s.subject(m.start())
        if thing and granter:
            action = f"{m['verb']} {m['owner']}'s {thing}"
            yield m.start(), s.reading("authorisation", granter, m["owner"], action, "upheld")


def _barred(s: _Sentence) -> Found:
    """ "X barred Y from Z", "X blocked the merger"."""
    for m in s.decided(rf"\b(?P<verb>{_BAN})\s+(?P<rest>.+)", active=True):
        rest, granter = m["rest"], s.subject(m.start())
        target = head_phrase(rest, stop="from")
        if target is not None:
            action = action_phrase(after_word(rest, len(target), "from"))
            if action:
                yield m.start(), s.reading("exclusion", granter, target, f"{target} from {action}", "barred from")
            continue
        target = head_phrase(rest)
        named = target is not None and target.split()[0].lower() not in PRONOUNS | _OBJECT_PRONOUNS | {"away"}
        if granter and target and named and re.fullmatch(_BAN_ALONE, m["verb"]):
            yield m.start(), s.reading("exclusion", granter, None, target, "banned")


def _rejected(s: _Sentence) -> Found:
    """ "X rejected a request (from Y) to Z", "X ruled against Y's plan"."""
    for m in s.decided(
        r"\b(?:rejected|denied|refused|turned down|overruled)\s+(?:an?|the|that|their|his|her|its)\s+"
        rf"(?:[\w'’-]+\s+){{0,2}}?(?:{_REQUEST})\b(?P<rest>.*)"
    ):
        to = re.match(r"(?:\s+(?:from|by)\s+[^,;:]{1,60}?)?\s+to\s+(?P<act>.+)", m["rest"])
        action = action_phrase(to["act"]) if to else None
        if action:
            yield m.start(), s.reading("exclusion", s.subject(m.start()), None, action, "rejected a request")
    for m in s.decided(r"\bruled\s+(?:\w+\s+){0,2}?against\s+(?P<rest>.+)"):
        target = head_phrase(m["rest"])
        if target:
            yield m.start(), s.reading("exclusion", s.subject(m.start()), None, target, "ruled against")


def _is_banned(s: _Sentence) -> Found:
    """ "Y is banned", "Y is not allowed to Z", "Y is ineligible to Z"."""
    for m in re.finditer(
        rf"\b(?:{_BE}|’s|'s)\s+(?:(?:still|also|now|then|formally|[a-z]+ly)\s+)?(?P<verb>{_BANNED})\b(?P<rest>.*)",
        s.text,
    ):
        if conditional(s.text[: m.start()]):
            continue
        target = s.subject(m.start())
        to = re.match(r"(?P<word>from|to|for)\s+(?P<act>.+)", m["rest"].lstrip())
        action = action_phrase(to["act"]) if to else None
        if target and target.lower() not in PRONOUNS:
            what = f"{target} {m['verb']} {to['word']} {action}" if to and action else target
            yield m.start(), s.reading("exclusion", None, target, what, "is banned")


def _not_covered(s: _Sentence) -> Found:
    """ "The order does not cover Y"."""
    for m in re.finditer(rf"\b(?:does|do|did|will)\s+not\s+(?:{_SCOPE})\s+(?P<rest>.+)", s.text):
        if conditional(s.text[: m.start()]):
            continue
        target = head_phrase(m["rest"])
        if target:
            yield m.start(), s.reading("exclusion", None, s.subject(m.start()), target, "does not cover")


def _imposed(s: _Sentence) -> Found:
    """ "The city imposed a midnight curfew", "a curfew was announced"."""
    for m in re.finditer(rf"\b(?:{_LIMIT_NOUN})\b", s.text):
        before = s.text[: m.start()]
        imposed = re.search(
            rf"\b(?:{_IMPOSE}|set|extended)\s+(?:an?\s+|the\s+)?(?P<modifiers>(?:[\w-]+\s+){{0,2}})$", before
        )
        passive = re.match(rf"\s+(?:was|were|is|are|has been|had been)\s+(?:{_IMPOSE})", s.text[m.end() :])
        if imposed and not unreal(before[: imposed.start()]):
            noun = imposed["modifiers"] + m.group()
            yield m.start(), s.reading("exclusion", s.subject(imposed.start()), None, noun, "imposed")
        elif passive and not unreal(before):
            yield m.start(), s.reading("exclusion", None, None, m.group(), "imposed")


def _no_one_may(s: _Sentence) -> Found:
    """ "No one may Z"."""
    for m in re.finditer(
        r"\b(?:No one|Nobody|No person|No [a-z]+)\s+(?:can|may|shall|is allowed to|is permitted to)\s+(?P<act>.+)",
        s.text,
    ):
        action = action_phrase(m["act"])
        if action:
            yield m.start(), s.reading("exclusion", None, None, action, "no one may")


_SHAPES: tuple[Callable[[_Sentence], Found], ...] = (
    _allowed_to,
    _was_allowed,
    _granted,
    _ruled_that,
    _barred,
    _rejected,
    _upheld,
    _is_banned,
    _not_covered,
    _imposed,
    _no_one_may,
)


def read_sentence(sentence: Sentence) -> list[Reading]:
    """The decisions `sentence` states in one of the shapes, in order of position."""
    s = _Sentence(sentence.text, sentence.number)
    found: list[tuple[int, Reading]] = []
    for shape in _SHAPES:
        for position, reading in shape(s):
            if all(reading != other for _, other in found):
                found.append((position, reading))
    return [reading for _, reading in sorted(found, key=lambda pair: pair[0])]


def read_decisions(sentences: list[Sentence]) -> list[Reading]:
    """Every decision the article's sentences state in one of the shapes."""
    return [reading for sentence in sentences for reading in read_sentence(sentence)]
