"""Model backends behind one `Engine`: an OpenAI-compatible endpoint, or the embedded llama.cpp model."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import instructor

from summarizer.backends.judge import AsyncJudge, Judge
from summarizer.backends.limits import RateLimiter
from summarizer.backends.pricing import Price
from summarizer.config import ENDPOINT_HELP, Backend, Passes, Settings
from summarizer.errors import ConfigurationError, ModelError


@dataclass
class Engine:
    """A ready client: instructor-patched sync and async `create`, and how to use them."""

    backend: Backend
    model: str
    mode: instructor.Mode
    passes: Passes
    create: Callable[..., Any]
    acreate: Callable[..., Awaitable[Any]]
    max_retries: int
    temperature: float
    concurrency: int
    # Yes/no questions with the probability of "yes", for the confidence of decisions; None where the
    # backend cannot answer them (then decisions carry no confidence and none is set aside).
    judge: Judge | None = None
    ajudge: AsyncJudge | None = None
    # Decisions whose confidence is under this leave the brief's main lists for `unverified`; None: the
    # default for whoever found the decision (config.DEFAULT_MIN_CONFIDENCE).
    min_confidence: float | None = None
    # The endpoint's async client and its unpatched (retried, metered) chat call; None for the embedded
    # model. The Batch API path uploads and polls through the client, and re-asks live through the call.
    async_client: Any = None
    raw_acreate: Callable[..., Awaitable[Any]] | None = None
    # What keeps the endpoint's async requests within its rate limits (backends/limits.py); None locally.
    limiter: RateLimiter | None = None
    # The model's list price (backends/pricing.py), for the cost of each brief; None: unknown or local.
    price: Price | None = None


def build_engine(
    settings: Settings | None = None,
    *,
    http_client: Any = None,
    async_http_client: Any = None,
) -> Engine:
    settings = settings or Settings.from_env()
    if settings.resolved_backend() == "local":
        from summarizer.backends.local.engine import build_local_engine

        try:
            return build_local_engine(settings)
        except ModelError as error:
            if settings.backend == "local":
                raise
            # The user asked for nothing in particular: say how to get either kind of model.
            raise ConfigurationError(f"no model endpoint is configured ({ENDPOINT_HELP}), and {error}") from error
    from summarizer.backends.openai import build_openai_engine

    return build_openai_engine(settings, http_client, async_http_client)
