import pytest

from summarizer.backends import build_engine
from summarizer.config import Settings
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
