"""Scoring briefs against hand-made gold.

`gold` reads the annotations (and the tune/report split), `scoring` matches one brief's items to
its gold (with the one-to-one `matching`) and counts, `bootstrap` draws intervals over articles,
and `report` sums a run into the figures `summarizer eval` prints and writes.
"""
