"""Column gutters of aligned text, shared by the TXT reader (character columns) and the
PDF reader (points): a gutter is a vertical strip that every line of a region leaves
blank, and a line *supports* it when it has text on both sides.

Both readers grow a region line by line: each line narrows every gutter to what it
leaves blank; a gutter a line fills entirely is dropped, unless enough lines supported
it already — then the line ends the region (it crosses an established column).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Protocol, TypeVar

N = TypeVar("N", int, float)


class _Counted(Protocol):
    support: int


G = TypeVar("G", bound=_Counted)


def blank_parts(
    start: N, end: N, occupied: Iterable[tuple[N, N]], min_width: N
) -> list[tuple[N, N]]:
    """The parts of the strip ``[start, end)`` that no occupied span covers, at least
    ``min_width`` wide, left to right."""
    parts = [(start, end)]
    # Only spans that reach into the strip can cut it (most of a line's words stand
    # beside a gutter): pick them first, then cut in the same order.
    for a, b in [span for span in occupied if span[1] > start and span[0] < end]:
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


def split_by(start: N, end: N, occupied: Sequence[tuple[N, N]]) -> bool:
    """True when the occupied spans have text on both sides of ``[start, end)``."""
    return any(b <= start for _, b in occupied) and any(a >= end for a, _ in occupied)


def narrow_gutters(
    gutters: Sequence[G],
    narrow: Callable[[G], Sequence[G]],
    supports: Callable[[G], bool],
    *,
    established: int,
    widest: Callable[[G], float] | None = None,
) -> list[G] | None:
    """One line's effect on a region's gutters: each narrowed to what the line leaves
    blank (``narrow``), its support counted when the line has text on both sides
    (``supports``). None when the line fills a gutter that ``established`` lines or more
    supported: the region ends before that line. With ``widest`` (a width measure), a
    gutter the line cuts in several pieces keeps only its widest piece."""
    kept_all: list[G] = []
    for gutter in gutters:
        kept = narrow(gutter)
        if not kept:
            if gutter.support >= established:
                return None
            continue
        for piece in kept:
            if supports(piece):
                piece.support += 1
        if widest is not None:
            kept_all.append(max(kept, key=widest))
        else:
            kept_all.extend(kept)
    return kept_all
