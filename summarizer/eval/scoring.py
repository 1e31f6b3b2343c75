"""Score briefs against hand-made gold annotations.

Everything here is a pure function of its inputs (apart from `load_gold*` and the
optional read of an article file to check spans), so scores are reproducible.

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
    Maximum bipartite matching by augmenting paths, so tp is optimal whatever
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
    A gold section that is absent (None) is not scored for that article: it adds
    nothing to the totals and shows as null in `per_article`. An empty list means
    "nothing to find": every prediction there is a false positive.
Coverage of articles
    Only stems present in both `briefs` and `gold` are scored. Gold stems with no
    brief are reported as `missing` and their gold items count as false
    negatives in the micro-averaged sections (a run that skips articles must not
    look better for it); they do not count in `articles` nor in the per-article
    cost and verbatim figures. Briefs with no gold are reported as `no_gold` and
    otherwise ignored.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, TypeVar

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError, field_validator
from rich.table import Table

from summarizer.models import Authorisation, Brief, Evidence
from summarizer.text.fold import compare_key

__all__ = [
    "ArticleScore",
    "EvalReport",
    "Gold",
    "GoldAuthorisation",
    "GoldExclusion",
    "GoldQuote",
    "GoldSource",
    "QuoteScore",
    "SectionScore",
    "evaluate",
    "load_gold",
    "load_gold_dir",
    "matches_any",
    "normalise",
    "quote_texts_match",
    "render_table",
    "score_article",
]

SECTIONS: tuple[str, ...] = ("authorisations", "exclusions", "sources", "quotes")

# ---------------------------------------------------------------------------
# Gold annotations
# ---------------------------------------------------------------------------

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
        if not _normalise_quote(value):
            raise ValueError("quote text is empty once quotation marks are removed")
        return value


class Gold(_GoldModel):
    """Gold for one article; a section left as None is not scored."""

    authorisations: list[GoldAuthorisation] | None = None
    exclusions: list[GoldExclusion] | None = None
    sources: list[GoldSource] | None = None
    quotes: list[GoldQuote] | None = None


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


def load_gold_dir(directory: str | Path) -> dict[str, Gold]:
    """Load every `*.json` in a folder, keyed by file stem (the article's stem)."""
    directory = Path(directory)
    if not directory.is_dir():
        raise ValueError(f"{directory}: gold folder does not exist or is not a folder")
    return {path.stem: load_gold(path) for path in sorted(directory.glob("*.json")) if path.is_file()}


# ---------------------------------------------------------------------------
# Text comparison
# ---------------------------------------------------------------------------


def normalise(text: str) -> str:
    """Case-fold and make quotes (single and double alike), dashes and whitespace uniform."""
    return compare_key(text)


def _normalise_quote(text: str) -> str:
    # Whether the enclosing quotation marks were included is a formatting choice,
    # not a difference in what was quoted, so it must not cost length.
    return normalise(text).strip(' "')


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
    gold = _normalise_quote(gold_text)
    predicted = _normalise_quote(predicted_text)
    if not gold or not predicted:
        return False
    shorter, longer = sorted((gold, predicted), key=len)
    # Integer arithmetic keeps the boundary exact (0.8 is not representable).
    return shorter in longer and 5 * len(shorter) >= 4 * len(longer)


# ---------------------------------------------------------------------------
# One-to-one matching
# ---------------------------------------------------------------------------


def _max_matching(n_gold: int, n_pred: int, edges: Mapping[tuple[int, int], int]) -> list[tuple[int, int]]:
    """Maximum-cardinality matching that, among those, maximises total edge weight.

    `edges` maps (gold index, predicted index) to a non-negative preference.
    Successive shortest augmenting paths: each round finds the cheapest path
    (cost = -weight, Bellman-Ford since costs are negative) from an unmatched
    gold item to an unmatched prediction through the residual graph and flips
    it. Every round adds one pair and keeps the matching cheapest for its size,
    so the final matching is maximum and maximally preferred. Sizes are a few
    dozen items at most, so the O(V·E) per round does not matter.
    """
    by_gold: dict[int, list[tuple[int, int]]] = {g: [] for g in range(n_gold)}
    for (g, p), weight in sorted(edges.items()):
        by_gold[g].append((p, -weight))
    gold_to_pred: dict[int, int] = {}
    pred_to_gold: dict[int, int] = {}

    while True:
        inf = float("inf")
        dist_gold = [0.0 if g not in gold_to_pred else inf for g in range(n_gold)]
        dist_pred = [inf] * n_pred
        came_from: dict[int, int] = {}  # predicted index -> gold index it was reached from
        for _ in range(n_gold + n_pred + 1):
            changed = False
            for g in range(n_gold):
                if dist_gold[g] == inf:
                    continue
                for p, cost in by_gold[g]:
                    if gold_to_pred.get(g) == p:
                        continue
                    if dist_gold[g] + cost < dist_pred[p]:
                        dist_pred[p] = dist_gold[g] + cost
                        came_from[p] = g
                        changed = True
            for p, g in pred_to_gold.items():
                # Leaving a matched pair refunds its cost.
                back = dist_pred[p] + edges[(g, p)]
                if back < dist_gold[g]:
                    dist_gold[g] = back
                    changed = True
            if not changed:
                break

        free = [p for p in range(n_pred) if p not in pred_to_gold and dist_pred[p] < inf]
        if not free:
            break
        p = min(free, key=lambda q: (dist_pred[q], q))
        while True:
            g = came_from[p]
            previous = gold_to_pred.get(g)
            gold_to_pred[g] = p
            pred_to_gold[p] = g
            if previous is None:
                break
            p = previous
    return sorted(gold_to_pred.items())


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

    def to_json(self) -> dict[str, Any]:
        return {
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
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


def _sum_sections(scores: Iterable[SectionScore]) -> SectionScore:
    scores = list(scores)
    return SectionScore(tp=sum(s.tp for s in scores), fp=sum(s.fp for s in scores), fn=sum(s.fn for s in scores))


def _sum_quotes(scores: Iterable[QuoteScore]) -> QuoteScore:
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
    pairs = _max_matching(n_gold, n_pred, edges)
    return SectionScore(tp=len(pairs), fp=n_pred - len(pairs), fn=n_gold - len(pairs)), pairs


_G = TypeVar("_G")
_P = TypeVar("_P")


def _score_items(gold: Sequence[_G], predicted: Sequence[_P], matches: Callable[[_G, _P], bool]) -> SectionScore:
    edges = {
        (g, p): 0 for g, gold_item in enumerate(gold) for p, item in enumerate(predicted) if matches(gold_item, item)
    }
    score, _ = _count(len(gold), len(predicted), edges)
    return score


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
# Articles and reports
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
        else _score_items(gold.exclusions, brief.exclusions, lambda g, p: matches_any(g.what, p.what)),
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


def _score_missing(gold: Gold) -> ArticleScore:
    def unfound(items: Sequence[Any] | None) -> SectionScore | None:
        return None if items is None else SectionScore(fn=len(items))

    return ArticleScore(
        authorisations=unfound(gold.authorisations),
        exclusions=unfound(gold.exclusions),
        sources=unfound(gold.sources),
        quotes=None if gold.quotes is None else QuoteScore(fn=len(gold.quotes)),
        missing=True,
    )


@dataclass(frozen=True)
class EvalReport:
    scored: dict[str, ArticleScore]
    """Articles with both a brief and gold."""
    missing: dict[str, ArticleScore] = field(default_factory=dict)
    """Gold articles with no brief, scored as all false negatives."""
    no_gold: list[str] = field(default_factory=list)
    """Briefs with no gold; not scored."""

    @property
    def articles(self) -> int:
        return len(self.scored)

    def _all(self) -> list[ArticleScore]:
        return [*self.scored.values(), *self.missing.values()]

    def section(self, name: str) -> SectionScore:
        """Micro-average: counts summed over articles (missing ones included), then ratios."""
        present = [s for a in self._all() if (s := a.section(name)) is not None]
        if name == "quotes":
            return _sum_quotes(s for s in present if isinstance(s, QuoteScore))
        return _sum_sections(present)

    @property
    def quotes(self) -> QuoteScore:
        score = self.section("quotes")
        assert isinstance(score, QuoteScore)
        return score

    def section_articles(self, name: str) -> int:
        """How many articles had this section in their gold (a 1.0 over zero articles means nothing)."""
        return sum(1 for a in self._all() if a.section(name) is not None)

    @property
    def spans_checked(self) -> int:
        return sum(a.spans_checked for a in self.scored.values())

    @property
    def spans_verbatim(self) -> int:
        return sum(a.spans_verbatim for a in self.scored.values())

    @property
    def verbatim_rate(self) -> float | None:
        """None when no span could be checked: an unknown rate is not a perfect one."""
        return self.spans_verbatim / self.spans_checked if self.spans_checked else None

    @property
    def texts_unavailable(self) -> list[str]:
        return sorted(stem for stem, a in self.scored.items() if not a.text_available)

    @property
    def dropped_ungrounded(self) -> int:
        return sum(a.dropped_ungrounded for a in self.scored.values())

    @property
    def seconds_per_article(self) -> float:
        return sum(a.seconds for a in self.scored.values()) / self.articles if self.articles else 0.0

    @property
    def tokens_per_article(self) -> float:
        return sum(a.tokens for a in self.scored.values()) / self.articles if self.articles else 0.0

    def to_json(self) -> dict[str, Any]:
        """The report in the shape other tools read; do not rename keys."""
        sections: dict[str, Any] = {}
        for name in SECTIONS:
            sections[name] = {**self.section(name).to_json(), "scored_articles": self.section_articles(name)}
        per_article = {stem: score.to_json() for stem, score in sorted({**self.scored, **self.missing}.items())}
        return {
            "articles": self.articles,
            "seconds_per_article": self.seconds_per_article,
            "verbatim_rate": self.verbatim_rate,
            "dropped_ungrounded": self.dropped_ungrounded,
            "tokens_per_article": self.tokens_per_article,
            "sections": sections,
            "per_article": per_article,
            "missing": sorted(self.missing),
            "no_gold": list(self.no_gold),
            "spans_checked": self.spans_checked,
            "spans_verbatim": self.spans_verbatim,
            "texts_unavailable": self.texts_unavailable,
        }


def evaluate(
    briefs: Mapping[str, Brief],
    gold: Mapping[str, Gold],
    texts: Mapping[str, str] | None = None,
    seconds: Mapping[str, float] | None = None,
) -> EvalReport:
    """Score every stem that has both a brief and gold; see the module docstring for the rules."""
    texts = texts or {}
    seconds = seconds or {}
    scored = {
        stem: score_article(briefs[stem], gold[stem], texts.get(stem), seconds=seconds.get(stem))
        for stem in sorted(briefs.keys() & gold.keys())
    }
    missing = {stem: _score_missing(gold[stem]) for stem in sorted(gold.keys() - briefs.keys())}
    return EvalReport(scored=scored, missing=missing, no_gold=sorted(briefs.keys() - gold.keys()))


# ---------------------------------------------------------------------------
# Display
# ---------------------------------------------------------------------------


def _percent(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.1%}"


def render_table(report: EvalReport) -> Table:
    """A rich table: one row per section, with the run-wide figures in the caption."""
    title = f"Evaluation over {report.articles} article(s)"
    if report.missing:
        title += f", {len(report.missing)} missing"
    table = Table(title=title)
    table.add_column("section")
    for heading in ("P", "R", "F1", "tp", "fp", "fn"):
        table.add_column(heading, justify="right")
    for name in SECTIONS:
        score = report.section(name)
        if report.section_articles(name) == 0:
            table.add_row(name, "-", "-", "-", "0", "0", "0")
            continue
        table.add_row(
            name,
            f"{score.precision:.3f}",
            f"{score.recall:.3f}",
            f"{score.f1:.3f}",
            str(score.tp),
            str(score.fp),
            str(score.fn),
        )
    quotes = report.quotes
    footer = [
        f"speaker accuracy {_percent(quotes.speaker_accuracy)} ({quotes.speaker_correct}/{quotes.speaker_checked})",
        f"verbatim {_percent(report.verbatim_rate)} ({report.spans_verbatim}/{report.spans_checked} spans)",
        f"dropped {report.dropped_ungrounded}",
        f"{report.seconds_per_article:.2f} s/article",
        f"{report.tokens_per_article:,.0f} tokens/article",
    ]
    table.caption = " · ".join(footer)
    return table
