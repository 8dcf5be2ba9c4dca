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
    despeckle,
    find_rulings,
    pgm,
    skew_angle,
    straighten,
    whiten,
)
from pstparse.extractors.pdf._geometry import Word, group_lines, rounded, union_bbox
from pstparse.extractors.pdf._reader import PageData
from pstparse.extractors.pdf._tables import grid_table
from pstparse.model.findings import finding
from pstparse.model.messages import DEFAULT_LANG
from pstparse.model.plan import Finding, Severity, Source

LOW_CONFIDENCE = 50.0
"""Words Tesseract is less sure of than this (0–100) are listed for checking by eye.
Correct words of a clean 300 dpi scan score 85–97; misread ones mostly fall below 50,
while short correct tokens ("1.1", ":") often land between 50 and 70."""

MAX_LISTED_WORDS = 30
"""Low-confidence words listed per page in the warning (the count says how many more)."""

SIZE_STEP = 0.06
"""Measured line heights of one font size spread over some ±8 % (blur, accents, which
letters a line has) but fill that range densely; between two sizes in use (body text
and headings are 15 % or more apart) there is a step of more than 6 % with no line."""

BULLET_LOOKALIKES = frozenset("•●·°*+«»©®@¢~=eoOc0-–—.,_■▪►")
"""What Tesseract makes of a round list bullet (a dot it has no good letter for)."""

SOLID_FILL = 0.55
"""Share of ink in a blob's box above which it is a filled dot (a disc fills 79 %, a
letter "e" or "o" of body text about 35–50 %)."""

_LABEL_MISREAD = re.compile(
    r"^[©®@«°'‘`]*(?P<a>[0Oo])(?P<d1>\.?)(?P<b>[0OoS5s])[0Oo]?(?P<d2>\.?)(?:[0Oo](?P<d3>\.?))?"
    r"(?P<code>\d{1,2}(?:\.\d{1,2})*\.?)?$"
)
"""An objective label whose letters Tesseract read as digits or small letters, or with
a speck before it: "00.1", "O0.1", "05.1", "0.0.", "o.o.", "©o.0o.", "0.S." (for
"OO.1", "OS.1", "O.O.", "O.S."). Short capital O's beside digits
are what it confuses most; a number of that shape ("00.1") does not occur in plans."""

_ACTION_MISREAD = re.compile(r"^[ÀÂÄ](\.\d{1,2}(?:\.\d{1,2})*\.?)?$")
"""An action label "A.4" whose A came out accented ("À.4"): no French word is a
capital accented A followed by a code."""

_CODE = re.compile(r"^[lIL|\d]{1,2}(?:\.\d{1,2})+\.?[:.]?$|^\d{1,2}[:.]?$")
"""A code after a label: "1.2", "1.1.3.", "4", "l.3" (a misread 1)."""

_ONE_MISREAD = re.compile(r"^[lIL|](\.\d{1,2}(?:\.\d{1,2})*\.?)$")
"""A code after a label whose "1" was read as "l", "I" or "L" ("O.O. l.3")."""

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
    clean = despeckle(whiten(gray, rulings.erase) if rulings.erase else gray, dpi)
    lines = [
        fix_label(_bulletise(line, clean))
        for line in recognise(program, pgm(clean), dpi, table=bool(rulings.tables))
    ]
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


BULLET_REACH = 3.0
"""How far left of a line's first word (in font sizes) a dropped bullet is looked for:
list bullets sit a tab (1–2 em) before their text."""

BULLET_MIN_HEIGHT = 0.18
"""A bullet dot is at least this tall (in font sizes); a full stop is about 0.12."""

BULLET_MAX_HEIGHT = 0.7
"""…and at most this tall: a bigger solid blob is a letter of a bold heading or a logo."""


BULLET_CLEAR = 0.6
"""Blank space a dropped bullet has on its left (in font sizes)."""


def _is_dot(gray: Gray, box: PxBox, line: OcrLine) -> bool:
    """True when the ink in ``box`` is a bullet dot of ``line``: one small filled blob
    at mid-letter height (not a full stop on the baseline) with blank space on its left
    (not the full stop of a number, "2.")."""
    size = line.x_size
    region = np.asarray(gray[max(0, box[1]) : box[3], max(0, box[0]) : box[2]] < INK)
    rows = np.nonzero(region.any(axis=1))[0]
    if rows.size == 0:
        return False
    height = int(rows[-1]) - int(rows[0]) + 1
    centre = box[1] + (int(rows[0]) + int(rows[-1])) / 2
    if not BULLET_MIN_HEIGHT * size <= height <= BULLET_MAX_HEIGHT * size:
        return False
    if centre > line.baseline - 0.15 * size or not _solid(gray, box):
        return False
    left = max(0, box[0] - round(BULLET_CLEAR * size))
    beside = int(np.count_nonzero(gray[max(0, line.top) : line.bottom, left : box[0]] < INK))
    return beside <= (0.1 * size) ** 2  # a speck of dust may lie there, not a digit


def _dropped_bullet(line: OcrLine, gray: Gray) -> OcrWord | None:
    """A bullet dot left of the line's first word that Tesseract did not report.

    The nearest blob of ink within :data:`BULLET_REACH` sizes to the left, if it is a
    small filled dot standing at mid-letter height (not a full stop on the baseline).
    """
    size = line.x_size
    first = line.words[0]
    x1 = first.x0 - max(1, round(0.15 * size))
    x0 = max(0, round(first.x0 - BULLET_REACH * size))
    top, bottom = max(0, line.top), line.bottom
    if x1 - x0 < 2 or bottom - top < 2:
        return None
    region = np.asarray(gray[top:bottom, x0:x1] < INK, dtype=np.bool_)
    cols: npt.NDArray[np.bool_] = np.asarray(region.any(axis=0), dtype=np.bool_)
    inked = np.nonzero(cols)[0]
    if inked.size == 0:
        return None
    end = int(inked[-1]) + 1
    gaps = np.nonzero(~cols[:end])[0]
    start = int(gaps[-1]) + 1 if gaps.size else 0
    rows = np.nonzero(region[:, start:end].any(axis=1))[0]
    box = (x0 + start, top + int(rows[0]), x0 + end, top + int(rows[-1]) + 1)
    if not _is_dot(gray, box, line):
        return None
    return OcrWord("•", *box, conf=100.0)


def _bulletise(line: OcrLine, gray: Gray) -> OcrLine:
    """Turn the misread bullet that starts a line back into "•".

    Tesseract has no good letter for a round bullet: it reads "°", "+", "e", "_" or
    glues it to the next word ("°__Introduire"). A first token made of such characters
    whose ink is one small filled blob is a bullet; underscores read after it are the
    bullet's shadow, not text.
    """
    if len(line.words) < 2:
        return line
    dropped = _dropped_bullet(line, gray)
    if dropped is not None:
        return replace(line, words=(dropped, *line.words), x0=dropped.x0)
    first, rest = line.words[0], list(line.words[1:])
    token = first.text.strip("_")
    small = first.x1 - first.x0 <= 0.8 * line.x_size
    if small and len(token) <= 2 and all(ch in BULLET_LOOKALIKES for ch in token):
        if not _is_dot(gray, _box(first), line):
            return line
        dot = replace(first, text="•", conf=100.0)  # recognised by its shape
    else:
        glued = _GLUED.match(first.text)
        split = _ink_split(gray, first) if glued is not None else None
        if glued is None or split is None:
            return line
        dot = replace(first, text="•", x1=split[0], conf=100.0)
        if not _is_dot(gray, _box(dot), line):
            return line
        rest.insert(0, replace(first, text=first.text[glued.end() :], x0=split[1]))
    while len(rest) > 1 and not rest[0].text.strip("_"):
        rest.pop(0)
    return replace(line, words=(dot, *rest))


LABEL_GAP = 0.8
"""A gap this wide (in font sizes) between two words of a Tesseract line is a column
or cell boundary: the word after it may start a label, like the line's first word.
Spaces between words are 0.25–0.5 em, even in justified text; the gutters of
borderless tables measured on the samples are 1 em or more."""


def fix_label(line: OcrLine) -> OcrLine:
    """Read objective and action labels misread with digits or accents as letters, where
    a label can start: at the start of the line or after a column gap."""
    words = list(line.words)
    gap = LABEL_GAP * line.x_size
    for i, word in enumerate(words):
        after_bullet = i == 1 and words[0].text == "•"
        if i > 0 and not after_bullet and word.x0 - words[i - 1].x1 < gap:
            continue
        nxt = words[i + 1].text if i + 1 < len(words) else ""
        fixed = _label_token(word.text, nxt)
        if fixed is not None:
            words[i] = replace(word, text=fixed[0])
            if fixed[1] != nxt:
                words[i + 1] = replace(words[i + 1], text=fixed[1])
    return replace(line, words=tuple(words))


def _label_token(text: str, nxt: str) -> tuple[str, str] | None:
    """The label ``text`` stands for and the next token, or None when it is no label."""
    action = _ACTION_MISREAD.match(text)
    if action is not None:
        if action.group(1) is None and _CODE.match(nxt) is None:
            return None  # "À 15 heures": the word "à"
        return "A" + (action.group(1) or ""), nxt
    m = _LABEL_MISREAD.match(text)
    if m is None:
        return None
    second = "O" if m["b"] in "0Oo" else "S"
    code = m["code"]
    if code is None and (m["d1"] != m["d2"] or _CODE.match(nxt) is None):
        return None  # "0.5", "00": numbers, not "O.O." before a code
    fixed = f"O{m['d1']}{second}{m['d2'] or m['d3'] or ''}{code or ''}"
    if fixed == text:
        return None
    one = _ONE_MISREAD.match(nxt) if code is None else None
    return fixed, ("1" + one.group(1) if one is not None else nxt)


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

    Heights sorted by value form one class as long as each is within
    :data:`SIZE_STEP` of the one before; the class's size is its median by characters.
    ``seeds`` are sizes already known in the document (its born-digital pages): a class
    within :data:`SIZE_STEP` of one takes it.
    """
    known = [float(s) for s in seeds]
    classes: list[list[tuple[float, int]]] = []
    for height, weight in sorted(heights.items()):
        if classes and height <= classes[-1][-1][0] * (1 + SIZE_STEP):
            classes[-1].append((height, weight))
        else:
            classes.append([(height, weight)])
    out: dict[float, float] = {}
    for members in classes:
        half = sum(w for _, w in members) / 2
        seen = 0
        size = members[-1][0]
        for height, weight in members:
            seen += weight
            if seen >= half:
                size = height
                break
        near = [k for k in known if abs(k - size) <= SIZE_STEP * k]
        if near:
            size = min(near, key=lambda k: abs(k - size))
        for height, _ in members:
            out[height] = round(size * 2) / 2
    return out


CAP_HEIGHT = 0.72
"""Height of capitals, digits and ascenders (b, d, l…) in ems: 0.72 in Arial/Liberation
Sans, 0.66–0.70 in Times and Calibri. Only ratios between lines matter (headings are
told from body text by size), so one value for every font is enough."""

FULL_HEIGHT = 0.93
"""Height from the top of an ascender to the bottom of a descender ("Objectif"), in ems."""

X_HEIGHT = 0.52
"""Height of lower-case letters without ascender ("en cours"), in ems."""

_TALL = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZbdfhklt0123456789")
_DEEP = frozenset("gjpqyç,;Qμ")
_PLAIN = frozenset("acemnorsuvwxz")
_ABOVE_CAPS = frozenset("ÀÂÄÉÈÊËÎÏÔÖÙÛÜÇŒ|[](){}/\\'’\"«»")
"""Accented capitals and tall signs reach above the cap height: no measure of it."""


def height_pt(line: OcrLine, dpi: int) -> float:
    """The line's font size in points, from the heights of its words.

    Tesseract's row height (``x_size``) wanders by 20 % between short lines of one
    size; a word's ink height does not, once we know which letters it has: tall letters
    without descenders measure the cap height, and so on. The median over the line's
    words is taken; ``x_size`` is the fallback for a line of signs only.
    """
    sizes: list[float] = []
    for w in line.words:
        letters = set(w.text)
        if len(w.text) < 2 or letters & _ABOVE_CAPS:
            continue
        h = w.bottom - w.top
        deep = bool(letters & _DEEP)
        if letters & _TALL:
            sizes.append(h / (FULL_HEIGHT if deep else CAP_HEIGHT))
        elif letters <= _PLAIN and not deep:
            sizes.append(h / X_HEIGHT)
    if not sizes:
        return round(line.x_size * 72 / dpi, 1)
    sizes.sort()
    return round(sizes[len(sizes) // 2] * 72 / dpi, 1)


def measured_heights(pages: Sequence[OcrPage]) -> Counter[float]:
    """Characters per measured line height (points) over the OCR pages."""
    out: Counter[float] = Counter()
    for page in pages:
        for line in page.lines:
            out[height_pt(line, page.dpi)] += sum(len(w.text) for w in line.words)
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
        size = sizes.get(height_pt(line, page.dpi), height_pt(line, page.dpi))
        for w in line.words:
            if is_noise(w):
                continue
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


NOISE_CONFIDENCE = 40.0
"""A token without letters or digits read with less confidence than this is a speck or
the remains of a rule, not text ("_", "|", "~", "'"); dropped from the page (it still
appears in the low-confidence warning). Left in, it sits in a gutter and cuts a
borderless table in two. Punctuation read with confidence stays."""

_ALWAYS_NOISE = frozenset("_|~")


def is_noise(word: OcrWord) -> bool:
    """True for a speck read as a word: no letter or digit, and low confidence or only
    marks that scanning dust produces."""
    if any(ch.isalnum() for ch in word.text):
        return False
    return word.conf < NOISE_CONFIDENCE or set(word.text) <= _ALWAYS_NOISE


def page_findings(page: OcrPage) -> list[Finding]:
    """An ``info`` with the page's mean word confidence, and a ``warning`` listing the
    words below :data:`LOW_CONFIDENCE` with their boxes (points), to check by eye."""
    words = [w for line in page.lines for w in line.words]
    scale = 72 / page.dpi
    if not words:
        return [
            finding(
                "ocr-page", DEFAULT_LANG, "empty", source=Source(page=page.number), page=page.number
            )
        ]
    mean = sum(w.conf for w in words) / len(words)
    skew = f", straightened by {page.angle:.1f}°" if abs(page.angle) >= MIN_SKEW_DEGREES else ""
    out = [
        finding(
            "ocr-page",
            DEFAULT_LANG,
            "straightened" if skew else "",
            source=Source(page=page.number),
            page=page.number,
            dpi=page.dpi,
            words=len(words),
            mean=f"{mean:.0f}",
            angle=f"{page.angle:.1f}",
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
            finding(
                "ocr-low-confidence",
                DEFAULT_LANG,
                severity=Severity.WARNING,
                source=Source(page=page.number, bbox=rounded(union_bbox(boxes))),
                page=page.number,
                count=len(low),
                limit=f"{LOW_CONFIDENCE:.0f}",
                words=f"{listed}{tail}",
            )
        )
    return out
