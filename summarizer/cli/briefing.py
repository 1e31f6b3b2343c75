"""The commands around a folder of briefs that need no model: `fetch` fills the folder `batch` reads, and
`briefing`, `changes` and `index` turn the briefs `batch` wrote into a day's reading, a diff and a database.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from summarizer.cli.common import CliError, say
from summarizer.io.store import load_briefs, write_atomic
from summarizer.models import Article, Brief


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
