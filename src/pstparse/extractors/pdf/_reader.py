"""Opening a PDF and reading its pages one at a time into small records.

Every pdfminer/pdfplumber failure is turned into a :class:`~pstparse.errors.PstparseError`
here, so nothing from those libraries escapes the extractor.
"""

from __future__ import annotations

import itertools
import logging
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from io import BytesIO
from typing import Any

from pstparse.errors import EncryptedError, InputError, NeedsOCRError
from pstparse.extractors.pdf._geometry import BBox, Line, Word, group_lines
from pstparse.extractors.pdf._tables import PageTable, grid_table

log = logging.getLogger(__name__)

TABLE_SETTINGS: dict[str, Any] = {
    "vertical_strategy": "lines",
    "horizontal_strategy": "lines",
    "snap_tolerance": 3,
    "join_tolerance": 3,
    "intersection_tolerance": 3,
    "edge_min_length": 3,
}
WORD_SETTINGS: dict[str, Any] = {
    "x_tolerance_ratio": 0.15,
    "y_tolerance": 3,
    "keep_blank_chars": False,
    "use_text_flow": False,
    "extra_attrs": ["fontname", "size"],
}
SCANNED = "no text layer: this PDF looks scanned; run OCR first (e.g. ocrmypdf) and try again"
NO_TEXT = (
    "no text layer: the PDF holds no text (blank pages or text drawn as shapes); "
    "run OCR first (e.g. ocrmypdf) and try again"
)


@dataclass(slots=True)
class PageData:
    """What the extractor keeps of one page once pdfplumber is done with it."""

    number: int
    width: float
    height: float
    lines: list[Line] = field(default_factory=list)
    """Free lines (outside ruled tables), top to bottom."""
    tables: list[PageTable] = field(default_factory=list)
    chars: int = 0
    images: int = 0


@dataclass(slots=True)
class Document:
    """All pages, plus what the whole document says."""

    pages: list[PageData]
    title: str | None
    sizes: Counter[float]
    """Characters per font size (rounded to 0.5 pt), over the whole document."""


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text[:200]


def check_bytes(data: bytes, name: str) -> None:
    """Refuse what cannot be a complete PDF before pdfminer sees it."""
    if not data:
        raise InputError("empty file", path=name)
    if b"%PDF-" not in data[:1024]:
        raise InputError("not a PDF file (no %PDF- header)", path=name)
    if b"%%EOF" not in data[-4096:]:
        raise InputError("truncated PDF: the end-of-file marker is missing", path=name)


def _root_cause(exc: BaseException) -> BaseException:
    # pdfplumber wraps pdfminer's exceptions in PdfminerException(original).
    if type(exc).__name__ == "PdfminerException" and exc.args:
        inner = exc.args[0]
        if isinstance(inner, BaseException):
            return inner
    return exc


def _open(data: bytes, name: str, password: str | None) -> Any:
    import pdfplumber

    try:
        return pdfplumber.open(BytesIO(data), password=password or "")
    except Exception as exc:
        cause = _root_cause(exc)
        kind = type(cause).__name__
        if kind == "PDFPasswordIncorrect":
            msg = (
                "encrypted PDF: the password is wrong (--password)"
                if password
                else "encrypted PDF: a password is needed (--password)"
            )
            raise EncryptedError(msg, path=name) from None
        if kind in ("PDFEncryptionError", "PDFEncryptionWarning"):
            raise EncryptedError(
                f"encrypted PDF: unsupported encryption ({_one_line(cause)})", path=name
            ) from None
        raise InputError(f"not a readable PDF ({kind}: {_one_line(cause)})", path=name) from None


def _title(pdf: Any) -> str | None:
    try:
        raw = pdf.metadata.get("Title")
    except Exception:
        return None
    if isinstance(raw, bytes):
        raw = raw.decode("utf-8", "replace")
    if not isinstance(raw, str):
        return None
    title = " ".join(raw.replace("\x00", "").split())
    return title or None


def _words(chars: list[dict[str, Any]]) -> list[Word]:
    from pdfplumber.utils.text import extract_words

    words: list[Word] = []
    for raw in extract_words(chars, **WORD_SETTINGS):
        text = str(raw.get("text", ""))
        if not text.strip():
            continue
        words.append(Word.from_plumber(raw))
    return words


def _orientation(chars: list[dict[str, Any]]) -> int:
    """0 for ordinary text; 90 or 270 when most text runs down or up the page.

    A landscape page stored as a rotated portrait page (/Rotate 90), or text drawn
    sideways, comes out of pdfplumber as vertical characters.
    """
    sideways = [c for c in chars if not c.get("upright", True)]
    if 2 * len(sideways) <= len(chars):
        return 0
    down = up = 0
    for a, b in itertools.pairwise(sideways):
        if abs(float(a["x0"]) - float(b["x0"])) < 1.0:
            if b["top"] > a["top"]:
                down += 1
            elif b["top"] < a["top"]:
                up += 1
    return 90 if down >= up else 270


def _turn(box: tuple[float, float, float, float], angle: int, width: float, height: float) -> BBox:
    """A display box (x0, top, x1, bottom) in the frame where the text reads left to right."""
    x0, top, x1, bottom = box
    if angle == 90:
        return (top, width - x1, bottom, width - x0)
    return (height - bottom, x0, height - top, x1)


def _upright_chars(
    chars: list[dict[str, Any]], angle: int, width: float, height: float
) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for ch in chars:
        x0, top, x1, bottom = _turn(
            (float(ch["x0"]), float(ch["top"]), float(ch["x1"]), float(ch["bottom"])),
            angle,
            width,
            height,
        )
        out.append(
            {
                **ch,
                "x0": x0,
                "x1": x1,
                "top": top,
                "bottom": bottom,
                "doctop": top,
                "upright": True,
                "width": x1 - x0,
                "height": bottom - top,
            }
        )
    return out


def _read_page(page: Any, number: int, sizes: Counter[float]) -> PageData:
    width, height = float(page.width), float(page.height)
    data = PageData(number, width, height)
    chars = page.chars
    data.chars = len(chars)
    if not chars:
        data.images = len(page.images)
        return data
    for ch in chars:
        sizes[round(float(ch.get("size") or 0) * 2) / 2] += 1
    dupes = _duplicate_chars(chars)
    kept = [ch for ch in chars if id(ch) not in dupes] if dupes else chars
    angle = _orientation(kept)
    if angle:
        kept = _upright_chars(kept, angle, width, height)
        data.width, data.height = height, width
    words = _words(kept)
    for found in page.find_tables(TABLE_SETTINGS):
        cells = found.cells
        if angle:
            cells = [_turn(tuple(c), angle, width, height) for c in cells]
        table, words = grid_table(number, cells, words)
        if table is not None:
            data.tables.append(table)
    data.tables.sort(key=lambda t: (t.bbox[1], t.bbox[0]))
    data.lines = group_lines(words)
    return data


def _duplicate_chars(chars: list[dict[str, Any]]) -> set[int]:
    """ids of characters drawn twice at the same place (fake bold, shadows).

    pdfplumber's own ``dedupe_chars`` is quadratic in the number of characters; a dict on
    rounded positions does it in one pass.
    """
    seen: set[tuple[str, int, int]] = set()
    dupes: set[int] = set()
    for ch in chars:
        key = (str(ch.get("text")), round(float(ch["x0"])), round(float(ch["top"])))
        if key in seen:
            dupes.add(id(ch))
        else:
            seen.add(key)
    return dupes


def _pages(pdf: Any, name: str) -> Iterator[Any]:
    try:
        pages = pdf.pages
    except Exception as exc:
        cause = _root_cause(exc)
        raise InputError(
            f"not a readable PDF ({type(cause).__name__}: {_one_line(cause)})", path=name
        ) from None
    yield from pages


def read_document(data: bytes, name: str, password: str | None) -> Document:
    """Read every page (one at a time, releasing each) into a :class:`Document`."""
    check_bytes(data, name)
    pdf = _open(data, name, password)
    pages: list[PageData] = []
    sizes: Counter[float] = Counter()
    title = _title(pdf)
    for number, page in enumerate(_pages(pdf, name), start=1):
        try:
            pages.append(_read_page(page, number, sizes))
        except Exception as exc:
            cause = _root_cause(exc)
            raise InputError(
                f"page {number} cannot be read ({type(cause).__name__}: {_one_line(cause)})",
                path=name,
            ) from None
        finally:
            # Release pdfplumber's per-page caches now: big documents are read page by
            # page. (PDF.close() would re-parse the page tree to close fresh copies.)
            try:
                page.close()
            except Exception:  # pragma: no cover - best effort
                log.debug("page.close() failed", exc_info=True)
    if not pages:
        raise InputError("PDF without pages", path=name)
    if not any(p.chars for p in pages):
        raise NeedsOCRError(SCANNED if any(p.images for p in pages) else NO_TEXT, path=name)
    for p in pages:
        if not p.chars and p.images:
            log.warning("%s: page %d has no text layer (image only); OCR needed", name, p.number)
    return Document(pages, title, sizes)
