"""An OpenAI-compatible endpoint (OpenAI, Azure, Ollama, vLLM, a llama.cpp server) through `openai` + `instructor`."""

from __future__ import annotations

from typing import Any

import instructor
import openai

from summarizer.backends import Engine
from summarizer.backends.judge import endpoint_judges
from summarizer.backends.retry import aresilient, resilient
from summarizer.config import DEFAULT_OPENAI_MODEL, ENV_HELP, Settings
from summarizer.errors import ConfigurationError


def _mode(name: str | None, default: instructor.Mode) -> instructor.Mode:
    if name is None:
        return default
    modes = {"tools": instructor.Mode.TOOLS, "json": instructor.Mode.JSON, "md_json": instructor.Mode.MD_JSON}
    if name.lower() not in modes:
        raise ConfigurationError(f"SUMMARIZER_MODE must be one of {', '.join(modes)}, not {name!r}")
    return modes[name.lower()]


def build_openai_engine(settings: Settings, http_client: Any, async_http_client: Any) -> Engine:
    if not settings.base_url and not settings.api_key:
        raise ConfigurationError(f"no model endpoint is configured: {ENV_HELP}")
    model = settings.model or (None if settings.base_url else DEFAULT_OPENAI_MODEL)
    if not model:
        raise ConfigurationError(f"SUMMARIZER_MODEL is not set for the endpoint at {settings.base_url}: {ENV_HELP}")
    # Local servers (Ollama, vLLM, llama.cpp) accept any key; the client library insists on one.
    api_key = settings.api_key or "not-needed"
    common: dict[str, Any] = {"api_key": api_key, "base_url": settings.base_url, "timeout": settings.timeout}
    # Retries are tenacity's job (retry.py), so the client's own are off.
    sync_client = openai.OpenAI(max_retries=0, http_client=http_client, **common)
    async_client = openai.AsyncOpenAI(max_retries=0, http_client=async_http_client, **common)
    mode = _mode(settings.mode, instructor.Mode.TOOLS)
    raw_create = resilient(sync_client.chat.completions.create, settings.retry)
    raw_acreate = aresilient(async_client.chat.completions.create, settings.retry)
    judge, ajudge = endpoint_judges(raw_create, raw_acreate, model) if settings.check_decisions else (None, None)
    return Engine(
        backend="openai",
        model=model,
        mode=mode,
        passes=settings.passes or "single",
        create=instructor.patch(create=raw_create, mode=mode),
        acreate=instructor.patch(create=raw_acreate, mode=mode),
        max_retries=settings.max_retries,
        temperature=settings.temperature,
        concurrency=settings.concurrency or 8,
        judge=judge,
        ajudge=ajudge,
        min_confidence=settings.min_confidence,
    )
