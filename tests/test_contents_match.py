"""A contents line is matched the same with or without the cheap ending test.

``match_entry`` skips the leader patterns for lines that do not end in a digit (they
are quadratic in the line's length); this checks, on generated lines, that the answer
is the one the three patterns give on their own.
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from pstparse.normalise.contents import is_contents_entry, match_entry

LEADER = re.compile(
    r"^(?P<text>.+?)(?:\s*\.{3,}\s*|\s*…+\s*|\t+|\s{2,})\s*(?P<page>\d{1,3})$", re.DOTALL
)
LOOSE = re.compile(r"^(?P<text>.+?)\s+(?P<page>\d{1,3})$", re.DOTALL)
STYLED = re.compile(r"^(?P<text>.+?)(?P<page>)$", re.DOTALL)


def reference(text: str, *, loose: bool, styled: bool) -> tuple[str, str] | None:
    m = LEADER.match(text)
    if m is None and (loose or styled):
        m = LOOSE.match(text)
    if m is None and styled:
        m = STYLED.match(text)
    return None if m is None else (m.group("text"), m.group("page"))


PIECES = st.sampled_from(
    ["Objectif", " ", "  ", "\t", ".", "...", "…", "1", "12", "345", "٣", "²", "\n", "é", "x"]
)
LINES = st.lists(PIECES, max_size=12).map("".join)


@settings(max_examples=400, deadline=None)
@given(LINES, st.booleans(), st.booleans())
def test_same_answer_as_the_patterns_alone(text: str, loose: bool, styled: bool) -> None:
    m = match_entry(text, loose=loose, styled=styled)
    got = None if m is None else (m.group("text"), m.group("page"))
    assert got == reference(text, loose=loose, styled=styled)


def test_contents_lines() -> None:
    assert is_contents_entry("I. Titre ...... 3")
    assert is_contents_entry("Objectif stratégique 2 … 14")
    assert is_contents_entry("Axe 1\t7")
    assert not is_contents_entry("Introduction 5")  # no leader: only inside a contents
    assert match_entry("Introduction 5", loose=True) is not None
    assert not is_contents_entry("Rénover la salle des fêtes")
    m = match_entry("Annexes", styled=True)
    assert m is not None and (m.group("text"), m.group("page")) == ("Annexes", "")
