"""The confidence of code's readings: features seen in the reading and its sentence, a fitted model.

The model is fitted by `benchmarks/fit_confidence.py` and shipped as `extract/calibration.json`.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fakellm import FakeLLM
from test_eval_split import load_script

from summarizer import Article, summarize
from summarizer.eval.gold import Gold, GoldAuthorisation, GoldExclusion
from summarizer.eval.scoring import right_decisions
from summarizer.extract.calibration import FEATURES, Calibration, calibrated, features, lowered_by, shipped
from summarizer.extract.pipeline import brief_to_json
from summarizer.models import Authorisation, Evidence, Exclusion

OVERVIEW = {"headline": "Night ferries licensed", "summary": "The board licensed night ferries.", "event_date": None}


def limit(what: str, sentence: str) -> Exclusion:
    return Exclusion(what=what, evidence=[Evidence(text=sentence, start=0, end=len(sentence))], read_by="code")


@pytest.mark.parametrize(
    ("sentence", "present"),
    [
        ("The council banned kites on the beach.", set()),
        ("“We banned kites on the beach,” the mayor said.", {"quotation", "source_cited"}),
        ("Kites were banned on the beach last spring.", {"passive"}),
        ("The council had banned kites on the beach before the festival.", {"past_perfect"}),
        ("Kites are now strictly prohibited on the beach, according to the council.", {"passive", "source_cited"}),
    ],
)
def test_the_features_see_quotations_reports_passives_and_past_perfects(sentence: str, present: set[str]) -> None:
    found = features(limit("kites", sentence), same_kind=1)
    assert {name for name in ("quotation", "source_cited", "passive", "past_perfect") if found[name]} == present
    assert found["exclusion"] == 1.0 and found["receiver_words"] == 0.0 and found["same_kind"] == 0.0


def test_the_shipped_model_names_every_feature_and_gives_probabilities() -> None:
    model = shipped()
    assert set(model.weights) == set(FEATURES)
    sentence = "The council banned kites on the beach."
    assert 0 < model.confidence(features(limit("kites", sentence), 1)) < 1


def test_a_limit_named_in_full_is_surer_than_a_fragment_and_a_plain_statement_than_a_quoted_claim() -> None:
    plain = "The council banned kites, drones and paragliders on the north beach."
    [fragment, full] = calibrated(
        [limit("kites", plain), limit("kites, drones and paragliders on the north beach", plain)]
    )
    assert fragment.confidence is not None and full.confidence is not None
    assert fragment.confidence < full.confidence
    quoted = "“The council banned kites, drones and paragliders on the north beach,” a resident claimed."
    [claimed] = calibrated([limit("kites, drones and paragliders on the north beach", quoted)])
    assert claimed.confidence is not None and claimed.confidence < full.confidence
    # The reason an analyst reads names what lowered it.
    said = lowered_by(claimed)
    assert "it is read inside a quotation" in said and not any("word" in s for s in said)
    assert any("named in 1 word" in s for s in lowered_by(fragment))


def test_more_readings_of_a_kind_in_one_article_lower_each_one() -> None:
    model = Calibration(intercept=0.0, weights={name: (-1.0 if name == "same_kind" else 0.0) for name in FEATURES})
    sentence = "The council banned kites on the beach."
    one = calibrated([limit("kites", sentence)], model)[0].confidence
    three = calibrated([limit("kites", sentence)] * 3, model)[0].confidence
    assert one == 0.5 and three is not None and three < one


def test_right_decisions_are_the_ones_the_one_to_one_matching_pairs() -> None:
    sentence = "The board allowed the ferry firm to sail and banned lorries."
    evidence = [Evidence(text=sentence, start=0, end=len(sentence))]
    permissions = [
        Authorisation(authoriser="The board", authorised=name, action="sail", evidence=evidence)
        for name in ("the ferry firm", "the ferry firm", "cyclists")
    ]
    limits = [limit("lorries", sentence), limit("vans", sentence)]
    gold = Gold(
        authorisations=[GoldAuthorisation(authoriser=["board"], authorised=["ferry firm"])],
        exclusions=[GoldExclusion(what=["lorries"])],
    )
    # The same permission twice is right once.
    assert right_decisions(gold, permissions, limits) == ({0}, {0})


def test_the_fitting_script_fits_on_the_tuning_part_only_and_writes_nothing_unasked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    texts = {
        "a1": "The board authorised the ferry company to run night crossings. Lorries were barred from the boats.",
        "a2": "The council banned kites on the beach. “Drones are banned too,” a resident said.",
        "a3": "The mayor allowed food trucks to park on the square. The council had banned buskers.",
        "r1": "The court barred the mill from drawing water.",
    }
    briefs, gold_dir = tmp_path / "run", tmp_path / "gold"
    briefs.mkdir()
    gold_dir.mkdir()
    for stem, text in texts.items():
        brief = summarize(Article(text=text, id=stem), engine=FakeLLM({"Overview": [OVERVIEW]}).engine(passes="multi"))
        (briefs / f"{stem}.json").write_text(brief_to_json(brief), encoding="utf-8")
    gold = {
        "a1": {
            "authorisations": [{"authoriser": ["board"], "authorised": ["ferry"]}],
            "exclusions": [{"what": ["lorries"]}],
        },
        "a2": {"authorisations": [], "exclusions": [{"what": ["kites"]}]},
        "a3": {"authorisations": [{"authoriser": ["mayor"], "authorised": ["food trucks"]}], "exclusions": []},
        "r1": {"authorisations": [], "exclusions": [{"what": ["mill"]}]},
    }
    for stem, content in gold.items():
        (gold_dir / f"{stem}.json").write_text(json.dumps(content), encoding="utf-8")
    split = tmp_path / "split.json"
    split.write_text(
        json.dumps({"parts": {"a1": "tune", "a2": "tune", "a3": "tune", "r1": "report"}}), encoding="utf-8"
    )
    before = shipped()
    script = load_script("fit_confidence")
    assert script.main([str(briefs), "--gold", str(gold_dir), "--split", str(split), "--folds", "2"]) == 0
    printed = capsys.readouterr().out
    # Three tuning briefs; the report part's limit on the mill is not an example.
    assert "in 3 briefs of 1 runs" in printed and "chosen threshold for code's readings" in printed
    assert json.loads(script.WEIGHTS.read_text(encoding="utf-8"))["intercept"] == before.intercept


def permission(receiver: str, sentence: str, start: int = 0) -> Authorisation:
    evidence = [Evidence(text=sentence, start=start, end=start + len(sentence))]
    return Authorisation(
        authoriser="The port board", authorised=receiver, action="sail", evidence=evidence, read_by="code"
    )


@pytest.mark.parametrize(
    ("sentence", "dated"),
    [
        ("The port board let the ferry firm sail at night on Tuesday.", True),
        ("The port board let the ferry firm sail at night, it said yesterday.", True),
        ("On Sept. 4 the port board let the ferry firm sail at night.", True),
        ("The port board on Sept. 4 let the ferry firm sail at night.", True),
        ("The port board let the ferry firm sail at night on the west quay.", False),
        ("The port board let the ferry firm sail at night on page 3 of its ruling.", False),
    ],
)
def test_a_decision_dated_to_a_day_is_seen(sentence: str, dated: bool) -> None:
    assert features(permission("the ferry firm", sentence), 1)["dated"] == float(dated)


def test_position_length_and_a_proper_name_are_seen_and_given_as_reasons() -> None:
    short = "The port board let Harbour Lines Ltd sail at night."
    lead, late = permission("Harbour Lines Ltd", short), permission("Harbour Lines Ltd", short, start=4000)
    assert features(lead, 1)["position"] == 0.0 < features(late, 1)["position"]
    assert features(lead, 1)["named_capital"] == 1.0
    assert features(permission("ferry firms", short), 1)["named_capital"] == 0.0
    long = (
        "The port board, which met for the third time this month after weeks of complaints from residents "
        "of the old town about noise, fumes and the queues of lorries that block the quay road every "
        "evening, let the ferry firms sail at night."
    )
    assert features(permission("ferry firms", long), 1)["sentence_words"] > features(lead, 1)["sentence_words"]
    # Against a model that holds each of them against a reading, each is said in the reason.
    model = Calibration(
        intercept=0.0,
        weights={
            name: {"named_capital": 1.0, "position": -1.0, "sentence_words": -1.0}.get(name, 0.0) for name in FEATURES
        },
    )
    said = lowered_by(permission("ferry firms", long, start=4000), model)
    assert "who may act is named by no proper name" in said
    assert "it stands well into the article, where earlier decisions are told again" in said
    assert any(s.startswith("its sentence runs to") for s in said)
    assert lowered_by(lead, model) == []
