"""What every command shares: where output goes, the one error a command reports, and how the model
options become an engine. It sits below the command modules and the parser, so none imports another for these.
"""

from __future__ import annotations

import argparse
from typing import Any

from rich.console import Console

from summarizer.backends import Engine, build_engine
from summarizer.config import Settings

err = Console(stderr=True)


def say(line: str) -> None:
    """One plain line on stderr: never wrapped (paths are long) and never read as markup."""
    err.print(line, markup=False, highlight=False, soft_wrap=True)


out = Console()


class CliError(Exception):
    """A fatal problem to report as one line on stderr."""


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
