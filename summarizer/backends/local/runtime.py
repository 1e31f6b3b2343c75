"""The embedded model at run time: load the GGUF once with llama.cpp and serve chat calls in-process.

llama-cpp-python is imported only inside `load_llama`, so importing this module needs neither it
nor the weights.
"""

from __future__ import annotations

import contextlib
import ctypes
import json
import os
import threading
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from openai.types.chat import ChatCompletion
from openai.types.completion_usage import CompletionUsage, PromptTokensDetails

from summarizer.backends.local import gguf as weights
from summarizer.backends.local import thread as llama_thread
from summarizer.backends.local.sampling import fast_grammar_llama_class
from summarizer.config import WeightLayouts
from summarizer.errors import ModelError

# ---------------------------------------------------------------------------
# Loading


_loaded: dict[tuple[str, int, str], Any] = {}
_load_lock = threading.Lock()


@contextlib.contextmanager
def _load_params(lib: Any, *, extra_layouts: bool, overrides: Any = None) -> Iterator[None]:
    # llama_cpp.Llama has no arguments for llama.cpp's `use_extra_bufts` or tensor buffer-type
    # overrides, and it reads the defaults from this function while loading, so swap it for the
    # duration of one load.
    original = lib.llama_model_default_params

    def defaults() -> Any:
        params = original()
        params.use_extra_bufts = extra_layouts
        if overrides is not None:
            params.tensor_buft_overrides = ctypes.cast(overrides, ctypes.c_void_p)
        return params

    lib.llama_model_default_params = defaults
    try:
        yield
    finally:
        lib.llama_model_default_params = original


def _repack_overrides(path: Path) -> Any:
    try:
        # A private module of llama-cpp-python: a version without it loads the plain layout.
        from llama_cpp._ggml import libggml
    except ImportError:
        return None
    try:
        return weights.repack_overrides(libggml, weights.repackable(weights.tensor_infos(path)))
    except (OSError, AttributeError, weights.GGUFError):
        return None  # llama.cpp reports an unreadable model better when it tries to load it


def load_llama(
    path: Path,
    *,
    n_ctx: int,
    n_threads: int | None = None,
    verbose: bool = False,
    weight_layouts: WeightLayouts = "repack",
) -> Any:
    """The process-wide llama_cpp.Llama for (path, n_ctx, weight_layouts), loaded on first use.

    `n_threads=None` uses every core: llama-cpp-python's own default is half of them, which
    halves generation speed on a small machine. `weight_layouts` says which of llama.cpp's
    CPU-specific weight copies to make: "repack" (the default) puts the Q4_K matrices in the AVX2
    interleaved layout and nothing else (see `weights`); "plain" makes none; "all" lets llama.cpp
    choose, which includes AMX and is only for machines where AMX really works: a llama.cpp built
    with -march=native on a VM that reports AMX without allowing it dies with SIGSEGV in
    `ldtilecfg` on the first decode, which no Python code can catch.
    """
    key = (str(path.resolve()), n_ctx, weight_layouts)
    with _load_lock:
        llm = _loaded.get(key)
        if llm is not None:
            return llm
        try:
            import llama_cpp
            import llama_cpp.llama_cpp as llama_lib
        except ImportError as exc:
            raise ModelError(
                "the embedded model needs llama-cpp-python: `pip install 'summarizer[local]'`, "
                "or configure an OpenAI-compatible endpoint"
            ) from exc
        threads = n_threads or os.cpu_count() or 1
        llama_class = fast_grammar_llama_class(llama_cpp)
        overrides = _repack_overrides(path) if weight_layouts == "repack" else None

        def construct() -> Any:
            with _load_params(llama_lib, extra_layouts=weight_layouts == "all", overrides=overrides):
                return llama_class(
                    model_path=key[0],
                    n_ctx=n_ctx,
                    n_threads=threads,
                    n_threads_batch=threads,
                    # Repacked weights are copies; with the file memory-mapped as well, the pages
                    # read to make them stay resident too (600 MB more RSS). Read into memory instead.
                    use_mmap=overrides is None,
                    verbose=verbose,
                )

        try:
            llm = llama_thread.run(construct)
        except (ValueError, RuntimeError, OSError) as exc:
            raise ModelError(f"llama.cpp could not load {path}: {exc}; pass --model-path with a valid GGUF") from exc
        _loaded[key] = llm
        return llm


# ---------------------------------------------------------------------------
# Chat


class ChatLlama(Protocol):
    """What LocalChat needs from llama_cpp.Llama (a fake with this method will do in tests)."""

    def create_chat_completion_openai_v1(self, *args: Any, **kwargs: Any) -> Any: ...


# OpenAI request fields the llama.cpp chat handler understands; anything else (timeout,
# extra_headers, stream_options, user, n, ...) would be a TypeError or silently ignored there.
_PASSED_KWARGS = frozenset(
    {
        "messages",
        "model",
        "temperature",
        "top_p",
        "max_tokens",
        "stop",
        "seed",
        "response_format",
        "tools",
        "tool_choice",
        "presence_penalty",
        "frequency_penalty",
        "logit_bias",
        "logprobs",
        "top_logprobs",
    }
)
# The marker instructor's JSON mode puts in front of the schema it appends to the system message.
_INSTRUCTOR_SCHEMA_MARKER = "json_schema:"


@dataclass(frozen=True)
class CallStats:
    """One chat call, for benchmarks."""

    prompt_tokens: int
    cached_tokens: int
    completion_tokens: int
    seconds: float


def _schema_in_messages(messages: Sequence[Mapping[str, Any]]) -> dict[str, Any] | None:
    """The JSON schema instructor's JSON mode wrote into the first message, if any."""
    if not messages:
        return None
    content = messages[0].get("content")
    if isinstance(content, list):
        content = next((p.get("text") for p in content if isinstance(p, Mapping) and p.get("type") == "text"), None)
    if not isinstance(content, str):
        return None
    at = content.rfind(_INSTRUCTOR_SCHEMA_MARKER)
    if at < 0:
        return None
    start = content.find("{", at)
    if start < 0:
        return None
    try:
        schema, _ = json.JSONDecoder().raw_decode(content, start)
    except ValueError:
        return None
    return schema if isinstance(schema, dict) else None


def _constrained_response_format(kwargs: Mapping[str, Any]) -> dict[str, Any] | None:
    """Rewrite response_format so llama.cpp builds a grammar from the schema.

    llama-cpp-python constrains decoding only for {"type": "json_object", "schema": ...}: an
    OpenAI-style {"type": "json_schema", ...} is ignored (no grammar at all), and a bare
    json_object only forces some JSON, which a small model readily fills with the wrong shape.
    """
    fmt = kwargs.get("response_format")
    if not isinstance(fmt, Mapping):
        return None
    kind = fmt.get("type")
    if kind == "json_schema":
        inner = fmt.get("json_schema")
        schema = inner.get("schema") if isinstance(inner, Mapping) else None
        return {"type": "json_object", "schema": schema} if isinstance(schema, dict) else {"type": "json_object"}
    if kind == "json_object" and "schema" not in fmt:
        schema = _schema_in_messages(kwargs.get("messages") or [])
        if schema is not None:
            return {"type": "json_object", "schema": schema}
    return dict(fmt)


def _common_prefix(a: Sequence[int], b: Sequence[int]) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def _tokens(value: Any) -> list[int]:
    if value is None:
        return []
    try:
        return [int(t) for t in value]
    except TypeError:
        return []


class LocalChat:
    """An OpenAI-style `create` over one in-process Llama, run on the llama.cpp thread.

    That one thread also serialises the calls: a llama.cpp context is not thread-safe, and its KV
    cache is state shared between calls. Pass `create` (or `acreate`) to `instructor.patch(create=...)`.
    """

    def __init__(self, llm: ChatLlama, *, inject_schema: bool = True) -> None:
        self.llm = llm
        self.inject_schema = inject_schema
        self.last_stats: CallStats | None = None
        self.calls = 0
        self.total_prompt_tokens = 0
        self.total_cached_tokens = 0
        self.total_completion_tokens = 0

    @property
    def last_cached_tokens(self) -> int:
        return self.last_stats.cached_tokens if self.last_stats else 0

    def request_kwargs(self, kwargs: Mapping[str, Any]) -> dict[str, Any]:
        """The subset of an OpenAI request that llama.cpp takes, with the schema made enforceable."""
        if kwargs.get("stream"):
            raise ValueError("the embedded model does not stream; call without stream=True")
        call = {k: v for k, v in kwargs.items() if k in _PASSED_KWARGS and v is not None}
        if "max_tokens" not in call and kwargs.get("max_completion_tokens") is not None:
            call["max_tokens"] = kwargs["max_completion_tokens"]
        if self.inject_schema and "response_format" in call:
            call["response_format"] = _constrained_response_format(call)
        return call

    def create(self, **kwargs: Any) -> ChatCompletion:
        call = self.request_kwargs(kwargs)
        return llama_thread.run(lambda: self._complete(call))

    async def acreate(self, **kwargs: Any) -> ChatCompletion:
        call = self.request_kwargs(kwargs)
        return await llama_thread.arun(lambda: self._complete(call))

    def _complete(self, call: dict[str, Any]) -> ChatCompletion:
        before = _tokens(getattr(self.llm, "_input_ids", None))
        started = time.perf_counter()
        completion = self.llm.create_chat_completion_openai_v1(**call)
        seconds = time.perf_counter() - started
        after = _tokens(getattr(self.llm, "_input_ids", None))
        usage = getattr(completion, "usage", None)
        prompt_tokens = int(getattr(usage, "prompt_tokens", 0) or 0)
        completion_tokens = int(getattr(usage, "completion_tokens", 0) or 0)
        # llama.cpp re-evaluates at least the last prompt token, hence the -1.
        cached = min(_common_prefix(before, after[:prompt_tokens]), max(prompt_tokens - 1, 0))
        self.last_stats = CallStats(prompt_tokens, cached, completion_tokens, seconds)
        self.calls += 1
        self.total_prompt_tokens += prompt_tokens
        self.total_cached_tokens += cached
        self.total_completion_tokens += completion_tokens
        if isinstance(usage, CompletionUsage):
            details = usage.prompt_tokens_details or PromptTokensDetails()
            usage.prompt_tokens_details = details.model_copy(update={"cached_tokens": cached})
        return completion  # type: ignore[no-any-return]
