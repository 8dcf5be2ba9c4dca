"""The names of an action's follow-up fields, as column headers and captions write them.

Facts about the wording only: the normaliser maps a header or caption to its field with
them (``pstparse.normalise.fields``), and the PDF reader sees that a line opens with one
("Pilote : Service travaux") to keep it out of the paragraph above.
"""

from __future__ import annotations

import re
import unicodedata

FIELD_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "pilote",
        re.compile(
            r"^(pilotes?|responsables?|porteurs?|services?( pilotes?)?|gestionnaires?|referents?)\b"
        ),
    ),
    (
        "echeance",
        re.compile(
            r"^(echeances?|delais?|timing|calendrier|planning|periode|dates?|horizon|temporalite)\b"
        ),
    ),
    ("indicateur", re.compile(r"^(indicateurs?)\b")),
    ("budget", re.compile(r"^(budgets?|moyens?|couts?|financements?|ressources?)\b")),
    ("odd", re.compile(r"^(odd|objectifs? de developpement durable)\b")),
    ("partenaires", re.compile(r"^(partenaires?|partenariats?)\b")),
    ("etat", re.compile(r"^(etat|statut|avancement|progression|etat d.avancement)\b")),
)
"""Each standard field and the words (lower case, no accents) its name starts with."""

CAPTION_KEY_MAX_WORDS = 4
"""A caption's key before its colon is a short name ("Pilote", "Budget estimé",
"Objectifs de développement durable" is the longest known one)."""

_LEAD = re.compile(r"^\s*(?P<key>[^\W\d_][^:]{0,60}?)\s*:")


def _bare(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def opens_with_field_caption(text: str) -> bool:
    """True when ``text`` opens with a known field's caption: "Pilote : Service travaux",
    "Échéance: 2026", "Indicateurs :"; the key starts with a capital letter."""
    m = _LEAD.match(text)
    if m is None or not m.group("key")[:1].isupper():
        return False
    key = m.group("key")
    if len(key.split()) > CAPTION_KEY_MAX_WORDS:
        return False
    bare = " ".join(_bare(key).split())
    return any(rx.match(bare) for _, rx in FIELD_PATTERNS)
