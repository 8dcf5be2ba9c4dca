"""The input-format registry: every format is one record, sniffing and extraction go
through it, and a known but unsupported type is refused by its record."""

from __future__ import annotations

import re
import sys
import types
from pathlib import Path

import pytest
from typer.testing import CliRunner

import pstparse.extractors.registry as registry
from pstparse.cli import app
from pstparse.extractors import FORMATS, extract, input_suffixes, sniff
from pstparse.extractors.image import IMAGE_KINDS
from pstparse.extractors.registry import REGISTRY, InputFormat, reader_modules
from pstparse.model.errors import InputError, UnsupportedFormatError
from pstparse.model.ir import Block, BlockKind, Extraction
from pstparse.model.plan import Source
from pstparse.options import ExtractOptions
from tests.fixtures.bad import build

runner = CliRunner()

# Zip-based office files of the kinds pstparse knows but does not read, each built from
# the one member that tells them apart, and several variants of it (mimetype first like
# LibreOffice writes, a [Content_Types].xml like Office writes, extra members).
_KNOWN_ZIPS: dict[str, tuple[dict[str, bytes | str], str]] = {
    "tableur.xlsx": (
        {"[Content_Types].xml": "<a/>", "xl/workbook.xml": "<a/>", "xl/sheet1.xml": "<b/>"},
        r"an Excel workbook \(\.xlsx\)",
    ),
    "classeur.xlsx": ({"xl/workbook.xml": "<a/>"}, r"an Excel workbook \(\.xlsx\)"),
    "texte.odt": (
        {"mimetype": "application/vnd.oasis.opendocument.text", "content.xml": "<a/>"},
        r"OpenDocument file \(\.odt/\.ods\): save it as \.docx or PDF",
    ),
    "calc.ods": (
        {
            "mimetype": "application/vnd.oasis.opendocument.spreadsheet",
            "content.xml": "<a/>",
            "META-INF/manifest.xml": "<m/>",
        },
        r"OpenDocument file",
    ),
    "slides.pptx": ({"ppt/presentation.xml": "<a/>"}, r"PowerPoint presentation"),
    "livre.epub": ({"META-INF/container.xml": "<a/>"}, r"an EPUB book"),
    "archive.zip": ({"notes.txt": "rien"}, r"zip archive without word/document\.xml"),
}


@pytest.mark.parametrize("name", sorted(_KNOWN_ZIPS))
def test_known_zip_types_are_refused_by_their_record(name: str) -> None:
    members, pattern = _KNOWN_ZIPS[name]
    data = build.zip_bytes(members)
    with pytest.raises(UnsupportedFormatError, match=pattern) as info:
        extract(data, name=name)
    assert info.value.exit_code == 2
    assert "\n" not in str(info.value)
    # The message is the record's, word for word.
    record = next(
        f for f in REGISTRY if f.support == "unsupported" and f.message == info.value.message
    )
    assert record.matches(registry.Probe(data))


@pytest.mark.parametrize("name", ["tableur.xlsx", "texte.odt"])
def test_cli_refuses_xlsx_and_odt_in_one_line(name: str, tmp_path: Path) -> None:
    members, pattern = _KNOWN_ZIPS[name]
    path = tmp_path / name
    path.write_bytes(build.zip_bytes(members))
    result = runner.invoke(app, ["extract", str(path)])
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"pstparse: {path}: ")
    assert re.search(pattern, lines[0])
    assert "Traceback" not in result.stderr


def test_every_record_is_well_formed() -> None:
    names = [f.name for f in REGISTRY]
    assert len(names) == len(set(names))
    for fmt in REGISTRY:
        assert fmt.magic or fmt.detect is not None, fmt.name
        if fmt.support == "read":
            assert fmt.reader is not None and fmt.message is None, fmt.name
        else:
            assert fmt.reader is None and fmt.message, fmt.name
        assert all(s.startswith(".") and s == s.lower() for s in fmt.suffixes), fmt.name
    # Plain text catches everything, so it must come last.
    assert REGISTRY[-1] is registry.FALLBACK
    assert registry.FALLBACK.name == "txt"


def test_readers_and_suffixes_come_from_the_registry() -> None:
    assert set(FORMATS) == {"txt", "docx", "pdf", "image"}
    assert set(input_suffixes()) == {".txt", ".docx", ".pdf"}
    assert set(reader_modules()) == {
        "pstparse.extractors.docx",
        "pstparse.extractors.pdf",
        "pstparse.extractors.image",
        "pstparse.extractors.txt",
    }


def test_image_types_named_in_messages_match_the_record() -> None:
    assert set(IMAGE_KINDS) == set(registry.BY_NAME["image"].magic)


@pytest.mark.parametrize(
    ("data", "name", "expected"),
    [
        (b"OS 1 - Cadre de vie\n", "plan.txt", "txt"),
        (b"OS 1 - Cadre de vie\n", "plan.PDF.txt", "txt"),
        (b"junk%PDF-1.4\n", "plan.txt", "pdf"),
        (b"\x89PNG\r\n\x1a\n", "scan.bin", "image"),
        (b'<?xml version="1.0"?><dataroot><PST/></dataroot>', "plan.pdf", "ecomptes"),
    ],
)
def test_content_wins_over_the_name(data: bytes, name: str, expected: str) -> None:
    assert sniff(data, name) == expected


@pytest.mark.parametrize("suffix", [".pdf", ".docx", ".PDF", ".Docx"])
def test_a_listed_binary_suffix_on_text_is_refused(suffix: str) -> None:
    with pytest.raises(InputError, match=rf"the name ends in {suffix.lower()} but the content"):
        sniff(b"OS 1 - Cadre de vie\n", f"plan{suffix}")


# --- adding a format is one module plus one registry line --------------------------------


def _read_fake(data: bytes, name: str, options: ExtractOptions) -> Extraction:
    lines = data.decode().splitlines()[1:]
    blocks = [
        Block(text=line, kind=BlockKind.PARAGRAPH, source=Source(line=i + 2))
        for i, line in enumerate(lines)
    ]
    return Extraction(format="fake", blocks=blocks, title=options.password)


def test_a_new_format_is_one_module_and_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    module = types.ModuleType("pstparse_fake_reader")
    module.read_fake = _read_fake  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "pstparse_fake_reader", module)
    fake = InputFormat(
        "fake",
        "a test format",
        magic=(b"FAKE\n",),
        reader="pstparse_fake_reader:read_fake",
        suffixes=(".fake",),
        listed=True,
    )
    formats = (fake, *REGISTRY)
    monkeypatch.setattr(registry, "REGISTRY", formats)
    monkeypatch.setitem(registry.BY_NAME, "fake", fake)
    data = b"FAKE\nOS 1 - Cadre de vie\nAction 1.1.1 - Trottoirs\n"
    assert sniff(data, "x.fake") == "fake"
    extraction = extract(data, name="x.fake", options=ExtractOptions(password="secret"))
    assert extraction.format == "fake"
    assert [b.text for b in extraction.blocks] == [
        "OS 1 - Cadre de vie",
        "Action 1.1.1 - Trottoirs",
    ]
    assert extraction.title == "secret"  # the options reached the reader
    assert ".fake" in registry.input_suffixes()
    # Its suffix now promises its content: text so named is refused, not read as text.
    with pytest.raises(InputError, match=r"not a FAKE file: the name ends in \.fake"):
        sniff(b"OS 1 - Cadre de vie\n", "plan.fake")
