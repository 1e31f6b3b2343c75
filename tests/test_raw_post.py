"""Chat requests posted on the SDK client's aiohttp session (backends/openai.py: `_Poster`) answer as the SDK does.

Each case sends the same request to a loopback server twice: through `limited_chat` over `LoopClients`
(the poster) and through `limited_chat` over a plain AsyncOpenAI on the same aiohttp transport (the SDK's
own `post`), and compares what came back: the completion, or the exception with its status, message,
body and headers, which the retries and the rate limiter read.
"""

from __future__ import annotations

import asyncio
import gzip
import json
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import openai
import pytest
from aiohttp import web
from fakellm import completion, serve

from summarizer.backends.limits import RateLimiter
from summarizer.backends.openai import LoopClients, _Poster, limited_chat

BODY = json.dumps(completion("Things", {"things": ["a"]})).encode()
REQUEST: dict[str, Any] = {"model": "fake-model", "messages": [{"role": "user", "content": "x"}], "max_tokens": 10}
LIMITED = {"retry-after": "2", "x-ratelimit-remaining-requests": "0", "x-ratelimit-reset-requests": "2s"}


def _error(status: int, headers: dict[str, str]) -> Callable[[web.Request], Awaitable[web.Response]]:
    async def answer(request: web.Request) -> web.Response:
        await request.read()
        return web.json_response({"error": {"message": "no", "type": "t"}}, status=status, headers=headers)

    return answer


async def _ok(request: web.Request) -> web.Response:
    await request.read()
    return web.Response(body=BODY, content_type="application/json", headers={"x-request-id": "req-1"})


async def _gzipped(request: web.Request) -> web.Response:
    await request.read()
    headers = {"content-encoding": "gzip", "content-type": "application/json"}
    return web.Response(body=gzip.compress(BODY), headers=headers)


async def _plain_text(request: web.Request) -> web.Response:
    await request.read()
    return web.Response(body=BODY, content_type="text/plain")


async def _moved(request: web.Request) -> web.Response:
    await request.read()
    raise web.HTTPTemporaryRedirect("/ok/chat/completions")


async def _slow(request: web.Request) -> web.Response:
    await asyncio.sleep(2)
    return await _ok(request)


@pytest.fixture
async def server() -> AsyncIterator[str]:
    app = web.Application()
    routes = {
        "ok": _ok,
        "limited": _error(429, LIMITED),
        "broken": _error(500, {}),
        "missing": _error(404, {}),
        "gzipped": _gzipped,
        "text": _plain_text,
        "moved": _moved,
        "slow": _slow,
    }
    app.add_routes([web.post(f"/{name}/chat/completions", handler) for name, handler in routes.items()])
    async with serve(app) as url:
        yield url


async def _both(base_url: str, monkeypatch: pytest.MonkeyPatch, timeout: float = 30) -> tuple[object, object, int]:
    """What the poster and the SDK each gave for REQUEST (the completion or the exception), and the poster's uses."""
    options: dict[str, Any] = {"api_key": "sk-test", "base_url": base_url, "timeout": timeout, "max_retries": 0}
    posted = 0
    original = _Poster.post

    async def counted(self: _Poster, body: Any) -> Any:
        nonlocal posted
        posted += 1
        return await original(self, body)

    monkeypatch.setattr(_Poster, "post", counted)
    results: list[object] = []
    sdk = openai.AsyncOpenAI(http_client=openai.DefaultAioHttpClient(), **options)
    try:
        for client in (LoopClients(options), sdk):
            try:
                results.append(await limited_chat(client, RateLimiter())(**REQUEST))
            except openai.APIError as error:
                results.append(error)
    finally:
        await sdk.close()
    return results[0], results[1], posted


def _described(error: object) -> dict[str, Any]:
    assert isinstance(error, openai.APIError), error
    described: dict[str, Any] = {"type": type(error), "message": error.message, "body": error.body}
    if isinstance(error, openai.APIStatusError):
        described |= {"status": error.status_code, "headers": dict(error.response.headers)}
        described["headers"].pop("date", None)
    described["url"] = str(error.request.url)
    return described


@pytest.mark.parametrize(("path", "kind"), [("limited", openai.RateLimitError), ("broken", openai.InternalServerError)])
async def test_an_error_status_is_the_sdk_exception_with_the_same_headers(
    server: str, path: str, kind: type[openai.APIStatusError], monkeypatch: pytest.MonkeyPatch
) -> None:
    posted, sdk, used = await _both(f"{server}/{path}", monkeypatch)
    assert used == 1 and isinstance(posted, kind)
    assert _described(posted) == _described(sdk)
    if path == "limited":
        assert isinstance(posted, openai.RateLimitError)
        assert posted.response.headers["retry-after"] == "2"
        assert posted.response.headers["x-ratelimit-reset-requests"] == "2s"


async def test_a_status_the_retries_do_not_take_is_the_same_error_too(
    server: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    posted, sdk, _ = await _both(f"{server}/missing", monkeypatch)
    assert isinstance(posted, openai.NotFoundError) and _described(posted) == _described(sdk)


async def test_a_timeout_is_the_sdk_timeout(server: str, monkeypatch: pytest.MonkeyPatch) -> None:
    posted, sdk, _ = await _both(f"{server}/slow", monkeypatch, timeout=0.3)
    assert isinstance(posted, openai.APITimeoutError) and _described(posted) == _described(sdk)


@pytest.mark.parametrize("path", ["ok", "gzipped", "text", "moved"])
async def test_an_answer_is_the_completion_the_sdk_builds(
    server: str, path: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    posted, sdk, used = await _both(f"{server}/{path}", monkeypatch)
    assert used == 1
    assert isinstance(posted, openai.types.chat.ChatCompletion) and isinstance(sdk, type(posted))
    assert posted.model_dump() == sdk.model_dump() and posted.model_fields_set == sdk.model_fields_set
    assert posted._request_id == sdk._request_id
