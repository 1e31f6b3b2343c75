"""Transport faults and token metering around a raw chat-completion call.

Instructor re-asks when an answer is invalid; this layer retries when there
was no answer at all (429, 5xx, timeouts, dropped connections), with
exponential backoff and jitter, honouring Retry-After, bounded in attempts and
in time. It also meters every completion that comes back, re-asks included,
into the UsageMeter of the article being summarised.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from contextlib import AbstractContextManager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, TypeVar

import openai
from tenacity import (
    AsyncRetrying,
    RetryCallState,
    Retrying,
    retry_if_exception,
    stop_after_attempt,
    stop_after_delay,
    wait_random_exponential,
)

from summarizer.backends.limits import retry_after
from summarizer.config import RetryPolicy
from summarizer.scoped import scoped

T = TypeVar("T")

RETRYABLE_STATUS = frozenset({408, 409, 429})


@dataclass
class UsageMeter:
    requests: int = 0
    completions: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cached_prompt_tokens: int = 0

    def add(self, response: Any) -> None:
        self.completions += 1
        usage = getattr(response, "usage", None)
        if usage is None:
            return
        self.prompt_tokens += getattr(usage, "prompt_tokens", 0) or 0
        self.completion_tokens += getattr(usage, "completion_tokens", 0) or 0
        details = getattr(usage, "prompt_tokens_details", None)
        self.cached_prompt_tokens += getattr(details, "cached_tokens", 0) or 0


_meter: ContextVar[UsageMeter | None] = ContextVar("usage_meter", default=None)


def metering(meter: UsageMeter) -> AbstractContextManager[UsageMeter]:
    return scoped(_meter, meter)


def is_transient(error: BaseException) -> bool:
    if isinstance(error, openai.APIConnectionError):  # includes timeouts
        return True
    if isinstance(error, openai.APIStatusError):
        return error.status_code in RETRYABLE_STATUS or error.status_code >= 500
    return False


def retry_after_seconds(error: BaseException, now: float | None = None) -> float | None:
    """The server's requested pause, from Retry-After-Ms, Retry-After seconds or an HTTP date."""
    response = getattr(error, "response", None)
    headers = getattr(response, "headers", None)
    if headers is None:
        return None
    return retry_after(headers, now)


def _waiter(policy: RetryPolicy) -> Callable[[RetryCallState], float]:
    backoff = wait_random_exponential(multiplier=policy.initial_wait, max=policy.max_wait)

    def wait(state: RetryCallState) -> float:
        error = state.outcome.exception() if state.outcome else None
        requested = retry_after_seconds(error) if error else None
        if requested is not None:
            return min(requested, policy.max_wait)
        return float(backoff(state))

    return wait


def _retry_kwargs(policy: RetryPolicy) -> dict[str, Any]:
    """What to retry, for how long and how long to wait: the same for `Retrying` and `AsyncRetrying`."""
    return {
        "retry": retry_if_exception(is_transient),
        "stop": stop_after_attempt(policy.attempts) | stop_after_delay(policy.max_seconds),
        "wait": _waiter(policy),
        "reraise": True,
    }


def _counted(create: Callable[..., T]) -> Callable[..., T]:
    """One attempt: counted as a request in the article's meter, then sent (an awaitable, if `create` is async)."""

    def send(*args: Any, **kwargs: Any) -> T:
        meter = _meter.get()
        if meter:
            meter.requests += 1
        return create(*args, **kwargs)

    return send


def _metered(response: T) -> T:
    """The completion that came back, added to the article's meter."""
    meter = _meter.get()
    if meter:
        meter.add(response)
    return response


def resilient(create: Callable[..., T], policy: RetryPolicy) -> Callable[..., T]:
    send = _counted(create)
    # Built once: the strategies keep no state; each call's attempts are counted by its own Retrying.
    options = _retry_kwargs(policy)

    def call(*args: Any, **kwargs: Any) -> T:
        for attempt in Retrying(**options):
            with attempt:
                return _metered(send(*args, **kwargs))
        raise AssertionError("tenacity neither returned nor raised")  # reraise=True: the last error comes out

    return call


def aresilient(create: Callable[..., Awaitable[T]], policy: RetryPolicy) -> Callable[..., Awaitable[T]]:
    """`resilient` for a coroutine function: the same attempts, with the pauses awaited instead of slept."""
    send = _counted(create)
    options = _retry_kwargs(policy)

    async def call(*args: Any, **kwargs: Any) -> T:
        async for attempt in AsyncRetrying(**options):
            with attempt:
                return _metered(await send(*args, **kwargs))
        raise AssertionError("tenacity neither returned nor raised")

    return call
