"""The README cannot rot: its CLI reference, its Python snippet, and the acyclic imports docs/architecture.md states.

- Every subcommand and every long option of the `summarizer` parser appears in the README's
  "Command line" section (as sqlite-utils checks its docs against its CLI).
- The first ```python block of the README runs as written, from the repository root, with the
  model endpoint configured in the environment: the fake endpoint of tests/fakellm.py.
- The module-level imports between the package's modules form no cycle.
"""

from __future__ import annotations

import argparse
import ast
import contextlib
import dataclasses
import graphlib
import importlib
import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fakellm import API_KEY, FAST_RETRY, JUDGE, FakeLLM

import summarizer
import summarizer.backends
import summarizer.extract.pipeline
from summarizer import cli
from summarizer.backends import Engine
from summarizer.config import Settings

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
PACKAGE = Path(summarizer.__file__).resolve().parent


def readme() -> str:
    return README.read_text(encoding="utf-8")


def section(text: str, heading: str) -> str:
    """The body of the `## heading` section, up to the next `## ` heading."""
    match = re.search(rf"^## {re.escape(heading)}\n(.*?)(?=^## |\Z)", text, re.MULTILINE | re.DOTALL)
    assert match, f"README.md has no '## {heading}' section"
    return match.group(1)


# --------------------------------------------------------------------------- the CLI reference


def subcommands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    found: dict[str, argparse.ArgumentParser] = {}
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            found.update(action.choices)
    return found


def long_options(parser: argparse.ArgumentParser) -> set[str]:
    return {
        option
        for action in parser._actions
        for option in action.option_strings
        if option.startswith("--") and option != "--help"
    }


def test_the_parser_is_walked() -> None:
    """Guard the walk itself: a parser built another way must not make the next test vacuous."""
    commands = subcommands(cli.parser())
    assert {"summarize", "batch", "briefing", "eval", "schema", "text", "model"} <= set(commands)
    assert {"--out", "--jsonl", "--force"} <= long_options(commands["batch"])


def test_every_command_and_option_is_in_the_readme() -> None:
    reference = section(readme(), "Command line")
    missing: list[str] = []
    for name, parser in subcommands(cli.parser()).items():
        if not re.search(rf"summarizer {re.escape(name)}(?![\w-])", reference):
            missing.append(f"summarizer {name}")
        for option in sorted(long_options(parser)):
            # Whole option only: `--model` must not be satisfied by `--model-path`.
            if not re.search(rf"(?<![\w-]){re.escape(option)}(?![\w-])", reference):
                missing.append(f"summarizer {name} {option}")
    assert not missing, f"not in README.md's 'Command line' section: {', '.join(missing)}"


# --------------------------------------------------------------------------- the Python snippet


def python_snippet() -> str:
    match = re.search(r"^```python\n(.*?)^```", readme(), re.MULTILINE | re.DOTALL)
    assert match, "README.md has no ```python block"
    return match.group(1)


def run_snippet(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Run the snippet as written, from the repository root (its paths are relative to it); what it printed."""
    monkeypatch.chdir(ROOT)
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(compile(python_snippet(), str(README), "exec"), {"__name__": "readme_snippet"})
    return printed.getvalue().splitlines()


def use_fake_endpoint(monkeypatch: pytest.MonkeyPatch, fake: FakeLLM) -> None:
    """Configure the endpoint through the environment, as a user would; every engine talks to `fake`."""
    for name in (
        "SUMMARIZER_BACKEND",
        "SUMMARIZER_PASSES",
        "SUMMARIZER_MODE",
        "SUMMARIZER_MODEL_PATH",
        "SUMMARIZER_MIN_CONFIDENCE",
        "SUMMARIZER_CHECK_DECISIONS",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("OPENAI_BASE_URL", "http://fake-llm.test/v1")
    monkeypatch.setenv("OPENAI_API_KEY", API_KEY)
    monkeypatch.setenv("SUMMARIZER_MODEL", "fake-model")
    real_build_engine = summarizer.backends.build_engine

    def fake_build_engine(settings: Settings | None = None, **_: Any) -> Engine:
        settings = settings or Settings.from_env()
        assert settings.resolved_backend() == "openai", "the snippet must not load the embedded model here"
        transport = httpx.MockTransport(fake.handle)
        return real_build_engine(
            dataclasses.replace(settings, retry=FAST_RETRY),
            http_client=httpx.Client(transport=transport),
            async_http_client=httpx.AsyncClient(transport=transport),
        )

    # Every name the snippet or the pipeline may reach `build_engine` by.
    monkeypatch.setattr(summarizer, "build_engine", fake_build_engine)
    monkeypatch.setattr(summarizer.backends, "build_engine", fake_build_engine)
    monkeypatch.setattr(summarizer.extract.pipeline, "build_engine", fake_build_engine)


def test_the_readme_python_snippet_runs_as_written(monkeypatch: pytest.MonkeyPatch) -> None:
    fake = FakeLLM.from_fixture("seed")
    use_fake_endpoint(monkeypatch, fake)
    lines = run_snippet(monkeypatch)
    assert lines[0] == "US lets Ukraine strike Russia with GMLRS and HIMARS, but not ATACMS"
    assert "not covered: ATACMS long-range surface-to-surface missiles (confidence 0.9)" in lines
    assert lines[-1] == "authorised: Ukraine"
    # Both summaries went to the fake endpoint, each with its yes/no checks.
    assert len(fake.extraction_requests) == 2
    assert len(fake.requests) > 2


def test_the_readme_python_snippet_prints_unverified_decisions(monkeypatch: pytest.MonkeyPatch) -> None:
    """With a check that says "no", the snippet's `unverified` loop prints the decisions set aside."""
    fake = FakeLLM.from_fixture("seed")
    fake.queues[JUDGE] = [0.1]
    use_fake_endpoint(monkeypatch, fake)
    lines = run_snippet(monkeypatch)
    assert not any(line.startswith("not covered:") for line in lines)
    assert any(line.startswith("unverified exclusions: the check gave confidence 0.10") for line in lines)
    assert any(line.startswith("unverified authorisations:") for line in lines)
    assert lines[-1] == "authorised: "


# --------------------------------------------------------------------------- no import cycle


def module_names() -> dict[str, Path]:
    """Every module of the package by dotted name, from its files."""
    names: dict[str, Path] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        names[".".join(parts)] = path
    return names


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def module_level_imports(body: list[ast.stmt]) -> Iterator[ast.Import | ast.ImportFrom]:
    """Imports run when the module is imported: not in functions or classes, not under TYPE_CHECKING."""
    for statement in body:
        if isinstance(statement, ast.Import | ast.ImportFrom):
            yield statement
        elif isinstance(statement, ast.If):
            if not _is_type_checking(statement.test):
                yield from module_level_imports(statement.body)
            yield from module_level_imports(statement.orelse)
        elif isinstance(statement, ast.Try):
            for block in (statement.body, statement.orelse, statement.finalbody):
                yield from module_level_imports(block)
            for handler in statement.handlers:
                yield from module_level_imports(handler.body)
        elif isinstance(statement, ast.With):
            yield from module_level_imports(statement.body)


def imported_modules(name: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """The package's modules that `name` imports at module level (`from a import b` counts a.b if a module)."""
    package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    found: set[str] = set()
    for statement in module_level_imports(ast.parse(path.read_text(encoding="utf-8")).body):
        if isinstance(statement, ast.Import):
            found.update(alias.name for alias in statement.names)
            continue
        base = statement.module or ""
        if statement.level:
            anchor = package[: len(package) - (statement.level - 1)]
            base = ".".join([*anchor, *([statement.module] if statement.module else [])])
        for alias in statement.names:
            found.add(f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base)
    return {module for module in found if module in modules and module != name}


def import_graph() -> dict[str, set[str]]:
    modules = module_names()
    return {name: imported_modules(name, path, modules) for name, path in modules.items()}


def test_every_module_imports() -> None:
    for name in module_names():
        if name != "summarizer.__main__":  # running it is running the CLI
            importlib.import_module(name)


def test_the_graph_sees_the_imports() -> None:
    """Guard the graph itself: known edges are found, so an empty graph cannot pass the next test."""
    graph = import_graph()
    assert "summarizer.backends" in graph["summarizer.extract.pipeline"]
    assert "summarizer.models" in graph["summarizer.io.loaders"]
    # Imported inside build_engine, not at module level.
    assert "summarizer.backends.openai" not in graph["summarizer.backends"]


def test_there_is_no_import_cycle() -> None:
    try:
        tuple(graphlib.TopologicalSorter(import_graph()).static_order())
    except graphlib.CycleError as error:
        pytest.fail(f"import cycle: {' -> '.join(error.args[1])}")
