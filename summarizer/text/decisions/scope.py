"""What a rule leaves out: its scope ("the order does not cover Y", "the rules apply only to Y"), the
exemptions and exceptions it names ("with an exemption for Y", "except Y"), and a permission narrowed
to one use ("Y are only allowed to Z", "only Y may Z")."""

from __future__ import annotations

import re
from collections.abc import Callable

from summarizer.text.clauses import PRONOUNS, action_phrase, head_phrase, tail_phrase, unreal
from summarizer.text.decisions.grammar import AND_BEFORE, BE, Clause, Found, names_rule
from summarizer.text.decisions.parties import names_thing

_SCOPE = r"appl(?:y|ies) (?:to|for|in)|cover|covers|include|includes|extend to|extends to|affect|affects"


def _only_allowed(s: Clause) -> Found:
    """ "Y will only be allowed in greenhouses", "Y are allowed out only to buy food": a permission
    narrowed to one use rules out every other, and that narrowing is the limit."""
    # "Entry is restricted to members" narrows it as "only allowed to members" would.
    for m in s.stated(
        rf"\b(?:(?:{BE}|will\s+be)\s+only\s+(?:allowed|permitted)|will\s+only\s+be\s+(?:allowed|permitted)|"
        rf"(?:{BE}|will\s+be)\s+(?:allowed|permitted)(?:\s+out)?\s+only|(?:{BE}|will\s+be)\s+(?:strictly\s+)?(?P<restricted>restricted))"
        r"\s+(?P<word>to|in|for|on|at|into)\s+(?P<rest>.+)"
    ):
        target = s.subject(m.start())
        rest = m["rest"]
        scope = action_phrase(rest) if m["word"] == "to" else head_phrase(rest)
        if target and scope and target.lower() not in PRONOUNS:
            yield (
                m.start(),
                s.reading(
                    "exclusion",
                    None,
                    target,
                    f"{target} {m['restricted'] or 'only allowed'} {m['word']} {scope}",
                    "only allowed",
                ),
            )


def _applies_only(s: Clause) -> Found:
    """ "The new rules apply only to visitors", "the decision only covers X": a rule's scope narrowed,
    which is what it leaves everyone else out of."""
    for m in s.stated(
        r"\b(?:(?:appl(?:y|ies)|extends?|covers?)\s+only\s+to|only\s+(?:appl(?:y|ies)|extends?)\s+to|only\s+covers?)\s+"
        r"(?P<rest>.+)"
    ):
        rule = s.subject(m.start())
        if tail_phrase(s.before(m.start())) in {"It", "it", "This", "this"}:
            rule = s.named_before()
        target = head_phrase(m["rest"])
        if target and names_rule(rule):
            # In the sentence's words, from "only" to the end of whom it names ("only to the group").
            only = m.start() + m.group().lower().index("only")
            what = s.text[only : m.start("rest") + len(target)]
            yield m.start(), s.reading("exclusion", None, rule, what, "applies only to")


def _not_covered(s: Clause) -> Found:
    """ "The order does not cover Y"; "It does not cover Y and does not include Z": a second scope of
    the same rule. ("Applies only to Y" is left out: what it leaves out has no words to show.)"""
    rule: str | None = None
    for m in s.stated(
        rf"\b(?:(?:does|do|did|will|would|shall)\s+(?:however\s+|also\s+)?not|doesn['’]t|don['’]t|didn['’]t|won['’]t|wouldn['’]t)\s+"
        rf"(?:{_SCOPE})\s+(?=(?P<rest>.+))"
    ):
        target, subject = head_phrase(m["rest"]), s.subject(m.start())
        target = target and _defined(target, m["rest"])
        if tail_phrase(s.before(m.start())) in {"It", "it", "This", "this"}:
            subject = s.named_before()
        elif subject is None and AND_BEFORE.search(s.before(m.start())):
            subject = rule
        rule = subject
        if target and names_rule(rule):
            yield m.start(), s.reading("exclusion", None, rule, target, "does not cover")


def _not_included(s: Clause) -> Found:
    """ "Meat trays are not included in the ban", "Farms are not covered by the new rules": what a
    rule's scope leaves out, named as the subject."""
    for m in s.stated(
        rf"\b{BE}\s+(?:also\s+)?not\s+(?:included\s+in|covered\s+by|part\s+of|subject\s+to)\s+"
        r"(?P<rest>(?:the|this|these|its|their)\s.+)"
    ):
        target, rule = s.subject(m.start()), head_phrase(m["rest"])
        if not (target and target.lower() not in PRONOUNS and names_thing(target) and names_rule(rule)):
            continue
        # "Other items, such as meat trays, are not": the examples are what is left out.
        told = s.text[s.text.find(target) : m.start()].rstrip(" ,")
        yield m.start(), s.reading("exclusion", None, rule, told if ", such as " in told else target, "does not cover")


# Where a clause that picks out whom a scope leaves out ends: at a stop, a dash or a second item.
_DEFINING_END = re.compile(r"[,;:.!?()—–]|\s-\s|\s(?:or|and|but|while|because|regardless|unless)\s")


def _defined(target: str, rest: str) -> str:
    """`target` with the clause that picks it out: "workers who have tested positive", "plastic that
    forms part of a medical device", "cases where a contract was signed"; without it the scope would
    leave out all workers, all plastic, every case."""
    # A phrase read up to a verb may have taken in the clause's first words ("cases where a contract").
    noun = target.split(" where ")[0]
    clause = re.match(r"\s+(?:that|who|where)\s+(?P<words>[a-z].*)", rest[len(noun) :])
    if clause is None:
        return target
    end = _DEFINING_END.search(clause["words"])
    words = clause["words"][: end.start() if end else None].rstrip()
    if not words or len(words.split()) > 12:
        return target
    return rest[: len(noun) + clause.start("words")] + words


_EXEMPT = r"exemptions?|exceptions?|exclusions|carve-outs?"


def _exempted(s: Clause) -> Found:
    """ "There is an exemption for Y", "... with exceptions for Y", "X granted tariff exclusions for Y",
    "Exceptions will be allowed for Y": what a rule leaves out."""
    for m in s.stated(
        rf"\b(?:(?:[Tt]here\s+(?:is|are|will\s+be)|with|granted|announced|issued|approved|includes|included|contains|provides)\s+"
        rf"(?:an?\s+|some\s+)?(?:[\w-]+\s+)?(?:{_EXEMPT})|"
        rf"(?i:{_EXEMPT})\s+(?:will\s+be|are|is|were|was|ha(?:ve|s)\s+been)\s+(?:allowed|made|granted|provided))"
        r"\s+for\s+(?=(?P<rest>.+))"
    ):
        what = head_phrase(m["rest"])
        if what and names_thing(what):
            yield m.start(), s.reading("exclusion", None, None, what, "exempted")


# "Only members may vote": whoever is not named may not.
_ONLY_MAY = re.compile(
    r"(?:^|[.;:]\s+|,\s+)[\"“]?Only\s+(?P<who>[^,;:]+?)\s+(?P<verb>may|(?:are|is|will\s+be)\s+(?:allowed|permitted)\s+to)\s+"
    r"(?P<act>.+)"
)


def _only_may(s: Clause) -> Found:
    """ "Only licensed drivers may use the lane": the act is not allowed to anyone else."""
    for m in _ONLY_MAY.finditer(s.text):
        target, action = head_phrase(m["who"]), action_phrase(m["act"])
        if target and action and target.lower() not in PRONOUNS and not unreal(s.before(m.start())):
            yield m.start(), s.reading("exclusion", None, target, f"only {target} {m['verb']} {action}", "only allowed")


SHAPES: tuple[Callable[[Clause], Found], ...] = (
    _only_allowed,
    _not_covered,
    _not_included,
    _exempted,
    _only_may,
    _applies_only,
)


def scoped(s: Clause) -> bool:
    """Whether the sentence states what a rule covers ("the ban covers all plastics"), where an
    exception it names is the rule's, as beside a decision."""
    return any(names_rule(s.subject(m.start())) for m in s.stated(rf"\b(?:{_SCOPE})\b"))


def exceptions(s: Clause) -> Found:
    """ "... except for Y", "excluding Y", "... unless they are Y": what a decision or a rule's scope the
    same sentence states leaves out. Only read beside one: alone, "everyone came except Ana" limits
    nothing."""
    for m in re.finditer(
        r"\b(?:except(?:\s+(?:for|as|in|when|where|with|on|under|by))*|excluding|with\s+the\s+exception\s+of|"
        r"unless\s+(?:they|it|he|she|you|we)\s+(?:are|is|were|was)(?:\s+(?:either|also))?)\s+"
        r"(?P<rest>.+)",
        s.text,
    ):
        what = head_phrase(m["rest"])
        if what:
            yield m.start(), s.reading("exclusion", None, None, what, "except")
