"""The commands for checking the work rather than producing it: the published schema, the exact text offsets
index, scores against gold, and the embedded model made ready ahead of a run.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

from summarizer.cli.batch import _print_failures, _run_batch_with_progress
from summarizer.cli.common import CliError, _engine, _settings, out, say
from summarizer.io.store import load_briefs


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
        say(
            "threshold with the best mean F0.5 over authorisations and exclusions, among those that show no more "
            f"wrong decisions than right ones: {best_threshold(rows):.2f}"
        )
    return 0


def cmd_model(args: argparse.Namespace) -> int:
    from summarizer.backends.local.engine import model_path

    path = model_path(_settings(args))
    out.print(f"embedded model ready: {path}")
    return 0
