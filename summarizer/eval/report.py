"""Score a run of briefs against gold: the run-wide report, its table and its JSON.

Coverage of articles
    Only stems present in both `briefs` and `gold` are scored. Gold stems with no
    brief are reported as `missing` and their gold items count as false
    negatives in the micro-averaged sections (a run that skips articles must not
    look better for it); they do not count in `articles` nor in the per-article
    cost and verbatim figures. Briefs with no gold are reported as `no_gold` and
    otherwise ignored.
Counts beside figures
    Every ratio is shown and written with what it is a ratio of (tp, fp, fn, gold
    and predicted items, articles), and optionally with a bootstrap interval (see
    `bootstrap`): over a few dozen articles a figure alone says too little.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from rich import box
from rich.table import Table

from summarizer.eval.bootstrap import DEFAULT_RESAMPLES, DEFAULT_SEED, LEVEL, Interval, SectionIntervals, bootstrap
from summarizer.eval.gold import SECTIONS, Gold
from summarizer.eval.scoring import (
    ArticleScore,
    QuoteScore,
    SectionScore,
    score_article,
    score_missing,
    sum_quotes,
    sum_sections,
)
from summarizer.models import Brief

__all__ = ["EvalReport", "Intervals", "evaluate", "render_table"]


@dataclass(frozen=True)
class Intervals:
    """Bootstrap intervals per section, with how they were drawn (so a reader can redraw them)."""

    sections: dict[str, SectionIntervals | None]
    resamples: int
    seed: int
    level: float = LEVEL

    def to_json(self) -> dict[str, Any]:
        return {"resamples": self.resamples, "seed": self.seed, "level": self.level, "unit": "article"}


@dataclass(frozen=True)
class EvalReport:
    scored: dict[str, ArticleScore]
    """Articles with both a brief and gold."""
    missing: dict[str, ArticleScore] = field(default_factory=dict)
    """Gold articles with no brief, scored as all false negatives."""
    no_gold: list[str] = field(default_factory=list)
    """Briefs with no gold; not scored."""

    @property
    def articles(self) -> int:
        return len(self.scored)

    def _all(self) -> list[ArticleScore]:
        return [*self.scored.values(), *self.missing.values()]

    def per_article(self, name: str) -> list[SectionScore]:
        """The section's score in each article whose gold has it (missing articles included)."""
        return [s for a in self._all() if (s := a.section(name)) is not None]

    def section(self, name: str) -> SectionScore:
        """Micro-average: counts summed over articles (missing ones included), then ratios."""
        present = self.per_article(name)
        if name == "quotes":
            return sum_quotes(s for s in present if isinstance(s, QuoteScore))
        return sum_sections(present)

    @property
    def quotes(self) -> QuoteScore:
        score = self.section("quotes")
        assert isinstance(score, QuoteScore)
        return score

    def section_articles(self, name: str) -> int:
        """How many articles had this section in their gold (a 1.0 over zero articles means nothing)."""
        return len(self.per_article(name))

    def intervals(self, *, resamples: int = DEFAULT_RESAMPLES, seed: int = DEFAULT_SEED) -> Intervals:
        sections = {name: bootstrap(self.per_article(name), resamples=resamples, seed=seed) for name in SECTIONS}
        return Intervals(sections=sections, resamples=resamples, seed=seed)

    @property
    def spans_checked(self) -> int:
        return sum(a.spans_checked for a in self.scored.values())

    @property
    def spans_verbatim(self) -> int:
        return sum(a.spans_verbatim for a in self.scored.values())

    @property
    def verbatim_rate(self) -> float | None:
        """None when no span could be checked: an unknown rate is not a perfect one."""
        return self.spans_verbatim / self.spans_checked if self.spans_checked else None

    @property
    def texts_unavailable(self) -> list[str]:
        return sorted(stem for stem, a in self.scored.items() if not a.text_available)

    @property
    def dropped_ungrounded(self) -> int:
        return sum(a.dropped_ungrounded for a in self.scored.values())

    @property
    def seconds_per_article(self) -> float:
        return sum(a.seconds for a in self.scored.values()) / self.articles if self.articles else 0.0

    @property
    def tokens_per_article(self) -> float:
        return sum(a.tokens for a in self.scored.values()) / self.articles if self.articles else 0.0

    def to_json(self, intervals: Intervals | None = None) -> dict[str, Any]:
        """The report in the shape other tools read; keys may be added, never renamed.

        With `intervals`, each section gains `ci` ({"precision": [low, high], ...}, or null when
        no article has the section) and the top level `ci` says how they were drawn.
        """
        sections: dict[str, Any] = {}
        for name in SECTIONS:
            sections[name] = {**self.section(name).to_json(), "scored_articles": self.section_articles(name)}
            if intervals is not None:
                ci = intervals.sections.get(name)
                sections[name]["ci"] = None if ci is None else ci.to_json()
        per_article = {stem: score.to_json() for stem, score in sorted({**self.scored, **self.missing}.items())}
        result: dict[str, Any] = {
            "articles": self.articles,
            "seconds_per_article": self.seconds_per_article,
            "verbatim_rate": self.verbatim_rate,
            "dropped_ungrounded": self.dropped_ungrounded,
            "tokens_per_article": self.tokens_per_article,
            "sections": sections,
            "per_article": per_article,
            "missing": sorted(self.missing),
            "no_gold": list(self.no_gold),
            "spans_checked": self.spans_checked,
            "spans_verbatim": self.spans_verbatim,
            "texts_unavailable": self.texts_unavailable,
        }
        if intervals is not None:
            result["ci"] = intervals.to_json()
        return result


def evaluate(
    briefs: Mapping[str, Brief],
    gold: Mapping[str, Gold],
    texts: Mapping[str, str] | None = None,
    seconds: Mapping[str, float] | None = None,
) -> EvalReport:
    """Score every stem that has both a brief and gold; see the module docstring for coverage."""
    texts = texts or {}
    seconds = seconds or {}
    scored = {
        stem: score_article(briefs[stem], gold[stem], texts.get(stem), seconds=seconds.get(stem))
        for stem in sorted(briefs.keys() & gold.keys())
    }
    missing = {stem: score_missing(gold[stem]) for stem in sorted(gold.keys() - briefs.keys())}
    return EvalReport(scored=scored, missing=missing, no_gold=sorted(briefs.keys() - gold.keys()))


# ---------------------------------------------------------------------------
# Display
# ---------------------------------------------------------------------------


def _percent(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.1%}"


def _interval(interval: Interval | None) -> str:
    if interval is None:
        return "-"
    # ".52–.70": without the leading zeros the interval row fits under its figure in 80 columns.
    return "–".join(f"{bound:.2f}".removeprefix("0") for bound in (interval.low, interval.high))


def render_table(report: EvalReport, intervals: Intervals | None = None) -> Table:
    """A rich table: one row per section with its counts, the run-wide figures in the caption.

    With `intervals`, each section's row is followed by one with the bootstrap interval of its P,
    R and F1 (a row of its own keeps the table narrow enough for a terminal).
    """
    title = f"Evaluation over {report.articles} article(s)"
    if report.missing:
        title += f", {len(report.missing)} missing"
    table = Table(title=title, box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    table.add_column("section")
    for heading in ("P", "R", "F1", "tp", "fp", "fn", "gold", "articles"):
        table.add_column(heading, justify="right")
    for name in SECTIONS:
        score = report.section(name)
        n_articles = report.section_articles(name)
        if n_articles == 0:
            table.add_row(name, "-", "-", "-", "0", "0", "0", "0", "0")
            continue
        counts = (score.tp, score.fp, score.fn, score.gold_items, n_articles)
        figures = (score.precision, score.recall, score.f1)
        table.add_row(name, *(f"{value:.3f}" for value in figures), *(str(count) for count in counts))
        ci = intervals.sections.get(name) if intervals is not None else None
        if ci is not None:
            table.add_row(
                f"  {intervals.level:.0%} interval" if intervals is not None else "",
                *(_interval(interval) for interval in (ci.precision, ci.recall, ci.f1)),
            )
    quotes = report.quotes
    # Two short lines rather than one long one: rich wraps a caption at the table's width, mid-figure.
    accuracy = [
        f"speaker accuracy {_percent(quotes.speaker_accuracy)} ({quotes.speaker_correct}/{quotes.speaker_checked})",
        f"verbatim {_percent(report.verbatim_rate)} ({report.spans_verbatim}/{report.spans_checked} spans)",
    ]
    cost = [
        f"dropped {report.dropped_ungrounded}",
        f"{report.seconds_per_article:.2f} s/article",
        f"{report.tokens_per_article:,.0f} tokens/article",
    ]
    lines = [" · ".join(accuracy), " · ".join(cost)]
    if intervals is not None:
        lines.append(f"intervals: percentile bootstrap over articles, {intervals.resamples} resamples")
    table.caption = "\n".join(lines)
    return table
