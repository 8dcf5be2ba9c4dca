"""Read back a table that pstparse wrote (CSV, TSV, XLSX) and a user edited: rebuild the plan.

The ``Actions`` rows (the only table of a CSV/TSV) give the tree: consecutive rows with
the same OS (by code, or by title when there is no code) form one OS, likewise the OO
inside it, and each row with an action title adds one action. A row without action is
an OS or OO without action. The title of an OS or OO is the one of its first row.

A workbook also has the ``Objectifs`` sheet (titles, labels, descriptions, own fields
and provenance of every OS and OO, in plan order, matched to the OS and OO of the
``Actions`` rows by position: it wins over the ``Actions`` columns), ``Constats``
(the findings) and ``Document`` (the document's metadata). A CSV or TSV cannot say
which fields an OS or OO gave its actions, so every field stays on the action there.

CSV/TSV cells guarded against formula injection (:mod:`pstparse.exporters.cells`) are
unguarded (XLSX guards with a cell style: its text is exact); TSV escapes are undone;
continuation columns (``"x (suite 2)"``) are joined to their column. The XLSX reader
uses only :mod:`zipfile` and ElementTree, behind the zip-bomb and entity checks of
:mod:`pstparse.extractors._zip`.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any
from xml.etree import ElementTree as ET

from pstparse.exporters.cells import unguard
from pstparse.exporters.rows import LEAD_KEYS, PROVENANCE_KEYS
from pstparse.exporters.tabular import tsv_unescape
from pstparse.exporters.xlsx import ACTION_TAIL, OBJECTIVE_LEAD
from pstparse.model.errors import PlanError
from pstparse.model.plan import (
    Action,
    Document,
    Finding,
    Kind,
    OperationalObjective,
    Plan,
    Severity,
    Source,
    StrategicObjective,
)

_NS = {
    "m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "rel": "http://schemas.openxmlformats.org/package/2006/relationships",
}
_CONTINUATION = re.compile(r"^(?P<base>.+) \(suite (?P<n>\d+)\)$")
_FIELD_PREFIX = "field:"
_CELL_REF = re.compile(r"^([A-Z]+)(\d+)$")

Row = dict[str, str]


def is_table(text: str) -> bool:
    """True when ``text`` starts with the header of a pstparse CSV or TSV export."""
    first = text.lstrip("\ufeff").split("\n", 1)[0].rstrip("\r")
    return first.startswith("document") and first[len("document") :][:1] not in ("", " ", ":")


def _delimiter(first_line: str) -> str:
    return first_line[len("document")]


# --------------------------------------------------------------------------- CSV / TSV


def read_table_text(text: str, *, name: str) -> Plan:
    """Rebuild a plan from the text of a pstparse CSV or TSV export (any delimiter)."""
    text = text.lstrip("\ufeff")
    first = text.split("\n", 1)[0].rstrip("\r")
    delimiter = _delimiter(first)
    if delimiter == "\t":
        reader = csv.reader(
            io.StringIO(text, newline=""), delimiter="\t", quoting=csv.QUOTE_NONE, quotechar=None
        )
        raw_rows = [[tsv_unescape(cell) for cell in row] for row in reader]
    else:
        try:
            raw_rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
        except csv.Error as exc:
            raise PlanError(f"not a readable CSV table: {exc}", path=name) from exc
    rows = _records(raw_rows, name=name, sheet="table", guarded=True)
    return build_plan(rows, name=name)


# --------------------------------------------------------------------------- XLSX


def _column_index(letters: str) -> int:
    index = 0
    for ch in letters:
        index = index * 26 + (ord(ch) - ord("A") + 1)
    return index - 1


_XSTRING_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")


def _unescape(text: str) -> str:
    # Cell text escapes the characters XML cannot hold as _xHHHH_ (ECMA-376 ST_Xstring),
    # and a literal "_xHHHH_" as "_x005F_xHHHH_".
    return _XSTRING_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text)


def _text_of(element: ET.Element) -> str:
    # A shared or inline string is plain <t> or rich text runs <r><t>; phonetic runs
    # (<rPh>) are not part of the value.
    plain = element.find("m:t", _NS)
    if plain is not None:
        return _unescape(plain.text or "")
    return _unescape("".join(t.text or "" for t in element.findall("m:r/m:t", _NS)))


def _parse(zf: zipfile.ZipFile, member: str, *, name: str) -> ET.Element:
    try:
        return ET.fromstring(zf.read(member))
    except KeyError as exc:
        raise PlanError(f"not a pstparse workbook: no {member}", path=name) from exc
    except ET.ParseError as exc:
        raise PlanError(f"damaged workbook: {member}: {exc}", path=name) from exc


def _sheet_paths(zf: zipfile.ZipFile, *, name: str) -> dict[str, str]:
    workbook = _parse(zf, "xl/workbook.xml", name=name)
    rels = _parse(zf, "xl/_rels/workbook.xml.rels", name=name)
    targets = {
        rel.get("Id", ""): rel.get("Target", "") for rel in rels.findall("rel:Relationship", _NS)
    }
    paths: dict[str, str] = {}
    for sheet in workbook.findall("m:sheets/m:sheet", _NS):
        target = targets.get(sheet.get(f"{{{_NS['r']}}}id", ""), "")
        target = target.lstrip("/")
        paths[sheet.get("name", "")] = target if target.startswith("xl/") else f"xl/{target}"
    return paths


def _sheet_rows(
    zf: zipfile.ZipFile, member: str, shared: list[str], *, name: str
) -> list[list[str]]:
    root = _parse(zf, member, name=name)
    out: list[list[str]] = []
    for row in root.findall("m:sheetData/m:row", _NS):
        cells: dict[int, str] = {}
        next_col = 0
        for cell in row.findall("m:c", _NS):
            ref = _CELL_REF.match(cell.get("r", ""))
            col = _column_index(ref.group(1)) if ref else next_col
            next_col = col + 1
            kind = cell.get("t", "n")
            value = cell.find("m:v", _NS)
            if kind == "inlineStr":
                inline = cell.find("m:is", _NS)
                text = _text_of(inline) if inline is not None else ""
            elif value is None or value.text is None:
                continue
            elif kind == "s":
                try:
                    text = shared[int(value.text)]
                except (ValueError, IndexError) as exc:
                    raise PlanError(f"damaged workbook: {member}: bad string", path=name) from exc
            elif kind == "n":
                text = _number(value.text)
            else:
                text = value.text
            cells[col] = text
        if cells:
            width = max(cells) + 1
            out.append([cells.get(i, "") for i in range(width)])
        else:
            out.append([])
    return out


def _number(text: str) -> str:
    # A number cell edited in a spreadsheet comes back as "3" or "3.0".
    try:
        number = float(text)
    except ValueError:
        return text
    return str(int(number)) if number.is_integer() else text


def read_workbook(data: bytes, *, name: str) -> Plan:
    """Rebuild a plan from a pstparse workbook (see the module docstring)."""
    from pstparse.extractors._zip import check_zip
    from pstparse.model.errors import InputError

    try:
        check_zip(data, kind="XLSX", required=("xl/workbook.xml",), path=name)
    except InputError as exc:
        raise PlanError(exc.message, path=name) from exc
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        shared: list[str] = []
        if "xl/sharedStrings.xml" in zf.namelist():
            root = _parse(zf, "xl/sharedStrings.xml", name=name)
            shared = [_text_of(si) for si in root.findall("m:si", _NS)]
        paths = _sheet_paths(zf, name=name)
        if "Actions" not in paths:
            raise PlanError("not a pstparse workbook: no sheet named Actions", path=name)
        tables = {
            sheet: _sheet_rows(zf, member, shared, name=name)
            for sheet, member in paths.items()
            if sheet in ("Actions", "Objectifs", "Constats", "Document")
        }
    actions = _records(tables["Actions"], name=name, sheet="Actions")
    objectives = (
        _records(tables["Objectifs"], name=name, sheet="Objectifs", lead=("level",))
        if "Objectifs" in tables
        else None
    )
    findings = (
        _records(tables["Constats"], name=name, sheet="Constats", lead=("rule",))
        if "Constats" in tables
        else []
    )
    document = (
        _records(tables["Document"], name=name, sheet="Document", lead=("key",))
        if "Document" in tables
        else []
    )
    return build_plan(
        actions, name=name, objectives=objectives, findings=findings, document=document
    )


# --------------------------------------------------------------------------- rows → plan


def _records(
    table: list[list[str]],
    *,
    name: str,
    sheet: str,
    lead: Sequence[str] = LEAD_KEYS,
    guarded: bool = False,
) -> list[Row]:
    """The rows of ``table`` as dicts, continuation columns joined; ``guarded`` cells
    (CSV, TSV: a text apostrophe, unlike XLSX's style) are unguarded."""
    clean = unguard if guarded else str
    if not table or list(table[0][: len(lead)]) != list(lead):
        raise PlanError(
            f"not a pstparse {sheet}: the header must start with {', '.join(lead[:3])}…",
            path=name,
        )
    columns = [clean(cell) for cell in table[0]]
    out: list[Row] = []
    for raw in table[1:]:
        if not any(cell.strip() for cell in raw):
            continue
        row: Row = {}
        for index, column in enumerate(columns):
            value = clean(raw[index]) if index < len(raw) else ""
            match = _CONTINUATION.match(column)
            if match and match.group("base") in row:
                row[match.group("base")] += value
            else:
                row[column] = value
        out.append(row)
    return out


def _or_none(value: str | None) -> str | None:
    return value if value else None


def _int(value: str | None, *, name: str, what: str) -> int | None:
    if not value:
        return None
    try:
        return int(float(value))
    except ValueError as exc:
        raise PlanError(f"{what}: {value!r} is not a number", path=name) from exc


def _source(row: Row, *, name: str) -> Source | None:
    values = {key: _int(row.get(key), name=name, what=key) for key in PROVENANCE_KEYS}
    if all(v is None for v in values.values()):
        return None
    return Source(**{k: v for k, v in values.items() if v is not None})


def _field_map(columns: Sequence[str], fixed: Sequence[str]) -> dict[str, str]:
    """Column name → field key for the field columns (undoing the ``field:`` prefix)."""
    keys: dict[str, str] = {}
    for column in columns:
        if column in fixed or column in PROVENANCE_KEYS or _CONTINUATION.match(column):
            continue
        key = column
        while key.startswith(_FIELD_PREFIX) and key[len(_FIELD_PREFIX) :] in (
            *fixed,
            *PROVENANCE_KEYS,
            "fields",
        ):
            key = key[len(_FIELD_PREFIX) :]
        keys[column] = key
    return keys


def _fields(row: Row, mapping: dict[str, str]) -> dict[str, str]:
    return {key: row[column] for column, key in mapping.items() if row.get(column)}


@dataclass
class _Tree:
    """The plan being rebuilt, with the objective-sheet rows to apply."""

    name: str
    objectives: list[tuple[Row, list[Row]]] = field(default_factory=list)
    """The ``Objectifs`` rows in order: each OS row with the rows of its OOs."""
    objective_fields: dict[str, str] = field(default_factory=dict)
    items: list[StrategicObjective] = field(default_factory=list)

    def next_os(self) -> tuple[Row | None, list[Row]]:
        """The ``Objectifs`` rows of the next OS (both sheets list items in plan order)."""
        if len(self.items) <= len(self.objectives):
            row, oos = self.objectives[len(self.items) - 1]
            return row, list(oos)
        return None, []


def _apply(item: StrategicObjective | OperationalObjective, row: Row | None, tree: _Tree) -> None:
    if row is None:
        return
    item.title = row.get("title") or item.title
    item.label = _or_none(row.get("label"))
    item.description = _or_none(row.get("description"))
    item.text = _or_none(row.get("text"))
    item.fields = _fields(row, tree.objective_fields)
    item.source = _source(row, name=tree.name)


def _same(a: str | None, b: str | None) -> bool:
    return (a or "") == (b or "")


def _continues(key: tuple[str | None, str] | None, code: str | None, title: str) -> bool:
    """True when a row with ``code`` and ``title`` continues the item whose first row
    had ``key`` (same code; by title when neither has a code)."""
    if key is None or not _same(key[0], code):
        return False
    return bool(code) or _same(key[1], title)


def build_plan(
    rows: list[Row],
    *,
    name: str,
    objectives: list[Row] | None = None,
    findings: list[Row] | None = None,
    document: list[Row] | None = None,
) -> Plan:
    """Rebuild a plan from ``Actions`` rows (and, from a workbook, the other sheets)."""
    documents = {row.get("document", "") for row in rows}
    if len(documents) > 1:
        raise PlanError(
            f"the table holds {len(documents)} documents; convert reads one plan at a time",
            path=name,
        )
    columns = list(rows[0]) if rows else []
    action_fields = _field_map(columns, (*LEAD_KEYS, *ACTION_TAIL))
    tree = _Tree(name)
    if objectives:
        tree.objective_fields = _field_map(list(objectives[0]), OBJECTIVE_LEAD)
        for orow in objectives:
            if orow.get("level") == "OO" and tree.objectives:
                tree.objectives[-1][1].append(orow)
            else:
                tree.objectives.append((orow, []))
    current_os: StrategicObjective | None = None
    current_oo: OperationalObjective | None = None
    os_key: tuple[str | None, str] | None = None
    oo_key: tuple[str | None, str] | None = None
    oo_rows: list[Row] = []
    for row in rows:
        os_code, os_title = _or_none(row.get("os_code")), row.get("os_title", "")
        if current_os is None or not _continues(os_key, os_code, os_title):
            current_os = StrategicObjective(code=os_code, title=os_title)
            tree.items.append(current_os)
            os_row, oo_rows = tree.next_os()
            _apply(current_os, os_row, tree)
            os_key, current_oo, oo_key = (os_code, os_title), None, None
        oo_code, oo_title = _or_none(row.get("oo_code")), row.get("oo_title", "")
        has_oo = bool(oo_code or oo_title)
        if has_oo and not _continues(oo_key, oo_code, oo_title):
            current_oo = OperationalObjective(code=oo_code, title=oo_title)
            _apply(current_oo, oo_rows.pop(0) if oo_rows else None, tree)
            current_os.operational_objectives.append(current_oo)
            oo_key = (oo_code, oo_title)
        elif not has_oo:
            current_oo, oo_key = None, None
        if not (row.get("action_title") or row.get("action_code")):
            if current_oo is None and not objectives:
                current_os.source = current_os.source or _source(row, name=name)
            elif current_oo is not None and not objectives:
                current_oo.source = current_oo.source or _source(row, name=name)
            continue
        fields = _fields(row, action_fields)
        for inherited in (current_os.fields, current_oo.fields if current_oo else {}):
            for key, value in inherited.items():
                if fields.get(key) == value:
                    del fields[key]
        action = Action(
            code=_or_none(row.get("action_code")),
            label=_or_none(row.get("action_label")),
            text=_or_none(row.get("action_text")),
            title=row.get("action_title", ""),
            description=_or_none(row.get("action_description")),
            details=[d for d in (row.get("action_details") or "").split("\n") if d],
            fields=fields,
            source=_source(row, name=name),
        )
        (current_oo.actions if current_oo is not None else current_os.actions).append(action)
    plan = Plan(
        document=_document(document or [], rows, name=name),
        strategic_objectives=tree.items,
        findings=[_finding(row, name=name) for row in findings or []],
    )
    return plan


def _document(rows: list[Row], actions: list[Row], *, name: str) -> Document:
    values = {row.get("key", ""): row.get("value", "") for row in rows}
    doc: dict[str, Any] = {
        key: value
        for key, value in values.items()
        if value and key in Document.model_fields and key not in ("contents", "furniture")
    }
    for key in ("pages", "period_start", "period_end"):
        if key in doc:
            doc[key] = _int(doc[key], name=name, what=key)
    if "kind" not in doc and actions and actions[0].get("kind"):
        doc["kind"] = actions[0]["kind"]
    if "path" not in doc and actions and actions[0].get("document"):
        doc["path"] = actions[0]["document"]
    if "kind" in doc:
        try:
            doc["kind"] = Kind(doc["kind"])
        except ValueError as exc:
            raise PlanError(f"unknown document kind {doc['kind']!r}", path=name) from exc
    return Document(**doc)


def _finding(row: Row, *, name: str) -> Finding:
    try:
        severity = Severity(row.get("severity") or "info")
    except ValueError as exc:
        raise PlanError(f"unknown severity {row.get('severity')!r}", path=name) from exc
    return Finding(
        rule=row.get("rule", ""),
        severity=severity,
        message=row.get("message", ""),
        path=_or_none(row.get("path")),
        source=_source(row, name=name),
    )
