"""Confidence for decisions: one narrow yes/no question per authorisation and exclusion.

A small model writes plausible decisions out of ordinary events, proposals and court blocks; asked
about one item and its own sentences, it tells them apart far better than while writing the list.
The answer's probability of "yes" is the item's confidence. Items under the threshold leave the
main lists for `Brief.unverified`, with the reason, so nothing unsure is presented as fact.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal, TypeVar

from summarizer.extract.calibration import lowered_by
from summarizer.extract.prompts import task
from summarizer.models import Authorisation, Evidence, Exclusion, UnverifiedItem
from summarizer.text.cues import has_cue
from summarizer.text.sentences import Sentence

Section = Literal["authorisations", "exclusions"]
T = TypeVar("T", Authorisation, Exclusion)
# Sentences shown with a question: the item's first ones are enough to judge it, and each shown
# token is read for every item.
_MAX_SENTENCES = 2


@dataclass(frozen=True)
class Question:
    section: Section
    index: int
    messages: list[dict[str, str]]


def _sentences_of(evidence: Sequence[Evidence], sentences: Sequence[Sentence]) -> list[Sentence]:
    found: list[Sentence] = []
    for span in evidence:
        for sentence in sentences:
            if sentence.start < span.end and span.start < sentence.end and sentence not in found:
                found.append(sentence)
    return found[:_MAX_SENTENCES]


def questions(
    shared: list[dict[str, str]],
    sentences: list[Sentence],
    authorisations: Sequence[Authorisation],
    exclusions: Sequence[Exclusion],
) -> list[Question]:
    """One question per item that carries no confidence yet, each after the same system prompt and
    article as the passes: code's readings come with their estimate (`calibration`), which the
    check's answer does not better."""
    asked: list[Question] = []
    for index, a in enumerate(authorisations):
        if a.confidence is not None:
            continue
        variables: dict[str, Any] = {
            "shown": _sentences_of(a.evidence, sentences),
            "granter": a.authoriser,
            "receiver": a.authorised,
            "action": a.action,
        }
        asked.append(Question("authorisations", index, [*shared, task("task_check_authorisation.j2", **variables)]))
    for index, x in enumerate(exclusions):
        if x.confidence is not None:
            continue
        variables = {"shown": _sentences_of(x.evidence, sentences), "what": x.what, "applies_to": x.applies_to}
        asked.append(Question("exclusions", index, [*shared, task("task_check_exclusion.j2", **variables)]))
    return asked


def sort_by_confidence(
    authorisations: list[Authorisation],
    exclusions: list[Exclusion],
    threshold: float | Mapping[str, float],
) -> tuple[list[Authorisation], list[Exclusion], list[UnverifiedItem]]:
    """Keep items whose confidence reaches `threshold` (or was not measured) and that are held; move the rest aside.

    `threshold` is one for every item, or one for each finder (`read_by`)."""
    unverified: list[UnverifiedItem] = []

    def kept(items: list[T], section: Section) -> list[T]:
        keep: list[T] = []
        for item in items:
            reason = _doubt(item, threshold)
            if reason is None:
                keep.append(item)
            else:
                unverified.append(
                    UnverifiedItem.model_validate({"section": section, "reason": reason, section[:-1]: item})
                )
        return keep

    return kept(authorisations, "authorisations"), kept(exclusions, "exclusions"), unverified


# A permission asked for, refused or withdrawn is not one anybody holds: reporting it as an
# authorisation is the error an analyst can least afford.
_NOT_HELD = {"requested": "asked for", "denied": "refused", "revoked": "withdrawn"}


def _doubt(item: Authorisation | Exclusion, threshold: float | Mapping[str, float]) -> str | None:
    """Why `item` must not be shown as fact, or None."""
    if isinstance(item, Authorisation) and item.status in _NOT_HELD:
        return f"the permission was {_NOT_HELD[item.status]}, not granted (status {item.status})"
    if isinstance(item, Authorisation) and not (item.authoriser or "").strip():
        # Who decided is the half of an authorisation an analyst acts on; the annotators named a
        # granter for nearly every permission the news stated, so one read without one is rarely
        # a permission stated at all (docs/benchmarks.md, sixteenth entry).
        return "its sentences name nobody who gave the permission, so who decided cannot be shown"
    kind = "authorisation" if isinstance(item, Authorisation) else "exclusion"
    if not has_cue(kind, [e.text for e in item.evidence]):
        return f"its sentences use no word of {'permission or order' if kind == 'authorisation' else 'limit or ban'}"
    limit = threshold.get(item.read_by, 0.0) if isinstance(threshold, Mapping) else threshold
    if item.confidence is not None and item.confidence < limit:
        return _reason(item, item.confidence, limit)
    return None


def _reason(item: Authorisation | Exclusion, confidence: float, threshold: float) -> str:
    # Rounded down, so a confidence a hair under the threshold is not shown equal to it ("0.60, under 0.60").
    shown = f"{math.floor(confidence * 100) / 100:.2f}, under the threshold {threshold:.2f}"
    if item.read_by == "code":
        seen = "; ".join(lowered_by(item)) or "its features"
        return (
            f"code read it, and readings like it ({seen}) were often wrong on the news the estimate was "
            f"fitted on: estimated confidence {shown}"
        )
    return (
        f"the check gave confidence {shown}: its sentences may not state it as a decision taken (a "
        "proposal, a request, a block, or the parties the other way round)"
    )
