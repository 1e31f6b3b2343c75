"""A fake OpenAI-compatible endpoint at the HTTP level.

Canned model answers are served through httpx.MockTransport to the real
`openai` client, so the real instructor parsing, validation, re-ask and
grounding code runs on them. Answers are queued per response model (the tool
name instructor sends); the last answer of a queue repeats.
"""

from __future__ import annotations

import contextlib
import json
import math
import socket
from collections import defaultdict
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import httpx
from aiohttp import web

from summarizer.backends import Engine, build_engine
from summarizer.config import RetryPolicy, Settings

FIXTURES = Path(__file__).parent / "fixtures"
API_KEY = "sk-test-DO-NOT-LEAK-1234567890"
FAST_RETRY = RetryPolicy(attempts=4, max_seconds=10, initial_wait=0.001, max_wait=0.01)


JUDGE = "judge"  # the queue of yes/no checks: each answer is the probability of "yes"
DEFAULT_YES = 0.9


def judgement(p_yes: float, *, prompt_tokens: int = 60) -> dict[str, Any]:
    """A one-token answer with top_logprobs, as an OpenAI-compatible endpoint gives it."""
    top = [{"token": "yes", "logprob": math.log(p_yes), "bytes": None}] if p_yes > 0 else []
    if p_yes < 1:
        top.append({"token": "no", "logprob": math.log(1 - p_yes), "bytes": None})
    first = max(top, key=lambda t: t["logprob"])
    body = completion(None, first["token"], prompt_tokens=prompt_tokens, completion_tokens=1)
    body["choices"][0]["logprobs"] = {"content": [{**first, "top_logprobs": top}]}
    return body


def completion(
    tool: str | None, answer: Any, *, prompt_tokens: int = 100, completion_tokens: int = 50
) -> dict[str, Any]:
    arguments = answer if isinstance(answer, str) else json.dumps(answer)
    message: dict[str, Any] = {"role": "assistant", "content": None}
    if tool:
        message["tool_calls"] = [
            {"id": "call_1", "type": "function", "function": {"name": tool, "arguments": arguments}}
        ]
    else:
        message["content"] = arguments
    return {
        "id": "chatcmpl-fake",
        "object": "chat.completion",
        "created": 1_700_000_000,
        "model": "fake-model",
        "choices": [{"index": 0, "message": message, "finish_reason": "tool_calls" if tool else "stop"}],
        "usage": {
            "prompt_tokens": prompt_tokens,
            "completion_tokens": completion_tokens,
            "total_tokens": prompt_tokens + completion_tokens,
        },
    }


class FakeLLM:
    def __init__(self, answers: dict[str, list[Any]] | None = None) -> None:
        self.queues: dict[str, list[Any]] = defaultdict(list)
        for name, items in (answers or {}).items():
            self.queues[name].extend(items)
        self.requests: list[dict[str, Any]] = []
        self.cut: set[str] = set()  # tools whose answers come back cut at max_tokens

    @classmethod
    def from_fixture(cls, name: str) -> FakeLLM:
        return cls(json.loads((FIXTURES / "llm" / f"{name}.json").read_text(encoding="utf-8")))

    def tool_calls(self, tool: str) -> int:
        return sum(1 for r in self.requests if r["tool"] == tool)

    @property
    def extraction_requests(self) -> list[dict[str, Any]]:
        """The requests of the extraction passes, without the yes/no checks of decisions."""
        return [r for r in self.requests if r["tool"] != JUDGE]

    def handle(self, request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content)
        tools = body.get("tools") or []
        tool = tools[0]["function"]["name"] if tools else None
        if body.get("logprobs"):
            tool = JUDGE
        self.requests.append({"body": body, "headers": dict(request.headers), "tool": tool})
        if tool == JUDGE:
            checks = self.queues.get(tool) or [DEFAULT_YES]
            p_yes = checks.pop(0) if len(checks) > 1 else checks[0]
            return httpx.Response(200, json=judgement(float(p_yes)))
        queue = self.queues.get(tool or "json")
        if not queue:
            return httpx.Response(500, json={"error": {"message": f"no canned answer for {tool}"}})
        answer = queue.pop(0) if len(queue) > 1 else queue[0]
        if isinstance(answer, dict) and "__status__" in answer:
            return httpx.Response(
                answer["__status__"],
                headers=answer.get("headers", {}),
                json={"error": {"message": answer.get("message", "fake failure"), "type": "server_error"}},
            )
        body = completion(tool, answer)
        if tool in self.cut:
            body["choices"][0]["finish_reason"] = "length"
        return httpx.Response(200, json=body)

    def engine(self, **overrides: Any) -> Engine:
        return fake_engine(self.handle, "http://fake-llm.test/v1", **overrides)


def fake_engine(handle: Callable[[httpx.Request], httpx.Response], base_url: str, **overrides: Any) -> Engine:
    """An engine whose HTTP requests, sync and async, are answered by `handle` through the real openai client."""
    values: dict[str, Any] = {
        "base_url": base_url,
        "api_key": API_KEY,
        "model": "fake-model",
        "retry": FAST_RETRY,
        "passes": "single",
    }
    values.update(overrides)
    transport = httpx.MockTransport(handle)
    return build_engine(
        Settings(**values),
        http_client=httpx.Client(transport=transport),
        async_http_client=httpx.AsyncClient(transport=transport),
    )


@contextlib.asynccontextmanager
async def serve(app: web.Application, *, backlog: int = 16) -> AsyncIterator[str]:
    """`app` served over real HTTP on a free loopback port, as its base URL, until the block ends."""
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    sock.listen(backlog)
    await web.SockSite(runner, sock).start()
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    finally:
        await runner.cleanup()
