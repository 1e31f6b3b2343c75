"""`python -m summarizer.backends.local.server`: llama-cpp-python's OpenAI-compatible server
(`python -m llama_cpp.server`, the same arguments; the `[server]` extra) with the weights laid out in
memory as the embedded backend lays them out.

Why not the stock server: it loads the model with llama.cpp's default CPU layouts, AMX included, and
a llama.cpp built with -march=native on a VM that advertises AMX without allowing it dies with SIGSEGV
on the first request (runtime.load_llama explains). This wrapper applies SUMMARIZER_WEIGHT_LAYOUTS
(`repack` by default) around the stock server's own `main`, and the embedded runtime's greedy grammar
sampling; everything else — the HTTP API, chat template, tool calls, JSON mode, logprobs — is
llama_cpp.server's. Without `--model` it serves the embedded model (`summarizer model`).
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from summarizer.config import Settings


def _option(argv: Sequence[str], name: str) -> str | None:
    """The value of `--name VALUE` or `--name=VALUE` in argv, as llama_cpp.server's argparse reads it."""
    for index, arg in enumerate(argv):
        if arg == name and index + 1 < len(argv):
            return argv[index + 1]
        if arg.startswith(name + "="):
            return arg.split("=", 1)[1]
    return None


def main(argv: Sequence[str] | None = None) -> None:
    import llama_cpp
    import llama_cpp.llama_cpp as llama_lib
    from llama_cpp.server.__main__ import main as serve

    from summarizer.backends.local.runtime import _load_params, _repack_overrides
    from summarizer.backends.local.sampling import fast_grammar_llama_class

    args = list(sys.argv[1:] if argv is None else argv)
    settings = Settings.from_env()
    model = _option(args, "--model")
    if model is None:
        from summarizer.backends.local.engine import model_path

        model = str(model_path(settings))
        args = ["--model", model, *args]
    layouts = settings.weight_layouts
    overrides = _repack_overrides(Path(model)) if layouts == "repack" else None
    if overrides is not None and _option(args, "--use_mmap") is None:
        # Repacked weights are copies: with the file memory-mapped too, the pages read to make them
        # stay resident as well (as in runtime.load_llama).
        args += ["--use_mmap", "False"]
    sys.argv = [sys.argv[0], *args]
    stock = llama_cpp.Llama
    # The server builds its model as `llama_cpp.Llama(...)`: the embedded runtime's subclass decodes a
    # grammar-constrained answer at temperature 0 by testing the likeliest token against the grammar
    # first, and with drafted tokens (sampling.py: the answer plain greedy decoding gives), where
    # llama-cpp-python filters all 151,936 tokens through the grammar at every step, a large share of
    # generation time (docs/benchmarks.md).
    llama_cpp.Llama = fast_grammar_llama_class(llama_cpp)  # type: ignore[misc]
    try:
        # Held for the whole run, not only the first load: the server loads a model again when a
        # request names another one of its configured models.
        with _load_params(llama_lib, extra_layouts=layouts == "all", overrides=overrides):
            serve()  # type: ignore[no-untyped-call]  # llama_cpp.server's own entry point is untyped
    finally:
        llama_cpp.Llama = stock  # type: ignore[misc]


if __name__ == "__main__":
    main()
