"""The published JSON Schema of a Brief."""

from __future__ import annotations

import json
from typing import Any

from summarizer.models import Brief


def brief_schema() -> dict[str, Any]:
    schema = Brief.model_json_schema(mode="serialization")
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}


def brief_schema_json() -> str:
    return json.dumps(brief_schema(), indent=2, ensure_ascii=False) + "\n"
