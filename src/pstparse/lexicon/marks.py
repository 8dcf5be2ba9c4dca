"""Marks: the bullets that open a list item and the punctuation that ends a sentence.

One definition each, for every reader and for the normaliser, so that a TXT line, a PDF
line and a table cell are cut and joined by the same rules.
"""

from __future__ import annotations

import re

SYMBOL_BULLETS = frozenset("•●○◦▪▫■□►▸‣⁃∙✓✔➢➤→❖⇨")
"""Bullets that are never part of a word or of ordinary punctuation, so they open an item
even glued to the first word ("•Texte", as PDF text often comes out)."""

BULLETS = SYMBOL_BULLETS | frozenset("·-–—*+o»")
"""Every character that opens a list item when it stands alone before the text ("- Texte",
"o Texte", "» Texte"). The extra ones are also dashes, letters or quotes, so they count
only when a space follows them."""

_BULLET_RE = re.compile(
    rf"^\s*(?P<bullet>[{re.escape(''.join(sorted(BULLETS)))}])\s+(?P<rest>\S.*)$", re.DOTALL
)


def parse_bullet(text: str) -> tuple[str, str] | None:
    """Split a leading bullet character from the text: "• Titre" → ("•", "Titre")."""
    m = _BULLET_RE.match(text)
    if m is None:
        return None
    return m.group("bullet"), m.group("rest").strip()


SENTENCE_STOPS = ".!?…"
"""Punctuation that ends a sentence."""

CLAUSE_STOPS = ":;"
"""Punctuation that ends a clause but not the sentence: what follows a colon or a
semicolon is a new unit of text (a list, the next item of an enumeration)."""

CLOSERS = "'’\"”»)]"
"""Closing quotes and brackets, which may follow the stop ("… la commune.»", "(2024).");
French typography puts a space before "»" ("« plan climat. »")."""

_AFTER_STOP = rf"(?:\s*[{re.escape(CLOSERS)}])*$"
_SENTENCE_END = re.compile(rf"[{re.escape(SENTENCE_STOPS)}]{_AFTER_STOP}")
_CLAUSE_END = re.compile(rf"[{re.escape(SENTENCE_STOPS + CLAUSE_STOPS)}]{_AFTER_STOP}")


def ends_sentence(text: str) -> bool:
    """True when ``text`` ends a sentence: a full stop, "!", "?" or "…", maybe followed by
    closing quotes or brackets. For "is this the end of the document's text?"."""
    return bool(_SENTENCE_END.search(text.rstrip()))


def ends_clause(text: str) -> bool:
    """True when ``text`` ends a sentence or a clause (":" and ";" too).

    The test for joining wrapped lines: a line that ends a clause is complete, so the
    next line starts a new paragraph or item rather than going on with it. It is looser
    than :func:`ends_sentence` because a list introduced by ":" and items closed by ";"
    are not one paragraph either.
    """
    return bool(_CLAUSE_END.search(text.rstrip()))


CLOSING_QUOTES: dict[str, str] = {"»": "«"}
"""Closing quotation marks that also serve as bullets ("» Texte"), with the mark that
opens their quote: after an unclosed opening mark, the closing one ends the quote."""


def quote_left_open(text: str, closer: str) -> bool:
    """True when ``text`` opened a quote that ``closer`` ends and left it open."""
    return text.count(CLOSING_QUOTES[closer]) > text.count(closer)
