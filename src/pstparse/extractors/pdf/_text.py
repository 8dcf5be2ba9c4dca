"""Lines → paragraphs: list markers, wrapped lines, end-of-line hyphenation.

Used for the text of table cells and for the free text of a page alike. Only layout and
typography are used (a marker, a vertical gap, a change of font, a short line followed by
a capitalised one); what a paragraph *means* is left to the normaliser.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from pstparse.extractors.pdf._geometry import (
    BBox,
    Line,
    Word,
    bullet_symbol,
    is_private_use,
    join_words,
    union_bbox,
)
from pstparse.extractors.pdf.thresholds import (
    DEFAULT_LINE_GAP,
    FIT_NUMBER_EXTRA,
    FIT_ROOM,
    FIT_ROOM_PT,
    FIT_SPACE,
    LABEL_MAX_CHARS,
    LABEL_MAX_WORDS,
    MAX_LINE_GAP,
    MIN_LINE_GAP,
    OUTDENT,
    PARA_GAP,
    SAME_SIZE_DELTA,
    TAB_GAP,
    WORD_CUT_SLACK,
)
from pstparse.lexicon import ENGLISH_FUNCTION_WORDS, FRENCH_FUNCTION_WORDS
from pstparse.normalise.labels import parse_label

# A lone token that numbers a list item: "1." "2)" "a)" "(b)" "iv." "B."
_ENUMERATOR = re.compile(r"^\(?(?:\d{1,2}|[A-Za-z]|[ivxIVX]{2,5})[.)]$")
# A dotted code at the start of a line: "1.2", "2.3.1." (kept in the text: it is a label).
_DOTTED = re.compile(r"^\d{1,2}(?:\.\d{1,2})+\.?$")
# Bullets that may be glued to the first word ("•Texte"); "-" and "o" may not, they are
# too often the start of a real word.
_GLUED_BULLETS = frozenset("•●○◦▪▫■□►▸‣⁃∙✓✔➢➤→❖⇨")
_LEADER_END = re.compile(r"(?:[.·…_]\s*){4,}\s*\S{0,6}$")
_SENTENCE_END = re.compile(r"[.!?;:]['’\"»)]*$")
_WORD = re.compile(r"[^\W_]+(?:[-\u2010'’][^\W_]+)*", re.UNICODE)
_TRAILING_HYPHEN = re.compile(r"([^\W\d_]+|\d+)[-\u2010]$", re.UNICODE)
_LEADING_WORD = re.compile(r"[^\W_]+", re.UNICODE)

COMPOUND_PREFIXES = frozenset(
    [
        "socio",
        "médico",
        "medico",
        "psycho",
        "politico",
        "économico",
        "economico",
        "technico",
        "judéo",
        "franco",
        "gréco",
        "afro",
        "anglo",
        "austro",
        "germano",
        "italo",
        "hispano",
        "belgo",
        "américano",
        "extra",
        "mi",
        "demi",
        "semi",
        "vice",
        "ex",
        "non",
        "sous",
        "arrière",
        "avant",
        "après",
        "porte",
        "garde",
        "grand",
        "grande",
        "haut",
        "haute",
        "bas",
        "basse",
        "nord",
        "sud",
        "est",
        "ouest",
        "centre",
        "bien",
        "mal",
        "court",
        "long",
        "sans",
        "peut",
        "quasi",
        "chef",
        "chefs",
        "beau",
        "belle",
    ]
)
"""Left halves that are usually joined by a real hyphen ("socio-", "porte-", "sous-")."""
_HYPHENATED_TAILS = frozenset(
    ["ci", "là", "même", "mêmes", "être", "t", "il", "elle", "on", "ils", "elles", "y", "en"]
)
"""Right halves after a real hyphen ("celle-ci", "vous-même", "bien-être")."""


class Vocabulary:
    """Words seen inside lines of the document, to decide about end-of-line hyphens.

    When "socio-professionnelle" occurs unbroken elsewhere, a break after "socio-" keeps
    its hyphen; when "réinsertion" occurs, "ré-" + "insertion" loses it.
    """

    def __init__(self) -> None:
        self._counts: Counter[str] = Counter()

    def add_line(self, text: str) -> None:
        """Record the words of a line (its last word too unless it ends with a hyphen)."""
        body = text[:-1] if text.endswith(("-", "\u2010", "\u00ad")) else text
        tokens = _WORD.findall(body)
        if body is not text and tokens:
            tokens = tokens[:-1]
        self._counts.update(t.lower().replace("\u2010", "-") for t in tokens)

    def count(self, word: str) -> int:
        """How often a (lower-case) word was seen."""
        return self._counts[word.lower()]


def join_lines(prev: str, nxt: str, vocab: Vocabulary | None = None) -> str:
    """Join two wrapped lines, undoing end-of-line hyphenation.

    A soft hyphen is always dropped. A hyphen between two lower-case halves is dropped
    ("ré-" + "insertion" → "réinsertion") unless the document itself spells the compound
    with a hyphen, or the left half is a usual compound prefix ("socio-", "sous-"), or the
    right half is a usual hyphenated tail ("-ci", "-même"). Digits and a capital after the
    hyphen keep it ("2019-" + "2024", "Wallonie-" + "Bruxelles"). The trade-off: a real
    compound cut at its hyphen that appears nowhere else unbroken and has no known prefix
    loses its hyphen.
    """
    prev = prev.rstrip()
    nxt = nxt.lstrip()
    if not prev:
        return nxt
    if not nxt:
        return prev
    if prev.endswith("\u00ad"):
        return prev[:-1] + nxt
    m = _TRAILING_HYPHEN.search(prev)
    if m is None:
        return f"{prev} {nxt}"
    left = m.group(1)
    r = _LEADING_WORD.match(nxt)
    if r is None:
        return prev + nxt
    right = r.group()
    if left[-1].isdigit() or right[0].isdigit() or right[0].isupper() or left.isupper():
        return prev + nxt
    if _keep_hyphen(left, right, vocab):
        return prev + nxt
    return prev[:-1] + nxt


def _keep_hyphen(left: str, right: str, vocab: Vocabulary | None) -> bool:
    if vocab is not None:
        hyphenated = vocab.count(f"{left}-{right}")
        solid = vocab.count(f"{left}{right}")
        if hyphenated or solid:
            return hyphenated >= solid
    return left.lower() in COMPOUND_PREFIXES or right.lower() in _HYPHENATED_TAILS


@dataclass(frozen=True, slots=True)
class Marker:
    """What opens a line: a bullet (stripped from the text) or a number (kept)."""

    text: str
    kind: str
    """'bullet', 'enum' ("1.", "a)"), 'code' ("1.2") or 'label' ("Action 1.2 –" + tab)."""
    x0: float


def split_marker(words: Sequence[Word]) -> tuple[Marker | None, list[Word]]:
    """The list marker opening a line, and the words of the line without a bullet."""
    if not words:
        return None, []
    first = words[0]
    token = first.text
    if len(words) >= 2:
        symbol = bullet_symbol(token)
        if symbol is not None:
            return Marker(symbol, "bullet", first.x0), list(words[1:])
        if _ENUMERATOR.match(token):
            return Marker(token, "enum", first.x0), list(words)
        if _DOTTED.match(token):
            return Marker(token, "code", first.x0), list(words)
    if len(token) > 1 and (token[0] in _GLUED_BULLETS or is_private_use(token[0])):
        symbol = bullet_symbol(token[0]) or token[0]
        rest = replace(first, text=token[1:].lstrip())
        return Marker(symbol, "bullet", first.x0), [rest, *words[1:]]
    for k in range(1, min(LABEL_MAX_WORDS, len(words) - 1) + 1):
        if words[k].x0 - words[k - 1].x1 > TAB_GAP * words[k].size:
            if label_like(words[:k]):
                return Marker(join_words(words[:k]), "label", first.x0), list(words)
            break
    return None, list(words)


_LABEL_END = re.compile(r"[–—:\-.)]$")


def label_like(words: Sequence[Word]) -> bool:
    """True for a short numbered label ending in a separator ("Action 1.2 –", "OS 3 :").

    Followed by a tab, such a label opens a numbered paragraph (often generated by a
    word processor's list numbering).
    """
    text = " ".join(w.text for w in words)
    if len(words) > LABEL_MAX_WORDS or len(text) > LABEL_MAX_CHARS:
        return False
    if _ENUMERATOR.match(text):
        return True
    return bool(_LABEL_END.search(text)) and any(ch.isdigit() for ch in text)


@dataclass(slots=True)
class Para:
    """A paragraph (or list item) built from wrapped lines."""

    text: str
    page: int
    bbox: BBox
    """Box of the paragraph on ``page`` (its first page when it runs over a break)."""
    size: float
    bold: bool
    italic: bool
    marker: Marker | None
    first: Line
    last: Line
    nlines: int = 1
    continued: bool = False
    """True when text from a later page was appended."""

    @property
    def bullet(self) -> str | None:
        """The bullet stripped from the text, if any."""
        return self.marker.text if self.marker and self.marker.kind == "bullet" else None

    def append(self, other: Para, vocab: Vocabulary | None, glue: bool = False) -> None:
        """Append a later part (a wrapped line, or the rest from the next page).

        ``glue`` joins without a space: a word too long for its column was cut.
        """
        if glue:
            self.text = self.text.rstrip() + other.text.lstrip()
        else:
            self.text = join_lines(self.text, other.text, vocab)
        if other.page == self.page:
            self.bbox = union_bbox([self.bbox, other.bbox])
        else:
            self.continued = True
        self.last = other.last
        self.nlines += other.nlines
        self.bold = self.bold and other.bold
        self.italic = self.italic and other.italic


@dataclass(frozen=True, slots=True)
class Layout:
    """What a block of lines needs to know about its surroundings."""

    right: float
    """Right edge of the text column (cell inner edge, or the page's text margin)."""
    line_gap: float = DEFAULT_LINE_GAP
    """Usual gap between the lines of one paragraph, as a fraction of the font size."""


_AMBIGUOUS_BULLETS = frozenset("o-–—*+·")


def _line_para(line: Line, page: int, plain: bool = False) -> Para:
    marker, words = (None, list(line.words)) if plain else split_marker(line.words)
    return Para(
        text=join_words(words) if words else "",
        page=page,
        bbox=line.bbox,
        size=line.size,
        bold=line.bold,
        italic=line.italic,
        marker=marker,
        first=line,
        last=line,
    )


def starts_capitalised(text: str) -> bool:
    """True when text opens like a new sentence or item (capital, digit, quote)."""
    first = text.lstrip()[:1]
    return first.isupper() or first.isdigit() or first in "«\"“(['"


def breaks_after(prev: Line, line: Line, layout: Layout) -> bool:
    """True when ``line`` cannot be the wrapped continuation of ``prev``.

    A change of size or weight, a larger vertical gap than between wrapped lines, or a
    capitalised line after a line that ended with sentence punctuation or that ended short
    (its first word would have fitted on the line above: the writer pressed Enter).
    """
    size = max(prev.size, line.size)
    if abs(prev.size - line.size) > SAME_SIZE_DELTA or style_changes(prev, line):
        return True
    gap = line.top - prev.bottom
    if gap > (layout.line_gap + PARA_GAP) * size:
        return True
    if _LEADER_END.search(prev.text):
        # A table-of-contents entry ("Logement ........ 4") is a line of its own.
        return True
    if _starts_with_label(line.text):
        # "Objectif opérationnel 1.1 :" then "Action 1.1.1 :" on the next line, with
        # ordinary spacing, are two items: a label always opens a new paragraph.
        return True
    if not starts_capitalised(line.text) or cut_off(prev.text):
        return False
    if _SENTENCE_END.search(prev.text):
        return True
    return fits_after(prev, line.words[0], layout.right)


def _starts_with_label(text: str) -> bool:
    label = parse_label(text)
    return label is not None and label.code is not None


def word_cut(prev: Line, line: Line, right: float, vocab: Vocabulary | None) -> bool:
    """True when a word too long for a narrow column was cut without a hyphen.

    The line above is full to the last character, the next line goes on in lower case,
    and either the line above is that single word or the document knows the whole word
    ("Échéanc" + "e" → "Échéance").
    """
    last, first = prev.words[-1], line.words[0]
    if not (last.text[-1:].isalpha() and first.text[:1].islower()):
        return False
    char = (first.x1 - first.x0) / max(1, len(first.text))
    if right - prev.x1 >= char + WORD_CUT_SLACK * prev.size:
        return False
    if len(prev.words) == 1:
        return True
    return vocab is not None and vocab.count(_bare(last.text) + _bare(first.text)) > 0


def _bare(token: str) -> str:
    m = _LEADING_WORD.search(token)
    return m.group() if m else token


def style_changes(prev: Line, line: Line) -> bool:
    """True when the weight changes between two lines, at the break itself.

    A bold lead-in that turns regular within its first line ("**Objectif :** texte")
    does not end the paragraph; a bold heading line followed by regular text does.
    """
    return prev.bold != line.bold and prev.words[-1].bold != line.words[0].bold


def fits_after(prev: Line, word: Word, right: float) -> bool:
    """True when ``word`` would clearly have fitted at the end of ``prev``.

    The right edge is an estimate, so the word must fit with some room to spare (more
    for a number, a weaker sign of a new paragraph than a capital).
    """
    size = prev.size
    need = FIT_SPACE * size + (word.x1 - word.x0) + FIT_ROOM * size + FIT_ROOM_PT
    if not word.text[:1].isalpha():
        need += FIT_NUMBER_EXTRA * size
    return right - prev.x1 >= need


def paragraphs(
    lines: Sequence[Line], page: int, layout: Layout, vocab: Vocabulary | None
) -> list[Para]:
    """Group consecutive lines (one column, top to bottom) into paragraphs."""
    out: list[Para] = []
    prev: Line | None = None
    for line in lines:
        part = _line_para(line, page)
        cur = out[-1] if out else None
        if (
            prev is not None
            and part.marker is not None
            and part.marker.text in _AMBIGUOUS_BULLETS
            and cut_off(prev.text)
            and not (cur is not None and cur.marker and cur.marker.text == part.marker.text)
        ):
            # "o" or "-" opening a line after a line cut off ("… de") is just the next
            # word of a wrapped sentence.
            part = _line_para(line, page, plain=True)
        if (
            cur is None
            or prev is None
            or part.marker is not None
            or breaks_after(prev, line, layout)
            or _outdented(cur, line)
        ):
            out.append(part)
        else:
            cur.append(part, vocab, glue=word_cut(prev, line, layout.right, vocab))
        prev = line
    return [p for p in out if p.text or p.marker is not None]


def _outdented(cur: Para, line: Line) -> bool:
    # Wrapped lines of a list item start under its text (hanging indent) or under its
    # marker (a typed bullet); a line starting further left belongs to something else.
    if cur.marker is None or cur.marker.kind != "bullet":
        return False
    return line.x0 < cur.marker.x0 - OUTDENT * line.size


def typical_line_gap(line_groups: Iterable[Sequence[Line]]) -> float:
    """The usual gap between wrapped lines, as a fraction of the font size (median)."""
    ratios: list[float] = []
    for lines in line_groups:
        for a, b in itertools.pairwise(lines):
            size = max(a.size, b.size)
            gap = (b.top - a.bottom) / size
            if MIN_LINE_GAP <= gap <= MAX_LINE_GAP and abs(a.size - b.size) <= SAME_SIZE_DELTA:
                ratios.append(gap)
    if not ratios:
        return DEFAULT_LINE_GAP
    ratios.sort()
    return max(0.0, ratios[len(ratios) // 2])


def ends_sentence(text: str) -> bool:
    """True when text ends with sentence punctuation."""
    return bool(_SENTENCE_END.search(text.rstrip()))


_FUNCTION_WORDS = FRENCH_FUNCTION_WORDS | ENGLISH_FUNCTION_WORDS


def cut_off(text: str) -> bool:
    """True when text cannot end a phrase.

    It ends with a hyphen, a comma, an opening bracket, an apostrophe or a word such as
    "de", "et", "pour".
    """
    text = text.rstrip()
    if not text:
        return False
    if text[-1] in "-\u2010\u00ad,(/[«'’" or text.endswith(" –"):
        return True
    last = re.split(r"[\s'’]+", text)[-1].lower()
    return last in _FUNCTION_WORDS


def reads_on(prev: str, nxt: str) -> bool:
    """True when ``nxt`` reads as the rest of ``prev`` cut by a page break.

    ``nxt`` starts in lower case, or ``prev`` is cut off (see :func:`cut_off`).
    """
    prev = prev.rstrip()
    nxt = nxt.lstrip()
    if not prev or not nxt:
        return False
    if nxt[0].islower() or nxt[0] in ",;:.)]»(":
        return True
    return cut_off(prev)
