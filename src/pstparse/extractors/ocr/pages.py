"""OCR pages → the geometry records of the PDF extractor (words, lines, ruled tables).

A scanned page comes out as the same :class:`~pstparse.extractors.pdf._reader.PageData`
a born-digital page gives: words with boxes in points and a font size from Tesseract's
line height, lines grouped the same way, and ruled tables whose cells come from the
rulings found in the image. Everything above (furniture, borderless tables, paragraphs,
headings, lists, stitching across pages) is then the ordinary PDF pipeline.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

import numpy as np
import numpy.typing as npt

from pstparse.extractors.ocr.engine import OcrLine, OcrWord, recognise
from pstparse.extractors.ocr.image import (
    INK,
    MIN_SKEW_DEGREES,
    Gray,
    PxBox,
    blank,
    find_rulings,
    pgm,
    skew_angle,
    straighten,
    whiten,
)
from pstparse.extractors.pdf._geometry import Word, group_lines, rounded, union_bbox
from pstparse.extractors.pdf._reader import PageData
from pstparse.extractors.pdf._tables import grid_table
from pstparse.models import Finding, Severity, Source

LOW_CONFIDENCE = 50.0
"""Words Tesseract is less sure of than this (0–100) are listed for checking by eye.
Correct words of a clean 300 dpi scan score 85–97; misread ones mostly fall below 50,
while short correct tokens ("1.1", ":") often land between 50 and 70."""

MAX_LISTED_WORDS = 30
"""Low-confidence words listed per page in the warning (the count says how many more)."""

SIZE_TOLERANCE = 0.08
"""Line heights within 8 % of each other are one font size. Tesseract's row height
varies by a few percent from line to line; real size steps (10 → 11 → 12 pt) are 9 % or
more apart, and the extractor tells headings from body text by whole points."""

BULLET_LOOKALIKES = frozenset("•●·°*+«»©®@¢~=eoOc0-–—.,_■▪►")
"""What Tesseract makes of a round list bullet (a dot it has no good letter for)."""

SOLID_FILL = 0.55
"""Share of ink in a blob's box above which it is a filled dot (a disc fills 79 %, a
letter "e" or "o" of body text about 35–50 %)."""

_GLUED = re.compile(r"^([•●·°*+«»■▪►]+)_*(?=[^\W_])")
"""A bullet Tesseract glued to the next word ("°__Introduire")."""


@dataclass(frozen=True, slots=True)
class OcrPage:
    """One page as OCR read it, in pixels, before sizes are known for the document."""

    number: int
    dpi: int
    width_px: int
    height_px: int
    lines: list[OcrLine]
    tables: list[list[PxBox]]
    angle: float


def read_page(program: str, gray: Gray, dpi: int, number: int) -> OcrPage:
    """Straighten a page image, find its rulings, OCR it without them, fix bullets."""
    h, w = gray.shape
    if blank(gray):
        return OcrPage(number, dpi, w, h, [], [], 0.0)
    angle = skew_angle(gray, dpi)
    if abs(angle) >= MIN_SKEW_DEGREES:
        gray = straighten(gray, angle)
    rulings = find_rulings(gray, dpi)
    clean = whiten(gray, rulings.erase) if rulings.erase else gray
    lines = [_bulletise(line, clean) for line in recognise(program, pgm(clean), dpi)]
    return OcrPage(number, dpi, w, h, lines, rulings.tables, angle)


# ----------------------------------------------------------------------------- bullets


def _solid(gray: Gray, box: PxBox) -> bool:
    """True when the ink in ``box`` is one compact filled blob (a bullet dot or square)."""
    x0, top, x1, bottom = box
    region = np.asarray(gray[max(0, top) : bottom, max(0, x0) : x1] < INK, dtype=np.bool_)
    if region.size == 0:
        return False
    rows = np.nonzero(region.any(axis=1))[0]
    cols = np.nonzero(region.any(axis=0))[0]
    if rows.size == 0 or cols.size == 0:
        return False
    tight = region[rows[0] : rows[-1] + 1, cols[0] : cols[-1] + 1]
    bh, bw = tight.shape
    if not 0.6 <= bw / bh <= 1.7:
        return False
    return float(tight.mean()) >= SOLID_FILL


def _bulletise(line: OcrLine, gray: Gray) -> OcrLine:
    """Turn the misread bullet that starts a line back into "•".

    Tesseract has no good letter for a round bullet: it reads "°", "+", "e", "_" or
    glues it to the next word ("°__Introduire"). A first token made of such characters
    whose ink is one small filled blob is a bullet; underscores read after it are the
    bullet's shadow, not text.
    """
    if len(line.words) < 2:
        return line
    first, rest = line.words[0], list(line.words[1:])
    token = first.text.strip("_")
    small = first.x1 - first.x0 <= 0.8 * line.x_size
    if small and len(token) <= 2 and all(ch in BULLET_LOOKALIKES for ch in token):
        if not _solid(gray, _box(first)):
            return line
        dot = replace(first, text="•", conf=100.0)  # recognised by its shape
    else:
        glued = _GLUED.match(first.text)
        split = _ink_split(gray, first) if glued is not None else None
        if glued is None or split is None:
            return line
        dot = replace(first, text="•", x1=split[0], conf=100.0)
        if not _solid(gray, _box(dot)):
            return line
        rest.insert(0, replace(first, text=first.text[glued.end() :], x0=split[1]))
    while len(rest) > 1 and not rest[0].text.strip("_"):
        rest.pop(0)
    return replace(line, words=(dot, *rest))


def _box(word: OcrWord) -> PxBox:
    return (word.x0, word.top, word.x1, word.bottom)


def _ink_split(gray: Gray, word: OcrWord) -> tuple[int, int] | None:
    """Where the first blob of a word's ink ends and the next one starts (x, pixels)."""
    region = np.asarray(gray[word.top : word.bottom, word.x0 : word.x1] < INK, dtype=np.bool_)
    cols: npt.NDArray[np.bool_] = np.asarray(region.any(axis=0), dtype=np.bool_)
    inked = np.nonzero(cols)[0]
    if inked.size == 0:
        return None
    start = int(inked[0])
    gaps = np.nonzero(~cols[start:])[0]
    if gaps.size == 0:
        return None
    end = start + int(gaps[0])
    after = np.nonzero(cols[end:])[0]
    if after.size == 0:
        return None
    return word.x0 + end, word.x0 + end + int(after[0])


# ----------------------------------------------------------------------------- sizes


def size_classes(heights: Counter[float], seeds: Iterable[float] = ()) -> dict[float, float]:
    """Map each measured line height (points) to the font size of its class.

    The heaviest heights (by characters) become class centres; a height within
    :data:`SIZE_TOLERANCE` of a centre joins it. ``seeds`` are sizes already known in
    the document (its born-digital pages), which win over measured ones.
    """
    centres: list[float] = [float(s) for s in seeds]
    out: dict[float, float] = {}
    for height, _ in sorted(heights.items(), key=lambda hw: (-hw[1], hw[0])):
        near = [c for c in centres if abs(height - c) <= SIZE_TOLERANCE * c]
        if near:
            out[height] = min(near, key=lambda c: abs(height - c))
        else:
            centres.append(height)
            out[height] = height
    return {h: round(c * 2) / 2 for h, c in out.items()}


def _height_pt(line: OcrLine, dpi: int) -> float:
    return round(line.x_size * 72 / dpi, 1)


def measured_heights(pages: Sequence[OcrPage]) -> Counter[float]:
    """Characters per measured line height (points) over the OCR pages."""
    out: Counter[float] = Counter()
    for page in pages:
        for line in page.lines:
            out[_height_pt(line, page.dpi)] += sum(len(w.text) for w in line.words)
    return out


# ----------------------------------------------------------------------------- records


def page_data(page: OcrPage, sizes: dict[float, float], tally: Counter[float]) -> PageData:
    """The page as the PDF extractor's record: free lines and ruled tables, in points.

    ``tally`` counts characters per font size (the document's body size comes from it).
    """
    scale = 72 / page.dpi
    data = PageData(page.number, page.width_px * scale, page.height_px * scale)
    words: list[Word] = []
    for line in page.lines:
        size = sizes.get(_height_pt(line, page.dpi), _height_pt(line, page.dpi))
        for w in line.words:
            cx = (w.x0 + w.x1) / 2
            bottom = line.baseline + line.slope * (cx - line.x0) + line.descenders
            top = bottom - line.x_size
            words.append(
                Word(
                    text=w.text,
                    x0=w.x0 * scale,
                    x1=w.x1 * scale,
                    top=top * scale,
                    bottom=bottom * scale,
                    size=size,
                )
            )
            tally[size] += len(w.text)
    data.chars = sum(len(w.text) for w in words)
    data.images = 1
    for cells in page.tables:
        boxes = [(c[0] * scale, c[1] * scale, c[2] * scale, c[3] * scale) for c in cells]
        table, words = grid_table(page.number, boxes, words)
        if table is not None:
            data.tables.append(table)
    data.tables.sort(key=lambda t: (t.bbox[1], t.bbox[0]))
    data.lines = group_lines(words)
    return data


def page_findings(page: OcrPage) -> list[Finding]:
    """An ``info`` with the page's mean word confidence, and a ``warning`` listing the
    words below :data:`LOW_CONFIDENCE` with their boxes (points), to check by eye."""
    words = [w for line in page.lines for w in line.words]
    scale = 72 / page.dpi
    if not words:
        return [
            Finding(
                rule="ocr-page",
                severity=Severity.INFO,
                message=f"page {page.number} was read by OCR and holds no text",
                source=Source(page=page.number),
            )
        ]
    mean = sum(w.conf for w in words) / len(words)
    skew = f", straightened by {page.angle:.1f}°" if abs(page.angle) >= MIN_SKEW_DEGREES else ""
    out = [
        Finding(
            rule="ocr-page",
            severity=Severity.INFO,
            message=(
                f"page {page.number} was read by OCR at {page.dpi} dpi: {len(words)} words, "
                f"mean confidence {mean:.0f}%{skew}"
            ),
            source=Source(page=page.number),
        )
    ]
    low = [w for w in words if w.conf < LOW_CONFIDENCE]
    if low:
        boxes = [
            rounded((w.x0 * scale, w.top * scale, w.x1 * scale, w.bottom * scale)) for w in low
        ]
        listed = "; ".join(
            f"'{w.text}' at ({b[0]:.0f}, {b[1]:.0f}, {b[2]:.0f}, {b[3]:.0f})"
            for w, b in zip(low[:MAX_LISTED_WORDS], boxes, strict=False)
        )
        more = len(low) - MAX_LISTED_WORDS
        tail = f"; and {more} more" if more > 0 else ""
        out.append(
            Finding(
                rule="ocr-low-confidence",
                severity=Severity.WARNING,
                message=(
                    f"page {page.number}: {len(low)} word{'s' if len(low) > 1 else ''} read "
                    f"with confidence below {LOW_CONFIDENCE:.0f}% (check them on the page; "
                    f"boxes in points x0, top, x1, bottom): {listed}{tail}"
                ),
                source=Source(page=page.number, bbox=rounded(union_bbox(boxes))),
            )
        )
    return out
