"""Extractors: one module per format, all returning :class:`pstparse.model.ir.Extraction`.

:func:`extract` sniffs the real type from the bytes (magic numbers), not the file name,
and imports the heavy format modules (pdfplumber, python-docx) only when needed. The zip
guards of the DOCX and XLSX readers are exported here too: :func:`check_zip` and its
limits (:data:`MAX_TOTAL_UNCOMPRESSED`, :data:`MAX_RATIO`, :data:`RATIO_MIN_SIZE`,
:data:`MAX_XML_BYTES`, :data:`MAX_MEMBERS`).
"""

from __future__ import annotations

import zipfile
from io import BytesIO
from pathlib import PurePath

# The zip guards of the DOCX and XLSX readers: documented limits (README, "Limits") and
# the check itself, for callers that open other zip-based files.
from pstparse.extractors._zip import MAX_MEMBERS as MAX_MEMBERS
from pstparse.extractors._zip import MAX_RATIO as MAX_RATIO
from pstparse.extractors._zip import MAX_TOTAL_UNCOMPRESSED as MAX_TOTAL_UNCOMPRESSED
from pstparse.extractors._zip import MAX_XML_BYTES as MAX_XML_BYTES
from pstparse.extractors._zip import RATIO_MIN_SIZE as RATIO_MIN_SIZE
from pstparse.extractors._zip import check_zip as check_zip
from pstparse.model.errors import InputError, UnsupportedFormatError
from pstparse.model.ir import Extraction
from pstparse.options import DEFAULT_OPTIONS, ExtractOptions

FORMATS = ("txt", "docx", "pdf", "image")

# Scanned pages saved as images: read by OCR (``--ocr``), like a scanned PDF.
_IMAGE_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG", "PNG"),
    (b"\xff\xd8\xff", "JPEG"),
    (b"II*\x00", "TIFF"),
    (b"MM\x00*", "TIFF"),
)

_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
_PDF_MAGIC_WINDOW = 1024
"""Readers accept the ``%PDF-`` header anywhere in the first kilobyte (after junk)."""

# Types pstparse does not read, by their leading bytes: each gets a message saying what
# the file is and what to do, instead of a "binary content" refusal.
_FOREIGN_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\xd0\xcf\x11\xe0", "legacy Word/OLE file (.doc): save it as .docx or PDF first"),
    (b"{\\rtf", "RTF is not supported: save it as .docx"),
    (b"%!PS", "PostScript is not supported: convert it to PDF first"),
    (b"GIF8", "an image (GIF), not a document: save it as PNG, TIFF or PDF first"),
    (b"\x1f\x8b", "a gzip archive, not a document: decompress it first"),
    (b"BZh", "a bzip2 archive, not a document: decompress it first"),
    (b"\xfd7zXZ\x00", "an xz archive, not a document: decompress it first"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive, not a document: extract it first"),
    (b"Rar!\x1a\x07", "a RAR archive, not a document: extract it first"),
)

# Zip-based formats that are not DOCX, by a member only they have.
_ZIP_KINDS: tuple[tuple[str, str], ...] = (
    ("xl/workbook.xml", "an Excel workbook (.xlsx)"),
    ("ppt/presentation.xml", "a PowerPoint presentation (.pptx)"),
    ("content.xml", "an OpenDocument file (.odt/.ods): save it as .docx or PDF"),
    ("META-INF/container.xml", "an EPUB book"),
)


ECOMPTES_SNIFF_BYTES = 2048
"""How much of the start of a file is searched for the eComptes root element."""


def is_ecomptes(data: bytes) -> bool:
    """True when ``data`` looks like an eComptes PST XML file: an XML root ``dataroot``
    with ``Identifiants`` or ``PST`` early on (the shape of format 201805V1)."""
    head = data[:ECOMPTES_SNIFF_BYTES].lstrip(b"\xef\xbb\xbf \t\r\n")
    if not head.startswith(b"<"):
        return False
    return b"<dataroot" in head and (b"<Identifiants" in head or b"<PST" in head)


def sniff(data: bytes, name: str = "") -> str:
    """Return the real format of ``data``: 'pdf', 'docx', 'image', 'ecomptes' or 'txt'.

    The magic bytes win over the file name: a PDF named ``.txt`` is read as PDF, a DOCX
    named ``.pdf`` as DOCX. A zip archive is a DOCX when it holds ``word/document.xml``;
    a damaged one is passed to the DOCX reader, which says what is wrong with it. PNG,
    JPEG and TIFF are 'image' (read by OCR). Known foreign types (legacy .doc, RTF, GIF,
    compressed archives, other Office files)
    raise :class:`~pstparse.model.errors.UnsupportedFormatError`; content that is none of the
    three formats under a ``.pdf`` or ``.docx`` name raises
    :class:`~pstparse.model.errors.InputError` naming what it is instead. An XML file whose
    root is the ``dataroot`` of an eComptes PST export is 'ecomptes': a plan already,
    read by :func:`pstparse.exporters.ecomptes.read_ecomptes`, not by an extractor.
    """
    path = name or None
    if data.startswith(_ZIP_MAGIC):
        return _sniff_zip(data, path)
    if b"%PDF-" in data[:_PDF_MAGIC_WINDOW]:
        return "pdf"
    if is_ecomptes(data):
        return "ecomptes"
    if any(data.startswith(magic) for magic, _ in _IMAGE_MAGIC):
        return "image"
    for magic, message in _FOREIGN_MAGIC:
        if data.startswith(magic):
            raise UnsupportedFormatError(message, path=path)
    suffix = PurePath(name).suffix.lower()
    if suffix in (".pdf", ".docx") and data:
        expected = suffix[1:].upper()
        raise InputError(
            f"not a {expected} file: the name ends in {suffix} but the content is "
            f"{_describe(data)}",
            path=path,
        )
    return "txt"


def _sniff_zip(data: bytes, path: str | None) -> str:
    try:
        with zipfile.ZipFile(BytesIO(data)) as zf:
            names = set(zf.namelist())
    except Exception:
        # Damaged, truncated or hostile: the DOCX reader's checks word the problem.
        return "docx"
    if "word/document.xml" in names:
        return "docx"
    for member, what in _ZIP_KINDS:
        if member in names:
            raise UnsupportedFormatError(f"{what}, not a Word document", path=path)
    raise UnsupportedFormatError(
        "zip archive without word/document.xml: not a DOCX file", path=path
    )


def _describe(data: bytes) -> str:
    """'plain text' or 'binary data', for a message about a misnamed file."""
    from pstparse.extractors.txt import decode_text

    try:
        decode_text(data[:65536])
    except InputError:
        return "binary data of an unknown type"
    return "plain text (rename it to .txt to read it as text)"


def extract(
    data: bytes, *, name: str = "<input>", options: ExtractOptions = DEFAULT_OPTIONS
) -> Extraction:
    """Read a document's bytes into blocks, whatever its format.

    Raises :class:`~pstparse.model.errors.PstparseError` subclasses (one-line messages naming
    ``name``) for empty, unknown, damaged, hostile or encrypted input.
    """
    if not data.strip():
        raise InputError("empty file", path=name)
    fmt = sniff(data, name)
    if fmt == "ecomptes":
        raise UnsupportedFormatError(
            "an eComptes PST XML file is a plan, not a document to extract: read it with "
            "pstparse.api.extract_bytes or pstparse.exporters.read_plan",
            path=name,
        )
    if fmt == "pdf":
        from pstparse.extractors.pdf import extract_pdf

        return extract_pdf(data, name=name, password=options.password, ocr=options.ocr)
    if fmt == "image":
        return _extract_image(data, name, options)
    if fmt == "docx":
        from pstparse.extractors.docx import extract_docx

        return extract_docx(data, name=name)
    from pstparse.extractors.txt import extract_txt

    return extract_txt(data, name=name)


def _extract_image(data: bytes, name: str, options: ExtractOptions) -> Extraction:
    """An image file (a scanned page or a multi-page TIFF), read by OCR."""
    if options.ocr == "never":
        what = next(kind for magic, kind in _IMAGE_MAGIC if data.startswith(magic))
        raise UnsupportedFormatError(
            f"an image ({what}), not a document: it can only be read by OCR (not --ocr never)",
            path=name,
        )
    from pstparse.extractors.ocr import read_image
    from pstparse.extractors.pdf._extract import extract_document, gc_paused

    with gc_paused():
        doc, findings = read_image(data, name)
        extraction = extract_document(doc, fmt="image")
    extraction.findings = [*findings, *extraction.findings]
    return extraction
