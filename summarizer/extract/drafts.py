"""What the model fills in for each item: names, a few words, and the numbers of the sentences that state it.

The model never writes offsets and rarely copies text: it cites sentence numbers, and code
(`extract.ground`) turns them into spans.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from summarizer.models import (
    AuthorisationStatus,
    SourceKind,
)

MAX_ITEMS = 8
# A small model asked for a list loops until max_tokens; a cap in the schema ends the list.
MAX_SENTENCES = 4
SENTENCES_FIELD: Any = Field(
    default_factory=list,
    max_length=MAX_SENTENCES,
    description=f"Numbers of the article sentences [n] that state this item (at most {MAX_SENTENCES}).",
)


# ---------------------------------------------------------------------------
# What the model returns
# ---------------------------------------------------------------------------


class DraftAuthorisation(BaseModel):
    # "granted_by"/"granted_to" rather than "authoriser"/"authorised": a small model mixes up the latter pair.
    # Required though nullable: under a grammar an optional key is simply left out, and a small model
    # then never says who gave the permission.
    granted_by: str | None = Field(description="Who gave the permission, named as in the article; null if unstated.")
    granted_to: str = Field(description="Who received the permission and may now act, named as in the article.")
    action: str = Field(description="What they may now do, in a few words.")
    instruments: list[str] = Field(
        default_factory=list, max_length=MAX_ITEMS, description="Weapons, tools or means named for it."
    )
    scope: str | None = Field(default=None, description="Where, against what, or how far it reaches.")
    conditions: str | None = Field(default=None, description="Conditions or limits attached.")
    status: AuthorisationStatus = "reported"
    sentences: list[int] = SENTENCES_FIELD


class DraftExclusion(BaseModel):
    what: str = Field(description="The thing explicitly not allowed or not covered, named as in the article.")
    applies_to: str | None = Field(default=None, description="The permission or policy it limits.")
    stated_by: str | None = Field(default=None, description="Who states the exclusion, if the article says.")
    sentences: list[int] = SENTENCES_FIELD


class DraftSource(BaseModel):
    # No "via": models filled it with the prompt's own example or with "article" far more often than
    # with a relation the article states, and each item paid tokens for it. Code derives it instead
    # (`_link_outlets`) from the sentences two sources share.
    name: str = Field(description="The outlet, official, agency or document, named as in the article.")
    kind: SourceKind = "other"
    sentences: list[int] = SENTENCES_FIELD


class DraftQuote(BaseModel):
    speaker: str | None = Field(default=None, description="Who said it, named as in the article.")
    speaker_role: str | None = Field(default=None, description="The speaker's title or role, if stated.")
    text: str = Field(description="The speaker's exact words, copied character for character, without '...'.")
