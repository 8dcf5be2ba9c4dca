"""Tests of the PDF extractor.

Fixture PDFs are built by tests/fixtures/pdf/build.py (DOCX → LibreOffice → PDF); the
expected texts come from the data in that script, never from a hand-written copy.
Pure parts (line joining, paragraphs, stitching, gutters, furniture) are also tested on
synthetic words, with hypothesis where parsing is involved.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from collections import Counter
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pstparse.extractors.pdf import (
    Cell,
    Layout,
    Line,
    LogicalTable,
    PageLines,
    PageTable,
    Word,
    aligned,
    extract_pdf,
    find_furniture,
    find_tables,
    group_lines,
    is_page_number,
    paragraphs,
    reads_on,
    split_marker,
)
from pstparse.lexicon.hyphens import Vocabulary
from pstparse.model.errors import EncryptedError, InputError, NeedsOCRError, PstparseError
from pstparse.model.ir import Block, BlockKind, Extraction

FIXTURES = Path(__file__).parent / "fixtures" / "pdf"


def _load_build() -> ModuleType:
    spec = importlib.util.spec_from_file_location("pdf_fixture_build", FIXTURES / "build.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


build = _load_build()


@cache
def extracted(name: str) -> Extraction:
    return extract_pdf((FIXTURES / name).read_bytes(), name=name)


def cells(ex: Extraction, column: int | None = None) -> list[Block]:
    return [
        b
        for b in ex.blocks
        if b.kind is BlockKind.CELL
        and b.table is not None
        and (column is None or b.table.column == column)
    ]


def body(blocks: Sequence[Block]) -> list[Block]:
    return [b for b in blocks if b.table is not None and not b.table.is_header]


def split_bullet(text: str) -> tuple[str | None, str]:
    """How the extractor should present a typed paragraph: bullet stripped, number kept."""
    head, _, rest = text.partition(" ")
    if head in ("•", "-", "o", "▪"):
        return head, rest
    return None, text


# ============================================================================ ruled tables


class TestRuledLongTable:
    """A ruled table over four pages with merged OS/OO cells and a repeated header row."""

    ex = property(lambda self: extracted("ruled_long.pdf"))

    def test_document_level(self) -> None:
        assert self.ex.format == "pdf"
        assert self.ex.pages == 4
        assert self.ex.title == "Programme stratégique transversal – fixture"
        assert {b.table.table for b in cells(self.ex) if b.table} == {1}

    def test_header_rows_repeated_and_flagged(self) -> None:
        headers = [b for b in cells(self.ex) if b.table and b.table.is_header]
        by_row: dict[int, list[str]] = {}
        for b in headers:
            assert b.table is not None
            by_row.setdefault(b.table.row, []).append(b.text)
        assert len(by_row) == self.ex.pages
        assert all(texts == list(build.COLUMN_HEADERS) for texts in by_row.values())
        assert {b.source.page for b in headers} == set(range(1, self.ex.pages + 1))
        assert min(by_row) == 1

    def test_rows_are_consecutive(self) -> None:
        rows = {b.table.row for b in cells(self.ex) if b.table}
        assert rows == set(range(1, max(rows) + 1))

    def test_each_objective_once_with_span_covering_its_actions(self) -> None:
        col1, col2, col3 = (body(cells(self.ex, c)) for c in (1, 2, 3))
        action_rows = [b.table.row for b in col3 if b.table and b.list_marker is None]
        for os_ in build.LONG_PLAN:
            found = [b for b in col1 if b.text == os_.paragraphs[0]]
            assert len(found) == 1, os_.paragraphs[0]
            ref = found[0].table
            assert ref is not None and ref.row_span > 1
            span = range(ref.row, ref.row + ref.row_span)
            for oo in os_.oos:
                oo_blocks = [b for b in col2 if b.text == oo.title]
                assert len(oo_blocks) == 1, oo.title
                oo_ref = oo_blocks[0].table
                assert oo_ref is not None
                assert oo_ref.row in span
                assert oo_ref.row + oo_ref.row_span - 1 in span
                oo_span = range(oo_ref.row, oo_ref.row + oo_ref.row_span)
                inside = {r for r in action_rows if r in oo_span}
                assert len(inside) == len(oo.actions), oo.title
        assert len(col1) == len(build.LONG_PLAN)

    def test_action_cells_nothing_lost_nothing_duplicated(self) -> None:
        want: Counter[tuple[str | None, str]] = Counter()
        for os_ in build.LONG_PLAN:
            for oo in os_.oos:
                for action in oo.actions:
                    want.update(split_bullet(p) for p in action.paragraphs)
        got = Counter((b.list_marker, b.text) for b in body(cells(self.ex, 3)))
        assert got == want

    def test_pilots(self) -> None:
        want = Counter(a.pilot for os_ in build.LONG_PLAN for oo in os_.oos for a in oo.actions)
        assert Counter(b.text for b in body(cells(self.ex, 4))) == want

    def test_paragraphs_of_one_cell_share_coordinates(self) -> None:
        col3 = body(cells(self.ex, 3))
        for i, b in enumerate(col3):
            if b.list_marker is not None:
                head = next(x for x in reversed(col3[:i]) if x.list_marker is None)
                assert head.table is not None and b.table is not None
                assert (head.table.row, head.table.column) == (b.table.row, b.table.column)

    def test_rows_cut_by_a_page_break_are_joined(self) -> None:
        continued = [b for b in cells(self.ex) if b.table and b.table.continued]
        assert continued, "the fixture has rows that break across pages"
        # A continued cell keeps the row of its first part: never a row of its own.
        rows_with_action = Counter(
            b.table.row for b in body(cells(self.ex, 3)) if b.table and b.list_marker is None
        )
        assert all(b.table and rows_with_action[b.table.row] >= 1 for b in continued)

    def test_furniture(self) -> None:
        texts = [(b.source.page, b.text) for b in self.ex.furniture]
        for page in range(1, 5):
            assert (page, build.HEADER_TEXT) in texts
            assert (page, f"Page {page} / 4") in texts
        assert not any(build.HEADER_TEXT in b.text for b in self.ex.blocks)
        assert not any(b.text.startswith("Page ") for b in self.ex.blocks)

    def test_provenance(self) -> None:
        for b in self.ex.blocks:
            assert b.source.page is not None and 1 <= b.source.page <= 4
            assert b.source.bbox is not None
            x0, top, x1, bottom = b.source.bbox
            assert x0 < x1 and top < bottom
            if b.table is not None:
                assert (b.source.table, b.source.row, b.source.column) == (
                    b.table.table,
                    b.table.row,
                    b.table.column,
                )

    def test_preamble_paragraph_before_table(self) -> None:
        first = self.ex.blocks[0]
        assert first.kind is BlockKind.PARAGRAPH
        assert first.text == "Programme stratégique transversal 2019-2024"


class TestMergedCellAcrossPages:
    """A tall merged OS cell and a tall action cell both run over page breaks."""

    ex = property(lambda self: extracted("ruled_spill.pdf"))

    def test_os_cell_text_is_whole_and_in_one_cell(self) -> None:
        os_ = build.SPILL_PLAN[0]
        col1 = body(cells(self.ex, 1))
        assert [b.text for b in col1] == os_.paragraphs
        assert len({(b.table.row, b.table.row_span) for b in col1 if b.table}) == 1
        assert {b.source.page for b in col1} == {1, 2}
        assert any(b.table and b.table.continued for b in col1)

    def test_os_span_covers_every_row(self) -> None:
        col1 = body(cells(self.ex, 1))
        ref = col1[0].table
        assert ref is not None
        last_row = max(b.table.row for b in cells(self.ex) if b.table)
        assert ref.row + ref.row_span - 1 == last_row

    def test_long_action_cell_keeps_all_its_bullets(self) -> None:
        action = build.SPILL_PLAN[0].oos[1].actions[0]
        blocks = [b for b in body(cells(self.ex, 3)) if b.table and b.table.row == self._row(0)]
        assert [(b.list_marker, b.text) for b in blocks] == [
            split_bullet(p) for p in action.paragraphs
        ]
        assert len({b.source.page for b in blocks}) == 3

    def _row(self, k: int) -> int:
        first = next(
            b for b in cells(self.ex, 3) if b.text.startswith("Action 7.2.1")
        )  # row of the long action
        assert first.table is not None
        return first.table.row + k

    def test_all_texts_once(self) -> None:
        want: Counter[tuple[str | None, str]] = Counter()
        for os_ in build.SPILL_PLAN:
            want.update((None, p) for p in os_.paragraphs)
            for oo in os_.oos:
                want[(None, oo.title)] += 1
                for a in oo.actions:
                    want.update(split_bullet(p) for p in a.paragraphs)
                    want[(None, a.pilot)] += 1
        got = Counter((b.list_marker, b.text) for b in body(cells(self.ex)))
        assert got == want

    def test_intro_paragraphs(self) -> None:
        paras = [b.text for b in self.ex.blocks if b.kind is BlockKind.PARAGRAPH]
        assert paras == build.SPILL_INTRO


# ============================================================================ borderless


class TestBorderlessLandscape:
    ex = property(lambda self: extracted("borderless_landscape.pdf"))

    def test_grid_matches_source(self) -> None:
        grid: dict[int, dict[int, str]] = {}
        for b in cells(self.ex):
            assert b.table is not None
            assert b.table.table == 1
            assert b.table.column not in grid.setdefault(b.table.row, {})
            grid[b.table.row][b.table.column] = b.text
        got = [tuple(grid[r][c] for c in sorted(grid[r])) for r in sorted(grid)]
        assert got == build.BORDERLESS_ROWS

    def test_text_around_the_table(self) -> None:
        free = [b for b in self.ex.blocks if b.table is None]
        assert [b.text for b in free] == ["Tableau de bord des actions", "Fin du tableau de bord."]
        assert self.ex.blocks[0].text == "Tableau de bord des actions"
        assert self.ex.blocks[-1].text == "Fin du tableau de bord."

    def test_landscape_pages(self) -> None:
        for b in self.ex.blocks:
            assert b.source.bbox is not None
            assert b.source.bbox[2] <= 842
        assert self.ex.pages == 2


class TestBorderlessMerged:
    """No rules, OS cells merged over their actions, a header row repeated on each page."""

    ex = property(lambda self: extracted("borderless_merged.pdf"))

    def test_one_table_over_all_pages(self) -> None:
        assert self.ex.pages is not None and self.ex.pages >= 3
        tables = {b.table.table for b in cells(self.ex) if b.table}
        assert tables == {1}
        assert {b.source.page for b in cells(self.ex)} == set(range(1, self.ex.pages + 1))

    def test_repeated_header_is_kept_and_flagged(self) -> None:
        headers = [b for b in cells(self.ex) if b.table and b.table.is_header]
        pages = {b.source.page for b in headers}
        assert pages == set(range(1, (self.ex.pages or 0) + 1))
        for page in pages:
            texts = [b.text for b in headers if b.source.page == page]
            assert texts == list(build.BORDERLESS_HEADER)
        # The page header above the repeated row stays furniture.
        assert {b.text for b in self.ex.furniture} >= {build.HEADER_TEXT}

    def test_rows_match_source(self) -> None:
        rows: dict[int, dict[int, str]] = {}
        for b in body(cells(self.ex)):
            assert b.table is not None
            rows.setdefault(b.table.row, {})[b.table.column] = b.text
        want_os = [title for title, _ in build.BORDERLESS_PLAN]
        want_actions = [a for _, actions in build.BORDERLESS_PLAN for a in actions]
        got_actions = [
            tuple(row[c] for c in (2, 3, 4, 5)) for _, row in sorted(rows.items()) if 2 in row
        ]
        assert got_actions == want_actions
        got_os = [row[1] for _, row in sorted(rows.items()) if 1 in row]
        assert got_os == want_os
        for title, actions in build.BORDERLESS_PLAN:
            os_row = next(r for r, row in rows.items() if row.get(1) == title)
            assert rows[os_row][2] == actions[0][0]

    def test_text_around(self) -> None:
        free = [b.text for b in self.ex.blocks if b.table is None]
        assert free == ["Plan d'actions par objectif", "Les échéances sont indicatives."]


# ============================================================================ flowing text


class TestHeadingsAndLists:
    ex = property(lambda self: extracted("headings_bullets.pdf"))

    def test_headings_and_levels(self) -> None:
        heads = [(b.text, b.level_hint) for b in self.ex.blocks if b.kind is BlockKind.HEADING]
        want = [("Déclaration de politique communale", 0)]
        for section in build.SECTIONS:
            want.append((section.title, section.level))
            if section.minor:
                want.append((section.minor, 3))
        assert sorted(heads, key=lambda h: want.index(h) if h in want else -1) == heads
        assert heads == [h for h in want if h in heads] and len(heads) == len(want)

    def test_paragraph_texts_dehyphenated(self) -> None:
        got = [b.text for b in self.ex.blocks if b.kind is BlockKind.PARAGRAPH]
        want = [p.replace(build.SOFT, "") for s in build.SECTIONS for p in s.paragraphs]
        assert [t for t in got if t.startswith("La commune")] == want

    def test_label_and_tab_is_one_paragraph_not_a_table(self) -> None:
        got = [b.text for b in self.ex.blocks if b.text.startswith("Action ")]
        want = [f"{label} {text}" for s in build.SECTIONS for label, text in s.labelled]
        assert got == want
        assert all(b.table is None for b in self.ex.blocks)

    def test_fixture_really_has_hyphenated_line_ends(self) -> None:
        import pdfplumber

        with pdfplumber.open(FIXTURES / "headings_bullets.pdf") as pdf:
            ends = [
                line
                for page in pdf.pages
                for line in (page.extract_text() or "").splitlines()
                if line.endswith("-")
            ]
        assert len(ends) >= 4

    def test_bullets(self) -> None:
        items = [b for b in self.ex.blocks if b.kind is BlockKind.LIST_ITEM and b.list_marker]
        want = [(d, t) for s in build.SECTIONS for d, t in s.bullets]
        assert [(b.level_hint, b.text) for b in items] == want
        assert {b.list_marker for b in items} == {"•"}

    def test_numbered_items_keep_their_number(self) -> None:
        # A PDF cannot tell a typed number from a generated one: the number stays in the
        # text of a paragraph of its own, for the label grammar to read.
        want = [t for s in build.SECTIONS for t in s.numbered]
        got = [b for b in self.ex.blocks if b.text in want]
        assert [b.text for b in got] == want
        assert all(b.kind is BlockKind.PARAGRAPH and b.list_marker is None for b in got)

    def test_styles(self) -> None:
        title = self.ex.blocks[0]
        assert title.style is not None and title.style.font_size is not None
        para = next(b for b in self.ex.blocks if b.kind is BlockKind.PARAGRAPH)
        assert para.style is not None and para.style.font_size is not None
        assert title.style.font_size > para.style.font_size
        minor = next(b for b in self.ex.blocks if b.text == "Priorités transversales")
        assert minor.style is not None and minor.style.bold

    def test_furniture_removed(self) -> None:
        assert {b.text for b in self.ex.furniture} == {
            build.HEADER_TEXT,
            "Page 1 / 2",
            "Page 2 / 2",
        }


@pytest.mark.parametrize(
    "name",
    [
        "ruled_long.pdf",
        "ruled_spill.pdf",
        "borderless_landscape.pdf",
        "borderless_merged.pdf",
        "headings_bullets.pdf",
    ],
)
def test_nothing_lost(name: str) -> None:
    """Every character of the page is in a block or in the furniture.

    Only symbol-font bullets (moved to ``list_marker``) and end-of-line hyphens (undone)
    may be missing from the texts.
    """
    import pdfplumber

    with pdfplumber.open(FIXTURES / name) as pdf:
        src = Counter(c["text"] for p in pdf.pages for c in p.chars if not c["text"].isspace())
    ex = extracted(name)
    got = Counter(ch for b in [*ex.blocks, *ex.furniture] for ch in b.text if not ch.isspace())
    got.update(b.list_marker for b in ex.blocks if b.list_marker)
    lost = src - got
    extra = got - src
    assert set(lost) <= {"\uf0b7", "-"}
    assert lost["\uf0b7"] == extra["•"]
    assert set(extra) <= {"•"}


def test_every_block_text_clean() -> None:
    for name in (
        "ruled_long.pdf",
        "ruled_spill.pdf",
        "borderless_landscape.pdf",
        "borderless_merged.pdf",
        "headings_bullets.pdf",
    ):
        for b in extracted(name).blocks:
            assert b.text == b.text.strip() and b.text
            assert "\u00ad" not in b.text and "\uf0b7" not in b.text


# ============================================================================ errors


def _error(data: bytes, password: str | None = None) -> PstparseError:
    with pytest.raises(PstparseError) as info:
        # Without OCR: scanned PDFs read by OCR are tested in tests/test_ocr.py.
        extract_pdf(data, name="x.pdf", password=password, ocr="never")
    err = info.value
    assert "\n" not in str(err)
    assert str(err).startswith("x.pdf: ")
    return err


def test_scanned_pdf_needs_ocr() -> None:
    err = _error((FIXTURES / "scanned.pdf").read_bytes())
    assert isinstance(err, NeedsOCRError)
    assert "OCR" in err.message and "ocrmypdf" in err.message


def test_encrypted_without_and_with_wrong_password() -> None:
    data = (FIXTURES / "encrypted.pdf").read_bytes()
    err = _error(data)
    assert isinstance(err, EncryptedError)
    assert "--password" in err.message
    wrong = _error(data, password="not-it")
    assert isinstance(wrong, EncryptedError)
    assert "wrong" in wrong.message


def test_encrypted_with_password_reads_like_the_plain_one() -> None:
    data = (FIXTURES / "encrypted.pdf").read_bytes()
    ex = extract_pdf(data, name="enc.pdf", password=build.ENCRYPT_PASSWORD)
    plain = extracted("borderless_landscape.pdf")
    assert [b.text for b in ex.blocks] == [b.text for b in plain.blocks]


@pytest.mark.parametrize("cut", [0.3, 0.6, 0.95])
def test_truncated_pdf(cut: float) -> None:
    data = (FIXTURES / "ruled_long.pdf").read_bytes()
    err = _error(data[: int(len(data) * cut)])
    assert type(err) is InputError


def test_truncated_pdf_with_fake_end_marker() -> None:
    data = (FIXTURES / "ruled_long.pdf").read_bytes()
    err = _error(data[: len(data) // 2] + b"\n%%EOF\n")
    assert type(err) is InputError


@pytest.mark.parametrize(
    "data",
    [b"", os.urandom(4096), b"%PDF-1.7\n" + os.urandom(4096) + b"\n%%EOF\n", b"%PDF-1.4\n%%EOF"],
)
def test_garbage(data: bytes) -> None:
    assert type(_error(data)) is InputError


def test_pages_are_released_by_pdfminer_reader(monkeypatch: pytest.MonkeyPatch) -> None:
    import pdfplumber.page

    from pstparse.extractors.pdf import _reader

    monkeypatch.setattr(_reader, "_pdfium_unsuitable", lambda data: "forced by the test")
    closed: list[int] = []
    original = pdfplumber.page.Page.close

    def close(self: pdfplumber.page.Page) -> None:
        closed.append(self.page_number)
        original(self)

    monkeypatch.setattr(pdfplumber.page.Page, "close", close)
    ex = extract_pdf((FIXTURES / "ruled_long.pdf").read_bytes())
    assert closed == list(range(1, (ex.pages or 0) + 1))
    assert [f.rule for f in ex.findings] == ["pdf-reader-fallback"]
    assert "forced by the test" in ex.findings[0].message


def test_pages_are_released_by_pdfium_reader(monkeypatch: pytest.MonkeyPatch) -> None:
    import pypdfium2

    closed: list[int] = []
    original = pypdfium2.PdfPage.close

    def close(self: pypdfium2.PdfPage, *args: object, **kwargs: object) -> None:
        closed.append(1)
        original(self, *args, **kwargs)

    monkeypatch.setattr(pypdfium2.PdfPage, "close", close)
    ex = extract_pdf((FIXTURES / "ruled_long.pdf").read_bytes())
    assert ex.findings == []  # pdfium read it: no fallback finding
    assert len(closed) >= (ex.pages or 0) > 0


def test_dispatch_through_extract() -> None:
    from pstparse.extractors import extract

    ex = extract((FIXTURES / "borderless_landscape.pdf").read_bytes(), name="b.pdf")
    assert ex.format == "pdf" and ex.blocks


# ============================================================================ pure parts

CHAR_W = 5.0
SIZE = 10.0


def line_of(text: str, x: float, top: float, size: float = SIZE, bold: bool = False) -> Line:
    words: list[Word] = []
    for token in text.split(" "):
        width = CHAR_W * len(token)
        words.append(Word(token, x, x + width, top, top + size, size, bold))
        x += width + CHAR_W
    return Line.of(words)


def wrap(text: str, width: float, x: float = 50.0, top: float = 100.0) -> list[Line]:
    """Lay text out like a word processor (greedy, one line every 12 pt)."""
    lines: list[list[str]] = [[]]
    for token in text.split(" "):
        candidate = [*lines[-1], token]
        if lines[-1] and CHAR_W * len(" ".join(candidate)) > width:
            lines.append([token])
        else:
            lines[-1] = candidate
    return [line_of(" ".join(t), x, top + 12 * i) for i, t in enumerate(lines)]


words_st = st.lists(
    # A lone "o" opening a line is taken as a bullet (documented limit): not generated.
    st.text(alphabet="abcdefghijklmnopqrstuvwxyzéèà", min_size=1, max_size=12).filter(
        lambda w: w != "o"
    ),
    min_size=1,
    max_size=40,
)


mixed_words_st = st.lists(
    st.text(alphabet="abcdefghijklmnopqrstuvwxyzéèàGMWÉ", min_size=1, max_size=12).filter(
        lambda w: w != "o"
    ),
    min_size=1,
    max_size=40,
)


@given(mixed_words_st, st.integers(min_value=15, max_value=60))
@settings(max_examples=60, deadline=None)
def test_wrapped_paragraph_is_one_block(words: list[str], width_chars: int) -> None:
    text = "Début " + " ".join(words) + "."
    lines = wrap(text, width_chars * CHAR_W)
    paras = paragraphs(lines, 1, Layout(right=50 + width_chars * CHAR_W + 1), None)
    assert [p.text for p in paras] == [text]


@given(st.lists(words_st, min_size=1, max_size=5), st.sampled_from(["•", "-", "▪", "\uf0b7"]))
@settings(max_examples=40, deadline=None)
def test_bullets_start_items(items: list[list[str]], bullet: str) -> None:
    lines: list[Line] = []
    for item in items:
        for ln in wrap(f"{bullet} " + " ".join(item), 40 * CHAR_W, top=100 + 12 * len(lines)):
            lines.append(ln)
    paras = paragraphs(lines, 1, Layout(right=50 + 40 * CHAR_W), None)
    assert [p.text for p in paras] == [" ".join(item) for item in items]
    assert all(p.bullet == ("•" if bullet == "\uf0b7" else bullet) for p in paras)


def test_short_line_then_capital_starts_paragraph() -> None:
    lines = [line_of("Premier paragraphe court", 50, 100), line_of("Second paragraphe", 50, 112)]
    paras = paragraphs(lines, 1, Layout(right=300), None)
    assert [p.text for p in paras] == ["Premier paragraphe court", "Second paragraphe"]


def test_full_line_then_capital_stays_in_paragraph() -> None:
    lines = [line_of("Une ligne pleine qui va au bord", 50, 100), line_of("Gembloux suit", 50, 112)]
    right = lines[0].x1 + 1
    paras = paragraphs(lines, 1, Layout(right=right), None)
    assert [p.text for p in paras] == ["Une ligne pleine qui va au bord Gembloux suit"]


def test_font_change_and_gap_split_paragraphs() -> None:
    lines = [
        line_of("Titre en gras", 50, 100, bold=True),
        line_of("texte courant", 50, 112),
        line_of("autre bloc", 50, 150),
    ]
    paras = paragraphs(lines, 1, Layout(right=400), None)
    assert [p.text for p in paras] == ["Titre en gras", "texte courant", "autre bloc"]


@pytest.mark.parametrize(
    ("text", "kind", "marker", "rest"),
    [
        ("• Action", "bullet", "•", "Action"),
        ("\uf0a7 Action", "bullet", "▪", "Action"),
        ("•Action", "bullet", "•", "Action"),
        ("1. Action", "enum", "1.", "1. Action"),
        ("b) Action", "enum", "b)", "b) Action"),
        ("1.2 Action", "code", "1.2", "1.2 Action"),
        ("Action 1", None, None, "Action 1"),
        ("-5 degrés", None, None, "-5 degrés"),
    ],
)
def test_split_marker(text: str, kind: str | None, marker: str | None, rest: str) -> None:
    line = line_of(text, 50, 100)
    found, words = split_marker(line.words)
    assert (found.kind if found else None) == kind
    assert (found.text if found else None) == marker
    assert " ".join(w.text for w in words) == rest


@pytest.mark.parametrize(
    ("prev", "nxt", "want"),
    [
        ("Développer un guichet unique pour les", "démarches", True),
        ("Développer un guichet unique pour les", "Citoyens", True),
        ("Créer une agence", "immobilière", True),
        ("Créer une agence.", "Recenser", False),
        ("Créer une agence", "Recenser les logements", False),
    ],
)
def test_reads_on(prev: str, nxt: str, want: bool) -> None:
    assert reads_on(prev, nxt) is want


def test_group_lines_keeps_superscript_on_its_line() -> None:
    words = [
        Word("le", 50, 60, 100, 110, 10),
        Word("1", 61, 64, 98, 104, 6),
        Word("er", 64, 70, 98, 104, 6),
        Word("janvier", 72, 100, 100, 110, 10),
        Word("suite", 50, 75, 112, 122, 10),
    ]
    lines = group_lines(words)
    assert [ln.text for ln in lines] == ["le 1er janvier", "suite"]


# ---------------------------------------------------------------------------- stitching


def _cell(row: int, col: int, text: str | None, page: int, span: int = 1) -> Cell:
    top = 100 + 20 * row
    lines = [line_of(text, 52 + 100 * col, top + 2)] if text else []
    box = (50.0 + 100 * col, float(top), 150.0 + 100 * col, float(top + 20 * span))
    return Cell(row, col, span, 1, box, page, lines)


def _part(page: int, rows: list[list[tuple[str | None, int] | None]]) -> PageTable:
    """A page table from rows of (text, row_span) or None where a tall cell covers it."""
    out: list[Cell] = []
    for r, row in enumerate(rows):
        for c, spec in enumerate(row):
            if spec is not None:
                out.append(_cell(r, c, spec[0], page, spec[1]))
    for cell in out:
        cell.build_paras(0.2, None)
    ncols = len(rows[0])
    cols = [50.0 + 100 * c for c in range(ncols + 1)]
    return PageTable(page, (50, 100, cols[-1], 100 + 20 * len(rows)), cols, len(rows), out)


HEADER: list[tuple[str | None, int] | None] = [("Objectif", 1), ("Action", 1)]


def test_stitch_merged_cell_continues_and_header_repeats() -> None:
    p1 = _part(1, [HEADER, [("OS un", 2), ("Faire A", 1)], [None, ("Faire B", 1)]])
    p2 = _part(2, [HEADER, [("", 2), ("Faire C", 1)], [None, ("Faire D", 1)]])
    table = LogicalTable(1)
    table.add(p1)
    assert aligned(p1, p2)
    table.add(p2)
    got = {(c.signature(), c.lrow, c.lspan, c.header) for c in table.ordered_cells() if c.lines}
    assert got == {
        ("Objectif", 1, 1, True),
        ("Action", 1, 1, True),
        ("OS un", 2, 5, False),
        ("Faire A", 2, 1, False),
        ("Faire B", 3, 1, False),
        ("Objectif", 4, 1, True),
        ("Action", 4, 1, True),
        ("Faire C", 5, 1, False),
        ("Faire D", 6, 1, False),
    }


def test_stitch_row_cut_by_page_break() -> None:
    p1 = _part(1, [HEADER, [("OS un", 1), ("Faire A pour les", 1)]])
    p2 = _part(2, [HEADER, [("", 1), ("habitants du village", 1)], [("OS deux", 1), ("B", 1)]])
    table = LogicalTable(1)
    table.add(p1)
    table.add(p2)
    texts = [(p.text, c.lrow) for c in table.ordered_cells() for p in c.paras]
    assert ("Faire A pour les habitants du village", 2) in texts
    assert ("OS deux", 4) in texts
    assert table.nrows == 4


@given(
    st.lists(st.integers(min_value=1, max_value=4), min_size=1, max_size=6),
    st.sets(st.integers(min_value=1, max_value=20), max_size=6),
)
@settings(max_examples=60, deadline=None)
def test_stitch_property_nothing_lost_spans_cover(sizes: list[int], breaks: set[int]) -> None:
    """Objectives merged over their actions, cut at arbitrary rows: texts survive once."""
    body_rows: list[tuple[int, str]] = []
    for k, n in enumerate(sizes):
        for j in range(n):
            body_rows.append((k, f"Action {k} {j}"))
    cut = sorted(b for b in breaks if b < len(body_rows))
    pages: list[list[tuple[int, str]]] = []
    start = 0
    for b in [*cut, len(body_rows)]:
        if b > start:
            pages.append(body_rows[start:b])
            start = b
    table = LogicalTable(1)
    for pno, rows in enumerate(pages, start=1):
        grid: list[list[tuple[str | None, int] | None]] = [HEADER]
        r = 0
        while r < len(rows):
            k = rows[r][0]
            n = sum(1 for x in rows[r:] if x[0] == k)
            carried = r == 0 and pno > 1 and pages[pno - 2][-1][0] == k
            grid.append([("" if carried else f"OS {k}", n), (rows[r][1], 1)])
            for j in range(1, n):
                grid.append([None, (rows[r + j][1], 1)])
            r += n
        table.add(_part(pno, grid))
    skip = ("Objectif", "Action")
    cells_ = [c for c in table.ordered_cells() if c.lines and c.signature() not in skip]
    texts = Counter(p.text for c in cells_ for p in c.paras)
    want = Counter([f"OS {k}" for k in range(len(sizes))] + [t for _, t in body_rows])
    assert texts == want
    for k in range(len(sizes)):
        os_cell = next(c for c in cells_ if c.signature() == f"OS {k}")
        span = range(os_cell.lrow, os_cell.lrow + os_cell.lspan)
        actions = [c for c in cells_ if c.signature().startswith(f"Action {k} ")]
        assert all(c.lrow in span for c in actions)
    rows_used = sorted({c.lrow for c in table.ordered_cells() if c.lines})
    assert rows_used == list(range(1, len(rows_used) + 1))


# ---------------------------------------------------------------------------- borderless


def test_two_column_code_table_found() -> None:
    rows = [
        (
            *line_of(f"A.{i}", 50, 100 + 14 * i).words,
            *line_of(f"Texte {i}", 150, 100 + 14 * i).words,
        )
        for i in range(1, 5)
    ]
    found = find_tables([Line.of(ws) for ws in rows], 1)
    assert len(found) == 1
    start, end, table = found[0].start, found[0].end, found[0].table
    assert (start, end, table.ncols, table.nrows) == (0, 4, 2, 4)
    assert sorted((c.row, c.col, c.signature()) for c in table.cells)[:2] == [
        (0, 0, "A.1"),
        (0, 1, "Texte 1"),
    ]


def test_ragged_paragraph_and_bullets_are_not_tables() -> None:
    text = " ".join(f"mot{i}" for i in range(80))
    lines = wrap(text, 200)
    lines += [line_of("• premier point de liste", 50, 400), line_of("• second point", 50, 412)]
    assert find_tables(lines, 1) == []


# ---------------------------------------------------------------------------- furniture


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("Page 3", True),
        ("page 3 / 12", True),
        ("3/12", True),
        ("- 3 -", True),
        ("12", True),
        ("Page 3 sur 12", True),
        ("PST 2019-2024", False),
        ("Action 3", False),
    ],
)
def test_page_number_patterns(text: str, want: bool) -> None:
    assert is_page_number(text) is want


def test_running_header_needs_most_pages_and_same_height() -> None:
    pages = []
    for p in range(1, 5):
        lines = [line_of("Commune de Nulle-Part PST", 50, 30)] if p != 4 else []
        lines.append(line_of(f"Contenu de la page {p}", 50, 300))
        if p == 2:
            lines.append(line_of("Note isolée en bas", 50, 800))
        pages.append(PageLines(p, 842, lines))
    found = find_furniture(pages)
    assert found == {(1, 0), (2, 0), (3, 0)}


def test_repeated_text_at_other_heights_is_content() -> None:
    pages = [
        PageLines(p, 842, [line_of("Titre répété", 50, 30 + 40 * p), line_of("x y", 50, 400)])
        for p in range(1, 5)
    ]
    assert find_furniture(pages) == set()


def _ruled_part(page: int, rows: list[tuple[list[str], list[str]]]) -> PageTable:
    """A two-column ruled part, 40 pt rows; each row gives the lines of its two cells."""
    out: list[Cell] = []
    for r, texts in enumerate(rows):
        top = 100 + 40.0 * r
        for c, cell_lines in enumerate(texts):
            lines = [line_of(t, 52 + 100 * c, top + 1 + 12 * i) for i, t in enumerate(cell_lines)]
            box = (50.0 + 100 * c, top, 150.0 + 100 * c, top + 40.0)
            out.append(Cell(r, c, 1, 1, box, page, lines))
    for cell in out:
        cell.build_paras(0.2, None)
    bbox = (50.0, 100.0, 250.0, 100 + 40.0 * len(rows))
    return PageTable(page, bbox, [50.0, 150.0, 250.0], len(rows), out)


FULL = ["Bâtir un lieu neuf", "pour tout le monde", "dans chaque hameau"]
"""Three full lines (18 characters = 90 pt in a 96 pt wide text area)."""


def test_capitalised_text_under_a_complete_row_is_a_new_row() -> None:
    # Every row leaves the same room under its fullest cell: the last row was complete.
    p1 = _ruled_part(1, [(["OS un"], ["Faire A"]), ([], FULL[:1])])
    p2 = _ruled_part(2, [([], ["Gembloux suit"])])
    table = LogicalTable(1)
    table.add(p1)
    table.add(p2)
    texts = sorted((p.text, c.lrow) for c in table.cells for p in c.paras)
    assert (FULL[0], 2) in texts and ("Gembloux suit", 3) in texts


def test_capitalised_text_under_a_cut_row_goes_on() -> None:
    # The last row's text runs to the bottom of its box: the row was cut by the page end.
    p1 = _ruled_part(1, [(["OS un"], ["Faire A"]), ([], FULL)])
    p2 = _ruled_part(2, [([], ["Gembloux suit"])])
    table = LogicalTable(1)
    table.add(p1)
    table.add(p2)
    texts = [(p.text, c.lrow) for c in table.cells for p in c.paras]
    assert (" ".join(FULL) + " Gembloux suit", 2) in texts
    assert table.nrows == 2


def test_word_cut_in_narrow_column_is_glued() -> None:
    vocab = Vocabulary()
    lines = [line_of("Échéanc", 50, 100), line_of("e", 50, 112)]
    paras = paragraphs(lines, 1, Layout(right=lines[0].x1 + 0.5), vocab)
    assert [p.text for p in paras] == ["Échéance"]


def test_toc_lines_stay_apart() -> None:
    lines = [line_of("Introduction ........ 2", 50, 100), line_of("Axe 1 ........ 3", 50, 112)]
    paras = paragraphs(lines, 1, Layout(right=lines[0].x1), None)
    assert len(paras) == 2


def test_bold_lead_in_does_not_split_its_paragraph() -> None:
    first = line_of("Objectif clair: texte", 50, 100)
    words = list(first.words)
    bold_words = [
        Word(w.text, w.x0, w.x1, w.top, w.bottom, w.size, bold=i < 2) for i, w in enumerate(words)
    ]
    lines = [Line.of(bold_words), line_of("qui continue ici", 50, 112)]
    assert lines[0].bold
    paras = paragraphs(lines, 1, Layout(right=400), None)
    assert [p.text for p in paras] == ["Objectif clair: texte qui continue ici"]


# ---------------------------------------------------------------------------- raw PDFs


def raw_pdf(pages: list[tuple[int, list[tuple[float, float, str]]]], size: float = 12) -> bytes:
    """A minimal PDF: each page is (rotation, [(x, y, text)]) with Helvetica text.

    Every string is placed on its own, so there is no space glyph between words: word
    breaks come from the gaps only, as in many PDF producers.
    """
    objs = ["<< /Type /Catalog /Pages 2 0 R >>", ""]
    kids = []
    font = "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
    objs.append(font)
    for rotation, items in pages:
        ops = " ".join(f"BT /F1 {size} Tf {x} {y} Td ({t}) Tj ET" for x, y, t in items)
        objs.append(f"<< /Length {len(ops)} >>\nstream\n{ops}\nendstream")
        content = len(objs)
        objs.append(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
            f"/Rotate {rotation} /Resources << /Font << /F1 3 0 R >> >> "
            f"/Contents {content} 0 R >>"
        )
        kids.append(f"{len(objs)} 0 R")
    objs[1] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {len(kids)} >>"
    out = b"%PDF-1.4\n"
    offsets = []
    for i, obj in enumerate(objs, start=1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n{obj}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objs) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{off:010d} 00000 n \n".encode() for off in offsets)
    out += f"trailer\n<< /Size {len(objs) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return out


def _placed(words: list[str], x: float, y: float) -> list[tuple[float, float, str]]:
    out = []
    for w in words:
        out.append((x, y, w))
        x += 7.0 * len(w) + 4.0
    return out


SENTENCE = ["Renforcer", "la", "participation", "citoyenne"]


@pytest.mark.parametrize("rotation", [0, 90, 270])
def test_rotated_pages_read_left_to_right(rotation: int) -> None:
    items = _placed(SENTENCE, 72, 700) + _placed(["dans", "chaque", "village."], 72, 686)
    ex = extract_pdf(raw_pdf([(rotation, items)]))
    assert [b.text for b in ex.blocks] == [" ".join(SENTENCE) + " dans chaque village."]


def test_words_without_space_glyphs_are_split_by_their_gaps() -> None:
    ex = extract_pdf(raw_pdf([(0, _placed(SENTENCE, 72, 700))]))
    assert ex.blocks[0].text == " ".join(SENTENCE)


def test_lone_page_number_is_furniture_even_on_one_page() -> None:
    ex = extract_pdf(raw_pdf([(0, [*_placed(SENTENCE, 72, 700), (300, 30, "1")])]))
    assert [b.text for b in ex.furniture] == ["1"]
    assert [b.text for b in ex.blocks] == [" ".join(SENTENCE)]


def test_pdf_without_any_text_or_image() -> None:
    err = _error(raw_pdf([(0, [])]))
    assert isinstance(err, NeedsOCRError)


def test_a_label_line_opens_a_new_paragraph(monkeypatch: pytest.MonkeyPatch) -> None:
    """Consecutive label lines with ordinary line spacing are separate items."""
    from tests.fixtures.bad import build as bad_build

    def single_spaced(lines: list[str]) -> bytes:
        ops = [b"BT", b"/F1 11 Tf", b"13 TL", b"72 770 Td"]
        ops += [bad_build._pdf_string(line) + b" Tj T*" for line in lines]
        return b"\n".join([*ops, b"ET"])

    monkeypatch.setattr(bad_build, "_content", single_spaced)
    data = bad_build.pdf(
        [
            [
                "Objectif strat\xe9gique 1 : Une commune propre",
                "Objectif op\xe9rationnel 1.1 : R\xe9duire les d\xe9chets",
                "Action 1.1.1 : Installer des composts dans les",
                "quartiers",
            ]
        ]
    )
    from pstparse.api import extract_bytes

    plan = extract_bytes(data, name="labels.pdf")
    (so,) = plan.strategic_objectives
    (oo,) = so.operational_objectives
    assert oo.title == "Réduire les déchets"
    assert [a.title for a in oo.actions] == ["Installer des composts dans les quartiers"]
