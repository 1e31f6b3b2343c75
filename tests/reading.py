"""How the reading tests read their sentences: one sentence alone (`read`, `shown`) or a text of
several (`readings`), each decision as (kind, granter, receiver, action)."""

from __future__ import annotations

from summarizer.text.decisions import Reading, read_decisions, read_sentence
from summarizer.text.sentences import split_sentences

Shown = tuple[str, str | None, str | None, str]


def read(text: str) -> list[Reading]:
    """The decisions of the first sentence of `text`."""
    return read_sentence(split_sentences(text)[0])


def shown(text: str) -> list[Shown]:
    """`read`, each decision as (kind, granter, receiver, action)."""
    return [(r.kind, r.granter, r.receiver, r.action) for r in read(text)]


def readings(text: str) -> list[Shown]:
    """The decisions of every sentence of `text`, as (kind, granter, receiver, action)."""
    return [(r.kind, r.granter, r.receiver, r.action) for r in read_decisions(split_sentences(text))]
