"""Table cells → entries, in the order of evidence of :mod:`pstparse.normalise.evidence`.

1. **Structure.** Each cell paragraph (or manually broken line) is one item; a row the
   file flags as a header is the header; a merged cell is one item. Text laid out in
   printed lines (``TableRef.wrapped``) is first put back into cells: a line that reads
   on from the one above in the same column continues its text.
2. **Labels.** A cell's level comes from its label when it has one; bullets and unknown
   item codes ("• SA.2 -") are markers, not text. A bare number whose depth fits the
   column ("1.", "1.1") is the item's code.
3. **Columns.** Otherwise a cell to the right of an item in the same row is one level
   deeper, and a cell alone in its row takes the level of its column (the builder
   corrects that when the document labels that level).
4. **Text heuristics.** Keyword header rows only where the file flags none and only with
   several cells; run-on splitting only in a table section whose action cells hold
   neither several paragraphs nor a row per action.

Two-column key/value tables ("fiches-actions": "Objectif stratégique | …", "Action |
…", "Pilote | …") are read as one action per fiche, the other keys being its fields.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import replace

from pstparse.lexicon.labels import Label, Level, parse_enumerator, parse_label
from pstparse.lexicon.marks import ends_clause
from pstparse.model.ir import Block, BlockKind
from pstparse.model.plan import Source
from pstparse.normalise.entries import Entry, PendingFinding
from pstparse.normalise.evidence import (
    CELL_CUT_OFF_WORDS,
    FICHE_TITLE_KEYS,
    HEADER_KNOWN_SHARE,
    HEADER_MIN_CELLS,
    KEY_MAX_WORDS,
    KEY_VALUE_KEY_SHARE,
    KEY_VALUE_MIN_ROWS,
    KEY_VALUE_ROW_CELLS,
    KIND_MIN_OBJECTIVE_LABELS,
)
from pstparse.normalise.fields import (
    column_field_name,
    inline_field,
    is_header_text,
    structural_level,
)
from pstparse.normalise.outline import block_label
from pstparse.normalise.segment import (
    continues,
    dehyphenate,
    item_marker,
    split_run_on,
    vocabulary,
)
from pstparse.normalise.text import clean_text, fold, one_line

Role = Level | str
"""A column's role: a structural level, or the key of a field."""

Rows = dict[int, dict[int, list[Block]]]
"""Cell blocks by row, then by column (both 1-based)."""


def _rows(blocks: Sequence[Block]) -> Rows:
    rows: Rows = defaultdict(lambda: defaultdict(list))
    for block in blocks:
        assert block.table is not None
        rows[block.table.row][block.table.column].append(block)
    return rows


def _cell_text(blocks: Sequence[Block]) -> str:
    return " ".join(t for t in (one_line(b.text) for b in blocks) if t)


class TableReader:
    """Reads the tables of one document; column roles carry over to header-less tables."""

    def __init__(
        self,
        label_of: Callable[[str], Label | None] = parse_label,
        outline_of: Callable[[str], Label | None] | None = None,
    ) -> None:
        # The document's label grammar (bare "1.1" numbers when it numbers that way).
        self._label = label_of
        # Its roman or letter outline codes, which outrank the shared grammar: in a
        # document numbered "A.", "A.1", "A.1.1", "A.1" is an OO, not iA.PST's action 1.
        self._outline = outline_of
        self._roles: dict[int, Role] = {}
        self._ncols = 0
        self._pending: dict[int, Entry] = {}
        """Label-only cells ("Objectif stratégique 1 :") by column: the next text of that
        column, in the same cell or the row below, is their title."""

    def entries(self, blocks: Sequence[Block]) -> list[Entry]:
        """Entries for the cell blocks of one table, in row order."""
        out: list[Entry] = []
        self._pending = {}
        rows = _rows(blocks)
        if any(b.table is not None and b.table.wrapped for b in blocks):
            rows = _join_printed_lines(rows)
            out.append(_finding("wrapped-cells", blocks[0].source))
        if _is_key_value(rows):
            out.append(_finding("key-value-table", blocks[0].source))
            out.extend(_fiche_entries(rows, self._outline))
            return out
        flagged = any(b.table is not None and b.table.is_header for b in blocks)
        ncols = max((b.table.column + b.table.col_span - 1 for b in blocks if b.table), default=0)
        header_seen = False
        worded = False
        section: list[dict[int, list[Block]]] = []
        for row_no in sorted(rows):
            cells = rows[row_no]
            if self._is_header_row(cells, flagged=flagged, first=row_no == min(rows), ncols=ncols):
                out.extend(self._section_entries(section))
                section = []
                self._set_roles(cells)
                header_seen = True
                if not flagged and not worded:
                    worded = True
                    out.append(
                        _finding(
                            "header-by-words",
                            next(b.source for bs in cells.values() for b in bs),
                            row=row_no,
                        )
                    )
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
            section.append(cells)
        out.extend(self._section_entries(section))
        return out

    # ------------------------------------------------------------------ roles
    @staticmethod
    def _is_header_row(
        cells: dict[int, list[Block]], *, flagged: bool, first: bool = False, ncols: int = 0
    ) -> bool:
        all_blocks = [b for blocks in cells.values() for b in blocks]
        if all_blocks and all(b.table is not None and b.table.is_header for b in all_blocks):
            return True
        if flagged:
            # The file flags its header rows: no other row is one, whatever its words.
            return False
        texts = [t for t in (_cell_text(blocks) for blocks in cells.values()) if t]
        if ncols == 1 and first and len(texts) == 1:
            # A one-column table: its first row may name the column ("Actions").
            return structural_level(texts[0]) is not None and _is_key(texts[0])
        if len(texts) < HEADER_MIN_CELLS:
            return False
        if any(parse_label(one_line(b.text)) is not None for b in all_blocks):
            return False
        known = sum(is_header_text(t) for t in texts)
        structural = any(structural_level(t) is not None for t in texts)
        return (
            structural
            and known >= HEADER_KNOWN_SHARE * len(texts)
            and known >= min(HEADER_MIN_CELLS, len(texts))
        )

    def _set_roles(self, cells: dict[int, list[Block]]) -> None:
        roles: dict[int, Role] = {}
        for col, blocks in cells.items():
            text = _cell_text(blocks)
            level = structural_level(text)
            roles[col] = level if level is not None else column_field_name(text)
            span = blocks[0].table.col_span if blocks and blocks[0].table else 1
            for extra in range(1, span):
                roles.setdefault(col + extra, roles[col])
        self._roles = roles
        self._ncols = max(roles, default=0)

    def _infer_roles(self, rows: Rows, ncols: int) -> None:
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

    # ------------------------------------------------------------------ sections
    def _section_entries(self, section: list[dict[int, list[Block]]]) -> list[Entry]:
        split = self._runs_on(section)
        out: list[Entry] = []
        for cells in section:
            out.extend(self._row_entries(cells, split=split))
        return out

    def _runs_on(self, section: list[dict[int, list[Block]]]) -> bool:
        """True when this stretch of rows may hold several actions per cell.

        Not when an action cell already holds several paragraphs (the structure separates
        the actions), nor when a row holds an action and no objective (the table has a row
        per action): there, capitalised infinitives inside a cell are one action's words.
        """
        for index, cells in enumerate(section):
            action_cells = [
                blocks
                for col, blocks in cells.items()
                if self._roles.get(col) is Level.ACTION and not _labelled(blocks)
            ]
            if any(sum(1 for b in blocks if one_line(b.text)) > 1 for blocks in action_cells):
                return False
            objectives = any(
                (self._roles.get(col) in (Level.OS, Level.OO) or _labelled(blocks))
                and any(one_line(b.text) for b in blocks)
                for col, blocks in cells.items()
                if self._roles.get(col) is not Level.ACTION or _labelled(blocks)
            )
            if index > 0 and action_cells and not objectives:
                return False
        return True

    # ------------------------------------------------------------------ rows
    def _row_entries(self, cells: dict[int, list[Block]], *, split: bool) -> list[Entry]:
        out: list[Entry] = []
        fields: dict[str, str] = {}
        row_source = next(b.source for bs in cells.values() for b in bs)
        prev_level: Level | None = None
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
                pending = self._pending.pop(col, None)
                if pending is not None and parse_label(text) is None:
                    pending.title = text
                    if pending is first_in_cell or first_in_cell is None:
                        first_in_cell = pending
                    continue
                # The document's own grammar (bare "1.1" numbers where it numbers that way)
                # when the cell's structure and the shared grammar say nothing.
                label = (self._outline(text) if self._outline is not None else None) or (
                    _cell_label(block) or self._label(text)
                )
                marker = item_marker(text) if label is None else None
                if marker is not None:
                    # A bullet typed before a label ("• Action 2 - …"): the label decides.
                    label = parse_label(marker[1])
                if label is not None:
                    entry = Entry.from_label(label, block.source)
                    if marker is not None:
                        entry.text = text
                    if not label.rest:
                        self._pending[col] = entry
                elif first_in_cell is not None and first_in_cell.level in (Level.OS, Level.OO):
                    # Further paragraphs of an objective's cell describe it.
                    first_in_cell.description.append(text)
                    continue
                elif first_in_cell is not None and (field := inline_field(text)) is not None:
                    # "Pilote : Service travaux" under an action in its cell: a field of
                    # the item above, not another action.
                    out.append(
                        _finding(
                            "caption-field", block.source, "in-cell", caption=text, key=field[0]
                        )
                    )
                    out.append(
                        Entry(
                            level=None,
                            title=field[1],
                            source=block.source,
                            role=f"field:{field[0]}",
                        )
                    )
                    continue
                else:
                    # Deeper than what precedes it in the row, and at least as deep as its
                    # column (an empty OO cell between an OS and an action adds no level).
                    level = (
                        min(Level(max(prev_level + 1, role)), Level.ACTION)
                        if prev_level is not None
                        else role
                    )
                    entry = _unlabelled(text, level, block.source)
                    entry.from_column = prev_level is None
                if first_in_cell is None:
                    first_in_cell = entry
                prev_level = entry.level
                out.extend(_split(entry) if split else [entry])
        if fields:
            _apply_fields(out, fields, row_source)
        return out


def _finding(rule: str, source: Source, variant: str = "", **fields: object) -> Entry:
    """An entry that the builder turns into an ``info`` finding naming its evidence
    (worded from the message catalogue, in the plan's language)."""
    pending = PendingFinding(rule, fields=fields, variant=variant)
    return Entry(level=None, title="", source=source, finding=pending)


_CODE_DEPTH = {Level.OS: 1, Level.OO: 2, Level.ACTION: 3}
"""How many parts a bare number has at each level: "1." OS, "1.1" OO, "1.1.1" action."""


def _unlabelled(text: str, level: Level, source: Source) -> Entry:
    """An item without a label: bullets and item codes are cut off its title (kept in
    ``text``), and a bare number whose depth fits the level becomes its code."""
    marker = item_marker(text)
    if marker is not None:
        return Entry(level=level, title=marker[1], source=source, text=text)
    enum = parse_enumerator(text)
    if (
        enum is not None
        and enum.kind == "num"
        and len(enum.code.split(".")) == _CODE_DEPTH.get(level)
        and enum.rest
    ):
        # The number's depth agrees with the column: it labels the item as much as a
        # written "OS 1 -" would, so the builder must not demote it.
        return Entry(
            level=level, title=enum.rest, source=source, code=enum.code, text=text, labelled=True
        )
    return Entry(level=level, title=text, source=source)


_LIST_NUMBER = re.compile(r"\(?[0-9a-zA-Z]{1,3}[.)]?")


def _cell_label(block: Block) -> Label | None:
    """The label of a cell paragraph. A plain list number Word generated ("1.", "a)")
    numbers the items of the cell; it is list structure, not a level label."""
    if block.list_marker and _LIST_NUMBER.fullmatch(block.list_marker):
        return parse_label(one_line(block.text))
    return block_label(block)


def _labelled(blocks: Sequence[Block]) -> bool:
    return any(_cell_label(b) is not None for b in blocks[:1])


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
        title="",
        source=entry.source,
        finding=PendingFinding(rule="run-on-split", fields={"text": entry.title}),
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


# --------------------------------------------------------------------------- printed lines


def _join_printed_lines(rows: Rows) -> Rows:
    """Put text laid out in printed lines back into cells.

    In each column, a line that reads on from the line above it (that line does not end
    a sentence, this one starts in lower case) is the rest of that cell; any other line
    starts a new cell on its own row.
    """
    out: Rows = defaultdict(lambda: defaultdict(list))
    open_cells: dict[int, tuple[int, int]] = {}
    vocab = vocabulary(b for cols in rows.values() for cell in cols.values() for b in cell)
    for row_no in sorted(rows):
        for col in sorted(rows[row_no]):
            for block in rows[row_no][col]:
                text = block.text.strip()
                where = open_cells.get(col)
                if where is not None:
                    prev_row, index = where
                    prev = out[prev_row][col][index]
                    joined = dehyphenate(prev.text, text, vocab)
                    if joined is not None or _reads_on(prev.text, text):
                        end = block.source.line_end or block.source.line
                        out[prev_row][col][index] = replace(
                            prev,
                            text=joined if joined is not None else f"{prev.text} {text}",
                            source=prev.source.model_copy(update={"line_end": end}),
                        )
                        continue
                out[row_no][col].append(block)
                open_cells[col] = (row_no, len(out[row_no][col]) - 1)
    return out


def _reads_on(previous: str, line: str) -> bool:
    """True when a printed line goes on with the cell text above it: that text is a bare
    label ("Objectif stratégique 1 :") or the start of one cut by the wrap, or it ends
    with a word no phrase ends with ("Être un" / "CPAS accessible"), or it does not end a
    sentence and the line starts in lower case or with a number that is not a label
    ("30 devant chaque école")."""
    label = parse_label(previous)
    if label is not None and not label.rest:
        return parse_label(line) is None
    if label is None and parse_label(line) is None and parse_label(f"{previous} {line}"):
        return True  # a label cut by the wrap: "Objectif opérationnel" / "1.2 : Titre"
    if continues(previous, line):
        return True
    last = re.split(r"[\s'’]+", previous.rstrip())[-1].lower()
    if last in CELL_CUT_OFF_WORDS and parse_label(line) is None:
        return True
    return (
        line[:1].isdigit()
        and not ends_clause(previous)
        and parse_label(line) is None
        and parse_enumerator(line) is None
    )


# --------------------------------------------------------------------------- fiches-actions

_KEY_PUNCT = re.compile(r"[\s:.\-–—]+$")
# A first cell opening with a capitalised infinitive ("Mettre en place des actions") is an
# objective or an action, not a fiche key, however short it is.
_VERB_START = re.compile(r"^[A-ZÉÈÊÀÂÎÔÛÇ][a-zéèêëàâîïôûùüç]{3,}(?:er|ir|re)\b")


def _key_name(text: str) -> str:
    return _KEY_PUNCT.sub("", text.strip())


def _key_level(text: str) -> Level | None:
    """The level a fiche key names ("Objectif stratégique" → OS, "Intitulé" → action)."""
    key = _key_name(text)
    if not key or len(key.split()) > KEY_MAX_WORDS or _VERB_START.match(key):
        return None
    folded = fold(key)
    if any(folded.startswith(k) for k in FICHE_TITLE_KEYS):
        return Level.ACTION
    return structural_level(key)


def _is_key(text: str) -> bool:
    """True when a first cell is a known fiche key (a level or a known field)."""
    key = _key_name(text)
    if not key or len(key.split()) > KEY_MAX_WORDS or _VERB_START.match(key):
        return False
    if parse_label(key) is not None:
        return False
    return _key_level(key) is not None or is_header_text(key)


def _pairs(
    cells: dict[int, list[Block]], *, known: bool
) -> list[tuple[list[Block], list[Block]]] | None:
    """The (key, value) cell pairs of a row, or None when the row is not made of pairs.

    ``known``: every key must be a known key (to recognise a fiche); otherwise any short
    first cell is a key (to read one: "Description", "Remarques" are keys too).
    """
    filled = [cells[c] for c in sorted(cells) if _cell_text(cells[c])]
    if not filled or len(filled) % 2:
        return None
    pairs = [(filled[i], filled[i + 1]) for i in range(0, len(filled), 2)]
    for key, _ in pairs:
        text = _key_name(_cell_text(key))
        if known and not _is_key(text):
            return None
        if not text or len(text.split()) > KEY_MAX_WORDS or parse_label(text) is not None:
            return None
    return pairs


def _is_key_value(rows: Rows) -> bool:
    """True for a fiche: its rows pair known keys with values, one of them naming the action."""
    two = [
        cells
        for cells in rows.values()
        if sum(1 for c in cells.values() if _cell_text(c)) >= KEY_VALUE_ROW_CELLS
    ]
    if not two:
        return False
    paired = [p for p in (_pairs(cells, known=True) for cells in two) if p is not None]
    if len(paired) < KEY_VALUE_MIN_ROWS or len(paired) < KEY_VALUE_KEY_SHARE * len(two):
        return False
    levels = {_key_level(_cell_text(key)) for pairs in paired for key, _ in pairs}
    return Level.ACTION in levels


class _Fiche:
    """The fiche being read: its action and the fields waiting for it."""

    def __init__(self, out: list[Entry]) -> None:
        self.out = out
        self.fields: dict[str, str] = {}
        self.action: Entry | None = None
        self.seen: set[Level] = set()
        self.source: Source | None = None

    def add_field(self, name: str, value: str, source: Source) -> None:
        if not value:
            return
        self.fields[name] = f"{self.fields[name]}\n{value}" if name in self.fields else value
        self.source = self.source or source

    def flush(self) -> None:
        target = self.action
        if target is None:
            items = [e for e in self.out if e.level is not None]
            target = items[-1] if items else None
        if target is not None:
            target.fields.update(self.fields)
        else:
            self.out.extend(
                Entry(level=None, title=f"{k}: {v}", source=self.source or Source())
                for k, v in self.fields.items()
            )
        self.fields, self.action, self.source = {}, None, None
        self.seen.clear()


def _fiche_entries(rows: Rows, outline_of: Callable[[str], Label | None] | None) -> list[Entry]:
    """One action per fiche; the OS and OO it names open (or repeat) the objectives above
    it, and every other key is a field of the action. A key of a level already seen in
    the current fiche starts the next fiche (fiches stitched into one table)."""
    out: list[Entry] = []
    fiche = _Fiche(out)
    for row_no in sorted(rows):
        cells = rows[row_no]
        pairs = _pairs(cells, known=False)
        if pairs is None:
            # A row that is not a key/value pair (a fiche title spanning the table): a
            # field of the fiche, under the name "fiche".
            blocks = [b for c in sorted(cells) for b in cells[c]]
            text = "\n".join(t for t in (clean_text(b.text) for b in blocks) if t)
            if blocks:
                fiche.add_field("fiche", text, blocks[0].source)
            continue
        for key_blocks, value_blocks in pairs:
            key = _key_name(_cell_text(key_blocks))
            level = _key_level(key)
            out.extend(
                Entry(level=None, title=one_line(b.text), source=b.source, role="column_header")
                for b in key_blocks
            )
            if level is None:
                value = "\n".join(t for t in (clean_text(b.text) for b in value_blocks) if t)
                fiche.add_field(column_field_name(key), value, value_blocks[0].source)
                continue
            if level in fiche.seen or fiche.action is not None:
                fiche.flush()
            fiche.seen.add(level)
            entry = _fiche_item(value_blocks, level, outline_of)
            # Every fiche repeats its OS and OO: the same objective met again, even after
            # other fiches, is reopened rather than added twice.
            entry.reopen = level in (Level.OS, Level.OO)
            out.append(entry)
            if level is Level.ACTION:
                fiche.action = entry
    fiche.flush()
    return out


def _fiche_item(
    blocks: Sequence[Block], level: Level, outline_of: Callable[[str], Label | None] | None
) -> Entry:
    """The item a fiche value names: its label (or the document's outline code, "A.1")
    gives the code, the key gives the level; further paragraphs of the value describe it."""
    texts = [(one_line(b.text), b) for b in blocks if one_line(b.text)]
    first, block = texts[0]
    label: Label | None = block_label(block) or (outline_of(first) if outline_of else None)
    if label is not None and label.rest:
        entry = Entry(
            level=level,
            title=label.rest,
            source=block.source,
            code=label.code,
            label=label.label,
            from_column=True,
        )
    else:
        entry = _unlabelled(first, level, block.source)
        entry.from_column = True
    # The key cell ("Objectif stratégique", "Action") names the level: structure, which
    # a code in the value or the document's other labels never overrule.
    entry.labelled = True
    entry.description.extend(t for t, _ in texts[1:])
    return entry


def tables_name_levels(blocks: Sequence[Block]) -> bool:
    """True when a table of the document states the hierarchy itself: a header row names
    the OS column and a deeper one, a cell carries an OS label, or a key/value fiche names
    its levels.

    Headings and large or bold lines outside such tables are then titles and captions
    (typography is weaker evidence than the table's structure), not objectives.
    """
    by_table: dict[int, list[Block]] = defaultdict(list)
    for block in blocks:
        if block.table is not None:
            by_table[block.table.table].append(block)
    for table_blocks in by_table.values():
        rows = _rows(table_blocks)
        if _is_key_value(rows):
            return True
        labels = (block_label(b) for b in table_blocks)
        if any(label is not None and label.level is Level.OS for label in labels):
            return True
        flagged = any(b.table is not None and b.table.is_header for b in table_blocks)
        ncols = max((b.table.column for b in table_blocks if b.table), default=0)
        for row_no, cells in rows.items():
            first = row_no == min(rows)
            if not TableReader._is_header_row(cells, flagged=flagged, first=first, ncols=ncols):
                continue
            levels = {structural_level(_cell_text(blocks)) for blocks in cells.values()}
            if Level.OS in levels and len(levels - {None}) >= KIND_MIN_OBJECTIVE_LABELS:
                return True
    return False


def heading_evidence(
    blocks: Sequence[Block], labels: Sequence[Label | None]
) -> tuple[list[Block], Entry | None]:
    """The blocks whose headings may map to plan levels, and the finding to leave.

    When the tables name the levels (:func:`tables_name_levels`), only labelled headings
    may: the others are titles and captions above the tables, and an ``info`` finding
    says so.
    """
    if not tables_name_levels(blocks):
        return list(blocks), None
    kept = [b for b, label in zip(blocks, labels, strict=True) if label is not None]
    dropped = [
        b
        for b, label in zip(blocks, labels, strict=True)
        if label is None and b.kind is BlockKind.HEADING and b.level_hint != 0
    ]
    if not dropped:
        return kept, None
    note = _finding("headings-outside-tables", dropped[0].source, count=len(dropped))
    return kept, note


def is_key_value_table(blocks: Sequence[Block]) -> bool:
    """True when the cell blocks of one table form a key/value fiche."""
    return _is_key_value(_rows(blocks))


def fiche_titles(entries: list[Entry]) -> list[Entry]:
    """Free text just before a fiche ("Fiche-action n° 3") titles that fiche: it is kept
    as a section line, not appended to the description of the previous fiche's action."""
    return [
        replace(e, role="section")
        if e.level is None and e.role is None and e.finding is None
        else e
        for e in entries
    ]
