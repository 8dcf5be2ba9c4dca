"""PDF extractor: text-layer PDFs → blocks (table cells, headings, paragraphs, list items).

Ruled tables come from pdfplumber's line-based table finder and are stitched across
pages; tables without rules are found from word alignment; running headers, footers and
page numbers go to ``Extraction.furniture``. Scanned (image-only), encrypted and broken
PDFs raise a :class:`~pstparse.model.errors.PstparseError` with a one-line message.

Besides :func:`extract_pdf`, the package exports the steps of the reading, each
usable on its own: words grouped into lines (:class:`Word`, :class:`Line`,
:func:`group_lines`), furniture (:class:`PageLines`, :func:`find_furniture`,
:func:`is_page_number`), ruled and borderless tables (:class:`Cell`, :class:`PageTable`,
:class:`LogicalTable`, :func:`aligned`, :func:`find_tables`), paragraphs and list
markers (:class:`Layout`, :func:`paragraphs`, :func:`reads_on`, :func:`split_marker`,
:func:`bullet_symbol`),
a long document's pages packed between reading and layout (:class:`PageData`,
:func:`hold`, :class:`PageSummary`, :func:`summarise`, :func:`edges`),
the reader's limits (:data:`MAX_PAGES`, :data:`MAX_PAGE_CHARS`, :data:`MAX_STREAM_BYTES`,
:data:`MAX_DECODED_BYTES`).
"""

from __future__ import annotations

# The reader's building blocks, documented surface for unit tests and tools that study a
# layout piece by piece (their docstrings say what each does); the modules stay private.
from pstparse.extractors.pdf._borderless import find_tables
from pstparse.extractors.pdf._extract import extract_pdf
from pstparse.extractors.pdf._furniture import PageLines, edges, find_furniture, is_page_number
from pstparse.extractors.pdf._geometry import Line, Word, bullet_symbol, group_lines
from pstparse.extractors.pdf._reader import (
    MAX_DECODED_BYTES,
    MAX_PAGE_CHARS,
    MAX_PAGES,
    MAX_STREAM_BYTES,
    PageData,
    hold,
)
from pstparse.extractors.pdf._summary import PageSummary, summarise
from pstparse.extractors.pdf._tables import Cell, LogicalTable, PageTable, aligned
from pstparse.extractors.pdf._text import (
    Layout,
    paragraphs,
    reads_on,
    split_marker,
)
from pstparse.model.ir import Extraction
from pstparse.options import ExtractOptions

__all__ = [
    "MAX_DECODED_BYTES",
    "MAX_PAGES",
    "MAX_PAGE_CHARS",
    "MAX_STREAM_BYTES",
    "Cell",
    "Layout",
    "Line",
    "LogicalTable",
    "PageData",
    "PageLines",
    "PageSummary",
    "PageTable",
    "Word",
    "aligned",
    "bullet_symbol",
    "edges",
    "extract_pdf",
    "find_furniture",
    "find_tables",
    "group_lines",
    "hold",
    "is_page_number",
    "paragraphs",
    "read_pdf",
    "reads_on",
    "split_marker",
    "summarise",
]


def read_pdf(data: bytes, name: str, options: ExtractOptions) -> Extraction:
    """The registry's reader (:data:`pstparse.extractors.registry.Reader`): the password
    and the OCR mode come from the options."""
    return extract_pdf(data, name=name, password=options.password, ocr=options.ocr)
