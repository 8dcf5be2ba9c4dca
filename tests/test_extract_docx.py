"""The DOCX extractor: safety checks, paragraphs, lists, tables, furniture.

Fixtures come from tests/fixtures/docx/build.py; the committed files are checked to be
what the builder writes, and expectations are derived from the builder's constants.
"""

from __future__ import annotations

import io
import re
import time
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

# _zip: lowering a zip limit patches the module holding it (see tests/test_public_api.py).
from pstparse.extractors import MAX_RATIO, RATIO_MIN_SIZE, _zip, check_zip, extract
from pstparse.extractors.docx import extract_docx, format_number
from pstparse.model.errors import InputError
from pstparse.model.ir import Block, BlockKind, Extraction, Style
from tests.fixtures.docx import build

FIXTURES = Path(__file__).parent / "fixtures" / "docx"


def _load(name: str) -> Extraction:
    return extract_docx((FIXTURES / name).read_bytes(), name=name)


@pytest.fixture(scope="module")
def headings() -> Extraction:
    return _load("headings.docx")


@pytest.fixture(scope="module")
def lists() -> Extraction:
    return _load("lists.docx")


@pytest.fixture(scope="module")
def tables() -> Extraction:
    return _load("tables.docx")


@pytest.fixture(scope="module")
def furniture() -> Extraction:
    return _load("furniture.docx")


def _by_text(extraction: Extraction) -> dict[str, Block]:
    found: dict[str, Block] = {}
    for block in extraction.blocks:
        assert block.text not in found, f"duplicate block {block.text!r}"
        found[block.text] = block
    return found


def _minimal_docx(document_xml: str, *, content_type: str | None = None) -> bytes:
    """A DOCX with nothing but a main part: no styles, numbering or properties."""
    main_type = content_type or (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            f'<Override PartName="/word/document.xml" ContentType="{main_type}"/></Types>',
        )
        zf.writestr(
            "_rels/.rels",
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Target="word/document.xml" Type="http://schemas.'
            'openxmlformats.org/officeDocument/2006/relationships/officeDocument"/>'
            "</Relationships>",
        )
        zf.writestr("word/document.xml", document_xml)
    return out.getvalue()


def _document_xml(body: str, prolog: str = "") -> str:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>{prolog}'
        f'<w:document xmlns:w="{build.W_NS}"><w:body>{body}</w:body></w:document>'
    )


# ----------------------------------------------------------------------------- fixtures


@pytest.mark.parametrize("name", sorted(build.FIXTURES))
def test_committed_fixtures_match_the_builder(name: str) -> None:
    # Zip timestamps differ between builds: compare the members' contents instead.
    def members(data: bytes) -> dict[str, bytes]:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            return {
                i.filename: zf.read(i) for i in zf.infolist() if i.filename != "docProps/core.xml"
            }

    assert members((FIXTURES / name).read_bytes()) == members(build.FIXTURES[name]())


# ----------------------------------------------------------------------------- safety


def test_not_a_zip_is_refused() -> None:
    with pytest.raises(InputError, match=r"not a DOCX file \(not a zip archive\)"):
        extract_docx(b"plain text, not a zip", name="x.docx")


def test_zip_without_document_xml_is_refused() -> None:
    with pytest.raises(InputError, match=r"word/document\.xml") as info:
        _load("no_document.docx")
    assert info.value.path == "no_document.docx"


def test_zip_bomb_ratio_is_refused() -> None:
    with pytest.raises(InputError, match=rf"zip bomb suspected: .*{MAX_RATIO}:1"):
        _load("zip_bomb.docx")


def test_highly_compressible_small_members_are_allowed() -> None:
    data = build.build_zip_bomb(size=RATIO_MIN_SIZE // 2)
    assert extract_docx(data).blocks


def test_total_uncompressed_size_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    data = build.to_bytes(build.new_document())
    monkeypatch.setattr(_zip, "MAX_TOTAL_UNCOMPRESSED", 10_000)
    with pytest.raises(InputError, match="zip bomb suspected: uncompressed size exceeds"):
        extract_docx(data)


def test_member_count_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    data = build.to_bytes(build.new_document())
    monkeypatch.setattr(_zip, "MAX_MEMBERS", 3)
    with pytest.raises(InputError, match=r"zip bomb suspected: \d+ members \(limit 3\)"):
        extract_docx(data)


def test_entity_declarations_are_refused() -> None:
    with pytest.raises(InputError, match="<!ENTITY"):
        _load("entity_bomb.docx")


def test_entity_declarations_are_found_in_utf16_parts() -> None:
    xml = _document_xml(
        "<w:p><w:r><w:t>&e;</w:t></w:r></w:p>", '<!DOCTYPE w:document [<!ENTITY e "x">]>'
    )
    xml = xml.replace('encoding="UTF-8"', 'encoding="UTF-16"')
    for encoding in ("utf-16", "utf-16-le", "utf-16-be"):
        data = _minimal_docx("")
        data = build._replace_member(data, "word/document.xml", xml.encode(encoding))
        with pytest.raises(InputError, match="<!ENTITY"):
            extract_docx(data)


def test_entity_declarations_after_long_leading_white_space_are_found() -> None:
    body = "<w:p><w:r><w:t>&e;</w:t></w:r></w:p>"
    xml = " " * 4096 + _document_xml(body, '<!DOCTYPE w:document [<!ENTITY e "x">]>')
    xml = xml.replace('<?xml version="1.0" encoding="UTF-8"?>', "")
    with pytest.raises(InputError, match="<!ENTITY"):
        extract_docx(_minimal_docx(xml))


def test_doctype_without_entities_is_accepted() -> None:
    xml = _document_xml("<w:p><w:r><w:t>Bonjour</w:t></w:r></w:p>", "<!DOCTYPE w:document>")
    assert [b.text for b in extract_docx(_minimal_docx(xml)).blocks] == ["Bonjour"]


def test_malformed_xml_is_one_line_input_error() -> None:
    with pytest.raises(InputError) as info:
        _load("malformed.docx")
    assert "\n" not in str(info.value)
    assert "DOCX" in str(info.value)


def test_truncated_archive_is_input_error() -> None:
    data = (FIXTURES / "lists.docx").read_bytes()
    with pytest.raises(InputError, match="truncated"):
        extract_docx(data[: len(data) // 2])


def test_main_part_that_is_not_a_word_document_is_refused() -> None:
    data = _minimal_docx('<?xml version="1.0"?><notword/>')
    with pytest.raises(InputError, match="not a Word document"):
        extract_docx(data)


_LISTS_BYTES = (FIXTURES / "lists.docx").read_bytes()


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    position=st.floats(min_value=0.0, max_value=1.0, exclude_max=True),
    replacement=st.binary(min_size=1, max_size=8),
)
def test_corrupted_bytes_never_escape_as_other_errors(position: float, replacement: bytes) -> None:
    data = bytearray(_LISTS_BYTES)
    index = int(position * len(data))
    data[index : index + len(replacement)] = replacement
    try:
        result = extract_docx(bytes(data))
    except InputError as exc:
        assert "\n" not in str(exc)
    else:
        assert result.format == "docx"


# ----------------------------------------------------------------------------- paragraphs


def test_format_and_title(headings: Extraction) -> None:
    assert headings.format == "docx"
    assert headings.title == build.TITLE


def test_heading_levels(headings: Extraction) -> None:
    blocks = _by_text(headings)
    title = blocks[build.TITLE]
    assert (title.kind, title.level_hint, title.style and title.style.style_name) == (
        BlockKind.HEADING,
        0,
        "Title",
    )
    for level, text in build.HEADINGS:
        assert (blocks[text].kind, blocks[text].level_hint) == (BlockKind.HEADING, level)
        assert _style_of(headings, text).style_name == f"Heading {level}"
    localized = blocks[build.CUSTOM_HEADING[1]]
    assert (localized.kind, localized.level_hint) == (BlockKind.HEADING, 1)
    outline = blocks[build.OUTLINE_STYLE[2]]
    assert (outline.kind, outline.level_hint) == (BlockKind.HEADING, build.OUTLINE_STYLE[1] + 1)
    inherited = blocks[build.BASED_ON_HEADING[2]]
    assert (inherited.kind, inherited.level_hint) == (BlockKind.HEADING, 3)
    direct = blocks[build.DIRECT_OUTLINE[1]]
    assert (direct.kind, direct.level_hint) == (BlockKind.HEADING, build.DIRECT_OUTLINE[0] + 1)
    assert blocks[build.BODY_OUTLINE].kind is BlockKind.PARAGRAPH
    assert blocks[build.TOC_HEADING].kind is BlockKind.PARAGRAPH
    assert _style_of(headings, build.TOC_HEADING).style_name == "TOC Heading"


def test_paragraph_numbers_count_empty_paragraphs(headings: Extraction) -> None:
    numbers = [b.source.paragraph or 0 for b in headings.blocks]
    assert numbers[0] == 1
    assert numbers[1] == 1 + build.EMPTY_PARAGRAPHS + 1
    assert all(b.source.paragraph is not None for b in headings.blocks)
    assert numbers == sorted(set(numbers))
    assert all(b.table is None for b in headings.blocks)


def test_paragraph_numbers_match_python_docx() -> None:
    import docx

    data = build.build_lists()
    document = docx.Document(io.BytesIO(data))
    for block in extract_docx(data).blocks:
        assert block.source.paragraph is not None
        assert document.paragraphs[block.source.paragraph - 1].text == block.text


def _style_of(extraction: Extraction, text: str) -> Style:
    style = _by_text(extraction)[text].style
    assert style is not None
    return style


def test_bold_requires_every_visible_run(headings: Extraction) -> None:
    assert _style_of(headings, "".join(build.BOLD_CODE)).bold is False
    assert _style_of(headings, build.ALL_BOLD).bold is True
    assert _style_of(headings, build.STRONG_TEXT).bold is True
    assert _style_of(headings, "".join(build.BOLD_WITH_PLAIN_SPACE)).bold is True
    # Heading 1 is bold through its paragraph style.
    assert _style_of(headings, build.HEADINGS[0][1]).bold is True
    italic = _style_of(headings, build.ITALIC)
    assert (italic.italic, italic.bold, italic.all_caps) == (True, False, False)
    assert _style_of(headings, build.CAPS).all_caps is True


def test_font_size_and_indent(headings: Extraction) -> None:
    blocks = _by_text(headings)
    big = blocks[build.BIG[0]].style
    assert big is not None and big.font_size == build.BIG[1]
    normal = blocks[build.ITALIC].style
    assert normal is not None and normal.font_size is not None
    assert normal.font_size < build.BIG[1]
    indented = blocks[build.INDENTED[0]].style
    assert indented is not None and indented.indent == build.INDENTED[1]
    assert normal.indent is None


def test_tabs_and_line_breaks(headings: Extraction) -> None:
    texts = {b.text for b in headings.blocks}
    assert " ".join(build.TABBED) in texts
    assert "\n".join(build.BROKEN) in texts


def test_revisions_fields_links_and_controls(headings: Extraction) -> None:
    texts = [b.text for b in headings.blocks]
    kept, deleted, inserted, tail = build.TRACKED
    assert kept + inserted + tail in texts
    assert not any(deleted.strip() in t for t in texts)
    label, code, result = build.FIELD
    assert label + result in texts
    assert not any(code.split()[0] in t for t in texts)
    assert "".join(build.HYPERLINK) in texts
    assert build.CONTROL_TEXT in texts


def test_text_box_read_once_after_its_paragraph(headings: Extraction) -> None:
    texts = [b.text for b in headings.blocks]
    assert texts.count(build.TEXTBOX_TEXT) == 1
    assert texts.index(build.TEXTBOX_TEXT) == texts.index(build.TEXTBOX_HOST) + 1
    assert build.TEXTBOX_TEXT not in texts[texts.index(build.TEXTBOX_HOST)]


def test_document_without_styles_or_numbering() -> None:
    body = (
        "<w:p><w:r><w:t>Seul</w:t></w:r></w:p><w:p/>"
        '<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="3"/></w:numPr></w:pPr>'
        "<w:r><w:rPr><w:b/></w:rPr><w:t>Numéro sans définition</w:t></w:r></w:p>"
    )
    result = extract_docx(_minimal_docx(_document_xml(body)))
    assert result.title is None
    assert [(b.text, b.kind, b.source.paragraph) for b in result.blocks] == [
        ("Seul", BlockKind.PARAGRAPH, 1),
        ("Numéro sans définition", BlockKind.PARAGRAPH, 3),
    ]
    style = result.blocks[1].style
    assert style is not None and style.bold is True and style.font_size is None


def test_macro_enabled_documents_are_read() -> None:
    xml = _document_xml("<w:p><w:r><w:t>Avec macros</w:t></w:r></w:p>")
    data = _minimal_docx(xml, content_type="application/vnd.ms-word.document.macroEnabled.main+xml")
    assert [b.text for b in extract_docx(data).blocks] == ["Avec macros"]


@settings(max_examples=30, deadline=None)
@given(
    st.lists(
        st.text(
            st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufffe\uffff"),
            min_size=1,
            max_size=40,
        ).filter(lambda t: t.strip() == t),
        min_size=1,
        max_size=5,
    )
)
def test_paragraph_text_round_trips(texts: list[str]) -> None:
    doc = build.new_document()
    for text in texts:
        doc.add_paragraph(text)
    blocks = extract_docx(build.to_bytes(doc)).blocks
    assert [b.text for b in blocks] == texts


# ----------------------------------------------------------------------------- lists


def test_outline_markers_and_levels(lists: Extraction) -> None:
    blocks = _by_text(lists)
    expected = ["1.", "1.1.", "1.2.", "a)", "(i)", "(ii)", "b)", "2.", "2.1.", "a)", "A.", "I."]
    got = [blocks[text] for _, text in build.OUTLINE_ITEMS]
    assert [b.list_marker for b in got] == expected
    assert [b.level_hint for b in got] == [ilvl for ilvl, _ in build.OUTLINE_ITEMS]
    assert all(b.kind is BlockKind.LIST_ITEM for b in got)
    indents = [b.style.indent if b.style else None for b in got]
    assert indents[0] is not None and indents[1] is not None and indents[1] > indents[0]


def test_list_continuation_restart_and_start(lists: Extraction) -> None:
    blocks = _by_text(lists)
    last_top = sum(1 for ilvl, _ in build.OUTLINE_ITEMS if ilvl == 0)
    assert blocks[build.CONTINUED_ITEM].list_marker == f"{last_top + 1}."
    assert [blocks[t].list_marker for t in build.RESTARTED_ITEMS] == ["1.", "2."]
    after_restart = len(build.RESTARTED_ITEMS)
    assert blocks[build.RESUMED_ITEM].list_marker == f"{after_restart + 1}."
    assert blocks[build.LATER_INSTANCE_ITEM].list_marker == f"{after_restart + 2}."
    starts = [blocks[t].list_marker for t in build.STARTED_ITEMS]
    assert starts == [f"{build.START_AT}.", f"{build.START_AT + 1}."]
    assert blocks[build.PLAIN].kind is BlockKind.PARAGRAPH
    assert blocks[build.PLAIN].list_marker is None


def test_level_restart_zero_and_legal_numbering(lists: Extraction) -> None:
    blocks = _by_text(lists)
    assert [blocks[t].list_marker for _, t in build.NO_RESTART_ITEMS] == ["A.", "1.", "B.", "2."]
    assert [blocks[t].list_marker for _, t in build.LEGAL_ITEMS] == ["I.", "1.1"]


def test_bullets_from_styles(lists: Extraction) -> None:
    blocks = _by_text(lists)
    for text in [*build.BULLETS, build.BULLET2]:
        assert (blocks[text].kind, blocks[text].list_marker) == (BlockKind.LIST_ITEM, "•")
        assert blocks[text].level_hint == 0
    assert _style_of(lists, build.BULLET2).style_name == "List Bullet 2"


def test_numbered_headings_keep_heading_kind(lists: Extraction) -> None:
    blocks = _by_text(lists)
    for number, text in enumerate(build.NUMBERED_HEADINGS, start=1):
        block = blocks[text]
        assert (block.kind, block.level_hint) == (BlockKind.HEADING, 1)
        assert block.list_marker == build.HEADING_LIST_TEXT.replace("%1", str(number)).strip()


def test_numbering_from_paragraph_style_and_removed(lists: Extraction) -> None:
    blocks = _by_text(lists)
    styled = blocks[build.STYLED_LIST[1]]
    assert (styled.kind, styled.level_hint, styled.list_marker) == (
        BlockKind.LIST_ITEM,
        1,
        "1.1.",
    )
    removed = blocks[build.NUMBERING_REMOVED]
    assert (removed.kind, removed.list_marker) == (BlockKind.PARAGRAPH, None)


def test_empty_numbered_paragraph_still_counts(lists: Extraction) -> None:
    assert _by_text(lists)[build.EMPTY_NUMBERED_AFTER].list_marker == "2."


def _roman_value(text: str) -> int:
    values = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100, "d": 500, "m": 1000}
    total = 0
    for char, nxt in zip(text, [*text[1:], ""], strict=True):
        value = values[char]
        total += -value if nxt and values[nxt] > value else value
    return total


@given(st.integers(min_value=1, max_value=3999))
def test_roman_numbers_round_trip(number: int) -> None:
    lower = format_number(number, "lowerRoman")
    assert re.fullmatch(r"[ivxlcdm]+", lower)
    assert _roman_value(lower) == number
    assert format_number(number, "upperRoman") == lower.upper()


@given(st.integers(min_value=1, max_value=26 * 5))
def test_letters_repeat_after_z(number: int) -> None:
    text = format_number(number, "lowerLetter")
    assert len(set(text)) == 1
    assert len(text) == (number - 1) // 26 + 1
    assert ord(text[0]) - ord("a") == (number - 1) % 26
    assert format_number(number, "upperLetter") == text.upper()
    assert format_number(number, "decimal") == str(number)
    assert format_number(number, "bullet") == "•"
    assert format_number(number, "none") == ""


@settings(max_examples=25, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=2), min_size=1, max_size=12))
def test_multilevel_counters_match_a_reference_model(levels: list[int]) -> None:
    doc = build.new_document()
    definition = [build.Lvl("decimal", "%1."), build.Lvl("decimal", "%1.%2."),
                  build.Lvl("decimal", "%1.%2.%3.")]  # fmt: skip
    num_id = build.add_num(doc, build.add_abstract(doc, definition))
    for index, ilvl in enumerate(levels):
        build.set_numbering(doc.add_paragraph(f"item {index}"), num_id, ilvl)
    markers = [b.list_marker for b in extract_docx(build.to_bytes(doc)).blocks]

    counters = [0, 0, 0]
    expected = []
    for ilvl in levels:
        counters[ilvl] += 1
        for deeper in range(ilvl + 1, 3):
            counters[deeper] = 0
        # A level never used yet shows its start value (1).
        expected.append("".join(f"{max(c, 1)}." for c in counters[: ilvl + 1]))
    assert markers == expected


# ----------------------------------------------------------------------------- tables


def test_header_row_and_grid_columns(tables: Extraction) -> None:
    header = [b for b in tables.blocks if b.table and b.table.table == 1 and b.table.row == 1]
    assert [b.text for b in header] == build.TABLE_HEADER
    assert all(b.table and b.table.is_header for b in header)
    assert [b.table.column for b in header if b.table] == [1, 2, 3]
    assert all(not b.table.is_header for b in tables.blocks if b.table and b.table.row > 1)
    for block in tables.blocks:
        if block.table:
            assert block.kind is BlockKind.CELL
            assert (block.source.table, block.source.row, block.source.column) == (
                block.table.table,
                block.table.row,
                block.table.column,
            )


def test_vertical_merge_emitted_once(tables: Extraction) -> None:
    merged = [b for b in tables.blocks if b.text == build.MERGED_DOWN]
    assert len(merged) == 1
    ref = merged[0].table
    assert ref is not None
    assert (ref.row, ref.column, ref.row_span, ref.col_span, ref.continued) == (2, 1, 3, 1, False)


def test_horizontal_merge_has_col_span(tables: Extraction) -> None:
    merged = [b for b in tables.blocks if b.text == build.MERGED_ACROSS]
    assert len(merged) == 1
    ref = merged[0].table
    assert ref is not None and (ref.row, ref.column, ref.col_span) == (3, 2, 2)


def test_several_paragraphs_and_bullets_in_one_cell(tables: Extraction) -> None:
    texts = [b.text for b in tables.blocks]
    start = texts.index(build.CELL_INTRO)
    cell = tables.blocks[start : start + 1 + len(build.CELL_BULLETS)]
    assert [b.text for b in cell] == [build.CELL_INTRO, *build.CELL_BULLETS]
    assert len({b.table for b in cell}) == 1
    assert cell[0].list_marker is None
    assert all(b.list_marker == "•" and b.level_hint == 0 for b in cell[1:])


def test_nested_table_numbered_and_placed_in_its_cell(tables: Extraction) -> None:
    texts = [b.text for b in tables.blocks]
    host = texts.index(build.NESTED_HOST)
    after = texts.index(build.AFTER_NESTED)
    nested = tables.blocks[host + 1 : after]
    assert [b.text for b in nested] == [t for row in build.NESTED for t in row]
    assert {b.table.table for b in nested if b.table} == {2}
    positions = [(b.table.row, b.table.column) for b in nested if b.table]
    assert positions == [(1, 1), (1, 2), (2, 1), (2, 2)]
    parent = tables.blocks[after].table
    assert parent is not None and (parent.table, parent.row, parent.column) == (1, 4, 2)
    second = [b for b in tables.blocks if b.text in {t for r in build.SECOND_TABLE for t in r}]
    assert {b.table.table for b in second if b.table} == {3}
    between = _by_text(tables)[build.BETWEEN_TABLES]
    assert between.kind is BlockKind.PARAGRAPH and between.table is None


def test_continuation_cell_with_text_and_grid_before(tables: Extraction) -> None:
    blocks = _by_text(tables)
    continued = blocks[build.CONTINUED_TEXT].table
    assert continued is not None and continued.continued and continued.row == 2
    top = blocks["Haut"].table
    assert top is not None and top.row_span == 2
    shifted = blocks[build.GRID_BEFORE_TEXT].table
    assert shifted is not None and (shifted.row, shifted.column) == (3, 2)


def test_big_table_is_fast() -> None:
    data = build.build_big_table(rows=200, cols=4)
    started = time.process_time()  # CPU time: the same on a quiet or a busy machine
    result = extract_docx(data)
    elapsed = time.process_time() - started
    assert len(result.blocks) == 800
    last = result.blocks[-1]
    assert last.table is not None and (last.table.row, last.table.column) == (200, 4)
    assert last.text == "r200c4"
    assert elapsed < 1.0


# ----------------------------------------------------------------------------- furniture


def test_headers_and_footers_are_furniture(furniture: Extraction) -> None:
    body = [b.text for b in furniture.blocks]
    assert body == [build.BODY_ONE, build.BODY_TWO]
    extra = [b.text for b in furniture.furniture]
    expected = [
        build.HEADER_DEFAULT,
        *build.HEADER_TABLE,
        build.HEADER_FIRST,
        build.HEADER_EVEN,
        build.FOOTER_DEFAULT,
        build.HEADER_SECTION_TWO,
    ]
    assert sorted(extra) == sorted(expected)
    assert all(b.kind is BlockKind.PARAGRAPH and b.table is None for b in furniture.furniture)
    assert furniture.title == build.FURNITURE_TITLE


def test_dispatcher_sniffs_docx() -> None:
    result = extract((FIXTURES / "tables.docx").read_bytes(), name="renamed.txt")
    assert result.format == "docx"
    assert any(b.kind is BlockKind.CELL for b in result.blocks)


def test_raw_merges_legacy_hmerge_and_orphan_continuation() -> None:
    def cell(text: str, props: str = "") -> str:
        return f"<w:tc><w:tcPr>{props}</w:tcPr><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:tc>"

    empty = "<w:tc><w:tcPr>{}</w:tcPr><w:p/></w:tc>"
    rows = [
        # An orphan continuation (nothing above) is an ordinary cell; a legacy
        # horizontal merge widens the cell before it.
        cell("orphelin", "<w:vMerge/>")
        + cell("large", '<w:hMerge w:val="restart"/>')
        + empty.format("<w:hMerge/>"),
        cell("seul", '<w:vMerge w:val="restart"/>') + cell("x") + cell("y"),
        cell("z") + cell("w", '<w:gridSpan w:val="2"/>'),
    ]
    body = "<w:tbl>" + "".join(f"<w:tr>{r}</w:tr>" for r in rows) + "</w:tbl>"
    blocks = {b.text: b.table for b in extract_docx(_minimal_docx(_document_xml(body))).blocks}
    assert set(blocks) == {"orphelin", "large", "seul", "x", "y", "z", "w"}
    orphan, wide, alone = blocks["orphelin"], blocks["large"], blocks["seul"]
    assert orphan is not None and (orphan.row_span, orphan.continued) == (1, False)
    assert wide is not None and (wide.column, wide.col_span) == (2, 2)
    # A restart that nothing continues spans one row; the row below starts afresh.
    assert alone is not None and alone.row_span == 1
    spanned = blocks["w"]
    assert spanned is not None and (spanned.row, spanned.column, spanned.col_span) == (3, 2, 2)


def test_check_zip_names_the_expected_kind() -> None:
    with pytest.raises(InputError, match=r"not a ODT file \(not a zip archive\)"):
        check_zip(b"%PDF-1.7", kind="ODT", path="a.odt")
    check_zip(_minimal_docx(_document_xml("")), kind="DOCX", required=["_rels/.rels"])
