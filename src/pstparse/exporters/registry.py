"""The export formats, one line each: a new export is one module plus one line here.

Each :class:`ExportFormat` says what the command line and the batch runner need to know
about a format without importing it: its name, the file suffixes that select it, whether
it is text or bytes, whether several plans can share one output, and which function
renders it (imported only when used, so that ``pstparse extract -f yaml`` never loads
XlsxWriter).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, cast

from pstparse.model.errors import UsageError
from pstparse.model.plan import Finding, Plan
from pstparse.options import DEFAULT_EXPORT_OPTIONS, ExportOptions

if TYPE_CHECKING:
    from pstparse.exporters.streams import DocumentStream


@dataclass(frozen=True, slots=True)
class Exported:
    """A rendered export: the data and what the exporter noticed while writing it
    (a title cut to a length limit, say), to be shown as warnings.

    ``data`` is text, or bytes: a binary format's content (xlsx), or a text format's
    UTF-8 encoding when the exporter makes it that way (JSON: pydantic's serialiser gives
    bytes, and a large plan's JSON is not held as a ``str`` too). :meth:`text` gives the
    text of a text format either way.
    """

    data: str | bytes
    findings: list[Finding] = field(default_factory=list)

    def text(self) -> str:
        """The data of a text format as text (UTF-8 bytes decoded)."""
        return as_text(self.data)


def as_text(data: str | bytes) -> str:
    """A text format's output as text: its UTF-8 bytes (JSON) decoded, text as it is."""
    return data.decode("utf-8") if isinstance(data, bytes) else data


Renderer = Callable[[Plan, ExportOptions], Exported]


@dataclass(frozen=True, slots=True)
class ExportFormat:
    """One output format.

    ``renderer`` is ``"module:function"``; the function takes the plan and the
    :class:`~pstparse.options.ExportOptions` and returns :class:`Exported`. ``binary``
    formats give bytes (written as they are, never to a terminal's text layer);
    ``several`` formats can hold the plans of several inputs in one output (a YAML
    stream, a JSON array, one CSV table); ``table`` formats accept the table options
    (``--bom``, ``--excel``). ``stream`` is ``"module:Class"`` of the
    :class:`~pstparse.exporters.streams.DocumentStream` that joins several plans into
    one output, for the ``several`` formats.
    """

    name: str
    suffixes: tuple[str, ...]
    renderer: str
    binary: bool = False
    several: bool = True
    table: bool = False
    description: str = ""
    stream: str = ""

    def render(self, plan: Plan, options: ExportOptions = DEFAULT_EXPORT_OPTIONS) -> Exported:
        """Render ``plan`` in this format."""
        module_name, _, function = self.renderer.partition(":")
        module = importlib.import_module(module_name)
        return cast(Renderer, getattr(module, function))(plan, options)

    def open_stream(self, options: ExportOptions = DEFAULT_EXPORT_OPTIONS) -> DocumentStream:
        """A :class:`~pstparse.exporters.streams.DocumentStream` joining several plans in
        this format; :class:`UsageError` for a format that holds one plan only."""
        if not self.several or not self.stream:
            raise UsageError(f"{self.name} holds one plan only: write one file per input")
        module_name, _, name = self.stream.partition(":")
        module = importlib.import_module(module_name)
        return cast("type[DocumentStream]", getattr(module, name))(self.name, options)

    @property
    def suffix(self) -> str:
        """The suffix of an output file in this format (the first one listed)."""
        return self.suffixes[0]


_T = "pstparse.exporters.builtin"
_S = "pstparse.exporters.streams"

REGISTRY: tuple[ExportFormat, ...] = (
    ExportFormat(
        "yaml",
        (".yaml", ".yml"),
        f"{_T}:export_yaml",
        description="YAML",
        stream=f"{_S}:YamlStream",
    ),
    ExportFormat(
        "json", (".json",), f"{_T}:export_json", description="JSON", stream=f"{_S}:JsonArray"
    ),
    ExportFormat(
        "jsonl",
        (".jsonl", ".ndjson"),
        f"{_T}:export_jsonl",
        description="JSON Lines",
        stream=f"{_S}:DocumentStream",
    ),
    ExportFormat(
        "csv",
        (".csv",),
        f"{_T}:export_csv",
        table=True,
        description="CSV",
        stream=f"{_S}:TableStream",
    ),
    ExportFormat(
        "tsv",
        (".tsv", ".tab"),
        f"{_T}:export_tsv",
        table=True,
        description="TSV",
        stream=f"{_S}:TableStream",
    ),
    ExportFormat(
        "xlsx",
        (".xlsx",),
        "pstparse.exporters.xlsx:export_xlsx",
        binary=True,
        several=False,
        description="Excel workbook",
    ),
    ExportFormat(
        "ecomptes",
        (".xml",),
        "pstparse.exporters.ecomptes:export_ecomptes",
        several=False,
        description="eComptes PST XML (format 201805V1)",
    ),
)
"""Every output format, in the order the help lists them."""

BY_NAME: dict[str, ExportFormat] = {f.name: f for f in REGISTRY}
BY_SUFFIX: dict[str, ExportFormat] = {s: f for f in REGISTRY for s in f.suffixes}


def get_format(name: str) -> ExportFormat:
    """The format called ``name`` (case-insensitive); :class:`UsageError` if unknown."""
    fmt = BY_NAME.get(name.lower())
    if fmt is None:
        raise UsageError(f"unknown format {name!r} (choose from: {', '.join(BY_NAME)})")
    return fmt


def format_from_suffix(path: str | Path) -> str | None:
    """Return the output format a file name asks for (case-insensitive), or ``None``."""
    fmt = BY_SUFFIX.get(Path(path).suffix.lower())
    return fmt.name if fmt is not None else None


def check_options(fmt: ExportFormat, options: ExportOptions) -> None:
    """Refuse table options given for a format that has no use for them."""
    if options.bom and not fmt.table:
        raise UsageError(f"a byte order mark is only written for csv and tsv, not {fmt.name}")
    if options.excel and not fmt.table:
        raise UsageError(f"--excel is only for csv and tsv, not {fmt.name}")
    if options.delimiter is not None and fmt.name != "csv":
        raise UsageError(f"a delimiter is only chosen for csv, not {fmt.name}")
    if options.delimiter is not None and (
        len(options.delimiter) != 1 or options.delimiter in '"\r\n'
    ):
        raise UsageError(
            "the delimiter must be one character, not a quote or a line break: "
            f"{options.delimiter!r}"
        )


def export(plan: Plan, fmt: str, options: ExportOptions = DEFAULT_EXPORT_OPTIONS) -> Exported:
    """Render ``plan`` in format ``fmt`` with ``options``; see :data:`REGISTRY`."""
    chosen = get_format(fmt)
    check_options(chosen, options)
    return chosen.render(plan, options)


def export_many(
    plans: Iterable[Plan], fmt: str, options: ExportOptions = DEFAULT_EXPORT_OPTIONS
) -> str:
    """Render several plans as one output in format ``fmt`` (a YAML stream, a JSON array,
    JSON Lines, one CSV/TSV table): what ``pstparse extract`` writes to standard output
    for several inputs. :class:`UsageError` for a format that holds one plan only."""
    chosen = get_format(fmt)
    check_options(chosen, options)
    stream = chosen.open_stream(options)
    parts: list[str] = []
    for plan in plans:
        if stream.needs_plans:
            parts.append(stream.add(plan=plan))
        else:
            parts.append(stream.add(chosen.render(plan, options).text()))
    parts.append(stream.close())
    return "".join(parts)
