"""``Source.of_page``: a PDF reader's provenance without validation, the same value.

A long PDF makes one Source per block; ``of_page`` skips validation and shares one set
of given fields (see its docstring). This checks that what it builds is the validated
model, field for field and in every output, for any value a reader can give.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from pstparse.model.plan import Source

COORD = st.floats(0, 2000, allow_nan=False, allow_infinity=False).map(lambda v: round(v, 2))
NUMBER = st.integers(1, 10_000)


@settings(max_examples=300, deadline=None)
@given(
    page=NUMBER,
    bbox=st.tuples(COORD, COORD, COORD, COORD),
    table=st.none() | NUMBER,
    row=st.none() | NUMBER,
    column=st.none() | NUMBER,
)
def test_of_page_is_the_validated_model(
    page: int,
    bbox: tuple[float, float, float, float],
    table: int | None,
    row: int | None,
    column: int | None,
) -> None:
    fast = Source.of_page(page, bbox, table, row, column)
    checked = Source(page=page, bbox=bbox, table=table, row=row, column=column)
    assert fast == checked
    assert fast.model_dump() == checked.model_dump()
    assert fast.model_dump_json() == checked.model_dump_json()
    assert Source.model_validate(fast.model_dump()) == fast


def test_a_copy_with_an_update_leaves_the_shared_field_set_alone() -> None:
    # The normaliser widens a source with model_copy(update=...): pydantic copies the
    # field set first, so the set every of_page Source shares is never changed.
    first = Source.of_page(1, (0.0, 0.0, 1.0, 1.0))
    wider = first.model_copy(update={"line_end": 4})
    assert wider.line_end == 4 and first.line_end is None
    assert "line_end" not in Source.of_page(2, (0.0, 0.0, 1.0, 1.0)).model_fields_set
