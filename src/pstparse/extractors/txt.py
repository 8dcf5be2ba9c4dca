"""Plain-text extractor: encodings, line endings, tab-separated tables, bullets.

Every non-empty line becomes a block. Lines holding tabs are table rows (each non-empty
cell a CELL block); consecutive tab lines form one table until a line without tabs.
"""

from __future__ import annotations

import re

from pstparse.blocks import Block, BlockKind, Extraction, Style, TableRef
from pstparse.errors import InputError
from pstparse.extractors._limits import limit_finding
from pstparse.models import Finding, Source
from pstparse.normalise.labels import parse_bullet

_LINE_SPLIT = re.compile(r"\r\n|\r|\n")
_LINE_BREAK = re.compile(r"\r\n|\r|\n|\f")

MAX_TEXT_LINES = 5_000
"""Lines read from a text document; the rest is left out (warning finding).

The longest text sample has 158 lines and a whole PST rarely needs 1,000; a labelled
line costs about 1 ms (3 ms on a loaded 2-core machine) and 5 KB through the normaliser,
validation and the YAML writer, so 5,000 lines stay under 30 s and 150 MB, where 10
million short lines took 5 GB and 20 MB of labelled lines over a minute.
"""

MAX_TEXT_CHARS = 1_000_000
"""Characters read from a text document (about 1 MB); the rest is left out (warning)."""

MAX_LINE_CHARS = 10_000
"""Characters kept of one line (a long paragraph is 2,000); the rest of the line is cut
(warning finding naming the line): label and clean-up rules look at whole lines."""

# Control characters that never occur in a text file (tab, line feed, vertical tab,
# form feed and carriage return do); C1 controls come from bytes a text encoding leaves
# undefined.
_BINARY_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f\x80-\x9f]")
_BINARY_CHUNK = 65536
"""The binary check looks at every chunk of this many characters separately."""

_BOMS: tuple[tuple[bytes, str, str], ...] = (
    # UTF-32 first: its little-endian BOM starts with the UTF-16 one.
    (b"\xff\xfe\x00\x00", "utf-32", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32", "utf-32"),
    (b"\xef\xbb\xbf", "utf-8-sig", "utf-8-sig"),
    (b"\xff\xfe", "utf-16", "utf-16"),
    (b"\xfe\xff", "utf-16", "utf-16"),
)

# Bytes 0x80-0x9F are C1 controls in Latin-1 and never meant as such in a text file;
# Windows-1252 maps all but five of them to typographic characters (’ “ ” – … €).
_C1 = re.compile(rb"[\x80-\x9f]")

_WIDE_SNIFF = 4096
"""How many leading bytes are used to recognise UTF-16/UTF-32 without a BOM."""

_FOREIGN_RUN = re.compile(r"[^\x00-\x7f\s\u00a0]{3,}")
"""Three or more non-ASCII characters in a row, a rarity in Western European text."""

UNKNOWN_ENCODING = (
    "unknown text encoding: the file is not UTF-8 and does not read as Western "
    "European text (Windows-1252/Latin-1); save it as UTF-8 and try again"
)


def decode_text(data: bytes, *, name: str = "<text>") -> tuple[str, str]:
    """Decode text bytes and return ``(text, encoding)``.

    Recognised, in this order: a BOM (UTF-8, UTF-16, UTF-32; either byte order; after a
    UTF-8 BOM, invalid bytes are read as Windows-1252, ``utf-8-sig+cp1252``); UTF-16
    or UTF-32 without BOM, told by the pattern of zero bytes that Latin-script text
    leaves in them; UTF-8; UTF-8 with a few stray Windows-1252 bytes (``utf-8+cp1252``:
    a paste from another file, a character cut at the end); with bytes 0x80-0x9F, the
    DOS code page 850 when they sit inside words as its accented letters do, else
    Windows-1252; otherwise Latin-1.

    Refused with :class:`~pstparse.errors.InputError`: a BOM-marked file that does not
    decode; binary content (zero bytes or control characters in any 64 Ki-character
    stretch); 8-bit text that is not Western European, i.e. whose non-ASCII characters
    mostly come in runs of three or more, as Cyrillic, Greek, Shift-JIS, GB2312 or
    random bytes do when read as Windows-1252 (:data:`UNKNOWN_ENCODING`).
    """
    text, enc = _decode(data, name)
    # Zero bytes padding the end of a file (left by a crash or a preallocating tool)
    # are not content.
    text = text.rstrip("\x00")
    _refuse_binary(text, name)
    if enc in ("cp1252", "latin-1") and _looks_foreign(text):
        raise InputError(UNKNOWN_ENCODING, path=name)
    return text, enc


def _decode(data: bytes, name: str) -> tuple[str, str]:
    for bom, codec, label in _BOMS:
        if data.startswith(bom):
            if codec == "utf-8-sig":
                try:
                    return data[len(bom) :].decode("utf-8"), label
                except UnicodeDecodeError:
                    # The BOM says UTF-8: stray bytes are a paste from an 8-bit file.
                    mixed = data[len(bom) :].decode("utf-8", "surrogateescape")
                    return _ESCAPED.sub(_from_cp1252, mixed), "utf-8-sig+cp1252"
            return _strict(data, codec, name), label
    wide = _wide_codec(data[:_WIDE_SNIFF])
    if wide is not None:
        try:
            return data.decode(wide), wide
        except UnicodeDecodeError:
            pass  # not that after all: the checks below decide
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    mixed = data.decode("utf-8", "surrogateescape")
    stray = _count(_ESCAPED, mixed)
    multibyte = _count(_MULTIBYTE, mixed)
    # Real UTF-8 multi-byte sequences almost never arise by chance in 8-bit text, so
    # a file with several of them is UTF-8 with a few foreign bytes, not the reverse.
    if multibyte > stray:
        return _ESCAPED.sub(_from_cp1252, mixed), "utf-8+cp1252"
    if _C1.search(data):
        if _looks_dos(data):
            return data.decode("cp850"), "cp850"
        return _ESCAPED.sub(_from_cp1252, data.decode("cp1252", "surrogateescape")), "cp1252"
    return data.decode("latin-1"), "latin-1"


# The DOS code page (850/437) puts the French accented letters at 0x80-0x9F (é 0x82,
# è 0x8A, à 0x85, ç 0x87, ê 0x88…), inside words; Windows-1252 puts them at 0xC0-0xFF
# and has only ’ and œ among 0x80-0x9F that sit between two letters.
_DOS_LETTER = re.compile(rb"[A-Za-z][\x81-\x91\x93-\x9b\x9d-\x9f][A-Za-z]")
_HIGH_LETTER = re.compile(rb"[A-Za-z][\xc0-\xff]|[\xc0-\xff][A-Za-z]")


def _looks_dos(data: bytes) -> bool:
    """True for French text in the DOS code page 850 (see :func:`decode_text`)."""
    dos = sum(1 for _ in _DOS_LETTER.finditer(data))
    return dos >= 3 and dos > 2 * sum(1 for _ in _HIGH_LETTER.finditer(data))


_ESCAPED = re.compile("[\udc80-\udcff]")
"""Bytes that ``surrogateescape`` could not decode."""
_MULTIBYTE = re.compile("[\x80-\udc7f\udd00-\U0010ffff]")
_NON_ASCII = re.compile(r"[^\x00-\x7f\s]")
_FOREIGN_SAMPLE = 1 << 20
_VISIBLE = re.compile(r"[^\s\x00-\x1f\x7f-\x9f]")


def _count(pattern: re.Pattern[str], text: str) -> int:
    return sum(1 for _ in pattern.finditer(text))


def _from_cp1252(match: re.Match[str]) -> str:
    """Undo ``surrogateescape``: the escaped byte read as Windows-1252 (Latin-1 for the
    five bytes Windows-1252 leaves undefined)."""
    byte = bytes([ord(match[0]) - 0xDC00])
    try:
        return byte.decode("cp1252")
    except UnicodeDecodeError:
        return byte.decode("latin-1")


def _wide_codec(head: bytes) -> str | None:
    """'utf-16-le' & co. when zero bytes sit where Latin-script UTF-16/32 puts them."""
    usable = len(head) // 4 * 4
    if usable < 8 or b"\x00" not in head:
        return None
    head = head[:usable]

    def zero_share(offset: int, step: int) -> float:
        column = head[offset::step]
        return column.count(0) / len(column)

    if all(zero_share(i, 4) > 0.9 for i in (2, 3)) and zero_share(0, 4) < 0.1:
        return "utf-32-le"
    if all(zero_share(i, 4) > 0.9 for i in (0, 1)) and zero_share(3, 4) < 0.1:
        return "utf-32-be"
    if zero_share(1, 2) > 0.7 and zero_share(0, 2) < 0.1:
        return "utf-16-le"
    if zero_share(0, 2) > 0.7 and zero_share(1, 2) < 0.1:
        return "utf-16-be"
    return None


def _refuse_binary(text: str, name: str) -> None:
    for start in range(0, len(text), _BINARY_CHUNK):
        chunk = text[start : start + _BINARY_CHUNK]
        if "\x00" in chunk or len(_BINARY_CONTROL.findall(chunk)) > max(8, len(chunk) // 100):
            raise InputError("binary content: this does not look like a text file", path=name)


def _looks_foreign(text: str) -> bool:
    """True when most non-ASCII characters come in runs (see :func:`decode_text`)."""
    sample = text[:_FOREIGN_SAMPLE]
    non_ascii = _count(_NON_ASCII, sample)
    if non_ascii < 8:
        return False
    in_runs = sum(len(m[0]) for m in _FOREIGN_RUN.finditer(sample))
    return in_runs >= 8 and 10 * in_runs >= 3 * non_ascii


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
    if not _VISIBLE.search(text):
        raise InputError("empty file (nothing but white space or control characters)", path=name)
    text, findings = _cap(text)
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
            if len(line) > MAX_LINE_CHARS:
                findings.append(
                    limit_finding(
                        f"line {line_no} has {len(line):,} characters: only the first"
                        f" {MAX_LINE_CHARS:,} were read",
                        Source(page=page, line=line_no),
                    )
                )
                line = line[:MAX_LINE_CHARS]
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
        findings=findings,
    )


def _cap(text: str) -> tuple[str, list[Finding]]:
    """``text`` cut after :data:`MAX_TEXT_LINES` lines and :data:`MAX_TEXT_CHARS`
    characters (at a line end when there is one), with a finding for each cut.

    Only the line breaks up to the limit are looked at, so a file of ten million lines
    costs no more than one of ten thousand.
    """
    findings: list[Finding] = []
    if len(text) > MAX_TEXT_CHARS:
        end = max(text.rfind("\n", 0, MAX_TEXT_CHARS) + 1, 0) or MAX_TEXT_CHARS
        findings.append(
            limit_finding(
                f"the text has {len(text):,} characters: only the first {end:,} were read"
                f" (the limit is {MAX_TEXT_CHARS:,})"
            )
        )
        text = text[:end]
    for breaks, match in enumerate(_LINE_BREAK.finditer(text), start=1):
        if breaks == MAX_TEXT_LINES:
            rest = text[match.end() :]
            if rest.strip():
                left_out = len(_LINE_BREAK.findall(rest)) + (not rest.endswith(("\n", "\r")))
                findings.append(
                    limit_finding(
                        f"the text has more than {MAX_TEXT_LINES:,} lines: the last"
                        f" {left_out:,} lines were left out",
                        Source(line=MAX_TEXT_LINES + 1),
                    )
                )
                text = text[: match.end()]
            break
    return text, findings
