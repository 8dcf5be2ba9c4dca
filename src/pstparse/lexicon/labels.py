"""The label grammar: "O.S. 1 :", "OS.1 -", "Objectif stratégique n°1", "OO 1.2", "A.3",
"Action 2 –", "Projet 1.1" … → (level, code, label as written, rest of the text).

A label is the strongest evidence of an item's level, stronger than the column or the
heading style it sits in. A new label style is one new entry in ``_PREFIXES``.

This is grammar only, shared by the readers (a label opens a paragraph), the normaliser
(which decides levels from it and from context) and validation (which compares codes):
what a label *says*, never whether the document means it. The one ``Level`` enum and the
one roman-numeral reader live here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import IntEnum
from functools import lru_cache

__all__ = [
    "CODE_PART_MAX_DIGITS",
    "LABEL_CACHE",
    "MAX_INT_DIGITS",
    "OUTLINE_STYLES",
    "ROMAN_MAX",
    "Enumerator",
    "Label",
    "Level",
    "OutlineCode",
    "digits_text",
    "int_to_roman",
    "normalise_code",
    "outline_head_value",
    "parse_axis_heading",
    "parse_bare_number",
    "parse_enumerator",
    "parse_label",
    "parse_outline_code",
    "roman_to_int",
]

CODE_PART_MAX_DIGITS = 2
"""A code part of more digits ("Action 2026", "OS 2019-2024") is a year, not a code, when
nothing separates it from the text: plans count at most 99 items at a level."""


class Level(IntEnum):
    """Depth in the plan hierarchy: what a label announces, what the normaliser decides,
    where validation finds an item. ``DETAIL`` (a sub-action) is folded into its action's
    text by the normaliser: a plan stores OS, OO and actions only."""

    OS = 1
    OO = 2
    ACTION = 3
    DETAIL = 4

    @property
    def key(self) -> str:
        """The level's name in message keys: "os", "oo", "action", "detail"."""
        return self.name.lower()


@dataclass(frozen=True, slots=True)
class Label:
    """A parsed label: ``label`` is the text as written, ``rest`` what follows it."""

    level: Level
    code: str | None
    label: str
    rest: str


_A = "[aàâä]"
_E = "[eéèêë]"
_I = "[iîï]"
_O = "[oôö]"

# Each prefix is matched case-insensitively at the start of the text. Order matters:
# longer, more specific prefixes first.
_PREFIXES: tuple[tuple[Level, str], ...] = (
    (Level.OS, rf"objectifs?\s+strat{_E}giques?"),
    (Level.OO, rf"objectifs?\s+op{_E}rationn{_E}ls?"),
    (Level.OS, r"obj\.?\s*strat\.?"),
    (Level.OO, r"obj\.?\s*op\.?"),
    (Level.DETAIL, r"sous[-\s]?actions?"),
    (Level.ACTION, r"actions?"),
    (Level.ACTION, r"projets?"),
    (Level.OS, r"o\s?\.\s?s\s?\.?|os\.?"),
    (Level.OO, r"o\s?\.\s?o\s?\.?|oo\.?"),
    (Level.ACTION, r"a\.?"),
)

# "n°", "no", "nr", "num." between the prefix and the number.
_NUMERO = r"(?:n\s?°|n\s?º|no\.?|nr\.?|num(?:[ée]ro)?\.?)?"
# Dotted number: 1 / 1.2 / 1.2.3 / 1-2 (spaces allowed around separators, as in "1 . 2").
_CODE = r"(?P<code>\d{1,3}(?:\s?[.\-/]\s?\d{1,3}){0,4})"
# What may separate label and title: ":", "-", "–", "—", ".", ")", or plain space.
_SEP = r"(?P<sep>\s*[:\-–—.)]+\s*|\s+|$)"

_LABEL_RES: tuple[tuple[Level, re.Pattern[str]], ...] = tuple(
    (
        level,
        re.compile(
            rf"^\s*(?P<label>(?:{prefix})\s*{_NUMERO}\s*[.\-]?\s*{_CODE}\.?{_SEP})(?P<rest>.*)$",
            re.IGNORECASE | re.DOTALL,
        ),
    )
    for level, prefix in _PREFIXES
)

# Spelled-out prefixes may stand without a number: "Objectif stratégique : Titre".
_UNNUMBERED_RES: tuple[tuple[Level, re.Pattern[str]], ...] = tuple(
    (
        level,
        re.compile(
            rf"^\s*(?P<label>(?:{prefix})\s*[:–—]\s*)(?P<rest>\S.*)$",
            re.IGNORECASE | re.DOTALL,
        ),
    )
    for level, prefix in _PREFIXES[:4]
)

_CODE_SPLIT = re.compile(r"\s?[.\-/]\s?")

LABEL_CACHE = 8192
"""Texts whose parsed label :func:`parse_label` remembers. The normaliser asks for the label
of the same block or cell several times (labeller, kind decision, table reader), and each
miss tries a dozen patterns; a :class:`Label` is frozen, so one answer can be shared.
``normalise`` empties the memo when a document is done."""


def normalise_code(raw: str) -> str:
    """Return a code in canonical form: "1 . 2" / "1-2" / "01.2" → "1.2"."""
    parts = [p for p in _CODE_SPLIT.split(raw.strip()) if p]
    return ".".join(digits_text(p) if p.isdigit() else p for p in parts)


@lru_cache(maxsize=LABEL_CACHE)
def parse_label(text: str) -> Label | None:
    """Parse a leading OS/OO/action label, or return None when the text has none.

    The single letter prefix "A" needs a separator after the number ("A.3 -", "A1 :")
    or a dotted code ("A.1.2"), so that prose such as "A 3 ans" is not taken for a label.
    """
    for level, rx in _LABEL_RES:
        m = rx.match(text)
        if m is None:
            continue
        label = m.group("label")
        rest = m.group("rest")
        sep = m.group("sep")
        code = normalise_code(m.group("code"))
        head = label.lstrip().lower()
        if head.startswith("a") and not head.startswith("action") and not _is_bare_a_ok(m):
            continue
        # "Action 2026" or "OS 2019-2024" are years, not codes.
        if any(len(p) > CODE_PART_MAX_DIGITS for p in code.split(".")) and not sep.strip():
            continue
        if rest and sep == "" and rest[:1].isalnum():
            continue
        return Label(level=level, code=code, label=label.strip(), rest=rest.strip())
    for level, rx in _UNNUMBERED_RES:
        m = rx.match(text)
        if m is not None:
            return Label(
                level=level, code=None, label=m.group("label").strip(), rest=m.group("rest").strip()
            )
    return None


def _is_bare_a_ok(m: re.Match[str]) -> bool:
    sep = m.group("sep").strip()
    code = m.group("code")
    label = m.group("label").lstrip()
    dotted_prefix = len(label) > 1 and label[1] in ".:"
    return bool(sep) or "." in code or dotted_prefix


# --- enumerators used by prose documents: "1.", "1)", "I.", "a)", "Axe 2", "Thème 3" ---

_ROMAN_BODY = r"M{0,3}(?:C[MD]|D?C{0,3})(?:X[CL]|L?X{0,3})(?:I[XV]|V?I{0,3})"
# A numeral opening an enumerator: up to C, as a whole word ("IV." but not "Ivre").
_ROMAN = rf"(?=[IVXLC]+\b){_ROMAN_BODY}"
# A whole numeral, for reading one on its own (a code part "ii", an outline head "IV").
_ROMAN_FULL = re.compile(rf"^(?=.){_ROMAN_BODY}$")
_ENUM_RE = re.compile(
    rf"""^\s*(?P<marker>
        (?:(?P<word>axe|th[eèé]me|chapitre|partie|titre|priorit[eé])\s+(?P<wcode>\d{{1,2}}|{_ROMAN})\s*[:.\-–—]?
        |(?P<dotted>\d{{1,2}}(?:\.\d{{1,2}}){{1,3}})\s
        |(?P<num>\d{{1,2}}(?:\.\d{{1,2}}){{0,3}})\s*[.)]
        |(?P<roman>{_ROMAN})\s*[.)]
        |(?P<letter>[a-zA-Z])\s*\)|(?P<uletter>[A-Z])\.(?=\s)
        )\s*)(?P<rest>\S.*)$""",
    re.VERBOSE | re.DOTALL | re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Enumerator:
    """A leading enumerator of prose: ``kind`` is 'word', 'num', 'roman' or 'letter'.

    ``code`` keeps roman numerals and letters as written ("IV", "b"); numbers are
    normalised ("01" → "1").
    """

    kind: str
    code: str
    marker: str
    rest: str


_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}


MAX_INT_DIGITS = 18
"""Longer digit runs are not converted to numbers: Python refuses to convert more than
4,300 digits (a denial-of-service guard), and no label number has more than a few."""


def digits_text(digits: str) -> str:
    """A run of digits without its leading zeros ("07" → "7"), whatever its length."""
    if len(digits) <= MAX_INT_DIGITS:
        return str(int(digits))
    return digits.lstrip("0") or "0"


def roman_to_int(text: str) -> int | None:
    """Value of a well-formed roman numeral in either case ("IV", "xii" → 4, 12), or None
    ("IIII", "VX", "", "B")."""
    if not _ROMAN_FULL.match(text.upper()):
        return None
    total, prev = 0, 0
    for ch in reversed(text.upper()):
        v = _ROMAN_VALUES[ch]
        total = total - v if v < prev else total + v
        prev = max(prev, v)
    return total


_ROMAN_DIGITS = (
    (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
    (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
)  # fmt: skip
ROMAN_MAX = 3999
"""The largest number roman numerals write without a bar over the thousands."""


def int_to_roman(number: int) -> str | None:
    """The roman numeral of ``number`` in capitals (4 → "IV"), or None outside 1…3999."""
    if not 0 < number <= ROMAN_MAX:
        return None
    out = []
    for value, letters in _ROMAN_DIGITS:
        count, number = divmod(number, value)
        out.append(letters * count)
    return "".join(out)


def parse_enumerator(text: str) -> Enumerator | None:
    """Parse a leading enumerator such as "1.", "2)", "IV.", "b)", "Axe 3 :".

    Years ("2019.") and amounts are not enumerators: numbers have at most two digits.
    """
    m = _ENUM_RE.match(text)
    if m is None:
        return None
    rest = m.group("rest").strip()
    marker = m.group("marker").strip()
    if m.group("word"):
        wcode = m.group("wcode")
        code = digits_text(wcode) if wcode.isdigit() else wcode.upper()
        return Enumerator("word", code, marker, rest)
    num = m.group("num") or m.group("dotted")
    if num:
        return Enumerator("num", normalise_code(num), marker, rest)
    if m.group("uletter"):
        return Enumerator("letter", m.group("uletter"), marker, rest)
    if m.group("roman"):
        roman = m.group("roman")
        if roman != roman.upper():
            return None
        if roman in ("C", "D", "L", "M"):
            # Single letters worth 50 or more are list letters ("C. Culture"), not numerals.
            return Enumerator("letter", roman, marker, rest)
        return Enumerator("roman", roman, marker, rest)
    return Enumerator("letter", m.group("letter"), marker, rest)


# --- bare hierarchical numbers: "1.", "1.1", "1.1.1." as labels ---

_BARE_RE = re.compile(
    r"^\s*(?P<label>(?P<code>\d{1,2}(?:\.\d{1,2}){0,3})(?P<dot>\.)?(?P<sep>\s*[:\-–—)]\s*|\s+))"
    r"(?P<rest>[^\W\d_].*|[«\"“(].*)$",
    re.DOTALL,
)


# A number followed by a unit is a quantity ("1.5 million", "2.5 ha", "12. km"), never a
# code: budget and indicator cells are full of them.
_UNIT_AFTER = re.compile(
    r"^(?:millions?|milliards?|mio|m€|k€|€|eur(?:os?)?|%|pour\s?cent|ans?|mois|semaines?"
    r"|jours?|heures?|h|km|kms|m|m²|m2|m³|m3|ha|hectares?|kg|tonnes?|t|kwh|mwh|gwh|x)\b",
    re.IGNORECASE,
)


def parse_bare_number(text: str) -> Label | None:
    """Parse a bare hierarchical number ("1.", "1.1", "1.1.1.") as a label whose level is
    its depth (1 → OS, 2 → OO, 3 → action, 4 → detail).

    Only a candidate: the normaliser accepts bare numbers as labels when the whole
    document numbers its items that way (see ``outline.Labeller``). A single number needs
    a dot or a parenthesis ("1." / "1)"): "3 ans" is not a label. Years and amounts are
    not codes: each part has at most two digits.
    """
    m = _BARE_RE.match(text)
    if m is None:
        return None
    code = m.group("code")
    depth = code.count(".") + 1
    if depth == 1 and not (m.group("dot") or m.group("sep").strip()):
        return None
    if _UNIT_AFTER.match(m.group("rest")):
        return None
    return Label(
        level=Level(min(depth, Level.DETAIL)),
        code=normalise_code(code),
        label=m.group("label").strip(),
        rest=m.group("rest").strip(),
    )


# --- levels above the OS: "Axe 1 :", "Volet social", "Présentation de l'axe 2" ---

_AXIS_RE = re.compile(
    rf"^\s*(?:pr{_E}sentation\s+d[eu]\s+(?:l['’]\s*)?|(?:l['’]\s*))?"
    rf"(?P<word>axes?|volets?|piliers?|p{_O}les?|domaines?)\b"
    rf"(?:\s+(?:strat{_E}giques?|th{_E}matiques?|prioritaires?))?"
    rf"(?:\s*(?:n\s?°|no\.?)?\s*(?P<code>\d{{1,2}}|[IVX]{{1,4}}|[A-H])\b)?\s*[:.\-–—]?\s*(?P<rest>.*)$",
    re.IGNORECASE | re.DOTALL,
)


def parse_axis_heading(text: str) -> tuple[str | None, str] | None:
    """ "Axe 2 : Cadre de vie" → ("2", "Cadre de vie"): the words of a level above the OS
    (axe, volet, pilier, pôle, domaine) with its code (None when unnumbered) and title;
    None when the text does not start that way or has neither code nor title.

    Grammar only: whether such a line is a heading or a sentence that starts with "Le
    volet…" is the normaliser's call (``normalise.axes.parse_axis``).
    """
    m = _AXIS_RE.match(text)
    if m is None:
        return None
    rest = m.group("rest").strip()
    code = m.group("code")
    if code is None and not rest:
        return None
    return code, rest


# --- roman and letter outlines: "I.", "I.1", "I.1.1" / "A.", "A.1", "A.1.1" as labels ---

_OUTLINE_RE = re.compile(
    r"^\s*(?P<label>(?P<code>(?P<head>[IVXLC]{1,6}|[A-Z])(?P<tail>(?:\.\d{1,2}){0,3}))"
    r"(?P<dot>\.)?(?P<sep>\s*[:\-–—)]\s*|\s+))(?P<rest>[^\W\d_].*|[«\"“(].*)$",
    re.DOTALL,
)

OUTLINE_STYLES = ("roman", "letter")
"""How the head of an outline code counts: a roman numeral ("IV.2" → 4.2) or a capital
letter ("D.2" → 4.2). Some heads read both ways ("C.", "I.", "V."): the document decides."""


@dataclass(frozen=True, slots=True)
class OutlineCode:
    """A candidate outline label: ``parts`` are the code's numbers, its head counted in
    ``style``, ``label`` the label it makes when the document numbers that way."""

    style: str
    parts: tuple[int, ...]
    label: Label


def outline_head_value(head: str, style: str) -> int | None:
    """Value of an outline head in ``style`` ("IV" → 4 in roman, "D" → 4 as a letter),
    or None when the head cannot be read that way."""
    if style == "roman":
        # Outline heads count up to C (100): a lone "D" or "M" is a list letter.
        return roman_to_int(head) if head.isupper() and not head.strip("IVXLC") else None
    return ord(head) - ord("A") + 1 if len(head) == 1 else None


def parse_outline_code(text: str, style: str) -> OutlineCode | None:
    """Parse a leading roman or letter outline code ("II.", "II.3", "B.1.2 –") read in
    ``style`` as a label whose level is its depth (1 → OS, 2 → OO, 3 → action).

    Only a candidate, like bare numbers: the normaliser accepts these codes where the
    whole document numbers its items that way (see ``outline.Labeller``). Heads are
    capitals (a lower-case "a." is a list letter) and a head alone needs punctuation
    after it ("B." / "B -"): "A Namur" is not a label.
    """
    m = _OUTLINE_RE.match(text)
    if m is None:
        return None
    head = m.group("head")
    value = outline_head_value(head, style)
    if value is None:
        return None
    tail = [int(p) for p in m.group("tail").split(".") if p]
    if not tail and not (m.group("dot") or m.group("sep").strip()):
        return None
    if _UNIT_AFTER.match(m.group("rest")):
        return None
    depth = len(tail) + 1
    code = ".".join([head, *(str(p) for p in tail)])
    return OutlineCode(
        style=style,
        parts=(value, *tail),
        label=Label(
            level=Level(min(depth, Level.DETAIL)),
            code=code,
            label=m.group("label").strip(),
            rest=m.group("rest").strip(),
        ),
    )
