"""An OpenAI-compatible endpoint (OpenAI, Azure, Ollama, vLLM, a llama.cpp server) through `openai` + `instructor`."""

from __future__ import annotations

import asyncio
import weakref
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from typing import Any

import instructor
import openai
from openai._constants import RAW_RESPONSE_HEADER
from openai._types import RequestOptions
from openai.types.chat import ChatCompletion

from summarizer.backends import Engine, pricing
from summarizer.backends.judge import endpoint_judges
from summarizer.backends.limits import RateLimiter
from summarizer.backends.retry import aresilient, resilient
from summarizer.backends.structured import StructuredCall
from summarizer.config import DEFAULT_OPENAI_MODEL, ENV_HELP, Settings
from summarizer.errors import ConfigurationError


def _mode(name: str | None, default: instructor.Mode) -> instructor.Mode:
    if name is None:
        return default
    modes = {"tools": instructor.Mode.TOOLS, "json": instructor.Mode.JSON, "md_json": instructor.Mode.MD_JSON}
    if name.lower() not in modes:
        raise ConfigurationError(f"SUMMARIZER_MODE must be one of {', '.join(modes)}, not {name!r}")
    return modes[name.lower()]


# Request keys that are plain JSON of the body; anything else (extra_headers, timeout, stream, ...)
# takes the SDK's full `create`.
_BODY_KEYS = frozenset(
    {
        "model",
        "messages",
        "max_tokens",
        "max_completion_tokens",
        "temperature",
        "tools",
        "tool_choice",
        "logprobs",
        "top_logprobs",
        "response_format",
        "seed",
        "top_p",
        "stop",
        "n",
    }
)
_RAW_POST: RequestOptions = {"headers": {RAW_RESPONSE_HEADER: "true"}, "security": {"bearer_auth": True}}


def _estimated_tokens(request: Mapping[str, Any]) -> float:
    """What a request may cost before its usage is known: ~4 characters a prompt token, plus the budget."""
    characters = sum(len(str(message.get("content") or "")) for message in request.get("messages", []))
    return characters / 4 + float(request.get("max_tokens") or request.get("max_completion_tokens") or 0)


def _aiohttp_available() -> bool:
    try:
        import aiohttp  # noqa: F401
    except ImportError:
        return False
    return True


async def _closed_at_shutdown(client: openai.AsyncOpenAI) -> AsyncIterator[None]:
    # An async generator left suspended is closed by asyncio.run's shutdown_asyncgens: the one hook
    # that runs, on the loop, when a loop the client was used on comes to its end.
    try:
        yield
    finally:
        await client.close()


def _refused(error: BaseException) -> bool:
    cause: BaseException | None = error
    while cause is not None:
        if isinstance(cause, ConnectionRefusedError):
            return True
        cause = cause.__cause__ or cause.__context__
    return False


class LoopClients:
    """One AsyncOpenAI over the SDK's aiohttp transport per event loop.

    The aiohttp transport costs about a third less CPU a request than the default httpx one and
    keeps a batch nearer its concurrency / latency bound, but its session belongs to the loop that
    first used it, while an engine may serve one asyncio.run after another. Each client is closed
    when its loop shuts down.
    """

    def __init__(self, options: Mapping[str, Any]) -> None:
        self.options = dict(options)
        self._clients: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, tuple[openai.AsyncOpenAI, Any]] = (
            weakref.WeakKeyDictionary()
        )

    async def get(self) -> openai.AsyncOpenAI:
        loop = asyncio.get_running_loop()
        entry = self._clients.get(loop)
        if entry is None:
            client = openai.AsyncOpenAI(http_client=openai.DefaultAioHttpClient(), **self.options)
            closer = _closed_at_shutdown(client)
            await anext(closer)
            entry = self._clients[loop] = (client, closer)
        return entry[0]


def limited_chat(
    client: openai.AsyncOpenAI | LoopClients, limiter: RateLimiter
) -> Callable[..., Awaitable[ChatCompletion]]:
    """The chat call of the async path: through the limiter, which reads every answer's rate-limit headers.

    A request of plain JSON keys is posted as it is: the SDK's `create` would otherwise walk the whole
    request (messages and tool schema) through its type-driven transform on every call, which for
    these keys changes nothing and cost about a millisecond of the event loop per request.
    """

    async def chat(**request: Any) -> ChatCompletion:
        tokens = _estimated_tokens(request) if limiter.tokens else 0.0
        ticket = await limiter.acquire(tokens)
        status: int | None = None
        headers: Mapping[str, str] | None = None
        used: float | None = None
        try:
            sdk = await client.get() if isinstance(client, LoopClients) else client
            if request.keys() <= _BODY_KEYS:
                # With the raw-response header the SDK hands back the response, headers included.
                raw: Any = await sdk.post("/chat/completions", body=request, cast_to=ChatCompletion, options=_RAW_POST)
            else:
                raw = await sdk.chat.completions.with_raw_response.create(**request)
            status, headers = raw.status_code, raw.headers
            completion: ChatCompletion = raw.parse()
            used = float(completion.usage.total_tokens) if completion.usage else None
            return completion
        except openai.APIStatusError as error:
            status, headers = error.status_code, error.response.headers
            raise
        except openai.APITimeoutError as error:
            # The aiohttp transport reports a refused connection as a connect timeout; said as a
            # timeout, a server that is down would read as one that is slow.
            if _refused(error):
                raise openai.APIConnectionError(request=error.request) from error
            raise
        finally:
            limiter.finish(ticket, status=status, headers=headers, used_tokens=used)

    return chat


def build_openai_engine(settings: Settings, http_client: Any, async_http_client: Any) -> Engine:
    if not settings.base_url and not settings.api_key:
        raise ConfigurationError(f"no model endpoint is configured: {ENV_HELP}")
    model = settings.model or (None if settings.base_url else DEFAULT_OPENAI_MODEL)
    if not model:
        raise ConfigurationError(f"SUMMARIZER_MODEL is not set for the endpoint at {settings.base_url}: {ENV_HELP}")
    # Local servers (Ollama, vLLM, llama.cpp) accept any key; the client library insists on one.
    api_key = settings.api_key or "not-needed"
    common: dict[str, Any] = {"api_key": api_key, "base_url": settings.base_url, "timeout": settings.timeout}
    # Retries are tenacity's job (retry.py), so the client's own are off.
    sync_client = openai.OpenAI(max_retries=0, http_client=http_client, **common)
    async_client = openai.AsyncOpenAI(max_retries=0, http_client=async_http_client, **common)
    mode = _mode(settings.mode, instructor.Mode.TOOLS)
    raw_create = resilient(sync_client.chat.completions.create, settings.retry)
    limiter = RateLimiter(rpm=settings.rpm, tpm=settings.tpm)
    # A client the caller gave is used as it is; otherwise the requests go over aiohttp when it is there.
    chat_client: openai.AsyncOpenAI | LoopClients = async_client
    if async_http_client is None and _aiohttp_available():
        chat_client = LoopClients({"max_retries": 0, **common})
    raw_acreate = aresilient(limited_chat(chat_client, limiter), settings.retry)
    judge, ajudge = endpoint_judges(raw_create, raw_acreate, model) if settings.check_decisions else (None, None)
    return Engine(
        backend="openai",
        model=model,
        mode=mode,
        passes=settings.passes or "single",
        create=instructor.patch(create=raw_create, mode=mode),
        acreate=StructuredCall(raw_acreate, mode),
        max_retries=settings.max_retries,
        temperature=settings.temperature,
        concurrency=settings.concurrency or 8,
        judge=judge,
        ajudge=ajudge,
        min_confidence=settings.min_confidence,
        async_client=async_client,
        raw_acreate=raw_acreate,
        limiter=limiter,
        price=pricing.lookup(model, pricing.load_prices(settings.prices_file) if settings.prices_file else None),
    )
