"""The `summarizer` command, run in-process with `summarizer.cli.main([...])`.

The one seam is `summarizer.cli.common.build_engine`, replaced (by `use_fake`) with
the real `build_engine` on the fake endpoint's transport; the endpoint, model
and API key reach it through the environment as they would in real use.
"""

from __future__ import annotations

import json
import logging
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import SEED
from fakellm import API_KEY, FakeLLM
from test_batch import ArticleFake, article_text, marker, use_fake, valid_briefs

from summarizer import cli
from summarizer.briefing.markdown import escape_md
from summarizer.models import Brief
from summarizer.schema import brief_schema

GOLD = Path(__file__).parent.parent / "examples" / "eval" / "gold" / f"{SEED.stem}.json"
SECTIONS = ("authorisations", "exclusions", "sources", "quotes")
SCORE_KEYS = {"precision", "recall", "f1", "tp", "fp", "fn"}


def one_line(text: str) -> str:
    lines = text.strip().splitlines()
    assert len(lines) == 1, lines
    return lines[0]


def seed_copy(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    return Path(shutil.copy(SEED, folder / SEED.name)).resolve()


# --------------------------------------------------------------------------- summarize and schema


@pytest.mark.parametrize(("passes", "fixture"), [("single", "seed"), ("multi", "seed-multi")])
def test_summarize_prints_a_valid_brief(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], passes: str, fixture: str
) -> None:
    fake = FakeLLM.from_fixture(fixture)
    use_fake(monkeypatch, fake)
    assert cli.main(["summarize", str(SEED), "--passes", passes]) == 0
    brief = Brief.model_validate_json(capsys.readouterr().out)
    assert brief.headline == "US lets Ukraine strike Russia with GMLRS and HIMARS, but not ATACMS"
    assert brief.article.id == SEED.stem and brief.usage.model == "fake-model"
    # The model names the missiles; code reading the sentences keeps the fuller of their two wordings.
    limit = brief.exclusions[0]
    assert "ATACMS long-range surface-to-surface missiles" in limit.what or "long-range ATACMS" in limit.what
    # Multi pass: the overview and the decisions (code reads the sources; the layout names both speakers).
    assert len(fake.extraction_requests) == (1 if passes == "single" else 2)
    assert brief.usage.requests == len(fake.requests)


def test_schema_prints_the_brief_schema(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["schema"]) == 0
    assert json.loads(capsys.readouterr().out) == brief_schema()


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("missing.txt", None, "file not found"),
        ("empty.txt", b"", "no article text"),
        ("blank.md", b" \n\n\t\n", "no article text"),
        ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 8, "binary file"),
        ("picture.png", b"\x89PNG", "unsupported file type"),
    ],
    ids=["missing", "empty", "blank", "binary", "unsupported"],
)
def test_summarize_unusable_file_is_one_line_error(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    name: str,
    content: bytes | None,
    reason: str,
) -> None:
    fake = ArticleFake()
    use_fake(monkeypatch, fake)
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    assert cli.main(["summarize", str(path)]) == 1
    captured = capsys.readouterr()
    line = one_line(captured.err)
    assert line.startswith("summarizer: error: ")
    assert str(path) in line and reason in line
    assert captured.out == ""
    assert fake.requests == []


def test_summarize_model_failure_exits_1_naming_the_cause(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "story.txt"
    path.write_text(article_text(9), encoding="utf-8")
    use_fake(monkeypatch, ArticleFake(statuses={marker(9): 500}))
    # As in a plain `summarizer` process, where nothing configured logging: pytest's own
    # handlers would otherwise keep library log records away from stderr.
    monkeypatch.setattr(logging.root, "handlers", [])
    assert cli.main(["summarize", str(path)]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    line = one_line(captured.err)
    assert line.startswith("summarizer: error: model request failed: HTTP 500")


@pytest.mark.parametrize("command", [None, "summarize", "batch", "briefing", "schema", "eval", "model"])
def test_help_works_for_every_command(capsys: pytest.CaptureFixture[str], command: str | None) -> None:
    with pytest.raises(SystemExit) as exit_info:
        cli.main([command, "--help"] if command else ["--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("usage: summarizer")
    if command:
        assert f"summarizer {command}" in out


def test_unknown_command_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["summarise-everything"])
    assert exit_info.value.code == 2
    assert "invalid choice" in capsys.readouterr().err


# --------------------------------------------------------------------------- batch then briefing

TRICKY_HEADLINE = "US lets Ukraine *strike* Russia with [GMLRS](x) & <b>HIMARS</b>_"


def test_batch_then_briefing_writes_markdown_with_escaped_headline(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    answer = json.loads((Path(__file__).parent / "fixtures" / "llm" / "seed.json").read_text(encoding="utf-8"))
    answer["BriefDraft"][0]["headline"] = TRICKY_HEADLINE
    use_fake(monkeypatch, FakeLLM(answer))
    seed_copy(tmp_path / "in")
    briefs = tmp_path / "briefs"
    assert cli.main(["batch", str(tmp_path / "in"), "-o", str(briefs)]) == 0
    report = tmp_path / "out.md"
    assert cli.main(["briefing", str(briefs), "--date", "2024-05-31", "-o", str(report)]) == 0
    document = report.read_text(encoding="utf-8")
    escaped = escape_md(TRICKY_HEADLINE)
    assert escaped != TRICKY_HEADLINE
    assert escaped in document and TRICKY_HEADLINE not in document
    assert "<b>" not in document
    assert "2024-05-31" in document.splitlines()[0]
    capsys.readouterr()

    # Without -o the briefing goes to stdout.
    assert cli.main(["briefing", str(briefs), "--date", "2024-05-31"]) == 0
    assert capsys.readouterr().out == document


@pytest.mark.parametrize("date", ["31/05/2024", "2024-02-30", "yesterday"])
def test_briefing_bad_date_is_one_line_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], date: str
) -> None:
    use_fake(monkeypatch, ArticleFake())
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "story.txt").write_text(article_text(1), encoding="utf-8")
    assert cli.main(["batch", str(tmp_path / "in"), "-o", str(tmp_path / "briefs")]) == 0
    capsys.readouterr()
    assert cli.main(["briefing", str(tmp_path / "briefs"), "--date", date, "-o", str(tmp_path / "x.md")]) == 1
    line = one_line(capsys.readouterr().err)
    assert date in line and "YYYY-MM-DD" in line
    assert not (tmp_path / "x.md").exists()


def test_briefing_on_folder_without_briefs_is_one_line_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["briefing", str(tmp_path), "--date", "2024-05-31"]) == 1
    line = one_line(capsys.readouterr().err)
    assert str(tmp_path) in line and "no briefs" in line


# --------------------------------------------------------------------------- eval


def check_eval_json(report: dict[str, Any]) -> None:
    assert {"articles", "seconds_per_article", "verbatim_rate", "dropped_ungrounded", "sections", "per_article"} <= set(
        report
    )
    assert report["articles"] == 1
    assert set(report["sections"]) == set(SECTIONS)
    for name in SECTIONS:
        assert set(report["sections"][name]) >= SCORE_KEYS
    assert "speaker_accuracy" in report["sections"]["quotes"]
    assert set(report["per_article"]) == {SEED.stem}
    exclusions = report["sections"]["exclusions"]
    assert exclusions["recall"] == 1.0 and exclusions["tp"] == 1 and exclusions["fn"] == 0
    assert report["per_article"][SEED.stem]["exclusions"]["recall"] == 1.0
    assert report["dropped_ungrounded"] == 0
    assert report["sections"]["quotes"]["recall"] == 1.0
    assert report["sections"]["quotes"]["speaker_accuracy"] == 1.0
    assert report["seconds_per_article"] >= 0


@pytest.fixture
def gold_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "gold"
    folder.mkdir()
    shutil.copy(GOLD, folder / GOLD.name)
    return folder


def test_eval_scores_briefs_against_gold(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], gold_dir: Path
) -> None:
    use_fake(monkeypatch, FakeLLM.from_fixture("seed"))
    seed_copy(tmp_path / "in")
    assert cli.main(["batch", str(tmp_path / "in"), "-o", str(tmp_path / "briefs")]) == 0
    capsys.readouterr()
    assert cli.main(["eval", str(tmp_path / "briefs"), str(gold_dir), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    check_eval_json(report)
    # Every span of the seed answer is checked, through the article file, and found verbatim.
    assert report["texts_unavailable"] == []
    assert report["spans_checked"] > 0 and report["verbatim_rate"] == 1.0


def test_eval_summarises_then_scores(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], gold_dir: Path
) -> None:
    fake = FakeLLM.from_fixture("seed")
    use_fake(monkeypatch, fake)
    seed_copy(tmp_path / "articles")
    out = tmp_path / "briefs"
    args = ["eval", "--articles", str(tmp_path / "articles"), "--gold", str(gold_dir), "--out", str(out), "--json"]
    assert cli.main(args) == 0
    check_eval_json(json.loads(capsys.readouterr().out))
    assert fake.tool_calls("BriefDraft") == 1
    assert list(valid_briefs(out)) == [SEED.stem]


def test_eval_without_gold_is_one_line_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["eval", str(tmp_path)]) == 1
    assert "gold" in one_line(capsys.readouterr().err)


# --------------------------------------------------------------------------- secrets


@pytest.fixture
def all_logs(caplog: pytest.LogCaptureFixture) -> Iterator[pytest.LogCaptureFixture]:
    for name in (None, "openai", "httpx", "httpcore", "instructor"):
        caplog.set_level(logging.DEBUG, logger=name)
    yield caplog


def test_api_key_never_leaks(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    all_logs: pytest.LogCaptureFixture,
) -> None:
    fake = ArticleFake(statuses={marker(500): 500, marker(401): 401})
    use_fake(monkeypatch, fake)
    articles = tmp_path / "in"
    articles.mkdir()
    for number in (1, 2, 500, 401):
        (articles / f"story-{number}.txt").write_text(article_text(number), encoding="utf-8")
    out = tmp_path / "out"
    outputs: list[str] = []

    assert cli.main(["summarize", str(articles / "story-1.txt")]) == 0
    assert cli.main(["summarize", str(articles / "story-401.txt")]) == 1
    assert cli.main(["summarize", str(articles / "story-500.txt")]) == 1
    assert cli.main(["batch", str(articles), "-o", str(out), "--jsonl", str(tmp_path / "all.jsonl")]) == 1
    assert cli.main(["batch", str(articles), "-o", str(out), "--jsonl", "-", "--force"]) == 1
    captured = capsys.readouterr()
    outputs += [captured.out, captured.err]

    # The key really was sent, so it could have leaked.
    assert {request["headers"].get("authorization") for request in fake.requests} == {f"Bearer {API_KEY}"}
    assert fake.per_article[marker(500)] > 1 and fake.per_article[marker(401)] >= 1
    assert "HTTP 401" in captured.err and "HTTP 500" in captured.err

    files = [path for path in tmp_path.rglob("*") if path.is_file()]
    assert {path.name for path in files} >= {"failures.jsonl", "all.jsonl", "story-1.json", "story-2.json"}
    outputs += [path.read_bytes().decode("utf-8", "replace") for path in files]
    records = all_logs.records
    assert records, "no log records were captured"
    outputs += [all_logs.text]
    outputs += [record.getMessage() for record in records]
    outputs += [repr(record.args) + repr(record.__dict__) for record in records]
    for text in outputs:
        assert API_KEY not in text
        assert API_KEY[8:] not in text  # not even partly, e.g. after masking the prefix
