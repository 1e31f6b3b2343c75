"""Draft tokens: JSON keys a schema-bound answer must write next, and prompt lookup."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from pydantic import BaseModel, Field

from summarizer.backends.local.drafting import JsonDrafter, KeyPlan, PromptLookup, key_plan, next_keys


class Grant(BaseModel):
    grantor: str | None
    grantee: str
    tools: list[str] = Field(default_factory=list)
    status: str = "granted"
    lines: list[int] = Field(default_factory=list)


class Grants(BaseModel):
    note: str = ""
    grants: list[Grant]


def plan() -> KeyPlan:
    found = key_plan(Grants.model_json_schema())
    assert found is not None
    return found


def test_prompt_lookup_drafts_what_followed_the_latest_match() -> None:
    draft = PromptLookup(ngram=3, length=3)
    ids = np.array([7, 1, 2, 3, 4, 5, 6, 9, 1, 2, 3, 8, 0, 0, 1, 2, 3], dtype=np.intc)
    assert draft(ids).tolist() == [8, 0, 0]  # the later "1 2 3" wins over the first
    assert draft(np.array([1, 2, 3, 4, 5], dtype=np.intc)).tolist() == []
    assert draft(np.array([1, 2], dtype=np.intc)).tolist() == []
    assert draft(np.array([5, 1, 2, 3, 9, 1, 2, 3], dtype=np.intc)).tolist() == [9, 1, 2]


def test_the_key_plan_follows_the_grammars_order_required_keys_first() -> None:
    grants = plan()
    assert grants.first == {None: "grants", "grants": "grantor"}
    # "note" has a default, so llama.cpp's grammar puts it after the required "grants".
    assert grants.following["grants"] == "note" and grants.following["note"] is None
    assert [grants.following[k] for k in ("grantor", "grantee", "tools", "status")] == [
        "grantee",
        "tools",
        "status",
        "lines",
    ]
    assert grants.following["lines"] is None
    # A nullable value can begin two ways, so nothing is drafted for it.
    assert grants.opener == {
        "grants": "[",
        "note": '"',
        "grantor": "",
        "grantee": '"',
        "tools": "[",
        "status": '"',
        "lines": "[",
    }
    tree = {
        "$defs": {
            "Node": {
                "properties": {
                    "label": {"type": "string"},
                    "children": {"type": "array", "items": {"$ref": "#/$defs/Node"}},
                },
                "required": ["label", "children"],
            }
        },
        "$ref": "#/$defs/Node",
    }
    assert key_plan(tree) == KeyPlan(
        {"label": "children", "children": None}, {None: "label", "children": "label"}, {"label": '"', "children": "["}
    )
    assert key_plan({"type": "array", "items": {"type": "string"}}) is None
    assert key_plan(None) is None


def test_next_keys_only_ever_proposes_what_the_answer_goes_on_to_write() -> None:
    answer = (
        '{ "grants": [ { "grantor": null, "grantee": "Ukraine", "tools": [ "GMLRS", "HIMARS" ], '
        '"status": "granted", "lines": [ 3, 14 ] }, { "grantor": "the \\"Council\\", {sic}", '
        '"grantee": "a, b: [c]", "tools": [], "status": "denied", "lines": [ 7 ] } ], "note": "" }'
    )
    proposals = []
    for end in range(1, len(answer)):
        scaffold = next_keys(answer[:end], plan())
        if scaffold is not None:
            assert answer[end:].startswith(scaffold), (answer[:end], scaffold)
            proposals.append(scaffold)
    # Every key of both items and the root is drafted, whatever the strings hold.
    assert proposals.count(' "grantor":') == 2
    assert proposals.count(', "grantee": "') == 2 and proposals.count(', "status": "') == 2
    assert proposals.count(', "lines": [') == 2 and proposals.count(', "note": "') == 1
    assert ' "grants": [' in proposals


def test_next_keys_proposes_nothing_inside_a_value_or_where_the_answer_may_go_two_ways() -> None:
    grants = plan()
    assert next_keys('{ "grants": [ { "grantor": "Jo', grants) is None  # inside a string
    assert next_keys('{ "grants": [ { "grantor": "Jo", "grantee": "X", "lines": [ 3', grants) is None
    assert next_keys('{ "grants": [ { "grantor": "Jo", "grantee": "X", "tools": [ "A",', grants) is None
    assert (
        next_keys('{ "grants": [ { "grantor": "Jo", "grantee": "X", "tools": [], "status": "a", "lines": [1]', grants)
        is None
    )
    assert next_keys('{"grants": [{"grantor": 12', grants) is None  # a number may go on


def bytes_drafter(length: int = 10) -> JsonDrafter:
    def tokenize(text: bytes) -> Sequence[int]:
        return list(text)

    def detokenize(tokens: Sequence[int]) -> bytes:
        return bytes(tokens)

    return JsonDrafter(tokenize=tokenize, detokenize=detokenize, lookup=PromptLookup(ngram=3, length=3), length=length)


def ids(text: str) -> np.ndarray:
    return np.array(list(text.encode()), dtype=np.intc)


def test_the_drafter_drafts_keys_of_the_answer_and_otherwise_looks_up_the_prompt() -> None:
    prompt = "Who may use HIMARS? Ukraine."
    answer = '{ "grants": [ { "grantor": null, "grantee": "Ukraine",'
    drafter = bytes_drafter(length=10)
    drafter.expect(Grants.model_json_schema())
    drafter.begin(len(prompt.encode()))
    assert bytes(drafter(ids(prompt + answer)).tolist()) == b' "tools": '  # the first 10 tokens
    # Inside a value it copies from the prompt: "Ukr" was followed by "aine".
    assert bytes(drafter(ids(prompt + answer[:-10] + "Ukr")).tolist()) == b"ain"
    # A prompt's own JSON-like text is not the answer: nothing before `begin` counts.
    drafter.begin(len((prompt + answer).encode()))
    assert drafter(ids(prompt + answer)).tolist() == []
    drafter.expect(None)
    drafter.begin(len(prompt.encode()))
    assert drafter(ids(prompt + answer)).tolist() == []
