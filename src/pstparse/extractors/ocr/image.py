"""Page images: rendering PDF pages, reading image files, straightening, finding rulings.

Everything here is plain numpy on a grayscale image (``uint8``, 0 = black): no OpenCV.
Sizes are given in PDF points and turned into pixels with the image's resolution, so
the same thresholds hold at 150 or 400 dpi.
"""

from __future__ import annotations

import io
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from pstparse.model.errors import EncryptedError, InputError

Gray = npt.NDArray[np.uint8]
PxBox = tuple[int, int, int, int]
"""x0, top, x1, bottom in pixels."""

RENDER_DPI = 300
"""Resolution PDF pages are rendered at for OCR: Tesseract reads 8–10 pt text reliably
from 300 dpi; 200 dpi loses accents and small digits."""

DEFAULT_IMAGE_DPI = 300
"""Resolution assumed for an image file that does not record one (most scanners save
300 dpi); a wrong guess only scales the page, it does not change the text."""

MIN_IMAGE_DPI, MAX_IMAGE_DPI = 50, 1200
"""A recorded resolution outside this range is a placeholder (72, 1): the default is used."""

MAX_IMAGE_PIXELS = 80_000_000
"""Largest page image read (an A3 page at 600 dpi is 70 Mpx): more is refused before
decoding, so a small file that claims a huge canvas cannot take gigabytes."""

INK = 160
"""Gray level below which a pixel is ink. Scans are rarely pure black and JPEG blurs thin
rules into grays around 100–140; paper stays above 200."""

MAX_SKEW_DEGREES = 5.0
"""Largest skew searched: a page scanned more askew than this is rare and, beyond, the
projection profile starts matching table columns instead of text lines."""

SKEW_SAMPLE = 60_000
"""Ink pixels sampled to measure the skew: enough for a sharp profile, and fast."""

MIN_SKEW_DEGREES = 0.05
"""Smaller skews are left alone: 0.05° moves a line by 2 px across an A4 page at 300 dpi."""

RULING_MIN_PT = 12.0
"""Shortest run of ink that can be a ruling: the height of a one-line table row.
Letters are shorter (an em dash of 11 pt text is 11 pt) except in big titles, and a
segment only makes a table when rulings cross it."""

RULING_MAX_THICK_PT = 4.0
"""Thickest ruling: table borders are 0.5–2 pt; a thicker band is a filled shape."""

RULING_GAP_PT = 0.5
"""Gaps this small inside a ruling are bridged (JPEG noise, speckles, faint scans).
Letters of a word are often 1 pt apart: a wider bridge turns words into "rulings"."""

CROSS_TOL_PT = 3.0
"""How far apart two rulings may end and still meet (a corner drawn short)."""

ERASE_PAD_PT = 1.0
"""Margin whitened around a ruling before OCR: the gray fringe a blurred scan leaves
beside a rule is otherwise read as "|" or "l"."""

SPECK_WINDOW_PT = 1.7
"""Side of the square around an ink pixel in which a speck must be alone."""

SPECK_MAX_PX = 9
"""An ink blob of at most this many pixels with nothing else in its window is dust:
Tesseract reads such specks as ".", ":" or "•" inside the text. A full stop of 8 pt
text at 300 dpi is about 16 pixels and sits next to a letter."""

SEPARATOR_MIN_PT = 72.0
"""A stand-alone horizontal rule this long (a separator under a title) is erased before
OCR, like table rulings: Tesseract otherwise reads it as a row of dashes."""


def px(points: float, dpi: float) -> int:
    """A length in points as a whole number of pixels at ``dpi`` (at least 1)."""
    return max(1, round(points * dpi / 72))


# ----------------------------------------------------------------------------- sources


def render_pdf(
    data: bytes, password: str | None, dpi: int, pages: set[int] | None, name: str
) -> Iterator[tuple[int, Gray]]:
    """Render PDF pages (1-based numbers; None: all) to grayscale images, one at a time."""
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data, password=password)
    except pdfium.PdfiumError as exc:
        text = str(exc).lower()
        if "password" in text:
            raise EncryptedError(
                "encrypted PDF: a password is needed (--password)", path=name
            ) from None
        raise InputError(f"not a readable PDF ({exc})", path=name) from None
    try:
        for index in range(len(pdf)):
            number = index + 1
            if pages is not None and number not in pages:
                continue
            page = pdf[index]
            try:
                width, height = page.get_size()
                if width * height * (dpi / 72) ** 2 > MAX_IMAGE_PIXELS:
                    raise InputError(f"page {number} is too large to render for OCR", path=name)
                bitmap = page.render(scale=dpi / 72, grayscale=True)
                array = np.array(bitmap.to_numpy(), dtype=np.uint8, copy=True)
            except pdfium.PdfiumError as exc:
                raise InputError(f"page {number} cannot be rendered ({exc})", path=name) from None
            finally:
                page.close()
            if array.ndim == 3:
                array = array[:, :, 0]
            yield number, array
    finally:
        pdf.close()


def image_pages(data: bytes, name: str, limit: int) -> Iterator[tuple[Gray, int]]:
    """Frames of an image file (PNG, JPEG, TIFF; several pages in a TIFF) as grayscale
    arrays with their resolution, refusing more than ``limit`` frames, frames over
    :data:`MAX_IMAGE_PIXELS` and damaged data (one-line :class:`InputError`)."""
    from PIL import Image, ImageSequence, UnidentifiedImageError

    broken = (OSError, ValueError, EOFError, SyntaxError, Image.DecompressionBombError)
    try:
        with _quiet():
            image = Image.open(io.BytesIO(data))
    except UnidentifiedImageError:
        raise InputError("not a readable image (unknown or damaged data)", path=name) from None
    except broken as exc:
        raise InputError(f"not a readable image ({type(exc).__name__})", path=name) from None
    with image:
        count = 0
        frames = ImageSequence.Iterator(image)
        while True:
            try:
                with _quiet():
                    frame = next(frames)
            except StopIteration:
                break
            except broken as exc:
                raise InputError(
                    f"image page {count + 1} cannot be read ({type(exc).__name__})", path=name
                ) from None
            count += 1
            if count > limit:
                raise InputError(f"too many pages (more than {limit}) in the image", path=name)
            w, h = frame.size
            if w * h > MAX_IMAGE_PIXELS:
                raise InputError(f"image page {count} is too large ({w}×{h} pixels)", path=name)
            try:
                with _quiet():
                    gray = np.asarray(frame.convert("L"), dtype=np.uint8)
            except broken as exc:
                raise InputError(
                    f"image page {count} cannot be decoded ({type(exc).__name__})", path=name
                ) from None
            yield gray, _dpi(frame.info.get("dpi"))
        if count == 0:
            raise InputError("image without pages", path=name)


@contextmanager
def _quiet() -> Iterator[None]:
    """Pillow warns on stderr about damaged metadata (EXIF) of pages it reads anyway."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        yield


def _dpi(raw: object) -> int:
    try:
        value = round(float(raw[0]))  # type: ignore[index]
    except (TypeError, ValueError, IndexError, KeyError):
        return DEFAULT_IMAGE_DPI
    return value if MIN_IMAGE_DPI <= value <= MAX_IMAGE_DPI else DEFAULT_IMAGE_DPI


def pgm(gray: Gray) -> bytes:
    """The image as binary PGM bytes: lossless and written in no time (PNG compression
    took half a second per page); Tesseract reads it from stdin like any image."""
    h, w = gray.shape
    return b"P5\n%d %d\n255\n" % (w, h) + np.ascontiguousarray(gray).tobytes()


def blank(gray: Gray) -> bool:
    """True when the page holds no ink worth reading (a blank or nearly blank page)."""
    return int(np.count_nonzero(gray < INK)) < gray.size // 20000 + 10


# ----------------------------------------------------------------------------- skew


def skew_angle(gray: Gray, dpi: int) -> float:
    """The angle (degrees, counter-clockwise positive) by which the page was turned.

    Projection profiles: ink pixels are projected along each candidate angle onto the
    vertical; when the angle matches the text lines, the rows of text and the gaps
    between them are sharpest (largest sum of squared row counts). Coarse then fine.
    """
    ys, xs = np.nonzero(gray < INK)
    if ys.size < 100:
        return 0.0
    step = max(1, ys.size // SKEW_SAMPLE)
    y = ys[::step].astype(np.float64)
    x = xs[::step].astype(np.float64)
    x -= x.mean()
    bin_px = max(1, px(0.7, dpi))

    def score(angle: float) -> float:
        shifted = y + x * np.tan(np.radians(angle))
        shifted -= shifted.min()
        counts = np.bincount((shifted / bin_px).astype(np.int64))
        return float(np.dot(counts, counts))

    coarse = np.arange(-MAX_SKEW_DEGREES, MAX_SKEW_DEGREES + 1e-9, 0.2)
    best = max(coarse, key=score)
    fine = np.arange(best - 0.2, best + 0.2 + 1e-9, 0.02)
    return float(max(fine, key=score))


def straighten(gray: Gray, angle: float) -> Gray:
    """The image turned back by ``angle`` degrees (the :func:`skew_angle` found), white
    filling the corners."""
    from PIL import Image

    image = Image.fromarray(gray, mode="L")
    turned = image.rotate(-angle, resample=Image.Resampling.BILINEAR, fillcolor=255)
    return np.asarray(turned, dtype=np.uint8).copy()


# ----------------------------------------------------------------------------- rulings


@dataclass(frozen=True, slots=True)
class Segment:
    """A straight ruling: ``pos`` is its y (horizontal) or x (vertical); ``start``-``end``
    its extent along the other axis; ``lo``-``hi`` the band of pixels it covers across."""

    pos: float
    start: int
    end: int
    lo: int
    hi: int


def _bridge(mask: npt.NDArray[np.bool_], max_gap: int) -> npt.NDArray[np.bool_]:
    """``mask`` with gaps of up to ``max_gap`` pixels along each row filled."""
    out = mask.copy()
    for i in range(1, max_gap + 1):
        for j in range(1, max_gap + 2 - i):
            # ink i pixels to the left and j pixels to the right
            out[:, i:-j] |= mask[:, : -i - j] & mask[:, i + j :]
    return out


def _runs(mask: npt.NDArray[np.bool_], min_len: int, max_gap: int) -> npt.NDArray[np.int64]:
    """Horizontal runs of True in each row (gaps up to ``max_gap`` bridged), at least
    ``min_len`` long, as rows of (row, start, end) with ``end`` exclusive."""
    w = mask.shape[1]
    if w <= min_len + 2 * max_gap + 2:
        return np.zeros((0, 3), dtype=np.int64)
    bridged = _bridge(mask, max_gap)
    # Only rows holding a window of min_len ink pixels can hold a run: find them with a
    # running sum, then look for the runs in those few rows only (text rows have
    # thousands of short runs, and listing them all took most of the time).
    sums = np.cumsum(bridged, axis=1, dtype=np.int32)
    window = sums[:, min_len - 1 :].copy()
    window[:, 1:] -= sums[:, : w - min_len]
    rows_with = np.nonzero((window >= min_len).any(axis=1))[0]
    if rows_with.size == 0:
        return np.zeros((0, 3), dtype=np.int64)
    padded = np.zeros((rows_with.size, w + 2), dtype=np.int8)
    padded[:, 1:-1] = bridged[rows_with]
    d = np.diff(padded, axis=1)
    idx, starts = np.nonzero(d == 1)
    _, ends = np.nonzero(d == -1)
    keep = ends - starts >= min_len
    return np.stack([rows_with[idx[keep]], starts[keep], ends[keep]], axis=1).astype(np.int64)


def _bands(runs: npt.NDArray[np.int64], max_thick: int) -> list[Segment]:
    """Runs in neighbouring rows that overlap form one ruling."""
    open_: list[list[int]] = []  # [lo, hi, start, end, weighted_sum, weight]
    done: list[list[int]] = []
    for row, start, end in sorted(runs.tolist()):
        merged = False
        for seg in open_:
            if seg[1] >= row - 1 and min(seg[3], end) - max(seg[2], start) > 0:
                seg[1] = row
                seg[2] = min(seg[2], start)
                seg[3] = max(seg[3], end)
                seg[4] += row * (end - start)
                seg[5] += end - start
                merged = True
                break
        if not merged:
            open_.append([row, row, start, end, row * (end - start), end - start])
        still: list[list[int]] = []
        for seg in open_:
            (still if seg[1] >= row - 1 else done).append(seg)
        open_ = still
    done.extend(open_)
    return [
        Segment(s[4] / s[5], s[2], s[3], s[0], s[1]) for s in done if s[1] - s[0] + 1 <= max_thick
    ]


@dataclass(frozen=True, slots=True)
class Rulings:
    """The rulings of a page and the tables they draw (cell boxes in pixels)."""

    horizontal: list[Segment]
    vertical: list[Segment]
    tables: list[list[PxBox]]
    erase: list[PxBox]
    """Boxes to whiten before OCR (the rulings of the tables and long separators)."""


RULING_DPI = 150
"""Rulings are looked for on the image reduced to about this resolution (a pixel is ink
when any pixel it stands for is): a 0.5 pt rule is still one pixel wide, and the search
is four times faster than at 300 dpi."""


def _darkest(gray: Gray, factor: int) -> Gray:
    """The image reduced by ``factor``, each pixel the darkest of those it stands for."""
    if factor == 1:
        return gray
    h, w = gray.shape
    h, w = h - h % factor, w - w % factor
    out = gray[0:h:factor, 0:w:factor].copy()
    for dy in range(factor):
        for dx in range(factor):
            np.minimum(out, gray[dy:h:factor, dx:w:factor], out=out)
    return out


def find_rulings(gray: Gray, dpi: int) -> Rulings:
    """Horizontal and vertical rulings, and the cells of the tables they enclose
    (pixel coordinates of ``gray``)."""
    factor = max(1, dpi // RULING_DPI)
    low_dpi = dpi / factor
    ink = np.asarray(_darkest(gray, factor) < INK, dtype=np.bool_)
    # One pixel of vertical (horizontal) smear keeps a ruling that drifts by a pixel
    # across the page (a residual skew) in one run.
    smear_h = ink.copy()
    smear_h[1:] |= ink[:-1]
    smear_v = np.ascontiguousarray(ink.T)
    smear_v[1:] |= smear_v[:-1].copy()
    min_len = px(RULING_MIN_PT, low_dpi)
    gap = max(1, round(RULING_GAP_PT * low_dpi / 72))
    thick = px(RULING_MAX_THICK_PT, low_dpi) + 1
    horizontal = [_scaled(s, factor) for s in _bands(_runs(smear_h, min_len, gap), thick)]
    vertical = [_scaled(s, factor) for s in _bands(_runs(smear_v, min_len, gap), thick)]
    tol = px(CROSS_TOL_PT, dpi)
    tables, used = table_cells(horizontal, vertical, tol)
    erase: list[PxBox] = []
    pad = px(ERASE_PAD_PT, dpi)
    for i, seg in enumerate(horizontal):
        if ("h", i) in used or seg.end - seg.start >= px(SEPARATOR_MIN_PT, dpi):
            erase.append((seg.start - pad, seg.lo - pad, seg.end + pad, seg.hi + pad))
    for i, seg in enumerate(vertical):
        if ("v", i) in used:
            erase.append((seg.lo - pad, seg.start - pad, seg.hi + pad, seg.end + pad))
    return Rulings(horizontal, vertical, tables, erase)


def _scaled(seg: Segment, factor: int) -> Segment:
    """A segment found on the reduced image, in pixels of the full one (``hi`` exclusive)."""
    return Segment(
        (seg.pos + 0.5) * factor,
        seg.start * factor,
        seg.end * factor,
        seg.lo * factor,
        (seg.hi + 1) * factor,
    )


def whiten(gray: Gray, boxes: list[PxBox]) -> Gray:
    """A copy of the image with the boxes painted white."""
    out = gray.copy()
    h, w = out.shape
    for x0, top, x1, bottom in boxes:
        out[max(0, top) : min(h, bottom), max(0, x0) : min(w, x1)] = 255
    return out


def _crosses(hs: Segment, vs: Segment, tol: int) -> bool:
    return hs.start - tol <= vs.pos <= hs.end + tol and vs.start - tol <= hs.pos <= vs.end + tol


def _snap(values: list[float], tol: int) -> list[float]:
    out: list[list[float]] = []
    for v in sorted(values):
        if out and v - out[-1][-1] <= tol:
            out[-1].append(v)
        else:
            out.append([v])
    return [sum(g) / len(g) for g in out]


def table_cells(
    horizontal: list[Segment], vertical: list[Segment], tol: int
) -> tuple[list[list[PxBox]], set[tuple[str, int]]]:
    """Cell boxes of each table drawn by the rulings, and the rulings they use.

    Crossing rulings form a group; a group with at least two rulings each way is a
    table. Its grid is every ruling position; neighbouring grid squares with no ruling
    between them are one cell (a merged cell); a region that is not a rectangle closed
    by rulings on all sides is not a cell.
    """
    parent = list(range(len(horizontal) + len(vertical)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    n_h = len(horizontal)
    for i, hs in enumerate(horizontal):
        for j, vs in enumerate(vertical):
            if _crosses(hs, vs, tol):
                parent[root(i)] = root(n_h + j)
    groups: dict[int, tuple[list[Segment], list[Segment], list[tuple[str, int]]]] = {}
    for i, hs in enumerate(horizontal):
        groups.setdefault(root(i), ([], [], []))
        groups[root(i)][0].append(hs)
        groups[root(i)][2].append(("h", i))
    for j, vs in enumerate(vertical):
        groups.setdefault(root(n_h + j), ([], [], []))
        groups[root(n_h + j)][1].append(vs)
        groups[root(n_h + j)][2].append(("v", j))
    tables: list[list[PxBox]] = []
    used: set[tuple[str, int]] = set()
    for hs_list, vs_list, ids in groups.values():
        if len(hs_list) < 2 or len(vs_list) < 2:
            continue
        cells = _grid_cells(hs_list, vs_list, tol)
        if len(cells) >= 2:
            tables.append(cells)
            used.update(ids)
    tables.sort(key=lambda cells: (min(c[1] for c in cells), min(c[0] for c in cells)))
    return tables, used


def _grid_cells(hs_list: list[Segment], vs_list: list[Segment], tol: int) -> list[PxBox]:
    xs = _snap([v.pos for v in vs_list], tol)
    ys = _snap([h.pos for h in hs_list], tol)
    nx, ny = len(xs) - 1, len(ys) - 1
    if nx < 1 or ny < 1:
        return []

    def v_edge(i: int, j: int) -> bool:
        """A vertical ruling at xs[i] between ys[j] and ys[j + 1]."""
        return any(
            abs(v.pos - xs[i]) <= tol and v.start <= ys[j] + tol and v.end >= ys[j + 1] - tol
            for v in vs_list
        )

    def h_edge(i: int, j: int) -> bool:
        """A horizontal ruling at ys[j] between xs[i] and xs[i + 1]."""
        return any(
            abs(h.pos - ys[j]) <= tol and h.start <= xs[i] + tol and h.end >= xs[i + 1] - tol
            for h in hs_list
        )

    parent = {(i, j): (i, j) for i in range(nx) for j in range(ny)}

    def root(k: tuple[int, int]) -> tuple[int, int]:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    for i in range(nx):
        for j in range(ny):
            if i + 1 < nx and not v_edge(i + 1, j):
                parent[root((i, j))] = root((i + 1, j))
            if j + 1 < ny and not h_edge(i, j + 1):
                parent[root((i, j))] = root((i, j + 1))
    members: dict[tuple[int, int], list[tuple[int, int]]] = {}
    for key in parent:
        members.setdefault(root(key), []).append(key)
    cells: list[PxBox] = []
    for squares in members.values():
        i0 = min(i for i, _ in squares)
        i1 = max(i for i, _ in squares) + 1
        j0 = min(j for _, j in squares)
        j1 = max(j for _, j in squares) + 1
        if len(squares) != (i1 - i0) * (j1 - j0):
            continue
        closed = all(v_edge(i0, j) and v_edge(i1, j) for j in range(j0, j1)) and all(
            h_edge(i, j0) and h_edge(i, j1) for i in range(i0, i1)
        )
        if closed:
            cells.append((round(xs[i0]), round(ys[j0]), round(xs[i1]), round(ys[j1])))
    return cells


def despeckle(gray: Gray, dpi: int) -> Gray:
    """A copy with isolated specks of dust whitened (see :data:`SPECK_MAX_PX`).

    Looked for on the image reduced to :data:`RULING_DPI` (a quarter of the pixels at
    300 dpi), where a speck is one or two pixels.
    """
    factor = max(1, dpi // RULING_DPI)
    low_dpi = dpi / factor
    small = _darkest(gray, factor)
    ink = np.asarray(small < INK, dtype=np.int32)
    k = px(SPECK_WINDOW_PT, low_dpi) | 1
    h, w = ink.shape
    if h <= k or w <= k:
        return gray
    sums = np.zeros((h + 1, w + 1), dtype=np.int32)
    np.cumsum(np.cumsum(ink, axis=1, dtype=np.int32), axis=0, out=sums[1:, 1:])
    counts = sums[k:, k:] - sums[:-k, k:] - sums[k:, :-k] + sums[:-k, :-k]
    r = k // 2
    # counts[y, x] covers the window centred on pixel (y + r, x + r)
    lonely = np.zeros(ink.shape, dtype=np.bool_)
    limit = max(1, SPECK_MAX_PX // (factor * factor))
    lonely[r : h - r, r : w - r] = counts[: h - 2 * r, : w - 2 * r] <= limit
    remove = lonely & (ink > 0)
    if not remove.any():
        return gray
    out = gray.copy()
    ys, xs = np.nonzero(remove)
    for dy in range(factor):
        for dx in range(factor):
            out[ys * factor + dy, xs * factor + dx] = 255
    return out
