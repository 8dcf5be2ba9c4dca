"""Read a plan back from YAML or JSON text, safely, with one-line error messages."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import accumulate, repeat
from typing import Any, NoReturn

import yaml
from pydantic import ValidationError

from pstparse.model.errors import PlanError
from pstparse.model.plan import Plan

MAX_PLAN_BYTES = 32 * 1024 * 1024
"""Larger inputs are refused before parsing."""

MAX_YAML_BYTES = 8 * 1024 * 1024
"""Larger YAML plans are refused before parsing.

A YAML parse costs about 40 bytes of memory per byte of text (320 MB at this limit)
and a second per megabyte; JSON costs a quarter of that, so it keeps the larger limit.
The largest plan extracted from a real document is under 300 KB of YAML.
"""

MAX_PLAN_ENTRIES = 50_000
"""Most mappings and list entries a plan may hold (objectives, actions, details,
findings...), counted on the text before parsing: a plan of 1 million minimal actions is
only 14 MB of JSON but takes 2 GB as validated objects. A real plan has a few thousand.
"""

MAX_NUMBER_DIGITS = 100
"""Longest number accepted in a JSON plan (Python refuses to read more than 4,300 digits
as an integer; a plan's numbers are page and line numbers)."""

_YAML_ENTRY = re.compile(r"^[ ]*-(?:[ ]|$)", re.MULTILINE)
_SURROGATE_ESCAPE = re.compile(r"\\(?:u[dD][89a-fA-F]|U0000[dD][89a-fA-F])")

_MAX_PROBLEMS = 3
_NULL_TAG = "tag:yaml.org,2002:null"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


class _RefusedError(Exception):
    """Raised inside the YAML loader for constructs a plan may not use."""

    def __init__(self, message: str, mark: Any) -> None:
        super().__init__(message)
        self.message = message
        self.mark = mark


class _NoDuplicateKeys:
    """Refuses duplicate mapping keys instead of silently keeping the last one."""

    def construct_mapping(self, node: Any, deep: bool = False) -> dict[Any, Any]:
        loader: Any = self
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = loader.construct_object(key_node, deep=deep)
            try:
                duplicate = key in seen
                seen.add(key)
            except TypeError:
                continue  # unhashable keys are reported by the base class
            if duplicate:
                raise _RefusedError(f"duplicate key {key!r}", key_node.start_mark)
        base: Any = super()
        return dict(base.construct_mapping(node, deep=deep))


class _PlanLoader(_NoDuplicateKeys, yaml.SafeLoader):
    """A safe loader for plans.

    * Anchors and aliases are refused: they are never needed in a plan, and aliases
      make "billion laughs" expansion bombs possible.
    * Duplicate mapping keys are refused instead of silently keeping the last one.
    * Plain scalars are strings, apart from ``null``/``~``/empty: a hand-written
      ``code: 1.10`` or ``echeance: 2024-06-30`` stays exactly as written, and the
      model converts ``page: 3`` to a number itself.
    """

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.peek_event()  # type: ignore[no-untyped-call]
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
            raise _RefusedError("YAML aliases are not allowed in a plan", event.start_mark)
        return super().compose_node(parent, index)


_PLAN_RESOLVERS = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag == _NULL_TAG]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_PlanLoader.yaml_implicit_resolvers = _PLAN_RESOLVERS

_FastPlanLoader: type[Any] | None = None
"""The same loader on libyaml (five times faster), when PyYAML was built with it.

libyaml composes nodes in C, out of reach of ``compose_node``: :func:`_refuse_aliases`
scans the events first instead.
"""
if getattr(yaml, "__with_libyaml__", False):

    class _CPlanLoader(_NoDuplicateKeys, yaml.CSafeLoader):
        yaml_implicit_resolvers = _PLAN_RESOLVERS

    _FastPlanLoader = _CPlanLoader


MAX_DEPTH = 100
"""Deepest nesting of collections accepted in a plan; a real plan needs about ten.

pstparse checks this itself, on the raw text, before any parser runs
(:func:`nesting_depth`): the message and the exit code then do not depend on the
PyYAML version, on libyaml being present (it composes recursively in C and overflows
the C stack on deep input), nor on the parser's own limits (PyYAML 6.0.4 stops at 1000
with its own wording).
"""


def nesting_depth(text: str, *, limit: int = MAX_DEPTH) -> int:
    """An upper bound of the collection nesting of YAML or JSON ``text``, stopping early.

    Counts block structure (every deeper indentation and every ``- `` sequence marker
    opens a level) and flow brackets outside quoted scalars and comments; in block
    context a bracket opens a collection only where a value starts (after ``key:``,
    ``-`` or at the start of the line), so a ``[`` inside a plain title does not count.
    It may overcount (a multi-line scalar indented deeper counts as a level), never
    undercount, and returns as soon as the count passes ``limit``. Linear in the text.
    """
    deepest = 0
    flow = 0
    # Open block collections: (column, opened by a sequence/complex-key indicator).
    stack: list[tuple[int, bool]] = []
    for line in text.splitlines():
        rest = line.lstrip(" ")
        if not rest or rest.startswith("#"):
            continue
        if flow == 0:
            column = len(line) - len(rest)
            indicator = _indicator(rest)
            # A sequence may sit at its parent key's column ("key:\n- item"): keep the key.
            while stack and (
                stack[-1][0] > column
                or (stack[-1][0] == column and (stack[-1][1] or not indicator))
            ):
                stack.pop()
            while indicator:
                stack.append((column, True))
                after = rest[len(indicator) :]
                column += len(indicator) + len(after) - len(after.lstrip(" "))
                rest = after.lstrip(" ")
                indicator = _indicator(rest)
            if rest:
                stack.append((column, False))
        flow, reached = _flow_depth(rest, flow, limit - len(stack))
        deepest = max(deepest, len(stack) + reached)
        if deepest > limit:
            break
    return deepest


_JSON_NOISE = re.compile(r'"(?:[^"\\]|\\.)*"|[^\[\]{}"]+')
_BRACKET_DEPTH = {"[": 1, "{": 1, "]": -1, "}": -1}


def _json_depth(text: str) -> int:
    """The bracket nesting of JSON ``text`` (strings skipped).

    The same bound as :func:`nesting_depth` for JSON, at C speed (a regular expression
    keeps the brackets, ``accumulate`` sums them): the character loop of the general
    scanner takes seconds on 30 MB.
    """
    brackets = _JSON_NOISE.sub("", text)
    return max(accumulate(map(_BRACKET_DEPTH.get, brackets, repeat(0))), default=0)


def _indicator(text: str) -> str:
    """The block indicator ("- ", "? ", ": " or a bare one) that starts ``text``, if any."""
    if text[:2] in _BLOCK_INDICATORS:
        return text[:2]
    return text if text in ("-", "?", ":") else ""


_BLOCK_INDICATORS = ("- ", "? ", ": ")


def _flow_depth(line: str, flow: int, room: int) -> tuple[int, int]:
    """Flow nesting after ``line`` (starting at ``flow``) and the deepest reached in it."""
    deepest = flow
    quote: str | None = None
    previous = " "
    for index, char in enumerate(line):
        if quote is not None:
            if char == quote and (quote == "'" or previous != "\\"):
                quote = None
        elif char in "\"'" and previous in " [{,:":
            quote = char
        elif char == "#" and previous == " ":
            break
        elif char in "[{" and (flow > 0 or _starts_value(line[:index])):
            flow += 1
            deepest = max(deepest, flow)
            if deepest > room:
                break
        elif char in "]}" and flow > 0:
            flow -= 1
        previous = " " if char == "\\" and previous == "\\" else char
    return flow, deepest


def _starts_value(before: str) -> bool:
    before = before.rstrip(" ")
    return not before or before.endswith((":", "-"))


def _refuse_aliases(text: str, loader: type[Any]) -> None:
    """Refuse aliases and anchors from the event stream (no recursion)."""
    for event in yaml.parse(text, Loader=loader):
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
            raise _RefusedError("YAML aliases are not allowed in a plan", event.start_mark)


def _where(mark: Any) -> str:
    if mark is None:
        return ""
    return f" at line {mark.line + 1}, column {mark.column + 1}"


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _fail(name: str, message: str) -> NoReturn:
    raise PlanError(_one_line(message), path=name)


def _decode(data: bytes, name: str) -> str:
    encoding = "utf-16" if data.startswith(_UTF16_BOMS) else "utf-8-sig"
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        label = "UTF-16" if encoding == "utf-16" else "UTF-8"
        _fail(name, f"not {label} text (invalid byte at offset {exc.start})")


def _parse_json(text: str, name: str) -> object:
    def no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, value in pairs:
            if key in out:
                raise _RefusedError(f"duplicate key {key!r}", None)
            out[key] = value
        return out

    def number(digits: str) -> int:
        if len(digits.lstrip("-")) > MAX_NUMBER_DIGITS:
            raise _RefusedError(
                f"a number of {len(digits):,} digits (the limit is {MAX_NUMBER_DIGITS})", None
            )
        return int(digits)

    try:
        return json.loads(text, object_pairs_hook=no_duplicates, parse_int=number)
    except json.JSONDecodeError as exc:
        _fail(name, f"malformed JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}")
    except _RefusedError as exc:
        _fail(name, f"malformed JSON: {exc.message}")


def _parse_yaml(text: str, name: str) -> object:
    try:
        if _FastPlanLoader is not None:
            _refuse_aliases(text, _FastPlanLoader)
            return yaml.load(text, Loader=_FastPlanLoader)  # a CSafeLoader subclass
        return yaml.load(text, Loader=_PlanLoader)  # a SafeLoader subclass
    except _RefusedError as exc:
        _fail(name, f"{exc.message}{_where(exc.mark)}")
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "invalid YAML"
        _fail(name, f"malformed YAML{_where(mark)}: {problem}")
    except yaml.YAMLError as exc:
        _fail(name, f"malformed YAML: {exc}")


def _lone_surrogate(value: object, path: str) -> str | None:
    """The path of the first string holding a lone surrogate (an escape such as
    ``\\ud800`` that no UTF-8 writer can write), or ``None``."""
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return path
        return None
    items: Any = (
        value.items()
        if isinstance(value, dict)
        else enumerate(value)
        if isinstance(value, list)
        else ()
    )
    for key, item in items:
        inner = f"{path}.{key}" if path else str(key)
        if isinstance(key, str) and _lone_surrogate(key, inner) is not None:
            return inner
        found = _lone_surrogate(item, inner)
        if found is not None:
            return found
    return None


def _describe(reading: PlanReading) -> str:
    from pstparse.validation.schema import schema_findings

    findings = schema_findings(reading.errors[:_MAX_PROBLEMS], reading.data)
    parts = []
    for error, finding in zip(reading.errors, findings, strict=False):
        at = reading.locate(tuple(error["loc"]))
        where = f" (line {at.line}, column {at.column})" if at is not None else ""
        parts.append(f"{finding.message[:1].lower()}{finding.message[1:]}{where}")
    more = len(reading.errors) - _MAX_PROBLEMS
    if more > 0:
        parts.append(f"and {more} more problem{'s' if more > 1 else ''}")
    return "; ".join(parts)


MAX_LOCATE_JSON_CHARS = 8 * 1024 * 1024
"""JSON plans up to this size are read again as YAML to find the line of a problem
(JSON is YAML's flow style); larger ones are reported without lines, as composing
costs about a second per megabyte. (YAML plans are always located: their size limit
already bounds what a second reading costs.)"""

_PATH_PART = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


@dataclass(frozen=True, slots=True)
class Position:
    """A place in a plan file, 1-based."""

    line: int
    column: int


@dataclass(slots=True)
class PlanReading:
    """A plan file as far as it could be read.

    ``data`` is the parsed YAML/JSON; ``plan`` the model built from it, or ``None`` when
    it does not fit, with pydantic's ``errors`` (every one, not the first few).
    :meth:`locate` finds the line and column of a key or value.
    """

    data: object
    text: str | None = None
    """The text, composed into a node tree only when a position is first asked for:
    loading for ``convert`` keeps the memory and time of a plain parse."""
    is_json: bool = False
    root: Any = None
    """The YAML node tree (nodes carry their start marks)."""
    plan: Plan | None = None
    errors: list[Any] = field(default_factory=list)

    def _tree(self) -> Any:
        if self.root is None and self.text is not None:
            text, self.text = self.text, None
            if not self.is_json or len(text) <= MAX_LOCATE_JSON_CHARS:
                # The same loader as the parse: aliases were refused there already.
                loader = _FastPlanLoader or _PlanLoader
                try:
                    self.root = yaml.compose(text, Loader=loader)
                except (yaml.YAMLError, _RefusedError, RecursionError):
                    self.root = None  # JSON that YAML does not read (rare): no lines
        return self.root

    def locate(self, loc: Sequence[str | int]) -> Position | None:
        """Where ``loc`` (pydantic's location: keys and list indexes) sits in the file.

        A key that is present gives the line of the key; a missing one gives the
        mapping that should hold it (the deepest part of ``loc`` that exists).
        """
        node = self._tree()
        if node is None:
            return None
        mark = node.start_mark
        for part in loc:
            if isinstance(node, yaml.MappingNode):
                found = next(
                    (
                        (key, value)
                        for key, value in node.value
                        if isinstance(key, yaml.ScalarNode) and key.value == str(part)
                    ),
                    None,
                )
                if found is None:
                    break
                mark, node = found[0].start_mark, found[1]
            elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
                if not 0 <= part < len(node.value):
                    break
                node = node.value[part]
                mark = node.start_mark
            else:
                break
        return Position(mark.line + 1, mark.column + 1)

    def locate_path(self, path: str | None, *, inner: str | None = None) -> Position | None:
        """Where a plan path (``strategic_objectives[3].actions[0]``) sits in the file;
        ``inner`` names a key of it to point at when present (``code``, ``title``)."""
        if not path:
            return None
        loc: list[str | int] = [
            int(index) if index else key for key, index in _PATH_PART.findall(path)
        ]
        if inner is not None:
            at_inner = self.locate([*loc, inner])
            at_item = self.locate(loc)
            # Only when the key exists: otherwise locate stops at the item itself.
            if at_inner is not None and at_inner != at_item:
                return at_inner
            return at_item
        return self.locate(loc)


def read_plan(text: str | bytes, *, name: str = "<plan>") -> PlanReading:
    """Parse a plan from YAML or JSON text and check it against the model, keeping every
    schema problem (``PlanReading.errors``) and where each sits in the file.

    JSON is used when the text starts with ``{`` (after an optional BOM and blanks),
    YAML otherwise. Bytes are decoded as UTF-8 (or UTF-16 with a BOM). Raises
    :class:`PlanError`, whose one-line message is prefixed with ``name``, when the input
    is over :data:`MAX_PLAN_BYTES` (YAML: :data:`MAX_YAML_BYTES`), malformed (with line
    and column), uses YAML anchors/aliases or duplicate keys, is nested too deeply, is
    empty or is not a mapping: a mapping that does not fit the model is a reading with
    ``plan=None``.
    """
    if len(text) > MAX_PLAN_BYTES or (
        isinstance(text, str)
        and len(text) > MAX_PLAN_BYTES // 4
        and len(text.encode("utf-8", "surrogatepass")) > MAX_PLAN_BYTES
    ):
        _fail(name, f"too large to be a plan (over {MAX_PLAN_BYTES // (1024 * 1024)} MiB)")
    size = len(text) if isinstance(text, bytes) else None
    if isinstance(text, bytes):
        text = _decode(text, name)
    text = text.removeprefix("\ufeff")
    is_json = text.lstrip().startswith("{")
    if not is_json and len(text) > MAX_YAML_BYTES // 4:
        size = size or len(text.encode("utf-8", "surrogatepass"))
        if size > MAX_YAML_BYTES:
            _fail(
                name,
                f"too large for a YAML plan (over {MAX_YAML_BYTES // (1024 * 1024)} MiB; "
                f"JSON plans may reach {MAX_PLAN_BYTES // (1024 * 1024)} MiB)",
            )
    if (_json_depth(text) if is_json else nesting_depth(text)) > MAX_DEPTH:
        _fail(name, f"nested too deeply to be a plan (more than {MAX_DEPTH} levels)")
    entries = text.count("{") + (0 if is_json else len(_YAML_ENTRY.findall(text)))
    if entries > MAX_PLAN_ENTRIES:
        _fail(
            name,
            f"too many entries to be a plan (about {entries:,}; the limit is"
            f" {MAX_PLAN_ENTRIES:,} objectives, actions, details and findings)",
        )
    try:
        data = _parse_json(text, name) if is_json else _parse_yaml(text, name)
    except RecursionError:
        _fail(name, f"nested too deeply to be a plan (more than {MAX_DEPTH} levels)")
    # An empty document or a bare list is not a plan at all, rather than a plan with
    # problems: there is no item to point at, so it is refused like unreadable input.
    if data is None:
        _fail(name, "not a plan: the document is empty")
    if not isinstance(data, dict):
        _fail(name, f"not a plan: the top level is a {type(data).__name__}, not a mapping")
    if _SURROGATE_ESCAPE.search(text):
        where = _lone_surrogate(data, "")
        if where is not None:
            _fail(
                name, f"not valid Unicode text: a lone surrogate code in {where or '(top level)'}"
            )
    reading = PlanReading(data=data, text=text, is_json=is_json)
    try:
        reading.plan = Plan.model_validate(data)
    except ValidationError as exc:
        reading.errors = list(exc.errors(include_url=False))
    except RecursionError:
        _fail(name, "nested too deeply to be a plan")
    return reading


def load_plan(text: str | bytes, *, name: str = "<plan>") -> Plan:
    """Parse a plan from YAML or JSON text and validate it against the model.

    Raises :class:`PlanError` (one line, prefixed with ``name``) for everything
    :func:`read_plan` refuses and for a plan that does not fit the model, naming the
    first few problems in plain words with their line, e.g. ``not a plan: unknown key
    `pilotes` in action 1.2.3 (line 57, column 9)``.
    """
    reading = read_plan(text, name=name)
    if reading.plan is None:
        _fail(name, f"not a plan: {_describe(reading)}")
    return reading.plan
