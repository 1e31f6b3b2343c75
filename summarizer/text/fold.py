"""The one character fold: the variants a copy-typist or a model swaps freely without changing the words.

Typographic and straight quotes, the dash family and no-break spaces each fold to one character.
The fold is one character for one character, so a position in folded text is the same position in
the original: grounding relies on that to return the article's own slice.
"""

from __future__ import annotations

import re

DOUBLE_QUOTES = '"“”„‟«»″‹›'
SINGLE_QUOTES = "'‘’‚‛′`´"
QUOTE_CHARS = DOUBLE_QUOTES + SINGLE_QUOTES
DASHES = "‐‑‒–—―−"

_TABLE = str.maketrans(
    {
        **{ch: '"' for ch in DOUBLE_QUOTES},
        **{ch: "'" for ch in SINGLE_QUOTES},
        **{ch: "-" for ch in DASHES},
        "\u00a0": " ",
        "\u202f": " ",
        "\u2009": " ",
    }
)
# Invisible characters web extraction leaves behind; removing them changes positions, so only
# comparisons that need no offsets (`compare_key`) drop them.
_INVISIBLE = str.maketrans({"\u00ad": None, "\u200b": None, "\ufeff": None, "\u2060": None})
_SPACES = re.compile(r"\s+")


def fold_chars(text: str) -> str:
    """`text` with quotes, dashes and no-break spaces folded; same length, same positions."""
    return text.translate(_TABLE)


def compare_key(text: str, *, quotes_alike: bool = True) -> str:
    """A key for comparing two texts: folded, invisible characters removed, whitespace collapsed,
    case-folded; with `quotes_alike`, single and double quotes are one (nested quotes swap them)."""
    folded = fold_chars(text).translate(_INVISIBLE).replace("…", "...")
    if quotes_alike:
        folded = folded.replace("'", '"')
    return _SPACES.sub(" ", folded).strip().casefold()
