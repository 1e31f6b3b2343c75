"""Why every llama.cpp call runs on one thread: decoding speed with one calling thread and with two.

    .venv/bin/python benchmarks/llama_thread.py

Needs the [local] extra. Reads 600 tokens of a dev article and decodes 40 single tokens, first with
every call on `llama_thread`, then from a second thread while the first one's workers live on (as
when `asyncio.to_thread` handed calls to whichever pool thread was free), then on `llama_thread`
again once the second thread has ended. While libgomp has teams of workers for two calling threads,
it counts more threads than cores and its barriers sleep instead of spinning.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

from summarizer.backends.local import thread as llama_thread
from summarizer.backends.local.engine import DEFAULT_CONTEXT, model_path
from summarizer.backends.local.runtime import load_llama
from summarizer.config import Settings

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = ROOT / "examples" / "eval" / "articles" / "GUM_news_clock.txt"
PROMPT_TOKENS = 600
STEPS = 40


def measure(llm: Any) -> tuple[float, float]:
    """(prompt tokens per second, milliseconds per decoded token) for one read-then-decode run."""
    tokens = llm.tokenize(ARTICLE.read_bytes())[:PROMPT_TOKENS]
    llm.reset()
    started = time.perf_counter()
    llm.eval(tokens)
    read = time.perf_counter() - started
    started = time.perf_counter()
    for token in tokens[:STEPS]:
        llm.eval([token])
    decode = time.perf_counter() - started
    return len(tokens) / read, decode / STEPS * 1000


def main() -> None:
    llm = load_llama(model_path(Settings(backend="local")), n_ctx=DEFAULT_CONTEXT)
    llama_thread.run(lambda: measure(llm))  # warm-up
    rows = [("one thread (llama_thread)", *llama_thread.run(lambda: measure(llm)))]
    results: list[tuple[float, float]] = []
    second = threading.Thread(target=lambda: results.append(measure(llm)))
    second.start()
    second.join()
    rows.append(("a second calling thread", *results[0]))
    rows.append(("back on llama_thread after it", *llama_thread.run(lambda: measure(llm))))
    for name, read, decode in rows:
        print(f"{name:32s} prompt {read:6.1f} tokens/s   decode {decode:5.1f} ms/token")


if __name__ == "__main__":
    main()
