"""`summarizer batch --dry-run`: the tokens and cost of a batch, before anything is spent.

The prompts are rendered exactly as the passes would send them (the same `ArticleRun` and templates as
extract/pipeline); no client is built and no model is called. Prompt tokens are estimated at 4
characters a token (README, "Cost", says why not a tokenizer), counting the answer's JSON schema
that every structured request carries. Output tokens are not knowable before the model writes
them: the estimate is a quarter of each pass's max_tokens, the ceiling is the whole budget. The
yes/no checks ask one question per decision in the brief, which is only known afterwards: one per
sentence with a permission or limit cue stands in for them.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import instructor

from summarizer.backends import Engine
from summarizer.backends.pricing import Price, load_prices, lookup
from summarizer.batch import _assign_names
from summarizer.config import DEFAULT_OPENAI_MODEL, ENV_HELP, Settings
from summarizer.errors import ConfigurationError, LoadError
from summarizer.extract.pipeline import to_article
from summarizer.extract.prompts import prompt_version
from summarizer.extract.run import ArticleRun
from summarizer.io.loaders import discover, load_file
from summarizer.io.store import StrPath, is_current
from summarizer.models import Article

CHARS_PER_TOKEN = 4
# Share of a pass's max_tokens an answer typically uses; max_tokens are set well above what a correct
# answer needs (extract/pipeline), so the ceiling is several times the estimate.
TYPICAL_OUTPUT_SHARE = 0.25
# A yes/no check is answered with one token.
JUDGE_OUTPUT_TOKENS = 1
# The check's own words around the sentence: its claim and question (prompts/task_check_*.j2).
CHECK_TASK_TOKENS = 90
# Cue kinds whose sentences get a yes/no check in a brief's decisions.
CHECKED_CUES = ("authorisation", "exclusion")


def tokens(text: str) -> int:
    return -(-len(text) // CHARS_PER_TOKEN)  # rounded up: a short message is still a token


def _message_tokens(messages: Sequence[dict[str, Any]]) -> int:
    return sum(tokens(str(message.get("content") or "")) for message in messages)


@dataclass
class ArticleEstimate:
    article: str
    requests: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    max_completion_tokens: int = 0


@dataclass
class Estimate:
    model: str
    backend: str
    passes: str
    price: Price | None
    discount: float = 1.0
    articles: list[ArticleEstimate] = field(default_factory=list)
    problems: list[LoadError] = field(default_factory=list)
    # Articles whose brief in the output folder is current: `batch` would skip them, at no cost.
    current: list[str] = field(default_factory=list)

    def total(self) -> ArticleEstimate:
        total = ArticleEstimate("total")
        for item in self.articles:
            total.requests += item.requests
            total.prompt_tokens += item.prompt_tokens
            total.completion_tokens += item.completion_tokens
            total.max_completion_tokens += item.max_completion_tokens
        return total

    def cost(self, item: ArticleEstimate, *, ceiling: bool = False) -> float | None:
        """Dollars for `item`, with no prompt-cache hit counted: a cached prefix only makes it cheaper."""
        if self.price is None:
            return None
        completion = item.max_completion_tokens if ceiling else item.completion_tokens
        return self.price.cost(item.prompt_tokens, completion, discount=self.discount)


def _unused(*_args: Any, **_kwargs: Any) -> Any:
    raise AssertionError("a dry run calls no model")


def dry_run_engine(settings: Settings) -> Engine:
    """An engine with the settings' model, passes and checks, and no client: nothing can be sent."""
    backend = settings.resolved_backend()
    price: Price | None = None
    if backend == "openai":
        model = settings.model or (None if settings.base_url else DEFAULT_OPENAI_MODEL)
        if not model:
            raise ConfigurationError(f"SUMMARIZER_MODEL is not set for the endpoint at {settings.base_url}: {ENV_HELP}")
        price = lookup(model, load_prices(settings.prices_file) if settings.prices_file else None)
    else:
        # The embedded model costs no money; its file is not even looked for.
        model = settings.model or "embedded model"
    modes = {"tools": instructor.Mode.TOOLS, "json": instructor.Mode.JSON, "md_json": instructor.Mode.MD_JSON}
    return Engine(
        backend=backend,
        model=model,
        mode=modes.get((settings.mode or "tools").lower(), instructor.Mode.TOOLS),
        passes=settings.passes or ("single" if backend == "openai" else "multi"),
        create=_unused,
        acreate=_unused,
        max_retries=settings.max_retries,
        temperature=settings.temperature,
        concurrency=1,
        # Only whether there are checks matters here; the judges are never called.
        judge=_unused if settings.check_decisions else None,
        price=price,
    )


def estimate_article(article: Article, engine: Engine) -> ArticleEstimate:
    run = ArticleRun(to_article(article), engine, strict=False)
    result = ArticleEstimate(article.id)
    for step in run.passes:
        request = run.request(step)
        schema = json.dumps(request["response_model"].model_json_schema())
        result.requests += 1
        result.prompt_tokens += _message_tokens(request["messages"]) + tokens(schema)
        result.completion_tokens += round(step.budget(run) * TYPICAL_OUTPUT_SHARE)
        result.max_completion_tokens += step.budget(run)
    if engine.judge is not None:
        # Each decision is checked with the prefix, its sentence and a claim: in single pass about one
        # per cue sentence; in multi pass each code reads, and about one the model finds per cue
        # sentence code read none from.
        if engine.passes == "multi":
            numbers = [r.number for r in run.readings] + run.unread_cues
        else:
            numbers = [n for kind in CHECKED_CUES for n in run.cues[kind]]
        result.requests += len(numbers)
        result.prompt_tokens += sum(
            _message_tokens([*run.prefix, {"role": "user", "content": run.sentences[n - 1].text}]) + CHECK_TASK_TOKENS
            for n in numbers
        )
        result.completion_tokens += JUDGE_OUTPUT_TOKENS * len(numbers)
        result.max_completion_tokens += JUDGE_OUTPUT_TOKENS * len(numbers)
    return result


def estimate(
    inputs: Iterable[StrPath],
    engine: Engine,
    *,
    out_dir: StrPath | None = None,
    force: bool = False,
    discount: float = 1.0,
) -> Estimate:
    """Every article under `inputs` that `batch` would send, estimated.

    With `out_dir`, an article whose brief there is current is listed in `current` instead, as
    `batch` would skip it (unless `force`); files that cannot be loaded are listed in `problems`.
    """
    result = Estimate(engine.model, engine.backend, engine.passes, engine.price, discount)
    articles: list[Article] = []
    for file in discover(inputs, problems=result.problems):
        try:
            articles.extend(load_file(file, problems=result.problems))
        except LoadError as error:
            result.problems.append(error)
    names = _assign_names(articles)
    version = prompt_version()
    for index, article in enumerate(articles):
        if (
            out_dir is not None
            and not force
            and is_current(Path(out_dir) / names[index], article, engine.model, version)
        ):
            result.current.append(article.id)
        else:
            result.articles.append(estimate_article(article, engine))
    return result
