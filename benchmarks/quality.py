"""Quality of the embedded model on one part of the gold split: the eval table with counts and intervals.

    .venv/bin/python benchmarks/quality.py [--part report|tune] [--split FILE] [--shared DIR]
        [--gold DIR ...] [--out DIR] [--limit N] [--passes single|multi] [--force]
        [--resamples N] [--seed N]

Summarises the articles of one part of examples/eval/split.json (default: report) with the
embedded model through `summarizer.batch.run_batch`, one article at a time, into OUT (default
out/quality-<part>), then scores them against every gold folder (examples/eval/gold,
examples/eval/polnear and SHARED/gold-quotes) and prints the table with tp/fp/fn, gold items,
articles and a bootstrap 95% interval per figure, then seconds per article and peak RSS.

A stem's article is examples/eval/articles/<stem>.txt, or else SHARED/articles/<stem>.txt, where
SHARED defaults to the PolNeAR folder of the shared data beside the repository. Briefs that are
current (same article, prompt and model) are kept, as `summarizer batch` keeps them, so a run cut
short resumes where it stopped; --force summarises again. Needs the [local] extra; about a minute per
article on the reference machine.
"""

from __future__ import annotations

import argparse
import asyncio
import resource
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from rich.console import Console

from summarizer.backends import Engine, build_engine
from summarizer.batch import run_batch
from summarizer.config import Settings
from summarizer.errors import ConfigurationError, ModelError
from summarizer.eval.gold import PARTS, load_gold_dirs, load_split
from summarizer.eval.report import evaluate, render_table
from summarizer.io.store import load_briefs

ROOT = Path(__file__).resolve().parent.parent
EVAL = ROOT / "examples" / "eval"
# The shared data is laid beside the repository (for CI too), never copied into it.
SHARED = ROOT.parent / "shared" / "data" / "polnear-dev"


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--part", choices=PARTS, default="report", help="which part of the split (default: report)")
    parser.add_argument("--split", type=Path, metavar="FILE", default=EVAL / "split.json", help="split file")
    parser.add_argument(
        "--shared", type=Path, metavar="DIR", default=SHARED, help="folder with articles/ and gold-quotes/"
    )
    parser.add_argument(
        "--gold", type=Path, metavar="DIR", action="append", help="gold folder (repeat; default: all three)"
    )
    parser.add_argument("--out", type=Path, metavar="DIR", help="folder for the briefs (default: out/quality-<part>)")
    parser.add_argument("--limit", type=int, metavar="N", help="only the first N stems of the part, in sorted order")
    parser.add_argument("--passes", choices=["single", "multi"], help="one request per article, or several")
    parser.add_argument("--force", action="store_true", help="summarise again even when a current brief exists")
    parser.add_argument("--resamples", type=int, metavar="N", default=2000, help="bootstrap resamples (default 2000)")
    parser.add_argument("--seed", type=int, metavar="N", default=13, help="bootstrap seed (default 13)")
    args = parser.parse_args(argv)
    if args.limit is not None and args.limit < 1:
        parser.error("--limit must be at least 1")
    if args.out is None:
        args.out = ROOT / "out" / f"quality-{args.part}"
    if args.gold is None:
        args.gold = [EVAL / "gold", EVAL / "polnear", args.shared / "gold-quotes"]
    return args


def article_path(stem: str, shared: Path) -> Path | None:
    """Where a stem's article is: our own examples first, then the shared corpus; None if neither."""
    for candidate in (EVAL / "articles" / f"{stem}.txt", shared / "articles" / f"{stem}.txt"):
        if candidate.is_file():
            return candidate
    return None


def resolve_articles(stems: Iterable[str], shared: Path) -> dict[str, Path]:
    """Stem -> article file; every stem must be found, or a one-line ValueError says where it looked."""
    found: dict[str, Path] = {}
    missing: list[str] = []
    for stem in stems:
        path = article_path(stem, shared)
        if path is None:
            missing.append(stem)
        else:
            found[stem] = path
    if missing:
        more = f" and {len(missing) - 1} more" if len(missing) > 1 else ""
        raise ValueError(
            f"no article for {missing[0]!r}{more} in {EVAL / 'articles'} or {shared / 'articles'}; give --shared DIR"
        )
    return found


def part_stems(split: dict[str, str], part: str, limit: int | None) -> list[str]:
    stems = sorted(stem for stem, assigned in split.items() if assigned == part)
    return stems[:limit] if limit is not None else stems


def peak_rss_mb() -> float:
    # Linux reports ru_maxrss in KiB.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def local_engine(passes: str | None) -> Engine:
    return build_engine(Settings.from_env(backend="local", passes=passes))


def run(args: argparse.Namespace, make_engine: Callable[[str | None], Engine] | None = None) -> int:
    console = Console()
    stems = part_stems(load_split(args.split), args.part, args.limit)
    articles = resolve_articles(stems, args.shared)
    # Loaded before the model, so a bad gold folder fails in a second rather than after an hour.
    gold = {stem: item for stem, item in load_gold_dirs(args.gold).items() if stem in articles}

    started = time.perf_counter()
    engine = (make_engine or local_engine)(args.passes)
    load_seconds = time.perf_counter() - started
    console.print(
        f"model: {engine.model}  passes: {engine.passes}  load: {load_seconds:.1f} s", markup=False, soft_wrap=True
    )

    batch = asyncio.run(run_batch(list(articles.values()), args.out, engine=engine, concurrency=1, force=args.force))
    briefs = {stem: brief for stem, brief in load_briefs(args.out).items() if stem in articles}
    report = evaluate(briefs, gold, seconds=batch.seconds_by_article)
    console.print(render_table(report, report.intervals(resamples=args.resamples, seed=args.seed)))
    summarised = [batch.seconds_by_article[stem] for stem in articles if stem in batch.seconds_by_article]
    this_run = (
        f" ({sum(summarised) / len(summarised):.1f} over the {len(summarised)} summarised now)" if summarised else ""
    )
    console.print(
        f"part {args.part}: {len(articles)} article(s), {len(batch.done)} summarised, {len(batch.skipped)} kept"
        f" as current, {len(batch.failures)} failed; seconds/article {report.seconds_per_article:.1f}{this_run};"
        f" peak RSS {peak_rss_mb():.0f} MB; model load {load_seconds:.1f} s; briefs in {args.out}",
        markup=False,
        soft_wrap=True,
    )
    for failure in batch.failures:
        console.print(f"failed {failure.file}: {failure.stage}: {failure.error}", markup=False, soft_wrap=True)
    return 0 if batch.ok else 1


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        return run(args)
    except (ValueError, OSError, ConfigurationError, ModelError) as error:
        print(f"quality: error: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    raise SystemExit(main())
