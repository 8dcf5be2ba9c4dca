"""The layout code of the PDF reader as it was before the borderless speed work of
issue #15 (main at 133f7e0), kept verbatim as the reference the faster code must agree
with (``tests/test_layout_equivalence.py``): grouping words into lines, a line's record,
cutting gutters, list markers, line-end hyphens and the borderless table finder.

Only names were changed (``Line.of`` is :func:`line_of`); every function calls the
reference versions of the others, and the unchanged helpers of the package (the
few private ones it needs are on ``test_public_api.ALLOWED``; small private
constants and helpers of public modules are copied here as they were).

A pinned oracle, not a second implementation to maintain: a change meant to make these
functions give something else retires this file and its tests (the goldens, the matrix
and the repros then carry the behaviour); it is never edited to follow the package.
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import replace
from functools import partial
from typing import TypeVar

from pstparse.extractors._gutters import narrow_gutters, split_by
from pstparse.extractors.pdf import Cell, Line, PageTable, Word, bullet_symbol
from pstparse.extractors.pdf._borderless import Borderless, Gutter
from pstparse.extractors.pdf._text import (
    _DOTTED,
    _ENUMERATOR,
    Marker,
    cut_off,
    fits_after,
    label_like,
    starts_capitalised,
    style_changes,
)
from pstparse.extractors.pdf.thresholds import (
    GUTTER_INTRUSION,
    GUTTER_MIN_SUPPORT,
    LABEL_MAX_WORDS,
    LINE_OVERLAP,
    LINE_STYLE_SHARE,
    MAX_ROW_GAP,
    MIN_GUTTER,
    MIN_TABLE_LINES,
    MIN_UNWRAPPED_PAIRS,
    PARA_GAP,
    ROW_GAP_SLACK,
    SAME_SIZE_DELTA,
    SPLIT_GAP,
    TAB_GAP,
    TRAILING_LINE_GAP,
    WORD_SPACE_GAP,
)
from pstparse.lexicon.hyphens import (
    COMPOUND_PREFIXES,
    HYPHENATED_TAILS,
    SOFT_HYPHEN,
    Vocabulary,
)
from pstparse.lexicon.marks import SYMBOL_BULLETS, ends_clause

BBox = tuple[float, float, float, float]
N = TypeVar("N", int, float)

# ----------------------------------------------------------------------------- geometry


def is_private_use(ch: str) -> bool:
    """True for a private-use character (how symbol-font bullets often come out)."""
    return len(ch) == 1 and 0xE000 <= ord(ch) <= 0xF8FF


def line_of(words: Sequence[Word]) -> Line:
    """A line from words already sorted left to right."""
    # One pass for what min(), max() and the character shares would give (a line is
    # made for every line and every cell part of a page).
    weights: dict[float, int] = {}
    first = words[0]
    x0, top, x1, bottom = first.x0, first.top, first.x1, first.bottom
    chars = bold = italic = 0
    for w in words:
        n = len(w.text)
        key = round(w.size, 1)
        weights[key] = weights.get(key, 0) + n
        chars += n
        if w.bold:
            bold += n
        if w.italic:
            italic += n
        if w.x0 < x0:
            x0 = w.x0
        if w.top < top:
            top = w.top
        if w.x1 > x1:
            x1 = w.x1
        if w.bottom > bottom:
            bottom = w.bottom
    size = max(weights.items(), key=lambda kv: (kv[1], kv[0]))[0]
    chars = chars or 1
    return Line(
        words=tuple(words),
        text=join_words(words),
        x0=x0,
        top=top,
        x1=x1,
        bottom=bottom,
        size=size,
        bold=bold / chars >= LINE_STYLE_SHARE,
        italic=italic / chars >= LINE_STYLE_SHARE,
    )


def space_needed(left: Word, right: Word) -> bool:
    """True when the gap between two words on one line is a real space.

    Words are also split where the font changes ("**OS**1"), with no gap between them.
    """
    return right.x0 - left.x1 > WORD_SPACE_GAP * min(left.size, right.size)


def join_words(words: Sequence[Word]) -> str:
    """Text of words on one line, a space wherever the page shows a gap."""
    parts: list[str] = []
    prev: Word | None = None
    for w in words:
        if prev is not None and space_needed(prev, w):
            parts.append(" ")
        parts.append(w.text)
        prev = w
    return "".join(parts)


def group_lines(words: Iterable[Word]) -> list[Line]:
    """Group words into lines (top to bottom), each sorted left to right.

    A word joins the current line when it overlaps it vertically by at least half of the
    smaller height, so superscripts and mixed sizes stay on their line. Sorting first keeps
    this O(n log n).
    """
    ordered = sorted(words, key=lambda w: (w.cy, w.x0))
    lines: list[Line] = []
    cur: list[Word] = []
    top = bottom = 0.0
    for w in ordered:
        if cur:
            overlap = min(bottom, w.bottom) - max(top, w.top)
            if overlap >= LINE_OVERLAP * min(bottom - top, w.bottom - w.top):
                cur.append(w)
                top, bottom = min(top, w.top), max(bottom, w.bottom)
                continue
            lines.append(line_of(sorted(cur, key=lambda x: x.x0)))
        cur = [w]
        top, bottom = w.top, w.bottom
    if cur:
        lines.append(line_of(sorted(cur, key=lambda x: x.x0)))
    lines.sort(key=lambda ln: (ln.top, ln.x0))
    return lines


def union_bbox(boxes: Iterable[BBox]) -> BBox:
    """The smallest box holding all the boxes."""
    x0s, tops, x1s, bottoms = zip(*boxes, strict=True)
    return (min(x0s), min(tops), max(x1s), max(bottoms))


# ----------------------------------------------------------------------------- gutters


def blank_parts(
    start: N, end: N, occupied: Iterable[tuple[N, N]], min_width: N
) -> list[tuple[N, N]]:
    """The parts of the strip ``[start, end)`` that no occupied span covers, at least
    ``min_width`` wide, left to right."""
    parts = [(start, end)]
    for a, b in occupied:
        nxt: list[tuple[N, N]] = []
        for x, y in parts:
            if b <= x or a >= y:
                nxt.append((x, y))
                continue
            if a > x:
                nxt.append((x, a))
            if b < y:
                nxt.append((b, y))
        parts = nxt
    return [(x, y) for x, y in parts if y - x >= min_width]


# ----------------------------------------------------------------------------- text


def split_marker(words: Sequence[Word]) -> tuple[Marker | None, list[Word]]:
    """The list marker opening a line, and the words of the line without a bullet."""
    if not words:
        return None, []
    first = words[0]
    token = first.text
    if len(words) >= 2:
        symbol = bullet_symbol(token)
        if symbol is not None:
            return Marker(symbol, "bullet", first.x0), list(words[1:])
        if _ENUMERATOR.match(token):
            return Marker(token, "enum", first.x0), list(words)
        if _DOTTED.match(token):
            return Marker(token, "code", first.x0), list(words)
    if len(token) > 1 and (token[0] in SYMBOL_BULLETS or is_private_use(token[0])):
        symbol = bullet_symbol(token[0]) or token[0]
        rest = replace(first, text=token[1:].lstrip())
        return Marker(symbol, "bullet", first.x0), [rest, *words[1:]]
    for k in range(1, min(LABEL_MAX_WORDS, len(words) - 1) + 1):
        if words[k].x0 - words[k - 1].x1 > TAB_GAP * words[k].size:
            if label_like(words[:k]):
                return Marker(join_words(words[:k]), "label", first.x0), list(words)
            break
    return None, list(words)


# ----------------------------------------------------------------------------- hyphens

_TRAILING_HYPHEN = re.compile(r"([^\W\d_]+|\d+)[-\u2010]$", re.UNICODE)
_LEADING_WORD = re.compile(r"[^\W_]+", re.UNICODE)


def _keep_hyphen(left: str, right: str, vocab: Vocabulary | None) -> bool:
    if vocab is not None:
        hyphenated = vocab.count(f"{left}-{right}")
        solid = vocab.count(f"{left}{right}")
        if hyphenated or solid:
            return hyphenated >= solid
    return left.lower() in COMPOUND_PREFIXES or right.lower() in HYPHENATED_TAILS


def join_hyphenated(prev: str, nxt: str, vocab: Vocabulary | None = None) -> str | None:
    """Join a line ending in a hyphen with the next one, or None when ``prev`` does not
    end with a hyphen glued to a word (or a soft hyphen).

    A soft hyphen is always dropped. A hyphen between two lower-case halves is dropped
    ("ré-" + "insertion" → "réinsertion") unless the compound is a real one (see the
    module's rule); digits and capitals keep it ("2019-" + "2024", "Wallonie-" +
    "Bruxelles").
    """
    prev = prev.rstrip()
    nxt = nxt.lstrip()
    if prev.endswith(SOFT_HYPHEN):
        return prev[:-1] + nxt
    m = _TRAILING_HYPHEN.search(prev)
    if m is None or not nxt:
        return None
    left = m.group(1)
    r = _LEADING_WORD.match(nxt)
    if r is None:
        return prev + nxt
    right = r.group()
    if left[-1].isdigit() or right[0].isdigit() or right[0].isupper() or left.isupper():
        return prev + nxt
    if _keep_hyphen(left, right, vocab):
        return prev + nxt
    return prev[:-1] + nxt


# ----------------------------------------------------------------------------- borderless tables


def _segments(line: Line) -> list[tuple[float, float]]:
    """Runs of words separated by wide gaps.

    A list marker sticks to its item, and so does a label ending in a separator and
    followed by a tab ("Action 1.2 –⇥Texte", "OS 1 :⇥Texte"): that is a numbered
    paragraph, not two columns.
    """
    words = list(line.words)
    marker, _ = split_marker(words)
    runs: list[list[Word]] = []
    for i, w in enumerate(words):
        glue = i == 1 and marker is not None and bullet_symbol(words[0].text) is not None
        if runs and not glue and w.x0 - runs[-1][-1].x1 <= SPLIT_GAP * w.size:
            glue = True
        if runs and glue:
            runs[-1].append(w)
        else:
            runs.append([w])
    if len(runs) >= 2 and label_like(runs[0]):
        runs[0:2] = [runs[0] + runs[1]]
    return [(run[0].x0, max(w.x1 for w in run)) for run in runs]


def _subtract(
    gutter: Gutter, spans: Sequence[tuple[float, float]], min_width: float
) -> list[Gutter]:
    """What is left of a gutter once a line's words (their spans) are taken out."""
    parts = blank_parts(gutter.x0, gutter.x1, spans, min_width)
    return [Gutter(a, b, gutter.support) for a, b in parts]


def _spans(line: Line) -> list[tuple[float, float]]:
    return [(w.x0, w.x1) for w in line.words]


def _supports(gutter: Gutter, spans: Sequence[tuple[float, float]]) -> bool:
    return split_by(gutter.x0, gutter.x1, spans)


def _supports_any(gutters: Sequence[Gutter], spans: Sequence[tuple[float, float]]) -> bool:
    return any(_supports(g, spans) for g in gutters)


def _grow(
    lines: Sequence[Line], start: int, gutters: list[Gutter], stop: int | None = None
) -> tuple[int, list[Gutter]]:
    """Extend a region from ``start`` while no line crosses an established gutter."""
    end = start
    limit = len(lines) if stop is None else stop
    while end < limit and gutters:
        line = lines[end]
        if end > start:
            prev = lines[end - 1]
            if line.top - prev.bottom > MAX_ROW_GAP * max(line.size, prev.size):
                break
        spans = _spans(line)
        nxt = narrow_gutters(
            gutters,
            partial(_subtract, spans=spans, min_width=MIN_GUTTER * line.size),
            partial(_supports, spans=spans),
            established=GUTTER_MIN_SUPPORT,
        )
        if not nxt:
            break
        gutters = nxt
        end += 1
    return end, [g for g in gutters if g.support >= GUTTER_MIN_SUPPORT]


def _copy(gutters: Sequence[Gutter]) -> list[Gutter]:
    return [Gutter(g.x0, g.x1, g.support) for g in gutters]


def find_tables(lines: Sequence[Line], page: int, carry: Sequence[Gutter] = ()) -> list[Borderless]:
    """Borderless tables among a page's free lines (top to bottom).

    ``carry`` holds the gutters of a borderless table that ended the previous page: the
    lines at the top of this page that stay within its columns continue it, even when
    they only have text in one column.
    """
    found: list[Borderless] = []
    i = 0
    if carry and lines:
        seed = [Gutter(g.x0, g.x1, max(GUTTER_MIN_SUPPORT, g.support)) for g in carry]
        end, gutters = _grow(lines, 0, _copy(seed))
        end = _trim(lines, 0, end, seed, gutters, carried=True)
        if end > 0 and gutters:
            _, gutters = _grow(lines, 0, _copy(seed), end)
            found.append(Borderless(0, end, _build(lines[:end], gutters, page), gutters))
            i = end
    while i < len(lines):
        segs = _segments(lines[i])
        if len(segs) < 2:
            i += 1
            continue
        seed = [Gutter(a[1], b[0], 0) for a, b in itertools.pairwise(segs)]
        end, gutters = _grow(lines, i, _copy(seed))
        end = _trim(lines, i, end, seed, gutters)
        _, gutters = _grow(lines, i, _copy(seed), end)
        if gutters and sum(1 for ln in lines[i:end] if len(_segments(ln)) >= 2) >= MIN_TABLE_LINES:
            found.append(Borderless(i, end, _build(lines[i:end], gutters, page), gutters))
            i = end
        else:
            i += 1
    return found


def _trim(
    lines: Sequence[Line],
    start: int,
    end: int,
    seed: Sequence[Gutter],
    gutters: Sequence[Gutter],
    carried: bool = False,
) -> int:
    """Drop trailing lines that are not text of the table's last cells.

    After the last line with words on both sides of a gutter, a line still belongs to the
    table only if it stays inside the columns as they were so far (a sentence after the
    table runs into a gutter) and, for a new table, sits close under the line above.
    """
    last = max(
        (k for k in range(start, end) if _supports_any(gutters, _spans(lines[k]))),
        default=start - 1 if carried else start,
    )
    if last >= start:
        _, columns = _grow(lines, start, _copy(seed), last + 1)
    else:
        columns = list(seed)
    stop = last + 1
    # The widest gap between two lines of the table so far: the space between its rows.
    row_gap = max(
        (lines[k].top - lines[k - 1].bottom for k in range(start + 1, last + 1)), default=0.0
    )
    inner_edge = min((g.x1 for g in columns), default=None)
    while stop < end:
        line = lines[stop]
        gap = line.top - lines[stop - 1].bottom if stop > start else 0.0
        close = gap <= TRAILING_LINE_GAP * line.size if stop > start else True
        # A line that starts right of the first column and sits no further below than the
        # table's rows sit apart is one more row of the last columns (actions of the last
        # objective): a paragraph after the table starts at the left margin.
        in_row = (
            inner_edge is not None
            and all(w.x0 >= inner_edge for w in line.words)
            and gap <= row_gap + ROW_GAP_SLACK * line.size
        )
        if _intrudes(columns, line) or not (close or carried or in_row):
            break
        stop += 1
    return stop


def _intrudes(gutters: Sequence[Gutter], line: Line) -> bool:
    return any(
        w.x1 > g.x0 + GUTTER_INTRUSION and w.x0 < g.x1 - GUTTER_INTRUSION
        for g in gutters
        for w in line.words
    )


def _columns(words: Sequence[Word], mids: Sequence[float]) -> dict[int, list[Word]]:
    cols: dict[int, list[Word]] = {}
    for w in words:
        cols.setdefault(bisect_right(mids, w.cx), []).append(w)
    return cols


def _build(lines: Sequence[Line], gutters: Sequence[Gutter], page: int) -> PageTable:
    gutters = sorted(gutters, key=lambda g: g.x0)
    mids = [(g.x0 + g.x1) / 2 for g in gutters]
    right_end = max(ln.x1 for ln in lines)
    # Where a column's text really ends is unknown: somewhere in the gutter. Paragraphs
    # use the last text edge (conservative); blocks use the gutter's middle.
    rights = [g.x0 for g in gutters] + [right_end]
    block_rights = [(g.x0 + g.x1) / 2 for g in gutters] + [right_end]
    entries: dict[int, list[tuple[int, Line]]] = {}
    for k, line in enumerate(lines):
        for c, words in _columns(line.words, mids).items():
            entries.setdefault(c, []).append((k, line_of(words)))
    gap = _usual_gap(entries)
    firsts = {
        k
        for c, parts in entries.items()
        for (_, a), (k, b) in itertools.pairwise(parts)
        if _starts_block(a, b, block_rights[c], gap)
    }
    firsts.update(parts[0][0] for parts in entries.values())
    # Where no line of the table reads as the wrapped rest of the line above it (all
    # start with a capital after a line that could end), no cell wraps: each line of a
    # column is a cell of its own, even when rows are not spaced apart.
    pairs = [
        (a, b)
        for parts in entries.values()
        for (ka, a), (kb, b) in itertools.pairwise(parts)
        if kb == ka + 1
    ]
    single_lines = len(pairs) >= MIN_UNWRAPPED_PAIRS and all(_could_start(a, b) for a, b in pairs)
    blocks: list[tuple[int, list[tuple[int, Line]]]] = []
    for c in sorted(entries):
        cur: list[tuple[int, Line]] = []
        for k, part in entries[c]:
            # A line level with a cell starting in another column starts a cell too when
            # it reads like a beginning (a capital after a line that is not cut off).
            if cur and (
                _starts_block(cur[-1][1], part, block_rights[c], gap)
                or ((k in firsts or single_lines) and _could_start(cur[-1][1], part))
            ):
                blocks.append((c, cur))
                cur = []
            cur.append((k, part))
        if cur:
            blocks.append((c, cur))
    starts = sorted({b[0][0] for _, b in blocks})
    cells: list[Cell] = []
    for c, block in blocks:
        first, last = block[0][0], block[-1][0]
        row = starts.index(first)
        row_end = bisect_right(starts, last)
        words = [w for _, part in block for w in part.words]
        cell_lines = group_lines(words)
        box = union_bbox(ln.bbox for ln in cell_lines)
        cells.append(Cell(row, c, row_end - row, 1, box, page, cell_lines, right=rights[c]))
    bbox = union_bbox(ln.bbox for ln in lines)
    bounds = [bbox[0], *(g.x1 for g in gutters), bbox[2]]
    return PageTable(page, bbox, bounds, len(starts), cells, ruled=False)


def _usual_gap(entries: dict[int, list[tuple[int, Line]]]) -> float:
    """Median gap between consecutive lines of one column (wrapped cell text)."""
    gaps = sorted(
        b.top - a.bottom
        for parts in entries.values()
        for (ka, a), (kb, b) in itertools.pairwise(parts)
        if kb == ka + 1
    )
    return gaps[len(gaps) // 2] if gaps else 0.0


def _starts_block(prev: Line, line: Line, right: float, usual_gap: float) -> bool:
    if line.top - prev.bottom > usual_gap + PARA_GAP * line.size:
        return True
    if abs(prev.size - line.size) > SAME_SIZE_DELTA or style_changes(prev, line):
        return True
    marker, _ = split_marker(line.words)
    if marker is not None and marker.kind != "bullet":
        return True
    if not starts_capitalised(line.text) or cut_off(prev.text):
        return False
    return ends_clause(prev.text) or fits_after(prev, line.words[0], right)


def _could_start(prev: Line, line: Line) -> bool:
    return starts_capitalised(line.text) and not cut_off(prev.text)


def header_row(table: PageTable, gutters: Sequence[Gutter], line: Line) -> bool:
    """Put ``line`` (found above the table) in as its first row, if it fits the columns.

    The line must have words in at least two columns and cross no gutter; this brings
    back a repeated header row that was taken for a running page header.
    """
    if not gutters:
        return False
    spans = _spans(line)
    for g in gutters:
        if not _subtract(g, spans, MIN_GUTTER * line.size):
            return False
    mids = sorted((g.x0 + g.x1) / 2 for g in gutters)
    cols = _columns(line.words, mids)
    if len(cols) < 2:
        return False
    for cell in table.cells:
        cell.row += 1
    for c, words in sorted(cols.items()):
        lines = group_lines(words)
        box = union_bbox(ln.bbox for ln in lines)
        table.cells.append(Cell(0, c, 1, 1, box, table.page, lines))
    table.nrows += 1
    table.bbox = union_bbox([table.bbox, line.bbox])
    return True
