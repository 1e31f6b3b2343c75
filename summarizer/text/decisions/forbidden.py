"""What a rule's own words forbid: "No one may Z", "it is forbidden to Z", "the law makes it illegal to
Z", "Under the new order, Y may not Z". The limit is told as the rule states it, not as an act of
barring someone (`limits`)."""

from __future__ import annotations

import re

from summarizer.text.clauses import PRONOUNS, action_phrase, head_phrase, tail_phrase, unreal
from summarizer.text.decisions.grammar import LIMIT_NOUN, RULE, Clause, Found, a_view, names_rule
from summarizer.text.decisions.parties import decides
from summarizer.text.decisions.rulings import RULED_THAT, VOID


def made_illegal(s: Clause) -> Found:
    """ "The new law makes it illegal to sell vapes to minors": a rule or a body that makes an act a
    crime forbids it."""
    for m in s.decided(
        rf"\b(?:makes|made|making)\s+it\s+(?:(?:a\s+)?(?:crime|offen[cs]e)|{VOID}|unlawful)\s+(?:for\s+(?P<who>[^,;:]+?)\s+)?"
        r"to\s+(?P<act>.+)"
    ):
        maker, action = s.subject(m.start()), action_phrase(m["act"])
        if maker and action and (names_rule(maker) or decides(s, maker)):
            yield m.start(), s.reading("exclusion", None, m["who"], action, "made illegal")


def it_is_forbidden(s: Clause) -> Found:
    """ "It is forbidden to sell fuel in bottles", "it is now illegal for shops to sell knives", "it is
    not permissible to set up checkpoints": the act the sentence ends with is the limit, on whoever
    "for" names."""
    for m in s.decided(
        r"\b[Ii]t\s+(?:is|was|will\s+be|shall\s+be|has\s+been|becomes|became)\s+(?:(?:now|also|strictly|henceforth)\s+)*"
        rf"(?:prohibited|forbidden|banned|(?P<void>{VOID})|(?:an?\s+)?(?:criminal\s+)?(?:crime|offen[cs]e)|"
        r"not\s+(?:permitted|allowed|permissible|lawful))\s+(?:for\s+(?P<who>[^,;:]+?)\s+)?to\s+(?P<act>.+)"
    ):
        action = action_phrase(m["act"])
        # "Lawyers said it was illegal to hold him" is a view of the law, not a rule stated.
        opinion = m["void"] and a_view(s.before(m.start()))
        if action and not opinion:
            yield m.start(), s.reading("exclusion", None, m["who"], action, "it is forbidden")


# "No one may": nobody at all, where "No drugs may" names what is limited.
_ANYONE = {"no one", "nobody", "no person"}


def no_one_may(s: Clause) -> Found:
    """ "No one may Z"; "No child under 16 will be allowed outside after dark": the limit is on those it
    names, told in the sentence's words."""
    for m in re.finditer(
        # "No unlicensed, expired or fake drugs shall": the words it names may be a list.
        # Mid-sentence too ("It means no US firm may"), and an acronym may say whose ("no EU citizen").
        r"\b(?P<who>[Nn]o one|[Nn]obody|[Nn]o person|[Nn]o (?:[A-Z]{2,}\s+)?[a-z]+(?:,?\s+[\w-]+){0,6}?)\s+"
        r"(?:(?P<can>can)|may|shall|(?P<allowed>(?:is|are|will\s+be)\s+(?:allowed|permitted))(?:\s+to)?)"
        # "No more marches will be allowed.": what is not allowed is what the sentence opens with.
        r"(?:\s+(?P<act>.+)|(?P<end>\s*(?:[,.;:”\"’]|$)))",
        s.text,
    ):
        # "said no party can claim it" mid-sentence is a stance reported; a rule says "may" or "shall".
        if m["can"] and m["who"].startswith("n"):
            continue
        if m["end"] is not None:
            named = re.sub(r"^[Nn]o\s+(?:more\s+|further\s+)?", "", m["who"])
            if m["allowed"] and m["who"].lower() not in _ANYONE and not unreal(s.before(m.start())):
                yield m.start(), s.reading("exclusion", None, None, named, "no one may")
            continue
        action = action_phrase(m["act"])
        if not action or unreal(s.before(m.start())):
            continue
        if m["who"].lower() in _ANYONE or not m["act"].startswith(action):
            yield m.start(), s.reading("exclusion", None, None, action, "no one may")
        else:
            told = s.text[m.start() : m.start("act") + len(action)]
            yield m.start(), s.reading("exclusion", None, None, told, "no one may")


# What a rule in force forbids, told after "under" it: "Under the new order, vendors may not ...". A
# bill, a plan or a proposal is not in force, so it is not read here.
_IN_FORCE = (
    rf"(?:the|this|that|its|their|his|her|[A-Z][\w.-]*['’]s?)\s+(?:[\w'’-]+\s+){{0,3}}?"
    rf"(?!(?:bill|plan|proposal)s?\b)(?:{RULE}|{LIMIT_NOUN})s?"
)
_MAY_NOT = (
    r"(?:cannot|can['’]t|may\s+not|must\s+not|will\s+not\s+be\s+able\s+to|"
    r"(?:is|are|will\s+be)\s+(?:no\s+longer|not)\s+(?:allowed|permitted)\s+to|"
    r"(?:is|are|will\s+be)\s+(?:barred|banned|prohibited)\s+from)"
)
# The rule before its holder, or after the act: "vendors may not sell on the pier under the new order".
_UNDER_RULE = (
    re.compile(rf"\b[Uu]nder\s+{_IN_FORCE}\s*,\s+(?P<who>[^,;:]+?)\s+(?P<verb>{_MAY_NOT})\s+(?P<act>.+)"),
    re.compile(rf"(?P<who>[^,;:]+?)\s+(?P<verb>{_MAY_NOT})\s+(?P<act>[^,;:]+?)\s+under\s+{_IN_FORCE}\b"),
)


def under_rule(s: Clause) -> Found:
    """ "Under the new order, vendors may not sell on the pier" (or "... sell on the pier under the new
    order"): the rule's limit, by its holder."""
    for before, shape in zip((True, False), _UNDER_RULE, strict=True):
        for m in shape.finditer(s.text):
            target = head_phrase(m["who"]) if before else tail_phrase(m["who"])
            action = action_phrase(m["act"])
            if target and action and target.lower() not in PRONOUNS and not unreal(s.before(m.start())):
                verb = " ".join(m["verb"].split())
                yield m.start(), s.reading("exclusion", None, target, f"{target} {verb} {action}", "under a rule")


# A rule's words that forbid by their modal: "vehicles must not exceed 50 km/h", "a person shall not
# use ...", "the conditions include that he must not attend gatherings". "Must not" and "shall not"
# are a rule's words wherever a rule is named in the sentence or just before it; "may not" is as often
# a doubt ("the move may not end the dispute"), so it is read only where the sentence says a rule states
# it ("the Act provides that ...", "the conditions include that ...", "During the suspension, ...").
_MODAL_NOT = re.compile(r"\b(?P<verb>must\s+not|mustn['’]t|shall\s+not|shan['’]t|(?P<may>may\s+not))\s+(?P<act>.+)")
_A_RULE = re.compile(rf"\b(?:{RULE}|{LIMIT_NOUN}|conditions?|stipulations?|licen[cs]e|permit|code)s?\b", re.IGNORECASE)
_STATED_BY_RULE = re.compile(
    r"\b(?:provides?|provided|stipulat(?:es?|ed|ion)|requires?|required|conditions?|include[sd]?)\s+that\b|"
    r"^\W*During\s",
    re.IGNORECASE,
)
_RULED_BEFORE = re.compile(rf"\b{RULED_THAT}\b")
# A rule not yet in force states nothing forbidden yet.
_NOT_IN_FORCE = re.compile(r"\b(?:bill|plan|proposal|draft|proposed)s?\b", re.IGNORECASE)
# Who speaks for themselves ("we must not give up") or points back ("it must not be used") names no
# one a rule holds.
_NOT_HELD = frozenset(["i", "we", "you", "it", "this", "that", "there", "which", "what"])


_NOT_GIVEN = re.compile(r"be\s+(?:approved|permitted|allowed|granted|issued|accepted|authori[sz]ed)\b")


def rule_says_not(s: Clause) -> Found:
    """ "Vehicles must not exceed 50 km/h", "a person shall not designate a vehicle unless ...", "the Act
    provides that firms may not ...": what the rule forbids, in its own words, on those it names. One
    told with its rule after "under" is `under_rule`'s."""
    modals = list(_MODAL_NOT.finditer(s.text))
    if not modals or any(shape.search(s.text) for shape in _UNDER_RULE):
        return
    for m in modals:
        before = s.before(m.start())
        action = action_phrase(m["act"])
        # "The order shall not apply to cargo flights" leaves out what it names: `scope`'s.
        if action is None or action.startswith("apply") or unreal(before) or _NOT_IN_FORCE.search(before):
            continue
        # An order's or a ruling's "that Y may not Z" is `rulings.ruled_that`'s.
        if _RULED_BEFORE.search(before):
            continue
        stated = _STATED_BY_RULE.search(before)
        if not (stated if m["may"] else stated or _A_RULE.search(s.text) or _A_RULE.search(s.preceding)):
            continue
        who = tail_phrase(before)
        if who is not None and who.lower() in _NOT_HELD:
            continue
        # "Applications from listed buyers shall not be approved": what may not be given is the
        # sentence's subject, the whole of it, not its last words.
        if _NOT_GIVEN.match(action):
            subject = head_phrase(before.lstrip())
            if subject and subject.lower() not in PRONOUNS and subject.lower() not in _NOT_HELD:
                yield m.start(), s.reading("exclusion", None, None, subject, "rule says not")
            continue
        verb = " ".join(m["verb"].split())
        if who is None or who.lower() in PRONOUNS:
            yield m.start(), s.reading("exclusion", None, None, action, "rule says not")
        else:
            yield m.start(), s.reading("exclusion", None, who, f"{who} {verb} {action}", "rule says not")
