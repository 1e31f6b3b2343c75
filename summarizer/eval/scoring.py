"""Match a brief's items to its gold, and count.

Everything here is a pure function of its inputs (apart from the optional read of an article file
to check spans), so scores are reproducible. Gold models are in `gold`, the matching algorithm in
`matching`, the run-wide report, its table and JSON in `report`, the bootstrap intervals in `bootstrap`.

Conventions
-----------
String matching
    A gold field is a set of acceptable alternatives. It matches a predicted
    string when, after `normalise` (case-folding, typographic and straight
    quotes of either kind made identical, dashes made identical, whitespace
    collapsed), one alternative is a substring of the predicted string. A
    missing predicted value (None) never matches.
Authorisations
    Every gold field that is present must match; absent fields are not checked.
    `instruments` is a list of alternative sets and every set must be covered:
    some predicted instrument contains one of its alternatives. One predicted
    instrument may cover several sets ("GMLRS and HIMARS").
Quotes
    See `quote_texts_match`: one normalised text contains the other and the
    shorter is at least 80% as long as the longer. The speaker plays no part in
    matching; speaker accuracy is computed over matched pairs whose gold gives a
    speaker.
One-to-one matching
    Maximum bipartite matching by augmenting paths (`matching`), so tp is optimal whatever
    the order of items. Among maximum matchings the one with the most correct
    speakers is chosen, so speaker accuracy does not depend on item order either.
Ratios with an empty denominator
    precision = tp / (tp + fp), or 1.0 when nothing was predicted;
    recall = tp / (tp + fn), or 1.0 when nothing was expected;
    f1 = harmonic mean, or 0.0 when precision and recall are both 0.
    So an empty gold list with no predictions scores 1/1/1, an empty gold list
    with predictions scores P=0, R=1, F1=0, and a section with gold items but no
    predictions scores P=1, R=0, F1=0.
Absent and empty sections
    A gold section that is absent (None) is not scored for that article: its
    score is None. An empty list means "nothing to find": every prediction
    there is a false positive.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from summarizer.eval.gold import SECTIONS, Gold, GoldAuthorisation, GoldExclusion, GoldQuote, quote_key
from summarizer.eval.matching import max_matching
from summarizer.models import Authorisation, Brief, Evidence, Exclusion
from summarizer.text.fold import compare_key

__all__ = [
    "SECTIONS",
    "ArticleScore",
    "QuoteScore",
    "SectionScore",
    "matches_any",
    "normalise",
    "quote_texts_match",
    "score_article",
    "score_missing",
    "sum_quotes",
    "sum_sections",
]

# ---------------------------------------------------------------------------
# Text comparison
# ---------------------------------------------------------------------------


def normalise(text: str) -> str:
    """Case-fold and make quotes (single and double alike), dashes and whitespace uniform."""
    return compare_key(text)


def matches_any(alternatives: Iterable[str], predicted: str | None) -> bool:
    """True when some alternative occurs, normalised, inside the predicted string."""
    if predicted is None:
        return False
    haystack = normalise(predicted)
    return any(normalise(alt) in haystack for alt in alternatives)


def quote_texts_match(gold_text: str, predicted_text: str) -> bool:
    """Whether a predicted quote is the gold quote.

    The rule "one contains the other and they overlap by at least 80% of the
    shorter" is read as: after `normalise` and removing enclosing quotation
    marks, one text is a substring of the other (so the overlap is the whole
    shorter text) AND len(shorter) >= 0.8 * len(longer). Containment alone would
    accept a two-word fragment of a long quote, or a whole paragraph around a
    short one; the length ratio bounds both. The bound is inclusive.
    """
    gold = quote_key(gold_text)
    predicted = quote_key(predicted_text)
    if not gold or not predicted:
        return False
    shorter, longer = sorted((gold, predicted), key=len)
    # Integer arithmetic keeps the boundary exact (0.8 is not representable).
    return shorter in longer and 5 * len(shorter) >= 4 * len(longer)


# ---------------------------------------------------------------------------
# Scores
# ---------------------------------------------------------------------------


def _ratio(numerator: int, denominator: int) -> float:
    return numerator / denominator if denominator else 1.0


@dataclass(frozen=True)
class SectionScore:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return _ratio(self.tp, self.tp + self.fp)

    @property
    def recall(self) -> float:
        return _ratio(self.tp, self.tp + self.fn)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def gold_items(self) -> int:
        return self.tp + self.fn

    @property
    def predicted_items(self) -> int:
        return self.tp + self.fp

    def to_json(self) -> dict[str, Any]:
        return {
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "gold_items": self.gold_items,
            "predicted_items": self.predicted_items,
        }


@dataclass(frozen=True)
class QuoteScore(SectionScore):
    speaker_checked: int = 0
    """Matched pairs whose gold quote names a speaker."""
    speaker_correct: int = 0

    @property
    def speaker_accuracy(self) -> float | None:
        return self.speaker_correct / self.speaker_checked if self.speaker_checked else None

    def to_json(self) -> dict[str, Any]:
        return {
            **super().to_json(),
            "speaker_accuracy": self.speaker_accuracy,
            "speaker_checked": self.speaker_checked,
            "speaker_correct": self.speaker_correct,
        }


def sum_sections(scores: Iterable[SectionScore]) -> SectionScore:
    scores = list(scores)
    return SectionScore(tp=sum(s.tp for s in scores), fp=sum(s.fp for s in scores), fn=sum(s.fn for s in scores))


def sum_quotes(scores: Iterable[QuoteScore]) -> QuoteScore:
    scores = list(scores)
    return QuoteScore(
        tp=sum(s.tp for s in scores),
        fp=sum(s.fp for s in scores),
        fn=sum(s.fn for s in scores),
        speaker_checked=sum(s.speaker_checked for s in scores),
        speaker_correct=sum(s.speaker_correct for s in scores),
    )


def _count(
    n_gold: int, n_pred: int, edges: Mapping[tuple[int, int], int]
) -> tuple[SectionScore, list[tuple[int, int]]]:
    pairs = max_matching(n_gold, n_pred, edges)
    return SectionScore(tp=len(pairs), fp=n_pred - len(pairs), fn=n_gold - len(pairs)), pairs


_G = TypeVar("_G")
_P = TypeVar("_P")


def _matched(
    gold: Sequence[_G], predicted: Sequence[_P], matches: Callable[[_G, _P], bool]
) -> tuple[SectionScore, list[tuple[int, int]]]:
    edges = {
        (g, p): 0 for g, gold_item in enumerate(gold) for p, item in enumerate(predicted) if matches(gold_item, item)
    }
    return _count(len(gold), len(predicted), edges)


def _score_items(gold: Sequence[_G], predicted: Sequence[_P], matches: Callable[[_G, _P], bool]) -> SectionScore:
    return _matched(gold, predicted, matches)[0]


def _exclusion_matches(gold: GoldExclusion, predicted: Exclusion) -> bool:
    return matches_any(gold.what, predicted.what)


def right_decisions(
    gold: Gold, authorisations: Sequence[Authorisation], exclusions: Sequence[Exclusion]
) -> tuple[set[int], set[int]]:
    """The positions of the predicted authorisations and exclusions that the one-to-one matching
    pairs with a gold item: the labels a confidence estimate is fitted to (`benchmarks/fit_confidence.py`)."""
    _, a_pairs = _matched(gold.authorisations or [], authorisations, _authorisation_matches)
    _, x_pairs = _matched(gold.exclusions or [], exclusions, _exclusion_matches)
    return {p for _, p in a_pairs}, {p for _, p in x_pairs}


def _authorisation_matches(gold: GoldAuthorisation, predicted: Authorisation) -> bool:
    if gold.authoriser is not None and not matches_any(gold.authoriser, predicted.authoriser):
        return False
    if gold.authorised is not None and not matches_any(gold.authorised, predicted.authorised):
        return False
    if gold.instruments is not None:
        return all(any(matches_any(alts, inst) for inst in predicted.instruments) for alts in gold.instruments)
    return True


def _score_quotes(gold: Sequence[GoldQuote], brief: Brief) -> QuoteScore:
    edges: dict[tuple[int, int], int] = {}
    for g, gold_quote in enumerate(gold):
        for p, quote in enumerate(brief.quotes):
            if quote_texts_match(gold_quote.text, quote.text):
                correct = gold_quote.speaker is not None and matches_any(gold_quote.speaker, quote.speaker)
                edges[(g, p)] = int(correct)
    counts, pairs = _count(len(gold), len(brief.quotes), edges)
    checked = [(g, p) for g, p in pairs if gold[g].speaker is not None]
    return QuoteScore(
        tp=counts.tp,
        fp=counts.fp,
        fn=counts.fn,
        speaker_checked=len(checked),
        speaker_correct=sum(edges[pair] for pair in checked),
    )


# ---------------------------------------------------------------------------
# Spans
# ---------------------------------------------------------------------------


def _spans(brief: Brief) -> list[Evidence]:
    spans: list[Evidence] = []
    for authorisation in brief.authorisations:
        spans.extend(authorisation.evidence)
    for exclusion in brief.exclusions:
        spans.extend(exclusion.evidence)
    for source in brief.sources:
        spans.extend(source.evidence)
    spans.extend(quote.span for quote in brief.quotes)
    if brief.event_date_evidence is not None:
        spans.append(brief.event_date_evidence)
    return spans


def _text_from_path(brief: Brief) -> str | None:
    """The article text from `brief.article.path`, only if it is the text the brief was made from."""
    if not brief.article.path:
        return None
    from summarizer.errors import LoadError
    from summarizer.io.loaders import load_file

    try:
        articles = load_file(Path(brief.article.path))
    except LoadError:
        return None
    # The loader decoded and normalised the file as it did for the brief; the hash picks the article.
    return next((a.text for a in articles if a.sha256 == brief.article.sha256), None)


# ---------------------------------------------------------------------------
# Articles
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ArticleScore:
    """One article's scores; a section is None when its gold is absent."""

    authorisations: SectionScore | None = None
    exclusions: SectionScore | None = None
    sources: SectionScore | None = None
    quotes: QuoteScore | None = None
    spans_checked: int = 0
    """0 with `text_available` False means the spans could not be checked."""
    spans_verbatim: int = 0
    text_available: bool = False
    dropped_ungrounded: int = 0
    tokens: int = 0
    seconds: float = 0.0
    missing: bool = False
    """True for a gold article with no brief: every gold item is a false negative."""

    def section(self, name: str) -> SectionScore | None:
        if name not in SECTIONS:
            raise KeyError(name)
        score: SectionScore | None = getattr(self, name)
        return score

    def to_json(self) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for name in SECTIONS:
            score = self.section(name)
            result[name] = None if score is None else score.to_json()
        if self.missing:
            result["missing"] = True
        return result


def score_article(brief: Brief, gold: Gold, text: str | None = None, *, seconds: float | None = None) -> ArticleScore:
    """Score one brief against its gold.

    `text` is the article text the spans point into; when None, the file at
    `brief.article.path` is used if it exists and its sha256 matches the brief.
    With no text the spans are not counted. `seconds` overrides
    `brief.usage.seconds` (e.g. wall-clock time measured by the caller).
    """
    if text is None:
        text = _text_from_path(brief)
    spans = _spans(brief) if text is not None else []
    return ArticleScore(
        authorisations=None
        if gold.authorisations is None
        else _score_items(gold.authorisations, brief.authorisations, _authorisation_matches),
        exclusions=None
        if gold.exclusions is None
        else _score_items(gold.exclusions, brief.exclusions, _exclusion_matches),
        sources=None
        if gold.sources is None
        else _score_items(gold.sources, brief.sources, lambda g, p: matches_any(g.name, p.name)),
        quotes=None if gold.quotes is None else _score_quotes(gold.quotes, brief),
        spans_checked=len(spans),
        spans_verbatim=sum(1 for span in spans if text is not None and text[span.start : span.end] == span.text),
        text_available=text is not None,
        dropped_ungrounded=len(brief.grounding.dropped),
        tokens=brief.usage.prompt_tokens + brief.usage.completion_tokens,
        seconds=brief.usage.seconds if seconds is None else seconds,
    )


def score_missing(gold: Gold) -> ArticleScore:
    def unfound(items: Sequence[Any] | None) -> SectionScore | None:
        return None if items is None else SectionScore(fn=len(items))

    return ArticleScore(
        authorisations=unfound(gold.authorisations),
        exclusions=unfound(gold.exclusions),
        sources=unfound(gold.sources),
        quotes=None if gold.quotes is None else QuoteScore(fn=len(gold.quotes)),
        missing=True,
    )


# Before the split into gold, scoring and report, these were imported from here (benchmarks/embedded.py
# still does); looked up lazily because `report` imports this module.
_MOVED = {
    "load_gold": "gold",
    "load_gold_dir": "gold",
    "EvalReport": "report",
    "evaluate": "report",
    "render_table": "report",
}


def __getattr__(name: str) -> Any:
    if name in _MOVED:
        return getattr(importlib.import_module(f"summarizer.eval.{_MOVED[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
