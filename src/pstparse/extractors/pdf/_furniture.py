"""Running headers, footers and page numbers.

A line near the top or bottom edge of a page is furniture when the same text (digits
ignored) stands at the same height on most pages, or when it is a page number on its own
("Page 3", "3/12", "- 3 -", "3").
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from pstparse.extractors.pdf._geometry import Line
from pstparse.extractors.pdf.thresholds import (
    EDGE_LINES,
    EDGE_SHARE,
    FURNITURE_MAX_WORDS,
    FURNITURE_MIN_PAGES,
    FURNITURE_PAGE_SHARE,
    SAME_HEIGHT,
)

_PAGE_NUMBER = re.compile(
    r"^(?:(?:page|pag\.?|p\.|pg\.?|blz\.?|seite)\s*\d{1,4}(?:\s*(?:/|sur|de|of|van|von)\s*\d{1,4})?"
    r"|\d{1,4}\s*(?:/|sur|de|of)\s*\d{1,4}"
    r"|[-–—]\s*\d{1,4}\s*[-–—]"
    r"|\[?\(?\d{1,4}\)?\]?)$",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class PageLines:
    """The free lines of one page (top to bottom) and the page height."""

    page: int
    height: float
    lines: Sequence[Line]
    skipped: int = 0
    """Lines left out between the first and the last :data:`EDGE_LINES` (see :func:`edges`):
    a line index from ``EDGE_LINES`` on is that many places further on the page."""


def edges(page: int, height: float, lines: Sequence[Line]) -> PageLines:
    """The only lines of a page that may be furniture: its first and last few.

    The whole-document comparison needs these of every page at once; keeping just them
    (not every line of every page) keeps its memory flat in the page count.
    """
    skipped = len(lines) - 2 * EDGE_LINES
    if skipped <= 0:
        return PageLines(page, height, lines)
    return PageLines(page, height, [*lines[:EDGE_LINES], *lines[-EDGE_LINES:]], skipped)


def is_page_number(text: str) -> bool:
    """True for a page number on its own ("Page 3 / 12", "3/12", "- 3 -", "3")."""
    return bool(_PAGE_NUMBER.match(" ".join(text.split())))


def signature(text: str) -> str:
    """Text compared across pages: lower case, digits folded, spaces collapsed."""
    return re.sub(r"\d+", "#", " ".join(text.lower().split()))


def _candidates(page: PageLines) -> list[tuple[str, int]]:
    """(zone, index) of the lines that may be furniture on a page."""
    out: list[tuple[str, int]] = []
    n = len(page.lines)
    for idx in range(min(EDGE_LINES, n)):
        if page.lines[idx].top <= EDGE_SHARE * page.height:
            out.append(("top", idx))
    for idx in range(max(0, n - EDGE_LINES), n):
        if page.lines[idx].bottom >= (1 - EDGE_SHARE) * page.height and ("top", idx) not in out:
            out.append(("bottom", idx))
    return [
        (zone, idx) for zone, idx in out if len(page.lines[idx].text.split()) <= FURNITURE_MAX_WORDS
    ]


def find_furniture(pages: Sequence[PageLines]) -> set[tuple[int, int]]:
    """(page, line index) of every furniture line (index among all the page's lines)."""
    found: set[tuple[int, int]] = set()
    groups: dict[tuple[str, str], list[tuple[int, int, float]]] = defaultdict(list)
    with_text = sum(1 for p in pages if p.lines)
    for page in pages:
        for zone, idx in _candidates(page):
            line = page.lines[idx]
            at = idx if idx < EDGE_LINES else idx + page.skipped
            if is_page_number(line.text):
                found.add((page.page, at))
                continue
            y = line.top if zone == "top" else page.height - line.bottom
            groups[(zone, signature(line.text))].append((page.page, at, y))
    need = max(FURNITURE_MIN_PAGES, math.ceil(FURNITURE_PAGE_SHARE * with_text))
    for members in groups.values():
        if len({m[0] for m in members}) < need:
            continue
        best = _densest(sorted(m[2] for m in members))
        same = [m for m in members if abs(m[2] - best) <= SAME_HEIGHT]
        if len({m[0] for m in same}) >= need:
            found.update((m[0], m[1]) for m in same)
    return found


def _densest(ys: Sequence[float]) -> float:
    """The height with the most occurrences within the tolerance (sorted input, one pass)."""
    best, best_count, lo = ys[0], 0, 0
    for hi, y in enumerate(ys):
        while y - ys[lo] > 2 * SAME_HEIGHT:
            lo += 1
        if hi - lo + 1 > best_count:
            best_count, best = hi - lo + 1, (ys[lo] + y) / 2
    return best
