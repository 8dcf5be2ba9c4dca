"""Options that travel as one object from the command line down to the readers.

A new reading option (an OCR mode, a time limit) is one field here; every layer passes
the object on instead of naming each option, so adding one touches the reader that uses
it and the command line that sets it, nothing in between.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal

from pstparse.model.kinds import Kind
from pstparse.model.messages import DEFAULT_LANG, Lang

OcrMode = Literal["auto", "always", "never"]


@dataclass(frozen=True, slots=True)
class ExtractOptions:
    """How to read a document.

    ``kind`` forces the document kind (default: detected); ``password`` opens an
    encrypted PDF; ``ocr`` says which pages are read by OCR: ``auto`` (pages without a
    text layer), ``always`` or ``never``; ``lang`` is the language (``en`` or ``fr``)
    of the findings' messages stored in the plan.
    """

    kind: Kind | None = None
    password: str | None = None
    ocr: OcrMode = "auto"
    lang: Lang = DEFAULT_LANG

    def but(self, **changes: object) -> ExtractOptions:
        """A copy with some options changed."""
        return replace(self, **changes)  # type: ignore[arg-type]


DEFAULT_OPTIONS = ExtractOptions()


TypeAdmin = Literal["AC", "CPAS"]


@dataclass(frozen=True, slots=True)
class ExportOptions:
    """How to write a plan; each exporter reads the options it understands.

    Tables (CSV, TSV, XLSX): ``bom`` starts CSV/TSV text with U+FEFF; ``delimiter``
    sets the CSV separator; ``excel`` asks for what a French-language Excel expects
    (``;``, a BOM, CRLF line ends); ``raw_cells`` turns off the formula-injection guard
    (see :mod:`pstparse.exporters.cells`). eComptes XML: ``ins`` (the INS code of the
    commune), ``type_admin`` (``AC`` for the commune's administration, ``CPAS``) and
    ``exercice`` (the budget year) override what the plan says.
    """

    bom: bool = False
    delimiter: str | None = None
    excel: bool = False
    raw_cells: bool = False
    ins: int | None = None
    type_admin: TypeAdmin | None = None
    exercice: int | None = None

    def but(self, **changes: object) -> ExportOptions:
        """A copy with some options changed."""
        return replace(self, **changes)  # type: ignore[arg-type]


DEFAULT_EXPORT_OPTIONS = ExportOptions()
