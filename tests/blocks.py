"""Hand-built blocks for the normaliser: a document described in a few calls, without a
file or an extractor, so that one normaliser rule can be tested on its own.

    doc = Doc()
    doc.heading("Plan stratégique transversal")
    doc.table([["Objectif stratégique", "Action"], ["OS 1 - Mobilité", "Créer…"]])
    plan = normalise(doc.extraction())

Every block gets a distinct :class:`~pstparse.model.plan.Source` (a paragraph number in
the flow, table/row/column in a table), as an extractor would give it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from pstparse.model.ir import Block, BlockKind, Extraction, Style, TableRef
from pstparse.model.plan import Source

Cell = str | Sequence[str] | None
"""A table cell: one paragraph (line breaks inside it stay in its text), several
paragraphs of the same cell, or nothing (a cell covered by a merge, or absent)."""


@dataclass
class Doc:
    """A document under construction: flow paragraphs, list items, headings, tables and
    page furniture, in reading order."""

    fmt: str = "docx"
    title: str | None = None
    blocks: list[Block] = field(default_factory=list)
    furniture: list[Block] = field(default_factory=list)
    _paragraph: int = 0
    _table: int = 0

    def _source(self) -> Source:
        self._paragraph += 1
        return Source(paragraph=self._paragraph)

    def para(self, text: str, *, bold: bool | None = None) -> Doc:
        """A body paragraph."""
        style = Style(bold=bold) if bold is not None else None
        self.blocks.append(Block(text, BlockKind.PARAGRAPH, self._source(), style=style))
        return self

    def heading(self, text: str, level: int = 1) -> Doc:
        """A heading of ``level`` (1 = top), as a Word heading style gives it."""
        style = Style(style_name=f"Heading {level}", bold=True)
        self.blocks.append(
            Block(text, BlockKind.HEADING, self._source(), level_hint=level, style=style)
        )
        return self

    def item(self, text: str, depth: int = 0, marker: str | None = "•") -> Doc:
        """A list item at ``depth`` (0 = top), with the bullet the format generated."""
        self.blocks.append(
            Block(text, BlockKind.LIST_ITEM, self._source(), level_hint=depth, list_marker=marker)
        )
        return self

    def table(
        self,
        rows: Sequence[Sequence[Cell]],
        *,
        header: bool = False,
        spans: dict[tuple[int, int], tuple[int, int]] | None = None,
    ) -> Doc:
        """A table, one list of cells per row (1-based row and column in the blocks).

        ``header`` flags the first row as a header row (a DOCX "repeat as header row").
        ``spans`` maps a cell's (row, column) to its (row_span, col_span): a vertically
        merged cell is written once, with ``None`` in the rows it covers.
        """
        self._table += 1
        for row_no, row in enumerate(rows, start=1):
            for col_no, cell in enumerate(row, start=1):
                if cell is None:
                    continue
                paragraphs = [cell] if isinstance(cell, str) else list(cell)
                row_span, col_span = (spans or {}).get((row_no, col_no), (1, 1))
                ref = TableRef(
                    table=self._table,
                    row=row_no,
                    column=col_no,
                    row_span=row_span,
                    col_span=col_span,
                    is_header=header and row_no == 1,
                )
                for text in paragraphs:
                    source = Source(table=self._table, row=row_no, column=col_no)
                    self._paragraph += 1
                    source = source.model_copy(update={"paragraph": self._paragraph})
                    self.blocks.append(Block(text, BlockKind.CELL, source, table=ref))
        return self

    def page_furniture(self, text: str, page: int) -> Doc:
        """A running header or footer the extractor set aside."""
        self.furniture.append(Block(text, BlockKind.PARAGRAPH, Source(page=page)))
        return self

    def extraction(self) -> Extraction:
        """The blocks as an extractor would return them."""
        return Extraction(
            blocks=list(self.blocks),
            format=self.fmt,
            furniture=list(self.furniture),
            title=self.title,
        )
