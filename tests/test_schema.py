import json
from pathlib import Path

from summarizer.models import Brief
from summarizer.schema import brief_schema

PUBLISHED = Path(__file__).resolve().parent.parent / "schemas" / "brief.schema.json"


def test_published_schema_is_current() -> None:
    published = json.loads(PUBLISHED.read_text(encoding="utf-8"))
    assert published == brief_schema(), (
        "schemas/brief.schema.json is stale: run `summarizer schema > schemas/brief.schema.json`"
    )


def test_schema_names_the_contract_fields() -> None:
    schema = brief_schema()
    assert {
        "schema_version",
        "article",
        "headline",
        "summary",
        "event_date",
        "authorisations",
        "exclusions",
        "sources",
        "quotes",
        "usage",
        "grounding",
    } <= set(schema["properties"])
    definitions = schema["$defs"]
    assert {"authoriser", "authorised", "action", "instruments", "scope", "conditions", "status", "evidence"} <= set(
        definitions["Authorisation"]["properties"]
    )
    assert {"text", "start", "end"} <= set(definitions["Evidence"]["properties"])
    assert set(definitions["Source"]["properties"]["kind"]["enum"]) == {
        "media",
        "official",
        "anonymous",
        "document",
        "other",
    }
    assert Brief.model_fields["schema_version"].default == schema["properties"]["schema_version"]["default"]
