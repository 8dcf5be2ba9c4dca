"""The intermediate representation shared by every extractor and the normaliser.

Extractors only *observe* (text, layout, provenance); they never decide what is an
objective or an action. The normaliser only *interprets* blocks; it never opens a file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from pstparse.model.plan import Finding, Source


class BlockKind(StrEnum):
    """What the page told us a block is."""

    PARAGRAPH = "paragraph"
    HEADING = "heading"
    LIST_ITEM = "list_item"
    CELL = "cell"


@dataclass(frozen=True, slots=True)
class Style:
    """Typographic hints; every attribute is optional."""

    bold: bool | None = None
    italic: bool | None = None
    font_size: float | None = None
    indent: float | None = None
    style_name: str | None = None
    all_caps: bool | None = None
    space_before: float | None = None
    """Vertical space before the block: blank lines (TXT) or points (PDF)."""
    hanging: float | None = None
    """Where the text starts after a leading bullet or number (TXT: a column), i.e.
    where the wrapped lines of a hanging-indented item align."""


@dataclass(frozen=True, slots=True)
class TableRef:
    """Where a cell block sits in a table (1-based; spans count grid cells)."""

    table: int
    row: int
    column: int
    row_span: int = 1
    col_span: int = 1
    is_header: bool = False
    continued: bool = False
    """True when the cell continues a (merged) cell from the previous page or row."""
    wrapped: bool = False
    """True when the table is text laid out in printed lines (columns aligned with
    spaces): each row is one printed line, and a cell's text may go on in the same
    column of the lines below. The normaliser decides which lines belong together."""


@dataclass(frozen=True, slots=True)
class Block:
    """One piece of text with what the source told us about it.

    A table cell holding several paragraphs is several blocks with the same
    ``table`` coordinates: each paragraph or bullet is its own block, in order.
    """

    text: str
    kind: BlockKind
    source: Source
    level_hint: int | None = None
    """Heading level (1 = top), list depth (0 = top) or outline level."""
    list_marker: str | None = None
    """The bullet or number that introduced a list item, when the format generated it."""
    style: Style | None = None
    table: TableRef | None = None


@dataclass(slots=True)
class Extraction:
    """What an extractor returns: the content blocks plus document-level observations."""

    blocks: list[Block]
    format: str
    encoding: str | None = None
    pages: int | None = None
    furniture: list[Block] = field(default_factory=list)
    """Running headers, footers and page numbers, taken out of the content."""
    title: str | None = None
    """A title from document metadata (DOCX core properties, PDF info), if any."""
    findings: list[Finding] = field(default_factory=list)
    """What the reader noticed but could work around (a page it could not read, a
    limit it cut at, a fallback it took): the normaliser puts them first in the plan."""
