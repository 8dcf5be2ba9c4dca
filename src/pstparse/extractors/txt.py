"""Plain-text extractor: encodings, line endings, tab-separated tables, bullets.

Every non-empty line becomes a block. Lines holding tabs are table rows (each non-empty
cell a CELL block); consecutive tab lines form one table until a line without tabs.
Lines whose text lines up in columns separated by wide runs of spaces (``pdftotext
-layout``) are table rows too, one per printed line, flagged ``TableRef.wrapped``.
"""

from __future__ import annotations

import dataclasses
import itertools
import re
from dataclasses import dataclass
from functools import partial

from pstparse.extractors._gutters import blank_parts, narrow_gutters, split_by
from pstparse.extractors._limits import limit_finding
from pstparse.lexicon.marks import parse_bullet
from pstparse.model.errors import InputError
from pstparse.model.ir import Block, BlockKind, Extraction, Style, TableRef
from pstparse.model.plan import Finding, Source
from pstparse.options import ExtractOptions

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

    Refused with :class:`~pstparse.model.errors.InputError`: a BOM-marked file that does not
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


# Markdown syntax is layout the writer typed: "## Titre" is a level-2 heading and
# "**Titre**" on a line of its own is bold. What the heading *is* stays the
# normaliser's decision.
_MD_HEADING = re.compile(r"^\s{0,3}(?P<hashes>#{1,6})\s+(?P<text>\S.*?)(?:\s+#+)?\s*$")
_MD_BOLD_LINE = re.compile(r"^\s*(?:\*\*|__)(?P<text>[^*_].*?)(?:\*\*|__)\s*$")
# A leading number or letter of a hand-made list ("1.", "1.1.2", "a)", "IV.").
_LEADING_NUMBER = re.compile(
    r"^(?:\d{1,2}(?:\.\d{1,2}){0,3}\.?|[a-zA-Z]\)|[IVX]{1,4}\.)(?P<gap>\s+)\S"
)


# A Markdown pipe table: "| OS | OO | Action |", its rule "|---|:---:|" under the header.
_MD_TABLE_ROW = re.compile(r"^\s*\|(?P<inner>.*)\|\s*$")
_MD_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")
_PIPE = re.compile(r"(?<!\\)\|")


def _pipe_cells(line: str) -> list[str] | None:
    """The cells of a Markdown table row, or None for any other line."""
    m = _MD_TABLE_ROW.match(line)
    if m is None:
        return None
    cells = [c.replace("\\|", "|") for c in _PIPE.split(m.group("inner"))]
    return cells if len(cells) >= 2 else None


def _mark_header(blocks: list[Block], table: int, row: int) -> None:
    """Flag the cells of one row as a header row (the writer marked it so)."""
    for i in range(len(blocks) - 1, -1, -1):
        ref = blocks[i].table
        if ref is None or ref.table != table or ref.row != row:
            break
        blocks[i] = dataclasses.replace(blocks[i], table=dataclasses.replace(ref, is_header=True))


def _hanging(line: str, marker_end: int | None) -> float | None:
    """The column where the text of an item starts after its bullet or number."""
    expanded = line.expandtabs(4)
    body = expanded.lstrip(" ")
    indent = len(expanded) - len(body)
    if marker_end is not None:
        gap = len(body[marker_end:]) - len(body[marker_end:].lstrip())
        return float(indent + marker_end + gap)
    m = _LEADING_NUMBER.match(body)
    return float(indent + m.start("gap") + len(m.group("gap"))) if m else None


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


_COLUMN_GAP = 2
"""Spaces that may separate two columns of text laid out with spaces (``pdftotext
-layout`` leaves at least two); one space separates words."""
_ALIGNED_MIN_LINES = 3
"""Lines a space-aligned table needs (a header and two lines, or wrapped cells): two
lines that happen to share a double space are not a table."""
_ALIGNED_MIN_SUPPORT = 2
"""Lines that must show text on both sides of a column gap for the gap to be a column."""
_SEGMENT = re.compile(r"\S+(?: \S+)*")


@dataclass(slots=True)
class _Gap:
    """Character columns blank in every line of a space-aligned table so far."""

    start: int
    end: int
    support: int = 0


def _occupied(line: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _SEGMENT.finditer(line)]


def _narrow(gap: _Gap, spans: list[tuple[int, int]]) -> list[_Gap]:
    """What is left of a gap once a line's text is taken out (pieces of two columns or more)."""
    return [_Gap(x, y, gap.support) for x, y in blank_parts(gap.start, gap.end, spans, _COLUMN_GAP)]


def _splits(gap: _Gap, spans: list[tuple[int, int]]) -> bool:
    return split_by(gap.start, gap.end, spans)


def _aligned_tables(lines: list[str], skip: set[int]) -> dict[int, tuple[int, list[str]]]:
    """Tables laid out with spaces: line number (1-based) → (table key, cell texts).

    A line whose text falls into runs separated by wide gaps starts a candidate; the
    lines below keep it going while they leave the established gaps blank. Lines after
    the last one with text on both sides of a gap stay in the table only when they start
    right of the first column (a wrapped cell of the last columns). The normaliser
    decides which lines belong to one cell (``TableRef.wrapped``).
    """
    out: dict[int, tuple[int, list[str]]] = {}
    i = 0
    while i < len(lines):
        spans = _occupied(lines[i])
        if i + 1 in skip or len(spans) < 2 or "\t" in lines[i]:
            i += 1
            continue
        gaps = [_Gap(a[1], b[0]) for a, b in itertools.pairwise(spans)]
        gaps = [g for g in gaps if g.end - g.start >= _COLUMN_GAP]
        if not gaps:
            i += 1
            continue
        end, last = i, -1
        blanks = 0
        while end < len(lines) and end + 1 not in skip and "\t" not in lines[end]:
            line_spans = _occupied(lines[end])
            if not line_spans:
                blanks += 1
                if blanks > 1:
                    break
                end += 1
                continue
            after_blank, blanks = blanks > 0, 0
            nxt = narrow_gutters(
                gaps,
                partial(_narrow, spans=line_spans),
                partial(_splits, spans=line_spans),
                established=_ALIGNED_MIN_SUPPORT,
                widest=lambda piece: piece.end - piece.start,
            )
            if not nxt:
                break
            if any(_splits(g, line_spans) for g in nxt):
                last = end
            elif after_blank and line_spans[0][0] < min(g.end for g in nxt):
                break  # text back at the left margin after a blank line: a paragraph
            gaps = nxt
            end += 1
        columns = sorted((g.start, g.end) for g in gaps if g.support >= _ALIGNED_MIN_SUPPORT)
        rows = [k for k in range(i, last + 1) if lines[k].strip()]
        tail = end
        rows += [k for k in range(last + 1, tail) if lines[k].strip()]
        supported = sum(
            1 for k in rows if any(_splits(_Gap(a, b), _occupied(lines[k])) for a, b in columns)
        )
        if not columns or len(rows) < _ALIGNED_MIN_LINES or supported < _ALIGNED_MIN_SUPPORT:
            i += 1
            continue
        cuts = [0, *((a + b) // 2 for a, b in columns)]
        table: dict[int, list[str]] = {}
        for k in rows:
            line = lines[k]
            bounds = [*cuts, len(line)]
            table[k + 1] = [line[bounds[n] : bounds[n + 1]].strip() for n in range(len(cuts))]
        if len(cuts) == 2 and any(
            not any(_WORDY.search(cells[n]) for cells in table.values()) for n in range(2)
        ):
            # Two columns, one of them without words: titles and their page numbers (a
            # table of contents laid out with spaces), not a table.
            i += 1
            continue
        for k, cells in table.items():
            out[k] = (i, cells)
        i = max(rows) + 1
    return out


_WORDY = re.compile(r"[^\W\d_]{2}")
"""Two letters in a row: a cell holding words, not only a number or a page reference."""


def extract_txt(data: bytes, *, name: str = "<text>") -> Extraction:
    """Read a plain-text document into blocks (one per line or table cell)."""
    text, encoding = decode_text(data, name=name)
    if not _VISIBLE.search(text):
        raise InputError("empty file (nothing but white space or control characters)", path=name)
    text, findings = _cap(text)
    blocks: list[Block] = []
    pages = text.split("\f")
    table_lines = _table_lines(text)
    all_lines = [
        raw.replace("\u00a0", " ").rstrip(" \v")
        for raw in _LINE_SPLIT.split(text.replace("\f", "\n"))
    ]
    aligned = _aligned_tables(all_lines, table_lines)
    aligned_key: int | None = None
    line_no = 0
    table_no = 0
    row_no = 0
    in_table = False
    pipes = False  # the current table is a Markdown pipe table
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
            if line_no in aligned:
                key, aligned_cells = aligned[line_no]
                if key != aligned_key:
                    table_no += 1
                    row_no = 0
                    aligned_key = key
                row_no += 1
                in_table = False
                blocks.extend(
                    _row_blocks(aligned_cells, page, line_no, table_no, row_no, space, wrapped=True)
                )
                continue
            aligned_key = None
            if in_table and pipes and _MD_TABLE_RULE.match(line):
                # "|---|:---:|" under a Markdown table's first row makes it the header.
                _mark_header(blocks, table_no, row_no)
                continue
            cells = _pipe_cells(line)
            pipes = cells is not None and (pipes or not in_table)
            if cells is None and line_no in table_lines:
                cells = line.split("\t")
            if cells is not None:
                if not in_table:
                    table_no += 1
                    row_no = 0
                    in_table = True
                row_no += 1
                blocks.extend(_row_blocks(cells, page, line_no, table_no, row_no, space))
                continue
            pipes = False
            in_table = False
            indent = _indent(line)
            bullet = parse_bullet(line)
            style = Style(indent=float(indent), space_before=space)
            source = Source(page=page, line=line_no)
            heading = _MD_HEADING.match(line)
            bold = _MD_BOLD_LINE.match(line)
            if heading is not None:
                blocks.append(
                    Block(
                        text=heading.group("text"),
                        kind=BlockKind.HEADING,
                        source=source,
                        level_hint=len(heading.group("hashes")),
                        style=style,
                    )
                )
            elif bullet is not None:
                marker_end = line.lstrip().find(bullet[0]) + len(bullet[0])
                blocks.append(
                    Block(
                        text=bullet[1],
                        kind=BlockKind.LIST_ITEM,
                        source=source,
                        level_hint=indent // 2 if indent else 0,
                        list_marker=bullet[0],
                        style=Style(
                            indent=float(indent),
                            space_before=space,
                            hanging=_hanging(line, marker_end),
                        ),
                    )
                )
            elif bold is not None:
                blocks.append(
                    Block(
                        text=bold.group("text").strip(),
                        kind=BlockKind.PARAGRAPH,
                        source=source,
                        style=Style(indent=float(indent), space_before=space, bold=True),
                    )
                )
            elif (hanging := _hanging(line, None)) is not None:
                blocks.append(
                    Block(
                        text=line.strip(),
                        kind=BlockKind.PARAGRAPH,
                        source=source,
                        style=Style(indent=float(indent), space_before=space, hanging=hanging),
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


def _row_blocks(
    cells: list[str],
    page: int | None,
    line_no: int,
    table_no: int,
    row_no: int,
    space: float,
    *,
    wrapped: bool = False,
) -> list[Block]:
    """The cell blocks of one table row printed on one line (empty cells left out)."""
    return [
        Block(
            text=cell.strip(),
            kind=BlockKind.CELL,
            source=Source(page=page, line=line_no, table=table_no, row=row_no, column=col),
            table=TableRef(table=table_no, row=row_no, column=col, wrapped=wrapped),
            style=Style(space_before=space),
        )
        for col, cell in enumerate(cells, start=1)
        if cell.strip()
    ]


def read_txt(data: bytes, name: str, options: ExtractOptions) -> Extraction:
    """The registry's reader (:data:`pstparse.extractors.registry.Reader`): no reading
    option applies to plain text."""
    return extract_txt(data, name=name)
