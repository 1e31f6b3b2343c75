"""benchmarks/quality.py: its arguments, where it finds each article, and a resumable run on a fake endpoint.

The real embedded model is never loaded here: `run` is given the fake endpoint's engine.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_batch import ArticleFake
from test_eval_split import load_script, write

from summarizer.backends import Engine

quality = load_script("quality")
REPO = Path(__file__).resolve().parent.parent
OWN = "GUM_news_clock"  # an article of examples/eval/articles


def test_defaults() -> None:
    args = quality.parse_args([])
    assert args.part == "report"
    assert args.split == REPO / "examples" / "eval" / "split.json"
    assert args.shared == REPO.parent / "shared" / "data" / "polnear-dev"
    assert args.out == REPO / "out" / "quality-report"
    assert args.gold == [
        REPO / "examples" / "eval" / "gold",
        REPO / "examples" / "eval" / "polnear",
        args.shared / "gold-quotes",
    ]
    assert (args.limit, args.force, args.resamples, args.seed) == (None, False, 2000, 13)


def test_options(tmp_path: Path) -> None:
    args = quality.parse_args(
        ["--part", "tune", "--shared", str(tmp_path), "--limit", "3", "--gold", "g1", "--gold", "g2", "--force"]
    )
    assert args.out == REPO / "out" / "quality-tune"
    assert args.gold == [Path("g1"), Path("g2")]
    assert args.shared == tmp_path and args.limit == 3 and args.force
    # The default gold follows --shared.
    assert quality.parse_args(["--shared", str(tmp_path)]).gold[-1] == tmp_path / "gold-quotes"


@pytest.mark.parametrize("argv", [["--part", "all"], ["--limit", "0"], ["--limit", "x"]])
def test_bad_arguments_exit_2(argv: list[str]) -> None:
    with pytest.raises(SystemExit) as info:
        quality.parse_args(argv)
    assert info.value.code == 2


def test_article_paths(tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    (shared / "articles").mkdir(parents=True)
    (shared / "articles" / "cnn_one.txt").write_text("text", encoding="utf-8")
    # Our own article wins even when the shared folder has a file of that stem.
    (shared / "articles" / f"{OWN}.txt").write_text("other", encoding="utf-8")
    assert quality.article_path(OWN, shared) == REPO / "examples" / "eval" / "articles" / f"{OWN}.txt"
    assert quality.article_path("cnn_one", shared) == shared / "articles" / "cnn_one.txt"
    assert quality.article_path("cnn_two", shared) is None
    assert quality.resolve_articles([OWN, "cnn_one"], shared) == {
        OWN: REPO / "examples" / "eval" / "articles" / f"{OWN}.txt",
        "cnn_one": shared / "articles" / "cnn_one.txt",
    }
    with pytest.raises(ValueError) as info:
        quality.resolve_articles(["cnn_one", "cnn_two", "cnn_three"], shared)
    message = str(info.value)
    assert "'cnn_two' and 1 more" in message and "--shared" in message and "\n" not in message


def test_part_stems_sorted_and_limited() -> None:
    split = {"c": "report", "a": "report", "b": "tune", "d": "report"}
    assert quality.part_stems(split, "report", None) == ["a", "c", "d"]
    assert quality.part_stems(split, "report", 2) == ["a", "c"]
    assert quality.part_stems(split, "tune", 5) == ["b"]


def test_missing_articles_fail_before_any_model_is_built(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def no_model(passes: str | None) -> Engine:
        raise AssertionError("the model must not be loaded")

    monkeypatch.setattr(quality, "local_engine", no_model)
    assert quality.main(["--shared", str(tmp_path / "nowhere"), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("quality: error: no article for") and str(tmp_path / "nowhere") in err
    assert not (tmp_path / "out").exists()


def test_run_scores_one_part_and_resumes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shared = tmp_path / "shared"
    (shared / "articles").mkdir(parents=True)
    (shared / "articles" / "cnn_one.txt").write_text("The council met on Tuesday, Reuters said.", encoding="utf-8")
    split = tmp_path / "split.json"
    split.write_text(json.dumps({"parts": {OWN: "report", "cnn_one": "report", "cnn_two": "tune"}}), encoding="utf-8")
    write(tmp_path / "gold", OWN, {"sources": [{"name": ["nobody"]}]})
    write(tmp_path / "gold", "cnn_one", {"sources": [{"name": ["Reuters"]}]})
    write(tmp_path / "gold", "cnn_two", {"sources": []})
    out = tmp_path / "out"
    argv = ["--split", str(split), "--shared", str(shared), "--gold", str(tmp_path / "gold"), "--out", str(out)]
    argv += ["--resamples", "50"]
    fake = ArticleFake()
    engine = fake.engine()

    assert quality.run(quality.parse_args(argv), lambda passes: engine) == 0
    assert {path.stem for path in out.glob("*.json")} == {"cnn_one", OWN}
    shown = capsys.readouterr().out
    assert "Evaluation over 2 article(s)" in shown and "95% interval" in shown
    assert "part report: 2 article(s), 2 summarised, 0 kept as current, 0 failed" in shown
    assert "peak RSS" in shown and "seconds/article" in shown
    requests = len(fake.requests)
    assert requests > 0

    # Current briefs are kept: no request the second time, the same table.
    assert quality.run(quality.parse_args(argv), lambda passes: engine) == 0
    assert len(fake.requests) == requests
    again = capsys.readouterr().out
    assert "0 summarised, 2 kept as current" in again and "Evaluation over 2 article(s)" in again

    # --limit takes the first stems of the part in sorted order.
    assert quality.run(quality.parse_args([*argv, "--limit", "1"]), lambda passes: engine) == 0
    assert "part report: 1 article(s)" in capsys.readouterr().out
