"""Golden outputs in two reviewable files per sample, a lossless split of the plan JSON.

``tests/golden/<sample>.plan.yaml``
    The plan a reviewer reads: document kind/title/period, preamble, contents, furniture,
    the OS → OO → action tree with codes, labels, titles, descriptions, details, fields,
    unassigned text and findings. Every ``source`` record and the document's ``sha256``
    are left out, and so are nulls and empty lists/maps (the plan model's defaults);
    one line per value (no wrapping), keys in the model's order.
``tests/golden/<sample>.provenance.txt``
    The document's hash and one line per item that has a source:
    ``<path in the plan> <key>=<JSON value> ...`` (non-null keys only), e.g.
    ``strategic_objectives[0].actions[2] page=3 bbox=[56.8,223.1,435.81,234.1]``. A path
    alone means a source whose keys are all null; an item without a line has no source.

So a moved bounding box shows in the provenance diff and a changed title in the plan
diff, each without drowning the other. :func:`join` rebuilds the plan JSON from the two
files; ``tests/test_samples.py`` checks, on every sample, that it gives back the exported
plan byte for byte (:func:`plan_json`), and ``tests/test_golden_files.py`` that the split
is lossless on generated plans and that any change to a plan changes one of the files.
"""

from __future__ import annotations

import copy
import difflib
import functools
import json
import re
from pathlib import Path
from typing import Any

import yaml

from pstparse.model.plan import Plan

GOLDEN = Path(__file__).resolve().parent / "golden"
PLAN_SUFFIX = ".plan.yaml"
PROVENANCE_SUFFIX = ".provenance.txt"
SUFFIXES = (PLAN_SUFFIX, PROVENANCE_SUFFIX)
UPDATE_HINT = "PSTPARSE_UPDATE_GOLDEN=1 python -m pytest tests/test_samples.py"

_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's safe loader when PyYAML has it: eight times faster on the 35 plans, and the
byte-for-byte checks (tests/test_samples.py, tests/test_golden_files.py) run through it."""

_NO_WRAP = 1_000_000
"""YAML line width: a text stays on one line, so a changed word changes one diff line."""

_OPAQUE = frozenset({"fields"})
"""Maps whose keys are data (column names), not plan structure: never searched for a
``source`` key nor pruned inside (a column could be called "source")."""

_UNSAFE = frozenset("\x85\u2028\u2029\ufeff")
"""Characters YAML reads as line breaks or a byte-order mark: a plain or single-quoted
scalar holding them would not read back the same."""


class _Dumper(yaml.SafeDumper):
    """Safe YAML whose strings read back exactly: a string with a line break, a control
    character or one of :data:`_UNSAFE` is written double-quoted, where YAML escapes them."""


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    risky = not value.isprintable() or any(ch in _UNSAFE for ch in value)
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style='"' if risky else None)


_Dumper.add_representer(str, _represent_str)

_STEP = re.compile(r"^([A-Za-z_]\w*)(?:\[(\d+)\])?$")
_KEY = re.compile(r" ([A-Za-z_]\w*)=")
_DECODER = json.JSONDecoder()


def plan_json(plan: dict[str, Any]) -> str:
    """The plan JSON as the golden files held it before the split (``indent=1``)."""
    return json.dumps(plan, ensure_ascii=False, indent=1) + "\n"


def plan_paths(sample: str) -> tuple[Path, Path]:
    """The two golden files of the sample file named ``sample``."""
    return GOLDEN / f"{sample}{PLAN_SUFFIX}", GOLDEN / f"{sample}{PROVENANCE_SUFFIX}"


def split(plan: dict[str, Any]) -> tuple[str, str]:
    """Split a plan JSON (``Plan.model_dump(mode="json")``) into the texts of its golden
    plan and its provenance file."""
    tree = copy.deepcopy(plan)
    sources: list[tuple[str, dict[str, Any]]] = []
    _take_sources(tree, "", sources)
    document = tree.get("document") or {}
    sha256 = document.pop("sha256", None)
    name = json.dumps(document.get("path"))  # ASCII, one line: safe in a comment

    header = f"# Golden plan of {name}: the sources and hash in the {PROVENANCE_SUFFIX} file.\n"
    header += f"# Regenerate: {UPDATE_HINT}\n"
    body = yaml.dump(
        _prune(tree),
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        width=_NO_WRAP,
        indent=2,
    )

    lines = [f"# Provenance of {name}: document hash, then each item's source."]
    lines.append(f"# Regenerate: {UPDATE_HINT}")
    if sha256 is not None:
        if not isinstance(sha256, str) or not re.fullmatch(r"\S+", sha256):
            raise ValueError(f"sha256 {sha256!r} cannot be written on one line")
        lines.append(f"sha256 {sha256}")
    for path, source in sources:
        fields = "".join(
            f" {key}={json.dumps(value, ensure_ascii=False, separators=(',', ':'))}"
            for key, value in source.items()
            if value is not None
        )
        lines.append(path + fields)
    return header + body, "\n".join(lines) + "\n"


def join(plan_text: str, provenance_text: str) -> dict[str, Any]:
    """Rebuild the plan JSON from the texts of its two golden files (inverse of
    :func:`split`); the plan model restores the nulls and empty collections left out."""
    tree = yaml.load(plan_text, Loader=_LOADER)
    for line in provenance_text.splitlines():
        if not line or line.startswith("#"):
            continue
        if line.startswith("sha256 "):
            tree["document"]["sha256"] = line.removeprefix("sha256 ")
            continue
        path, _, rest = line.partition(" ")
        source: dict[str, Any] = {}
        text = " " + rest if rest else ""
        at = 0
        while at < len(text):
            key = _KEY.match(text, at)
            if key is None:
                raise ValueError(f"bad provenance line: {line!r}")
            source[key.group(1)], at = _DECODER.raw_decode(text, key.end())
        _resolve(tree, path)["source"] = source
    dumped: dict[str, Any] = Plan.model_validate(tree).model_dump(mode="json")
    return dumped


def differences(plan: dict[str, Any], plan_text: str, provenance_text: str) -> dict[str, str]:
    """What differs between ``plan`` and its golden files: a unified diff per file that
    differs, under "plan" or "provenance" (empty when both match)."""
    got_plan, got_provenance = split(plan)
    found = {}
    for label, want, got in (
        ("plan", plan_text, got_plan),
        ("provenance", provenance_text, got_provenance),
    ):
        if want != got:
            found[label] = diff(want, got)
    return found


def diff(golden: str, output: str) -> str:
    """A unified diff from a golden file's text to the text the output gives."""
    lines = difflib.unified_diff(
        golden.splitlines(), output.splitlines(), "golden", "output", lineterm=""
    )
    return "\n".join(lines)


def load(sample: str) -> dict[str, Any]:
    """The golden plan JSON of the sample file named ``sample``, rebuilt from its files."""
    tree_path, provenance_path = plan_paths(sample)
    return join(tree_path.read_text(encoding="utf-8"), provenance_path.read_text(encoding="utf-8"))


@functools.cache
def load_json(sample: str) -> str:
    """The golden plan of ``sample`` as JSON text (:func:`plan_json`), read once per run."""
    return plan_json(load(sample))


def samples() -> list[str]:
    """The sample names that have golden files."""
    return sorted(p.name.removesuffix(PLAN_SUFFIX) for p in GOLDEN.glob(f"*{PLAN_SUFFIX}"))


def _take_sources(node: Any, path: str, out: list[tuple[str, dict[str, Any]]]) -> None:
    """Remove every item's ``source`` from ``node`` into ``out``, in document order."""
    if isinstance(node, list):
        for i, value in enumerate(node):
            _take_sources(value, f"{path}[{i}]", out)
        return
    if not isinstance(node, dict):
        return
    if "source" in node and (node["source"] is None or isinstance(node["source"], dict)):
        source = node.pop("source")
        if source is not None:
            out.append((path, source))
    for key, value in node.items():
        if key not in _OPAQUE:
            _take_sources(value, f"{path}.{key}" if path else key, out)


def _prune(node: Any) -> Any:
    """Drop nulls and empty lists/maps (the model's defaults) from the maps of ``node``."""
    if isinstance(node, list):
        return [_prune(value) for value in node]
    if not isinstance(node, dict):
        return node
    return {
        key: value if key in _OPAQUE else _prune(value)
        for key, value in node.items()
        if value is not None and value != [] and value != {}
    }


def _resolve(tree: dict[str, Any], path: str) -> dict[str, Any]:
    """The map at ``path`` (``a.b[2].c``) in ``tree``: an item with a source is never
    pruned (it has at least a title or a text), so its map is always there."""
    node: Any = tree
    for step in path.split("."):
        match = _STEP.match(step)
        if match is None:
            raise ValueError(f"bad provenance path: {path!r}")
        node = node[match.group(1)]
        if match.group(2) is not None:
            node = node[int(match.group(2))]
    if not isinstance(node, dict):
        raise ValueError(f"provenance path {path!r} is not an item")
    return node
