"""The faster layout code of the PDF reader gives what the code before it gave.

Issue #15's borderless speed work replaced several functions by faster equivalents
(grouping words into lines and regrouping a cell's parts, a line's record, gutter
cutting, list markers, line-end hyphens, the borderless table finder that grows each
region once). ``tests/layout_reference.py`` keeps the code as it was; here both run on
generated words — table-like grids of several columns with wrapped cells, bullets,
numbers and labels, mixed sizes, superscripts, bold runs, tabs — and must agree exactly.

Generating pages is what takes the time: a few dozen pages per test by default,
``PSTPARSE_LAYOUT_EXAMPLES=500`` for a deeper run (``PSTPARSE_SLOW=1`` gives 300).
"""

from __future__ import annotations

import math
import os
from collections.abc import Sequence
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import tests.layout_reference as ref
from pstparse.extractors._gutters import blank_parts
from pstparse.extractors.pdf import Line, Word, find_tables, group_lines, split_marker
from pstparse.extractors.pdf._geometry import join_words, regroup, union_bbox
from pstparse.extractors.pdf._text import _line_para
from pstparse.lexicon.hyphens import Vocabulary, join_hyphenated

TOKENS = [
    "Planter",
    "des",
    "arbres",
    "de",
    "la",
    "place",
    "Commune",
    "rénover",
    "et",
    "pour",
    "école.",
    "socio-",
    "ré-",
    "•",
    "-",
    "o",
    "–",
    "1.",
    "a)",
    "(b)",
    "iv.",
    "1.2",
    "2.3.1.",
    "OS",
    "1",
    "3 :",
    ":",
    "Action",
    "Objectif",
    "opérationnel",
    "N°",
    "«",
    "»",
    "\uf0b7",
    "\uf0b7Texte",
    "•Point",
    "Budget :",
    "x",
]

PAGES = int(
    os.environ.get(
        "PSTPARSE_LAYOUT_EXAMPLES", "300" if os.environ.get("PSTPARSE_SLOW") == "1" else "30"
    )
)
"""Generated pages (or pairs of pages) per test."""

sizes = st.sampled_from([6.0, 9.0, 10.0, 10.04, 11.0, 12.0])


@st.composite
def line_words(draw: Any, x: float, top: float, width: float) -> list[Word]:
    """The words of one line of a column: mostly one font, sometimes a smaller raised
    word (a superscript), a bold run, a tab after the first words."""
    size = draw(sizes)
    char = draw(st.sampled_from([4.0, 5.0, 5.5]))
    words: list[Word] = []
    bold = draw(st.booleans())
    for i in range(draw(st.integers(1, 6))):
        text = draw(st.sampled_from(TOKENS))
        w_size, w_top = size, top
        if i and draw(st.integers(0, 9)) == 0:
            w_size, w_top = draw(sizes), top - draw(st.sampled_from([0.0, 1.5, 3.0, 6.0]))
        if draw(st.integers(0, 5)) == 0:
            bold = not bold
        end = x + char * len(text)
        words.append(Word(text, x, end, w_top, w_top + w_size, w_size, bold))
        gap = draw(st.sampled_from([0.0, 0.5, 2.5, 3.0, 5.0, 12.0, 30.0]))
        x = end + gap
        if x > width and i:
            break
    return words


@st.composite
def pages(draw: Any) -> list[Word]:
    """A page: free lines, then a grid of 1-4 columns whose cells wrap over 0-3 lines
    (a merged cell beside several rows now and then), then free lines."""
    words: list[Word] = []
    top = 50.0
    for _ in range(draw(st.integers(0, 2))):
        words += draw(line_words(50.0, top, 500.0))
        top += draw(st.sampled_from([12.0, 14.0, 30.0]))
    ncols = draw(st.integers(1, 4))
    edges = [50.0]
    for _ in range(ncols):
        edges.append(edges[-1] + draw(st.sampled_from([60.0, 110.0, 160.0])))
    gutter = draw(st.sampled_from([8.0, 15.0, 30.0]))
    pitch = draw(st.sampled_from([11.0, 12.0, 13.5]))
    for _ in range(draw(st.integers(1, 8))):
        tallest = 0
        for c in range(ncols):
            nlines = draw(st.integers(0, 3))
            for k in range(nlines):
                indent = draw(st.sampled_from([0.0, 0.0, 10.0]))
                words += draw(line_words(edges[c] + indent, top + k * pitch, edges[c + 1] - gutter))
            tallest = max(tallest, nlines)
        top += max(1, tallest) * pitch + draw(st.sampled_from([0.0, 2.0, 6.0, 20.0, 45.0]))
    for _ in range(draw(st.integers(0, 2))):
        words += draw(line_words(50.0, top, 500.0))
        top += draw(st.sampled_from([12.0, 30.0]))
    return draw(st.permutations(words))


def _table_view(found: Sequence[Any]) -> list[Any]:
    """Everything a found table holds, as plain values (PageTable and Cell compare by
    identity)."""
    out: list[Any] = []
    for b in found:
        t = b.table
        cells = [
            (c.row, c.col, c.row_span, c.col_span, c.bbox, c.page, c.lines, c.right)
            for c in t.cells
        ]
        gutters = [(g.x0, g.x1, g.support) for g in b.gutters]
        out.append((b.start, b.end, gutters, t.page, t.bbox, t.cols, t.nrows, t.ruled, cells))
    return out


@settings(max_examples=PAGES, deadline=None)
@given(pages(), pages())
def test_find_tables_as_before(first: list[Word], second: list[Word]) -> None:
    lines = ref.group_lines(first)
    assert group_lines(first) == lines
    old = ref.find_tables(lines, 1)
    new = find_tables(lines, 1)
    assert _table_view(new) == _table_view(old)
    # The next page, continuing the last table's columns.
    carry: list[Any] = old[-1].gutters if old else []
    nxt = ref.group_lines(second)
    assert _table_view(find_tables(nxt, 2, carry)) == _table_view(ref.find_tables(nxt, 2, carry))


@settings(max_examples=PAGES, deadline=None)
@given(pages())
def test_group_lines_and_line_records_as_before(words: list[Word]) -> None:
    lines = group_lines(words)
    assert lines == ref.group_lines(words)
    for line in lines:
        assert Line.of(line.words) == ref.line_of(line.words)
        assert line.text == ref.join_words(line.words) == join_words(line.words)


@st.composite
def cells(draw: Any) -> list[Line]:
    """A column's parts as the finder cuts them: lines of a page, some words of each
    left out (the other columns), in page order."""
    lines = ref.group_lines(draw(pages()))
    parts: list[Line] = []
    for line in lines:
        keep = [w for w in line.words if draw(st.integers(0, 3))]
        if keep:
            parts.append(ref.line_of(keep))
    return parts


@settings(max_examples=PAGES, deadline=None)
@given(cells())
def test_regroup_as_grouping_again(parts: list[Line]) -> None:
    words = [w for part in parts for w in part.words]
    assert regroup(parts) == ref.group_lines(words)


@pytest.mark.parametrize(
    "parts",
    [
        # One font a line, lines apart: the parts as they are.
        [[(50, 100, 110), (80, 100, 110)], [(50, 112, 122)]],
        # A raised word inside a line, lines overlapping, the same centre twice,
        # a line higher than the one before, words out of order.
        [[(50, 100, 110), (80, 98, 104)], [(50, 112, 122)]],
        [[(50, 100, 110)], [(50, 104, 114)]],
        [[(50, 100, 110)], [(90, 100, 110)]],
        [[(50, 100, 120)], [(50, 99, 123)]],
        [[(80, 100, 110), (50, 100, 110)]],
        [[(50, 100, 100)], [(50, 100, 100)]],
        # A coordinate that is not a number (a broken matrix): the long way.
        [[(math.nan, 100, 110), (80, 100, 110)], [(50, 112, 122)]],
        [[(50, 100, 110)], [(math.nan, 112, 122), (50, 112, 122)]],
    ],
)
def test_regroup_layouts(parts: list[list[tuple[float, float, float]]]) -> None:
    lines = [Line.of([Word("mot", x, x + 20, t, b, b - t or 1.0) for x, t, b in p]) for p in parts]
    words = [w for line in lines for w in line.words]
    assert regroup(lines) == ref.group_lines(words)


boxes = st.tuples(*[st.floats(-1e4, 1e4, allow_nan=False)] * 4)


@given(st.lists(boxes, min_size=1, max_size=8))
def test_union_bbox_as_before(items: list[tuple[float, float, float, float]]) -> None:
    assert union_bbox(items) == ref.union_bbox(items)
    assert union_bbox(iter(items)) == ref.union_bbox(iter(items))


def test_union_bbox_of_nothing() -> None:
    with pytest.raises(ValueError):
        ref.union_bbox([])
    with pytest.raises(ValueError):
        union_bbox([])


spans_int = st.lists(st.tuples(st.integers(0, 60), st.integers(0, 60)), max_size=8)
spans_float = st.lists(
    st.tuples(st.floats(0, 600, allow_nan=False), st.floats(0, 600, allow_nan=False)), max_size=8
)


@given(st.integers(0, 60), st.integers(0, 60), spans_int, st.integers(0, 5))
def test_blank_parts_as_before_in_characters(start: int, end: int, occupied: Any, w: int) -> None:
    assert blank_parts(start, end, occupied, w) == ref.blank_parts(start, end, occupied, w)


@given(
    st.floats(0, 600, allow_nan=False),
    st.floats(0, 600, allow_nan=False),
    spans_float,
    st.floats(0, 10, allow_nan=False),
)
def test_blank_parts_as_before_in_points(start: float, end: float, occupied: Any, w: float) -> None:
    assert blank_parts(start, end, occupied, w) == ref.blank_parts(start, end, occupied, w)


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_split_marker_and_line_paragraph_as_before(data: st.DataObject) -> None:
    words = data.draw(line_words(50.0, 100.0, 400.0))
    assert split_marker(words) == ref.split_marker(words)
    line = Line.of(words)
    marker, rest = ref.split_marker(line.words)
    para = _line_para(line, 1)
    assert para.marker == marker
    assert para.text == (ref.join_words(rest) if rest else "")


texts = st.text(alphabet="ab É1-\u2010\u00ad \n.", max_size=12)


@given(texts, texts, st.lists(texts, max_size=3))
def test_join_hyphenated_as_before(prev: str, nxt: str, seen: list[str]) -> None:
    vocab = Vocabulary()
    for text in seen:
        vocab.add_line(text)
    assert join_hyphenated(prev, nxt, vocab) == ref.join_hyphenated(prev, nxt, vocab)
    assert join_hyphenated(prev, nxt) == ref.join_hyphenated(prev, nxt)


def test_generated_pages_hold_tables() -> None:
    """The generator makes what the finder is for: tables of several columns, cells over
    several rows, pages that continue a table (or the equality tests prove little)."""
    found = {"tables": 0, "columns": 0, "spans": 0, "carried": 0}

    @settings(max_examples=40, deadline=None, database=None, derandomize=True)
    @given(pages(), pages())
    def run(first: list[Word], second: list[Word]) -> None:
        tables = find_tables(group_lines(first), 1)
        found["tables"] += len(tables)
        found["columns"] += sum(1 for b in tables if b.table.ncols >= 3)
        found["spans"] += sum(1 for b in tables for c in b.table.cells if c.row_span > 1)
        if tables:
            nxt = find_tables(group_lines(second), 2, tables[-1].gutters)
            found["carried"] += sum(1 for b in nxt if b.start == 0)

    run()
    assert all(n > 0 for n in found.values()), found
