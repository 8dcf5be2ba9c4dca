"""Every message pstparse writes about a plan, in French and in English.

One catalogue keyed by rule id: ``RULE_MESSAGES[rule][variant]`` holds the templates of
the findings a rule raises (a rule may word several situations, and plural forms are
variants ending in ``.one`` / ``.other``); ``UI`` holds the wording of the reports and
the batch summary. Templates are :meth:`str.format` strings with named fields, and both
languages of one entry take the same fields (a test checks it, and that every rule id
raised anywhere in ``src/`` has its entry).

This module sits below the normaliser and the validator (it imports nothing of
pstparse), so that both can word their findings from it. The rule id of a finding never
changes with the language: scripts should read ``rule``, people read ``message``.
"""

from __future__ import annotations

import os
import string
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

Lang = Literal["en", "fr"]
LANGS: tuple[Lang, ...] = ("en", "fr")
DEFAULT_LANG: Lang = "en"
"""The library's language when none is given: English, so that library output does not
depend on the machine it runs on (the command line picks from the environment)."""

# POSIX order of precedence for the language of messages: LC_ALL overrides
# LC_MESSAGES, which overrides LANG. (LANGUAGE, a GNU priority list, is left out: it
# is only honoured by gettext, and pstparse does not use gettext.)
LOCALE_VARIABLES: tuple[str, ...] = ("LC_ALL", "LC_MESSAGES", "LANG")


@dataclass(frozen=True, slots=True)
class Text:
    """One message in both languages."""

    en: str
    fr: str

    def get(self, lang: Lang) -> str:
        """The template in ``lang``."""
        return self.fr if lang == "fr" else self.en


def default_lang(environ: Mapping[str, str] | None = None) -> Lang:
    """The language of messages from the environment: French when the first of LC_ALL,
    LC_MESSAGES and LANG that is set (and not empty) starts with ``fr``, else English.

    ``C``/``POSIX`` or an unset locale gives English.
    """
    env = os.environ if environ is None else environ
    for variable in LOCALE_VARIABLES:
        value = env.get(variable, "")
        if value:
            return "fr" if value.lower().startswith("fr") else "en"
    return DEFAULT_LANG


def plural(lang: Lang, count: int) -> str:
    """The plural variant suffix for ``count``: French counts 0 and 1 as singular."""
    one = count in (0, 1) if lang == "fr" else count == 1
    return "one" if one else "other"


def rule_message(rule: str, variant: str, lang: Lang, /, **fields: object) -> str:
    """The message of ``rule`` for one ``variant`` in ``lang``, with its fields filled."""
    return RULE_MESSAGES[rule][variant].get(lang).format(**fields)


def ui(key: str, lang: Lang, /, **fields: object) -> str:
    """A piece of report or summary wording in ``lang``, with its fields filled."""
    return UI[key].get(lang).format(**fields)


def the(name: str, lang: Lang) -> str:
    """An item's name with its article where the language needs one (``l'OO 1.2``).

    Every level name (OS, OO, action) starts with a vowel sound, so French elides.
    """
    return f"l'{name}" if lang == "fr" else name


def template_fields(template: str) -> frozenset[str]:
    """The named fields a template takes (for the completeness tests)."""
    return frozenset(
        field for _, field, _, _ in string.Formatter().parse(template) if field is not None
    )


RULE_MESSAGES: dict[str, dict[str, Text]] = {
    # ------------------------------------------------------------ readers (their own words)
    # What a third-party reader said about a damaged file: kept as it said it.
    "pdf-reader-warning": {"": Text("{detail}", "{detail}")},
    "ocr-page": {
        "": Text(
            "page {page} was read by OCR at {dpi} dpi: {words} words, mean confidence {mean}%",
            "page {page} lue par OCR à {dpi} dpi : {words} mots, confiance moyenne {mean} %",
        ),
        "straightened": Text(
            "page {page} was read by OCR at {dpi} dpi: {words} words, mean confidence"
            " {mean}%, straightened by {angle}°",
            "page {page} lue par OCR à {dpi} dpi : {words} mots, confiance moyenne {mean} %,"
            " redressée de {angle}°",
        ),
        "empty": Text(
            "page {page} was read by OCR and holds no text",
            "page {page} lue par OCR : elle ne contient aucun texte",
        ),
    },
    "ocr-low-confidence": {
        "": Text(
            "page {page}: {count} word(s) read with confidence below {limit}% (check them on"
            " the page; boxes in points x0, top, x1, bottom): {words}",
            "page {page} : {count} mot(s) lu(s) avec une confiance inférieure à {limit} %"
            " (à vérifier sur la page ; cadres en points x0, haut, x1, bas) : {words}",
        ),
    },
    "ocr-unavailable": {
        "": Text(
            "page {page} has no text layer and was not read: {reason}",
            "la page {page} n'a pas de couche texte et n'a pas été lue : {reason}",
        ),
    },
    "pdf-reader-fallback": {
        "": Text(
            "read with pdfminer instead of pdfium: {reason}",
            "lu avec pdfminer plutôt que pdfium : {reason}",
        ),
    },
    # ------------------------------------------------------------ tables and cells
    "wrapped-cells": {
        "": Text(
            "a table laid out with spaces was read line by line; a line starting in lower case"
            " after an unfinished line was taken as the rest of the cell above (evidence:"
            " column alignment, case of the first letter)",
            "un tableau aligné par des espaces a été lu ligne à ligne ; une ligne commençant"
            " par une minuscule après une ligne inachevée a été prise pour la suite de la"
            " cellule au-dessus (indices : alignement des colonnes, casse de la première"
            " lettre)",
        ),
    },
    "key-value-table": {
        "": Text(
            "a two-column table of keys and values was read as one fiche-action (evidence:"
            " its first column names levels and fields)",
            "un tableau de deux colonnes clés/valeurs a été lu comme une fiche-action"
            " (indice : sa première colonne nomme des niveaux et des champs)",
        ),
    },
    "header-by-words": {
        "": Text(
            "row {row} taken as the header row of its table (evidence: its cells name levels"
            " and fields; the file flags no header row)",
            "ligne {row} prise pour l'en-tête de son tableau (indices : ses cellules nomment"
            " des niveaux et des champs ; le fichier ne marque aucune ligne d'en-tête)",
        ),
    },
    "headings-outside-tables": {
        "": Text(
            "{count} unlabelled heading(s) above or between the tables read as titles and"
            " captions, not objectives (evidence: the tables name or label the strategic"
            " objectives)",
            "{count} titre(s) sans libellé au-dessus ou entre les tableaux lu(s) comme titres"
            " et légendes, non comme objectifs (indice : les tableaux nomment ou numérotent"
            " les objectifs stratégiques)",
        ),
    },
    "caption-field": {
        "": Text(
            "caption «{caption}» read as the field '{key}' of the item above (evidence: a"
            " short line ending in a colon, set apart by typography or naming a known field)",
            "la légende « {caption} » a été lue comme le champ « {key} » de l'élément"
            " au-dessus (indices : une ligne courte finissant par deux-points, distinguée par"
            " la typographie ou nommant un champ connu)",
        ),
        "in-cell": Text(
            "«{caption}» in an action's cell read as the field '{key}' of the action above"
            " (evidence: a paragraph of its own opening with a known field name and a colon)",
            "« {caption} » dans la cellule d'une action a été lu comme le champ « {key} » de"
            " l'action au-dessus (indices : un paragraphe à part commençant par un nom de"
            " champ connu et deux-points)",
        ),
    },
    # ------------------------------------------------------------ flow text and kinds
    "kind-from-wording": {
        "wording": Text(
            "document kind '{kind}' taken from the wording '{phrase}' in the title lines",
            "type de document « {kind} » déduit de la formule « {phrase} » du titre",
        ),
        "table": Text(
            "document kind '{kind}' taken from a table and no kind named in the title",
            "type de document « {kind} » déduit d'un tableau, le titre n'en nommant aucun",
        ),
        "prose": Text(
            "document kind '{kind}' taken from prose with no kind named in the title",
            "type de document « {kind} » déduit d'un texte suivi, le titre n'en nommant aucun",
        ),
    },
    "bare-numbers-as-labels": {
        "": Text(
            "{count} item(s) numbered with bare hierarchical numbers ({depths}) read as"
            " labels: the numbers form one outline",
            "{count} élément(s) numéroté(s) par des numéros hiérarchiques nus ({depths}) lus"
            " comme des libellés : les numéros forment un seul plan",
        ),
    },
    "outline-codes-as-labels": {
        "roman": Text(
            'items numbered with roman outline codes ("I.", "I.1", "I.1.1"; {depths}'
            " depths) read as labels: the codes form one outline",
            "éléments numérotés par des codes romains (« I. », « I.1 », « I.1.1 » ; {depths}"
            " niveaux) lus comme des libellés : les codes forment un seul plan",
        ),
        "letter": Text(
            'items numbered with letter outline codes ("A.", "A.1", "A.1.1"; {depths}'
            " depths) read as labels: the codes form one outline",
            "éléments numérotés par des codes en lettres (« A. », « A.1 », « A.1.1 » ;"
            " {depths} niveaux) lus comme des libellés : les codes forment un seul plan",
        ),
    },
    "flattened-table": {
        "": Text(
            "a paragraph of {chars} characters holding {count} codes in one outline was cut"
            " before each code (a table flattened into text)",
            "un paragraphe de {chars} caractères contenant {count} codes d'un même plan a été"
            " coupé avant chaque code (un tableau aplati en texte)",
        ),
    },
    "web-furniture": {
        "": Text(
            "{count} line(s) of web page furniture set aside ({roles})",
            "{count} ligne(s) d'habillage de page web mise(s) de côté ({roles})",
        ),
    },
    "no-objective": {
        "": Text(
            "no objective found: is this a plan?",
            "aucun objectif trouvé : est-ce bien un plan ?",
        ),
    },
    "implausible-tree": {
        "short": Text(
            "{level} title '{title}' is too short to be an objective",
            "le titre d'{level} « {title} » est trop court pour un objectif",
        ),
        "date": Text(
            "{level} title '{title}' is a date, not an objective",
            "le titre d'{level} « {title} » est une date, pas un objectif",
        ),
        "url": Text(
            "{level} title '{title}' is a web address, not an objective",
            "le titre d'{level} « {title} » est une adresse web, pas un objectif",
        ),
        "one-word": Text(
            "{count} of {total} actions are a single word: the text seems cut at every word,"
            " not listed as actions",
            "{count} des {total} actions tiennent en un mot : le texte semble coupé à chaque"
            " mot plutôt que listé en actions",
        ),
    },
    # ------------------------------------------------------------ what an export adjusted
    "cell-split": {
        "": Text(
            "sheet {sheet}, row {row}, column {column}: {count} characters, over Excel's"
            " {limit} per cell; the rest is in the columns '{column} (suite …)'",
            "feuille {sheet}, ligne {row}, colonne {column} : {count} caractères, au-delà"
            " des {limit} qu'Excel admet par cellule ; la suite est dans les colonnes"
            " « {column} (suite …) »",
        ),
    },
    "ecomptes-cut": {
        "": Text(
            "{tag} {part} cut to the {limit} characters eComptes allows: {value}",
            "{tag} {part} coupé aux {limit} caractères qu'eComptes admet : {value}",
        ),
    },
    "libelle-truncated": {
        "": Text(
            "Libelle cut to the {limit} characters eComptes allows (full text: {value})",
            "Libellé coupé aux {limit} caractères qu'eComptes admet (texte complet : {value})",
        ),
    },
    "ecomptes-date": {
        "": Text(
            "échéance {value} is not a date: DateFin left out",
            "l'échéance {value} n'est pas une date : DateFin omise",
        ),
    },
    "ecomptes-status": {
        "": Text(
            "état {value} does not name an eComptes status: NON_COMMENCE",
            "l'état {value} ne nomme aucun statut eComptes : NON_COMMENCE",
        ),
    },
    "ecomptes-actions-under-os": {
        "": Text(
            "{count} action(s) sit directly under OS {where}: exported in an OO named"
            " 'Actions sans objectif opérationnel'",
            "{count} action(s) directement sous l'OS {where} : exportée(s) dans un OO"
            " « Actions sans objectif opérationnel »",
        ),
    },
    "ecomptes-type-admin": {"": Text("{evidence}", "{evidence}")},
    "ecomptes-kind": {
        "": Text(
            "the document is a {kind}, exported as a PST (eComptes only holds PSTs)",
            "le document est de type {kind}, exporté comme PST (eComptes ne reçoit que des PST)",
        ),
    },
    "ecomptes-characters": {
        "": Text(
            "{count} control character(s) that XML cannot hold written as U+FFFD",
            "{count} caractère(s) de contrôle qu'XML ne peut contenir écrit(s) U+FFFD",
        ),
    },
    # --- validation rules (pstparse.validation.rules) ---------------------------------
    "empty-title": {
        "": Text("{item} has an empty title", "{the_item} n'a pas de titre"),
    },
    "code-parent-mismatch": {
        "": Text(
            "{item} does not extend the code of its parent {parent}",
            "le code de {the_item} ne prolonge pas celui de son parent, {the_parent}",
        ),
    },
    "code-changed": {
        "one": Text(
            "{item} looks renumbered from {old}: its {count} {child} still says {old}.x"
            " (put the code back, or renumber it too)",
            "le code de {the_item} semble avoir été changé depuis {old} : sa {count} {child}"
            " porte encore {old}.x (rétablissez le code, ou renumérotez-la aussi)",
        ),
        "other": Text(
            "{item} looks renumbered from {old}: its {count} {children} still say {old}.x"
            " (put the code back, or renumber them too)",
            "le code de {the_item} semble avoir été changé depuis {old} : ses {count}"
            " {children} portent encore {old}.x (rétablissez le code, ou renumérotez-les"
            " aussi)",
        ),
        "sequence": Text(
            "{item} looks renumbered from {old}: {old} is missing between {before} and {after}",
            "le code de {the_item} semble avoir été changé depuis {old} : {old} manque entre"
            " {the_before} et {the_after}",
        ),
        "sequence-first": Text(
            "{item} looks renumbered from {old}: its siblings start at {after}",
            "le code de {the_item} semble avoir été changé depuis {old} : ses voisins"
            " commencent à {the_after}",
        ),
    },
    "duplicate-code": {
        "": Text(
            "{item} has the same code as the {level} at {path}",
            "{the_item} a le même code que l'{level} à l'emplacement {path}",
        ),
    },
    "numbering-gap": {
        "sibling.one": Text(
            "{level} {missing} is missing: {holder} has {levels} {listing}",
            "l'{level} {missing} manque : {the_holder} a les {levels} {listing}",
        ),
        "sibling.other": Text(
            "{level} {missing} are missing: {holder} has {levels} {listing}",
            "les {levels} {missing} manquent : {the_holder} a les {levels} {listing}",
        ),
        "global.one": Text(
            "{level} {missing} is missing: {levels} are numbered across the whole plan"
            " and the numbering {span}",
            "l'{level} {missing} manque : la numérotation des {levels}, continue sur tout"
            " le plan, {span}",
        ),
        "global.other": Text(
            "{level} {missing} are missing: {levels} are numbered across the whole plan"
            " and the numbering {span}",
            "les {levels} {missing} manquent : la numérotation des {levels}, continue sur"
            " tout le plan, {span}",
        ),
        "shared.one": Text(
            "number {missing} is missing: {together} share one numbering, which {span}",
            "le numéro {missing} manque : les {together} partagent une même numérotation,"
            " qui {span}",
        ),
        "shared.other": Text(
            "number {missing} are missing: {together} share one numbering, which {span}",
            "les numéros {missing} manquent : les {together} partagent une même"
            " numérotation, qui {span}",
        ),
        "span.jump": Text("jumps from {before} to {after}", "passe de {before} à {after}"),
        "span.start": Text("starts at {after}", "commence à {after}"),
        "range": Text("{first} to {last}", "{first} à {last}"),
        "the-plan": Text("the plan", "le plan"),
    },
    "oo-without-action": {
        "": Text("{item} has no action", "{the_item} n'a aucune action"),
    },
    "action-under-os": {
        "one": Text(
            "{item} has {count} action directly under it, outside any OO",
            "{the_item} a {count} action placée directement sous lui, hors de tout OO",
        ),
        "other": Text(
            "{item} has {count} actions directly under it, outside any OO",
            "{the_item} a {count} actions placées directement sous lui, hors de tout OO",
        ),
    },
    "unassigned-text": {
        "": Text(
            'text not attached to any OS, OO or action: "{text}"',
            "texte qui n'est rattaché à aucun OS, OO ni action : « {text} »",
        ),
        "role": Text(
            'text ({role}) not attached to any OS, OO or action: "{text}"',
            "texte ({role}) qui n'est rattaché à aucun OS, OO ni action : « {text} »",
        ),
    },
    "os-without-content": {
        "": Text("{item} has neither OO nor action", "{the_item} n'a ni OO ni action"),
    },
    # --- the plan's schema (pstparse.validation.schema; `validate` on a hand-edited file)
    "unknown-key": {
        "": Text("unknown key `{key}` in {where}", "clé inconnue `{key}` dans {where}"),
    },
    "missing-key": {
        "": Text("missing key `{key}` in {where}", "clé `{key}` manquante dans {where}"),
        "item": Text("missing item `{key}` in {where}", "élément `{key}` manquant dans {where}"),
    },
    "wrong-type": {
        "": Text(
            "`{key}` in {where} should be {expected}, not {got}",
            "`{key}` dans {where} doit être {expected}, et non {got}",
        ),
        "top": Text(
            "the plan should be {expected}, not {got}",
            "le plan doit être {expected}, et non {got}",
        ),
    },
    "invalid-value": {
        "": Text(
            "`{key}` in {where} has an invalid value {got}: {detail}",
            "`{key}` dans {where} a une valeur invalide {got} : {detail}",
        ),
        "choice": Text(
            "`{key}` in {where} should be one of {choices}, not {got}",
            "`{key}` dans {where} doit valoir l'un de {choices}, et non {got}",
        ),
        "minimum": Text(
            "`{key}` in {where} should be at least {limit}, not {got}",
            "`{key}` dans {where} doit valoir au moins {limit}, et non {got}",
        ),
        "length": Text(
            "`{key}` in {where} should have {count} items, not {got}",
            "`{key}` dans {where} doit avoir {count} éléments, et non {got}",
        ),
    },
    # --- extraction (pstparse.normalise) ------------------------------------------------
    "missing-level": {
        "before-os": Text(
            "'{title}' comes before any strategic objective; it was placed under a"
            " placeholder objective",
            "« {title} » précède tout objectif stratégique ; il a été placé sous un"
            " objectif provisoire",
        ),
        "direct": Text(
            "{count} action(s) sit directly under {where}, which has operational objectives",
            "{count} action(s) placée(s) directement sous {where}, qui a des objectifs"
            " opérationnels",
        ),
        "direct-oo": Text(
            "{count} action(s) sit directly under {where}, which has operational"
            " objectives: the label of OO {missing} seems to be missing",
            "{count} action(s) placée(s) directement sous {where}, qui a des objectifs"
            " opérationnels : l'intitulé de l'OO {missing} semble manquer",
        ),
        "where-code": Text("OS {code}", "l'OS {code}"),
        "where-title": Text("'{title}'", "« {title} »"),
    },
    "level-from-context": {
        "": Text(
            "unlabelled text in the {column} column taken as an action: '{title}'",
            "texte sans intitulé dans la colonne {column} pris comme une action : « {title} »",
        ),
    },
    "run-on-split": {
        "": Text(
            "a cell holding several actions was split; its text: «{text}»",
            "une cellule contenant plusieurs actions a été scindée ; son texte : « {text} »",
        ),
    },
    "duplicate-block": {
        "": Text(
            "{count} blocks repeat earlier text word for word (from {repeat}, first at"
            " {first}); emitted once",
            "{count} blocs répètent mot pour mot un texte précédent (à partir de {repeat},"
            " première fois en {first}) ; repris une seule fois",
        ),
    },
    "debris-cleaned": {
        "": Text(
            "removed {kind} debris from {count} block(s), first at {where}",
            "débris « {kind} » retirés de {count} bloc(s), d'abord en {where}",
        ),
        "html": Text(
            "removed HTML tags or entities from {count} block(s)",
            "balises ou entités HTML retirées de {count} bloc(s)",
        ),
    },
    "truncated-text": {
        "document": Text(
            "the document ends mid-sentence: '…{text}'",
            "le document s'arrête au milieu d'une phrase : « …{text} »",
        ),
        "item": Text(
            "text seems cut off mid-sentence: '…{text}'",
            "le texte semble coupé au milieu d'une phrase : « …{text} »",
        ),
    },
}
"""Finding messages by rule id, then by variant (``""`` when the rule has one wording)."""


UI: dict[str, Text] = {
    # item names (pstparse.validation.tree.name)
    "level.os": Text("OS", "OS"),
    "level.oo": Text("OO", "OO"),
    "level.action": Text("action", "action"),
    "levels.os": Text("OS", "OS"),
    "levels.oo": Text("OO", "OO"),
    "levels.action": Text("actions", "actions"),
    "item.nth": Text("{level} no. {number}", "{level} n° {number}"),
    "item.nth-of": Text("{level} no. {number} of {parent}", "{level} n° {number} de {the_parent}"),
    "and": Text("{first} and {last}", "{first} et {last}"),
    "or": Text("{first} or {last}", "{first} ou {last}"),
    # where a finding points in the source document (report.format_source)
    "source.page": Text("page {page}", "page {page}"),
    "source.table": Text("table {table}", "tableau {table}"),
    "source.row": Text("row {row}", "ligne {row}"),
    "source.column": Text("column {column}", "colonne {column}"),
    "source.paragraph": Text("paragraph {paragraph}", "paragraphe {paragraph}"),
    "source.line": Text("line {line}", "ligne {line}"),
    "source.lines": Text("lines {line}-{line_end}", "lignes {line}-{line_end}"),
    "source.document": Text("the document", "le document"),
    # the validation report (report.text_report)
    "severity.error.one": Text("{count} error", "{count} erreur"),
    "severity.error.other": Text("{count} errors", "{count} erreurs"),
    "severity.warning.one": Text("{count} warning", "{count} avertissement"),
    "severity.warning.other": Text("{count} warnings", "{count} avertissements"),
    "severity.info.one": Text("{count} info", "{count} info"),
    "severity.info.other": Text("{count} info", "{count} infos"),
    "severity.error": Text("error", "erreur"),
    "severity.warning": Text("warning", "avertissement"),
    "severity.info": Text("info", "info"),
    "report.line": Text(
        "{name}: {severity} {rule}{path}: {message}{where}",
        "{name} : {severity} {rule}{path} : {message}{where}",
    ),
    "report.line-at": Text(
        "{name}, line {line}, column {column}: {severity} {rule}: {message}{where}",
        "{name}, ligne {line}, colonne {column} : {severity} {rule} : {message}{where}",
    ),
    # plan schema (pstparse.validation.schema): where a problem sits, what was expected
    "schema.plan": Text("the plan", "le plan"),
    "schema.finding": Text("finding no. {number}", "le constat n° {number}"),
    "schema.block": Text("`{section}` entry no. {number}", "l'élément n° {number} de `{section}`"),
    "schema.document": Text("`document`", "`document`"),
    "expected.text": Text("text", "du texte"),
    "expected.integer": Text("a whole number", "un nombre entier"),
    "expected.number": Text("a number", "un nombre"),
    "expected.list": Text("a list", "une liste"),
    "expected.mapping": Text("a mapping (key: value)", "un ensemble clé : valeur"),
    "expected.boolean": Text("true or false", "true ou false"),
    "got.empty": Text("empty", "vide"),
    "got.list": Text("a list", "une liste"),
    "got.mapping": Text("a mapping", "un ensemble clé : valeur"),
    "got.value": Text("`{value}`", "`{value}`"),
    # the batch summary (cli._print_summary)
    "summary.title": Text("pstparse: batch summary", "pstparse : bilan du lot"),
    "summary.files": Text("files", "fichiers"),
    "summary.done": Text("done", "traités"),
    "summary.failed": Text("failed", "en échec"),
    "summary.skipped": Text("skipped", "ignorés"),
    "summary.os": Text("objectifs stratégiques (OS)", "objectifs stratégiques (OS)"),
    "summary.oo": Text("objectifs opérationnels (OO)", "objectifs opérationnels (OO)"),
    "summary.actions": Text("actions", "actions"),
    "summary.findings": Text("{severity} findings", "constats de niveau {severity}"),
    "summary.time": Text("time", "durée"),
    "summary.seconds": Text("{seconds:.1f} s", "{seconds:.1f} s"),
    "summary.failed-file": Text("failed: {message}", "en échec : {message}"),
    "summary.files-line": Text(
        "{total} files: {done} done, {failed} failed, {skipped} skipped ({seconds:.1f} s)",
        # Labels before numbers: no agreement to get wrong for 0 or 1 file.
        "fichiers : {total} ; traités : {done}, en échec : {failed}, ignorés : {skipped}"
        " ({seconds:.1f} s)",
    ),
    "summary.counts-line": Text(
        "{os} OS, {oo} OO, {actions} actions; findings: {findings}",
        "{os} OS, {oo} OO, {actions} actions ; constats : {findings}",
    ),
}
"""Report, summary and naming wording, by key."""
