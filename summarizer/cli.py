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


def _unit(value: str) -> float:
    number = float(value)
    if not 0.0 <= number <= 1.0:
        raise argparse.ArgumentTypeError(f"must be a number from 0 to 1, not {value!r}")
    return number


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
    group.add_argument(
        "--min-confidence",
        type=_unit,
        metavar="P",
        help="decisions whose check gives less go to `unverified` (env SUMMARIZER_MIN_CONFIDENCE)",
    )


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
        min_confidence=args.min_confidence,
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


def _write_exact(text: str) -> None:
    """`text` on stdout as UTF-8, byte for byte: no newline translation, nothing added."""
    sys.stdout.flush()
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:
        sys.stdout.write(text)
    else:
        buffer.write(text.encode("utf-8"))
    sys.stdout.flush()


def cmd_text(args: argparse.Namespace) -> int:
    """Print the text a brief's offsets index: a text file's own text, an HTML page's extracted text."""
    from summarizer.errors import LoadError
    from summarizer.io.loaders import load_file

    problems: list[LoadError] = []
    articles = load_file(args.file, problems=problems)
    for problem in problems:
        say(f"summarizer: skipped {problem}")
    if args.id is not None:
        chosen = next((article for article in articles if article.id == args.id), None)
        if chosen is None:
            ids = ", ".join(article.id for article in articles[:10]) + (", ..." if len(articles) > 10 else "")
            raise CliError(f"{args.file}: no article with id '{args.id}' (ids: {ids or 'none'})")
        _write_exact(chosen.text)
        return 0
    if len(articles) == 1:
        _write_exact(articles[0].text)
    else:
        for article in articles:
            ending = "" if article.text.endswith("\n") else "\n"
            _write_exact(f"==> {article.id} ({len(article.text)} characters) <==\n{article.text}{ending}")
    return 1 if problems else 0


def cmd_eval(args: argparse.Namespace) -> int:
    from summarizer.eval.gold import load_gold_dirs, load_split, select_part
    from summarizer.eval.report import evaluate, render_table
    from summarizer.io.loaders import discover

    gold_dirs = [*(args.gold or []), *([args.gold_dir] if args.gold_dir is not None else [])]
    if not gold_dirs:
        raise CliError("eval needs a gold folder: summarizer eval BRIEFS_DIR --gold DIR [--gold DIR ...]")
    if (args.split is None) != (args.part is None):
        raise CliError("--split FILE and --part tune|report go together")
    gold = load_gold_dirs(gold_dirs)
    split = load_split(args.split) if args.split is not None else None
    if split is not None:
        part = set(select_part(gold, split, args.part, where=str(args.split)))
        gold = {stem: item for stem, item in gold.items() if stem in part}
    seconds: dict[str, float] | None = None
    if args.articles:
        inputs = [args.articles]
        if split is not None:
            # Only the chosen part is summarised: the other part's articles would cost model time for nothing.
            inputs = [path for path in discover(inputs) if split.get(path.stem, args.part) == args.part]
        briefs_dir = args.out or Path(tempfile.mkdtemp(prefix="summarizer-eval-"))
        report = _run_batch_with_progress(inputs, briefs_dir, _engine(args), args.concurrency, args.force)
        _print_failures(report)
        say(f"briefs: {briefs_dir.resolve()}")
        seconds = report.seconds_by_article or None
    elif args.briefs_dir is not None:
        briefs_dir = args.briefs_dir
    else:
        raise CliError("eval needs BRIEFS_DIR or --articles DIR")
    briefs = load_briefs(briefs_dir)
    if split is not None:
        # Briefs of the other part are left out, not reported as having no gold; unassigned ones still are.
        briefs = {stem: brief for stem, brief in briefs.items() if split.get(stem, args.part) == args.part}
    result = evaluate(briefs, gold, seconds=seconds)
    draws = {key: value for key, value in (("resamples", args.resamples), ("seed", args.seed)) if value is not None}
    intervals = result.intervals(**draws) if args.ci else None
    if args.json:
        document = result.to_json(intervals)
        document["gold_dirs"] = [str(folder) for folder in gold_dirs]
        if split is not None:
            document["split"] = {"file": str(args.split), "part": args.part}
        sys.stdout.write(json.dumps(document, indent=2) + "\n")
    else:
        out.print(render_table(result, intervals))
    if args.curve:
        from summarizer.eval.curve import best_threshold, curve, render_curve

        rows = curve(briefs, gold)
        say(render_curve(rows))
        say(f"threshold with the best mean F0.5 over authorisations and exclusions: {best_threshold(rows):.2f}")
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

    p = commands.add_parser(
        "text",
        help="print the exact text a brief's offsets index",
        description="Print the text the offsets in FILE's brief index, exactly: a text file's own text, an "
        "HTML page's extracted text, a JSON record's text field. A file with several articles prints each "
        "after a '==> ID (N characters) <==' line; --id prints one alone, byte for byte.",
    )
    p.add_argument("file", type=Path, metavar="FILE", help="an article file: .txt, .md, .html, .json or .jsonl")
    p.add_argument("--id", help="the article id (a brief's article.id) in a file with several")
    p.set_defaults(run=cmd_text)

    p = commands.add_parser("eval", help="score briefs against gold annotations")
    p.add_argument("briefs_dir", type=Path, nargs="?", metavar="BRIEFS", help="folder of briefs")
    p.add_argument("gold_dir", type=Path, nargs="?", metavar="GOLD", help="a gold folder (same as --gold GOLD)")
    p.add_argument("--articles", type=Path, metavar="DIR", help="summarise this folder first, then score")
    p.add_argument(
        "--gold", type=Path, action="append", metavar="DIR", help="gold folder; repeat to merge sections per stem"
    )
    p.add_argument("--split", type=Path, metavar="FILE", help="split file assigning stems to tune or report")
    p.add_argument("--part", choices=["tune", "report"], help="with --split: score only this part")
    p.add_argument("--out", type=Path, metavar="DIR", help="with --articles: where to keep the briefs (default: temp)")
    p.add_argument("--concurrency", "-j", type=int)
    p.add_argument("--force", action="store_true")
    p.add_argument("--ci", action="store_true", help="add a bootstrap 95%% interval to every P, R and F1")
    p.add_argument("--resamples", type=int, metavar="N", help="with --ci: resamples of the articles (default 2000)")
    p.add_argument("--seed", type=int, metavar="N", help="with --ci: seed of the resampling (default 13)")
    p.add_argument("--json", action="store_true", help="print the scores as JSON (with --ci, the intervals too)")
    p.add_argument(
        "--curve",
        action="store_true",
        help="also print decisions' precision and recall at each confidence threshold from 0 to 0.95",
    )
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
