"""Tables drawn without rules: columns from how words line up over many lines.

A *gutter* is a vertical strip that no word of a run of lines enters while words stand on
both sides of it in at least two of those lines. A run of lines with at least one gutter
is a table; its gutters split it into columns.

Inside each column, the text falls into blocks (cells): a new block starts after more
vertical space than between wrapped lines, or with a capitalised line after a short
one. Rows start wherever some column starts a block, so a block that runs on while
another column starts new blocks (a merged OS cell beside its actions) becomes one cell
with a row span.
"""

from __future__ import annotations

import itertools
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import partial

from pstparse.extractors._gutters import blank_parts, narrow_gutters
from pstparse.extractors.pdf._geometry import (
    Line,
    Word,
    bullet_symbol,
    group_lines,
    regroup,
    union_bbox,
)
from pstparse.extractors.pdf._tables import Cell, PageTable
from pstparse.extractors.pdf._text import (
    cut_off,
    fits_after,
    label_like,
    split_marker,
    starts_capitalised,
    style_changes,
)
from pstparse.extractors.pdf.thresholds import (
    GUTTER_INTRUSION,
    GUTTER_MIN_SUPPORT,
    MAX_ROW_GAP,
    MIN_GUTTER,
    MIN_TABLE_LINES,
    MIN_UNWRAPPED_PAIRS,
    PARA_GAP,
    ROW_GAP_SLACK,
    SAME_SIZE_DELTA,
    SPLIT_GAP,
    TRAILING_LINE_GAP,
)
from pstparse.lexicon.marks import ends_clause


@dataclass(slots=True)
class Gutter:
    """A vertical strip free of words between two columns."""

    x0: float
    x1: float
    support: int = 0
    """Lines with words on both sides."""


@dataclass(slots=True)
class Borderless:
    """A borderless table found on a page, with what is needed to extend it."""

    start: int
    end: int
    """Line range [start, end) of the page's free lines."""
    table: PageTable
    gutters: list[Gutter] = field(default_factory=list)


def _segments(line: Line) -> list[tuple[float, float]]:
    """Runs of words separated by wide gaps.

    A list marker sticks to its item, and so does a label ending in a separator and
    followed by a tab ("Action 1.2 –⇥Texte", "OS 1 :⇥Texte"): that is a numbered
    paragraph, not two columns.
    """
    words = list(line.words)
    marker, _ = split_marker(words)
    runs: list[list[Word]] = []
    for i, w in enumerate(words):
        glue = i == 1 and marker is not None and bullet_symbol(words[0].text) is not None
        if runs and not glue and w.x0 - runs[-1][-1].x1 <= SPLIT_GAP * w.size:
            glue = True
        if runs and glue:
            runs[-1].append(w)
        else:
            runs.append([w])
    if len(runs) >= 2 and label_like(runs[0]):
        runs[0:2] = [runs[0] + runs[1]]
    return [(run[0].x0, max(w.x1 for w in run)) for run in runs]


def _subtract(
    gutter: Gutter, spans: Sequence[tuple[float, float]], min_width: float
) -> list[Gutter]:
    """What is left of a gutter once a line's words (their spans) are taken out."""
    parts = blank_parts(gutter.x0, gutter.x1, spans, min_width)
    return [Gutter(a, b, gutter.support) for a, b in parts]


def _spans(line: Line) -> list[tuple[float, float]]:
    return [(w.x0, w.x1) for w in line.words]


@dataclass(frozen=True, slots=True)
class _Spans:
    """A line's word spans, with what says at once whether it supports a gutter."""

    spans: list[tuple[float, float]]
    left_end: float
    """The leftmost right end of a word: a gutter starting at or after it has text on
    its left (``split_by``'s first test in one comparison)."""
    right_start: float
    """The rightmost left end of a word: text on the right of a gutter ending before it."""

    @classmethod
    def of(cls, line: Line) -> _Spans:
        spans = _spans(line)
        left_end, right_start = spans[0][1], spans[0][0]
        for a, b in spans:
            if b < left_end:
                left_end = b
            if a > right_start:
                right_start = a
        return cls(spans, left_end, right_start)

    def supports(self, gutter: Gutter) -> bool:
        """``split_by(gutter.x0, gutter.x1, spans)``: words on both sides of the gutter."""
        return self.left_end <= gutter.x0 and self.right_start >= gutter.x1


class _Page:
    """A page's free lines with what the finder reads of each, worked out once a line.

    The finder tries a table from many lines and grows and trims each region over the
    same lines; their spans and segments are the same every time.
    """

    __slots__ = ("_segments", "_spans", "lines")

    def __init__(self, lines: Sequence[Line]) -> None:
        self.lines = lines
        self._spans: list[_Spans | None] = [None] * len(lines)
        self._segments: list[list[tuple[float, float]] | None] = [None] * len(lines)

    def spans(self, k: int) -> _Spans:
        """Line ``k``'s word spans."""
        found = self._spans[k]
        if found is None:
            found = self._spans[k] = _Spans.of(self.lines[k])
        return found

    def segments(self, k: int) -> list[tuple[float, float]]:
        """Line ``k``'s runs of words (see :func:`_segments`)."""
        found = self._segments[k]
        if found is None:
            found = self._segments[k] = _segments(self.lines[k])
        return found


def _grow(
    page: _Page, start: int, gutters: list[Gutter], stop: int | None = None
) -> list[list[Gutter]]:
    """Extend a region from ``start`` while no line crosses an established gutter.

    Returns the region's gutters after each of its lines: item ``j`` after the first
    ``j`` lines (item 0 is ``gutters``), so the region ends at ``start + len - 1``. The
    gutters are never changed once made (each line makes new ones), so growing the same
    seed to a nearer stop gives an item of this list (see :func:`_after`).
    """
    lines = page.lines
    states = [gutters]
    end = start
    limit = len(lines) if stop is None else stop
    while end < limit and gutters:
        line = lines[end]
        if end > start:
            prev = lines[end - 1]
            if line.top - prev.bottom > MAX_ROW_GAP * max(line.size, prev.size):
                break
        spans = page.spans(end)
        nxt = narrow_gutters(
            gutters,
            partial(_subtract, spans=spans.spans, min_width=MIN_GUTTER * line.size),
            spans.supports,
            established=GUTTER_MIN_SUPPORT,
        )
        if not nxt:
            break
        gutters = nxt
        states.append(gutters)
        end += 1
    return states


def _after(states: Sequence[list[Gutter]], count: int) -> list[Gutter]:
    """The established gutters of a region grown over ``count`` lines at most (what
    growing the seed of ``states`` again with ``stop = start + count`` would give)."""
    gutters = states[min(count, len(states) - 1)]
    return [g for g in gutters if g.support >= GUTTER_MIN_SUPPORT]


def find_tables(lines: Sequence[Line], page: int, carry: Sequence[Gutter] = ()) -> list[Borderless]:
    """Borderless tables among a page's free lines (top to bottom).

    ``carry`` holds the gutters of a borderless table that ended the previous page: the
    lines at the top of this page that stay within its columns continue it, even when
    they only have text in one column.
    """
    found: list[Borderless] = []
    free = _Page(lines)
    i = 0
    if carry and lines:
        seed = [Gutter(g.x0, g.x1, max(GUTTER_MIN_SUPPORT, g.support)) for g in carry]
        states = _grow(free, 0, seed)
        grown = len(states) - 1
        established = _after(states, grown)
        end = _trim(free, 0, grown, seed, established, states, carried=True)
        if end > 0 and established:
            gutters = _after(states, end)
            found.append(Borderless(0, end, _build(lines[:end], gutters, page), gutters))
            i = end
    while i < len(lines):
        segs = free.segments(i)
        if len(segs) < 2:
            i += 1
            continue
        seed = [Gutter(a[1], b[0], 0) for a, b in itertools.pairwise(segs)]
        states = _grow(free, i, seed)
        grown = len(states) - 1
        end = _trim(free, i, i + grown, seed, _after(states, grown), states)
        gutters = _after(states, end - i)
        wide = sum(1 for k in range(i, end) if len(free.segments(k)) >= 2)
        if gutters and wide >= MIN_TABLE_LINES:
            found.append(Borderless(i, end, _build(lines[i:end], gutters, page), gutters))
            i = end
        else:
            i += 1
    return found


def _trim(
    page: _Page,
    start: int,
    end: int,
    seed: Sequence[Gutter],
    gutters: Sequence[Gutter],
    states: Sequence[list[Gutter]],
    carried: bool = False,
) -> int:
    """Drop trailing lines that are not text of the table's last cells.

    After the last line with words on both sides of a gutter, a line still belongs to the
    table only if it stays inside the columns as they were so far (a sentence after the
    table runs into a gutter) and, for a new table, sits close under the line above.
    ``states`` is what :func:`_grow` gave for the region from ``seed``.
    """
    lines = page.lines
    last = max(
        (k for k in range(start, end) if any(page.spans(k).supports(g) for g in gutters)),
        default=start - 1 if carried else start,
    )
    columns = _after(states, last + 1 - start) if last >= start else list(seed)
    stop = last + 1
    # The widest gap between two lines of the table so far: the space between its rows.
    row_gap = max(
        (lines[k].top - lines[k - 1].bottom for k in range(start + 1, last + 1)), default=0.0
    )
    inner_edge = min((g.x1 for g in columns), default=None)
    while stop < end:
        line = lines[stop]
        gap = line.top - lines[stop - 1].bottom if stop > start else 0.0
        close = gap <= TRAILING_LINE_GAP * line.size if stop > start else True
        # A line that starts right of the first column and sits no further below than the
        # table's rows sit apart is one more row of the last columns (actions of the last
        # objective): a paragraph after the table starts at the left margin.
        in_row = (
            inner_edge is not None
            and all(w.x0 >= inner_edge for w in line.words)
            and gap <= row_gap + ROW_GAP_SLACK * line.size
        )
        if _intrudes(columns, line) or not (close or carried or in_row):
            break
        stop += 1
    return stop


def _intrudes(gutters: Sequence[Gutter], line: Line) -> bool:
    return any(
        w.x1 > g.x0 + GUTTER_INTRUSION and w.x0 < g.x1 - GUTTER_INTRUSION
        for g in gutters
        for w in line.words
    )


def _columns(words: Sequence[Word], mids: Sequence[float]) -> dict[int, list[Word]]:
    cols: dict[int, list[Word]] = {}
    for w in words:
        # w.cx without the property call (every word of every table line).
        cols.setdefault(bisect_right(mids, (w.x0 + w.x1) / 2), []).append(w)
    return cols


def _build(lines: Sequence[Line], gutters: Sequence[Gutter], page: int) -> PageTable:
    gutters = sorted(gutters, key=lambda g: g.x0)
    mids = [(g.x0 + g.x1) / 2 for g in gutters]
    right_end = max(ln.x1 for ln in lines)
    # Where a column's text really ends is unknown: somewhere in the gutter. Paragraphs
    # use the last text edge (conservative); blocks use the gutter's middle.
    rights = [g.x0 for g in gutters] + [right_end]
    block_rights = [(g.x0 + g.x1) / 2 for g in gutters] + [right_end]
    entries: dict[int, list[tuple[int, Line]]] = {}
    for k, line in enumerate(lines):
        cols = _columns(line.words, mids)
        if len(cols) == 1:
            # All in one column: the part is the line itself (a line is a function of
            # its words, see Line.of).
            entries.setdefault(next(iter(cols)), []).append((k, line))
            continue
        for c, words in cols.items():
            entries.setdefault(c, []).append((k, Line.of(words)))
    gap = _usual_gap(entries)
    # Whether each part of a column starts a block after the part above it: read here
    # for the rows' starts and again when the column is cut into cells.
    breaks = {
        c: [
            False,
            *(
                _starts_block(a, b, block_rights[c], gap)
                for (_, a), (_, b) in itertools.pairwise(parts)
            ),
        ]
        for c, parts in entries.items()
    }
    firsts = {
        parts[j][0] for c, parts in entries.items() for j in range(1, len(parts)) if breaks[c][j]
    }
    firsts.update(parts[0][0] for parts in entries.values())
    # Where no line of the table reads as the wrapped rest of the line above it (all
    # start with a capital after a line that could end), no cell wraps: each line of a
    # column is a cell of its own, even when rows are not spaced apart.
    pairs = [
        (a, b)
        for parts in entries.values()
        for (ka, a), (kb, b) in itertools.pairwise(parts)
        if kb == ka + 1
    ]
    single_lines = len(pairs) >= MIN_UNWRAPPED_PAIRS and all(_could_start(a, b) for a, b in pairs)
    blocks: list[tuple[int, list[tuple[int, Line]]]] = []
    for c in sorted(entries):
        cur: list[tuple[int, Line]] = []
        for j, (k, part) in enumerate(entries[c]):
            # A line level with a cell starting in another column starts a cell too when
            # it reads like a beginning (a capital after a line that is not cut off).
            # (cur[-1] is the part above, entries[c][j - 1].)
            if cur and (
                breaks[c][j] or ((k in firsts or single_lines) and _could_start(cur[-1][1], part))
            ):
                blocks.append((c, cur))
                cur = []
            cur.append((k, part))
        if cur:
            blocks.append((c, cur))
    starts = sorted({b[0][0] for _, b in blocks})
    cells: list[Cell] = []
    for c, block in blocks:
        first, last = block[0][0], block[-1][0]
        row = starts.index(first)
        row_end = bisect_right(starts, last)
        cell_lines = regroup([part for _, part in block])
        box = union_bbox(ln.bbox for ln in cell_lines)
        cells.append(Cell(row, c, row_end - row, 1, box, page, cell_lines, right=rights[c]))
    bbox = union_bbox(ln.bbox for ln in lines)
    bounds = [bbox[0], *(g.x1 for g in gutters), bbox[2]]
    return PageTable(page, bbox, bounds, len(starts), cells, ruled=False)


def _usual_gap(entries: dict[int, list[tuple[int, Line]]]) -> float:
    """Median gap between consecutive lines of one column (wrapped cell text)."""
    gaps = sorted(
        b.top - a.bottom
        for parts in entries.values()
        for (ka, a), (kb, b) in itertools.pairwise(parts)
        if kb == ka + 1
    )
    return gaps[len(gaps) // 2] if gaps else 0.0


def _starts_block(prev: Line, line: Line, right: float, usual_gap: float) -> bool:
    if line.top - prev.bottom > usual_gap + PARA_GAP * line.size:
        return True
    if abs(prev.size - line.size) > SAME_SIZE_DELTA or style_changes(prev, line):
        return True
    marker, _ = split_marker(line.words)
    if marker is not None and marker.kind != "bullet":
        return True
    if not starts_capitalised(line.text) or cut_off(prev.text):
        return False
    return ends_clause(prev.text) or fits_after(prev, line.words[0], right)


def _could_start(prev: Line, line: Line) -> bool:
    return starts_capitalised(line.text) and not cut_off(prev.text)


def header_row(table: PageTable, gutters: Sequence[Gutter], line: Line) -> bool:
    """Put ``line`` (found above the table) in as its first row, if it fits the columns.

    The line must have words in at least two columns and cross no gutter; this brings
    back a repeated header row that was taken for a running page header.
    """
    if not gutters:
        return False
    spans = _spans(line)
    for g in gutters:
        if not _subtract(g, spans, MIN_GUTTER * line.size):
            return False
    mids = sorted((g.x0 + g.x1) / 2 for g in gutters)
    cols = _columns(line.words, mids)
    if len(cols) < 2:
        return False
    for cell in table.cells:
        cell.row += 1
    for c, words in sorted(cols.items()):
        lines = group_lines(words)
        box = union_bbox(ln.bbox for ln in lines)
        table.cells.append(Cell(0, c, 1, 1, box, table.page, lines))
    table.nrows += 1
    table.bbox = union_bbox([table.bbox, line.bbox])
    return True
