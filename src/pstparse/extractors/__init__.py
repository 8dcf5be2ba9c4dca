"""Extractors: one module per format, all returning :class:`pstparse.blocks.Extraction`.

:func:`extract` sniffs the real type from the bytes (magic numbers), not the file name,
and imports the heavy format modules (pdfplumber, python-docx) only when needed.
"""

from __future__ import annotations

import zipfile
from io import BytesIO
from pathlib import PurePath

from pstparse.blocks import Extraction
from pstparse.errors import InputError, UnsupportedFormatError

FORMATS = ("txt", "docx", "pdf")


def sniff(data: bytes, name: str = "") -> str:
    """Return the real format of ``data``: 'pdf', 'docx' or 'txt'.

    The magic bytes win over the file name; the name only breaks ties.
    """
    head = data[:1024]
    if b"%PDF-" in head:
        return "pdf"
    if data.startswith(b"PK\x03\x04") or data.startswith(b"PK\x05\x06"):
        try:
            with zipfile.ZipFile(BytesIO(data)) as zf:
                names = set(zf.namelist())
        except (zipfile.BadZipFile, OSError, ValueError) as exc:
            raise InputError(f"corrupt zip archive ({exc})", path=name or None) from exc
        if "word/document.xml" in names:
            return "docx"
        raise UnsupportedFormatError(
            "zip archive without word/document.xml: not a DOCX file", path=name or None
        )
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise UnsupportedFormatError(
            "legacy Word/OLE file (.doc): save it as .docx or PDF first", path=name or None
        )
    if data.startswith(b"{\\rtf"):
        raise UnsupportedFormatError("RTF is not supported: save it as .docx", path=name or None)
    suffix = PurePath(name).suffix.lower()
    if suffix in (".pdf", ".docx") and data:
        raise InputError(
            f"file has a {suffix} name but its content is not {suffix[1:].upper()}",
            path=name or None,
        )
    return "txt"


def extract(data: bytes, *, name: str = "<input>", password: str | None = None) -> Extraction:
    """Read a document's bytes into blocks, whatever its format."""
    if not data.strip():
        raise InputError("empty file", path=name)
    fmt = sniff(data, name)
    if fmt == "pdf":
        from pstparse.extractors.pdf import extract_pdf

        return extract_pdf(data, name=name, password=password)
    if fmt == "docx":
        from pstparse.extractors.docx import extract_docx

        return extract_docx(data, name=name)
    from pstparse.extractors.txt import extract_txt

    return extract_txt(data, name=name)
