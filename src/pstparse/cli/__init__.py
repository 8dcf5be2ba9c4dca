"""The command line: the only package that imports typer and rich.

- :mod:`pstparse.cli.app`: the commands (parse options, call :mod:`pstparse.api`, write);
- :mod:`pstparse.cli.params`: the options shared by commands (the output options group);
- :mod:`pstparse.cli.view`: what the user sees on stderr (messages, progress, summary).

Importing this package is cheap: the commands (and typer) load on first use, so that
``pstparse --version`` answers without them.
"""

from __future__ import annotations

import importlib
import os
import sys
from typing import Any

from pstparse import __version__

_LAZY = {
    "app": "pstparse.cli.app",
    "OutFormat": "pstparse.cli.params",
}


def __getattr__(name: str) -> Any:
    # PEP 562: ``from pstparse.cli import app`` loads the commands only when asked.
    if name not in _LAZY:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(_LAZY[name]), name)
    # Importing the submodule pstparse.cli.app binds its name here to the module: the
    # Typer application of the same name is what this package offers.
    globals()[name] = value
    return value


def _stdout_open() -> bool:
    try:
        os.fstat(1)
    except OSError:
        return False
    return True


def main() -> None:
    """Console-script entry point."""
    if sys.argv[1:] == ["--version"] and _stdout_open():
        # The answer needs neither typer nor the commands: about 0.2 s of start-up
        # saved (same output and exit status as the eager --version of the app).
        sys.stdout.write(f"pstparse {__version__}\n")
        sys.stdout.flush()
        return
    # pydantic scans every installed package's entry points for plugins when the first
    # model is built (importlib.metadata, a few tens of ms of start-up); pstparse's models
    # use none. Only in this process (and its workers), and a value the user set wins.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "1")
    from pstparse.runtime import ending, importing

    with importing():
        app_module = importlib.import_module("pstparse.cli.app")
    globals()["app"] = app_module.app
    with ending():
        app_module.main()
