"""Fit the confidence of code's readings (summarizer/extract/calibration.py) on the tuning part.

    .venv/bin/python benchmarks/fit_confidence.py BRIEFS_DIR... [--gold DIR] [--split FILE]
        [--part tune] [--folds 5 | --by-batch] [--write]

Each BRIEFS_DIR holds briefs (`summarizer batch` output, or code's readings alone) of the fresh set's
excerpts. Every decision code read in a brief of the chosen part that no other test sets aside (`verify`) is
one example:
its features (`calibration.features`) and whether the one-to-one matching pairs it with a gold
decision. Runs of the same excerpts by other versions of the reader are welcome: a batch's run from
before its errors were read shows how the reader does on news it was not tuned on, which is what the
estimate is for. A logistic model (L2 penalty 1.0 on the weights) is fitted with the excerpts split
into folds by stem, so the confidences printed were estimated without the excerpt's own readings;
with `--by-batch`, one fold for each batch, the part of a run folder's name before its first `_`
(`b8_2f0672c` and `b8_db84430` are two runs of one batch), so that each batch's confidences come
from a model fitted on the other batches only, as news the estimate has not seen would get them;
the script prints their rank agreement with right and wrong (AUC) for each section and the precision
and recall at each threshold, with the threshold `eval.curve.best_threshold` chooses. `--write`
saves the model fitted on every example to calibration.json. Needs numpy (the `test` extra).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import NamedTuple

import numpy as np

from summarizer.eval.curve import DEFAULT_THRESHOLDS, best_threshold, every_decision, render_curve
from summarizer.eval.gold import load_gold_dir, load_split
from summarizer.eval.scoring import SectionScore, right_decisions
from summarizer.extract.calibration import FEATURES, WEIGHTS, features
from summarizer.extract.verify import sort_by_confidence
from summarizer.models import Authorisation, Brief, Exclusion

ROOT = Path(__file__).resolve().parent.parent
FRESH = ROOT / "examples" / "eval" / "fresh"
PENALTY = 1.0
SECTIONS = ("authorisations", "exclusions")


class Example(NamedTuple):
    run: str
    stem: str
    section: str
    x: list[float]
    right: bool


def examples(
    folders: Sequence[Path], gold_dir: Path, split: Path, part: str
) -> tuple[list[Example], dict[tuple[str, str, str], int]]:
    """The examples, and the gold count of each (run, stem, section) for recall."""
    gold = load_gold_dir(gold_dir)
    parts = load_split(split)
    found: list[Example] = []
    gold_items: dict[tuple[str, str, str], int] = {}
    for folder in folders:
        for path in sorted(folder.glob("*.json")):
            stem = path.stem
            if stem not in gold or parts.get(stem) != part:
                continue
            brief = Brief.model_validate_json(path.read_text(encoding="utf-8"))
            every_a, every_x = every_decision(brief)
            authorisations = [a for a in every_a if a.read_by == "code"]
            exclusions = [x for x in every_x if x.read_by == "code"]
            # Only what the other tests let through (a granter named, a word of permission or limit):
            # the threshold decides among those.
            shown_a, shown_x, _ = sort_by_confidence(authorisations, exclusions, 0.0)
            right_a, right_x = right_decisions(gold[stem], shown_a, shown_x)
            cases: tuple[tuple[str, int, Sequence[Authorisation | Exclusion], set[int]], ...] = (
                ("authorisations", len(authorisations), shown_a, right_a),
                ("exclusions", len(exclusions), shown_x, right_x),
            )
            for section, read, shown, right in cases:
                gold_items[(folder.name, stem, section)] = len(getattr(gold[stem], section) or [])
                for index, item in enumerate(shown):
                    values = features(item, read)
                    found.append(Example(folder.name, stem, section, [values[n] for n in FEATURES], index in right))
    return found, gold_items


def fit(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Intercept and weights of an L2-penalised logistic regression, by Newton's method."""
    design = np.c_[np.ones(len(x)), x]
    penalty = PENALTY * np.diag([0.0, *([1.0] * x.shape[1])])
    w = np.zeros(design.shape[1])
    for _ in range(100):
        p = 1 / (1 + np.exp(-design @ w))
        gradient = design.T @ (p - y) + penalty @ w
        hessian = (design.T * (p * (1 - p))) @ design + penalty
        step = np.linalg.solve(hessian + 1e-9 * np.eye(len(w)), gradient)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return w


def predict(w: np.ndarray, x: np.ndarray) -> np.ndarray:
    estimate: np.ndarray = 1 / (1 + np.exp(-(w[0] + x @ w[1:])))
    return estimate


def auc(scores: np.ndarray, right: np.ndarray) -> float:
    """The chance that a right example scores above a wrong one (ties count half)."""
    good, bad = scores[right], scores[~right]
    if not len(good) or not len(bad):
        return float("nan")
    above = (good[:, None] > bad[None, :]).sum() + 0.5 * (good[:, None] == bad[None, :]).sum()
    return float(above / (len(good) * len(bad)))


def fold_of(stem: str, folds: int) -> int:
    return int(hashlib.sha256(stem.encode()).hexdigest(), 16) % folds


def batch_of(run: str) -> str:
    return run.split("_", 1)[0]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("briefs", nargs="+", type=Path)
    parser.add_argument("--gold", type=Path, default=FRESH / "gold")
    parser.add_argument("--split", type=Path, default=FRESH / "split.json")
    parser.add_argument("--part", default="tune")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--by-batch", action="store_true", help="one fold for each batch of runs (NAME_VERSION)")
    parser.add_argument("--write", action="store_true", help=f"save the model to {WEIGHTS.relative_to(ROOT)}")
    args = parser.parse_args(argv)

    found, gold_items = examples(args.briefs, args.gold, args.split, args.part)
    if not found:
        print("no decisions read by code in briefs of that part", file=sys.stderr)
        return 1
    x = np.array([e.x for e in found])
    y = np.array([e.right for e in found])
    if args.by_batch:
        folds = np.array([batch_of(e.run) for e in found])
    else:
        folds = np.array([str(fold_of(e.stem, args.folds)) for e in found])
    estimated = np.zeros(len(found))
    for fold in sorted(set(folds)):
        held = folds == fold
        estimated[held] = predict(fit(x[~held], y[~held]), x[held])
    briefs = len({(e.run, e.stem) for e in found})
    print(f"{len(found)} readings ({int(y.sum())} right) in {briefs} briefs of {len(args.briefs)} runs")
    sections = np.array([e.section for e in found])
    for section in SECTIONS:
        mine = sections == section
        ranked = auc(estimated[mine], y[mine])
        print(f"  {section}: {mine.sum()} readings, {int(y[mine].sum())} right; cross-validated AUC {ranked:.2f}")

    # Calibration: within each band of cross-validated confidence, how many readings were right.
    for low, high in ((0.0, 0.4), (0.4, 0.5), (0.5, 0.6), (0.6, 0.7), (0.7, 1.01)):
        band = (estimated >= low) & (estimated < high)
        if band.any():
            print(
                f"  confidence {low:.1f}-{min(high, 1.0):.1f}: {band.sum()} readings, mean estimate "
                f"{estimated[band].mean():.2f}, right {y[band].mean():.2f}"
            )

    gold_total = {section: sum(n for (_, _, s), n in gold_items.items() if s == section) for section in SECTIONS}
    rows = []
    for threshold in DEFAULT_THRESHOLDS:
        scores = {}
        for section in SECTIONS:
            kept = (sections == section) & (estimated >= threshold)
            tp, fp = int(y[kept].sum()), int((~y[kept]).sum())
            scores[section] = SectionScore(tp=tp, fp=fp, fn=gold_total[section] - tp)
        rows.append((threshold, scores))
    print(render_curve(rows))
    chosen = best_threshold(rows)
    print(f"chosen threshold for code's readings: {chosen:.2f}")

    w = fit(x, y)
    print(
        "weights:", ", ".join(f"{name} {value:+.2f}" for name, value in zip(("intercept", *FEATURES), w, strict=True))
    )
    if args.write:
        record = {
            "about": "Logistic model of whether a decision read by code is right; benchmarks/fit_confidence.py",
            "fitted": date.today().isoformat(),
            "examples": len(found),
            "runs": [folder.name for folder in args.briefs],
            "threshold_chosen": chosen,
            "intercept": round(float(w[0]), 4),
            "weights": {name: round(float(value), 4) for name, value in zip(FEATURES, w[1:], strict=True)},
        }
        WEIGHTS.write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {WEIGHTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
