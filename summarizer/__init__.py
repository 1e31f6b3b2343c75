"""Grounded structured briefs from news articles."""

from .client import ConfigurationError, Engine, Settings, build_engine
from .models import Article, Authorisation, Brief, Evidence, Exclusion, Quote, Source
from .pipeline import SummarizeError, UngroundedBriefError, asummarize, summarize

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
