"""The PDF extractor: pages → furniture, tables, paragraphs → blocks in reading order."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from pstparse.extractors.pdf._borderless import Borderless, Gutter, find_tables, header_row
from pstparse.extractors.pdf._furniture import PageLines, find_furniture
from pstparse.extractors.pdf._geometry import Line, rounded
from pstparse.extractors.pdf._reader import Document, PageData, read_document
from pstparse.extractors.pdf._summary import PageSummary, summarise
from pstparse.extractors.pdf._tables import Cell, LogicalTable, PageTable, aligned
from pstparse.extractors.pdf._text import (
    Layout,
    Para,
    fits_after,
    gap_ratios,
    median_gap,
    paragraphs,
    reads_on,
    style_changes,
)
from pstparse.extractors.pdf.thresholds import (
    ALL_CAPS_MIN_LETTERS,
    BOLD_HEADING_MAX_CHARS,
    DEFAULT_BODY_SIZE,
    FONT_SIZE_BIN,
    HEADER_ROW_REACH,
    HEADER_ROW_SLACK,
    HEADING_MAX_CHARS,
    HEADING_MAX_LINES,
    HEADING_SIZE_STEP,
    LIST_INDENT_SNAP,
    MARGIN_MIN_LINES,
    MARGIN_QUANTILE,
    MINOR_HEADING_MAX_LINES,
    SAME_SIZE_DELTA,
    TITLE_FIRST_PARAS,
)
from pstparse.lexicon.hyphens import Vocabulary
from pstparse.lexicon.marks import ends_clause
from pstparse.model.findings import finding
from pstparse.model.ir import Block, BlockKind, Extraction, Style, TableRef
from pstparse.model.messages import DEFAULT_LANG
from pstparse.model.plan import Finding, Source
from pstparse.options import OcrMode
from pstparse.runtime import gc_paused


@dataclass(slots=True)
class _Item:
    """One thing on a page, in reading order: a table part or a free paragraph."""

    top: float
    bottom: float
    x0: float
    part: PageTable | None = None
    para: Para | None = None
    right: float = 0.0
    """For a paragraph: the right margin of the page's free text."""


def extract_pdf(
    data: bytes, *, name: str = "<pdf>", password: str | None = None, ocr: OcrMode = "auto"
) -> Extraction:
    """Read a PDF into blocks: table cells, headings, paragraphs and list items.

    ``ocr`` says which pages are read by OCR (see :mod:`pstparse.extractors.ocr`).
    Raises :class:`~pstparse.model.errors.NeedsOCRError` for a PDF without a text layer that
    cannot be read by OCR (``--ocr never``, or Tesseract missing),
    :class:`~pstparse.model.errors.EncryptedError` when a (correct) password is needed and
    :class:`~pstparse.model.errors.InputError` for anything that is not a readable PDF.
    """
    with gc_paused():
        if ocr == "never":
            return extract_document(read_document(data, name, password))
        from pstparse.extractors.ocr import read_pdf

        doc, findings = read_pdf(data, name, password, ocr)
        extraction = extract_document(doc)
        extraction.findings = [*findings, *extraction.findings]
        return extraction


def extract_document(doc: Document, fmt: str = "pdf") -> Extraction:
    """Lay out pages already read (from a text layer or by OCR) into blocks.

    What the whole document says (running headers and footers, hyphenation vocabulary,
    line gap, right margins) is gathered first from each page's summary; then pages are
    laid out one at a time, each stitched to the page before, and whatever no later page
    can continue becomes blocks at once (see :class:`_Emitter`), so a long document's
    paragraphs, cells and lines are not all held together. Heading levels and list depths,
    which depend on every paragraph, are settled last from small notes.

    The document is consumed: each page's summary, packed records or objects are
    released once used, so that they are not all held beside the blocks being made.
    """
    stats = _statistics(doc)
    carry: list[Gutter] = []
    furniture: list[Block] = []
    emitter = _Emitter(stats.vocab, _body_size(doc.sizes))
    for held in doc.pages:
        page = held.unpacked()
        found = _take_furniture(page, stats.furniture)
        items, carry = _page_items(
            page,
            stats.line_gap,
            stats.vocab,
            found,
            carry,
            stats.margins.get(round(page.width)),
        )
        furniture.extend(b for _, b in found)
        emitter.page(items)
        held.lines, held.tables, held.packed = [], [], None
        del page, items, found
    return Extraction(
        blocks=emitter.finish(),
        format=fmt,
        pages=len(doc.pages),
        furniture=furniture,
        title=doc.title,
        findings=[*_reader_findings(doc), *doc.findings],
    )


def _reader_findings(doc: Document) -> list[Finding]:
    """Say so when pdfminer, not pdfium, read the file (slower; same kind of records)."""
    if doc.fallback is None:
        return []
    return [finding("pdf-reader-fallback", DEFAULT_LANG, reason=doc.fallback)]


# ----------------------------------------------------------------------------- statistics


@dataclass(slots=True)
class _Stats:
    """What the whole document says, gathered before any page is laid out."""

    furniture: set[tuple[int, int]]
    """(page, index among the page's free lines) of running headers, footers, numbers."""
    vocab: Vocabulary
    line_gap: float
    margins: dict[int, float]
    """Right edge of the text per page width (see :func:`_right_margins`)."""


def _statistics(doc: Document) -> _Stats:
    """One pass over the pages' summaries (taken now for a page held unpacked)."""
    vocab = Vocabulary()
    edge_lines: list[PageLines] = []
    ratios: list[float] = []
    summaries: list[tuple[PageData, PageSummary]] = []
    for page in doc.pages:
        summary = page.summary or summarise(page.number, page.height, page.lines, page.tables)
        for text in summary.texts:
            vocab.add_line(text)
        ratios.extend(summary.cell_ratios)
        edge_lines.append(summary.edges)
        summaries.append((page, summary))
        page.summary = None
    found = find_furniture(edge_lines)
    ends: dict[int, list[float]] = {}
    for page, summary in summaries:
        # The line gap and the margins are measured once furniture is out of the way.
        kept = [b for idx, b in enumerate(summary.boxes) if (page.number, idx) not in found]
        ratios.extend(gap_ratios(kept))
        ends.setdefault(round(page.width), []).extend(b.x1 for b in kept)
    return _Stats(found, vocab, median_gap(ratios), _right_margins(ends))


def _take_furniture(page: PageData, found: set[tuple[int, int]]) -> list[tuple[Line, Block]]:
    """Take running headers, footers and page numbers out of the page's free lines."""
    out: list[tuple[Line, Block]] = []
    keep: list[Line] = []
    for idx, line in enumerate(page.lines):
        if (page.number, idx) in found:
            block = Block(
                text=line.text,
                kind=BlockKind.PARAGRAPH,
                source=Source.of_page(page.number, rounded(line.bbox)),
                style=Style(bold=line.bold, font_size=line.size),
            )
            out.append((line, block))
        else:
            keep.append(line)
    page.lines = keep
    return out


# ----------------------------------------------------------------------------- pages


def _page_items(
    page: PageData,
    line_gap: float,
    vocab: Vocabulary,
    furniture: list[tuple[Line, Block]],
    carry: Sequence[Gutter],
    margin: float | None = None,
) -> tuple[list[_Item], list[Gutter]]:
    """The page's tables and paragraphs in reading order, and the gutters to carry on."""
    lines = page.lines
    parts: list[PageTable] = list(page.tables)
    taken: set[int] = set()
    gutters: dict[int, list[Gutter]] = {}
    for found in find_tables(lines, page.number, carry):
        parts.append(found.table)
        gutters[id(found.table)] = found.gutters
        taken.update(range(found.start, found.end))
        _reclaim_header(found, furniture)
    free = [ln for i, ln in enumerate(lines) if i not in taken]
    items: list[_Item] = []
    for part in parts:
        for cell in part.cells:
            cell.build_paras(line_gap, vocab)
        items.append(_Item(part.bbox[1], part.bbox[3], part.bbox[0], part=part))
    right = max(
        [ln.x1 for ln in free] + ([margin] if margin is not None else []), default=page.width
    )
    for run in _runs(free, parts):
        for para in paragraphs(run, page.number, Layout(right, line_gap), vocab):
            items.append(_Item(para.bbox[1], para.bbox[3], para.bbox[0], para=para, right=right))
    items.sort(key=lambda it: (it.top, it.x0))
    last = items[-1].part if items else None
    return items, gutters.get(id(last), []) if last is not None else []


def _right_margins(ends: dict[int, list[float]]) -> dict[int, float]:
    """The right edge of the text, per page width: most lines of full paragraphs reach it.

    ``ends`` holds the right ends of the free lines of every page, by page width. A page
    with a few short lines (a cover page) has no full line of its own; the document's
    other pages of the same width say where its lines could have gone.
    """
    out: dict[int, float] = {}
    for width, xs in ends.items():
        if len(xs) >= MARGIN_MIN_LINES:
            xs.sort()
            out[width] = xs[int(MARGIN_QUANTILE * (len(xs) - 1))]
    return out


def _reclaim_header(found: Borderless, furniture: list[tuple[Line, Block]]) -> None:
    """A repeated header row of a borderless table is not page furniture: put it back."""
    top = found.table.bbox[1]
    above = [
        (line, block)
        for line, block in furniture
        if line.bottom <= top + HEADER_ROW_SLACK
        and top - line.bottom <= HEADER_ROW_REACH * line.size
    ]
    if not above:
        return
    line, block = max(above, key=lambda lb: lb[0].bottom)
    if header_row(found.table, found.gutters, line):
        furniture.remove((line, block))


def _runs(lines: Sequence[Line], parts: Sequence[PageTable]) -> list[list[Line]]:
    """Consecutive free lines not separated by a table."""
    cuts = sorted(p.bbox[1] for p in parts)
    runs: list[list[Line]] = []
    for line in lines:
        if runs:
            prev = runs[-1][-1]
            if any(prev.top < cut <= line.top for cut in cuts):
                runs.append([line])
                continue
            runs[-1].append(line)
        else:
            runs.append([line])
    return runs


# ----------------------------------------------------------------------------- stitching


_Unit = LogicalTable | Para


@dataclass(slots=True)
class _Note:
    """What the document-wide decisions need of a free paragraph already made a block."""

    index: int
    """Where its block (a placeholder until :meth:`_Emitter.finish`) stands."""
    page: int
    x0: float
    size: float
    bold: bool
    italic: bool
    all_caps: bool | None
    space: float | None
    heading_class: float | None
    """The paragraph's size class when it may be a heading by size, else None."""
    first_page_rank: int | None
    """Its rank among the paragraphs of page 1 (None on other pages)."""
    bullet_x0: float | None
    bullet: str | None
    minor: bool
    """A body-size line set apart by bold or capitals (see :func:`_minor_heading`)."""


class _Emitter:
    """Join tables and paragraphs that a page break cut in two, page by page, and make
    blocks of whatever no later page can continue.

    Only the last unit (table or paragraph) of the pages so far can go on over the next
    break; every unit before it is final and is made blocks at once, and a table running
    on gives up its settled cells (:meth:`LogicalTable.take_settled`) at every page.
    Free paragraphs become blocks whose kind, level, indent and list marker wait for
    :meth:`finish`: heading levels and list depths depend on the whole document.
    """

    def __init__(self, vocab: Vocabulary, body: float) -> None:
        self.vocab = vocab
        self.body = body
        self.blocks: list[Block] = []
        self.notes: list[_Note] = []
        self.last_item: _Item | None = None
        self.last_table: LogicalTable | None = None
        self.pending: _Unit | None = None
        self.number = 0
        self.prev_bottom: tuple[int, float] | None = None
        self.first_page_paras = 0
        self.head_cells: list[tuple[Cell, range]] = []
        """Blocks of the cells of a pending table's first part (their header flag may
        still change, see :meth:`LogicalTable.take_settled`)."""

    def page(self, items: Sequence[_Item]) -> None:
        """Take the next page's items (in reading order)."""
        for pos, item in enumerate(items):
            first_on_page = pos == 0
            last_item = self.last_item
            if item.part is not None:
                prev_part = last_item.part if last_item is not None else None
                if (
                    first_on_page
                    and self.last_table is not None
                    and prev_part is not None
                    and aligned(prev_part, item.part)
                ):
                    self.last_table.add(item.part)
                else:
                    self._close()
                    self.number += 1
                    self.last_table = LogicalTable(self.number, vocab=self.vocab)
                    self.last_table.add(item.part)
                    self.pending = self.last_table
            elif item.para is not None:
                prev_para = last_item.para if last_item is not None else None
                if (
                    first_on_page
                    and prev_para is not None
                    and last_item is not None
                    and _para_goes_on(prev_para, item.para, last_item.right)
                ):
                    prev_para.append(item.para, self.vocab)
                    continue
                self._close()
                self.pending = item.para
            self.last_item = item
        if isinstance(self.pending, LogicalTable):
            self._cells(self.pending, self.pending.take_settled())

    def _close(self) -> None:
        """Make blocks of the pending unit: the next one starts, it cannot grow any more."""
        unit, self.pending = self.pending, None
        if isinstance(unit, LogicalTable):
            self._cells(unit, unit.ordered_cells())
            unit.cells = []
            for cell, at in self.head_cells:
                for i in at:
                    ref = self.blocks[i].table
                    if ref is not None and ref.is_header != cell.header:
                        self.blocks[i] = replace(
                            self.blocks[i], table=replace(ref, is_header=cell.header)
                        )
            self.head_cells = []
            self.last_table = None
            self.prev_bottom = None
        elif unit is not None:
            self._para(unit)

    def _cells(self, table: LogicalTable, cells: Sequence[Cell]) -> None:
        head = {id(c) for c in table.head.cells} if table.head is not None else set()
        for cell in cells:
            start = len(self.blocks)
            self.blocks.extend(_cell_blocks(table.number, cell))
            if id(cell) in head:
                self.head_cells.append((cell, range(start, len(self.blocks))))

    def _para(self, p: Para) -> None:
        space = None
        if self.prev_bottom is not None and self.prev_bottom[0] == p.page:
            space = round(max(0.0, p.bbox[1] - self.prev_bottom[1]), 2)
        self.prev_bottom = (p.page, p.bbox[3])
        rank = None
        if p.page == 1:
            rank = self.first_page_paras
            self.first_page_paras += 1
        bullet = p.marker is not None and p.marker.kind == "bullet"
        candidate = _could_be_heading(p) and p.size >= self.body + HEADING_SIZE_STEP
        self.blocks.append(
            Block(p.text, BlockKind.PARAGRAPH, Source.of_page(p.page, rounded(p.bbox)))
        )
        self.notes.append(
            _Note(
                index=len(self.blocks) - 1,
                page=p.page,
                x0=p.bbox[0],
                size=p.size,
                bold=p.bold,
                italic=p.italic,
                all_caps=_all_caps(p.text) or None,
                space=space,
                heading_class=_size_class(p.size) if candidate else None,
                first_page_rank=rank,
                bullet_x0=p.marker.x0 if bullet and p.marker is not None else None,
                bullet=p.bullet,
                minor=_minor_heading(p),
            )
        )

    def finish(self) -> list[Block]:
        """Every block, once the last unit is closed and paragraphs' kinds are decided."""
        self._close()
        notes = self.notes
        levels, minor_level = _heading_levels(notes)
        lefts: dict[int, float] = {}
        for n in notes:
            lefts[n.page] = min(lefts.get(n.page, n.x0), n.x0)
        indents = _depths(n.bullet_x0 - lefts[n.page] for n in notes if n.bullet_x0 is not None)
        for pos, n in enumerate(notes):
            block = self.blocks[n.index]
            style = Style(
                bold=n.bold,
                italic=n.italic,
                font_size=n.size,
                indent=round(n.x0 - lefts[n.page], 2),
                all_caps=n.all_caps,
                space_before=n.space,
            )
            text, source = block.text, block.source
            if pos in levels:
                block = Block(text, BlockKind.HEADING, source, level_hint=levels[pos], style=style)
            elif n.bullet_x0 is not None:
                block = Block(
                    text=text,
                    kind=BlockKind.LIST_ITEM,
                    source=source,
                    level_hint=_depth(indents, n.bullet_x0 - lefts[n.page]),
                    list_marker=n.bullet,
                    style=style,
                )
            elif n.minor:
                block = Block(text, BlockKind.HEADING, source, level_hint=minor_level, style=style)
            else:
                block = Block(text, BlockKind.PARAGRAPH, source, style=style)
            self.blocks[n.index] = block
        return self.blocks


def _para_goes_on(prev: Para, para: Para, right: float) -> bool:
    """True when the first paragraph of a page is the rest of the last one of the page before.

    Same typography, no new bullet, and the text reads on ("… de" / "la commune") or the
    last line was full and unfinished (no sentence punctuation).
    """
    if para.marker is not None and para.marker.kind in ("bullet", "enum", "label"):
        return False
    if abs(prev.size - para.size) > SAME_SIZE_DELTA or style_changes(prev.last, para.first):
        return False
    if reads_on(prev.text, para.text):
        return True
    return not ends_clause(prev.text) and not fits_after(prev.last, para.first.words[0], right)


# ----------------------------------------------------------------------------- blocks


def _body_size(sizes: Counter[float]) -> float:
    return sizes.most_common(1)[0][0] if sizes else DEFAULT_BODY_SIZE


def _size_class(size: float) -> float:
    return round(size / FONT_SIZE_BIN) * FONT_SIZE_BIN


def _heading_levels(notes: Sequence[_Note]) -> tuple[dict[int, int], int]:
    """Heading level by paragraph position for size headings, and the level of bold
    headings."""
    candidates = [i for i, n in enumerate(notes) if n.heading_class is not None]
    classes = sorted({notes[i].heading_class or 0.0 for i in candidates}, reverse=True)
    levels: dict[int, int] = {}
    if not classes:
        return levels, 1
    top = [i for i in candidates if notes[i].heading_class == classes[0]]
    title: int | None = None
    if len(top) == 1:
        rank = notes[top[0]].first_page_rank
        if rank is not None and rank < TITLE_FIRST_PARAS:
            title = top[0]
            levels[title] = 0
            classes = classes[1:]
    rank_of = {c: i + 1 for i, c in enumerate(classes)}
    for i in candidates:
        if i != title:
            levels[i] = rank_of[notes[i].heading_class or 0.0]
    return levels, len(classes) + 1


def _could_be_heading(p: Para) -> bool:
    return (p.marker is None or p.marker.kind != "bullet") and (
        p.nlines <= HEADING_MAX_LINES and len(p.text) <= HEADING_MAX_CHARS
    )


def _all_caps(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= ALL_CAPS_MIN_LETTERS and all(c.isupper() for c in letters)


def _minor_heading(p: Para) -> bool:
    """A body-size line set apart by bold or capitals ("OBJECTIFS", "**Axe 2**")."""
    if not _could_be_heading(p) or p.nlines > MINOR_HEADING_MAX_LINES:
        return False
    if len(p.text) > BOLD_HEADING_MAX_CHARS:
        return False
    if p.text.rstrip().endswith((".", ";", ",")):
        return False
    return p.bold or _all_caps(p.text)


def _depths(markers: Iterable[float], tol: float = LIST_INDENT_SNAP) -> list[float]:
    """Distinct indents (snapped), left to right: the index is the list depth."""
    out: list[float] = []
    for x in sorted(markers):
        if not out or x - out[-1] > tol:
            out.append(x)
    return out


def _depth(levels: Sequence[float], x: float) -> int:
    best = min(range(len(levels)), key=lambda i: abs(levels[i] - x)) if levels else 0
    return best


def _cell_depths(cell: Cell) -> list[float]:
    return _depths(p.marker.x0 for p in cell.paras if p.marker is not None)


def _cell_blocks(number: int, cell: Cell) -> list[Block]:
    """The blocks of one settled cell of table ``number``: one per paragraph."""
    out: list[Block] = []
    depths = _cell_depths(cell)
    for p in cell.paras:
        ref = TableRef(
            table=number,
            row=cell.lrow,
            column=cell.col + 1,
            row_span=cell.lspan,
            col_span=cell.col_span,
            is_header=cell.header,
            continued=p.continued,
        )
        level = None
        if p.marker is not None and p.marker.kind == "bullet":
            level = _depth(depths, p.marker.x0)
        out.append(
            Block(
                text=p.text,
                kind=BlockKind.CELL,
                source=Source.of_page(p.page, rounded(p.bbox), number, cell.lrow, cell.col + 1),
                level_hint=level,
                list_marker=p.bullet,
                style=Style(bold=p.bold, italic=p.italic, font_size=p.size),
                table=ref,
            )
        )
    return out
