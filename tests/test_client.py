import asyncio
import email.utils
import time
from dataclasses import replace
from typing import Any

import pytest
from fakellm import FakeLLM
from pydantic import BaseModel

from summarizer.backends import build_engine
from summarizer.backends.retry import UsageMeter, metering
from summarizer.config import RetryPolicy, Settings
from summarizer.errors import ConfigurationError


def test_settings_from_environment_mapping() -> None:
    settings = Settings.from_env(
        {"OPENAI_BASE_URL": "http://localhost:11434/v1", "SUMMARIZER_MODEL": "qwen2.5", "SUMMARIZER_PASSES": "multi"}
    )
    assert settings.resolved_backend() == "openai"
    assert (settings.base_url, settings.model, settings.passes) == ("http://localhost:11434/v1", "qwen2.5", "multi")


def test_no_endpoint_means_the_embedded_backend() -> None:
    assert Settings.from_env({}).resolved_backend() == "local"


def test_explicit_arguments_win_over_the_environment() -> None:
    settings = Settings.from_env({"SUMMARIZER_MODEL": "env-model"}, model="arg-model", backend="openai")
    assert settings.model == "arg-model" and settings.backend == "openai"


def test_openai_backend_without_an_endpoint_says_how_to_configure_one() -> None:
    with pytest.raises(ConfigurationError, match="set OPENAI_BASE_URL"):
        build_engine(Settings(backend="openai"))


def test_endpoint_without_a_model_name_is_refused() -> None:
    with pytest.raises(ConfigurationError, match="SUMMARIZER_MODEL is not set"):
        build_engine(Settings(base_url="http://localhost:8000/v1"))


@pytest.mark.parametrize(
    ("name", "value"),
    [("SUMMARIZER_BACKEND", "cloud"), ("SUMMARIZER_PASSES", "three"), ("SUMMARIZER_WEIGHT_LAYOUTS", "amx")],
)
def test_bad_values_are_named(name: str, value: str) -> None:
    with pytest.raises(ConfigurationError, match=name):
        Settings.from_env({name: value})


def test_api_key_stays_out_of_repr() -> None:
    assert "sk-secret" not in repr(Settings(api_key="sk-secret"))


def test_model_cache_folder_from_the_environment() -> None:
    from pathlib import Path

    assert Settings.from_env({"HOME": "/h"}).cache_dir == Path("/h/.cache/summarizer/models")
    assert Settings.from_env({"HOME": "/h", "XDG_CACHE_HOME": "/x"}).cache_dir == Path("/x/summarizer/models")
    assert Settings.from_env({"SUMMARIZER_CACHE_DIR": "/models"}).cache_dir == Path("/models")


def test_weight_layouts_default_to_repack_and_come_from_the_environment() -> None:
    assert Settings.from_env({}).weight_layouts == "repack"
    assert Settings.from_env({"SUMMARIZER_WEIGHT_LAYOUTS": "plain"}).weight_layouts == "plain"


# ---------------------------------------------------------------------------
# Retries: the pause a rate-limited endpoint asks for is the pause taken


class Things(BaseModel):
    things: list[str]


def rate_limited_then_answered(headers: dict[str, str]) -> FakeLLM:
    return FakeLLM({"Things": [{"__status__": 429, "headers": headers}, {"things": ["a"]}]})


REQUEST: dict[str, Any] = {
    "model": "fake-model",
    "messages": [{"role": "user", "content": "x"}],
    "response_model": Things,
}


# Backoff alone would pause at most a few milliseconds: a longer pause can only come from the header.
QUICK_BACKOFF = RetryPolicy(attempts=3, max_seconds=120, initial_wait=0.001, max_wait=60)


@pytest.fixture
def pauses(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """The pauses tenacity takes between attempts (its sync sleep is time.sleep), without waiting."""
    taken: list[float] = []
    monkeypatch.setattr(time, "sleep", taken.append)
    return taken


@pytest.mark.parametrize(
    ("headers", "expected"),
    [({"retry-after": "2"}, 2.0), ({"retry-after-ms": "1500", "retry-after": "9"}, 1.5)],
)
def test_retry_after_sets_the_pause(headers: dict[str, str], expected: float, pauses: list[float]) -> None:
    fake = rate_limited_then_answered(headers)
    with metering(UsageMeter()) as meter:
        result = fake.engine(retry=QUICK_BACKOFF).create(**REQUEST)
    assert result.things == ["a"] and len(fake.requests) == 2
    assert pauses == [expected]
    assert (meter.requests, meter.completions, meter.prompt_tokens) == (2, 1, 100)


def test_retry_after_as_an_http_date(pauses: list[float]) -> None:
    when = email.utils.formatdate(time.time() + 30, usegmt=True)
    rate_limited_then_answered({"retry-after": when}).engine(retry=QUICK_BACKOFF).create(**REQUEST)
    assert len(pauses) == 1 and 28 <= pauses[0] <= 30


def test_retry_after_is_capped_by_max_wait_and_absent_means_backoff(pauses: list[float]) -> None:
    capped = replace(QUICK_BACKOFF, max_wait=0.05)
    rate_limited_then_answered({"retry-after": "2"}).engine(retry=capped).create(**REQUEST)
    rate_limited_then_answered({}).engine(retry=QUICK_BACKOFF).create(**REQUEST)
    assert pauses[0] == 0.05 and len(pauses) == 2 and pauses[1] < 0.01


async def test_the_async_client_takes_the_same_pause(monkeypatch: pytest.MonkeyPatch) -> None:
    taken: list[float] = []
    real_sleep = asyncio.sleep

    async def sleep(seconds: float, *args: Any) -> None:
        taken.append(seconds)
        await real_sleep(0)

    monkeypatch.setattr(asyncio, "sleep", sleep)
    fake = rate_limited_then_answered({"retry-after": "2"})
    with metering(UsageMeter()) as meter:
        result = await fake.engine(retry=QUICK_BACKOFF).acreate(**REQUEST)
    assert result.things == ["a"] and 2.0 in taken
    assert (meter.requests, meter.completions, meter.prompt_tokens) == (2, 1, 100)
