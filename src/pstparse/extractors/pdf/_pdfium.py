"""Reading a page's characters and ruling segments through pdfium (pypdfium2's raw API).

pdfminer interprets every page in Python and pdfplumber then turns every character into
a dictionary; pdfium does the interpretation in C. This module asks pdfium for what the
extractor needs and nothing more, and hands back the same records that pdfplumber would
give (characters as pdfplumber-style dictionaries, in content order, with the same
coordinates; ruling edges like ``page.edges``), so that everything above the reader
works unchanged:

* a character's box is pdfminer's: from its origin to its advance horizontally, and from
  ``origin + descent`` up by the font size vertically (pdfium's own "loose" box uses the
  font's ascent-descent span instead, which is a little taller);
* the page's ``/Rotate`` is applied as pdfminer applies it (text of a rotated page comes
  out sideways, as it does with pdfplumber);
* characters pdfium generates (spaces and line breaks it infers) are skipped: pdfminer
  has none;
* path objects are split into sub-paths and classified as pdfminer does (a single segment
  is a line, a closed axis-aligned four-segment loop a rectangle, anything else a curve
  whose points pair into edges), then turned into edges as pdfplumber does.

Anything pdfium cannot do for a file is reported by :class:`PdfiumRefusedError`; the caller
falls back to pdfplumber.
"""

from __future__ import annotations

import ctypes
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from pstparse.extractors.pdf import thresholds
from pstparse.extractors.pdf.thresholds import FLOAT32_SLACK, GLYPH_WIDTH_DECIMALS, LIGATURE_REACH


class PdfiumRefusedError(Exception):
    """pdfium cannot read this file (or this page) as pdfplumber would: fall back.

    Internal to the PDF reader, which always catches it (it never reaches a caller, so
    it is not a :class:`~pstparse.model.errors.PstparseError`)."""


CharRecord = tuple[str, float, float, float, float]
"""One upright character: its text, x0, x1, top and bottom (pdfplumber's coordinates)."""


@dataclass(slots=True)
class CharRun:
    """Consecutive characters of one font name and size (what pdfplumber's word
    grouping takes one at a time), those drawn twice already dropped."""

    fontname: str
    size: float
    chars: list[CharRecord]


@dataclass(slots=True)
class UprightChars:
    """An upright page's characters in the compact form (see :meth:`PdfiumDocument.pages`).

    The same characters as the dictionaries, minus those drawn twice at one place (the
    first copy kept, as ``_reader._duplicate_chars`` keeps it), in runs of one font and
    size.
    """

    runs: list[CharRun]
    sizes: dict[float, int]
    """Characters per font size, drawn-twice ones included, in order of first appearance
    (what ``Counter`` of the dictionaries' sizes gives)."""
    count: int
    """Characters read, drawn-twice ones included (the length of the dictionaries)."""


@dataclass(slots=True)
class RawPage:
    """One page as the layout code needs it, in pdfplumber's coordinates."""

    width: float
    height: float
    chars: list[dict[str, Any]] = field(default_factory=list)
    edges: list[dict[str, Any]] = field(default_factory=list)
    images: int = 0
    cut: bool = False
    """True when the page had more characters than the reader's cap (the rest skipped)."""
    upright: UprightChars | None = None
    """The characters in the compact form, when asked for and the page's text is all
    upright (``chars`` is then empty)."""


_STANDARD_DESCENTS: dict[str, float] = {
    **dict.fromkeys(("Courier", "CourierNew"), -194.0),
    **dict.fromkeys(("Helvetica", "Arial"), -207.0),
    **dict.fromkeys(("Times", "TimesNewRoman"), -217.0),
}
"""pdfminer's descents (from the Adobe metrics) of fonts it knows by name, by family.

pdfminer reads a simple font named after a standard font ("Helvetica-Bold", Word's
"Arial,Bold") with its built-in metrics, whatever the PDF says; pdfium reads the font
it substitutes. The descent sets a character's bottom, so pdfminer's is used here.
"""
_GLYPH_UNITS = 1000
"""Font metrics (/Widths, descents) are in thousandths of the text size (PDF 1.7 §9.2.4)."""

_ONE = ctypes.c_float(1.0)
"""The size at which glyph widths are asked for (FPDFFont_GetGlyphWidth's font size)."""

_STANDARD_NAME = re.compile(r"^(Courier|CourierNew|Helvetica|Arial|Times|TimesNewRoman)([-,].*)?$")


def _c1_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for code in range(0x80, 0xA0):
        try:
            table[code] = bytes([code]).decode("cp1252")
        except UnicodeDecodeError:
            continue
    return table


_C1_AS_WINANSI = _c1_table()
"""pdfium gives a code it cannot map to Unicode (a glyph name it does not know, no
ToUnicode) as the code itself, a C1 control character in 0x80–0x9F; pdfminer reads such
a code through the font's base encoding, nearly always WinAnsi ("€", "œ", "–")."""

_FLATE_PROBE = re.compile(rb"stream\r?\n")
_PATH, _TEXT, _IMAGE, _FORM = 2, 1, 3, 5
_LINETO, _BEZIERTO, _MOVETO = 0, 1, 2


def stream_sizes_ok(data: bytes, max_stream: int, max_total: int) -> bool:
    """True when every Flate stream of the file inflates within the limits.

    pdfium decodes streams in C without the per-stream and per-document caps that
    pstparse puts on pdfminer; inflating every Flate stream once here, in bounded memory
    (zlib stops at the end of each stream by itself, whatever its ``/Length`` says),
    tells whether the file could be a decompression bomb. When it could, the caller reads
    it with pdfminer, whose guards refuse it with the usual message.
    """
    import zlib

    total = 0
    for match in _FLATE_PROBE.finditer(data):
        inflater = zlib.decompressobj()
        start = match.end()
        size = 0
        pos = start
        try:
            while not inflater.eof and pos < len(data):
                chunk = data[pos : pos + 65536]
                pos += len(chunk)
                out = inflater.decompress(chunk, max_stream + 1 - size)
                size += len(out)
                while inflater.unconsumed_tail and size <= max_stream:
                    out = inflater.decompress(inflater.unconsumed_tail, max_stream + 1 - size)
                    size += len(out)
                if size > max_stream:
                    return False
                if inflater.unconsumed_tail:
                    break
        except zlib.error:
            pass  # not Flate, or damaged: pdfium reads what it can, as pdfminer does
        total += size
        if total > max_total:
            return False
    return True


def _fn(func: Any, restype: Any, *argtypes: Any) -> Any:
    """A second, leaner ctypes prototype for a pdfium function: plain ``c_void_p``
    handles instead of pypdfium2's pointer classes, so that a handle is an int that can
    key a cache (a text object is looked up once per character)."""
    address = ctypes.cast(func, ctypes.c_void_p).value
    if address is None:
        raise PdfiumRefusedError("pdfium function missing")
    return ctypes.CFUNCTYPE(restype, *argtypes)(address)


def _bare(func: Any, restype: Any) -> Any:
    """A ctypes prototype for a pdfium function without argument types, for the calls
    made once per character: ctypes then converts nothing (a handle is passed as a
    ``c_void_p``, an index as an int, a result pointer as ``byref``), which halves the
    cost of a call (GetCharOrigin: 2.1 µs with :func:`_fn`'s pointer types, 0.9 µs).
    It keeps the GIL (``PYFUNCTYPE``), which saves releasing and taking it again around
    a getter of a few nanoseconds; pdfium is used by one thread at a time anyway."""
    address = ctypes.cast(func, ctypes.c_void_p).value
    if address is None:
        raise PdfiumRefusedError("pdfium function missing")
    return ctypes.PYFUNCTYPE(restype)(address)


class _Api:
    """The pdfium functions the reader calls in its inner loops."""

    def __init__(self) -> None:
        import pypdfium2.raw as raw

        vp, i, d, f = ctypes.c_void_p, ctypes.c_int, ctypes.c_double, ctypes.c_float
        pf = ctypes.POINTER(f)
        ui = ctypes.c_uint
        self.raw = raw
        self.count_chars = _fn(raw.FPDFText_CountChars, i, vp)
        self.get_text = _fn(raw.FPDFText_GetText, i, vp, i, i, ctypes.c_char_p)
        self.get_unicode = _fn(raw.FPDFText_GetUnicode, ui, vp, i)
        self.loose = _fn(raw.FPDFText_GetLooseCharBox, i, vp, i, ctypes.POINTER(raw.FS_RECTF))
        self.font_name = _fn(
            raw.FPDFFont_GetBaseFontName, ctypes.c_size_t, vp, ctypes.c_char_p, ctypes.c_size_t
        )
        self.font_descent = _fn(raw.FPDFFont_GetDescent, i, vp, f, pf)
        self.font_embedded = _fn(raw.FPDFFont_GetIsEmbedded, i, vp)
        self.glyph_width = _fn(raw.FPDFFont_GetGlyphWidth, i, vp, ctypes.c_uint32, f, pf)
        self.fill_color = _fn(raw.FPDFPageObj_GetFillColor, i, vp, *(ctypes.POINTER(ui),) * 4)
        self.count_objects = _fn(raw.FPDFPage_CountObjects, i, vp)
        self.get_object = _fn(raw.FPDFPage_GetObject, vp, vp, i)
        self.form_count = _fn(raw.FPDFFormObj_CountObjects, i, vp)
        self.form_object = _fn(raw.FPDFFormObj_GetObject, vp, vp, ctypes.c_ulong)
        self.obj_type = _fn(raw.FPDFPageObj_GetType, i, vp)
        self.obj_matrix = _fn(raw.FPDFPageObj_GetMatrix, i, vp, ctypes.POINTER(raw.FS_MATRIX))
        self.seg_count = _fn(raw.FPDFPath_CountSegments, i, vp)
        self.segment = _fn(raw.FPDFPath_GetPathSegment, vp, vp, i)
        self.seg_point = _fn(raw.FPDFPathSegment_GetPoint, i, vp, pf, pf)
        self.seg_type = _fn(raw.FPDFPathSegment_GetType, i, vp)
        self.seg_close = _fn(raw.FPDFPathSegment_GetClose, i, vp)
        self.draw_mode = _fn(raw.FPDFPath_GetDrawMode, i, vp, ctypes.POINTER(i), ctypes.POINTER(i))
        # Called for every character or text object: prototypes without argument types
        # (see _bare), so handles go in as c_void_p.
        self.text_object = _bare(raw.FPDFText_GetTextObject, vp)
        self.origin = _bare(raw.FPDFText_GetCharOrigin, i)
        self.obj_font = _bare(raw.FPDFTextObj_GetFont, vp)
        self.char_matrix = _bare(raw.FPDFText_GetMatrix, i)
        self.font_size = _bare(raw.FPDFText_GetFontSize, d)


_API: _Api | None = None


def _api() -> _Api:
    global _API
    if _API is None:
        _API = _Api()
    return _API


def _handle(obj: Any) -> int:
    value = ctypes.cast(obj, ctypes.c_void_p).value
    return int(value or 0)


@dataclass(slots=True)
class _Frame:
    """pdfminer's page frame: user space → pdfplumber's (x, top) page coordinates."""

    rotation: int
    x0: float
    y0: float
    x1: float
    y1: float
    width: float
    height: float
    left: float
    top: float

    @classmethod
    def of(cls, mediabox: tuple[float, float, float, float], rotation: int) -> _Frame:
        x0, x1 = sorted((mediabox[0], mediabox[2]))
        y0, y1 = sorted((mediabox[1], mediabox[3]))
        # pdfplumber: a rotated page swaps the box's axes; its (inverted) top-left corner
        # is added back to pdfminer's mediabox-relative coordinates.
        if rotation in (90, 270):
            nx0, ny0, nx1, ny1 = y0, x0, y1, x1
        else:
            nx0, ny0, nx1, ny1 = x0, y0, x1, y1
        height = ny1 - ny0
        return cls(rotation, x0, y0, x1, y1, nx1 - nx0, height, nx0, height - ny1)

    def point(self, x: float, y: float) -> tuple[float, float]:
        """pdfminer's CTM for the page's rotation, then pdfplumber's flip."""
        r = self.rotation
        if r == 90:
            mx, my = y - self.y0, self.x1 - x
        elif r == 180:
            mx, my = self.x1 - x, self.y1 - y
        elif r == 270:
            mx, my = self.y1 - y, x - self.x0
        else:
            mx, my = x - self.x0, y - self.y0
        return mx + self.left, self.height - my + self.top

    def box(self, x0: float, y0: float, x1: float, y1: float) -> tuple[float, float, float, float]:
        """A user-space box (x0, y0, x1, y1) as (x0, top, x1, bottom)."""
        ax, at = self.point(x0, y0)
        bx, bt = self.point(x1, y1)
        return min(ax, bx), min(at, bt), max(ax, bx), max(at, bt)

    def turns(self, a: float, b: float, c: float, d: float) -> tuple[float, float, float, float]:
        """A text matrix's linear part after the page's rotation (for ``upright``)."""
        r = self.rotation
        if r == 90:
            return b, -a, d, -c
        if r == 180:
            return -a, -b, -c, -d
        if r == 270:
            return -b, a, -d, c
        return a, b, c, d


@dataclass(slots=True)
class _Style:
    """What one text object says of all its characters."""

    font: int
    fontname: str
    descent: float
    """The font's descent per point of size (negative), as pdfminer reads it."""
    upright: bool
    flat: bool
    """Upright in user space (before the page's /Rotate)."""
    size: float
    """The characters' font size as pdfminer measures it (text state size × matrix)."""
    widen: float
    """Horizontal over vertical scale of the object's matrix (advance widths)."""
    along: tuple[float, float]
    """Unit vector of the text direction in user space."""
    up: tuple[float, float]
    """Unit vector of the glyphs' upward direction in user space."""
    """How much the object's matrix stretches the font size vertically."""
    color: tuple[float, ...]


_NO_STYLE = _Style(0, "", 0.0, True, True, 0.0, 1.0, (1.0, 0.0), (0.0, 1.0), ())
"""Stands for the style before the first text object of a page (never used for one)."""


def _loose_right(x: float, y: float, rect: Any, along: tuple[float, float]) -> float:
    """Where a glyph that has no width for its code ends: pdfium's loose box (``rect``,
    an ``FS_RECTF``) measured along the text from the origin ``(x, y)``."""
    ax, ay = along
    left, top, right, bottom = (float(v) for v in (rect.left, rect.top, rect.right, rect.bottom))
    return x + max(
        (right - x) * ax + (top - y) * ay,
        (left - x) * ax + (bottom - y) * ay,
        (right - x) * ax + (bottom - y) * ay,
        (left - x) * ax + (top - y) * ay,
    )


class PdfiumDocument:
    """An open pdfium document; pages are read one at a time and closed at once."""

    def __init__(
        self,
        data: bytes,
        password: str | None,
        descents: dict[str, float] | None = None,
        max_chars: int | None = None,
        *,
        compact: bool = False,
    ) -> None:
        import pypdfium2 as pdfium

        self._descents = descents or {}
        # Upright pages' characters in the compact form (RawPage.upright) rather than
        # as dictionaries: what the reader asks for; the dictionaries stay the general
        # path (turned text, tests that compare with pdfplumber's characters).
        self._compact = compact
        # Characters read per page at most: a hostile page of ten million characters
        # must not become ten million records (the caller records the cut).
        self._max_chars = max_chars
        self._fonts: dict[int, tuple[str, float]] = {}
        self._data = data
        self._password = password or None
        try:
            self._doc = pdfium.PdfDocument(data, password=self._password)
        except pdfium.PdfiumError as exc:
            raise PdfiumRefusedError(str(exc)) from None
        self._api = _api()

    def __len__(self) -> int:
        return len(self._doc)

    def title(self) -> str | None:
        """The document information dictionary's /Title, on one line, or None."""
        try:
            raw = self._doc.get_metadata_value("Title")
        except Exception:
            return None
        title = " ".join(raw.replace("\x00", "").split())
        return title or None

    def close(self) -> None:
        """Release pdfium's document."""
        self._doc.close()

    def pages(self) -> Iterator[RawPage]:
        """Every page, in order (each is closed before the next is opened).

        The document is reopened every
        :data:`~pstparse.extractors.pdf.thresholds.PDFIUM_REOPEN_PAGES` pages: pdfium keeps
        what it parsed of every page it loaded (fonts, objects) until the document closes.
        """
        import pypdfium2 as pdfium

        for index in range(len(self._doc)):
            # Read at call time, not import time: tests reopen at every page.
            if index and index % thresholds.PDFIUM_REOPEN_PAGES == 0:
                self._reopen()
            try:
                page = self._doc[index]
            except pdfium.PdfiumError as exc:
                raise PdfiumRefusedError(f"page {index + 1}: {exc}") from None
            try:
                yield self._read(page)
            finally:
                page.close()

    def _reopen(self) -> None:
        """Close and open the document again, dropping what pdfium cached of its pages."""
        import pypdfium2 as pdfium

        self._doc.close()
        # The font cache is keyed by pdfium's handles, which die with the document (a new
        # font may get an old font's address).
        self._fonts.clear()
        try:
            self._doc = pdfium.PdfDocument(self._data, password=self._password)
        except pdfium.PdfiumError as exc:  # pragma: no cover - it opened a moment ago
            raise PdfiumRefusedError(str(exc)) from None

    def _read(self, page: Any) -> RawPage:
        mediabox = page.get_mediabox()
        x0, y0, x1, y1 = (float(v) for v in mediabox)
        frame = _Frame.of((x0, y0, x1, y1), page.get_rotation() % 360)
        out = RawPage(frame.width, frame.height)
        textpage = page.get_textpage()
        try:
            tp = _handle(textpage.raw)
            text = self._text(tp, out)
            if self._compact and frame.rotation == 0:
                out.upright = self._upright(tp, frame, text)
            if out.upright is None:
                out.chars = self._chars(tp, frame, text)
        finally:
            textpage.close()
        out.edges, out.images = self._paths(_handle(page.raw), frame)
        return out

    # ------------------------------------------------------------------ characters

    def _font(self, font: int) -> tuple[str, float]:
        """A font's base name and descent per point (cached: text objects share fonts)."""
        known = self._fonts.get(font)
        if known is not None:
            return known
        api = self._api
        name = ""
        descent = 0.0
        if font:
            size = api.font_name(font, None, 0)
            if size > 1:
                buf = ctypes.create_string_buffer(size)
                api.font_name(font, buf, size)
                name = buf.value.decode("utf-8", "replace")
            standard = _STANDARD_NAME.match(name)
            if name in self._descents:
                descent = self._descents[name]
            elif standard and not api.font_embedded(font):
                descent = _STANDARD_DESCENTS[standard.group(1)] / _GLYPH_UNITS
            else:
                value = ctypes.c_float()
                if api.font_descent(font, ctypes.c_float(1.0), ctypes.byref(value)):
                    descent = min(0.0, float(value.value))
        self._fonts[font] = (name, descent)
        return name, descent

    def _advance(self, font: int, ch: str) -> float:
        """The advance of ``ch`` per point of size from ``font``'s /Widths, as pdfminer
        has it (pdfium's loose box is sometimes the glyph's outline, a little wider), or
        -1.0 when the font gives none. Called once per font and character a page."""
        width = ctypes.c_float()
        if not (font and self._api.glyph_width(font, ord(ch), _ONE, ctypes.byref(width))):
            return -1.0
        # /Widths are in thousandths of the size: undo the float32 rounding.
        return round(width.value * _GLYPH_UNITS, GLYPH_WIDTH_DECIMALS) / _GLYPH_UNITS

    def _style(self, obj: int, tp: int, index: int, frame: _Frame, *, color: bool = True) -> _Style:
        """What the text object ``obj`` says of its characters (``index`` is one of
        them); the fill colour only when ``color`` (the compact form has no use for it)."""
        api = self._api
        font = int(api.obj_font(ctypes.c_void_p(obj)) or 0)
        name, descent = self._font(font)
        matrix = api.raw.FS_MATRIX()
        api.char_matrix(ctypes.c_void_p(tp), index, ctypes.byref(matrix))
        ma, mb, mc, md = matrix.a, matrix.b, matrix.c, matrix.d
        flat = ma * md > 0 and mb * mc <= 0
        a, b, c, d = frame.turns(ma, mb, mc, md)
        upright = a * d > 0 and b * c <= 0
        scale = (mc**2 + md**2) ** 0.5 or 1.0
        widen = (ma**2 + mb**2) ** 0.5 / scale
        if abs(widen - 1.0) < FLOAT32_SLACK:
            widen = 1.0  # pdfium's matrices are single precision: no stretch is 1, not 0.9999999
        fill: tuple[float, ...] = ()
        if color:
            rgba = (ctypes.c_uint(), ctypes.c_uint(), ctypes.c_uint(), ctypes.c_uint())
            if api.fill_color(obj, *(ctypes.byref(v) for v in rgba)):
                fill = tuple(v.value / 255 for v in rgba[:3])
        size = api.font_size(ctypes.c_void_p(tp), index) * scale
        run = (ma**2 + mb**2) ** 0.5 or 1.0
        along = (ma / run, mb / run)
        up = (mc / scale, md / scale)
        return _Style(font, name, descent, upright, flat, size, widen, along, up, fill)

    def _text(self, tp: int, page: RawPage) -> str:
        """The page's text, one character per pdfium character index (generated ones
        included), as pdfminer would spell each; at most the reader's cap of them."""
        api = self._api
        count = api.count_chars(tp)
        if count <= 0:
            return ""
        if self._max_chars is not None and count > self._max_chars:
            count = self._max_chars
            page.cut = True
        buf = ctypes.create_string_buffer(2 * (count + 1))
        got = api.get_text(tp, 0, count, buf)
        text = buf.raw[: 2 * max(0, got - 1)].decode("utf-16-le", "replace")
        if len(text) != count:  # characters outside the BMP: ask one by one
            text = "".join(chr(api.get_unicode(tp, i) or 0xFFFD) for i in range(count))
        text = text.translate(_C1_AS_WINANSI)
        if "\ufffe" in text or "\x02" in text:
            # pdfium marks a hyphen that ends a line (U+FFFE from GetText, 2 from
            # GetUnicode) and forgets which one it was; pdfminer reports the character
            # itself, nearly always a hyphen-minus.
            text = text.replace("\ufffe", "-").replace("\x02", "-")
        return text

    def _chars(self, tp: int, frame: _Frame, text: str) -> list[dict[str, Any]]:
        """Every character as a pdfplumber-style dictionary (any page: the general path)."""
        api = self._api
        count = len(text)
        ox, oy = ctypes.c_double(), ctypes.c_double()
        rect = api.raw.FS_RECTF()
        p_ox, p_oy, p_rect = ctypes.byref(ox), ctypes.byref(oy), ctypes.byref(rect)
        origin, loose, text_object = api.origin, api.loose, api.text_object
        handle = ctypes.c_void_p(tp)
        styles: dict[int, _Style] = {}
        widths: dict[tuple[int, str], float] = {}
        upright_page = frame.rotation == 0
        height = frame.height
        chars: list[dict[str, Any]] = []
        append = chars.append
        last_obj, last_x, last_y = 0, float("nan"), float("nan")
        ligature: dict[str, Any] | None = None
        for i in range(count):
            # Characters pdfium generates (inferred spaces, line breaks) belong to no
            # text object; pdfminer has none of them.
            obj = text_object(handle, i)
            if not obj:
                continue
            style = styles.get(obj)
            if style is None:
                style = styles[obj] = self._style(obj, tp, i, frame)
            origin(handle, i, p_ox, p_oy)
            size = style.size
            x, y = ox.value, oy.value
            ch = text[i]
            if obj == last_obj and x == last_x and y == last_y and chars:
                # pdfium spells a ligature glyph ("ﬁ", "ﬃ") as its letters, all at the
                # glyph's origin; pdfminer has one character, which pdfplumber's words
                # spell out again. One character keeps the word whole (and is not taken
                # for a letter drawn twice).
                chars[-1]["text"] += ch
                ligature = chars[-1]
                continue
            if ligature is not None:
                # The ligature's advance is where the next glyph starts.
                if y == last_y and 0 <= x - ligature["x0"] <= LIGATURE_REACH * size:
                    ligature["x1"] = max(ligature["x1"], x)
                ligature = None
            last_obj, last_x, last_y = obj, x, y
            advance = widths.get((style.font, ch))
            if advance is None:
                advance = widths[style.font, ch] = self._advance(style.font, ch)
            if advance > 0:
                right = x + advance * size * style.widen
            else:
                loose(tp, i, p_rect)
                right = _loose_right(x, y, rect, style.along)
            if upright_page and style.upright:
                base = y + style.descent * size - frame.y0
                x0, x1 = x, right
                bottom = height - base + frame.top
                top = bottom - size
            else:
                x0, top, x1, bottom = self._turned_box(x, y, right - x, style, size, frame)
                size = bottom - top  # pdfminer: the height of the (turned) box
            if x1 < x0:
                x0, x1 = x1, x0
            append(
                {
                    "text": ch,
                    "x0": x0,
                    "x1": x1,
                    "top": top,
                    "bottom": bottom,
                    "doctop": top,
                    "upright": style.upright,
                    "fontname": style.fontname,
                    "size": size,
                    "non_stroking_color": style.color,
                }
            )
        return chars

    def _upright(self, tp: int, frame: _Frame, text: str) -> UprightChars | None:
        """The characters of an unrotated page in the compact form, or None as soon as
        one text object is turned (or has no definite size): the caller then reads the
        page as dictionaries (:meth:`_chars`).

        The same values as :meth:`_chars`, computed the same way to the last bit (a test
        compares both paths), in one pass that also drops characters drawn twice (same
        text at the same rounded position: ``_reader._duplicate_chars``'s key, the first
        copy kept) and cuts the runs of one font and size that word grouping takes. What
        is constant over a text object (its style, the descent below the baseline, the
        advance of each glyph at its size) is computed once per object, not per
        character; a character then costs two pdfium calls and a tuple.
        """
        api = self._api
        text_object, origin = api.text_object, api.origin
        handle = ctypes.c_void_p(tp)
        ox, oy = ctypes.c_double(), ctypes.c_double()
        p_ox, p_oy = ctypes.byref(ox), ctypes.byref(oy)
        rect = api.raw.FS_RECTF()
        p_rect = ctypes.byref(rect)
        widths: dict[tuple[int, str], float] = {}
        # Per text object: its style and what follows from it. Objects of one font and
        # size share their run key (compared by identity) and their advances.
        objects: dict[int, tuple[_Style, tuple[str, float], float, dict[str, float]]] = {}
        keys: dict[tuple[str, float], tuple[str, float]] = {}
        advances: dict[tuple[int, float, float], dict[str, float]] = {}
        y0, page_top, height = frame.y0, frame.top, frame.height
        reach = LIGATURE_REACH
        runs: list[CharRun] = []
        run: list[CharRecord] = []
        run_key: tuple[str, float] | None = None
        seen: set[tuple[str, int, int]] = set()
        sizes: dict[float, int] = {}
        count = 0
        counted = 0  # characters of ``sizes`` so far (the text object's are added at its end)
        last_obj, last_x, last_y = 0, float("nan"), float("nan")
        style = _NO_STYLE
        key: tuple[str, float] = ("", 0.0)
        size = below = 0.0  # the text object's size, and its descent at that size
        incs: dict[str, float] = {}
        # The character read last, kept back until the next one: a ligature glyph may
        # still grow (its letters come one by one at the same origin).
        p_text: str | None = None
        p_x0 = p_x1 = p_top = p_bottom = 0.0
        p_round_top = 0
        p_key = key
        ligature = False
        # The box's top and bottom (and the rounded top) are those of the character
        # before as long as the baseline stays (nearly every character of a line).
        box_y = top = bottom = float("nan")
        round_top = 0
        for i, ch in enumerate(text):
            # Characters pdfium generates (inferred spaces, line breaks) belong to no
            # text object; pdfminer has none of them.
            obj = text_object(handle, i)
            if not obj:
                continue
            origin(handle, i, p_ox, p_oy)
            x = ox.value
            y = oy.value
            if obj != last_obj:
                if count > counted:
                    sizes[size] = sizes.get(size, 0) + count - counted
                    counted = count
                known = objects.get(obj)
                if known is None:
                    style = self._style(obj, tp, i, frame, color=False)
                    if not style.upright or style.size != style.size:
                        return None
                    pair = (style.fontname, style.size)
                    shared = keys.setdefault(pair, pair)
                    incs = advances.setdefault((style.font, style.size, style.widen), {})
                    known = objects[obj] = (style, shared, style.descent * style.size, incs)
                style, key, below, incs = known
                size = style.size
                last_obj = obj
                box_y = float("nan")
            elif x == last_x and y == last_y and p_text is not None:
                # pdfium spells a ligature glyph ("ﬁ", "ﬃ") as its letters, all at the
                # glyph's origin (see _chars).
                p_text += ch
                ligature = True
                continue
            if p_text is not None:
                if ligature:
                    # The ligature's advance is where the next glyph starts.
                    if y == last_y and 0 <= x - p_x0 <= reach * size:
                        p_x1 = max(p_x1, x)
                    ligature = False
                dupe = (p_text, round(p_x0), p_round_top)
                if dupe not in seen:
                    seen.add(dupe)
                    if p_key is not run_key:
                        run = []
                        runs.append(CharRun(p_key[0], p_key[1], run))
                        run_key = p_key
                    run.append((p_text, p_x0, p_x1, p_top, p_bottom))
            last_x = x
            last_y = y
            count += 1
            inc = incs.get(ch)
            if inc is None:
                advance = widths.get((style.font, ch))
                if advance is None:
                    advance = widths[style.font, ch] = self._advance(style.font, ch)
                if advance > 0:
                    inc = incs[ch] = advance * size * style.widen
            if inc is not None:
                right = x + inc
            else:
                api.loose(tp, i, p_rect)
                right = _loose_right(x, y, rect, style.along)
            if y != box_y:
                box_y = y
                base = y + below - y0
                bottom = height - base + page_top
                top = bottom - size
                round_top = round(top)
            p_top = top
            p_bottom = bottom
            p_round_top = round_top
            if right < x:
                p_x0 = right
                p_x1 = x
            else:
                p_x0 = x
                p_x1 = right
            p_text = ch
            p_key = key
        if p_text is not None:
            dupe = (p_text, round(p_x0), p_round_top)
            if dupe not in seen:
                if p_key is not run_key:
                    run = []
                    runs.append(CharRun(p_key[0], p_key[1], run))
                run.append((p_text, p_x0, p_x1, p_top, p_bottom))
        if count > counted:
            sizes[size] = sizes.get(size, 0) + count - counted
        return UprightChars(runs, sizes, count)

    @staticmethod
    def _turned_box(
        x: float, y: float, advance: float, style: _Style, size: float, frame: _Frame
    ) -> tuple[float, float, float, float]:
        """The box of a character turned on the page (text drawn sideways, or a page
        with /Rotate): pdfminer's, the bounds of the glyph's box (advance × font size,
        from the descent) turned with the text and the page."""
        ax, ay = style.along
        ux, uy = style.up
        low, high = style.descent * size, (style.descent + 1) * size
        xs: list[float] = []
        ys: list[float] = []
        for t in (0.0, advance):
            for s in (low, high):
                px, py = frame.point(x + ax * t + ux * s, y + ay * t + uy * s)
                xs.append(px)
                ys.append(py)
        return min(xs), min(ys), max(xs), max(ys)

    # ------------------------------------------------------------------ paths

    def _paths(self, page: int, frame: _Frame) -> tuple[list[dict[str, Any]], int]:
        api = self._api
        edges: list[dict[str, Any]] = []
        images = 0
        identity = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
        stack: list[tuple[int, tuple[float, ...], bool]] = [
            (api.get_object(page, i), identity, False)
            for i in range(api.count_objects(page) - 1, -1, -1)
        ]
        matrix = api.raw.FS_MATRIX()
        while stack:
            obj, outer, _in_form = stack.pop()
            if not obj:
                continue
            kind = api.obj_type(obj)
            if kind == _IMAGE:
                images += 1
            elif kind == _FORM:
                api.obj_matrix(obj, ctypes.byref(matrix))
                inner = _mult((matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f), outer)
                stack.extend(
                    (api.form_object(obj, i), inner, True)
                    for i in range(api.form_count(obj) - 1, -1, -1)
                )
            elif kind == _PATH:
                api.obj_matrix(obj, ctypes.byref(matrix))
                m = _mult((matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f), outer)
                self._path_edges(obj, m, frame, edges)
        return edges, images

    def _path_edges(
        self, obj: int, m: tuple[float, ...], frame: _Frame, edges: list[dict[str, Any]]
    ) -> None:
        api = self._api
        fill, stroke = ctypes.c_int(), ctypes.c_int()
        if not api.draw_mode(obj, ctypes.byref(fill), ctypes.byref(stroke)):
            return
        if not fill.value and not stroke.value:
            return
        px, py = ctypes.c_float(), ctypes.c_float()
        a, b, c, d, e, f = m
        subpath: list[tuple[str, tuple[float, float]]] = []
        subpaths: list[list[tuple[str, tuple[float, float]]]] = []
        for i in range(api.seg_count(obj)):
            seg = api.segment(obj, i)
            api.seg_point(seg, ctypes.byref(px), ctypes.byref(py))
            x, y = px.value, py.value
            pt = frame.point(a * x + c * y + e, b * x + d * y + f)
            kind = api.seg_type(seg)
            if kind == _MOVETO:
                if subpath:
                    subpaths.append(subpath)
                subpath = [("m", pt)]
            else:
                if not subpath:
                    subpath = [("m", pt)]
                subpath.append(("c" if kind == _BEZIERTO else "l", pt))
            if api.seg_close(seg) and subpath:
                subpath.append(("h", subpath[0][1]))
        if subpath:
            subpaths.append(subpath)
        for sub in subpaths:
            _subpath_edges(sub, edges)


def _mult(m: tuple[float, ...], n: tuple[float, ...]) -> tuple[float, ...]:
    """m then n (PDF row-vector convention)."""
    a1, b1, c1, d1, e1, f1 = m
    a0, b0, c0, d0, e0, f0 = n
    return (
        a1 * a0 + b1 * c0,
        a1 * b0 + b1 * d0,
        c1 * a0 + d1 * c0,
        c1 * b0 + d1 * d0,
        e1 * a0 + f1 * c0 + e0,
        e1 * b0 + f1 * d0 + f0,
    )


def _edge(kind: str, p0: tuple[float, float], p1: tuple[float, float]) -> dict[str, Any]:
    x0, x1 = sorted((p0[0], p1[0]))
    top, bottom = sorted((p0[1], p1[1]))
    return {
        "object_type": kind,
        "x0": x0,
        "x1": x1,
        "top": top,
        "bottom": bottom,
        "doctop": top,
        "width": x1 - x0,
        "height": bottom - top,
    }


def _subpath_edges(sub: list[tuple[str, tuple[float, float]]], edges: list[dict[str, Any]]) -> None:
    """pdfminer's ``paint_path`` classification, then pdfplumber's edges of each shape."""
    shape = "".join(op for op, _ in sub)
    pts = [pt for _, pt in sub]
    if len(shape) > 3 and shape[-2:] == "lh" and pts[-2] == pts[0]:
        shape = shape[:-2] + "h"
        pts.pop()
    if shape in ("mlh", "ml"):
        edge = _edge("line", pts[0], pts[1])
        edge["orientation"] = "h" if edge["top"] == edge["bottom"] else "v"
        edges.append(edge)
        return
    if shape in ("mlllh", "mllll"):
        (x0, y0), (x1, y1), (x2, y2), (x3, y3), _ = pts
        closed = pts[0] == pts[4]
        square = (x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0) or (
            y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0
        )
        if closed and square:
            box = _edge("rect_edge", pts[0], pts[2])
            left, right = box["x0"], box["x1"]
            top, bottom = box["top"], box["bottom"]
            for orientation, p, q in (
                ("h", (left, top), (right, top)),
                ("h", (left, bottom), (right, bottom)),
                ("v", (left, top), (left, bottom)),
                ("v", (right, top), (right, bottom)),
            ):
                edge = _edge("rect_edge", p, q)
                edge["orientation"] = orientation
                edges.append(edge)
            return
    for p0, p1 in itertools.pairwise(pts):
        edge = _edge("curve_edge", p0, p1)
        edge["orientation"] = "v" if p0[0] == p1[0] else ("h" if p0[1] == p1[1] else None)
        edges.append(edge)
