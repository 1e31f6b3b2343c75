"""`run_batch` and `summarizer batch` through the fake endpoint.

Every canned answer goes through the real openai client, instructor's parsing
and validation, and the grounding code. `ArticleFake` answers any article with
a valid minimal brief and counts requests per article by a marker word each
test article carries, so a test can tell exactly which articles were sent.
"""

from __future__ import annotations

import asyncio
import dataclasses
import gc
import json
import logging
import os
import re
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, Protocol

import httpx
import pytest
from fakellm import API_KEY, FAST_RETRY, FakeLLM

from summarizer import batch, cli
from summarizer.backends import Engine, build_engine
from summarizer.batch import FAILURES_FILE, run_batch
from summarizer.config import Settings
from summarizer.extract.run import ArticleRun
from summarizer.models import Brief

MINIMAL_BRIEF: dict[str, Any] = {
    "headline": "Something happened",
    "summary": "Something happened, the article says.",
    "event_date": None,
    "authorisations": [],
    "exclusions": [],
    "sources": [],
    "quotes": [],
}
FAKE_URL = "http://fake-llm.test/v1"
MARKER = re.compile(r"\bART\d{3}\b")


def marker(number: int) -> str:
    return f"ART{number:03d}"


def article_text(number: int, extra: str = "") -> str:
    return f"Reporter {marker(number)} writes that the council met on Tuesday. It approved a new bridge.{extra}"


class ArticleFake(FakeLLM):
    """Answers BriefDraft for any article with MINIMAL_BRIEF.

    `statuses` maps a marker to the HTTP status every request for that article
    gets, with `error_message`. With `signal_after`, the request after that many
    sends `signal_number` to this very process, once: SIGINT is a Ctrl-C, SIGKILL
    a `kill -9` (only in a subprocess).
    """

    def __init__(
        self,
        *,
        statuses: Mapping[str, int] | None = None,
        signal_after: int | None = None,
        signal_number: int = signal.SIGINT,
        error_message: str = "fake failure",
    ) -> None:
        super().__init__({"BriefDraft": [MINIMAL_BRIEF]})
        self.statuses = dict(statuses or {})
        self.signal_after = signal_after
        self.signal_number = signal_number
        self.error_message = error_message
        self.per_article: Counter[str] = Counter()

    def handle(self, request: httpx.Request) -> httpx.Response:
        if self.signal_after is not None and len(self.requests) >= self.signal_after:
            self.signal_after = None
            signal.raise_signal(self.signal_number)
        found = MARKER.findall(request.content.decode("utf-8"))
        self.per_article.update(set(found))
        for name in found:
            if name in self.statuses:
                self.requests.append(
                    {"body": json.loads(request.content), "headers": dict(request.headers), "tool": "BriefDraft"}
                )
                return httpx.Response(
                    self.statuses[name], json={"error": {"message": self.error_message, "type": "server_error"}}
                )
        return super().handle(request)


class SlowFake(ArticleFake):
    """An async handler that sleeps, recording how many requests are in flight at once."""

    def __init__(self, delay: float) -> None:
        super().__init__()
        self.delay = delay
        self.in_flight = 0
        self.max_in_flight = 0

    async def ahandle(self, request: httpx.Request) -> httpx.Response:
        self.in_flight += 1
        self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            await asyncio.sleep(self.delay)
            return self.handle(request)
        finally:
            self.in_flight -= 1

    def engine(self, **overrides: Any) -> Engine:
        settings = Settings(base_url=FAKE_URL, api_key=API_KEY, model="fake-model", retry=FAST_RETRY, passes="single")
        return build_engine(
            dataclasses.replace(settings, **overrides),
            http_client=httpx.Client(transport=httpx.MockTransport(self.handle)),
            async_http_client=httpx.AsyncClient(transport=httpx.MockTransport(self.ahandle)),
        )


class Endpoint(Protocol):
    def handle(self, request: httpx.Request) -> httpx.Response: ...


def use_fake(monkeypatch: pytest.MonkeyPatch, fake: Endpoint, base_url: str = FAKE_URL) -> None:
    """Point the CLI at `fake`: the environment configures it, `build_engine` gets the fake transport."""
    for name in ("SUMMARIZER_BACKEND", "SUMMARIZER_PASSES", "SUMMARIZER_MODE", "SUMMARIZER_MODEL_PATH"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("OPENAI_BASE_URL", base_url)
    monkeypatch.setenv("OPENAI_API_KEY", API_KEY)
    monkeypatch.setenv("SUMMARIZER_MODEL", "fake-model")

    def fake_build_engine(settings: Settings | None = None) -> Engine:
        assert settings is not None
        transport = httpx.MockTransport(fake.handle)
        return build_engine(
            dataclasses.replace(settings, retry=FAST_RETRY),
            http_client=httpx.Client(transport=transport),
            async_http_client=httpx.AsyncClient(transport=transport),
        )

    monkeypatch.setattr("summarizer.cli.common.build_engine", fake_build_engine)


def write_folder(root: Path) -> dict[str, str]:
    """Seven articles in four formats; returns marker -> the stem its brief is named by."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "one.txt").write_text(article_text(1), encoding="utf-8")
    (root / "two.md").write_text(f"---\ntitle: Two\n---\n{article_text(2)}\n", encoding="utf-8")
    (root / "list.json").write_text(
        json.dumps([{"text": article_text(3)}, {"id": "custom-id", "text": article_text(4)}]), encoding="utf-8"
    )
    (root / "nested").mkdir(exist_ok=True)
    (root / "nested" / "lines.jsonl").write_text(
        "".join(json.dumps({"text": article_text(n)}) + "\n" for n in (5, 6, 7)), encoding="utf-8"
    )
    return {
        marker(1): "one",
        marker(2): "two",
        marker(3): "list-1",
        marker(4): "custom-id",
        marker(5): "lines-1",
        marker(6): "lines-2",
        marker(7): "lines-3",
    }


def brief_files(out: Path) -> list[Path]:
    return sorted(out.glob("*.json"))


def valid_briefs(out: Path) -> dict[str, Brief]:
    """Every *.json in `out`, each parsed as a Brief (a partial file fails the test)."""
    return {path.stem: Brief.model_validate_json(path.read_text(encoding="utf-8")) for path in brief_files(out)}


def run(inputs: list[Path], out: Path, engine: Engine, **options: Any) -> batch.BatchReport:
    return asyncio.run(run_batch(inputs, out, engine=engine, **options))


# --------------------------------------------------------------------------- output


def test_batch_writes_one_valid_brief_per_article(tmp_path: Path) -> None:
    expected = write_folder(tmp_path / "in")
    fake = ArticleFake()
    report = run([tmp_path / "in"], tmp_path / "out", fake.engine())
    briefs = valid_briefs(tmp_path / "out")
    assert sorted(briefs) == sorted(expected.values())
    assert report.ok and len(report.done) == len(expected) and not report.skipped
    assert not (tmp_path / "out" / FAILURES_FILE).exists()
    assert set(fake.per_article) == set(expected) and set(fake.per_article.values()) == {1}
    for brief in briefs.values():
        assert brief.headline == MINIMAL_BRIEF["headline"]
        assert brief.usage.model == "fake-model" and brief.usage.requests == 1
        assert brief.grounding.dropped == []


def test_cli_batch_jsonl_has_one_line_per_brief(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    expected = write_folder(tmp_path / "in")
    use_fake(monkeypatch, ArticleFake())
    jsonl = tmp_path / "all.jsonl"
    assert cli.main(["batch", str(tmp_path / "in"), "--out", str(tmp_path / "out"), "--jsonl", str(jsonl)]) == 0
    lines = jsonl.read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(expected) == len(brief_files(tmp_path / "out"))
    assert sorted(Brief.model_validate_json(line).article.id for line in lines) == sorted(expected.values())
    capsys.readouterr()

    # A resumed run still lists every brief, and "-" sends the lines to stdout.
    assert cli.main(["batch", str(tmp_path / "in"), "--out", str(tmp_path / "out"), "--jsonl", "-"]) == 0
    stdout_lines = capsys.readouterr().out.splitlines()
    assert len(stdout_lines) == len(expected)
    assert [Brief.model_validate_json(line).article.id for line in stdout_lines] == [
        Brief.model_validate_json(line).article.id for line in lines
    ]


# --------------------------------------------------------------------------- resume


def test_rerun_on_unchanged_folder_makes_no_model_call(tmp_path: Path) -> None:
    expected = write_folder(tmp_path / "in")
    run([tmp_path / "in"], tmp_path / "out", ArticleFake().engine())
    before = {path.name: path.stat().st_mtime_ns for path in brief_files(tmp_path / "out")}

    fake = ArticleFake()
    report = run([tmp_path / "in"], tmp_path / "out", fake.engine())
    assert fake.requests == []
    assert len(report.skipped) == len(expected) and report.done == [] and report.ok
    assert {path.name: path.stat().st_mtime_ns for path in brief_files(tmp_path / "out")} == before


def test_changed_article_alone_is_summarised_again(tmp_path: Path) -> None:
    expected = write_folder(tmp_path / "in")
    run([tmp_path / "in"], tmp_path / "out", ArticleFake().engine())
    old = valid_briefs(tmp_path / "out")["one"]
    (tmp_path / "in" / "one.txt").write_text(article_text(1, " The bridge opens in May."), encoding="utf-8")

    fake = ArticleFake()
    report = run([tmp_path / "in"], tmp_path / "out", fake.engine())
    assert dict(fake.per_article) == {marker(1): 1}
    assert [path.stem for path in report.done] == ["one"] and len(report.skipped) == len(expected) - 1
    new = valid_briefs(tmp_path / "out")["one"]
    assert new.article.sha256 != old.article.sha256
    assert new.article.chars > old.article.chars


def test_a_brief_a_power_cut_left_empty_or_cut_short_is_summarised_again(tmp_path: Path) -> None:
    # Briefs are renamed into place without an fsync (batch._write_brief): after a power cut the
    # newest may hold nothing, or part of its text. The resume check reads each brief, so those two
    # are summarised again and the others are kept.
    expected = write_folder(tmp_path / "in")
    out = tmp_path / "out"
    run([tmp_path / "in"], out, ArticleFake().engine())
    (out / "one.json").write_bytes(b"")
    whole = (out / "two.json").read_bytes()
    (out / "two.json").write_bytes(whole[: len(whole) // 2])

    fake = ArticleFake()
    report = run([tmp_path / "in"], out, fake.engine())
    assert sorted(fake.per_article) == [marker(1), marker(2)]
    assert sorted(path.stem for path in report.done) == ["one", "two"]
    assert len(report.skipped) == len(expected) - 2 and report.ok
    assert sorted(valid_briefs(out)) == sorted(expected.values())


def test_other_model_or_force_summarises_everything_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    expected = write_folder(tmp_path / "in")
    fake = ArticleFake()
    use_fake(monkeypatch, fake)
    args = ["batch", str(tmp_path / "in"), "--out", str(tmp_path / "out")]
    assert cli.main(args) == 0
    assert cli.main(args) == 0
    assert set(fake.per_article.values()) == {1}
    assert cli.main([*args, "--force"]) == 0
    assert set(fake.per_article) == set(expected) and set(fake.per_article.values()) == {2}
    # The model is part of the resume key.
    assert cli.main([*args, "--model", "another-model"]) == 0
    assert set(fake.per_article.values()) == {3}
    assert {brief.usage.model for brief in valid_briefs(tmp_path / "out").values()} == {"another-model"}
    assert "skipped" in capsys.readouterr().err


# --------------------------------------------------------------------------- crash and resume


@pytest.fixture
def interrupted() -> Iterator[None]:
    """For tests that raise KeyboardInterrupt inside the event loop.

    asyncio.run then ends with tasks holding an exception nobody retrieved, which asyncio
    logs when they are collected - after the test, as noise. Collect them here, quietly.
    """
    yield
    log = logging.getLogger("asyncio")
    disabled, log.disabled = log.disabled, True
    try:
        gc.collect()
    finally:
        log.disabled = disabled


def assert_out_is_clean(out: Path) -> dict[str, Brief]:
    leftovers = [path.name for path in out.iterdir() if path.name.endswith(".tmp") or path.name.startswith(".")]
    assert leftovers == []
    return valid_briefs(out)


def many_articles(root: Path, count: int) -> list[str]:
    root.mkdir(parents=True, exist_ok=True)
    for number in range(count):
        (root / f"a{number:02d}.txt").write_text(article_text(number), encoding="utf-8")
    return [marker(number) for number in range(count)]


def finish_and_check(tmp_path: Path, markers: list[str], done_before: dict[str, Brief]) -> None:
    """Re-run after a crash: everything gets done, and nothing finished before is asked again."""
    fake = ArticleFake()
    report = run([tmp_path / "in"], tmp_path / "out", fake.engine(), concurrency=4)
    assert report.ok
    briefs = valid_briefs(tmp_path / "out")
    assert sorted(briefs) == sorted(f"a{number:02d}" for number in range(len(markers)))
    assert len({brief.article.sha256 for brief in briefs.values()}) == len(markers)  # no duplicates
    finished = {marker(int(stem[1:])) for stem in done_before}
    # Articles with a complete brief are not asked again; every other one is asked exactly once.
    assert set(fake.per_article) == set(markers) - finished
    assert set(fake.per_article.values()) <= {1}
    assert len(report.skipped) == len(done_before)


def test_cli_batch_interrupted_mid_run_leaves_only_complete_briefs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    markers = many_articles(tmp_path / "in", 12)
    # A real SIGINT (Ctrl-C) while the seventh request is being answered: with 3 requests in flight
    # at most 6 articles are under way, so by then one brief at least is written. A test runner
    # started in the background by a non-interactive shell inherits SIGINT ignored, so Python's own
    # handler is put back.
    use_fake(monkeypatch, ArticleFake(signal_after=6))
    inherited = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        code = cli.main(["batch", str(tmp_path / "in"), "--out", str(tmp_path / "out"), "-j", "3"])
    finally:
        signal.signal(signal.SIGINT, inherited)
    assert code == 130
    assert "interrupted" in capsys.readouterr().err
    done_before = assert_out_is_clean(tmp_path / "out")
    assert 0 < len(done_before) <= 6
    finish_and_check(tmp_path, markers, done_before)


def run_until_killed(inputs: list[Path], out: Path, engine: Engine, **options: Any) -> None:
    """Run a batch that dies by KeyboardInterrupt raised inside it.

    Writes already handed to worker threads are let finish before returning, as asyncio.run
    does on a real Ctrl-C; a KeyboardInterrupt raised inside a task skips that step.
    """
    executor = ThreadPoolExecutor(max_workers=4)

    async def batch_on_executor() -> None:
        asyncio.get_running_loop().set_default_executor(executor)
        await run_batch(inputs, out, engine=engine, **options)

    try:
        asyncio.run(batch_on_executor())
    finally:
        executor.shutdown(wait=True)


@pytest.mark.usefixtures("interrupted")
@pytest.mark.parametrize("die_at", [1, 4])
def test_death_inside_the_atomic_write_leaves_no_partial_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, die_at: int
) -> None:
    markers = many_articles(tmp_path / "in", 8)
    out = tmp_path / "out"
    real_replace = os.replace
    calls: list[str] = []

    def dying_replace(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        if Path(dst).parent == out:
            calls.append(str(dst))
            if len(calls) == die_at:
                # The temp file is complete; only the rename is missing.
                assert Path(src).read_text(encoding="utf-8").endswith("}\n")
                raise KeyboardInterrupt
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", dying_replace)
    with pytest.raises(KeyboardInterrupt):
        run_until_killed([tmp_path / "in"], out, ArticleFake().engine(), concurrency=2)
    monkeypatch.setattr(os, "replace", real_replace)
    done_before = assert_out_is_clean(out)
    # The briefs renamed before the fatal one are there (writes under way in other threads
    # finish too); the one whose rename died is not, not even in part.
    killed = Path(calls[die_at - 1]).stem
    assert killed not in done_before
    assert {Path(call).stem for call in calls[: die_at - 1]} <= set(done_before)
    finish_and_check(tmp_path, markers, done_before)


KILL_SCRIPT = """
import signal, sys
sys.path.insert(0, sys.argv[1])
import pytest
from test_batch import ArticleFake, use_fake
from summarizer import cli
use_fake(pytest.MonkeyPatch(), ArticleFake(signal_after=int(sys.argv[4]), signal_number=signal.SIGKILL))
cli.main(["batch", sys.argv[2], "--out", sys.argv[3], "-j", "4"])
"""


def test_kill_9_mid_batch_leaves_only_complete_briefs(tmp_path: Path) -> None:
    markers = many_articles(tmp_path / "in", 20)
    out = tmp_path / "out"
    args = [str(Path(__file__).parent), str(tmp_path / "in"), str(out), "9"]
    result = subprocess.run(
        [sys.executable, "-c", KILL_SCRIPT, *args], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == -signal.SIGKILL, result.stderr[-2000:]
    # A kill -9 in the middle of a write may leave its hidden temp file, never a partial brief.
    assert all(path.name.startswith(".") and path.name.endswith(".tmp") for path in out.glob("*.tmp*"))
    done_before = valid_briefs(out)
    assert 0 < len(done_before) <= 9
    finish_and_check(tmp_path, markers, done_before)


def test_leftover_temp_file_from_a_hard_kill_is_harmless(tmp_path: Path) -> None:
    markers = many_articles(tmp_path / "in", 3)
    out = tmp_path / "out"
    out.mkdir()
    # What a SIGKILL between mkstemp and os.replace leaves behind: a hidden, half-written temp file.
    (out / ".a00.json.x1y2z3.tmp").write_text('{"schema_version": "1.0", "prompt', encoding="utf-8")
    fake = ArticleFake()
    report = run([tmp_path / "in"], out, fake.engine())
    assert report.ok and len(report.done) == 3
    assert sorted(valid_briefs(out)) == ["a00", "a01", "a02"]
    assert set(fake.per_article) == set(markers)


# --------------------------------------------------------------------------- failures


def write_failing_folder(root: Path) -> dict[str, str]:
    """Two good articles, three unloadable files and one the model always fails on; returns name -> stage."""
    root.mkdir(parents=True)
    (root / "good.txt").write_text(article_text(1), encoding="utf-8")
    (root / "also-good.md").write_text(article_text(2), encoding="utf-8")
    (root / "binary.txt").write_bytes(b"\x00\x01\x02PK\x03\x04" * 20)
    (root / "empty.txt").write_bytes(b"")
    (root / "undecodable.txt").write_bytes(bytes(range(0x80, 0xA0)) * 10)
    (root / "doomed.txt").write_text(article_text(666), encoding="utf-8")
    return {"binary.txt": "load", "empty.txt": "load", "undecodable.txt": "load", "doomed.txt": "summarize"}


def read_failures(out: Path) -> dict[str, dict[str, str]]:
    lines = (out / FAILURES_FILE).read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines]
    assert len({record["file"] for record in records}) == len(records)
    return {Path(record["file"]).name: record for record in records}


def test_failures_are_isolated_and_listed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    expected_failures = write_failing_folder(tmp_path / "in")
    fake = ArticleFake(statuses={marker(666): 500})
    use_fake(monkeypatch, fake)
    out = tmp_path / "out"
    assert cli.main(["batch", str(tmp_path / "in"), "--out", str(out)]) == 1

    assert sorted(valid_briefs(out)) == ["also-good", "good"]
    failures = read_failures(out)
    assert {name: record["stage"] for name, record in failures.items()} == expected_failures
    for record in failures.values():
        assert record["error"].strip() and "\n" not in record["error"]
    assert "binary" in failures["binary.txt"]["error"]
    assert "no article text" in failures["empty.txt"]["error"]
    assert "encoding" in failures["undecodable.txt"]["error"]
    assert "HTTP 500" in failures["doomed.txt"]["error"]
    # The transient 500 was retried (FAST_RETRY allows 4 attempts), then given up.
    assert fake.per_article[marker(666)] == FAST_RETRY.attempts
    err = capsys.readouterr().err
    assert "failures.jsonl" in err and "doomed.txt" in err

    # The endpoint recovers: the failed article is done, the good ones skipped; the load failures remain.
    fake.statuses.clear()
    assert cli.main(["batch", str(tmp_path / "in"), "--out", str(out)]) == 1
    assert sorted(valid_briefs(out)) == ["also-good", "doomed", "good"]
    assert set(read_failures(out)) == {"binary.txt", "empty.txt", "undecodable.txt"}

    # Without the bad files the batch is clean: exit 0 and the stale failures.jsonl is gone.
    for name in ("binary.txt", "empty.txt", "undecodable.txt"):
        (tmp_path / "in" / name).unlink()
    assert cli.main(["batch", str(tmp_path / "in"), "--out", str(out)]) == 0
    assert not (out / FAILURES_FILE).exists()


def test_failures_print_one_line_each_even_with_markup_in_the_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # Endpoint error bodies are arbitrary text; a llama.cpp prompt token must not be read as console markup.
    message = "bad [/INST] token [bold]here[/bold] " + "and a long explanation " * 5
    root = tmp_path / "a-rather-long-folder-name-for-the-input-articles"
    many_articles(root, 3)
    use_fake(monkeypatch, ArticleFake(statuses={marker(1): 500}, error_message=message))
    assert cli.main(["batch", str(root), "--out", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err
    lines = [line for line in err.splitlines() if line.startswith("failed ")]
    assert len(lines) == 1
    assert str(root / "a01.txt") in lines[0] and message.strip() in lines[0]


def test_clean_batch_exits_zero_without_failures_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    many_articles(tmp_path / "in", 3)
    use_fake(monkeypatch, ArticleFake())
    assert cli.main(["batch", str(tmp_path / "in"), "--out", str(tmp_path / "out")]) == 0
    assert not (tmp_path / "out" / FAILURES_FILE).exists()
    assert len(valid_briefs(tmp_path / "out")) == 3


def test_client_errors_fail_the_article_without_retries(tmp_path: Path) -> None:
    many_articles(tmp_path / "in", 3)
    fake = ArticleFake(statuses={marker(1): 401})
    report = run([tmp_path / "in"], tmp_path / "out", fake.engine())
    assert [Path(f.file).name for f in report.failures] == ["a01.txt"]
    assert "HTTP 401" in report.failures[0].error
    assert fake.per_article[marker(1)] == 1  # 401 is not transient
    assert sorted(valid_briefs(tmp_path / "out")) == ["a00", "a02"]


# --------------------------------------------------------------------------- naming


@pytest.mark.parametrize("same_text", [False, True])
def test_same_stem_in_different_folders_both_get_briefs(tmp_path: Path, same_text: bool) -> None:
    for number, folder in enumerate(("a", "b")):
        (tmp_path / "in" / folder).mkdir(parents=True)
        text = article_text(0 if same_text else number)
        (tmp_path / "in" / folder / "story.txt").write_text(text, encoding="utf-8")
    fake = ArticleFake()
    report = run([tmp_path / "in"], tmp_path / "out", fake.engine())
    assert report.ok and len(report.done) == 2
    briefs = valid_briefs(tmp_path / "out")
    assert len(briefs) == 2 and "story" in briefs
    assert {Path(str(brief.article.path)).parent.name for brief in briefs.values()} == {"a", "b"}

    # The names are stable, so a re-run skips both.
    again = ArticleFake()
    report = run([tmp_path / "in"], tmp_path / "out", again.engine())
    assert again.requests == [] and len(report.skipped) == 2


# --------------------------------------------------------------------------- concurrency


@pytest.mark.parametrize("concurrency", [1, 3])
async def test_concurrency_is_bounded(tmp_path: Path, concurrency: int) -> None:
    many_articles(tmp_path / "in", 9)
    fake = SlowFake(delay=0.03)
    report = await run_batch([tmp_path / "in"], tmp_path / "out", engine=fake.engine(), concurrency=concurrency)
    assert report.ok and len(report.done) == 9
    assert fake.max_in_flight == concurrency


async def test_an_answer_being_processed_does_not_hold_a_request_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The bound is on requests in flight: while one article's answer is turned into its brief (slowed
    # here), the other articles keep both places busy.
    many_articles(tmp_path / "in", 8)
    fake = SlowFake(delay=0.02)
    seen: list[int] = []
    make_brief = ArticleRun.brief

    def slow_brief(run: ArticleRun) -> Brief:
        # Sampled across the whole slowed step, so a busy machine's late request still counts.
        for _ in range(10):
            time.sleep(0.005)
            seen.append(fake.in_flight)
        return make_brief(run)

    monkeypatch.setattr(ArticleRun, "brief", slow_brief)
    report = await run_batch([tmp_path / "in"], tmp_path / "out", engine=fake.engine(), concurrency=2)
    assert report.ok and len(report.done) == 8
    assert fake.max_in_flight == 2
    assert 2 in seen


async def test_the_collector_is_left_as_the_batch_found_it(tmp_path: Path) -> None:
    # run_batch freezes what is alive at its start out of the collector's passes, for its run only.
    many_articles(tmp_path / "in", 3)
    frozen: list[int] = []

    def during(outcome: str, path: Path | None) -> None:
        frozen.append(gc.get_freeze_count())

    await run_batch([tmp_path / "in"], tmp_path / "out", engine=ArticleFake().engine(), on_progress=during)
    assert len(frozen) == 3 and all(count > 0 for count in frozen)
    assert gc.get_freeze_count() == 0


async def test_engine_concurrency_is_the_default(tmp_path: Path) -> None:
    many_articles(tmp_path / "in", 6)
    fake = SlowFake(delay=0.03)
    await run_batch([tmp_path / "in"], tmp_path / "out", engine=fake.engine(concurrency=2))
    assert fake.max_in_flight == 2


# --------------------------------------------------------------------------- one bad record, one failure


def test_bad_jsonl_line_is_its_own_failure_and_the_good_lines_get_briefs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "in"
    root.mkdir()
    feed = root / "feed.jsonl"
    lines = [json.dumps({"text": article_text(1)}), '{"text": "cut off', json.dumps({"text": article_text(3)})]
    feed.write_text("\n".join(lines) + "\n", encoding="utf-8")
    fake = ArticleFake()
    use_fake(monkeypatch, fake)
    out = tmp_path / "out"
    assert cli.main(["batch", str(root), "--out", str(out)]) == 1

    assert sorted(valid_briefs(out)) == ["feed-1", "feed-3"]
    assert set(fake.per_article) == {marker(1), marker(3)}
    records = [json.loads(line) for line in (out / FAILURES_FILE).read_text(encoding="utf-8").splitlines()]
    reason = "line 2: invalid JSON (Unterminated string starting at column 10)"
    assert records == [{"file": str(feed), "stage": "load", "error": reason}]
    failed = [line for line in capsys.readouterr().err.splitlines() if line.startswith("failed ")]
    assert failed == [f"failed {feed}: load: {reason}"]


def test_symlink_loop_in_an_input_folder_is_a_failure(tmp_path: Path) -> None:
    many_articles(tmp_path / "in", 2)
    (tmp_path / "in" / "loop").symlink_to("loop")
    (tmp_path / "in" / "nested").mkdir()
    (tmp_path / "in" / "nested" / "back").symlink_to("..")
    report = run([tmp_path / "in"], tmp_path / "out", ArticleFake().engine())
    assert len(report.done) == 2
    records = [json.loads(line) for line in (tmp_path / "out" / FAILURES_FILE).read_text(encoding="utf-8").splitlines()]
    assert [(Path(r["file"]).name, r["stage"], r["error"].split(" (")[0]) for r in records] == [
        ("loop", "load", "symbolic link loop"),
        ("back", "load", "symbolic link loop"),
    ]


def test_run_batch_takes_str_paths(tmp_path: Path) -> None:
    many_articles(tmp_path / "in", 2)
    report = run([str(tmp_path / "in")], str(tmp_path / "out"), ArticleFake().engine())  # type: ignore[list-item]
    assert report.ok and sorted(path.name for path in report.done) == ["a00.json", "a01.json"]


def test_summarize_failure_names_the_article_of_a_multi_article_file(tmp_path: Path) -> None:
    root = tmp_path / "in"
    root.mkdir()
    (root / "feed.jsonl").write_text(
        "".join(json.dumps({"text": article_text(n)}) + "\n" for n in (1, 2)), encoding="utf-8"
    )
    report = run([root], tmp_path / "out", ArticleFake(statuses={marker(2): 401}).engine())
    failures = [(f.file, f.stage, f.article) for f in report.failures]
    assert failures == [(str(root / "feed.jsonl"), "summarize", "feed-2")]
    record = json.loads((tmp_path / "out" / FAILURES_FILE).read_text(encoding="utf-8"))
    assert record["article"] == "feed-2" and "HTTP 401" in record["error"]


def test_failures_file_is_written_once_for_the_load_failures_and_never_stale(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_failing_folder(tmp_path / "in")
    out = tmp_path / "out"
    out.mkdir()
    (out / FAILURES_FILE).write_text('{"file": "from an earlier run"}\n', encoding="utf-8")
    writes: list[str] = []
    real_write = batch.write_atomic

    def counting_write(path: str | os.PathLike[str], text: str, *, fsync: bool = True) -> None:
        if Path(path).name == FAILURES_FILE:
            writes.append(text)
        real_write(path, text, fsync=fsync)

    monkeypatch.setattr(batch, "write_atomic", counting_write)
    seen_while_running: list[list[str]] = []

    def on_progress(outcome: str, path: Path | None) -> None:
        lines = (out / FAILURES_FILE).read_text(encoding="utf-8").splitlines()
        seen_while_running.append([json.loads(line)["file"] for line in lines])

    report = run([tmp_path / "in"], out, ArticleFake(statuses={marker(666): 401}).engine(), on_progress=on_progress)
    # The three load failures in one write, then one write for the one summarize failure.
    assert [text.count("\n") for text in writes] == [3, 4]
    assert len(report.failures) == 4
    # While the run goes on, the file holds this run's failures, never the earlier run's.
    assert seen_while_running and all("from an earlier run" not in files for files in seen_while_running)
    assert len(read_failures(out)) == 4
