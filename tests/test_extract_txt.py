"""TXT extraction: encodings, line endings, tables, bullets, binary refusal."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pstparse.extractors import extract, sniff
from pstparse.extractors.txt import decode_text, extract_txt
from pstparse.model.errors import InputError
from pstparse.model.ir import BlockKind

TEXT = "Programme stratégique – été 2019\nO.S. 1 : Être un CPAS “moderne” à 1 €\n"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (b"\xef\xbb\xbf" + TEXT.encode("utf-8"), "utf-8-sig"),
        (TEXT.encode("cp1252"), "cp1252"),
        (
            TEXT.replace("–", "-")
            .replace("“", '"')
            .replace("”", '"')
            .replace("€", "E")
            .encode("latin-1"),
            "latin-1",
        ),
        (TEXT.encode("utf-16"), "utf-16"),
    ],
)
def test_encodings(data: bytes, encoding: str) -> None:
    text, enc = decode_text(data)
    assert enc == encoding
    assert "Programme stratégique" in text
    assert "Être" in text


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_line_endings(newline: str) -> None:
    data = newline.join(["Titre", "", "Deuxième ligne", "Troisième"]).encode()
    ex = extract_txt(data)
    assert [b.text for b in ex.blocks] == ["Titre", "Deuxième ligne", "Troisième"]
    assert [b.source.line for b in ex.blocks] == [1, 3, 4]
    assert ex.blocks[1].style is not None and ex.blocks[1].style.space_before == 1


def test_tab_table_cells_keep_columns() -> None:
    data = b"A\tB\tC\n\tO.O.1.2 : x\ty\nz\t\t\nfin\n"
    ex = extract_txt(data)
    cells = [(b.text, b.table.table, b.table.row, b.table.column) for b in ex.blocks if b.table]
    assert cells == [
        ("A", 1, 1, 1),
        ("B", 1, 1, 2),
        ("C", 1, 1, 3),
        ("O.O.1.2 : x", 1, 2, 2),
        ("y", 1, 2, 3),
        ("z", 1, 3, 1),
    ]
    assert ex.blocks[-1].kind is BlockKind.PARAGRAPH and ex.blocks[-1].text == "fin"


def test_bullets_and_indent() -> None:
    ex = extract_txt("• un\n  - deux\nTrois\n".encode())
    kinds = [(b.kind, b.list_marker, b.level_hint, b.text) for b in ex.blocks]
    assert kinds[0] == (BlockKind.LIST_ITEM, "•", 0, "un")
    assert kinds[1] == (BlockKind.LIST_ITEM, "-", 1, "deux")
    assert kinds[2][0] is BlockKind.PARAGRAPH


def test_form_feed_pages() -> None:
    ex = extract_txt(b"page un\fpage deux\n")
    assert [b.source.page for b in ex.blocks] == [1, 2]


@pytest.mark.parametrize("data", [b"\x00\x01\x02binary\x00\x00" * 20, bytes(range(256)) * 4])
def test_binary_refused(data: bytes) -> None:
    with pytest.raises(InputError, match="binary"):
        extract_txt(data, name="x.txt")


def test_empty_refused() -> None:
    with pytest.raises(InputError, match="empty"):
        extract(b"  \n\n", name="e.txt")


def test_sniff_by_content_not_name() -> None:
    assert sniff(b"%PDF-1.7 ...", "plan.txt") == "pdf"
    assert sniff(b"hello", "plan.txt") == "txt"
    with pytest.raises(InputError):
        sniff(b"hello", "plan.pdf")


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=200))
def test_utf8_text_never_loses_words(text: str) -> None:
    data = text.encode("utf-8")
    if not text.strip():
        return
    ex = extract_txt(data)
    joined = " ".join(b.text for b in ex.blocks)
    for word in text.split():
        if word.strip("•●○◦▪▫■□►▸‣⁃∙·-–—*+o»✓✔➢➤→"):
            assert word.strip() in joined or word in text
