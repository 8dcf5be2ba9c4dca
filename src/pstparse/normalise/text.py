"""Character-level cleaning shared by every format."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_SPACES = re.compile(r"[ \t\u00a0\u2007\u202f\u3000]+")
_ZERO_WIDTH = re.compile(r"[\u00ad\u200b\u200c\u200d\ufeff]")
_LIGATURES = {"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl"}

CLEAN_TEXT_CACHE = 8192
"""Texts whose cleaned form :func:`clean_text` remembers. The normaliser's passes clean the
same block and cell texts again and again (about a dozen times each on a table plan: the
labeller, the kind decision, the table reader, the title and contents passes); a memo
makes the repeats free. The size bounds it on long documents; ``normalise`` empties it
when a document is done, so nothing of one document stays in memory for the next."""


@lru_cache(maxsize=CLEAN_TEXT_CACHE)
def clean_text(text: str) -> str:
    """Normalise spaces, remove zero-width and soft-hyphen characters, expand ligatures.

    Line breaks inside the text are kept as single newlines.
    """
    text = unicodedata.normalize("NFC", text)
    for lig, rep in _LIGATURES.items():
        text = text.replace(lig, rep)
    text = _ZERO_WIDTH.sub("", text)
    lines = [_SPACES.sub(" ", line).strip() for line in text.splitlines()]
    return "\n".join(line for line in lines if line)


def one_line(text: str) -> str:
    """Join the lines of ``text`` with single spaces."""
    return " ".join(clean_text(text).split("\n"))


def fold(text: str) -> str:
    """A comparison key: lower case, no accents, single spaces, no edge punctuation."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _SPACES.sub(" ", bare.replace("\n", " ")).strip(" .;:,-–•*").lower()
