"""PDF extractor: text-layer PDFs → blocks (table cells, headings, paragraphs, list items).

Ruled tables come from pdfplumber's line-based table finder and are stitched across
pages; tables without rules are found from word alignment; running headers, footers and
page numbers go to ``Extraction.furniture``. Scanned (image-only), encrypted and broken
PDFs raise a :class:`~pstparse.model.errors.PstparseError` with a one-line message.
"""

from __future__ import annotations

from pstparse.extractors.pdf._extract import extract_pdf
from pstparse.model.ir import Extraction
from pstparse.options import ExtractOptions

__all__ = ["extract_pdf", "read_pdf"]


def read_pdf(data: bytes, name: str, options: ExtractOptions) -> Extraction:
    """The registry's reader (:data:`pstparse.extractors.registry.Reader`): the password
    and the OCR mode come from the options."""
    return extract_pdf(data, name=name, password=options.password, ocr=options.ocr)
