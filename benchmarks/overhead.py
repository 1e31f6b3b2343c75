"""Framework overhead per article: everything `summarize` does except waiting for the model.

    .venv/bin/python benchmarks/overhead.py [-n 200] [--warmup 20] [--profile]

The seed article (tests/fixtures/articles/2024-05-31-us-allows-ukraine-strikes.txt) is summarised N
times in a row, sequentially, through the real `openai` client, instructor, validation and grounding.
The model is replaced by an httpx.MockTransport that answers at once with the canned answer of
tests/fixtures/llm/seed.json (single pass: one BriefDraft call), pre-serialised so that the fake does
as little as possible. The multi pass is left out: its requests (overview, sources, speakers) go through
the same code, and its decisions are read by code (`text.decisions`), not asked for.

Printed: milliseconds per article (mean, p50, p95, min), the part of it spent inside the fake
transport's handler (reading the tool name from the request and handing back the canned bytes), and the
rest, which is the framework's own overhead per article. With --profile, the top functions of a cProfile
run of the single-pass loop by cumulative and by own time.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import pstats
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from summarizer.backends import Engine, build_engine
from summarizer.config import Passes, Settings
from summarizer.extract.pipeline import summarize
from summarizer.io.loaders import load_file
from summarizer.models import Article

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from fakellm import completion as canned_completion  # noqa: E402  (the test suite's fake answers)

FIXTURES = ROOT / "tests" / "fixtures"
SEED = FIXTURES / "articles" / "2024-05-31-us-allows-ukraine-strikes.txt"
ANSWERS: dict[Passes, Path] = {"single": FIXTURES / "llm" / "seed.json"}


def completion_bytes(tool: str, answer: Any) -> bytes:
    """An OpenAI chat completion that calls `tool` with `answer`, as the bytes a server would send."""
    return json.dumps(canned_completion(tool, answer)).encode("utf-8")


@dataclass
class CannedTransport:
    """The fake model: one pre-serialised answer per tool name; times its own work."""

    answers: dict[str, bytes]
    seconds: float = 0.0
    calls: int = 0
    headers: dict[str, str] = field(default_factory=lambda: {"content-type": "application/json"})

    def handle(self, request: httpx.Request) -> httpx.Response:
        started = time.perf_counter()
        body = json.loads(request.content)
        tool = body["tools"][0]["function"]["name"]
        response = httpx.Response(200, headers=self.headers, content=self.answers[tool])
        self.calls += 1
        self.seconds += time.perf_counter() - started
        return response


def engine_for(passes: Passes) -> tuple[Engine, CannedTransport]:
    canned = json.loads(ANSWERS[passes].read_text(encoding="utf-8"))
    fake = CannedTransport({tool: completion_bytes(tool, answers[0]) for tool, answers in canned.items()})
    transport = httpx.MockTransport(fake.handle)
    # The yes/no checks of decisions are off: the canned answers have none, and throughput.py leaves
    # them out too.
    settings = Settings(
        base_url="http://fake-llm.test/v1", api_key="bench", model="fake-model", passes=passes, check_decisions=False
    )
    engine = build_engine(
        settings,
        http_client=httpx.Client(transport=transport),
        async_http_client=httpx.AsyncClient(transport=transport),
    )
    return engine, fake


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def measure(article: Article, passes: Passes, n: int, warmup: int) -> None:
    engine, fake = engine_for(passes)
    for _ in range(warmup):
        summarize(article, engine=engine)
    fake.seconds, fake.calls = 0.0, 0
    times: list[float] = []
    for _ in range(n):
        started = time.perf_counter()
        brief = summarize(article, engine=engine)
        times.append(time.perf_counter() - started)
    assert brief.grounding.verified > 0 and not brief.grounding.dropped, "the canned answer did not ground"
    ms = [t * 1000 for t in times]
    mean = statistics.mean(ms)
    fake_ms = fake.seconds * 1000 / n
    print(
        f"{passes:>6} pass ({fake.calls // n} request{'s' if fake.calls // n > 1 else ''}/article, N={n}): "
        f"mean {mean:.2f} ms  p50 {percentile(ms, 0.5):.2f} ms  p95 {percentile(ms, 0.95):.2f} ms  "
        f"min {min(ms):.2f} ms per article"
    )
    print(
        f"{'':>6}   in the fake transport's handler {fake_ms:.3f} ms ({fake_ms / mean:.1%}); "
        f"framework overhead without it {mean - fake_ms:.2f} ms per article"
    )


def profile(article: Article, n: int) -> None:
    engine, _ = engine_for("single")
    summarize(article, engine=engine)
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(n):
        summarize(article, engine=engine)
    profiler.disable()
    for order in ("cumulative", "tottime"):
        stream = io.StringIO()
        pstats.Stats(profiler, stream=stream).sort_stats(order).print_stats(25)
        print(f"--- single pass, {n} articles, by {order}")
        print("\n".join(line for line in stream.getvalue().splitlines() if line.strip())[:6000])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("-n", type=int, default=200, help="timed articles per mode (default 200)")
    parser.add_argument("--warmup", type=int, default=20, help="untimed articles first (default 20)")
    parser.add_argument("--profile", action="store_true", help="also print a cProfile of the single-pass loop")
    args = parser.parse_args()
    article = load_file(SEED)[0]
    print(f"article: {SEED.name} ({len(article.text):,} characters)")
    measure(article, "single", args.n, args.warmup)
    if args.profile:
        profile(article, args.n)


if __name__ == "__main__":
    main()
