"""Limits: what is banned ("X barred Y from Z", "Y is banned", "a curfew was imposed"). What is refused
or withheld is `refusals`', what a rule's own words forbid `forbidden`'s, what a rule leaves out
`scope`'s, what a decision stops or holds down `halts`', and a court's own limits are `rulings`'."""

from __future__ import annotations

import re
from collections.abc import Callable

from summarizer.text.clauses import (
    CONDITION_AFTER,
    PRONOUNS,
    UNREAL_CLAUSE,
    WEEKDAYS,
    WHEN_ASIDE,
    action_phrase,
    head_phrase,
    listed_acts,
    names_time,
    tail_phrase,
    unreal,
)
from summarizer.text.decisions import forbidden, refusals
from summarizer.text.decisions.grammar import (
    ADVERB,
    BE,
    LIMIT_NOUN,
    LIMITS,
    POWER_GRANTED,
    Clause,
    Found,
    names_rule,
)
from summarizer.text.decisions.parties import (
    agent,
    decides,
    is_crowd,
    names_party,
    names_thing,
    party_and_act_after,
    party_before,
)
from summarizer.text.decisions.rulings import VOID

# Without "from", only the verbs that are a limit by themselves ("blocked the merger", "struck down
# the law", "the law bans smoking"): a refusal or a rule's limit stated by its verb. "Overturned a
# ruling" undoes a ruling, which is not itself the thing not allowed.
_BAN_ALONE = (
    r"banned|barred|prohibited|blocked|forbade|outlawed|vetoed|struck down|"
    r"invalidated|annulled|nullified|quashed|set\s+aside|enjoined|revoked|rescinded|criminali[sz]ed|bans|prohibits|forbids|"
    r"outlaws"
)
# Barred or exempted from a thing, not only from an act ("barred from the race", "exempted from the
# levy"); "blocked the money from the sale" is no limit, so not every verb of `_BAN` takes one.
_FROM_THING = r"ban|bar|prohibit|exclud|exempt|forb|disqualif"
_BAN = (
    rf"{_BAN_ALONE}|excluded|exempted|disqualified|prevented|kept|stopped|bars|blocks|excludes|exempts|prevents|"
    r"stops|"
    r"ban|bar|prohibit|block|forbid|exclude|exempt|prevent|keep|stop|banning|barring|prohibiting|blocking|"
    # Only with "from" ("restricted the firm from trading", a court's "restrained the council from"):
    # "restricted access" is no limit's own words.
    r"(?:restrict|restrain)(?:ed|s|ing)?(?=\s.+?\bfrom\b)"
)
# A storm or a lack of money keeps people from things as often as anyone who decides: these verbs
# count only when a body does it (`decides`: "the council stopped vendors from"), or when the subject is
# in an earlier clause of the sentence ("the board banned X and stopped Y from").
_CAUSED = re.compile(r"prevent|kept|keep|stop")


_BANNED = (
    r"banned|barred|prohibited|blocked|forbidden|outlawed|revoked|rescinded|excluded|exempted|exempt|ineligible|"
    r"expelled|suspended(?=\s+from\b)|restricted(?=\s+from\b)|restrained(?=\s+from\b)|off[-\s]limits|"
    r"(?:not|no longer) (?:allowed|permitted|authori[sz]ed|eligible|entitled)"
)
# A ban a body approves or adopts is its own ("the cabinet approved a ban on exports"); sanctions it
# approves or adopts are a package whose limits are told by what they bar, not by the word.
_APPROVE = r"approved|approves|adopted|adopts|passed"
_IMPOSE = (
    r"imposed|imposes|announced|declared|ordered|orders|put in place|puts in place|enacted|slapped|slaps|placed|places|"
    r"introduced|introduces|maintained"
)


# "a sedative banned decades ago", "a party banned in 1993": the verb describes the noun before it,
# and what follows is when, not what.
_AGO = re.compile(
    r"(?:(?:more|less)\s+than\s+|nearly\s+|almost\s+|about\s+|some\s+|over\s+)?[\w-]+\s+"
    r"(?:years?|months?|decades?|weeks?|days?)\s+ago\b|in\s+(?:1[89]|20)\d\d\b",
    re.IGNORECASE,
)


_PUT_IN_PLACE = re.compile(
    r"(?:imposed|placed|introduced|announced|enacted|adopted|issued|lifted)\s+(?:on|in|by|against|after|since|last|this)\b"
)


def _barred(s: Clause) -> Found:
    """ "X barred Y from Z", "X blocked the merger"."""
    for m in s.decided(rf"\b(?P<verb>{_BAN})\s+(?=(?P<rest>.+))", active=True):
        head = s.head(m.start(), m["verb"])
        if head is None:
            continue
        progressive = head != m.start()
        rest, granter = m["rest"], s.subject(head)
        # After a preposition or "such" the word describes a noun ("the list of prohibited venues",
        # "such barred traders"); after an article it is one ("the ban removes him from"), and after
        # "these" or "those" it describes one: `Clause.decided` already leaves both out.
        if re.search(r"\b(?:of|for|on|in|at|with|from|by|into|about|such)\s+$", s.text[: m.start()], re.IGNORECASE):
            continue
        # "export bans imposed on the country": the noun, told with the act that put it in place.
        if m["verb"].endswith("s") and _PUT_IN_PLACE.match(rest):
            continue
        if granter and ((_CAUSED.match(m["verb"]) and not decides(s, granter)) or is_crowd(granter)):
            continue
        # "It prevents X from", with nothing named that "it" stands for: a standing effect of no one's act.
        if granter is None and m["verb"] in {"prevents", "stops"}:
            continue
        target, after = party_before(rest, "from")
        if target is not None:
            action = action_phrase(after) or (head_phrase(after) if re.match(_FROM_THING, m["verb"]) else None)
            if action:
                yield m.start(), s.reading("exclusion", granter, target, f"{target} from {action}", "barred from")
                offset = len(s.text) - len(after)
                for at, act in listed_acts(after, action):
                    yield offset + at, s.reading("exclusion", granter, target, f"{target} from {act}", "barred from")
            continue
        target = head_phrase(rest)
        # "The sanctions bar trading": a rule's effect, in the present of any verb of limit.
        alone = (
            re.fullmatch(_BAN_ALONE, m["verb"])
            or progressive
            or (
                (names_rule(granter) or (s.headline and granter is not None and decides(s, granter)))
                and (not m["verb"].endswith("ed") or m["verb"] in {"excluded", "exempted"})
            )
        )
        # "Last year it banned exports of rice": the "it" is a body named before, and a ban in the past
        # is its decision whoever it is.
        unnamed = granter is None and re.fullmatch(_BAN_ALONE, m["verb"]) and tail_phrase(s.before(head)) == "it"
        if (granter or unnamed) and target and names_thing(target) and alone and not _AGO.match(target):
            yield m.start(), s.reading("exclusion", granter, None, target, "banned")


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
        # "Straws are also to be banned", "are set to be banned", "are being banned": a rule's limit told
        # ahead of its day or as it comes in.
        # "A, B and C have all been banned": the subject is the list, not its "all".
        rf"\b(?:(?:(?:have|has)\s+(?:all|both)\s+been|{BE}|’s|'s|(?:will|shall)\s+(?:also\s+)?be|(?:(?:will|shall)\s+)?remain|remains|remained)\s+"
        r"(?:(?:still|also|now|then|formally|[a-z]+ly)\s+)?"
        r"(?:(?:set\s+|due\s+)?to\s+be\s+|being\s+)?|"
        r"will\s+(?=(?:not|no longer) be))"
        # "have been “prohibited from issuing”": the order's own words, quoted.
        # A suspension with no "from" is read only when announced ahead (below).
        rf"[\"“]?(?P<verb>{_BANNED}|suspended|(?:not|no longer) be (?:allowed|permitted))\b(?P<rest>.*)"
    ):
        # What "will" not allow is a rule only when nothing in the sentence makes it a prospect.
        future = m.group().startswith(("will", "shall")) or " to be " in m.group()
        if future and (UNREAL_CLAUSE.search(s.before(m.start())) or CONDITION_AFTER.search(m["rest"])):
            continue
        # "was suspended" tells of a player or a project as often as of a decision; one announced
        # ahead ("will be suspended") is the decider's.
        if m["verb"] == "suspended" and not future and not m["rest"].lstrip().startswith("from "):
            continue
        target = s.subject(m.start())
        # "barred by the commission from contesting": the agent may come between the verb and the act.
        by = re.match(r"\s*by\s+(?P<agent>[^,;:]+?)\s+(?=(?:from|to)\s)", m["rest"])
        rest = m["rest"][by.end() :] if by else m["rest"]
        # A quotation mark before the act is `action_phrase`'s to leave out.
        to = re.match(r"(?P<word>from|to|for)\s+(?P<act>.+)", rest.lstrip())
        action = action_phrase(to["act"]) if to else None
        if target and action and _anonymity_note(target, action):
            continue
        if target and target.lower() not in PRONOUNS:
            verb = m["verb"].replace(" be ", " ")
            if not (to and action):
                yield m.start(), s.reading("exclusion", None, target, target, "is banned")
                continue
            granter = agent(by["agent"]) if by else None
            yield (
                m.start(),
                s.reading("exclusion", granter, target, f"{target} {verb} {to['word']} {action}", "is banned"),
            )
            # "barred from A, B, or C": one limit an act, each placed where it is named.
            offset = m.end("rest") - len(to["act"])
            for at, act in listed_acts(to["act"], action):
                yield (
                    offset + at,
                    s.reading("exclusion", granter, target, f"{target} {verb} {to['word']} {act}", "is banned"),
                )


def _banned_first(s: Clause) -> Found:
    """ "Also banned are fireworks", "Also prohibited is the sale of X": the passive told the other way
    round, as a list of what a rule forbids goes on."""
    for m in s.stated(
        rf"^(?:[Aa]lso|[Ff]urther|[Ll]ikewise)\s+(?P<verb>{_BANNED}|restricted)\s+(?:is|are|will\s+be)\s+(?P<rest>.+)"
    ):
        target = head_phrase(m["rest"])
        if target and names_thing(target) and target.lower() not in PRONOUNS:
            yield m.start(), s.reading("exclusion", None, None, target, "is banned")


# A limit's noun that names no kind of limit by itself: what it holds down is what follows "on".
_BARE_LIMIT = re.compile(r"(?:ban|moratorium|freeze|prohibition)(?:e?s)?", re.IGNORECASE)


def _limit_named(noun: str, after: str) -> str | None:
    """The limit as the sentence names it: "the ban on night trains", "a curfew"; a bare "the ban",
    whose object an earlier sentence named, names nothing not allowed."""
    # "sanctions and travel bans against the junta's members": two limits on one party, told in one.
    on = re.match(
        rf"(?P<more>\s+and\s+(?:[\w-]+\s+){{0,2}}?(?:{LIMIT_NOUN})s?)?(?:{WHEN_ASIDE})?\s+(?P<by>on|against)\s+"
        r"(?P<what>[^,;:]+)",
        after,
    )
    target = head_phrase(on["what"]) if on else None
    if on and target and not names_time(target):
        return f"{noun}{on['more'] or ''} {on['by']} {target}"
    # "imposed further sanctions": sanctions name no kind of limit either, whatever their adjectives.
    return None if _BARE_LIMIT.fullmatch(noun) or re.search(r"\bsanctions$", noun, re.IGNORECASE) else noun


# The words that name a limit between its article and its noun: "the smoking ban", "its new curfew".
_NAMED_BY = re.compile(r"\b(?:[Tt]he|[Aa]n?|[Ii]ts|[Tt]heir)\s+(?P<modifiers>(?:(?!(?:the|an?)\s)[\w-]+\s+){0,2})$")


# What a limit in force is on, which may be a list ("on cattle, sheep and goats").
_HELD = r"[^,;:]+?(?:,\s+[^,;:]+?)*?"
_IN_FORCE_VERB = r"took|takes|has\s+taken|came|comes|went|goes|has\s+gone"
# "The ban on X, which applies to shops, came into force": what the limit covers, told aside.
_ITS_ASIDE = r"(?:,\s+(?:which|that)\s[^,;:]{1,80},)?"


def _imposed(s: Clause) -> Found:
    """ "The city imposed a midnight curfew", "a curfew was announced"."""
    for m in re.finditer(rf"\b(?:{LIMIT_NOUN})(?:e?s)?\b", s.text):
        before = s.before(m.start())
        # "No curfew was imposed", "it imposed no new sanctions": a limit denied, not one put in place.
        if re.search(r"\b[Nn]o\s+(?:[\w-]+\s+){0,2}$", before):
            continue
        imposed = re.search(
            rf"\b(?:{_IMPOSE}|(?P<approved>{_APPROVE})|set|extended|(?:is|are|was|were)\s+imposing|"
            r"(?:voted|decided|agreed)(?:\s+[\d–-]+)?\s+to\s+(?:impose|slap))\s+"
            # A day between the verb and its limit is no part of the limit ("announced Tuesday a ban").
            rf"(?:(?:on\s+)?(?:{WEEKDAYS}|today|yesterday)\s+)?(?:an?\s+|the\s+|its\s+|their\s+)?"
            # "announced plans to ban": a limit after "to" is only planned; "ordered that the ban ..."
            # tells of the limit in a clause of its own.
            r"(?P<modifiers>(?:(?!(?:to|that)\s)[\w-]+\s+){0,2})$",
            before,
        )
        after = s.text[m.end() :]
        passive = re.match(
            rf"(?:\s+(?:on|against)\s+[^,;:]+?)?\s+(?:was|were|is|are|has been|had been)\s+(?:being\s+)?(?:{_IMPOSE})",
            after,
        )
        # "The ban on menthol cigarettes took effect on Monday", "the ban on X remains in place": a limit
        # now in force.
        in_force = re.match(
            rf"(?:\s+on\s+{_HELD})?{_ITS_ASIDE}\s+(?:(?:{_IN_FORCE_VERB})\s+(?:into\s+)?(?:effect|force)|"
            r"(?:remains|remained|will\s+remain|stays|stayed)\s+in\s+(?:place|force|effect))\b",
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
            noun = _limit_named(imposed["modifiers"] + m.group(), after)
            if noun and not (imposed["approved"] and m.group() == "sanctions"):
                yield m.start(), s.reading("exclusion", s.subject(imposed.start()), None, noun, "imposed")
        elif passive and not unreal(before):
            # "A ban was imposed on the export of scrap": what it is on may follow the verb. "A community
            # quarantine is imposed": the words between its article and its noun name it.
            told = _NAMED_BY.search(before)
            named = (told["modifiers"] if told else "") + m.group()
            # What it is on may come before the verb or after it ("a ban is being introduced on ...").
            first, then = _limit_named(named, after), _limit_named(named, after[passive.end() :])
            noun = first if first and first != named else then or first
            if noun:
                yield m.start(), s.reading("exclusion", None, None, noun, "imposed")
        elif in_force and not unreal(before):
            on = re.match(rf"\s+on\s+(?P<what>{_HELD}){_ITS_ASIDE}\s+(?={_IN_FORCE_VERB}|remain|stay|will)", after)
            # "The smoking ban took effect" names its limit by its modifier; "The ban took effect" restates
            # one named before, and names nothing.
            told = _NAMED_BY.search(before)
            noun = (told["modifiers"] if told else "") + m.group()
            what = f"{noun} on {on['what']}" if on else _limit_named(noun, "")
            if what:
                yield m.start(), s.reading("exclusion", None, None, what, "imposed")
        elif relative and not unreal(before) and not unreal(relative["who"]):
            who = tail_phrase(relative["who"])
            if who:
                imposer = None if who.lower() in PRONOUNS else who
                yield m.start(), s.reading("exclusion", imposer, None, m.group(), "imposed")


def _voted_against(s: Clause) -> Found:
    """ "X voted against allowing Y to Z": the permission refused is the limit."""
    for m in s.decided(r"\bvoted\s+against\s+(?P<verb>allowing|letting|permitting)\s+(?P<rest>.+)"):
        receiver, action = party_and_act_after(m["verb"], m["rest"])
        granter = s.subject(m.start())
        if receiver and action and granter and names_party(receiver):
            yield m.start(), s.reading("exclusion", granter, receiver, f"{receiver} to {action}", "voted against")


# The words that hold a list of limits: "sanctions that include a travel ban", "measures including".
_HOLDS_LIMITS = r"sanctions|measures|restrictions|steps|package|rules|regulations|emergency|order|decree"


_AND_LIMIT = re.compile(
    rf"\s+and\s+(?:an?\s+)?(?P<modifiers>(?:[\w-]+\s+){{0,2}}?)(?P<noun>(?:{LIMIT_NOUN})(?:e?s)?)\b"
)


def _included(s: Clause) -> Found:
    """ "The sanctions include a travel ban to the bloc", "measures including an asset freeze against
    Y": a limit named among what a decision holds."""
    for m in s.stated(
        rf"\b(?:{_HOLDS_LIMITS})\b[^.;:]*?\b(?:(?:will\s+)?include[sd]?|including|consists?\s+of)\s+(?:an?\s+|the\s+)?"
        rf"(?P<modifiers>(?:(?!and\s)[\w-]+\s+){{0,3}}?)"
        rf"(?P<noun>(?:{LIMIT_NOUN}|prohibition|restrictions|(?P<stop>suspension|closure|freezing))(?:e?s)?)\b"
    ):
        before = s.before(m.start("noun"))
        if unreal(before) or POWER_GRANTED.search(before):
            continue
        # "include the suspension of all trade": a stop is named by what it stops.
        of = re.match(r"\s+of\s+(?P<what>.+)", s.text[m.end() :]) if m["stop"] else None
        # What it stops runs to the end of its clause ("of all commercial and financial transactions").
        told = re.split(r"[,;:()]|\s(?:while|but|which|who|after|as)\s|\.\s*$", of["what"])[0] if of else ""
        thing = told.strip() if 0 < len(told.split()) <= 16 else None
        if m["stop"]:
            noun = f"{m['modifiers']}{m['noun']} of {thing}" if thing else None
        else:
            noun = _limit_named(m["modifiers"] + m["noun"], s.text[m.end() :])
        if noun:
            yield m.start("noun"), s.reading("exclusion", None, None, noun, "included")
        # "include a travel ban and an asset freeze": the second limit is included as the first is.
        second = _AND_LIMIT.match(s.text, m.end()) if noun and not m["stop"] else None
        named = _limit_named(second["modifiers"] + second["noun"], s.text[second.end() :]) if second else None
        if second and named:
            yield second.start("noun"), s.reading("exclusion", None, None, named, "included")


_SET_LIMIT = rf"{_IMPOSE}|introduced?|introduces|include[sd]?|including"
# A limit set or named, then a second joined to it: "a ban is introduced on X, as well as a ban on Y",
# "the sanctions include limits on X and a complete ban on Y".
_FIRST_LIMIT = re.compile(
    rf"(?:\b(?:{_SET_LIMIT})\b[^.;:]*?\b{LIMITS}(?:e?s)?\b|\b{LIMITS}(?:e?s)?\b[^.;:]*?\b(?:{_SET_LIMIT})\b)"
    # The first is named by what it is on: "asset freezes and travel bans against X" is one limit.
    r"[^.;:]*?\s(?:on|against|of)\s[^.;:]*(?:,\s+|\s)(?:as\s+well\s+as|and|plus)\s+(?:an?\s+|the\s+)?(?P<modifiers>(?:(?!(?:the|an?)\s)[\w-]+\s+){0,2})$"
)


def _joined(s: Clause) -> Found:
    """ "A ban is introduced on imports of X as well as a ban on exports of Y": the second limit is set
    by the same words as the first."""
    for m in re.finditer(rf"\b(?:{LIMIT_NOUN})(?:e?s)?\b", s.text):
        joined = _FIRST_LIMIT.search(s.text[: m.start()])
        if joined is None or unreal(s.before(joined.start())):
            continue
        # Named by what it is on: "and road blockades by protesters" sets nothing.
        noun = _limit_named(joined["modifiers"] + m.group(), s.text[m.end() :])
        if noun and re.search(r"\s(?:on|against)\s", noun):
            yield m.start(), s.reading("exclusion", None, None, noun, "imposed")


SHAPES: tuple[Callable[[Clause], Found], ...] = (
    _barred,
    *refusals.SHAPES,
    _is_banned,
    _banned_first,
    _imposed,
    forbidden.no_one_may,
    _voted_against,
    forbidden.made_illegal,
    forbidden.it_is_forbidden,
    forbidden.under_rule,
    forbidden.rule_says_not,
    _included,
    _joined,
)
