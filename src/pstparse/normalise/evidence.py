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
"""A key cell of a fiche is a short name: longer first cells are content, not keys."""

FICHE_TITLE_KEYS = ("intitule", "titre", "libelle", "nom de l'action", "fiche action")
"""Keys that name the action of a fiche without the word "action" ("Intitulé : …")."""

CELL_CUT_OFF_WORDS = frozenset(
    [
        "de",
        "du",
        "des",
        "d",
        "la",
        "le",
        "les",
        "l",
        "à",
        "au",
        "aux",
        "et",
        "ou",
        "en",
        "pour",
        "par",
        "avec",
        "sur",
        "sous",
        "dans",
        "un",
        "une",
        "que",
        "qui",
        "dont",
        "entre",
        "vers",
        "chez",
        "sans",
        "selon",
        "afin",
        "leur",
        "leurs",
        "son",
        "sa",
        "ses",
        "ce",
        "cet",
        "cette",
        "ces",
        "notre",
        "nos",
        "votre",
        "vos",
    ]
)
"""Words a cell line cannot end with: a printed line ending with one ("Être un") goes on
in the line below, even when that line starts with a capital ("CPAS accessible")."""

CAPTION_MAX_WORDS = 4
"""A caption that opens a field ("Indicateurs :", "Budget estimé :") is at most this many
words followed by a colon; a longer line ending in a colon is an item introducing text."""


# --------------------------------------------------------------------------- flow, outlines, kinds
