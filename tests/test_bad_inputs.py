"""Bad input, one test each: the library raises the specific PstparseError with a
one-line message naming the file; the command line prints that one line on stderr,
exits 2 and shows no traceback (unless --verbose).

Inputs are built in memory by tests/fixtures/bad/build.py (and the committed encrypted
PDF of the PDF extractor tests); the limits are lowered with monkeypatch where the real
ones would need big files.
"""

from __future__ import annotations

import io
import random
import re
import time
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pstparse import api
from pstparse.api import extract_bytes, extract_path, read_input
from pstparse.cli import app
from pstparse.exporters import load_plan, loading, render

# _zip and _reader: the tests that lower a reader's limit patch the module holding it
# (allow-listed in tests/test_public_api.py); the rest uses the public names.
from pstparse.extractors import MAX_RATIO, _zip, sniff
from pstparse.extractors.pdf import MAX_PAGES, _reader
from pstparse.extractors.txt import UNKNOWN_ENCODING, decode_text
from pstparse.model.errors import (
    EncryptedError,
    InputError,
    NeedsOCRError,
    PlanError,
    PstparseError,
    UnsupportedFormatError,
)
from pstparse.model.plan import Plan
from pstparse.options import DEFAULT_OPTIONS, ExtractOptions
from tests.fixtures.bad import build
from tests.fixtures.pdf import build as pdf_build

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
ENCRYPTED = Path(__file__).parent / "fixtures" / "pdf" / "encrypted.pdf"
runner = CliRunner()


def _raises(
    exc: type[PstparseError],
    pattern: str,
    data: bytes,
    name: str,
    *,
    password: str | None = None,
    options: ExtractOptions = DEFAULT_OPTIONS,
) -> PstparseError:
    """Extract ``data`` expecting ``exc`` whose one-line message matches ``pattern``."""
    with pytest.raises(exc) as info:
        extract_bytes(data, name=name, password=password, options=options)
    err = info.value
    assert type(err) is exc
    assert re.search(pattern, err.message), err.message
    assert err.path == name
    assert str(err).startswith(f"{name}: ")
    assert "\n" not in str(err)
    return err


def _actions(plan: Plan) -> list[str]:
    return [
        a.title or ""
        for os_ in plan.strategic_objectives
        for a in [*os_.actions, *(a for oo in os_.operational_objectives for a in oo.actions)]
    ]


def _plan_pdf() -> bytes:
    return build.pdf([list(build.PLAN_LINES)], title="PST d'essai")


def _random(size: int, seed: int, low: int = 0) -> bytes:
    rnd = random.Random(seed)
    return bytes(rnd.randrange(low, 256) for _ in range(size))


# --------------------------------------------------------------------------- empty


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (b"", "vide.txt"),
        (b"", "vide.pdf"),
        (b"", "vide.docx"),
        (b" \r\n\t\n", "blanc.txt"),
    ],
)
def test_empty_file(data: bytes, name: str) -> None:
    _raises(InputError, r"^empty file", data, name)


def test_white_space_in_utf16_is_empty() -> None:
    _raises(InputError, "empty file", " \n \n".encode("utf-16"), "blanc16.txt")


# --------------------------------------------------------------------------- PDF


def test_truncated_pdf_at_several_points() -> None:
    data = (SAMPLES / "fixture_dpc__headings.pdf").read_bytes()
    for cut in (16, len(data) // 3, len(data) // 2, len(data) - 10):
        _raises(InputError, "truncated PDF", data[:cut], "coupé.pdf")


def test_random_bytes_named_pdf() -> None:
    err = _raises(InputError, "not a PDF file", _random(4000, 1), "hasard.pdf")
    assert "binary data" in err.message


def test_random_bytes_behind_a_pdf_header() -> None:
    data = b"%PDF-1.4\n" + _random(4000, 2) + b"\n%%EOF\n"
    _raises(InputError, "not a readable PDF", data, "hasard.pdf")


def test_encrypted_pdf_needs_a_password() -> None:
    _raises(EncryptedError, "a password is needed", ENCRYPTED.read_bytes(), "chiffré.pdf")


def test_encrypted_pdf_wrong_password() -> None:
    err = _raises(
        EncryptedError, "password is wrong", ENCRYPTED.read_bytes(), "chiffré.pdf", password="x"
    )
    assert "--password" in err.message


def test_encrypted_pdf_right_password_extracts() -> None:
    plan = extract_bytes(
        ENCRYPTED.read_bytes(), name="chiffré.pdf", password=pdf_build.ENCRYPT_PASSWORD
    )
    assert plan.document.format == "pdf"
    assert plan.strategic_objectives


def test_pdf_of_images_needs_ocr() -> None:
    # Without OCR (--ocr never); with it, see tests/test_ocr.py.
    never = ExtractOptions(ocr="never")
    data = build.pdf([None, None])
    err = _raises(NeedsOCRError, "scanned; run OCR", data, "scan.pdf", options=never)
    assert "ocrmypdf" in err.message


def test_pdf_of_blank_images_has_no_text_even_by_ocr() -> None:
    # Tesseract installed: OCR finds nothing; missing: it says how to install it.
    _raises(NeedsOCRError, "no text layer", build.pdf([None, None]), "scan.pdf")


def test_blank_pdf_has_no_text_layer() -> None:
    _raises(NeedsOCRError, "no text layer", build.pdf([[]]), "blanc.pdf")


def test_text_and_image_pages_keep_the_text() -> None:
    plan = extract_bytes(build.pdf([list(build.PLAN_LINES), None]), name="mixte.pdf")
    assert _actions(plan) == [
        line.split(" : ", 1)[1] for line in build.PLAN_LINES if "Action" in line
    ]


def test_too_many_pages_is_refused_before_reading_any(monkeypatch: pytest.MonkeyPatch) -> None:
    data = build.many_pages(MAX_PAGES + 1)  # the real limit, a ~0.5 MB file

    def no_page_read(*_: object) -> None:
        raise AssertionError("a page was read")

    monkeypatch.setattr(_reader, "_read_page", no_page_read)
    start = time.process_time()
    err = _raises(InputError, "too many pages", data, "énorme.pdf")
    assert f"more than {MAX_PAGES}" in err.message
    assert time.process_time() - start < 10


def test_page_limit_is_inclusive(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_reader, "MAX_PAGES", 4)
    assert extract_bytes(build.many_pages(4), name="quatre.pdf").document.pages == 4
    _raises(InputError, r"too many pages \(more than 4\)", build.many_pages(5), "cinq.pdf")


def test_flate_bomb_stream_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_reader, "MAX_STREAM_BYTES", 2**20)
    data = build.pdf([list(build.PLAN_LINES)], compress=True, padding=4 * 2**20)
    assert len(data) < 16 * 1024  # 4 MiB of content in a few kilobytes
    _raises(InputError, "PDF bomb suspected: a stream decodes to more than 1 MiB", data, "b.pdf")


def test_flate_bomb_over_many_streams_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_reader, "MAX_DECODED_BYTES", 2**20)
    page = list(build.PLAN_LINES)
    data = build.pdf([page, page, page], compress=True, padding=400 * 1024)
    _raises(InputError, "PDF bomb suspected: its streams decode to more than 1 MiB", data, "b.pdf")


def test_compressed_pdf_within_limits_extracts() -> None:
    plan = extract_bytes(build.pdf([list(build.PLAN_LINES)], compress=True), name="ok.pdf")
    assert len(_actions(plan)) == 3


def _with_bad_checksum(data: bytes) -> bytes:
    end = data.index(b"\nendstream")
    return data[: end - 2] + bytes([data[end - 2] ^ 0x55, data[end - 1] ^ 0x55]) + data[end:]


def test_bad_stream_checksum_reads_in_linear_time() -> None:
    # pdfminer's own fallback feeds one byte at a time into a growing bytes object:
    # half a minute for this 100 KB stream (4 MiB of spaces, then incompressible bytes).
    page = list(build.PLAN_LINES)
    data = _with_bad_checksum(build.pdf([page], compress=True, padding=4 * 2**20, noise=100_000))
    start = time.process_time()
    plan = extract_bytes(data, name="somme.pdf")
    assert time.process_time() - start < 5
    assert len(_actions(plan)) == 3


def test_cut_stream_without_text_is_a_damaged_pdf() -> None:
    data = build.pdf([list(build.PLAN_LINES)], compress=True, padding=2**20)
    start = data.index(b"stream\n") + len(b"stream\n")
    damaged = data[: start + 300] + data[data.index(b"\nendstream") :]
    _raises(
        InputError, r"damaged PDF: no text could be read \(1 corrupt stream\)", damaged, "d.pdf"
    )


# --------------------------------------------------------------------------- wrong extension


def test_pdf_named_txt_extracts_as_pdf() -> None:
    plan = extract_bytes(_plan_pdf(), name="plan.txt")
    assert plan.document.format == "pdf"
    assert len(_actions(plan)) == 3


def test_docx_named_pdf_extracts_as_docx() -> None:
    plan = extract_bytes(build.docx(), name="plan.pdf")
    assert plan.document.format == "docx"
    assert len(_actions(plan)) == 3


def test_text_named_pdf_is_a_clear_error() -> None:
    err = _raises(InputError, "not a PDF file", build.plan_text().encode(), "plan.pdf")
    assert "plain text" in err.message and ".txt" in err.message


def test_text_named_docx_is_a_clear_error() -> None:
    _raises(InputError, "not a DOCX file.*plain text", build.plan_text().encode(), "plan.docx")


def test_text_named_anything_else_is_text() -> None:
    plan = extract_bytes(build.plan_text().encode(), name="plan.dat")
    assert plan.document.format == "txt"
    assert len(_actions(plan)) == 3


def test_pdf_header_after_leading_junk_is_a_pdf() -> None:
    assert sniff(b"\x00junk\n" + _plan_pdf(), "x.txt") == "pdf"


@pytest.mark.parametrize(
    ("head", "pattern"),
    [
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", r"legacy Word/OLE file \(\.doc\)"),
        (b"{\\rtf1\\ansi", "RTF is not supported"),
        (b"\x89PNG\r\n\x1a\n", r"an image \(PNG\).*OCR"),
        (b"\xff\xd8\xff\xe0", r"an image \(JPEG\)"),
        (b"\x1f\x8b\x08\x00", "gzip archive"),
        (b"%!PS-Adobe-3.0", "PostScript"),
    ],
)
def test_known_foreign_types_are_named(head: bytes, pattern: str) -> None:
    # Images are read by OCR unless --ocr never (tests/test_ocr.py).
    never = ExtractOptions(ocr="never")
    _raises(UnsupportedFormatError, pattern, head + _random(300, 3), "plan.docx", options=never)


@pytest.mark.parametrize("head", [b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff\xe0", b"II*\x00"])
def test_damaged_image_is_named(head: bytes) -> None:
    _raises(InputError, "not a readable image", head + _random(300, 3), "scan.png")


# --------------------------------------------------------------------------- DOCX


def test_docx_that_is_not_a_zip() -> None:
    err = _raises(InputError, "not a DOCX file", _random(3000, 4, low=32), "faux.docx")
    assert "binary data" in err.message


def test_zip_without_document_xml() -> None:
    data = build.zip_bytes({"notes.txt": "rien", "word/styles.xml": "<a/>"})
    _raises(UnsupportedFormatError, r"without word/document\.xml", data, "vide.docx")


def test_other_office_zip_is_named() -> None:
    data = build.zip_bytes({"[Content_Types].xml": "<a/>", "xl/workbook.xml": "<a/>"})
    _raises(UnsupportedFormatError, r"an Excel workbook \(\.xlsx\)", data, "tableur.docx")


def test_truncated_docx() -> None:
    data = build.docx()
    _raises(InputError, r"corrupt DOCX archive \(truncated zip\)", data[: len(data) // 2], "t.docx")


def test_zip_bomb_ratio() -> None:
    data = build.zip_bomb_docx(16 * 2**20)
    assert len(data) < 100 * 1024
    _raises(InputError, rf"zip bomb suspected: .*filler\.bin.*{MAX_RATIO}:1", data, "z.docx")


def test_zip_bomb_total_size(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_zip, "MAX_TOTAL_UNCOMPRESSED", 2**20)
    monkeypatch.setattr(_zip, "MAX_RATIO", 10**9)  # so that the total trips first
    data = build.zip_bomb_docx(2 * 2**20)
    _raises(
        InputError, "zip bomb suspected: uncompressed size exceeds the 1 MiB limit", data, "z.docx"
    )


def test_too_many_members(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_zip, "MAX_MEMBERS", 20)
    extra = {f"word/media/image{i}.png": b"x" for i in range(30)}
    _raises(
        InputError,
        r"zip bomb suspected: 33 members \(limit 20\)",
        build.docx(extra=extra),
        "m.docx",
    )


def test_xml_parts_over_the_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_zip, "MAX_XML_BYTES", 50_000)
    paragraphs = [f"Action {i} : ligne numéro {i} du plan" for i in range(2000)]
    _raises(InputError, "DOCX too large: its XML parts exceed", build.docx(paragraphs), "l.docx")
    # Binary members do not count towards the XML limit.
    image = {"word/media/photo.bin": _random(60_000, 5)}
    assert extract_bytes(build.docx(extra=image), name="photo.docx").document.format == "docx"


def test_xml_entity_bomb() -> None:
    start = time.process_time()
    _raises(
        InputError,
        r"XML entity declarations are not allowed \(word/document\.xml",
        build.entity_bomb_docx(),
        "lol.docx",
    )
    assert time.process_time() - start < 5


def test_malformed_document_xml() -> None:
    data = build.docx(extra={"word/document.xml": "<w:document><w:body><w:p>"})
    _raises(InputError, "unreadable DOCX file", data, "casse.docx")


# --------------------------------------------------------------------------- TXT


@pytest.mark.parametrize(
    ("codec", "label"),
    [
        ("utf-32", "utf-32"),
        ("utf-32-le", "utf-32-le"),
        ("utf-32-be", "utf-32-be"),
        ("utf-16-le", "utf-16-le"),
        ("utf-16-be", "utf-16-be"),
        ("cp850", "cp850"),
    ],
)
def test_other_known_encodings_are_read(codec: str, label: str) -> None:
    text = build.plan_text().replace("Réparer", "Réparer à neuf")
    data = text.encode(codec)
    decoded, encoding = decode_text(data)
    assert (decoded, encoding) == (text, label)
    plan = extract_bytes(data, name="plan.txt")
    assert plan.document.encoding == label
    assert len(_actions(plan)) == 3


def test_utf8_with_stray_cp1252_bytes_keeps_every_character() -> None:
    text = build.plan_text()
    data = text.encode("utf-8") + "Note : coût à prévoir – 5 €\n".encode("cp1252")
    decoded, encoding = decode_text(data)
    assert encoding == "utf-8+cp1252"
    assert decoded == text + "Note : coût à prévoir – 5 €\n"


def test_utf8_bom_with_stray_cp1252_bytes() -> None:
    data = b"\xef\xbb\xbf" + build.plan_text().encode() + "Coût : 5 €".encode("cp1252")
    assert decode_text(data) == (build.plan_text() + "Coût : 5 €", "utf-8-sig+cp1252")


def test_utf8_cut_in_the_middle_of_a_character() -> None:
    data = build.plan_text().encode("utf-8") + "Fin : été".encode()[:-1]
    decoded, encoding = decode_text(data)
    assert encoding == "utf-8+cp1252"
    assert decoded.startswith(build.plan_text()) and decoded.endswith("Fin : étÃ")


@pytest.mark.parametrize(
    ("text", "codec"),
    [
        ("Стратегическая цель 1 : улучшить жизнь жителей района", "cp1251"),
        ("Στρατηγικός στόχος 1 : βελτίωση της ζωής", "cp1253"),
        ("戦略目標 1 : 住民の生活を改善する", "shift_jis"),
        ("战略目标 1 : 改善居民生活", "gb2312"),
    ],
)
def test_unknown_8bit_encoding(text: str, codec: str) -> None:
    _raises(InputError, UNKNOWN_ENCODING.split(":")[0], text.encode(codec), "inconnu.txt")


def test_random_high_bytes_are_refused() -> None:
    # 0xA0-0xFF only: no control character, so this is the encoding check at work.
    _raises(InputError, "unknown text encoding", _random(5000, 6, low=0xA0), "haut.txt")


@pytest.mark.parametrize("seed", [7, 8])
def test_random_bytes_are_binary(seed: int) -> None:
    _raises(InputError, "binary content", _random(5000, seed), "hasard.txt")


def test_binary_tail_after_long_text_is_found() -> None:
    data = build.plan_text().encode() * 600 + bytes(range(32)) * 50
    assert len(data) > 65536
    _raises(InputError, "binary content", data, "queue.txt")


def test_invalid_text_behind_a_bom() -> None:
    _raises(
        InputError,
        r"invalid utf-16 text at byte",
        b"\xff\xfe" + "abc".encode("utf-16-le") + b"\x00\xdc",
        "x.txt",
    )


def test_trailing_zero_padding_is_ignored() -> None:
    plan = extract_bytes(build.plan_text().encode() + bytes(4096), name="pad.txt")
    assert len(_actions(plan)) == 3


# --------------------------------------------------------------------------- size


def test_huge_sparse_file_is_refused_before_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    huge = tmp_path / "énorme.txt"
    with huge.open("wb") as fh:
        fh.truncate(2**30)  # sparse: 1 GiB that takes no disk space

    def no_open(*_: object, **__: object) -> None:
        raise AssertionError("the file was opened")

    monkeypatch.setattr(Path, "open", no_open)
    with pytest.raises(InputError, match=r"file too large \(1024 MiB; the limit is 200 MiB\)"):
        extract_path(huge)


def test_size_limit_applies_to_bytes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(api, "MAX_INPUT_BYTES", 100)
    _raises(
        InputError, r"file too large \(200 bytes; the limit is 100 bytes\)", b"x" * 200, "b.txt"
    )


def test_file_at_the_limit_is_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "plan.txt"
    path.write_bytes(build.plan_text().encode())
    monkeypatch.setattr(api, "MAX_INPUT_BYTES", path.stat().st_size)
    assert read_input(path) == path.read_bytes()
    monkeypatch.setattr(api, "MAX_INPUT_BYTES", path.stat().st_size - 1)
    with pytest.raises(InputError, match="file too large"):
        read_input(path)


def test_devices_and_directories_are_not_read(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not a regular file"):
        read_input("/dev/zero")  # would never end
    with pytest.raises(InputError, match="is a directory"):
        read_input(tmp_path)
    with pytest.raises(InputError, match="no such file"):
        read_input(tmp_path / "absent.txt")


# --------------------------------------------------------------------------- plans


ALIAS_BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{c}: &{c} [{', '.join(['*' + p] * 9)}]\n" for p, c in zip("abcdefgh", "bcdefghi", strict=True)
)


def _valid_plan_yaml() -> str:
    return render(extract_bytes(build.plan_text().encode(), name="plan.txt"), "yaml")


@pytest.mark.parametrize(
    ("text", "pattern"),
    [
        (
            "document: {kind: pst\nstrategic_objectives: [",
            r"malformed YAML at line \d+, column \d+",
        ),
        ('{"document": {"kind": "pst"},}', r"malformed JSON at line 1, column \d+"),
        (ALIAS_BOMB, "YAML aliases are not allowed"),
        ("- a\n- b\n", "not a plan: the top level is a list"),
        ("", "not a plan: the document is empty"),
        ("strategic_objectives: 12\n", "not a plan: `strategic_objectives`"),
        ("bonjour: monde\n", "not a plan"),
        ("[" * 5000 + "]" * 5000, "nested too deeply"),
        ("- " * 3000 + "x\n", "nested too deeply"),
        ("a:\n" + "".join(" " * i + "b:\n" for i in range(1, 400)), "nested too deeply"),
        ('{"a": ' * 5000 + "1" + "}" * 5000, "nested too deeply"),
        ('{"a": 1, "a": 2}', "duplicate key 'a'"),
    ],
)
def test_bad_plans(text: str, pattern: str) -> None:
    with pytest.raises(PlanError, match=pattern) as info:
        load_plan(text, name="plan.yaml")
    assert str(info.value).startswith("plan.yaml: ")
    assert "\n" not in str(info.value)


def test_yaml_plan_size_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    yaml_text = _valid_plan_yaml()
    monkeypatch.setattr(loading, "MAX_YAML_BYTES", len(yaml_text.encode()) - 1)
    with pytest.raises(PlanError, match="too large for a YAML plan"):
        load_plan(yaml_text.encode(), name="plan.yaml")
    with pytest.raises(PlanError, match="too large for a YAML plan"):
        load_plan(yaml_text * 4, name="plan.yaml")
    # The same plan as JSON stays under the (larger) JSON limit.
    json_text = render(extract_bytes(build.plan_text().encode(), name="plan.txt"), "json")
    assert load_plan(json_text, name="plan.json").strategic_objectives


def test_plan_with_a_wrong_type() -> None:
    text = _valid_plan_yaml().replace("schema_version: '1.0'", "schema_version: [1, 0]")
    with pytest.raises(PlanError, match="not a plan: `schema_version`"):
        load_plan(text, name="plan.yaml")


# --------------------------------------------------------------------------- command line


def _one_line_failure(args: list[str], *needles: str, code: int = 2) -> str:
    result = runner.invoke(app, args)
    assert result.exit_code == code, (result.stdout, result.stderr)
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("pstparse: ")
    for needle in needles:
        assert needle in lines[0]
    assert "Traceback" not in result.stderr
    assert result.stdout == ""
    return lines[0]


CLI_CASES: dict[str, tuple[bytes, str]] = {
    "vide.txt": (b"", "empty file"),
    "zero.pdf": (b"", "empty file"),
    "coupé.pdf": (build.pdf([list(build.PLAN_LINES)])[:300], "truncated PDF"),
    "hasard.pdf": (_random(3000, 9), "not a PDF file"),
    "scan.pdf": (build.pdf([None]), "no text layer"),
    "texte.pdf": (build.plan_text().encode(), "plain text"),
    "pas-zip.docx": (_random(3000, 10, low=32), "not a DOCX file"),
    "bombe.docx": (build.zip_bomb_docx(16 * 2**20), "zip bomb suspected"),
    "lol.docx": (build.entity_bomb_docx(), "XML entity declarations are not allowed"),
    "binaire.txt": (_random(3000, 11), "binary content"),
    "cyrillique.txt": (
        "Стратегическая цель 1 : улучшить".encode("cp1251"),
        "unknown text encoding",
    ),
}


@pytest.mark.parametrize("name", sorted(CLI_CASES))
def test_cli_bad_input_is_one_line_exit_2(name: str, tmp_path: Path) -> None:
    data, needle = CLI_CASES[name]
    path = tmp_path / name
    path.write_bytes(data)
    _one_line_failure(["extract", str(path)], str(path), needle)


def test_cli_verbose_shows_the_traceback(tmp_path: Path) -> None:
    path = tmp_path / "coupé.pdf"
    path.write_bytes(b"%PDF-1.4\n1 0 obj")
    result = runner.invoke(app, ["--verbose", "extract", str(path)])
    assert result.exit_code == 2
    assert "Traceback" in result.stderr
    assert f"pstparse: {path}: truncated PDF" in result.stderr


def test_cli_encrypted_pdf_and_password() -> None:
    _one_line_failure(["extract", str(ENCRYPTED)], "a password is needed (--password)")
    _one_line_failure(
        ["extract", str(ENCRYPTED), "--password", "pas-le-bon"], "the password is wrong"
    )
    result = runner.invoke(
        app, ["extract", str(ENCRYPTED), "--password", pdf_build.ENCRYPT_PASSWORD, "-f", "json"]
    )
    assert result.exit_code == 0, result.stderr
    assert '"strategic_objectives"' in result.stdout


def test_cli_wrong_extension_extracts_by_content(tmp_path: Path) -> None:
    path = tmp_path / "plan.txt"
    path.write_bytes(_plan_pdf())
    result = runner.invoke(app, ["extract", str(path)])
    assert result.exit_code == 0, result.stderr
    assert "format: pdf" in result.stdout


def test_cli_too_large_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(api, "MAX_INPUT_BYTES", 1000)
    path = tmp_path / "gros.txt"
    with path.open("wb") as fh:
        fh.truncate(5000)
    _one_line_failure(["extract", str(path)], str(path), "file too large")


def test_cli_too_large_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(api, "MAX_INPUT_BYTES", 1000)
    result = runner.invoke(app, ["extract", "-"], input=b"x" * 5000)
    assert result.exit_code == 2
    assert "too large" in result.stderr and "Traceback" not in result.stderr


def test_cli_too_many_pages(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_reader, "MAX_PAGES", 2)
    path = tmp_path / "long.pdf"
    path.write_bytes(build.many_pages(3))
    _one_line_failure(["extract", str(path)], "too many pages (more than 2)")


@pytest.mark.parametrize("command", ["validate", "convert"])
@pytest.mark.parametrize(
    ("content", "needle"),
    [
        ("document: {kind: pst\n", "malformed YAML at line"),
        ('{"document": ', "malformed JSON at line 1"),
        (ALIAS_BOMB, "YAML aliases are not allowed"),
        ("- une\n- liste\n", "not a plan: the top level is a list"),
    ],
)
def test_cli_bad_plan(command: str, content: str, needle: str, tmp_path: Path) -> None:
    path = tmp_path / "plan.yaml"
    path.write_text(content, encoding="utf-8")
    _one_line_failure([command, str(path)], str(path), needle)


def test_cli_plan_breaking_the_schema(tmp_path: Path) -> None:
    # convert cannot export it: exit 2; validate reports it as a finding: exit 1.
    path = tmp_path / "plan.yaml"
    path.write_text("strategic_objectives: oui\n", encoding="utf-8")
    _one_line_failure(["convert", str(path)], str(path), "not a plan: `strategic_objectives`")
    result = runner.invoke(app, ["validate", str(path), "--lang", "en"])
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr.splitlines()[0] == (
        f"{path}, line 1, column 1: error wrong-type: `strategic_objectives` in the plan"
        " should be a list, not `oui`"
    )


def test_cli_bad_plan_on_stdin() -> None:
    result = runner.invoke(app, ["validate", "-"], input="[1, 2")
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "malformed YAML" in result.stderr


def test_cli_wrong_type_in_a_plan(tmp_path: Path) -> None:
    path = tmp_path / "plan.json"
    text = _valid_plan_yaml().replace("schema_version: '1.0'", "schema_version: {a: 1}")
    path.write_text(text, encoding="utf-8")
    _one_line_failure(["convert", str(path)], "not a plan: `schema_version`")
    # validate reports it (exit 1): the file parses, only the schema is broken.
    result = runner.invoke(app, ["validate", str(path), "--lang", "en"])
    assert result.exit_code == 1, result.stderr
    assert "line 1, column 1: error wrong-type: `schema_version`" in result.stderr
    assert "Traceback" not in result.stderr


def test_cli_good_plan_still_validates(tmp_path: Path) -> None:
    path = tmp_path / "plan.yaml"
    path.write_text(_valid_plan_yaml(), encoding="utf-8")
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code in (0, 1), result.stderr
    assert "Traceback" not in result.stderr


def test_builders_make_what_they_claim() -> None:
    with zipfile.ZipFile(io.BytesIO(build.docx())) as zf:
        assert "word/document.xml" in zf.namelist()
    assert build.many_pages(3).count(b"/Type /Page ") == 3
    assert ENCRYPTED.is_file()
