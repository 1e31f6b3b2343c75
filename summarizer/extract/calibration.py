"""Confidence for the decisions code reads: how often readings like this one were right.

The model's yes/no check tells its own finds apart, but not code's readings: over held-out runs of
the fresh set its answer ranked a right reading above a wrong one about half the time, no better
than chance (docs/benchmarks.md, twenty-second entry). What does tell them apart is plain to see in
the reading and its sentence: a limit named in a word or two ("products", "the manufacture") is
often a fragment of the one the sentence states; a reading inside a quotation, or in a sentence that
reports what somebody said, is more often a claim or a demand than a decision; a passive or a past
perfect more often tells an earlier decision again; so does a sentence far into the article, while a
long sentence is more often read wrong, and a decision dated to a day ("on Friday") or naming its
party by a proper name is more often the news itself. A logistic model over these features, fitted to
whether each reading matched the gold on the tuning part (`benchmarks/fit_confidence.py`, which
writes `calibration.json` beside this module), turns them into the reading's confidence. So the
number an analyst sees next to a decision code read estimates how often such readings are right.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TypeVar

from summarizer.models import Authorisation, Exclusion
from summarizer.text.cues import has_cue
from summarizer.text.decisions.grammar import ADVERB, BE

T = TypeVar("T", Authorisation, Exclusion)
WEIGHTS = Path(__file__).with_name("calibration.json")

_QUOTATION = re.compile(r"[\"“”]")
# Up to two adverbs between: "are now strictly prohibited".
_PASSIVE = re.compile(rf"\b{BE}\s+{ADVERB}{ADVERB}[a-z]+(?:ed|en)\b", re.IGNORECASE)
_PAST_PERFECT = re.compile(r"\bhad\b", re.IGNORECASE)
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_DATED = re.compile(
    rf"\b(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day|yesterday|today|tonight)\b|\bon {_MONTH} \d", re.IGNORECASE
)
# Where the first sentence of a reading starts, in characters, at which "well into the article" begins
# for the reason given; and the sentence length at which it is "long".
_LATE = 1500
_LONG = 40

# What each feature says when it lowers a reading's confidence, for the reason it is set aside.
_SAID = {
    "quotation": "it is read inside a quotation",
    "source_cited": "its sentence reports what somebody said",
    "passive": "its sentence is in the passive",
    "past_perfect": "its sentence is in the past perfect",
}


@dataclass(frozen=True)
class Calibration:
    intercept: float
    weights: Mapping[str, float]

    def confidence(self, features: Mapping[str, float]) -> float:
        score = self.intercept + sum(self.weights[name] * value for name, value in features.items())
        return 1.0 / (1.0 + math.exp(-score))


FEATURES = (
    "exclusion",
    "exclusion_words",
    "receiver_words",
    "quotation",
    "source_cited",
    "passive",
    "past_perfect",
    "same_kind",
    "position",
    "sentence_words",
    "dated",
    "named_capital",
)


def features(item: Authorisation | Exclusion, same_kind: int) -> dict[str, float]:
    """The features of a reading; `same_kind` is how many decisions of its section code read in its article."""
    named, start, sentences = _seen(item)
    exclusion = isinstance(item, Exclusion)
    # Logarithms: the first words of a name say the most ("products" against "single-use products").
    words = math.log1p(len(named))
    return {
        "exclusion": float(exclusion),
        "exclusion_words": words if exclusion else 0.0,
        "receiver_words": 0.0 if exclusion else words,
        "quotation": float(bool(_QUOTATION.search(sentences))),
        "source_cited": float(has_cue("source", [sentences])),
        "passive": float(bool(_PASSIVE.search(sentences))),
        "past_perfect": float(bool(_PAST_PERFECT.search(sentences))),
        "same_kind": math.log(max(1, same_kind)),
        # In units of a short paragraph: the lead against the rest, with less said about each further one.
        "position": math.log1p(start / 500),
        "sentence_words": math.log1p(len(sentences.split())),
        "dated": float(bool(_DATED.search(sentences))),
        "named_capital": float(any(word[:1].isupper() for word in named)),
    }


@cache
def shipped() -> Calibration:
    """The calibration fitted on the tuning part, shipped with the package."""
    data = json.loads(WEIGHTS.read_text(encoding="utf-8"))
    return Calibration(intercept=float(data["intercept"]), weights={n: float(data["weights"][n]) for n in FEATURES})


def calibrated(items: Sequence[T], calibration: Calibration | None = None) -> list[T]:
    """`items`, all read by code in one article and section, each with its estimated confidence."""
    model = calibration or shipped()
    return [
        item.model_copy(update={"confidence": round(model.confidence(features(item, len(items))), 4)}) for item in items
    ]


def lowered_by(item: Authorisation | Exclusion, calibration: Calibration | None = None) -> list[str]:
    """In words, what about `item` lowered its confidence."""
    model = calibration or shipped()
    found = features(item, 1)
    said = [text for name, text in _SAID.items() if found[name] and model.weights[name] < 0]
    whom = "what it limits" if isinstance(item, Exclusion) else "who may act"
    named, start, sentences = _seen(item)
    words = len(named)
    if words <= 2:
        said.insert(0, f"{whom} is named in {words} word{'s' * (words != 1)}")
    if not found["named_capital"] and model.weights["named_capital"] > 0:
        said.append(f"{whom} is named by no proper name")
    if start >= _LATE and model.weights["position"] < 0:
        said.append("it stands well into the article, where earlier decisions are told again")
    length = len(sentences.split())
    if length >= _LONG and model.weights["sentence_words"] < 0:
        said.append(f"its sentence runs to {length} words")
    return said


def _seen(item: Authorisation | Exclusion) -> tuple[list[str], int, str]:
    """The words a reading names what a limit holds, or who a permission lets act, by; where its first
    sentence starts; and its sentences' text."""
    named = item.what if isinstance(item, Exclusion) else item.authorised
    start = min((span.start for span in item.evidence), default=0)
    return named.split(), start, " ".join(span.text for span in item.evidence)
