"""The PDF reader's one-pass word grouping gives exactly pdfplumber's words.

``_reader._upright_words`` replaces pdfplumber's ``extract_words`` (same settings) for
upright text, for speed. Its output must be the same to the last bit, whatever the
characters: generated character lists (ties on ``top`` and ``x0``, lines whose tops chain
within the tolerance, blank and empty characters, ligatures, font and size changes,
characters out of order) and every page of the sample and fixture PDFs.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pdfplumber.utils.text import extract_words

from pstparse.extractors.pdf import Word, _reader
from pstparse.extractors.pdf._pdfium import PdfiumDocument

ROOT = Path(__file__).resolve().parent.parent


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
