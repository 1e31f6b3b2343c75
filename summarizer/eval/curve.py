"""Precision and recall of decisions as the confidence threshold moves.

Briefs keep every checked decision: the ones under their run's threshold sit in `unverified` with
their confidence. Re-sorting them at another threshold shows what that threshold would have given,
without running the model again, which is how the default threshold is chosen on the tuning part.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from summarizer.eval.gold import Gold
from summarizer.eval.report import evaluate
from summarizer.eval.scoring import SectionScore
from summarizer.extract.verify import sort_by_confidence
from summarizer.models import Authorisation, Brief, Exclusion

DECISIONS = ("authorisations", "exclusions")
DEFAULT_THRESHOLDS = tuple(round(0.05 * step, 2) for step in range(0, 20))


def every_decision(brief: Brief) -> tuple[list[Authorisation], list[Exclusion]]:
    """The brief's authorisations and exclusions, those shown and those set aside."""
    authorisations = [*brief.authorisations, *(u.authorisation for u in brief.unverified if u.authorisation)]
    exclusions = [*brief.exclusions, *(u.exclusion for u in brief.unverified if u.exclusion)]
    return authorisations, exclusions


def at_threshold(brief: Brief, threshold: float) -> Brief:
    """The brief as a run with `threshold` would have written it."""
    kept_a, kept_x, aside = sort_by_confidence(*every_decision(brief), threshold)
    return brief.model_copy(update={"authorisations": kept_a, "exclusions": kept_x, "unverified": aside})


def curve(
    briefs: Mapping[str, Brief], gold: Mapping[str, Gold], thresholds: Sequence[float] = DEFAULT_THRESHOLDS
) -> list[tuple[float, dict[str, SectionScore]]]:
    """(threshold, {section: score}) for the decision sections, one row per threshold."""
    rows = []
    for threshold in thresholds:
        report = evaluate({stem: at_threshold(b, threshold) for stem, b in briefs.items()}, gold)
        rows.append((threshold, {name: report.section(name) for name in DECISIONS}))
    return rows


def f_beta(score: SectionScore, beta: float = 0.5) -> float:
    """F-beta from the counts; beta 0.5 weighs precision twice as much as recall.

    Computed from tp/fp/fn rather than the ratios, so a threshold that keeps nothing scores 0, not the
    conventional precision of 1.0 that an empty prediction list gets.
    """
    weight = beta * beta
    denominator = (1 + weight) * score.tp + weight * score.fn + score.fp
    return (1 + weight) * score.tp / denominator if denominator else 0.0


def trusted(scores: Mapping[str, SectionScore]) -> bool:
    """No decision section shows more wrong decisions than right ones (showing none counts)."""
    return all(scores[n].fp <= scores[n].tp for n in DECISIONS)


def best_threshold(rows: Sequence[tuple[float, dict[str, SectionScore]]]) -> float:
    """The threshold chosen on the tuning part.

    Among the thresholds at which no decision section shows more wrong decisions than right ones, the
    one with the best mean F0.5; among equals, the one with the fewest false decisions, then the
    lowest. F0.5 alone would take any recall over none: a threshold that shows 3 right of 25 beats one
    that shows nothing, and that briefing would be wrong seven times in eight. Where no threshold
    finds a right decision, this is the least strict one that shows nothing false.
    """

    def key(row: tuple[float, dict[str, SectionScore]]) -> tuple[float, int, float]:
        threshold, scores = row
        return (sum(f_beta(scores[n]) for n in DECISIONS), -sum(scores[n].fp for n in DECISIONS), -threshold)

    candidates = [row for row in rows if trusted(row[1])] or list(rows)
    return max(candidates, key=key)[0]


def render_curve(rows: Sequence[tuple[float, dict[str, SectionScore]]]) -> str:
    lines = ["threshold  " + "  ".join(f"{name:^30}" for name in DECISIONS)]
    for threshold, scores in rows:
        cells = [
            f"P {s.precision:.2f} R {s.recall:.2f} F1 {s.f1:.2f} ({s.tp}/{s.tp + s.fp})"
            for s in (scores[name] for name in DECISIONS)
        ]
        lines.append(f"{threshold:>9.2f}  " + "  ".join(f"{cell:<30}" for cell in cells))
    return "\n".join(lines)
