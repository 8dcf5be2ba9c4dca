"""Conversion debris: stray "?>", markdown "**", dot leaders, s p a c e d - o u t letters.

Cleaning returns the cleaned text and the kinds of debris removed, so the caller can
report them; nothing else of the text is changed.
"""

from __future__ import annotations

import re

_STRAY_PI = re.compile(r"\s*(?:\?>|<\?)\s*")
_MARKDOWN = re.compile(r"\*\*|__(?=\w)|(?<=\w)__")
# Tabs around a leader are kept: a table of contents needs them to find page numbers.
_DOT_LEADER = re.compile(r" *(?:\.{4,}|…{2,}|(?:\. ){3,}\.?) *")
_SPACED = re.compile(r"^(?:\S ){3,}\S(?:\s{2,}(?:\S ){1,}\S)*$")


def _unspace(text: str) -> str:
    words = re.split(r"\s{2,}", text.strip())
    return " ".join(w.replace(" ", "") for w in words)


def clean_debris(text: str) -> tuple[str, list[str]]:
    """Remove conversion debris from one block of text.

    Returns the cleaned text and the names of the debris kinds found ('stray-markup',
    'markdown', 'dot-leader', 'spaced-letters').
    """
    found: list[str] = []
    if _STRAY_PI.search(text):
        text = _STRAY_PI.sub(" ", text).strip()
        found.append("stray-markup")
    if _MARKDOWN.search(text):
        text = _MARKDOWN.sub("", text)
        found.append("markdown")
    if _DOT_LEADER.search(text):
        # A leader becomes a tab: "Titre ..... 5" stays recognisable as a contents entry.
        text = _DOT_LEADER.sub("\t", text).strip()
        found.append("dot-leader")
    if _SPACED.match(text.strip()):
        text = _unspace(text)
        found.append("spaced-letters")
    return text, found


def has_unclosed_markdown(text: str) -> bool:
    """True when the text holds an odd number of "**" (a cut-off bold span)."""
    return text.count("**") % 2 == 1
