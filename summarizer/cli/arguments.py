"""The argparse tree: every command, option and help text in one place, so `--help` and the README's
CLI reference (checked by tests/test_readme.py) are read from one module, apart from what the commands do.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from summarizer.cli.batch import cmd_batch, cmd_summarize
from summarizer.cli.briefing import cmd_briefing, cmd_changes, cmd_fetch, cmd_index
from summarizer.cli.tools import cmd_eval, cmd_model, cmd_schema, cmd_text


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
    group.add_argument(
        "--passes",
        choices=["single", "multi"],
        help="one request per article, or up to three narrow ones with the decisions read by code",
    )
    group.add_argument("--mode", choices=["tools", "json", "md_json"], help="how structured output is requested")
    group.add_argument("--max-retries", type=int, help="re-asks after an ungrounded or invalid answer (default 2)")
    group.add_argument(
        "--min-confidence",
        type=_unit,
        metavar="P",
        help="decisions whose confidence is under it go to `unverified` (env SUMMARIZER_MIN_CONFIDENCE)",
    )


def _positive(kind: type[int] | type[float]) -> Any:
    def parse(value: str) -> int | float:
        number = kind(value)
        if number <= 0:
            raise argparse.ArgumentTypeError(f"must be above 0, not {value!r}")
        return number

    parse.__name__ = kind.__name__  # argparse names the type in its "invalid int value" message
    return parse


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
