"""Tables: the grid of one page's table, and one logical table stitched across pages.

A page table is a grid of cells with page-local rows and columns; a tall cell (a
vertically merged OS/OO cell) is one cell with a row span. Consecutive page tables whose
columns line up form one logical table: the header rows repeated at the top of each page
are recognised (and kept, flagged), and the first row of a continuation page merges into
the cells above it when its cells are empty (a merged cell that goes on) or hold the
rest of the text cut by the page break.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import Enum

from pstparse.extractors.pdf._geometry import BBox, Line, Word, group_lines
from pstparse.extractors.pdf._text import (
    Layout,
    Para,
    fits_after,
    paragraphs,
    reads_on,
)
from pstparse.extractors.pdf.thresholds import (
    CELL_MIN_PAD,
    CUT_ROW_LINES,
    GRID_SNAP,
    MAX_REPEATED_HEADER_ROWS,
    ROOM_SLACK,
    TABLE_ALIGN,
)
from pstparse.lexicon.hyphens import Vocabulary
from pstparse.lexicon.marks import ends_clause


@dataclass(slots=True, eq=False)
class Cell:
    """One cell of a page table (0-based page-local grid position)."""

    row: int
    col: int
    row_span: int
    col_span: int
    bbox: BBox
    page: int
    lines: list[Line] = field(default_factory=list)
    right: float | None = None
    """Right edge of the text area (for the short-line test); None: derived from bbox."""
    paras: list[Para] = field(default_factory=list)
    lrow: int = 0
    """Logical (1-based, document table) row, set when the table is assembled."""
    lspan: int = 1
    header: bool = False
    tail: tuple[BBox, float | None] | None = None
    """Box of the cell's part on its latest page and where its text ends there (None: no
    text on that page), once the cell has gone on over a page break."""

    @property
    def has_text(self) -> bool:
        """True when the cell holds any word."""
        return bool(self.lines)

    def text_right(self) -> float:
        """Right edge of the cell's text area, assuming equal left and right padding."""
        if self.right is not None:
            return self.right
        if not self.lines:
            return self.bbox[2]
        pad = max(CELL_MIN_PAD, min(ln.x0 for ln in self.lines) - self.bbox[0])
        return self.bbox[2] - pad

    def build_paras(self, line_gap: float, vocab: Vocabulary | None) -> None:
        """Turn the cell's lines into paragraphs."""
        self.paras = paragraphs(self.lines, self.page, Layout(self.text_right(), line_gap), vocab)

    def signature(self) -> str:
        """The cell's text on one line (for comparing repeated header rows)."""
        return " ".join(" ".join(ln.text.split()) for ln in self.lines)


@dataclass(slots=True, eq=False)
class PageTable:
    """A table found on one page."""

    page: int
    bbox: BBox
    cols: list[float]
    """Column boundaries, left to right (one more than the number of columns)."""
    nrows: int
    cells: list[Cell]
    ruled: bool = True

    @property
    def ncols(self) -> int:
        """Number of grid columns."""
        return len(self.cols) - 1

    def row_cells(self, row: int) -> list[Cell]:
        """Cells that start in a row, left to right."""
        return sorted((c for c in self.cells if c.row == row), key=lambda c: c.col)

    def row_signature(self, row: int) -> tuple[tuple[int, int, str], ...]:
        """Position and text of the cells starting in a row."""
        return tuple((c.col, c.col_span, c.signature()) for c in self.row_cells(row))


def _snap(values: Iterable[float], tol: float) -> list[float]:
    """Sorted values with those closer than ``tol`` merged (the first one kept)."""
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > tol:
            out.append(v)
    return out


def _index(bounds: Sequence[float], value: float, tol: float) -> int:
    """Index of the boundary at ``value`` (within ``tol``), or of the one just before it."""
    return max(0, bisect_right(bounds, value + tol) - 1)


def grid_table(
    page: int, cell_boxes: Sequence[BBox], words: Sequence[Word], tol: float = GRID_SNAP
) -> tuple[PageTable | None, list[Word]]:
    """Build a page table from ruled cell boxes and give each word to its cell.

    Returns the table (None when it is not worth one: a single cell, or no text) and the
    words that fall in no cell, which stay free text.
    """
    if len(cell_boxes) < 2:
        return None, list(words)
    xs = _snap((b[0] for b in cell_boxes), tol)
    ys = _snap((b[1] for b in cell_boxes), tol)
    right = max(b[2] for b in cell_boxes)
    bottom = max(b[3] for b in cell_boxes)
    xs.append(right)
    ys.append(bottom)
    cells: list[Cell] = []
    owner: dict[tuple[int, int], Cell] = {}
    for box in cell_boxes:
        col = _index(xs, box[0], tol)
        row = _index(ys, box[1], tol)
        col_end = max(col + 1, _index(xs, box[2] - tol, 0) + 1)
        row_end = max(row + 1, _index(ys, box[3] - tol, 0) + 1)
        bbox = (box[0], box[1], box[2], box[3])
        cell = Cell(row, col, row_end - row, col_end - col, bbox, page)
        cells.append(cell)
        for r in range(row, row_end):
            for c in range(col, col_end):
                owner.setdefault((r, c), cell)
    x0, top = xs[0], ys[0]
    free: list[Word] = []
    placed: dict[int, list[Word]] = {}
    for w in words:
        cx, cy = w.cx, w.cy
        if not (x0 <= cx <= right and top <= cy <= bottom):
            free.append(w)
            continue
        cell_or_none = owner.get((_index(ys, cy, 0), _index(xs, cx, 0)))
        if cell_or_none is None:
            free.append(w)
            continue
        placed.setdefault(id(cell_or_none), []).append(w)
    if not placed:
        return None, list(words)
    for cell in cells:
        cell.lines = group_lines(placed.get(id(cell), []))
    table = PageTable(page, (x0, top, right, bottom), xs, len(ys) - 1, cells, ruled=True)
    return table, free


def aligned(a: PageTable, b: PageTable, tol: float = TABLE_ALIGN) -> bool:
    """True when b's columns line up with a's (b can continue a on the next page)."""
    if a.ruled != b.ruled or a.ncols != b.ncols:
        return False
    if a.ruled:
        return all(abs(x - y) <= tol for x, y in zip(a.cols, b.cols, strict=True))
    # Without rules only the starts of the columns after a gutter are stable (the outer
    # edges are just the longest texts).
    return all(abs(x - y) <= 2 * tol for x, y in zip(a.cols[1:-1], b.cols[1:-1], strict=True))


class _Status(Enum):
    NEW = "new"
    EXTENDS = "extends"
    """Empty: a merged cell going on."""
    CONTINUES = "continues"
    """The rest of the text above (starts in lower case, or the text above is cut)."""
    LISTY = "listy"
    """A new bullet or number under a cell that has text: the same cell, unless the row
    turns out to be a new one."""
    WEAK = "weak"
    """Capitalised, but the text above is unfinished and its last line was full: the same
    cell, unless the row turns out to be a new one."""


@dataclass(slots=True)
class LogicalTable:
    """A table of the document: one or more page tables stitched together."""

    number: int
    cells: list[Cell] = field(default_factory=list)
    nrows: int = 0
    last_body: int = 0
    """Logical row of the last row that is not a repeated header."""
    head: PageTable | None = None
    bottom: dict[int, Cell] = field(default_factory=dict)
    """Column → the cell covering the last row so far."""
    vocab: Vocabulary | None = None
    ruled: bool = True
    usual_room: float | None = None
    """Room under the text of the fullest cell of a complete row."""
    last_row_cut: bool = True
    """Whether the last row of the latest part was cut by the end of its page."""

    def add(self, part: PageTable) -> None:
        """Append the next page's part of the table."""
        if self.head is None:
            self.head = part
            self.ruled = part.ruled
            for cell in part.cells:
                cell.lrow = cell.row + 1
                cell.lspan = cell.row_span
                self.cells.append(cell)
            self.nrows = self.last_body = part.nrows
            self._update_bottom(part, {})
            self._measure(part, {})
            return
        nhead = self._repeated_header_rows(part)
        mapping: dict[int, int] = {}
        for i in range(nhead):
            mapping[i] = self.nrows + 1 + i
        nxt = self.nrows + nhead
        statuses: dict[int, _Status] = {}
        first = nhead
        merge_first = False
        if first < part.nrows:
            row = part.row_cells(first)
            statuses = {id(c): self._status(c) for c in row}
            merge_first = bool(row) and all(s is not _Status.NEW for s in statuses.values())
            if not merge_first:
                leading = True
                for cell in row:
                    status = statuses[id(cell)]
                    if status in (_Status.LISTY, _Status.WEAK) and not self.ruled:
                        # Ruled cells were checked to be cut by the page end; without
                        # rules that is only a guess, dropped when the row is new.
                        statuses[id(cell)] = _Status.NEW
                    elif status is _Status.EXTENDS and not leading:
                        # After the first filled cell of a new row, an empty cell is a
                        # merged cell going on only when it is tall itself or the cell
                        # above already spanned rows; otherwise it is just empty.
                        above = self.bottom[cell.col]
                        if cell.row_span == 1 and above.lspan == 1:
                            statuses[id(cell)] = _Status.NEW
                    if cell.has_text:
                        leading = False
        for r in range(first, part.nrows):
            if r == first and merge_first:
                mapping[r] = self.last_body
            else:
                nxt += 1
                mapping[r] = nxt
        absorbed: dict[int, Cell] = {}
        for cell in sorted(part.cells, key=lambda c: (c.row, c.col)):
            start = mapping[cell.row]
            end = mapping[cell.row + cell.row_span - 1]
            status = statuses.get(id(cell), _Status.NEW)
            if status is not _Status.NEW:
                above = self.bottom[cell.col]
                above.lspan = max(above.lspan, end - above.lrow + 1)
                if status in (_Status.CONTINUES, _Status.LISTY, _Status.WEAK):
                    self._continue(above, cell)
                bottom = max((ln.bottom for ln in cell.lines), default=None)
                above.tail = (cell.bbox, bottom)
                absorbed[id(cell)] = above
                continue
            cell.lrow = start
            cell.lspan = max(1, end - start + 1)
            cell.header = cell.row < nhead
            self.cells.append(cell)
        self.nrows = max(self.nrows, *mapping.values()) if mapping else self.nrows
        body = [mapping[r] for r in range(nhead, part.nrows)]
        if body:
            self.last_body = max(body)
        self._update_bottom(part, absorbed)
        self._measure(part, absorbed)

    def _repeated_header_rows(self, part: PageTable) -> int:
        head = self.head
        assert head is not None
        n = 0
        limit = min(MAX_REPEATED_HEADER_ROWS, head.nrows - 1, part.nrows)
        while n < limit:
            sig = part.row_signature(n)
            if not sig or not any(text for _, _, text in sig) or sig != head.row_signature(n):
                break
            if any(c.row + c.row_span > n + 1 for c in part.row_cells(n)):
                break
            n += 1
        if n:
            for cell in head.cells:
                if cell.row < n:
                    cell.header = True
        return n

    def _status(self, cell: Cell) -> _Status:
        above = self.bottom.get(cell.col)
        if above is None or above.col_span != cell.col_span:
            return _Status.NEW
        if not cell.has_text:
            return _Status.EXTENDS
        if not above.paras or not cell.paras:
            return _Status.NEW
        first = cell.paras[0]
        if first.marker is not None:
            return _Status.LISTY if self._text_reached_bottom(above) else _Status.NEW
        last = above.paras[-1]
        if reads_on(last.text, first.text):
            return _Status.CONTINUES
        if (
            not ends_clause(last.text)
            and not fits_after(last.last, first.first.words[0], above.text_right())
            and self._text_reached_bottom(above)
        ):
            return _Status.WEAK
        return _Status.NEW

    def _text_reached_bottom(self, above: Cell) -> bool:
        """True when the text of a ruled cell was cut by the end of the page.

        Rows that end normally leave the same room under the text of their fullest cell;
        when the last row of the page leaves another room, the row was cut, and its cells
        with less than a line of extra room had more text to come. Tables without rules
        cannot tell, so they answer True.
        """
        if not self.ruled or not above.lines:
            return True
        if not self.last_row_cut:
            return False
        room = _room(above)
        if room is None or self.usual_room is None:
            return room is not None
        first = min(above.lines, key=lambda ln: ln.top)
        return room < self.usual_room + CUT_ROW_LINES * (first.bottom - first.top) + ROOM_SLACK

    def _measure(self, part: PageTable, absorbed: dict[int, Cell]) -> None:
        """How much room complete rows leave under their text, and whether the last row
        of the part was cut by the page end."""
        least: dict[int, float] = {}
        for c in part.cells:
            if c.lines and c.row_span == 1:
                room = c.bbox[3] - max(ln.bottom for ln in c.lines)
                least[c.row] = min(room, least.get(c.row, room))
        last = part.nrows - 1
        rooms = sorted(v for r, v in least.items() if r != last)
        if rooms:
            self.usual_room = rooms[len(rooms) // 2]
        bottom = [
            r
            for c in part.cells
            if c.row + c.row_span - 1 == last and (r := _room(absorbed.get(id(c), c))) is not None
        ]
        if self.usual_room is None or not bottom:
            self.last_row_cut = True
        else:
            self.last_row_cut = abs(min(bottom) - self.usual_room) > ROOM_SLACK

    def _continue(self, above: Cell, cell: Cell) -> None:
        paras = list(cell.paras)
        if paras and paras[0].marker is None and above.paras:
            above.paras[-1].append(paras.pop(0), self.vocab)
        for para in paras:
            para.continued = True
            above.paras.append(para)

    def _update_bottom(self, part: PageTable, absorbed: dict[int, Cell]) -> None:
        for cell in part.cells:
            if cell.row + cell.row_span >= part.nrows:
                owner = absorbed.get(id(cell), cell)
                for c in range(cell.col, cell.col + cell.col_span):
                    self.bottom[c] = owner

    def ordered_cells(self) -> list[Cell]:
        """Cells in reading order: by logical row, then column."""
        return sorted(self.cells, key=lambda c: (c.lrow, c.col))

    def take_settled(self) -> list[Cell]:
        """Take out the cells, in reading order, that no later part can change any more.

        Only a cell covering the last row so far (:attr:`bottom`) can grow on the next
        page, and a later part only ever adds rows below the last one; so the cells before
        the first such cell in reading order are settled. Laid out page by page, a table
        running over hundreds of pages then holds one page's cells, not all of them. (A
        settled cell of the first part may still become a header, see
        :meth:`_repeated_header_rows`: the caller reads ``header`` again at the end.)
        """
        ordered = self.ordered_cells()
        growing = {id(c) for c in self.bottom.values()}
        n = next((i for i, c in enumerate(ordered) if id(c) in growing), len(ordered))
        self.cells = ordered[n:]
        return ordered[:n]


def _room(cell: Cell) -> float | None:
    """Room under the cell's text on its latest page (None: no text on that page)."""
    if cell.tail is not None:
        box, bottom = cell.tail
    elif cell.lines:
        box, bottom = cell.bbox, max(ln.bottom for ln in cell.lines)
    else:
        return None
    return None if bottom is None else box[3] - bottom
