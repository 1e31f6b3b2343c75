"""Batch throughput and client CPU per article against a loopback endpoint with a fixed latency.

    .venv/bin/python benchmarks/throughput.py [--articles 1000] [--runs 16x0.2,64x2] [--profile]
                                              [--rpm N] [--tpm N]

1. Writes N generated articles (eight sentences: a decision, a permission, an exclusion, two
   quotations, an outlet, an opponent) to a temporary folder.
2. Starts a fake OpenAI-compatible endpoint in its own process (aiohttp on 127.0.0.1, a free port) that
   waits a fixed latency and answers each article's single-pass BriefDraft call with a full brief
   grounded in that article: an authorisation, an exclusion, three sources and two quotations, each
   citing its sentences. It listens on loopback only and stops by itself when told to, when this
   process goes away, or after --server-lifetime seconds.
3. For each CONCURRENCYxLATENCY of --runs, `run_batch` over the folder through the real openai
   client and instructor over real HTTP, and prints articles/s, the bound concurrency / latency, the
   ratio of the two (target >= 95%), and the client's CPU time per article (target <= 3 ms), all
   threads and of them the event loop's. Each brief is checked to have kept everything the answer
   said (nothing dropped).

The yes/no checks of decisions are off (`check_decisions=False`): they are further round trips per
article, and the bound counts one. CPU is this process's user + system time (getrusage), printed
apart as well: the system time is mostly the kernel creating the brief files, which varies with the
filesystem's state more than with this code (docs/benchmarks.md). A second load on the machine slows
the wall clock far more than the CPU figure, though a busy sibling core still makes every
instruction dearer. --profile runs the first batch under cProfile in every thread (the event loop
and the worker threads), each timed by its own thread's CPU clock, and prints the top functions of
all of them together.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import cProfile
import io
import json
import multiprocessing
import os
import pstats
import re
import resource
import shutil
import sys
import tempfile
import threading
import time
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import httpx

from summarizer.backends import Engine, build_engine
from summarizer.batch import BatchReport, run_batch
from summarizer.config import Settings

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from fakellm import serve as serve_app  # the test suite's loopback server

TOWNS = ["Arlen", "Brisk", "Corvo", "Dunmore", "Elsby", "Fairholt", "Garrow", "Hexley", "Ivel", "Jarrow"]
MAYORS = ["Jane Okafor", "Peter Lindqvist", "Maria Santos", "Aamir Khan", "Lena Novak", "Tom Brennan"]
OPPONENTS = ["Ruth Adeyemi", "Carl Whitfield", "Nina Petrova", "Owen Hughes", "Sara Lindgren"]
TOPICS = ["a new bridge", "a school budget", "longer library hours", "a bus lane", "a park renovation"]
_ITEM = re.compile(rb"\(item (\d+)\)")


def parts(number: int) -> dict[str, str]:
    return {
        "town": TOWNS[number % len(TOWNS)],
        "mayor": MAYORS[number % len(MAYORS)],
        "opponent": OPPONENTS[number % len(OPPONENTS)],
        "topic": TOPICS[number % len(TOPICS)],
    }


def article_text(number: int) -> str:
    p = parts(number)
    return (
        f"The {p['town']} town council voted on Tuesday to approve {p['topic']} (item {number}).\n"
        f"Mayor {p['mayor']} said the council had given the parks department permission to begin work in "
        "the spring.\n"
        f'"This is the project our residents have asked for, and we intend to deliver it on time," '
        f"{p['mayor']} told reporters after the vote.\n"
        "The plan does not cover the old ferry terminal, which will remain closed, the council said.\n"
        f"Opponents, led by councillor {p['opponent']}, argued that the cost of four million pounds was too "
        "high.\n"
        f'"We will keep campaigning until the budget is published in full," {p["opponent"]} said.\n'
        f"The {p['town']} Herald reported that two members abstained.\n"
        "Work is expected to take eighteen months.\n"
    )


def answer(number: int) -> dict[str, Any]:
    """The single-pass answer a good model gives for article `number`: every item grounded."""
    p = parts(number)
    return {
        "headline": f"{p['town']} council approves {p['topic']}",
        "summary": f"The {p['town']} town council approved {p['topic']}; work begins in the spring.",
        "event_date": None,
        "authorisations": [
            {
                "granted_by": f"The {p['town']} town council",
                "granted_to": "the parks department",
                "action": "begin work in the spring",
                "instruments": [],
                "scope": None,
                "conditions": None,
                "status": "granted",
                "sentences": [2],
            }
        ],
        "exclusions": [
            {"what": "the old ferry terminal", "applies_to": "the plan", "stated_by": "the council", "sentences": [4]}
        ],
        "sources": [
            {"name": p["mayor"], "kind": "official", "sentences": [2, 3]},
            {"name": p["opponent"], "kind": "official", "sentences": [5, 6]},
            {"name": f"The {p['town']} Herald", "kind": "media", "sentences": [7]},
        ],
        "quotes": [
            {
                "speaker": p["mayor"],
                "speaker_role": "Mayor",
                "text": "This is the project our residents have asked for, and we intend to deliver it on time",
            },
            {
                "speaker": p["opponent"],
                "speaker_role": "councillor",
                "text": "We will keep campaigning until the budget is published in full",
            },
        ],
    }


def completion_bytes(number: int) -> bytes:
    arguments = json.dumps(answer(number))
    body = {
        "id": f"chatcmpl-{number}",
        "object": "chat.completion",
        "created": 1_700_000_000,
        "model": "fake-model",
        "choices": [
            {
                "index": 0,
                "message": {
                    "role": "assistant",
                    "content": None,
                    "tool_calls": [
                        {"id": "call_1", "type": "function", "function": {"name": "BriefDraft", "arguments": arguments}}
                    ],
                },
                "finish_reason": "tool_calls",
            }
        ],
        "usage": {"prompt_tokens": 900, "completion_tokens": 350, "total_tokens": 1250},
    }
    return json.dumps(body).encode()


# --------------------------------------------------------------------------- the fake endpoint (own process)


def serve(conn: Connection, count: int, lifetime: float) -> None:
    """Entry point of the server process: send the port back on `conn`, then serve until told to stop."""
    asyncio.run(_serve(conn, count, lifetime))


async def _serve(conn: Connection, count: int, lifetime: float) -> None:
    from aiohttp import web

    parent = os.getppid()
    stop = asyncio.Event()
    state: dict[str, Any] = {"requests": 0, "latency": 0.2}
    # Pre-serialised, so that the server spends as little as possible of the shared CPU.
    canned = [completion_bytes(number) for number in range(count)]

    async def chat(request: web.Request) -> web.Response:
        state["requests"] += 1
        raw = await request.read()
        found = _ITEM.search(raw)
        await asyncio.sleep(state["latency"])
        if found is None or int(found[1]) >= count:
            return web.json_response({"error": {"message": "unknown article"}}, status=400)
        return web.Response(body=canned[int(found[1])], content_type="application/json")

    async def stats(request: web.Request) -> web.Response:
        return web.json_response({"requests": state["requests"]})

    async def configure(request: web.Request) -> web.Response:
        state["latency"] = float((await request.json())["latency"])
        return web.json_response({"latency": state["latency"]})

    async def shutdown(request: web.Request) -> web.Response:
        stop.set()
        return web.json_response({"stopping": True})

    app = web.Application()
    app.add_routes(
        [
            web.post("/v1/chat/completions", chat),
            web.get("/stats", stats),
            web.post("/configure", configure),
            web.post("/shutdown", shutdown),
        ]
    )
    # Loopback only, on a free port; the backlog takes a batch's requests arriving at once.
    async with serve_app(app, backlog=1024) as base_url:
        conn.send(int(base_url.rsplit(":", 1)[1]))
        conn.close()
        deadline = time.monotonic() + lifetime
        while not stop.is_set() and time.monotonic() < deadline and os.getppid() == parent:
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=1.0)


class Endpoint:
    """The server process, started and stopped by this one."""

    def __init__(self, count: int, lifetime: float) -> None:
        context = multiprocessing.get_context("spawn")
        receive, send = context.Pipe(duplex=False)
        self.process = context.Process(target=serve, args=(send, count, lifetime), daemon=True)
        self.process.start()
        send.close()
        if not receive.poll(60):
            self.process.kill()
            raise RuntimeError("the fake endpoint did not start")
        self.port: int = receive.recv()
        self.base_url = f"http://127.0.0.1:{self.port}"

    def configure(self, latency: float) -> None:
        httpx.post(f"{self.base_url}/configure", json={"latency": latency}, timeout=10).raise_for_status()

    def requests(self) -> int:
        return int(httpx.get(f"{self.base_url}/stats", timeout=10).json()["requests"])

    def stop(self) -> None:
        with contextlib.suppress(httpx.HTTPError):
            httpx.post(f"{self.base_url}/shutdown", timeout=5)
        self.process.join(10)
        if self.process.is_alive():
            self.process.kill()
            self.process.join(5)


# --------------------------------------------------------------------------- the client side


def write_articles(folder: Path, count: int) -> None:
    for number in range(count):
        (folder / f"article-{number:04d}.txt").write_text(article_text(number), encoding="utf-8")


def engine_for(endpoint: Endpoint, concurrency: int, rpm: float | None, tpm: float | None) -> Engine:
    # Budgets only when asked for, so the script also runs against code from before they existed.
    budgets: dict[str, Any] = {name: value for name, value in (("rpm", rpm), ("tpm", tpm)) if value}
    settings = Settings(
        base_url=f"{endpoint.base_url}/v1",
        api_key="bench-key",
        model="fake-model",
        passes="single",
        concurrency=concurrency,
        timeout=60,
        check_decisions=False,
        **budgets,
    )
    return build_engine(settings)


def cpu_seconds() -> tuple[float, float]:
    """This process's user and system CPU seconds so far."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime, usage.ru_stime


def timed_batch(
    folder: Path, out: Path, engine: Engine, concurrency: int
) -> tuple[BatchReport, float, tuple[float, float], float]:
    """The batch's report, wall seconds, user and system CPU seconds of the whole process, and CPU
    seconds of the event loop's thread."""
    (user, system), loop_cpu = cpu_seconds(), time.thread_time()
    started = time.perf_counter()
    report = asyncio.run(run_batch([folder], out, engine=engine, concurrency=concurrency))
    after = cpu_seconds()
    return report, time.perf_counter() - started, (after[0] - user, after[1] - system), time.thread_time() - loop_cpu


def check_briefs(out: Path, count: int) -> None:
    """Every brief kept the whole answer: the benchmark measured real content, not dropped items."""
    for path in sorted(out.glob("*.json"))[:count]:
        brief = json.loads(path.read_text(encoding="utf-8"))
        counts = [len(brief[section]) for section in ("authorisations", "exclusions", "sources", "quotes")]
        assert not brief["grounding"]["dropped"] and counts[0] == 1 and counts[1] == 1, (path, brief["grounding"])
        assert counts[2] >= 3 and counts[3] == 2, (path, counts)


class ThreadProfiles:
    """cProfile in this thread and in every thread started while it is on, each on its thread's CPU clock.

    The worker threads do half of a brief's work (preparing, parsing, grounding, writing); a profile of
    the event loop alone, timed by the wall clock, shows mostly the loop waiting.
    """

    def __init__(self) -> None:
        self.profiles: list[cProfile.Profile] = []
        self._lock = threading.Lock()

    def _start(self, *event: Any) -> None:
        profile = cProfile.Profile(time.thread_time)
        with self._lock:
            self.profiles.append(profile)
        profile.enable()

    def __enter__(self) -> ThreadProfiles:
        threading.setprofile(self._start)
        self._start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.profiles[0].disable()
        threading.setprofile(None)

    def print(self) -> None:
        # The batch's worker threads have ended with its event loop: their profiles are complete.
        for order in ("tottime", "cumulative"):
            stream = io.StringIO()
            pstats.Stats(*self.profiles, stream=stream).sort_stats(order).print_stats(30)
            print(f"--- batch profile by {order}, {len(self.profiles)} threads, CPU time")
            print("\n".join(line for line in stream.getvalue().splitlines() if line.strip()))


def parse_runs(text: str) -> list[tuple[int, float]]:
    runs = []
    for item in text.split(","):
        concurrency, latency = item.lower().split("x")
        runs.append((int(concurrency), float(latency)))
    return runs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--runs", type=parse_runs, default=parse_runs("16x0.2,64x2"), help="CONCURRENCYxLATENCY,...")
    parser.add_argument("--server-lifetime", type=float, default=1800, help="the server stops after this long")
    parser.add_argument("--profile", action="store_true", help="run the first batch under cProfile, all threads")
    parser.add_argument("--rpm", type=float, help="the client's requests-per-minute budget")
    parser.add_argument("--tpm", type=float, help="the client's tokens-per-minute budget")
    args = parser.parse_args()

    endpoint = Endpoint(args.articles, args.server_lifetime)
    try:
        with tempfile.TemporaryDirectory(prefix="summarizer-bench-") as temp:
            folder = Path(temp) / "articles"
            folder.mkdir()
            write_articles(folder, args.articles)
            print(f"{args.articles} articles; server pid {endpoint.process.pid} at {endpoint.base_url}")
            for run, (concurrency, latency) in enumerate(args.runs):
                endpoint.configure(latency)
                out = Path(temp) / f"briefs-{run}"
                engine = engine_for(endpoint, concurrency, args.rpm, args.tpm)
                profiler = ThreadProfiles() if args.profile and run == 0 else None
                calls = endpoint.requests()
                with profiler or contextlib.nullcontext():
                    report, seconds, (user, system), loop_cpu = timed_batch(folder, out, engine, concurrency)
                cpu = user + system
                calls = endpoint.requests() - calls
                assert report.ok and len(report.done) == args.articles, report.failures[:3]
                check_briefs(out, args.articles)
                rate = args.articles / seconds
                bound = concurrency / latency
                print(
                    f"{concurrency:3d} in flight x {latency * 1000:5.0f} ms: {rate:6.1f} articles/s "
                    f"({seconds:.2f} s, {calls} calls); bound {bound:.0f}/s; ratio {rate / bound:.1%} "
                    f"(target >= 95%); client CPU {cpu * 1000 / args.articles:.2f} ms/article "
                    f"(target <= 3; user {user * 1000 / args.articles:.2f}, system "
                    f"{system * 1000 / args.articles:.2f}), {cpu / seconds:.0%} of a core; on the event loop "
                    f"{loop_cpu * 1000 / args.articles:.2f} ms/article",
                    flush=True,
                )
                per_article = sorted(report.seconds_by_article.values())
                print(
                    f"{'':22}each article from its first step to its brief: median "
                    f"{per_article[len(per_article) // 2] * 1000:.0f} ms, p95 "
                    f"{per_article[int(len(per_article) * 0.95)] * 1000:.0f} ms (the endpoint's latency "
                    f"{latency * 1000:.0f} ms; prepared a round ahead, an article waits about a round for "
                    "a request's place)",
                    flush=True,
                )
                shutil.rmtree(out)
                if profiler:
                    profiler.print()
    finally:
        endpoint.stop()


if __name__ == "__main__":
    main()
