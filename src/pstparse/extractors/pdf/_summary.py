"""What the whole-document passes of the PDF extractor need of one page, kept small.

Running headers and footers, the hyphenation vocabulary, the usual line gap and the
right margins are decided over every page before any page is laid out. A long
document's pages are packed as soon as they are read (see ``PageData.pack``); their
summary is taken first, so the statistics never unpack a page.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import NamedTuple

from pstparse.extractors.pdf._furniture import PageLines, edges
from pstparse.extractors.pdf._geometry import Line
from pstparse.extractors.pdf._tables import PageTable
from pstparse.extractors.pdf._text import gap_ratios


class Box(NamedTuple):
    """What the line-gap and margin statistics need of a free line."""

    top: float
    bottom: float
    size: float
    x1: float


@dataclass(frozen=True, slots=True)
class PageSummary:
    """One page's share of the whole-document statistics."""

    texts: tuple[str, ...]
    """Text of every line, free or in a table (furniture included), for the vocabulary."""
    edges: PageLines
    """The page's first and last free lines (the only ones that may be furniture)."""
    boxes: tuple[Box, ...]
    """Every free line, top to bottom (gaps and margins are measured once furniture is
    known)."""
    cell_ratios: tuple[float, ...]
    """Line gaps inside table cells (see :func:`gap_ratios`)."""


def summarise(
    number: int,
    height: float,
    lines: Sequence[Line],
    tables: Sequence[PageTable],
    slim: bool = False,
) -> PageSummary:
    """The page's summary; ``slim`` keeps its edge lines without their words (for a page
    that is packed, whose summary outlives its records)."""
    texts = [ln.text for ln in lines]
    ratios: list[float] = []
    for table in tables:
        for cell in table.cells:
            texts.extend(ln.text for ln in cell.lines)
            ratios.extend(gap_ratios(cell.lines))
    edge = edges(number, height, lines)
    if slim:
        edge = PageLines(
            edge.page, edge.height, [replace(ln, words=()) for ln in edge.lines], edge.skipped
        )
    return PageSummary(
        tuple(texts),
        edge,
        tuple(Box(ln.top, ln.bottom, ln.size, ln.x1) for ln in lines),
        tuple(ratios),
    )
