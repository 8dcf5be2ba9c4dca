"""The enumerations of the plan model that the command line needs before any model.

They live apart from :mod:`pstparse.model.plan` (which re-exports them) so that parsing the
command line, ``--version`` and ``--help`` do not build the pydantic models, the largest
part of pstparse's start-up.
"""

from __future__ import annotations

from enum import StrEnum


class Kind(StrEnum):
    """What sort of document a plan was extracted from."""

    PST = "pst"
    DPS = "dps"
    DPC = "dpc"
    PROGRAMME = "programme"
    PROJECT_SHEET = "project_sheet"


class Severity(StrEnum):
    """How serious a finding is. Only ``error`` makes ``validate`` fail."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"
