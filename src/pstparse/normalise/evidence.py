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
