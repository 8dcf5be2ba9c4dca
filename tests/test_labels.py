"""The label grammar: every common style, property-based round trips, and non-labels."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pstparse.lexicon.labels import (
    Level,
    normalise_code,
    parse_enumerator,
    parse_label,
    roman_to_int,
)

CASES = [
    ("O.S. 1 : être un CPAS", Level.OS, "1", "être un CPAS"),
    ("OS1 Titre", Level.OS, "1", "Titre"),
    ("OS.1 - Etre une commune", Level.OS, "1", "Etre une commune"),
    ("Objectif stratégique 1 Titre", Level.OS, "1", "Titre"),
    ("Objectif stratégique n°1 : Titre", Level.OS, "1", "Titre"),
    ("OBJECTIF STRATEGIQUE 1 – Titre", Level.OS, "1", "Titre"),
    ("O.O.1.1: Renforcer", Level.OO, "1.1", "Renforcer"),
    ("OO 1.1 Titre", Level.OO, "1.1", "Titre"),
    ("OO.2 - Diminuer", Level.OO, "2", "Diminuer"),
    ("Objectif opérationnel 1.2 : Titre", Level.OO, "1.2", "Titre"),
    ("O.O.2.2 Renforcer les actions", Level.OO, "2.2", "Renforcer les actions"),
    ("Action 1.1.1 Titre", Level.ACTION, "1.1.1", "Titre"),
    ("A.1.1.1 : Titre", Level.ACTION, "1.1.1", "Titre"),
    ("A.3 - Titre", Level.ACTION, "3", "Titre"),
    ("Action 2 – Titre", Level.ACTION, "2", "Titre"),
    ("Projet 1.1 Titre", Level.ACTION, "1.1", "Titre"),
    ("Sous-action 1.1.1.1 : Titre", Level.DETAIL, "1.1.1.1", "Titre"),
    ("O.S.4 : Être", Level.OS, "4", "Être"),
    ("OS 1", Level.OS, "1", ""),
]


@pytest.mark.parametrize(("text", "level", "code", "rest"), CASES)
def test_label_styles(text: str, level: Level, code: str, rest: str) -> None:
    label = parse_label(text)
    assert label is not None
    assert (label.level, label.code, label.rest) == (level, code, rest)
    assert text.startswith(label.label)


@pytest.mark.parametrize(
    "text",
    [
        "A cet égard, il s'agira",
        "A 3 ans de la fin",
        "Actions",
        "OBJECTIFS STRATEGIQUES",
        "Action 2026 sera une année",
        "OS 2019-2024",
        "Osons 1 pari",
        "Oser la culture",
        "Organiser la PMI",
    ],
)
def test_not_labels(text: str) -> None:
    assert parse_label(text) is None


# Renderers for the property test: every style must parse back to its level and code.
OS_STYLES = [
    "O.S. {c} :",
    "OS{c}",
    "OS.{c} -",
    "Objectif stratégique {c}",
    "Objectif stratégique n°{c} :",
    "OBJECTIF STRATEGIQUE {c} –",
    "O.S.{c}",
]
OO_STYLES = [
    "O.O.{c}.",
    "OO {c}",
    "OO.{c} -",
    "Objectif opérationnel {c} :",
    "O.O. {c} :",
    "OBJECTIF OPERATIONNEL {c}",
]
ACTION_STYLES = ["Action {c}", "A.{c} :", "A.{c} -", "Action {c} –", "Projet {c}", "A{c} :"]

codes = st.lists(st.integers(min_value=1, max_value=99), min_size=1, max_size=4).map(
    lambda xs: ".".join(map(str, xs))
)
titles = (
    st.text(
        alphabet=st.sampled_from("abcdefghijklmnopqrstuvwxyzéèàçABCDEFGHIJÉ '"),
        min_size=1,
        max_size=40,
    )
    .map(str.strip)
    .filter(lambda t: t[:1].isalpha())
)


@given(
    st.sampled_from(
        [(Level.OS, s) for s in OS_STYLES]
        + [(Level.OO, s) for s in OO_STYLES]
        + [(Level.ACTION, s) for s in ACTION_STYLES]
    ),
    codes,
    titles,
)
def test_parse_render_roundtrip(style: tuple[Level, str], code: str, title: str) -> None:
    level, template = style
    label = template.format(c=code)
    parsed = parse_label(f"{label} {title}")
    assert parsed is not None
    assert parsed.level == level
    assert parsed.code == code
    assert parsed.rest == title


@given(
    st.lists(st.integers(min_value=0, max_value=999), min_size=1, max_size=5),
    st.sampled_from([".", "-", " . "]),
)
def test_normalise_code(parts: list[int], sep: str) -> None:
    raw = sep.join(f"{p:02d}" for p in parts)
    assert normalise_code(raw) == ".".join(str(p) for p in parts)


@pytest.mark.parametrize(
    ("text", "kind", "code", "rest"),
    [
        ("1. RENFORCER L'AUTONOMIE", "num", "1", "RENFORCER L'AUTONOMIE"),
        ("10. PLAN DE COHÉSION", "num", "10", "PLAN DE COHÉSION"),
        ("1.2 Sous-thème", "num", "1.2", "Sous-thème"),
        ("IV. Logement", "roman", "IV", "Logement"),
        ("b) détail", "letter", "b", "détail"),
        ("Axe 2 : Mobilité", "word", "2", "Mobilité"),
        ("Thème III – Culture", "word", "III", "Culture"),
        ("A. Mobilité douce", "letter", "A", "Mobilité douce"),
    ],
)
def test_enumerators(text: str, kind: str, code: str, rest: str) -> None:
    e = parse_enumerator(text)
    assert e is not None
    assert (e.kind, e.code, e.rest) == (kind, code, rest)


@pytest.mark.parametrize("text", ["2019. Une année", "Il fait beau", "La 3e voie"])
def test_not_enumerators(text: str) -> None:
    assert parse_enumerator(text) is None


@given(st.integers(min_value=1, max_value=3999))
def test_roman_roundtrip(n: int) -> None:
    vals = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ]
    out, m = "", n
    for v, s in vals:
        while m >= v:
            out += s
            m -= v
    assert roman_to_int(out) == n
