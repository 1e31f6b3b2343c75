"""Draft tokens for the embedded model: guesses that one batched llama.cpp call checks at once.

A batch of a few tokens costs far less than that many single tokens (with the repacked weights;
figures in docs/benchmarks.md), so every drafted token that greedy sampling confirms is nearly
free. Two sources of guesses, both exact when right and harmless when wrong (a wrong draft only
costs its share of the batch):

- The answer's JSON keys. A grammar built from the response schema writes the properties in a
  fixed order, so after `"granted_by": "Joe Biden",` the next words must be ` "granted_to": "`;
  a good part of a small answer is such scaffolding (`JsonDrafter`).
- The article. Answers copy names and phrases, so the tokens that followed the latest earlier
  occurrence of the last three tokens are often the next ones (`PromptLookup`).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any


class PromptLookup:
    """A llama-cpp-python draft model that proposes what followed the latest earlier match of the last tokens."""

    def __init__(self, ngram: int = 3, length: int = 3) -> None:
        # A batch's cost grows with its length (docs/benchmarks.md) while drafts past the third
        # token are seldom right, hence three. A match shorter than three tokens proposes wrong
        # continuations too often to pay for them.
        self.ngram = ngram
        self.length = length

    def __call__(self, input_ids: Any, /, **_: Any) -> Any:
        import numpy as np

        ids = np.asarray(input_ids)
        empty = ids[:0].astype(np.intc)
        if len(ids) <= self.ngram:
            return empty
        windows = np.lib.stride_tricks.sliding_window_view(ids[:-1], self.ngram)
        starts = np.flatnonzero((windows == ids[-self.ngram :]).all(axis=1))
        if not len(starts):
            return empty
        follow = int(starts[-1]) + self.ngram
        return ids[follow : follow + self.length].astype(np.intc)


@dataclass(frozen=True)
class KeyPlan:
    """Which key follows which in a schema-bound answer, and how each key's value opens.

    Keys are tracked by name alone, which is exact for schemas whose objects do not share a key
    name with a different successor; where they do, a guess is wrong now and then, never harmful.
    """

    following: Mapping[str, str | None]
    # The first key of an object, by the key (or None for the root) whose value holds the object.
    first: Mapping[str | None, str]
    opener: Mapping[str, str]


def key_plan(schema: Mapping[str, Any] | None) -> KeyPlan | None:
    """The KeyPlan of a JSON schema (with local `$defs` references), or None if it has no objects."""
    if not isinstance(schema, Mapping):
        return None
    following: dict[str, str | None] = {}
    first: dict[str | None, str] = {}
    opener: dict[str, str] = {}
    defs = schema.get("$defs") or {}
    pending: list[tuple[Any, str | None, int]] = [(schema, None, 0)]
    seen: set[tuple[int, str | None]] = set()
    while pending:
        node, holder, depth = pending.pop()
        node = _resolved(node, defs)
        # A schema that refers to itself is walked once per place it is held.
        if depth > 8 or not isinstance(node, Mapping) or (id(node), holder) in seen:
            continue
        seen.add((id(node), holder))
        if node.get("type") == "array":
            pending.append((node.get("items"), holder, depth + 1))
            continue
        properties = node.get("properties")
        if not isinstance(properties, Mapping) or not properties:
            continue
        # llama.cpp's schema grammar writes the required properties first, then the optional ones.
        required = set(node.get("required") or ())
        order = [k for k in properties if k in required] + [k for k in properties if k not in required]
        following.update(zip(order, [*order[1:], None], strict=True))
        first[holder] = order[0]
        for key in order:
            value = _resolved(properties[key], defs)
            opener[key] = _value_opener(value)
            pending.append((value, key, depth + 1))
    return KeyPlan(following, first, opener) if following else None


def _resolved(schema: Any, defs: Mapping[str, Any]) -> Any:
    if isinstance(schema, Mapping) and isinstance(schema.get("$ref"), str):
        return defs.get(schema["$ref"].rsplit("/", 1)[-1], schema)
    return schema


def _value_opener(schema: Any) -> str:
    """What the answer must write right after `"key": `, when the schema leaves one choice."""
    if not isinstance(schema, Mapping):
        return ""
    kind = schema.get("type")
    if kind == "string":
        return '"'
    if kind == "array":
        return "["
    if kind == "object" or "properties" in schema:
        return "{"
    return ""  # anyOf with null, numbers, booleans: more than one way to begin


def next_keys(text: str, plan: KeyPlan) -> str | None:
    """The scaffolding that must follow `text`, a prefix of a JSON answer written to `plan`, or None."""
    stack: list[list[Any]] = []  # [bracket, last key, state] for each open container
    in_string = escaped = False
    chars: list[str] = []
    word = ""
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
                if stack and stack[-1][0] == "{" and stack[-1][2] == "key":
                    stack[-1][1], stack[-1][2] = "".join(chars), "colon"
                elif stack:
                    stack[-1][2] = "done"
            else:
                chars.append(char)
        elif char == '"':
            in_string, chars = True, []
        elif char in "{[":
            if stack:
                stack[-1][2] = "inside"
            stack.append([char, None, "key" if char == "{" else "value"])
        elif char in "}]":
            if stack:
                stack.pop()
            if stack:
                stack[-1][2] = "done"
        elif stack and char == ":":
            stack[-1][2] = "value"
        elif stack and char == ",":
            stack[-1][2] = "key" if stack[-1][0] == "{" else "value"
        elif stack and not char.isspace():
            word = word + char if stack[-1][2] == "scalar" else char
            stack[-1][2] = "done" if word in ("null", "true", "false") else "scalar"
    if in_string or not stack or stack[-1][0] != "{":
        return None
    _, key, state = stack[-1]
    if key is None:
        if state != "key" or not text.endswith("{"):
            return None
        holder = next((frame[1] for frame in reversed(stack[:-1]) if frame[0] == "{"), None)
        first = plan.first.get(holder)
        return None if first is None else _key_text(" ", first, plan)
    upcoming = plan.following.get(key)
    if upcoming is None:
        return None
    if state == "done":
        return _key_text(", ", upcoming, plan)
    if state == "key" and text.endswith(","):
        return _key_text(" ", upcoming, plan)
    return None


def _key_text(lead: str, key: str, plan: KeyPlan) -> str:
    opener = plan.opener.get(key, "")
    return f"{lead}{json.dumps(key)}:" + (f" {opener}" if opener else "")


class JsonDrafter:
    """Drafts the keys a schema-bound answer must write next, and otherwise looks the article up.

    The Llama that owns it calls `expect` with each request's schema and `begin` with each prompt's
    length, so the drafter knows which tokens are the answer so far.
    """

    def __init__(
        self,
        tokenize: Callable[[bytes], Sequence[int]],
        detokenize: Callable[[Sequence[int]], bytes],
        lookup: PromptLookup | None = None,
        length: int = 10,
    ) -> None:
        self._tokenize = tokenize
        self._detokenize = detokenize
        self.lookup = lookup or PromptLookup()
        # The longest draft: the scaffolding between two values is at most about this many tokens.
        self.length = max(length, self.lookup.length)
        self._plan: KeyPlan | None = None
        self._start = 0
        self._tokens: dict[str, list[int]] = {}

    def expect(self, schema: Mapping[str, Any] | None) -> None:
        self._plan = key_plan(schema)

    def begin(self, prompt_length: int) -> None:
        self._start = prompt_length

    def __call__(self, input_ids: Any, /, **kwargs: Any) -> Any:
        import numpy as np

        ids = np.asarray(input_ids)
        if self._plan is not None and len(ids) > self._start:
            answer = self._detokenize([int(t) for t in ids[self._start :]]).decode("utf-8", "replace")
            scaffold = next_keys(answer, self._plan)
            if scaffold is not None:
                if scaffold not in self._tokens:
                    self._tokens[scaffold] = list(self._tokenize(scaffold.encode("utf-8")))
                return np.array(self._tokens[scaffold][: self.length], dtype=np.intc)
        return self.lookup(ids, **kwargs)
