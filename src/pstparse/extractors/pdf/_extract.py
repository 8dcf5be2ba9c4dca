"""The PDF extractor: pages → furniture, tables, paragraphs → blocks in reading order."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from pstparse.extractors.pdf._borderless import Borderless, Gutter, find_tables, header_row
from pstparse.extractors.pdf._furniture import PageLines, find_furniture
from pstparse.extractors.pdf._geometry import Line, rounded
from pstparse.extractors.pdf._reader import Document, PageData, read_document
from pstparse.extractors.pdf._tables import Cell, LogicalTable, PageTable, aligned
from pstparse.extractors.pdf._text import (
    Layout,
    Para,
    fits_after,
    paragraphs,
    reads_on,
    style_changes,
    typical_line_gap,
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
    """Lay out pages already read (from a text layer or by OCR) into blocks."""
    furniture = _take_furniture(doc)
    vocab = _vocabulary(doc, furniture)
    line_gap = typical_line_gap(_line_groups(doc))
    pages: list[list[_Item]] = []
    carry: list[Gutter] = []
    margins = _right_margins(doc)
    for page in doc.pages:
        items, carry = _page_items(
            page,
            line_gap,
            vocab,
            furniture.get(page.number, []),
            carry,
            margins.get(round(page.width)),
        )
        pages.append(items)
    units = _stitch(pages, vocab)
    body = _body_size(doc.sizes)
    blocks = _blocks(units, body)
    return Extraction(
        blocks=blocks,
        format=fmt,
        pages=len(doc.pages),
        furniture=[b for page in doc.pages for _, b in furniture.get(page.number, [])],
        title=doc.title,
        findings=[*_reader_findings(doc), *doc.findings],
    )


def _reader_findings(doc: Document) -> list[Finding]:
    """Say so when pdfminer, not pdfium, read the file (slower; same kind of records)."""
    if doc.fallback is None:
        return []
    return [finding("pdf-reader-fallback", DEFAULT_LANG, reason=doc.fallback)]


# ----------------------------------------------------------------------------- furniture

_Furniture = dict[int, list[tuple[Line, Block]]]


def _take_furniture(doc: Document) -> _Furniture:
    """Take running headers, footers and page numbers out of the pages' free lines."""
    found = find_furniture([PageLines(p.number, p.height, p.lines) for p in doc.pages])
    out: _Furniture = {}
    for page in doc.pages:
        keep: list[Line] = []
        for idx, line in enumerate(page.lines):
            if (page.number, idx) in found:
                block = Block(
                    text=line.text,
                    kind=BlockKind.PARAGRAPH,
                    source=Source(page=page.number, bbox=rounded(line.bbox)),
                    style=Style(bold=line.bold, font_size=line.size),
                )
                out.setdefault(page.number, []).append((line, block))
            else:
                keep.append(line)
        page.lines = keep
    return out


# ----------------------------------------------------------------------------- pages


def _all_lines(doc: Document) -> Iterable[Line]:
    for page in doc.pages:
        yield from page.lines
        for table in page.tables:
            for cell in table.cells:
                yield from cell.lines


def _vocabulary(doc: Document, furniture: _Furniture) -> Vocabulary:
    vocab = Vocabulary()
    for line in _all_lines(doc):
        vocab.add_line(line.text)
    for lines in furniture.values():
        for line, _ in lines:
            vocab.add_line(line.text)
    return vocab


def _line_groups(doc: Document) -> Iterable[Sequence[Line]]:
    for page in doc.pages:
        yield page.lines
        for table in page.tables:
            for cell in table.cells:
                yield cell.lines


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


def _right_margins(doc: Document) -> dict[int, float]:
    """The right edge of the text, per page width: most lines of full paragraphs reach it.

    A page with a few short lines (a cover page) has no full line of its own; the
    document's other pages of the same width say where its lines could have gone.
    """
    ends: dict[int, list[float]] = {}
    for page in doc.pages:
        ends.setdefault(round(page.width), []).extend(ln.x1 for ln in page.lines)
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


def _stitch(pages: Sequence[list[_Item]], vocab: Vocabulary) -> list[_Unit]:
    """Join tables and paragraphs that a page break cut in two."""
    units: list[_Unit] = []
    last_item: _Item | None = None
    last_table: LogicalTable | None = None
    number = 0
    for items in pages:
        for pos, item in enumerate(items):
            first_on_page = pos == 0
            if item.part is not None:
                prev_part = last_item.part if last_item is not None else None
                if (
                    first_on_page
                    and last_table is not None
                    and prev_part is not None
                    and aligned(prev_part, item.part)
                ):
                    last_table.add(item.part)
                else:
                    number += 1
                    last_table = LogicalTable(number, vocab=vocab)
                    last_table.add(item.part)
                    units.append(last_table)
            elif item.para is not None:
                prev_para = last_item.para if last_item is not None else None
                if (
                    first_on_page
                    and prev_para is not None
                    and last_item is not None
                    and _para_goes_on(prev_para, item.para, last_item.right)
                ):
                    prev_para.append(item.para, vocab)
                    continue
                units.append(item.para)
            last_item = item
    return units


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


def _heading_levels(paras: Sequence[Para], body: float) -> tuple[dict[int, int], int]:
    """Heading level by paragraph id for size headings, and the level of bold headings."""
    candidates = [p for p in paras if _could_be_heading(p) and p.size >= body + HEADING_SIZE_STEP]
    classes = sorted({_size_class(p.size) for p in candidates}, reverse=True)
    levels: dict[int, int] = {}
    if not classes:
        return levels, 1
    top = [p for p in candidates if _size_class(p.size) == classes[0]]
    title: Para | None = None
    first_page = [p for p in paras if p.page == 1][:TITLE_FIRST_PARAS]
    if len(top) == 1 and top[0].page == 1 and any(p is top[0] for p in first_page):
        title = top[0]
        levels[id(title)] = 0
        classes = classes[1:]
    rank = {c: i + 1 for i, c in enumerate(classes)}
    for p in candidates:
        if p is not title:
            levels[id(p)] = rank[_size_class(p.size)]
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


def _blocks(units: Sequence[_Unit], body: float) -> list[Block]:
    paras = [u for u in units if isinstance(u, Para)]
    levels, minor_level = _heading_levels(paras, body)
    lefts: dict[int, float] = {}
    for p in paras:
        lefts[p.page] = min(lefts.get(p.page, p.bbox[0]), p.bbox[0])
    indents = _depths(
        p.marker.x0 - lefts[p.page]
        for p in paras
        if p.marker is not None and p.marker.kind == "bullet"
    )
    out: list[Block] = []
    prev_bottom: tuple[int, float] | None = None
    for unit in units:
        if isinstance(unit, LogicalTable):
            out.extend(_table_blocks(unit))
            prev_bottom = None
            continue
        p = unit
        space = None
        if prev_bottom is not None and prev_bottom[0] == p.page:
            space = round(max(0.0, p.bbox[1] - prev_bottom[1]), 2)
        prev_bottom = (p.page, p.bbox[3])
        style = Style(
            bold=p.bold,
            italic=p.italic,
            font_size=p.size,
            indent=round(p.bbox[0] - lefts[p.page], 2),
            all_caps=_all_caps(p.text) or None,
            space_before=space,
        )
        source = Source(page=p.page, bbox=rounded(p.bbox))
        if id(p) in levels:
            out.append(
                Block(p.text, BlockKind.HEADING, source, level_hint=levels[id(p)], style=style)
            )
        elif p.marker is not None and p.marker.kind == "bullet":
            out.append(
                Block(
                    text=p.text,
                    kind=BlockKind.LIST_ITEM,
                    source=source,
                    level_hint=_depth(indents, p.marker.x0 - lefts[p.page]),
                    list_marker=p.bullet,
                    style=style,
                )
            )
        elif _minor_heading(p):
            out.append(
                Block(p.text, BlockKind.HEADING, source, level_hint=minor_level, style=style)
            )
        else:
            out.append(Block(p.text, BlockKind.PARAGRAPH, source, style=style))
    return out


def _cell_depths(cell: Cell) -> list[float]:
    return _depths(p.marker.x0 for p in cell.paras if p.marker is not None)


def _table_blocks(table: LogicalTable) -> list[Block]:
    out: list[Block] = []
    for cell in table.ordered_cells():
        depths = _cell_depths(cell)
        for p in cell.paras:
            ref = TableRef(
                table=table.number,
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
                    source=Source(
                        page=p.page,
                        bbox=rounded(p.bbox),
                        table=table.number,
                        row=cell.lrow,
                        column=cell.col + 1,
                    ),
                    level_hint=level,
                    list_marker=p.bullet,
                    style=Style(bold=p.bold, italic=p.italic, font_size=p.size),
                    table=ref,
                )
            )
    return out
