"""Flatten a plan into one record per action (or per childless OS/OO).

These records feed every tabular export (CSV, TSV) and JSON Lines. A flat view cannot
hold everything a plan holds (OS/OO descriptions, preamble, findings...): YAML and JSON
are the complete exports, the records are a convenient view of the hierarchy.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from pstparse.model.plan import STANDARD_FIELDS as STANDARD_FIELDS  # re-exported
from pstparse.model.plan import (
    Action,
    OperationalObjective,
    Plan,
    Source,
    StrategicObjective,
)

LEAD_KEYS: tuple[str, ...] = (
    "document",
    "kind",
    "os_code",
    "os_title",
    "oo_code",
    "oo_title",
    "action_code",
    "action_title",
    "action_description",
    "action_details",
)
"""Record keys that come before the fields.

The field columns follow: :data:`STANDARD_FIELDS` (from :mod:`pstparse.model.plan`) always,
in that order and empty when absent, then any other field key.
"""

PROVENANCE_KEYS: tuple[str, ...] = ("page", "line", "table", "row", "column")
"""Record keys that come after the fields: provenance of the deepest item of the record."""

_FIXED_KEYS = frozenset((*LEAD_KEYS, "fields", *PROVENANCE_KEYS))
_COLLISION_PREFIX = "field:"


@dataclass(frozen=True, slots=True)
class Record:
    """One row of the flat view, before it is laid out as columns."""

    document: str | None
    kind: str
    os: StrategicObjective
    oo: OperationalObjective | None
    action: Action | None
    fields: dict[str, str] = field(default_factory=dict)

    @property
    def source(self) -> Source | None:
        """The provenance of the deepest item of the record."""
        deepest = self.action or self.oo or self.os
        return deepest.source

    def lead(self) -> dict[str, object]:
        """The leading keys (see :data:`LEAD_KEYS`) with their values."""
        action = self.action
        return {
            "document": self.document,
            "kind": self.kind,
            "os_code": self.os.code,
            "os_title": self.os.title,
            "oo_code": self.oo.code if self.oo else None,
            "oo_title": self.oo.title if self.oo else None,
            "action_code": action.code if action else None,
            "action_title": action.title if action else None,
            "action_description": action.description if action else None,
            "action_details": list(action.details) if action else [],
        }

    def provenance(self) -> dict[str, object]:
        """The trailing provenance keys (see :data:`PROVENANCE_KEYS`)."""
        src = self.source
        return {key: getattr(src, key) if src else None for key in PROVENANCE_KEYS}


def _merged(*layers: dict[str, str]) -> dict[str, str]:
    # Fields given on an OS or OO apply to what sits under it (a pilote per OO is common
    # in PST tables); a deeper item's own value wins. Without this, OS/OO fields would
    # never reach a flat export whenever the objective has actions.
    out: dict[str, str] = {}
    for layer in layers:
        out.update(layer)
    return out


def iter_records(plan: Plan) -> Iterator[Record]:
    """Yield one :class:`Record` per action, in document order.

    Within an OS, its direct actions come first (where ``StrategicObjective.actions``
    puts them), then each OO's actions. An OS with neither OO nor action, and an OO
    with no action, still yield one record whose action part is empty. Each record's
    fields are the deepest item's fields, completed by those of its ancestors.
    """
    doc = plan.document.path
    kind = plan.document.kind.value
    for os_ in plan.strategic_objectives:
        if not os_.actions and not os_.operational_objectives:
            yield Record(doc, kind, os_, None, None, dict(os_.fields))
            continue
        for action in os_.actions:
            yield Record(doc, kind, os_, None, action, _merged(os_.fields, action.fields))
        for oo in os_.operational_objectives:
            if not oo.actions:
                yield Record(doc, kind, os_, oo, None, _merged(os_.fields, oo.fields))
            for action in oo.actions:
                yield Record(
                    doc, kind, os_, oo, action, _merged(os_.fields, oo.fields, action.fields)
                )


def field_keys(plans: Iterable[Plan]) -> list[str]:
    """Return every field key to export: :data:`STANDARD_FIELDS`, then the others.

    The other keys come in order of first appearance (OS, its direct actions, then each
    OO and its actions), across ``plans`` in the order given.
    """
    keys: dict[str, None] = dict.fromkeys(STANDARD_FIELDS)
    for plan in plans:
        for os_ in plan.strategic_objectives:
            keys.update(dict.fromkeys(os_.fields))
            for action in os_.actions:
                keys.update(dict.fromkeys(action.fields))
            for oo in os_.operational_objectives:
                keys.update(dict.fromkeys(oo.fields))
                for action in oo.actions:
                    keys.update(dict.fromkeys(action.fields))
    return list(keys)


def extra_field_keys(plans: Iterable[Plan]) -> list[str]:
    """Return the field keys of ``plans`` that are not in :data:`STANDARD_FIELDS`."""
    return field_keys(plans)[len(STANDARD_FIELDS) :]


def field_columns(keys: Iterable[str]) -> dict[str, str]:
    """Map each field key to its column name.

    A field key is its own column name, except when it would clash with a fixed record
    key (``document``, ``page``, ...) or an earlier column: it is then prefixed with
    ``field:`` (repeatedly if needed) so that no value can overwrite another.
    """
    taken: set[str] = set(_FIXED_KEYS)
    columns: dict[str, str] = {}
    for key in keys:
        if key in columns:
            continue
        name = key
        while name in taken:
            name = _COLLISION_PREFIX + name
        taken.add(name)
        columns[key] = name
    return columns


def header(keys: Iterable[str]) -> list[str]:
    """Return the column names of a flat export whose field keys are ``keys``."""
    return [*LEAD_KEYS, *field_columns(keys).values(), *PROVENANCE_KEYS]


def flat_row(record: Record, columns: dict[str, str]) -> dict[str, object]:
    """Lay out ``record`` with one key per field column (absent fields are ``None``).

    Raises ``KeyError`` naming a field key of the record that ``columns`` lacks.
    """
    row = record.lead()
    values: dict[str, object] = dict.fromkeys(columns.values())
    for key, value in record.fields.items():
        values[columns[key]] = value
    row.update(values)
    row.update(record.provenance())
    return row


def nested_row(record: Record) -> dict[str, object]:
    """Lay out ``record`` with its fields nested under ``fields`` (JSON Lines).

    ``fields`` holds only the keys that have a value, in the order the item gives them.
    """
    row = record.lead()
    row["fields"] = dict(record.fields)
    row.update(record.provenance())
    return row


def action_rows(plan: Plan) -> Iterator[dict[str, object]]:
    """Yield one flat record per action of ``plan``, with its ancestors, in document order.

    Keys, in order: :data:`LEAD_KEYS`, one key per field column (the
    :data:`STANDARD_FIELDS` always, then the plan's other field keys in order of first
    appearance; see :func:`field_columns` for clashes), then :data:`PROVENANCE_KEYS` of
    the deepest item. Missing values are ``None``; ``action_details`` is a list. An OS or
    OO without any action still yields one record (see :func:`iter_records`).
    """
    columns = field_columns(field_keys([plan]))
    for record in iter_records(plan):
        yield flat_row(record, columns)
