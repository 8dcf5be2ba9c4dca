"""The one lexicon: text rules shared by the readers, the normaliser and validation.

Nothing here decides anything: these are facts about French (and English) text that
more than one layer needs, kept in one place so that they cannot drift apart. The label
grammar is in ``labels``, bullets and sentence ends in ``marks``, line-end hyphens in
``hyphens``; the function words are below. The lexicon imports only ``pstparse.model``.
"""

from __future__ import annotations

FRENCH_FUNCTION_WORDS = frozenset(
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
"""Articles, prepositions, conjunctions and determiners: a printed line that ends with
one ("Renforcer l'offre de") is cut off, and its text goes on on the next line."""

ENGLISH_FUNCTION_WORDS = frozenset(["of", "the", "and", "to", "for", "in", "with"])
"""The same for the English lines some plans carry (titles of European programmes)."""
