"""The embedded backend: a GGUF model run in-process by llama.cpp, behind the same Engine.

Instructor speaks TOOLS mode to it as to any endpoint. This adapter turns the
forced tool call into llama.cpp's schema-constrained JSON (a grammar built from
the tool's parameters), so the answer always has the right shape, and keeps
the schema out of the prompt text: the prompt then starts with the same system
message and numbered article for every pass, and llama.cpp serves that prefix
from its KV cache instead of reading the article again.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import instructor
from openai.types.chat import ChatCompletion
from openai.types.chat.chat_completion_message_function_tool_call import (
    ChatCompletionMessageFunctionToolCall,
    Function,
)

from summarizer.backends import Engine
from summarizer.backends.local.files import DEFAULT_MODEL, locate_model
from summarizer.backends.local.judge import LocalJudge
from summarizer.backends.local.runtime import LocalChat, OnLlamaThread, load_llama
from summarizer.backends.retry import aresilient, resilient
from summarizer.config import RetryPolicy, Settings, default_cache_dir

# Qwen2.5's full window: about 120,000 characters of English, so no news article is cut. Its KV cache
# is allocated up front (more memory than a 4,096-token window; docs/benchmarks.md), and attention
# only spans the cells in use, so short articles run no slower. A longer text fails with llama.cpp's
# clear error.
DEFAULT_CONTEXT = 32768


def model_path(settings: Settings) -> Path:
    return locate_model(
        DEFAULT_MODEL,
        path=settings.model_path,
        cache_dir=settings.cache_dir or default_cache_dir(),
        allow_download=settings.allow_download,
        progress=settings.progress,
    )


def _plain_message(message: Any) -> dict[str, Any]:
    """Re-ask turns in plain roles: chat templates of small models handle tool turns unevenly."""
    data = message if isinstance(message, dict) else message.model_dump()
    role = data.get("role")
    if role == "assistant" and data.get("tool_calls"):
        arguments = data["tool_calls"][0]["function"]["arguments"]
        return {"role": "assistant", "content": arguments}
    if role == "tool":
        return {"role": "user", "content": str(data.get("content", ""))}
    return {"role": role, "content": data.get("content") or ""}


class ToolsAsGrammar(OnLlamaThread):
    """An OpenAI-style `create` (and `acreate`) that answers forced tool calls with grammar-constrained JSON."""

    def __init__(self, chat: LocalChat) -> None:
        self.chat = chat

    def job(self, kwargs: dict[str, Any]) -> Callable[[], ChatCompletion]:
        function = self._as_grammar_request(kwargs)
        complete = self.chat.job(kwargs)
        return lambda: _as_tool_call(complete(), function)

    @staticmethod
    def _as_grammar_request(kwargs: dict[str, Any]) -> dict[str, Any] | None:
        """Turn a forced tool call into a schema-constrained request, in place; return the tool."""
        tools = kwargs.pop("tools", None)
        kwargs.pop("tool_choice", None)
        kwargs["messages"] = [_plain_message(m) for m in kwargs.get("messages", [])]
        if not tools:
            return None
        function: dict[str, Any] = tools[0]["function"]
        kwargs["response_format"] = {"type": "json_object", "schema": function["parameters"]}
        return function


def _as_tool_call(completion: ChatCompletion, function: dict[str, Any] | None) -> ChatCompletion:
    """The JSON answer as the tool call instructor asked for."""
    if function is None:
        return completion
    message = completion.choices[0].message
    message.tool_calls = [
        ChatCompletionMessageFunctionToolCall(
            id="call_0",
            type="function",
            function=Function(name=function["name"], arguments=message.content or ""),
        )
    ]
    message.content = None
    return completion


def build_local_engine(settings: Settings) -> Engine:
    path = model_path(settings)
    llm = load_llama(path, n_ctx=settings.n_ctx or DEFAULT_CONTEXT, weight_layouts=settings.weight_layouts)
    adapter = ToolsAsGrammar(LocalChat(llm))
    mode = instructor.Mode.TOOLS
    # Nothing travels over a network, so only a single attempt per request.
    policy = RetryPolicy(attempts=1)
    judge = LocalJudge(llm) if settings.check_decisions else None
    passes = settings.passes or "multi"
    return Engine(
        backend="local",
        model=settings.model or path.name,
        mode=mode,
        passes=passes,
        create=instructor.patch(create=resilient(adapter.create, policy), mode=mode),
        acreate=instructor.patch(create=aresilient(adapter.acreate, policy), mode=mode),
        max_retries=settings.max_retries,
        temperature=settings.temperature,
        # One llama.cpp context serves one request at a time.
        concurrency=1,
        judge=resilient(judge.probability, policy) if judge else None,
        ajudge=aresilient(judge.aprobability, policy) if judge else None,
        min_confidence=settings.min_confidence,
    )
