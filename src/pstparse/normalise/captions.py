"""Captions under an item ("Indicateurs :", "Budget :") and the lines they introduce.

A short caption ending in a colon, set apart by typography (a heading, bold text) or
naming a known field, opens a field of the item above it; the lines under it (numbered
or indented deeper, unlike the item's siblings) are the field's value, not actions.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from pstparse.lexicon.labels import parse_enumerator
from pstparse.model.ir import Block, BlockKind
from pstparse.model.plan import Source
from pstparse.normalise.entries import Entry, PendingFinding
from pstparse.normalise.fields import caption_field
from pstparse.normalise.outline import block_label
from pstparse.normalise.text import clean_text, one_line

SourceKey = tuple[object, ...]


def source_key(source: Source) -> SourceKey:
    """Where a piece of text starts (a joined line range keeps its first line's key)."""
    return (
        source.page,
        source.line,
        source.paragraph,
        source.table,
        source.row,
        source.column,
        source.bbox,
    )


@dataclass(slots=True)
class Caption:
    """A caption block, the field key it names, and the blocks of its value."""

    block: Block
    key: str
    items: list[Block]


def _caption_key(block: Block) -> str | None:
    if block_label(block) is not None:
        return None
    set_apart = block.kind is BlockKind.HEADING or (block.style is not None and block.style.bold)
    return caption_field(block.text, set_apart=bool(set_apart))


def _indent(block: Block) -> float | None:
    return block.style.indent if block.style is not None else None


def _sibling(item: Block, block: Block) -> bool:
    """True when ``block`` is laid out like ``item`` (the next item, not a caption line)."""
    if block.kind is not item.kind or block.list_marker != item.list_marker:
        return False
    a, b = _indent(item), _indent(block)
    if a is not None and b is not None and abs(a - b) > 1.0:
        return False
    numbered = parse_enumerator(one_line(block.text)) is not None
    return numbered == (parse_enumerator(one_line(item.text)) is not None)


def find_captions(blocks: Sequence[Block]) -> list[Caption]:
    """Captions under an item of a run of flow blocks, each with the blocks of its value."""
    out: list[Caption] = []
    item: Block | None = None
    i = 0
    while i < len(blocks):
        block = blocks[i]
        key = _caption_key(block) if item is not None else None
        if key is None or item is None:
            if block.kind in (BlockKind.LIST_ITEM, BlockKind.HEADING) or block_label(block):
                item = block
            i += 1
            continue
        caption = Caption(block, key, [])
        floor = _indent(block)
        j = i + 1
        while j < len(blocks):
            nxt = blocks[j]
            indent = _indent(nxt)
            if (
                nxt.kind is BlockKind.HEADING
                or block_label(nxt) is not None
                or _caption_key(nxt) is not None
                or _sibling(item, nxt)
                or (floor is not None and indent is not None and indent < floor)
            ):
                break
            caption.items.append(nxt)
            j += 1
        out.append(caption)
        i = j
    return out


def apply_captions(entries: list[Entry], captions: Sequence[Caption]) -> list[Entry]:
    """Replace each caption's entries by one field entry (role ``field:<key>``) that the
    builder gives to the item above, and an info finding naming the evidence."""
    if not captions:
        return entries
    present = {source_key(e.source) for e in entries}
    # A caption whose line went into another entry (joined as a wrapped line) cannot take
    # its value lines: they stay ordinary entries rather than be lost.
    starts = {
        source_key(c.block.source): c for c in captions if source_key(c.block.source) in present
    }
    inside = {source_key(b.source) for c in starts.values() for b in c.items}
    out: list[Entry] = []
    for entry in entries:
        key = source_key(entry.source)
        caption = starts.get(key)
        if caption is not None:
            value = "\n".join(t for t in (clean_text(b.text) for b in caption.items) if t)
            out.append(
                Entry(
                    level=None,
                    title="",
                    source=caption.block.source,
                    finding=PendingFinding(
                        rule="caption-field",
                        fields={"caption": one_line(caption.block.text), "key": caption.key},
                    ),
                )
            )
            out.append(
                Entry(
                    level=None,
                    title=value,
                    source=caption.block.source,
                    role=f"field:{caption.key}",
                )
            )
            continue
        if key in inside:
            continue
        out.append(entry)
    return out
