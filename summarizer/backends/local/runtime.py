"""The embedded model at run time: load the GGUF once with llama.cpp and serve chat calls in-process.

llama-cpp-python is imported only inside `load_llama`, so importing this module needs neither it
nor the weights.

The private parts of llama-cpp-python this backend uses
-------------------------------------------------------
pyproject.toml pins llama-cpp-python to the one release the tests ran (0.3.36), and a test in
tests/test_local_model.py fails when another one is installed. Each release re-vendors llama.cpp,
whose C API and struct layouts change between them, and the code below depends on more than the
public `Llama` API. Before widening the pin, run `pytest -m slow` and benchmarks/embedded.py on the
new release and compare with docs/benchmarks.md. What is used, and what happens when it changes:

- `sampling.fast_grammar_llama_class` subclasses `llama_cpp.Llama` and overrides
  - `_init_sampler(**options)`: reads its keyword names (`grammar`, `logits_processor`, `temp`,
    `mirostat_mode`, `repeat_penalty`, `frequency_penalty`, `presence_penalty`) and builds the chain
    from `llama_cpp._internals.LlamaSampler` (`add_penalties(n_vocab=...)`, `add_greedy`, `.sampler`,
    `.custom_samplers`), `self._n_vocab`, `self.last_n_tokens_size`, `self._model.vocab` and
    `LlamaGrammar._grammar` / `._root`. If upstream stops calling `_init_sampler`, decoding stays
    correct but silently checks the grammar against the whole vocabulary again (slower); a renamed
    attribute or a changed `add_penalties` signature is an AttributeError or TypeError on the first
    request.
  - `eval(tokens)`: evaluates a sampled token plus its drafts in one batch with
    `self._ctx.kv_cache_seq_rm`, `self._batch.set_batch(batch=, n_past=, logits_all=True)` and
    `self._ctx.decode`, and keeps `input_ids`, `n_tokens`, `_requires_eval` as upstream's `eval`
    does. A renamed method fails loudly; a change in what upstream's `eval` records (say, logits
    copied to `scores` that sampling then reads) fails silently with wrong tokens, which only the
    slow test catches.
  - `generate` and `create_chat_completion`, to tell the `draft_model` (drafting.JsonDrafter, set
    after construction; upstream's `generate` calls it with the tokens so far, as a
    `LlamaDraftModel`) each request's schema and prompt length. If they stop being on the path,
    drafting falls back to prompt lookup: slower, still correct.
- `sampling.GreedyGrammar` is a llama.cpp sampler written in Python through the ctypes C API of
  `llama_cpp.llama_cpp`: the structs `llama_sampler_i` (apply/accept/reset callbacks),
  `llama_sampler`, `llama_token_data` and `llama_token_data_array`, and `llama_sampler_init_grammar`,
  `_apply`, `_accept`, `_reset`, `_free`, `llama_sampler_chain_add` / `_chain_n`. A struct whose
  fields move crashes the process (SIGSEGV), which no Python code can catch.
- `load_llama` swaps `llama_cpp.llama_cpp.llama_model_default_params` while `Llama` loads and sets
  its fields `use_extra_bufts` and `tensor_buft_overrides`; `_repack_overrides` loads
  `llama_cpp._ggml.libggml` and `gguf.repack_overrides` calls ggml's backend-registry functions and
  lays out `llama_model_tensor_buft_override` itself. If `_ggml` or a registry function goes, the
  weights load in the plain layout (slower, correct). If `Llama` stops reading the defaults through
  that module attribute, llama.cpp's own default applies: every extra layout on, AMX included, which
  kills the process on a VM that advertises AMX without allowing it. A changed struct layout crashes
  at load.
- `LocalChat` reads `Llama._input_ids` to count the prompt tokens served from the KV cache; without
  it the count is 0. judge.LocalJudge (the yes/no judge) reads `_ctx.ctx`, `_model.token_get_text`,
  `input_ids` and sets `n_tokens`.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
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
                    # read to make them stay resident too (docs/benchmarks.md). Read into memory instead.
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


def common_prefix(a: Sequence[int], b: Sequence[int]) -> int:
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


class OnLlamaThread:
    """`create` and `acreate` derived from one `job`: the call prepared here, run on the llama.cpp thread.

    That one thread also serialises the calls: a llama.cpp context is not thread-safe, and its KV
    cache is state shared between calls.
    """

    def job(self, kwargs: dict[str, Any]) -> Callable[[], ChatCompletion]:
        raise NotImplementedError

    def create(self, **kwargs: Any) -> ChatCompletion:
        return llama_thread.run(self.job(kwargs))

    async def acreate(self, **kwargs: Any) -> ChatCompletion:
        return await llama_thread.arun(self.job(kwargs))


class LocalChat(OnLlamaThread):
    """An OpenAI-style `create` over one in-process Llama; pass `create` (or `acreate`) to `instructor.patch`.

    `response_format` goes to llama.cpp as given: it builds a grammar only from
    {"type": "json_object", "schema": ...}, which is what `ToolsAsGrammar` sends.
    """

    def __init__(self, llm: ChatLlama) -> None:
        self.llm = llm

    def request_kwargs(self, kwargs: Mapping[str, Any]) -> dict[str, Any]:
        """The subset of an OpenAI request that llama.cpp takes."""
        if kwargs.get("stream"):
            raise ValueError("the embedded model does not stream; call without stream=True")
        call = {k: v for k, v in kwargs.items() if k in _PASSED_KWARGS and v is not None}
        if "max_tokens" not in call and kwargs.get("max_completion_tokens") is not None:
            call["max_tokens"] = kwargs["max_completion_tokens"]
        return call

    def job(self, kwargs: dict[str, Any]) -> Callable[[], ChatCompletion]:
        call = self.request_kwargs(kwargs)
        return lambda: self._complete(call)

    def _complete(self, call: dict[str, Any]) -> ChatCompletion:
        before = _tokens(getattr(self.llm, "_input_ids", None))
        completion = self.llm.create_chat_completion_openai_v1(**call)
        after = _tokens(getattr(self.llm, "_input_ids", None))
        usage = getattr(completion, "usage", None)
        prompt_tokens = int(getattr(usage, "prompt_tokens", 0) or 0)
        # llama.cpp re-evaluates at least the last prompt token, hence the -1.
        cached = min(common_prefix(before, after[:prompt_tokens]), max(prompt_tokens - 1, 0))
        if isinstance(usage, CompletionUsage):
            # Read by the article's UsageMeter (backends.retry), as an endpoint's cached tokens are.
            details = usage.prompt_tokens_details or PromptTokensDetails()
            usage.prompt_tokens_details = details.model_copy(update={"cached_tokens": cached})
        return completion  # type: ignore[no-any-return]
