"""The one rule that keeps a cell from running as a formula in a spreadsheet.

Excel, LibreOffice and Google Sheets read a CSV/TSV cell that starts with ``=``, ``+``,
``-`` or ``@`` as a formula (and a leading tab or carriage return can hide such a start),
so a title such as ``=HYPERLINK("http://…")`` in a source document would run when the
export is opened ("CSV injection", see OWASP's CSV Injection page). The rule follows
OWASP's guidance: such a cell is written with a leading single quote, which every
spreadsheet shows as text.

Every table export applies :func:`needs_guard` in the same way:

* CSV and TSV write :func:`guard` (a literal ``'`` before the value);
* XLSX writes the value unchanged as a string cell with Excel's "quote prefix" style,
  which shows the exact text and keeps it text when the cell is edited, with no visible
  apostrophe.

The rule is reversible: a value that already starts with apostrophes followed by a
trigger character gets one more, and :func:`unguard` removes exactly one, so reading an
export back (``pstparse convert plan.csv``) gives the original text. ``--raw-cells``
turns the guard off (for a program that reads the file, not a person).
"""

from __future__ import annotations

FORMULA_TRIGGERS = frozenset("=+-@\t\r")
"""First characters that make a spreadsheet read a cell as a formula (OWASP's list)."""

QUOTE = "'"


def needs_guard(text: str) -> bool:
    """True when ``text``, once its leading apostrophes are set aside, starts a formula."""
    return text.lstrip(QUOTE)[:1] in FORMULA_TRIGGERS


def guard(text: str) -> str:
    """``text`` with a leading apostrophe when it could run as a formula (else as is)."""
    return QUOTE + text if needs_guard(text) else text


def unguard(text: str) -> str:
    """Undo :func:`guard`: ``unguard(guard(t)) == t`` for every string ``t``."""
    if text.startswith(QUOTE) and needs_guard(text):
        return text[1:]
    return text
