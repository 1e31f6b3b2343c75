"""The daily Markdown briefing built from many Briefs."""

from summarizer.briefing.render import render_briefing

__all__ = ["render_briefing"]
