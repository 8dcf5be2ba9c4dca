"""The PDF reader's one-pass word grouping gives exactly pdfplumber's words.

``_reader._upright_words`` replaces pdfplumber's ``extract_words`` (same settings) for
upright text, for speed. Its output must be the same to the last bit, whatever the
characters: generated character lists (ties on ``top`` and ``x0``, lines whose tops chain
within the tolerance, blank and empty characters, ligatures, font and size changes,
characters out of order) and every page of the sample and fixture PDFs.
"""

from __future__ import annotations

import sys
from collections import Counter
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pdfplumber.utils.text import extract_words

from pstparse.extractors.pdf import Word, _reader
from pstparse.extractors.pdf._pdfium import CharRun, PdfiumDocument, RawPage

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "fixtures" / "pdf"))
import raw  # noqa: E402


def plumber_words(chars: list[dict[str, Any]]) -> list[Word]:
    """What the reader made of characters before: pdfplumber's words, blank ones dropped."""
    return [
        Word.from_plumber(raw)
        for raw in extract_words(chars, **_reader.WORD_SETTINGS)
        if str(raw.get("text", "")).strip()
    ]


# Coordinates on a coarse grid, so that ties (same top, same x0) and chained tops within
# the 3 pt tolerance happen often.
_coord = st.integers(min_value=0, max_value=40).map(lambda v: v * 0.75)


@st.composite
def _char(draw: st.DrawFn) -> dict[str, Any]:
    x0 = draw(_coord)
    top = draw(_coord)
    size = draw(st.sampled_from([8.0, 10.0, 10.5]))
    width = draw(st.sampled_from([0.5, 2.0, 5.0]))
    return {
        "text": draw(st.sampled_from(["a", "b", "É", " ", "\u00a0", "", "ﬁ", "fi", "-", "1"])),
        "x0": x0,
        "x1": x0 + width,
        "top": top,
        "bottom": top + size,
        "doctop": top,
        "upright": True,
        "fontname": draw(st.sampled_from(["ABCDEF+Arial-BoldMT", "Times-Roman", "Foo,Italic"])),
        "size": size,
    }


@settings(max_examples=300, deadline=None)
@given(st.lists(_char(), max_size=60))
def test_upright_words_equal_pdfplumbers(chars: list[dict[str, Any]]) -> None:
    assert _reader._upright_words(chars) == plumber_words(chars)


@settings(max_examples=100, deadline=None)
@given(st.lists(_char(), min_size=1, max_size=30), st.integers(min_value=0, max_value=29))
def test_sideways_text_takes_pdfplumbers_path(chars: list[dict[str, Any]], pick: int) -> None:
    chars[pick % len(chars)]["upright"] = False
    assert _reader._words(chars) == plumber_words(chars)


def _pdfs() -> list[Path]:
    """Sample and fixture PDFs that pdfium opens without a password."""
    found = [*(ROOT / "samples").glob("*.pdf"), *(ROOT / "tests" / "fixtures").rglob("*.pdf")]
    return sorted(p for p in found if b"/Encrypt" not in p.read_bytes())


@pytest.mark.parametrize("path", _pdfs(), ids=lambda p: p.name)
def test_sample_pages_give_the_same_words(path: Path) -> None:
    data = path.read_bytes()
    document = PdfiumDocument(data, None, _reader._pdfminer_descents(data, None))
    compared = 0
    try:
        for page in document.pages():
            if page.chars and all(ch["upright"] for ch in page.chars):
                assert _reader._upright_words(page.chars) == plumber_words(page.chars)
                compared += 1
        assert compared or path.parent.name == "scans" or path.name == "scanned.pdf"
    finally:
        document.close()


# --------------------------------------------------------------------- compact form
#
# The pdfium reader reads an upright page in a compact form (``RawPage.upright``: runs of
# character tuples, drawn-twice characters dropped in the same pass) that
# ``_reader._run_words`` groups into words. It must give what the general path gives:
# the page's character dictionaries, ``_duplicate_chars``, then ``_upright_words`` (itself
# equal to pdfplumber's words, above).


def _runs_of(chars: list[dict[str, Any]]) -> list[CharRun]:
    """Consecutive characters of one font name and size, as tuples (the compact runs)."""
    runs: list[CharRun] = []
    for ch in chars:
        if not runs or (runs[-1].fontname, runs[-1].size) != (ch["fontname"], ch["size"]):
            runs.append(CharRun(ch["fontname"], ch["size"], []))
        runs[-1].chars.append((ch["text"], ch["x0"], ch["x1"], ch["top"], ch["bottom"]))
    return runs


@st.composite
def _sized_char(draw: st.DrawFn) -> dict[str, Any]:
    ch = draw(_char())
    if draw(st.booleans()) and draw(st.booleans()):
        ch["size"] = 0.0  # no size: the word's height stands in
    return ch


@settings(max_examples=300, deadline=None)
@given(st.lists(_sized_char(), max_size=60))
def test_run_words_equal_upright_words(chars: list[dict[str, Any]]) -> None:
    assert _reader._run_words(_runs_of(chars)) == _reader._upright_words(chars)


def test_ligature_check_knows_pdfplumbers_ligatures() -> None:
    from pdfplumber.utils.text import LIGATURES

    assert set(LIGATURES) == _reader._LIGATURE_CHARS


def _general(page: RawPage) -> tuple[list[Word], dict[float, int], int]:
    """Words, characters per size and character count by the dictionaries' path."""
    chars = page.chars
    dupes = _reader._duplicate_chars(chars)
    kept = [ch for ch in chars if id(ch) not in dupes]
    return _reader._words(kept), dict(Counter(ch["size"] for ch in chars)), len(chars)


def _compact(page: RawPage) -> tuple[list[Word], dict[float, int], int]:
    assert page.upright is not None
    return _reader._run_words(page.upright.runs), page.upright.sizes, page.upright.count


def assert_same_pages(data: bytes) -> int:
    """Every page read both ways gives the same words, sizes (in the same order) and
    count; a page with turned text is read as dictionaries either way. Returns the
    number of pages read in the compact form."""
    descents = _reader._pdfminer_descents(data, None)
    general = PdfiumDocument(data, None, descents, max_chars=_reader.MAX_PAGE_CHARS)
    compact = PdfiumDocument(data, None, descents, max_chars=_reader.MAX_PAGE_CHARS, compact=True)
    fast = 0
    try:
        for slow_page, fast_page in zip(general.pages(), compact.pages(), strict=True):
            assert slow_page.upright is None
            if fast_page.upright is None:
                assert fast_page.chars == slow_page.chars
                continue
            assert fast_page.chars == []
            fast += 1
            expected, got = _general(slow_page), _compact(fast_page)
            assert got == expected
            assert list(got[1]) == list(expected[1])  # sizes met in the same order
    finally:
        general.close()
        compact.close()
    return fast


@pytest.mark.parametrize("path", _pdfs(), ids=lambda p: p.name)
def test_sample_pages_read_compactly_give_the_same_words(path: Path) -> None:
    fast = assert_same_pages(path.read_bytes())
    assert fast or path.parent.name == "scans" or path.name in ("scanned.pdf", "rotated.pdf")


_LIGATURE_FONT = raw.differences_font({0xB0: "fi", 0xB1: "fl", 0xB2: "ffi"})
_FONTS = {
    "F1": raw.HELVETICA,
    "F2": b"<</Type/Font/Subtype/Type1/BaseFont/Times-Bold/Encoding/WinAnsiEncoding>>",
    "F3": _LIGATURE_FONT,
}
_WORDS = [
    b"Plan",
    b"of\xb0ce",
    b"\xb1eur",
    b"a\xb2che",
    b"OS 1.2",
    b"  ",
    b"-",
    b"(x)",
    b"\xe9t\xe9",
]


@st.composite
def _text_object(draw: st.DrawFn) -> bytes:
    """One text object: a font and size, a horizontal scale, character and word
    spacing, a position on a coarse grid (shared baselines, touching runs), words."""
    font = draw(st.sampled_from(sorted(_FONTS)))
    size = draw(st.sampled_from([0, 7, 9.5, 11, 14]))
    scale = draw(st.sampled_from([100, 100, 80, 130]))
    spacing = draw(st.sampled_from([0, 0, 0.4, -0.3]))
    x = draw(st.integers(min_value=0, max_value=30)) * 15
    y = 800 - draw(st.integers(min_value=0, max_value=20)) * 6.5
    text = b" ".join(draw(st.lists(st.sampled_from(_WORDS), min_size=1, max_size=4)))
    text = text.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
    body = b"BT /%s %g Tf %d Tz %g Tc 1 Tw %g %g Td (%s) Tj ET" % (
        font.encode(),
        size,
        scale,
        spacing,
        x,
        y,
        text,
    )
    repeat = draw(st.sampled_from([None, None, 0.0, 0.25, 0.5, 1.5]))
    if repeat is not None:  # drawn again (fake bold), shifted by as much
        again = body.replace(b"%g %g Td" % (x, y), b"%g %g Td" % (x + repeat, y))
        body += b"\n" + (_FILLERS + b"\n" if draw(st.booleans()) else b"") + again
    return body


@settings(max_examples=80, deadline=None)
@given(st.lists(_text_object(), min_size=1, max_size=12))
def test_generated_pages_read_compactly_give_the_same_words(objects: list[bytes]) -> None:
    data = raw.pdf([b"\n".join(objects)], _FONTS)
    assert assert_same_pages(data) == 1


@pytest.mark.parametrize("turned", [b"0 1 -1 0 300 200 Tm", b"0 -1 1 0 300 600 Tm"])
def test_a_page_with_sideways_text_is_read_as_dictionaries(turned: bytes) -> None:
    upright = raw.lines([b"Objectif strategique un", b"Action deux"])
    sideways = b"BT /F1 11 Tf %s (Tourne) Tj ET" % turned
    data = raw.pdf([upright + b"\n" + sideways, upright])
    assert assert_same_pages(data) == 1  # the second page only


def test_upside_down_text_is_upright_text() -> None:
    # pdfplumber's "upright" is "not sideways": text turned half a turn keeps the
    # compact form, and its words are the general path's.
    upright = raw.lines([b"Objectif strategique un", b"Action deux"])
    upside_down = b"BT /F1 11 Tf -1 0 0 -1 300 200 Tm (Tourne) Tj ET"
    data = raw.pdf([upright + b"\n" + upside_down])
    assert assert_same_pages(data) == 1


@pytest.mark.parametrize("rotate", [90, 180, 270])
def test_a_rotated_page_is_read_as_dictionaries(rotate: int) -> None:
    data = raw.pdf([raw.lines([b"Objectif strategique un"])], rotate=rotate)
    assert assert_same_pages(data) == 0


_FILLERS = b"\n".join(b"BT /F1 9 Tf %d 60 Td (%d) Tj ET" % (72 + 20 * i, i) for i in range(6))
"""Six text objects between two copies of a line: pdfium drops a text object that repeats
one of the five before it, so these let the copy reach the reader's own check."""


@pytest.mark.parametrize("offset", [0.0, 0.25, 0.4, 0.5])
def test_characters_drawn_twice_are_dropped_in_the_compact_form(offset: float) -> None:
    rows = [b"Objectif strategique un", b"Action deux et trois"]
    twice = raw.lines(rows) + b"\n" + _FILLERS + b"\n" + raw.lines(rows, x=72 + offset)
    data = raw.pdf([twice])
    assert assert_same_pages(data) == 1
    document = PdfiumDocument(data, None, {}, compact=True)
    try:
        (page,) = list(document.pages())
    finally:
        document.close()
    assert page.upright is not None
    kept = sum(len(run.chars) for run in page.upright.runs)
    dropped, copy = page.upright.count - kept, sum(len(r) for r in rows)
    if offset == 0:
        assert dropped == copy
    else:  # a character of the copy is dropped where its position rounds to the first's
        assert 0 < dropped < copy
    if dropped == copy:
        words = [w.text for w in _reader._run_words(page.upright.runs)]
        assert " ".join(words[: len(words) - 6]) == " ".join(r.decode() for r in rows)


# --------------------------------------------------------------------- font descents


def pdfminer_font_descents(data: bytes) -> dict[str, float]:
    """What pdfminer's own font objects say (the reader's first way of reading them):
    every page's fonts made by ``PDFResourceManager.get_font``, their ``get_descent``."""
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfinterp import PDFResourceManager
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser
    from pdfminer.pdftypes import resolve1

    out: dict[str, float] = {}
    manager = PDFResourceManager(caching=True)
    document = PDFDocument(PDFParser(BytesIO(data)))
    for page in PDFPage.create_pages(document):
        fonts = resolve1(resolve1(page.resources).get("Font"))
        for ref in (fonts or {}).values():
            try:
                font = manager.get_font(getattr(ref, "objid", None), resolve1(ref))
            except Exception:
                continue
            base = str(getattr(font, "basefont", "") or "").split("+", 1)[-1]
            if base and base not in out:
                out[base] = min(0.0, float(font.get_descent()))
    return out


def _truetype(name: bytes, descriptor: bytes | None) -> bytes:
    tail = b"/FontDescriptor<<%s>>" % descriptor if descriptor is not None else b""
    return b"<</Type/Font/Subtype/TrueType/BaseFont/%s/Encoding/WinAnsiEncoding%s>>" % (
        name,
        tail,
    )


def _type0(name: bytes, descent: int) -> bytes:
    return (
        b"<</Type/Font/Subtype/Type0/BaseFont/%s/Encoding/Identity-H/DescendantFonts["
        b"<</Type/Font/Subtype/CIDFontType2/BaseFont/%s/CIDSystemInfo<</Registry(Adobe)"
        b"/Ordering(Identity)/Supplement 0>>/FontDescriptor<</Descent %d/Ascent 900>>>>]>>"
        % (name, name, descent)
    )


@pytest.mark.parametrize(
    "fonts",
    [
        {"F1": raw.HELVETICA, "F2": _truetype(b"Arial,Bold", None)},
        {"F1": _truetype(b"ABCDEF+Liberation", b"/Descent -212/Ascent 905")},
        {"F1": _truetype(b"Custom", b"/Descent 230"), "F2": _truetype(b"Zero", b"/Descent 0")},
        {"F1": _truetype(b"NoDescent", b"/Ascent 700"), "F2": _truetype(b"Bare", None)},
        {"F1": _type0(b"GHIJKL+Calibri", -250), "F2": _type0(b"Cambria", 222)},
        {"F1": b"<</Type/Font/BaseFont/Courier>>", "F2": b"<</Type/Font/Subtype/X/BaseFont/Y>>"},
    ],
    ids=["standard", "subset", "signs", "missing", "composite", "no-subtype"],
)
def test_descents_are_pdfminers(fonts: dict[str, bytes]) -> None:
    data = raw.pdf([raw.lines([b"Objectif un"])], fonts)
    expected = pdfminer_font_descents(data)
    assert expected  # the variant has fonts pdfminer reads
    assert _reader._pdfminer_descents(data, None) == expected


def test_type3_fonts_have_no_descent_by_name() -> None:
    data = raw.type3_pdf("Axe trois", with_to_unicode=True)
    assert _reader._pdfminer_descents(data, None) == pdfminer_font_descents(data) == {}


@pytest.mark.parametrize("path", _pdfs(), ids=lambda p: p.name)
def test_sample_descents_are_pdfminers(path: Path) -> None:
    data = path.read_bytes()
    assert _reader._pdfminer_descents(data, None) == pdfminer_font_descents(data)
