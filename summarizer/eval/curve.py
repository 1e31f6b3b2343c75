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
from summarizer.models import Brief

DECISIONS = ("authorisations", "exclusions")
DEFAULT_THRESHOLDS = tuple(round(0.05 * step, 2) for step in range(0, 20))


def at_threshold(brief: Brief, threshold: float) -> Brief:
    """The brief as a run with `threshold` would have written it."""
    authorisations = [*brief.authorisations, *(u.authorisation for u in brief.unverified if u.authorisation)]
    exclusions = [*brief.exclusions, *(u.exclusion for u in brief.unverified if u.exclusion)]
    kept_a, kept_x, aside = sort_by_confidence(authorisations, exclusions, threshold)
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


def best_threshold(rows: Sequence[tuple[float, dict[str, SectionScore]]], min_precision: float = 0.8) -> float:
    """The lowest threshold at which both decision sections reach `min_precision`, else the one with the
    best mean precision: precision first, then as much recall as that leaves."""
    for threshold, scores in rows:
        if all(scores[name].precision >= min_precision for name in DECISIONS):
            return threshold
    return max(rows, key=lambda row: (sum(row[1][n].precision for n in DECISIONS), -row[0]))[0]


def render_curve(rows: Sequence[tuple[float, dict[str, SectionScore]]]) -> str:
    lines = ["threshold  " + "  ".join(f"{name:^30}" for name in DECISIONS)]
    for threshold, scores in rows:
        cells = [
            f"P {s.precision:.2f} R {s.recall:.2f} F1 {s.f1:.2f} ({s.tp}/{s.tp + s.fp})"
            for s in (scores[name] for name in DECISIONS)
        ]
        lines.append(f"{threshold:>9.2f}  " + "  ".join(f"{cell:<30}" for cell in cells))
    return "\n".join(lines)
