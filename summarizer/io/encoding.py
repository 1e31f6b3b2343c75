"""Turn a file's bytes into text: byte-order marks, UTF-8, and legacy code pages guessed with care.

Pure functions, no I/O. `decode` returns the text exactly as the bytes spell it
(a leading byte-order mark aside: newlines, spacing and Unicode form are kept),
or raises `DecodeError` with a one-line reason: a binary file, invalid text
after a byte-order mark, or bytes that are not UTF-8 and that no legacy code page
explains clearly. A wrong guess would be silent mojibake, so an ambiguous
legacy reading is refused rather than picked.
"""

from __future__ import annotations

import codecs
import functools
import itertools
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping

from charset_normalizer import from_bytes
from charset_normalizer.cd import coherence_ratio

__all__ = ["BINARY", "UNKNOWN_ENCODING", "DecodeError", "decode"]

UNKNOWN_ENCODING = "could not determine the text encoding"
BINARY = "binary file, not text"


class DecodeError(ValueError):
    """Bytes that are not usable text; `str()` is the one-line reason."""


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


def decode(data: bytes) -> str:
    """Decode file bytes to text, refusing binaries and guesses that could be mojibake.

    Raises `DecodeError` with a one-line reason. A leading byte-order mark is
    removed; nothing else about the text is changed.
    """
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom) :].decode(codec)
            except UnicodeDecodeError as error:
                raise DecodeError(f"invalid {codec.upper()} text after its byte-order mark ({error.reason})") from None
            if _looks_binary(text.encode("utf-8")):
                raise DecodeError(BINARY)
            return text
    if _looks_binary(data):
        raise DecodeError(BINARY)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        legacy = _decode_legacy(data)
        if legacy is None:
            where = f"byte 0x{data[error.start]:02x} at offset {error.start}"
            raise DecodeError(f"{UNKNOWN_ENCODING} (not UTF-8: {where}; no legacy code page fits clearly)") from None
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
