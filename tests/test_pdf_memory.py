"""The PDF reader's memory beyond its output stays flat in the page count.

Every page is read before the whole-document statistics (running headers, vocabulary,
line gap, margins) let any page be laid out. A long document's pages are packed as they
are read (``HELD_PAGES``), pages are laid out and made blocks one at a time, and a table
running over many pages gives up its settled cells at every page; so what the reader
holds at its peak, beyond the blocks it returns, must not grow by much per page.
Measured with tracemalloc on generated PDFs of N and 4N pages, in two layouts: a table
per page among free paragraphs, and one ruled table running over every page (the usual
shape of a PST).
"""

from __future__ import annotations

import io
import tracemalloc
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pstparse.extractors.pdf import (
    Line,
    PageData,
    PageLines,
    Word,
    edges,
    extract_pdf,
    find_furniture,
    hold,
    summarise,
    thresholds,
)
from tests.conftest import SAMPLES

SMALL_PAGES = 6
LARGE_PAGES = 4 * SMALL_PAGES

TEST_HELD_PAGES = 2
"""Pages held unpacked in these tests: far below the default, so that the packed path is
the one measured (and compared on every sample)."""

MAX_GROWTH_PER_PAGE = 40 * 1024
"""Bytes. Holding every page's words, lines and paragraphs until the end took about
100-125 KiB a page of these layouts; packed pages laid out one at a time take about
10-20 KiB (the page's summary and its packed records)."""


def _story_pages(pages: int) -> list[Any]:
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import PageBreak, Paragraph, Table, TableStyle

    styles = getSampleStyleSheet()
    story: list[Any] = []
    for p in range(pages):
        story.append(
            Paragraph(
                f"Objectif stratégique {p + 1} : améliorer le cadre de vie", styles["Heading2"]
            )
        )
        for k in range(6):
            words = " ".join(f"mot{k}{j} commune{p % 7} projet" for j in range(30))
            story.append(Paragraph(words, styles["Normal"]))
        rows = [["Code", "Action", "Pilote"]] + [
            [f"{p + 1}.{r}", f"Action {r} de la page {p} pour la commune", "Service travaux"]
            for r in range(8)
        ]
        table = Table(rows, colWidths=[60, 300, 120])
        table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, (0, 0, 0))]))
        story += [table, PageBreak()]
    return story


ROWS_PER_PAGE = 9
"""Rows of the running table that fill about one A4 page (three-line action cells)."""


def _story_one_table(pages: int) -> list[Any]:
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, Table, TableStyle

    normal = getSampleStyleSheet()["Normal"]
    rows: list[list[Any]] = [["Code", "Action", "Pilote"]]
    for r in range(pages * ROWS_PER_PAGE):
        text = " ".join(f"action{r} mot{j} de la commune" for j in range(12))
        rows.append([f"{r // 10 + 1}.{r % 10 + 1}", Paragraph(text, normal), "Service"])
    table = Table(rows, colWidths=[60, 300, 120], repeatRows=1)
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, (0, 0, 0))]))
    return [table]


def _pdf(story: list[Any]) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import SimpleDocTemplate

    def furniture(canvas: Any, doc: Any) -> None:
        canvas.setFont("Helvetica", 8)
        canvas.drawString(72, 810, "Programme stratégique transversal — Commune de Test")
        canvas.drawString(500, 30, f"Page {doc.page}")

    buf = io.BytesIO()
    SimpleDocTemplate(buf, pagesize=A4).build(story, onFirstPage=furniture, onLaterPages=furniture)
    return buf.getvalue()


def _held_beyond_output(data: bytes) -> tuple[int, int, int]:
    """(peak minus what the returned extraction holds in bytes, blocks, pages)."""
    extract_pdf(data, ocr="never")  # imports and caches out of the measure
    tracemalloc.start()
    try:
        extraction = extract_pdf(data, ocr="never")
        current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak - current, len(extraction.blocks), extraction.pages or 0


@pytest.mark.slow
@pytest.mark.parametrize("layout", [_story_pages, _story_one_table], ids=["pages", "one-table"])
def test_memory_beyond_output_is_flat_in_page_count(
    layout: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(thresholds, "HELD_PAGES", TEST_HELD_PAGES, raising=False)
    small, small_blocks, small_pages = _held_beyond_output(_pdf(layout(SMALL_PAGES)))
    large, large_blocks, large_pages = _held_beyond_output(_pdf(layout(LARGE_PAGES)))
    # The document was read whole: about four times the pages, more than twice the blocks
    # (the running table's header row is repeated, not read again, on every page).
    assert large_pages >= 3 * small_pages and large_blocks > 2 * small_blocks
    growth = (large - small) / (large_pages - small_pages)
    assert growth < MAX_GROWTH_PER_PAGE, (small, large, small_pages, large_pages)


def _pdf_samples() -> list[Path]:
    return sorted(p for p in SAMPLES.iterdir() if p.suffix.lower() == ".pdf")


@pytest.mark.parametrize("sample", _pdf_samples(), ids=lambda p: p.name)
def test_packed_and_reopened_read_the_same(sample: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every PDF sample reads the same blocks with its pages held as objects (the default
    for a short document, checked against the goldens by test_samples.py) and with every
    page packed and pdfium reopening the document at every page."""
    data = sample.read_bytes()
    held = extract_pdf(data, name=sample.name, ocr="never")
    monkeypatch.setattr(thresholds, "HELD_PAGES", 0)
    monkeypatch.setattr(thresholds, "PDFIUM_REOPEN_PAGES", 1)
    packed = extract_pdf(data, name=sample.name, ocr="never")
    assert packed.blocks == held.blocks
    assert packed.furniture == held.furniture
    assert packed.findings == held.findings


def test_packed_page_comes_back_equal() -> None:
    """A packed page unpacks to the same lines and tables, as often as asked, and its
    summary is what the page itself would give."""

    words = [
        Word("Objectif", 72.0, 110.5, 100.0, 111.0, 11.0, bold=True),
        Word("1.2", 113.0, 125.25, 100.0, 111.0, 11.0),
        Word("écoles", 128.0, 160.0, 100.5, 111.5, 10.5, italic=True),
    ]
    lines = [Line.of(words), Line.of(words[1:])]
    page = PageData(3, 595.0, 842.0, lines=list(lines), chars=42)
    expected = summarise(3, 842.0, lines, [])
    assert page.pack() is page
    assert page.lines == [] and page.packed is not None
    assert page.summary is not None
    assert page.summary.texts == expected.texts == ("Objectif 1.2 écoles", "1.2 écoles")
    assert page.summary.boxes == expected.boxes
    assert [ln.text for ln in page.summary.edges.lines] == list(expected.texts)
    assert all(ln.words == () for ln in page.summary.edges.lines)
    for _ in range(2):
        back = page.unpacked()
        assert back.lines == lines
        assert [type(w) for w in back.lines[0].words] == [Word] * 3
        assert (back.number, back.width, back.height, back.chars) == (3, 595.0, 842.0, 42)
    assert page.packed is not None


def test_page_without_records_is_not_packed() -> None:

    page = PageData(1, 595.0, 842.0, images=2)
    assert page.pack().packed is None
    assert page.unpacked() is page


@pytest.mark.parametrize("held", [0, 1, 3])
def test_pages_are_packed_past_the_held_count(held: int, monkeypatch: pytest.MonkeyPatch) -> None:

    monkeypatch.setattr(thresholds, "HELD_PAGES", held)
    pages: list[PageData] = []
    line = Line.of([Word("Texte", 72.0, 100.0, 100.0, 111.0, 11.0)])
    for number in range(1, 6):
        hold(pages, PageData(number, 595.0, 842.0, lines=[line]))
        packed = [p.packed is not None for p in pages]
        # Up to ``held`` pages nothing is packed; past it, every page is.
        assert packed == [len(pages) > held] * len(pages)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(min_value=0, max_value=12),  # body lines
            st.booleans(),  # running header
            st.sampled_from(["none", "number", "footer", "both"]),
        ),
        min_size=1,
        max_size=8,
    )
)
def test_edge_lines_find_the_same_furniture(shape: list[tuple[int, bool, str]]) -> None:
    """Furniture found from the first and last lines of each page (what the summaries
    keep of every page) is the furniture found from all lines, at the same indices."""

    def line(text: str, top: float) -> Line:
        words, x = [], 72.0
        for token in text.split():
            words.append(Word(token, x, x + 6 * len(token), top, top + 10, 10.0))
            x += 6 * len(token) + 3
        return Line.of(words)

    full, trimmed = [], []
    for number, (body, header, footer) in enumerate(shape, start=1):
        lines = [line("Programme stratégique transversal", 30.0)] if header else []
        lines += [line(f"Ligne {k} du texte de la page", 100.0 + 20 * k) for k in range(body)]
        if footer in ("footer", "both"):
            lines.append(line("Commune de Test — PST 2025", 790.0))
        if footer in ("number", "both"):
            lines.append(line(f"Page {number}", 805.0))
        full.append(PageLines(number, 842.0, lines))
        trimmed.append(edges(number, 842.0, lines))
    assert find_furniture(trimmed) == find_furniture(full)


@pytest.mark.parametrize("pages", [2, 3])
def test_running_table_cells_come_out_in_order_with_their_header(pages: int) -> None:
    """A table over several pages, made blocks page by page: its cells come out by row
    then column, every row once, and the header row repeated on every page is flagged a
    header even though its cells were made blocks before the repeat was seen."""
    extraction = extract_pdf(_pdf(_story_one_table(pages)), ocr="never")
    cells = [b for b in extraction.blocks if b.table is not None]
    assert {b.table.table for b in cells if b.table} == {1}
    keys = [(b.table.row, b.table.column) for b in cells if b.table]
    assert keys == sorted(keys)
    assert extraction.pages is not None and extraction.pages >= pages
    headers = [b for b in cells if b.table is not None and b.table.is_header]
    # The first page's header row, and its repeat on every later page, are headers.
    assert [b.text for b in headers] == ["Code", "Action", "Pilote"] * extraction.pages
    assert min(b.table.row for b in headers if b.table) == 1
    codes = [
        b.text
        for b in cells
        if b.table is not None and b.table.column == 1 and not b.table.is_header
    ]
    assert codes == [f"{r // 10 + 1}.{r % 10 + 1}" for r in range(pages * ROWS_PER_PAGE)]
