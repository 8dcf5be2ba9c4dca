"""The input formats, one record each: a new input format is one module plus one line here.

Each :class:`InputFormat` says how to recognise a format from its bytes (leading magic
bytes, or a content test), the file suffixes that name it, whether it is text or binary,
and what pstparse does with it:

- ``read``: the ``reader`` (``"module:function"``, imported only when used, so that
  reading a TXT file never loads pdfplumber) turns the bytes into an
  :class:`~pstparse.model.ir.Extraction`. Its signature is :data:`Reader`:
  ``(data, name, options)``, the options being the one
  :class:`~pstparse.options.ExtractOptions` object.
- ``plan``: the file is a plan already (an eComptes export): :func:`sniff` names it, the
  API reads it as a plan, and extracting it is refused with ``message``.
- ``unsupported``: a type pstparse knows but does not read (XLSX, ODT, legacy .doc,
  archives…): :func:`sniff` refuses it with ``message``, one line saying what the file
  is and what to do, as :class:`~pstparse.model.errors.UnsupportedFormatError` (exit 2).

:data:`REGISTRY` is tried in order and the first match wins, so a record sits before
the more general records that would also match (DOCX before the bare zip archive). Plain
text is the last record: what matches nothing else is read as text, and the text reader
refuses binary content.
"""

from __future__ import annotations

import importlib
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from io import BytesIO
from pathlib import PurePath
from typing import Literal, cast

from pstparse.model.ir import Extraction
from pstparse.options import ExtractOptions

Reader = Callable[[bytes, str, ExtractOptions], Extraction]
"""A reader: the document's bytes, its name (for messages and provenance), the options."""

Support = Literal["read", "plan", "unsupported"]

ZIP_MAGIC: tuple[bytes, ...] = (b"PK\x03\x04", b"PK\x05\x06")
"""A zip archive (DOCX, XLSX, ODT… are zip archives), or an empty one."""

PDF_MAGIC_WINDOW = 1024
"""Readers accept the ``%PDF-`` header anywhere in the first kilobyte (after junk)."""

ECOMPTES_SNIFF_BYTES = 2048
"""How much of the start of a file is searched for the eComptes root element."""


class Probe:
    """The bytes being sniffed, with what several records ask for computed once (the
    member names of a zip archive)."""

    def __init__(self, data: bytes) -> None:
        self.data = data

    @cached_property
    def zip_names(self) -> frozenset[str] | None:
        """The member names of a zip archive; None when it cannot be opened (damaged,
        truncated or hostile: the DOCX reader's checks word the problem)."""
        try:
            with zipfile.ZipFile(BytesIO(self.data)) as zf:
                return frozenset(zf.namelist())
        except Exception:
            return None

    @property
    def is_zip(self) -> bool:
        """True when the bytes start like a zip archive."""
        return self.data.startswith(ZIP_MAGIC)


@dataclass(frozen=True, slots=True)
class InputFormat:
    """One input format, recognised by ``magic`` (leading bytes) or ``detect``.

    ``name`` is what :func:`sniff` returns. ``suffixes`` name the format's files; when
    ``listed``, a directory given to the batch runner is searched for them, and a file so
    named whose content is not this (binary) format is refused as misnamed instead of
    being read as text.
    """

    name: str
    description: str
    support: Support = "read"
    magic: tuple[bytes, ...] = ()
    detect: Callable[[Probe], bool] | None = None
    reader: str | None = None
    suffixes: tuple[str, ...] = ()
    binary: bool = True
    listed: bool = False
    message: str | None = None

    def matches(self, probe: Probe) -> bool:
        """True when the bytes are of this format."""
        if self.magic and probe.data.startswith(self.magic):
            return True
        return self.detect is not None and self.detect(probe)

    def read(self, data: bytes, name: str, options: ExtractOptions) -> Extraction:
        """Read ``data`` with this format's reader (imported now)."""
        if self.reader is None:
            raise TypeError(f"input format {self.name!r} has no reader")
        module_name, _, function = self.reader.partition(":")
        module = importlib.import_module(module_name)
        return cast(Reader, getattr(module, function))(data, name, options)


def is_ecomptes(data: bytes) -> bool:
    """True when ``data`` looks like an eComptes PST XML file: an XML root ``dataroot``
    with ``Identifiants`` or ``PST`` early on (the shape of format 201805V1)."""
    head = data[:ECOMPTES_SNIFF_BYTES].lstrip(b"\xef\xbb\xbf \t\r\n")
    if not head.startswith(b"<"):
        return False
    return b"<dataroot" in head and (b"<Identifiants" in head or b"<PST" in head)


def _zip_member(member: str) -> Callable[[Probe], bool]:
    """A zip-based format, known by a member only it has."""

    def detect(probe: Probe) -> bool:
        names = probe.zip_names if probe.is_zip else None
        return names is not None and member in names

    return detect


def _is_docx(probe: Probe) -> bool:
    # A damaged zip is passed to the DOCX reader, which says what is wrong with it.
    if not probe.is_zip:
        return False
    names = probe.zip_names
    return names is None or "word/document.xml" in names


def _unsupported(name: str, magic: bytes, message: str) -> InputFormat:
    return InputFormat(name, message, "unsupported", magic=(magic,), message=message)


def _zip_kind(name: str, member: str, what: str) -> InputFormat:
    message = f"{what}, not a Word document"
    return InputFormat(name, what, "unsupported", detect=_zip_member(member), message=message)


REGISTRY: tuple[InputFormat, ...] = (
    InputFormat(
        "docx",
        "Word document",
        detect=_is_docx,
        reader="pstparse.extractors.docx:read_docx",
        suffixes=(".docx",),
        listed=True,
    ),
    # Zip-based formats that are not DOCX, by a member only they have.
    _zip_kind("xlsx", "xl/workbook.xml", "an Excel workbook (.xlsx)"),
    _zip_kind("pptx", "ppt/presentation.xml", "a PowerPoint presentation (.pptx)"),
    _zip_kind("odf", "content.xml", "an OpenDocument file (.odt/.ods): save it as .docx or PDF"),
    _zip_kind("epub", "META-INF/container.xml", "an EPUB book"),
    InputFormat(
        "zip",
        "zip archive",
        "unsupported",
        magic=ZIP_MAGIC,
        message="zip archive without word/document.xml: not a DOCX file",
    ),
    InputFormat(
        "pdf",
        "PDF document",
        detect=lambda probe: b"%PDF-" in probe.data[:PDF_MAGIC_WINDOW],
        reader="pstparse.extractors.pdf:read_pdf",
        suffixes=(".pdf",),
        listed=True,
    ),
    InputFormat(
        "ecomptes",
        "eComptes PST XML",
        "plan",
        detect=lambda probe: is_ecomptes(probe.data),
        suffixes=(".xml",),
        binary=False,
        message=(
            "an eComptes PST XML file is a plan, not a document to extract: read it with "
            "pstparse.api.extract_bytes or pstparse.exporters.read_plan"
        ),
    ),
    # Scanned pages saved as images: read by OCR (``--ocr``), like a scanned PDF. Not
    # listed: a folder of documents also holds logos and photos, which are no plans.
    InputFormat(
        "image",
        "scanned page (PNG, JPEG, TIFF)",
        magic=(b"\x89PNG", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*"),
        reader="pstparse.extractors.image:read_image",
        suffixes=(".png", ".jpg", ".jpeg", ".tif", ".tiff"),
    ),
    # Types pstparse does not read, by their leading bytes: each gets a message saying
    # what the file is and what to do, instead of a "binary content" refusal.
    _unsupported(
        "doc", b"\xd0\xcf\x11\xe0", "legacy Word/OLE file (.doc): save it as .docx or PDF first"
    ),
    _unsupported("rtf", b"{\\rtf", "RTF is not supported: save it as .docx"),
    _unsupported("ps", b"%!PS", "PostScript is not supported: convert it to PDF first"),
    _unsupported(
        "gif", b"GIF8", "an image (GIF), not a document: save it as PNG, TIFF or PDF first"
    ),
    _unsupported("gzip", b"\x1f\x8b", "a gzip archive, not a document: decompress it first"),
    _unsupported("bzip2", b"BZh", "a bzip2 archive, not a document: decompress it first"),
    _unsupported("xz", b"\xfd7zXZ\x00", "an xz archive, not a document: decompress it first"),
    _unsupported("7z", b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive, not a document: extract it first"),
    _unsupported("rar", b"Rar!\x1a\x07", "a RAR archive, not a document: extract it first"),
    # Last: whatever matched nothing above is read as text (the reader refuses binary).
    InputFormat(
        "txt",
        "plain text",
        detect=lambda probe: True,
        reader="pstparse.extractors.txt:read_txt",
        suffixes=(".txt",),
        binary=False,
        listed=True,
    ),
)
"""Every input format, in the order :func:`sniff` tries them."""

BY_NAME: dict[str, InputFormat] = {f.name: f for f in REGISTRY}

FALLBACK = REGISTRY[-1]
"""Plain text: what the bytes are read as when nothing else matched."""


def find_format(data: bytes) -> InputFormat:
    """The first record of :data:`REGISTRY` that ``data`` matches (plain text at worst)."""
    probe = Probe(data)
    return next(f for f in REGISTRY if f.matches(probe))


def claimed_by_name(name: str) -> InputFormat | None:
    """The listed binary format whose suffix ``name`` ends in (case-insensitive), if any:
    a file so named must hold that format (see :func:`pstparse.extractors.sniff`)."""
    suffix = PurePath(name).suffix.lower()
    return next((f for f in REGISTRY if f.listed and f.binary and suffix in f.suffixes), None)


def readable_formats() -> tuple[str, ...]:
    """The names of the formats pstparse reads into blocks."""
    return tuple(f.name for f in REGISTRY if f.support == "read")


def input_suffixes() -> tuple[str, ...]:
    """The suffixes (lower case, with the dot) a directory is searched for."""
    return tuple(s for f in REGISTRY if f.listed for s in f.suffixes)


def reader_modules() -> tuple[str, ...]:
    """The modules of the readers, for a worker pool to import once up front."""
    return tuple(dict.fromkeys(f.reader.partition(":")[0] for f in REGISTRY if f.reader))
