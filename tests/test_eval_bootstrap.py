"""Bootstrap intervals: the percentile rule, cases whose answer follows by hand, and the report's use."""

from __future__ import annotations

import pytest
from rich.console import Console

from summarizer.eval.bootstrap import Interval, bootstrap, percentile_interval
from summarizer.eval.gold import Gold
from summarizer.eval.report import EvalReport, render_table
from summarizer.eval.scoring import ArticleScore, QuoteScore, SectionScore


def test_percentile_interval_leaves_as_many_values_out_on_each_side() -> None:
    # 40 values at 95%: floor(40 * 0.025) = 1 value is left out below and 1 above.
    assert percentile_interval([float(v) for v in range(40, 0, -1)]) == Interval(2.0, 39.0)
    # 2000 values: 50 out on each side, so the 51st smallest and the 51st largest.
    assert percentile_interval([float(v) for v in range(2000)]) == Interval(50.0, 1949.0)
    assert percentile_interval([float(v) for v in range(10)], level=0.8) == Interval(1.0, 8.0)
    # Fewer than 40 values: nothing to leave out at 95%.
    assert percentile_interval([3.0, 1.0, 2.0]) == Interval(1.0, 3.0)
    with pytest.raises(ValueError):
        percentile_interval([])
    with pytest.raises(ValueError):
        percentile_interval([1.0], level=1.0)


def test_one_article_gives_a_point() -> None:
    ci = bootstrap([SectionScore(tp=2, fp=1, fn=1)])
    assert ci is not None
    for interval in (ci.precision, ci.recall, ci.f1):
        assert interval == Interval(pytest.approx(2 / 3), pytest.approx(2 / 3))


def test_two_opposite_articles_span_zero_to_one() -> None:
    # Resampling two articles gives AA (P = R = F1 = 1), AB or BA (0.5) or BB (0), each extreme
    # with probability 1/4: about 500 of 2000 resamples, far more than the 50 left out per side.
    found, missed = SectionScore(tp=1), SectionScore(fp=1, fn=1)
    ci = bootstrap([found, missed])
    assert ci is not None
    for interval in (ci.precision, ci.recall, ci.f1):
        assert interval == Interval(0.0, 1.0)


def test_resamples_where_a_ratio_is_undefined_are_left_out() -> None:
    # A has one gold item and no prediction; B has neither. BB (1/4 of resamples) has no gold
    # item: counting its recall as the conventional 1.0 would give [0, 1]; left out, it is [0, 0].
    ci = bootstrap([SectionScore(fn=1), SectionScore()])
    assert ci is not None
    assert ci.recall == Interval(0.0, 0.0)
    assert ci.f1 == Interval(0.0, 0.0)
    # No resample has a prediction, so precision has no interval at all.
    assert ci.precision is None
    assert ci.to_json() == {"precision": None, "recall": [0.0, 0.0], "f1": [0.0, 0.0]}


def test_bootstrap_is_reproducible_and_checks_its_input() -> None:
    articles = [SectionScore(tp=i % 3, fp=i % 2, fn=i % 4) for i in range(12)]
    assert bootstrap(articles, seed=5) == bootstrap(articles, seed=5)
    ci = bootstrap(articles, resamples=300)
    assert ci is not None and ci.f1 is not None
    total = SectionScore(tp=sum(a.tp for a in articles), fp=sum(a.fp for a in articles), fn=sum(a.fn for a in articles))
    assert ci.f1.low <= total.f1 <= ci.f1.high
    assert bootstrap([]) is None
    with pytest.raises(ValueError):
        bootstrap(articles, resamples=0)


def test_report_intervals_resample_missing_articles_too() -> None:
    report = EvalReport(
        scored={"a": ArticleScore(sources=SectionScore(tp=1), quotes=QuoteScore(tp=1, speaker_checked=1))},
        missing={"b": ArticleScore(sources=SectionScore(fn=1), missing=True)},
    )
    intervals = report.intervals(resamples=500, seed=3)
    sources = intervals.sections["sources"]
    assert sources is not None
    # "bb" found nothing: recall 0 there, and no prediction, so no precision.
    assert sources.recall == Interval(0.0, 1.0)
    assert sources.precision == Interval(1.0, 1.0)
    assert intervals.sections["exclusions"] is None
    out = report.to_json(intervals)
    assert out["ci"] == {"resamples": 500, "seed": 3, "level": 0.95, "unit": "article"}
    assert out["sections"]["sources"]["ci"]["recall"] == [0.0, 1.0]
    assert out["sections"]["exclusions"]["ci"] is None
    assert out["sections"]["quotes"]["ci"]["precision"] == [1.0, 1.0]
    assert "ci" not in report.to_json()["sections"]["sources"]


def test_table_shows_counts_and_interval_rows() -> None:
    report = EvalReport(
        scored={
            "a": ArticleScore(sources=SectionScore(tp=3, fp=1, fn=2)),
            "b": ArticleScore(sources=SectionScore(tp=1, fn=1), exclusions=SectionScore(fp=1)),
        },
    )
    console = Console(record=True, width=80)
    console.print(render_table(report, report.intervals(resamples=100)))
    shown = console.export_text()
    lines = shown.splitlines()
    sources = next(line for line in lines if line.startswith("sources"))
    # P R F1, then tp fp fn, gold items, articles.
    assert sources.split()[1:] == ["0.800", "0.571", "0.667", "4", "1", "3", "7", "2"]
    interval_rows = [line for line in lines if "95% interval" in line]
    assert len(interval_rows) == 2  # sources and exclusions; the others have no gold
    assert "100 resamples" in shown
    assert max(len(line) for line in lines) <= 80


def test_gold_counts_items_per_section() -> None:
    gold = Gold.model_validate({"sources": [{"name": ["a"]}, {"name": ["b"]}], "quotes": []})
    assert (gold.items("sources"), gold.items("quotes"), gold.items("exclusions")) == (2, 0, None)
    with pytest.raises(KeyError):
        gold.items("source")
