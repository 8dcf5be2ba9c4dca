"""Words and lines: the small geometric records the PDF extractor works with.

pdfplumber's dictionaries are turned into these frozen records as soon as a page is read,
so that nothing of pdfplumber's per-page caches has to stay alive after the page is closed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from operator import attrgetter
from typing import Any

from pstparse.extractors.pdf.thresholds import LINE_OVERLAP, LINE_STYLE_SHARE, WORD_SPACE_GAP
from pstparse.lexicon.marks import BULLETS

BBox = tuple[float, float, float, float]
"""x0, top, x1, bottom in PDF points, origin at the top left of the page."""

_BOLD = re.compile(r"bold|black|heavy|semibold|demibold|demi|extrabold|ultrabold|[,-]b$", re.I)
_ITALIC = re.compile(r"italic|oblique|[,-]i$|-it$", re.I)

# Symbol/Wingdings bullets are drawn from the private-use area (U+F0xx); map the usual ones
# back to the character they show so that ``list_marker`` is readable.
_PUA_BULLETS = {
    "\uf0b7": "•",
    "\uf0a7": "▪",
    "\uf06e": "■",
    "\uf0a8": "◦",
    "\uf06f": "o",
    "\uf0d8": "➢",
    "\uf0e0": "→",
    "\uf0fc": "✓",
    "\uf076": "❖",
    "\uf0f0": "⇨",
    "\uf02d": "-",
    "\uf0be": "—",
}


def is_private_use(ch: str) -> bool:
    """True for a private-use character (how symbol-font bullets often come out)."""
    return len(ch) == 1 and 0xE000 <= ord(ch) <= 0xF8FF


def bullet_symbol(token: str) -> str | None:
    """The bullet a token stands for, or None when the token is not a lone bullet."""
    if len(token) != 1:
        return None
    if token in _PUA_BULLETS:
        return _PUA_BULLETS[token]
    if is_private_use(token):
        return "•"
    return token if token in BULLETS else None


def is_bold_font(fontname: str) -> bool:
    """Guess boldness from a PDF font name ("ABCDEF+Arial-BoldMT")."""
    return bool(_BOLD.search(fontname.split("+", 1)[-1]))


def is_italic_font(fontname: str) -> bool:
    """Guess italics from a PDF font name."""
    return bool(_ITALIC.search(fontname.split("+", 1)[-1]))


@dataclass(frozen=True, slots=True)
class Word:
    """One word as pdfplumber saw it, with the typography of its first character."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool = False
    italic: bool = False

    @property
    def cx(self) -> float:
        """Horizontal centre."""
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        """Vertical centre."""
        return (self.top + self.bottom) / 2

    def __reduce__(self) -> tuple[type[Word], tuple[Any, ...]]:
        # Long documents' pages are pickled between the PDF reader's passes (see
        # PageData.pack); the dataclass default (a state built from fields() for every
        # word) took most of that time.
        return (
            Word,
            (self.text, self.x0, self.x1, self.top, self.bottom, self.size, self.bold, self.italic),
        )

    @classmethod
    def from_plumber(cls, w: dict[str, Any]) -> Word:
        """Build from a pdfplumber word dictionary (extracted with fontname and size)."""
        fontname = str(w.get("fontname", ""))
        size = float(w.get("size") or (w["bottom"] - w["top"]) or 1.0)
        return cls(
            text=str(w["text"]),
            x0=float(w["x0"]),
            x1=float(w["x1"]),
            top=_shared(float(w["top"])),
            bottom=_shared(float(w["bottom"])),
            size=_shared(size),
            bold=is_bold_font(fontname),
            italic=is_italic_font(fontname),
        )


_FLOATS: dict[float, float] = {}
_FLOATS_MAX = 1 << 16


def _shared(value: float) -> float:
    """One float object per value: the words of a line share their top, bottom and size.

    Every word of a document is kept until its layout is done, and a float object costs
    24 bytes; sharing equal values saves about a quarter of the memory a word takes.
    """
    shared = _FLOATS.get(value)
    if shared is None:
        if len(_FLOATS) >= _FLOATS_MAX:
            _FLOATS.clear()
        _FLOATS[value] = shared = value
    return shared


@dataclass(frozen=True, slots=True)
class Line:
    """Words sharing a baseline, left to right, with their joined text and typography."""

    words: tuple[Word, ...]
    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    size: float
    """The font size carrying most characters."""
    bold: bool
    """True when most characters are bold."""
    italic: bool

    @classmethod
    def of(cls, words: Sequence[Word]) -> Line:
        """A line from words already sorted left to right."""
        # One pass for what min(), max(), the character shares and join_words would give
        # (a line is made for every line and every cell part of a page). Characters are
        # counted by exact size first and rounded per distinct size after: the words of
        # a line mostly share one size, so this rounds once, not once a word.
        by_size: dict[float, int] = {}
        parts: list[str] = []
        first = words[0]
        x0, top, x1, bottom = first.x0, first.top, first.x1, first.bottom
        chars = bold = italic = 0
        prev_x1 = prev_size = 0.0
        for i, w in enumerate(words):
            text = w.text
            n = len(text)
            size = w.size
            by_size[size] = by_size.get(size, 0) + n
            chars += n
            if w.bold:
                bold += n
            if w.italic:
                italic += n
            wx0, wx1 = w.x0, w.x1
            if wx0 < x0:
                x0 = wx0
            if w.top < top:
                top = w.top
            if wx1 > x1:
                x1 = wx1
            if w.bottom > bottom:
                bottom = w.bottom
            # join_words's spacing rule, inlined: this loop runs for every word of a page.
            if i and wx0 - prev_x1 > WORD_SPACE_GAP * min(prev_size, size):
                parts.append(" ")
            parts.append(text)
            prev_x1, prev_size = wx1, size
        if len(by_size) == 1:
            line_size = round(size, 1)
        else:
            weights: dict[float, int] = {}
            for raw, count in by_size.items():
                key = round(raw, 1)
                weights[key] = weights.get(key, 0) + count
            line_size = max(weights.items(), key=lambda kv: (kv[1], kv[0]))[0]
        chars = chars or 1
        return cls(
            words=tuple(words),
            text="".join(parts),
            x0=x0,
            top=top,
            x1=x1,
            bottom=bottom,
            size=line_size,
            bold=bold / chars >= LINE_STYLE_SHARE,
            italic=italic / chars >= LINE_STYLE_SHARE,
        )

    @property
    def bbox(self) -> BBox:
        """x0, top, x1, bottom."""
        return (self.x0, self.top, self.x1, self.bottom)

    def __reduce__(self) -> tuple[type[Line], tuple[Any, ...]]:
        # See Word.__reduce__.
        return (
            Line,
            (
                self.words,
                self.text,
                self.x0,
                self.top,
                self.x1,
                self.bottom,
                self.size,
                self.bold,
                self.italic,
            ),
        )


def join_words(words: Sequence[Word]) -> str:
    """Text of words on one line, a space wherever the page shows a gap."""
    parts: list[str] = []
    prev: Word | None = None
    for w in words:
        # A real space, not a font change inside a word ("**OS**1": no gap).
        if prev is not None and w.x0 - prev.x1 > WORD_SPACE_GAP * min(prev.size, w.size):
            parts.append(" ")
        parts.append(w.text)
        prev = w
    return "".join(parts)


MAX_PAGE_WORDS = 10_000
"""Words kept of one page, in the order they are drawn (a dense page has about 1,000).

Whatever reads the characters (pdfminer's device applies its own cap,
``_reader.MAX_PAGE_CHARS``), this bounds the geometry work of a page: a single line of
a million characters would otherwise cost seconds per pass over its words."""


def cap_words(words: list[Word]) -> tuple[list[Word], bool]:
    """The first :data:`MAX_PAGE_WORDS` words of a page, and whether any were left out
    (the reader records a warning finding for the page)."""
    if len(words) <= MAX_PAGE_WORDS:
        return words, False
    return words[:MAX_PAGE_WORDS], True


def _centre_then_left(w: Word) -> tuple[float, float]:
    # Word.cy without the property call: the sort runs once per word of a page.
    return ((w.top + w.bottom) / 2, w.x0)


_left = attrgetter("x0")


def _line_groups(words: Iterable[Word]) -> list[list[Word]]:
    """The words of each line (see :func:`group_lines`), each sorted left to right, in
    the order the lines are found (by vertical centre)."""
    ordered = sorted(words, key=_centre_then_left)
    groups: list[list[Word]] = []
    cur: list[Word] = []
    top = bottom = 0.0
    for w in ordered:
        w_top, w_bottom = w.top, w.bottom
        if cur:
            overlap = min(bottom, w_bottom) - max(top, w_top)
            if overlap >= LINE_OVERLAP * min(bottom - top, w_bottom - w_top):
                cur.append(w)
                if w_top < top:
                    top = w_top
                if w_bottom > bottom:
                    bottom = w_bottom
                continue
            cur.sort(key=_left)
            groups.append(cur)
        cur = [w]
        top, bottom = w_top, w_bottom
    if cur:
        cur.sort(key=_left)
        groups.append(cur)
    return groups


def _top_then_left(line: Line) -> tuple[float, float]:
    return (line.top, line.x0)


def group_lines(words: Iterable[Word]) -> list[Line]:
    """Group words into lines (top to bottom), each sorted left to right.

    A word joins the current line when it overlaps it vertically by at least half of the
    smaller height, so superscripts and mixed sizes stay on their line. Sorting first keeps
    this O(n log n).
    """
    lines = [Line.of(group) for group in _line_groups(words)]
    lines.sort(key=_top_then_left)
    return lines


def regroup(lines: Sequence[Line]) -> list[Line]:
    """:func:`group_lines` of the words of ``lines``, reusing each of ``lines`` that comes
    out unchanged (the same words in the same order).

    A cell of a table without rules is made of parts of page lines; grouping its words
    again mostly gives those parts back, and a :class:`Line` is a function of its words
    (:meth:`Line.of`), so a part found again is the line that would be made.
    """
    if _stacked(lines):
        return list(lines)
    known = {id(line.words[0]): line for line in lines if line.words}
    out: list[Line] = []
    for group in _line_groups(w for line in lines for w in line.words):
        line = known.get(id(group[0]))
        if (
            line is None
            or len(line.words) != len(group)
            or any(a is not b for a, b in zip(line.words, group, strict=True))
        ):
            line = Line.of(group)
        out.append(line)
    out.sort(key=_top_then_left)
    return out


def _stacked(lines: Sequence[Line]) -> bool:
    """True when :func:`group_lines` of the words of ``lines`` gives ``lines`` back as
    they are, which is plain without sorting when each line's words share one top and
    bottom (a line of one font) and stand left to right, and each line lies clearly
    below the one before.

    Then the words come out line by line in :func:`_line_groups`' order (centres
    increase from line to line), every word of a line overlaps its line fully, the first
    word of the next line overlaps too little to join, and the lines are already in
    :func:`group_lines`' final order. Anything else is left to the full grouping.
    """
    # Every test is written so that a NaN coordinate fails it (and goes the long way).
    prev: Line | None = None
    prev_cy = 0.0
    for line in lines:
        words = line.words
        if not words:
            return False
        top, bottom = words[0].top, words[0].bottom
        if not bottom >= top:
            return False
        x0 = words[0].x0
        for w in words:
            if not (w.top == top and w.bottom == bottom and w.x0 >= x0):
                return False
            x0 = w.x0
        cy = (top + bottom) / 2
        if prev is not None:
            below = top > prev.top or (top == prev.top and line.x0 >= prev.x0)
            if not (cy > prev_cy and below):
                return False
            overlap = min(prev.bottom, bottom) - max(prev.top, top)
            if not overlap < LINE_OVERLAP * min(prev.bottom - prev.top, bottom - top):
                return False
        prev, prev_cy = line, cy
    return True


def union_bbox(boxes: Iterable[BBox]) -> BBox:
    """The smallest box holding all the boxes (ValueError when there is none)."""
    # One pass, comparing as min() and max() do (the first of equal values is kept):
    # this runs for every wrapped line of every paragraph.
    it = iter(boxes)
    first = next(it, None)
    if first is None:
        raise ValueError("union_bbox() of no box")
    x0, top, x1, bottom = first
    for a, b, c, d in it:
        if a < x0:
            x0 = a
        if b < top:
            top = b
        if c > x1:
            x1 = c
        if d > bottom:
            bottom = d
    return (x0, top, x1, bottom)


def rounded(box: BBox) -> BBox:
    """A bbox rounded to 0.01 pt (stable output)."""
    return (round(box[0], 2), round(box[1], 2), round(box[2], 2), round(box[3], 2))
