"""One rule for a hyphen at the end of a printed line, for every reader and the normaliser.

A line-end hyphen between letters is usually the typesetter's: the word was cut to fit
and the hyphen goes ("ré-" / "insertion" → "réinsertion"). It is the author's when the
word is a compound, which a French reader recognises by

1. the document itself: the compound appears elsewhere in the text, unbroken, more often
   with its hyphen than without ("socio-culturel" vs "socioculturel");
2. otherwise its left half, a prefix that French joins with a hyphen (``COMPOUND_PREFIXES``:
   "socio-", "médico-", "sous-", "porte-"…) or its right half, a tail that always takes
   one (``HYPHENATED_TAILS``: "-ci", "-même", "-être");
3. digits or capitals on either side ("2019-2024", "Wallonie-Bruxelles", "CPAS-relais").

The trade-off: a real compound cut at its hyphen that the document never writes unbroken
and that has no known prefix loses its hyphen. Prefixes that French mostly writes solid
("inter", "anti", "éco", "auto", "multi": "intercommunale", "antigaspillage") are left out
on purpose: cut at a line end, they are nearly always a typesetter's break.
"""

from __future__ import annotations

import re
from collections import Counter

__all__ = [
    "COMPOUND_PREFIXES",
    "HYPHENATED_TAILS",
    "Vocabulary",
    "join_hyphenated",
    "join_lines",
]

SOFT_HYPHEN = "\u00ad"

_WORD = re.compile(r"[^\W_]+(?:[-\u2010'’][^\W_]+)*", re.UNICODE)
_TRAILING_HYPHEN = re.compile(r"([^\W\d_]+|\d+)[-\u2010]$", re.UNICODE)
_LINE_END_HYPHENS = ("-", "\u2010")
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
"""Left halves that French usually joins with a real hyphen ("socio-", "porte-", "sous-")."""

HYPHENATED_TAILS = frozenset(
    ["ci", "là", "même", "mêmes", "être", "t", "il", "elle", "on", "ils", "elles", "y", "en"]
)
"""Right halves after a real hyphen ("celle-ci", "vous-même", "bien-être")."""


class Vocabulary:
    """Words seen inside lines of one document, to decide about its line-end hyphens.

    When "socio-professionnelle" occurs unbroken elsewhere, a break after "socio-" keeps
    its hyphen; when "réinsertion" occurs, "ré-" + "insertion" loses it.
    """

    def __init__(self) -> None:
        self._counts: Counter[str] = Counter()

    def add_line(self, text: str) -> None:
        """Record the words of a line (its last word too unless it ends with a hyphen)."""
        body = text[:-1] if text.endswith(("-", "\u2010", SOFT_HYPHEN)) else text
        tokens = _WORD.findall(body)
        if body is not text and tokens:
            tokens = tokens[:-1]
        self._counts.update(t.lower().replace("\u2010", "-") for t in tokens)

    def add_text(self, text: str) -> None:
        """Record the words of every line of ``text``."""
        for line in text.splitlines():
            self.add_line(line.strip())

    def count(self, word: str) -> int:
        """How often a (lower-case) word was seen."""
        return self._counts[word.lower()]


def join_hyphenated(prev: str, nxt: str, vocab: Vocabulary | None = None) -> str | None:
    """Join a line ending in a hyphen with the next one, or None when ``prev`` does not
    end with a hyphen glued to a word (or a soft hyphen).

    A soft hyphen is always dropped. A hyphen between two lower-case halves is dropped
    ("ré-" + "insertion" → "réinsertion") unless the compound is a real one (see the
    module's rule); digits and capitals keep it ("2019-" + "2024", "Wallonie-" +
    "Bruxelles").
    """
    prev = prev.rstrip()
    nxt = nxt.lstrip()
    if prev.endswith(SOFT_HYPHEN):
        return prev[:-1] + nxt
    if not prev.endswith(_LINE_END_HYPHENS):
        # The pattern below ends with one of these: without it, no need to search what
        # may be a whole paragraph (this runs for every wrapped line of a document).
        return None
    m = _TRAILING_HYPHEN.search(prev)
    if m is None or not nxt:
        return None
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
    return left.lower() in COMPOUND_PREFIXES or right.lower() in HYPHENATED_TAILS


def join_lines(prev: str, nxt: str, vocab: Vocabulary | None = None) -> str:
    """Join two wrapped lines of one paragraph: across a line-end hyphen by
    :func:`join_hyphenated`, else with one space."""
    prev = prev.rstrip()
    nxt = nxt.lstrip()
    if not prev:
        return nxt
    if not nxt:
        return prev
    joined = join_hyphenated(prev, nxt, vocab)
    return joined if joined is not None else f"{prev} {nxt}"
