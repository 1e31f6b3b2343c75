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
from summarizer.models import Article, Brief

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


def _positive(kind: type[int] | type[float]) -> Any:
    def parse(value: str) -> int | float:
        number = kind(value)
        if number <= 0:
            raise argparse.ArgumentTypeError(f"must be above 0, not {value!r}")
        return number

    parse.__name__ = kind.__name__  # argparse names the type in its "invalid int value" message
    return parse


def cmd_fetch(args: argparse.Namespace) -> int:
    """Exit 0: everything saved or already current; 1: some URLs failed (the rest saved); 2: nothing fetched."""
    from summarizer.io.fetch import FAILURES_NAME, FetchOptions, FetchSetupError, fetch, read_feeds_file

    try:
        feeds = [url for path in args.feeds or [] for url in read_feeds_file(path)]
        options = FetchOptions(timeout=args.timeout, per_host=args.per_host, max_bytes=args.max_bytes)
        report = asyncio.run(fetch(args.urls, args.out, feeds=feeds, options=options))
    except FetchSetupError as error:
        say(f"summarizer: error: {error}")
        return 2
    for failure in report.failures:
        say(failure.line())
    say(
        f"fetched {len(report.written)} new, {len(report.updated)} updated; {report.current} already current, "
        f"{report.duplicates} duplicates, {len(report.failures)} failed: {args.out.resolve()}"
    )
    if report.failures:
        say(f"failures: {(args.out / FAILURES_NAME).resolve()}")
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
    if args.html is not None:
        from summarizer.briefing.html import render_html

        texts, missing = _article_texts(briefs, day, args.briefs_dir)
        write_atomic(args.html, render_html(briefs, day, texts, missing=missing))
        say(f"HTML briefing: {args.html.resolve()}")
        if args.output is None:
            return 0
    document = render_briefing(briefs, day)
    if args.output and str(args.output) != "-":
        write_atomic(args.output, document)
        say(f"briefing: {args.output.resolve()}")
    else:
        sys.stdout.write(document)
    return 0


def _article_texts(
    briefs: Sequence[Brief], day: dt.date | None, briefs_dir: Path
) -> tuple[dict[str, str], dict[str, str]]:
    """The texts of the day's articles, by sha256, read from the paths the briefs record; and, for
    those that cannot be had, why. Only a text with the brief's own sha256 is used: the brief's
    offsets index that text and no other.
    """
    from summarizer.briefing.events import select_for_day
    from summarizer.errors import LoadError
    from summarizer.io.loaders import load_file

    dated, undated = select_for_day(briefs, day)
    texts: dict[str, str] = {}
    missing: dict[str, str] = {}
    loaded: dict[Path, list[Article] | str] = {}
    for brief in dated + undated:
        info = brief.article
        if info.sha256 in texts:
            continue
        if not info.path:
            missing[info.sha256] = "the brief does not record the article's file"
            continue
        path = Path(info.path)
        # Briefs record the path as given to `summarizer batch`; when run from elsewhere, a
        # relative one may still be found beside the briefs.
        if not path.is_absolute() and not path.exists() and (briefs_dir / path).exists():
            path = briefs_dir / path
        if path not in loaded:
            try:
                loaded[path] = load_file(path, problems=[])
            except LoadError as error:
                loaded[path] = str(error)
        found = loaded[path]
        if isinstance(found, str):
            missing[info.sha256] = found
            continue
        text = next((a.text for a in found if a.sha256 == info.sha256), None)
        if text is None:
            missing[info.sha256] = f"{path}: changed since the brief was written (no text in it is the brief's)"
        else:
            texts[info.sha256] = text
    return texts, missing


def _iso_date(option: str, value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as error:
        raise CliError(f"{option} {value!r} is not a YYYY-MM-DD date") from error


def _scan_briefs(briefs_dir: Path) -> tuple[list[Brief], int]:
    """The folder's briefs, each unreadable file reported on its own line; and how many were skipped."""
    from summarizer.io.store import scan_briefs

    briefs, problems = scan_briefs(briefs_dir)
    for problem in problems:
        say(f"summarizer: skipped {problem}")
    if not briefs:
        raise CliError(f"{briefs_dir}: no briefs found")
    return list(briefs.values()), len(problems)


def cmd_changes(args: argparse.Namespace) -> int:
    import dataclasses

    from summarizer.briefing.changes import changes_by_day, format_changes

    since = _iso_date("--since", args.since)
    until = _iso_date("--until", args.until) if args.until is not None else None
    if until is not None and until < since:
        raise CliError(f"--until {until.isoformat()} is before --since {since.isoformat()}")
    briefs, skipped = _scan_briefs(args.briefs_dir)
    by_day = changes_by_day(briefs, since, until, include_repeated=args.repeated)
    if args.json:
        document = [
            {"date": day.isoformat(), "changes": [dataclasses.asdict(c) for c in changes]} for day, changes in by_day
        ]
        sys.stdout.write(json.dumps(document, indent=2, ensure_ascii=False, default=str) + "\n")
    else:
        sys.stdout.write(format_changes(by_day) or f"no briefs dated from {since.isoformat()}\n")
    return 1 if skipped else 0


def cmd_index(args: argparse.Namespace) -> int:
    from summarizer.io.index import update_index

    report = update_index(args.briefs_dir, args.db)
    for problem in report.skipped:
        say(f"summarizer: skipped {problem}")
    say(
        f"index: {args.db.resolve()}: {report.inserted} added, {report.updated} updated, "
        f"{report.deleted} removed, {report.unchanged} unchanged"
    )
    return 1 if report.skipped else 0


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
    p.add_argument(
        "--dry-run",
        action="store_true",
        help="print each article's requests, estimated tokens and cost, and exit: no model is called",
    )
    p.add_argument(
        "--rpm", type=_positive(float), metavar="N", help="requests per minute to keep to (env SUMMARIZER_RPM)"
    )
    p.add_argument(
        "--tpm", type=_positive(float), metavar="N", help="tokens per minute to keep to (env SUMMARIZER_TPM)"
    )
    group = p.add_argument_group("OpenAI Batch API (half price, answers within 24 hours; single pass)")
    group.add_argument(
        "--via",
        choices=["live", "batch-api"],
        default="live",
        help="batch-api: submit the requests as batches; run again to resume (state in OUT/.batch-api.state)",
    )
    group.add_argument("--no-wait", action="store_true", help="submit and exit; a later run collects")
    group.add_argument(
        "--poll-interval", type=_positive(float), metavar="S", help="seconds between polls of a batch (default 30)"
    )
    group.add_argument(
        "--resubmit", action="store_true", help="ask what a batch left unanswered in a new batch, not live"
    )
    group.add_argument(
        "--batch-size", type=_positive(int), metavar="N", help="requests per batch (default and API limit: 50000)"
    )
    _add_model_options(p)
    p.set_defaults(run=cmd_batch)

    p = commands.add_parser(
        "fetch",
        help="fetch RSS/Atom feeds and article pages into a folder `batch` reads (incremental)",
        description="Fetch feeds (RSS, Atom) and article pages into DIR as <stem>.json articles that "
        "`summarizer batch DIR` reads; only new articles are downloaded on the next run. A failed URL is "
        "one 'URL: reason' line on stderr and in DIR/.fetch-failures.jsonl. Exit status: 0 when everything "
        "was saved or already current, 1 when some URLs failed (the others are saved), 2 when nothing "
        "could be fetched (no URLs, DIR not writable).",
    )
    p.add_argument("urls", nargs="*", metavar="FEED_OR_URL", help="a feed or an article page")
    p.add_argument("--out", "-o", type=Path, required=True, metavar="DIR", help="folder for the articles")
    p.add_argument(
        "--feeds", type=Path, action="append", metavar="FILE", help="file of feed URLs, one a line, # comments"
    )
    p.add_argument("--timeout", type=_positive(float), default=20.0, metavar="S", help="per request (default 20)")
    p.add_argument(
        "--per-host", type=_positive(int), default=2, metavar="N", help="requests at once per host (default 2)"
    )
    p.add_argument(
        "--max-bytes", type=_positive(int), default=5_000_000, metavar="N", help="largest body (default 5000000)"
    )
    p.set_defaults(run=cmd_fetch)

    p = commands.add_parser("briefing", help="render one day's briefs as a Markdown briefing")
    p.add_argument("briefs_dir", type=Path, help="folder of briefs written by `summarizer batch`")
    p.add_argument("--date", help="the day, YYYY-MM-DD (default: every dated brief in the folder)")
    p.add_argument("--output", "-o", type=Path, help="Markdown file to write (default: stdout)")
    p.add_argument(
        "--html",
        type=Path,
        metavar="FILE",
        help="also write the briefing as one self-contained HTML page with the articles' evidence highlighted "
        "(without -o, only the HTML is written)",
    )
    p.set_defaults(run=cmd_briefing)

    p = commands.add_parser(
        "changes",
        help="what changed in the decisions reported day by day",
        description="For each day from --since to --until, the decisions that are new, widened, narrowed "
        "or reversed compared with every brief dated before that day, each with the evidence of both days.",
    )
    p.add_argument("briefs_dir", type=Path, metavar="BRIEFS", help="folder of briefs written by `summarizer batch`")
    p.add_argument("--since", required=True, metavar="DATE", help="first day to report, YYYY-MM-DD")
    p.add_argument("--until", metavar="DATE", help="last day to report, YYYY-MM-DD (default: the latest brief)")
    p.add_argument("--repeated", action="store_true", help="also list decisions that only repeat earlier ones")
    p.add_argument("--json", action="store_true", help="print the changes as JSON")
    p.set_defaults(run=cmd_changes)

    p = commands.add_parser(
        "index",
        help="build or update a SQLite database of the briefs (for SQL, full-text search, Datasette)",
        description="Index a folder of briefs into a SQLite database: one table per section, full-text "
        "search over headlines, summaries, actions and quotes. Run again to add, update and remove only "
        "the briefs that changed; the folder stays the source of truth.",
    )
    p.add_argument("briefs_dir", type=Path, metavar="BRIEFS", help="folder of briefs written by `summarizer batch`")
    p.add_argument("--db", type=Path, required=True, metavar="FILE", help="SQLite file to create or update")
    p.set_defaults(run=cmd_index)

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
