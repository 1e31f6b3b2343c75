"""Gold annotations: their models, loading one file, merging folders, and the tune/report split.

The format and the annotation guidelines are in docs/evaluation.md. Every problem with a gold file,
a folder or the split becomes a one-line ValueError naming the file, which the CLI prints as is.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError, field_validator

from summarizer.text.fold import compare_key

__all__ = [
    "PARTS",
    "SECTIONS",
    "Gold",
    "GoldAuthorisation",
    "GoldExclusion",
    "GoldQuote",
    "GoldSource",
    "load_gold",
    "load_gold_dir",
    "load_gold_dirs",
    "load_split",
    "quote_key",
    "select_part",
]

SECTIONS: tuple[str, ...] = ("authorisations", "exclusions", "sources", "quotes")
PARTS: tuple[str, ...] = ("tune", "report")


def quote_key(text: str) -> str:
    """A quote's text as quotes are compared: folded, enclosing quotation marks removed.

    Whether the enclosing marks were included is a formatting choice, not a difference in what was
    quoted, so it must not cost length in the 80% rule (see `scoring.quote_texts_match`).
    """
    return compare_key(text).strip(' "')


_NonBlank = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
# An empty set of alternatives could never match, and an empty string would match
# anything; both are annotation mistakes, so they are rejected at load time.
Alternatives = Annotated[list[_NonBlank], Field(min_length=1)]


class _GoldModel(BaseModel):
    # Unknown keys are refused: a misspelt section ("exclusion") would otherwise
    # silently read as "absent" and drop out of the score.
    model_config = ConfigDict(extra="forbid", frozen=True)


class GoldAuthorisation(_GoldModel):
    authoriser: Alternatives | None = None
    authorised: Alternatives | None = None
    instruments: list[Alternatives] | None = None
    # A verbatim stretch of the article that states the item: for the second reader, not scored.
    evidence: str | None = None


class GoldExclusion(_GoldModel):
    what: Alternatives
    evidence: str | None = None


class GoldSource(_GoldModel):
    name: Alternatives


class GoldQuote(_GoldModel):
    speaker: Alternatives | None = None
    text: _NonBlank

    @field_validator("text")
    @classmethod
    def _text_has_words(cls, value: str) -> str:
        if not quote_key(value):
            raise ValueError("quote text is empty once quotation marks are removed")
        return value


class Gold(_GoldModel):
    """Gold for one article; a section left as None is not scored."""

    authorisations: list[GoldAuthorisation] | None = None
    exclusions: list[GoldExclusion] | None = None
    sources: list[GoldSource] | None = None
    quotes: list[GoldQuote] | None = None

    def items(self, section: str) -> int | None:
        """How many gold items a section holds, or None when it is absent."""
        if section not in SECTIONS:
            raise KeyError(section)
        value: list[Any] | None = getattr(self, section)
        return None if value is None else len(value)


def _one_line(error: ValidationError) -> str:
    errors = error.errors()
    first = errors[0]
    where = ".".join(str(part) for part in first["loc"]) or "<root>"
    more = f" (+{len(errors) - 1} more)" if len(errors) > 1 else ""
    return f"{where}: {first['msg']}{more}".replace("\n", " ")


def load_gold(path: str | Path) -> Gold:
    """Read one gold file; any problem becomes a one-line ValueError naming the file."""
    path = Path(path)
    try:
        raw = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ValueError(f"{path}: cannot read gold file: {exc}") from None
    try:
        return Gold.model_validate_json(raw)
    except ValidationError as exc:
        raise ValueError(f"{path}: invalid gold file: {_one_line(exc)}") from None


def _gold_files(directory: Path) -> list[Path]:
    if not directory.is_dir():
        raise ValueError(f"{directory}: gold folder does not exist or is not a folder")
    return [path for path in sorted(directory.glob("*.json")) if path.is_file()]


def load_gold_dir(directory: str | Path) -> dict[str, Gold]:
    """Load every `*.json` in a folder, keyed by file stem (the article's stem)."""
    return {path.stem: load_gold(path) for path in _gold_files(Path(directory))}


def load_gold_dirs(directories: Iterable[str | Path]) -> dict[str, Gold]:
    """Load several gold folders and merge their sections per stem.

    Our own annotations of a corpus and the corpus's quote gold live in different places (the
    latter may not be copied into the repo), so one article's gold can come from two files. Each
    section of a stem must come from one file only: two files giving the same section would leave
    it unclear which one is scored, so that is an error naming both.
    """
    sections: dict[str, dict[str, Any]] = {}
    origin: dict[tuple[str, str], Path] = {}
    for directory in directories:
        for path in _gold_files(Path(directory)):
            gold = load_gold(path)
            merged = sections.setdefault(path.stem, {})
            for name in SECTIONS:
                value = getattr(gold, name)
                if value is None:
                    continue
                first = origin.get((path.stem, name))
                if first is not None:
                    raise ValueError(f"{first} and {path}: both give the {name} of {path.stem!r}; keep one")
                origin[(path.stem, name)] = path
                merged[name] = value
    return {stem: Gold(**merged) for stem, merged in sorted(sections.items())}


def load_split(path: str | Path) -> dict[str, str]:
    """Read a split file (`{"parts": {stem: "tune" | "report"}}`) as stem -> part."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValueError(f"{path}: cannot read split file: {exc}".replace("\n", " ")) from None
    parts = data.get("parts") if isinstance(data, dict) else None
    if not isinstance(parts, dict) or not parts:
        raise ValueError(f'{path}: a split file is {{"parts": {{"<stem>": "tune" | "report", ...}}}}')
    for stem, part in parts.items():
        if part not in PARTS:
            raise ValueError(f"{path}: {stem!r} is assigned to {part!r}, not one of {', '.join(PARTS)}")
    return {str(stem): str(part) for stem, part in parts.items()}


def select_part(gold: Mapping[str, Gold], split: Mapping[str, str], part: str, *, where: str = "split") -> list[str]:
    """The gold stems in `part`, sorted; a gold stem the split does not assign is an error.

    An unassigned stem means the gold grew after the split was drawn: silently leaving it out, or
    scoring it in both parts, would each change the figures without anyone deciding so.
    """
    if part not in PARTS:
        raise ValueError(f"part {part!r} is not one of {', '.join(PARTS)}")
    unassigned = sorted(set(gold) - set(split))
    if unassigned:
        more = f" (+{len(unassigned) - 1} more)" if len(unassigned) > 1 else ""
        raise ValueError(f"{where}: gold stem {unassigned[0]!r}{more} is in no part; redraw the split")
    return sorted(stem for stem in gold if split[stem] == part)
