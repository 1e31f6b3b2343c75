"""The commands that spend model calls on articles (`summarize`, `batch` live, dry run or via the Batch API),
with the progress bar, cost table and failure lines they report; `eval --articles` reuses the bar and the lines.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Sequence
from pathlib import Path

from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn
from rich.table import Table

from summarizer.backends import Engine
from summarizer.batch import BatchReport, run_batch
from summarizer.cli.common import CliError, _engine, _settings, err, out, say
from summarizer.io.store import write_atomic


def cmd_summarize(args: argparse.Namespace) -> int:
    from summarizer.extract.pipeline import brief_to_json, summarize
    from summarizer.io.loaders import load_file

    articles = load_file(args.file)
    if len(articles) != 1:
        raise CliError(f"{args.file}: holds {len(articles)} articles; use `summarizer batch` for several")
    engine = _engine(args)
    brief = summarize(articles[0], engine=engine, strict=args.strict)
    sys.stdout.write(brief_to_json(brief) + "\n")
    return 0


def _run_batch_with_progress(
    inputs: Sequence[Path], out_dir: Path, engine: Engine, concurrency: int | None, force: bool
) -> BatchReport:
    columns = (
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("eta"),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=err, transient=False) as progress:
        task = progress.add_task("summarising", total=None)

        def on_start(total: int) -> None:
            progress.update(task, total=total)

        def on_progress(outcome: str, _path: Path | None) -> None:
            progress.advance(task)

        return asyncio.run(
            run_batch(
                inputs,
                out_dir,
                engine=engine,
                concurrency=concurrency,
                force=force,
                on_start=on_start,
                on_progress=on_progress,
            )
        )


def _dollars(cost: float | None) -> str:
    if cost is None:
        return "–"  # no known price: an unknown model, or the embedded one
    return f"${cost:,.4f}" if cost < 1 else f"${cost:,.2f}"


def _cost_heading(discount: float) -> str:
    return "cost" if discount == 1 else f"cost ({round((1 - discount) * 100)}% off)"


def _report_table(report: BatchReport) -> Table:
    table = Table(title="batch")
    columns = ("done", "skipped", "failed", "prompt tokens", "completion tokens", _cost_heading(report.discount))
    for column in (*columns, "seconds"):
        table.add_column(column, justify="right")
    table.add_row(
        str(len(report.done)),
        str(len(report.skipped)),
        str(len(report.failures)),
        f"{report.prompt_tokens:,}"
        + (f" ({report.cached_prompt_tokens:,} cached)" if report.cached_prompt_tokens else ""),
        f"{report.completion_tokens:,}",
        _dollars(report.cost_usd),
        f"{report.seconds:.1f}",
    )
    return table


def _dry_run(args: argparse.Namespace) -> int:
    """`batch --dry-run`: each article's requests, tokens and cost, estimated; no model is called."""
    from summarizer.backends.pricing import BATCH_API_DISCOUNT
    from summarizer.estimate import dry_run_engine, estimate

    engine = dry_run_engine(_settings(args))
    discount = BATCH_API_DISCOUNT if args.via == "batch-api" else 1.0
    result = estimate(args.inputs, engine, out_dir=args.out, force=args.force, discount=discount)
    for problem in result.problems:
        say(f"summarizer: skipped {problem}")
    table = Table(title=f"dry run: {result.model} ({result.passes} pass), nothing sent")
    heading = _cost_heading(result.discount)
    for column in ("article", "requests", "prompt tokens", "completion tokens (max)", f"{heading} (max)"):
        table.add_column(column, justify="left" if column == "article" else "right", overflow="fold")
    for item in [*result.articles, result.total()]:
        table.add_row(
            item.article,
            str(item.requests),
            f"~{item.prompt_tokens:,}",
            f"~{item.completion_tokens:,} ({item.max_completion_tokens:,})",
            "–"
            if result.price is None
            else f"~{_dollars(result.cost(item))} ({_dollars(result.cost(item, ceiling=True))})",
        )
    out.print(table)
    total = result.total()
    price = f"{_dollars(result.cost(total))} at {result.model}'s list price" if result.price else "no known price"
    say(
        f"dry run: {len(result.articles)} articles to send ({len(result.current)} with a current brief skipped), "
        f"{total.requests} requests, ~{total.prompt_tokens:,} prompt and "
        f"~{total.completion_tokens:,} completion tokens (at most {total.max_completion_tokens:,}); {price}"
        + (" with the Batch API discount" if result.discount != 1 and result.price is not None else "")
        + "; no model was called"
    )
    return 1 if result.problems else 0


def _print_failures(report: BatchReport) -> None:
    for failure in report.failures:
        # Escaped: an endpoint's error text may hold rich markup such as "[/INST]".
        err.print(
            f"[red]failed[/red] {escape(failure.file)}: {failure.stage}: {escape(failure.error)}",
            markup=True,
            highlight=False,
            soft_wrap=True,
        )


def _run_batch_api(args: argparse.Namespace, engine: Engine) -> BatchReport:
    """`batch --via batch-api`: submit, collect what has ended, and (unless --no-wait) wait for the rest."""
    import dataclasses

    from summarizer.backends.batch_api import BatchLimits
    from summarizer.deferred import run_batch_api

    if args.concurrency:
        # Live re-asks and checks of decisions after collecting: as many at once as a live batch sends.
        engine = dataclasses.replace(engine, concurrency=args.concurrency)
    limits = BatchLimits(max_requests=args.batch_size) if args.batch_size else BatchLimits()
    report = asyncio.run(
        run_batch_api(
            args.inputs,
            args.out,
            engine=engine,
            force=args.force,
            wait=not args.no_wait,
            poll_interval=args.poll_interval if args.poll_interval is not None else 30.0,
            resubmit=args.resubmit,
            limits=limits,
            on_event=say,
        )
    )
    for note in report.unanswered:
        say(f"not answered by the batch: {note.file} ({note.article}): {note.error}")
    for batch_id, count in report.waiting.items():
        say(f"waiting: {batch_id} ({count} requests); run the same command again to collect")
    return report


def cmd_batch(args: argparse.Namespace) -> int:
    if args.dry_run:
        return _dry_run(args)
    batch_only = {"--no-wait": args.no_wait, "--poll-interval": args.poll_interval is not None}
    batch_only |= {"--resubmit": args.resubmit, "--batch-size": args.batch_size is not None}
    if args.via != "batch-api" and (given := [name for name, used in batch_only.items() if used]):
        raise CliError(f"{', '.join(given)}: only with --via batch-api")
    engine = _engine(args, rpm=args.rpm, tpm=args.tpm)
    if args.via == "batch-api":
        report = _run_batch_api(args, engine)
    else:
        report = _run_batch_with_progress(args.inputs, args.out, engine, args.concurrency, args.force)
    err.print(_report_table(report))
    _print_failures(report)
    if args.jsonl:
        lines = "".join(path.read_text(encoding="utf-8").replace("\n", "") + "\n" for path in report.briefs)
        if str(args.jsonl) == "-":
            sys.stdout.write(lines)
        else:
            write_atomic(args.jsonl, lines)
    say(f"briefs: {args.out.resolve()}")
    if report.failures:
        say(f"failures: {(args.out / 'failures.jsonl').resolve()}")
    return 0 if report.ok else 1
