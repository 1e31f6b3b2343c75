"""Each decision gets a yes/no check; unsure ones leave the main lists for `unverified`.

Canned answers go through the real openai client at the HTTP level; the checks are answered with
`top_logprobs`, as an OpenAI-compatible endpoint gives them.
"""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest
from fakellm import JUDGE, FakeLLM, completion
from openai.types.chat import ChatCompletion

from summarizer import Article, asummarize, summarize
from summarizer.backends.judge import yes_probability
from summarizer.config import DEFAULT_MIN_CONFIDENCE
from summarizer.extract.verify import sort_by_confidence
from summarizer.models import Authorisation, Evidence, Exclusion


def _checks(fake: FakeLLM) -> list[dict[str, Any]]:
    return [r for r in fake.requests if r["tool"] == JUDGE]


def test_each_decision_is_checked_once_with_its_own_sentence(seed_article: Article) -> None:
    fake = FakeLLM.from_fixture("seed")
    brief = summarize(seed_article, engine=fake.engine())
    checks = _checks(fake)
    assert len(checks) == len(brief.authorisations) + len(brief.exclusions) == 2
    for check in checks:
        body = check["body"]
        assert body["max_tokens"] == 1 and body["logprobs"] is True and body["top_logprobs"] >= 5
        # The same system prompt and article as the passes, so a cache serves them.
        assert body["messages"][0]["content"].startswith("You are a careful news analyst")
        assert "<article>" in body["messages"][1]["content"]
    asked = checks[1]["body"]["messages"][-1]["content"]
    assert "does not extend to ATACMS" in asked and "yes or no" in asked
    assert all(a.confidence == pytest.approx(0.9) for a in brief.authorisations)


def test_a_decision_the_check_doubts_is_kept_aside_with_its_reason(seed_article: Article) -> None:
    fake = FakeLLM.from_fixture("seed")
    fake.queues[JUDGE] = [0.2, 0.95]  # the authorisation is doubted, the exclusion confirmed
    brief = summarize(seed_article, engine=fake.engine())
    assert brief.authorisations == []
    assert [x.confidence for x in brief.exclusions] == [pytest.approx(0.95)]
    (aside,) = brief.unverified
    assert aside.section == "authorisations" and aside.authorisation is not None
    assert aside.authorisation.confidence == pytest.approx(0.2)
    assert "0.20" in aside.reason and "threshold" in aside.reason
    # Kept in full for the record: its evidence still slices the article.
    span = aside.authorisation.evidence[0]
    assert seed_article.text[span.start : span.end] == span.text


async def test_async_checks_match_sync(seed_article: Article) -> None:
    fake = FakeLLM.from_fixture("seed")
    fake.queues[JUDGE] = [0.2, 0.95]
    brief = await asummarize(seed_article, engine=fake.engine())
    assert [u.section for u in brief.unverified] == ["authorisations"] and len(brief.exclusions) == 1


def test_the_threshold_is_a_setting(seed_article: Article) -> None:
    fake = FakeLLM.from_fixture("seed")
    fake.queues[JUDGE] = [0.2, 0.95]
    brief = summarize(seed_article, engine=fake.engine(min_confidence=0.1))
    assert len(brief.authorisations) == 1 and brief.unverified == []


def test_checks_can_be_turned_off(seed_article: Article) -> None:
    fake = FakeLLM.from_fixture("seed")
    brief = summarize(seed_article, engine=fake.engine(check_decisions=False))
    assert _checks(fake) == []
    assert brief.authorisations[0].confidence is None and brief.unverified == []


def test_a_check_that_fails_leaves_the_decision_unchecked_not_dropped(seed_article: Article) -> None:
    fake = FakeLLM.from_fixture("seed")
    original = fake.handle

    def refuse_checks(request: httpx.Request) -> httpx.Response:
        if json.loads(request.content).get("logprobs"):
            fake.requests.append({"body": {}, "headers": {}, "tool": JUDGE})
            return httpx.Response(400, json={"error": {"message": "logprobs are not supported"}})
        return original(request)

    fake.handle = refuse_checks  # type: ignore[method-assign]
    brief = summarize(seed_article, engine=fake.engine())
    assert len(brief.authorisations) == 1 and brief.authorisations[0].confidence is None
    assert brief.unverified == []


def _answer(content: str, top: list[tuple[str, float]] | None = None) -> ChatCompletion:
    body = completion(None, content, completion_tokens=1)
    if top is not None:
        entries = [{"token": t, "logprob": lp, "bytes": None} for t, lp in top]
        body["choices"][0]["logprobs"] = {"content": [{**entries[0], "top_logprobs": entries}]}
    return ChatCompletion.model_validate(body)


def test_yes_probability_reads_top_logprobs_across_spellings() -> None:
    import math

    answer = _answer("Yes", [("Yes", math.log(0.6)), (" yes", math.log(0.1)), ("No", math.log(0.1)), ("{", -1.0)])
    assert yes_probability(answer) == pytest.approx(0.7 / 0.8)


def test_an_endpoint_without_logprobs_still_answers_yes_or_no() -> None:
    assert yes_probability(_answer("Yes.")) == 1.0
    assert yes_probability(_answer("no")) == 0.0
    assert yes_probability(_answer("Perhaps")) is None


def test_sort_by_confidence_keeps_unchecked_items() -> None:
    span = [Evidence(text="The board allowed it; tanks are not allowed.", start=0, end=44)]
    a = [
        Authorisation(authoriser="A", authorised="B", action="go", evidence=span, confidence=0.7),
        Authorisation(authoriser="C", authorised="D", action="stay", evidence=span, confidence=None),
        Authorisation(authoriser="E", authorised="F", action="run", evidence=span, confidence=0.69),
    ]
    x = [Exclusion(what="tanks", evidence=span, confidence=0.1)]
    kept_a, kept_x, aside = sort_by_confidence(a, x, 0.7)
    assert [k.action for k in kept_a] == ["go", "stay"] and kept_x == []
    assert [(u.section, (u.authorisation or u.exclusion).confidence) for u in aside] == [  # type: ignore[union-attr]
        ("authorisations", 0.69),
        ("exclusions", 0.1),
    ]


def test_the_curve_re_sorts_kept_and_unverified_decisions_at_each_threshold() -> None:
    from summarizer.eval.curve import at_threshold, best_threshold, curve
    from summarizer.eval.gold import Gold, GoldAuthorisation
    from summarizer.models import ArticleInfo, Brief, UnverifiedItem

    span = [Evidence(text="The board allowed it; tanks are not allowed.", start=0, end=44)]
    right = Authorisation(authoriser="Board", authorised="Ferry line", action="sail", evidence=span, confidence=0.9)
    wrong = Authorisation(authoriser="Mayor", authorised="Tourists", action="swim", evidence=span, confidence=0.4)
    brief = Brief(
        prompt_version="t",
        article=ArticleInfo(id="a", sha256="0" * 64, chars=1),
        headline="h",
        summary="s",
        authorisations=[right],
        unverified=[UnverifiedItem(section="authorisations", reason="low", authorisation=wrong)],
    )
    assert at_threshold(brief, 0.3).authorisations == [right, wrong]
    gold = {"a": Gold(authorisations=[GoldAuthorisation(authoriser=["Board"], authorised=["Ferry"])], exclusions=[])}
    rows = dict(curve({"a": brief}, gold, thresholds=(0.0, 0.5)))
    assert (rows[0.0]["authorisations"].tp, rows[0.0]["authorisations"].fp) == (1, 1)
    assert (rows[0.5]["authorisations"].tp, rows[0.5]["authorisations"].fp) == (1, 0)
    assert best_threshold(list(rows.items())) == 0.5


def test_the_chosen_threshold_never_shows_more_wrong_decisions_than_right_ones() -> None:
    from summarizer.eval.curve import best_threshold
    from summarizer.eval.scoring import SectionScore

    def row(threshold: float, tp: int, fp: int) -> tuple[float, dict[str, SectionScore]]:
        return threshold, {
            "authorisations": SectionScore(tp=tp, fp=fp, fn=7 - tp),
            "exclusions": SectionScore(tp=0, fp=0, fn=5),
        }

    # 3 right of 25 has the best F0.5, but a briefing wrong seven times in eight is not shown.
    rows = [row(0.2, 3, 22), row(0.4, 1, 4), row(0.6, 1, 1), row(0.8, 0, 0)]
    assert best_threshold(rows) == 0.6
    assert best_threshold([row(0.2, 3, 22), row(0.8, 0, 0)]) == 0.8


def test_the_default_threshold_depends_on_who_found_the_decision() -> None:
    # Written by the model (single pass), read by code, or found by the model where code read nothing
    # (multi pass): each has the threshold its tuning run chose; a threshold the user gives holds
    # every item to it.
    assert FakeLLM().engine().min_confidence is None
    assert FakeLLM().engine(passes="multi", min_confidence=0.4).min_confidence == 0.4
    evidence = [Evidence(text="The mayor allowed the market to open.", start=0, end=37)]
    found = [
        Authorisation(
            authoriser="mayor", authorised=name, action="open", evidence=evidence, confidence=0.58, read_by=by
        )
        for name, by in (("the market", "code"), ("the stalls", "model"))
    ]

    def shown(threshold: float | dict[str, float]) -> list[str]:
        return [a.authorised for a in sort_by_confidence(found, [], threshold)[0]]

    assert shown(DEFAULT_MIN_CONFIDENCE["multi"]) == ["the market"]
    assert shown(DEFAULT_MIN_CONFIDENCE["single"]) == ["the market", "the stalls"]
    assert shown(0.4) == ["the market", "the stalls"] and shown(0.7) == []
    aside = sort_by_confidence(found, [], DEFAULT_MIN_CONFIDENCE["multi"])[2]
    assert "under the threshold 0.6" in aside[0].reason


def test_a_confidence_a_hair_under_the_threshold_is_not_shown_equal_to_it() -> None:
    evidence = [Evidence(text="The mayor allowed the market to open.", start=0, end=37)]
    nearly = Authorisation(
        authoriser="mayor", authorised="the market", action="open", evidence=evidence, confidence=0.5996
    )
    aside = sort_by_confidence([nearly], [], 0.6)[2]
    assert aside[0].reason.startswith("the check gave confidence 0.59, under the threshold 0.60")
