"""Text copied from a web page: navigation, breadcrumbs, datelines, HTML tags, "Source:"
lines are the page's furniture, never objectives.

Each rule is narrow (a whole line of menu entries, a breadcrumb trail, a dateline…), so
that a plan's own lines are never taken for furniture; what is set aside is kept in the
document's furniture with its role and source, and summarised in one ``info`` finding.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from pstparse.model.findings import finding
from pstparse.model.ir import Block
from pstparse.model.messages import DEFAULT_LANG, Lang
from pstparse.model.plan import Finding, TextBlock
from pstparse.normalise.evidence import WEB_MAX_FURNITURE_CHARS, WEB_NAV_MAX_WORDS
from pstparse.normalise.text import fold, one_line

NAV_ENTRIES = frozenset(
    (
        "accueil",
        "home",
        "menu",
        "rechercher",
        "recherche",
        "search",
        "contact",
        "contactez-nous",
        "connexion",
        "se connecter",
        "s'inscrire",
        "mon compte",
        "partager",
        "imprimer",
        "envoyer",
        "retour",
        "haut de page",
        "retour en haut",
        "aller au contenu",
        "aller au menu",
        "skip to content",
        "plan du site",
        "mentions legales",
        "vie privee",
        "cookies",
        "accessibilite",
        "newsletter",
        "facebook",
        "twitter",
        "linkedin",
        "instagram",
        "youtube",
        "fr",
        "nl",
        "de",
        "en",
        "agenda",
        "actualites",
        "ma commune",
        "vie communale",
        "services en ligne",
        "e-guichet",
        "telecharger",
        "suivez-nous",
        "fermer",
        "ouvrir le menu",
        "precedent",
        "suivant",
        "lire la suite",
        "en savoir plus",
    )
)
"""Menu and tool entries of communal web sites (compared folded); a line made only of
such entries (separated by "|", "•" or wide gaps) is navigation."""

# "Accueil > Vie communale > PST", "Home / Ma commune / Plans", "Vous êtes ici : …".
_BREADCRUMB = re.compile(
    r"^(?:vous etes ici\s*:?\s*)?(?:[^>›»/|]{1,40}\s*(?:>|›|»|/|\|)\s*){2,}[^>›»/|]{1,80}$"
)
_BREADCRUMB_START = re.compile(r"^(?:vous etes ici|accueil|home)\b")
_MONTHS = "janvier|fevrier|mars|avril|mai|juin|juillet|aout|septembre|octobre|novembre|decembre"
_DATE = (
    rf"(?:\d{{1,2}}[/.-]\d{{1,2}}[/.-]\d{{2,4}}"
    rf"|(?:\w+\s+)?\d{{1,2}}(?:er)?\s+(?:{_MONTHS})\s+\d{{4}})"
)
# "Publié le 12 mars 2024", "Mis à jour le 03/04/2024 à 10h", "12/03/2024".
_DATELINE = re.compile(
    rf"^(?:(?:publie|mis en ligne|mis a jour|modifie|derniere mise a jour|date de publication"
    rf"|posted|updated)\b[^0-9]{{0,20}})?{_DATE}(?:\s*(?:a|-|,)?\s*\d{{1,2}}\s*[h:]\s*\d{{0,2}})?"
    rf"(?:\s*[|-]\s*.{{0,40}})?$"
)
_SOURCE = re.compile(r"^(?:source|sources|lien|url)\s*:")
_URL = re.compile(r"^(?:<)?(?:https?://|www\.)\S+(?:>)?$")
_TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*(?:\s[^<>]*)?/?>")
_ONLY_TAGS = re.compile(r"^(?:\s*</?[a-zA-Z][a-zA-Z0-9]*(?:\s[^<>]*)?/?>\s*)+$")
_ENTITY = re.compile(r"&(?:[a-zA-Z]{2,8}|#\d{2,5}|#x[0-9a-fA-F]{2,4});")


@dataclass(slots=True)
class WebCleaned:
    """Blocks without the web page's furniture, and what was set aside."""

    blocks: list[Block]
    furniture: list[TextBlock] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)


def web_role(text: str) -> str | None:
    """The furniture role of a line copied from a web page, else None."""
    if len(text) > WEB_MAX_FURNITURE_CHARS:
        return None
    line = one_line(text)
    key = fold(line)
    if not key:
        return None
    if _ONLY_TAGS.match(line):
        return "markup"
    if _SOURCE.match(key) or _URL.match(line):
        return "source"
    if _DATELINE.match(key):
        return "dateline"
    if _BREADCRUMB_START.match(key) and _BREADCRUMB.match(key):
        return "navigation"
    entries = [fold(e) for e in re.split(r"\s*[|•·]\s*|\s{2,}", text.strip()) if fold(e)]
    if entries and all(e in NAV_ENTRIES and len(e.split()) <= WEB_NAV_MAX_WORDS for e in entries):
        return "navigation"
    return None


def clean_web(blocks: Sequence[Block], lang: Lang = DEFAULT_LANG) -> WebCleaned:
    """Set web furniture aside and strip HTML tags and entities from the text."""
    result = WebCleaned(blocks=[])
    stripped: list[Block] = []
    for block in blocks:
        role = web_role(block.text) if block.table is None else None
        if role is not None:
            result.furniture.append(
                TextBlock(text=one_line(block.text), role=role, source=block.source)
            )
            continue
        if _TAG.search(block.text) or _ENTITY.search(block.text):
            text = html.unescape(_TAG.sub(" ", block.text)).replace("\u00a0", " ")
            text = re.sub(r"[ \t]+", " ", text).strip()
            if text != block.text.strip():
                stripped.append(block)
                block = replace(block, text=text)
        result.blocks.append(block)
    if result.furniture:
        roles = sorted({t.role or "" for t in result.furniture})
        result.findings.append(
            finding(
                "web-furniture",
                lang,
                source=result.furniture[0].source,
                count=len(result.furniture),
                roles=", ".join(roles),
            )
        )
    if stripped:
        result.findings.append(
            finding("debris-cleaned", lang, "html", source=stripped[0].source, count=len(stripped))
        )
    return result
