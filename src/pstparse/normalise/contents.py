"""A table of contents before the body, in plans read as outlines or tables.

Evidence, strongest first: Word's TOC paragraph styles; a "Table des matières" /
"Sommaire" heading followed by lines ending in page numbers; lines ending in a leader
and a page number whose text comes back later in the body (the objectives the contents
list); a run of ``TOC_MIN_RUN`` such lines. A table row whose last cell is a page
number counts as a line (a tab-separated "Titre<TAB>5").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from pstparse.model.ir import Block
from pstparse.model.plan import Source, TextBlock
from pstparse.normalise.evidence import TOC_MAX_ENTRY_CHARS, TOC_MIN_RUN
from pstparse.normalise.text import fold, one_line

TOC_HEAD = re.compile(r"^(table des matieres|sommaire|contents|table of contents)$")
"""A contents heading, compared folded (no accents, lower case)."""
TOC_STYLE = re.compile(r"^(toc|table des mati[eè]res|tdm|contents)\b", re.IGNORECASE)
"""Word's own table-of-contents paragraph styles ("TOC 1", "Table des matières 2")."""
# A leader (dots, ellipses, a tab, a wide gap) then a page number.
_ENTRY = re.compile(
    r"^(?P<text>.+?)(?:\s*\.{3,}\s*|\s*…+\s*|\t+|\s{2,})\s*(?P<page>\d{1,3})$", re.DOTALL
)


# Inside a contents block the leader may be lost: "Introduction 5".
_LOOSE = re.compile(r"^(?P<text>.+?)\s+(?P<page>\d{1,3})$", re.DOTALL)
# A line in a contents paragraph style is an entry even without a page number.
_STYLED = re.compile(r"^(?P<text>.+?)(?P<page>)$", re.DOTALL)


def match_entry(text: str, *, loose: bool = False, styled: bool = False) -> re.Match[str] | None:
    """A contents line's ``text`` and ``page`` groups, or None.

    A leader and a page number ("I. Titre ...... 3") always make an entry; with ``loose``
    (inside a contents) or ``styled`` (a contents paragraph style) a bare page number
    after a space does too ("Introduction 5"); a styled line is an entry even without a
    page number (``page`` is then empty).
    """
    m = None
    # Only lines ending in a digit can hold a page number: one string test spares most
    # lines the leader patterns, whose lazy text group makes them quadratic in the length.
    if text.rstrip()[-1:].isdecimal():
        m = _ENTRY.match(text)
        if m is None and (loose or styled):
            m = _LOOSE.match(text)
    if m is None and styled:
        m = _STYLED.match(text)
    return m


def is_contents_entry(text: str) -> bool:
    """True when ``text`` ends with a leader and a page number ("I. Titre ...... 3"): a
    contents line, whose code repeats the code of the item it points to."""
    return match_entry(text.strip()) is not None


def is_contents_block(block: Block) -> bool:
    """True for a line of a table of contents: a contents paragraph style ("TOC 2") or a
    leader and a page number. Its code repeats the code of the item it points to, so it
    is no evidence of how the body numbers its items."""
    return _toc_styled(block) or is_contents_entry(block.text)


def is_contents_style(name: str | None) -> bool:
    """True for a contents paragraph style ("TOC 2", "Table des matières")."""
    return bool(name and TOC_STYLE.match(name))


def _toc_styled(block: Block) -> bool:
    return is_contents_style(block.style.style_name if block.style is not None else None)


@dataclass(slots=True)
class _Unit:
    """A line of the flow or a table row, with the blocks it is made of."""

    text: str
    blocks: list[Block]
    styled: bool = False


@dataclass(slots=True)
class Contents:
    """Blocks left for the body, the contents entries and the contents heading."""

    blocks: list[Block]
    entries: list[TextBlock] = field(default_factory=list)
    headings: list[TextBlock] = field(default_factory=list)


def _units(blocks: Sequence[Block]) -> list[_Unit]:
    units: list[_Unit] = []
    rows: dict[tuple[int, int], _Unit] = {}
    for block in blocks:
        if block.table is not None:
            key = (block.table.table, block.table.row)
            unit = rows.get(key)
            if unit is not None:
                unit.text = f"{unit.text}\t{one_line(block.text)}"
                unit.blocks.append(block)
                continue
            unit = _Unit(one_line(block.text), [block])
            rows[key] = unit
            units.append(unit)
            continue
        units.append(_Unit(block.text.strip(), [block], _toc_styled(block)))
    return units


def _key(text: str) -> str:
    return fold(re.sub(r"\s*(?:\.{3,}|…+)\s*", " ", text))


def take_contents(blocks: Sequence[Block]) -> Contents:
    """Take a table of contents out of ``blocks`` (see the module docstring)."""
    units = _units(blocks)
    if not any(u.styled or match_entry(u.text, loose=True) for u in units):
        return Contents(blocks=list(blocks))
    later: dict[str, int] = {}
    for index, unit in enumerate(units):
        # The last place each text occurs: a line, a table row or one of its cells.
        # Contents entries are short: longer texts need no key.
        cells = [b.text for b in unit.blocks] if len(unit.blocks) > 1 else []
        for text in (unit.text, *cells):
            if len(text) <= TOC_MAX_ENTRY_CHARS:
                later[_key(text)] = index
    taken: set[int] = set()
    result = Contents(blocks=[])
    i = 0
    while i < len(units):
        unit = units[i]
        is_head = bool(TOC_HEAD.match(fold(unit.text)))
        start = i + 1 if is_head else i
        run: list[tuple[int, re.Match[str]]] = []
        j = start
        while j < len(units):
            m = _match(units[j], loose=is_head)
            if m is None:
                # No leader: "Objectif stratégique 1 : Titre 3" is an entry when its
                # text comes back later in the body.
                m = match_entry(units[j].text, loose=True)
                if m is None or later.get(_key(m.group("text")), -1) <= j:
                    break
            run.append((j, m))
            j += 1
        repeated = bool(run) and all(
            later.get(_key(m.group("text")), -1) > k or units[k].styled for k, m in run
        )
        if is_head or len(run) >= TOC_MIN_RUN or repeated:
            if is_head:
                taken.add(i)
                result.headings.append(
                    TextBlock(text=one_line(unit.text), role="contents", source=_src(unit))
                )
            for k, m in run:
                taken.add(k)
                text = " ".join(re.sub(r"(?:\.{3,}|…+)$", "", m.group("text").strip()).split())
                page = m.group("page")
                result.entries.append(
                    TextBlock(
                        text=f"{text} … {page}" if page else text, role="toc", source=_src(units[k])
                    )
                )
            i = max(j, i + 1)
            continue
        i += 1
    result.blocks = [b for k, unit in enumerate(units) if k not in taken for b in unit.blocks]
    # Keep the document order of blocks (table rows were grouped).
    order = {id(b): n for n, b in enumerate(blocks)}
    result.blocks.sort(key=lambda b: order[id(b)])
    return result


def _match(unit: _Unit, *, loose: bool) -> re.Match[str] | None:
    return match_entry(unit.text, loose=loose, styled=unit.styled)


def _src(unit: _Unit) -> Source:
    return unit.blocks[0].source
