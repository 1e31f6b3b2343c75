"""Limits: what is banned, withheld, refused or outside a rule's scope ("X barred Y from Z", "the
rule does not cover Y", "Y is banned", "X denied bail"). A court's own limits are `rulings`'."""

from __future__ import annotations

import re
from collections.abc import Callable

from summarizer.text.clauses import (
    PRONOUNS,
    UNREAL_CLAUSE,
    action_phrase,
    head_phrase,
    tail_phrase,
    unreal,
)
from summarizer.text.decisions.grammar import (
    ADVERB,
    AND_BEFORE,
    BE,
    LIMIT_NOUN,
    PERMISSION,
    REQUEST,
    RULE,
    Clause,
    Found,
    decides,
    names_rule,
    names_thing,
    party_before,
)
from summarizer.text.decisions.rulings import VOID

# Without "from", only the verbs that are a limit by themselves ("blocked the merger", "struck down
# the law", "the law bans smoking"): a refusal or a rule's limit stated by its verb. "Overturned a
# ruling" undoes a ruling, which is not itself the thing not allowed.
_BAN_ALONE = (
    r"banned|barred|prohibited|blocked|forbade|outlawed|vetoed|struck down|"
    r"invalidated|enjoined|revoked|rescinded|bans|prohibits|forbids|outlaws"
)
# Barred or exempted from a thing, not only from an act ("barred from the race", "exempted from the
# levy"); "blocked the money from the sale" is no limit, so not every verb of `_BAN` takes one.
_FROM_THING = r"ban|bar|prohibit|exclud|exempt|forb|disqualif"
_BAN = (
    rf"{_BAN_ALONE}|excluded|exempted|disqualified|prevented|kept|stopped|bars|blocks|excludes|exempts|"
    r"ban|bar|prohibit|block|forbid|exclude|exempt|prevent|keep|stop|banning|barring|prohibiting|blocking"
)
# A storm or a lack of money keeps people from things as often as anyone who decides: these verbs
# count only when a body does it (`decides`: "the council stopped vendors from"), or when the subject is
# in an earlier clause of the sentence ("the board banned X and stopped Y from").
_CAUSED = re.compile(r"prevent|kept|keep|stop")


_BANNED = (
    r"banned|barred|prohibited|blocked|forbidden|outlawed|revoked|rescinded|excluded|exempted|exempt|ineligible|"
    r"(?:not|no longer) (?:allowed|permitted|authori[sz]ed|eligible)"
)
_SCOPE = r"appl(?:y|ies) to|cover|covers|include|includes|extend to|extends to|affect|affects"
_IMPOSE = r"imposed|announced|declared|ordered|put in place|enacted"


def _barred(s: Clause) -> Found:
    """ "X barred Y from Z", "X blocked the merger"."""
    for m in s.decided(rf"\b(?P<verb>{_BAN})\s+(?=(?P<rest>.+))", active=True):
        head = s.head(m.start(), m["verb"])
        if head is None:
            continue
        progressive = head != m.start()
        rest, granter = m["rest"], s.subject(head)
        # "The ban removes him from": after an article the word is a noun, not the verb.
        if re.search(r"\b(?:the|a|an|its|his|her|their)\s+$", s.text[: m.start()], re.IGNORECASE):
            continue
        if granter and _CAUSED.match(m["verb"]) and not decides(s, granter):
            continue
        target, after = party_before(rest, "from")
        if target is not None:
            action = action_phrase(after) or (head_phrase(after) if re.match(_FROM_THING, m["verb"]) else None)
            if action:
                yield m.start(), s.reading("exclusion", granter, target, f"{target} from {action}", "barred from")
            continue
        target = head_phrase(rest)
        # "The sanctions bar trading": a rule's effect, in the present of any verb of limit.
        alone = (
            re.fullmatch(_BAN_ALONE, m["verb"])
            or progressive
            or (
                (names_rule(granter) or (s.headline and granter is not None and decides(s, granter)))
                and not m["verb"].endswith("ed")
            )
        )
        if granter and target and names_thing(target) and alone:
            yield m.start(), s.reading("exclusion", granter, None, target, "banned")


def _rejected(s: Clause) -> Found:
    """ "X rejected a request (from Y) to Z" or "for Z", "X refused to approve Z", "X ruled against Y's plan"."""
    for m in s.decided(
        r"\b(?:rejected|denied|refused|turned down|voted down|overruled)\s+(?:an?|the|that|their|his|her|its|"
        r"(?:[A-Z][\w.&-]*\s+){0,3}[\w.&-]+['’]s?)\s+"
        rf"(?:[\w'’-]+\s+){{0,2}}?(?:{REQUEST}|proposal|plan)s?\b(?P<rest>.*)"
    ):
        to = re.match(r"(?:\s+(?:from|by)\s+[^,;:]{1,60}?)?\s+(?:to\s+(?P<act>.+)|for\s+(?P<thing>.+))", m["rest"])
        action = (action_phrase(to["act"]) if to["act"] else head_phrase(to["thing"])) if to else None
        # "Rejected a request for comment" is a newsroom formula, not a permission refused.
        if action and not re.match(r"(?:comment|an?\s+interview)\b", action):
            yield m.start(), s.reading("exclusion", s.subject(m.start()), None, action, "rejected a request")
    # A permission refused: "declined to renew the licence", "refused to approve the drug".
    for m in s.decided(
        r"\b(?:refused|declined)\s+to\s+(?:approve|authori[sz]e|license|certify|grant|renew|extend|issue)\s+"
        r"(?P<rest>.+)"
    ):
        target = head_phrase(m["rest"])
        if target and names_thing(target):
            yield m.start(), s.reading("exclusion", s.subject(m.start()), None, target, "refused to approve")
    for m in s.decided(r"\bruled\s+(?:\w+\s+){0,2}?against\s+(?P<rest>.+)"):
        target = head_phrase(m["rest"])
        if target:
            yield m.start(), s.reading("exclusion", s.subject(m.start()), None, target, "ruled against")


_WITHHELD = rf"{PERMISSION}|bail|access|entry|funding|funds|assets|accounts"


def _denied(s: Clause) -> Found:
    """ "X denied Y a permit", "X refused bail", "X suspended Y's licence", "X froze the assets of Y": a
    permission or a means withheld."""
    for m in s.decided(
        r"\b(?:denied|refused|withheld|withdrew|suspended|froze|cancell?ed|canceled)\s+(?=(?P<rest>.+))", active=True
    ):
        thing = re.match(
            rf"(?P<who>(?:[\w.'’-]+\s+){{0,4}}?)(?P<thing>(?:an?\s+|the\s+|his\s+|her\s+|its\s+|their\s+)?"
            rf"(?:(?!(?:an?|the)\s)[\w-]+\s+){{0,2}}?(?:{_WITHHELD})\b[^,;:]*)",
            m["rest"],
        )
        granter = s.subject(m.start())
        if thing is None or granter is None:
            continue
        what = head_phrase(thing["thing"]) or thing["thing"]
        receiver = head_phrase(thing["who"]) if thing["who"].strip() else None
        yield m.start(), s.reading("exclusion", granter, receiver, what, "denied")


# "An official who was not authorized to discuss the talks" is why a source goes unnamed, a
# newsroom formula, not a limit anyone set (docs/evaluation.md).
_SPEAKS = re.compile(
    r"(?:publicly\s+)?(?:discuss|speak|comment|talk|brief|disclose|describe|be\s+(?:named|identified|quoted))\b"
)
_TELLS = re.compile(
    r"\b(?:officials?|aides?|sources?|people|persons?|spokes(?:man|woman|person)|employees?|staff(?:ers?)?|"
    r"diplomats?|officers?|advis[eo]rs?|insiders?)$",
    re.IGNORECASE,
)


def _anonymity_note(target: str, action: str) -> bool:
    return _SPEAKS.match(action) is not None and _TELLS.search(target) is not None


def _is_banned(s: Clause) -> Found:
    """ "Y is banned", "Y is not allowed to Z", "Y is ineligible to Z", "Y will no longer be allowed to Z"."""
    for m in s.stated(
        rf"\b(?:(?:{BE}|’s|'s)\s+(?:(?:still|also|now|then|formally|[a-z]+ly)\s+)?|will\s+(?=(?:not|no longer) be))"
        rf"(?P<verb>{_BANNED}|(?:not|no longer) be (?:allowed|permitted))\b(?P<rest>.*)"
    ):
        # What "will" not allow is a rule only when nothing in the sentence makes it a prospect.
        future = m.group().startswith("will")
        if future and UNREAL_CLAUSE.search(s.before(m.start())):
            continue
        target = s.subject(m.start())
        to = re.match(r"(?P<word>from|to|for)\s+[\"“]?(?P<act>.+)", m["rest"].lstrip())
        action = action_phrase(to["act"]) if to else None
        if target and action and _anonymity_note(target, action):
            continue
        if target and target.lower() not in PRONOUNS:
            verb = m["verb"].replace(" be ", " ")
            what = f"{target} {verb} {to['word']} {action}" if to and action else target
            yield m.start(), s.reading("exclusion", None, target, what, "is banned")


def _only_allowed(s: Clause) -> Found:
    """ "Y will only be allowed in greenhouses", "Y are allowed out only to buy food": a permission
    narrowed to one use rules out every other, and that narrowing is the limit."""
    for m in s.stated(
        rf"\b(?:(?:{BE}|will\s+be)\s+only\s+(?:allowed|permitted)|will\s+only\s+be\s+(?:allowed|permitted)|"
        rf"(?:{BE}|will\s+be)\s+(?:allowed|permitted)(?:\s+out)?\s+only)\s+(?P<word>to|in|for|on|at|into)\s+(?P<rest>.+)"
    ):
        target = s.subject(m.start())
        rest = m["rest"]
        scope = action_phrase(rest) if m["word"] == "to" else head_phrase(rest)
        if target and scope and target.lower() not in PRONOUNS:
            yield (
                m.start(),
                s.reading("exclusion", None, target, f"{target} only allowed {m['word']} {scope}", "only allowed"),
            )


def _not_covered(s: Clause) -> Found:
    """ "The order does not cover Y"; "It does not cover Y and does not include Z": a second scope of
    the same rule. ("Applies only to Y" is left out: what it leaves out has no words to show.)"""
    rule: str | None = None
    for m in s.stated(
        rf"\b(?:(?:does|do|did|will)\s+not|doesn['’]t|don['’]t|didn['’]t|won['’]t)\s+(?:{_SCOPE})\s+(?=(?P<rest>.+))"
    ):
        target, subject = head_phrase(m["rest"]), s.subject(m.start())
        if tail_phrase(s.before(m.start())) in {"It", "it", "This", "this"}:
            subject = s.named_before()
        elif subject is None and AND_BEFORE.search(s.before(m.start())):
            subject = rule
        rule = subject
        if target and names_rule(rule):
            yield m.start(), s.reading("exclusion", None, rule, target, "does not cover")


_EXEMPT = r"exemptions?|exceptions?|exclusions|carve-outs?"


def _exempted(s: Clause) -> Found:
    """ "There is an exemption for Y", "... with exceptions for Y", "X granted tariff exclusions for Y":
    what a rule leaves out."""
    for m in s.stated(
        rf"\b(?:[Tt]here\s+(?:is|are|will\s+be)|with|granted|announced|issued|approved)\s+(?:an?\s+|some\s+)?"
        rf"(?:[\w-]+\s+)?(?:{_EXEMPT})\s+for\s+(?=(?P<rest>.+))"
    ):
        what = head_phrase(m["rest"])
        if what and names_thing(what):
            yield m.start(), s.reading("exclusion", None, None, what, "exempted")


def _imposed(s: Clause) -> Found:
    """ "The city imposed a midnight curfew", "a curfew was announced"."""
    for m in re.finditer(rf"\b(?:{LIMIT_NOUN})\b", s.text):
        before = s.before(m.start())
        imposed = re.search(
            rf"\b(?:{_IMPOSE}|set|extended|(?:voted|decided|agreed)(?:\s+[\d–-]+)?\s+to\s+impose)\s+"
            r"(?:an?\s+|the\s+)?(?P<modifiers>(?:[\w-]+\s+){0,2})$",
            before,
        )
        after = s.text[m.end() :]
        passive = re.match(rf"\s+(?:was|were|is|are|has been|had been)\s+(?:{_IMPOSE})", after)
        # "The ban on menthol cigarettes took effect on Monday": a limit now in force.
        in_force = re.match(
            r"\s+(?:on\s+[^,;:]+?\s+)?(?:took|takes|has\s+taken|came|comes|went|goes|has\s+gone)\s+(?:into\s+)?"
            r"(?:effect|force)\b",
            after,
        )
        # "The capital was placed under a lockdown": the limit named after whom it holds.
        placed = re.search(
            rf"\b{BE}\s+{ADVERB}(?:placed|put)\s+under\s+(?:an?\s+|the\s+)?"
            r"(?P<modifiers>(?:[\w-]+\s+){0,2})$",
            before,
        )
        # "the curfew (that) the city put in place": the one who imposed it in a relative clause after it.
        relative = re.match(
            rf"\s+(?:that\s+|which\s+)?(?P<who>(?:[\w.'’-]+\s+){{1,4}}?)(?:had\s+|has\s+)?(?:{_IMPOSE})\b", after
        )
        # "sanctions that bar trading": the limit is read by what it bars (`_barred`); "declared the
        # curfew unlawful" by the finding (`_unlawful`).
        if re.match(rf"\s+(?:that|which)\s+(?:{_BAN})\b|\s+(?:to\s+be\s+)?(?:{VOID})\b", after):
            continue
        if placed and not unreal(before[: placed.start()]):
            held = s.subject(placed.start())
            yield m.start(), s.reading("exclusion", None, held, placed["modifiers"] + m.group(), "imposed")
        elif imposed and not unreal(before[: imposed.start()]):
            noun = imposed["modifiers"] + m.group()
            yield m.start(), s.reading("exclusion", s.subject(imposed.start()), None, noun, "imposed")
        elif passive and not unreal(before):
            yield m.start(), s.reading("exclusion", None, None, m.group(), "imposed")
        elif in_force and not unreal(before):
            on = re.match(r"\s+on\s+(?P<what>[^,;:]+?)\s+(?=took|takes|has|came|comes|went|goes)", after)
            yield (
                m.start(),
                s.reading("exclusion", None, None, f"{m.group()} on {on['what']}" if on else m.group(), "imposed"),
            )
        elif relative and not unreal(before) and not unreal(relative["who"]):
            who = tail_phrase(relative["who"])
            if who:
                imposer = None if who.lower() in PRONOUNS else who
                yield m.start(), s.reading("exclusion", imposer, None, m.group(), "imposed")


def _no_one_may(s: Clause) -> Found:
    """ "No one may Z"."""
    for m in re.finditer(
        r"\b(?:No one|Nobody|No person|No [a-z]+)\s+(?:can|may|shall|(?:is|will\s+be)\s+(?:allowed|permitted)\s+to)\s+"
        r"(?P<act>.+)",
        s.text,
    ):
        action = action_phrase(m["act"])
        if action:
            yield m.start(), s.reading("exclusion", None, None, action, "no one may")


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


def _under_rule(s: Clause) -> Found:
    """ "Under the new order, vendors may not sell on the pier" (or "... sell on the pier under the new
    order"): the rule's limit, by its holder."""
    for before, shape in zip((True, False), _UNDER_RULE, strict=True):
        for m in shape.finditer(s.text):
            target = head_phrase(m["who"]) if before else tail_phrase(m["who"])
            action = action_phrase(m["act"])
            if target and action and target.lower() not in PRONOUNS and not unreal(s.before(m.start())):
                verb = " ".join(m["verb"].split())
                yield m.start(), s.reading("exclusion", None, target, f"{target} {verb} {action}", "under a rule")


SHAPES: tuple[Callable[[Clause], Found], ...] = (
    _barred,
    _rejected,
    _denied,
    _is_banned,
    _only_allowed,
    _not_covered,
    _imposed,
    _no_one_may,
    _exempted,
    _under_rule,
)


def scoped(s: Clause) -> bool:
    """Whether the sentence states what a rule covers ("the ban covers all plastics"), where an
    exception it names is the rule's, as beside a decision."""
    return any(names_rule(s.subject(m.start())) for m in s.stated(rf"\b(?:{_SCOPE})\b"))


def exceptions(s: Clause) -> Found:
    """ "... except for Y", "excluding Y": what a decision or a rule's scope the same sentence states
    leaves out. Only read beside one: alone, "everyone came except Ana" limits nothing."""
    for m in re.finditer(
        r"\b(?:except(?:\s+(?:for|as|in|when|where|with|on|under|by))*|excluding|with\s+the\s+exception\s+of)\s+"
        r"(?P<rest>.+)",
        s.text,
    ):
        what = head_phrase(m["rest"])
        if what:
            yield m.start(), s.reading("exclusion", None, None, what, "except")
