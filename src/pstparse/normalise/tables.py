"""Table cells → entries. Labels first, columns second.

A cell's level comes from its label when it has one. Otherwise a cell to the right of
an item in the same row is one level deeper, and a cell alone in its row takes the level
of its column (the builder corrects that when the document labels that level).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence

from pstparse.blocks import Block
from pstparse.models import Source
from pstparse.normalise.entries import Entry
from pstparse.normalise.fields import column_field_name, is_header_text, structural_level
from pstparse.normalise.labels import Label, Level, parse_label
from pstparse.normalise.segment import split_run_on
from pstparse.normalise.text import clean_text, one_line

Role = Level | str
"""A column's role: a structural level, or the key of a field."""


class TableReader:
    """Reads the tables of one document; column roles carry over to header-less tables."""

    def __init__(self, label_of: Callable[[str], Label | None] = parse_label) -> None:
        self._roles: dict[int, Role] = {}
        self._ncols = 0
        # The document's label grammar (bare "1.1" numbers when it numbers that way).
        self._label = label_of

    def entries(self, blocks: Sequence[Block]) -> list[Entry]:
        """Entries for the cell blocks of one table, in row order."""
        rows: dict[int, dict[int, list[Block]]] = defaultdict(lambda: defaultdict(list))
        for block in blocks:
            assert block.table is not None
            rows[block.table.row][block.table.column].append(block)
        out: list[Entry] = []
        ncols = max((b.table.column + b.table.col_span - 1 for b in blocks if b.table), default=0)
        header_seen = False
        for row_no in sorted(rows):
            cells = rows[row_no]
            if self._is_header_row(cells, self._label):
                self._set_roles(cells)
                header_seen = True
                for col in sorted(cells):
                    for block in cells[col]:
                        out.append(
                            Entry(
                                level=None,
                                title=one_line(block.text),
                                source=block.source,
                                role="column_header",
                            )
                        )
                continue
            if not header_seen and (not self._roles or ncols != self._ncols):
                self._infer_roles(rows, ncols)
            header_seen = True
            out.extend(self._row_entries(cells))
        return out

    # ------------------------------------------------------------------ roles
    @staticmethod
    def _is_header_row(
        cells: dict[int, list[Block]], label_of: Callable[[str], Label | None] = parse_label
    ) -> bool:
        texts = [one_line(b.text) for blocks in cells.values() for b in blocks]
        texts = [t for t in texts if t]
        if not texts:
            return False
        if all(b.table is not None and b.table.is_header for bs in cells.values() for b in bs):
            return True
        if any(label_of(t) is not None for t in texts):
            return False
        known = sum(is_header_text(t) for t in texts)
        structural = any(structural_level(t) is not None for t in texts)
        # Unrecognised columns ("Remarques") may sit among recognised ones.
        return structural and known * 2 >= len(texts) and known >= min(2, len(texts))

    def _set_roles(self, cells: dict[int, list[Block]]) -> None:
        roles: dict[int, Role] = {}
        for col, blocks in cells.items():
            text = " ".join(one_line(b.text) for b in blocks)
            level = structural_level(text)
            roles[col] = level if level is not None else column_field_name(text)
            span = blocks[0].table.col_span if blocks and blocks[0].table else 1
            for extra in range(1, span):
                roles.setdefault(col + extra, roles[col])
        self._roles = roles
        self._ncols = max(roles, default=0)

    def _infer_roles(self, rows: dict[int, dict[int, list[Block]]], ncols: int) -> None:
        """Roles for a table with no header row: labels seen in each column, then position."""
        votes: dict[int, dict[Level, int]] = defaultdict(lambda: defaultdict(int))
        for cells in rows.values():
            for col, blocks in cells.items():
                for block in blocks:
                    label = self._label(block.text)
                    if label is not None:
                        votes[col][label.level] += 1
        roles: dict[int, Role] = {}
        default = {1: [Level.ACTION], 2: [Level.OS, Level.ACTION]}.get(
            ncols, [Level.OS, Level.OO, Level.ACTION]
        )
        for col in range(1, ncols + 1):
            if votes[col]:
                roles[col] = max(votes[col].items(), key=lambda kv: kv[1])[0]
            elif col <= len(default):
                roles[col] = default[col - 1]
            else:
                roles[col] = f"colonne {col}"
        self._roles = roles
        self._ncols = ncols

    # ------------------------------------------------------------------ rows
    def _row_entries(self, cells: dict[int, list[Block]]) -> list[Entry]:
        out: list[Entry] = []
        fields: dict[str, str] = {}
        row_source = next(b.source for bs in cells.values() for b in bs)
        prev_level: Level | None = None
        pending: Entry | None = None
        for col in sorted(cells):
            role = self._roles.get(col, f"colonne {col}")
            blocks = cells[col]
            if isinstance(role, str) and _labelled(blocks):
                # A label wins over the column: "OS.1 - …" under a header we did not
                # recognise ("Objectif") is an objective, not a field value.
                role = Level.ACTION
            if isinstance(role, str):
                text = "\n".join(t for t in (clean_text(b.text) for b in blocks) if t)
                if text:
                    fields[role] = f"{fields[role]}\n{text}" if role in fields else text
                continue
            first_in_cell: Entry | None = None
            for block in blocks:
                text = one_line(block.text)
                if not text:
                    continue
                if pending is not None:
                    pending.title = text
                    pending = None
                    continue
                label = self._label(text)
                if label is not None:
                    entry = Entry.from_label(label, block.source)
                    if not label.rest:
                        pending = entry
                elif first_in_cell is not None and first_in_cell.level in (Level.OS, Level.OO):
                    # Further paragraphs of an objective's cell describe it.
                    first_in_cell.description.append(text)
                    continue
                elif prev_level is not None:
                    # Deeper than what precedes it in the row, and at least as deep as its
                    # column (an empty OO cell between an OS and an action adds no level).
                    entry = Entry(
                        level=min(Level(max(prev_level + 1, role)), Level.ACTION),
                        title=text,
                        source=block.source,
                    )
                else:
                    entry = Entry(level=role, title=text, source=block.source, from_column=True)
                if first_in_cell is None:
                    first_in_cell = entry
                prev_level = entry.level
                out.extend(_split(entry))
        if fields:
            _apply_fields(out, fields, row_source)
        return out


def _labelled(blocks: Sequence[Block]) -> bool:
    # Only a real label wins over a field column: a bare number there ("2.1 Nombre de
    # bancs" under "Indicateurs") is the field's own text.
    return any(parse_label(one_line(b.text)) is not None for b in blocks[:1])


def _split(entry: Entry) -> list[Entry]:
    """Split a run-on action cell into one entry per action, and say so.

    The finding keeps the cell's original text, so that the split can be checked.
    """
    if entry.level is not Level.ACTION or entry.labelled:
        return [entry]
    parts = split_run_on(entry.title)
    if len(parts) == 1:
        return [entry]
    note = Entry(
        level=None,
        title=entry.title,
        source=entry.source,
        role="finding:run-on-split",
    )
    return [
        note,
        *(
            Entry(level=entry.level, title=part, source=entry.source, from_column=entry.from_column)
            for part in parts
        ),
    ]


def _apply_fields(entries: list[Entry], fields: dict[str, str], source: Source) -> None:
    """Row-wide field values go to the row's actions, else to its deepest item."""
    targets = [e for e in entries if e.level in (Level.ACTION, Level.DETAIL)]
    if not targets:
        items = [e for e in entries if e.level is not None]
        targets = items[-1:]
    if not targets:
        # A row holding only field values (a continuation row): keep it as free text.
        for key, value in fields.items():
            entries.append(Entry(level=None, title=f"{key}: {value}", source=source))
        return
    for target in targets:
        for key, value in fields.items():
            target.fields[key] = value
