"""Reading item codes for the validation rules.

Codes in a plan are normalised strings such as ``"1"``, ``"1.2"`` or ``"1.2.3"``, but
roman numerals (``"II"``) and letters (``"A"``, ``"B.1"``) also occur. These helpers
compare codes component by component so that ``"01.2"`` and ``"1.2"`` are the same code,
and they never raise on odd input: a code the validator cannot read is simply not
gap-checked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pstparse.lexicon.labels import MAX_INT_DIGITS, roman_to_int


@dataclass(frozen=True, slots=True)
class Code:
    """A code split into components, e.g. ``"1.2.3"`` → ``("1", "2", "3")``."""

    text: str
    """The code as stored in the plan, stripped."""
    parts: tuple[str, ...]
    """Components as written (no surrounding spaces)."""

    @property
    def dotted(self) -> bool:
        """True for a hierarchical code such as ``"1.2"``."""
        return len(self.parts) > 1

    @property
    def key(self) -> tuple[int | str, ...]:
        """Comparison key: numeric parts as ints, the others case-folded."""
        return tuple(_part_key(p) for p in self.parts)

    @property
    def prefix(self) -> tuple[str, ...]:
        """All components but the last."""
        return self.parts[:-1]

    @property
    def last_number(self) -> int | None:
        """The last component as an int, or None when it is not a number."""
        last = self.parts[-1]
        return int(last) if last.isdigit() and len(last) <= MAX_INT_DIGITS else None

    @property
    def numeric(self) -> bool:
        """True when every component is a number."""
        return all(p.isdigit() for p in self.parts)


def parse_code(code: str | None) -> Code | None:
    """Split a plan code into components, or return None when there is no usable code.

    Spaces and a trailing dot are ignored (``"1.2."`` is ``"1.2"``); empty components
    make the code unreadable as a hierarchy, so it is kept as one opaque component.
    """
    if code is None:
        return None
    text = re.sub(r"\s+", "", code).rstrip(".")
    if not text:
        return None
    parts = tuple(text.split("."))
    if any(not p for p in parts):
        return Code(text=text, parts=(text,))
    return Code(text=text, parts=parts)


def _part_key(part: str) -> int | str:
    return int(part) if part.isdigit() and len(part) <= MAX_INT_DIGITS else part.casefold()


def part_readings(part: str) -> frozenset[int | str]:
    """Every way a parent's code component may be echoed in a child's code.

    ``"II"`` may be written ``"2"`` in its children's codes, and ``"B"`` may be ``"2"``;
    accepting these readings avoids calling a consistent plan inconsistent.
    """
    readings: set[int | str] = {_part_key(part)}
    roman = roman_to_int(part)
    if roman is not None:
        readings.add(roman)
    if len(part) == 1 and part.isalpha() and part.isascii():
        readings.add(ord(part.casefold()) - ord("a") + 1)
    return frozenset(readings)


def extends(child: Code, parent_parts: tuple[str, ...]) -> bool:
    """True when ``child`` starts with all of ``parent_parts`` and has more components."""
    if len(child.parts) <= len(parent_parts):
        return False
    return all(
        _part_key(c) in part_readings(p) for c, p in zip(child.parts, parent_parts, strict=False)
    )
