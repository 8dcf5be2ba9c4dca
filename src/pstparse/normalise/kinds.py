"""Document kind detection and document-level metadata (title, organisation, period)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from pstparse.blocks import Block
from pstparse.models import Kind
from pstparse.normalise.labels import Label, Level
from pstparse.normalise.text import fold, one_line

_PERIOD = re.compile(r"\b((?:19|20)\d\d)\s*(?:-|–|—|/|à|au)\s*((?:19|20)\d\d)\b")
_ORG = re.compile(
    r"\b(?P<type>CPAS|C\.P\.A\.S\.|Commune|Ville|Centre public d.action sociale)"
    r"\s+(?P<prep>(?i:de la|de l'|de l’|d'|d’|de|du|des))\s*"
    r"(?P<name>[A-ZÉÈÀÂÎ][\w'’]+"
    r"(?:[ -](?:(?:sur|lez|lès|les|en|la|le|aux)[ -])?[A-ZÉÈÀÂÎ][\w'’]+)*)",
)

_KIND_PATTERNS: tuple[tuple[Kind, re.Pattern[str]], ...] = (
    (Kind.DPS, re.compile(r"declaration de politique sociale")),
    (Kind.DPC, re.compile(r"declaration de politique (communale|generale)")),
    (Kind.PST, re.compile(r"programme strategique transversal|\bp\.?s\.?t\.?\b")),
    (Kind.PROJECT_SHEET, re.compile(r"^(fiche[- ]projet|projet)(\s*:.*)?$")),
    (Kind.PROGRAMME, re.compile(r"\bprogramme\b")),
)


def find_period(text: str) -> tuple[int, int] | None:
    """The first "2019-2024"-style period in ``text`` (start <= end, at most 12 years)."""
    for m in _PERIOD.finditer(text):
        start, end = int(m.group(1)), int(m.group(2))
        if start <= end <= start + 12:
            return start, end
    return None


def find_organisation(text: str) -> str | None:
    """ "CPAS de Soumagne", "Commune de Gembloux"… as written in ``text``, if present."""
    m = _ORG.search(text)
    if m is None:
        return None
    return " ".join(m.group(0).split())


def detect_kind(blocks: Sequence[Block], labels: Sequence[Label | None]) -> Kind:
    """Guess the document kind from its labels (one per block) and wording.

    Labelled OS/OO items mean a PST whatever the title says; otherwise the title words
    of the first blocks decide; prose defaults to a programme.
    """
    levels: dict[Level, int] = {}
    for label in labels:
        if label is not None:
            levels[label.level] = levels.get(label.level, 0) + 1
    if levels.get(Level.OS, 0) + levels.get(Level.OO, 0) >= 2:
        return Kind.PST
    head = [re.sub(r"[*_#]+", "", fold(one_line(b.text))) for b in blocks[:12]]
    if any(_KIND_PATTERNS[3][1].search(text) for text in head[:3]):
        return Kind.PROJECT_SHEET
    # Titles are often broken over several lines ("DÉCLARATION / de POLITIQUE / SOCIALE").
    joined = " ".join(head)
    for kind, rx in _KIND_PATTERNS:
        if kind is not Kind.PROJECT_SHEET and rx.search(joined):
            return kind
    if any(b.table is not None for b in blocks):
        return Kind.PST
    return Kind.PROGRAMME
