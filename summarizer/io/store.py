"""Brief files on disk: the one atomic write, and reading briefs back.

Every file the package writes (briefs, the briefing, failure records, the assembled model) goes
through `atomic_file`: the bytes land in a temp file in the target's folder and are renamed into
place only once complete, so a reader, or a run killed half-way, never sees half a file.
"""

from __future__ import annotations

import contextlib
import os
import re
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from pydantic import ValidationError

from summarizer.models import Article, Brief

# Every function here that takes a path takes a `str` or any `os.PathLike`, as `open()` does.
StrPath = str | os.PathLike[str]


def temp_sibling(path: StrPath) -> Path:
    """A fresh hidden temp name beside `path` (`.name.<random>.tmp`), so a rename stays on one filesystem."""
    target = Path(path)
    return target.with_name(f".{target.name}.{uuid.uuid4().hex[:12]}.tmp")


@contextlib.contextmanager
def atomic_file(path: StrPath, *, fsync: bool = True) -> Iterator[IO[bytes]]:
    """Yield a binary file to write; on a clean exit it replaces `path`, on any error it is removed.

    A file made with `open()` gets the permissions the umask allows, as any output file should.
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    temp = temp_sibling(target)
    try:
        with open(temp, "xb") as out:
            yield out
            out.flush()
            if fsync:
                os.fsync(out.fileno())
        os.replace(temp, target)
    except BaseException:
        # Also on KeyboardInterrupt: nothing half-written is left behind.
        with contextlib.suppress(OSError):
            temp.unlink()
        raise


def write_atomic(path: StrPath, text: str) -> None:
    """Write UTF-8 text to `path` atomically."""
    with atomic_file(path) as out:
        out.write(text.encode("utf-8"))


def brief_filename(article_id: str) -> str:
    safe = re.sub(r"[^\w.-]+", "_", article_id).strip("._") or "article"
    return f"{safe[:150]}.json"


def read_brief(path: StrPath) -> Brief | None:
    try:
        return Brief.model_validate_json(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValidationError, ValueError):
        return None


def is_current(path: StrPath, article: Article, model: str, version: str) -> bool:
    brief = read_brief(path) if Path(path).is_file() else None
    return (
        brief is not None
        and brief.article.sha256 == article.sha256
        and brief.prompt_version == version
        and brief.usage.model == model
    )


def load_briefs(directory: StrPath) -> dict[str, Brief]:
    """Every readable brief in a folder, keyed by file stem; unreadable files are skipped."""
    briefs: dict[str, Brief] = {}
    for path in sorted(Path(directory).glob("*.json")):
        brief = read_brief(path)
        if brief is not None:
            briefs[path.stem] = brief
    return briefs
