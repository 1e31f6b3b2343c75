"""instructor's async structured call, with its per-call overhead cut for a busy batch.

instructor's patched `create` walks the whole response model three times per call to reject async
validators, and rebuilds the tool schema; with a brief's schema that was most of the client's CPU
time in a batch, all of it on the event loop. This is the same call, built from instructor's own
handlers for the mode (request preparation, parsing, re-ask), so prompts, re-ask messages and
exceptions are instructor's:

- the response model is prepared and checked once, and in TOOLS mode its tool definition too;
- the answer is parsed and validated (the grounding validators run there) in a worker thread, so
  replies that arrive together do not queue behind each other's parsing on the loop; the thread
  sees the caller's context variables (the grounding state, the usage meter);
- re-asks and the exceptions that end them (InstructorRetryException with the failed attempts,
  IncompleteOutputException) are as in instructor's own retry loop.

Anything this does not cover (a validation context, hooks, a token budget, a per-call timeout,
streaming, no response model) goes to the instructor-patched call unchanged.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

import instructor
from instructor.core.exceptions import FailedAttempt, IncompleteOutputException, InstructorRetryException
from instructor.v2.core.providers import Provider
from instructor.v2.core.registry import mode_registry
from instructor.v2.core.response_model import prepare_response_model
from instructor.v2.core.retry import _RETRYABLE_PARSE_ERRORS, _finalize_parsed_response

_FALLBACK_KEYS = frozenset({"context", "hooks", "token_budget", "timeout", "stream", "strict", "cache"})


class StructuredCall:
    """`acreate(response_model=..., max_retries=..., **chat_kwargs)` as instructor's patched call answers it."""

    def __init__(self, create: Callable[..., Awaitable[Any]], mode: instructor.Mode) -> None:
        self.create = create
        self.mode = mode
        self.handlers = mode_registry.get_handlers(Provider.OPENAI, mode)
        self.fallback = instructor.patch(create=create, mode=mode)
        # Per response model: the prepared model, and in TOOLS mode the request keys it adds.
        self._prepared: dict[Any, tuple[Any, dict[str, Any] | None]] = {}

    def _prepare(self, response_model: Any) -> tuple[Any, dict[str, Any] | None]:
        prepared = self._prepared.get(response_model)
        if prepared is None:
            model = prepare_response_model(response_model)
            extra = None
            if self.mode == instructor.Mode.TOOLS:
                # The tool definition does not depend on the messages, so it is built once.
                model, kwargs = self.handlers.request_handler(response_model=model, kwargs={})
                extra = {key: value for key, value in kwargs.items() if key != "messages"}
            prepared = self._prepared[response_model] = (model, extra)
        return prepared

    def _request(self, model: Any, extra: dict[str, Any] | None, kwargs: dict[str, Any]) -> dict[str, Any]:
        if extra is not None:
            request = {**kwargs, **extra}
        else:
            _, request = self.handlers.request_handler(response_model=model, kwargs=kwargs)
        request.pop("autodetect_images", None)
        if self.handlers.message_converter and "messages" in request:
            request["messages"] = self.handlers.message_converter(request["messages"], autodetect_images=False)
        # Re-ask handlers append to the list: a copy keeps the caller's messages as they were.
        request["messages"] = list(request.get("messages", []))
        return request

    def _parse(self, response: Any, model: Any) -> Any:
        return self.handlers.response_parser(
            response=response, response_model=model, validation_context=None, strict=True, stream=False, is_async=True
        )

    async def __call__(self, response_model: Any = None, max_retries: int = 1, **kwargs: Any) -> Any:
        if response_model is None or not isinstance(max_retries, int) or _FALLBACK_KEYS & kwargs.keys():
            return await self.fallback(response_model=response_model, max_retries=max_retries, **kwargs)
        model, extra = self._prepare(response_model)
        request = self._request(model, extra, kwargs)
        failed: list[FailedAttempt] = []
        attempt = 0
        while True:
            attempt += 1
            try:
                response = await self.create(**request)
            except IncompleteOutputException:
                raise
            except Exception as error:
                raise self._gave_up(error, attempt, failed, request) from error
            try:
                parsed = await asyncio.to_thread(self._parse, response, model)
            except IncompleteOutputException:
                raise
            except _RETRYABLE_PARSE_ERRORS as error:
                failed.append(FailedAttempt(attempt_number=attempt, exception=error, completion=response))
                request = self.handlers.reask_handler(kwargs=request, response=response, exception=error)
                if attempt > max(max_retries, 0):
                    raise self._gave_up(error, attempt, failed, request) from error
                continue
            return _finalize_parsed_response(parsed, response)

    @staticmethod
    def _gave_up(
        error: Exception, attempt: int, failed: list[FailedAttempt], request: dict[str, Any]
    ) -> InstructorRetryException:
        return InstructorRetryException(
            str(error),
            last_completion=failed[-1].completion if failed else None,
            n_attempts=attempt,
            total_usage=_total_usage(failed),
            messages=request.get("messages", []),
            create_kwargs=request,
            failed_attempts=failed,
        )


def _total_usage(failed: list[FailedAttempt]) -> int:
    total = 0
    for attempt in failed:
        usage = getattr(attempt.completion, "usage", None)
        total += getattr(usage, "total_tokens", 0) or 0
    return total
