"""The embedded model on real articles: speed, tokens, KV-cache reuse, memory, and accuracy.

    .venv/bin/python benchmarks/embedded.py [ARTICLES_DIR] [--gold GOLD_DIR] [--out OUT_DIR]

Defaults: the 21 articles of examples/eval (seed + 20 Wikinews) and their gold. Needs the [local]
extra. Prints model load time apart from per-article seconds, prompt/completion tokens per article,
the share of prompt tokens served from llama.cpp's KV cache, peak RSS, then the eval table. The
briefs stay in OUT_DIR (default out/bench-embedded), so `summarizer eval OUT_DIR GOLD_DIR` can
score them again.
"""

from __future__ import annotations

import argparse
import asyncio
import resource
import statistics
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

from summarizer.backends import build_engine
from summarizer.batch import run_batch
from summarizer.config import Settings
from summarizer.eval.scoring import evaluate, load_gold_dir, render_table
from summarizer.io.store import load_briefs

ROOT = Path(__file__).resolve().parent.parent


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("articles", type=Path, nargs="?", default=ROOT / "examples" / "eval" / "articles")
    parser.add_argument("--gold", type=Path, default=ROOT / "examples" / "eval" / "gold")
    parser.add_argument("--out", type=Path, default=ROOT / "out" / "bench-embedded")
    parser.add_argument("--passes", choices=["single", "multi"], default=None)
    args = parser.parse_args()
    console = Console()

    started = time.perf_counter()
    engine = build_engine(Settings.from_env(backend="local", passes=args.passes))
    load_seconds = time.perf_counter() - started
    console.print(
        f"model: {engine.model}  passes: {engine.passes}  load: {load_seconds:.1f} s  RSS {peak_rss_mb():.0f} MB"
    )

    report = asyncio.run(run_batch([args.articles], args.out, engine=engine, concurrency=1, force=True))
    briefs = load_briefs(args.out)
    table = Table(title="per article")
    for column in ("article", "s", "prompt tok", "cached", "completion tok", "requests"):
        table.add_column(column, justify="right")
    for stem, brief in sorted(briefs.items()):
        usage = brief.usage
        table.add_row(
            stem,
            f"{usage.seconds:.1f}",
            str(usage.prompt_tokens),
            str(usage.cached_prompt_tokens),
            str(usage.completion_tokens),
            str(usage.requests),
        )
    console.print(table)
    seconds = [b.usage.seconds for b in briefs.values()]
    prompt = sum(b.usage.prompt_tokens for b in briefs.values())
    cached = sum(b.usage.cached_prompt_tokens for b in briefs.values())
    completion = sum(b.usage.completion_tokens for b in briefs.values())
    n = max(len(briefs), 1)
    console.print(
        f"articles {len(briefs)} (failed {len(report.failures)}); "
        f"seconds/article mean {statistics.mean(seconds or [0]):.1f}"
        f" median {statistics.median(seconds or [0]):.1f} max {max(seconds or [0]):.1f}; "
        f"prompt tokens/article {prompt / n:.0f}, completion tokens/article {completion / n:.0f}; "
        f"prompt tokens from KV cache {cached / max(prompt, 1):.0%}; peak RSS {peak_rss_mb():.0f} MB; "
        f"model load {load_seconds:.1f} s"
    )
    for failure in report.failures:
        console.print(f"failed {failure.file}: {failure.stage}: {failure.error}", markup=False)
    if args.gold.is_dir():
        result = evaluate(briefs, load_gold_dir(args.gold), seconds=report.seconds_by_article or None)
        console.print(render_table(result))


if __name__ == "__main__":
    main()
