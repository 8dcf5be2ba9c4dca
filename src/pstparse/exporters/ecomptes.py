"""eComptes PST XML (format 201805V1), both ways: the regional platform's import format,
also what iA.PST exports.

The file says its own structure (``Volet`` → ``ObjectifStrategique`` →
``ObjectifOperationnel`` → ``Action``), so reading it is a direct mapping to a plan,
like reading YAML back, not an extraction: no label grammar or layout heuristic is
needed, and the normaliser's (run-on splitting, duplicate codes, prose themes) could
only damage it. Both directions live here so that they share one mapping:

=====================  ==========================================================
eComptes               plan
=====================  ==========================================================
``Identifiants``       ``preamble`` blocks with role ``ecomptes:Id``,
                       ``ecomptes:TypeAdmin``, ``ecomptes:INS``, ``ecomptes:Exercice``,
                       ``ecomptes:IdPST`` (and the generator it came from)
``DescriptionPST``     ``document.title``, ``period_start``, ``period_end``
``Volet``              OS field ``volet`` (and ``volet_id``); ``neant`` = none
``ElementId``          field ``ecomptes_id`` (kept, so that the platform can match)
``Libelle``            ``label`` + ``code`` + ``title`` ("OS.1 - …", "A.16 - SA.17 - …")
``Description``        ``description`` (field ``description_mode`` unless TEXTE)
``DateDebut/DateFin``  fields ``date_debut`` / ``echeance``
``Statut``             field ``etat`` in words ("En cours")
``TauxAvancement``     field ``avancement`` when it is not what ``etat`` implies
``Responsable``        field ``pilote`` (``pilote_prenom``, ``_civilite``, ``_tel``,
                       ``_email`` when given)
``Mandataire``         field ``mandataire`` (and the same details)
``Departement``        field ``departement``
``RemarqueStatut``     field ``remarque_statut``
``ETP``                field ``etp`` when not 0
``Plans``              field ``plans`` (one per line)
``Partenaires``        field ``partenaires`` (one per line)
=====================  ==========================================================

Export: identifiers come from the options, else from the plan (an imported file, or the
document's organisation for ``TypeAdmin``); a required value that is still unknown is a
:class:`~pstparse.model.errors.UsageError` naming the option to give. Element ids are kept
from an import, otherwise derived from the codes on the item's path (the same plan
always gives the same ids).
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from xml.etree import ElementTree as ET
from xml.sax.saxutils import escape, quoteattr

from pstparse.exporters.registry import Exported
from pstparse.extractors import is_ecomptes as is_ecomptes  # re-exported
from pstparse.model.errors import InputError, UsageError
from pstparse.model.messages import DEFAULT_LANG, rule_message
from pstparse.model.plan import (
    Action,
    Document,
    Finding,
    Kind,
    OperationalObjective,
    Plan,
    Severity,
    Source,
    StrategicObjective,
    TextBlock,
)
from pstparse.options import ExportOptions

VERSION = "201805V1"
GENERATOR = "pstparse"
LIBELLE_MAX = 255
"""The schema's limit on a Libelle (``xs:maxLength``)."""
ID_PST_MAX = 40
ROLE_PREFIX = "ecomptes:"
NEANT = "neant"
"""The ElementId iA.PST gives the one Volet of a plan without volets."""

MAX_XML_BYTES = 32 * 1024 * 1024
"""Larger eComptes files are refused before parsing: the real export of a whole PST is
some 40 KB, and ElementTree holds the whole tree in memory."""


_PERSON_LIMITS = {"Nom": 100, "Prenom": 50, "Tel": 15, "eMail": 255}
_PERSON_KEYS = {"Prenom": "prenom", "Civilite": "civilite", "Tel": "tel", "eMail": "email"}

STATUS_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("ANNULE_ABANDONNE", ("annul", "abandon")),
    ("NON_COMMENCE", ("non commenc", "pas commenc", "non démarr", "pas démarr", "à faire")),
    ("TERMINE", ("termin", "réalisé", "achev", "clôtur", "clotur", "accompli")),
    ("PROBLEME", ("problème", "probleme", "bloqu", "suspendu")),
    ("EN_ATTENTE", ("attente", "report")),
    ("EN_COURS", ("en cours", "commenc", "démarr", "entam", "initi")),
)
"""Word stems of an ``etat`` field, checked in this order, and the eComptes Statut they
mean. Negations come before what they negate ("non commencé" before "commencé"); the
platform's own codes (``EN_COURS``…) are recognised too. Anything else is
``NON_COMMENCE`` with an info finding."""

STATUS_TEXT = {
    "ANNULE_ABANDONNE": "Annulé / abandonné",
    "NON_COMMENCE": "Non commencé",
    "EN_COURS": "En cours",
    "EN_ATTENTE": "En attente",
    "PROBLEME": "Problème",
    "TERMINE": "Terminé",
}
"""What an imported Statut becomes in the ``etat`` field (read back by STATUS_WORDS)."""

_PERCENT = re.compile(r"(\d{1,3}(?:[.,]\d+)?)\s*%")
_BARE_NUMBER = re.compile(r"\s*(\d{1,3}(?:[.,]\d+)?)\s*")
_DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y")
_LIBELLE = re.compile(
    r"^(?P<label>(?P<level>OS|OO|A)\.(?P<code>[^\s-]+)\s+-)\s*(?P<title>.*)$", re.S
)
_SUB_LIBELLE = re.compile(
    r"^(?P<label>A\.(?P<parent>[^\s-]+)\s+-\s+SA\.(?P<code>[^\s-]+)\s+-)\s*(?P<title>.*)$", re.S
)
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
"""Characters XML 1.0 cannot hold at all (not even escaped)."""
_ID_NAMESPACE = uuid.UUID("6f1c2a8e-3b5d-4e9a-9c1f-5b7d2e4a8c03")
"""Fixed namespace of the derived ElementIds (uuid5 of the item's code path)."""


# --------------------------------------------------------------------------- export


@dataclass
class _Writer:
    plan: Plan
    exercice: int
    findings: list[Finding] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)
    ids: set[str] = field(default_factory=set)

    def out(self, depth: int, text: str) -> None:
        self.lines.append("  " * depth + text)

    def element_id(self, item: Any, path: str) -> str:
        kept = item.fields.get("ecomptes_id") if hasattr(item, "fields") else None
        candidate = kept or uuid.uuid5(_ID_NAMESPACE, path).hex
        n = 2
        unique = candidate
        while unique in self.ids:
            unique = f"{candidate}-{n}"
            n += 1
        self.ids.add(unique)
        return unique

    def finding(
        self, rule: str, variant: str, path: str, severity: Severity, **fields: object
    ) -> None:
        """Note what the export adjusted, worded from the message catalogue."""
        message = rule_message(rule, variant, DEFAULT_LANG, **fields)
        self.findings.append(Finding(rule=rule, severity=severity, message=message, path=path))


def _cut(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters on a word boundary, ending with "…"."""
    if len(text) <= limit:
        return text
    room = text[: limit - 1]
    space = room.rfind(" ")
    if space > limit // 2:
        room = room[:space]
    return room.rstrip(" ,;:-–") + "…"


def _libelle(item: StrategicObjective | OperationalObjective | Action, prefix: str) -> str:
    label = item.label or ""
    if _LIBELLE.match(label + " x") or _SUB_LIBELLE.match(label + " x"):
        return f"{label} {item.title}".strip()
    if item.code:
        return f"{prefix}.{item.code} - {item.title}"
    return item.title


def status_of(etat: str | None) -> str | None:
    """The eComptes Statut an ``etat`` field means, or ``None`` (see STATUS_WORDS)."""
    if not etat:
        return None
    text = etat.strip()
    if text.upper() in STATUS_TEXT:
        return text.upper()
    lowered = text.lower()
    for status, stems in STATUS_WORDS:
        if any(stem in lowered for stem in stems):
            return status
    return None


def _progress(fields: dict[str, str], status: str) -> str:
    """TauxAvancement: the ``avancement`` field ("40 %" or "40"), else a percentage in
    ``etat`` ("en cours (40 %)"), else 100 for a finished item and 0 otherwise."""
    progress = fields.get("avancement") or ""
    etat = fields.get("etat") or ""
    for match in (
        _PERCENT.search(progress) or _BARE_NUMBER.fullmatch(progress),
        _PERCENT.search(etat),
    ):
        if match:
            value = float(match.group(1).replace(",", "."))
            return _number(min(max(value, 0.0), 100.0))
    return "100" if status == "TERMINE" else "0"


def _number(value: float) -> str:
    return str(int(value)) if value.is_integer() else f"{value:g}"


def _date(text: str | None) -> str | None:
    if not text:
        return None
    for fmt in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(text.strip(), fmt).date().isoformat()
        except ValueError:
            continue
    return None


def _text_element(depth: int, name: str, value: str | None) -> str:
    if not value:
        return f"{'  ' * depth}<{name}/>"
    return f"{'  ' * depth}<{name}>{escape(value)}</{name}>"


def _description(w: _Writer, depth: int, name: str, text: str | None, mode: str = "TEXTE") -> None:
    w.out(depth, f"<{name}>")
    w.out(depth + 1, f"<Mode>{escape(mode)}</Mode>")
    w.lines.append(_text_element(depth + 1, "Valeur", text))
    w.out(depth, f"</{name}>")


def _person(w: _Writer, depth: int, tag: str, fields: dict[str, str], key: str, path: str) -> None:
    name = fields.get(key)
    if not name:
        return
    civilite = (fields.get(f"{key}_civilite") or "MONSIEUR").upper()
    if civilite not in ("MONSIEUR", "MADAME"):
        civilite = "MADAME" if civilite.startswith(("MME", "MADAME")) else "MONSIEUR"
    values = {"Nom": name}
    for part, suffix in _PERSON_KEYS.items():
        if part != "Civilite":
            values[part] = fields.get(f"{key}_{suffix}", "")
    w.out(depth, f"<{tag}>")
    w.out(depth + 1, f"<Civilite>{civilite}</Civilite>")
    for part in ("Nom", "Prenom", "Tel", "eMail"):
        value = values[part]
        limit = _PERSON_LIMITS[part]
        if len(value) > limit:
            w.finding(
                "ecomptes-cut",
                "",
                path,
                Severity.WARNING,
                tag=tag,
                part=part,
                limit=limit,
                value=repr(value),
            )
            value = _cut(value, limit)
        w.lines.append(_text_element(depth + 1, part, value))
    w.out(depth, f"</{tag}>")


def _list(w: _Writer, depth: int, tag: str, child: str, text: str | None) -> None:
    items = [line.strip() for line in (text or "").split("\n") if line.strip()]
    if not items:
        w.out(depth, f"<{tag}/>")
        return
    w.out(depth, f"<{tag}>")
    for item in items:
        w.lines.append(_text_element(depth + 1, child, item))
    w.out(depth, f"</{tag}>")


def _element_base(
    w: _Writer,
    depth: int,
    item: StrategicObjective | OperationalObjective | Action,
    libelle: str,
    path: str,
) -> None:
    """The ElementBaseInfo children of an OS, OO or action, in the schema's order."""
    fields = item.fields
    if len(libelle) > LIBELLE_MAX:
        w.finding(
            "libelle-truncated",
            "",
            path,
            Severity.WARNING,
            limit=LIBELLE_MAX,
            value=repr(libelle),
        )
        libelle = _cut(libelle, LIBELLE_MAX)
    w.lines.append(_text_element(depth, "Libelle", libelle))
    start = _date(fields.get("date_debut"))
    end = _date(fields.get("echeance"))
    if fields.get("echeance") and end is None:
        w.finding("ecomptes-date", "", path, Severity.INFO, value=repr(fields["echeance"]))
    if start:
        w.out(depth, f"<DateDebut>{start}</DateDebut>")
    if end:
        w.out(depth, f"<DateFin>{end}</DateFin>")
    description = item.description
    details = item.details if isinstance(item, Action) else []
    if details:
        description = "\n".join([*([description] if description else []), *details])
    _description(w, depth, "Description", description, fields.get("description_mode", "TEXTE"))
    status = status_of(fields.get("etat"))
    if status is None:
        if fields.get("etat"):
            w.finding("ecomptes-status", "", path, Severity.INFO, value=repr(fields["etat"]))
        status = "NON_COMMENCE"
    w.out(depth, f"<Statut>{status}</Statut>")
    _person(w, depth, "Responsable", fields, "pilote", path)
    _person(w, depth, "Mandataire", fields, "mandataire", path)
    if fields.get("departement"):
        w.lines.append(_text_element(depth, "Departement", fields["departement"]))
    w.out(depth, f"<TauxAvancement>{_progress(fields, status)}</TauxAvancement>")
    _description(w, depth, "RemarqueStatut", fields.get("remarque_statut"))
    etp = fields.get("etp", "0").replace(",", ".")
    try:
        etp = _number(max(float(etp), 0.0))
    except ValueError:
        etp = "0"
    w.out(depth, f"<ETP>{etp}</ETP>")
    _list(w, depth, "Plans", "Plan", fields.get("plans"))
    _list(w, depth, "Partenaires", "Partenaire", fields.get("partenaires"))


def _open(w: _Writer, depth: int, tag: str, element_id: str) -> None:
    w.out(depth, f'<{tag} ElementId={quoteattr(element_id)} Exercice="{w.exercice}">')


def _step(code: str | None, index: int, siblings: list[str | None]) -> str:
    # A code unique among its siblings names the item; otherwise its position does.
    if code and siblings.count(code) == 1:
        return code
    return f"#{index + 1}"


def _actions(w: _Writer, depth: int, actions: list[Action], path: str, ypath: str) -> None:
    if not actions:
        return
    w.out(depth, "<Actions>")
    codes = [a.code for a in actions]
    for index, action in enumerate(actions):
        apath = f"{path}/A:{_step(action.code, index, codes)}"
        _open(w, depth + 1, "Action", w.element_id(action, apath))
        _element_base(w, depth + 2, action, _libelle(action, "A"), f"{ypath}.actions[{index}]")
        w.out(depth + 1, "</Action>")
    w.out(depth, "</Actions>")


def _objective_os(w: _Writer, depth: int, index: int, os_: StrategicObjective, path: str) -> None:
    ypath = f"strategic_objectives[{index}]"
    _open(w, depth, "ObjectifStrategique", w.element_id(os_, path))
    _element_base(w, depth + 1, os_, _libelle(os_, "OS"), ypath)
    oos = list(os_.operational_objectives)
    if os_.actions:
        # The schema has no place for actions directly under an OS: they go into an OO
        # that says so, rather than being dropped.
        w.finding(
            "ecomptes-actions-under-os",
            "",
            ypath,
            Severity.WARNING,
            count=len(os_.actions),
            where=os_.code or repr(os_.title),
        )
    if oos or os_.actions:
        w.out(depth + 1, "<ObjectifsOperationnels>")
        codes = [oo.code for oo in oos]
        if os_.actions:
            holder = OperationalObjective(
                title="Actions sans objectif opérationnel", actions=list(os_.actions)
            )
            hpath = f"{path}/OO:-"
            _open(w, depth + 2, "ObjectifOperationnel", w.element_id(holder, hpath))
            _element_base(w, depth + 3, holder, holder.title, ypath)
            _actions(w, depth + 3, holder.actions, hpath, ypath)
            w.out(depth + 2, "</ObjectifOperationnel>")
        for oindex, oo in enumerate(oos):
            opath = f"{path}/OO:{_step(oo.code, oindex, codes)}"
            oypath = f"{ypath}.operational_objectives[{oindex}]"
            _open(w, depth + 2, "ObjectifOperationnel", w.element_id(oo, opath))
            _element_base(w, depth + 3, oo, _libelle(oo, "OO"), oypath)
            _actions(w, depth + 3, oo.actions, opath, oypath)
            w.out(depth + 2, "</ObjectifOperationnel>")
        w.out(depth + 1, "</ObjectifsOperationnels>")
    w.out(depth, "</ObjectifStrategique>")


def _volets(plan: Plan) -> Iterator[tuple[str | None, str | None, list[int]]]:
    """(volet name, kept id, indexes of its OS) in order of first appearance."""
    groups: dict[str | None, tuple[str | None, list[int]]] = {}
    for index, os_ in enumerate(plan.strategic_objectives):
        name = os_.fields.get("volet") or None
        kept, members = groups.setdefault(name, (os_.fields.get("volet_id"), []))
        members.append(index)
    for name, (kept, members) in groups.items():
        yield name, kept, members


def _identifier(plan: Plan, key: str) -> str | None:
    for block in plan.preamble:
        if block.role == ROLE_PREFIX + key and block.text.strip():
            return block.text.strip()
    return None


CPAS_WORDS = re.compile(r"\bC\.?P\.?A\.?S\b", re.IGNORECASE)
"""The organisation or title names a CPAS: TypeAdmin ``CPAS``. Checked first, because a
CPAS plan usually names its commune too ("CPAS de la Ville de Namur")."""

COMMUNE_WORDS = re.compile(r"\b(commune|ville|administration communale)\b", re.IGNORECASE)
"""The organisation or title names a commune or town: TypeAdmin ``AC``."""


def _type_admin(plan: Plan, options: ExportOptions) -> tuple[str | None, str | None]:
    """TypeAdmin and, when it was inferred from the document, the evidence."""
    if options.type_admin:
        return options.type_admin, None
    kept = _identifier(plan, "TypeAdmin")
    if kept in ("AC", "CPAS"):
        return kept, None
    said = " ".join(filter(None, (plan.document.organisation, plan.document.title)))
    for words, value in ((CPAS_WORDS, "CPAS"), (COMMUNE_WORDS, "AC")):
        match = words.search(said)
        if match:
            return value, f"TypeAdmin {value}: the document says {match.group(0)!r} ({said!r})"
    return None, None


def _int_or_none(text: str | None) -> int | None:
    try:
        return int(text) if text is not None else None
    except ValueError:
        return None


def export_ecomptes(plan: Plan, options: ExportOptions) -> Exported:
    """The plan as an eComptes PST XML file (format 201805V1), and what was adjusted.

    Raises :class:`UsageError` naming the options to give when the INS code, the
    administration type or the budget year (exercice) is not known, or when the plan
    does not give its period (``document.period_start``/``period_end``).
    """
    ins = options.ins if options.ins is not None else _int_or_none(_identifier(plan, "INS"))
    type_admin, evidence = _type_admin(plan, options)
    exercice = (
        options.exercice
        if options.exercice is not None
        else _int_or_none(_identifier(plan, "Exercice"))
    )
    missing = [
        text
        for text, value in (
            ("--ins (the INS code of the commune)", ins),
            ("--type-admin AC|CPAS", type_admin),
            ("--exercice (the budget year)", exercice),
        )
        if value is None
    ]
    start, end = plan.document.period_start, plan.document.period_end
    if start is None or end is None:
        missing.append("the PST period (document.period_start and period_end in the plan)")
    if missing:
        raise UsageError(
            "eComptes export needs " + ", ".join(missing) + ": the document does not say it"
        )
    assert ins is not None and exercice is not None and start is not None and end is not None
    w = _Writer(plan, exercice)
    if evidence:
        w.finding("ecomptes-type-admin", "", "document", Severity.INFO, evidence=evidence)
    if plan.document.kind is not Kind.PST:
        w.finding(
            "ecomptes-kind", "", "document.kind", Severity.WARNING, kind=plan.document.kind.value
        )
    pst_key = f"{ins}|{type_admin}|{start}-{end}"
    id_pst = _identifier(plan, "IdPST") or uuid.uuid5(_ID_NAMESPACE, pst_key).hex
    title = plan.document.title or f"PST {start}-{end}"
    w.lines.append('<?xml version="1.0" encoding="utf-8"?>')
    w.out(0, "<dataroot>")
    w.out(1, "<Identifiants>")
    w.lines.append(_text_element(2, "Id", _identifier(plan, "Id") or f"{ins}-{exercice}"))
    w.out(2, f"<TypeAdmin>{type_admin}</TypeAdmin>")
    w.out(2, f"<INS>{ins}</INS>")
    w.out(2, "<Type>PST</Type>")
    w.out(2, f"<Exercice>{exercice}</Exercice>")
    w.out(2, f"<Version>{VERSION}</Version>")
    w.out(2, f"<Generateur>{GENERATOR}</Generateur>")
    w.out(1, "</Identifiants>")
    w.out(1, "<PST>")
    w.out(2, "<DescriptionPST>")
    w.lines.append(_text_element(3, "IdPST", _cut(id_pst, ID_PST_MAX)))
    if len(title) > LIBELLE_MAX:
        w.finding(
            "libelle-truncated",
            "",
            "document.title",
            Severity.WARNING,
            limit=LIBELLE_MAX,
            value=repr(title),
        )
    w.lines.append(_text_element(3, "Libelle", _cut(title, LIBELLE_MAX)))
    w.out(3, f"<ExerciceDebut>{start}</ExerciceDebut>")
    w.out(3, f"<ExerciceFin>{end}</ExerciceFin>")
    w.out(2, "</DescriptionPST>")
    w.out(2, "<Volets>")
    os_codes = [os_.code for os_ in plan.strategic_objectives]
    for name, kept, members in _volets(plan):
        volet_id = NEANT if name is None else (kept or uuid.uuid5(_ID_NAMESPACE, f"V:{name}").hex)
        w.ids.add(volet_id)
        volet = StrategicObjective(title=name or "NEANT")
        _open(w, 3, "Volet", volet_id)
        _element_base(w, 4, volet, volet.title, "document")
        w.out(4, "<ObjectifStrategiques>")
        for index in members:
            os_ = plan.strategic_objectives[index]
            path = f"OS:{_step(os_.code, index, os_codes)}"
            _objective_os(w, 5, index, os_, path)
        w.out(4, "</ObjectifStrategiques>")
        w.out(3, "</Volet>")
    if not plan.strategic_objectives:
        _open(w, 3, "Volet", NEANT)
        _element_base(w, 4, StrategicObjective(title="NEANT"), "NEANT", "document")
        w.out(3, "</Volet>")
    w.out(2, "</Volets>")
    w.out(1, "</PST>")
    w.out(0, "</dataroot>")
    xml, replaced = _NOT_XML.subn("\ufffd", "\n".join(w.lines) + "\n")
    if replaced:
        w.finding("ecomptes-characters", "", "document", Severity.WARNING, count=replaced)
    return Exported(xml, w.findings)


# --------------------------------------------------------------------------- import


_DOCTYPE = re.compile(rb"<!DOCTYPE", re.IGNORECASE)


class _DoctypeRefusedError(Exception):
    pass


def _parse(data: bytes, name: str) -> tuple[ET.Element, dict[int, int]]:
    """The element tree of ``data`` and the line where each element starts (by ``id``).

    Built on expat directly (ElementTree's C parser does not tell lines), with every
    document type declaration refused: no eComptes file has one, and refusing them keeps
    entity expansion ("billion laughs") and external entities out entirely.
    """
    from xml.parsers import expat

    if len(data) > MAX_XML_BYTES:
        raise InputError(f"eComptes file too large (over {MAX_XML_BYTES // 2**20} MiB)", path=name)
    if _DOCTYPE.search(data):
        raise InputError(
            "XML document type declarations are not allowed in an eComptes file", path=name
        )
    parser = expat.ParserCreate()
    lines: dict[int, int] = {}
    stack: list[ET.Element] = []
    roots: list[ET.Element] = []
    texts: list[list[str]] = []

    def start(tag: str, attrs: dict[str, str]) -> None:
        element = ET.Element(tag, attrs)
        lines[id(element)] = parser.CurrentLineNumber
        if stack:
            stack[-1].append(element)
        else:
            roots.append(element)
        stack.append(element)
        texts.append([])

    def end(tag: str) -> None:
        element = stack.pop()
        element.text = "".join(texts.pop())

    def chars(text: str) -> None:
        if texts:
            texts[-1].append(text)

    def doctype(*args: object) -> None:
        raise _DoctypeRefusedError

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = chars
    parser.StartDoctypeDeclHandler = doctype
    try:
        parser.Parse(data, True)
    except _DoctypeRefusedError as exc:
        raise InputError(
            "XML document type declarations are not allowed in an eComptes file", path=name
        ) from exc
    except expat.ExpatError as exc:
        raise InputError(f"damaged eComptes XML: {exc}", path=name) from exc
    root = roots[0]
    if root.tag != "dataroot":
        raise InputError(f"not an eComptes PST file (root element {root.tag!r})", path=name)
    return root, lines


def _text(element: ET.Element | None, child: str) -> str:
    if element is None:
        return ""
    found = element.find(child)
    return (found.text or "").strip() if found is not None else ""


@dataclass
class _Reader:
    name: str
    lines: dict[int, int]
    exercice: str

    def source(self, element: ET.Element) -> Source | None:
        line = self.lines.get(id(element))
        return Source(line=line) if line else None

    def fields(self, element: ET.Element) -> dict[str, str]:
        out: dict[str, str] = {}
        element_id = element.get("ElementId")
        if element_id:
            out["ecomptes_id"] = element_id
        if element.get("Exercice") and element.get("Exercice") != self.exercice:
            out["exercice"] = element.get("Exercice", "")
        if _text(element, "DateDebut"):
            out["date_debut"] = _text(element, "DateDebut")
        if _text(element, "DateFin"):
            out["echeance"] = _text(element, "DateFin")
        status = _text(element, "Statut")
        if status:
            out["etat"] = STATUS_TEXT.get(status, status)
        for tag, key in (("Responsable", "pilote"), ("Mandataire", "mandataire")):
            person = element.find(tag)
            if person is None:
                continue
            if _text(person, "Nom"):
                out[key] = _text(person, "Nom")
            civilite = _text(person, "Civilite")
            if civilite and civilite != "MONSIEUR":
                out[f"{key}_civilite"] = civilite
            for part in ("Prenom", "Tel", "eMail"):
                if _text(person, part):
                    out[f"{key}_{_PERSON_KEYS[part]}"] = _text(person, part)
        if _text(element, "Departement"):
            out["departement"] = _text(element, "Departement")
        progress = _text(element, "TauxAvancement")
        implied = "100" if status == "TERMINE" else "0"
        if progress and _normal_number(progress) != implied:
            out["avancement"] = f"{_normal_number(progress)} %"
        remark = element.find("RemarqueStatut")
        if remark is not None and _text(remark, "Valeur"):
            out["remarque_statut"] = _text(remark, "Valeur")
        etp = _text(element, "ETP")
        if etp and _normal_number(etp) != "0":
            out["etp"] = _normal_number(etp)
        plans = [(p.text or "").strip() for p in element.findall("Plans/Plan")]
        if any(plans):
            out["plans"] = "\n".join(p for p in plans if p)
        partners = [(p.text or "").strip() for p in element.findall("Partenaires/Partenaire")]
        if any(partners):
            out["partenaires"] = "\n".join(p for p in partners if p)
        description = element.find("Description")
        mode = _text(description, "Mode")
        if mode and mode != "TEXTE":
            out["description_mode"] = mode
        return out

    def description(self, element: ET.Element) -> str | None:
        found = element.find("Description/Valeur")
        text = (found.text or "").strip() if found is not None else ""
        return text or None


def _normal_number(text: str) -> str:
    try:
        return _number(float(text.replace(",", ".")))
    except ValueError:
        return text


def _split_libelle(libelle: str) -> tuple[str | None, str | None, str]:
    """(label, code, title) of an iA.PST Libelle; a sub-action keeps "A.n - SA.m -"."""
    for pattern in (_SUB_LIBELLE, _LIBELLE):
        match = pattern.match(libelle)
        if match:
            return match.group("label"), match.group("code"), match.group("title").strip()
    return None, None, libelle


def _item(reader: _Reader, element: ET.Element, cls: Any, **children: Any) -> Any:
    label, code, title = _split_libelle(_text(element, "Libelle"))
    return cls(
        code=code,
        label=label,
        title=title,
        description=reader.description(element),
        text=_text(element, "Libelle") if label else None,
        fields=reader.fields(element),
        source=reader.source(element),
        **children,
    )


def read_ecomptes(data: bytes, *, name: str = "<eComptes>") -> Plan:
    """Read an eComptes / iA.PST PST XML file into a plan (see the module docstring).

    Sub-actions keep the iA.PST naming: "A.16 - SA.17 - Réaliser un audit" becomes an
    action with code ``17``, label ``A.16 - SA.17 -`` and its title, after action 16.
    Raises :class:`~pstparse.model.errors.InputError` for a file that is not eComptes XML,
    is damaged, too large, or declares a document type.
    """
    root, lines = _parse(data, name)
    ids = root.find("Identifiants")
    pst = root.find("PST")
    if ids is None or pst is None:
        raise InputError("not an eComptes PST file (no Identifiants or PST)", path=name)
    exercice = _text(ids, "Exercice")
    reader = _Reader(name, lines, exercice)
    preamble = [
        TextBlock(text=_text(ids, key), role=ROLE_PREFIX + key, source=reader.source(ids))
        for key in ("Id", "TypeAdmin", "INS", "Exercice", "Generateur")
        if _text(ids, key)
    ]
    description = pst.find("DescriptionPST")
    if _text(description, "IdPST"):
        preamble.append(
            TextBlock(
                text=_text(description, "IdPST"),
                role=ROLE_PREFIX + "IdPST",
                source=reader.source(description) if description is not None else None,
            )
        )
    document = Document(
        kind=Kind.PST,
        title=_text(description, "Libelle") or None,
        period_start=_int_or_none(_text(description, "ExerciceDebut") or None),
        period_end=_int_or_none(_text(description, "ExerciceFin") or None),
    )
    objectives: list[StrategicObjective] = []
    for volet in pst.findall("Volets/Volet"):
        volet_fields: dict[str, str] = {}
        if volet.get("ElementId", NEANT) != NEANT:
            volet_fields = {
                "volet": _text(volet, "Libelle"),
                "volet_id": volet.get("ElementId", ""),
            }
        for os_el in volet.findall("ObjectifStrategiques/ObjectifStrategique"):
            oos = []
            for oo_el in os_el.findall("ObjectifsOperationnels/ObjectifOperationnel"):
                actions = [_item(reader, a, Action) for a in oo_el.findall("Actions/Action")]
                oos.append(_item(reader, oo_el, OperationalObjective, actions=actions))
            os_ = _item(reader, os_el, StrategicObjective, operational_objectives=oos)
            os_.fields = {**volet_fields, **os_.fields}
            objectives.append(os_)
    return Plan(document=document, preamble=preamble, strategic_objectives=objectives)
