"""Splitting run-on cells into actions, stripping item markers and joining wrapped lines."""

from __future__ import annotations

import re
from collections.abc import Iterable

from pstparse.lexicon.hyphens import Vocabulary, join_hyphenated
from pstparse.lexicon.marks import ends_clause, parse_bullet
from pstparse.model.ir import Block
from pstparse.normalise.axes import parse_axis
from pstparse.normalise.evidence import (
    ITEM_CODE_MAX_LETTERS,
    JOIN_TAIL_CHARS,
    RUN_ON_MIN_PART_WORDS,
    RUN_ON_MIN_WORDS,
)


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# A capitalised French infinitive: the usual first word of an action ("Réaliser", "Définir",
# "Promouvoir", "Mettre").
_INFINITIVE = re.compile(r"^[A-ZÉÈÊÀÂÎÔÛÇ][a-zéèêëàâîïôûùüç]{3,}(?:er|ir|re|oir)$")
# Capitalised words with an infinitive ending that are usually nouns or names.
_NOT_VERBS = _words(
    "Centre Ministre Maire Premier Première Dernier Dernière Quartier Foyer Loisir Avenir "
    "Plaisir Pierre Olivier Xavier Didier Roger Gauthier Hiver Cadre Livre Lettre Titre "
    "Chapitre Théâtre Notre Votre Entre Contre Autre Outre Septembre Octobre Novembre "
    "Décembre Registre Membre Nombre Ordre Offre Libre Propre Sabre Conseiller Collier "
    "Atelier Chantier Sentier Métier Papier Courrier Dossier Fichier Calendrier Panier "
    "Potager Rosier Grenier Plombier Pompier Janvier Février Mercier Lambert Désir "
    "Souvenir Soir Espoir Trottoir Mémoire Histoire Territoire Gloire Victoire "
    "Laboratoire Observatoire Répertoire Conservatoire Directoire Auditoire Dortoir "
    "Miroir Terroir Manoir Couloir Comptoir "
)
# Words that may follow the verb at the start of an action clause.
_FOLLOWERS = _words(
    "le la les l un une des du de d au aux à en sur avec et ou son sa ses leur leurs ce "
    "cet cette ces notre nos votre vos tout tous toute toutes par pour dans plus mieux "
    "davantage "
)
# Words after which a capitalised infinitive is not a new clause ("le Savoir-faire").
_BLOCKERS = _words("le la les l un une des du de d au aux à en et ou par pour ")
_TOKEN = re.compile(r"\S+")
_WORD_CHARS = re.compile(r"^[\"'«“(]*(?P<w>[\w'’-]+?)[\"'»”),.;:!?]*$")


def _bare(token: str) -> str:
    m = _WORD_CHARS.match(token)
    return m.group("w") if m else token


def _is_clause_start(prev: str, word: str, nxt: str | None) -> bool:
    if not _INFINITIVE.match(word) or word in _NOT_VERBS:
        return False
    if _bare(prev).lower() in _BLOCKERS:
        return False
    if nxt is None:
        return False
    follower = _bare(nxt)
    low = follower.lower()
    first = re.split(r"['’]", low, maxsplit=1)[0] if ("'" in low or "’" in low) else low
    return (
        first in _FOLLOWERS
        or low.endswith("ment")
        or (follower[:1].islower() and bool(re.search(r"(er|ir|re)$", low)))
    )


def split_run_on(text: str) -> list[str]:
    """Split a cell in which several actions were joined with no separator.

    A new action starts where a capitalised infinitive ("Réaliser", "Poursuivre")
    begins a clause in the middle of the text. Ordinary sentences, in which verbs are not
    capitalised, stay whole.
    """
    tokens = list(_TOKEN.finditer(text))
    if len(tokens) < RUN_ON_MIN_WORDS:
        return [text]
    cuts: list[int] = []
    for i in range(1, len(tokens)):
        word = _bare(tokens[i].group())
        if word != tokens[i].group().rstrip(",;:"):
            # The token has leading punctuation ("(Réaliser"): not a clause start.
            continue
        nxt = tokens[i + 1].group() if i + 1 < len(tokens) else None
        if _is_clause_start(tokens[i - 1].group(), word, nxt):
            cuts.append(tokens[i].start())
    if not cuts:
        return [text]
    parts: list[str] = []
    start = 0
    for cut in cuts:
        parts.append(text[start:cut].strip())
        start = cut
    parts.append(text[start:].strip())
    # A fragment of one or two words is not an action: keep it with its neighbour.
    merged: list[str] = []
    for part in parts:
        if merged and len(part.split()) < RUN_ON_MIN_PART_WORDS:
            merged[-1] = f"{merged[-1]} {part}"
        else:
            merged.append(part)
    return [p for p in merged if p]


def continues(previous: str, line: str) -> bool:
    """True when ``line`` reads as the wrapped continuation of ``previous``.

    The previous line does not end a clause (``lexicon.marks.ends_clause``) and the new
    one starts in lower case (or with a closing punctuation that cannot start an item).
    """
    if not previous or not line:
        return False
    # Only the end of ``previous`` matters: a paragraph joined from thousands of wrapped
    # lines must not be scanned whole at every join (quadratic time).
    if ends_clause(previous[-JOIN_TAIL_CHARS:]):
        return False
    first = line.lstrip()[:1]
    return first.islower() or first in ",;)»"


def vocabulary(blocks: Iterable[Block]) -> Vocabulary:
    """The words of ``blocks``, for :func:`dehyphenate` to recognise the document's own
    compounds."""
    vocab = Vocabulary()
    for block in blocks:
        vocab.add_text(block.text)
    return vocab


def dehyphenate(previous: str, line: str, vocab: Vocabulary | None = None) -> str | None:
    """Join ``previous`` ending in "ré-" with "insertion" → "réinsertion", else None.

    A line that starts in lower case after a hyphen glued to a word goes on with that
    word; whether the hyphen stays is the one rule of ``lexicon.hyphens`` (``vocab``: the
    words of the document, which knows its own compounds).
    """
    if not line[:1].islower():
        return None
    tail = previous[-JOIN_TAIL_CHARS:]
    joined = join_hyphenated(tail, line, vocab)
    return None if joined is None else previous[: len(previous) - len(tail)] + joined


# An item code the label grammar does not know ("SA.2 -", "PCS 3 :", "F12 –"): capitals,
# a number, then a separator. It marks an item in a cell the way a bullet does.
_ITEM_CODE = re.compile(
    rf"^(?P<marker>[A-Z]{{1,{ITEM_CODE_MAX_LETTERS}}}\s?\.?\s?\d{{1,3}}(?:\.\d{{1,3}})*\s*[-–—:)]\s*)"
    r"(?P<rest>\S.*)$",
    re.DOTALL,
)


def item_marker(text: str) -> tuple[str, str] | None:
    """Split the bullets and unknown item codes that open a cell item.

    "• SA.2 - Réaliser un inventaire" → ("• SA.2 -", "Réaliser un inventaire"); None when
    the text starts with neither. An axis heading in capitals ("AXE 1 :", "POLE 2 -") is
    not an item code. The caller keeps the full text as the item's source
    text, so nothing is lost.
    """
    markers: list[str] = []
    rest = text.strip()
    while True:
        bullet = parse_bullet(rest)
        if bullet is not None:
            markers.append(bullet[0])
            rest = bullet[1]
            continue
        code = _ITEM_CODE.match(rest)
        # "AXE 1 : CADRE DE VIE" has the shape of an item code, but the label grammar
        # reads it as a level above the OS: the builder must see the whole heading.
        if code is not None and parse_axis(rest) is None:
            markers.append(code.group("marker").strip())
            rest = code.group("rest").strip()
        break
    if not markers:
        return None
    return " ".join(markers), rest
