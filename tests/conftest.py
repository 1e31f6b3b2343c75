from __future__ import annotations

from pathlib import Path

import pytest

from summarizer.io.loaders import load_file
from summarizer.models import Article

ARTICLES = Path(__file__).parent / "fixtures" / "articles"
SEED = ARTICLES / "2024-05-31-us-allows-ukraine-strikes.txt"


@pytest.fixture
def seed_article() -> Article:
    return load_file(SEED)[0]


def article(stem: str) -> Article:
    path = next(ARTICLES.glob(f"{stem}.*t*"))
    return load_file(path)[0]
