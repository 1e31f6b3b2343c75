"""The `summarizer` command. Thin: parse arguments, build the engine, call the library, print."""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import logging
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn
from rich.table import Table

from summarizer.backends import Engine, build_engine
from summarizer.batch import BatchReport, run_batch
from summarizer.config import Settings
from summarizer.errors import ConfigurationError
from summarizer.io.store import load_briefs, write_atomic

err = Console(stderr=True)


def say(line: str) -> None:
    """One plain line on stderr: never wrapped (paths are long) and never read as markup."""
    err.print(line, markup=False, highlight=False, soft_wrap=True)


out = Console()


class CliError(Exception):
    """A fatal problem to report as one line on stderr."""


def _add_model_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("model")
    group.add_argument("--backend", choices=["openai", "local"], help="default: an endpoint if configured, else local")
    group.add_argument("--model", help="model name at the endpoint (env SUMMARIZER_MODEL)")
    group.add_argument("--base-url", help="OpenAI-compatible endpoint (env OPENAI_BASE_URL)")
    group.add_argument("--api-key", help="API key (env OPENAI_API_KEY; prefer the environment)")
    group.add_argument("--model-path", type=Path, help="a local GGUF file for the embedded backend")
    group.add_argument("--passes", choices=["single", "multi"], help="one request per article, or five narrow ones")
    group.add_argument("--mode", choices=["tools", "json", "md_json"], help="how structured output is requested")
    group.add_argument("--max-retries", type=int, help="re-asks after an ungrounded or invalid answer (default 2)")


def _settings(args: argparse.Namespace, **extra: Any) -> Settings:
    return Settings.from_env(
        backend=args.backend,
        model=args.model,
        base_url=args.base_url,
        api_key=args.api_key,
        model_path=args.model_path,
        passes=args.passes,
        mode=args.mode,
        max_retries=args.max_retries,
        **extra,
    )


def _engine(args: argparse.Namespace, **extra: Any) -> Engine:
    return build_engine(_settings(args, **extra))


def cmd_summarize(args: argparse.Namespace) -> int:
    from summarizer.extract.pipeline import brief_to_json, summarize
    from summarizer.io.loaders import load_file

    articles = load_file(args.file)
    if len(articles) != 1:
        raise CliError(f"{args.file}: holds {len(articles)} articles; use `summarizer batch` for several")
    brief = summarize(articles[0], engine=_engine(args), strict=args.strict)
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


def _report_table(report: BatchReport) -> Table:
    table = Table(title="batch")
    for column in ("done", "skipped", "failed", "prompt tokens", "completion tokens", "seconds"):
        table.add_column(column, justify="right")
    table.add_row(
        str(len(report.done)),
        str(len(report.skipped)),
        str(len(report.failures)),
        f"{report.prompt_tokens:,}",
        f"{report.completion_tokens:,}",
        f"{report.seconds:.1f}",
    )
    return table


def _print_failures(report: BatchReport) -> None:
    for failure in report.failures:
        # Escaped: an endpoint's error text may hold rich markup such as "[/INST]".
        err.print(
            f"[red]failed[/red] {escape(failure.file)}: {failure.stage}: {escape(failure.error)}",
            markup=True,
            highlight=False,
            soft_wrap=True,
        )


def cmd_batch(args: argparse.Namespace) -> int:
    engine = _engine(args)
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


def cmd_briefing(args: argparse.Namespace) -> int:
    from summarizer.briefing.render import render_briefing

    briefs = list(load_briefs(args.briefs_dir).values())
    if not briefs:
        raise CliError(f"{args.briefs_dir}: no briefs found")
    day = None
    if args.date is not None:
        try:
            day = dt.date.fromisoformat(args.date)
        except ValueError as error:
            raise CliError(f"--date {args.date!r} is not a YYYY-MM-DD date") from error
    document = render_briefing(briefs, day)
    if args.output and str(args.output) != "-":
        write_atomic(args.output, document)
        say(f"briefing: {args.output.resolve()}")
    else:
        sys.stdout.write(document)
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    from summarizer.schema import brief_schema_json

    sys.stdout.write(brief_schema_json())
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    from summarizer.eval.scoring import evaluate, load_gold_dir, render_table

    gold_dir = args.gold or args.gold_dir
    if gold_dir is None:
        raise CliError("eval needs a gold folder: summarizer eval BRIEFS_DIR GOLD_DIR, or --articles DIR --gold DIR")
    gold = load_gold_dir(gold_dir)
    seconds: dict[str, float] | None = None
    if args.articles:
        briefs_dir = args.out or Path(tempfile.mkdtemp(prefix="summarizer-eval-"))
        report = _run_batch_with_progress([args.articles], briefs_dir, _engine(args), args.concurrency, args.force)
        _print_failures(report)
        say(f"briefs: {briefs_dir.resolve()}")
        seconds = report.seconds_by_article or None
    elif args.briefs_dir is not None:
        briefs_dir = args.briefs_dir
    else:
        raise CliError("eval needs BRIEFS_DIR or --articles DIR")
    result = evaluate(load_briefs(briefs_dir), gold, seconds=seconds)
    if args.json:
        sys.stdout.write(json.dumps(result.to_json(), indent=2) + "\n")
    else:
        out.print(render_table(result))
    return 0


def cmd_model(args: argparse.Namespace) -> int:
    from summarizer.backends.local.engine import model_path

    path = model_path(_settings(args))
    out.print(f"embedded model ready: {path}")
    return 0


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(
        prog="summarizer",
        description="Grounded structured briefs from news articles, and a daily Markdown briefing.",
    )
    commands = root.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = commands.add_parser("summarize", help="summarise one article file; prints the Brief as JSON")
    p.add_argument("file", type=Path, help="an article: .txt, .md, .html, .json or .jsonl")
    p.add_argument("--strict", action="store_true", help="fail instead of dropping ungrounded items")
    _add_model_options(p)
    p.set_defaults(run=cmd_summarize)

    p = commands.add_parser("batch", help="summarise every article in a folder (resumable)")
    p.add_argument("inputs", type=Path, nargs="+", metavar="IN", help="article files or folders")
    p.add_argument("--out", "-o", type=Path, required=True, help="folder for the briefs")
    p.add_argument("--concurrency", "-j", type=int, help="requests in flight (default: 8 for endpoints, 1 locally)")
    p.add_argument("--jsonl", type=Path, help="also write every brief as one JSON line to this file ('-': stdout)")
    p.add_argument("--force", action="store_true", help="summarise again even when a current brief exists")
    _add_model_options(p)
    p.set_defaults(run=cmd_batch)

    p = commands.add_parser("briefing", help="render one day's briefs as a Markdown briefing")
    p.add_argument("briefs_dir", type=Path, help="folder of briefs written by `summarizer batch`")
    p.add_argument("--date", help="the day, YYYY-MM-DD (default: every dated brief in the folder)")
    p.add_argument("--output", "-o", type=Path, help="Markdown file to write (default: stdout)")
    p.set_defaults(run=cmd_briefing)

    p = commands.add_parser("schema", help="print the Brief JSON Schema")
    p.set_defaults(run=cmd_schema)

    p = commands.add_parser("eval", help="score briefs against gold annotations")
    p.add_argument("briefs_dir", type=Path, nargs="?", help="folder of briefs")
    p.add_argument("gold_dir", type=Path, nargs="?", help="folder of gold JSON files, one per article stem")
    p.add_argument("--articles", type=Path, help="summarise this folder first, then score")
    p.add_argument("--gold", type=Path, help="gold folder (with --articles)")
    p.add_argument("--out", type=Path, help="with --articles: where to keep the briefs (default: a temp folder)")
    p.add_argument("--concurrency", "-j", type=int)
    p.add_argument("--force", action="store_true")
    p.add_argument("--json", action="store_true", help="print the scores as JSON")
    _add_model_options(p)
    p.set_defaults(run=cmd_eval)

    p = commands.add_parser("model", help="assemble and verify the embedded model, and print where it is")
    _add_model_options(p)
    p.set_defaults(run=cmd_model)
    return root


def main(argv: Sequence[str] | None = None) -> int:
    from summarizer.errors import LoadError, ModelError, SummarizeError

    args = parser().parse_args(argv)
    # Instructor logs every failed model call at ERROR; with logging unconfigured Python would print those
    # records on stderr next to our own one-line report. Configured handlers still receive them.
    instructor_log = logging.getLogger("instructor")
    if not any(isinstance(handler, logging.NullHandler) for handler in instructor_log.handlers):
        instructor_log.addHandler(logging.NullHandler())
    try:
        return int(args.run(args))
    except (CliError, ConfigurationError, LoadError, ModelError, SummarizeError, ValueError, OSError) as error:
        say(f"summarizer: error: {error}")
        return 1
    except KeyboardInterrupt:
        say("summarizer: interrupted")
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
