"""Column headers → structural roles (OS / OO / action) or normalised field keys."""

from __future__ import annotations

import re

from pstparse.lexicon.fields import FIELD_PATTERNS, opens_with_field_caption
from pstparse.lexicon.labels import Level
from pstparse.model.plan import STANDARD_FIELDS
from pstparse.normalise.evidence import CAPTION_MAX_WORDS, KEY_MAX_WORDS
from pstparse.normalise.text import fold, one_line

_STRUCTURAL: tuple[tuple[Level, re.Pattern[str]], ...] = (
    (Level.OS, re.compile(r"^(objectifs?( strat\w*)?|o\.?s\.?|axes?( strat\w*)?|themes?)$")),
    (Level.OO, re.compile(r"^(objectifs? op\w*|o\.?o\.?|sous[- ]themes?)$")),
    (
        Level.ACTION,
        re.compile(r"^(actions?|projets?|mesures?|fiches?( actions?)?|actions? / projets?)$"),
    ),
)

_FIELD_PATTERNS = FIELD_PATTERNS

assert {key for key, _ in _FIELD_PATTERNS} == set(STANDARD_FIELDS)


def _key(header: str) -> str:
    return re.sub(r"\s*\(.*?\)\s*", " ", fold(header)).strip()


_STRUCTURAL_WORDS: tuple[tuple[Level, re.Pattern[str]], ...] = (
    (Level.OO, re.compile(r"\bobjectifs? op\w*|\boo\b")),
    (Level.OS, re.compile(r"\bobjectifs? strat\w*|\bos\b|\baxes? strat\w*")),
    (Level.ACTION, re.compile(r"\b(actions?|projets?|mesures?)\b")),
)


def structural_level(header: str) -> Level | None:
    """The level a column header names ("Objectifs opérationnels" → OO), if any.

    Whole-header matches first; then a header that mentions a level ("Intitulé de
    l'action", "Libellé OS") unless it names a field ("Indicateurs de l'action").
    """
    key = _key(header)
    for level, rx in _STRUCTURAL:
        if rx.match(key):
            return level
    if field_key(header) is not None or len(key.split()) > KEY_MAX_WORDS:
        return None
    for level, rx in _STRUCTURAL_WORDS:
        if rx.search(key):
            return level
    return None


def field_key(header: str) -> str | None:
    """The normalised field key a column header names ("Échéance" → "echeance"), if any."""
    key = _key(header)
    for name, rx in _FIELD_PATTERNS:
        if rx.match(key):
            return name
    return None


def is_header_text(text: str) -> bool:
    """True when a cell's text is a known column header."""
    return structural_level(text) is not None or field_key(text) is not None


def column_field_name(header: str) -> str:
    """The key under which a column's values are stored in ``fields``.

    Recognised headers get their stable key; others keep their header text.
    """
    return field_key(header) or " ".join(header.split())


_CAPTION = re.compile(r"^(?P<key>[^:]{1,80}?)\s*:$")


def caption_field(text: str, *, set_apart: bool) -> str | None:
    """The field a caption line opens ("Indicateurs :" → "indicateur"), if it is one.

    A caption is a short key ending in a colon that does not name a plan level; it must
    name a known field unless typography sets it apart (``set_apart``: a heading, bold).
    Labels are the caller's business.
    """
    m = _CAPTION.match(one_line(text))
    if m is None:
        return None
    key = m.group("key").strip()
    if len(key.split()) > CAPTION_MAX_WORDS or structural_level(key) is not None:
        return None
    if not set_apart and field_key(key) is None:
        return None
    return column_field_name(key)


def inline_field(text: str) -> tuple[str, str] | None:
    """("pilote", "Service travaux") for "Pilote : Service travaux": a line that opens
    with a known field's caption and gives its value after the colon; else None."""
    if not opens_with_field_caption(text):
        return None
    head, _, value = text.partition(":")
    key = field_key(head)
    value = value.strip()
    if key is None or not value:
        return None
    return key, value
