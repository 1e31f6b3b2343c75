"""The parts of an English clause around a verb, found without a parser: the noun phrase before it
(its subject), the one after it (its object), the action after a "to" or "from", and whether a
modal, a negation or a condition makes it something not done.

Shallow on purpose: a phrase runs between function words and punctuation, so a name is kept
whole ("Department of Justice") and a clause ends at a comma or a "that". What these cannot
place, they leave as None, and the caller reads nothing.
"""

from __future__ import annotations

import itertools
import re


def _word_set(words: str) -> frozenset[str]:
    return frozenset(re.split(r"\s+", words.strip()))


# Words that end a noun phrase looking back from a verb: what comes before them is another clause.
DETERMINERS = _word_set("a an the this that these those his her its their our my your some any each every")
PRONOUNS = _word_set("he she they it we i you")
_COUNTS = _word_set("one two three four five six seven eight nine ten dozens hundreds thousands several many")
_FUNCTION = _word_set(
    """and or but if then than so as to in on at by for from with without into over under about after
    before between against during through until upon within across among since while because although
    though who whom whose which what when where why how is are was were be been being am has have had
    do does did will would shall should can could may might must also only just even still yet now
    already said says say told tells added according not no never argues argued claims claimed insists
    insisted believes believed thinks thought contends contended notes noted writes wrote"""
)
# Between a subject and its verb: auxiliaries and adverbs ("has formally", "did not"). Nouns in -ly
# are subjects, not adverbs ("the assembly voted").
_LY_NOUN = r"(?:assembly|family|ally|rally|supply|monopoly|anomaly|bully|folly|homily|panoply)\b"
_AUXILIARY = re.compile(
    rf"(?:\s+(?:has|have|had|did|does|do|also|then|now|already|just|recently|formally|long|henceforth|thereafter|further|"
    rf"instead|later|earlier|again|subsequently|eventually|"
    rf"(?!{_LY_NOUN})[a-z]+ly))*"
    r"\s*$"
)
# The words that negate the verb after them, for both shapes below.
_NEGATION = r"not|never|no longer"
# Just before a verb, a shape that is not a decision taken: a modal, a negation, a wish or a request.
# A contraction's "n't" is part of its word ("hasn't"), so it needs no word boundary before it.
_UNREAL_NEAR = re.compile(
    rf"(?:\b(?:would|could|should|might|may|will|shall|must|can|cannot|{_NEGATION}|"
    r"to|wants?|wanted|plans?|planned|hopes?|hoped|seeks?|sought|proposed|proposes|asked|urged)|n['’]t)\s*$",
    re.IGNORECASE,
)
# Anywhere before a verb in its sentence, a condition or a modal governs it. A concession ("though
# imports were banned in July") states its fact, so it is not among them.
UNREAL_CLAUSE = re.compile(r"\b(if|unless|whether|would|could|should|might)\b", re.IGNORECASE)
# After a verb, a condition on it: "will close the port if the talks fail".
CONDITION_AFTER = re.compile(r"\b(?:if|unless)\b")
# What someone demands, urges or proposes be done is not done: "demanded that the envoy be expelled".
_ASKED_THAT = re.compile(
    r"\b(?:demand(?:s|ed|ing)?|urg(?:e|es|ed|ing)|ask(?:s|ed|ing)?|request(?:s|ed|ing)?|propos(?:e|es|ed|ing)|"
    r"suggest(?:s|ed|ing)?|recommend(?:s|ed|ing)?|insist(?:s|ed|ing)?|call(?:s|ed|ing)?\s+for)\s+that\b",
    re.IGNORECASE,
)
_NEGATED = re.compile(rf"(?:\b(?:{_NEGATION}|refused to|declined to)|n['’]t)\s*$", re.IGNORECASE)
# When a decision was taken is neither who took it nor who received it ("the court this month",
# "staff Monday").
WEEKDAYS = r"Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
# A month in full or cut short ("Aug.", "Sept."); only ever followed by its day here.
_MONTH = r"(?:Jan|Feb|March|April|May|June|July|Aug|Sept?|Oct|Nov|Dec)[a-z]*\.?"
_WHEN = re.compile(
    rf"(?:\s+(?:(?:on|at|in|during|from|starting|(?:for|by)\s+(?:a|an|one|another|the\s+next))\s+)?(?:this|last|next|earlier|late|early)?\s*(?:{WEEKDAYS}|today|tonight|yesterday|"
    rf"week|month|year|morning|afternoon|evening|night|{_MONTH}\s+\d{{1,2}}))+\s*$"
)
# A time told between a noun and what it is on: "a ban in March on ...", "a curfew last week on ...".
WHEN_ASIDE = (
    rf"\s+(?:(?:on|in)\s+(?:{WEEKDAYS}|{_MONTH}(?:\s+\d{{1,2}})?(?:,?\s+\d{{4}})?|\d{{4}})"
    rf"|(?:last|this|next)\s+(?:week|month|year|{WEEKDAYS}))"
)
_DATED = re.compile(rf",?\s+(?:on\s+)?(?:(?:{WEEKDAYS}),?\s+)?{_MONTH}\s+\d{{1,2}}(?:,\s*\d{{4}})?,?\s*$")
_DATELINE_DAY = re.compile(rf"^\s*{_MONTH}\s+\d{{1,2}}\s+(?=[A-Z])")
# A place told with its region between the subject and its verb, commas and all: "a judge in Austin,
# Texas, ruled" is "a judge in Austin" ruling, as a dateline's "in Lyon, France," would be.
_PLACED = re.compile(
    r"(\b(?:in|of|from|at)\s+(?:[A-Z][\w.'’-]*\s+){0,3}[A-Z][\w.'’-]*),"
    r"\s+(?:[A-Z][\w.'’-]*\s+){0,2}[A-Z][\w.'’-]*,\s*(on\s+[A-Z]\w+\s*)?$"
)
# A clause ends at punctuation or a subordinating word; a subject lies after the last one.
# A closing single quote breaks a clause; the same mark inside a word is an apostrophe ("doctor’s").
CLAUSE_BREAK = re.compile(
    r"[,;:()\"“”‘—–]|’(?!\w)|(?<!\w)’|\b(?:that|which|who|whom|because|after|before|when|while|as)\b"
)
# Inside a sentence a period belongs to an abbreviation ("Mr. Clarke", "U.S. forces"); only its last
# one, or an ellipsis, ends a phrase. A comma between digits is part of a number ("$5,000").
_END_MARK = r",(?!\d{3}\b)|[;:()\"“”—–!?…]|\.\.\.|\.(?=[\"”’]*\s*$)"
# The words that start another clause after an object, a reporting verb among them: "the judge who
# blocked the law said it was vague"; so does the participle that gives the decider's reason ("banned
# the group, saying ...", "halted exports citing shortages").
_NEXT_CLAUSE = (
    r"but|while|because|after|before|when|which|who|that|if|unless|said|says|told|saying|citing|claiming|arguing"
)
# An object ends at an "and" too, and at the verb of a new clause ("permission to remain has been
# declared unlawful"); a time's end is no part of it ("the ban on night trains until May"), nor a
# participle with its agent, which describes it ("the warrant issued by the court").
_PHRASE_END = re.compile(
    rf"{_END_MARK}|\s(?:and|{_NEXT_CLAUSE}|until|till|has been|have been|had been|was|were|[a-z]+(?:ed|en)\s+by)\s"
)
# Before "to": an "and" that starts a second party does not end the phrase ("the county and its
# board to"), one that starts a second verb does ("banned X and stopped Y from").
# Nor does one inside a party's name ("primary and secondary schools to"): only a word that may be a
# verb in the past, or an adverb before one, starts a second verb.
_PARTIES_END = re.compile(
    rf"{_END_MARK}|\s(?:and(?!\s+(?:the|a|an|its|his|her|their|our|[A-Z0-9]|"
    r"(?![a-z]+(?:ed|ing|ly)\b)(?!(?:told|gave|let|sent|made|set|put|took|kept|won|also|then|later|instead|not)\b)"
    rf"[a-z]+\b))|{_NEXT_CLAUSE})\s"
)
# An action does not end at an "and" ("strike with GMLRS and HIMARS"), but where a second verb of the
# subject starts: "14 days to respond and scheduled a hearing". A "while" or "when" before an "-ing"
# tells when the act is done, and is part of it ("from smoking while driving").
_ACTION_END = re.compile(
    rf"{_END_MARK}|\s(?:but|because|which|who|that|if|unless)\s|\s(?:while|when)\s(?![a-z]+ing\b)|"
    r"\sand\s+(?=(?:also\s+)?[a-z]+ed\s)"
)
# The acts that decide by themselves ("an order", "the decision"): named alone, such an act says
# nothing of what it decided.
ACTS = r"order|directive|decree|ruling|decision|proclamation|memorandum|injunction|circular|notification"
# An object that is only an act's noun ("stayed an order", "an order by the county") is told by the
# clause after it: "an order that raised the award", "the decision which closed the port".
_BARE_ACT = re.compile(rf"(?:an?|the|its|this)\s+(?:[a-z-]+\s+)?(?:{ACTS})(?:\s+by\s+[^,;:]{{1,50}})?", re.IGNORECASE)
_ITS_CLAUSE = re.compile(r"\s+(?:that|which)\s+")
_CLAUSE_END = re.compile(rf"{_END_MARK}|\s(?:and|but|while|because|said|says|saying|citing)\s")
# Acts listed before the thing they share: "banned the sale, import and use of X" is one limit on X.
_LONE_ACT = re.compile(r"(?:the\s+)?[a-z]+")
_SHARED_THING = re.compile(r",\s+(?:[a-z]+,\s+)*[a-z]+,?\s+(?:and|or)\s+[a-z]+\s+of\s+")
# One describing word, after an article or a quantifier or none ("all incoming"), and another with
# the noun they share ("outgoing flights"): a plural or a past tense is a noun or a verb, not one.
_LONE_WORD = re.compile(r"(?:(?:all|most|any|some|the|its|their|new)\s+)?[a-z]+(?<![^s]s)")
_SHARED_NOUN = re.compile(r"[a-z]+(?<![^s]s)(?<!ed)\s+[a-z]{3,}\b(?!\s+(?:the|a|an|to)\b)")
_CAPITAL_BEFORE = re.compile(r"(?:^|\s)[A-Z][\w'’.-]*$")
_CAPITAL_AFTER = re.compile(r"[A-Z]")
_TOKEN = re.compile(r"[\w'’.&-]+")
_PERSON = re.compile(r"\b[A-Z][a-z]+(?:\s+[A-Z]\.)?(?:\s+[A-Z][a-z'’-]+)+")
_MAX_OBJECT_WORDS = 10
_MAX_ACTION_WORDS = 14


# What may stand around a word in running text without being part of it.
_PUNCTUATION = ".,;:!?'’\"“”()"


def bare_words(value: str) -> list[str]:
    """The words of `value` without the punctuation around them ("the board's," -> "the", "board's")."""
    return [word.strip(_PUNCTUATION) for word in value.split() if word.strip(_PUNCTUATION)]


def is_function_word(word: str) -> bool:
    return word.lower() in _FUNCTION


def word_count(text: str) -> int:
    return len(_TOKEN.findall(text))


def conditional(before: str) -> bool:
    """Whether the clause a verb ends (the words after the last clause break) is a condition: "if the
    order does not cover ..."."""
    return bool(UNREAL_CLAUSE.search(CLAUSE_BREAK.split(before)[-1]))


def _placed(tokens: list[re.Match[str]], index: int, kept: list[re.Match[str]]) -> bool:
    """Whether the "in" at `index` places the noun or name before it: "a judge in Hawaii", "Judge Ruiz
    in Maryland" (then a name), not "In May the court"."""
    if tokens[index].group() != "in" or not kept or not kept[-1].group()[:1].isupper() or index == 0:
        return False
    noun = tokens[index - 1].group()
    return noun.isalpha() and noun.lower() not in _FUNCTION and noun.lower() not in DETERMINERS


# Before a "that", the verbs whose "that" starts what is said or found, not a description.
_SAYS_THAT = re.compile(
    r"\b(?:[a-z]+(?:ed|ing)|said|says|told|argues|rules|finds|states|notes|adds|claims|believes|thinks|means|shows)\s*$"
)


def tail_phrase(before: str) -> str | None:
    """The noun phrase that ends `before` (the subject of a verb that follows), verbatim and
    without its determiner; a pronoun is returned as it is."""
    # A date between the subject and its verb, commas and all: "Governor Ruiz on Friday, Aug. 30 signed".
    before = _PLACED.sub(lambda m: f"{m[1]} {m[2] or ''}", _DATED.sub("", before))
    # "Drivers who hold a permit are allowed": a relative clause with a verb of its own stands between
    # the subject and its verb, and the subject is the phrase before the pronoun.
    # So does one after "that", unless "that" follows a verb of saying ("the minister said that firms").
    breaks = list(CLAUSE_BREAK.finditer(before))
    if breaks and breaks[-1].group() in {"who", "which", "that"}:
        first = _TOKEN.search(before, breaks[-1].end())
        word = first.group() if first else ""
        said = breaks[-1].group() == "that" and _SAYS_THAT.search(before[: breaks[-1].start()])
        if word[:1].islower() and not is_function_word(word) and word not in DETERMINERS | PRONOUNS and not said:
            return tail_phrase(before[: breaks[-1].start()])
    clause = before[breaks[-1].end() :] if breaks else before
    # "PARIS, July 18 France's regulator": a dateline's day before the subject is not part of it.
    clause = _DATELINE_DAY.sub("", clause)
    # "has tonight ordered", "on Friday has ordered": an auxiliary on either side of the time.
    clause = _AUXILIARY.sub("", _WHEN.sub("", _AUXILIARY.sub("", clause))).rstrip()
    kept: list[re.Match[str]] = []
    tokens = list(_TOKEN.finditer(clause))
    for index in range(len(tokens) - 1, -1, -1):
        word = tokens[index].group().lower().rstrip(".")
        # A dash alone is a dateline's or an aside's mark ("(AP) - Governor Ruiz"), not a word of the phrase.
        if not any(c.isalnum() for c in word):
            break
        if word in _FUNCTION and not _placed(tokens, index, kept):
            break
        # A determiner after "of" is inside the phrase: "citizens of the seven countries".
        if word in DETERMINERS and not (kept and index > 0 and tokens[index - 1].group().lower() == "of"):
            break
        kept.append(tokens[index])
        if word in PRONOUNS:
            break
    # "some of the lawmakers" is not "of the lawmakers".
    while kept and kept[-1].group().lower() in DETERMINERS | {"of"}:
        kept.pop()
    if not kept:
        return None
    phrase = clause[kept[-1].start() : kept[0].end()].strip()
    # "Britain, France and Germany barred", "citizens of Chad, Mali and Niger are not allowed": the last
    # name of a list is the list's.
    head = before.rfind(phrase)
    # "Rallies in the heart of the capital were banned": the place belongs to the noun before it; so
    # does where a thing comes from or what it comes with, named or not ("imports from Russia").
    placed = (_PLACE_BEFORE if phrase[:1].islower() else _ORIGIN_BEFORE).search(before[:head]) if head > 0 else None
    if placed:
        noun = tail_phrase(before[: placed.start()])
        if noun and noun.lower() not in PRONOUNS and not names_time(noun):
            start = before.rfind(noun, 0, placed.start())
            phrase, head = before[start:head] + phrase, start
    if phrase[:1].islower() and head > 0:
        return _things_listed(before[:head]) + phrase
    listed = _LISTED.search(before[:head]) if phrase[:1].isupper() and head > 0 else None
    return before[listed.start() : head] + phrase if listed else phrase


def _things_listed(before: str) -> str:
    """The members of a list of things that `before` ends with, up to its last "and" or "or": "Small
    boats, ferries and " before "tankers are banned", "the water, power and " before "transport
    sectors are exempt"; a member is one to three words of content, and a function word or
    determiner ends the list where it stands."""
    member = _LIST_END.search(before)
    # "gatherings of 50 people, and all residents are barred": a comma before the one "and" joins two
    # clauses; a list with that comma has another member before it ("boats, ferries, and tankers").
    if member and "," in member.group() and not _LIST_MEMBER.search(before[: member.start()]):
        return ""
    start = len(before)
    while member:
        words = member["member"].split()
        content = list(itertools.takewhile(is_content_word, reversed(words)))
        at = member.end("member") - len(" ".join(reversed(content)))
        # "From June, cups and trays": the words a sentence opens with before its comma set the time.
        if not content or _OPENING.match(before[:at]):
            break
        start = at
        if len(content) < len(words):
            break
        member = _LIST_MEMBER.search(before[:start])
    return before[start:]


# Names joined by commas and a last "and" or "or", with what they are "of" before them.
_NAME = r"[A-Z][\w'’.&-]*(?:\s+[A-Z][\w'’.&-]*){0,2}"
_LISTED = re.compile(
    rf"(?:\b(?!(?:[Tt]he|[Aa]n?)\s)(?:[A-Za-z][\w'’-]*\s+){{1,2}}of\s+)?(?:{_NAME},\s+)*{_NAME},?\s+(?:and|or)\s+$"
)


def is_content_word(word: str) -> bool:
    """Whether a word can end a phrase that names something: neither a function word nor a determiner."""
    return not is_function_word(word) and word.lower() not in DETERMINERS


_OPENING = re.compile(r"\W*(?:From|On|In|After|Since|By|Until|Starting|Beginning|As\s+of)\s+$")
_PLACE_BEFORE = re.compile(
    r"(?<=[a-z])\s+(?:in|at|from|with|(?:with\s+or\s+)?without)\s+"
    r"(?:(?:the|some|many|most|all|any|these|those|its|their)\s+)?$"
)
_ORIGIN_BEFORE = re.compile(r"(?<=[a-z])\s+(?:from|with|without)\s+(?:the\s+)?$")
_LIST_END = re.compile(r"(?P<member>(?:[A-Za-z][\w'’-]*\s+){0,2}[A-Za-z][\w'’-]*),?\s+(?:and|or)\s+$")
_LIST_MEMBER = re.compile(r"(?P<member>(?:[A-Za-z][\w'’-]*\s+){0,2}[A-Za-z][\w'’-]*),\s+$")


def names_time(phrase: str) -> bool:
    """Whether `phrase` is a time ("Sunday", "March 3", "last week"), not a thing."""
    return not _WHEN.sub("", f" on {phrase}").strip()


# A name in quotation marks after an article: "holding a “dissenters’ march”", "banned the “March of
# Millions”". Its marks are part of the phrase, not its end; after a preposition ("as an “unlawful
# body”", "with “blood on their hands”") the quotation describes the phrase, and ends it.
_QUOTED_NAME = re.compile(r"[“\"][^“”\"]{1,60}(?<![.,;:!?])[”\"]")


def _phrase_end(pattern: re.Pattern[str], after: str, start: int = 0) -> re.Match[str] | None:
    """The first match of `pattern` in `after` from `start` that is not the opening mark of a quoted
    name after an article or a possessive, or after one word that follows them ("the government's
    controversial “reasonableness law”")."""
    end = pattern.search(after, start)
    while end and end.group() in {"“", '"'}:
        before = after[: end.start()].lower().split()
        quoted = _QUOTED_NAME.match(after, end.start())
        # A quoted clause ("unless the customer asks") is no name.
        inside = quoted.group()[1:-1].lower().split() if quoted else []
        if not (quoted and 0 < len(inside) <= 5 and inside[0] not in _FUNCTION and _leads_name(before)):
            break
        end = pattern.search(after, quoted.end())
    return end


def _leads_name(words: list[str]) -> bool:
    """Whether the words before a quotation mark lead into a name: an article or a possessive last (not
    itself after a function word, as in "said the"), or one describing word after them."""

    def leads(word: str) -> bool:
        return word in DETERMINERS or re.search(r"\w['’]s?$", word) is not None

    if not words:
        return False
    if leads(words[-1]):
        return len(words) < 2 or words[-2] not in _FUNCTION
    return len(words) >= 2 and words[-1] not in _FUNCTION and leads(words[-2])


def head_phrase(after: str, stop: str | None = None) -> str | None:
    """The noun phrase that starts `after` (an object), verbatim, up to the word `stop` (which must
    come before the clause ends) or to the clause's end. Before a `stop` an "and" joins parties ("the
    county and its school district to release")."""
    end = _phrase_end(_PHRASE_END if stop is None else _PARTIES_END, after)
    # A name with an "and" inside it ("Trinidad and Tobago", "the Ministry of Trade and Industry") is
    # one name: an "and" between two capitalised words does not end it.
    while (
        stop is None
        and end
        and end.group().strip() == "and"
        and _CAPITAL_BEFORE.search(after, 0, end.start())
        and _CAPITAL_AFTER.match(after, end.end())
    ):
        end = _phrase_end(_PHRASE_END, after, end.end())
    # "all incoming and outgoing flights": two words describing one noun share it, so the "and"
    # between them ends nothing.
    while stop is None and end and end.group().strip() == "and" and _SHARED_NOUN.match(after, end.end()):
        if not _LONE_WORD.fullmatch(after[: end.start()]):
            break
        end = _phrase_end(_PHRASE_END, after, end.end())
    span = after[: end.start()] if end else after
    if stop is None and end is not None:
        shared = _SHARED_THING.match(after, end.start()) if _LONE_ACT.fullmatch(span) else None
        if shared:
            thing = head_phrase(after[shared.end() :])
            return after[: shared.end()] + thing if thing else None
        told = _act_told(after, end.start()) if _BARE_ACT.fullmatch(span) else None
        if told:
            return told
    if stop is not None:
        cut = re.search(rf"\s{stop}\b", span)
        if cut is None:
            return None
        span = span[: cut.start()]
    span = _WHEN.sub("", span).strip()
    if stop is None and word_count(span) > _MAX_OBJECT_WORDS:
        span = _shortened(span)
    # A quotation mark may cut the phrase after a preposition ("Ukrainians with "blood on their hands""):
    # the phrase is what comes before it.
    while stop is None and len(span.split()) > 1 and span.split()[-1].lower() in _FUNCTION | DETERMINERS:
        span = span[: span.rstrip().rfind(" ")].rstrip()
    if not span or word_count(span) > _MAX_OBJECT_WORDS or is_function_word(span.split()[0]):
        return None
    return span


def _act_told(after: str, at: int) -> str | None:
    """An act's noun that ends at `at` with the clause after it that says what it decided ("an order
    that raised the award"), the clause bounded as an object is; None when no such clause follows."""
    clause = _ITS_CLAUSE.match(after, at)
    if clause is None:
        return None
    close = _CLAUSE_END.search(after, clause.end())
    told = after[clause.end() : close.start() if close else None]
    told = _shortened(told) if word_count(told) > _MAX_OBJECT_WORDS else told
    return after[: clause.end()] + told.strip() if word_count(told) <= _MAX_OBJECT_WORDS else None


# Where a long object may be cut and still name its thing: before a preposition or a purpose ("the
# deportation of 300 people nationwide | to give them time to appeal").
_LOOSE_END = re.compile(
    r"\s(?=(?:to\s+(?!(?:the|a|an|its|his|her|their|our|this|that)\b)[a-z]+|over|across|amid|following|for|in|on|"
    r"with|as|from|at|by|under|during|without|pending|and)\s)"
)


def _shortened(span: str) -> str:
    """A phrase too long to be one object, cut before the last preposition that brings it within the
    bound: the head and its nearest modifiers, rather than nothing."""
    cuts = [m.start() for m in _LOOSE_END.finditer(span) if 2 <= word_count(span[: m.start()]) <= _MAX_OBJECT_WORDS]
    return span[: cuts[-1]] if cuts else span


def action_phrase(after: str) -> str | None:
    """What someone may (or may not) do: the words after a "to" or "from", up to the clause's end.
    None unless they start with a word in lower case that is not a determiner (a verb, not "to the")."""
    # "prohibited from “acting as a trustee”": a report may quote the act in the order's words.
    after = re.sub(r"^[\"“](?=[a-z])", "", after)
    end = _phrase_end(_ACTION_END, after)
    words = (after[: end.start()] if end else after).split()
    # "permitted exports of rice to five countries": a count starts a place or a thing, not an act.
    if not words or words[0].lower() in DETERMINERS | _COUNTS or not words[0][:1].islower():
        return None
    return " ".join(words[:_MAX_ACTION_WORDS])


# The next act of a list of them: ", making any speech", ", or contacting officials".
# "including", "pending", "regarding" are prepositions, and start no act.
_NEXT_ACT = re.compile(
    r",\s+(?:(?:or|and|nor)\s+)?(?!(?:includ|accord|regard|concern|follow|pend|exclud|dur)ing\b)(?=[a-z]+ing\b)"
)


def listed_acts(after: str, first: str) -> list[tuple[int, str]]:
    """The acts listed after `first` (the action that starts `after`), each an "-ing" word after a
    comma ("barred from organising rallies, making speeches, or contacting envoys"), with where each
    starts in `after`: each is a limit of its own."""
    acts: list[tuple[int, str]] = []
    joined = False
    at = after.find(first) + len(first) if first in after else -1
    while at >= 0:
        # An act may end before its own qualifier ("any speech that may breach the law, or contacting"):
        # the next item is the next comma and "-ing" in the same clause.
        found = _NEXT_ACT.search(after, at)
        act = action_phrase(after[found.end() :]) if found else None
        if found is None or act is None or found.start() - at > 80 or re.search(r"[.;:]", after[at : found.start()]):
            break
        acts.append((found.end(), act))
        joined = joined or re.search(r"\b(?:or|and|nor)\b", found.group()) is not None
        at = found.end() + len(act)
    # A list ends in "or" or "and" ("A, B, or C"); without one the "-ing" after a comma tells a
    # consequence (", resulting in"). An item of one word ("using, standing, sitting") is part of one
    # act told in full, not an act of its own.
    joined = joined or bool(acts and re.search(r"\s(?:or|and)\s+[a-z]+ing\b", acts[-1][1]))
    if not joined or any(len(act.split()) < 2 for act in (first, *(act for _, act in acts))):
        return []
    return acts


def after_word(text: str, start: int, word: str) -> str:
    """What follows the first `word` at or after `start` in `text` ("" if it does not occur)."""
    found = re.compile(rf"\b{word}\s+").search(text, start)
    return text[found.end() :] if found else ""


def resolve(subject: str | None, previous: list[str]) -> str | None:
    """A "he" or "she" stands for the last person named before it (in `previous`, nearest last); an
    "it" or "they" for no one that can be named here.

    Only names are looked for, not people, so the caller gives the nearest text only: the same
    sentence's words before the pronoun ("Kevin Sullivan says he instructed").
    """
    if subject is None or subject.lower() not in PRONOUNS:
        return subject
    if subject.lower() not in {"he", "she"}:
        return None
    for text in reversed(previous):
        names = _PERSON.findall(text)
        if names:
            return str(names[-1])
    return None


def negation_at(before: str) -> int | None:
    """Where a negation that governs the next verb starts ("did not", "refused to"), or None."""
    found = _NEGATED.search(_AUXILIARY.sub("", before))
    return found.start() if found else None


def demanded(before: str) -> bool:
    """Whether the words before a verb put it in what someone demands or proposes ("urged that")."""
    return _ASKED_THAT.search(before) is not None


# A vote or a decision taken to do a thing does it: "the council voted 5-2 to ban", "agreed in June to
# lift". Its "to" is no wish.
VOTED_TO = re.compile(
    r"\b(?:voted|decided|agreed|resolved|opted)(?:\s+[\d–-]+|\s+(?:in|on|last|this)\s+\w+|,[^,;]{1,80},)*\s+to\s*$",
    re.IGNORECASE,
)


# "petitioned the court to have the results nullified": what someone seeks to have done is not done.
_TO_HAVE_DONE = re.compile(r"\bto\s+(?:have|get)\s+(?:[\w'’.-]+\s+){1,6}$", re.IGNORECASE)


def unreal(before: str) -> bool:
    """Whether the words before a verb in its sentence make it something not done: a modal, a
    negation, a wish just before it, or a condition or a demand anywhere before it ("if the ruling
    requires", "urged that")."""
    voted = VOTED_TO.search(before)
    if voted:
        return unreal(before[: voted.start()])
    return bool(
        _UNREAL_NEAR.search(_AUXILIARY.sub("", before))
        or UNREAL_CLAUSE.search(before)
        or demanded(before)
        or _TO_HAVE_DONE.search(before)
    )
