"""The `summarizer` command. Thin: parse arguments, build the engine, call the library, print.

Split by stage so each module stays small; this package keeps the entry point (`summarizer.cli:main`) and
re-exports the names callers and tests import from `summarizer.cli`.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from summarizer.cli.arguments import parser
from summarizer.cli.batch import _report_table, cmd_batch, cmd_summarize
from summarizer.cli.briefing import cmd_briefing, cmd_changes, cmd_fetch, cmd_index
from summarizer.cli.common import CliError, err, out, say
from summarizer.cli.tools import cmd_eval, cmd_model, cmd_schema, cmd_text
from summarizer.errors import ConfigurationError

__all__ = [
    "CliError",
    "_report_table",
    "cmd_batch",
    "cmd_briefing",
    "cmd_changes",
    "cmd_eval",
    "cmd_fetch",
    "cmd_index",
    "cmd_model",
    "cmd_schema",
    "cmd_summarize",
    "cmd_text",
    "err",
    "main",
    "out",
    "parser",
    "say",
]


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
