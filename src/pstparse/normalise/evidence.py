"""The order of evidence, and every named threshold and word list the normaliser uses.

What decides the structure, strongest first:

1. **explicit structure** — table cells and rows, header-row flags, merged cells,
   paragraphs, manual line breaks, list numbering and levels, heading and TOC styles,
   content controls, indentation;
2. **labels** — "O.S. 1 :", "OO 1.2", "Action 3 –", "1.1.1." (the label grammar);
3. **typography** — font size, weight, position;
4. **text heuristics** — run-on splitting, keyword headers, kind phrases.

A weaker signal may refine a stronger one but never contradict it. A text heuristic
runs only where nothing stronger decides, and only when it is consistent across the
document. A structural decision taken on weak evidence leaves an ``info`` finding that
names that evidence.

Every threshold below has a name and a comment saying why it has that value.
"""

from __future__ import annotations

from pstparse.lexicon import FRENCH_FUNCTION_WORDS
from pstparse.lexicon.fields import CAPTION_KEY_MAX_WORDS

# --------------------------------------------------------------------------- tables and cells
#
# In a table, structure decides first: a cell paragraph (or a line the author ended with
# a manual break) is one item, a row flagged as a header (Word's "repeat as header row")
# is the header, a merged cell is one item. Labels then give levels, the column gives
# the level of unlabelled text, and only then do the text heuristics below run.

HEADER_MIN_CELLS = 2
"""A row with fewer cells holding text is never a header row by its words alone: a
one-cell row ("Lancer le projet") is an item that happens to mention a level, and only a
header flag in the file can make it a header."""

HEADER_KNOWN_SHARE = 0.5
"""Share of a candidate header row's cells that must be known column headers
("Objectifs opérationnels", "Pilote"); unknown ones ("Remarques") may sit among them."""

RUN_ON_MIN_WORDS = 6
"""A cell shorter than this is never split into several actions: two actions need at
least a verb and an object each, plus the verb of the next one."""

RUN_ON_MIN_PART_WORDS = 3
"""A split-off fragment shorter than this is glued back to its neighbour: an action is
more than one or two words."""

ITEM_CODE_MAX_LETTERS = 4
"""An unknown item code before a cell's text ("SA.2 -", "PCS 3 :") has at most this many
letters before its number; longer words are ordinary text ("Article 3 -")."""

KEY_VALUE_MIN_ROWS = 3
"""A two-column table is a key/value "fiche" only with at least this many rows whose first
cell is a known key (Objectif stratégique, Action, Pilote, Échéance…)."""

KEY_VALUE_KEY_SHARE = 0.6
"""Share of a key/value table's rows whose first cell must be a known key; the others
("Description", "Remarques") become fields under their own name."""

KEY_MAX_WORDS = 6
"""A key cell of a fiche is a short name: longer first cells are content, not keys. The
same bound for a column header that mentions a level without naming it exactly
("Intitulé de l'action"): a longer cell is content that happens to say "action"."""

KEY_VALUE_ROW_CELLS = 2
"""Cells holding text in a row of a key/value fiche: the key and its value. Rows with
fewer (a title row spanning the table) are not counted for or against a fiche."""

FICHE_TITLE_KEYS = ("intitule", "titre", "libelle", "nom de l'action", "fiche action")
"""Keys that name the action of a fiche without the word "action" ("Intitulé : …")."""

CELL_CUT_OFF_WORDS = FRENCH_FUNCTION_WORDS
"""Words a cell line cannot end with: a printed line ending with one ("Être un") goes on
in the line below, even when that line starts with a capital ("CPAS accessible")."""

CAPTION_MAX_WORDS = CAPTION_KEY_MAX_WORDS
"""The same bound as the PDF reader's (``pstparse.lexicon.fields``). A caption that
opens a field ("Indicateurs :", "Budget estimé :") is at most this many
words followed by a colon; a longer line ending in a colon is an item introducing text."""


# --------------------------------------------------------------------------- flow, outlines, kinds
# Kinds. Structure and labels decide a document's kind before its wording does; a kind
# phrase counts only in the title lines, never in a sentence of the introduction.

KIND_MIN_OBJECTIVE_LABELS = 2
"""OS/OO labels (or table columns naming two levels) that make a document a PST: one
label may be a quotation ("l'objectif stratégique 1 du PST"), two are a hierarchy."""

PROJECT_HEADING_LINES = 3
"""A "Projet :" heading makes a project sheet only among the first lines of the head (the
sheet's title block); further down it is a section of another document."""

PERIOD_MAX_YEARS = 12
"""Longest span read as the plan's period ("2025-2030"): a legislature lasts six years and
some plans cover two; a longer span ("1990-2030") is history, not the period."""

METADATA_HEAD_BLOCKS = 15
"""Leading blocks searched for the period and the organisation when the title does not
give them: a cover page and its title block, not the body."""

TITLE_HEAD_BLOCKS = 3
"""The title of an outline document is one of its first blocks (a line of furniture or a
logo caption may come first); later short blocks are headings of the body."""

TITLE_MAX_CHARS = 250
"""Longest block taken as a document title: longer is a paragraph of introduction."""

KIND_HEAD_BLOCKS = 12
"""How many leading blocks may hold the title that names the kind: titles are often
broken over several short lines ("DÉCLARATION / de POLITIQUE / SOCIALE")."""

KIND_SENTENCE_MIN_WORDS = 8
"""A head line of this many words or more that ends with a full stop is a sentence of
the introduction ("Ce programme traduit la Déclaration de politique communale…"), not a
title: a phrase in it names another document, not this one."""

# Bare hierarchical numbers ("1.", "1.1", "1.1.1.") are labels only when the document
# numbers its items that way consistently.

BARE_MIN_DEPTHS = 2
"""A numbering is hierarchical when it has at least two depths ("1." and "1.1"); one
depth alone ("1.", "2.") is an enumeration of paragraphs, not a plan's labels."""

BARE_MIN_CONSISTENT_SHARE = 0.9
"""Share of bare codes that must continue the outline (a child of the previous code or a
later sibling of it or of an ancestor): numbering that restarts in every OO ("1.", "2."
under each "1.1") is a list, not hierarchical labels."""

INDENT_MIN_DEPTHS = BARE_MIN_DEPTHS
"""Distinct indents that make indented text file lines an outline: one indent alone is
ordinary paragraphs, as one depth of bare numbers is an enumeration."""

BARE_KIND_DEPTHS = 3
"""Bare numbers alone make a document a PST only with three depths (OS, OO, action): a
declaration often numbers its themes "1." and "1.1" too."""

# Tables of contents, in every kind of document.

TOC_MIN_RUN = 3
"""Lines with a page number after a leader that make a table of contents on their own,
with no "Table des matières" heading and no repetition in the body: fewer may be a
table of amounts."""

# Hard-wrapped text.

HANGING_INDENT_TOLERANCE = 0
"""Columns by which a continuation line may miss the text column of the item above it
(hanging indent). Text editors align exactly; a wider tolerance would join an indented
sub-paragraph."""

# Tables flattened into one paragraph (web pages, PDF text layers): the codes are the only
# separators left.

FLAT_MIN_CODES = 3
"""Codes a paragraph must hold, forming one consistent outline, to be split at them."""

FLAT_MIN_CHARS = 120
"""A paragraph shorter than this is one item, whatever numbers it quotes."""

FLAT_MIN_LABEL_LEVELS = 2
"""Levels that real labels ("OS.1 -", "OO 1.1 :", "Action 2 :", "A.3 -") must name for a
paragraph holding FLAT_MIN_CODES of them to be split at them, whatever their numbers:
the prefix states the level, so numbering per level ("OO.4", "A.7") or restarting in
every OO ("Action 1" again) is no reason to keep the paragraph whole. One level alone
is prose quoting actions."""

JOIN_TAIL_CHARS = 256
"""How much of the end of a paragraph the wrapped-line tests look at (sentence end,
end-of-line hyphen): more than any word, and a bound on the work on long paragraphs."""

# Web pages copied as text: navigation, breadcrumbs, datelines, "Source:" lines, HTML tags.

WEB_NAV_MAX_WORDS = 4
"""A menu entry ("Accueil", "Vie communale", "Se connecter") has at most this many words;
a line of such entries only is navigation."""

# Levels above the OS ("Axe 1", "Volet social", "Présentation de l'axe 2").

AXIS_NEEDS_OS_LABELS = True
"""An "Axe"/"Volet" line is a level above the OS only when the document labels its OS;
without OS labels the axes are the OS themselves (a column "Axes stratégiques")."""

# Plausibility of the extracted tree.

PLAUSIBLE_MIN_TITLE_CHARS = 4
"""An OS or OO title shorter than this ("1.", "OS", "Axe") is a stray label, not an
objective."""

ONE_WORD_ACTIONS_SHARE = 0.5
"""When more than this share of a plan's actions are one word long, the text was cut at
every word (a mis-read layout), not listed as actions."""

ONE_WORD_ACTIONS_MIN = 6
"""Fewer actions than this are too few to call the one-word ones a pattern."""

KIND_HEADER_ROWS = 2
"""Rows at the top of a table that may be its column header (a title row may come
first): only they can name the plan levels that make a document a PST."""

TOC_MAX_ENTRY_CHARS = 300
"""Longest line compared with a table of contents: an entry is a title and a page
number; longer texts are body text and need no comparison."""

WEB_MAX_FURNITURE_CHARS = 240
"""Longest line that may be web furniture: menus, breadcrumbs and datelines are short."""

FLAT_FURNITURE_MAX_CHARS = 80
"""Longest short line of a document (title, organisation) looked for as a running header
or footer glued to the items of a flattened table."""

FLAT_FURNITURE_MIN_CHARS = 3
"""Shortest such line: one or two characters ("1", "p.") would match inside any text."""

AXIS_MAX_WORDS = 20
"""Longest "Axe …"/"Volet …" line taken as a level above the OS: longer is a sentence."""

AXIS_SENTENCE_WORDS = 6
"""An "Axe …" line of more words than this that ends with a full stop is a sentence about
the axis ("Présentation de l'axe : la commune veut…"), not its heading."""

AXIS_UNNUMBERED_MAX_WORDS = 12
"""An unnumbered "Volet …" line without a separator after its first word is a heading
only up to this many words ("Volet social et santé"); longer it is prose."""


# --------------------------------------------------------------------------- repeated objectives

REPEAT_SIMILARITY = 0.9
"""A labelled OS/OO cell repeated on each row (or after a page break) is the same
objective when it has the current one's code and its folded text is this similar. Exports repeat it
exactly; a scan read by OCR repeats it with a letter or two misread ("Être"/"tre"), and
two real objectives sharing a code with titles 90 % alike are not a plan's wording.
The same ratio as the scorer's fuzzy title match."""


# ------------------------------------------------------------------ prose (DPS, DPC, programmes)
# Declarations and programmes: headings are short lines, the title is the head of the
# text, a contact block closes it.

HEADING_MAX_CHARS = 160
"""Longest line read as a heading of a declaration (numbered "1. Logement" or a line of
the title block): longer is a sentence of the text."""

UNNUMBERED_HEADING_MAX_CHARS = 120
"""Longest unnumbered line that may be a heading (without a number, it needs to be
shorter than a numbered one to be told from a short paragraph)."""

TITLE_MAX_LINES = 8
"""Leading lines that may form a declaration's title block ("DÉCLARATION DE POLITIQUE
GÉNÉRALE / … / 2024-2030")."""

DUPLICATE_RUN_MIN_LINES = 3
"""A run of at least this many lines that repeats an earlier run word for word is a copy
(pasted twice); one or two repeated lines are ordinary ("Budget", "Objectif :")."""

CONTACT_LINE_MAX_CHARS = 90
"""Longest line of a closing contact block (address, phone, e-mail)."""


# --------------------------------------------------------------------------- quotations in findings
# Not evidence: how much of a text a finding quotes, so that messages stay one line.

FINDING_QUOTE_CHARS = 60
"""A title quoted in a finding ("… comes before any strategic objective")."""

FINDING_WHERE_CHARS = 40
"""A title naming where something is ("under OS «…»"), inside a longer message."""

FINDING_TAIL_CHARS = 50
"""The end of a text that looks cut off, quoted to show where it stops."""
