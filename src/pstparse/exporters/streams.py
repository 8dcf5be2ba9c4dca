"""Several plans in one output: the multi-document form of each format that has one.

A batch renders each plan on its own (in worker processes, where rendering is spread)
and then joins them; the joining is the format's business, so it lives here, next to
the renderers, and the batch runner and :func:`pstparse.exporters.registry.export_many`
share it. The registry names each format's stream (``ExportFormat.stream``).

- YAML: a multi-document stream, ``---`` before each plan;
- JSON: an array of the plans;
- JSON Lines: the records of each plan, one plan after the other (each record names
  its ``document``);
- CSV/TSV: one table with a single header, whose field columns depend on every plan,
  so the plans themselves are kept and the table is written at the end
  (:attr:`DocumentStream.needs_plans`).
"""

from __future__ import annotations

import io
from typing import ClassVar

from pstparse.model.plan import Plan
from pstparse.options import ExportOptions


class DocumentStream:
    """Joins the single-plan outputs of several plans into one output, in order.

    :meth:`add` takes the next plan's rendered text (or, when :attr:`needs_plans`, the
    plan itself) and returns what to write now; :meth:`close` returns what ends the
    output. This base class concatenates (JSON Lines).
    """

    needs_plans: ClassVar[bool] = False
    """True when the stream needs the plans rather than their rendered text."""

    def __init__(self, fmt: str, options: ExportOptions) -> None:
        self.format = fmt
        self.options = options
        self.count = 0

    def add(self, text: str = "", plan: Plan | None = None) -> str:
        """The text to write for the next plan."""
        self.count += 1
        return text

    def close(self) -> str:
        """The text that ends the output."""
        return ""


class YamlStream(DocumentStream):
    """A YAML multi-document stream: ``---`` before each plan."""

    def add(self, text: str = "", plan: Plan | None = None) -> str:
        """The plan's document, after its ``---`` marker."""
        self.count += 1
        return f"---\n{text}"


class JsonArray(DocumentStream):
    """A JSON array of plans, written as each plan comes (nothing at all for none)."""

    def add(self, text: str = "", plan: Plan | None = None) -> str:
        """The plan as the next element of the array."""
        opening = "[\n" if not self.count else ",\n"
        self.count += 1
        return opening + text.rstrip("\n")

    def close(self) -> str:
        """The closing bracket, when the array was opened."""
        return "\n]\n" if self.count else ""


class TableStream(DocumentStream):
    """One CSV or TSV table for every plan (its header needs all of them)."""

    needs_plans = True

    def __init__(self, fmt: str, options: ExportOptions) -> None:
        super().__init__(fmt, options)
        self._plans: list[Plan] = []

    def add(self, text: str = "", plan: Plan | None = None) -> str:
        """Keep ``plan`` for the table; nothing is written yet."""
        if plan is not None:
            self._plans.append(plan)
            self.count += 1
        return ""

    def close(self) -> str:
        """The whole table (nothing at all when no plan came)."""
        if not self._plans:
            return ""
        from pstparse.exporters.tabular import table_writer

        buffer = io.StringIO(newline="")
        writer = table_writer(buffer, self.format, self._plans, self.options)
        for plan in self._plans:
            writer.write_plan(plan)
        return buffer.getvalue()
