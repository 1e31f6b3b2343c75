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

from summarizer.errors import LoadError
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


def write_atomic(path: StrPath, text: str, *, fsync: bool = True) -> None:
    """Write UTF-8 text to `path` atomically (`fsync`: as `atomic_file`'s)."""
    with atomic_file(path, fsync=fsync) as out:
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


def parse_brief(path: StrPath, data: bytes) -> Brief:
    """The brief in `data` (the bytes of `path`); a LoadError naming the file and the reason when it is none."""
    try:
        return Brief.model_validate_json(data)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        # Without a location the file is no JSON at all; pydantic's message already says so.
        reason = f"not a brief: {where}: {first['msg']}" if where else first["msg"]
        raise LoadError(Path(path), reason) from error


def scan_briefs(directory: StrPath) -> tuple[dict[str, Brief], list[LoadError]]:
    """Every brief in a folder keyed by file stem, and why each other `*.json` file was skipped.

    For commands that must say which files they left out, where `load_briefs` stays silent.
    """
    folder = Path(directory)
    if not folder.is_dir():
        raise LoadError(folder, "not a folder" if folder.exists() else "no such folder")
    briefs: dict[str, Brief] = {}
    problems: list[LoadError] = []
    for path in sorted(folder.glob("*.json")):
        try:
            briefs[path.stem] = parse_brief(path, path.read_bytes())
        except LoadError as problem:
            problems.append(problem)
        except OSError as error:
            problems.append(LoadError(path, error.strerror or str(error)))
    return briefs, problems


def load_briefs(directory: StrPath) -> dict[str, Brief]:
    """Every readable brief in a folder, keyed by file stem; unreadable files are skipped."""
    briefs: dict[str, Brief] = {}
    for path in sorted(Path(directory).glob("*.json")):
        brief = read_brief(path)
        if brief is not None:
            briefs[path.stem] = brief
    return briefs
