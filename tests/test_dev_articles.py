"""Canned model output for Wikinews dev articles (CC BY 2.5, see fixtures/articles/ATTRIBUTION.md)."""

from __future__ import annotations

import json

from conftest import article
from fakellm import FakeLLM
from test_pipeline import assert_grounded

from summarizer import summarize


def test_korea_order_sources_and_multi_sentence_quote() -> None:
    korea = article("GUM_news_korea")
    brief = summarize(korea, engine=FakeLLM.from_fixture("GUM_news_korea").engine())
    assert_grounded(brief, korea)
    [order] = brief.authorisations
    assert order.authoriser == "Kim Jong-un" and "KPA" in order.authorised
    assert order.evidence[0].text.startswith('"Foolhardy provocation')
    assert [s.name for s in brief.sources] == ["Yonhap news agency", "Korean Central News Agency (KCNA)"]
    war_maniacs = brief.quotes[0]
    assert war_maniacs.text.startswith("War maniacs") and war_maniacs.text.endswith("posts 250 and 251")
    assert "\n" not in war_maniacs.text and war_maniacs.speaker == "KCNA"
    assert brief.article.title == "North Korea puts military in 'quasi-state of war'"
    assert str(brief.article.published) == "2015-08-21" == str(brief.event_date)


def test_stampede_invented_year_and_source_are_reasked_away() -> None:
    stampede = article("GUM_news_stampede")
    fake = FakeLLM.from_fixture("GUM_news_stampede")
    brief = summarize(stampede, engine=fake.engine())
    reask = json.dumps(fake.requests[1]["body"]["messages"][-1])
    assert "never states the year 2007" in reask and "'Reuters' does not appear in the article" in reask
    assert str(brief.event_date) == "2006-01-12"
    assert [s.name for s in brief.sources] == ["Saudi Interior Ministry"]
    assert brief.authorisations == [] and brief.quotes == [] and brief.grounding.dropped == []
    assert_grounded(brief, stampede)
