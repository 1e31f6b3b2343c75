"""Batch throughput against an endpoint with a fixed latency, and the cost of a resumed run.

    .venv/bin/python benchmarks/batch_throughput.py [--articles 1000] [--latency 0.2] [--concurrency 16]
                                                    [--sequential 50] [--profile]

1. Writes N small generated articles (a few sentences each) to a temporary folder.
2. Starts a fake OpenAI-compatible endpoint in a separate process: an aiohttp server on 127.0.0.1 (a
   free port picked by the OS) that waits a fixed latency and then answers every BriefDraft tool call
   with a valid minimal brief (and the five multi-pass tools likewise). It listens on loopback only and
   stops by itself: when asked to, when this process goes away, or after --server-lifetime seconds.
3. `run_batch` with the given concurrency over the folder, through the real openai client over real
   HTTP: prints articles/s, the bound concurrency / latency (80 articles/s for 16 and 200 ms), and the
   ratio of the two (target: at least 90%), with the client's CPU time per article.
4. A plain sequential loop of `summarize` over the first --sequential articles: its articles/s, and how
   many times faster the batch is.
5. The batch again on the unchanged folder: the model calls it made (counted by the server; must be 0).

--profile runs step 3 under cProfile and prints the top functions by own and cumulative time.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import cProfile
import io
import multiprocessing
import os
import pstats
import resource
import socket
import sys
import tempfile
import time
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import httpx

from summarizer.batch import BatchReport, run_batch

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from fakellm import completion as canned_completion

from summarizer.backends import Engine, build_engine
from summarizer.config import Settings
from summarizer.extract.pipeline import summarize

MINIMAL_ANSWERS: dict[str, dict[str, Any]] = {
    "BriefDraft": {
        "headline": "Council approves a bridge",
        "summary": "The council approved a new bridge, the article says.",
        "event_date": None,
        "authorisations": [],
        "exclusions": [],
        "sources": [],
        "quotes": [],
    },
    "Overview": {
        "headline": "Council approves a bridge",
        "summary": "The council approved a bridge.",
        "event_date": None,
    },
    "Authorisations": {"authorisations": []},
    "Exclusions": {"exclusions": []},
    "Sources": {"sources": []},
    "Quotes": {"quotes": []},
}

TOWNS = ["Arlen", "Brisk", "Corvo", "Dunmore", "Elsby", "Fairholt", "Garrow", "Hexley"]
TOPICS = ["a new bridge", "a school budget", "longer library hours", "a bus lane", "a park renovation"]


# --------------------------------------------------------------------------- the fake endpoint (own process)


def completion(tool: str) -> dict[str, Any]:
    return canned_completion(tool, MINIMAL_ANSWERS[tool], prompt_tokens=300, completion_tokens=60)


def serve(conn: Connection, latency: float, lifetime: float) -> None:
    """Entry point of the server process: send the port back on `conn`, then serve until told to stop."""
    asyncio.run(_serve(conn, latency, lifetime))


async def _serve(conn: Connection, latency: float, lifetime: float) -> None:
    from aiohttp import web

    parent = os.getppid()
    stop = asyncio.Event()
    counts = {"requests": 0}

    async def chat(request: web.Request) -> web.Response:
        counts["requests"] += 1
        body = await request.json()
        tools = body.get("tools") or []
        tool = tools[0]["function"]["name"] if tools else None
        await asyncio.sleep(latency)
        if tool not in MINIMAL_ANSWERS:
            return web.json_response({"error": {"message": f"no answer for tool {tool!r}"}}, status=400)
        return web.json_response(completion(tool))

    async def stats(request: web.Request) -> web.Response:
        return web.json_response(counts)

    async def shutdown(request: web.Request) -> web.Response:
        stop.set()
        return web.json_response({"stopping": True})

    app = web.Application()
    app.add_routes([web.post("/v1/chat/completions", chat), web.get("/stats", stats), web.post("/shutdown", shutdown)])
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))  # loopback only, any free port
    sock.listen(256)
    site = web.SockSite(runner, sock)
    await site.start()
    conn.send(sock.getsockname()[1])
    conn.close()
    deadline = time.monotonic() + lifetime
    try:
        while not stop.is_set() and time.monotonic() < deadline and os.getppid() == parent:
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=1.0)
    finally:
        await runner.cleanup()


class Endpoint:
    """The server process, started and stopped by this one."""

    def __init__(self, latency: float, lifetime: float) -> None:
        context = multiprocessing.get_context("spawn")
        receive, send = context.Pipe(duplex=False)
        self.process = context.Process(target=serve, args=(send, latency, lifetime), daemon=True)
        self.process.start()
        send.close()
        if not receive.poll(60):
            self.process.kill()
            raise RuntimeError("the fake endpoint did not start")
        self.port: int = receive.recv()
        self.base_url = f"http://127.0.0.1:{self.port}"

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
        town = TOWNS[number % len(TOWNS)]
        topic = TOPICS[number % len(TOPICS)]
        text = (
            f"The {town} town council met on Tuesday evening to discuss {topic} (item {number}).\n"
            f"After two hours of debate the members approved the plan by seven votes to two.\n"
            f"Mayor Jane Okafor said the work would start in the spring.\n"
            f"Residents who opposed the plan said they would keep campaigning.\n"
        )
        (folder / f"article-{number:04d}.txt").write_text(text, encoding="utf-8")


def engine_for(endpoint: Endpoint, concurrency: int) -> Engine:
    settings = Settings(
        base_url=f"{endpoint.base_url}/v1",
        api_key="bench-key",
        model="fake-model",
        passes="single",
        concurrency=concurrency,
        timeout=60,
    )
    return build_engine(settings)


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def timed_batch(folder: Path, out: Path, engine: Engine, concurrency: int) -> tuple[BatchReport, float, float]:
    cpu = cpu_seconds()
    started = time.perf_counter()
    report = asyncio.run(run_batch([folder], out, engine=engine, concurrency=concurrency))
    return report, time.perf_counter() - started, cpu_seconds() - cpu


def print_profile(profiler: cProfile.Profile) -> None:
    for order in ("tottime", "cumulative"):
        stream = io.StringIO()
        pstats.Stats(profiler, stream=stream).sort_stats(order).print_stats(20)
        print(f"--- batch profile by {order}")
        print("\n".join(line for line in stream.getvalue().splitlines() if line.strip()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--latency", type=float, default=0.2, help="seconds the endpoint waits per request")
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--sequential", type=int, default=50, help="articles for the sequential loop")
    parser.add_argument("--server-lifetime", type=float, default=900, help="the server stops after this long")
    parser.add_argument("--profile", action="store_true", help="run the batch under cProfile")
    args = parser.parse_args()

    endpoint = Endpoint(args.latency, args.server_lifetime)
    try:
        with tempfile.TemporaryDirectory(prefix="summarizer-bench-") as temp:
            folder, out = Path(temp) / "articles", Path(temp) / "briefs"
            folder.mkdir()
            write_articles(folder, args.articles)
            engine = engine_for(endpoint, args.concurrency)
            bound = args.concurrency / args.latency
            print(
                f"{args.articles} articles, endpoint latency {args.latency * 1000:.0f} ms, "
                f"concurrency {args.concurrency}, server pid {endpoint.process.pid} at {endpoint.base_url}"
            )

            profiler = cProfile.Profile() if args.profile else None
            calls = endpoint.requests()
            if profiler:
                profiler.enable()
            report, seconds, cpu = timed_batch(folder, out, engine, args.concurrency)
            if profiler:
                profiler.disable()
            calls = endpoint.requests() - calls
            assert report.ok and len(report.done) == args.articles, report.failures[:3]
            rate = args.articles / seconds
            print(
                f"batch:      {rate:6.1f} articles/s ({seconds:.2f} s, {calls} model calls); "
                f"bound {bound:.0f} articles/s; ratio {rate / bound:.1%} (target >= 90%)"
            )
            print(
                f"            client CPU {cpu * 1000 / args.articles:.2f} ms per article "
                f"({cpu / seconds:.0%} of one core)"
            )

            subset = sorted(folder.glob("*.txt"))[: args.sequential]
            started = time.perf_counter()
            for path in subset:
                summarize(path, engine=engine)
            sequential_seconds = time.perf_counter() - started
            sequential_rate = len(subset) / sequential_seconds
            print(
                f"sequential: {sequential_rate:6.1f} articles/s ({len(subset)} articles in "
                f"{sequential_seconds:.2f} s); batch speed-up x{rate / sequential_rate:.1f}"
            )

            calls = endpoint.requests()
            report, seconds, _ = timed_batch(folder, out, engine, args.concurrency)
            calls = endpoint.requests() - calls
            print(
                f"re-run:     {calls} model calls on the unchanged folder "
                f"({len(report.skipped)} skipped, {len(report.done)} done, {seconds:.2f} s)"
            )
            if profiler:
                print_profile(profiler)
    finally:
        endpoint.stop()


if __name__ == "__main__":
    main()
