"""Who is speaking and who is acting, told apart by wording.

News names the sources it quotes and paraphrases in a few fixed shapes: the subject of a reporting
verb ("Roe said", "said Roe"), the one information is "according to", an outlet that "reported" or
gave "an interview", a poll or report that found something. `named_sources` reads them; a small
model asked for an article's sources listed about as many right ones and many more wrong ones
(docs/benchmarks.md), and each answer cost seconds of generation.

News marks a source it will not name with a fixed set of phrasings: "unnamed US officials",
"a source familiar with the talks", "officials who spoke on condition of anonymity". These are
exactly the sources analysts weigh most carefully, and a small model drops them as often as it
lists them, so code finds them; each comes with the sentence that states it.

News also reports permissions through someone else: "Blinken has confirmed that Biden has given
permission". Asked who gave it, a small model names the first person in the sentence, the one who
confirmed; `reported_granter` finds the one the sentence says gave it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from summarizer.text.clauses import is_function_word
from summarizer.text.matching import is_generic, mentioned_in
from summarizer.text.sentences import Sentence
from summarizer.text.speakers import NAME, NOT_NAMES, clean_name, reporting_names

# Words that can stand between the anonymity word and the person: "unnamed senior US defence officials".
_QUALIFIER = (
    r"(?:[A-Z][\w.'-]*|(?i:senior|top|high-ranking|junior|former|current|local|regional|government|"
    r"administration|military|defen[cs]e|intelligence|security|police|state|federal|foreign|western|"
    r"european|american|diplomatic|industry|company|party|campaign|ministry))"
)
_PERSON = (
    r"(?i:officials?|sources?|diplomats?|officers?|aides?|advis[eo]rs?|spokes(?:man|woman|person|people)|"
    r"insiders?|employees?|staff(?:ers)?|witness(?:es)?|people|persons?|ministers?|executives?|analysts?|"
    r"lawmakers?|investigators?|negotiators?)"
)
# Where the object of "familiar with ..." ends: "people familiar with the matter said".
_VERB = r"(?:said|says|say|told|tells|confirmed|added|reported|insisted|noted|warned|and|but|that|to)\b"
_DETERMINER = r"(?:(?i:an?|the|two|three|four|several|some|other|one|many)\s+)?"
_ANONYMITY = r"(?i:unnamed|anonymous|unidentified)"
_FAMILIAR = r"(?i:familiar with|close to|briefed on|with (?:direct )?knowledge of)"
_UNNAMED = r"(?i:anonymity|named|identified|publicly|on the record)"
# Each pattern with a part of itself that every match contains: a sentence without that part cannot
# match, and finding it is far cheaper than trying the pattern at every word of the sentence.
_PATTERNS = (
    # "unnamed US officials", "an anonymous senior official"
    (
        re.compile(_ANONYMITY),
        re.compile(rf"\b{_DETERMINER}{_ANONYMITY}\s+(?:{_QUALIFIER}\s+){{0,3}}{_PERSON}\b"),
    ),
    # "people familiar with the matter", "a source close to the negotiations"
    (
        re.compile(_FAMILIAR),
        re.compile(
            rf"\b{_DETERMINER}(?:{_QUALIFIER}\s+){{0,2}}{_PERSON}\s+{_FAMILIAR}\s+(?:the\s+)?"
            rf"(?!{_VERB})[\w-]+(?:\s+(?!{_VERB})[a-z][\w-]*)?"
        ),
    ),
    # "an official who spoke on condition of anonymity", "sources who asked not to be named"
    (
        re.compile(_UNNAMED),
        re.compile(
            rf"\b{_DETERMINER}(?:{_QUALIFIER}\s+){{0,2}}{_PERSON}\s*,?\s+who\s+"
            rf"(?i:spoke|asked|requested|declined|(?:was|were) not authori[sz]ed)[^,.;:]{{0,50}}?{_UNNAMED}"
        ),
    ),
)
_LEADING = re.compile(r"^(?i:an?|the|one)\s+")
_CLAUSE = re.compile(r"\s*,?\s+who\s.*$", re.DOTALL)
_KEY_NOISE = re.compile(r"\b(?:unnamed|anonymous|unidentified|an?|the|two|three|four|several|some|other|one|many)\b")


@dataclass(frozen=True)
class UnnamedSource:
    name: str
    sentences: tuple[Sentence, ...]


def _key(phrase: str) -> str:
    words = _KEY_NOISE.sub(" ", phrase.casefold()).split()
    # "official"/"officials": the same unnamed source, mentioned once in the plural and once not.
    return " ".join(w[:-1] if w.endswith("s") and len(w) > 3 else w for w in words[:4])


def unnamed_sources(sentences: list[Sentence]) -> list[UnnamedSource]:
    """Each unnamed source once, named by its first mention, with every sentence that mentions it."""
    found: dict[str, tuple[str, list[Sentence]]] = {}
    # Most articles have no unnamed source at all: one look at the whole article rules a pattern out.
    whole = "\n".join(sentence.text for sentence in sentences)
    patterns = [(needed, pattern) for needed, pattern in _PATTERNS if needed.search(whole)]
    for sentence in sentences if patterns else ():
        for needed, pattern in patterns:
            if not needed.search(sentence.text):
                continue
            for match in pattern.finditer(sentence.text):
                # "officials, who spoke on condition of anonymity": the officials are the name.
                phrase = _CLAUSE.sub("", _LEADING.sub("", match.group(0).strip()))
                cited = found.setdefault(_key(phrase), (phrase, []))[1]
                if sentence not in cited:
                    cited.append(sentence)
    return [UnnamedSource(name, tuple(cited)) for name, cited in found.values()]


_REPORTS = (
    r"(?:confirm(?:ed|s)|announc(?:ed|es)|sa(?:id|ys)|stat(?:ed|es)|report(?:ed|s)|reveal(?:ed|s)|"
    r"disclos(?:ed|es)|added|told [^,;:]{1,40}?)"
)
_GRANTS = (
    r"(?:(?:has|have|had) )?(?:(?:[a-z]+ly|already|now|also|just) )?(?:"
    r"(?:given|granted|gave|gives|grants) (?:[\w-]+ ){0,3}?"
    r"(?:permission|approval|authori[sz]ation|clearance|the green light|the go-ahead)|"
    r"approved|allowed|authori[sz]ed|permitted|cleared|licen[cs]ed|ordered|green-?lit|signed off|"
    r"approves|allows|authori[sz]es|permits|orders)\b"
)
# The granter is the subject of the reported clause: a name or "the" + name, up to the grant verb.
_REPORTED_GRANT = re.compile(
    rf"^(?P<reporter>.*?)\b{_REPORTS},? that (?P<granter>(?:[Tt]he )?[A-Z][^,;:()\"]{{0,80}}?) {_GRANTS}"
)


def reported_granter(authoriser: str, sentences: list[str]) -> str | None:
    """Who gave a permission, when `authoriser` is only the one these sentences say reported it.

    None when no sentence reports a grant ("X confirmed that Y has given permission") with
    `authoriser` as its reporter: then the model's answer stands.
    """
    for text in sentences:
        match = _REPORTED_GRANT.search(text)
        if match and mentioned_in(authoriser, match["reporter"]) and not mentioned_in(authoriser, match["granter"]):
            return match["granter"].strip()
    return None


CitedKind = Literal["media", "official", "document", "other"]

# Other shapes that cite a source, each with the kind of source it cites.
_CITED: tuple[tuple[re.Pattern[str], CitedKind], ...] = (
    (
        re.compile(
            rf"(?<![^\s(])(?P<name>{NAME})(?:['’]s?)? (?:first |also |previously |later )?(?:reported|interviewed)\b"
        ),
        "media",
    ),
    # "a reporter for the Ledger": the outlet whose reporter the article relies on.
    (
        re.compile(rf"\b(?:reporter|correspondent|columnist|editor)s? (?:for|at|with) (?:the )?(?P<name>{NAME})"),
        "media",
    ),
    # "The Dale campaign says", "the Ortiz administration argued": a body named by its leader.
    (
        re.compile(
            rf"(?<![^\s(])(?P<name>{NAME}(?<!['’]s) (?:campaign|administration|team))(?:['’]s)? "
            r"(?:has |had )?(?:also )?(?:said|says|say|stated|argued|argues|noted|added|announced|claimed|called|"
            r"responded|denied|confirmed|insisted|insists)\b"
        ),
        "other",
    ),
    (re.compile(rf"\b(?:an? |the )?interview with (?:the )?(?P<name>{NAME})"), "media"),
    (
        re.compile(rf"\b(?:report|article|story|material|publication)s? (?:of|by|from|in) (?:the )?(?P<name>{NAME})"),
        "media",
    ),
    (re.compile(rf"\bstatements? (?:of|by|from) (?:the )?(?P<name>{NAME})"), "other"),
    (re.compile(rf"(?<![^\s(])(?P<name>{NAME}) (?:has |had )?(?:also )?confirm(?:ed|s)\b"), "other"),
    (
        re.compile(rf"(?<![^\s(])(?P<name>{NAME}) (?:has |had )?(?:also )?(?:found|finds|showed|shows) that\b"),
        "document",
    ),
    (
        re.compile(
            rf"\b(?:[Aa]n?|[Tt]he) (?:new |recent |latest )?(?P<name>{NAME}) "
            r"(?:poll|survey|report|study|analysis|investigation)\b"
        ),
        "document",
    ),
    (re.compile(rf"\b(?:according to|citing) (?:a |an |the )(?:new |recent )?(?P<name>{NAME})"), "document"),
    # "research conducted by the Hale Institute found": who made the study the article draws on.
    (
        re.compile(
            r"\b(?:research|study|analysis|review|survey|poll|report|investigation|audit)s? "
            rf"(?:conducted|commissioned|published|carried out|released|done|led) by (?:the )?(?P<name>{NAME})"
        ),
        "document",
    ),
    # "as the Ledger put it": a source whose words the article borrows.
    (re.compile(rf"\b[Aa]s (?:the )?(?P<name>{NAME}) (?:put it|noted|reported|wrote|observed)\b"), "other"),
)
# A described group the article reports ("voting rights advocates said", "campaign aides say"): a
# source by the guidelines, where a crowd ("many observers", "some believe") is not: a quantifier
# before it rules it out, and the words of crowds are not among the roles.
_GROUP = re.compile(
    r"(?<![\w'’-])(?P<name>(?:[a-z][\w-]*\s+){0,2}?"
    r"(?:advocates|experts|officials|aides|advisers|advisors|analysts|investigators|lawmakers|economists|"
    r"researchers|scientists|doctors|physicians|lawyers|attorneys|prosecutors|strategists|pollsters|"
    r"historians|activists|organizers|organisers))\s+(?:have\s+|had\s+)?(?:say|said|says|argue|argued|"
    r"warn|warned|note|noted|told|contend|contended|found|estimate|estimated|wrote|testified)\b"
)
_QUANTIFIER = re.compile(r"\b(?i:some|many|most|few|more|other|several|all)\s+$")
# A title or body in the name makes a person or organisation an official source.
_OFFICIAL = re.compile(
    r"\b(?i:president|senator|sen\.|representative|rep\.|governor|gov\.|minister|secretary|mayor|judge|"
    r"spokes(?:man|woman|person)|chair(?:man|woman)?|director|official|ambassador|commissioner|"
    r"department|ministry|agency|authority|bureau|office|commission|committee|council|court|police|"
    r"administration|government)\b"
)


@dataclass(frozen=True)
class NamedSource:
    name: str
    kind: CitedKind
    sentences: tuple[int, ...]


def named_sources(text: str, sentences: Sequence[Sentence], quotations: Sequence[tuple[int, int]]) -> list[NamedSource]:
    """Each source the article names, once under its fullest name, with the sentences that cite it.

    Names inside the quotations (`quotations`, character spans) are what sources say, not sources.
    """

    def quoted(at: int) -> bool:
        return any(start <= at < end for start, end in quotations)

    found: list[tuple[str, int, CitedKind]] = [(name, at, "other") for name, at in reporting_names(text, quotations)]
    for pattern, kind in _CITED:
        for match in pattern.finditer(text):
            name = clean_name(match["name"])
            if name and not quoted(match.start()) and name.split()[0] not in NOT_NAMES:
                found.append((name, match.start("name"), kind))
    for match in _GROUP.finditer(text):
        crowd = _QUANTIFIER.search(text, max(0, match.start() - 12), match.start())
        if not crowd and not quoted(match.start()):
            words = match["name"].split()
            # "the bill, which advocates said ...": a modifier is an adjective or a noun, not a function word.
            while len(words) > 1 and is_function_word(words[0]):
                words = words[1:]
            found.append((" ".join(words), match.start("name"), "other"))
    # "Experts said" names no one the reader could look up: grounding would refuse the category.
    found = [
        (name, at, "official" if _OFFICIAL.search(name) else kind) for name, at, kind in found if not is_generic(name)
    ]
    merged: list[tuple[str, CitedKind, list[int]]] = []
    for name, at, kind in sorted(found, key=lambda f: f[1]):
        number = next((s.number for s in sentences if s.start <= at < s.end), None)
        index = next((i for i, m in enumerate(merged) if mentioned_in(name, m[0]) or mentioned_in(m[0], name)), None)
        if index is None:
            merged.append((name, kind, [number] if number else []))
            continue
        same = merged[index]
        fuller = name if len(name) > len(same[0]) else same[0]
        cited = same[2] + [number] if number and number not in same[2] else same[2]
        merged[index] = (fuller, same[1] if same[1] != "other" else kind, cited)
    return [NamedSource(name, kind, tuple(cited)) for name, kind, cited in merged]
