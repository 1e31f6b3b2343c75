"""The published data model: what goes in (Article) and what comes out (Brief).

Offsets in every `Evidence` are character offsets into `Article.text` (Python
string indices), filled by code in `extract/ground.py` and never taken from a model.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = "1.2"

AuthorisationStatus = Literal["granted", "confirmed", "reported", "requested", "denied", "revoked"]
SourceKind = Literal["media", "official", "anonymous", "document", "other"]


class Article(BaseModel):
    """One article as loaded from disk or handed in by a caller."""

    model_config = ConfigDict(frozen=True)

    text: str
    id: str = Field(default="", description="Stable identifier; the file stem when loaded from a file.")
    title: str | None = None
    source: str | None = Field(default=None, description="The outlet that published the article.")
    url: str | None = None
    published: dt.date | None = Field(default=None, description="Only when the file or its metadata states it.")
    path: str | None = None

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()


class Evidence(BaseModel):
    """A verbatim span of the article: `article.text[start:end] == text`."""

    text: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)


class ArticleInfo(BaseModel):
    id: str
    title: str | None = None
    source: str | None = None
    url: str | None = None
    published: dt.date | None = None
    path: str | None = None
    sha256: str
    chars: int


# For a decision the model wrote or found, the probability, from a yes/no check answered by the model,
# that the item's own sentences state it as a decision, rule or limit (None where no check was asked);
# for one code read, the estimated chance that it is right (`extract.calibration`).
Confidence = Annotated[float | None, Field(ge=0.0, le=1.0)]
# Who found a decision: code, off the shape of its sentence, or the model. The model's finds must
# pass the check with a high enough confidence to be shown (`config.DEFAULT_MIN_CONFIDENCE`).
ReadBy = Annotated[
    Literal["code", "model"],
    Field(description="Who found it: code, from the wording of its sentence, or the model."),
]


class Authorisation(BaseModel):
    authoriser: str | None = Field(description="Who gave the permission, as named in the article.")
    authorised: str = Field(description="Who received the permission.")
    action: str = Field(description="What the authorised party may do.")
    instruments: list[str] = Field(
        default_factory=list, description="Weapons, tools, funds or legal instruments named."
    )
    scope: str | None = Field(default=None, description="Where, against what, or how far the permission reaches.")
    conditions: str | None = Field(default=None, description="Conditions or limits attached to it.")
    status: AuthorisationStatus = "reported"
    evidence: list[Evidence] = Field(default_factory=list)
    confidence: Confidence = None
    read_by: ReadBy = "model"


class Exclusion(BaseModel):
    what: str = Field(description="What is explicitly not allowed or not covered.")
    applies_to: str | None = Field(default=None, description="Which authorisation or policy it limits, when known.")
    stated_by: str | None = None
    evidence: list[Evidence] = Field(default_factory=list)
    confidence: Confidence = None
    read_by: ReadBy = "model"


class Source(BaseModel):
    name: str
    kind: SourceKind = "other"
    via: str | None = Field(
        default=None, description="Whom this source cites or is cited by, e.g. WSJ citing unnamed officials."
    )
    evidence: list[Evidence] = Field(default_factory=list)


class Quote(BaseModel):
    speaker: str | None = None
    speaker_role: str | None = None
    text: str = Field(description="The exact words, as they stand in the article.")
    span: Evidence


class UnverifiedItem(BaseModel):
    """A decision the check did not confirm: kept for the record, never shown as fact."""

    section: Literal["authorisations", "exclusions"]
    reason: str
    authorisation: Authorisation | None = None
    exclusion: Exclusion | None = None


class DroppedItem(BaseModel):
    """An item the model produced that could not be grounded, kept out of the Brief."""

    section: str
    item: dict[str, object]
    reason: str


class GroundingReport(BaseModel):
    verified: int = Field(default=0, description="Items whose every span was located in the article.")
    dropped: list[DroppedItem] = Field(default_factory=list)
    failed_passes: list[str] = Field(
        default_factory=list, description="Extraction passes that produced nothing usable."
    )


class Usage(BaseModel):
    model: str = ""
    backend: str = ""
    requests: int = Field(default=0, description="Model calls, re-asks included.")
    attempts: int = Field(default=0, description="Re-asks plus first asks, over all passes.")
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cached_prompt_tokens: int = 0
    seconds: float = 0.0
    # Optional with a None default: briefs written before it existed still load.
    cost_usd: float | None = Field(
        default=None,
        description="US dollars at the model's list price (summarizer/backends/pricing.py, or SUMMARIZER_PRICES), "
        "Batch API discount included; null for a model without a known price and for the embedded model.",
    )


class Brief(BaseModel):
    schema_version: str = SCHEMA_VERSION
    prompt_version: str
    article: ArticleInfo
    headline: str
    summary: str
    event_date: dt.date | None = Field(default=None, description="Only when the article or its metadata states it.")
    event_date_evidence: Evidence | None = None
    authorisations: list[Authorisation] = Field(default_factory=list)
    exclusions: list[Exclusion] = Field(default_factory=list)
    sources: list[Source] = Field(default_factory=list)
    quotes: list[Quote] = Field(default_factory=list)
    unverified: list[UnverifiedItem] = Field(
        default_factory=list,
        description="Authorisations and exclusions below the confidence threshold, with the reason.",
    )
    grounding: GroundingReport = Field(default_factory=GroundingReport)
    usage: Usage = Field(default_factory=Usage)


def article_info(article: Article) -> ArticleInfo:
    return ArticleInfo(
        id=article.id,
        title=article.title,
        source=article.source,
        url=article.url,
        published=article.published,
        path=article.path,
        sha256=article.sha256,
        chars=len(article.text),
    )
