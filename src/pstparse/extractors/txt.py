"""Plain-text extractor: encodings, line endings, tab-separated tables, bullets.

Every non-empty line becomes a block. Lines holding tabs are table rows (each non-empty
cell a CELL block); consecutive tab lines form one table until a line without tabs.
"""

from __future__ import annotations

import re

from pstparse.blocks import Block, BlockKind, Extraction, Style, TableRef
from pstparse.errors import InputError
from pstparse.models import Source
from pstparse.normalise.labels import parse_bullet

# Bytes 0x80-0x9F are C1 controls in Latin-1 and never meant as such in a text file;
# Windows-1252 maps most of them to typographic characters (’ “ ” – … €).
_C1 = re.compile(rb"[\x80-\x9f]")
_CP1252_UNDEFINED = frozenset(b"\x81\x8d\x8f\x90\x9d")
_LINE_SPLIT = re.compile(r"\r\n|\r|\n")
_BINARY_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


def decode_text(data: bytes, *, name: str = "<text>") -> tuple[str, str]:
    """Decode text bytes and return ``(text, encoding)``.

    UTF-8 (with or without BOM) and UTF-16 with a BOM are recognised first; otherwise
    Windows-1252 when C1 bytes are present, else Latin-1. Binary content is refused.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        text, enc = _strict(data[3:], "utf-8", name), "utf-8-sig"
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text, enc = _strict(data, "utf-16", name), "utf-16"
    else:
        try:
            text, enc = data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            if _C1.search(data) and not (_CP1252_UNDEFINED & set(data)):
                text, enc = data.decode("cp1252"), "cp1252"
            else:
                text, enc = data.decode("latin-1"), "latin-1"
    sample = text[:65536]
    if "\x00" in sample or len(_BINARY_CONTROL.findall(sample)) > max(8, len(sample) // 100):
        raise InputError("binary content: this does not look like a text file", path=name)
    return text, enc


def _strict(data: bytes, encoding: str, name: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise InputError(f"invalid {encoding} text at byte {exc.start}", path=name) from exc


def _indent(line: str) -> int:
    expanded = line.expandtabs(4)
    return len(expanded) - len(expanded.lstrip(" "))


def _table_lines(text: str) -> set[int]:
    """Line numbers that are table rows.

    A tab after some text separates cells. Lines whose only tabs are leading ones are
    rows too (their first cells are empty) when they sit in a run of tabbed lines that
    has real cell separators; elsewhere leading tabs are indentation.
    """
    rows: set[int] = set()
    run: list[int] = []
    has_cells = False
    for number, raw in enumerate(_LINE_SPLIT.split(text.replace("\f", "\n")), start=1):
        line = raw.rstrip(" \v")
        if not line.strip():
            continue  # blank lines neither make nor break a table
        if "\t" in line:
            run.append(number)
            has_cells = has_cells or "\t" in line.lstrip("\t ")
            continue
        if has_cells:
            rows.update(run)
        run, has_cells = [], False
    if has_cells:
        rows.update(run)
    return rows


def extract_txt(data: bytes, *, name: str = "<text>") -> Extraction:
    """Read a plain-text document into blocks (one per line or table cell)."""
    text, encoding = decode_text(data, name=name)
    blocks: list[Block] = []
    pages = text.split("\f")
    table_lines = _table_lines(text)
    line_no = 0
    table_no = 0
    row_no = 0
    in_table = False
    blank_run = 0
    for page_index, page_text in enumerate(pages, start=1):
        page = page_index if len(pages) > 1 else None
        lines = _LINE_SPLIT.split(page_text)
        for raw in lines:
            line_no += 1
            # Trailing tabs are kept: they are the empty cells of a table row.
            line = raw.replace("\u00a0", " ").rstrip(" \v")
            if not line.strip():
                blank_run += 1
                continue
            space = float(blank_run)
            blank_run = 0
            if line_no in table_lines:
                if not in_table:
                    table_no += 1
                    row_no = 0
                    in_table = True
                row_no += 1
                for col, cell in enumerate(line.split("\t"), start=1):
                    cell_text = cell.strip()
                    if not cell_text:
                        continue
                    blocks.append(
                        Block(
                            text=cell_text,
                            kind=BlockKind.CELL,
                            source=Source(
                                page=page, line=line_no, table=table_no, row=row_no, column=col
                            ),
                            table=TableRef(table=table_no, row=row_no, column=col),
                            style=Style(space_before=space),
                        )
                    )
                continue
            in_table = False
            indent = _indent(line)
            bullet = parse_bullet(line)
            style = Style(indent=float(indent), space_before=space)
            source = Source(page=page, line=line_no)
            if bullet is not None:
                blocks.append(
                    Block(
                        text=bullet[1],
                        kind=BlockKind.LIST_ITEM,
                        source=source,
                        level_hint=indent // 2 if indent else 0,
                        list_marker=bullet[0],
                        style=style,
                    )
                )
            else:
                blocks.append(
                    Block(text=line.strip(), kind=BlockKind.PARAGRAPH, source=source, style=style)
                )
    return Extraction(
        blocks=blocks,
        format="txt",
        encoding=encoding,
        pages=len(pages) if len(pages) > 1 else None,
    )
