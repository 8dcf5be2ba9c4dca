"""PDF extractor: text-layer PDFs → blocks (table cells, headings, paragraphs, list items).

Ruled tables come from pdfplumber's line-based table finder and are stitched across
pages; tables without rules are found from word alignment; running headers, footers and
page numbers go to ``Extraction.furniture``. Scanned (image-only), encrypted and broken
PDFs raise a :class:`~pstparse.model.errors.PstparseError` with a one-line message.
"""

from __future__ import annotations

from pstparse.extractors.pdf._extract import extract_pdf

__all__ = ["extract_pdf"]
