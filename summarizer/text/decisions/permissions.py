"""Permissions and orders: who allowed, ordered or empowered whom to do what ("X allowed Y to Z",
"Y was authorised by X to Z", "X granted Y a waiver"). A permission negated or refused is read here
as the limit it is."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from summarizer.text.clauses import (
    ACTS,
    UNREAL_CLAUSE,
    action_phrase,
    after_word,
    head_phrase,
    negation_at,
    tail_phrase,
    unreal,
)
from summarizer.text.decisions import rulings
from summarizer.text.decisions.grammar import (
    BE,
    DAY,
    GIVEN_TO_SOMEONE,
    GRANTABLE,
    PERMISSION,
    REQUEST,
    RULE,
    STANDING_RULES,
    Clause,
    Found,
    since_changed,
)
from summarizer.text.decisions.parties import (
    agent,
    announced_before,
    decided_after,
    decides,
    is_court,
    let_party_and_act,
    names_party,
    names_thing,
    party_and_act,
    party_and_act_after,
)

# Past tenses, but for a rule someone is named as making (`_OWNED`): "the programme allows investors
# to" states a rule's standing effect, not an act of granting, and a bare "tell him to" is an
# imperative. The base forms are there for "did not allow", which is a limit.
_AUTHORISE = (
    r"allowed|authori[sz]ed|permitted|empowered|ordered|instructed|directed|required|told|tasked|"
    r"licen[cs]ed|mandated|enabled|entitled|cleared|allow|authori[sz]e|permit|order|instruct|direct|require|"
    r"allows|authori[sz]es|permits|orders|instructs|directs|requires|empowers|allowing|permitting|authori[sz]ing|"
    r"mandating|mandates|mandate|let|lets|letting|ordering|instructing|directing"
)
# The present states a standing effect, which the guidelines count only when the article names who
# made the rule: "the governor's order requires clinics to", "Obama's directive allows".
_OWNED = re.compile(rf"['’]s?\s+(?:[\w-]+\s+){{0,2}}(?:{RULE})$")
# A law, a programme or a document is no one who decides: "the visa required the team to travel" and
# "the 2010 law allowed states to" state a standing effect, which the guidelines count only with its
# maker named ("the governor's law", `_OWNED`). An order or a ruling is itself the act.
_STANDING = re.compile(rf"\b(?:{STANDING_RULES}|{PERMISSION}|{REQUEST})s?$", re.IGNORECASE)
# A court's act in the present is the news of the day, not a standing rule: "the ruling allows".
_JUDGED = re.compile(r"\b(?:ruling|decision|injunction|judgment|judgement|verdict)$")
# "Y is required to" states a standing obligation, not an act of granting: left out here.
_AUTHORISED = (
    r"allowed|authori[sz]ed|permitted|empowered|ordered|instructed|directed|licen[cs]ed|"
    r"cleared|tasked|entitled|granted|given"
)
_PERMISSION_GRANTED = re.compile(rf"(?:an?\s+|the\s+)?(?:\w+\s+){{0,2}}(?:{GRANTABLE})s?\b")


# The verbs of an order whose object may be told to stop or not to act ("orders" is as often a noun).
# A participle of ordering is read only for an order not to act ("issued an order directing the city
# not to"): "ordering the arrest of" and "directing traffic" let no one act.
_ORDERING = re.compile(r"ordering|instructing|directing")
_ORDERED = re.compile(rf"ordered|instructed|directed|told|required|instructs|directs|{_ORDERING.pattern}")
_ORDERED_NOT = re.compile(r"(?P<who>[^,;:]{1,60}?)\s+(?:not\s+to|to\s+not)\s+(?P<act>.+)")


def _told_not_to(rest: str) -> tuple[str | None, str | None] | None:
    """Who an order tells not to act, and the act, from the words after its verb ("the city not to
    demolish the market", "the ministry to not close it"); None when the order is no such one."""
    told = _ORDERED_NOT.match(rest)
    return (head_phrase(told["who"]), action_phrase(told["act"])) if told else None


_HALT = re.compile(
    r"(?:refrain|desist|abstain)\s+from\s+(?P<what>.+)|(?:stop|cease|halt|suspend|shut\s+down)\s+(?P<thing>.+)"
)


def _ordered_to_stop(verb: str, action: str) -> str | None:
    """What an order to stop is a limit on ("ordered the firm to stop drilling", "staff are instructed to
    refrain from travelling"), or None when the verb orders nothing or the act is no stop."""
    halt = _HALT.match(action) if _ORDERED.fullmatch(verb) else None
    return (halt["what"] or halt["thing"]) if halt else None


def _allowed_to(s: Clause) -> Found:
    """ "X allowed Y to Z"; "X did not allow Y to Z" and "X refused to allow Y to Z" are limits."""
    for m in re.finditer(rf"\b(?P<verb>{_AUTHORISE})\s+(?=(?P<rest>.+))", s.text):
        before = s.before(m.start())
        # "directed ministries not to make announcements": an order not to act is a limit on the act.
        forbidden = _told_not_to(m["rest"]) if _ORDERED.fullmatch(m["verb"]) else None
        if not forbidden and _ORDERING.fullmatch(m["verb"]):
            continue
        if forbidden:
            receiver, action = forbidden
        else:
            receiver, action = party_and_act_after(m["verb"], m["rest"])
        # "allowed him to": whom it means is for the sentences around, not for this reading.
        # "cleared the way for Y to Z" is `_cleared_the_way`'s; "ordered bail to Y" is `grants`'.
        if receiver is None or not names_party(receiver) or receiver.startswith("the way "):
            continue
        if re.search(rf"\b{GIVEN_TO_SOMEONE}$", receiver):
            continue
        negated = negation_at(before)
        # The one who did not allow it stands before the negation.
        granter = s.subject(m.start() if negated is None else negated)
        head = s.head(m.start(), m["verb"])
        if head is None:
            continue
        progressive = head != m.start()
        if progressive:
            granter = s.subject(head)
        # "The proclamation orders the Pentagon to": the order's words, its signing told just before or
        # in an aside ("The order, signed by the governor on Friday, allows ...").
        document = _signed_document(s, before) or _signer(s.text[: m.start()])
        if document:
            granter = document
        if action is None or granter is None or _commanded(m["verb"], granter, receiver) or _MIND.match(action):
            continue
        if since_changed(before, s.text, m.start()):
            continue
        if forbidden:
            if action and negated is None and not unreal(before):
                yield m.start(), s.reading("exclusion", granter, receiver, f"{receiver} to {action}", "ordered not to")
            continue
        stopped = _ordered_to_stop(m["verb"], action)
        if stopped:
            if negated is None and not unreal(before):
                yield m.start(), s.reading("exclusion", granter, receiver, stopped, "ordered to stop")
            continue
        if negated is not None and not UNREAL_CLAUSE.search(before):
            yield m.start(), s.reading("exclusion", granter, receiver, f"{receiver} to {action}", "not allowed to")
        elif _OWNED.search(granter) or _JUDGED.search(granter) or document or progressive:
            if not unreal(before):
                yield m.start(), s.reading("authorisation", granter, receiver, action, "allowed to")
        elif (
            (m["verb"].endswith("ed") or m["verb"] in {"told", "let"} or (s.headline and m["verb"].endswith("s")))
            and (is_court(granter) or not _STANDING.search(granter))
            and not unreal(before)
        ):
            yield m.start(), s.reading("authorisation", granter, receiver, action, "allowed to")


_DOCUMENTS = rf"{ACTS}|document"
_DOCUMENT = re.compile(rf"\b(?:{_DOCUMENTS})$", re.IGNORECASE)
# Who signed it is the subject of "signed" ("President Ana Ruiz on Aug. 30 signed"); where none is
# found, the document stands for its maker.
_SIGNED = re.compile(r"\b(?:signed|issued)\b")


def _signed_document(s: Clause, before: str) -> str | None:
    """Who decided what an executive document that is the subject here says ("the proclamation", or an
    "it" standing for one), when the sentences just before tell of its signing or issue: then its
    present tense is the act itself, with its maker named, not a standing rule."""
    subject = tail_phrase(before)
    if subject in {"It", "it"}:
        subject = s.named_before(_DOCUMENTS, plural=False)
    if not (subject and _DOCUMENT.search(subject)):
        return None
    signed = list(_SIGNED.finditer(s.preceding))
    return (tail_phrase(s.preceding[: signed[-1].start()]) or subject) if signed else None


_SIGNED_BY = re.compile(
    rf"\b(?:{_DOCUMENTS}|law|bill|measure)\s*,\s*(?:signed|issued|approved|enacted)\s+(?:(?:on\s+)?\w+\s+)?"
    r"by\s+(?P<who>[^,]+?)(?:\s+(?:on|last|this|in)\s+[^,]+)?\s*,\s*$"
)


def _signer(before: str) -> str | None:
    """Who signed the document that is the subject, told in an aside between it and its verb."""
    aside = _SIGNED_BY.search(before)
    return agent(aside["who"]) if aside else None


# Who gives commands at a scene rather than decisions (the guidelines leave those out): "officers
# ordered the crowd to disperse". The chief who orders officers to wear cameras is a "chief".
_AT_SCENE = re.compile(
    r"\b(?:police|officers?|troopers?|deput(?:y|ies)|guards?|soldiers?|pilots?|crew|firefighters?)$", re.IGNORECASE
)


# "Allowed the public to think that": a belief let stand, no permission.
# "Allowed them to see the files" is leave to look; "to see that" or "to know how" is a belief again.
_MIND = re.compile(
    r"(?:think|believe|assume|suppose|imagine|wonder)\b|(?:feel|know|see)\b\s*(?:that|how|why|what|whether|$)"
)


def _commanded(verb: str, granter: str, receiver: str) -> bool:
    """Whether "X ordered / told Y to Z" is a command, not a decision: given at a scene, or "told"
    to anyone but one's own people ("told his aides to" is a directive; "told the crowd to", advice
    or a request)."""
    if verb == "told" and not re.match(r"(?:his|her|their|its|our)\s", receiver):
        return True
    return verb in {"ordered", "told", "instructed", "directed", "let"} and _AT_SCENE.search(granter) is not None


# A decision taken in another verb's words: "the board voted to allow", "the governor signed an
# order directing". The verb after such a lead is in its base, "-s" or "-ing" form, which alone
# would be a rule's standing effect or a wish.
_LEAD = (
    rf"(?:voted|decided|agreed|moved|chose|opted)(?:\s+[\d–-]+)?(?:\s+{DAY})?\s+to|"
    # "voted in favour of striking down": the vote's act in its "-ing" form.
    r"(?:voted|ruled|decided)(?:\s+[\d–-]+)?\s+in\s+favou?r\s+of|"
    # A court "made an order" as often as it issued one.
    r"(?:signed|issued|granted|made|approved|passed|enacted|adopted|amended|changed|revised|extended)\s+(?:into\s+law\s+)?"
    r"(?:(?:an?|the|his|her|its|their)\s+)?"
    # The document's noun may be capitalised as a title is ("passed a Bill allowing").
    r"(?:[\w-]+\s+){0,3}?(?i:order|bill|law|measure|legislation|directive|resolution|rule|regulation|by-?law|"
    r"proclamation|decree|memorandum|ordinance|amendment|injunction|ruling|circular|notification)s?\s*,?\s+"
    rf"(?:{DAY}\s*,?\s+)?"
    # "signed an order allowing", "... that allows", and the act's purpose: "amended the bylaw to allow".
    # An adverb may say for how long: "orders temporarily blocking".
    r"(?:that\s+|which\s+|to\s+)?(?:[a-z]+ly\s+)?"
)
_LED_PERMIT = (
    r"allow(?:s|ing)?|authori[sz](?:e|es|ing)|permit(?:s|ting)?|order(?:s|ing)?|requir(?:e|es|ing)|"
    r"direct(?:s|ing)?|instruct(?:s|ing)?|empower(?:s|ing)?|let(?:s|ting)?|forc(?:e|es|ing)|compel(?:s|ling)?|"
    r"oblig(?:e|es|ing)"
)
_LED_ORDER = re.compile(r"order|direct|instruct|requir")
_LED_BAN = (
    r"(?:ban|bar|block|prohibit|exempt|exclude|outlaw|forbid|halt|suspend|restrict|prevent)(?:s|ned|ning|ring|ding|ing)?|"
    r"revok(?:e|es|ing)|strik(?:e|es|ing)\s+down|annul(?:s|ling)?|invalidat(?:e|es|ing)|quash(?:es|ing)?|"
    # A court's "injunction restraining the firm from", "orders enjoining the agency from".
    r"(?:restrain|enjoin)(?:s|ing)?(?=\s.+?\bfrom\b)"
)


def _led(s: Clause) -> Found:
    """ "X voted to allow Y to Z", "X signed an order barring Y from Z"."""
    for m in s.decided(rf"\b(?:{_LEAD})\s*(?:(?P<permit>{_LED_PERMIT})|(?P<ban>{_LED_BAN}))\s+(?P<rest>.+)"):
        rest, granter = m["rest"], s.subject(m.start())
        word = "to" if m["permit"] else "from"
        # "issued an order instructing the cabinet to not implement": an order not to act is a limit.
        forbidden = _told_not_to(rest) if m["permit"] and _LED_ORDER.match(m["permit"]) else None
        if forbidden:
            receiver, action = forbidden
            if granter and receiver and action and names_party(receiver):
                yield m.start(), s.reading("exclusion", granter, receiver, f"{receiver} to {action}", "ordered not to")
            continue
        receiver = head_phrase(rest, stop=word)
        if m["permit"] and m["permit"].startswith("let"):
            receiver, action = let_party_and_act(rest)
            if receiver and action and granter:
                yield m.start(), s.reading("authorisation", granter, receiver, action, "enacted allowing")
            continue
        if m["permit"] and receiver is None:
            # "authorizing Gen. Ada Dunbar, the adjutant general, to call up ...".
            receiver, action = party_and_act(rest)
            if receiver and action and granter and names_party(receiver):
                yield m.start(), s.reading("authorisation", granter, receiver, action, "enacted allowing")
            continue
        # "an injunction preventing the removal of Y" bars an act, not a party from one.
        if m["ban"] and granter and (receiver is None or not names_party(receiver)):
            # "voted to block the sale": the thing blocked, as "blocked the sale" alone.
            target = head_phrase(rest)
            if target and names_thing(target):
                yield m.start(), s.reading("exclusion", granter, None, target, "enacted barring")
            continue
        if receiver is None or not names_party(receiver):
            continue
        after = after_word(rest, len(receiver), word)
        action = action_phrase(after) or (head_phrase(after) if m["ban"] else None)
        if action is None or granter is None:
            continue
        if m["permit"]:
            yield m.start(), s.reading("authorisation", granter, receiver, action, "enacted allowing")
        else:
            yield m.start(), s.reading("exclusion", granter, receiver, f"{receiver} from {action}", "enacted barring")


_WAS_ALLOWED = (
    rf"{BE}\s+(?:(?!only\b)(?:[a-z]+ly|also|now|then|formally)\s+)?(?P<verb>{_AUTHORISED})\s+(?!only\b)(?P<rest>.+)"
)


def _will_be_allowed(s: Clause) -> Iterator[re.Match[str]]:
    """ "Y will be allowed to Z, the court ruled": a future told as the effect of a decision the sentence
    names as taken. Without that clause "will be allowed" is as often a plan's promise."""
    for m in s.stated(rf"\bwill\s+(?:(?:now|also)\s+)?{_WAS_ALLOWED}"):
        if decided_after(s, m.end("verb")) and not unreal(s.before(m.start())):
            yield m


def _was_allowed(s: Clause) -> Found:
    """ "Y was allowed (by X) to Z", "Y was granted immunity (by X)", "Y will be allowed to Z, X ruled"."""
    # "are only allowed to" narrows a permission: the limit is `scope._only_allowed`'s.
    for m in (*s.decided(rf"\b{_WAS_ALLOWED}"), *_will_be_allowed(s)):
        receiver = s.subject(m.start())
        subject_at = s.text.rfind(receiver, 0, m.start()) if receiver else -1
        # "No glass bottles are permitted": what no one may bring is a limit (`limits._no_one_may`).
        if receiver is None or re.search(
            rf"\b[Nn]o\s+(?:such\s+)?{re.escape(receiver)}\s*(?:(?:has|have|had|will)\s*)?$", s.before(m.start())
        ):
            continue
        rest = m["rest"]
        # "permitted by the authority to draw water": the agent comes before the action.
        by = re.match(r"by\s+(?P<agent>[^,;:.]+?)\s+(?=to\s)", rest)
        if by:
            rest = rest[by.end() :]
        granted_thing = m["verb"] in {"granted", "given"}
        action: str | None
        if rest.startswith("to ") and granted_thing:
            # "Bail was granted to X", "Other sites have been given to the events": what is given
            # is the subject and who receives it follows "to"; only a permission given is one.
            thing, to = receiver, head_phrase(rest[3:])
            receiver = re.split(r"\s+by\s+", to)[0] if to else ""
            if not (_PERMISSION_GRANTED.fullmatch(thing.lower()) and receiver and names_party(receiver)):
                continue
            rest = rest[3 + len(receiver) :]
            # "Bail was granted": the word opened the sentence, not a name.
            opens = s.text.startswith(thing) and thing[1:2].islower()
            action = thing[0].lower() + thing[1:] if opens else thing
        elif rest.startswith("to "):
            action = action_phrase(rest[3:])
        else:
            action = head_phrase(rest)
            # "was given the keys" is no permission; "was granted an exemption" is.
            if action and granted_thing and not re.match(_PERMISSION_GRANTED, action):
                action = None
            # "granted bail by the High Court": who granted it is the granter, not part of what.
            if action and granted_thing:
                action = re.split(r"\s+by\s+", action)[0]
        if action is None:
            continue
        # "directed to answer the petitions filed by residents": an agent after another participle is
        # that participle's.
        by_agent = by or re.search(r"(?<!ed )(?<!en )\bby\s+(?P<agent>[^,;:.]+)", rest)
        granter = agent(by_agent["agent"]) if by_agent else decided_after(s, m.end("verb"))
        if granter is None and not by_agent:
            granter = announced_before(s, subject_at)
        stopped = _ordered_to_stop(m["verb"], action)
        if stopped:
            yield m.start(), s.reading("exclusion", granter, receiver, stopped, "ordered to stop")
            continue
        verb = f"{m['verb']} to" if rest.startswith("to ") else m["verb"]
        yield m.start(), s.reading("authorisation", granter, receiver, f"{verb} {action}", "was allowed")


# Troops are called up or sent rather than allowed: the call-up or the deployment is the order, and
# it has no "to" after it.
_CALL_UP = r"called\s+up|called\s+(?:in)?to\s+(?:active\s+)?(?:duty|service)|mobili[sz]ed|deployed|dispatched"
# The order named by its noun: "approved the deployment of 3,000 troops".
_DEPLOYMENT = (
    r"(?:approved|authori[sz]ed|ordered)\s+(?:the\s+(?:deployment|redeployment|relocation|dispatch)\s+of|"
    # Or by the act: "approved sending 300 troops", "authorised deploying the reserves".
    r"(?:sending|deploying|dispatching|contributing))"
)


def _ordered_by(s: Clause) -> Found:
    """ "Y, ordered by X to Z, ...", "the Guard, called to service by the governor", "reservists were
    called up by X": the participle after its receiver, the agent after "by"."""
    for m in s.decided(
        rf"(?P<lead>,\s*|\b{BE}\s+)(?P<verb>{_AUTHORISED}|{_CALL_UP})\s+by\s+(?P<agent>[^,;:.]+?)"
        r"(?:\s+to\s+(?P<act>[^,;:]+)|(?=[,;:.]|$))"
    ):
        call_up = re.fullmatch(_CALL_UP, m["verb"]) is not None
        passive = not m["lead"].startswith(",")
        # "was allowed by X to Z" is `_was_allowed`'s; "a letter, authorised by X" names no act allowed.
        if (passive and (m["act"] or not call_up)) or (not m["act"] and not call_up):
            continue
        receiver = s.subject(m.start()) if passive else tail_phrase(s.before(m.start()))
        # What is called up is a force: "a response to the crisis has been mobilised" calls up no one.
        if call_up and not m["act"] and receiver and not re.search(_FORCES, receiver):
            continue
        granter = agent(m["agent"])
        action = action_phrase(m["act"]) if m["act"] else None
        if receiver and granter and (action or call_up):
            verb = re.sub(r"\s+", " ", m["verb"])
            yield (
                m.start(),
                s.reading("authorisation", granter, receiver, f"{verb} to {action}" if action else verb, "ordered by"),
            )


# Who is called up: a force by its name ("the D.C. National Guard", "500 reservists").
_FORCES = (
    r"(?:Guard|guardsmen|troops|reservists|reserves|soldiers|militia|forces|reinforcements|personnel|battalions?)"
    # "armoured personnel carriers", "troop transports": the force word names the vehicle that carries it.
    r"(?!\s+(?:carriers?|vehicles?|trucks?|transports?|ships?|planes?|aircraft|helicopters?)\b)"
)


def _called_up(s: Clause) -> Found:
    """ "X activated the National Guard to support the police", "X mobilised 300 reservists", "X sent
    troops to the border": the call-up or the deployment is the order, with or without a task after it."""
    for m in s.decided(
        rf"\b(?P<verb>activated|sent|{_CALL_UP}|{_DEPLOYMENT}|(?P<present>activates|deploys|mobili[sz]es))\s+"
        rf"(?P<who>(?:[\w.,'’-]+\s+){{0,5}}?(?:{_FORCES})\b)(?P<rest>.*)",
        active=True,
    ):
        granter, receiver = s.subject(m.start()), head_phrase(m["who"])
        # In the present only an act of deciding or a headline calls troops up: "the proclamation
        # activates the Guard".
        if m["present"] and not (s.headline or (granter and _DOCUMENT.search(granter))):
            continue
        task = re.match(r"\s+to\s+(?P<act>.+)", m["rest"])
        action = action_phrase(task["act"]) if task else None
        if granter and receiver:
            verb = re.sub(r"\s+of$", "", " ".join(m["verb"].split()))
            yield (
                m.start(),
                s.reading("authorisation", granter, receiver, f"{verb} to {action}" if action else verb, "called up"),
            )


def _deployment_approved(s: Clause) -> Found:
    """ "X approved army deployment in three provinces": the force named before the noun of its order."""
    for m in s.decided(
        r"\b(?P<verb>approved|authori[sz]ed|ordered|sanctioned)\s+(?:the\s+)?"
        r"(?P<who>army|military|troop|naval|police|paramilitary)\s+(?:deployment|dispatch)\b",
        active=True,
    ):
        granter = s.subject(m.start())
        if granter and decides(s, granter):
            yield m.start(), s.reading("authorisation", granter, m["who"], f"{m['verb']} deployment", "called up")


def _cleared_the_way(s: Clause) -> Found:
    """ "X cleared the way for Y to Z", and "X approved the sale, allowing Y to Z" (or "letting Y Z"): the
    act let Y go ahead."""
    for m in s.decided(
        r"(?P<comma>,\s+)?\b(?P<verb>(?:clear(?:ed|s|ing)|pav(?:ed|es|ing))\s+(?:the\s+)?way\s+for|"
        r"allowing|permitting|authori[sz]ing|enabling|letting)\s+(?P<rest>.+)"
    ):
        participle = m["verb"].split()[0].endswith("ing")
        if participle and not m["comma"]:
            continue  # "a law allowing ..." describes a thing, not what an act did
        receiver, action = party_and_act_after(m["verb"], m["rest"])
        if receiver is None or not names_party(receiver):
            continue
        granter = s.main_subject(m.start()) if participle else s.subject(m.start())
        if action and granter:
            yield m.start(), s.reading("authorisation", granter, receiver, action, "cleared the way")


def _use_by(s: Clause) -> Found:
    """ "X authorised the use of tear gas by riot police": who may use it stands after "by"."""
    for m in s.decided(
        r"\b(?:authori[sz]ed|approved|allowed|permitted|sanctioned)\s+the\s+use\s+of\s+(?P<means>[^,;:]+?)\s+by\s+"
        r"(?P<who>.+)",
        active=True,
    ):
        receiver, granter = agent(m["who"]), s.subject(m.start())
        if receiver and granter and names_party(receiver):
            yield m.start(), s.reading("authorisation", granter, receiver, f"use {m['means']}", "allowed the use")


SHAPES: tuple[Callable[[Clause], Found], ...] = (
    _allowed_to,
    _led,
    _was_allowed,
    _ordered_by,
    _called_up,
    _deployment_approved,
    _cleared_the_way,
    rulings.ruled_that,
    _use_by,
)
