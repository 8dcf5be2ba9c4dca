"""A table flattened into one paragraph (a web page, a PDF text layer copied as text).

When cells and rows are lost, the codes are the only separators left: "… 1.1 Verdir les
places Actions 1.1.1. Planter … 1.1.2. Installer …". A long paragraph is cut before each
code when the codes it holds (``FLAT_MIN_CODES`` or more, with real labels such as
"Objectif stratégique N° 1") form one consistent outline, or when real labels name at
least two levels ("OS.1 -", "OO.4 -", "A.7 -"; "Action 1 :" again in every OO: the prefix
states the level, whatever the numbers), or at roman or letter outline codes ("I.",
"I.1", "I.1.1" / "A.", "A.1") that form one outline. What the flattening glued to
the items goes to the furniture: column headers ("Objectifs opérationnels", "Actions")
at the end of a piece, and running headers or footers (a short line of the document,
such as its title, with a page number or a year) at its edges.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from itertools import pairwise

from pstparse.lexicon.labels import OUTLINE_STYLES, Level, parse_label, parse_outline_code
from pstparse.model.findings import finding
from pstparse.model.ir import Block, BlockKind
from pstparse.model.messages import DEFAULT_LANG, Lang
from pstparse.model.plan import Finding, TextBlock
from pstparse.normalise.evidence import (
    BARE_MIN_CONSISTENT_SHARE,
    BARE_MIN_DEPTHS,
    FLAT_FURNITURE_MAX_CHARS,
    FLAT_FURNITURE_MIN_CHARS,
    FLAT_MIN_CHARS,
    FLAT_MIN_CODES,
    FLAT_MIN_LABEL_LEVELS,
)
from pstparse.normalise.outline import numeric_parts, outline_share
from pstparse.normalise.text import fold, one_line

# A bare code of two or more parts inside running text, followed by a word: "1.1.2. Installer".
# Single numbers ("1 ") are too common in prose (quantities, page numbers) to cut at.
_BARE_CODE = re.compile(r"(?<!\S)\d{1,2}(?:\.\d{1,2}){1,3}\.?(?=\s+[^\W\d_])")
_SINGLE_CODE = re.compile(r"(?<!\S)(?P<n>\d{1,2})\.(?=\s+[^\W\d_])")
# Where a roman or letter outline code may start inside running text ("II.", "B.1.2");
# parse_outline_code decides, and the whole paragraph must number that way.
_OUTLINE_START = re.compile(r"(?<!\S)(?:[IVXLC]{1,6}|[A-Z])(?:\.\d{1,2}){0,3}\.?(?=\s)")
# Where a real label may start inside running text.
_LABEL_START = re.compile(
    r"(?<!\S)(?=(?:objectifs?\s+(?:strat|op)\w*|obj\.\s*(?:strat|op)\.?|o\.?s\b|o\.?o\b|os\b|oo\b"
    r"|actions?|projets?|sous-actions?|a(?=\.\d))\s*[\s.:°nNo-]*\d)",
    re.IGNORECASE,
)
# Column headers glued to the end of a piece: "… le village Objectifs opérationnels".
_TRAILING_HEADER = re.compile(
    r"\s+(?P<head>(?:Objectifs?\s+(?:op[ée]rationnels?|strat[ée]giques?)|Actions?|Projets?"
    r"|OBJECTIFS?\s+(?:OP[ÉE]RATIONNELS?|STRAT[ÉE]GIQUES?)|ACTIONS?|PROJETS?)\s*:?)$"
)
_NUMBER = r"(?:\d{1,4}(?:\s*/\s*\d{1,4})?)"
# What a running header or footer adds to the document line it repeats: the plan's
# period ("2024-2030"), a year, a page number ("2", "2/5", "page 2"), in any order —
# "Commune de Malvoisin 2024-2030 2". At most three such tokens, so that an item's own
# numbers are not swallowed past them.
_FURNITURE_SUFFIX = (
    r"(?:\s+(?:\d{4}\s*[-–/]\s*\d{4}|(?:p\.|page)\s*" + _NUMBER + r"|" + _NUMBER + r")){0,3}"
)


@dataclass(slots=True)
class Flattened:
    """Blocks with flattened paragraphs cut into items, and what was set aside."""

    blocks: list[Block]
    furniture: list[TextBlock] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)


def _labelled_levels(text: str) -> list[Level]:
    """The levels of the real labels inside the text, in order."""
    levels: list[Level] = []
    for m in _LABEL_START.finditer(text):
        if text[m.start()].islower():
            continue  # prose, as in _cuts
        label = parse_label(text[m.start() :])
        if label is not None and numeric_parts(label.code) is not None:
            levels.append(label.level)
    return levels


def _labels_state_levels(levels: list[Level]) -> bool:
    """True when real labels cut the text whatever their numbers: enough of them, naming
    FLAT_MIN_LABEL_LEVELS levels or more, the first naming the highest (a flattened
    table starts at its top level)."""
    return (
        len(levels) >= FLAT_MIN_CODES
        and len(set(levels)) >= FLAT_MIN_LABEL_LEVELS
        and levels[0] == min(levels)
    )


def _outline_cuts(text: str) -> list[tuple[int, tuple[int, ...]]]:
    """(offset, code) of the roman or letter outline codes of the text ("I.", "I.1",
    "I.1.1" / "A.", "A.1", "A.1.1"), in the style under which they form one outline on
    the evidence bare codes need (a head of its own among BARE_MIN_DEPTHS depths or more,
    BARE_MIN_CONSISTENT_SHARE continuing the outline); empty when no style does."""
    best: list[tuple[int, tuple[int, ...]]] = []
    for style in OUTLINE_STYLES:
        cuts: list[tuple[int, tuple[int, ...]]] = []
        for m in _OUTLINE_START.finditer(text):
            found = parse_outline_code(text[m.start() :], style)
            if found is not None:
                cuts.append((m.start(), found.parts))
        depths = {len(c) for _, c in cuts}
        if (
            len(cuts) >= FLAT_MIN_CODES
            and 1 in depths
            and len(depths) >= BARE_MIN_DEPTHS
            and outline_share([(c, None) for _, c in cuts]) >= BARE_MIN_CONSISTENT_SHARE
            and len(cuts) > len(best)
        ):
            best = cuts
    return best


def _cuts(text: str) -> list[tuple[int, tuple[int, ...]]]:
    """(offset, code) of every code at which the text could be cut, in order."""
    found: dict[int, tuple[int, ...]] = {}
    spans: list[tuple[int, int]] = []
    for m in _LABEL_START.finditer(text):
        if text[m.start()].islower():
            # "… Lancer le projet 1.2 Rompre …": a label word in lower case is the end of
            # an item's sentence, and the number after it the next bare code.
            continue
        label = parse_label(text[m.start() :])
        parts = numeric_parts(label.code) if label is not None else None
        if label is not None and parts is not None:
            found[m.start()] = parts
            spans.append((m.start(), m.start() + len(label.label)))
    for m in _BARE_CODE.finditer(text):
        if any(start <= m.start() < end for start, end in spans):
            continue  # the number of a real label ("Objectif stratégique N° 1.2")
        parts = numeric_parts(m.group(0).rstrip("."))
        if parts is not None:
            found[m.start()] = parts
    # "2. Rendre la commune sûre" is a cut only when the next code is its first child
    # ("2.1"): a lone "2." in running text is a quantity or an enumeration.
    ordered = sorted(found.items())
    for m in _SINGLE_CODE.finditer(text):
        if m.start() in found or any(start <= m.start() < end for start, end in spans):
            continue
        code = (int(m.group("n")),)
        after = next((c for o, c in ordered if o > m.start()), None)
        if after == (*code, 1):
            found[m.start()] = code
    return sorted(found.items())


def split_flattened(blocks: Sequence[Block], lang: Lang = DEFAULT_LANG) -> Flattened:
    """Cut flattened paragraphs at their codes (see the module docstring)."""
    short: list[str] | None = None
    result = Flattened(blocks=[])
    for block in blocks:
        text = one_line(block.text)
        if block.table is not None or block.kind is BlockKind.HEADING or len(text) < FLAT_MIN_CHARS:
            result.blocks.append(block)
            continue
        cuts = _cuts(text)
        codes = [c for _, c in cuts]
        if not _labels_state_levels(_labelled_levels(text)) and (
            len(cuts) < FLAT_MIN_CODES
            or len({len(c) for c in codes}) < BARE_MIN_DEPTHS
            or outline_share([(c, None) for c in codes]) < BARE_MIN_CONSISTENT_SHARE
        ):
            cuts = []
        # Roman or letter outline codes win when they explain more of the paragraph: in
        # "A. … A.1 … A.1.1 …" the numbers after "A." are parts of letter codes.
        outline_cuts = _outline_cuts(text)
        if len(outline_cuts) > len(cuts):
            cuts = outline_cuts
        if len(cuts) < FLAT_MIN_CODES:
            result.blocks.append(block)
            continue
        if short is None:
            # The document's short lines (title, organisation): the running headers and
            # footers that a flattening glues to the items.
            lines = [one_line(b.text) for b in blocks if b.table is None]
            short = [
                t
                for t in lines
                if FLAT_FURNITURE_MIN_CHARS <= len(t) <= FLAT_FURNITURE_MAX_CHARS
                and parse_label(t) is None
            ]
        others = [s for s in short if s != text]
        offsets = [0, *(o for o, _ in cuts), len(text)]
        for n, (start, end) in enumerate(pairwise(offsets)):
            piece = text[start:end].strip()
            if not piece:
                continue
            piece, aside = _trim(piece, others, is_item=n > 0)
            for role, value in aside:
                result.furniture.append(TextBlock(text=value, role=role, source=block.source))
            if piece:
                style = block.style if n == 0 else None
                result.blocks.append(
                    replace(block, text=piece, kind=BlockKind.PARAGRAPH, style=style)
                )
        result.findings.append(
            finding("flattened-table", lang, source=block.source, chars=len(text), count=len(cuts))
        )
    return result


def _trim(piece: str, others: list[str], *, is_item: bool) -> tuple[str, list[tuple[str, str]]]:
    """Take glued column headers and running headers/footers off a piece's edges."""
    aside: list[tuple[str, str]] = []
    changed = True
    while changed and piece:
        changed = False
        m = _TRAILING_HEADER.search(piece)
        if is_item and m is not None and m.start() > 0:
            aside.append(("column_header", m.group("head")))
            piece = piece[: m.start()].rstrip()
            changed = True
            continue
        for line in others:
            tail = re.search(rf"\s+(?P<f>{re.escape(line)}{_FURNITURE_SUFFIX})$", piece)
            if is_item and tail is not None:
                aside.append(("page_furniture", tail.group("f")))
                piece = piece[: tail.start()].rstrip()
                changed = True
                break
            head = re.match(rf"^(?P<f>{re.escape(line)}{_FURNITURE_SUFFIX})(?:\s+|$)", piece)
            if head is not None and (not is_item or head.end() < len(piece)):
                aside.append(("page_furniture", head.group("f")))
                piece = piece[head.end() :].strip()
                changed = True
                break
    if not is_item and piece and fold(piece) in {fold(o) for o in others}:
        aside.append(("page_furniture", piece))
        piece = ""
    return piece, aside
