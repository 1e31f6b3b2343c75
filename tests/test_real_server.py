"""`summarizer batch` against a real OpenAI-compatible server, over HTTP, in each structured-output mode.

The server is llama-cpp-python's (`python -m llama_cpp.server`, through the wrapper
`summarizer.backends.local.server`, which only fixes the CPU weight layouts), serving the embedded
model on loopback. Nothing is faked: the openai client, the server's chat template, its tool calls,
JSON mode and log probabilities, instructor's parsing, the grounding and the checks all run for real.
Needs the `[local]` extra (which carries llama-cpp-python's `server` extra) and the model.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from conftest import SEED

from summarizer import cli
from summarizer.io.loaders import load_file
from summarizer.models import Brief, Evidence

pytestmark = pytest.mark.slow

MODEL_NAME = "qwen2.5-coder-1.5b"
STARTUP_SECONDS = 180


@dataclass
class Server:
    url: str
    log: Path

    def chat_requests(self) -> int:
        return self.log.read_text(encoding="utf-8", errors="replace").count('"POST /v1/chat/completions HTTP/1.1" 200')


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _tail(path: Path, lines: int = 30) -> str:
    return "\n".join(path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    from summarizer.backends.local.engine import model_path
    from summarizer.config import Settings

    try:
        import llama_cpp.server.app  # noqa: F401
    except ImportError as error:
        pytest.fail(f"llama-cpp-python's server extra is missing ({error}): pip install -e '.[local,test]'")
    model = model_path(Settings.from_env())  # what `summarizer model` assembles and prints
    port = _free_port()
    log = tmp_path_factory.mktemp("server") / "server.log"
    command = [
        sys.executable,
        "-m",
        "summarizer.backends.local.server",
        "--model",
        str(model),
        "--model_alias",
        MODEL_NAME,
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        # The single-pass prompt (system, numbered article, task, and in tools mode the tool's schema
        # in the chat template) is about 3,000 tokens for the seed article, and its answer up to 3,000.
        "--n_ctx",
        "8192",
        # Generation threads: llama-cpp-python's default is half the cores.
        "--n_threads",
        str(os.cpu_count() or 1),
    ]
    with log.open("wb") as sink:
        # Unbuffered: the test counts the access log's lines while the server runs.
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        process = subprocess.Popen(command, stdout=sink, stderr=subprocess.STDOUT, env=env)
    url = f"http://127.0.0.1:{port}/v1"
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        while True:
            if process.poll() is not None:
                pytest.fail(f"the server exited with status {process.returncode}:\n{_tail(log)}")
            try:
                if httpx.get(f"{url}/models", timeout=5).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"the server did not answer /v1/models within {STARTUP_SECONDS} s:\n{_tail(log)}")
            time.sleep(1)
        yield Server(url, log)
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()  # uvicorn waits for a request still being answered
            process.wait()


def _spans(brief: Brief) -> list[Evidence]:
    spans = [quote.span for quote in brief.quotes]
    for items in (brief.authorisations, brief.exclusions, brief.sources):
        for item in items:
            spans.extend(item.evidence)
    return spans


# The two structured-output modes a server constrains, as llama_cpp.server does them: `tools` as a
# forced tool call whose arguments a grammar built from the tool's schema constrains; `json` as
# `response_format` json_object (a JSON grammar). `md_json` (plain text with a fenced block) is not
# constrained by any server, so a 1.5B model's answer there says nothing about the HTTP path.
@pytest.mark.parametrize("mode", ["tools", "json"])
def test_batch_over_http_gives_grounded_briefs(
    server: Server,
    mode: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    for name in ("SUMMARIZER_BACKEND", "SUMMARIZER_PASSES", "SUMMARIZER_MODE", "SUMMARIZER_PRICES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("OPENAI_BASE_URL", server.url)
    monkeypatch.setenv("OPENAI_API_KEY", "sk-local-not-checked")
    monkeypatch.setenv("SUMMARIZER_MODEL", MODEL_NAME)
    # One long answer from a 1.5B model on two shared cores can take minutes.
    monkeypatch.setenv("SUMMARIZER_TIMEOUT", "900")
    # The yes/no checks (one token and its top_logprobs each) take the same path in every mode: asked
    # in tools mode only, which keeps the three runs within a few minutes.
    monkeypatch.setenv("SUMMARIZER_CHECK_DECISIONS", "1" if mode == "tools" else "0")
    before = server.chat_requests()
    out = tmp_path / "briefs"
    # Single pass: one request per article (and a check per decision) is the path for endpoints.
    code = cli.main(
        ["batch", str(SEED), "--out", str(out), "--backend", "openai", "--mode", mode, "--passes", "single"]
    )
    captured = capsys.readouterr()
    failures = out / "failures.jsonl"
    assert code == 0, captured.err + (failures.read_text(encoding="utf-8") if failures.exists() else "")

    brief = Brief.model_validate_json((out / f"{SEED.stem}.json").read_text(encoding="utf-8"))
    article = load_file(SEED)[0]
    assert brief.article.sha256 == article.sha256
    assert brief.headline.strip() and brief.summary.strip()
    assert brief.grounding.failed_passes == []
    spans = _spans(brief)
    assert spans, "a brief without a grounded quote, source or decision shows nothing of the grounding"
    for span in spans:
        assert article.text[span.start : span.end] == span.text
    # The answers came over HTTP from the server, and their usage with them.
    usage = brief.usage
    assert usage.backend == "openai" and usage.model == MODEL_NAME
    assert usage.requests >= 1 and usage.prompt_tokens > 0 and usage.completion_tokens > 0
    assert server.chat_requests() - before >= usage.attempts >= 1
    assert usage.cost_usd is None, "a local model has no price"
    decisions = (
        brief.authorisations + brief.exclusions + [item.authorisation or item.exclusion for item in brief.unverified]
    )
    if mode == "tools" and decisions:
        # The checks were asked over HTTP and answered: a decision carries the confidence they gave.
        assert any(d is not None and d.confidence is not None for d in decisions)


def test_the_wrapper_serves_with_the_stock_arguments_and_the_embedded_weight_layouts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import llama_cpp
    import llama_cpp.llama_cpp as llama_lib
    import llama_cpp.server.__main__ as stock

    from summarizer.backends.local import server as wrapper
    from summarizer.backends.local.engine import model_path
    from summarizer.backends.local.sampling import fast_grammar_llama_class
    from summarizer.config import Settings

    seen: dict[str, object] = {}

    def serve() -> None:
        seen["argv"] = list(sys.argv[1:])
        seen["extra_layouts"] = llama_lib.llama_model_default_params().use_extra_bufts
        seen["llama"] = llama_cpp.Llama

    monkeypatch.setattr(stock, "main", serve)
    monkeypatch.setattr(sys, "argv", ["server"])
    monkeypatch.setenv("SUMMARIZER_WEIGHT_LAYOUTS", "plain")
    original = llama_lib.llama_model_default_params
    wrapper.main(["--port", "8123", "--n_ctx=4096"])
    # The embedded model, llama_cpp.server's own arguments untouched, and no AMX (extra) layouts.
    assert seen["argv"] == ["--model", str(model_path(Settings.from_env())), "--port", "8123", "--n_ctx=4096"]
    assert seen["extra_layouts"] is False
    # The server builds its model with the embedded runtime's class (its fast grammar sampling), and
    # the module gets llama-cpp-python's own class back afterwards.
    assert seen["llama"] is fast_grammar_llama_class(llama_cpp) and llama_cpp.Llama is not seen["llama"]
    assert llama_lib.llama_model_default_params is original, "restored when the server returns"
    assert original().use_extra_bufts is True, "llama.cpp's own default, which the wrapper overrides"

    monkeypatch.setenv("SUMMARIZER_WEIGHT_LAYOUTS", "repack")
    wrapper.main(["--model", str(tmp_path / "other.gguf")])
    # A file that cannot be read gets no repacking (llama.cpp reports it better), so mmap stays.
    assert seen["argv"] == ["--model", str(tmp_path / "other.gguf")]
    wrapper.main(["--model", str(model_path(Settings.from_env()))])
    assert seen["argv"] == ["--model", str(model_path(Settings.from_env())), "--use_mmap", "False"]
