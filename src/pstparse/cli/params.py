"""Options shared by the commands: choices, flags, and the group of output options.

:func:`output_options` adds the output options of ``extract`` and ``convert``
(``--excel``, ``--delimiter``, ``--raw-cells``, ``--ins``, ``--type-admin``,
``--exercice``) to a command in one line, as one :class:`OutputOptions` argument (the way
sqlite-utils' ``output_options`` decorator does for click), so that the two commands
cannot drift apart.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Annotated, Any, TypeVar

import typer

from pstparse.options import ExportOptions


def flag(*names: str, help: str, **kwargs: Any) -> Any:
    """An on/off option: shown without a value in --help (a flag takes none)."""
    return typer.Option(*names, help=help, metavar="", **kwargs)


def choice(*names: str, help: str) -> Any:
    """An option with a fixed set of values, matched whatever their case (``-f CSV``)."""
    return typer.Option(*names, help=help, case_sensitive=False)


Verbose = Annotated[bool, flag("--verbose", "-v", help="Show tracebacks of errors.")]
"""Accepted before and after the command name (``pstparse extract x.pdf -v``)."""


class OutFormat(StrEnum):
    """Output formats of ``extract`` and ``convert``."""

    yaml = "yaml"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"
    tsv = "tsv"
    xlsx = "xlsx"
    ecomptes = "ecomptes"


class TypeAdmin(StrEnum):
    """The administration an eComptes file is for: the commune (AC) or its CPAS."""

    AC = "AC"
    CPAS = "CPAS"


class OcrChoice(StrEnum):
    """``--ocr``: which pages of a PDF are read by OCR (images always are)."""

    auto = "auto"
    always = "always"
    never = "never"


class ReportFormat(StrEnum):
    """Report formats of ``validate``."""

    text = "text"
    json = "json"


class LangChoice(StrEnum):
    """Languages of messages and reports."""

    fr = "fr"
    en = "en"


LANG_HELP = (
    "Language of findings, reports and the batch summary (fr or en); default: from"
    " LC_ALL, LC_MESSAGES or LANG (fr* gives French, anything else English)."
)

LangOpt = Annotated[LangChoice | None, choice("--lang", help=LANG_HELP)]


# --------------------------------------------------------------------------- output options


@dataclass(frozen=True, slots=True)
class OutputOptions:
    """The output options given to a command decorated with :func:`output_options`."""

    excel: bool = False
    delimiter: str | None = None
    raw_cells: bool = False
    ins: int | None = None
    type_admin: TypeAdmin | None = None
    exercice: int | None = None

    def export_options(self, *, bom: bool) -> ExportOptions:
        """These options (and the command's own ``--bom``) as the library's object."""
        return ExportOptions(
            bom=bom,
            excel=self.excel,
            delimiter=self.delimiter,
            raw_cells=self.raw_cells,
            ins=self.ins,
            type_admin=None if self.type_admin is None else self.type_admin.value,
            exercice=self.exercice,
        )


DEFAULT_OUTPUT = OutputOptions()
"""The default of a decorated command's ``out`` parameter (typer never sees it)."""

_KW = inspect.Parameter.POSITIONAL_OR_KEYWORD

_OUTPUT_PARAMETERS = (
    inspect.Parameter(
        "excel",
        _KW,
        default=False,
        annotation=Annotated[
            bool,
            flag("--excel", help="CSV/TSV for a French-language Excel: ';' separator, BOM, CRLF."),
        ],
    ),
    inspect.Parameter(
        "delimiter",
        _KW,
        default=None,
        annotation=Annotated[
            str | None, typer.Option("--delimiter", help="CSV cell separator (default ',').")
        ],
    ),
    inspect.Parameter(
        "raw_cells",
        _KW,
        default=False,
        annotation=Annotated[
            bool,
            flag(
                "--raw-cells",
                help="Do not guard CSV/TSV/XLSX cells that start like a formula (= + - @).",
            ),
        ],
    ),
    inspect.Parameter(
        "ins",
        _KW,
        default=None,
        annotation=Annotated[
            int | None, typer.Option("--ins", help="eComptes: INS code of the commune.")
        ],
    ),
    inspect.Parameter(
        "type_admin",
        _KW,
        default=None,
        annotation=Annotated[
            TypeAdmin | None,
            choice("--type-admin", help="eComptes: AC (commune) or CPAS; default: from the plan."),
        ],
    ),
    inspect.Parameter(
        "exercice",
        _KW,
        default=None,
        annotation=Annotated[
            int | None, typer.Option("--exercice", help="eComptes: the budget year of the file.")
        ],
    ),
)

OUTPUT_OPTIONS_PARAMETER = "out"
"""The parameter of a decorated command that receives the :class:`OutputOptions`; the
output options take its place in the command's signature (and so in its ``--help``)."""

F = TypeVar("F", bound=Callable[..., Any])


def output_options(command: F) -> F:
    """Give ``command`` the shared output options, in place of its ``out`` parameter.

    The command declares ``out: OutputOptions``; typer sees the six options instead (at
    that place, which keeps the order of ``--help``), and the command receives them
    back as one :class:`OutputOptions`.
    """
    # Evaluated annotations: typer reads a signature set here as it is, and the
    # command's module defers its annotations (strings) until asked.
    signature = inspect.signature(command, eval_str=True)
    params = list(signature.parameters.values())
    names = [p.name for p in params]
    at = names.index(OUTPUT_OPTIONS_PARAMETER)
    params[at : at + 1] = _OUTPUT_PARAMETERS
    group = [p.name for p in _OUTPUT_PARAMETERS]

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        values = {name: kwargs.pop(name) for name in group if name in kwargs}
        kwargs[OUTPUT_OPTIONS_PARAMETER] = OutputOptions(**values)
        return command(*args, **kwargs)

    wrapper.__signature__ = signature.replace(parameters=params)  # type: ignore[attr-defined]
    wrapper.__annotations__ = {
        p.name: p.annotation for p in params if p.annotation is not inspect.Parameter.empty
    } | {"return": signature.return_annotation}
    return wrapper  # type: ignore[return-value]
