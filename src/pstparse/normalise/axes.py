"""Levels above the OS: whether an "Axe 1 :" / "Volet social" line is a heading.

The words are the label grammar's (``lexicon.labels.parse_axis_heading``); telling a
heading from a sentence that starts with "Le volet…" is interpretation, with the
thresholds of ``evidence``.
"""

from __future__ import annotations

import re

from pstparse.lexicon.labels import parse_axis_heading
from pstparse.normalise.evidence import (
    AXIS_MAX_WORDS,
    AXIS_SENTENCE_WORDS,
    AXIS_UNNUMBERED_MAX_WORDS,
)

# "Volet :" / "Axe –": the first word is followed by a separator, as a heading's is.
_SEPARATED_HEAD = re.compile(r"^\s*\S+\s*[:\-–—]")


def parse_axis(text: str) -> tuple[str | None, str] | None:
    """ "Axe 2 : Cadre de vie" → ("2", "Cadre de vie"): a level above the OS (axe, volet,
    pilier, pôle, domaine), written as a heading of its own; else None.

    Only a candidate: the normaliser takes it as a level above the OS where the document
    labels its OS (an "Axe" column of a table may be the OS level itself).
    """
    axis = parse_axis_heading(text)
    if axis is None:
        return None
    code, _ = axis
    words = len(text.split())
    if (
        words > AXIS_MAX_WORDS
        or (words > AXIS_SENTENCE_WORDS and text.rstrip().endswith("."))
        or (code is None and not _SEPARATED_HEAD.match(text) and words > AXIS_UNNUMBERED_MAX_WORDS)
    ):
        return None  # a sentence that starts with "Le volet…"
    return axis
