"""Opening a PDF and reading its pages one at a time into small records.

Every pdfminer/pdfplumber failure is turned into a :class:`~pstparse.model.errors.PstparseError`
here, so nothing from those libraries escapes the extractor.
"""

from __future__ import annotations

import itertools
import logging
import operator
import pickle
import re
import threading
import zlib
from collections import Counter
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field
from io import BytesIO
from typing import Any

from pstparse.extractors._limits import limit_finding
from pstparse.extractors.pdf import thresholds
from pstparse.extractors.pdf._geometry import (
    MAX_PAGE_WORDS,
    BBox,
    Line,
    Word,
    _shared,
    cap_words,
    group_lines,
    is_bold_font,
    is_italic_font,
)
from pstparse.extractors.pdf._pdfium import (
    CharRecord,
    CharRun,
    PdfiumDocument,
    PdfiumRefusedError,
    UprightChars,
    stream_sizes_ok,
)
from pstparse.extractors.pdf._summary import PageSummary, summarise
from pstparse.extractors.pdf._tables import PageTable, grid_table
from pstparse.extractors.pdf.thresholds import (
    EDGE_PREFILTER,
    FONT_SIZE_BIN,
    PDFMINER_GLYPH_SCALE,
    SIDEWAYS_SAME_COLUMN,
    TABLE_SETTINGS,
    WORD_SETTINGS,
)
from pstparse.model.errors import EncryptedError, InputError, NeedsOCRError, PstparseError
from pstparse.model.plan import Finding, Severity, Source

log = logging.getLogger(__name__)

MAX_PAGES: int = 1000
"""PDFs with more pages are refused before any page is read (see README, "Limits").

Strategy documents run to a few hundred pages at most; reading takes some 50 ms per
dense page, so 1,000 pages is about a minute, and memory grows with the text kept.
"""

MAX_STREAM_BYTES: int = 128 * 1024 * 1024
"""Largest decoded size of one PDF stream (content, font, object or xref stream)."""

MAX_DECODED_BYTES: int = 512 * 1024 * 1024
"""Largest decoded size of all the streams of one PDF together.

pdfminer decodes a stream entirely in memory and keeps it, and Flate expands up to
1000:1, so without these two limits a few megabytes of PDF could claim gigabytes.
"""

MAX_PAGE_CHARS: int = 20_000
"""Characters read from one page; later ones are skipped (warning finding).

A dense A4 page holds about 5,000 characters. pdfminer and pdfplumber keep some 2 KB per
character, so one text line of 1 MB (a 168 KB file) took 2.2 GB and 33 s; the cap
keeps a page under about 50 MB and a few seconds whatever its content stream draws.
"""

MAX_PREDICTOR_ROW: int = 1 << 20
"""Longest row (bytes) a PNG/TIFF predictor may declare (``/Columns`` × colours × bits):
a real image row is a few kilobytes; pdfminer allocates the row up front, so a
``/Columns 2000000000`` in a 1 KB file took 2 GB. A longer row is a damaged stream."""

_INFLATE_CHUNK = 64 * 1024

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
    packed: bytes | None = None
    """``lines`` and ``tables`` stored compactly until the page is laid out (see
    :meth:`pack`); None when they are held as objects."""
    summary: PageSummary | None = None
    """What the whole-document statistics need of the page, taken when it was packed."""

    def pack(self) -> PageData:
        """Store the page's lines and tables as one compressed pickle, and drop the objects.

        A page's word and line records take some 70 KiB as objects and a tenth of that
        packed. Every page is read before the whole-document statistics (running headers,
        hyphenation vocabulary, line gap, margins) let any page be laid out, so holding
        the objects made memory grow with the page count. The statistics' share of the
        page is taken first (:attr:`summary`), so only the layout unpacks it, once. The
        pickle is made here, in-process, from our own records: it is never read from a
        file.
        """
        if self.packed is None and (self.lines or self.tables):
            self.summary = summarise(self.number, self.height, self.lines, self.tables, True)
            records = (self.lines, self.tables)
            self.packed = zlib.compress(pickle.dumps(records, pickle.HIGHEST_PROTOCOL), 1)
            self.lines, self.tables = [], []
        return self

    def unpacked(self) -> PageData:
        """The page with its lines and tables as objects: a fresh copy when packed, the
        page itself otherwise."""
        if self.packed is None:
            return self
        lines, tables = pickle.loads(zlib.decompress(self.packed))
        return PageData(
            self.number, self.width, self.height, lines, tables, self.chars, self.images
        )


def hold(pages: list[PageData], page: PageData) -> None:
    """Add a page just read; pack every page once there are more than
    :data:`~pstparse.extractors.pdf.thresholds.HELD_PAGES` (a short document pays nothing
    for packing)."""
    pages.append(page)
    held_pages = thresholds.HELD_PAGES  # at call time: tests pack every page
    if len(pages) == held_pages + 1:
        for held in pages:
            held.pack()
    elif len(pages) > held_pages:
        page.pack()


@dataclass(slots=True)
class Document:
    """All pages, plus what the whole document says."""

    pages: list[PageData]
    title: str | None
    sizes: Counter[float]
    """Characters per font size (rounded to 0.5 pt), over the whole document."""
    findings: list[Finding] = field(default_factory=list)
    """Limits reached and library warnings, for ``Extraction.findings``."""
    fallback: str | None = None
    """Why pdfminer (pdfplumber) read this file instead of pdfium; None when pdfium did."""


_MESSAGE_CHARS = 120


def _one_line(exc: BaseException) -> str:
    """pdfminer's message, made fit for one line of a terminal: its messages quote raw
    bytes of the file, which may be long and hold control characters."""
    text = "".join(ch if ch.isprintable() else " " for ch in str(exc))
    text = " ".join(text.split()) or type(exc).__name__
    return text if len(text) <= _MESSAGE_CHARS else text[: _MESSAGE_CHARS - 1] + "…"


class _Budget:
    """What is left of :data:`MAX_DECODED_BYTES` for the document being read."""

    def __init__(self, limit: int) -> None:
        self.left = limit
        self.damaged = 0
        """Streams that could not be decoded (pdfminer reads them as empty)."""
        self.cut_pages: set[int] = set()
        """Pages (1-based) whose characters beyond :data:`MAX_PAGE_CHARS` were skipped."""
        self.page = 0
        self.page_chars = 0


_BUDGET: ContextVar[_Budget | None] = ContextVar("pstparse_pdf_budget", default=None)


def _bomb(what: str) -> InputError:
    return InputError(f"PDF bomb suspected: {what}; refusing to decode it")


def _room() -> int:
    """How many decoded bytes the next stream may have."""
    budget = _BUDGET.get()
    return MAX_STREAM_BYTES if budget is None else min(MAX_STREAM_BYTES, budget.left)


def _charge(size: int) -> None:
    budget = _BUDGET.get()
    if size > MAX_STREAM_BYTES:
        raise _bomb(f"a stream decodes to more than {MAX_STREAM_BYTES // 2**20} MiB")
    if budget is not None:
        if size > budget.left:
            raise _bomb(f"its streams decode to more than {MAX_DECODED_BYTES // 2**20} MiB")
        budget.left -= size


def _inflate(data: bytes, *, tolerant: bool) -> bytes:
    """zlib-decode ``data`` in bounded memory and linear time.

    Strict mode behaves like :func:`zlib.decompress`. Tolerant mode replaces pdfminer's
    ``decompress_corrupted``, which feeds the data one byte at a time into a growing
    ``bytes`` (quadratic: minutes for a damaged stream of a few hundred kilobytes); like
    it, it returns what decodes and forgives an error in the last 3 bytes (the checksum).
    """
    room = _room()
    inflater = zlib.decompressobj()
    out = bytearray()
    for start in range(0, len(data), _INFLATE_CHUNK):
        chunk = data[start : start + _INFLATE_CHUNK]
        backup = inflater.copy()
        try:
            out += inflater.decompress(chunk, room + 1 - len(out))
        except zlib.error:
            if not tolerant:
                raise
            # Find the exact byte, byte by byte but only within this chunk.
            inflater = backup
            for offset in range(len(chunk)):
                try:
                    out += inflater.decompress(chunk[offset : offset + 1])
                except zlib.error:
                    if start + offset < len(data) - 3:
                        raise
                    log.debug("PDF stream: data lost after a zlib checksum error")
                    _charge(len(out))
                    return bytes(out)
                if len(out) > room:
                    _charge(len(out))
        if len(out) > room or inflater.unconsumed_tail:
            _charge(max(len(out), room + 1))
        if inflater.eof:
            break
    if not inflater.eof:
        if not tolerant:
            raise zlib.error("Error -5 while decompressing data: incomplete or truncated stream")
        _damaged()  # a cut-off stream: what it held after the cut is lost
    out += inflater.flush()
    _charge(len(out))
    return bytes(out)


class _BoundedZlib:
    """Stands in for the :mod:`zlib` module inside ``pdfminer.pdftypes``."""

    error = zlib.error
    decompressobj = staticmethod(zlib.decompressobj)

    @staticmethod
    def decompress(data: bytes) -> bytes:
        return _inflate(data, tolerant=False)


def _damaged() -> None:
    budget = _BUDGET.get()
    if budget is not None:
        budget.damaged += 1


def _decompress_corrupted(data: bytes) -> bytes:
    try:
        return _inflate(data, tolerant=True)
    except zlib.error:
        _damaged()
        raise


def _lzwdecode(data: bytes) -> bytes:
    from pdfminer.lzw import LZWDecoder

    room = _room()
    out = bytearray()
    for piece in LZWDecoder(BytesIO(data)).run():
        out += piece
        if len(out) > room:
            _charge(len(out))
    _charge(len(out))
    return bytes(out)


def _rldecode(data: bytes) -> bytes:
    """RunLengthDecode (PDF 1.7 §7.4.5) in linear time and bounded memory."""
    room = _room()
    out = bytearray()
    pos = 0
    while pos < len(data):
        length = data[pos]
        if length == 128:
            break
        if length < 128:
            out += data[pos + 1 : pos + 2 + length]
            pos += 2 + length
        else:
            out += data[pos + 1 : pos + 2] * (257 - length)
            pos += 2
        if len(out) > room:
            _charge(len(out))
    _charge(len(out))
    return bytes(out)


def _png_predictor(
    pred: int, colors: int, columns: int, bitspercomponent: int, data: bytes
) -> bytes:
    from pdfminer.utils import apply_png_predictor

    row = colors * columns * bitspercomponent // 8
    if row > MAX_PREDICTOR_ROW or columns > MAX_PREDICTOR_ROW:
        # Not an image row any PDF writer makes: read the stream as damaged (empty).
        _damaged()
        return b""
    return apply_png_predictor(pred, colors, columns, bitspercomponent, data)


def _begin_page(device: Any, page: Any, ctm: Any) -> None:
    budget = _BUDGET.get()
    if budget is not None:
        budget.page_chars = 0
    _ORIGINAL["begin_page"](device, page, ctm)


_MAX_CODE_BYTES = 4
"""Most bytes one character code takes in a PDF string (CMaps use 1 to 4)."""


def _render_string(device: Any, textstate: Any, seq: list[Any], ncs: Any, gstate: Any) -> None:
    # Strings are shortened to what the page's character budget can still take, so that
    # a 10 MB text line costs no more than a full page: pdfminer would otherwise walk
    # every code of it even when each character is then skipped.
    budget = _BUDGET.get()
    if budget is not None:
        room = (MAX_PAGE_CHARS - budget.page_chars + 1) * _MAX_CODE_BYTES
        total = sum(len(item) for item in seq if isinstance(item, bytes))
        if total > room:
            budget.cut_pages.add(budget.page)
            kept: list[Any] = []
            for item in seq:
                if isinstance(item, bytes):
                    if room <= 0:
                        break
                    item = item[:room]
                    room -= len(item)
                kept.append(item)
            seq = kept
    _ORIGINAL["render_string"](device, textstate, seq, ncs, gstate)


def _render_char(
    device: Any,
    matrix: Any,
    font: Any,
    fontsize: float,
    scaling: float,
    rise: float,
    cid: int,
    ncs: Any,
    graphicstate: Any,
) -> float:
    budget = _BUDGET.get()
    if budget is not None:
        budget.page_chars += 1
        if budget.page_chars > MAX_PAGE_CHARS:
            # Skipped, but the pen still advances as pdfminer's LTChar would make it.
            budget.cut_pages.add(budget.page)
            return float(font.char_width(cid) * fontsize * scaling)
    result: float = _ORIGINAL["render_char"](
        device, matrix, font, fontsize, scaling, rise, cid, ncs, graphicstate
    )
    return result


_ORIGINAL: dict[str, Any] = {}


def _harden_pdfminer() -> None:
    """Route pdfminer's stream decoders through the bounded ones above (idempotent).

    ``PDFStream.decode`` looks these names up in its module at call time; replacing them
    there is the only hook pdfminer offers. A test checks that a Flate bomb is refused,
    so a pdfminer release that renames them is noticed.
    """
    from pdfminer import pdftypes

    replacements: dict[str, object] = {
        "zlib": _BoundedZlib,
        "decompress_corrupted": _decompress_corrupted,
        "lzwdecode": _lzwdecode,
        "rldecode": _rldecode,
    }
    for attribute, replacement in replacements.items():
        setattr(pdftypes, attribute, replacement)
    setattr(pdftypes, "apply_png_predictor", _png_predictor)  # noqa: B010
    from pdfminer.converter import PDFLayoutAnalyzer
    from pdfminer.pdfdevice import PDFTextDevice

    if not _ORIGINAL:
        _ORIGINAL["begin_page"] = PDFLayoutAnalyzer.begin_page
        _ORIGINAL["render_char"] = PDFLayoutAnalyzer.render_char
        _ORIGINAL["render_string"] = PDFTextDevice.render_string
        setattr(PDFTextDevice, "render_string", _render_string)  # noqa: B010
        setattr(PDFLayoutAnalyzer, "begin_page", _begin_page)  # noqa: B010
        setattr(PDFLayoutAnalyzer, "render_char", _render_char)  # noqa: B010


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


def _ours(cause: BaseException, name: str) -> PstparseError | None:
    """A pstparse error raised inside pdfminer (a decoding limit), given the file name."""
    if isinstance(cause, PstparseError):
        return type(cause)(cause.message, path=name)
    return None


def _open(data: bytes, name: str, password: str | None) -> Any:
    import pdfplumber

    _harden_pdfminer()
    try:
        return pdfplumber.open(BytesIO(data), password=password or "")
    except Exception as exc:
        cause = _root_cause(exc)
        if (mine := _ours(cause, name)) is not None:
            raise mine from None
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


def _unreadable(exc: BaseException, name: str, where: str = "") -> PstparseError:
    cause = _root_cause(exc)
    if (mine := _ours(cause, name)) is not None:
        return mine
    prefix = f"{where} cannot be read" if where else "not a readable PDF"
    return InputError(f"{prefix} ({type(cause).__name__}: {_one_line(cause)})", path=name)


def _check_page_count(pdf: Any, name: str) -> None:
    """Refuse a PDF of more than :data:`MAX_PAGES` pages, walking at most that many
    entries of the page tree (its ``/Count`` may lie)."""
    from pdfminer.pdfpage import PDFPage

    try:
        count = sum(1 for _ in itertools.islice(PDFPage.create_pages(pdf.doc), MAX_PAGES + 1))
    except Exception as exc:
        raise _unreadable(exc, name) from None
    if count > MAX_PAGES:
        raise _too_many_pages(name)


def _too_many_pages(name: str) -> InputError:
    return InputError(
        f"too many pages (more than {MAX_PAGES}): split the PDF into parts "
        "(e.g. qpdf --split-pages=500) and extract each part",
        path=name,
    )


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
    """The page's words, as pdfplumber's ``extract_words`` (:data:`WORD_SETTINGS`) makes
    them; upright text (nearly every page) takes :func:`_upright_words`, the same
    grouping in one pass, a third of the time."""
    if all(ch["upright"] for ch in chars):
        return _upright_words(chars)
    from pdfplumber.utils.text import extract_words

    words: list[Word] = []
    for raw in extract_words(chars, **WORD_SETTINGS):
        text = str(raw.get("text", ""))
        if not text.strip():
            continue
        words.append(Word.from_plumber(raw))
    return words


def _upright_words(chars: list[dict[str, Any]]) -> list[Word]:
    """pdfplumber's ``WordExtractor`` with :data:`WORD_SETTINGS`, for upright characters
    given as pdfplumber's dictionaries: the same grouping as the compact form's
    (:func:`_run_words`), so that the words are the same to the last bit (a test compares
    them with pdfplumber's on every sample PDF)."""
    runs: list[CharRun] = []
    key: tuple[object, object] | None = None
    for ch in chars:
        if (ch["fontname"], ch["size"]) != key:
            key = (ch["fontname"], ch["size"])
            runs.append(CharRun(str(ch["fontname"]), ch["size"], []))
        runs[-1].chars.append(
            (ch["text"], float(ch["x0"]), float(ch["x1"]), float(ch["top"]), float(ch["bottom"]))
        )
    return _run_words(runs)


def _run_words(runs: list[CharRun]) -> list[Word]:
    """Words of upright characters in runs of one font and size (the pdfium reader's
    compact form, or :func:`_upright_words`'s dictionaries), as pdfplumber's
    ``WordExtractor`` makes them with :data:`WORD_SETTINGS`, to the last bit.

    Its steps, in its order: in each run, lines of characters whose tops chain within
    ``y_tolerance`` (lines in top order, characters in content order, then sorted by
    ``x0``); in each line, a new word at a blank character, or where a character starts
    left of the previous one, beyond its end plus ``x_tolerance_ratio`` × its size, or on
    another top (beyond ``y_tolerance``). What is constant over a run is computed once.
    """
    ratio = float(WORD_SETTINGS["x_tolerance_ratio"])
    y_tol = float(WORD_SETTINGS["y_tolerance"])
    words: list[Word] = []
    styles: dict[str, tuple[bool, bool]] = {}
    for run in runs:
        records = run.chars
        fontname, size = run.fontname, run.size
        style = styles.get(fontname)
        if style is None:
            style = styles[fontname] = (is_bold_font(fontname), is_italic_font(fontname))
        bold, italic = style
        gap = ratio * size
        shared_size = _shared(float(size)) if size else None
        # Lines: pdfplumber's cluster_objects on "top" (sorted distinct tops, chained).
        tops = sorted({r[3] for r in records})
        if len(tops) == 1:
            lines = [records]
        else:
            index: dict[float, int] = {}
            k = -1
            last = 0.0
            for top in tops:
                if k < 0 or top > last + y_tol:
                    k += 1
                index[top] = k
                last = top
            lines = [[] for _ in range(k + 1)]
            for r in records:
                lines[index[r[3]]].append(r)
        for line in lines:
            line.sort(key=_REC_X0)
            word: list[CharRecord] = []
            px0 = px1 = ptop = 0.0
            for r in line:
                text, x0, x1, top, _ = r
                if not text or text.isspace():
                    # A blank character ends a word; so does an empty one (see
                    # _upright_words), itself a word of its own that is dropped.
                    if word:
                        _emit_records(word, bold, italic, shared_size, words)
                        word = []
                    continue
                if word and (x0 < px0 or x0 > px1 + gap or abs(top - ptop) > y_tol):
                    _emit_records(word, bold, italic, shared_size, words)
                    word = [r]
                else:
                    word.append(r)
                px0 = x0
                px1 = x1
                ptop = top
            if word:
                _emit_records(word, bold, italic, shared_size, words)
    return words


_REC_X0 = operator.itemgetter(1)
_LIGATURE_CHARS = frozenset("ﬀﬃﬄﬁﬂﬆﬅ")
"""pdfplumber's ``LIGATURES`` keys (checked against it by a test): a word without any of
them is spelled as its characters are."""


def _emit_records(
    chars: list[CharRecord], bold: bool, italic: bool, size: float | None, out: list[Word]
) -> None:
    """:func:`_emit` for a word of the compact form; ``size`` is the run's shared size,
    None when it is 0 (the word's height stands in, as in :func:`_emit`)."""
    texts, x0s, x1s, tops, bottoms = zip(*chars, strict=False)
    text = "".join(texts)
    if not _LIGATURE_CHARS.isdisjoint(text):
        from pdfplumber.utils.text import LIGATURES

        text = "".join(LIGATURES.get(t, t) for t in texts)
    if not text.strip():
        return
    # The compact form's coordinates are floats already (no float() as in _emit), and
    # Word takes its fields by position (a third cheaper than by keyword).
    top, bottom = min(tops), max(bottoms)
    out.append(
        Word(
            text,
            min(x0s),
            max(x1s),
            _shared(top),
            _shared(bottom),
            size if size is not None else _shared(float((bottom - top) or 1.0)),
            bold,
            italic,
        )
    )


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
        if abs(float(a["x0"]) - float(b["x0"])) < SIDEWAYS_SAME_COLUMN:
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
    chars = page.chars
    return _layout_page(
        number,
        float(page.width),
        float(page.height),
        chars,
        lambda: [found.cells for found in page.find_tables(TABLE_SETTINGS)],
        (lambda: len(page.images)) if not chars else (lambda: 0),
        sizes,
    )


def _layout_page(
    number: int,
    width: float,
    height: float,
    chars: list[dict[str, Any]],
    tables: Callable[[], list[list[BBox]]],
    images: Callable[[], int],
    sizes: Counter[float],
    upright: UprightChars | None = None,
) -> PageData:
    """Words, ruled tables and lines of one page from its characters (either reader):
    pdfplumber-style dictionaries, or the pdfium reader's compact ``upright`` form."""
    data = PageData(number, width, height)
    data.chars = len(chars) if upright is None else upright.count
    if not data.chars:
        data.images = images()
        return data
    # Distinct sizes first (a page has a handful), then their bins, in order of first
    # appearance: the same counts, inserted in the same order, as bin by character.
    counts = Counter(map(_SIZE, chars)) if upright is None else upright.sizes
    for size, count in counts.items():
        sizes[round(float(size or 0) / FONT_SIZE_BIN) * FONT_SIZE_BIN] += count
    angle = 0
    if upright is not None:
        # Drawn-twice characters already dropped, and every one upright.
        found = _run_words(upright.runs)
    else:
        dupes = _duplicate_chars(chars)
        kept = [ch for ch in chars if id(ch) not in dupes] if dupes else chars
        angle = _orientation(kept)
        if angle:
            kept = _upright_chars(kept, angle, width, height)
            data.width, data.height = height, width
        found = _words(kept)
    words, cut = cap_words(found)
    budget = _BUDGET.get()
    if cut and budget is not None:
        budget.cut_pages.add(number)
    for cells in tables():
        if angle:
            cells = [_turn((c[0], c[1], c[2], c[3]), angle, width, height) for c in cells]
        table, words = grid_table(number, cells, words)
        if table is not None:
            data.tables.append(table)
    data.tables.sort(key=lambda t: (t.bbox[1], t.bbox[0]))
    data.lines = group_lines(words)
    return data


_SIZE = operator.itemgetter("size")


def _duplicate_chars(chars: list[dict[str, Any]]) -> set[int]:
    """ids of characters drawn twice at the same place (fake bold, shadows).

    pdfplumber's own ``dedupe_chars`` is quadratic in the number of characters; a dict on
    rounded positions does it in one pass.
    """
    seen: set[tuple[str, int, int]] = set()
    dupes: set[int] = set()
    add = seen.add
    for ch in chars:
        # Both readers give str texts and float coordinates: no conversion needed.
        key = (ch["text"], round(ch["x0"]), round(ch["top"]))
        before = len(seen)
        add(key)
        if len(seen) == before:
            dupes.add(id(ch))
    return dupes


def _pages(pdf: Any, name: str) -> Iterator[Any]:
    try:
        pages = pdf.pages
    except Exception as exc:
        raise _unreadable(exc, name) from None
    yield from pages


def read_document(data: bytes, name: str, password: str | None) -> Document:
    """Read every page (one at a time, releasing each) into a :class:`Document`.

    Refuses (one-line :class:`~pstparse.model.errors.PstparseError`) a PDF that is not one,
    truncated, encrypted without the right password, over :data:`MAX_PAGES` pages,
    whose streams decode beyond :data:`MAX_STREAM_BYTES`/:data:`MAX_DECODED_BYTES`, or
    without any text layer.
    """
    check_bytes(data, name)
    budget = _Budget(MAX_DECODED_BYTES)
    token = _BUDGET.set(budget)
    warnings = _LibraryWarnings()
    plumber = logging.getLogger("pdfplumber")
    plumber.addHandler(warnings)
    propagate, plumber.propagate = plumber.propagate, False
    try:
        reason = _pdfium_unsuitable(data)
        document: Document | None = None
        if reason is None:
            try:
                document = _read_pdfium(data, name, password)
            except PdfiumRefusedError as exc:
                reason = str(exc)
        if document is None:
            document = _read_all(data, name, password, budget)
            document.fallback = reason
    finally:
        _BUDGET.reset(token)
        plumber.removeHandler(warnings)
        plumber.propagate = propagate
    document.findings[:0] = warnings.findings
    document.findings.extend(
        limit_finding(
            f"page {page} draws more than {MAX_PAGE_CHARS:,} characters (or"
            f" {MAX_PAGE_WORDS:,} words): the rest of the page was skipped",
            Source(page=page),
        )
        for page in sorted(budget.cut_pages)
    )
    return document


class _LibraryWarnings(logging.Handler):
    """Collects what pdfplumber logs while it reads (a metadata reference loop, say)
    as findings, instead of letting it reach stderr as ``[WARNING] …`` lines."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.findings: list[Finding] = []

    def emit(self, record: logging.LogRecord) -> None:
        text = _one_line(Exception(record.getMessage().removeprefix("[WARNING] ")))
        self.findings.append(
            Finding(rule="pdf-reader-warning", severity=Severity.WARNING, message=text)
        )


_COLUMNS = re.compile(rb"/Columns\s+(\d{1,30})")
"""A predictor's row width in a stream dictionary (never inside an object stream)."""


def _pdfium_unsuitable(data: bytes) -> str | None:
    """Why this file goes straight to pdfminer, or None when pdfium may read it.

    pstparse's decoding limits (:data:`MAX_STREAM_BYTES`, :data:`MAX_DECODED_BYTES`) live
    in pdfminer's decoders. pdfium is given a file only when they are known to hold: not
    encrypted (the streams could not be measured), no LZW or run-length streams (pdfium
    decodes them unbounded), and every Flate stream inflating within the limits.
    """
    if b"/Encrypt" in data:
        return "the file is encrypted"
    if b"/LZWDecode" in data or b"/RunLengthDecode" in data or b"/LZW" in data:
        return "it has LZW or run-length encoded streams"
    if not stream_sizes_ok(data, MAX_STREAM_BYTES, MAX_DECODED_BYTES):
        return "a stream may decompress beyond pstparse's limits"
    if any(int(m) > MAX_PREDICTOR_ROW for m in _COLUMNS.findall(data)):
        # pdfium would allocate the predictor's row; pdfminer's guard refuses it.
        return "a stream's predictor row is over pstparse's limit"
    return None


def _pdfminer_descents(data: bytes, password: str | None) -> dict[str, float]:
    """Each font's descent as pdfminer reads it (per point of size), by base font name.

    A character's bottom is its baseline plus the font's descent. pdfminer takes the
    descent from the PDF's font descriptor (or its own metrics of the standard fonts);
    pdfium substitutes the font program's own value when the descriptor says 0, as
    LibreOffice writes it. Boxes, and so the layout and the output, stay those of the
    pdfminer reader when the descent is pdfminer's. Fonts are keyed by name without the
    subset tag ("ABCDEF+").

    Only what the descent needs is parsed: the page tree and each page's font
    resources (not the pages' content streams, see :class:`_ResourcePage`), and of each
    font its descriptor (:func:`_pdfminer_descent`), not its encoding, widths or
    ToUnicode map (a CMap parse was most of the time this took).
    """
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfparser import PDFParser
    from pdfminer.pdftypes import PDFObjRef, resolve1

    _harden_pdfminer()
    out: dict[str, float] = {}
    seen: set[int] = set()

    def walk(resources: Any, depth: int) -> None:
        resources = resolve1(resources)
        if not isinstance(resources, dict) or depth > _FORM_DEPTH:
            return
        fonts = resolve1(resources.get("Font"))
        if isinstance(fonts, dict):
            for ref in fonts.values():
                if isinstance(ref, PDFObjRef):
                    if ref.objid in seen:
                        continue
                    seen.add(ref.objid)
                spec = resolve1(ref)
                if not isinstance(spec, dict):
                    continue
                try:
                    found = _pdfminer_descent(spec, 0)
                except Exception:
                    continue  # as pdfminer's font classes fail on it: pdfium's descent
                if found is not None:
                    base = found[0].split("+", 1)[-1]
                    if base and base not in out:
                        out[base] = found[1]
        xobjects = resolve1(resources.get("XObject"))
        if isinstance(xobjects, dict):
            for ref in xobjects.values():
                if isinstance(ref, PDFObjRef):
                    if ref.objid in seen:
                        continue
                    seen.add(ref.objid)
                stream = resolve1(ref)
                attrs = getattr(stream, "attrs", None)
                if isinstance(attrs, dict) and "Resources" in attrs:
                    walk(attrs["Resources"], depth + 1)

    try:
        document = PDFDocument(PDFParser(BytesIO(data)), password=password or "")
        for page in itertools.islice(_resource_pages(document), MAX_PAGES):
            walk(page.resources, 0)
    except PstparseError:
        raise
    except Exception:
        log.debug("font descents: pdfminer could not read the fonts", exc_info=True)
    return out


def _resource_pages(document: Any) -> Iterator[Any]:
    """pdfminer's pages (``PDFPage.create_pages``: its page tree walk, inherited
    resources and fallbacks) reduced to their resources: a page's content streams
    and boxes, which ``PDFPage`` resolves as it is made, are not read."""
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdftypes import dict_value, resolve1

    class _ResourcePage(PDFPage):
        def __init__(self, doc: Any, pageid: object, attrs: object, label: str | None) -> None:
            self.resources = resolve1(dict_value(attrs).get("Resources", {}))

    return _ResourcePage.create_pages(document)


_CID_FONTS = ("CIDFontType0", "CIDFontType2")


def _pdfminer_descent(spec: dict[str, Any], depth: int) -> tuple[str, float] | None:
    """A font's base name and its descent per point as pdfminer's font classes read
    them (``PDFResourceManager.get_font``'s choice of class, ``PDFFont.get_descent``),
    without making the font: a standard font by name takes pdfminer's metrics, any
    other simple or CID font its descriptor's /Descent (made negative), a composite
    font its descendant's. None for a Type3 font, which pdfminer gives no base name.
    """
    from pdfminer.pdffont import FontMetricsDB
    from pdfminer.pdftypes import dict_value, list_value, num_value
    from pdfminer.psparser import literal_name

    subtype = literal_name(spec["Subtype"]) if "Subtype" in spec else "Type1"
    if subtype == "Type3":
        return None
    if subtype == "Type0":
        if depth > _FORM_DEPTH:
            return None
        descendants = list_value(spec["DescendantFonts"])
        if not descendants:
            return None
        return _pdfminer_descent(dict_value(descendants[0]), depth + 1)
    basefont = literal_name(spec["BaseFont"]) if "BaseFont" in spec else "unknown"
    descriptor: dict[str, Any]
    if subtype in _CID_FONTS:
        descriptor = dict_value(spec["FontDescriptor"]) if "FontDescriptor" in spec else {}
    else:  # a simple font; pdfminer reads an unknown subtype as Type1 too
        try:
            descriptor = FontMetricsDB.get_metrics(basefont)[0]
        except KeyError:
            descriptor = dict_value(spec.get("FontDescriptor", {}))
    descent = num_value(descriptor.get("Descent", 0))
    if descent > 0:
        descent = -descent
    return basefont, min(0.0, float(descent * PDFMINER_GLYPH_SCALE))


_FORM_DEPTH = 8
"""How deep form XObjects nest before the font walk stops (a cycle guard as well)."""


def _ruled_cells(edges: list[dict[str, Any]]) -> list[list[BBox]]:
    """pdfplumber's table finder (``TABLE_SETTINGS``) on edges the pdfium reader made."""
    from pdfplumber import table as tf
    from pdfplumber.utils.geometry import filter_edges

    v = filter_edges(edges, "v", min_length=EDGE_PREFILTER)
    h = filter_edges(edges, "h", min_length=EDGE_PREFILTER)
    merged = tf.merge_edges(
        list(v) + list(h),
        snap_x_tolerance=TABLE_SETTINGS["snap_tolerance"],
        snap_y_tolerance=TABLE_SETTINGS["snap_tolerance"],
        join_x_tolerance=TABLE_SETTINGS["join_tolerance"],
        join_y_tolerance=TABLE_SETTINGS["join_tolerance"],
    )
    kept = filter_edges(merged, min_length=TABLE_SETTINGS["edge_min_length"])
    tolerance = TABLE_SETTINGS["intersection_tolerance"]
    points = tf.edges_to_intersections(kept, tolerance, tolerance)
    cells = tf.intersections_to_cells(points)
    return [list(group) for group in tf.cells_to_tables(cells)]


_PDFIUM_LOCK = threading.Lock()
"""pdfium is not thread-safe: one document at a time per process (threads of a library
user; the batch runs processes, each with its own pdfium)."""


def _read_pdfium(data: bytes, name: str, password: str | None) -> Document:
    descents = _pdfminer_descents(data, password)
    with _PDFIUM_LOCK:
        return _read_pdfium_locked(data, name, password, descents)


def _read_pdfium_locked(
    data: bytes, name: str, password: str | None, descents: dict[str, float]
) -> Document:
    document = PdfiumDocument(data, password, descents, max_chars=MAX_PAGE_CHARS, compact=True)
    budget = _BUDGET.get()
    try:
        if len(document) > MAX_PAGES:
            raise _too_many_pages(name)
        pages: list[PageData] = []
        sizes: Counter[float] = Counter()
        for number, raw in enumerate(document.pages(), start=1):
            if raw.cut and budget is not None:
                budget.cut_pages.add(number)
            hold(
                pages,
                _layout_page(
                    number,
                    raw.width,
                    raw.height,
                    raw.chars,
                    lambda edges=raw.edges: _ruled_cells(edges),  # type: ignore[misc]
                    lambda n=raw.images: n,  # type: ignore[misc]
                    sizes,
                    raw.upright,
                ),
            )
        title = document.title()
    finally:
        document.close()
    if not pages:
        raise InputError("PDF without pages", path=name)
    if not any(p.chars for p in pages):
        # Let pdfminer have its say: it reads some fonts pdfium does not, and it tells
        # a scanned PDF from a damaged one.
        raise PdfiumRefusedError("pdfium found no text")
    for p in pages:
        if not p.chars and p.images:
            log.warning("%s: page %d has no text layer (image only); OCR needed", name, p.number)
    return Document(pages, title, sizes)


def _read_all(data: bytes, name: str, password: str | None, budget: _Budget) -> Document:
    pdf = _open(data, name, password)
    _check_page_count(pdf, name)
    pages: list[PageData] = []
    sizes: Counter[float] = Counter()
    title = _title(pdf)
    for number, page in enumerate(_pages(pdf, name), start=1):
        budget.page = number
        try:
            hold(pages, _read_page(page, number, sizes))
        except Exception as exc:
            raise _unreadable(exc, name, f"page {number}") from None
        finally:
            # Release pdfplumber's per-page caches now: big documents are read page by
            # page. (PDF.close() would re-parse the page tree to close fresh copies.)
            try:
                page.close()
            except Exception:  # pragma: no cover - best effort
                log.debug("page.close() failed", exc_info=True)
    if not pages:
        raise InputError("PDF without pages", path=name)
    if budget.damaged:
        if not any(p.chars for p in pages):
            raise InputError(
                f"damaged PDF: no text could be read ({budget.damaged} corrupt "
                f"stream{'s' if budget.damaged > 1 else ''})",
                path=name,
            )
        log.warning(
            "%s: %d corrupt stream(s) read as empty: text may be missing", name, budget.damaged
        )
    if not any(p.chars for p in pages):
        raise NeedsOCRError(SCANNED if any(p.images for p in pages) else NO_TEXT, path=name)
    for p in pages:
        if not p.chars and p.images:
            log.warning("%s: page %d has no text layer (image only); OCR needed", name, p.number)
    return Document(pages, title, sizes)
