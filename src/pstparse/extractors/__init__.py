"""Extractors: one module per format, all returning :class:`pstparse.model.ir.Extraction`.

:func:`extract` sniffs the real type from the bytes (magic numbers), not the file name,
and imports the heavy format modules (pdfplumber, python-docx) only when needed. The
formats, what recognises them and which reader reads them are listed in
:mod:`pstparse.extractors.registry`. The zip
guards of the DOCX and XLSX readers are exported here too: :func:`check_zip` and its
limits (:data:`MAX_TOTAL_UNCOMPRESSED`, :data:`MAX_RATIO`, :data:`RATIO_MIN_SIZE`,
:data:`MAX_XML_BYTES`, :data:`MAX_MEMBERS`).
"""

from __future__ import annotations

from pathlib import PurePath

# The zip guards of the DOCX and XLSX readers: documented limits (README, "Limits") and
# the check itself, for callers that open other zip-based files.
from pstparse.extractors._zip import MAX_MEMBERS as MAX_MEMBERS
from pstparse.extractors._zip import MAX_RATIO as MAX_RATIO
from pstparse.extractors._zip import MAX_TOTAL_UNCOMPRESSED as MAX_TOTAL_UNCOMPRESSED
from pstparse.extractors._zip import MAX_XML_BYTES as MAX_XML_BYTES
from pstparse.extractors._zip import RATIO_MIN_SIZE as RATIO_MIN_SIZE
from pstparse.extractors._zip import check_zip as check_zip
from pstparse.extractors.registry import (
    BY_NAME,
    ECOMPTES_SNIFF_BYTES,
    FALLBACK,
    claimed_by_name,
    find_format,
    input_suffixes,
    is_ecomptes,
    readable_formats,
)
from pstparse.model.errors import InputError, UnsupportedFormatError
from pstparse.model.ir import Extraction
from pstparse.options import DEFAULT_OPTIONS, ExtractOptions

__all__ = [
    "ECOMPTES_SNIFF_BYTES",
    "FORMATS",
    "extract",
    "input_suffixes",
    "is_ecomptes",
    "sniff",
]

FORMATS: tuple[str, ...] = readable_formats()
"""The formats pstparse reads into blocks (see :mod:`pstparse.extractors.registry`)."""


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
    fmt = find_format(data)
    if fmt.support == "unsupported":
        raise UnsupportedFormatError(fmt.message or fmt.description, path=path)
    if fmt is not FALLBACK or not data:
        return fmt.name
    if claimed_by_name(name) is not None:
        # Read as text only for want of anything else, under a name the batch runner
        # picks up as a binary format: the name is wrong, or the file is not the document.
        suffix = PurePath(name).suffix.lower()
        expected = suffix[1:].upper()
        raise InputError(
            f"not a {expected} file: the name ends in {suffix} but the content is "
            f"{_describe(data)}",
            path=path,
        )
    return fmt.name


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
    record = BY_NAME[fmt]
    if record.support != "read":
        raise UnsupportedFormatError(record.message or record.description, path=name)
    return record.read(data, name, options)
