"""The plan as an Excel workbook (XlsxWriter), readable back by :mod:`.sheets`.

Sheets:

* ``Actions``: one row per action with its OS and OO, the same columns in the same order
  as the CSV export (:func:`pstparse.exporters.rows.header`), then the action's label
  and source text (:data:`ACTION_TAIL`);
* ``Objectifs``: one row per OS and per OO (level, codes, label, title, description,
  own fields, provenance), so that reading the workbook back restores them;
* ``Constats``: the findings;
* ``Document``: what is known about the source document, one key per row.

Every sheet has a bold frozen header row, an autofilter, column widths from its content
and wrapped long text. Every cell is written explicitly as a string or a number, never
as a formula; a string a spreadsheet would take for a formula (see
:mod:`pstparse.exporters.cells`) gets Excel's "quote prefix" style, so it stays text
even when edited. The workbook's dates are fixed, so the same plan always gives the
same bytes.

Excel holds at most :data:`CELL_MAX` characters in a cell. A longer value is never cut
silently: it is split into pieces, the first in its own column and the next ones in
continuation columns named ``"<column> (suite 2)"``, ``"(suite 3)"``… added at the right
of the sheet; the reader joins them back, and the export reports a
``cell-split`` finding for each such cell.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from typing import Any

from pstparse.exporters.cells import needs_guard
from pstparse.exporters.registry import Exported
from pstparse.exporters.rows import (
    PROVENANCE_KEYS,
    field_columns,
    field_keys,
    flat_row,
    header,
    iter_records,
)
from pstparse.model.findings import finding
from pstparse.model.messages import DEFAULT_LANG
from pstparse.model.plan import (
    Finding,
    OperationalObjective,
    Plan,
    Source,
    StrategicObjective,
)
from pstparse.options import ExportOptions

CELL_MAX = 32_767
"""Excel's limit on the characters of one cell (XlsxWriter truncates beyond it)."""

FIXED_DATE = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
"""The creation date written in every workbook: a real date would change the bytes of
each run, and the source document's date is not known."""

WIDTH_MIN = 6
WIDTH_MAX = 60
"""Column widths (in characters) are the longest line of the column, within these
bounds: narrow enough for codes, not wider than a readable line of text."""

WRAP_FROM = 40
"""Text longer than this (or with a line break) is wrapped in its cell."""

SHEET_ACTIONS = "Actions"
SHEET_OBJECTIVES = "Objectifs"
SHEET_FINDINGS = "Constats"
SHEET_DOCUMENT = "Document"

OBJECTIVE_LEAD: tuple[str, ...] = (
    "level",
    "os_code",
    "oo_code",
    "label",
    "title",
    "description",
    "text",
)
"""Leading columns of the ``Objectifs`` sheet; own field columns and provenance follow."""

FINDING_COLUMNS: tuple[str, ...] = ("rule", "severity", "message", "path", *PROVENANCE_KEYS)

DOCUMENT_KEYS: tuple[str, ...] = (
    "schema_version",
    "path",
    "sha256",
    "format",
    "encoding",
    "pages",
    "kind",
    "title",
    "organisation",
    "period_start",
    "period_end",
    "contact",
)

ACTION_TAIL: tuple[str, ...] = ("action_label", "action_text")
"""Columns of the ``Actions`` sheet after the CSV's: the action's label as written and
its source text, so that a workbook gives back the whole action (an iA.PST label such
as "A.16 - SA.17 -" included)."""

CONTINUATION = " (suite {n})"
"""Suffix of a continuation column (see the module docstring)."""

Cell = str | int | float | None


def _provenance(source: Source | None) -> list[Cell]:
    return [getattr(source, key) if source else None for key in PROVENANCE_KEYS]


def _objective_rows(plan: Plan, keys: list[str]) -> list[list[Cell]]:
    rows: list[list[Cell]] = []

    def row(
        level: str, os_: StrategicObjective, item: StrategicObjective | OperationalObjective
    ) -> list[Cell]:
        oo_code = item.code if isinstance(item, OperationalObjective) else None
        lead: list[Cell] = [
            level,
            os_.code,
            oo_code,
            item.label,
            item.title,
            item.description,
            item.text,
        ]
        return [*lead, *(item.fields.get(k) for k in keys), *_provenance(item.source)]

    for os_ in plan.strategic_objectives:
        rows.append(row("OS", os_, os_))
        rows.extend(row("OO", os_, oo) for oo in os_.operational_objectives)
    return rows


def _objective_keys(plan: Plan) -> list[str]:
    keys: dict[str, None] = {}
    for os_ in plan.strategic_objectives:
        keys.update(dict.fromkeys(os_.fields))
        for oo in os_.operational_objectives:
            keys.update(dict.fromkeys(oo.fields))
    return list(keys)


class _Sheet:
    """Lays out one sheet: the cells, then widths, filter and continuation columns."""

    def __init__(self, name: str, columns: Sequence[str]) -> None:
        self.name = name
        self.columns = list(columns)
        self.rows: list[list[Cell]] = []

    def add(self, cells: Sequence[Any]) -> None:
        self.rows.append([_cell(value) for value in cells])

    def split_long_cells(self, findings: list[Finding]) -> None:
        """Move the part of each cell beyond :data:`CELL_MAX` to continuation columns."""
        extra: dict[tuple[int, int], list[str]] = {}
        widest: dict[int, int] = {}
        for r, row in enumerate(self.rows):
            for c, value in enumerate(row):
                if isinstance(value, str) and len(value) > CELL_MAX:
                    pieces = [value[i : i + CELL_MAX] for i in range(0, len(value), CELL_MAX)]
                    row[c] = pieces[0]
                    extra[r, c] = pieces[1:]
                    widest[c] = max(widest.get(c, 0), len(pieces) - 1)
                    findings.append(
                        finding(
                            "cell-split",
                            DEFAULT_LANG,
                            sheet=self.name,
                            row=r + 2,
                            column=self.columns[c],
                            count=len(value),
                            limit=CELL_MAX,
                        )
                    )
        if not extra:
            return
        slots: list[tuple[int, int]] = []  # (source column, piece index)
        for c in sorted(widest):
            for n in range(widest[c]):
                self.columns.append(self.columns[c] + CONTINUATION.format(n=n + 2))
                slots.append((c, n))
        for r, row in enumerate(self.rows):
            row.extend(
                extra[r, c][n] if (r, c) in extra and n < len(extra[r, c]) else None
                for c, n in slots
            )


def _cell(value: object) -> Cell:
    if value is None or (isinstance(value, str | int | float) and not isinstance(value, bool)):
        return value
    if isinstance(value, list):
        return "\n".join(str(item) for item in value)
    return str(value)


def _width(values: list[Cell], name: str) -> int:
    longest = len(name)
    for value in values:
        if value is None:
            continue
        text = value if isinstance(value, str) else str(value)
        longest = max(longest, *(len(line) for line in text.split("\n")))
    return max(WIDTH_MIN, min(WIDTH_MAX, longest + 2))


def _write(workbook: Any, sheet: _Sheet, formats: dict[str, Any], *, raw: bool) -> None:
    ws = workbook.add_worksheet(sheet.name)
    for c, name in enumerate(sheet.columns):
        ws.write_string(0, c, name, formats["header"])
    for r, row in enumerate(sheet.rows, start=1):
        for c, value in enumerate(row):
            if value is None or value == "":
                continue
            if isinstance(value, str):
                wrap = "\n" in value or len(value) > WRAP_FROM
                guarded = not raw and needs_guard(value)
                key = ("wrap" if wrap else "text") + ("_quoted" if guarded else "")
                ws.write_string(r, c, value, formats[key])
            else:
                ws.write_number(r, c, value, formats["text"])
    for c, name in enumerate(sheet.columns):
        ws.set_column(c, c, _width([row[c] for row in sheet.rows], name))
    ws.freeze_panes(1, 0)
    ws.autofilter(0, 0, max(len(sheet.rows), 1), max(len(sheet.columns) - 1, 0))


def build_sheets(plan: Plan, findings: list[Finding]) -> list[_Sheet]:
    """The four sheets of the workbook of ``plan``, long cells already split."""
    keys = field_keys([plan])
    columns = field_columns(keys)
    actions = _Sheet(SHEET_ACTIONS, [*header(columns), *ACTION_TAIL])
    for record in iter_records(plan):
        action = record.action
        tail = [action.label, action.text] if action else [None, None]
        actions.add([*flat_row(record, columns).values(), *tail])

    own = _objective_keys(plan)
    objectives = _Sheet(SHEET_OBJECTIVES, [*OBJECTIVE_LEAD, *own, *PROVENANCE_KEYS])
    for objective_row in _objective_rows(plan, own):
        objectives.add(objective_row)

    constats = _Sheet(SHEET_FINDINGS, FINDING_COLUMNS)
    for found in plan.findings:
        constats.add(
            [
                found.rule,
                found.severity.value,
                found.message,
                found.path,
                *_provenance(found.source),
            ]
        )

    document = _Sheet(SHEET_DOCUMENT, ("key", "value"))
    doc = plan.document.model_dump(mode="json")
    doc["schema_version"] = plan.schema_version
    for key in DOCUMENT_KEYS:
        document.add([key, doc.get(key)])

    sheets = [actions, objectives, constats, document]
    for sheet in sheets:
        sheet.split_long_cells(findings)
    return sheets


def export_xlsx(plan: Plan, options: ExportOptions) -> Exported:
    """The workbook of ``plan`` as bytes (see the module docstring)."""
    import xlsxwriter

    findings: list[Finding] = []
    sheets = build_sheets(plan, findings)
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(
        buffer,
        {
            "in_memory": True,
            # Belt and braces: cells are written with write_string/write_number, which
            # never convert, but no string may ever become a formula, number or link.
            "strings_to_formulas": False,
            "strings_to_numbers": False,
            "strings_to_urls": False,
        },
    )
    workbook.set_properties(
        {
            "title": plan.document.title or "",
            "comments": "pstparse",
            "created": FIXED_DATE,
        }
    )
    formats = {
        "header": workbook.add_format({"bold": True, "valign": "top"}),
        "text": workbook.add_format({"valign": "top"}),
        "wrap": workbook.add_format({"valign": "top", "text_wrap": True}),
        "text_quoted": workbook.add_format({"valign": "top", "quote_prefix": True}),
        "wrap_quoted": workbook.add_format(
            {"valign": "top", "text_wrap": True, "quote_prefix": True}
        ),
    }
    for sheet in sheets:
        _write(workbook, sheet, formats, raw=options.raw_cells)
    workbook.close()
    return Exported(buffer.getvalue(), findings)
