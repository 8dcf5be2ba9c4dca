"""A table flattened into one paragraph (a web page, a PDF text layer copied as text).

When cells and rows are lost, the codes are the only separators left: "… 1.1 Verdir les
places Actions 1.1.1. Planter … 1.1.2. Installer …". A long paragraph is cut before each
code when the codes it holds (``FLAT_MIN_CODES`` or more, with real labels such as
"Objectif stratégique N° 1") form one consistent outline. What the flattening glued to
the items goes to the furniture: column headers ("Objectifs opérationnels", "Actions")
at the end of a piece, and running headers or footers (a short line of the document,
such as its title, with a page number or a year) at its edges.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from itertools import pairwise

from pstparse.lexicon.labels import parse_label
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
)
from pstparse.normalise.outline import numeric_parts, outline_share
from pstparse.normalise.text import fold, one_line

# A bare code of two or more parts inside running text, followed by a word: "1.1.2. Installer".
# Single numbers ("1 ") are too common in prose (quantities, page numbers) to cut at.
_BARE_CODE = re.compile(r"(?<!\S)\d{1,2}(?:\.\d{1,2}){1,3}\.?(?=\s+[^\W\d_])")
_SINGLE_CODE = re.compile(r"(?<!\S)(?P<n>\d{1,2})\.(?=\s+[^\W\d_])")
# Where a real label may start inside running text.
_LABEL_START = re.compile(
    r"(?<!\S)(?=(?:objectifs?\s+(?:strat|op)\w*|obj\.\s*(?:strat|op)\.?|o\.?s\b|o\.?o\b|os\b|oo\b"
    r"|actions?|projets?|sous-actions?)\s*[\s.:°nNo-]*\d)",
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


def _cuts(text: str) -> list[tuple[int, tuple[int, ...]]]:
    """(offset, code) of every code at which the text could be cut, in order."""
    found: dict[int, tuple[int, ...]] = {}
    spans: list[tuple[int, int]] = []
    for m in _LABEL_START.finditer(text):
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
        if (
            len(cuts) < FLAT_MIN_CODES
            or len({len(c) for c in codes}) < BARE_MIN_DEPTHS
            or outline_share([(c, None) for c in codes]) < BARE_MIN_CONSISTENT_SHARE
        ):
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
