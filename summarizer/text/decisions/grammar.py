"""What every decision shape shares: the reading it returns, the sentence it reads with the parts of
a clause at hand, and the words both permissions and limits are stated in."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from summarizer.text.clauses import (
    DETERMINERS,
    PRONOUNS,
    action_phrase,
    after_word,
    conditional,
    head_phrase,
    is_function_word,
    resolve,
    tail_phrase,
    unreal,
)

PERMISSION = (
    r"permission|permit|approval|authori[sz]ation|authority|licen[cs]e|waiver|extension|immunity|exemption|"
    r"go-ahead|green light|right|power|protection|clearance|mandate|asylum|visas?|pardon|clemency"
)
BE = r"(?:was|were|is|are|been|be|being)"
_OBJECT_PRONOUNS = frozenset({"him", "her", "them", "us", "me", "it", "you"})
REQUEST = r"request|bid|application|motion|petition|appeal"
LIMIT_NOUN = r"curfew|ban|embargo|moratorium|freeze|sanctions|blockade"
# A phrase that names a limit by its last word ("the travel ban", "the arms embargo").
LIMIT_HEAD = re.compile(rf"\b(?:{LIMIT_NOUN}|prohibition|restrictions?)\W*$", re.IGNORECASE)
_RELATIVE = re.compile(r",?\s+(?:who|which)(?:\s+(?:has|have|had))?\s*$")
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
        means = re.search(r"\b(?:with|using)\s+(?P<means>.+)$", self.action) if self.kind == "authorisation" else None
        if means is None:
            return []
        pieces = re.split(r",\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+", means["means"])
        return [p for p in pieces if p and len(p.split()) <= 5 and p.split()[0].lower() not in DETERMINERS]


Found = Iterator[tuple[int, Reading]]


@dataclass(frozen=True)
class Clause:
    """A sentence being read: its words, and the subject and the verbs that count in it."""

    text: str
    number: int

    def subject(self, end: int) -> str | None:
        """The subject of a verb that starts at `end`, a "he" or "she" resolved to a name before it in
        the sentence: a name in an earlier sentence is as often a place or a body as the person meant."""
        before = self.text[:end]
        # "Stein, who is ineligible": the relative pronoun stands for the phrase before it.
        relative = _RELATIVE.search(before)
        if relative:
            before = before[: relative.start()]
        return resolve(tail_phrase(before), [before])

    def decided(self, pattern: str, *, active: bool = False) -> Iterator[re.Match[str]]:
        """The matches of `pattern` that no modal, wish, request or condition before them makes
        something not done ("would allow", "if the court rules that"); with `active`, not the
        passive either ("was barred" has its own shape)."""
        for m in re.finditer(pattern, self.text):
            before = self.text[: m.start()]
            if not unreal(before) and not (active and _PASSIVE_BEFORE.search(before)):
                yield m

    def stated(self, pattern: str) -> Iterator[re.Match[str]]:
        """The matches of `pattern` whose clause is no condition or concession ("if the order does not
        cover ..."): a limit stated, where a negation is part of the shape itself."""
        for m in re.finditer(pattern, self.text):
            if not conditional(self.text[: m.start()]):
                yield m

    def reading(self, kind: str, granter: str | None, receiver: str | None, action: str, shape: str) -> Reading:
        return Reading(kind, self.number, granter, receiver, action, shape)


def party_and_act(rest: str) -> tuple[str | None, str | None]:
    """Who may act and what, from the words after a verb of permission: "the ferry company to run
    night crossings" is ("the ferry company", "run night crossings"); either is None where the
    words do not say it."""
    receiver = head_phrase(rest, stop="to")
    return receiver, action_phrase(after_word(rest, len(receiver), "to")) if receiver else None


def names_party(receiver: str | None) -> bool:
    """Whether the phrase after a decision verb names who may act: "allowed him to" leaves whom it
    means to the sentences around, and a phrase ending in a function word is a clause cut short."""
    return (
        receiver is not None and not is_function_word(receiver.split()[-1]) and receiver.lower() not in _OBJECT_PRONOUNS
    )


def names_thing(target: str | None) -> bool:
    """Whether an object is named rather than pointed to ("blocked it", "kept them away")."""
    return target is not None and target.split()[0].lower() not in PRONOUNS | _OBJECT_PRONOUNS | {"away"}
