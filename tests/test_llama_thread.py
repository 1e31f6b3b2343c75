"""The one llama.cpp thread: every caller lands on it, and a caller that stops waiting ends its job."""

from __future__ import annotations

import asyncio
import signal
import subprocess
import sys
import threading
from typing import Any

import pytest

from summarizer.backends.local import thread as llama_thread


def test_sync_async_and_nested_calls_all_run_on_one_thread() -> None:
    seen: list[int] = []

    def where() -> int:
        seen.append(threading.get_ident())
        return seen[-1]

    from_threads: list[int] = []
    callers = [threading.Thread(target=lambda: from_threads.append(llama_thread.run(where))) for _ in range(3)]
    for caller in callers:
        caller.start()
    for caller in callers:
        caller.join()
    direct = llama_thread.run(where)
    awaited = asyncio.run(llama_thread.arun(where))
    # A call made on the llama thread itself runs in place instead of waiting for itself.
    nested = llama_thread.run(lambda: llama_thread.run(where))

    assert len(set(seen)) == 1
    assert {direct, awaited, nested, *from_threads} == set(seen)
    assert threading.get_ident() not in seen


def test_an_error_in_the_job_reaches_the_caller_and_the_thread_goes_on() -> None:
    def fail() -> None:
        raise ValueError("bad grammar")

    with pytest.raises(ValueError, match="bad grammar"):
        llama_thread.run(fail)
    assert llama_thread.run(lambda: 7) == 7


def _loop_until_abandoned(started: threading.Event, ended: list[str]) -> None:
    started.set()
    try:
        for _ in range(500):
            llama_thread.check()
            threading.Event().wait(0.01)
        ended.append("ran to the end")
    except llama_thread.Abandoned:
        ended.append("abandoned")


def test_ctrl_c_while_waiting_abandons_the_job() -> None:
    started = threading.Event()
    interrupted = threading.Event()
    ended: list[str] = []
    main = threading.get_ident()

    def ctrl_c(signum: int, frame: object) -> None:
        # Python's own handler, once: later signals of the burst below are not a second Ctrl-C.
        if not interrupted.is_set():
            interrupted.set()
            raise KeyboardInterrupt

    def interrupt_when_started() -> None:
        started.wait(5)
        # A signal that lands before the caller blocks in its wait only runs the handler once that
        # wait ends (a CPython race), so keep sending until one interrupts the wait.
        while not interrupted.is_set() and not ended:
            signal.pthread_kill(main, signal.SIGINT)
            interrupted.wait(0.02)

    # A real SIGINT, as a Ctrl-C sends; a runner started in the background inherits it ignored.
    inherited = signal.signal(signal.SIGINT, ctrl_c)
    try:
        threading.Thread(target=interrupt_when_started).start()
        with pytest.raises(KeyboardInterrupt):
            llama_thread.run(lambda: _loop_until_abandoned(started, ended))
    finally:
        signal.signal(signal.SIGINT, inherited)

    llama_thread.run(lambda: None)  # queued behind the abandoned job, so it has ended by now
    assert ended == ["abandoned"]


def test_ctrl_c_right_after_the_job_is_queued_still_abandons_it(monkeypatch: pytest.MonkeyPatch) -> None:
    started = threading.Event()
    ended: list[str] = []
    submit = llama_thread._executor.submit

    def queued_then_interrupted(*args: Any) -> Any:
        submit(*args)
        started.wait(5)
        raise KeyboardInterrupt  # before submit could return the future

    monkeypatch.setattr(llama_thread._executor, "submit", queued_then_interrupted)
    with pytest.raises(KeyboardInterrupt):
        llama_thread.run(lambda: _loop_until_abandoned(started, ended))
    monkeypatch.undo()

    llama_thread.run(lambda: None)
    assert ended == ["abandoned"]


def test_the_llama_thread_runs_from_import_so_no_ctrl_c_can_interrupt_its_start() -> None:
    # Started by the first call instead, a Ctrl-C during that start left the executor without a
    # record of its thread, and the next call started a second llama.cpp thread.
    # The module alone (it needs only the standard library), without the package's slower imports.
    code = """
import importlib.util, sys, threading
spec = importlib.util.spec_from_file_location("thread", sys.argv[1])
spec.loader.exec_module(importlib.util.module_from_spec(spec))
print(sum(t.name.startswith("llama.cpp") for t in threading.enumerate()))
"""
    path = llama_thread.__file__
    out = subprocess.run([sys.executable, "-c", code, path], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "1"


def test_a_cancelled_task_abandons_its_job() -> None:
    started = threading.Event()
    ended: list[str] = []

    async def cancel_when_started() -> None:
        task = asyncio.ensure_future(llama_thread.arun(lambda: _loop_until_abandoned(started, ended)))
        await asyncio.to_thread(started.wait, 5)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task

    asyncio.run(cancel_when_started())

    llama_thread.run(lambda: None)
    assert ended == ["abandoned"]


def test_a_job_whose_caller_waits_is_never_abandoned() -> None:
    def short_loop() -> bool:
        for _ in range(20):
            llama_thread.check()
        return llama_thread.abandoned()

    assert llama_thread.run(short_loop) is False
    assert llama_thread.abandoned() is False  # outside any job
