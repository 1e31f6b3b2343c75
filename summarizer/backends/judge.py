"""Yes/no questions answered with a probability, for the confidence of decisions.

An OpenAI-compatible endpoint is asked for one token with its `top_logprobs`; the probability of
"yes" is its share of the "yes" and "no" mass among them. An endpoint that returns no log
probabilities still answers the question: its plain yes or no counts as 1 or 0.
"""

from __future__ import annotations

import math
from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import Any

Messages = Sequence[Mapping[str, Any]]
Judge = Callable[[Messages], float | None]
AsyncJudge = Callable[[Messages], Awaitable[float | None]]

TOP_LOGPROBS = 10


def _word(token: str) -> str:
    return token.strip().strip(".,!\"'").casefold()


def yes_probability(completion: Any) -> float | None:
    """P(yes | yes or no) from a one-token chat completion; None if it answered neither."""
    try:
        choice = completion.choices[0]
    except (AttributeError, IndexError):
        return None
    content = getattr(getattr(choice, "logprobs", None), "content", None) or []
    if content:
        yes = no = 0.0
        for candidate in getattr(content[0], "top_logprobs", None) or []:
            word = _word(str(candidate.token))
            if word == "yes":
                yes += math.exp(candidate.logprob)
            elif word == "no":
                no += math.exp(candidate.logprob)
        if yes + no > 0:
            return yes / (yes + no)
    answer = _word(str(getattr(choice.message, "content", "") or ""))
    if answer.startswith("yes"):
        return 1.0
    if answer.startswith("no"):
        return 0.0
    return None


def judge_request(model: str, messages: Messages) -> dict[str, Any]:
    """The request that asks an endpoint for the first token of the answer and its alternatives."""
    return {
        "model": model,
        "messages": [dict(m) for m in messages],
        "max_tokens": 1,
        "temperature": 0.0,
        "logprobs": True,
        "top_logprobs": TOP_LOGPROBS,
    }


def endpoint_judges(
    create: Callable[..., Any], acreate: Callable[..., Awaitable[Any]], model: str
) -> tuple[Judge, AsyncJudge]:
    """Judges over an endpoint's raw (not instructor-patched) chat-completion calls."""

    def judge(messages: Messages) -> float | None:
        return yes_probability(create(**judge_request(model, messages)))

    async def ajudge(messages: Messages) -> float | None:
        return yes_probability(await acreate(**judge_request(model, messages)))

    return judge, ajudge
