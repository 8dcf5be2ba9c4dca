"""Flowing text (headings, paragraphs, lists) → entries, for plans laid out as outlines.

The order of evidence for non-table text (``normalise.evidence``), strongest first:

1. structure: paragraphs, manual line breaks, list numbering and depth, heading and TOC
   styles (Markdown "#"/"##" included), indentation (hanging indents join wrapped
   lines; indents give the levels of an unlabelled plain-text outline);
2. labels: "OS 1 –", a list number Word generated ("Action 1.2.1 –"), bare hierarchical
   numbers ("1.1.2.") when the whole document numbers that way (:class:`Labeller`);
3. typography: bold lines;
4. text heuristics: the case of a wrapped line's first letter, kind phrases.

A label names the level of a heading or list item whose depth the structure gives, so
the two agree by construction: heading levels are mapped through the labelled headings
(or ranked, a single top heading being the title); list depth only tells an action
from its details. Unlabelled paragraphs are free text: the builder makes them
descriptions of the item above them, or preamble. Levels above the OS (axes, volets)
are named on the OS that follow; a fourth level (sub-actions) becomes details.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import replace

from pstparse.lexicon.fields import opens_with_field_caption
from pstparse.lexicon.labels import (
    OUTLINE_STYLES,
    Label,
    Level,
    parse_bare_number,
    parse_enumerator,
    parse_label,
    parse_outline_code,
)
from pstparse.lexicon.marks import parse_bullet
from pstparse.model.findings import finding
from pstparse.model.ir import Block, BlockKind
from pstparse.model.messages import DEFAULT_LANG, Lang
from pstparse.model.plan import Finding
from pstparse.normalise.axes import parse_axis
from pstparse.normalise.contents import is_contents_block
from pstparse.normalise.entries import Entry
from pstparse.normalise.evidence import (
    AXIS_NEEDS_OS_LABELS,
    BARE_KIND_DEPTHS,
    BARE_MIN_CONSISTENT_SHARE,
    BARE_MIN_DEPTHS,
    HANGING_INDENT_TOLERANCE,
    INDENT_MIN_DEPTHS,
    KIND_HEADER_ROWS,
)
from pstparse.normalise.fields import caption_field, field_key
from pstparse.normalise.segment import continues, dehyphenate, vocabulary
from pstparse.normalise.text import fold, one_line


def block_label(block: Block) -> Label | None:
    """The label of a block, including a list number the word processor generated."""
    text = one_line(block.text)
    if block.list_marker and parse_bullet(f"{block.list_marker} x") is None:
        label = parse_label(f"{block.list_marker} {text}")
        if label is not None:
            return label
    return parse_label(text)


def numeric_parts(code: str | None) -> tuple[int, ...] | None:
    """ "1.2.3" → (1, 2, 3); None for a code that is not all numbers ("IV", "A.1")."""
    if not code:
        return None
    parts = code.split(".")
    if not all(p.isdigit() for p in parts):
        return None
    return tuple(int(p) for p in parts)


def _continues_outline(prev: tuple[int, ...], code: tuple[int, ...]) -> bool:
    """True when ``code`` may follow ``prev`` in an outline: a child of it, or a later
    sibling of it or of one of its ancestors."""
    if len(code) == len(prev) + 1 and code[:-1] == prev:
        return True
    depth = len(code)
    return depth <= len(prev) and code[:-1] == prev[: depth - 1] and code[-1] > prev[depth - 1]


def outline_share(codes: Sequence[tuple[tuple[int, ...], str | None]]) -> float:
    """Share of ``codes`` (in document order, each with its item's text when known)
    that continue the outline of the codes before them. An exact repeat of code and text
    (a merged cell, a running header) is left out; a code used again for another item
    (numbering that restarts) breaks the outline."""
    seen: dict[tuple[int, ...], str | None] = {}
    prev: tuple[int, ...] | None = None
    good = total = 0
    for code, text in codes:
        if code in seen and (text is None or seen[code] == text):
            continue
        total += 1
        good += code not in seen and (prev is None or _continues_outline(prev, code))
        seen[code] = text
        prev = code
    return good / total if total else 0.0


class Labeller:
    """The labels of one document: the label grammar, plus bare hierarchical numbers
    ("1.", "1.1", "1.1.1.") when the document numbers its items that way consistently.

    Bare numbers are accepted when their codes (with those of real labels) span at
    least ``BARE_MIN_DEPTHS`` depths and continue one outline
    (``BARE_MIN_CONSISTENT_SHARE``); the decision leaves an ``info`` finding.
    """

    def __init__(self, blocks: Sequence[Block], lang: Lang = DEFAULT_LANG) -> None:
        codes: list[tuple[tuple[int, ...], str]] = []
        bare: list[tuple[Block, Label]] = []
        fields = _field_columns(blocks)
        for block in blocks:
            if block.table is not None and (block.table.table, block.table.column) in fields:
                continue  # "2.1 Nombre d'arbres" under "Indicateurs" is no item's number
            if block.table is None and is_contents_block(block):
                continue  # a contents line repeats the code of the item it points to
            label = block_label(block)
            if label is None:
                candidate = parse_bare_number(_first_line(block.text))
                if candidate is None or candidate.code is None:
                    continue
                bare.append((block, candidate))
                label = candidate
            parts = numeric_parts(label.code)
            if parts is not None:
                codes.append((parts, fold(label.rest)))
        self.outline_style, outline_depths = _outline_style(blocks, fields)
        depths = {len(c) for c, _ in codes}
        self.bare = (
            bool(bare)
            and len(depths) >= BARE_MIN_DEPTHS
            and outline_share(codes) >= BARE_MIN_CONSISTENT_SHARE
        )
        self.bare_in_kind = self.bare and len(depths) >= BARE_KIND_DEPTHS
        self.outline_in_kind = outline_depths >= BARE_KIND_DEPTHS
        self.findings: list[Finding] = []
        if self.outline_style is not None:
            first_outline = next(b for b in blocks if self.outline(_first_line(b.text)))
            self.findings.append(
                finding(
                    "outline-codes-as-labels",
                    lang,
                    self.outline_style,
                    source=first_outline.source,
                    depths=outline_depths,
                )
            )
        if self.bare:
            first = bare[0][0]
            names = ", ".join(
                f"depth {d} → {Level(min(d, Level.DETAIL)).name}" for d in sorted(depths)
            )
            self.findings.append(
                finding(
                    "bare-numbers-as-labels",
                    lang,
                    source=first.source,
                    count=len(bare),
                    depths=names,
                )
            )

    def outline(self, text: str) -> Label | None:
        """The roman or letter outline label at the start of ``text``, when the document
        numbers that way ("A.1" is then an OO, not the action "A.1" of iA.PST)."""
        if self.outline_style is None:
            return None
        found = parse_outline_code(text, self.outline_style)
        return found.label if found is not None else None

    def __call__(self, block: Block) -> Label | None:
        """The label of a block (a list number the word processor generated included)."""
        label = self.outline(one_line(block.text)) or block_label(block)
        if label is None and self.bare:
            label = parse_bare_number(one_line(block.text))
        return label

    def text(self, text: str) -> Label | None:
        """The label at the start of a piece of text (a table cell)."""
        label = self.outline(text) or parse_label(text)
        if label is None and self.bare:
            label = parse_bare_number(text)
        return label

    def for_kind(self, block: Block) -> Label | None:
        """The label that counts as kind evidence (bare numbers and outline codes need
        three depths)."""
        label = (self.outline(one_line(block.text)) if self.outline_in_kind else None) or (
            block_label(block)
        )
        if label is None and self.bare_in_kind:
            label = parse_bare_number(one_line(block.text))
        return label


def _outline_style(blocks: Sequence[Block], fields: set[tuple[int, int]]) -> tuple[str | None, int]:
    """How the document numbers its items with roman or letter outline codes ("I.",
    "I.1", "I.1.1" / "A.", "A.1", "A.1.1"), and with how many depths; (None, 0) when it
    does not.

    A style is accepted on the same evidence as bare numbers: a head of its own ("II.")
    among at least ``BARE_MIN_DEPTHS`` depths, codes that continue one outline
    (``BARE_MIN_CONSISTENT_SHARE``). Heads that read both ways ("C.", "I.") go to the
    style under which more codes continue the outline.
    """
    best: tuple[float, str | None, int] = (0.0, None, 0)
    for style in OUTLINE_STYLES:
        codes: list[tuple[tuple[int, ...], str | None]] = []
        for block in blocks:
            if block.table is not None and (block.table.table, block.table.column) in fields:
                continue
            if is_contents_block(block):
                continue  # the contents repeat the codes of the body
            found = parse_outline_code(_first_line(block.text), style)
            if found is not None:
                codes.append((found.parts, fold(found.label.rest)))
        depths = {len(c) for c, _ in codes}
        if 1 not in depths or len(depths) < BARE_MIN_DEPTHS:
            continue
        share = outline_share(codes)
        if share >= BARE_MIN_CONSISTENT_SHARE and share * len(codes) > best[0]:
            best = (share * len(codes), style, len(depths))
    return best[1], best[2]


def _field_columns(blocks: Sequence[Block]) -> set[tuple[int, int]]:
    """(table, column) of the columns whose header names a field (pilote, indicateur…)."""
    out: set[tuple[int, int]] = set()
    for block in blocks:
        ref = block.table
        if ref is not None and ref.row <= KIND_HEADER_ROWS and field_key(one_line(block.text)):
            out.add((ref.table, ref.column))
    return out


def _first_line(text: str) -> str:
    return text.strip().split("\n", 1)[0]


def join_wrapped(blocks: Sequence[Block]) -> list[Block]:
    """Join paragraph blocks that are wrapped lines of one paragraph (hard-wrapped text).

    Two consecutive paragraph (or list item + paragraph) blocks join when no blank space
    separates them, the first does not end a sentence and the second starts in lower case.
    """
    out: list[Block] = []
    vocab = vocabulary(blocks)
    for block in blocks:
        if out and _joinable(out[-1], block):
            prev = out[-1]
            joined = dehyphenate(prev.text.rstrip(), block.text.strip(), vocab)
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
    bold = block.style is not None and bool(block.style.bold)
    if caption_field(block.text, set_apart=bold) is not None or opens_with_field_caption(
        block.text
    ):
        # "Indicateurs :" or "Pilote : Service travaux" under an item opens a field of
        # it, even aligned with the item's text like a wrapped line.
        return False
    if _hanging_continuation(prev, block):
        return True
    return continues(prev.text, block.text.strip())


def _hanging_continuation(prev: Block, block: Block) -> bool:
    """A line aligned under the text of the item above it, deeper than that item's
    marker (a hanging indent): a wrapped line, whatever its first letter.

    Indentation is structure: it outranks the case of the first letter.
    """
    if prev.style is None or block.style is None:
        return False
    hanging, indent, start = prev.style.hanging, block.style.indent, prev.style.indent
    if hanging is None and start is not None and prev.source.line is not None:
        # A labelled line of a text file ("OO 1.1  Verdir les places et"): its text
        # starts after the label, at a column the text itself tells.
        first = prev.text.split("\n", 1)[0]
        label = parse_label(first)
        if label is not None and label.rest and label.rest in first:
            hanging = start + first.index(label.rest)
    if hanging is None or indent is None or start is None or indent <= start:
        return False
    if parse_bullet(block.text) is not None:
        return False
    return abs(indent - hanging) <= HANGING_INDENT_TOLERANCE


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


LabelOf = Callable[[Block], Label | None]
"""How a document's blocks are labelled (:class:`Labeller` or :func:`block_label`)."""


class HeadingLevels:
    """Maps heading levels to plan levels for one document."""

    def __init__(self, blocks: Sequence[Block], label_of: LabelOf | None = None) -> None:
        label_of = label_of or block_label
        votes: dict[int, Counter[Level]] = {}
        unlabelled: set[int] = set()
        uses: Counter[int] = Counter()
        order: list[int] = []
        for block in blocks:
            if block.kind is not BlockKind.HEADING or block.level_hint is None:
                continue
            uses[block.level_hint] += 1
            order.append(block.level_hint)
            label = label_of(block)
            if label is None:
                unlabelled.add(block.level_hint)
            elif label.level <= Level.ACTION:
                votes.setdefault(block.level_hint, Counter())[label.level] += 1
        self._map: dict[int, Level] = {h: c.most_common(1)[0][0] for h, c in votes.items()}
        self.title_level: int | None = None
        if not self._map:
            ranked = sorted(h for h in unlabelled if h >= 1)
            # A top heading used once, first, above the others, is the document's title
            # ("# Programme stratégique transversal" over "## …" themes), not an OS.
            if len(ranked) > 1 and uses[ranked[0]] == 1 and order[0] == ranked[0]:
                self.title_level = ranked[0]
                ranked = ranked[1:]
            self._map = {h: Level(min(i + 1, Level.ACTION)) for i, h in enumerate(ranked)}
        self._top = min(self._map, default=None)
        self._uses = uses

    def above_os(self, hint: int) -> bool:
        """True for a heading level above the one the OS headings use, used more than
        once (a heading used once above everything is the document's title)."""
        os_levels = [h for h, level in self._map.items() if level is Level.OS]
        return bool(os_levels) and hint < min(os_levels) and self._uses[hint] > 1

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
    label_of: LabelOf | None = None,
    has_os_labels: bool = False,
    actions_labelled: bool = False,
) -> list[Entry]:
    """Entries for a run of non-table blocks of a plan laid out as an outline.

    ``paragraphs_are_actions``: the document marks its actions neither with labels nor
    with list items, so plain paragraphs under an OO (or under an OS when the document
    has no OO) are its actions; elsewhere they are descriptions.

    ``has_os_labels``: the document labels its OS, so an "Axe 1 :"/"Volet …" line (or
    an unlabelled heading above the OS headings) is a level above the OS: it names the
    axis of the OS that follow (their ``fields["axe"]``) and is not counted as an OS.
    """
    label_of = label_of or block_label
    axes = has_os_labels or not AXIS_NEEDS_OS_LABELS
    out: list[Entry] = []
    in_axis = False
    axis_code: str | None = None
    context: Level | None = None
    list_base: int | None = None
    pending: Entry | None = None
    # Indent of the labelled action the following bullets may belong to (None: no such
    # action is open): a document that labels its actions lists their sub-points
    # ("- Réaliser l'étude…" under "Action 1.1.1 : …") as bullets, a fourth level.
    action_indent: float | None = None
    # Indents of the labelled OS and OO met last, for text that indents its levels.
    label_indent: dict[Level, float] = {}
    # The current OO lists its actions as bullets: a plain line under it is then a
    # caption or a description of those bullets, not another action.
    bullet_actions = False
    joined = join_wrapped(blocks)
    by_indent = indent_levels(joined, label_of)
    for index, block in enumerate(joined):
        text = one_line(block.text)
        if not text:
            continue
        if pending is not None and parse_label(text) is None:
            pending.title = text
            pending = None
            continue
        pending = None
        label = label_of(block)
        if label is None and axes and _is_axis(block, headings):
            axis = parse_axis(text)
            code = axis[0] if axis is not None else None
            # "Présentation de l'axe 1" under "Axe 1 : Cadre de vie" introduces the
            # same axis: its text, not a new one.
            same = in_axis and (code is None or code == axis_code)
            out.append(
                Entry(
                    level=None,
                    title=text,
                    source=block.source,
                    role="axis_text" if same else "axis",
                )
            )
            if not same:
                axis_code = code
            in_axis = True
            continue
        if label is not None or block.kind is BlockKind.HEADING:
            in_axis = False
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
            if block.kind is not BlockKind.LIST_ITEM:
                label_indent[label.level] = _indent(block)
            bullet_actions = False
            action_indent = (
                _indent(block)
                if label.level is Level.ACTION and block.kind is not BlockKind.LIST_ITEM
                else None
            )
            continue
        if block.kind is not BlockKind.LIST_ITEM:
            action_indent = None
        if block.kind is BlockKind.HEADING:
            level = headings.level(block.level_hint)
            if level is None:
                role = (
                    "title"
                    if block.level_hint == 0 or block.level_hint == headings.title_level
                    else None
                )
                out.append(Entry(level=None, title=text, source=block.source, role=role))
            else:
                out.append(Entry(level=level, title=text, source=block.source))
                context = level
            continue
        if block.kind is BlockKind.LIST_ITEM:
            level = Level.ACTION if list_depth(block) == list_base else Level.DETAIL
            if action_indent is not None and _indent(block) >= action_indent:
                level = Level.DETAIL  # a sub-point of the labelled action above it
            bullet_actions = bullet_actions or level is Level.ACTION
            out.append(Entry(level=level, title=text, source=block.source))
            continue
        if in_axis:
            out.append(Entry(level=None, title=text, source=block.source, role="axis_text"))
            continue
        if (
            not actions_labelled
            and not bullet_actions
            and context is Level.OO
            and not opens_with_field_caption(text)
            and _indented_item(block, _next(joined, index), label_indent)
        ):
            out.append(Entry(level=Level.ACTION, title=text, source=block.source))
            action_indent = _indent(block)  # its bullets, deeper, are its sub-points
            continue
        if index in by_indent:
            level = by_indent[index]
            out.append(Entry(level=level, title=text, source=block.source))
            context = min(level, Level.ACTION)
            continue
        if paragraphs_are_actions and (
            context is Level.OO or (context is Level.OS and not has_oo) or context is Level.ACTION
        ):
            out.append(Entry(level=Level.ACTION, title=text, source=block.source))
            continue
        out.append(Entry(level=None, title=text, source=block.source))
    return out


def _next(blocks: Sequence[Block], index: int) -> Block | None:
    """The block after ``index``, if any."""
    return blocks[index + 1] if index + 1 < len(blocks) else None


def _indented_item(block: Block, nxt: Block | None, label_indent: dict[Level, float]) -> bool:
    """True when a plain line is an item of the labelled OO above it, told by
    indentation: the text indents its labelled OO under its OS and this line under the
    OO ("OS 1 -" / "  OO 1.1 -" / "    Rénovation de la salle"). Not when the next line
    is a bullet at the same indent or shallower: that line introduces the OO's list (a
    description), it is not one of its items."""
    os_indent, oo_indent = label_indent.get(Level.OS), label_indent.get(Level.OO)
    if block.kind is not BlockKind.PARAGRAPH or block.source.line is None:
        return False
    if os_indent is None or oo_indent is None or not os_indent < oo_indent < _indent(block):
        return False
    return not (
        nxt is not None and nxt.kind is BlockKind.LIST_ITEM and _indent(nxt) <= _indent(block)
    )


def _indent(block: Block) -> float:
    """The block's left indent (0 when the reader gave none)."""
    return float(block.style.indent or 0) if block.style is not None else 0.0


def _is_axis(block: Block, headings: HeadingLevels) -> bool:
    """An "Axe 2 : …"/"Volet social"/"Présentation de l'axe 1" line, or an unlabelled
    heading above the headings of the OS."""
    if block.kind is BlockKind.LIST_ITEM:
        return False
    if parse_axis(one_line(block.text)) is not None:
        return True
    return (
        block.kind is BlockKind.HEADING
        and block.level_hint is not None
        and block.level_hint >= 1
        and block.level_hint != headings.title_level
        and headings.above_os(block.level_hint)
    )


def indent_levels(blocks: Sequence[Block], label_of: LabelOf) -> dict[int, Level]:
    """Levels of the paragraphs of a plain-text outline told only by indentation.

    Used where nothing stronger decides: no label and no heading in the run, and text
    lines (TXT) at two or more indents. The indents, shallowest first, are the OS, the
    OO and the actions (deeper: details); bullets keep their own reading. A line above
    the deepest indent is an item only when the line after it is deeper (it has
    children): a title or an introduction line at the left margin stays text.
    """
    lines = [
        (i, b)
        for i, b in enumerate(blocks)
        if b.kind in (BlockKind.PARAGRAPH, BlockKind.LIST_ITEM)
        and b.source.line is not None
        and b.table is None
    ]
    if any(b.kind is BlockKind.HEADING or label_of(b) is not None for b in blocks):
        return {}
    indents = sorted({int(b.style.indent or 0) for _, b in lines if b.style is not None})
    if len(indents) < INDENT_MIN_DEPTHS or len(indents) > Level.DETAIL:
        return {}
    depth = {indent: n for n, indent in enumerate(indents)}
    out: dict[int, Level] = {}
    for n, (i, block) in enumerate(lines):
        d = depth[int(block.style.indent or 0) if block.style is not None else 0]
        nxt = lines[n + 1][1] if n + 1 < len(lines) else None
        nxt_d = (
            depth[int(nxt.style.indent or 0) if nxt.style is not None else 0]
            if nxt is not None
            else -1
        )
        if block.kind is BlockKind.LIST_ITEM:
            continue  # bullets keep their own reading (actions, sub-bullets details)
        if d < len(indents) - 1 and nxt_d <= d:
            continue  # no children: text at that margin, not an item
        if d > 0 and not any(v == Level(d) for v in out.values()):
            continue  # nothing above it yet
        out[i] = Level(min(d + 1, Level.DETAIL))
    return out
