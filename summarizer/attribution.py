"""Unnamed sources found by their wording, so the brief carries them whatever the model lists.

News marks a source it will not name with a fixed set of phrasings: "unnamed US officials",
"a source familiar with the talks", "officials who spoke on condition of anonymity". These are
exactly the sources analysts weigh most carefully, and a small model drops them as often as it
lists them, so code finds them; each comes with the sentence that states it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .sentences import Sentence

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
_PATTERNS = (
    # "unnamed US officials", "an anonymous senior official"
    re.compile(rf"\b{_DETERMINER}(?i:unnamed|anonymous|unidentified)\s+(?:{_QUALIFIER}\s+){{0,3}}{_PERSON}\b"),
    # "people familiar with the matter", "a source close to the negotiations"
    re.compile(
        rf"\b{_DETERMINER}(?:{_QUALIFIER}\s+){{0,2}}{_PERSON}\s+"
        r"(?i:familiar with|close to|briefed on|with (?:direct )?knowledge of)\s+(?:the\s+)?"
        rf"(?!{_VERB})[\w-]+(?:\s+(?!{_VERB})[a-z][\w-]*)?"
    ),
    # "an official who spoke on condition of anonymity", "sources who asked not to be named"
    re.compile(
        rf"\b{_DETERMINER}(?:{_QUALIFIER}\s+){{0,2}}{_PERSON}\s*,?\s+who\s+"
        r"(?i:spoke|asked|requested|declined|(?:was|were) not authori[sz]ed)[^,.;:]{0,50}?"
        r"(?i:anonymity|named|identified|publicly|on the record)"
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
    for sentence in sentences:
        for pattern in _PATTERNS:
            for match in pattern.finditer(sentence.text):
                # "officials, who spoke on condition of anonymity": the officials are the name.
                phrase = _CLAUSE.sub("", _LEADING.sub("", match.group(0).strip()))
                cited = found.setdefault(_key(phrase), (phrase, []))[1]
                if sentence not in cited:
                    cited.append(sentence)
    return [UnnamedSource(name, tuple(cited)) for name, cited in found.values()]
