"""Several gold folders merged per stem, the tune/report split, and `summarizer eval` over both."""

from __future__ import annotations

import hashlib
import importlib.util
import json
import shutil
from collections import Counter
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from conftest import SEED
from fakellm import FakeLLM
from test_batch import use_fake

from summarizer import cli
from summarizer.eval.gold import Gold, load_gold_dir, load_gold_dirs, load_split, select_part

REPO = Path(__file__).resolve().parent.parent
EVAL = REPO / "examples" / "eval"
SPLIT = EVAL / "split.json"


def load_script(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, REPO / "benchmarks" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def write(folder: Path, stem: str, content: dict[str, Any]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{stem}.json"
    path.write_text(json.dumps(content), encoding="utf-8")
    return path


def one_line(text: str) -> str:
    lines = text.strip().splitlines()
    assert len(lines) == 1, lines
    return lines[0]


# --------------------------------------------------------------------------- merging gold folders


def test_gold_folders_merge_sections_per_stem(tmp_path: Path) -> None:
    write(tmp_path / "ours", "a", {"authorisations": [], "sources": [{"name": ["WSJ"]}]})
    write(tmp_path / "ours", "b", {"exclusions": [{"what": ["ATACMS"]}]})
    write(tmp_path / "corpus", "a", {"quotes": [{"text": "one two three four"}]})
    write(tmp_path / "corpus", "c", {"quotes": []})
    merged = load_gold_dirs([tmp_path / "ours", tmp_path / "corpus"])
    assert sorted(merged) == ["a", "b", "c"]
    a = merged["a"]
    assert a.authorisations == [] and a.exclusions is None
    assert a.sources is not None and a.sources[0].name == ["WSJ"]
    assert a.quotes is not None and a.quotes[0].text == "one two three four"
    assert merged["c"] == Gold(quotes=[])
    # One folder alone reads as it always did.
    assert load_gold_dirs([tmp_path / "ours"]) == load_gold_dir(tmp_path / "ours")


def test_same_section_in_two_folders_is_one_line_error_naming_both(tmp_path: Path) -> None:
    first = write(tmp_path / "one", "a", {"quotes": [], "sources": []})
    second = write(tmp_path / "two", "a", {"quotes": [{"text": "some words here"}]})
    with pytest.raises(ValueError) as info:
        load_gold_dirs([tmp_path / "one", tmp_path / "two"])
    message = str(info.value)
    assert str(first) in message and str(second) in message and "quotes" in message
    assert "\n" not in message


def test_a_missing_gold_folder_is_named(tmp_path: Path) -> None:
    write(tmp_path / "one", "a", {})
    with pytest.raises(ValueError, match="nope"):
        load_gold_dirs([tmp_path / "one", tmp_path / "nope"])


def test_the_repo_gold_merges_with_the_shared_quotes() -> None:
    shared = REPO.parent / "shared" / "data" / "polnear-dev" / "gold-quotes"
    if not shared.is_dir():
        pytest.skip("the shared PolNeAR data is not beside the repository")
    merged = load_gold_dirs([EVAL / "gold", EVAL / "polnear", shared])
    polnear = {path.stem for path in (EVAL / "polnear").glob("*.json")}
    assert len(merged) == 21 + len(polnear)
    for stem in polnear:
        gold = merged[stem]
        assert None not in (gold.authorisations, gold.exclusions, gold.sources, gold.quotes), stem


# --------------------------------------------------------------------------- the split


def test_split_file_assigns_every_gold_stem() -> None:
    split = load_split(SPLIT)
    gold_stems = {path.stem for folder in ("gold", "polnear") for path in (EVAL / folder).glob("*.json")}
    assert set(split) == gold_stems
    assert set(split.values()) == {"tune", "report"}


def test_the_fresh_set_is_complete_and_split_by_hash_within_each_theme_and_batch() -> None:
    fresh = EVAL / "fresh"
    gold = load_gold_dir(fresh / "gold")
    split = load_split(fresh / "split.json")
    sources = json.loads((fresh / "sources.json").read_text(encoding="utf-8"))
    assert set(gold) == set(split) == set(sources)
    for theme in ("court", "exec", "sanc", "rule", "pol"):
        for batch, size in ((range(1, 9), 8), (range(9, 21), 12)):
            stems = sorted(
                (f"{theme}{n:02d}" for n in batch), key=lambda stem: hashlib.sha256(stem.encode()).hexdigest()
            )
            assert [split[s] for s in stems] == ["tune"] * (size // 2) + ["report"] * (size // 2), theme
    # The seventh to nineteenth batches were read after their runs, so they are tuning data; the
    # twentieth to twenty-second were kept unread. Each batch is eight stems a theme, numbered on from the
    # theme's last.
    for part, firsts in (
        ("tune", {"court": 57, "exec": 57, "rule": 57, "sanc": 52, "pol": 42}),
        ("tune", {"court": 65, "exec": 65, "rule": 65, "sanc": 60, "pol": 50}),
        ("tune", {"court": 73, "exec": 73, "rule": 73, "sanc": 68, "pol": 58}),
        ("tune", {"court": 81, "exec": 81, "rule": 81, "sanc": 76, "pol": 66}),
        ("tune", {"court": 89, "exec": 89, "rule": 89, "sanc": 84, "pol": 74}),
        ("tune", {"court": 97, "exec": 97, "rule": 97, "sanc": 92, "pol": 82}),
        ("tune", {"court": 105, "exec": 105, "rule": 105, "sanc": 100, "pol": 90}),
        ("tune", {"court": 113, "exec": 113, "rule": 113, "sanc": 108, "pol": 98}),
        ("tune", {"court": 121, "exec": 121, "rule": 121, "sanc": 116, "pol": 106}),
        ("tune", {"court": 129, "exec": 129, "rule": 129, "sanc": 124, "pol": 114}),
        ("tune", {"court": 137, "exec": 137, "rule": 137, "sanc": 132, "pol": 122}),
        ("tune", {"court": 145, "exec": 145, "rule": 145, "sanc": 140, "pol": 130}),
        ("tune", {"court": 153, "exec": 153, "rule": 153, "sanc": 148, "pol": 138}),
        ("report", {"court": 161, "exec": 161, "rule": 161, "sanc": 156, "pol": 146}),
        ("report", {"court": 169, "exec": 169, "rule": 169, "sanc": 164, "pol": 154}),
        ("report", {"court": 177, "exec": 177, "rule": 177, "sanc": 172, "pol": 162}),
    ):
        whole = [f"{theme}{n}" for theme, first in firsts.items() for n in range(first, first + 8)]
        assert {split[stem] for stem in whole} == {part}, part
    # Decisions only: the sources and quotes of these excerpts were not annotated.
    assert all(g.sources is None and g.quotes is None and g.authorisations is not None for g in gold.values())


def test_split_is_what_make_split_draws() -> None:
    make_split = load_script("make_split")
    assert make_split.main(["--check"]) == 0


def test_split_is_about_forty_percent_tune_in_every_stratum() -> None:
    make_split = load_script("make_split")
    split = load_split(SPLIT)
    own = [path.stem for path in (EVAL / "gold").glob("*.json")]
    polnear = [path.stem for path in (EVAL / "polnear").glob("*.json")]
    groups = make_split.strata(own, polnear)
    assert len(groups[make_split.OWN_STRATUM]) == 21
    for name, members in groups.items():
        tune = sum(1 for stem in members if split[stem] == "tune")
        # round(40%), so within half an article of 40%.
        assert abs(tune - 0.4 * len(members)) <= 0.5, name


def test_draw_is_by_hash_per_stratum() -> None:
    make_split = load_script("make_split")
    groups = make_split.strata(["x", "y"], ["cnn_1", "cnn_2", "cnn_3", "cnn_4", "cnn_5", "fox_1"])
    assert sorted(groups) == ["cnn", "examples/eval", "fox"]
    parts = make_split.draw(groups)
    assert Counter(parts[f"cnn_{i}"] for i in range(1, 6)) == Counter(tune=2, report=3)
    # The two cnn stems of lowest sha256 are the tune ones, whatever order the stems came in.
    lowest = sorted(groups["cnn"], key=make_split.hash_key)[:2]
    assert {stem for stem in groups["cnn"] if parts[stem] == "tune"} == set(lowest)
    assert parts == make_split.draw({name: list(reversed(members)) for name, members in groups.items()})
    # A stratum of one: round(0.4) is 0.
    assert parts["fox_1"] == "report"


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        ("{not json", "cannot read"),
        ("[]", "parts"),
        ('{"parts": {}}', "parts"),
        ('{"parts": {"a": "test"}}', "'test'"),
    ],
)
def test_bad_split_file_is_one_line_error(tmp_path: Path, content: str, needle: str) -> None:
    path = tmp_path / "split.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ValueError) as info:
        load_split(path)
    assert needle in str(info.value) and str(path) in str(info.value)
    assert "\n" not in str(info.value)


def test_select_part() -> None:
    gold = {"a": Gold(), "b": Gold(), "c": Gold()}
    split = {"a": "tune", "b": "report", "c": "report", "unannotated": "tune"}
    assert select_part(gold, split, "report") == ["b", "c"]
    assert select_part(gold, split, "tune") == ["a"]
    with pytest.raises(ValueError, match="'d'"):
        select_part({**gold, "d": Gold()}, split, "report")
    with pytest.raises(ValueError, match="part"):
        select_part(gold, split, "all")


# --------------------------------------------------------------------------- summarizer eval


def brief_json(stem: str, sources: list[str]) -> dict[str, Any]:
    return {
        "prompt_version": "test",
        "article": {"id": stem, "sha256": "0" * 64, "chars": 10},
        "headline": "h",
        "summary": "s",
        "sources": [{"name": name} for name in sources],
        "usage": {"prompt_tokens": 10, "completion_tokens": 5, "seconds": 2.0},
    }


@pytest.fixture
def eval_setup(tmp_path: Path) -> Path:
    """Briefs for three stems, gold in two folders, and a split: a and b report, c tune."""
    briefs = tmp_path / "briefs"
    briefs.mkdir()
    for stem, sources in {"a": ["WSJ", "Pentagon"], "b": ["Reuters"], "c": ["AP"], "stray": ["X"]}.items():
        (briefs / f"{stem}.json").write_text(json.dumps(brief_json(stem, sources)), encoding="utf-8")
    for stem, sources in {"a": ["WSJ"], "b": ["Reuters", "BBC"], "c": ["AP"]}.items():
        write(tmp_path / "ours", stem, {"sources": [{"name": [name]} for name in sources]})
    write(tmp_path / "corpus", "a", {"quotes": [{"text": "a quote nobody found"}]})
    split = {"a": "report", "b": "report", "c": "tune"}
    (tmp_path / "split.json").write_text(json.dumps({"parts": split}), encoding="utf-8")
    return tmp_path


def eval_json(capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, Any]:
    assert cli.main(["eval", *args, "--json"]) == 0
    result: dict[str, Any] = json.loads(capsys.readouterr().out)
    return result


def test_eval_merges_gold_folders(eval_setup: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = eval_setup
    report = eval_json(capsys, str(root / "briefs"), "--gold", str(root / "ours"), "--gold", str(root / "corpus"))
    assert report["articles"] == 3
    assert report["no_gold"] == ["stray"]
    sources = report["sections"]["sources"]
    assert (sources["tp"], sources["fp"], sources["fn"]) == (3, 1, 1)
    assert (sources["gold_items"], sources["predicted_items"], sources["scored_articles"]) == (4, 4, 3)
    quotes = report["sections"]["quotes"]
    assert (quotes["fn"], quotes["scored_articles"]) == (1, 1)
    assert report["gold_dirs"] == [str(root / "ours"), str(root / "corpus")]
    assert "ci" not in report and "ci" not in sources


def test_eval_scores_one_part_of_the_split(eval_setup: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = eval_setup
    args = [str(root / "briefs"), "--gold", str(root / "ours"), "--split", str(root / "split.json")]
    report = eval_json(capsys, *args, "--part", "report")
    assert sorted(report["per_article"]) == ["a", "b"]
    # "c" belongs to the other part: neither scored nor listed as having no gold.
    assert report["no_gold"] == ["stray"]
    assert report["split"] == {"file": str(root / "split.json"), "part": "report"}
    sources = report["sections"]["sources"]
    assert (sources["tp"], sources["fp"], sources["fn"]) == (2, 1, 1)
    tune = eval_json(capsys, *args, "--part", "tune")
    assert sorted(tune["per_article"]) == ["c"]


def test_eval_split_needs_part_and_covers_the_gold(
    eval_setup: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    root = eval_setup
    base = ["eval", str(root / "briefs"), "--gold", str(root / "ours")]
    assert cli.main([*base, "--split", str(root / "split.json")]) == 1
    assert "--part" in one_line(capsys.readouterr().err)
    (tmp_path / "short.json").write_text(json.dumps({"parts": {"a": "report"}}), encoding="utf-8")
    assert cli.main([*base, "--split", str(tmp_path / "short.json"), "--part", "report"]) == 1
    assert "'b'" in one_line(capsys.readouterr().err)


def test_eval_conflicting_gold_is_one_line_error(eval_setup: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = eval_setup
    assert cli.main(["eval", str(root / "briefs"), "--gold", str(root / "ours"), "--gold", str(root / "ours")]) == 1
    line = one_line(capsys.readouterr().err)
    assert "sources" in line and str(root / "ours" / "a.json") in line


def test_eval_ci_in_table_and_json(eval_setup: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = eval_setup
    args = [str(root / "briefs"), "--gold", str(root / "ours"), "--ci", "--resamples", "200", "--seed", "1"]
    report = eval_json(capsys, *args)
    assert report["ci"] == {"resamples": 200, "seed": 1, "level": 0.95, "unit": "article"}
    ci = report["sections"]["sources"]["ci"]
    for name in ("precision", "recall", "f1"):
        low, high = ci[name]
        assert 0.0 <= low <= report["sections"]["sources"][name] <= high <= 1.0
    # No article has exclusions in its gold: nothing to resample.
    assert report["sections"]["exclusions"]["ci"] is None
    assert eval_json(capsys, *args) == report
    assert cli.main(["eval", *args]) == 0
    shown = capsys.readouterr().out
    assert "95% interval" in shown and "200 resamples" in shown


def test_eval_articles_summarises_only_the_part(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    fake = FakeLLM.from_fixture("seed")
    use_fake(monkeypatch, fake)
    articles = tmp_path / "articles"
    articles.mkdir()
    shutil.copy(SEED, articles / SEED.name)
    (articles / "other.txt").write_text("Another article, of the tune part.", encoding="utf-8")
    gold = tmp_path / "gold"
    gold.mkdir()
    shutil.copy(EVAL / "gold" / f"{SEED.stem}.json", gold)
    write(gold, "other", {"sources": []})
    split = tmp_path / "split.json"
    split.write_text(json.dumps({"parts": {SEED.stem: "report", "other": "tune"}}), encoding="utf-8")
    out = tmp_path / "briefs"
    report = eval_json(
        capsys,
        "--articles",
        str(articles),
        "--gold",
        str(gold),
        "--split",
        str(split),
        "--part",
        "report",
        "--out",
        str(out),
    )
    assert sorted(path.stem for path in out.glob("*.json")) == [SEED.stem]
    assert fake.tool_calls("BriefDraft") == 1
    assert report["articles"] == 1 and report["missing"] == []
