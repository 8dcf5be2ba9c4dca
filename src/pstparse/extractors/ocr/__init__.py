"""OCR of scanned pages and images with Tesseract (optional at run time).

:func:`read_pdf` gives the PDF extractor a :class:`~pstparse.extractors.pdf._reader.Document`
whatever the pages are: read from the text layer, by OCR (``--ocr``: ``auto`` for pages
without a text layer, ``always``, ``never``), or both. :func:`read_image` does the same
for PNG, JPEG and TIFF files. The OCR pages carry the same records as text pages, so the
layout analysis above them is the PDF extractor's, unchanged.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Iterable

from pstparse.extractors.ocr.image import RENDER_DPI, Gray
from pstparse.extractors.pdf._reader import MAX_PAGES, Document, PageData, read_document
from pstparse.model.errors import NeedsOCRError
from pstparse.model.findings import finding
from pstparse.model.messages import DEFAULT_LANG
from pstparse.model.plan import Finding, Severity, Source
from pstparse.options import OcrMode

__all__ = ["read_image", "read_pdf"]

NOTHING_READ = "OCR found no text on any page"


def read_pdf(
    data: bytes, name: str, password: str | None, mode: OcrMode
) -> tuple[Document, list[Finding]]:
    """Read a PDF's pages from their text layer or by OCR, as ``mode`` says.

    ``never``: the text layer only (a scan raises :class:`~pstparse.model.errors.NeedsOCRError`).
    ``auto``: pages without text are read by OCR. ``always``: every page is. Without
    Tesseract, a scan raises :class:`~pstparse.model.errors.NeedsOCRError` saying how to
    install it, while a document with some text pages is read and a finding names the
    pages left unread.
    """
    if mode == "never":
        return read_document(data, name, password), []
    if mode == "always":
        program = _program(name, "OCR was asked for (--ocr always)")
        return _ocr_pdf(program, data, name, password, None, None)
    try:
        doc = read_document(data, name, password)
    except NeedsOCRError as exc:
        program = _program(name, exc.message.split(";")[0])
        return _ocr_pdf(program, data, name, password, None, None)
    missing = {p.number for p in doc.pages if not p.chars and p.images}
    if not missing:
        return doc, []
    try:
        program = _program(name, "")
    except NeedsOCRError as exc:
        return doc, [
            finding(
                "ocr-unavailable",
                DEFAULT_LANG,
                severity=Severity.WARNING,
                source=Source(page=n),
                page=n,
                reason=exc.message,
            )
            for n in sorted(missing)
        ]
    return _ocr_pdf(program, data, name, password, missing, doc)


def read_image(data: bytes, name: str) -> tuple[Document, list[Finding]]:
    """Read an image file (PNG, JPEG, TIFF with one or more pages) by OCR."""
    from pstparse.extractors.ocr.image import image_pages

    pages = image_pages(data, name, MAX_PAGES)
    first = next(pages)  # a damaged image is named as such, Tesseract or not (never empty)
    program = _program(name, "an image has no text layer")
    frames = ((n, gray, dpi) for n, (gray, dpi) in enumerate(itertools.chain([first], pages), 1))
    return _ocr(program, frames, name, None)


def _program(name: str, why: str) -> str:
    from pstparse.extractors.ocr.engine import find_tesseract

    try:
        return find_tesseract()
    except NeedsOCRError as exc:
        message = f"{why}: {exc.message}" if why else exc.message
        raise NeedsOCRError(message, path=name) from None


def _ocr_pdf(
    program: str,
    data: bytes,
    name: str,
    password: str | None,
    numbers: set[int] | None,
    doc: Document | None,
) -> tuple[Document, list[Finding]]:
    from pstparse.extractors.ocr.image import render_pdf

    frames = (
        (n, gray, RENDER_DPI) for n, gray in render_pdf(data, password, RENDER_DPI, numbers, name)
    )
    total = len(numbers) if numbers is not None else _page_count(data, password)
    return _ocr(program, frames, name, doc, total)


def _page_count(data: bytes, password: str | None) -> int | None:
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data, password=password)
    except pdfium.PdfiumError:
        return None  # render_pdf says what is wrong
    try:
        return len(pdf)
    finally:
        pdf.close()


def _ocr(
    program: str,
    frames: Iterable[tuple[int, Gray, int]],
    name: str,
    doc: Document | None,
    total: int | None = None,
) -> tuple[Document, list[Finding]]:
    """OCR the frames, then merge them with the text pages of ``doc`` (if any)."""
    from pstparse.extractors.ocr.pages import (
        measured_heights,
        page_data,
        page_findings,
        read_page,
        size_classes,
    )
    from pstparse.extractors.ocr.progress import report

    scanned = []
    report(0, total)
    for number, gray, dpi in frames:
        try:
            scanned.append(read_page(program, gray, dpi, number))
        except NeedsOCRError as exc:
            raise NeedsOCRError(f"page {number}: {exc.message}", path=name) from None
        report(len(scanned), total)
    seeds = [s for s, _ in doc.sizes.most_common()] if doc is not None else []
    sizes = size_classes(measured_heights(scanned), seeds)
    tally: Counter[float] = Counter()
    ocr_pages = {p.number: page_data(p, sizes, tally) for p in scanned}
    findings = [f for p in scanned for f in page_findings(p)]
    if doc is None:
        if not any(p.chars for p in ocr_pages.values()):
            raise NeedsOCRError(f"no text layer, and {NOTHING_READ}", path=name)
        pages = [ocr_pages[n] for n in sorted(ocr_pages)]
        return Document(pages, None, tally), findings
    merged: list[PageData] = [ocr_pages.get(p.number, p) for p in doc.pages]
    return Document(merged, doc.title, doc.sizes + tally), findings
