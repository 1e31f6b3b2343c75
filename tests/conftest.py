from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from summarizer.io.loaders import load_file
from summarizer.models import Article

if TYPE_CHECKING:
    from test_fetch import Site

ARTICLES = Path(__file__).parent / "fixtures" / "articles"
SEED = ARTICLES / "2024-05-31-us-allows-ukraine-strikes.txt"


@pytest.fixture
def seed_article() -> Article:
    return load_file(SEED)[0]


def article(stem: str) -> Article:
    path = next(ARTICLES.glob(f"{stem}.*t*"))
    return load_file(path)[0]


@pytest.fixture
def site(monkeypatch: pytest.MonkeyPatch) -> Iterator[Site]:
    """A loopback web site serving feeds and pages (tests/test_fetch.py's `Site`), for fetch and the workflow."""
    from test_fetch import Site, _handler

    # A proxy from the environment would take loopback requests elsewhere.
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    state = Site()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    server.daemon_threads = True
    server.block_on_close = False
    state.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
