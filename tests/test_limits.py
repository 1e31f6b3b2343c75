"""Rate limits: the AIMD window, the budgets and the headers, then a batch against a server that enforces one."""

from __future__ import annotations

import asyncio
import json
import time
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web
from fakellm import completion, serve

from summarizer.backends import build_engine
from summarizer.backends.limits import RateLimiter, TokenBucket, Window, parse_duration
from summarizer.batch import run_batch
from summarizer.cli import parser
from summarizer.config import RetryPolicy, Settings
from summarizer.errors import ConfigurationError


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("1s", 1.0), ("6m0s", 360.0), ("20ms", 0.02), ("1m30.5s", 90.5), ("0.25", 0.25), ("soon", None), (None, None)],
)
def test_reset_durations_as_openai_writes_them(text: str | None, seconds: float | None) -> None:
    assert parse_duration(text) == seconds


def test_a_bucket_paces_to_its_budget() -> None:
    bucket = TokenBucket.per_minute(60, now=0.0)  # one a second, one saved up
    assert bucket.delay(1, 0.0) == 0.0
    bucket.take(1, 0.0)
    assert bucket.delay(1, 0.0) == pytest.approx(1.0)
    assert bucket.delay(1, 0.5) == pytest.approx(0.5)
    assert bucket.delay(1, 1.0) == 0.0


def test_a_cost_above_the_capacity_goes_into_debt_and_is_corrected_later() -> None:
    bucket = TokenBucket.per_minute(6000, now=0.0)  # 100 tokens a second, 100 saved up
    bucket.take(400, 0.0)  # the estimate: allowed at once, then 3 s of debt
    assert bucket.delay(50, 0.0) == pytest.approx(3.5)
    bucket.give_back(300)  # the answer used 100
    assert bucket.delay(50, 0.0) == pytest.approx(0.5)


def test_the_window_halves_once_per_round_and_grows_back_by_one_a_round() -> None:
    window = Window(ceiling=64)
    window.shrink(in_flight=32, number=40, newest=50)
    assert window.size == 16
    # 429s of requests sent before the cut say nothing new.
    window.shrink(in_flight=31, number=45, newest=50)
    assert window.size == 16
    for _ in range(16):  # one round trip of successes
        window.grow()
    assert 16.9 < window.size < 17.1
    window.shrink(in_flight=17, number=51, newest=60)
    assert 8.0 <= window.size <= 8.6
    for _ in range(100_000):
        window.grow()
    assert window.size == 64


def limiter(**options: Any) -> tuple[RateLimiter, Clock]:
    clock = Clock()
    return RateLimiter(clock=clock, **options), clock


def test_remaining_zero_pauses_until_the_reset() -> None:
    limits, clock = limiter()
    ticket = limits.admit(0, clock.now)
    limits.finish(
        ticket,
        status=200,
        headers={"x-ratelimit-remaining-tokens": "0", "x-ratelimit-reset-tokens": "2s"},
        used_tokens=10,
    )
    assert limits.delay(0, clock.now) == pytest.approx(2.0)
    clock.now += 2.0
    assert limits.delay(0, clock.now) == 0.0


def test_a_cap_bounds_the_requests_in_flight_under_the_window_while_it_holds() -> None:
    limits, clock = limiter(ceiling=16)
    with limits.capped(2):
        tickets = [limits.admit(0, clock.now) for _ in range(2)]
        assert limits.delay(0, clock.now) is None
        limits.finish(tickets[0], status=200, headers=None, used_tokens=None)
        assert limits.delay(0, clock.now) == 0.0
        # A narrower window still wins over the cap.
        limits.window.size = 1.0
        assert limits.delay(0, clock.now) is None
    limits.window.size = 16.0
    tickets.append(limits.admit(0, clock.now))
    assert limits.in_flight == 2 and limits.delay(0, clock.now) == 0.0


def test_a_429_pauses_everyone_for_retry_after_and_narrows_the_window() -> None:
    limits, clock = limiter(ceiling=16)
    tickets = [limits.admit(0, clock.now) for _ in range(8)]
    limits.finish(tickets[0], status=429, headers={"retry-after": "3"}, used_tokens=None)
    assert limits.window.size == 4.0 and limits.throttled == 1
    assert limits.delay(0, clock.now) == pytest.approx(3.0)
    clock.now += 3.0
    # Seven still in flight, four allowed: the next request waits for answers, not for the clock.
    assert limits.delay(0, clock.now) is None


def test_a_stated_request_budget_is_kept_with_a_margin() -> None:
    limits, clock = limiter()
    ticket = limits.admit(0, clock.now)
    limits.finish(ticket, status=200, headers={"x-ratelimit-limit-requests": "600"}, used_tokens=None)
    # 600 a minute is 10 a second; at 95% one request every 1/9.5 s.
    assert limits.delay(0, clock.now) == pytest.approx(1 / 9.5)


def test_rpm_and_tpm_budgets_from_the_settings() -> None:
    limits, clock = limiter(rpm=120, tpm=6000)
    limits.admit(50, clock.now)
    limits.admit(50, clock.now)
    assert limits.delay(50, clock.now) == pytest.approx(0.5)  # 2 requests a second, 2 saved up


def test_budgets_from_the_environment_and_the_command_line() -> None:
    settings = Settings.from_env({"SUMMARIZER_RPM": "500", "SUMMARIZER_TPM": "90000"})
    assert (settings.rpm, settings.tpm) == (500, 90000)
    with pytest.raises(ConfigurationError, match="SUMMARIZER_RPM"):
        Settings.from_env({"SUMMARIZER_RPM": "-3"})
    args = parser().parse_args(["batch", "in", "--out", "out", "--rpm", "60", "--tpm", "1000"])
    assert (args.rpm, args.tpm) == (60, 1000)
    with pytest.raises(SystemExit):
        parser().parse_args(["batch", "in", "--out", "out", "--rpm", "0"])


async def test_an_engine_passes_its_budget_to_its_limiter() -> None:
    engine = build_engine(Settings(base_url="http://127.0.0.1:9/v1", model="m", rpm=30))
    assert engine.limiter is not None and engine.limiter.requests is not None
    assert engine.limiter.requests.rate == 0.5


# --------------------------------------------------------------------------- a server that enforces a budget

BUDGET = 20  # requests in any one second, stated as 1,200 a minute as OpenAI states budgets
LATENCY = 0.05
ANSWER: dict[str, Any] = {
    "headline": "Council meets",
    "summary": "The council met.",
    "event_date": None,
    "authorisations": [],
    "exclusions": [],
    "sources": [],
    "quotes": [],
}


class BudgetServer:
    """At most BUDGET accepted requests in any one-second window; beyond that, 429 with Retry-After."""

    def __init__(self) -> None:
        self.accepted: list[float] = []
        self.arrivals: list[tuple[float, int]] = []
        self.body = json.dumps(completion("BriefDraft", ANSWER)).encode()

    async def chat(self, request: web.Request) -> web.Response:
        await request.read()
        now = time.monotonic()
        recent = [t for t in self.accepted if t > now - 1.0]
        free_at = (recent[0] + 1.0 - now) if recent else 0.0
        headers = {"x-ratelimit-limit-requests": str(BUDGET * 60)}
        if len(recent) >= BUDGET:
            self.arrivals.append((now, 429))
            headers |= {"x-ratelimit-remaining-requests": "0", "x-ratelimit-reset-requests": f"{free_at:.3f}s"}
            headers["retry-after-ms"] = str(int(free_at * 1000) + 1)
            return web.json_response({"error": {"message": "rate limited"}}, status=429, headers=headers)
        self.accepted.append(now)
        self.arrivals.append((now, 200))
        headers |= {"x-ratelimit-remaining-requests": str(BUDGET - len(recent) - 1)}
        headers["x-ratelimit-reset-requests"] = f"{(recent[0] + 1.0 - now) if recent else 1.0:.3f}s"
        await asyncio.sleep(LATENCY)
        return web.Response(body=self.body, content_type="application/json", headers=headers)


async def test_after_the_first_429_the_batch_keeps_to_the_budget_at_over_90_percent(tmp_path: Path) -> None:
    server = BudgetServer()
    app = web.Application()
    app.add_routes([web.post("/v1/chat/completions", server.chat)])
    async with serve(app, backlog=128) as url:
        folder = tmp_path / "in"
        folder.mkdir()
        for number in range(70):
            (folder / f"a{number:02d}.txt").write_text(f"The council met on day {number}.\n", encoding="utf-8")
        settings = Settings(
            base_url=f"{url}/v1",
            api_key="test",
            model="fake-model",
            passes="single",
            check_decisions=False,
            retry=RetryPolicy(attempts=6, max_seconds=60, initial_wait=0.05, max_wait=5),
        )
        # Far more in flight than the budget allows: the first burst is refused in part.
        report = await run_batch([folder], tmp_path / "out", engine=build_engine(settings), concurrency=32)

    assert report.ok and len(report.done) == 70
    first_429 = min(t for t, status in server.arrivals if status == 429)
    # Requests already on their way when the first 429 was sent are the server's to refuse.
    settled = first_429 + 0.2
    late = [t for t, status in server.arrivals if t >= settled]
    assert all(status == 200 for t, status in server.arrivals if t >= settled)
    for end in late:
        sent = sum(1 for t, _ in server.arrivals if end - 1.0 < t <= end)
        assert sent <= BUDGET, f"{sent} requests in the second before {end - first_429:.2f} s"
    # Throughput once the burst's second has passed, when the whole budget is there to use.
    start = first_429 + 1.0
    steady = [t for t in server.accepted if t >= start]
    assert len(steady) >= 2 * BUDGET
    rate = (len(steady) - 1) / (steady[-1] - steady[0])
    assert rate >= 0.9 * BUDGET, f"{rate:.1f} requests/s of a budget of {BUDGET}"
