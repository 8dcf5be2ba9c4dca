"""Flowing text (headings, paragraphs, lists) → entries, for plans laid out as outlines.

Levels come from labels first ("OS 1 –", or a list number Word generated such as
"Action 1.2.1 –"), then from heading levels (mapped through the labelled headings, or
ranked), then from list depth. Unlabelled paragraphs are free text: the builder makes them
descriptions of the item above them, or preamble.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace

from pstparse.blocks import Block, BlockKind
from pstparse.normalise.entries import Entry
from pstparse.normalise.labels import Label, Level, parse_bullet, parse_enumerator, parse_label
from pstparse.normalise.segment import continues, dehyphenate
from pstparse.normalise.text import one_line


def block_label(block: Block) -> Label | None:
    """The label of a block, including a list number the word processor generated."""
    text = one_line(block.text)
    if block.list_marker and parse_bullet(f"{block.list_marker} x") is None:
        label = parse_label(f"{block.list_marker} {text}")
        if label is not None:
            return label
    return parse_label(text)


def join_wrapped(blocks: Sequence[Block]) -> list[Block]:
    """Join paragraph blocks that are wrapped lines of one paragraph (hard-wrapped text).

    Two consecutive paragraph (or list item + paragraph) blocks join when no blank space
    separates them, the first does not end a sentence and the second starts in lower case.
    """
    out: list[Block] = []
    for block in blocks:
        if out and _joinable(out[-1], block):
            prev = out[-1]
            joined = dehyphenate(prev.text.rstrip(), block.text.strip())
            text = joined if joined is not None else f"{prev.text.rstrip()} {block.text.strip()}"
            source = prev.source
            end = block.source.line_end or block.source.line
            if end is not None:
                source = source.model_copy(update={"line_end": end})
            out[-1] = replace(prev, text=text, source=source)
        else:
            out.append(block)
    return out


def _joinable(prev: Block, block: Block) -> bool:
    if block.kind is not BlockKind.PARAGRAPH or prev.kind not in (
        BlockKind.PARAGRAPH,
        BlockKind.LIST_ITEM,
    ):
        return False
    if block.style is not None and (block.style.space_before or 0) > 0:
        return False
    if prev.table is not None or block.table is not None:
        return False
    if parse_label(block.text) is not None or parse_enumerator(block.text) is not None:
        return False
    return continues(prev.text, block.text.strip())


_NUMBERED_STYLE = re.compile(r"\b(?:list|liste)\b.*?(\d)$", re.IGNORECASE)


def list_depth(block: Block) -> int:
    """Depth of a list item: its list level, or the digit of a "List Bullet 2" style."""
    depth = block.level_hint or 0
    name = block.style.style_name if block.style is not None else None
    if name:
        m = _NUMBERED_STYLE.search(name)
        if m is not None:
            depth = max(depth, int(m.group(1)) - 1)
    return depth


class HeadingLevels:
    """Maps heading levels to plan levels for one document."""

    def __init__(self, blocks: Sequence[Block]) -> None:
        votes: dict[int, Counter[Level]] = {}
        unlabelled: set[int] = set()
        for block in blocks:
            if block.kind is not BlockKind.HEADING or block.level_hint is None:
                continue
            label = block_label(block)
            if label is None:
                unlabelled.add(block.level_hint)
            elif label.level <= Level.ACTION:
                votes.setdefault(block.level_hint, Counter())[label.level] += 1
        self._map: dict[int, Level] = {h: c.most_common(1)[0][0] for h, c in votes.items()}
        if not self._map:
            ranked = sorted(h for h in unlabelled if h >= 1)
            self._map = {h: Level(min(i + 1, Level.ACTION)) for i, h in enumerate(ranked)}
        self._top = min(self._map, default=None)

    def level(self, hint: int | None) -> Level | None:
        """The plan level of a heading, or None for headings outside the hierarchy."""
        if hint is None:
            return None
        if hint in self._map:
            return self._map[hint]
        deeper = [h for h in self._map if h < hint]
        if deeper:
            return Level(min(self._map[max(deeper)] + 1, Level.ACTION))
        return None


def flow_entries(
    blocks: Sequence[Block],
    headings: HeadingLevels,
    *,
    paragraphs_are_actions: bool = False,
    has_oo: bool = False,
) -> list[Entry]:
    """Entries for a run of non-table blocks of a plan laid out as an outline.

    ``paragraphs_are_actions``: the document marks its actions neither with labels nor
    with list items, so plain paragraphs under an OO (or under an OS when the document
    has no OO) are its actions; elsewhere they are descriptions.
    """
    out: list[Entry] = []
    context: Level | None = None
    list_base: int | None = None
    pending: Entry | None = None
    for block in join_wrapped(blocks):
        text = one_line(block.text)
        if not text:
            continue
        if pending is not None and parse_label(text) is None:
            pending.title = text
            pending = None
            continue
        pending = None
        label = block_label(block)
        if block.kind is not BlockKind.LIST_ITEM:
            list_base = None
        else:
            depth = list_depth(block)
            if list_base is None or depth < list_base:
                list_base = depth
        if label is not None:
            entry = Entry.from_label(label, block.source)
            if not label.rest:
                pending = entry
            out.append(entry)
            context = label.level
            continue
        if block.kind is BlockKind.HEADING:
            level = headings.level(block.level_hint)
            if level is None:
                role = "title" if block.level_hint == 0 else None
                out.append(Entry(level=None, title=text, source=block.source, role=role))
            else:
                out.append(Entry(level=level, title=text, source=block.source))
                context = level
            continue
        if block.kind is BlockKind.LIST_ITEM:
            level = Level.ACTION if list_depth(block) == list_base else Level.DETAIL
            out.append(Entry(level=level, title=text, source=block.source))
            continue
        if paragraphs_are_actions and (
            context is Level.OO or (context is Level.OS and not has_oo) or context is Level.ACTION
        ):
            out.append(Entry(level=Level.ACTION, title=text, source=block.source))
            continue
        out.append(Entry(level=None, title=text, source=block.source))
    return out
