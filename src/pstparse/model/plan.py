"""The plan data model: the single source of truth for every output and for `schemas/`.

The JSON keys of these models are a public contract read by other tools:
``strategic_objectives`` → ``operational_objectives`` → ``actions`` (plus
``strategic_objectives[].actions``), and every item has ``code`` and ``title``.
Change them only with a new ``SCHEMA_VERSION``.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from pstparse.model.kinds import Kind as Kind  # re-exported: the public name stays models.Kind
from pstparse.model.kinds import Severity as Severity

SCHEMA_VERSION = "1.0"

STANDARD_FIELDS: tuple[str, ...] = (
    "pilote",
    "echeance",
    "indicateur",
    "budget",
    "odd",
    "partenaires",
    "etat",
)
"""Normalised keys of the extra columns pstparse recognises, in export order."""


class _Model(BaseModel):
    # Unknown keys are refused so that a typo in a hand-edited plan is reported, not ignored.
    model_config = ConfigDict(extra="forbid", validate_assignment=False)


def _source_text() -> Any:
    return Field(
        default=None,
        description=(
            "The item's text as written in the source, when the title was cut out of it"
            " (a label such as 'Objectif stratégique 1 :', a 'Titre : texte' bullet)."
        ),
    )


_SHARED_FIELDS_SET: set[str] = {"page", "bbox", "table", "row", "column"}
"""The fields :meth:`Source.of_page` says were given (one set for every such Source)."""


class Source(_Model):
    """Where a piece of text came from in the source document (all numbers 1-based)."""

    page: int | None = Field(default=None, ge=1, description="PDF/DOCX page (PDF only).")
    line: int | None = Field(default=None, ge=1, description="First line (TXT).")
    line_end: int | None = Field(default=None, ge=1, description="Last line when several.")
    table: int | None = Field(default=None, ge=1, description="Table number in the document.")
    row: int | None = Field(default=None, ge=1, description="Row in the table.")
    column: int | None = Field(default=None, ge=1, description="Column in the table.")
    paragraph: int | None = Field(default=None, ge=1, description="Paragraph number (DOCX).")
    bbox: tuple[float, float, float, float] | None = Field(
        default=None, description="x0, top, x1, bottom in PDF points (PDF only)."
    )

    @classmethod
    def of_page(
        cls,
        page: int,
        bbox: tuple[float, float, float, float],
        table: int | None = None,
        row: int | None = None,
        column: int | None = None,
    ) -> Source:
        """A PDF reader's provenance: the same value as ``Source(page=…, bbox=…, …)``.

        A long PDF makes one per block (4,344 at 321 pages), and a validated model keeps
        a set of the fields it was given: 728 bytes of the 1.2 KB a Source takes once
        five are given. The reader's numbers are valid by construction (pages, rows and
        columns count from 1; the box is a tuple of four floats), so this builds it
        without validation and with one field set for all (nothing in pstparse reads it:
        outputs never leave out unset fields). ``tests/test_model.py`` checks it equals
        the validated model.
        """
        return cls.model_construct(
            _SHARED_FIELDS_SET,
            page=page,
            line=None,
            line_end=None,
            table=table,
            row=row,
            column=column,
            paragraph=None,
            bbox=bbox,
        )


class TextBlock(_Model):
    """A piece of source text kept as is: preamble, unassigned text, page furniture."""

    text: str
    role: str | None = Field(
        default=None,
        description="Why it is here, e.g. 'title', 'column_header', 'page_header', 'toc'.",
    )
    source: Source | None = None


class Action(_Model):
    """An action (or projet / sous-action) of a plan."""

    code: str | None = Field(default=None, description="Normalised code, e.g. '1.2.3'.")
    label: str | None = Field(default=None, description="The label as written, e.g. 'A.1.2.3 :'.")
    title: str
    description: str | None = None
    text: str | None = _source_text()
    details: list[str] = Field(default_factory=list, description="Sub-points, in order.")
    fields: dict[str, str] = Field(
        default_factory=dict,
        description=(
            "Extra columns under normalised keys (pilote, echeance, indicateur, budget, odd,"
            " partenaires, etat, ...); unrecognised columns keep their header text."
        ),
    )
    source: Source | None = None


class OperationalObjective(_Model):
    """An objectif opérationnel (OO)."""

    code: str | None = None
    label: str | None = None
    title: str
    description: str | None = None
    text: str | None = _source_text()
    fields: dict[str, str] = Field(default_factory=dict)
    actions: list[Action] = Field(default_factory=list)
    source: Source | None = None


class StrategicObjective(_Model):
    """An objectif stratégique (OS), or a theme of a declaration or programme."""

    code: str | None = None
    label: str | None = None
    title: str
    description: str | None = None
    text: str | None = _source_text()
    fields: dict[str, str] = Field(default_factory=dict)
    operational_objectives: list[OperationalObjective] = Field(default_factory=list)
    actions: list[Action] = Field(
        default_factory=list,
        description="Actions that sit directly under the OS (the source gives no OO for them).",
    )
    source: Source | None = None


class Finding(_Model):
    """Something the extractor or the validator noticed, with a stable rule id."""

    rule: str = Field(description="Stable id, e.g. 'numbering-gap'.")
    severity: Severity
    message: str
    path: str | None = Field(
        default=None,
        description=(
            "Location in the plan, e.g. 'strategic_objectives[3].operational_objectives[0]'."
        ),
    )
    source: Source | None = None


class Document(_Model):
    """What is known about the source document as a whole."""

    path: str | None = None
    sha256: str | None = None
    format: str | None = Field(default=None, description="txt, docx or pdf.")
    encoding: str | None = Field(default=None, description="Detected text encoding (TXT).")
    pages: int | None = None
    kind: Kind = Kind.PST
    title: str | None = None
    organisation: str | None = None
    period_start: int | None = None
    period_end: int | None = None
    contact: str | None = None
    contents: list[TextBlock] = Field(
        default_factory=list, description="Table of contents entries, kept as written."
    )
    furniture: list[TextBlock] = Field(
        default_factory=list,
        description="Running headers, footers, page numbers and table column headers.",
    )


class Plan(_Model):
    """A whole extracted plan."""

    schema_version: str = SCHEMA_VERSION
    document: Document = Field(default_factory=Document)
    preamble: list[TextBlock] = Field(default_factory=list)
    strategic_objectives: list[StrategicObjective] = Field(default_factory=list)
    unassigned: list[TextBlock] = Field(default_factory=list)
    findings: list[Finding] = Field(default_factory=list)


def plan_json_schema() -> dict[str, Any]:
    """Return the JSON Schema of :class:`Plan` (what ``schemas/plan.schema.json`` holds)."""
    schema = Plan.model_json_schema(mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://pstparse.invalid/schemas/plan.schema.json"
    return schema
