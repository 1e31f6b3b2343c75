"""The published JSON Schema of a Brief."""

from __future__ import annotations

import json
from typing import Any

from .models import Brief

SCHEMA_ID = "https://github.com/summarizer/summarizer/schemas/brief.schema.json"


def brief_schema() -> dict[str, Any]:
    schema = Brief.model_json_schema(mode="serialization")
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": SCHEMA_ID, **schema}


def brief_schema_json() -> str:
    return json.dumps(brief_schema(), indent=2, ensure_ascii=False) + "\n"
