"""Load articles from disk into `Article` objects.

Supported: plain text and Markdown (optional YAML front matter), HTML (main
text and metadata via trafilatura), JSON (one object or a list) and JSON Lines.
For the single-article formats a `<stem>.meta.json` sidecar, then a
`YYYY-MM-DD` file-name prefix, fill in metadata the file itself lacks.

The article text is kept as close to the file as possible, because quotes are
later grounded by character offsets into it: newlines become `\\n`, the text is
NFC-normalised and the whole text is stripped, nothing else.
"""

from __future__ import annotations

import codecs
import datetime as dt
import functools
import itertools
import json
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import trafilatura
import yaml
from charset_normalizer import from_bytes
from charset_normalizer.cd import coherence_ratio

from summarizer.errors import LoadError
from summarizer.models import Article

__all__ = [
    "DEFAULT_MAX_BYTES",
    "SUPPORTED_SUFFIXES",
    "LoadError",
    "discover",
    "load_file",
]

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

_UNKNOWN_ENCODING = "could not determine the text encoding"
_BINARY = "binary file, not text"
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


def discover(paths: Iterable[Path]) -> list[Path]:
    """Expand folders into the article files under them; files are taken as given.

    Folders are searched recursively and in sorted order; hidden entries and
    `*.meta.json` sidecars are skipped. Each file appears once.
    """
    found: dict[Path, None] = {}
    for path in paths:
        if path.is_dir():
            for candidate in sorted(path.rglob("*")):
                if candidate.is_file() and _is_article_file(candidate.relative_to(path)):
                    found.setdefault(candidate)
        else:
            found.setdefault(path)
    return list(found)


def load_file(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> list[Article]:
    """Read one file into one or more articles, or raise `LoadError`."""
    suffix = path.suffix.lower()
    if path.name.lower().endswith(_SIDECAR_SUFFIX):
        raise LoadError(path, f"metadata sidecar (*{_SIDECAR_SUFFIX}), not an article")
    if suffix not in SUPPORTED_SUFFIXES:
        shown = suffix or "no suffix"
        raise LoadError(path, f"unsupported file type '{shown}' (supported: {', '.join(SUPPORTED_SUFFIXES)})")
    data = _read_bytes(path, max_bytes)
    try:
        text = _decode(data)
        if not text.strip():
            raise _Problem(_NO_TEXT)
        if suffix in _JSON_SUFFIXES:
            return _articles_from_json(text, path, multi_line=suffix == ".jsonl")
        body, meta = _parse_html(text) if suffix in _HTML_SUFFIXES else _parse_text(text)
        # In-file metadata beats the sidecar, which beats a date in the file name.
        meta = meta.fill(_read_sidecar(path)).fill(_Meta(published=_date_from_filename(path.stem)))
        return [_article(body, meta, article_id=path.stem, path=path)]
    except _Problem as problem:
        raise LoadError(path, str(problem)) from None


# --------------------------------------------------------------------------- reading and decoding


def _is_article_file(relative: Path) -> bool:
    if any(part.startswith(".") for part in relative.parts):
        return False
    name = relative.name.lower()
    return relative.suffix.lower() in SUPPORTED_SUFFIXES and not name.endswith(_SIDECAR_SUFFIX)


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


# Longest first: the UTF-32 LE mark begins with the UTF-16 LE one.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# C0 controls other than tab, newline, vertical tab, form feed, carriage return and escape, plus DEL.
_CONTROL_CODES = frozenset(range(0x20)) - {0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x1B} | {0x7F}
_MAX_CONTROL_SHARE = 0.05

# Legacy code pages worth trying for news text. Narrower than charset-normalizer's
# full list on purpose: rare code pages mostly win by accident on short texts.
_LEGACY_ENCODINGS = [
    "cp1252", "latin_1", "iso8859_15", "cp1250", "iso8859_2", "cp1251", "koi8_r", "koi8_u", "iso8859_5",
    "cp866", "mac_cyrillic", "cp1253", "iso8859_7", "cp1254", "iso8859_9", "cp1255", "cp1256", "cp1257",
    "cp874", "shift_jis", "cp932", "euc_jp", "gb18030", "big5", "euc_kr", "cp949",
]  # fmt: skip
_CHAOS_TIE = 0.01
_MIN_FIT = 0.8
_FIT_MARGIN = 0.05
_LANGUAGE_SLACK = 0.1
_MIN_COHERENCE = 0.7
_MIN_HINT_LETTERS = 200


def _decode(data: bytes) -> str:
    """Decode file bytes to text, refusing binaries and guesses that could be mojibake.

    Raises `_Problem` with a one-line reason.
    """
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom) :].decode(codec)
            except UnicodeDecodeError as error:
                raise _Problem(f"invalid {codec.upper()} text after its byte-order mark ({error.reason})") from None
            if _looks_binary(text.encode("utf-8")):
                raise _Problem(_BINARY)
            return text
    if _looks_binary(data):
        raise _Problem(_BINARY)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        legacy = _decode_legacy(data)
        if legacy is None:
            where = f"byte 0x{data[error.start]:02x} at offset {error.start}"
            raise _Problem(f"{_UNKNOWN_ENCODING} (not UTF-8: {where}; no legacy code page fits clearly)") from None
        return legacy


def _looks_binary(data: bytes) -> bool:
    if 0 in data:
        return True
    controls = sum(data.count(code) for code in _CONTROL_CODES)
    return controls > _MAX_CONTROL_SHARE * len(data)


def _decode_legacy(data: bytes) -> str | None:
    """Pick a legacy code page with charset-normalizer, but only when the choice is clear.

    charset-normalizer often scores several single-byte code pages equally (Spanish
    Latin-1 read as cp1250 turns "ñ" into "ń" at no cost), and on mostly-ASCII text
    its mess score can favour a Cyrillic reading of a few accented letters; so its
    candidates are weighed again by `_choose_reading`. None when no reading wins.
    """
    readings: dict[str, float] = {}
    for match in from_bytes(data, cp_isolation=_LEGACY_ENCODINGS):
        text = str(match)
        readings[text] = min(match.chaos, readings.get(text, match.chaos))
    return _choose_reading(readings) if readings else None


def _choose_reading(readings: Mapping[str, float]) -> str | None:
    """One of the candidate decodings (text -> mess score), or None if none clearly wins.

    In turn, keep the readings whose non-ASCII letters one language or script
    explains best; the least messy of those; and the one explained by a language
    the text plausibly is in (a guess that rests mostly on unaccented letters, so
    independent of the letters in dispute). No further tie-break: a wrong pick
    would be silent mojibake.
    """
    fits = {text: _letter_fit(text) for text in readings}
    top = max(fits.values())
    if top < _MIN_FIT:
        return None
    contenders = [text for text in readings if fits[text] >= top - _FIT_MARGIN]
    least_mess = min(readings[text] for text in contenders)
    contenders = [text for text in contenders if readings[text] <= least_mess + _CHAOS_TIE]
    if len(contenders) > 1:
        alphabets = _plausible_alphabets(contenders)
        hinted = {text: max((_letter_fit(text, letters) for letters in alphabets), default=0.0) for text in contenders}
        best = max(hinted.values())
        if best >= _MIN_FIT:
            contenders = [text for text in contenders if hinted[text] >= best - _FIT_MARGIN]
    return contenders[0] if len(contenders) == 1 else None


def _plausible_alphabets(texts: Iterable[str]) -> list[frozenset[str]]:
    """Alphabets of the languages each of `texts` is plausibly in; none unless all guesses are firm.

    On a few dozen words the guesses are close to noise (French snippets come out
    as Estonian, even with a high score), and a wrong guess picks the wrong reading.
    """
    names: set[str] = set()
    for text in texts:
        letters = itertools.islice((char for char in text if char.isalpha()), _MIN_HINT_LETTERS)
        if sum(1 for _ in letters) < _MIN_HINT_LETTERS:
            return []
        ranking = coherence_ratio(text)
        if not ranking or ranking[0][1] < _MIN_COHERENCE:
            return []
        names.update(name for name, ratio in ranking if ratio >= ranking[0][1] - _LANGUAGE_SLACK)
    return [_ALPHABETS[name] for name in sorted(names) if name in _ALPHABETS]


# Accented Latin letters each language writes with, by charset-normalizer's language
# names. Mojibake between single-byte code pages swaps letters for those of another
# language, which these sets expose.
_ALPHABETS: dict[str, frozenset[str]] = {
    name: frozenset(letters)
    for name, letters in {
        "English": "àáâäçèéêëíîïñóôöúûü",  # loanwords and names
        "French": "àâæçèéêëîïôùûüÿœ",
        "German": "äöüß",
        "Spanish": "áéíñóúü",
        "Portuguese": "àáâãçéêíóôõú",
        "Italian": "àèéìíîòóùú",
        "Catalan": "àçèéíïòóúü",
        "Dutch": "áäèéëíïóöúü",
        "Danish": "åæéøó",
        "Norwegian": "åæéøó",
        "Swedish": "åäéö",
        "Finnish": "äåöšž",
        "Icelandic": "áæéíðóöúýþ",
        "Polish": "ąćęłńóśźż",
        "Czech": "áčďéěíňóřšťúůýž",
        "Slovak": "áäčďéíĺľňóôŕšťúýž",
        "Hungarian": "áéíóöőúüű",
        "Croatian": "čćđšž",
        "Slovene": "čćđšž",
        "Romanian": "ăâîșțşţ",
        "Turkish": "âçğıîöşûü",
        "Lithuanian": "ąčęėįšųūž",
        "Latvian": "āčēģīķļņšūž",
        "Estonian": "äõöšüž",
        "Albanian": "çë",
    }.items()
}
# Japanese mixes kanji and kana, Korean may mix hangul and hanja: one family each way.
_SCRIPT_FAMILIES = {"HIRAGANA": "CJK", "KATAKANA": "CJK", "HALFWIDTH": "CJK", "HANGUL": "CJK"}


def _letter_fit(text: str, alphabet: frozenset[str] | None = None) -> float:
    """Share of non-ASCII letters that `alphabet` explains (1.0 when there are none).

    Without an alphabet: the best share over all known Latin alphabets and over each
    non-Latin script taken whole. A script only counts where it outweighs the ASCII
    letters, so that one stray Cyrillic letter in English text stays unexplained.
    Never explained: control, unassigned and pseudo-graphic characters (cp1252 quotes
    read as Latin-9 become C1 controls) and a symbol wedged between letters
    ("w³asnej" for "własnej").
    """
    latin: Counter[str] = Counter()
    scripts: Counter[str] = Counter()
    unexplained = 0
    ascii_letters = len(text.encode("ascii", "ignore").translate(None, _ASCII_NON_LETTERS))
    for char, count in _non_ascii_counts(text).items():
        kind, key = _classify(char)
        if kind == "latin":
            latin[key] += count
        elif kind == "script":
            scripts[key] += count
        elif kind == "junk":
            unexplained += count
        elif kind == "symbol":
            unexplained += sum(_is_wedged(text, found.start()) for found in re.finditer(re.escape(char), text))
    total = latin.total() + scripts.total() + unexplained
    if total == 0:
        return 1.0
    if alphabet is not None:
        return sum(latin[char] for char in alphabet) / total
    best_latin = max(sum(latin[char] for char in letters) for letters in _ALPHABETS.values())
    best_script = max((count for count in scripts.values() if count >= ascii_letters), default=0)
    return max(best_latin, best_script) / total


def _non_ascii_counts(text: str) -> Counter[str]:
    # Counting distinct characters keeps a 5 MB file cheap for each candidate reading;
    # the regex is faster on mostly-ASCII text, counting everything on the rest.
    extra_bytes = len(text.encode("utf-8")) - len(text)
    if extra_bytes < len(text) // 2:
        return Counter(_NON_ASCII.findall(text))
    return Counter({char: count for char, count in Counter(text).items() if not char.isascii()})


_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_ASCII_NON_LETTERS = bytes(code for code in range(0x80) if not chr(code).isalpha())


@functools.cache
def _classify(char: str) -> tuple[str, str]:
    """("latin", lower-case letter), ("script", script family), ("junk" | "symbol" | "other", "")."""
    category = unicodedata.category(char)
    # Marks count with their script: a Thai tone mark on a Latin "f" is mojibake.
    if char.isalpha() or category[0] == "M":
        script = unicodedata.name(char, "UNKNOWN").split(" ")[0]
        if script == "COMBINING":
            return "other", ""
        if script == "LATIN":
            return "latin", char.lower()
        return "script", _SCRIPT_FAMILIES.get(script, script)
    if category in _NEVER_TEXT or any(low <= ord(char) <= high for low, high in _PSEUDO_GRAPHICS):
        return "junk", ""
    if char in _IN_WORD_CHARACTERS or category in _IN_WORD_CATEGORIES:
        return "other", ""
    return "symbol", ""


_NEVER_TEXT = frozenset({"Cc", "Co", "Cn", "Cs"})
# DOS and KOI8 pseudo-graphics (integral halves, box drawing, blocks): never prose.
_PSEUDO_GRAPHICS = ((0x2320, 0x2321), (0x2500, 0x259F))
# What may sit between two letters of a word besides letters: dashes, quotes used
# as apostrophes, combining marks, format characters, spaces and a few word-internal
# dots. Anything else there (superscripts, symbols, stray punctuation) is mojibake.
_IN_WORD_CATEGORIES = frozenset({"Pd", "Pi", "Pf", "Mn", "Mc", "Me", "Cf", "Zs"})
_IN_WORD_CHARACTERS = frozenset("\u00b7\u2027\u05f3\u05f4")  # middle dot, hyphenation point, geresh, gershayim


def _is_wedged(text: str, index: int) -> bool:
    return 0 < index < len(text) - 1 and text[index - 1].isalpha() and text[index + 1].isalpha()


# --------------------------------------------------------------------------- text, Markdown and HTML


def _unify_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _normalise(text: str) -> str:
    """The only changes made to article text; see the module docstring."""
    return unicodedata.normalize("NFC", _unify_newlines(text)).strip()


def _parse_text(text: str) -> tuple[str, _Meta]:
    front, body = _split_front_matter(_unify_newlines(text))
    meta = _meta_from_mapping(_parse_front_matter(front)) if front is not None else _Meta()
    return _normalise(body), meta


def _split_front_matter(text: str) -> tuple[str | None, str]:
    """Split a leading `---` block off; `(None, text)` when there is none."""
    lines = text.split("\n")
    if lines[0].rstrip() != "---":
        return None, text
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            return "\n".join(lines[1:index]), "\n".join(lines[index + 1 :])
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
    text = _normalise(raw) if isinstance(raw, str) else ""
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


def _articles_from_json(text: str, path: Path, *, multi_line: bool) -> list[Article]:
    records = _jsonl_records(text) if multi_line else _json_records(text)
    if not records:
        raise _Problem("no articles in the file")
    articles: list[Article] = []
    seen: dict[str, str] = {}
    for number, (label, record) in enumerate(records, start=1):
        where = f"{label}: " if label else ""
        try:
            body = _record_text(record)
            meta = _meta_from_mapping(record)
            # A lone object is the whole file; items of a list or lines get numbered.
            article_id = _record_id(record) or (f"{path.stem}-{number}" if label else path.stem)
        except _Problem as problem:
            raise _Problem(f"{where}{problem}") from None
        if article_id in seen:
            raise _Problem(f"{where}duplicate id '{article_id}' (also used by {seen[article_id]})")
        seen[article_id] = label or "the file"
        articles.append(_article(body, meta, article_id=article_id, path=path))
    return articles


def _json_records(text: str) -> list[tuple[str, Mapping[str, object]]]:
    """Records with the label used in errors: "" for a lone object, "item <n>" in a list."""
    try:
        loaded = json.loads(text)
    except json.JSONDecodeError as error:
        raise _Problem(f"invalid JSON ({error})") from None
    if isinstance(loaded, dict):
        return [("", loaded)]
    if not isinstance(loaded, list):
        raise _Problem(f"expected a JSON object or a list of objects, got {_json_type(loaded)}")
    records: list[tuple[str, Mapping[str, object]]] = []
    for number, item in enumerate(loaded, start=1):
        if not isinstance(item, dict):
            raise _Problem(f"item {number}: expected a JSON object, got {_json_type(item)}")
        records.append((f"item {number}", item))
    return records


def _jsonl_records(text: str) -> list[tuple[str, Mapping[str, object]]]:
    records: list[tuple[str, Mapping[str, object]]] = []
    for number, line in enumerate(_unify_newlines(text).split("\n"), start=1):
        if not line.strip():
            continue
        try:
            loaded = json.loads(line)
        except json.JSONDecodeError as error:
            raise _Problem(f"line {number}: invalid JSON ({error.msg} at column {error.colno})") from None
        if not isinstance(loaded, dict):
            raise _Problem(f"line {number}: expected a JSON object, got {_json_type(loaded)}")
        records.append((f"line {number}", loaded))
    return records


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
        text = _normalise(value)
        if not text:
            raise _Problem(_NO_TEXT)
        return text
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
        loaded = json.loads(_decode(data))
        if not isinstance(loaded, dict):
            raise _Problem(f"metadata sidecar must be a JSON object, got {_json_type(loaded)}")
        return _meta_from_mapping(loaded)
    except json.JSONDecodeError as error:
        raise LoadError(sidecar, f"invalid JSON in metadata sidecar ({error})") from None
    except _Problem as problem:
        raise LoadError(sidecar, str(problem)) from None


def _article(body: str, meta: _Meta, *, article_id: str, path: Path) -> Article:
    if not body:
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
