"""Options that travel as one object from the command line down to the readers.

A new reading option (an OCR mode, a time limit) is one field here; every layer passes
the object on instead of naming each option, so adding one touches the reader that uses
it and the command line that sets it, nothing in between.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
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


DEFAULT_TIMEOUT = 120.0
"""Seconds one input may take by default (``--timeout``): the slowest real document
(a 321-page PDF) takes about 10 s; a hostile one could otherwise hold a worker forever."""

DEFAULT_MAX_MEMORY_MB = 2048
"""Address space (MiB) one worker may use by default (``--max-memory``): a worker needs
about 75 MiB to start and the heaviest accepted input a few hundred more."""


@dataclass(frozen=True, slots=True)
class BatchOptions:
    """How a batch runs (:func:`pstparse.api.run_batch`), the options of ``pstparse
    extract`` that are neither reading nor export options.

    ``jobs`` worker processes (None: the CPU cores); each input within ``timeout``
    seconds and ``max_memory`` bytes of address space (None: no limit); ``resume``
    skips inputs whose output is newer; ``report`` also writes the summary as JSON
    there; ``strict`` counts error findings and empty plans as failures in the report.
    """

    jobs: int | None = None
    timeout: float | None = DEFAULT_TIMEOUT
    max_memory: int | None = DEFAULT_MAX_MEMORY_MB * 2**20
    resume: bool = False
    strict: bool = False
    report: str | Path | None = None


DEFAULT_BATCH_OPTIONS = BatchOptions()
