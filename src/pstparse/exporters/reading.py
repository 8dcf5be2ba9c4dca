"""Read a plan from any format pstparse writes, recognised by content, not by name.

``convert`` reads what ``extract`` wrote and a person may have edited: YAML or JSON
(:func:`pstparse.exporters.loading.load_plan`), a CSV or TSV table or an XLSX workbook
(:mod:`pstparse.exporters.sheets`), or an eComptes PST XML file
(:mod:`pstparse.exporters.ecomptes`).
"""

from __future__ import annotations

from pstparse.exporters.loading import MAX_PLAN_BYTES, load_plan
from pstparse.model.errors import PlanError
from pstparse.model.plan import Plan

_ZIP_MAGIC = b"PK\x03\x04"


def plan_format(data: bytes) -> str:
    """What ``data`` holds: ``xlsx``, ``ecomptes``, ``table`` (CSV/TSV) or ``plan``
    (YAML/JSON, which :func:`load_plan` tells apart)."""
    from pstparse.exporters.ecomptes import is_ecomptes
    from pstparse.exporters.sheets import is_table

    if data.startswith(_ZIP_MAGIC):
        return "xlsx"
    if is_ecomptes(data):
        return "ecomptes"
    head = data[:4096].decode("utf-8", errors="replace")
    if is_table(head):
        return "table"
    return "plan"


def read_plan(data: bytes, *, name: str = "<plan>") -> Plan:
    """Read a plan from the bytes of any export pstparse writes (see the module doc).

    Raises :class:`~pstparse.model.errors.PlanError` (exit 2) with a one-line message for
    anything that is not such an export.
    """
    kind = plan_format(data)
    if kind == "plan":
        return load_plan(data, name=name)
    if len(data) > MAX_PLAN_BYTES:
        raise PlanError(f"too large for a plan (over {MAX_PLAN_BYTES // 2**20} MiB)", path=name)
    if kind == "xlsx":
        from pstparse.exporters.sheets import read_workbook

        return read_workbook(data, name=name)
    if kind == "ecomptes":
        from pstparse.exporters.ecomptes import read_ecomptes

        return read_ecomptes(data, name=name)
    from pstparse.exporters.sheets import read_table_text

    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Excel saves "CSV (point-virgule)" in the Windows code page, not UTF-8.
        text = data.decode("cp1252", errors="replace")
    return read_table_text(text, name=name)
