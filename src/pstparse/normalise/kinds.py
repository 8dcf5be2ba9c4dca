"""Document kind detection and document-level metadata (title, organisation, period)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from pstparse.lexicon.labels import Label, Level
from pstparse.lexicon.marks import ends_sentence
from pstparse.model.ir import Block
from pstparse.model.plan import Kind, Source
from pstparse.normalise.evidence import (
    KIND_HEAD_BLOCKS,
    KIND_HEADER_ROWS,
    KIND_MIN_OBJECTIVE_LABELS,
    KIND_SENTENCE_MIN_WORDS,
    PERIOD_MAX_YEARS,
    PROJECT_HEADING_LINES,
)
from pstparse.normalise.fields import structural_level
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
    """The first "2019-2024"-style period in ``text`` (start <= end, at most
    ``PERIOD_MAX_YEARS`` years)."""
    for m in _PERIOD.finditer(text):
        start, end = int(m.group(1)), int(m.group(2))
        if start <= end <= start + PERIOD_MAX_YEARS:
            return start, end
    return None


def find_organisation(text: str) -> str | None:
    """ "CPAS de Soumagne", "Commune de Gembloux"… as written in ``text``, if present."""
    m = _ORG.search(text)
    if m is None:
        return None
    return " ".join(m.group(0).split())


@dataclass(frozen=True, slots=True)
class KindDecision:
    """A document kind and the evidence that decided it.

    ``weak`` is True when wording or a default decided (no structure, no label): the
    normaliser then leaves an ``info`` finding naming the evidence, worded from the
    message catalogue (``evidence`` is then its variant: wording, table or prose).
    """

    kind: Kind
    evidence: str
    weak: bool
    source: Source | None = None
    phrase: str = ""
    """The wording that decided a weak decision (empty for a default)."""


def detect_kind(blocks: Sequence[Block], labels: Sequence[Label | None]) -> Kind:
    """Guess the document kind (see :func:`decide_kind`)."""
    return decide_kind(blocks, labels).kind


def _structural_columns(blocks: Sequence[Block]) -> tuple[set[Level], Block | None]:
    """The plan levels named by the cells of one table row (a column header row)."""
    rows: dict[tuple[int, int], set[Level]] = {}
    first: dict[tuple[int, int], Block] = {}
    best: tuple[set[Level], Block | None] = (set(), None)
    for block in blocks:
        if block.table is None or block.table.row > KIND_HEADER_ROWS:
            continue
        key = (block.table.table, block.table.row)
        level = structural_level(one_line(block.text))
        if level is None:
            continue
        rows.setdefault(key, set()).add(level)
        first.setdefault(key, block)
        if len(rows[key]) > len(best[0]):
            best = (rows[key], first[key])
    return best


def _is_sentence(text: str) -> bool:
    return len(text.split()) >= KIND_SENTENCE_MIN_WORDS and ends_sentence(text)


def decide_kind(blocks: Sequence[Block], labels: Sequence[Label | None]) -> KindDecision:
    """The document kind, strongest evidence first (see ``normalise.evidence``).

    1. Structure: a table row whose cells name two plan levels ("Objectifs
       stratégiques | Objectifs opérationnels | Actions") is a PST.
    2. Labels: two OS/OO labels are a PST whatever the title says.
    3. A "Projet :" sheet heading in the first lines is a project sheet.
    4. Wording: the earliest kind phrase in the title lines (sentences of an
       introduction do not count); a table still means a PST; prose is a programme.
    """
    levels, header = _structural_columns(blocks)
    if len(levels) >= KIND_MIN_OBJECTIVE_LABELS:
        return KindDecision(
            Kind.PST, "table columns naming plan levels", False, header.source if header else None
        )
    count: dict[Level, int] = {}
    for label in labels:
        if label is not None:
            count[label.level] = count.get(label.level, 0) + 1
    if count.get(Level.OS, 0) + count.get(Level.OO, 0) >= KIND_MIN_OBJECTIVE_LABELS:
        return KindDecision(Kind.PST, "objective labels", False)
    head_blocks = [b for b in blocks[:KIND_HEAD_BLOCKS] if not _is_sentence(one_line(b.text))]
    head = [re.sub(r"[*_#]+", "", fold(one_line(b.text))) for b in head_blocks]
    if any(_KIND_PATTERNS[3][1].search(text) for text in head[:PROJECT_HEADING_LINES]):
        return KindDecision(Kind.PROJECT_SHEET, "a 'Projet :' heading", False)
    # Titles are often broken over several lines ("DÉCLARATION / de POLITIQUE / SOCIALE"):
    # the phrases are searched in the joined title lines, and the earliest one wins (the
    # title comes before what it mentions).
    joined = " ".join(head)
    found: list[tuple[int, int, Kind, str]] = []
    for order, (kind, rx) in enumerate(_KIND_PATTERNS):
        if kind is Kind.PROJECT_SHEET:
            continue
        m = rx.search(joined)
        if m is not None:
            found.append((m.start(), order, kind, m.group(0)))
    if found:
        _, _, kind, phrase = min(found)
        where = _block_at(head, head_blocks, min(found)[0])
        return KindDecision(kind, "wording", True, where, phrase)
    if any(b.table is not None for b in blocks):
        return KindDecision(Kind.PST, "table", True)
    return KindDecision(Kind.PROGRAMME, "prose", True)


def _block_at(head: list[str], blocks: list[Block], offset: int) -> Source | None:
    """The source of the head line holding character ``offset`` of the joined lines."""
    position = 0
    for text, block in zip(head, blocks, strict=True):
        position += len(text) + 1
        if offset < position:
            return block.source
    return None
