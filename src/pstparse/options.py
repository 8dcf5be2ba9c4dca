"""Options that travel as one object from the command line down to the readers.

A new reading option (an OCR mode, a time limit) is one field here; every layer passes
the object on instead of naming each option, so adding one touches the reader that uses
it and the command line that sets it, nothing in between.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal

from pstparse.kinds import Kind

OcrMode = Literal["auto", "always", "never"]


@dataclass(frozen=True, slots=True)
class ExtractOptions:
    """How to read a document.

    ``kind`` forces the document kind (default: detected); ``password`` opens an
    encrypted PDF; ``ocr`` says which pages are read by OCR: ``auto`` (pages without a
    text layer), ``always`` or ``never``.
    """

    kind: Kind | None = None
    password: str | None = None
    ocr: OcrMode = "auto"

    def but(self, **changes: object) -> ExtractOptions:
        """A copy with some options changed."""
        return replace(self, **changes)  # type: ignore[arg-type]


DEFAULT_OPTIONS = ExtractOptions()
