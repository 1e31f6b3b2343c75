"""The wheel carries what the code loads at run time: prompts, the JSON Schema and the briefing template."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def test_wheel_ships_prompts_schema_and_templates(tmp_path: Path) -> None:
    pytest.importorskip("hatchling")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            str(ROOT),
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path),
        ],
        check=True,
        capture_output=True,
    )
    [wheel] = tmp_path.glob("summarizer-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    prompts = {f"summarizer/prompts/{p.name}" for p in (ROOT / "prompts").iterdir()}
    assert prompts <= names
    assert "summarizer/schemas/brief.schema.json" in names
    assert "summarizer/templates/briefing.md.j2" in names
    assert "summarizer/py.typed" in names
    assert not any(name.startswith(("tests/", "examples/")) for name in names)
