"""Tesseract, run as a subprocess: one page image in, words with boxes and confidences out.

Tesseract is optional at run time: :func:`find_tesseract` raises a one-line
:class:`~pstparse.model.errors.NeedsOCRError` saying how to install it when it is missing.
Its hOCR output is read rather than TSV because hOCR gives, for every line, the row
height (``x_size``) and the baseline Tesseract fitted: a font size that does not depend
on which letters a word happens to have.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from functools import lru_cache

from pstparse.model.errors import NeedsOCRError

TESSERACT_ENV = "PSTPARSE_TESSERACT"
"""Environment variable naming the Tesseract program (a path or a name on PATH)."""

LANGUAGE = "fra"
"""Tesseract language: the plans are in French (Debian package tesseract-ocr-fra)."""

INSTALL_HINT = (
    "install Tesseract with French data (Debian/Ubuntu: apt-get install tesseract-ocr "
    "tesseract-ocr-fra; macOS: brew install tesseract tesseract-lang) or set "
    f"{TESSERACT_ENV} to the tesseract program"
)

TEXT_SEGMENTATION = "4"
"""Tesseract's page segmentation for a page of text: one column of lines of varying size.
Measured on the scanned samples: its automatic mode (3) cut the number off numbered
headings ("2. Lutter contre…" read as "ND" in a block of its own); pstparse regroups
words into columns and paragraphs by geometry anyway."""

TABLE_SEGMENTATION = "3"
"""…and for a page with a ruled table: automatic segmentation, which keeps the text of
each cell in a block of its own (in one-column mode, lines run across the cells and the
words of neighbouring cells were misread more often)."""

TIMEOUT_SECONDS = 120
"""Longest time one page may take (a normal A4 page at 300 dpi takes 2–3 s here)."""

THREAD_LIMIT = "1"
"""OMP_THREAD_LIMIT for Tesseract. Its OpenMP threads fight over the cores: measured on
2 cores, one page took 17–25 s with the default and 2–3 s with one thread. Pages of a
batch run in parallel per document (``--jobs``) instead."""


@dataclass(frozen=True, slots=True)
class OcrWord:
    """One recognised word, in pixels of the image given to Tesseract."""

    text: str
    x0: int
    top: int
    x1: int
    bottom: int
    conf: float
    """Tesseract's confidence, 0–100."""


@dataclass(frozen=True, slots=True)
class OcrLine:
    """One text line: its words, left to right, and the geometry Tesseract fitted."""

    words: tuple[OcrWord, ...]
    x0: int
    top: int
    x1: int
    bottom: int
    baseline: float
    """y of the baseline at the line's left edge (pixels)."""
    slope: float
    x_size: float
    """Row height in pixels (ascender to descender): the font size."""
    descenders: float


def find_tesseract() -> str:
    """The Tesseract program to run, with French data installed.

    ``$PSTPARSE_TESSERACT`` names it (a path, or a name looked up on PATH); otherwise
    ``tesseract`` on PATH. Raises :class:`~pstparse.model.errors.NeedsOCRError` (exit 2) with
    the way to install it when it is missing or has no French data.
    """
    wanted = os.environ.get(TESSERACT_ENV) or "tesseract"
    found = shutil.which(wanted)
    if found is None:
        raise NeedsOCRError(f"scanned pages need OCR but Tesseract was not found: {INSTALL_HINT}")
    if LANGUAGE not in _languages(found):
        raise NeedsOCRError(
            f"scanned pages need OCR but Tesseract has no French data ({LANGUAGE}): {INSTALL_HINT}"
        )
    return found


@lru_cache(maxsize=8)
def _languages(program: str) -> frozenset[str]:
    try:
        done = subprocess.run(
            [program, "--list-langs"],
            capture_output=True,
            timeout=30,
            check=False,
            env=_env(),
        )
    except (OSError, subprocess.SubprocessError):
        return frozenset()
    # The list goes to stdout (Tesseract 5) or stderr (older releases).
    text = (done.stdout + done.stderr).decode("utf-8", "replace")
    return frozenset(line.strip() for line in text.splitlines()[1:] if line.strip())


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["OMP_THREAD_LIMIT"] = THREAD_LIMIT
    return env


def recognise(program: str, image: bytes, dpi: int, *, table: bool = False) -> list[OcrLine]:
    """Run Tesseract on one image (PGM or PNG bytes) and return its text lines, top to bottom.

    The resolution is passed explicitly: an image whose DPI Tesseract has to guess loses
    small text (measured: the header row and the number column of a table vanished).
    ``table`` says the page holds a ruled table (see :data:`TABLE_SEGMENTATION`).
    Raises :class:`~pstparse.model.errors.NeedsOCRError` when Tesseract fails on the image.
    """
    cmd = [
        program,
        "stdin",
        "stdout",
        "-l",
        LANGUAGE,
        "--dpi",
        str(dpi),
        "--psm",
        TABLE_SEGMENTATION if table else TEXT_SEGMENTATION,
        "hocr",
    ]
    try:
        done = subprocess.run(
            cmd, input=image, capture_output=True, timeout=TIMEOUT_SECONDS, check=False, env=_env()
        )
    except subprocess.TimeoutExpired:
        raise NeedsOCRError(f"OCR of a page took more than {TIMEOUT_SECONDS} s") from None
    except OSError as exc:
        raise NeedsOCRError(f"Tesseract could not be run ({exc.strerror or exc})") from None
    if done.returncode != 0:
        detail = " ".join(done.stderr.decode("utf-8", "replace").split())[:160]
        raise NeedsOCRError(f"Tesseract failed on a page ({detail or done.returncode})")
    return parse_hocr(done.stdout)


_DOCTYPE = re.compile(rb"<!DOCTYPE[^>]*>", re.S)
_NS = "{http://www.w3.org/1999/xhtml}"
_LINE_CLASSES = frozenset({"ocr_line", "ocr_header", "ocr_caption", "ocr_textfloat"})


def _props(title: str) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for part in title.split(";"):
        bits = part.split()
        if bits:
            out[bits[0]] = bits[1:]
    return out


def _box(props: dict[str, list[str]]) -> tuple[int, int, int, int] | None:
    raw = props.get("bbox")
    if raw is None or len(raw) != 4:
        return None
    x0, top, x1, bottom = (int(v) for v in raw)
    return x0, top, x1, bottom


def parse_hocr(data: bytes) -> list[OcrLine]:
    """Text lines from Tesseract's hOCR (XHTML), skipping empty words."""
    root = ET.fromstring(_DOCTYPE.sub(b"", data, count=1))
    lines: list[OcrLine] = []
    for el in root.iter(f"{_NS}span"):
        if el.get("class") not in _LINE_CLASSES:
            continue
        props = _props(el.get("title", ""))
        box = _box(props)
        if box is None:
            continue
        words: list[OcrWord] = []
        for w in el.iter(f"{_NS}span"):
            if w.get("class") != "ocrx_word":
                continue
            text = "".join(w.itertext()).strip()
            wprops = _props(w.get("title", ""))
            wbox = _box(wprops)
            if not text or wbox is None:
                continue
            conf = float((wprops.get("x_wconf") or ["0"])[0])
            words.append(OcrWord(text, *wbox, conf=conf))
        if not words:
            continue
        slope, offset = (float(v) for v in (props.get("baseline") or ["0", "0"])[:2])
        height = box[3] - box[1]
        x_size = float((props.get("x_size") or [str(height)])[0])
        descenders = float((props.get("x_descenders") or ["0"])[0])
        lines.append(
            OcrLine(
                words=tuple(words),
                x0=box[0],
                top=box[1],
                x1=box[2],
                bottom=box[3],
                baseline=box[3] + offset,
                slope=slope,
                x_size=x_size if x_size > 0 else float(height),
                descenders=descenders,
            )
        )
    lines.sort(key=lambda ln: (ln.top, ln.x0))
    return lines
