"""The pdfium reader against the pdfminer (pdfplumber) reader on awkward text layers.

Each class of text layer comes in several generated variants (tests/fixtures/pdf/raw.py):
ligature glyphs, soft and hard end-of-line hyphens, rotated pages, characters drawn twice
(fake bold), Type3 fonts, simple fonts without ToUnicode. For each, the text the reader
should give follows from what the fixture wrote; pdfium must give it whenever pdfminer
does ("at least as well"), and the cases where pdfminer fails are spelled out.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from pstparse.extractors.pdf import _reader, extract_pdf
from pstparse.model.ir import Extraction

sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "pdf"))
import raw

FIXTURES = Path(__file__).parent / "fixtures" / "pdf"


@contextmanager
def _pdfminer_only() -> Iterator[None]:
    original = _reader._pdfium_unsuitable
    _reader._pdfium_unsuitable = lambda data: "forced by the test"
    try:
        yield
    finally:
        _reader._pdfium_unsuitable = original


def _both(data: bytes) -> tuple[Extraction, Extraction]:
    fast = extract_pdf(data)
    with _pdfminer_only():
        slow = extract_pdf(data)
    assert fast.findings == []
    assert [f.rule for f in slow.findings] == ["pdf-reader-fallback"]
    return fast, slow


def _text(ex: Extraction) -> str:
    return " ".join(b.text for b in ex.blocks)


def _at_least_as_well(data: bytes, expected: str) -> tuple[str, str]:
    fast, slow = _both(data)
    got, old = _text(fast), _text(slow)
    if old == expected:
        assert got == expected
    return got, old


# --------------------------------------------------------------------- ligatures

_LIGATURES = {"fi": 0xB0, "fl": 0xB1, "ffi": 0xB2, "ffl": 0xB3}


@pytest.mark.parametrize(
    ("words", "size"),
    [
        (["of|fi|ciel", "|fl|euve", "dif|fi|cile"], 11),
        (["ra|ffl|e", "e|ffi|cace", "|fi|n"], 14),
        (["pro|fi|l", "con|fl|it", "sou|ffl|e", "a|ffi|che"], 9),
    ],
)
def test_ligature_glyphs_are_spelled_out(words: list[str], size: float) -> None:
    line = b" ".join(
        b"".join(
            bytes([_LIGATURES[part]]) if i % 2 else part.encode()
            for i, part in enumerate(w.split("|"))
        )
        for w in words
    )
    font = raw.differences_font({code: name for name, code in _LIGATURES.items()})
    data = raw.pdf([raw.lines([line], size=size)], {"F1": font})
    expected = " ".join(w.replace("|", "") for w in words)
    got, _ = _at_least_as_well(data, expected)
    assert got == expected


# --------------------------------------------------------------------- hyphens


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        # soft hyphen (WinAnsi 0xAD) at the end of a line: always dropped
        ([b"Le plan parle du d\xe9ve\xad", b"loppement durable"], "développement durable"),
        ([b"Une nouvelle mobi\xad", b"lit\xe9 douce pour tous"], "mobilité douce"),
        # hard hyphen between lower-case halves: dropped (no other evidence)
        ([b"Renforcer la coh\xe9-", b"sion sociale du quartier"], "cohésion sociale"),
        # hard hyphen before a capital: kept
        ([b"Les communes de Wallonie-", b"Bruxelles et environs"], "Wallonie-Bruxelles"),
    ],
)
def test_end_of_line_hyphens(rows: list[bytes], expected: str) -> None:
    data = raw.pdf([raw.lines(rows)])
    fast, slow = _both(data)
    assert expected in _text(fast)
    if expected in _text(slow):
        assert _text(fast) == _text(slow)


# --------------------------------------------------------------------- rotated pages

_ROWS = [b"Objectif strategique un", b"Action deux et trois", b"Pilote service travaux"]


@pytest.mark.parametrize("rotate", [90, 180, 270])
def test_rotated_page_reads_as_pdfminer_reads_it(rotate: int) -> None:
    data = raw.pdf([raw.lines(_ROWS)], rotate=rotate)
    fast, slow = _both(data)
    assert _text(fast) == _text(slow)
    assert [b.kind for b in fast.blocks] == [b.kind for b in slow.blocks]
    if rotate != 180:  # upside down, pdfminer reads the text backwards too
        assert _text(fast) == " ".join(r.decode() for r in _ROWS)


@pytest.mark.parametrize("size", [10, 12])
def test_landscape_stored_as_rotated_portrait(size: float) -> None:
    data = raw.pdf([raw.sideways(_ROWS, size=size)], rotate=90)
    fast, slow = _both(data)
    assert _text(fast) == _text(slow) == " ".join(r.decode() for r in _ROWS)
    for a, b in zip(fast.blocks, slow.blocks, strict=True):
        assert a.source.bbox == pytest.approx(b.source.bbox, abs=0.02)


def test_rotated_fixture_pages_agree() -> None:
    data = (FIXTURES / "borderless_landscape.pdf").read_bytes()
    fast, slow = _both(data)
    assert [b.text for b in fast.blocks] == [b.text for b in slow.blocks]


# --------------------------------------------------------------------- fake bold


@pytest.mark.parametrize("offset", [0.0, 0.25, 0.5])
def test_characters_drawn_twice_are_read_once(offset: float) -> None:
    data = raw.pdf([raw.doubled(_ROWS, offset=offset)])
    expected = " ".join(r.decode() for r in _ROWS)
    got, old = _at_least_as_well(data, expected)
    assert got == expected
    if offset >= 0.25:
        # pdfminer keeps both copies once they are a quarter point apart (its dedupe
        # rounds positions); pdfium drops a text object that repeats the one before.
        assert old != expected


# --------------------------------------------------------------------- Type3 fonts


@pytest.mark.parametrize("with_to_unicode", [True, False])
@pytest.mark.parametrize("text", ["Objectif un\nAction deux", "Axe trois\nPlan local"])
def test_type3_font(text: str, with_to_unicode: bool) -> None:
    data = raw.type3_pdf(text, with_to_unicode=with_to_unicode)
    expected = text.replace("\n", " ")
    got, _ = _at_least_as_well(data, expected)
    assert got == expected


# --------------------------------------------------------------------- no ToUnicode


@pytest.mark.parametrize(
    ("names", "line", "expected"),
    [
        ({0x80: "eacute", 0x81: "egrave"}, b"\x80t\x80 tr\x81s", "été très"),
        ({0x82: "ccedilla", 0x83: "oe"}, b"fa\x82ade \x83uvre", "façade œuvre"),
        ({0x84: "Eacute", 0x85: "ocircumflex"}, b"\x84cole h\x85tel", "École hôtel"),
    ],
)
def test_glyph_names_without_to_unicode(names: dict[int, str], line: bytes, expected: str) -> None:
    data = raw.pdf([raw.lines([line])], {"F1": raw.differences_font(names)})
    got, _ = _at_least_as_well(data, expected)
    assert got == expected


@pytest.mark.parametrize("code", [0x80, 0x8C, 0x96])
def test_unknown_glyph_name_reads_as_pdfminer_reads_it(code: int) -> None:
    # "g12" names no character: both readers fall back on the WinAnsi meaning of the code
    data = raw.pdf(
        [raw.lines([b"ab" + bytes([code]) + b" cd"])], {"F1": raw.differences_font({code: "g12"})}
    )
    fast, slow = _both(data)
    assert _text(fast) == _text(slow)
    assert not any(0x80 <= ord(c) <= 0x9F for c in _text(fast))


def test_threads_share_pdfium_safely() -> None:
    # pdfium is not thread-safe: concurrent extractions are serialised and give the
    # same blocks as one after the other.
    from concurrent.futures import ThreadPoolExecutor

    files = [FIXTURES / "ruled_spill.pdf", FIXTURES / "headings_bullets.pdf"] * 2
    datas = [f.read_bytes() for f in files]
    alone = [_text(extract_pdf(d)) for d in datas]
    with ThreadPoolExecutor(max_workers=4) as pool:
        together = list(pool.map(lambda d: _text(extract_pdf(d)), datas))
    assert together == alone
