"""The async path's own structured call (backends/structured.py) answers as instructor's patched sync call does.

Each case runs the same canned answers through `summarize` (instructor) and `asummarize`
(StructuredCall over the limited chat call) and compares the requests sent, the brief, or the error.
"""

from __future__ import annotations

import asyncio
import json
import socket
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from fakellm import FAST_RETRY, FakeLLM, completion
from test_pipeline import MAYOR, OVERVIEW

from summarizer import Article, asummarize, summarize
from summarizer.backends import build_engine
from summarizer.backends.structured import StructuredCall
from summarizer.config import Settings
from summarizer.errors import SummarizeError

SEED_FIXTURE: dict[str, Callable[[], FakeLLM]] = {
    "fixed after a re-ask": lambda: FakeLLM.from_fixture("seed-fabricated-then-fixed"),
    "dropped after the budget": lambda: FakeLLM.from_fixture("seed-fabricated-always"),
    "a 429 first": lambda: _with_first(FakeLLM.from_fixture("seed"), {"__status__": 429, "headers": {}}),
}


def _with_first(fake: FakeLLM, answer: dict[str, Any]) -> FakeLLM:
    fake.queues["BriefDraft"].insert(0, answer)
    return fake


def _comparable(brief: Any) -> dict[str, Any]:
    dumped: dict[str, Any] = brief.model_dump(mode="json")
    dumped["usage"].pop("seconds")
    return dumped


def _bodies(fake: FakeLLM) -> list[str]:
    return [json.dumps(request["body"], sort_keys=True) for request in fake.requests]


@pytest.mark.parametrize("case", SEED_FIXTURE)
async def test_the_same_requests_and_brief_as_instructor(case: str, seed_article: Article) -> None:
    sync_fake, async_fake = SEED_FIXTURE[case](), SEED_FIXTURE[case]()
    sync_brief = summarize(seed_article, engine=sync_fake.engine(max_retries=2))
    engine = async_fake.engine(max_retries=2)
    assert isinstance(engine.acreate, StructuredCall)
    async_brief = await asummarize(seed_article, engine=engine)
    assert _bodies(async_fake) == _bodies(sync_fake)
    assert _comparable(async_brief) == _comparable(sync_brief)


async def test_the_same_multi_pass_outcome_when_answers_are_cut_or_never_valid() -> None:
    def fake() -> FakeLLM:
        cut = FakeLLM({"Overview": [OVERVIEW], "QuoteSpeakers": ['{"Q1": "Jane R']})
        cut.cut = {"QuoteSpeakers"}
        return cut

    for make in (fake, lambda: FakeLLM({"Overview": [OVERVIEW], "QuoteSpeakers": ['{"Q1": ["first"]}']})):
        sync_fake, async_fake = make(), make()
        sync_brief = summarize(MAYOR, engine=sync_fake.engine(passes="multi", max_retries=1))
        async_brief = await asummarize(MAYOR, engine=async_fake.engine(passes="multi", max_retries=1))
        assert _bodies(async_fake) == _bodies(sync_fake)
        assert _comparable(async_brief) == _comparable(sync_brief)
        assert async_brief.grounding.failed_passes == ["quotes"]


@pytest.mark.parametrize(
    ("answer", "message"),
    [({"__status__": 503}, "HTTP 503 from the model endpoint after retries"), ({"__status__": 401}, "HTTP 401")],
)
async def test_the_same_error_when_the_endpoint_fails(
    answer: dict[str, Any], message: str, seed_article: Article
) -> None:
    errors = []
    for run in ("sync", "async"):
        fake = FakeLLM({"BriefDraft": [answer]})
        with pytest.raises(SummarizeError, match=message) as raised:
            if run == "sync":
                summarize(seed_article, engine=fake.engine())
            else:
                await asummarize(seed_article, engine=fake.engine())
        errors.append((str(raised.value), len(fake.requests)))
    assert errors[0] == errors[1]


# --------------------------------------------------------------------------- the aiohttp transport


class _Canned(BaseHTTPRequestHandler):
    body = json.dumps(completion("BriefDraft", {"headline": "Council meets", "summary": "The council met."})).encode()

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers["content-length"]))
        self.send_response(200)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(self.body)))
        self.end_headers()
        self.wfile.write(self.body)

    def log_message(self, *args: Any) -> None:
        pass


def test_an_engine_serves_one_event_loop_after_another_over_aiohttp() -> None:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Canned)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        settings = Settings(
            base_url=f"http://127.0.0.1:{server.server_address[1]}/v1",
            model="m",
            check_decisions=False,
            retry=FAST_RETRY,
        )
        engine = build_engine(settings)
        first = asyncio.run(asummarize("The council met on Monday.", engine=engine))
        second = asyncio.run(asummarize("The council met on Tuesday.", engine=engine))
    finally:
        server.shutdown()
        server.server_close()
    assert first.headline == second.headline == "Council meets"


def test_a_refused_connection_is_reported_as_one_not_as_a_timeout() -> None:
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings = Settings(base_url=f"http://127.0.0.1:{port}/v1", model="m", check_decisions=False, retry=FAST_RETRY)
    with pytest.raises(SummarizeError, match="could not connect to the model endpoint"):
        asyncio.run(asummarize("The council met on Monday.", engine=build_engine(settings)))
