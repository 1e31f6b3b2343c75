"""Prompt templates from `prompts/`, and the messages built from them.

The article reaches a template only as a variable, so braces or `{% %}` in an
article are printed, never executed. The system prompt and the numbered
article come first and are the same for every pass over one article, so a
local llama.cpp model reuses their KV cache and a hosted API its prompt cache.
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from summarizer.models import Article
from summarizer.text.sentences import Sentence, numbered

_PACKAGE = Path(__file__).resolve().parent.parent


@cache
def prompts_dir() -> Path:
    # In a wheel the templates are packaged beside the code; in a checkout they sit at the top level.
    for candidate in (_PACKAGE / "prompts", _PACKAGE.parent / "prompts"):
        if (candidate / "VERSION").is_file():
            return candidate
    raise FileNotFoundError(f"prompt templates not found beside {_PACKAGE}")


@cache
def _environment(directory: Path) -> Environment:
    return Environment(
        loader=FileSystemLoader(directory),
        undefined=StrictUndefined,
        autoescape=False,
        keep_trailing_newline=False,
        # Templates are read once per process, as `prompt_version` is: a template edited during a run
        # cannot go out under the version of the old one, and no render pays a stat() per template.
        auto_reload=False,
    )


@cache
def prompt_version(directory: Path | None = None) -> str:
    """The declared version plus a digest of every template, so any edit changes the resume key."""
    directory = directory or prompts_dir()
    declared = (directory / "VERSION").read_text(encoding="utf-8").strip()
    digest = hashlib.sha256()
    for path in sorted(directory.glob("*.j2")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return f"{declared}+{digest.hexdigest()[:8]}"


def render(name: str, directory: Path | None = None, **variables: object) -> str:
    template = _environment(directory or prompts_dir()).get_template(name)
    return template.render(**variables).strip()


def article_message(article: Article, sentences: list[Sentence], directory: Path | None = None) -> str:
    # A literal closing tag inside the article would end the data block early.
    shown = numbered(sentences).replace("</article>", "<\\/article>")
    return render(
        "article.j2",
        directory,
        title=article.title,
        source=article.source,
        published=article.published.isoformat() if article.published else None,
        numbered_text=shown,
    )


@cache
def _system(directory: Path | None) -> str:
    # The same for every request of the process, and templates are read once per process anyway.
    return render("system.j2", directory)


def prefix(article: Article, sentences: list[Sentence], directory: Path | None = None) -> list[dict[str, str]]:
    """The system prompt and the numbered article: the same for every pass and check of one article."""
    return [
        {"role": "system", "content": _system(directory)},
        {"role": "user", "content": article_message(article, sentences, directory)},
    ]


def task(template: str, directory: Path | None = None, **variables: object) -> dict[str, str]:
    """The question that follows the prefix."""
    return {"role": "user", "content": render(template, directory, **variables)}
