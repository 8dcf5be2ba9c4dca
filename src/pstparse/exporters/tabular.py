"""CSV, TSV and JSON Lines streams, for one plan or many (batch mode).

CSV follows RFC 4180: comma-separated, ``\\r\\n`` line ends, cells quoted when needed;
the details of an action are joined with ``\\n`` inside one (quoted) cell.

TSV follows the "linear TSV" convention so that every record is exactly one line and
nothing is lost: inside a value, backslash becomes ``\\\\``, tab ``\\t``, line feed
``\\n`` and carriage return ``\\r`` (two characters each); lines end with ``\\n``.
Details are joined with a line feed and so appear as a literal ``\\n``.

CSV and TSV cells that a spreadsheet would run as a formula are guarded by the rule of
:mod:`pstparse.exporters.cells` (a leading ``'``) unless ``raw_cells`` is set.

JSON Lines: one compact JSON object per record, with the same keys as the CSV except
that the field columns are replaced by one ``fields`` object (only the keys that have a
value) and ``action_details`` stays a list. Missing values are ``null``.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Sequence
from typing import TextIO

from pstparse.exporters.cells import guard
from pstparse.exporters.rows import (
    STANDARD_FIELDS,
    extra_field_keys,
    field_columns,
    flat_row,
    header,
    iter_records,
    nested_row,
)
from pstparse.model.errors import UsageError
from pstparse.model.plan import Plan
from pstparse.options import ExportOptions

STREAM_FORMATS: tuple[str, ...] = ("jsonl", "csv", "tsv")
"""Formats that can hold several plans in one stream."""

BOM = "\ufeff"

EXCEL_DELIMITER = ";"
"""The list separator of Excel in French (and most continental) locales, where the comma
is the decimal mark: a comma-separated file opens there as one column."""

_TSV_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "\n".join(str(item) for item in value)
    return str(value)


def tsv_escape(text: str) -> str:
    """Escape ``text`` for one TSV cell (backslash, tab, LF and CR as two characters)."""
    return text.translate(_TSV_ESCAPES)


_TSV_UNESCAPES = {"\\": "\\", "t": "\t", "n": "\n", "r": "\r"}


def tsv_unescape(cell: str) -> str:
    """Undo :func:`tsv_escape`; a backslash before any other character is kept as is."""
    out: list[str] = []
    i = 0
    while i < len(cell):
        ch = cell[i]
        if ch == "\\" and i + 1 < len(cell) and cell[i + 1] in _TSV_UNESCAPES:
            out.append(_TSV_UNESCAPES[cell[i + 1]])
            i += 2
        else:
            out.append(ch)
            i += 1
    return "".join(out)


class MultiWriter:
    """Write the records of one or more plans to a single csv, tsv or jsonl stream.

    The CSV/TSV header is written once, when the writer is created, so a stream with no
    plan (or plans without objectives) still has its header. Its field columns are
    :data:`STANDARD_FIELDS` followed by ``extra_fields``: since the header comes first,
    the other field keys of all the plans to be written must be known up front (collect
    them with :func:`pstparse.exporters.rows.extra_field_keys`). Writing a plan with a
    field key not in the header raises :class:`UsageError` rather than dropping it.
    ``extra_fields`` is ignored for jsonl, whose fields are nested per record.

    ``bom=True`` writes U+FEFF first (csv/tsv only), which some spreadsheet programs
    need to detect UTF-8. ``delimiter`` replaces the comma of CSV (one character, not a
    quote or a line break); ``crlf=True`` ends TSV lines with CRLF too (CSV always does).
    ``raw_cells=True`` writes cells that start like a formula as they are (see
    :mod:`pstparse.exporters.cells`). The writer never closes ``stream``.
    """

    def __init__(
        self,
        stream: TextIO,
        fmt: str,
        *,
        extra_fields: Sequence[str] = (),
        bom: bool = False,
        delimiter: str | None = None,
        crlf: bool = False,
        raw_cells: bool = False,
    ) -> None:
        fmt = fmt.lower()
        if fmt not in STREAM_FORMATS:
            raise UsageError(
                f"format {fmt!r} cannot stream several plans (use one of: "
                f"{', '.join(STREAM_FORMATS)})"
            )
        if bom and fmt == "jsonl":
            raise UsageError("a byte order mark is only written for csv and tsv")
        if delimiter is not None and fmt != "csv":
            raise UsageError(f"a delimiter is only chosen for csv, not {fmt}")
        if delimiter is not None and (len(delimiter) != 1 or delimiter in '"\r\n'):
            raise UsageError(
                f"the delimiter must be one character, not a quote or a line break: {delimiter!r}"
            )
        self.format = fmt
        self.records = 0
        self._raw = raw_cells
        self._stream = stream
        self._columns = field_columns([*STANDARD_FIELDS, *extra_fields])
        self._writer = None
        if fmt == "jsonl":
            return
        if bom:
            stream.write(BOM)
        if fmt == "csv":
            self._writer = csv.writer(stream, delimiter=delimiter or ",", lineterminator="\r\n")
        else:
            # Values are escaped beforehand, so the writer never has to quote anything.
            self._writer = csv.writer(
                stream,
                delimiter="\t",
                lineterminator="\r\n" if crlf else "\n",
                quoting=csv.QUOTE_NONE,
                quotechar=None,
            )
        self._write_cells(header(self._columns))

    def _write_cells(self, cells: list[str]) -> None:
        assert self._writer is not None
        if not self._raw:
            cells = [guard(cell) for cell in cells]
        if self.format == "tsv":
            cells = [tsv_escape(cell) for cell in cells]
        self._writer.writerow(cells)

    def write_plan(self, plan: Plan) -> int:
        """Write every record of ``plan``; return how many were written."""
        count = 0
        for record in iter_records(plan):
            if self._writer is None:
                line = json.dumps(nested_row(record), ensure_ascii=False, separators=(",", ":"))
                self._stream.write(line + "\n")
            else:
                unknown = [key for key in record.fields if key not in self._columns]
                if unknown:
                    raise UsageError(
                        f"field {unknown[0]!r} has no {self.format} column: pass it in "
                        "extra_fields when creating the writer"
                    )
                row = flat_row(record, self._columns)
                self._write_cells([_cell(value) for value in row.values()])
            count += 1
        self.records += count
        return count


def table_writer(
    stream: TextIO, fmt: str, plans: Sequence[Plan], options: ExportOptions
) -> MultiWriter:
    """A :class:`MultiWriter` for ``plans`` laid out as ``options`` ask.

    ``options.excel`` means what a French-language Excel opens without an import
    dialog: ``;`` between cells (its list separator, since the comma is the decimal
    mark), a BOM (else it reads the bytes as Windows-1252) and CRLF line ends; an
    explicit ``options.delimiter`` still wins over the ``;``.
    """
    delimiter = options.delimiter
    if options.excel and delimiter is None and fmt == "csv":
        delimiter = EXCEL_DELIMITER
    return MultiWriter(
        stream,
        fmt,
        extra_fields=extra_field_keys(plans) if fmt != "jsonl" else (),
        bom=options.bom or options.excel,
        delimiter=delimiter,
        crlf=options.excel,
        raw_cells=options.raw_cells,
    )
