from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console

from summarizer.eval.gold import Gold, load_gold, load_gold_dir
from summarizer.eval.report import EvalReport, evaluate, render_table
from summarizer.eval.scoring import SectionScore, quote_texts_match, score_article
from summarizer.models import (
    ArticleInfo,
    Authorisation,
    Brief,
    DroppedItem,
    Evidence,
    Exclusion,
    GroundingReport,
    Quote,
    Source,
    Usage,
)

TEXT = (
    "US President Joe Biden has allowed Ukraine to use GMLRS and HIMARS, the WSJ reported. "
    '"Our policy of prohibiting the use of ATACMS has not changed," an unnamed US official said.'
)


def sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def brief(
    *,
    text: str = TEXT,
    path: str | None = None,
    authorisations: list[Authorisation] | None = None,
    exclusions: list[Exclusion] | None = None,
    sources: list[Source] | None = None,
    quotes: list[Quote] | None = None,
    event_date_evidence: Evidence | None = None,
    usage: Usage | None = None,
    dropped: int = 0,
) -> Brief:
    return Brief(
        prompt_version="test",
        article=ArticleInfo(id="a", sha256=sha(text), chars=len(text), path=path),
        headline="h",
        summary="s",
        event_date=dt.date(2024, 5, 1) if event_date_evidence else None,
        event_date_evidence=event_date_evidence,
        authorisations=authorisations or [],
        exclusions=exclusions or [],
        sources=sources or [],
        quotes=quotes or [],
        grounding=GroundingReport(dropped=[DroppedItem(section="sources", item={}, reason="x")] * dropped),
        usage=usage or Usage(),
    )


def span(text: str, needle: str) -> Evidence:
    start = text.index(needle)
    return Evidence(text=needle, start=start, end=start + len(needle))


def quote(text: str, speaker: str | None = None) -> Quote:
    return Quote(speaker=speaker, text=text, span=Evidence(text=text, start=0, end=len(text)))


def auth(authorised: str, authoriser: str | None = None, instruments: list[str] | None = None) -> Authorisation:
    return Authorisation(authoriser=authoriser, authorised=authorised, action="use", instruments=instruments or [])


def gold(**sections: Any) -> Gold:
    return Gold.model_validate(sections)


def counts(score: SectionScore | None) -> tuple[int, int, int]:
    assert score is not None
    return score.tp, score.fp, score.fn


# --- ratio conventions -------------------------------------------------------


def test_empty_denominators() -> None:
    assert (SectionScore().precision, SectionScore().recall, SectionScore().f1) == (1.0, 1.0, 1.0)
    only_fp = SectionScore(fp=2)
    assert (only_fp.precision, only_fp.recall, only_fp.f1) == (0.0, 1.0, 0.0)
    only_fn = SectionScore(fn=1)
    assert (only_fn.precision, only_fn.recall, only_fn.f1) == (1.0, 0.0, 0.0)
    mixed = SectionScore(tp=1, fp=1, fn=3)
    assert mixed.precision == 0.5
    assert mixed.recall == 0.25
    assert mixed.f1 == pytest.approx(1 / 3)


# --- string alternatives -----------------------------------------------------


def test_substring_alternatives_case_insensitive() -> None:
    g = gold(
        sources=[{"name": ["The Wall Street Journal", "WSJ"]}, {"name": ["unnamed US official", "US officials"]}],
        exclusions=[{"what": ["ATACMS"]}],
    )
    b = brief(
        sources=[Source(name="wsj reporters"), Source(name="Reuters")],
        exclusions=[Exclusion(what="long-range atacms missiles")],
    )
    score = score_article(b, g, TEXT)
    assert counts(score.sources) == (1, 1, 1)
    assert counts(score.exclusions) == (1, 0, 0)


def test_typographic_apostrophe_and_dash_in_names() -> None:
    g = gold(sources=[{"name": ["Kyiv's defence ministry"]}])
    b = brief(sources=[Source(name="KYIV’S  defence\u00a0ministry — press office")])
    assert counts(score_article(b, g, TEXT).sources) == (1, 0, 0)


def test_authorisation_fields_and_instrument_coverage() -> None:
    g = gold(
        authorisations=[
            {
                "authoriser": ["Joe Biden", "Biden"],
                "authorised": ["Ukraine", "Kyiv"],
                "instruments": [["GMLRS"], ["HIMARS"]],
            }
        ]
    )
    covered = auth("Ukraine's army", "President Biden", ["GMLRS rockets", "HIMARS launchers"])
    one_set_uncovered = auth("Ukraine", "Biden", ["GMLRS rockets", "Storm Shadow"])
    no_authoriser = auth("Ukraine", None, ["GMLRS", "HIMARS"])
    assert counts(score_article(brief(authorisations=[covered]), g, TEXT).authorisations) == (1, 0, 0)
    assert counts(score_article(brief(authorisations=[one_set_uncovered]), g, TEXT).authorisations) == (0, 1, 1)
    assert counts(score_article(brief(authorisations=[no_authoriser]), g, TEXT).authorisations) == (0, 1, 1)
    # One predicted instrument may cover several sets.
    combined = auth("Kyiv", "Biden", ["GMLRS and HIMARS"])
    assert counts(score_article(brief(authorisations=[combined]), g, TEXT).authorisations) == (1, 0, 0)


def test_absent_gold_fields_are_not_checked() -> None:
    g = gold(authorisations=[{"authorised": ["Ukraine"]}])
    b = brief(authorisations=[auth("Ukraine", None, ["anything"])])
    assert counts(score_article(b, g, TEXT).authorisations) == (1, 0, 0)


# --- absent and empty sections ----------------------------------------------


def test_absent_section_is_not_scored() -> None:
    g = gold(sources=[{"name": ["WSJ"]}])
    b = brief(sources=[Source(name="WSJ")], exclusions=[Exclusion(what="ATACMS")], quotes=[quote("x y z")])
    score = score_article(b, g, TEXT)
    assert score.exclusions is None
    assert score.quotes is None
    assert score.authorisations is None
    report = evaluate({"a": b}, {"a": g}, {"a": TEXT})
    out = report.to_json()
    assert out["sections"]["exclusions"]["tp"] == out["sections"]["exclusions"]["fp"] == 0
    assert out["sections"]["exclusions"]["scored_articles"] == 0
    assert out["per_article"]["a"]["exclusions"] is None
    assert out["per_article"]["a"]["sources"]["tp"] == 1


def test_empty_gold_list_makes_every_prediction_a_false_positive() -> None:
    g = gold(exclusions=[])
    b = brief(exclusions=[Exclusion(what="ATACMS"), Exclusion(what="strikes inside Russia")])
    score = score_article(b, g, TEXT).exclusions
    assert counts(score) == (0, 2, 0)
    assert score is not None
    assert (score.precision, score.recall, score.f1) == (0.0, 1.0, 0.0)


# --- one-to-one matching -----------------------------------------------------


def test_matching_is_maximum_where_greedy_is_not() -> None:
    # Greedy pairs the broad gold "Biden" with the first prediction "Joe Biden",
    # leaving gold "Joe Biden" with nothing; the maximum matching finds both.
    g = gold(sources=[{"name": ["Biden"]}, {"name": ["Joe Biden"]}])
    b = brief(sources=[Source(name="Joe Biden"), Source(name="President Biden")])
    assert counts(score_article(b, g, TEXT).sources) == (2, 0, 0)


def test_one_prediction_matches_at_most_one_gold_item() -> None:
    g = gold(sources=[{"name": ["WSJ"]}, {"name": ["Wall Street Journal"]}])
    b = brief(sources=[Source(name="The Wall Street Journal (WSJ)")])
    assert counts(score_article(b, g, TEXT).sources) == (1, 0, 1)


def test_matching_prefers_correct_speaker_among_maximum_matchings() -> None:
    g = gold(quotes=[{"speaker": ["Biden"], "text": "We will not back down"}])
    b = brief(quotes=[quote("We will not back down", "Jake Sullivan"), quote("we will not back down", "Joe Biden")])
    score = score_article(b, g, TEXT).quotes
    assert counts(score) == (1, 1, 0)
    assert score is not None
    assert (score.speaker_correct, score.speaker_checked, score.speaker_accuracy) == (1, 1, 1.0)


# --- quotes ------------------------------------------------------------------

GOLD_40 = "Our policy on ATACMS has not changed yet"


def test_quote_eighty_percent_rule() -> None:
    assert len(GOLD_40) == 40
    just_over = GOLD_40 + " in May"  # 40 / 47 = 0.851
    boundary = GOLD_40 + " unchanged"  # 40 / 50 = 0.800, inclusive
    just_under = GOLD_40 + " unchanged."  # 40 / 51 = 0.784
    assert quote_texts_match(GOLD_40, just_over)
    assert quote_texts_match(GOLD_40, boundary)
    assert not quote_texts_match(GOLD_40, just_under)
    # The rule is symmetric: a predicted fragment of the gold quote.
    assert quote_texts_match(boundary, GOLD_40)
    assert not quote_texts_match(just_under, GOLD_40)
    # Containment is required, not just similar length.
    assert not quote_texts_match(GOLD_40, GOLD_40.replace("ATACMS", "HIMARS"))

    g = gold(quotes=[{"text": GOLD_40}, {"text": "Another thing entirely, said twice"}])
    b = brief(quotes=[quote(boundary), quote(just_under)])
    assert counts(score_article(b, g, TEXT).quotes) == (1, 1, 1)


def test_quote_typographic_normalisation() -> None:
    gold_text = "He said “no” – and that’s   final"
    assert quote_texts_match(gold_text, "\"He said 'no' - and that's final\"")
    assert quote_texts_match(gold_text, "HE SAID «NO» — AND THAT′S FINAL")
    assert not quote_texts_match(gold_text, "He said yes - and that's final")


def test_speaker_accuracy_over_matched_pairs() -> None:
    g = gold(
        quotes=[
            {"speaker": ["unnamed US official", "anonymous US official"], "text": "first quoted sentence here"},
            {"speaker": ["Biden"], "text": "second quoted sentence here"},
            {"text": "third quoted sentence here"},
            {"speaker": ["Zelensky"], "text": "a quote nobody extracted"},
        ]
    )
    b = brief(
        quotes=[
            quote("First quoted sentence here.", "An unnamed US official"),
            quote("second quoted sentence here", None),
            quote("third quoted sentence here", "someone"),
        ]
    )
    score = score_article(b, g, TEXT).quotes
    assert counts(score) == (3, 0, 1)
    assert score is not None
    # The third gold quote names no speaker, so it is matched but not checked.
    assert (score.speaker_correct, score.speaker_checked, score.speaker_accuracy) == (1, 2, 0.5)


def test_speaker_accuracy_none_without_matches() -> None:
    g = gold(quotes=[{"speaker": ["Biden"], "text": "nothing like it"}])
    score = score_article(brief(), g, TEXT).quotes
    assert score is not None
    assert score.speaker_accuracy is None
    assert evaluate({"a": brief()}, {"a": g}).to_json()["sections"]["quotes"]["speaker_accuracy"] is None


# --- reports -----------------------------------------------------------------


def test_micro_average_across_two_articles() -> None:
    golds = {
        "a": gold(sources=[{"name": ["WSJ"]}], quotes=[{"speaker": ["Biden"], "text": "one two three"}]),
        "b": gold(sources=[{"name": ["Reuters"]}, {"name": ["AP"]}, {"name": ["BBC"]}]),
    }
    briefs = {
        "a": brief(
            sources=[Source(name="WSJ"), Source(name="Pentagon")],
            quotes=[quote("one two three", "Biden")],
            usage=Usage(prompt_tokens=100, completion_tokens=20, seconds=2.0),
        ),
        "b": brief(sources=[Source(name="Reuters")], usage=Usage(prompt_tokens=300, completion_tokens=60, seconds=4.0)),
    }
    report = evaluate(briefs, golds)
    sources = report.section("sources")
    # a: tp1 fp1 fn0, b: tp1 fp0 fn2 -> summed tp2 fp1 fn2.
    assert counts(sources) == (2, 1, 2)
    assert sources.precision == pytest.approx(2 / 3)
    assert sources.recall == pytest.approx(0.5)
    assert sources.f1 == pytest.approx(4 / 7)
    # Quotes only scored in "a".
    assert counts(report.quotes) == (1, 0, 0)
    assert report.section_articles("quotes") == 1
    out = report.to_json()
    assert out["articles"] == 2
    assert out["tokens_per_article"] == pytest.approx(240.0)
    assert out["seconds_per_article"] == pytest.approx(3.0)
    assert out["sections"]["quotes"]["speaker_accuracy"] == 1.0
    assert out["sections"]["sources"]["f1"] == pytest.approx(4 / 7)


def test_seconds_override_and_dropped() -> None:
    b = brief(usage=Usage(seconds=100.0), dropped=2)
    report = evaluate({"a": b, "b": brief(dropped=1)}, {"a": gold(), "b": gold()}, seconds={"a": 3.0})
    # "b" is not in `seconds`, so its usage.seconds (0.0) is used.
    assert report.seconds_per_article == pytest.approx(1.5)
    assert report.dropped_ungrounded == 3


def test_missing_and_unmatched_stems() -> None:
    golds = {
        "a": gold(sources=[{"name": ["WSJ"]}]),
        "gone": gold(sources=[{"name": ["AP"]}, {"name": ["BBC"]}], exclusions=[]),
    }
    briefs = {"a": brief(sources=[Source(name="WSJ")]), "extra": brief(sources=[Source(name="X")])}
    report = evaluate(briefs, golds, {"a": TEXT})
    out = report.to_json()
    assert out["articles"] == 1
    assert out["missing"] == ["gone"]
    assert out["no_gold"] == ["extra"]
    assert counts(report.section("sources")) == (1, 0, 2)
    assert out["per_article"]["gone"]["missing"] is True
    assert out["per_article"]["gone"]["sources"]["fn"] == 2
    assert out["per_article"]["gone"]["exclusions"]["fn"] == 0
    assert "extra" not in out["per_article"]


def test_verbatim_rate_one_bad_span() -> None:
    good_quote = '"Our policy of prohibiting the use of ATACMS has not changed,"'
    bad = span(TEXT, "HIMARS")
    bad = Evidence(text=bad.text, start=bad.start + 1, end=bad.end + 1)
    b = brief(
        authorisations=[
            Authorisation(
                authoriser="Joe Biden",
                authorised="Ukraine",
                action="use",
                evidence=[
                    span(TEXT, "Joe Biden has allowed Ukraine"),
                    bad,
                ],
            )
        ],
        exclusions=[Exclusion(what="ATACMS", evidence=[span(TEXT, "prohibiting the use of ATACMS")])],
        sources=[Source(name="WSJ", evidence=[span(TEXT, "the WSJ reported")])],
        quotes=[Quote(speaker="official", text=good_quote, span=span(TEXT, good_quote))],
        event_date_evidence=span(TEXT, "has allowed"),
    )
    score = score_article(b, gold(), TEXT)
    assert (score.spans_checked, score.spans_verbatim) == (6, 5)
    # A second brief with no text anywhere contributes nothing to the rate.
    no_text = brief(text="other article", sources=[Source(name="x", evidence=[Evidence(text="zz", start=0, end=2)])])
    report = evaluate({"a": b, "b": no_text}, {"a": gold(), "b": gold()}, texts={"a": TEXT})
    out = report.to_json()
    assert out["verbatim_rate"] == pytest.approx(5 / 6)
    assert out["spans_checked"] == 6
    assert out["texts_unavailable"] == ["b"]


def test_verbatim_text_from_article_path(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text(TEXT, encoding="utf-8")
    good = brief(path=str(article), sources=[Source(name="WSJ", evidence=[span(TEXT, "WSJ")])])
    score = score_article(good, gold(), None)
    assert (score.text_available, score.spans_checked, score.spans_verbatim) == (True, 1, 1)
    # The file has changed since the brief was made: its offsets cannot be trusted.
    article.write_text(TEXT + " Updated.", encoding="utf-8")
    score = score_article(good, gold(), None)
    assert (score.text_available, score.spans_checked) == (False, 0)
    assert evaluate({"a": good}, {"a": gold()}).verbatim_rate is None


def test_to_json_contract_shape() -> None:
    g = gold(authorisations=[], exclusions=[], sources=[], quotes=[])
    out = evaluate({"a": brief()}, {"a": g}, {"a": TEXT}).to_json()
    contract = {
        "articles",
        "seconds_per_article",
        "verbatim_rate",
        "dropped_ungrounded",
        "tokens_per_article",
        "sections",
        "per_article",
    }
    assert contract <= set(out)
    section_keys = {"precision", "recall", "f1", "tp", "fp", "fn"}
    sections = ("authorisations", "exclusions", "sources", "quotes")
    assert set(out["sections"]) == set(sections)
    for name in sections:
        assert section_keys <= set(out["sections"][name])
        assert section_keys <= set(out["per_article"]["a"][name])
    assert "speaker_accuracy" in out["sections"]["quotes"]
    assert "speaker_accuracy" in out["per_article"]["a"]["quotes"]
    assert set(out["per_article"]) == {"a"}
    assert json.loads(json.dumps(out)) == out


# --- loading and display -----------------------------------------------------


def test_load_gold_and_dir(tmp_path: Path) -> None:
    (tmp_path / "one.json").write_text(
        json.dumps({"sources": [{"name": ["WSJ"]}], "quotes": [{"speaker": ["x"], "text": "hello there"}]}),
        encoding="utf-8",
    )
    (tmp_path / "two.json").write_text("{}", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("ignored", encoding="utf-8")
    loaded = load_gold_dir(tmp_path)
    assert sorted(loaded) == ["one", "two"]
    assert loaded["one"].exclusions is None
    assert loaded["one"].sources is not None and loaded["one"].sources[0].name == ["WSJ"]
    assert loaded["two"] == Gold()
    assert load_gold(tmp_path / "one.json") == loaded["one"]


@pytest.mark.parametrize(
    "content",
    [
        "{not json",
        '{"exclusion": [{"what": ["ATACMS"]}]}',
        '{"sources": [{"name": []}]}',
        '{"sources": [{"name": ["  "]}]}',
        '{"quotes": [{"text": "\\u201c \\u201d"}]}',
        "[]",
    ],
)
def test_bad_gold_file_is_one_line_value_error(tmp_path: Path, content: str) -> None:
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ValueError) as info:
        load_gold(path)
    message = str(info.value)
    assert str(path) in message
    assert "\n" not in message
    with pytest.raises(ValueError, match=r"bad\.json"):
        load_gold_dir(tmp_path)


def test_load_gold_dir_requires_a_folder(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="nope"):
        load_gold_dir(tmp_path / "nope")


def test_render_table() -> None:
    g = gold(sources=[{"name": ["WSJ"]}], quotes=[{"speaker": ["Biden"], "text": "one two three"}])
    b = brief(
        sources=[Source(name="WSJ", evidence=[span(TEXT, "WSJ")])],
        quotes=[quote("one two three", "Sullivan")],
        usage=Usage(prompt_tokens=1000, completion_tokens=234, seconds=1.5),
        dropped=1,
    )
    report: EvalReport = evaluate({"a": b}, {"a": g}, {"a": TEXT})
    console = Console(record=True, width=200)
    console.print(render_table(report))
    shown = console.export_text()
    for name in ("authorisations", "exclusions", "sources", "quotes"):
        assert name in shown
    assert "speaker accuracy 0.0% (0/1)" in shown
    assert "dropped 1" in shown
    assert "1.50 s/article" in shown
    assert "1,234 tokens/article" in shown
    # The quote span is at 0..13 of a text that does not start with it.
    assert "verbatim 50.0% (1/2 spans)" in shown
    # Counts beside the figures: tp fp fn, gold items, articles with the section.
    row = next(line for line in shown.splitlines() if line.startswith("quotes"))
    assert row.split()[1:] == ["1.000", "1.000", "1.000", "1", "0", "0", "1", "1"]
    assert "interval" not in shown


def test_section_counts_in_json() -> None:
    g = gold(sources=[{"name": ["WSJ"]}, {"name": ["AP"]}, {"name": ["BBC"]}])
    b = brief(sources=[Source(name="WSJ"), Source(name="Pentagon")])
    sources = evaluate({"a": b}, {"a": g}, {"a": TEXT}).to_json()["sections"]["sources"]
    assert (sources["tp"], sources["fp"], sources["fn"]) == (1, 1, 2)
    assert (sources["gold_items"], sources["predicted_items"], sources["scored_articles"]) == (3, 2, 1)


def test_old_import_path_still_resolves() -> None:
    # benchmarks/embedded.py and older scripts import these from `scoring`, where they lived before the split.
    from summarizer.eval import gold as gold_module
    from summarizer.eval import report as report_module
    from summarizer.eval import scoring

    assert scoring.evaluate is report_module.evaluate
    assert scoring.render_table is report_module.render_table
    assert scoring.load_gold_dir is gold_module.load_gold_dir
    with pytest.raises(AttributeError):
        _ = scoring.no_such_name
