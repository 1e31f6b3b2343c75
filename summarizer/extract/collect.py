"""The dialogue of one article split in two: its request sent now, its answer settled later.

The live drivers in pipeline.py carry each request of `_dialogue` to the engine as it comes. The
Batch API needs the first request written down instead, and its answer handed back hours later.
`batch_request` stops the dialogue at its one Parse and returns the body instructor would have sent;
`acollect` replays the dialogue with the batch's completion as the endpoint's first reply, so the
answer is parsed, validated and grounded by the same code as a live one. Whatever the batch cannot
settle goes on live through the engine: instructor's re-asks after an invalid or ungrounded answer
(with the failed answer and the error, exactly as live), and the yes/no checks of decisions
(one-token requests, cheaper sent live than waiting a second batch window for).
"""

from __future__ import annotations

from typing import Any

import instructor
from openai.types.chat import ChatCompletion

from summarizer.backends import Engine
from summarizer.backends.retry import metering
from summarizer.errors import ConfigurationError
from summarizer.extract.pipeline import ArticleInput, Driver, Parse, settled, to_article
from summarizer.extract.run import ArticleRun
from summarizer.models import Brief


class _Captured(BaseException):
    """The request instructor was about to send.

    A BaseException on purpose: instructor's retry loop catches Exception (to log it and wrap it in
    an InstructorRetryException), and this must come out of it untouched, carrying the exact kwargs.
    """

    def __init__(self, body: dict[str, Any]) -> None:
        super().__init__("captured")
        self.body = body


def check_engine(engine: Engine) -> None:
    """The Batch API path needs an endpoint, and a dialogue whose first request is its only Parse."""
    if engine.async_client is None or engine.raw_acreate is None:
        raise ConfigurationError("--via batch-api needs an OpenAI-compatible endpoint, not the embedded model")
    if engine.passes != "single":
        # Multi pass asks several questions in turn over one article: each would wait a batch window
        # for the one before.
        raise ConfigurationError("--via batch-api asks one request per article: use --passes single")


def _first_parse(driver: Driver) -> Parse:
    pending = driver.pending
    if not isinstance(pending, Parse):
        raise ConfigurationError("--via batch-api asks one request per article: use --passes single")
    return pending


def batch_request(article: ArticleInput, engine: Engine) -> dict[str, Any]:
    """The body of the chat-completion request that asks for `article`'s brief, as sent live.

    Instructor itself prepares it (tool schema, mode handling, message conversion), so the batch
    line and a live call can never drift apart.
    """
    check_engine(engine)
    pending = _first_parse(Driver(ArticleRun(to_article(article), engine, strict=False)))

    def capture(*args: Any, **kwargs: Any) -> Any:
        raise _Captured(kwargs)

    try:
        instructor.patch(create=capture, mode=engine.mode)(**pending.request)
    except _Captured as captured:
        return captured.body
    raise AssertionError("instructor returned without sending the request")


async def acollect(
    article: ArticleInput, engine: Engine, completion: ChatCompletion | dict[str, Any], *, strict: bool = False
) -> Brief:
    """The brief from `completion`, the batch's answer to `batch_request(article, engine)`.

    Raises what a live `asummarize` raises: SummarizeError when no usable answer came, even after the
    live re-asks.
    """
    check_engine(engine)
    answer = completion if isinstance(completion, ChatCompletion) else ChatCompletion.model_validate(completion)
    driver = Driver(ArticleRun(to_article(article), engine, strict))
    run = driver.run
    live = engine.raw_acreate
    assert live is not None
    replayed = False

    async def replay(*args: Any, **kwargs: Any) -> Any:
        # The first "send" is answered by the batch; a re-ask after it is a live request with the
        # messages instructor built from the failed answer and its error.
        nonlocal replayed
        if replayed:
            return await live(*args, **kwargs)
        replayed = True
        # Counted as a live completion is, so usage reads the same on both paths.
        run.meter.requests += 1
        run.meter.add(answer)
        return answer

    parse = _first_parse(driver)
    with metering(run.meter):
        driver.settle(await settled(instructor.patch(create=replay, mode=engine.mode)(**parse.request)))
        while (pending := driver.pending) is not None:
            driver.settle(await settled(pending.asend(engine)))
    return driver.brief()
