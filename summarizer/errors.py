"""Every error the package raises to its callers: each message is one line that says what to fix."""

from __future__ import annotations

from pathlib import Path


class ConfigurationError(Exception):
    """The settings cannot produce a working client; the message says how to fix them."""


class ModelError(Exception):
    """The embedded model cannot be found, verified or loaded; the message says how to fix it."""


class SummarizeError(Exception):
    """The article could not be summarised; the message says why in one line."""


class UngroundedBriefError(SummarizeError):
    """strict=True and some model output could not be grounded in the article."""


class LoadError(Exception):
    """A file that cannot be turned into articles; `str()` is `"<path>: <reason>"` on one line."""

    def __init__(self, path: Path | str, reason: str) -> None:
        # Collapsed so that multi-line messages from yaml/json still print as one log line.
        reason = " ".join(reason.split())
        super().__init__(path, reason)
        self.path = Path(path)
        self.reason = reason

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"
