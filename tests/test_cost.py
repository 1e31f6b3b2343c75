"""Tokens and cost: the price table and its override, the cost of a brief and of a batch, the dry run."""

from __future__ import annotations

import asyncio
import json
import re
import socket
from pathlib import Path

import httpx
import pytest
from conftest import SEED
from fakellm import FakeLLM
from test_batch import ArticleFake, article_text, use_fake

from summarizer import cli
from summarizer.backends import pricing
from summarizer.backends.pricing import PRICES, Price, load_prices, lookup, with_cost
from summarizer.batch import BatchReport, run_batch
from summarizer.config import Settings
from summarizer.errors import ConfigurationError
from summarizer.io.loaders import load_file
from summarizer.models import Brief, Usage
from summarizer.text.cues import cue_sentences
from summarizer.text.decisions import read_decisions
from summarizer.text.sentences import split_sentences

# --------------------------------------------------------------------------- the table


def test_lookup_finds_a_model_and_its_dated_snapshots_and_nothing_else() -> None:
    assert lookup("gpt-4o-mini") == Price(input=0.15, cached_input=0.075, output=0.60)
    assert lookup("gpt-4o-mini-2024-07-18") == lookup("gpt-4o-mini")
    # gpt-4o is its own entry, not gpt-4o-mini's prefix or the other way round.
    assert lookup("gpt-4o") != lookup("gpt-4o-mini")
    for unknown in ("qwen2.5", "gpt-4o-mini-fine-tuned", "embedded model", ""):
        assert lookup(unknown) is None


def test_cost_counts_cached_tokens_at_their_rate_and_applies_the_discount() -> None:
    price = Price(input=2.0, cached_input=0.5, output=8.0)
    # 1M prompt tokens of which 400k cached, 100k output: 0.6*2 + 0.4*0.5 + 0.1*8 = 2.2 dollars.
    assert price.cost(1_000_000, 100_000, 400_000) == pytest.approx(2.2)
    assert price.cost(1_000_000, 100_000, 400_000, discount=pricing.BATCH_API_DISCOUNT) == pytest.approx(1.1)
    # Without a cached rate, cached tokens cost the input rate.
    assert Price(input=2.0, output=8.0).cost(1_000_000, 0, 400_000) == pytest.approx(2.0)


@pytest.mark.parametrize("suffix", [".json", ".yaml"])
def test_a_prices_file_overrides_adds_and_removes_entries(tmp_path: Path, suffix: str) -> None:
    entries = {
        "gpt-4o-mini": {"input": 1.0, "output": 2.0},
        "my-model": {"input": 0.5, "cached_input": 0.1, "output": 1.5},
        "gpt-4o": None,
    }
    path = tmp_path / f"prices{suffix}"
    path.write_text(json.dumps(entries), encoding="utf-8")  # JSON is valid YAML too
    table = load_prices(path)
    assert lookup("gpt-4o-mini", table) == Price(input=1.0, output=2.0)
    assert lookup("my-model", table) == Price(input=0.5, cached_input=0.1, output=1.5)
    assert lookup("gpt-4o", table) is None
    assert lookup("gpt-4.1", table) == PRICES["gpt-4.1"]
    assert PRICES["gpt-4o-mini"].input == 0.15, "the built-in table itself is left alone"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("gpt-4o: {input: 1}\n", "needs input and output"),
        ("gpt-4o: {input: -1, output: 1}\n", "input must be a number"),
        ("gpt-4o: {input: yes, output: 1}\n", "input must be a number"),
        ("gpt-4o: {input: 1, output: 1, batch: 0.5}\n", "unknown keys batch"),
        ("- gpt-4o\n", "must map model names"),
        ("gpt-4o: [unclosed\n", "cannot read"),
    ],
)
def test_a_bad_prices_file_is_a_configuration_error_naming_it(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "prices.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigurationError, match=message) as raised:
        load_prices(path)
    assert str(path) in str(raised.value) and "SUMMARIZER_PRICES" in str(raised.value)


def test_settings_read_the_prices_file_and_the_engine_prices_the_model_by_it(tmp_path: Path) -> None:
    path = tmp_path / "prices.json"
    path.write_text(json.dumps({"fake-model": {"input": 3.0, "output": 6.0}}), encoding="utf-8")
    settings = Settings.from_env({"SUMMARIZER_PRICES": str(path)})
    assert settings.prices_file == path
    assert FakeLLM().engine(prices_file=path).price == Price(input=3.0, output=6.0)
    assert FakeLLM().engine().price is None, "fake-model is in no built-in table"
    assert FakeLLM().engine(model="gpt-4o-mini").price == PRICES["gpt-4o-mini"]


def test_old_briefs_without_a_cost_still_load() -> None:
    assert Usage.model_validate({"model": "m", "prompt_tokens": 3}).cost_usd is None


# --------------------------------------------------------------------------- the cost of briefs


def test_batch_gives_each_brief_and_the_report_the_cost_of_its_tokens(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    for number in (1, 2):
        (tmp_path / "in" / f"a{number}.txt").write_text(article_text(number), encoding="utf-8")
    engine = ArticleFake().engine(model="gpt-4o-mini")
    report = asyncio.run(run_batch([tmp_path / "in"], tmp_path / "out", engine=engine))
    briefs = [Brief.model_validate_json(path.read_text(encoding="utf-8")) for path in report.done]
    assert len(briefs) == 2
    for brief in briefs:
        usage = brief.usage
        assert usage.prompt_tokens > 0 and usage.completion_tokens > 0
        # gpt-4o-mini: $0.15 and $0.60 per million tokens.
        expected = (usage.prompt_tokens * 0.15 + usage.completion_tokens * 0.60) / 1e6
        assert usage.cost_usd == pytest.approx(expected, abs=1e-6)
    assert report.prompt_tokens == sum(b.usage.prompt_tokens for b in briefs)
    assert report.cost_usd == pytest.approx(sum(b.usage.cost_usd or 0 for b in briefs))


def test_a_model_without_a_price_gives_no_cost_rather_than_a_guess(tmp_path: Path) -> None:
    path = tmp_path / "a1.txt"
    path.write_text(article_text(1), encoding="utf-8")
    report = asyncio.run(run_batch([path], tmp_path / "out", engine=ArticleFake().engine()))
    brief = Brief.model_validate_json(report.done[0].read_text(encoding="utf-8"))
    assert brief.usage.prompt_tokens > 0 and brief.usage.cost_usd is None
    assert report.cost_usd is None


def test_with_cost_applies_a_discount_to_the_brief() -> None:
    brief = Brief.model_validate_json(
        json.dumps(
            {
                "prompt_version": "v",
                "article": {"id": "a", "sha256": "0" * 64, "chars": 1},
                "headline": "h",
                "summary": "s.",
                "usage": {"model": "gpt-4o", "prompt_tokens": 1_000_000, "completion_tokens": 100_000},
            }
        )
    )
    full = with_cost(brief, PRICES["gpt-4o"]).usage.cost_usd
    half = with_cost(brief, PRICES["gpt-4o"], discount=pricing.BATCH_API_DISCOUNT).usage.cost_usd
    assert full == pytest.approx(3.5) and half == pytest.approx(1.75)
    assert with_cost(brief, None).usage.cost_usd is None


def test_summarize_prints_the_brief_with_its_cost(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    use_fake(monkeypatch, FakeLLM.from_fixture("seed"))
    monkeypatch.setenv("SUMMARIZER_MODEL", "gpt-4.1-mini")
    assert cli.main(["summarize", str(SEED), "--passes", "single"]) == 0
    usage = Brief.model_validate_json(capsys.readouterr().out).usage
    assert usage.cost_usd == pytest.approx((usage.prompt_tokens * 0.40 + usage.completion_tokens * 1.60) / 1e6)


def test_the_batch_table_shows_the_total_cost_and_the_discount(capsys: pytest.CaptureFixture[str]) -> None:
    from rich.console import Console

    console = Console(width=200, record=True)
    console.print(cli._report_table(BatchReport(prompt_tokens=1200, cached_prompt_tokens=200, cost_usd=0.0123)))
    console.print(cli._report_table(BatchReport(cost_usd=12.5, discount=0.5)))
    console.print(cli._report_table(BatchReport()))
    text = console.export_text()
    assert "$0.0123" in text and "1,200 (200 cached)" in text
    assert "cost (50% off)" in text and "$12.50" in text
    assert "–" in text  # no price known: a dash, not $0


def test_batch_prints_the_cost(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    use_fake(monkeypatch, ArticleFake())
    monkeypatch.setenv("SUMMARIZER_MODEL", "gpt-4o-mini")
    path = tmp_path / "a1.txt"
    path.write_text(article_text(1), encoding="utf-8")
    assert cli.main(["batch", str(path), "--out", str(tmp_path / "out")]) == 0
    brief = Brief.model_validate_json((tmp_path / "out" / "a1.json").read_text(encoding="utf-8"))
    assert brief.usage.cost_usd is not None
    assert f"${brief.usage.cost_usd:.4f}" in capsys.readouterr().err


# --------------------------------------------------------------------------- the dry run


@pytest.fixture
def no_http(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Every connection any client (httpx, httpx2, aiohttp) tries to open, refused and recorded."""
    sent: list[object] = []

    def refuse(self: socket.socket, address: object) -> None:
        sent.append(address)
        raise AssertionError(f"a dry run connected to {address}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    for name in ("SUMMARIZER_BACKEND", "SUMMARIZER_PASSES", "SUMMARIZER_MODE", "SUMMARIZER_PRICES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("OPENAI_BASE_URL", "http://127.0.0.1:9/v1")  # nothing listens on the discard port
    monkeypatch.setenv("OPENAI_API_KEY", "sk-dry-run")
    return sent


def test_the_guard_against_connections_works(no_http: list[object]) -> None:
    with pytest.raises(AssertionError, match="connected"):
        httpx.get("http://127.0.0.1:9/")
    assert no_http


def _summary_line(err: str) -> str:
    lines = [line for line in err.splitlines() if line.startswith("dry run:")]
    assert len(lines) == 1, err
    return lines[0]


def _numbers(line: str) -> list[float]:
    return [float(n.replace(",", "")) for n in re.findall(r"\d[\d,]*(?:\.\d+)?", line)]


def test_dry_run_prints_totals_and_sends_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], no_http: list[object]
) -> None:
    out = tmp_path / "out"
    code = cli.main(
        ["batch", str(SEED), "--out", str(out), "--dry-run", "--model", "gpt-4o-mini", "--passes", "single"]
    )
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert no_http == [] and not out.exists(), "a dry run neither calls the model nor writes briefs"
    line = _summary_line(captured.err)
    articles, current, requests, prompt, completion, ceiling, dollars = _numbers(line)[:7]
    assert articles == 1 and current == 0 and requests >= 1
    # The prompt holds the whole numbered article (at 4 characters a token) and more.
    assert prompt > len(SEED.read_text(encoding="utf-8")) / 4
    assert 0 < completion < ceiling
    assert dollars == pytest.approx(round((prompt * 0.15 + completion * 0.60) / 1e6, 4), abs=1e-4)
    assert "gpt-4o-mini" in line and "no model was called" in line
    assert SEED.stem[:10] in captured.out and "total" in captured.out


def test_dry_run_counts_every_pass_and_check_and_the_batch_discount(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], no_http: list[object]
) -> None:
    def run(*extra: str) -> list[float]:
        args = ["batch", str(SEED), "--out", str(tmp_path / "out"), "--dry-run", "--model", "gpt-4o", *extra]
        assert cli.main(args) == 0
        return _numbers(_summary_line(capsys.readouterr().err))

    single = run("--passes", "single")
    multi = run("--passes", "multi")
    sentences = split_sentences(load_file(SEED)[0].text)
    cues = cue_sentences(sentences)
    # Single pass: one answer, then a check per decision, about one per cue sentence of permission or limit.
    assert single[2] == 1 + len(cues["authorisation"]) + len(cues["exclusion"])
    # Multi pass: the overview, and the decisions where a cue sentence was read by no code (both
    # quotations' speakers are in the layout), then a check per decision code reads and per such
    # sentence; each request carries the article again.
    readings = read_decisions(sentences)
    unread = set(cues["authorisation"]) - {r.number for r in readings}
    assert multi[2] == 1 + bool(unread) + len(readings) + len(unread) > 2
    assert multi[3] / multi[2] > 0.9 * single[3] / single[2]
    monkeypatch.setenv("SUMMARIZER_CHECK_DECISIONS", "0")
    unchecked = run("--passes", "single")
    assert unchecked[2] == 1, "single pass without checks is one request"
    assert unchecked[3] < single[3]
    monkeypatch.delenv("SUMMARIZER_CHECK_DECISIONS")
    batched = run("--passes", "single", "--via", "batch-api")
    assert batched[6] == pytest.approx(single[6] / 2, abs=1e-4)
    assert no_http == []


def test_dry_run_of_the_embedded_model_loads_no_model_and_has_no_price(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], no_http: list[object]
) -> None:
    monkeypatch.setenv("SUMMARIZER_MODEL_PATH", str(tmp_path / "missing.gguf"))  # loading it would fail
    assert cli.main(["batch", str(SEED), "--out", str(tmp_path / "out"), "--dry-run", "--backend", "local"]) == 0
    captured = capsys.readouterr()
    assert "no known price" in _summary_line(captured.err)
    assert "multi pass" in captured.out, "the embedded model's default passes"


def test_dry_run_reports_a_file_it_cannot_load(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], no_http: list[object]
) -> None:
    (tmp_path / "bad.json").write_text("{not json", encoding="utf-8")
    (tmp_path / "good.txt").write_text(article_text(1), encoding="utf-8")
    assert cli.main(["batch", str(tmp_path), "--out", str(tmp_path / "out"), "--dry-run", "--model", "gpt-4o"]) == 1
    err = capsys.readouterr().err
    assert "bad.json" in err and _numbers(_summary_line(err))[0] == 1


def test_the_batch_api_prices_its_briefs_at_half_and_says_so(tmp_path: Path) -> None:
    from fakebatch import BatchFake

    from summarizer.deferred import run_batch_api

    (tmp_path / "in").mkdir()
    (tmp_path / "in" / SEED.name).write_bytes(SEED.read_bytes())
    live = asyncio.run(
        run_batch([tmp_path / "in"], tmp_path / "live", engine=FakeLLM.from_fixture("seed").engine(model="gpt-4o"))
    )
    fake = BatchFake(FakeLLM.from_fixture("seed"))
    report = asyncio.run(
        run_batch_api([tmp_path / "in"], tmp_path / "api", engine=fake.engine(model="gpt-4o"), poll_interval=0)
    )
    assert report.ok and report.discount == pricing.BATCH_API_DISCOUNT
    [brief_path] = report.done
    usage = Brief.model_validate_json(brief_path.read_text(encoding="utf-8")).usage
    assert usage.cost_usd == pytest.approx((usage.prompt_tokens * 2.50 + usage.completion_tokens * 10.00) / 1e6 / 2)
    assert live.cost_usd is not None and report.cost_usd == pytest.approx(live.cost_usd / 2)


def test_dry_run_leaves_out_the_articles_batch_would_skip(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "in").mkdir()
    for number in (1, 2):
        (tmp_path / "in" / f"a{number}.txt").write_text(article_text(number), encoding="utf-8")
    out = tmp_path / "out"
    use_fake(monkeypatch, ArticleFake())
    assert cli.main(["batch", str(tmp_path / "in" / "a1.txt"), "--out", str(out)]) == 0
    capsys.readouterr()

    def dry(*extra: str) -> list[float]:
        assert cli.main(["batch", str(tmp_path / "in"), "--out", str(out), "--dry-run", *extra]) == 0
        return _numbers(_summary_line(capsys.readouterr().err))

    assert dry()[:2] == [1, 1], "a1 has a current brief: only a2 would be sent"
    assert dry("--force")[:2] == [2, 0]
    assert dry("--model", "other-model")[:2] == [2, 0], "a brief of another model is not current"
