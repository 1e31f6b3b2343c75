"""Greedy grammar-constrained decoding that checks one token per step instead of the whole vocabulary.

llama-cpp-python applies a JSON grammar to every one of Qwen's 151,936 candidate tokens at each
step, a large share of all generation time (docs/benchmarks.md). Under greedy decoding only
the most likely token can be chosen, so it is enough to ask the grammar about that one token and
to fall back to masking the whole vocabulary only when the grammar rejects it (as llama.cpp's own
server does). The chosen tokens are exactly those of the full check.

Drafted tokens (`drafting.JsonDrafter`) then let one llama.cpp call produce several tokens. They
are evaluated as one batch and kept only as far as greedy sampling agrees with them, so the
answer is the one plain decoding would give, up to the arithmetic of batched evaluation.
"""

from __future__ import annotations

import ctypes
import weakref
from functools import cache
from typing import Any

from summarizer.backends.local import thread as llama_thread
from summarizer.backends.local.drafting import JsonDrafter


class GreedyGrammar:
    """A llama.cpp sampler for the front of a greedy chain: leaves only the grammar's best token."""

    def __init__(self, lib: Any, vocab: Any, grammar: str, root: str) -> None:
        import numpy as np

        self._lib = lib
        self._np = np
        handle = lib.llama_sampler_init_grammar(vocab, grammar.encode("utf-8"), root.encode("utf-8"))
        if not handle:
            raise ValueError("llama.cpp could not parse the grammar built from the response schema")
        self._grammar = handle
        weakref.finalize(self, lib.llama_sampler_free, handle)
        self._cell = (lib.llama_token_data * 1)()
        self._one = lib.llama_token_data_array(
            data=ctypes.cast(self._cell, lib.llama_token_data_p), size=1, selected=-1, sorted=False
        )
        # ctypes callbacks must outlive every call llama.cpp makes through them, so they live here.
        self._callbacks = (
            lib.llama_sampler_i_apply(self._apply),
            lib.llama_sampler_i_accept(self._accept),
            lib.llama_sampler_i_reset(self._reset),
        )
        self._iface = lib.llama_sampler_i()
        self._iface.apply, self._iface.accept, self._iface.reset = self._callbacks
        self._sampler = lib.llama_sampler(iface=ctypes.pointer(self._iface), ctx=None)

    @property
    def pointer(self) -> Any:
        return ctypes.pointer(self._sampler)

    def _apply(self, _sampler: Any, cur_p: Any) -> None:
        candidates = cur_p.contents
        view = self._np.ctypeslib.as_array(candidates.data, shape=(candidates.size,))
        best = int(view["logit"].argmax())
        cell = self._cell[0]
        cell.id, cell.logit, cell.p = int(view["id"][best]), float(view["logit"][best]), float(view["p"][best])
        self._one.size, self._one.selected, self._one.sorted = 1, -1, False
        self._lib.llama_sampler_apply(self._grammar, ctypes.byref(self._one))
        if cell.logit != float("-inf"):
            candidates.data[0] = cell
            candidates.size = 1
            candidates.sorted = False
            return
        self._lib.llama_sampler_apply(self._grammar, cur_p)

    def _accept(self, _sampler: Any, token: int) -> None:
        self._lib.llama_sampler_accept(self._grammar, token)

    def _reset(self, _sampler: Any) -> None:
        self._lib.llama_sampler_reset(self._grammar)


@cache
def fast_grammar_llama_class(llama_cpp: Any) -> type[Any]:
    """A llama_cpp.Llama whose greedy, grammar-constrained sampling uses GreedyGrammar."""
    import llama_cpp._internals as internals

    sampler_chain: Any = internals.LlamaSampler

    class Llama(llama_cpp.Llama):  # type: ignore[misc, name-defined, unused-ignore]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            # Set after construction: passed to the constructor, a draft model makes llama-cpp-python
            # keep logits for every prompt token, an n_ctx x vocabulary array (20 GB at 32k tokens).
            self.draft_model = JsonDrafter(
                tokenize=lambda text: self.tokenize(text, add_bos=False, special=False),
                detokenize=self.detokenize,
            )

        def create_chat_completion(self, *args: Any, **kwargs: Any) -> Any:
            if isinstance(self.draft_model, JsonDrafter):
                response_format = kwargs.get("response_format")
                schema = response_format.get("schema") if isinstance(response_format, dict) else None
                self.draft_model.expect(schema)
            return super().create_chat_completion(*args, **kwargs)

        def generate(self, tokens: Any, *args: Any, **kwargs: Any) -> Any:
            if isinstance(self.draft_model, JsonDrafter):
                self.draft_model.begin(len(tokens))
            return super().generate(tokens, *args, **kwargs)

        def eval(self, tokens: Any) -> None:
            tokens = list(tokens)
            drafts = getattr(self.draft_model, "length", getattr(self.draft_model, "num_pred_tokens", 0))
            if self.draft_model is None or self.n_tokens == 0 or len(tokens) > 1 + drafts:
                # A long prompt is read one batch per call, so an abandoned job ends between batches.
                for start in range(0, len(tokens), self.n_batch):
                    llama_thread.check()
                    super().eval(tokens[start : start + self.n_batch])
                return
            # A sampled token plus its drafts needs logits at every position, and only those.
            llama_thread.check()
            self._ctx.kv_cache_seq_rm(-1, self.n_tokens, -1)
            self._batch.set_batch(batch=tokens, n_past=self.n_tokens, logits_all=True)
            self._ctx.decode(self._batch)
            self.input_ids[self.n_tokens : self.n_tokens + len(tokens)] = tokens
            self.n_tokens += len(tokens)
            self._requires_eval = False

        def _init_sampler(self, **options: Any) -> Any:
            grammar: Any = options.get("grammar")
            plain = grammar is None or options.get("logits_processor") is not None
            if plain or options.get("temp") != 0.0 or options.get("mirostat_mode"):
                return super()._init_sampler(**options)
            chain = sampler_chain()
            chain.add_penalties(
                n_vocab=self._n_vocab,
                penalty_last_n=self.last_n_tokens_size,
                penalty_repeat=options.get("repeat_penalty", 1.0),
                penalty_freq=options.get("frequency_penalty", 0.0),
                penalty_present=options.get("presence_penalty", 0.0),
            )
            front = GreedyGrammar(llama_cpp.llama_cpp, self._model.vocab, grammar._grammar, grammar._root)
            llama_cpp.llama_sampler_chain_add(chain.sampler, front.pointer)
            # The chain must drop, not free, a sampler whose memory Python owns; LlamaSampler does
            # that for what it lists here, and the list keeps `front` alive as long as the chain.
            chain.custom_samplers.append((llama_cpp.llama_sampler_chain_n(chain.sampler) - 1, front))
            chain.add_greedy()
            return chain

    return Llama
