"""`summarizer batch --via batch-api` against a fake of /v1/files and /v1/batches (tests/fakebatch.py).

The fake sits behind the real `openai` client at the HTTP level and answers every batched request
with the same FakeLLM that answers live calls, so a canned answer means the same thing on both paths.
"""

from __future__ import annotations

import asyncio
import json
import re
from pathlib import Path
from typing import Any

import httpx
import pytest
from conftest import SEED
from fakebatch import BASE_URL, BatchFake
from fakellm import API_KEY, FakeLLM
from test_batch import MINIMAL_BRIEF, use_fake

from summarizer import cli, summarize
from summarizer.backends import batch_api
from summarizer.batch import FAILURES_FILE, run_batch
from summarizer.deferred import DeferredReport, run_batch_api
from summarizer.extract.collect import batch_request
from summarizer.io.loaders import load_file

MARKER = re.compile(r"\bART\d{3}\b")
STATE = batch_api.STATE_FILE


def marker(number: int) -> str:
    return f"ART{number:03d}"


class MarkerLLM(FakeLLM):
    """Answers any article with MINIMAL_BRIEF; requests naming a marker in `failing` get HTTP 500."""

    def __init__(self, failing: set[str] | None = None) -> None:
        super().__init__({"BriefDraft": [MINIMAL_BRIEF]})
        self.failing = failing or set()

    def handle(self, request: httpx.Request) -> httpx.Response:
        if set(MARKER.findall(request.content.decode())) & self.failing:
            return httpx.Response(500, json={"error": {"message": "fake outage", "type": "server_error"}})
        return super().handle(request)


def write_articles(folder: Path, count: int, *, long: int | None = None) -> list[str]:
    """`count` articles ART001..; the one numbered `long` is padded to a much larger request."""
    folder.mkdir(parents=True, exist_ok=True)
    for number in range(1, count + 1):
        extra = " The bridge will be long." * 3000 if number == long else ""
        text = f"Reporter {marker(number)} writes that the council met on Tuesday. It approved a new bridge.{extra}"
        (folder / f"a{number}.txt").write_text(text, encoding="utf-8")
    return [marker(n) for n in range(1, count + 1)]


def markers_in(bodies: list[dict[str, Any]]) -> list[str]:
    return sorted(m for body in bodies for m in set(MARKER.findall(json.dumps(body))))


def extraction(bodies: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Chat requests asking for a brief (not the yes/no checks of decisions)."""
    return [body for body in bodies if not body.get("logprobs")]


def structure(path: Path) -> dict[str, Any]:
    """A brief file without its wall-clock time, the one field two paths cannot share."""
    brief = json.loads(path.read_text(encoding="utf-8"))
    del brief["usage"]["seconds"]
    return dict(brief)


def collect(fake: BatchFake, inputs: Path, out: Path, **options: Any) -> DeferredReport:
    options.setdefault("poll_interval", 0)
    return asyncio.run(run_batch_api([inputs], out, engine=fake.engine(), **options))


def seed_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / SEED.name).write_bytes(SEED.read_bytes())
    return folder


# -- the same briefs as the live path ------------------------------------------------------------


@pytest.mark.parametrize(("fixture", "reasks"), [("seed", 0), ("seed-fabricated-then-fixed", 1)])
def test_batch_briefs_equal_live_briefs(tmp_path: Path, fixture: str, reasks: int) -> None:
    inputs = seed_folder(tmp_path)
    live = FakeLLM.from_fixture(fixture)
    asyncio.run(run_batch([inputs], tmp_path / "live", engine=live.engine()))
    fake = BatchFake(FakeLLM.from_fixture(fixture))
    report = collect(fake, inputs, tmp_path / "api")

    assert report.ok and len(report.done) == 1 and fake.batch_creations == 1
    name = SEED.with_suffix(".json").name
    assert structure(tmp_path / "api" / name) == structure(tmp_path / "live" / name)
    # The batch line's body is byte for byte the body of the live request instructor sent.
    [line] = fake.submitted_lines()
    assert line["body"] == live.extraction_requests[0]["body"]
    assert line["url"] == "/v1/chat/completions" and line["method"] == "POST"
    # The two checks of decisions went live, as on the live path; and a re-ask only after an ungrounded answer.
    assert len(fake.live) - len(extraction(fake.live)) == 2
    assert len(extraction(fake.live)) == reasks
    assert not (tmp_path / "api" / STATE).exists()


def test_an_answer_that_fails_grounding_is_reasked_live_with_the_error(tmp_path: Path) -> None:
    fake = BatchFake(FakeLLM.from_fixture("seed-fabricated-then-fixed"))
    report = collect(fake, seed_folder(tmp_path), tmp_path / "out")

    assert report.ok and report.unanswered == []
    [reask] = extraction(fake.live)
    # Instructor's own re-ask: the batch's invented quotation and the grounding error, then a live answer.
    assert "quotes[2]: text is not in the article word for word" in json.dumps(reask["messages"][-2:])
    brief = json.loads(report.done[0].read_text(encoding="utf-8"))
    assert "We will never allow ATACMS" not in json.dumps(brief)
    assert brief["usage"]["attempts"] == 2 + 2  # the batch's answer, the live re-ask, two checks


def test_request_body_is_what_instructor_sends_in_every_mode(tmp_path: Path) -> None:
    article = load_file(SEED)[0]
    for mode in ("tools", "json", "md_json"):
        live = FakeLLM({"BriefDraft": [MINIMAL_BRIEF], "json": [MINIMAL_BRIEF]})
        engine = live.engine(mode=mode, check_decisions=False)
        summarize(article, engine=engine)
        assert batch_request(article, engine) == live.requests[0]["body"], mode


# -- batches that end without answering everything -----------------------------------------------


def test_a_batch_that_expires_half_done_writes_the_half_and_asks_the_rest_live(tmp_path: Path) -> None:
    markers = write_articles(tmp_path / "in", 4)
    fake = BatchFake(MarkerLLM(), expire_after=2)
    report = collect(fake, tmp_path / "in", tmp_path / "out")

    assert report.ok and len(report.done) == 4
    sent = [m for line in fake.submitted_lines() for m in MARKER.findall(json.dumps(line))]
    assert sorted(sent) == markers
    late = sorted(sent[2:])
    # The unanswered half is reported article by article, then asked live; the answered half is not.
    assert sorted(n.article or "" for n in report.unanswered) == sorted(f"a{int(m[3:])}" for m in late)
    assert all("expired before answering it; asked live" in n.error for n in report.unanswered)
    assert markers_in(extraction(fake.live)) == late
    assert not (tmp_path / "out" / FAILURES_FILE).exists()


def test_an_expired_request_that_also_fails_live_is_a_failure_naming_both(tmp_path: Path) -> None:
    write_articles(tmp_path / "in", 4)
    fake = BatchFake(MarkerLLM(), expire_after=2)
    first = collect(fake, tmp_path / "in", tmp_path / "out", wait=False)
    assert first.waiting == {"batch_1": 4} and first.done == []
    # The last line is never run by the batch (it expires first): the outage hits only its live re-ask.
    last = MARKER.findall(json.dumps(fake.submitted_lines()[-1]))[0]
    assert isinstance(fake.llm, MarkerLLM)
    fake.llm.failing = {last}
    report = collect(fake, tmp_path / "in", tmp_path / "out")

    assert len(report.done) == 3 and len(report.unanswered) == 2
    [failure] = [json.loads(line) for line in (tmp_path / "out" / FAILURES_FILE).read_text().splitlines()]
    assert failure["article"] == f"a{int(last[3:])}" and failure["stage"] == "summarize"
    assert failure["error"].startswith("batch batch_1 expired before answering it; asked live: ")
    assert "HTTP 500" in failure["error"]


def test_resubmit_puts_the_unanswered_half_in_a_second_batch(tmp_path: Path) -> None:
    write_articles(tmp_path / "in", 4)
    fake = BatchFake(MarkerLLM(), expire_after=2)
    report = collect(fake, tmp_path / "in", tmp_path / "out", resubmit=True)

    assert report.ok and len(report.done) == 4
    assert fake.batch_creations == 2
    assert [len(upload.splitlines()) for upload in fake.uploads] == [4, 2]
    assert extraction(fake.live) == []
    assert all(n.error.endswith("; resubmitted") for n in report.unanswered) and len(report.unanswered) == 2


def test_a_failed_batch_is_reported_per_article_and_asked_live(tmp_path: Path) -> None:
    markers = write_articles(tmp_path / "in", 3)
    fake = BatchFake(MarkerLLM(), fail_with="the file holds a bad line")
    report = collect(fake, tmp_path / "in", tmp_path / "out")

    assert report.ok and len(report.done) == 3
    assert {n.article for n in report.unanswered} == {"a1", "a2", "a3"}
    assert all("batch batch_1 failed: invalid_request: the file holds a bad line" in n.error for n in report.unanswered)
    assert markers_in(extraction(fake.live)) == markers


# -- resuming: a run that stops between submit and collect ---------------------------------------


def test_submit_without_waiting_then_a_second_run_collects_without_resubmitting(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    write_articles(tmp_path / "in", 3)
    out = tmp_path / "out"
    fake = BatchFake(MarkerLLM(), polls_to_finish=3)
    use_fake(monkeypatch, fake, BASE_URL)
    command = ["batch", str(tmp_path / "in"), "--out", str(out), "--via", "batch-api"]

    assert cli.main([*command, "--no-wait"]) == 0
    assert sorted(p.name for p in out.glob("*.json")) == []
    state = json.loads((out / STATE).read_text(encoding="utf-8"))
    [submission] = state["submissions"]
    assert submission["batch"] == "batch_1" and len(submission["requests"]) == 3
    assert {r["article"] for r in submission["requests"].values()} == {"a1", "a2", "a3"}
    assert fake.polls == {"batch_1": 0}  # a batch made this moment is not polled by --no-wait
    assert "waiting: batch_1 (3 requests)" in capsys.readouterr().err

    # The process is gone; everything the next one needs is on disk.
    assert cli.main([*command, "--poll-interval", "0.01"]) == 0
    assert sorted(p.name for p in out.glob("*.json")) == ["a1.json", "a2.json", "a3.json"]
    # Polled three times; the unchanged status is said once.
    assert fake.polls == {"batch_1": 3}
    assert capsys.readouterr().err.count("batch batch_1: in_progress, 0 of 3 answered") == 1
    assert fake.batch_creations == 1 and len(fake.uploads) == 1
    assert not (out / STATE).exists()
    assert extraction(fake.live) == []

    # Nothing left to do: no upload, no batch, no request.
    requests = len(fake.headers)
    assert cli.main(command) == 0
    assert fake.batch_creations == 1 and len(fake.headers) == requests

    # The key went in the Authorization header and nowhere else: not in a file, not in a request line.
    for path in out.rglob("*"):
        assert API_KEY not in path.read_text(encoding="utf-8")
    assert all(API_KEY.encode() not in upload for upload in fake.uploads)


def test_a_lost_create_reply_is_found_again_instead_of_paying_twice(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_articles(tmp_path / "in", 2)
    out = tmp_path / "out"
    # One run: the reply is lost, the batch is found by its input file on the next try.
    fake = BatchFake(MarkerLLM(), drop_create_reply=True)
    report = collect(fake, tmp_path / "in", out)
    assert report.ok and len(report.done) == 2 and fake.batch_creations == 1

    # Killed right there: the state holds the uploaded file without a batch id; the next run adopts it.
    monkeypatch.setattr(batch_api, "CREATE_ATTEMPTS", 1)
    fake = BatchFake(MarkerLLM(), drop_create_reply=True)
    first = collect(fake, tmp_path / "in", tmp_path / "again")
    assert len(first.failures) == 2 and all("the next run tries again" in f.error for f in first.failures)
    [submission] = json.loads((tmp_path / "again" / STATE).read_text(encoding="utf-8"))["submissions"]
    assert submission["batch"] is None and submission["file"] == "file-1"
    second = collect(fake, tmp_path / "in", tmp_path / "again")
    assert second.ok and len(second.done) == 2
    assert fake.batch_creations == 1 and len(fake.uploads) == 1


# -- within the API's limits ---------------------------------------------------------------------


def test_large_inputs_are_split_across_batches(tmp_path: Path) -> None:
    write_articles(tmp_path / "in", 5)
    fake = BatchFake(MarkerLLM())
    report = collect(fake, tmp_path / "in", tmp_path / "out", limits=batch_api.BatchLimits(max_requests=2))

    assert report.ok and len(report.done) == 5
    assert fake.batch_creations == 3
    assert [len(upload.splitlines()) for upload in fake.uploads] == [2, 2, 1]
    assert sorted(report.submitted.values()) == [1, 2, 2]


def test_the_byte_limit_splits_too_and_a_request_above_it_is_a_failure(tmp_path: Path) -> None:
    write_articles(tmp_path / "in", 5, long=5)
    short = load_file(tmp_path / "in" / "a1.txt")[0]
    engine = BatchFake(MarkerLLM()).engine()
    size = len(batch_api.Line("brief-" + "0" * 32, batch_request(short, engine)).encoded())
    fake = BatchFake(MarkerLLM())
    limits = batch_api.BatchLimits(max_bytes=int(size * 2.5))
    report = collect(fake, tmp_path / "in", tmp_path / "out", limits=limits)

    assert [len(upload.splitlines()) for upload in fake.uploads] == [2, 2]
    assert all(len(upload) <= limits.max_bytes for upload in fake.uploads)
    [failure] = report.failures
    assert failure.article == "a5" and "larger than a batch input file may be" in failure.error
    assert len(report.done) == 4


# -- what the path refuses -----------------------------------------------------------------------


def test_multi_pass_and_batch_options_without_the_batch_api_are_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    write_articles(tmp_path / "in", 1)
    fake = BatchFake(MarkerLLM())
    use_fake(monkeypatch, fake, BASE_URL)
    base = ["batch", str(tmp_path / "in"), "--out", str(tmp_path / "out")]
    assert cli.main([*base, "--via", "batch-api", "--passes", "multi"]) == 1
    assert "use --passes single" in capsys.readouterr().err
    assert cli.main([*base, "--no-wait"]) == 1
    assert "--no-wait: only with --via batch-api" in capsys.readouterr().err
    assert fake.headers == []


def test_an_unreadable_state_file_stops_the_run_instead_of_paying_again(tmp_path: Path) -> None:
    write_articles(tmp_path / "in", 1)
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / STATE).write_text("{not json", encoding="utf-8")
    fake = BatchFake(MarkerLLM())
    with pytest.raises(Exception, match="unreadable Batch API state"):
        collect(fake, tmp_path / "in", tmp_path / "out")
    assert fake.uploads == []


def test_a_batch_of_other_articles_is_not_waited_for(tmp_path: Path) -> None:
    write_articles(tmp_path / "first", 2)
    (tmp_path / "second").mkdir()
    (tmp_path / "second" / "b.txt").write_text("Reporter ART009 writes that the mayor resigned.", encoding="utf-8")
    fake = BatchFake(MarkerLLM(), polls_to_finish=4)
    collect(fake, tmp_path / "first", tmp_path / "out", wait=False)
    fake.polls["batch_1"] = -1000  # the first input's batch will run for a long while yet
    report = collect(fake, tmp_path / "second", tmp_path / "out")

    # The second input's batch was waited for and collected; the first's still runs, and is still on record.
    assert [p.name for p in report.done] == ["b.json"]
    assert report.waiting == {"batch_1": 2}
    assert fake.batch_creations == 2
