"""The embedded model's chat path without the model: LocalChat, and ToolsAsGrammar over it as the engine builds it.

The fake Llama answers as llama-cpp-python's `create_chat_completion_openai_v1` does for a request
with a JSON-schema `response_format`: a plain assistant message whose *content* is the JSON. So the
adapter's own work runs for real: the forced tool call turned into a grammar request, the JSON
turned back into the tool call instructor parses, and re-asks sent in plain roles.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable
from typing import Any

import instructor
import pytest
from openai.types.chat import ChatCompletion
from pydantic import BaseModel, Field

from summarizer.backends.local.engine import ToolsAsGrammar
from summarizer.backends.local.runtime import LocalChat
from summarizer.backends.retry import UsageMeter, metering, resilient
from summarizer.config import RetryPolicy


def completion(content: str, *, prompt_tokens: int = 6) -> ChatCompletion:
    """A completion as llama-cpp-python builds it: its own id and model path, the answer as content."""
    return ChatCompletion.model_validate(
        {
            "id": "chatcmpl-5b7c3f0e-1d2a-4c1e-9f5e-0a1b2c3d4e5f",
            "object": "chat.completion",
            "created": 1_764_547_200,
            "model": "/root/.cache/summarizer/models/qwen2.5-coder-1.5b-instruct-q4_k_m.gguf",
            "choices": [
                {
                    "index": 0,
                    "message": {"role": "assistant", "content": content},
                    "logprobs": None,
                    "finish_reason": "stop",
                }
            ],
            "usage": {"prompt_tokens": prompt_tokens, "completion_tokens": 2, "total_tokens": prompt_tokens + 2},
        }
    )


class FakeLlama:
    """Duck-typed llama_cpp.Llama: records calls and mimics the token history llama keeps."""

    def __init__(self, reply: Callable[[dict[str, Any]], ChatCompletion] | None = None) -> None:
        self.calls: list[dict[str, Any]] = []
        self._input_ids: list[int] = [1, 2, 3, 4, 5]
        self.next_prompt: list[int] = [1, 2, 3, 9, 9, 9]
        self.reply = reply or (lambda kw: completion("{}", prompt_tokens=len(self.next_prompt)))
        self.active = 0
        self.max_active = 0
        self.delay = 0.0

    def create_chat_completion_openai_v1(self, **kwargs: Any) -> ChatCompletion:
        self.active += 1
        self.max_active = max(self.max_active, self.active)
        time.sleep(self.delay)
        self.calls.append(kwargs)
        self._input_ids = [*self.next_prompt, 42, 43]
        self.active -= 1
        return self.reply(kwargs)


def answers(*contents: str) -> Callable[[dict[str, Any]], ChatCompletion]:
    queue = list(contents)
    return lambda kwargs: completion(queue.pop(0) if len(queue) > 1 else queue[0])


# ---------------------------------------------------------------------------
# ToolsAsGrammar over LocalChat, as build_local_engine wires them


class Grant(BaseModel):
    granted_by: str
    instruments: list[str] = Field(min_length=1)


FIRST = '{"granted_by": "Joe Biden", "instruments": []}'
FIXED = '{"granted_by": "Joe Biden", "instruments": ["HIMARS"]}'
MESSAGES = [
    {"role": "system", "content": "You write briefs."},
    {"role": "user", "content": "Who authorised what?"},
]


def check_grammar_request_and_reask(fake: FakeLlama) -> None:
    assert len(fake.calls) == 2
    # The parameters of the tool instructor forces: what the grammar must be built from.
    tool_parameters = instructor.openai_schema(Grant).openai_schema["parameters"]
    assert tool_parameters["required"] == ["granted_by", "instruments"]
    for call in fake.calls:
        # The forced tool call goes to llama.cpp as the one response format it builds a grammar from.
        assert "tools" not in call and "tool_choice" not in call
        assert call["response_format"] == {"type": "json_object", "schema": tool_parameters}
        assert all(set(m) == {"role", "content"} and isinstance(m["content"], str) for m in call["messages"])
    first, reask = fake.calls
    assert first["messages"] == MESSAGES
    # The re-ask in plain roles: the answer as the assistant's text, the validation error from the user.
    assert [m["role"] for m in reask["messages"]] == ["system", "user", "assistant", "user"]
    assert reask["messages"][:2] == MESSAGES
    assert reask["messages"][2]["content"] == FIRST
    assert "instruments" in reask["messages"][3]["content"] and "at least 1 item" in reask["messages"][3]["content"]


def test_a_forced_tool_call_is_answered_from_grammar_json_and_reasked_in_plain_roles() -> None:
    fake = FakeLlama(answers(FIRST, FIXED))
    create = instructor.patch(create=ToolsAsGrammar(LocalChat(fake)).create, mode=instructor.Mode.TOOLS)

    grant = create(messages=MESSAGES, response_model=Grant, max_retries=2, temperature=0.0)

    assert isinstance(grant, Grant) and grant.model_dump() == {"granted_by": "Joe Biden", "instruments": ["HIMARS"]}
    check_grammar_request_and_reask(fake)


async def test_the_async_adapter_takes_the_same_path() -> None:
    fake = FakeLlama(answers(FIRST, FIXED))
    create: Any = instructor.patch(create=ToolsAsGrammar(LocalChat(fake)).acreate, mode=instructor.Mode.TOOLS)

    grant = await create(messages=MESSAGES, response_model=Grant, max_retries=2)

    assert isinstance(grant, Grant) and grant.model_dump() == {"granted_by": "Joe Biden", "instruments": ["HIMARS"]}
    check_grammar_request_and_reask(fake)


def test_the_adapters_completions_are_metered_with_their_cached_tokens() -> None:
    fake = FakeLlama(answers(FIRST, FIXED))
    adapter = ToolsAsGrammar(LocalChat(fake))
    create = instructor.patch(create=resilient(adapter.create, RetryPolicy(attempts=1)), mode=instructor.Mode.TOOLS)

    with metering(UsageMeter()) as meter:
        create(messages=MESSAGES, response_model=Grant, max_retries=2)

    assert (meter.requests, meter.completions, meter.prompt_tokens) == (2, 2, 12)
    # The fake's prompts share three tokens with its history the first time, all but the last after.
    assert meter.cached_prompt_tokens == 3 + 5


def test_a_request_without_tools_passes_through_unchanged() -> None:
    fake = FakeLlama(answers("plain text"))
    result = ToolsAsGrammar(LocalChat(fake)).create(messages=MESSAGES, max_tokens=5)
    assert result.choices[0].message.content == "plain text" and not result.choices[0].message.tool_calls
    assert "response_format" not in fake.calls[0]


# ---------------------------------------------------------------------------
# LocalChat


def test_create_filters_kwargs_llama_does_not_take() -> None:
    fake = FakeLlama()
    chat = LocalChat(fake)

    chat.create(
        model="local",
        messages=[{"role": "user", "content": "hi"}],
        temperature=0.1,
        max_tokens=64,
        seed=3,
        response_format={"type": "json_object", "schema": {"type": "object"}},
        timeout=30,
        extra_headers={"x": "y"},
        stream_options={"include_usage": True},
        user="someone",
        n=1,
        top_p=None,
    )

    assert set(fake.calls[0]) == {"model", "messages", "temperature", "max_tokens", "seed", "response_format"}
    assert fake.calls[0]["response_format"] == {"type": "json_object", "schema": {"type": "object"}}


def test_max_completion_tokens_maps_to_max_tokens() -> None:
    fake = FakeLlama()
    LocalChat(fake).create(messages=[], max_completion_tokens=99)
    assert fake.calls[0]["max_tokens"] == 99


def test_streaming_is_refused() -> None:
    with pytest.raises(ValueError, match="stream"):
        LocalChat(FakeLlama()).create(messages=[], stream=True)


def test_cached_tokens_are_reported_in_usage() -> None:
    chat = LocalChat(FakeLlama())

    first = chat.create(messages=[])
    # Identical prompt again: everything but the last prompt token comes from the KV cache.
    again = chat.create(messages=[])

    details = [r.usage.prompt_tokens_details for r in (first, again) if r.usage]
    assert [d.cached_tokens for d in details if d] == [3, 5]


def test_calls_from_many_threads_run_one_at_a_time_on_the_llama_thread() -> None:
    fake = FakeLlama()
    chat = LocalChat(fake)
    fake.delay = 0.02
    callers = {threading.get_ident()}
    ran_on: list[int] = []

    def reply(kwargs: dict[str, Any]) -> ChatCompletion:
        ran_on.append(threading.get_ident())
        return completion("{}")

    fake.reply = reply

    def call() -> None:
        callers.add(threading.get_ident())
        chat.create(messages=[])

    threads = [threading.Thread(target=call) for _ in range(4)]
    for t in threads:
        t.start()
    call()
    for t in threads:
        t.join()

    assert len(fake.calls) == 5
    assert fake.max_active == 1
    assert len(set(ran_on)) == 1 and not set(ran_on) & callers


async def test_acreate_runs_on_the_same_llama_thread_as_create() -> None:
    fake = FakeLlama()
    chat = LocalChat(fake)
    fake.delay = 0.02
    seen: list[int] = []

    def reply(kwargs: dict[str, Any]) -> ChatCompletion:
        seen.append(threading.get_ident())
        return completion("{}")

    fake.reply = reply

    results = await asyncio.gather(chat.acreate(messages=[]), chat.acreate(messages=[]))
    await asyncio.to_thread(chat.create, messages=[])

    assert len(results) == 2 and all(isinstance(r, ChatCompletion) for r in results)
    assert fake.max_active == 1
    assert len(set(seen)) == 1 and threading.get_ident() not in seen
