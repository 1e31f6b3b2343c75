"""Load articles from disk into `Article` objects.

Supported: plain text and Markdown (optional YAML front matter), HTML (main
text and metadata via trafilatura), JSON (one object or a list) and JSON Lines.
For the single-article formats a `<stem>.meta.json` sidecar, then a
`YYYY-MM-DD` file-name prefix, fill in metadata the file itself lacks. Bytes
become text in `summarizer.io.encoding`.

Every offset in a brief indexes `Article.text`, so for text inputs that is the
file's own text, character for character:

- `.txt` and `.md`: the decoded file, a leading byte-order mark aside. Line
  breaks (CRLF included), leading and trailing spaces and the Unicode form are
  kept. With YAML front matter (a first line `---`, closed by a line `---` or
  `...`) the text is exactly what follows the closing line's line break.
- `.json` and `.jsonl`: the text field's string value as JSON decodes it.
- `.html` and `.htm`, the one exception: the main text trafilatura extracts, with
  line breaks as `\\n`, NFC-normalised and stripped. Offsets index that extracted
  text, which `summarizer text FILE` prints.

A text that is only whitespace is no article. In a JSON list or a JSON Lines
file each item or line is its own article, and a bad one costs only itself: see
`load_file`'s `problems`. Every error is a `LoadError`, one line naming the file
and the reason.
"""

from __future__ import annotations

import datetime as dt
import errno
import json
import os
import re
import stat
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import trafilatura
import yaml

from summarizer.errors import LoadError
from summarizer.io.encoding import DecodeError, decode
from summarizer.io.store import StrPath
from summarizer.models import Article

__all__ = ["DEFAULT_MAX_BYTES", "SUPPORTED_SUFFIXES", "LoadError", "StrPath", "discover", "html_article", "load_file"]

DEFAULT_MAX_BYTES = 5_000_000

_TEXT_SUFFIXES = (".md", ".txt")
_HTML_SUFFIXES = (".htm", ".html")
_JSON_SUFFIXES = (".json", ".jsonl")
SUPPORTED_SUFFIXES: tuple[str, ...] = tuple(sorted(_TEXT_SUFFIXES + _HTML_SUFFIXES + _JSON_SUFFIXES))

_SIDECAR_SUFFIX = ".meta.json"

# Metadata keys accepted in front matter, sidecars and JSON records, first match wins.
# `sourceURL` and `dateCreated` are what the dev-set sidecars use.
_TITLE_KEYS = ("title",)
_SOURCE_KEYS = ("source", "outlet")
_URL_KEYS = ("url", "sourceURL")
_DATE_KEYS = ("published", "date", "dateCreated")
_TEXT_KEYS = ("text", "content", "body")

_NO_TEXT = "no article text"


class _Problem(Exception):
    """Raised by the path-free helpers; `load_file` adds the path."""


@dataclass(frozen=True)
class _Meta:
    title: str | None = None
    source: str | None = None
    url: str | None = None
    published: dt.date | None = None

    def fill(self, other: _Meta) -> _Meta:
        """Keep our values, take `other`'s where ours are missing."""
        return _Meta(
            title=self.title or other.title,
            source=self.source or other.source,
            url=self.url or other.url,
            published=self.published or other.published,
        )


# --------------------------------------------------------------------------- public API


def discover(paths: Iterable[StrPath], *, problems: list[LoadError] | None = None) -> list[Path]:
    """Expand folders into the article files under them; files are taken as given.

    Folders are searched recursively, each in name order, following symbolic links
    to folders; hidden entries, `*.meta.json` sidecars and other suffixes are skipped.
    Each file appears once. An entry that cannot be read (a broken symbolic link, a
    symbolic link loop, a folder that cannot be listed) is a `LoadError`, appended to
    `problems` when given, else raised.
    """
    found: dict[Path, None] = {}
    unreadable: list[LoadError] = []
    seen: set[tuple[int, int]] = set()
    for given in paths:
        path = Path(given)
        if path.is_dir():
            root = path.stat()
            _walk(path, found, unreadable, seen, frozenset({(root.st_dev, root.st_ino)}))
        else:
            found.setdefault(path)
    if problems is None and unreadable:
        raise unreadable[0]
    if problems is not None:
        problems.extend(unreadable)
    return list(found)


def load_file(
    path: StrPath, *, max_bytes: int = DEFAULT_MAX_BYTES, problems: list[LoadError] | None = None
) -> list[Article]:
    """Read one file into one or more articles, or raise `LoadError`.

    In a JSON list or a JSON Lines file each item or line is its own article. With
    `problems`, a bad one is appended there (`"<path>: line 3: <reason>"`) and the
    good ones are returned; without it the first bad one raises. Whatever is wrong
    with the file as a whole (unreadable, undecodable, invalid JSON list) raises.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if path.name.lower().endswith(_SIDECAR_SUFFIX):
        raise LoadError(path, f"metadata sidecar (*{_SIDECAR_SUFFIX}), not an article")
    if suffix not in SUPPORTED_SUFFIXES:
        shown = suffix or "no suffix"
        raise LoadError(path, f"unsupported file type '{shown}' (supported: {', '.join(SUPPORTED_SUFFIXES)})")
    data = _read_bytes(path, max_bytes)
    try:
        text = decode(data)
        if not text.strip():
            raise _Problem(_NO_TEXT)
        if suffix in _JSON_SUFFIXES:
            records = _jsonl_records(text) if suffix == ".jsonl" else _json_records(text)
            articles, bad = _articles_from_records(records, path)
            if problems is None and bad:
                raise bad[0]
            if problems is not None:
                problems.extend(bad)
            return articles
        body, meta = _parse_html(text) if suffix in _HTML_SUFFIXES else _parse_text(text)
        # In-file metadata beats the sidecar, which beats a date in the file name.
        meta = meta.fill(_read_sidecar(path)).fill(_Meta(published=_date_from_filename(path.stem)))
        return [_article(body, meta, article_id=path.stem, path=path)]
    except (_Problem, DecodeError) as problem:
        raise LoadError(path, str(problem)) from None


def html_article(html: str, *, article_id: str = "") -> Article:
    """The article in an HTML page's text, exactly as loading it from an `.html` file gives it.

    `ValueError` when the page has no extractable text. `summarizer fetch` stores this text, so a
    fetched page and the same page saved as `.html` index their offsets identically.
    """
    try:
        body, meta = _parse_html(html)
    except _Problem as problem:
        raise ValueError(str(problem)) from None
    return Article(
        text=body, id=article_id, title=meta.title, source=meta.source, url=meta.url, published=meta.published
    )


# --------------------------------------------------------------------------- finding and reading files


def _is_article_name(name: str) -> bool:
    lowered = name.lower()
    return os.path.splitext(lowered)[1] in SUPPORTED_SUFFIXES and not lowered.endswith(_SIDECAR_SUFFIX)


def _walk(
    folder: Path,
    found: dict[Path, None],
    problems: list[LoadError],
    seen: set[tuple[int, int]],
    ancestors: frozenset[tuple[int, int]],
) -> None:
    """Add the article files under `folder` to `found`; `ancestors` are the folders above, by identity."""
    try:
        with os.scandir(folder) as listing:
            entries = sorted(listing, key=lambda entry: entry.name)
    except OSError as error:
        problems.append(LoadError(folder, f"cannot list the folder ({error.strerror or error})"))
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = Path(entry.path)
        try:
            info = path.stat()
        except OSError as error:
            # A name with another suffix would be skipped anyway; one without may be a folder.
            if _is_article_name(entry.name) or not os.path.splitext(entry.name)[1]:
                problems.append(LoadError(path, _unreadable(path, error)))
            continue
        identity = (info.st_dev, info.st_ino)
        if stat.S_ISDIR(info.st_mode):
            if identity in ancestors:
                problems.append(LoadError(path, f"symbolic link loop (leads back to {os.path.realpath(path)})"))
            else:
                _walk(path, found, problems, seen, ancestors | {identity})
        elif not _is_article_name(entry.name) or identity in seen:
            continue
        elif not stat.S_ISREG(info.st_mode):
            problems.append(LoadError(path, "not a regular file"))
        else:
            seen.add(identity)
            found.setdefault(path)


def _unreadable(path: Path, error: OSError) -> str:
    if path.is_symlink():
        if error.errno == errno.ELOOP:
            return "symbolic link loop"
        return f"broken symbolic link (its target {os.readlink(path)} cannot be read: {error.strerror or error})"
    return f"cannot read ({error.strerror or error})"


def _read_bytes(path: Path, max_bytes: int) -> bytes:
    try:
        with path.open("rb") as handle:
            # One byte past the limit is enough to know it is too big without reading it all.
            data = handle.read(max_bytes + 1)
            if len(data) > max_bytes:
                size = path.stat().st_size
                raise LoadError(path, f"file is {_human_size(size)}, over the {_human_size(max_bytes)} limit")
    except FileNotFoundError:
        raise LoadError(path, "file not found") from None
    except IsADirectoryError:
        raise LoadError(path, "is a directory, not a file") from None
    except OSError as error:
        raise LoadError(path, f"cannot read file ({error.strerror or error})") from None
    return data


def _human_size(size: int) -> str:
    if size >= 1_000_000:
        return f"{size / 1_000_000:.1f} MB"
    if size >= 1_000:
        return f"{size / 1_000:.1f} kB"
    return f"{size} bytes"


# --------------------------------------------------------------------------- text, Markdown and HTML


# One line with its line break: CRLF, CR or LF, or none on the last line.
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n|\Z)")


def _parse_text(text: str) -> tuple[str, _Meta]:
    """The body exactly as in the file (after any front matter) and the front matter's metadata."""
    split = _split_front_matter(text)
    if split is None:
        return text, _Meta()
    front, body = split
    return body, _meta_from_mapping(_parse_front_matter(front))


def _split_front_matter(text: str) -> tuple[str, str] | None:
    """`(front matter, body)` for a leading `---` block, cut at line breaks; None when there is none."""
    first = _LINE.match(text)
    if first is None or first.group().rstrip() != "---":
        return None
    position = first.end()
    while position < len(text):
        line = _LINE.match(text, position)
        assert line is not None  # the pattern matches at least one character before the end
        if line.group().rstrip() in ("---", "..."):
            return text[first.end() : line.start()], text[line.end() :]
        position = line.end()
    raise _Problem("front matter opened with '---' on the first line is never closed")


def _parse_front_matter(front: str) -> Mapping[str, object]:
    try:
        loaded = yaml.safe_load(front)
    except yaml.YAMLError as error:
        raise _Problem(f"invalid YAML front matter ({error})") from None
    if loaded is None:
        return {}
    if not isinstance(loaded, dict):
        raise _Problem(f"front matter must be a YAML mapping, got {type(loaded).__name__}")
    return {str(key): value for key, value in loaded.items()}


def _parse_html(html: str) -> tuple[str, _Meta]:
    document = trafilatura.bare_extraction(
        html,
        with_metadata=True,
        include_comments=False,
        # Markup only: the full search reads dates out of footers ("© 2021") and body text.
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    raw = getattr(document, "text", None)
    # Extracted text is ours to shape, unlike a text file's: see the module docstring.
    unified = raw.replace("\r\n", "\n").replace("\r", "\n") if isinstance(raw, str) else ""
    text = unicodedata.normalize("NFC", unified).strip()
    if not text:
        raise _Problem("no extractable article text in the HTML")
    meta = _Meta(
        title=_clean_field(getattr(document, "title", None), "title"),
        source=_clean_field(getattr(document, "sitename", None), "source"),
        url=_clean_field(getattr(document, "url", None), "url"),
        published=_parse_date(getattr(document, "date", None)),
    )
    return text, meta


# --------------------------------------------------------------------------- JSON and JSON Lines

# Each record with the label its errors carry ("" for a lone object, "item 2", "line 3"),
# and either the parsed object or what is wrong with it.
_Record = tuple[str, Mapping[str, object] | _Problem]


def _articles_from_records(records: list[_Record], path: Path) -> tuple[list[Article], list[LoadError]]:
    """The good records' articles, and one `LoadError` per bad record; a lone object's problem raises."""
    if not records:
        raise _Problem("no articles in the file")
    articles: list[Article] = []
    bad: list[LoadError] = []
    seen: dict[str, str] = {}
    for number, (label, record) in enumerate(records, start=1):
        try:
            if isinstance(record, _Problem):
                raise record
            body = _record_text(record)
            meta = _meta_from_mapping(record)
            # A lone object is the whole file; items of a list or lines get numbered.
            article_id = _record_id(record) or (f"{path.stem}-{number}" if label else path.stem)
            if article_id in seen:
                raise _Problem(f"duplicate id '{article_id}' (also used by {seen[article_id]})")
        except _Problem as problem:
            if not label:
                raise
            bad.append(LoadError(path, f"{label}: {problem}"))
            continue
        seen[article_id] = label or "the file"
        articles.append(_article(body, meta, article_id=article_id, path=path))
    return articles, bad


def _json_records(text: str) -> list[_Record]:
    try:
        loaded = json.loads(text)
    except json.JSONDecodeError as error:
        raise _Problem(f"invalid JSON ({error})") from None
    if isinstance(loaded, dict):
        return [("", loaded)]
    if not isinstance(loaded, list):
        raise _Problem(f"expected a JSON object or a list of objects, got {_json_type(loaded)}")
    return [(f"item {number}", _as_object(item)) for number, item in enumerate(loaded, start=1)]


def _jsonl_records(text: str) -> list[_Record]:
    records: list[_Record] = []
    for number, line in enumerate(re.split(r"\r\n|\r|\n", text), start=1):
        if not line.strip():
            continue
        try:
            loaded: object = json.loads(line)
        except json.JSONDecodeError as error:
            # "Unterminated string starting at" reads on into "at column 10" without a second "at".
            loaded = _Problem(f"invalid JSON ({error.msg.removesuffix(' at')} at column {error.colno})")
        records.append((f"line {number}", loaded if isinstance(loaded, _Problem) else _as_object(loaded)))
    return records


def _as_object(value: object) -> Mapping[str, object] | _Problem:
    if isinstance(value, dict):
        return value
    return _Problem(f"expected a JSON object, got {_json_type(value)}")


def _json_type(value: object) -> str:
    names = {dict: "an object", list: "a list", str: "a string", bool: "a boolean", type(None): "null"}
    return names.get(type(value), "a number")


def _record_text(record: Mapping[str, object]) -> str:
    for key in _TEXT_KEYS:
        value = record.get(key)
        if value is None:
            continue
        if not isinstance(value, str):
            raise _Problem(f"field '{key}' must be a string, got {_json_type(value)}")
        if not value.strip():
            raise _Problem(_NO_TEXT)
        return value
    raise _Problem(f"{_NO_TEXT} (expected a 'text', 'content' or 'body' field)")


def _record_id(record: Mapping[str, object]) -> str | None:
    value = record.get("id")
    # bool is an int subclass, and `true` is no identifier.
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise _Problem(f"field 'id' must be a string or an integer, got {_json_type(value)}")
    return str(value).strip()


# --------------------------------------------------------------------------- metadata


def _parse_date(value: object) -> dt.date | None:
    """The calendar date of an ISO date or datetime (as written, no time-zone shift); else None."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        return None
    text = value.strip()
    day = _iso_day(text[:10])
    if day is None or len(text) == 10:
        return day
    try:
        # Python 3.10's fromisoformat does not accept a trailing "Z".
        dt.datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        return None
    return day


def _iso_day(text: str) -> dt.date | None:
    # Checked by shape first: from 3.11 on, fromisoformat also takes "20240531" and week dates.
    if not _ISO_DAY.fullmatch(text):
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


_ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _date_from_filename(stem: str) -> dt.date | None:
    # "2024-03-050" is not a date-prefixed name, so the 11th character must not be a digit.
    if len(stem) > 10 and stem[10].isdigit():
        return None
    return _iso_day(stem[:10])


def _meta_from_mapping(mapping: Mapping[str, object]) -> _Meta:
    return _Meta(
        title=_clean_field(_first(mapping, _TITLE_KEYS), "title"),
        source=_clean_field(_first(mapping, _SOURCE_KEYS), "source"),
        url=_clean_field(_first(mapping, _URL_KEYS), "url"),
        published=_parse_date(_first(mapping, _DATE_KEYS)),
    )


def _first(mapping: Mapping[str, object], keys: tuple[str, ...]) -> object:
    for key in keys:
        if mapping.get(key) is not None:
            return mapping[key]
    return None


def _clean_field(value: object, name: str) -> str | None:
    """Metadata is not offset-indexed, so it is tidied: NFC, whitespace collapsed."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise _Problem(f"field '{name}' must be text, got {type(value).__name__}")
    cleaned = " ".join(unicodedata.normalize("NFC", str(value)).split())
    return cleaned or None


def _read_sidecar(path: Path) -> _Meta:
    sidecar = path.with_name(path.stem + _SIDECAR_SUFFIX)
    if not sidecar.is_file():
        return _Meta()
    data = _read_bytes(sidecar, DEFAULT_MAX_BYTES)
    try:
        loaded = json.loads(decode(data))
        if not isinstance(loaded, dict):
            raise _Problem(f"metadata sidecar must be a JSON object, got {_json_type(loaded)}")
        return _meta_from_mapping(loaded)
    except json.JSONDecodeError as error:
        raise LoadError(sidecar, f"invalid JSON in metadata sidecar ({error})") from None
    except (_Problem, DecodeError) as problem:
        raise LoadError(sidecar, str(problem)) from None


def _article(body: str, meta: _Meta, *, article_id: str, path: Path) -> Article:
    if not body.strip():
        raise _Problem(_NO_TEXT)
    return Article(
        text=body,
        id=article_id,
        title=meta.title,
        source=meta.source,
        url=meta.url,
        published=meta.published,
        path=str(path),
    )
