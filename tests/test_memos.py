"""The memos of cleaned texts and parsed labels: same answers as without them, emptied
after each document, nothing carried from one document to the next."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pstparse.lexicon.labels import parse_label
from pstparse.normalise import normalise
from pstparse.normalise.text import clean_text
from tests.blocks import Doc

PREFIXES = [
    "",
    "OS 1 - ",
    "O.S. 2 : ",
    "OO 1.2 ",
    "A.3 - ",
    "Action 4 – ",
    "Objectif stratégique : ",
]
# Spaces of every kind, zero-width characters, a soft hyphen and a ligature: what
# clean_text rewrites.
ODD = [" ", "  ", "\t", "\u00a0", "\u202f", "\u200b", "\u00ad", "\ufb01", "\n", "\n\n", "é"]
texts = st.builds(
    lambda prefix, parts: prefix + "".join(parts),
    st.sampled_from(PREFIXES),
    st.lists(st.one_of(st.sampled_from(ODD), st.text(max_size=6)), max_size=8),
)


@given(texts)
def test_memoised_answers_are_those_of_the_bare_functions(text: str) -> None:
    for memo in (clean_text, parse_label):
        first = memo(text)
        assert first == memo.__wrapped__(text)
        assert memo(text) == first


def _table_plan(os_label: str, oo_label: str, action_label: str) -> Doc:
    doc = Doc()
    doc.heading("Programme stratégique transversal 2025-2030")
    rows: list[list[str | None]] = [["Objectif stratégique", "Objectif opérationnel", "Action"]]
    for o in (1, 2):
        for a in (1, 2, 3):
            rows.append(
                [
                    f"{os_label} {o} : Être une commune   qui\u00a0bouge" if a == 1 else None,
                    f"{oo_label} {o}.1 - Ré\u00adnover les voiries" if a == 1 else None,
                    f"{action_label} {o}.1.{a} : Créer un\u200b plan de mobilité n° {a}",
                ]
            )
    spans = {(r, c): (3, 1) for r in (2, 5) for c in (1, 2)}
    return doc.table(rows, header=True, spans=spans)


LAYOUTS = [("OS", "OO", "A"), ("O.S.", "O.O.", "Action"), ("Objectif stratégique", "OO", "Projet")]


@pytest.mark.parametrize("labels", LAYOUTS)
def test_memos_are_empty_after_a_document_and_leak_nothing_into_the_next(
    labels: tuple[str, str, str],
) -> None:
    doc = _table_plan(*labels).extraction()
    other = _table_plan("O.S.", "O.O.", "Projet").extraction()
    cold = normalise(doc)
    assert clean_text.cache_info().currsize == 0
    assert parse_label.cache_info().currsize == 0
    assert len(cold.strategic_objectives) == 2
    normalise(other)
    # The same document after another one, and again with its own texts already
    # remembered (asked outside normalise), gives the same plan.
    assert normalise(doc).model_dump() == cold.model_dump()
    for block in doc.blocks:
        parse_label(block.text)
        clean_text(block.text)
    assert normalise(doc).model_dump() == cold.model_dump()
