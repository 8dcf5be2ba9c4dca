"""Finding the inputs of a batch and naming its outputs.

- :func:`collect_inputs` expands directories (recursively, the suffixes of the input-format
  registry — ``*.docx``/``*.pdf``/``*.txt`` — case-insensitive, hidden entries skipped) and
  quoted glob patterns.
- :func:`output_paths` names one output per input, mirroring sub-directories, stepping
  around clashes and never choosing the path of an input.
"""

from __future__ import annotations

import glob
import os
from collections.abc import Iterator, Sequence
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path, PurePath

from pstparse.extractors.registry import input_suffixes

SUPPORTED_SUFFIXES: tuple[str, ...] = input_suffixes()
"""Suffixes (compared case-insensitively) picked up when a directory is expanded: those
the input-format registry lists (:func:`pstparse.extractors.registry.input_suffixes`)."""
_NO_DOCUMENT = "no document ({}) in this directory".format(
    ", ".join(f"*{suffix}" for suffix in SUPPORTED_SUFFIXES)
)

STDIN = "-"
"""The input name that means standard input."""

_GLOB_MAGIC = frozenset("*?[")


# --------------------------------------------------------------------------- inputs


@dataclass(frozen=True, slots=True)
class Input:
    """One document to extract, as found on the command line or in a directory.

    ``relative`` is the sub-path below the directory (or the fixed part of the glob) it
    was found under, which the output keeps; ``None`` for a file named directly.
    ``problem`` is set when an argument yielded no document (empty directory, glob
    without match): the input is then reported as failed instead of being read.
    """

    path: str
    relative: PurePath | None = None
    problem: str | None = None


def _hidden(name: str) -> bool:
    # "~$x.docx" is the lock file Word leaves beside an open document: not a document.
    return name.startswith((".", "~$"))


def _supported(name: str) -> bool:
    return name.lower().endswith(SUPPORTED_SUFFIXES)


def _walk(root: Path) -> list[Path]:
    found: list[Path] = []
    # followlinks=False: a symbolic link to a parent directory cannot loop forever.
    for current, dirs, files in os.walk(root, followlinks=False):
        dirs[:] = [d for d in dirs if not _hidden(d)]
        base = Path(current)
        found.extend(base / name for name in files if not _hidden(name) and _supported(name))
    return sorted(found, key=lambda p: p.relative_to(root).parts)


def _glob_root(pattern: str) -> Path:
    parts = PurePath(pattern).parts
    fixed: list[str] = []
    for part in parts:
        if _GLOB_MAGIC & set(part):
            break
        fixed.append(part)
    return Path(*fixed) if fixed else Path()


def _is_glob(arg: str) -> bool:
    return bool(_GLOB_MAGIC & set(arg))


def collect_inputs(args: Sequence[str]) -> list[Input]:
    """Expand command-line arguments into the documents to extract, in a stable order.

    - ``-`` is standard input; an existing file is taken as is, whatever its suffix.
    - A directory is walked recursively for the registry's suffixes (``*.docx``, ``*.pdf``,
      ``*.txt``, case-insensitive), in sorted order; hidden files and directories (``.name``) and
      Word lock files (``~$name``) are skipped, symbolic links to directories are not
      followed.
    - An argument that does not exist but contains ``*``, ``?`` or ``[`` is a glob pattern
      (``**`` matches any depth), expanded here for shells that did not; matching
      directories are walked as above. The sorted matches keep their path below the
      pattern's fixed leading part.
    - Anything else is passed on, so that reading it reports the problem ("no such file").

    A document reached twice (same resolved path) is kept once, at its first place.
    """
    inputs: list[Input] = []
    seen: set[Path] = set()

    def add(item: Input) -> None:
        if item.path != STDIN and item.problem is None:
            key = _resolved(Path(item.path))
            if key in seen:
                return
            seen.add(key)
        inputs.append(item)

    def add_dir(root: Path, prefix: PurePath) -> int:
        files = _walk(root)
        for path in files:
            add(Input(str(path), prefix / path.relative_to(root)))
        return len(files)

    for arg in args:
        path = Path(arg)
        if arg == STDIN or path.is_file():
            add(Input(arg))
        elif path.is_dir():
            if not add_dir(path, PurePath()):
                add(
                    Input(
                        arg,
                        problem=_NO_DOCUMENT,
                    )
                )
        elif _is_glob(arg) and not path.exists():
            root = _glob_root(arg)
            # Path.glob cannot take an absolute pattern; glob.glob can.
            matches = sorted(glob.glob(arg, recursive=True))  # noqa: PTH207
            count = 0
            for match in matches:
                found = Path(match)
                relative = PurePath(os.path.relpath(found, root))
                if found.is_dir():
                    count += add_dir(found, relative)
                elif found.is_file():
                    add(Input(match, relative))
                    count += 1
            if not count:
                add(Input(arg, problem="no document matches this pattern"))
        else:
            add(Input(arg))
    return inputs


# --------------------------------------------------------------------------- outputs


def _resolved(path: Path) -> Path:
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # a symbolic link loop
        return path.absolute()


def _key(path: Path) -> str:
    # Case-folded so that names also stay distinct on case-insensitive file systems.
    return os.path.normcase(str(_resolved(path))).casefold()


def _candidates(folder: Path, source: PurePath, suffix: str) -> Iterator[Path]:
    yield folder / f"{source.stem}{suffix}"
    yield folder / f"{source.name}{suffix}"
    n = 2
    while True:
        yield folder / f"{source.stem}-{n}{suffix}"
        n += 1


def output_paths(inputs: Sequence[Input], outdir: Path, fmt: str) -> list[Path]:
    """Name the output of each input in ``outdir`` for format ``fmt``.

    ``plan.pdf`` gives ``plan.yaml``; an input found under a directory or glob keeps its
    sub-directory (``corpus/2024/a.txt`` given as ``corpus/`` → ``OUTDIR/2024/a.yaml``).
    When two inputs would share a name (``a.txt`` and ``a.pdf``), the later one gets
    ``a.pdf.yaml``, then ``a-2.yaml``, ``a-3.yaml``... Names are compared
    case-insensitively, and the path of any input counts as taken, so an output never
    replaces an input. The result depends only on the inputs, in their order.
    """
    from pstparse.exporters.registry import get_format

    suffix = get_format(fmt).suffix
    taken = {_key(Path(i.path)) for i in inputs if i.path != STDIN}
    paths: list[Path] = []
    for item in inputs:
        source = PurePath("stdin" if item.path == STDIN else item.path)
        folder = outdir / item.relative.parent if item.relative is not None else outdir
        chosen = next(
            candidate
            for candidate in _candidates(folder, source, suffix)
            if _key(candidate) not in taken
        )
        taken.add(_key(chosen))
        paths.append(chosen)
    return paths


def remove_stale_temporaries(output: Path) -> int:
    """Remove the temporary files a killed run left next to ``output`` (``--resume``);
    return how many were removed."""
    from pstparse.exporters.atomic import stale_temporaries

    removed = 0
    for temp in stale_temporaries(output):
        with suppress(OSError):
            temp.unlink()
            removed += 1
    return removed


def is_up_to_date(source: str, output: Path) -> bool:
    """True when ``output`` exists and was modified after ``source`` (for ``--resume``)."""
    if source == STDIN:
        return False
    try:
        return output.stat().st_mtime_ns > Path(source).stat().st_mtime_ns
    except OSError:
        return False


def same_file(a: Path, b: str) -> bool:
    """True when ``a`` and the input ``b`` are the same file (standard input never is);
    a symbolic link loop compares as written."""
    if b == STDIN:
        return False
    return os.path.normcase(_resolved(a)) == os.path.normcase(_resolved(Path(b)))
