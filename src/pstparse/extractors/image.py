"""Image files (a scanned page, a multi-page TIFF): read by OCR, then laid out by the
PDF extractor's analysis, like a scanned PDF."""

from __future__ import annotations

from pstparse.model.errors import UnsupportedFormatError
from pstparse.model.ir import Extraction
from pstparse.options import ExtractOptions

IMAGE_KINDS: dict[bytes, str] = {
    b"\x89PNG": "PNG",
    b"\xff\xd8\xff": "JPEG",
    b"II*\x00": "TIFF",
    b"MM\x00*": "TIFF",
}
"""The image types of the registry's ``image`` record, by their leading bytes (to name
the type in a message; a test checks both list the same bytes)."""


def read_image(data: bytes, name: str, options: ExtractOptions) -> Extraction:
    """The registry's reader (:data:`pstparse.extractors.registry.Reader`) for images.

    Raises :class:`~pstparse.model.errors.UnsupportedFormatError` under ``--ocr never``:
    an image holds no text but what OCR reads.
    """
    if options.ocr == "never":
        what = next(kind for magic, kind in IMAGE_KINDS.items() if data.startswith(magic))
        raise UnsupportedFormatError(
            f"an image ({what}), not a document: it can only be read by OCR (not --ocr never)",
            path=name,
        )
    from pstparse.extractors.ocr import read_image as ocr_pages
    from pstparse.extractors.pdf._extract import extract_document
    from pstparse.runtime import gc_paused

    with gc_paused():
        doc, findings = ocr_pages(data, name)
        extraction = extract_document(doc, fmt="image")
    extraction.findings = [*findings, *extraction.findings]
    return extraction
