"""Draw the tune/report split of the gold articles into examples/eval/split.json.

    .venv/bin/python benchmarks/make_split.py [--check]

Every gold stem (the files of examples/eval/gold and examples/eval/polnear) goes to one stratum:
the 21 articles of examples/eval form one, and each PolNeAR outlet (the stem before its first "_")
another. Within a stratum the stems are ordered by the sha256 of the stem and the first
round(40% of the stratum) are "tune", the rest "report". The draw depends on nothing but the stems,
so running this again gives the same file. Adding gold to a stratum can move stems already drawn
from one part to the other (the tune count and the ranks shift), and a stem that moves to tune has
been reported on: redraw only deliberately, and say so. `--check` exits 1 when the file on disk is
not what this draws.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EVAL = ROOT / "examples" / "eval"
SPLIT = EVAL / "split.json"
TUNE_SHARE = 0.4
# The examples/eval articles (a seed article and Wikinews) differ in kind from the PolNeAR
# politics articles, so they are balanced as one group of their own.
OWN_STRATUM = "examples/eval"


def stems(folder: Path) -> list[str]:
    return sorted(path.stem for path in folder.glob("*.json"))


def strata(own: Iterable[str], polnear: Iterable[str]) -> dict[str, list[str]]:
    """Stratum name -> its stems: OWN_STRATUM for our own articles, the outlet for PolNeAR."""
    groups: dict[str, list[str]] = {OWN_STRATUM: sorted(own)}
    for stem in sorted(polnear):
        outlet = stem.split("_", 1)[0]
        groups.setdefault(outlet, []).append(stem)
    return groups


def hash_key(stem: str) -> str:
    return hashlib.sha256(stem.encode("utf-8")).hexdigest()


def draw(groups: Mapping[str, Sequence[str]], share: float = TUNE_SHARE) -> dict[str, str]:
    """Stem -> "tune" or "report": in each stratum the round(share * n) stems of lowest hash are tune."""
    parts: dict[str, str] = {}
    for members in groups.values():
        # Half up, spelled out: round() would round 0.5 to even.
        tune = math.floor(share * len(members) + 0.5)
        for rank, stem in enumerate(sorted(members, key=hash_key)):
            if stem in parts:
                raise ValueError(f"{stem} is in two strata")
            parts[stem] = "tune" if rank < tune else "report"
    return dict(sorted(parts.items()))


def document(parts: Mapping[str, str]) -> str:
    data = {
        "made_by": "benchmarks/make_split.py",
        "rule": (
            "per stratum (examples/eval, or the PolNeAR outlet before the first '_'), stems ordered by "
            "sha256(stem); the first round(40%) are tune, the rest report"
        ),
        "parts": dict(parts),
    }
    return json.dumps(data, indent=2) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only compare with the file on disk")
    args = parser.parse_args(argv)
    groups = strata(stems(EVAL / "gold"), stems(EVAL / "polnear"))
    parts = draw(groups)
    text = document(parts)
    if args.check:
        current = SPLIT.read_text(encoding="utf-8") if SPLIT.exists() else ""
        if current != text:
            print(f"{SPLIT}: not what make_split.py draws; run it without --check")
            return 1
        return 0
    SPLIT.write_text(text, encoding="utf-8")
    for name, members in groups.items():
        tune = sum(1 for stem in members if parts[stem] == "tune")
        print(f"{name:15} {len(members):3} articles: {tune:3} tune, {len(members) - tune:3} report")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
