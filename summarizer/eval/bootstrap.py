"""Bootstrap intervals for precision, recall and F1 over a handful of articles.

With a few dozen articles one article more or less found moves a figure by several points, so
a figure is printed with the spread it would have over other draws of articles like these. The
unit resampled is the article, not the item: items of one article are not independent (one
misread article loses all its quotes at once), and articles are what the gold was drawn by.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from dataclasses import dataclass

from summarizer.eval.scoring import SectionScore

__all__ = ["DEFAULT_RESAMPLES", "DEFAULT_SEED", "Interval", "SectionIntervals", "bootstrap", "percentile_interval"]

DEFAULT_RESAMPLES = 2000
DEFAULT_SEED = 13
LEVEL = 0.95


@dataclass(frozen=True)
class Interval:
    low: float
    high: float

    def to_json(self) -> list[float]:
        return [self.low, self.high]


@dataclass(frozen=True)
class SectionIntervals:
    precision: Interval | None
    recall: Interval | None
    f1: Interval | None

    def to_json(self) -> dict[str, list[float] | None]:
        return {
            name: None if interval is None else interval.to_json()
            for name, interval in (("precision", self.precision), ("recall", self.recall), ("f1", self.f1))
        }


def percentile_interval(values: Sequence[float], level: float = LEVEL) -> Interval:
    """The central `level` share of `values`: as many values lie below `low` as above `high`.

    With B values sorted and k = floor(B * (1 - level) / 2), the interval is [v[k], v[B-1-k]]: for
    2000 resamples at 95%, the 51st smallest and the 51st largest.
    """
    if not values:
        raise ValueError("no values to take an interval of")
    if not 0 < level < 1:
        raise ValueError(f"level {level} is not between 0 and 1")
    ordered = sorted(values)
    # The small epsilon keeps 2000 * 0.025 at 50 despite 1 - 0.95 not being exact in binary.
    k = math.floor(len(ordered) * (1 - level) / 2 + 1e-9)
    return Interval(ordered[k], ordered[len(ordered) - 1 - k])


def bootstrap(
    articles: Sequence[SectionScore],
    *,
    resamples: int = DEFAULT_RESAMPLES,
    seed: int = DEFAULT_SEED,
    level: float = LEVEL,
) -> SectionIntervals | None:
    """Percentile intervals of micro-averaged P, R and F1, resampling `articles` with replacement.

    `articles` holds one score per article that has this section in its gold (an article without
    it says nothing about the section). Each resample draws as many articles as there are and sums
    their counts. A resample in which a ratio has an empty denominator (no prediction for P, no gold
    item for R, neither for F1) is left out of that ratio's interval: the 1.0 the conventions give
    there says nothing about the system, and with one gold item in eight articles it would stretch
    every recall interval to 1.0. A ratio that is never defined gets no interval (None). The seed
    is fixed so a report prints the same interval every time. None when there is no article.
    """
    if not articles:
        return None
    if resamples < 1:
        raise ValueError(f"resamples must be at least 1, not {resamples}")
    rng = random.Random(seed)
    counts = [(article.tp, article.fp, article.fn) for article in articles]
    indices = range(len(counts))
    precision: list[float] = []
    recall: list[float] = []
    f1: list[float] = []
    for _ in range(resamples):
        drawn = [counts[i] for i in rng.choices(indices, k=len(counts))]
        total = SectionScore(tp=sum(c[0] for c in drawn), fp=sum(c[1] for c in drawn), fn=sum(c[2] for c in drawn))
        if total.predicted_items:
            precision.append(total.precision)
        if total.gold_items:
            recall.append(total.recall)
        if total.predicted_items or total.gold_items:
            f1.append(total.f1)
    return SectionIntervals(
        precision=percentile_interval(precision, level) if precision else None,
        recall=percentile_interval(recall, level) if recall else None,
        f1=percentile_interval(f1, level) if f1 else None,
    )
