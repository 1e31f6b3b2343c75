"""Grounded structured briefs from news articles."""

from summarizer.backends import Engine, build_engine
from summarizer.config import Settings
from summarizer.errors import ConfigurationError, SummarizeError, UngroundedBriefError
from summarizer.extract.pipeline import asummarize, summarize
from summarizer.models import Article, Authorisation, Brief, Evidence, Exclusion, Quote, Source

__all__ = [
    "Article",
    "Authorisation",
    "Brief",
    "ConfigurationError",
    "Engine",
    "Evidence",
    "Exclusion",
    "Quote",
    "Settings",
    "Source",
    "SummarizeError",
    "UngroundedBriefError",
    "asummarize",
    "build_engine",
    "summarize",
]
