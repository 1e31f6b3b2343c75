"""The one thread that runs llama.cpp in this process.

llama.cpp's CPU backend computes on OpenMP threads and passes an OpenMP barrier after every
operation of the model graph, several hundred times per generated token. libgomp keeps a team of
worker threads for each thread that calls into it, and once its teams hold more threads than the
machine has cores, its barriers sleep and wake instead of spinning: decoding gets markedly slower
while a second thread that once called llama.cpp lives on, as the threads of `asyncio.to_thread`'s
pool do (it hands each call to whichever of them is free; figures in docs/benchmarks.md). So every
llama.cpp call, loading included, runs on this one thread, sync or async.

A caller that stops waiting (Ctrl-C, a cancelled task) marks its job abandoned; the model checks
`abandoned()` before every evaluation and ends the job there, so the process does not sit out a
long generation nobody will read before it can exit.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from typing import TypeVar

__all__ = ["Abandoned", "abandoned", "arun", "check", "run"]

T = TypeVar("T")

_NAME = "llama.cpp"
_executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix=_NAME)
# The executor starts its worker on the first submit and records it only once the thread has
# started; a Ctrl-C landing in between would make the next submit start a second llama.cpp
# thread. Started here, the worker exists before any caller can be interrupted.
_executor.submit(int)
_current = threading.local()


class Abandoned(Exception):
    """The caller waiting for this llama.cpp job has gone; the job ends early."""


def _job(call: Callable[[], T], gone: threading.Event) -> T:
    _current.gone = gone
    try:
        return call()
    finally:
        _current.gone = None


def _on_llama_thread() -> bool:
    return threading.current_thread().name.startswith(_NAME)


@contextmanager
def _submitted(call: Callable[[], T]) -> Iterator[Future[T]]:
    """`call` queued on the llama.cpp thread; a caller who stops waiting for it abandons it."""
    gone = threading.Event()
    try:
        # Inside the try: a Ctrl-C can land after the job is queued but before submit returns.
        future: Future[T] = _executor.submit(_job, call, gone)
        yield future
    except BaseException:
        gone.set()  # read only while the job runs, so harmless once it has ended
        raise


def run(call: Callable[[], T]) -> T:
    """Run `call` on the llama.cpp thread and wait for its result."""
    if _on_llama_thread():
        return call()
    with _submitted(call) as future:
        return future.result()


async def arun(call: Callable[[], T]) -> T:
    """Run `call` on the llama.cpp thread without blocking the event loop."""
    with _submitted(call) as future:
        return await asyncio.wrap_future(future)


def abandoned() -> bool:
    """Whether the caller of the job running on this thread has stopped waiting for it."""
    gone: threading.Event | None = getattr(_current, "gone", None)
    return gone is not None and gone.is_set()


def check() -> None:
    """Raise Abandoned if nobody waits for the current job any more."""
    if abandoned():
        raise Abandoned("the caller stopped waiting for this llama.cpp call")
