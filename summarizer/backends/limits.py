"""Keeping a batch within an endpoint's rate limits instead of running into them.

Every request of the async endpoint path passes through one `RateLimiter` per engine:

- an AIMD window bounds the requests in flight: a 429 halves it (once per round of requests, since
  the requests already in flight when the first 429 came back say nothing new), every success
  widens it by 1/window, so it grows back by about one request per round trip;
- optional token buckets keep to `--rpm` / `--tpm`; a request budget the endpoint states in
  `x-ratelimit-limit-requests` (per minute, as OpenAI's headers are) becomes a bucket as well,
  filled at a margin under it, because servers enforce a per-minute budget over shorter windows;
- when `x-ratelimit-remaining-requests` or `-tokens` reaches 0 nothing is sent until the matching
  `x-ratelimit-reset-*` has passed, and a 429's Retry-After pauses every request, not only the one
  that got it.

The decisions are plain methods over an injected clock so they can be tested without waiting;
`acquire` only adds the waiting.
"""

from __future__ import annotations

import asyncio
import contextlib
import email.utils
import re
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass

# Share of an endpoint's stated request budget the client paces itself to: a little headroom, since
# the server's window and this process's clock never line up exactly.
LEARNED_MARGIN = 0.95
# Longest pause a header can impose; a malformed or hostile value must not stall a batch for hours.
MAX_PAUSE = 120.0
_DURATION_PART = re.compile(r"(\d+(?:\.\d+)?)(ms|h|m|s)")
_UNIT_SECONDS = {"ms": 0.001, "s": 1.0, "m": 60.0, "h": 3600.0}


def parse_duration(value: str | None) -> float | None:
    """Seconds from a reset header: OpenAI's "1s", "6m0s", "20ms", or plain seconds."""
    if value is None:
        return None
    text = value.strip().lower()
    try:
        return max(0.0, float(text))
    except ValueError:
        pass
    parts = _DURATION_PART.findall(text)
    if not parts or "".join(number + unit for number, unit in parts) != text:
        return None
    return sum(float(number) * _UNIT_SECONDS[unit] for number, unit in parts)


def _number(headers: Mapping[str, str], name: str) -> float | None:
    value = headers.get(name)
    if value is None:
        return None
    try:
        return float(value)
    except ValueError:
        return None


@dataclass
class TokenBucket:
    """`rate` units a second, at most `capacity` saved up; a cost above the capacity goes into debt."""

    rate: float
    capacity: float
    level: float
    updated: float

    @classmethod
    def per_minute(cls, budget: float, now: float, *, capacity: float | None = None) -> TokenBucket:
        rate = budget / 60.0
        # One second's worth by default: enough to start a batch at once, not enough to burst a
        # server that enforces its per-minute budget per second.
        size = max(1.0, rate) if capacity is None else capacity
        return cls(rate=rate, capacity=size, level=size, updated=now)

    def _refill(self, now: float) -> None:
        if now > self.updated:
            self.level = min(self.capacity, self.level + (now - self.updated) * self.rate)
            self.updated = now

    def delay(self, cost: float, now: float) -> float:
        """Seconds until `cost` may be taken (0: now)."""
        self._refill(now)
        needed = min(cost, self.capacity)
        return 0.0 if self.level >= needed else (needed - self.level) / self.rate

    def take(self, cost: float, now: float) -> None:
        self._refill(now)
        self.level -= cost

    def give_back(self, amount: float) -> None:
        """Correct an estimate once the real cost is known (negative: charge more)."""
        self.level = min(self.capacity, self.level + amount)


@dataclass
class Window:
    """Additive increase, multiplicative decrease of the requests allowed in flight."""

    ceiling: float
    size: float = 0.0
    # Requests numbered up to here were sent before the last decrease; their 429s are old news.
    cut_at: int = 0

    def __post_init__(self) -> None:
        self.size = self.size or self.ceiling

    def grow(self) -> None:
        self.size = min(self.ceiling, self.size + 1.0 / self.size)

    def shrink(self, in_flight: int, number: int, newest: int) -> None:
        if number <= self.cut_at:
            return
        # From what was really in flight: the window may stand far above it when the caller's own
        # concurrency is the tighter bound.
        self.size = max(1.0, min(self.size, float(in_flight)) / 2.0)
        self.cut_at = newest


@dataclass(frozen=True)
class Ticket:
    """One admitted request: its number (in sending order) and the tokens charged for it."""

    number: int
    tokens: float


class RateLimiter:
    """The gate every async request passes (see the module docstring). One per engine."""

    def __init__(
        self,
        *,
        rpm: float | None = None,
        tpm: float | None = None,
        ceiling: int = 1024,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.clock = clock
        now = clock()
        self.requests = TokenBucket.per_minute(rpm, now) if rpm else None
        self.tokens = TokenBucket.per_minute(tpm, now) if tpm else None
        self.learned: TokenBucket | None = None
        self.learned_budget: float | None = None
        self.window = Window(float(ceiling))
        self.in_flight = 0
        # The caller's own bound on requests in flight (a batch's --concurrency), under the window.
        self.cap: int | None = None
        self.sent = 0
        self.paused_until = now
        self.throttled = 0
        self._gate: tuple[asyncio.AbstractEventLoop, asyncio.Lock] | None = None
        self._slot: asyncio.Future[None] | None = None

    # ------------------------------------------------------------------ decisions (no waiting)

    def delay(self, tokens: float, now: float) -> float | None:
        """Seconds before a request of `tokens` may go (0: now); None: when a request in flight ends."""
        waits = [self.paused_until - now]
        if self.requests:
            waits.append(self.requests.delay(1, now))
        if self.learned:
            waits.append(self.learned.delay(1, now))
        if self.tokens:
            waits.append(self.tokens.delay(tokens, now))
        wait = max(waits)
        if wait > 0:
            return wait
        allowed = int(self.window.size) if self.cap is None else min(self.cap, int(self.window.size))
        return None if self.in_flight >= allowed else 0.0

    def admit(self, tokens: float, now: float) -> Ticket:
        for bucket in (self.requests, self.learned):
            if bucket:
                bucket.take(1, now)
        if self.tokens:
            self.tokens.take(tokens, now)
        self.in_flight += 1
        self.sent += 1
        return Ticket(self.sent, tokens)

    def finish(
        self, ticket: Ticket, *, status: int | None, headers: Mapping[str, str] | None, used_tokens: float | None
    ) -> None:
        """Account for a request that ended: its status (None: no answer), headers and tokens used."""
        now = self.clock()
        self.in_flight -= 1
        if status == 429:
            self.throttled += 1
            self.window.shrink(self.in_flight + 1, ticket.number, self.sent)
        elif status is not None and status < 400:
            self.window.grow()
        if self.tokens and used_tokens is not None:
            self.tokens.give_back(ticket.tokens - used_tokens)
        if headers is not None:
            self._read(headers, now, throttled=status == 429)
        self._wake()

    def _read(self, headers: Mapping[str, str], now: float, *, throttled: bool) -> None:
        budget = _number(headers, "x-ratelimit-limit-requests")
        if budget and budget != self.learned_budget:
            self.learned_budget = budget
            self.learned = TokenBucket.per_minute(budget * LEARNED_MARGIN, now, capacity=1.0)
            # A new budget starts empty: what was sent before it was learned already counts against it.
            self.learned.level = 0.0
        for kind in ("requests", "tokens"):
            if _number(headers, f"x-ratelimit-remaining-{kind}") == 0:
                self.pause(parse_duration(headers.get(f"x-ratelimit-reset-{kind}")), now)
        if throttled:
            self.pause(retry_after(headers), now)

    def pause(self, seconds: float | None, now: float) -> None:
        if seconds is not None:
            self.paused_until = max(self.paused_until, now + min(seconds, MAX_PAUSE))

    @contextlib.contextmanager
    def capped(self, requests: int) -> Iterator[None]:
        """At most `requests` in flight while inside, whichever articles they belong to."""
        previous, self.cap = self.cap, max(1, requests)
        try:
            yield
        finally:
            self.cap = previous

    # ------------------------------------------------------------------ waiting

    def _lock(self) -> asyncio.Lock:
        # One lock per event loop: an engine may serve one asyncio.run after another.
        loop = asyncio.get_running_loop()
        if self._gate is None or self._gate[0] is not loop:
            self._gate = (loop, asyncio.Lock())
        return self._gate[1]

    def _wake(self) -> None:
        if self._slot is not None and not self._slot.done():
            self._slot.set_result(None)

    async def acquire(self, tokens: float = 0.0) -> Ticket:
        """Wait until a request of `tokens` may be sent; the caller must `finish` the ticket."""
        lock = self._lock()
        if not lock.locked() and self.delay(tokens, self.clock()) == 0:
            return self.admit(tokens, self.clock())
        # In line, first come first served: only the head of the queue watches the clock.
        async with lock:
            while (wait := self.delay(tokens, self.clock())) != 0:
                if wait is None:
                    self._slot = asyncio.get_running_loop().create_future()
                    await self._slot
                else:
                    await asyncio.sleep(wait)
            return self.admit(tokens, self.clock())


def retry_after(headers: Mapping[str, str], wall_clock: float | None = None) -> float | None:
    """The pause a 429 or 503 asks for, from Retry-After-Ms, Retry-After seconds or an HTTP date."""
    if (milliseconds := headers.get("retry-after-ms")) is not None:
        try:
            return max(0.0, float(milliseconds) / 1000)
        except ValueError:
            pass
    value = headers.get("retry-after")
    if value is None:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        try:
            parsed = email.utils.parsedate_to_datetime(value) if value else None
        except (TypeError, ValueError):
            return None
        if parsed is None:
            return None
        return max(0.0, parsed.timestamp() - (time.time() if wall_clock is None else wall_clock))
