"""An OpenAI-compatible endpoint (OpenAI, Azure, Ollama, vLLM, a llama.cpp server) through `openai` + `instructor`."""

from __future__ import annotations

import asyncio
import json
import weakref
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any, cast

import instructor
import openai
import pydantic
from openai._constants import RAW_RESPONSE_HEADER
from openai._types import RequestOptions
from openai.types.chat import ChatCompletion

try:
    # Private parts of the SDK that `_Poster` builds on. A release that moved them still works: its
    # requests all go through the SDK, as they did before `_Poster`.
    import httpx2
    from openai._base_client import get_platform
    from openai._httpx2 import timeout_exceptions
    from openai._legacy_response import LegacyAPIResponse
    from openai._models import FinalRequestOptions, add_request_id, construct_type
    from openai._utils import asyncify
    from openai._utils._json import openapi_dumps

    _POSTER_PARTS = True
except ImportError:  # pragma: no cover - depends on the installed SDK
    _POSTER_PARTS = False

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
# The SDK's options of a chat request, for the requests `_Poster` sends without it.
_POST: dict[str, Any] = {"method": "post", "url": "/chat/completions", "security": {"bearer_auth": True}}


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


@dataclass(frozen=True)
class _Answer:
    completion: ChatCompletion
    status: int
    headers: Mapping[str, str]


def _completion(content: bytes) -> ChatCompletion:
    """The completion in a JSON body, as the SDK builds it.

    The SDK constructs its response models without validating them, so that an endpoint's quirks
    pass; a body that validates strictly gives the same model from pydantic's own parser at a
    fraction of the cost, and any other body takes the SDK's construction.
    """
    try:
        return ChatCompletion.model_validate_json(content, strict=True)
    except pydantic.ValidationError:
        return cast(ChatCompletion, construct_type(type_=ChatCompletion, value=json.loads(content)))


class _Poster:
    """Chat requests of plain JSON keys posted straight on the SDK client's own aiohttp session.

    The SDK's request machinery (options, headers, the httpx request and response around aiohttp,
    the response model's construction) was most of the event loop's time per request, for requests
    that differ only in their body. Here the URL, headers and timeouts come from one request the SDK
    builds for the path, the body is encoded by the SDK's encoder, and everything that is not a plain
    answer is handed back to the SDK's own code: a failed connection or a timeout becomes the
    exception the SDK raises for it, an error status goes through the client's `_make_status_error`,
    an encoded or non-JSON answer is parsed by the SDK's response class, and a redirect is sent
    again through the SDK, which follows it.
    """

    def __init__(self, client: openai.AsyncOpenAI, template: httpx2.Request, session: Any) -> None:
        from aiohttp import ClientTimeout
        from multidict import CIMultiDict
        from openai._vendor.httpx_aiohttp.transport import map_aiohttp_exceptions

        # aiohttp's exceptions as the SDK's transport turns them into httpx ones.
        self.mapped_errors = map_aiohttp_exceptions
        self.client = client
        self.session = session
        self.url = str(template.url)
        # In aiohttp's own kind, which it takes as it is rather than converting on every request.
        self.headers = CIMultiDict(
            (name, value) for name, value in template.headers.multi_items() if name != "content-length"
        )
        self.extensions = template.extensions
        timeout = template.extensions.get("timeout", {})
        # As the SDK's aiohttp transport sends every request.
        self.options: dict[str, Any] = {
            "allow_redirects": False,
            "auto_decompress": False,
            "compress": False,
            "timeout": ClientTimeout(
                sock_connect=timeout.get("connect"), sock_read=timeout.get("read"), connect=timeout.get("pool")
            ),
            "server_hostname": template.extensions.get("sni_hostname"),
        }

    @classmethod
    async def of(cls, client: openai.AsyncOpenAI) -> _Poster | None:
        """A poster for `client`'s chat requests; None when the SDK adds more than a fixed set of headers."""
        if not _POSTER_PARTS:
            return None
        try:
            from openai._vendor.httpx_aiohttp.transport import AiohttpTransport

            extras = (
                client._provider_runtime is not None
                or client._api_key_provider is not None
                or client._workload_identity_auth is not None
                or client.custom_auth is not None
                or client._idempotency_header is not None
            )
        except (ImportError, AttributeError):  # another release of the SDK: it sends everything itself
            return None
        if extras:
            return None
        if client._platform is None:
            # As the SDK's own `request` does before its first request: the lookup may block.
            client._platform = await asyncify(get_platform)()
        template = client._build_request(FinalRequestOptions.construct(**_POST))
        transport = client._client._transport_for_url(template.url)
        if not isinstance(transport, AiohttpTransport) or transport.proxy is not None:
            return None
        if transport.client is None or callable(transport.client):
            transport.client = transport.get_client()  # what the transport does on its first request
        return cls(client, template, transport.client)

    def _request(self, content: bytes) -> httpx2.Request:
        return httpx2.Request("POST", self.url, headers=self.headers, content=content, extensions=self.extensions)

    async def post(self, body: Mapping[str, Any]) -> _Answer | None:
        """The answer to `body`; None when the SDK must send it (a redirect)."""
        content = openapi_dumps(body)
        try:
            with self.mapped_errors():
                async with self.session.request(
                    "POST", self.url, headers=self.headers, data=content, **self.options
                ) as response:
                    data = await response.read()
        except timeout_exceptions() as error:
            raise openai.APITimeoutError(request=self._request(content)) from error
        except Exception as error:
            raise openai.APIConnectionError(request=self._request(content)) from error
        status, headers = response.status, response.headers
        encoded = headers.get("content-encoding", "identity") != "identity"
        if 200 <= status < 300 and not encoded and headers.get("content-type", "*").split(";")[0].endswith("json"):
            completion = _completion(data)
            add_request_id(completion, headers.get("x-request-id"))
            return _Answer(completion, status, headers)
        raw = httpx2.Response(status, headers=response.raw_headers, content=data, request=self._request(content))
        if status >= 400:
            raise self.client._make_status_error_from_response(raw)
        if not 200 <= status < 300:
            return None
        options = FinalRequestOptions.construct(**_POST, json_data=body)
        parsed = LegacyAPIResponse(
            raw=raw, client=self.client, cast_to=ChatCompletion, stream=False, stream_cls=None, options=options
        ).parse()
        return _Answer(parsed, status, raw.headers)


class LoopClients:
    """One AsyncOpenAI over the SDK's aiohttp transport per event loop, and its `_Poster`.

    The aiohttp transport costs about a third less CPU a request than the default httpx one and
    keeps a batch nearer its concurrency / latency bound, but its session belongs to the loop that
    first used it, while an engine may serve one asyncio.run after another. Each client is closed
    when its loop shuts down.
    """

    def __init__(self, options: Mapping[str, Any]) -> None:
        self.options = dict(options)
        self._clients: weakref.WeakKeyDictionary[
            asyncio.AbstractEventLoop, tuple[openai.AsyncOpenAI, asyncio.Task[_Poster | None], Any]
        ] = weakref.WeakKeyDictionary()

    async def get(self) -> tuple[openai.AsyncOpenAI, _Poster | None]:
        loop = asyncio.get_running_loop()
        entry = self._clients.get(loop)
        if entry is None:
            client = openai.AsyncOpenAI(http_client=openai.DefaultAioHttpClient(), **self.options)
            closer = _closed_at_shutdown(client)
            await anext(closer)
            # Stored before anything waits: requests that start together must share one client, as a
            # client dropped from here is closed under the requests that use it.
            entry = self._clients[loop] = (client, loop.create_task(_Poster.of(client)), closer)
        return entry[0], await entry[1]


def limited_chat(
    client: openai.AsyncOpenAI | LoopClients, limiter: RateLimiter
) -> Callable[..., Awaitable[ChatCompletion]]:
    """The chat call of the async path: through the limiter, which reads every answer's rate-limit headers.

    A request of plain JSON keys is posted as it is: the SDK's `create` would otherwise walk the whole
    request (messages and tool schema) through its type-driven transform on every call, which for
    these keys changes nothing and cost about a millisecond of the event loop per request. Over
    aiohttp it skips the rest of the SDK's request machinery as well (`_Poster`).
    """

    async def chat(**request: Any) -> ChatCompletion:
        tokens = _estimated_tokens(request) if limiter.tokens else 0.0
        ticket = await limiter.acquire(tokens)
        status: int | None = None
        headers: Mapping[str, str] | None = None
        used: float | None = None
        try:
            sdk, poster = await client.get() if isinstance(client, LoopClients) else (client, None)
            plain = request.keys() <= _BODY_KEYS
            answer = await poster.post(request) if plain and poster is not None else None
            if answer is None:
                # With the raw-response header the SDK hands back the response, headers included.
                raw: Any = (
                    await sdk.post("/chat/completions", body=request, cast_to=ChatCompletion, options=_RAW_POST)
                    if plain
                    else await sdk.chat.completions.with_raw_response.create(**request)
                )
                answer = _Answer(raw.parse(), raw.status_code, raw.headers)
            status, headers = answer.status, answer.headers
            completion = answer.completion
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
    passes = settings.passes or "single"
    return Engine(
        backend="openai",
        model=model,
        mode=mode,
        passes=passes,
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
