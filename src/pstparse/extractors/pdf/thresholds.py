"""Every threshold and tolerance of the PDF reader, named, with why it has its value.

Units: ``pt`` is a PDF point (1/72 inch); ``× size`` is a multiple of the font size of
the text concerned (so the rule scales with the type); a ``ratio`` has no unit.
The same quantity used in several places is one constant here.

``tests/test_pdf_thresholds.py`` fails on a numeric literal written inline in a
comparison or in arithmetic in the other modules of ``extractors/pdf/`` (0, 1, 2 and -1
excepted), so that a new threshold lands here with a name and a reason.

Safety limits (pages, characters, decoded bytes: ``_reader.MAX_PAGES`` and the others)
are not layout thresholds: they stay documented in ``_reader.py`` and the README's
"Limits" section.
"""

from __future__ import annotations

from typing import Any

# ----------------------------------------------------------------------------- characters

LIGATURE_REACH: float = 3.0
"""× size. Widest ligature glyph ("ﬃ" is about 0.9 font sizes): beyond, the glyph after
a ligature is not the one that follows it on the line (a new line, a column)."""

FLOAT32_SLACK: float = 1e-5
"""ratio. Relative error of pdfium's single-precision matrices, below which a horizontal
stretch is read as none (1, not 0.9999999)."""

GLYPH_WIDTH_DECIMALS: int = 3
"""Digits kept of a /Widths entry (thousandths of the size) read through float32:
/Widths are written with at most three decimals, so rounding undoes float32's noise and
gives pdfminer's value."""

PDFMINER_GLYPH_SCALE: float = 0.001
"""text space per glyph space unit. pdfminer's ``PDFFont.vscale`` for every font but
Type3: a font's descent is its descriptor's /Descent times this, as pdfminer computes it
(times 0.001, not divided by 1000, so that the value is pdfminer's to the last bit)."""

FONT_SIZE_BIN: float = 0.5
"""pt. Font sizes are counted (body size, heading classes) in bins of half a point: word
processors set sizes in half points, and the same size comes out of different matrices
with tiny differences."""

PDFIUM_REOPEN_PAGES: int = 32
"""pages. The pdfium reader closes and reopens the document after this many pages. pdfium
keeps every loaded page's parsed objects and fonts until the document is closed, even
after the page is: on a PDF whose pages carry their own font copies, memory grows by
about 0.25 MB a page (18 → 95 MB over 330 pages), while reopening every 32 pages holds
it near 28 MB. A reopen costs a few milliseconds (the cross-reference table is parsed
again), so 32 pages keep that well under 1 % of the time spent reading them."""

HELD_PAGES: int = 64
"""pages. A document of more pages has its pages packed (pickled, compressed) as soon as
they are read, until each is laid out. Unpacked, a page's word and line records take
about 70-80 KiB, so 64 pages hold some 5 MB: little beside the interpreter's own 60 MB.
Packing and unpacking cost some 2 ms a page (about 5 % of reading it), which a short
document, the common case, does not pay."""

SIDEWAYS_SAME_COLUMN: float = 1.0
"""pt. Two sideways characters whose left edges are closer than this stand in one
vertical run of text (to tell text running down the page from text running up)."""

# ----------------------------------------------------------------------------- words

WORD_SETTINGS: dict[str, Any] = {
    # A gap over 0.15 font sizes between two characters is a space: a real space is
    # 0.25-0.3 sizes, kerning and justification stay well under 0.1.
    "x_tolerance_ratio": 0.15,
    # pt: characters of one word whose tops differ by up to 3 pt (superscripts, mixed
    # sizes on one baseline) stay one word.
    "y_tolerance": 3,
    "keep_blank_chars": False,
    "use_text_flow": False,
    "extra_attrs": ["fontname", "size"],
}
"""pdfplumber's ``extract_words`` settings (characters → words)."""

WORD_SPACE_GAP: float = 0.12
"""× size (the smaller of the two words). A gap between two words of a line wider than
this is written as a space; narrower, the words were only split by a change of font
("**OS**1"). Just under the 0.15 of :data:`WORD_SETTINGS`, so every gap that split a word
in two is a space."""

# ----------------------------------------------------------------------------- lines

LINE_OVERLAP: float = 0.5
"""ratio of the smaller height. A word joins a line when it overlaps it vertically by at
least half of the smaller height: superscripts and mixed sizes stay on their line, the
line below (which overlaps by a descent at most) does not."""

LINE_STYLE_SHARE: float = 0.7
"""ratio of characters. A line is bold (italic) when this share of its characters is:
a bold lead-in word does not make the line bold, a line with one regular digit does
not stop being bold."""

# ----------------------------------------------------------------------------- ruled tables

TABLE_SETTINGS: dict[str, Any] = {
    "vertical_strategy": "lines",
    "horizontal_strategy": "lines",
    # pt: rules drawn as separate strokes by cell (LibreOffice, Word) are off by a
    # fraction of a point; 3 pt merges them without merging two real rules (a cell is
    # never that thin).
    "snap_tolerance": 3,
    "join_tolerance": 3,
    "intersection_tolerance": 3,
    # pt: shorter segments are tick marks, underlines of a letter or bullets drawn as
    # paths, not cell rules.
    "edge_min_length": 3,
}
"""pdfplumber's table finder settings (ruling lines → cells)."""

EDGE_PREFILTER: float = 1
"""pt. pdfplumber's default ``edge_min_length_prefilter``: segments shorter than this are
dropped before rules are merged (dots, specks)."""

GRID_SNAP: float = 2.0
"""pt. Cell edges closer than this are one grid line (a table's rules, drawn cell by cell,
differ by their stroke width)."""

TABLE_ALIGN: float = 3.0
"""pt. Column boundaries of two page tables within this line up: the second continues the
first on the next page. Borderless tables allow twice as much (their columns start
where the text starts)."""

MAX_REPEATED_HEADER_ROWS: int = 3
"""A header repeated at the top of each page has at most this many rows (a title row, a
column-name row and a units row); deeper, the rows are body rows that happen to match."""

CUT_ROW_LINES: float = 1.2
"""× line height. A ruled cell on the last row of a page whose text leaves less than the
usual room plus this much under it was cut by the page end (more text follows)."""

ROOM_SLACK: float = 1.0
"""pt. Slack when the room under a cell's text is compared with the usual room (its
rules and baselines are rounded differently from row to row)."""

CELL_MIN_PAD: float = 1.0
"""pt. Least padding taken between a cell's rule and its text, when the text right edge
is derived from the left padding."""

# ----------------------------------------------------------------------------- paragraphs

SAME_SIZE_DELTA: float = 0.6
"""pt. Two lines whose font sizes differ by more than this are of different sizes (a new
paragraph, a heading); within it, the difference is rounding or a superscript pulling
the line's dominant size."""

PARA_GAP: float = 0.3
"""× size. Extra vertical space beyond the usual line gap that ends a paragraph (space
before or after a paragraph is usually 0.5 size or more; wrapped lines have none)."""

DEFAULT_LINE_GAP: float = 0.2
"""× size. The gap between wrapped lines when a document gives none to measure: single
line spacing leaves about 0.15-0.25 of the size between a line's bottom and the next
line's top."""

MIN_LINE_GAP: float = -0.3
"""× size. Line gaps measured for the usual line gap start here (tight leading makes
boxes overlap a little; more overlap is two lines taken for one)."""

MAX_LINE_GAP: float = 1.2
"""× size. …and end here: a wider gap is between paragraphs, not wrapped lines."""

TAB_GAP: float = 1.0
"""× size. A gap wider than this after a label is a tab (a space is 0.25-0.3 sizes)."""

LABEL_MAX_WORDS: int = 5
"""A label opening a numbered paragraph ("Objectif opérationnel 1.2 –") has at most this
many words."""

LABEL_MAX_CHARS: int = 30
"""…and at most this many characters."""

WORD_CUT_SLACK: float = 0.15
"""× size. A line that reaches the column's right edge within one character plus this is
full: a word that goes on on the next line without a hyphen was cut."""

FIT_SPACE: float = 0.25
"""× size. The width of the space a word would take after the last word of a line."""

FIT_ROOM: float = 0.1
"""× size. Room to spare for a word to "clearly" fit after a line (the right edge is an
estimate)."""

FIT_ROOM_PT: float = 0.5
"""pt. Fixed room to spare, on top of :data:`FIT_ROOM` (rounding of the boxes)."""

FIT_NUMBER_EXTRA: float = 1.0
"""× size. Extra room needed when the next line starts with a number or a symbol, a
weaker sign of a new paragraph than a capital."""

OUTDENT: float = 0.5
"""× size. A line starting further left than this before a list item's bullet is not a
wrapped line of that item."""

# ----------------------------------------------------------------------------- borderless tables

SPLIT_GAP: float = 1.0
"""× size. A gap wider than this between two words may be a column gap (a tab or a space
is narrower)."""

MIN_GUTTER: float = 0.5
"""× size. A gutter narrower than this is not a column gap."""

MAX_ROW_GAP: float = 3.0
"""× size. A vertical gap larger than this ends a borderless table (rows are spaced by a
line or two at most)."""

GUTTER_MIN_SUPPORT: int = 2
"""A gutter is a column gap once at least this many lines have words on both sides of
it (one line could be a sentence with a wide space)."""

MIN_TABLE_LINES: int = 2
"""Lines with two or more separate runs of words a borderless table needs at least (one
is a line with a tab in it)."""

MIN_UNWRAPPED_PAIRS: int = 3
"""Pairs of adjacent lines in one column that must all read as separate items before a
table is taken to have no wrapped cell at all (fewer say too little)."""

ROW_GAP_SLACK: float = 0.2
"""× size. Leeway when a trailing line's gap is compared with the table's row gap
(baselines are rounded differently from line to line)."""

TRAILING_LINE_GAP: float = 0.8
"""× size. A trailing line closer than this under the line above still belongs to the
table (a wrapped line of its last cell); further, a paragraph after the table."""

GUTTER_INTRUSION: float = 0.5
"""pt. A word must enter a gutter by more than this to cross it (boxes touch at the
edge of the strip)."""

HEADER_ROW_REACH: float = 2.5
"""× size. A running line at most this far above a borderless table may be its repeated
header row (taken back from the page furniture)."""

HEADER_ROW_SLACK: float = 1.0
"""pt. How far that line's bottom may reach into the table's top (rounded boxes)."""

# ----------------------------------------------------------------------------- furniture

EDGE_SHARE: float = 0.15
"""ratio of the page height. Furniture sits in the top or bottom 15 % of the page…"""

EDGE_LINES: int = 3
"""…and among the first or last three lines of the page."""

SAME_HEIGHT: float = 4.0
"""pt. Tolerance on the height of a running header or footer from page to page."""

FURNITURE_MAX_WORDS: int = 20
"""A running header or footer has at most this many words (a longer line is text)."""

FURNITURE_PAGE_SHARE: float = 0.5
"""ratio of the pages with text. A line repeated on at least half of them is running…"""

FURNITURE_MIN_PAGES: int = 2
"""…and on two pages at least (one page repeats nothing)."""

# ----------------------------------------------------------------------------- blocks

HEADING_MAX_CHARS: int = 250
"""A heading (by size) is at most this long; longer, a paragraph set large."""

BOLD_HEADING_MAX_CHARS: int = 150
"""A body-size heading (bold or capitals) is at most this long; longer, bold text."""

HEADING_MAX_LINES: int = 3
"""A heading wraps over at most this many lines."""

MINOR_HEADING_MAX_LINES: int = 2
"""A body-size heading wraps over at most this many lines."""

HEADING_SIZE_STEP: float = 1.0
"""pt. A paragraph at least this much larger than the body size may be a heading."""

TITLE_FIRST_PARAS: int = 5
"""The document title (the largest text, once) is among the first paragraphs of page 1."""

ALL_CAPS_MIN_LETTERS: int = 4
"""Letters a text needs before "all in capitals" means anything (not "OS 1", "PST")."""

LIST_INDENT_SNAP: float = 4.0
"""pt. Bullet indents closer than this are one list depth (tabs and bullets are not
placed to the point)."""

DEFAULT_BODY_SIZE: float = 10.0
"""pt. Body size of a document without text (any value: nothing is compared with it)."""

MARGIN_MIN_LINES: int = 10
"""Lines of one page width needed before their right ends tell where the margin is."""

MARGIN_QUANTILE: float = 0.9
"""ratio. The right margin is where 90 % of the lines end before: most lines of full
paragraphs reach it, a few (a URL, a table row) go past it."""
