"""The one lexicon: the rules every layer shares, each defined once.

Bullets and sentence ends (``lexicon.marks``), line-end hyphens (``lexicon.hyphens``) and
roman numerals (``lexicon.labels``) are tested here on their own, then through whole
documents: a TXT file and a PDF drawn with the same printed lines give the same text.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from pstparse.api import extract_bytes
from pstparse.extractors.pdf import bullet_symbol
from pstparse.lexicon.hyphens import (
    COMPOUND_PREFIXES,
    HYPHENATED_TAILS,
    Vocabulary,
    join_hyphenated,
    join_lines,
)
from pstparse.lexicon.labels import ROMAN_MAX, Level, int_to_roman, roman_to_int
from pstparse.lexicon.marks import (
    BULLETS,
    CLOSERS,
    SYMBOL_BULLETS,
    ends_clause,
    ends_sentence,
    parse_bullet,
)
from pstparse.model.plan import Plan
from pstparse.normalise.segment import continues, dehyphenate
from pstparse.validation.tree import level_name

sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "pdf"))
import raw

SRC = Path(__file__).resolve().parent.parent / "src" / "pstparse"

# ------------------------------------------------------------------------- defined once

# Names of the shared rules: each may be defined (class, function or assignment) only in
# the lexicon, so that no layer grows its own copy again.
SHARED_NAMES = {
    "Level",
    "roman_to_int",
    "int_to_roman",
    "parse_bullet",
    "BULLETS",
    "BULLET_CHARS",
    "ends_sentence",
    "ends_clause",
    "_SENTENCE_END",
    "join_lines",
    "join_hyphenated",
    "COMPOUND_PREFIXES",
    "Vocabulary",
}


def _definitions(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ClassDef | ast.FunctionDef):
            names.add(node.name)
        elif isinstance(node, ast.Assign):
            names.update(t.id for t in node.targets if isinstance(t, ast.Name))
    return names


def test_shared_rules_are_defined_only_in_the_lexicon() -> None:
    where: dict[str, list[str]] = {}
    for path in sorted(SRC.rglob("*.py")):
        for name in _definitions(path) & SHARED_NAMES:
            where.setdefault(name, []).append(str(path.relative_to(SRC)))
    outside = {n: ps for n, ps in where.items() if any(not p.startswith("lexicon/") for p in ps)}
    assert outside == {}
    # and each is defined once
    assert all(len(ps) == 1 for ps in where.values()), where


def test_one_level_for_normaliser_and_validation() -> None:
    assert [level.key for level in Level] == ["os", "oo", "action", "detail"]
    assert [level_name(level) for level in (Level.OS, Level.OO, Level.ACTION)] == [
        "OS",
        "OO",
        "action",
    ]
    assert level_name(Level.ACTION, many=True) == "actions"


# ------------------------------------------------------------------------- roman numerals


@given(st.integers(min_value=1, max_value=ROMAN_MAX), st.booleans())
def test_roman_roundtrip(n: int, lower: bool) -> None:
    roman = int_to_roman(n)
    assert roman is not None
    assert roman_to_int(roman.lower() if lower else roman) == n


@pytest.mark.parametrize("n", [0, -1, ROMAN_MAX + 1])
def test_roman_out_of_range(n: int) -> None:
    assert int_to_roman(n) is None


@pytest.mark.parametrize("text", ["", "IIII", "VX", "IC", "MMMM", "ABC", "B", "I V", "12"])
def test_not_roman(text: str) -> None:
    assert roman_to_int(text) is None


# ------------------------------------------------------------------------- bullets

_WORDS = st.text(alphabet="abcdefghijklmnopqrstuvwxyzéèàç", min_size=1, max_size=12)


@given(st.sampled_from(sorted(BULLETS)), _WORDS)
def test_every_bullet_opens_an_item_in_text_and_in_pdf(bullet: str, word: str) -> None:
    assert parse_bullet(f"{bullet} {word} suite") == (bullet, f"{word} suite")
    assert bullet_symbol(bullet) == bullet


@given(st.sampled_from(sorted(BULLETS - SYMBOL_BULLETS)), _WORDS)
def test_word_like_bullets_need_a_space(bullet: str, word: str) -> None:
    assert parse_bullet(f"{bullet}{word} suite") is None


def test_bullets() -> None:
    assert parse_bullet("• Le CPAS: texte") == ("•", "Le CPAS: texte")
    assert parse_bullet("- de planifier ;") == ("-", "de planifier ;")
    assert parse_bullet("-5 degrés") is None


def test_symbol_bullets_are_bullets() -> None:
    assert SYMBOL_BULLETS < BULLETS
    assert not SYMBOL_BULLETS & set("-–—*+o·»")


# ------------------------------------------------------------------------- sentence ends

_PHRASE = st.text(alphabet="abcdefghijklmnopqrstuvwxyz éèà", min_size=1, max_size=30).filter(
    lambda s: s.strip() != ""
)


@pytest.mark.parametrize(
    ("text", "sentence", "clause"),
    [
        ("Renforcer la cohésion sociale.", True, True),
        ("Est-ce possible ?", True, True),
        ("Vive la commune !", True, True),
        ("et ainsi de suite…", True, True),
        ("le « plan climat. »", True, True),
        ("(voir annexe 2).", True, True),
        ("le projet « Bien vivre ».  ", True, True),
        ("Les objectifs sont les suivants :", False, True),
        ("- de planifier ;", False, True),
        ("Renforcer la cohésion", False, False),
        ("le projet « Bien vivre »", False, False),
        ("un audit (énergie)", False, False),
        ("la commune de", False, False),
        ("", False, False),
    ],
)
def test_sentence_and_clause_ends(text: str, sentence: bool, clause: bool) -> None:
    assert (ends_sentence(text), ends_clause(text)) == (sentence, clause)


@given(_PHRASE, st.sampled_from(".!?…:;"), st.text(alphabet=CLOSERS, max_size=3))
def test_a_stop_then_closers_ends_a_clause(phrase: str, stop: str, closers: str) -> None:
    text = f"{phrase}{stop}{closers}"
    assert ends_clause(text)
    assert ends_sentence(text) == (stop not in ":;")


@given(_PHRASE)
def test_a_sentence_end_is_a_clause_end(phrase: str) -> None:
    assert not ends_sentence(phrase) or ends_clause(phrase)
    # a line that ends a clause is never continued by the next one
    assert not (ends_clause(phrase) and continues(phrase, "et la suite"))


# ------------------------------------------------------------------------- line-end hyphens


@given(
    st.text(alphabet="abcdefghijklmnopqrstuvwxyzéè", min_size=2, max_size=10),
    st.text(alphabet="abcdefghijklmnopqrstuvwxyzéè", min_size=2, max_size=10),
)
def test_soft_hyphen_always_dropped(left: str, right: str) -> None:
    assert join_lines(f"le mot {left}\u00ad", f"{right} suit") == f"le mot {left}{right} suit"


@given(
    st.text(alphabet="bcdfghjklmnpqrstvwxz", min_size=3, max_size=8),
    st.text(alphabet="bcdfghjklmnpqrstvwxz", min_size=3, max_size=8),
)
def test_vocabulary_decides_hyphen(left: str, right: str) -> None:
    solid, hyphenated = Vocabulary(), Vocabulary()
    solid.add_line(f"un {left}{right} ici")
    hyphenated.add_line(f"un {left}-{right} ici")
    assert join_lines(f"{left}-", right, solid) == f"{left}{right}"
    assert join_lines(f"{left}-", right, hyphenated) == f"{left}-{right}"


@given(st.text(alphabet="bcdfghjklmnpqrstvwxzaeiouéè", min_size=4, max_size=14), st.data())
def test_a_typesetters_break_is_undone(word: str, data: st.DataObject) -> None:
    cut = data.draw(st.integers(min_value=1, max_value=len(word) - 1))
    left, right = word[:cut], word[cut:]
    assume(left not in COMPOUND_PREFIXES and right not in HYPHENATED_TAILS)
    assert join_lines(f"la {left}-", f"{right} du quartier") == f"la {word} du quartier"


@given(st.sampled_from(sorted(COMPOUND_PREFIXES)), st.text(alphabet="bcdfglmnprstv", min_size=4))
def test_a_compound_prefix_keeps_its_hyphen(prefix: str, right: str) -> None:
    assert join_lines(f"un {prefix}-", right) == f"un {prefix}-{right}"
    # unless the document writes the word without it
    solid = Vocabulary()
    solid.add_line(f"le {prefix}{right} encore")
    assert join_lines(f"un {prefix}-", right, solid) == f"un {prefix}{right}"


@given(st.sampled_from(sorted(HYPHENATED_TAILS)))
def test_a_hyphenated_tail_keeps_its_hyphen(tail: str) -> None:
    assert join_lines("celle-là et lui-", tail) == f"celle-là et lui-{tail}"


@pytest.mark.parametrize(
    ("prev", "nxt", "want"),
    [
        ("la ré-", "insertion", "la réinsertion"),
        ("la réinsertion socio-", "professionnelle", "la réinsertion socio-professionnelle"),
        ("un service médico-", "social", "un service médico-social"),
        ("Fédération Wallonie-", "Bruxelles", "Fédération Wallonie-Bruxelles"),
        ("période 2019-", "2024", "période 2019-2024"),
        ("la période 2019-", "suivante", "la période 2019-suivante"),
        ("celle-", "ci", "celle-ci"),
        ("un texte -", "suite", "un texte - suite"),
        ("fin", "début", "fin début"),
        ("le CPAS-", "relais", "le CPAS-relais"),
        ("un mot-", "", "un mot-"),
    ],
)
def test_join_lines_cases(prev: str, nxt: str, want: str) -> None:
    assert join_lines(prev, nxt) == want


def test_join_hyphenated_only_across_a_hyphen() -> None:
    assert join_hyphenated("sans tiret", "suite") is None
    assert join_hyphenated("un tiret -", "suite") is None
    assert join_hyphenated("ré-", "insertion") == "réinsertion"


def test_normaliser_joins_with_the_same_rule() -> None:
    # dehyphenate only joins a line that starts in lower case, then follows join_hyphenated
    assert dehyphenate("un accompagnement socio-", "professionnel") == (
        "un accompagnement socio-professionnel"
    )
    assert dehyphenate("la ré-", "insertion") == "la réinsertion"
    assert dehyphenate("la ré-", "Insertion") is None
    long = "x" * 1000 + " ré-"
    assert dehyphenate(long, "insertion") == "x" * 1000 + " réinsertion"


# ------------------------------------------------------------------------- TXT and PDF agree

# Printed lines of a PST whose action title is cut at a line-end hyphen; the expected
# title is what a French reader reads.
HEAD = ["OS 1 : Renforcer la cohésion sociale", "OO 1.1 : Soutenir les familles"]
VARIANTS = [
    pytest.param(
        ["Action 1.1.1 : Développer un accompagnement socio-", "professionnel des jeunes"],
        "Développer un accompagnement socio-professionnel des jeunes",
        id="compound-prefix",
    ),
    pytest.param(
        ["Action 1.1.1 : Favoriser la ré-", "insertion des aînés isolés"],
        "Favoriser la réinsertion des aînés isolés",
        id="typesetter-break",
    ),
    pytest.param(
        ["Action 1.1.1 : Créer un centre médico-", "social de quartier"],
        "Créer un centre médico-social de quartier",
        id="medico",
    ),
    pytest.param(
        [
            "Action 1.1.1 : Soutenir le secteur socioculturel local",
            "Action 1.1.2 : Ouvrir un espace socio-",
            "culturel au centre du village",
        ],
        "Ouvrir un espace socioculturel au centre du village",
        id="document-writes-it-solid",
    ),
    pytest.param(
        [
            "Action 1.1.1 : Créer un éco-quartier durable",
            "Action 1.1.2 : Étendre le second éco-",
            "quartier vers la gare",
        ],
        "Étendre le second éco-quartier vers la gare",
        id="document-writes-it-hyphenated",
    ),
    pytest.param(
        ["Action 1.1.1 : Accompagner les familles mono-", "parentales en difficulté"],
        "Accompagner les familles monoparentales en difficulté",
        id="unknown-prefix",
    ),
]


def _titles(plan: Plan) -> list[str]:
    return [
        action.title
        for os_item in plan.strategic_objectives
        for oo in os_item.operational_objectives
        for action in oo.actions
    ]


@pytest.mark.parametrize(("lines", "title"), VARIANTS)
def test_txt_and_pdf_read_a_hyphenated_line_end_alike(lines: list[str], title: str) -> None:
    printed = [*HEAD, *lines]
    txt = extract_bytes("\n".join(printed).encode("utf-8"), name="plan.txt")
    pdf = extract_bytes(
        raw.pdf([raw.lines([line.encode("cp1252") for line in printed])]), name="plan.pdf"
    )
    assert _titles(txt)[-1] == title
    assert _titles(pdf) == _titles(txt)
