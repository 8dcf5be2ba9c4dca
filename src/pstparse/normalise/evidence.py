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


# --------------------------------------------------------------------------- flow, outlines, kinds


# --------------------------------------------------------------------------- repeated objectives

REPEAT_SIMILARITY = 0.9
"""A labelled OS/OO cell repeated on each row (or after a page break) is the same
objective when it has the current one's code and its folded text is this similar. Exports repeat it
exactly; a scan read by OCR repeats it with a letter or two misread ("Être"/"tre"), and
two real objectives sharing a code with titles 90 % alike are not a plan's wording.
The same ratio as the scorer's fuzzy title match."""
