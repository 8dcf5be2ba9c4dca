"""The nesting limit is pstparse's own: same message and exit code whatever parser runs."""

from __future__ import annotations

import json
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from pstparse.exporters import loading
from pstparse.exporters.loading import MAX_DEPTH, load_plan, nesting_depth
from pstparse.model.errors import PlanError

DEEP_TEXTS = {
    "json-brackets": "[" * 100_000 + "]" * 100_000,
    "json-objects": '{"a":' * 5_000 + "1" + "}" * 5_000,
    "yaml-flow": "a: " + "[" * 2_000 + "]" * 2_000,
    "yaml-block": "".join(" " * i + "a:\n" for i in range(300)),
    "yaml-dashes": "- " * 300 + "x\n",
    "just-over": "a: " + "[" * MAX_DEPTH + "]" * MAX_DEPTH,
}


def _depth(value: Any) -> int:
    if isinstance(value, dict):
        return 1 + max(map(_depth, value.values()), default=0)
    if isinstance(value, list):
        return 1 + max(map(_depth, value), default=0)
    return 0


@pytest.mark.parametrize("loader", ["fast", "pure"])
@pytest.mark.parametrize("name", sorted(DEEP_TEXTS))
def test_same_message_whatever_the_parser(
    name: str, loader: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    if loader == "pure":
        monkeypatch.setattr(loading, "_FastPlanLoader", None)
    with pytest.raises(PlanError) as info:
        load_plan(DEEP_TEXTS[name], name="deep.yaml")
    assert str(info.value) == (
        f"deep.yaml: nested too deeply to be a plan (more than {MAX_DEPTH} levels)"
    )
    assert info.value.exit_code == 2


def test_a_real_plan_is_far_below_the_limit() -> None:
    from pathlib import Path

    text = (Path(__file__).parent / "expected" / "synthetic_large.yaml").read_text()
    assert nesting_depth(text) < 15


def test_brackets_inside_titles_and_quotes_do_not_count() -> None:
    lines = [f"- title: 'phase [{i}' and [more\n  note: \"{{x\"\n" for i in range(300)]
    assert nesting_depth("items:\n" + "".join("  " + line for line in lines)) < 6


_leaves = st.one_of(st.text(max_size=8), st.integers(), st.none(), st.booleans())
_trees = st.recursive(
    _leaves,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=30,
)


@settings(max_examples=200, deadline=None)
@given(_trees)
def test_never_undercounts(tree: Any) -> None:
    depth = _depth(tree)
    assert nesting_depth(json.dumps(tree)) >= depth
    assert nesting_depth(json.dumps(tree, indent=2)) >= depth
    assert nesting_depth(yaml.safe_dump(tree, allow_unicode=True)) >= depth
    assert nesting_depth(yaml.safe_dump(tree, default_flow_style=True)) >= depth
