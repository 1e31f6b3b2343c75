"""A yes/no question answered in-process with the probability of "yes", for the embedded model.

llama-cpp-python returns token log-probabilities only for a model loaded with logits for every
prompt position (an n_ctx x vocabulary array, gigabytes at this context size). The question needs
only the logits after the last prompt token, which llama.cpp keeps anyway: so the prompt is
formatted with the model's own chat template, read on top of the cached article prefix, and the
"yes" and "no" tokens are compared there. No token is generated.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

from summarizer.backends.local import thread as llama_thread
from summarizer.backends.local.runtime import common_prefix

YES_WORDS = ("yes", "Yes", " yes", " Yes", "YES")
NO_WORDS = ("no", "No", " no", " No", "NO")


class LocalJudge:
    """`probability(messages)` -> P(yes | yes or no) as the model's next token after `messages`."""

    def __init__(self, llm: Any) -> None:
        from llama_cpp import llama_chat_format

        self.llm = llm
        eos, bos = llm.token_eos(), llm.token_bos()
        self._formatter = llama_chat_format.Jinja2ChatFormatter(
            template=llm.metadata["tokenizer.chat_template"],
            eos_token=llm._model.token_get_text(eos) if eos != -1 else "",
            bos_token=llm._model.token_get_text(bos) if bos != -1 else "",
            stop_token_ids=[eos],
        )
        self._yes = self._first_tokens(YES_WORDS)
        self._no = self._first_tokens(NO_WORDS)

    def _first_tokens(self, words: Sequence[str]) -> list[int]:
        return sorted({self.llm.tokenize(w.encode("utf-8"), add_bos=False, special=False)[0] for w in words})

    def _prompt_tokens(self, messages: Sequence[Mapping[str, Any]]) -> list[int]:
        result = self._formatter(messages=[dict(m) for m in messages])  # type: ignore[misc]
        # Tokenised as llama-cpp-python's chat handler does, so the article prefix matches the KV cache.
        tokens: list[int] = self.llm.tokenize(
            result.prompt.encode("utf-8"), add_bos=not result.added_special, special=True
        )
        return tokens

    def _probability(self, messages: Sequence[Mapping[str, Any]]) -> float:
        import llama_cpp

        llm = self.llm
        tokens = self._prompt_tokens(messages)
        cached = common_prefix(llm.input_ids[: llm.n_tokens].tolist(), tokens)
        # At least the last token is read again: its logits are the answer.
        llm.n_tokens = min(cached, len(tokens) - 1)
        llm.eval(tokens[llm.n_tokens :])
        logits = llama_cpp.llama_get_logits_ith(llm._ctx.ctx, -1)
        yes = [float(logits[t]) for t in self._yes]
        no = [float(logits[t]) for t in self._no]
        top = max(yes + no)
        p_yes = sum(math.exp(v - top) for v in yes)
        p_no = sum(math.exp(v - top) for v in no)
        return p_yes / (p_yes + p_no)

    def probability(self, messages: Sequence[Mapping[str, Any]]) -> float:
        return llama_thread.run(lambda: self._probability(messages))

    async def aprobability(self, messages: Sequence[Mapping[str, Any]]) -> float:
        return await llama_thread.arun(lambda: self._probability(messages))
