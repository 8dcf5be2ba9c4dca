#!/usr/bin/env python3
"""Render the layout matrix: six invented plans × layouts × label styles, each with its gold.

The matrix is the team's guard against overfitting (issue #11): the same plans laid out the
ways communes really lay out a PST, so that a fix for one layout cannot silently break
another. ``bench/matrix_accuracy.py`` scores pstparse and the generic baselines on it.

Inputs: ``bench/matrix/plans.txt`` (the six plans). Outputs, all committed:

* ``bench/matrix/docs/<plan>__<layout>__<labels>.{txt,docx,pdf}``: the documents;
* ``bench/matrix/gold/<plan>__<layout>__<labels>.yaml``: the expected tree, in the format of
  ``../shared/gold/*.yaml`` (``score.py --run docs gold`` pairs them by stem, so a DOCX and
  the LibreOffice PDF made from it share one gold);
* ``bench/matrix/manifest.json``: one entry per document (layout, label style, rendering,
  orientation, font size), read by the scorer and the tests.

TXT, DOCX and reportlab PDFs are written here, byte for byte deterministic (fixed zip dates
and core properties, reportlab's ``invariant`` mode). The LibreOffice PDFs are made from
their DOCX by ``bench/matrix/generate.sh``, which then calls ``--fix-pdf`` to pin their
dates and document ID.

Usage::

    python bench/matrix/generate.py [--out DIR] [--no-pdf]   # TXT, DOCX, reportlab PDF, golds
    python bench/matrix/generate.py --lo-jobs                 # DOCX files LibreOffice converts
    python bench/matrix/generate.py --fix-pdf FILE...         # pin LibreOffice PDF metadata
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import random
import re
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import yaml
from docx.shared import Cm

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

import make_samples as ms  # noqa: E402  (scripts/ is not a package; its DOCX helpers)

PLANS_FILE = HERE / "plans.txt"
DEFAULT_OUT = HERE

# ------------------------------------------------------------------------------- plans


@dataclass
class Act:
    """An action (third level), its sub-actions (a fourth level) and follow-up fields."""

    title: str
    subs: list[str] = field(default_factory=list)
    fields: dict[str, str] = field(default_factory=dict)


@dataclass
class OO:
    """An operational objective."""

    title: str
    acts: list[Act] = field(default_factory=list)


@dataclass
class OS:
    """A strategic objective."""

    title: str
    oos: list[OO] = field(default_factory=list)


@dataclass
class PlanSpec:
    """One invented plan: document metadata and its tree."""

    id: str
    organisation: str
    title: str
    period: str
    has_fields: bool
    sos: list[OS] = field(default_factory=list)


PILOTES = [
    "Directeur général",
    "Directrice financière",
    "Service travaux",
    "Service environnement",
    "Échevin de la jeunesse",
    "Service population",
    "CPAS – service social",
    "Cellule communication",
]
INDICATEURS = [
    "Nombre de bénéficiaires",
    "Taux de réalisation du projet",
    "Nombre de participants",
    "Délai moyen de traitement",
    "Rapport annuel au Conseil",
    "Économies réalisées (€)",
]
ODDS = [1, 3, 4, 7, 8, 10, 11, 13, 15, 16]


def load_plans(path: Path = PLANS_FILE) -> dict[str, PlanSpec]:
    """Parse ``plans.txt``; fields (pilote, échéance…) come from a fixed seed per plan."""
    plans: dict[str, PlanSpec] = {}
    cur: PlanSpec | None = None
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        tag, _, rest = line.partition(" ")
        if tag == "PLAN":
            pid, org, title, period, fields = (p.strip() for p in rest.split("|"))
            cur = plans[pid] = PlanSpec(pid, org, title, period, fields == "yes")
        elif cur is None:
            raise SystemExit(f"{path}: {line!r} before any PLAN line")
        elif tag == "OS":
            cur.sos.append(OS(rest))
        elif tag == "OO":
            cur.sos[-1].oos.append(OO(rest))
        elif tag == "A":
            cur.sos[-1].oos[-1].acts.append(Act(rest))
        elif tag == "S":
            cur.sos[-1].oos[-1].acts[-1].subs.append(rest)
        else:
            raise SystemExit(f"{path}: unknown line {line!r}")
    for plan in plans.values():
        rng = random.Random(f"fields:{plan.id}")
        for _so, _oo, act in iter_acts(plan):
            year = rng.randint(2025, 2030)
            odds = sorted(rng.sample(ODDS, rng.randint(1, 2)))
            act.fields = {
                "pilote": rng.choice(PILOTES),
                "echeance": rng.choice([str(year), f"T{rng.randint(1, 4)} {year}", "Continu"]),
                "indicateur": rng.choice(INDICATEURS),
                "budget": rng.choice(
                    [f"{rng.randint(2, 90) * 1000:,} €".replace(",", " "), "À déterminer"]
                ),
                "odd": ", ".join(f"ODD {n}" for n in odds),
            }
    return plans


def iter_acts(plan: PlanSpec) -> Iterator[tuple[OS, OO, Act]]:
    """Every action with its OS and OO, in document order."""
    for so in plan.sos:
        for oo in so.oos:
            for act in oo.acts:
                yield so, oo, act


# ------------------------------------------------------------------------- label styles

ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]
LETTERS = "ABCDEFGHIJ"


@dataclass
class Labels:
    """The label written before each title, and the code it carries (for the gold)."""

    text: dict[int, str] = field(default_factory=dict)
    code: dict[int, str | None] = field(default_factory=dict)

    def of(self, node: object) -> str:
        """The label text before ``node``'s title ("" when unlabelled)."""
        return self.text[id(node)]

    def full(self, node: OS | OO | Act) -> str:
        """Label and title, as written in the document."""
        return self.of(node) + node.title


# style -> (OS format, OO format, action format); {i} OS number, {j} OO number within the
# OS, {k} action number within the OO, {R}/{L} OS as roman numeral/letter, {n} a counter
# per level running through the whole document (iA.PST exports).
LABEL_STYLES: dict[str, tuple[str, str, str]] = {
    "plain": ("OS {i} - ", "OO {i}.{j} - ", ""),
    "bare": ("{i}. ", "{i}.{j} ", "{i}.{j}.{k}. "),
    "spelled": (
        "Objectif stratégique {i} : ",
        "Objectif opérationnel {i}.{j} : ",
        "Action {i}.{j}.{k} : ",
    ),
    "numero": (
        "Objectif stratégique N° {i} – ",
        "Objectif opérationnel N° {i}.{j} – ",
        "Action N° {i}.{j}.{k} – ",
    ),
    "roman": ("{R}. ", "{R}.{j} ", "{R}.{j}.{k} "),
    "letters": ("{L}. ", "{L}.{j} ", "{L}.{j}.{k} "),
    "iapst": ("OS.{n} - ", "OO.{n} - ", "A.{n} - "),
    "restart": ("OS {i} : ", "OO {i}.{j} : ", "Action {k} : "),
    "none": ("", "", ""),
}
CODE_RE = re.compile(r"(?:[IVX]+|[A-J]|\d+)(?:\.(?:\d+))*")


def make_labels(plan: PlanSpec, style: str) -> Labels:
    """Labels of every node of ``plan`` in ``style`` (see :data:`LABEL_STYLES`)."""
    fmt_os, fmt_oo, fmt_act = LABEL_STYLES[style]
    labels = Labels()
    counters = {"os": 0, "oo": 0, "act": 0}

    def put(node: object, fmt: str, level: str, **kw: Any) -> None:
        counters[level] += 1
        text = fmt.format(n=counters[level], **kw)
        labels.text[id(node)] = text
        m = CODE_RE.search(text)
        labels.code[id(node)] = m.group(0) if m else None

    for i, so in enumerate(plan.sos, 1):
        kw: dict[str, Any] = {"i": i, "R": ROMAN[i - 1], "L": LETTERS[i - 1]}
        put(so, fmt_os, "os", **kw)
        for j, oo in enumerate(so.oos, 1):
            put(oo, fmt_oo, "oo", j=j, **kw)
            for k, act in enumerate(oo.acts, 1):
                put(act, fmt_act, "act", j=j, k=k, **kw)
    return labels


# --------------------------------------------------------------------------------- gold

FIELD_KEYS = ("pilote", "echeance", "indicateur", "budget", "odd")


def gold_of(plan: PlanSpec, labels: Labels, shown_fields: tuple[str, ...] = ()) -> dict[str, Any]:
    """The expected plan in ``score.py``'s format.

    Only titles and the tree are scored; codes, fields shown in the document and
    sub-actions (``details``) are there for the reader and for finer checks later.
    """
    sos: list[dict[str, Any]] = []
    for so in plan.sos:
        oos: list[dict[str, Any]] = []
        for oo in so.oos:
            acts: list[dict[str, Any]] = []
            for act in oo.acts:
                entry: dict[str, Any] = {"code": labels.code[id(act)], "title": act.title}
                if act.subs:
                    entry["details"] = list(act.subs)
                if shown_fields:
                    entry["fields"] = {k: act.fields[k] for k in shown_fields}
                acts.append(entry)
            oos.append({"code": labels.code[id(oo)], "title": oo.title, "actions": acts})
        sos.append(
            {
                "code": labels.code[id(so)],
                "title": so.title,
                "operational_objectives": oos,
                "actions": [],
            }
        )
    return {
        "document": {
            "kind": "pst",
            "title": plan.title,
            "organisation": plan.organisation,
            "period": plan.period,
        },
        "strategic_objectives": sos,
    }


# ---------------------------------------------------------------------------- documents


@dataclass
class Spec:
    """One cell of the matrix: a plan in a layout with a label style and a rendering."""

    plan: str
    layout: str
    labels: str
    rendering: str  # docx, lo-pdf (LibreOffice from that docx), reportlab-pdf, txt
    landscape: bool = False
    font_pt: float = 11.0
    lo_pdf: bool = False  # also convert the DOCX to PDF with LibreOffice
    encoding: str = "utf-8"
    newline: str = "\n"

    @property
    def stem(self) -> str:
        """``<plan>__<layout>__<labels>``: the name of the documents and of the gold."""
        return f"{self.plan}__{self.layout}__{self.labels}"


@dataclass
class Ctx:
    """What a renderer gets: the spec, the plan, its labels, and where to write."""

    spec: Spec
    plan: PlanSpec
    lab: Labels
    out: Path

    @property
    def path(self) -> Path:
        """The document path without extension."""
        return self.out / "docs" / self.spec.stem


INTRO_DPC = (
    "Ce programme traduit la Déclaration de politique communale adoptée en début de "
    "législature en objectifs concrets, évalués chaque année par le Conseil."
)
INTRO = (
    "Le programme stratégique transversal (PST) décline les ambitions de la législature en "
    "objectifs stratégiques, objectifs opérationnels et actions."
)


def _title_line(plan: PlanSpec) -> str:
    return f"{plan.title} – {plan.organisation}"


# ----------------------------------------------------------------------- DOCX helpers


def new_docx(ctx: Ctx) -> ms.SampleDoc:
    """A DOCX with the project's sample styles, in the spec's orientation and size."""
    return ms.SampleDoc(landscape=ctx.spec.landscape, font_size=ctx.spec.font_pt)


def save_docx(sd: ms.SampleDoc, ctx: Ctx) -> None:
    """Write the DOCX with fixed core properties and zip dates (deterministic bytes)."""
    props = sd.doc.core_properties
    props.author = props.last_modified_by = "pstparse layout matrix"
    props.created = props.modified = ms.FIXED_TIME
    props.revision = 1
    props.title = ctx.plan.title
    buf = io.BytesIO()
    sd.doc.save(buf)
    ctx.path.with_suffix(".docx").write_bytes(ms.normalise_zip(buf.getvalue()))


def cell(text: str, merge: str | None = None, style: str | None = None) -> ms.Cell:
    """A one-paragraph table cell."""
    return ms.Cell([ms.Para(ms.plain(text), style)] if text else [], merge)


def merged(text: str, first: bool, span: int) -> ms.Cell:
    """A cell merged vertically over ``span`` rows (``first`` holds the text)."""
    if span == 1:
        return cell(text)
    return cell(text, "restart") if first else ms.Cell(merge="continue")


HEADER3 = ["Objectifs stratégiques", "Objectifs opérationnels", "Actions"]
FIELD_HEADERS = {
    "pilote": "Pilote",
    "echeance": "Échéance",
    "indicateur": "Indicateur",
    "budget": "Budget",
    "odd": "ODD",
}


def shown_fields(ctx: Ctx) -> tuple[str, ...]:
    """The follow-up columns a table layout shows: all of them if the plan has any."""
    return FIELD_KEYS if ctx.plan.has_fields else ()


# ---------------------------------------------------------------------- DOCX layouts


def docx_table_per_os(ctx: Ctx) -> tuple[str, ...]:
    """One table per OS (OS as a heading above it), OO cells merged over their actions."""
    sd = new_docx(ctx)
    sd.heading(_title_line(ctx.plan), 0)
    sd.para(INTRO)
    fields = shown_fields(ctx)
    for so in ctx.plan.sos:
        sd.heading(ctx.lab.full(so), 1)
        rows: list[list[ms.Cell]] = []
        for oo in so.oos:
            for k, act in enumerate(oo.acts):
                row = [merged(ctx.lab.full(oo), k == 0, len(oo.acts)), cell(ctx.lab.full(act))]
                row += [cell(act.fields[f]) for f in fields]
                rows.append(row)
        header = ["Objectifs opérationnels", "Actions", *(FIELD_HEADERS[f] for f in fields)]
        widths = [5.5, 11.5] if not fields else [3.4, 5.2, 2.4, 1.6, 1.8, 1.4, 1.2]
        sd.table(header, rows, widths)
    save_docx(sd, ctx)
    return fields


def merged_rows(ctx: Ctx, fields: tuple[str, ...]) -> list[list[ms.Cell]]:
    """One row per action, OS and OO cells merged vertically over their rows."""
    rows: list[list[ms.Cell]] = []
    for so in ctx.plan.sos:
        n_os = sum(len(oo.acts) for oo in so.oos)
        first_os = True
        for oo in so.oos:
            for k, act in enumerate(oo.acts):
                row = [
                    merged(ctx.lab.full(so), first_os, n_os),
                    merged(ctx.lab.full(oo), k == 0, len(oo.acts)),
                    cell(ctx.lab.full(act)),
                ]
                row += [cell(act.fields[f]) for f in fields]
                rows.append(row)
                first_os = False
    return rows


def docx_merged(ctx: Ctx) -> tuple[str, ...]:
    """One big ruled table, OS/OO cells merged, header row repeated on every page.

    The introduction names the "Déclaration de politique communale" (a kind phrase that
    must not turn a PST table into a declaration)."""
    sd = new_docx(ctx)
    sd.heading(_title_line(ctx.plan), 0)
    sd.para(INTRO_DPC)
    sd.table(HEADER3, merged_rows(ctx, ()), [4.5, 5.0, 7.5])
    save_docx(sd, ctx)
    return ()


def docx_five_col(ctx: Ctx) -> tuple[str, ...]:
    """OS, OO, action, pilote, échéance; OS/OO text repeated on every row (a spreadsheet
    pasted into Word), landscape."""
    sd = new_docx(ctx)
    sd.heading(_title_line(ctx.plan), 0)
    rows = [
        [
            cell(ctx.lab.full(so)),
            cell(ctx.lab.full(oo)),
            cell(ctx.lab.full(act)),
            cell(act.fields["pilote"]),
            cell(act.fields["echeance"]),
        ]
        for so, oo, act in iter_acts(ctx.plan)
    ]
    sd.table([*HEADER3, "Pilote", "Échéance"], rows, [6.0, 6.0, 8.7, 3.5, 2.5])
    save_docx(sd, ctx)
    return ("pilote", "echeance")


def docx_bullets_cell(ctx: Ctx) -> tuple[str, ...]:
    """One row per OO; its actions are bullet paragraphs inside one cell: Word bullets
    (List Bullet) when labelled, bullets typed as characters ("• ") when not."""
    sd = new_docx(ctx)
    sd.heading(_title_line(ctx.plan), 0)
    typed = ctx.spec.labels == "none"
    rows: list[list[ms.Cell]] = []
    for so in ctx.plan.sos:
        for j, oo in enumerate(so.oos):
            bullets = ms.Cell(
                [
                    ms.Para(ms.plain(f"• {a.title}"))
                    if typed
                    else ms.Para(ms.plain(ctx.lab.full(a)), "List Bullet")
                    for a in oo.acts
                ]
            )
            rows.append(
                [merged(ctx.lab.full(so), j == 0, len(so.oos)), cell(ctx.lab.full(oo)), bullets]
            )
    sd.table(HEADER3, rows, [4.0, 5.0, 8.0])
    save_docx(sd, ctx)
    return ()


def docx_linebreaks(ctx: Ctx) -> tuple[str, ...]:
    """One row per OO; its actions in ONE cell paragraph separated by manual line breaks."""
    sd = new_docx(ctx)
    sd.heading(_title_line(ctx.plan), 0)
    rows: list[list[ms.Cell]] = []
    for so in ctx.plan.sos:
        for j, oo in enumerate(so.oos):
            # python-docx writes "\n" inside a run as <w:br/>: one paragraph, several lines.
            text = "\n".join(ctx.lab.full(a) for a in oo.acts)
            rows.append(
                [cell(ctx.lab.full(so) if j == 0 else ""), cell(ctx.lab.full(oo)), cell(text)]
            )
    sd.table(HEADER3, rows, [4.0, 5.0, 8.0])
    save_docx(sd, ctx)
    return ()


def docx_headings(ctx: Ctx) -> tuple[str, ...]:
    """Heading 1 per OS, Heading 2 per OO, one List Bullet per action."""
    sd = new_docx(ctx)
    sd.heading(_title_line(ctx.plan), 0)
    sd.para(INTRO)
    for so in ctx.plan.sos:
        sd.heading(ctx.lab.full(so), 1)
        for oo in so.oos:
            sd.heading(ctx.lab.full(oo), 2)
            for act in oo.acts:
                sd.bullet(ctx.lab.full(act))
    save_docx(sd, ctx)
    return ()


def _volets(plan: PlanSpec) -> list[tuple[str, list[OS]]]:
    """Levels above the OS: the last OS is the internal volet, the others the external."""
    return [
        ("Volet externe – Politiques communales", plan.sos[:-1]),
        ("Volet interne – Administration communale", plan.sos[-1:]),
    ]


def docx_toc_volets(ctx: Ctx) -> tuple[str, ...]:
    """Title page, table of contents (TOC styles, dot leaders, page numbers), then volets
    (Heading 1, with a presentation paragraph) above the OS (Heading 2), OO (Heading 3)
    and bulleted actions."""
    sd = new_docx(ctx)
    sd.heading(ctx.plan.title, 0)
    sd.para(ctx.plan.organisation)
    sd.page_break()
    sd.para("Table des matières", "TOC Heading")
    page = 3
    for volet, sos in _volets(ctx.plan):
        sd.toc_entry(volet, str(page), 1)
        for so in sos:
            sd.toc_entry(ctx.lab.full(so), str(page), 2)
            page += 1
    sd.page_break()
    for volet, sos in _volets(ctx.plan):
        sd.heading(volet, 1)
        sd.para(f"Présentation du volet : {INTRO}")
        for so in sos:
            sd.heading(ctx.lab.full(so), 2)
            for oo in so.oos:
                sd.heading(ctx.lab.full(oo), 3)
                for act in oo.acts:
                    sd.bullet(ctx.lab.full(act))
    save_docx(sd, ctx)
    return ()


def _fiche_rows(ctx: Ctx, so: OS, oo: OO, act: Act, action_key: str) -> list[tuple[str, str]]:
    return [
        ("Objectif stratégique", ctx.lab.full(so)),
        ("Objectif opérationnel", ctx.lab.full(oo)),
        (action_key, ctx.lab.full(act)),
        ("Pilote", act.fields["pilote"]),
        ("Échéance", act.fields["echeance"]),
        ("Description", f"Cette action contribue à l'objectif « {oo.title} »."),
        ("Indicateur", act.fields["indicateur"]),
    ]


def docx_fiches(ctx: Ctx) -> tuple[str, ...]:
    """Fiches-actions: one small key/value table per action, OS and OO repeated in each."""
    sd = new_docx(ctx)
    sd.heading(_title_line(ctx.plan), 0)
    for n, (so, oo, act) in enumerate(iter_acts(ctx.plan), 1):
        sd.para(ms.bold(f"Fiche-action n° {n}"))
        table = sd.doc.add_table(rows=0, cols=2)
        table.style = sd.doc.styles["Table Grid"]
        for key, value in _fiche_rows(ctx, so, oo, act, "Action"):
            row = table.add_row()
            row.cells[0].width, row.cells[1].width = Cm(4.5), Cm(12.5)
            row.cells[0].paragraphs[0].add_run(key).bold = True
            row.cells[1].paragraphs[0].add_run(value)
        sd.doc.add_paragraph()
    save_docx(sd, ctx)
    return ("pilote", "echeance", "indicateur")


def docx_titleblock(ctx: Ctx) -> tuple[str, ...]:
    """A title block (Title style, organisation, period, a large bold volet line) and a
    caption above a ruled table."""
    sd = new_docx(ctx)
    sd.heading(ctx.plan.title, 0)
    sd.heading(ctx.plan.organisation, 0)
    sd.para(ms.bold(f"Législature {ctx.plan.period}"))
    sd.para(ms.bold("Présentation du volet externe"))
    sd.para(ms.bold("Tableau 1 – Objectifs stratégiques, objectifs opérationnels et actions"))
    sd.table(HEADER3, merged_rows(ctx, ()), [4.5, 5.0, 7.5])
    save_docx(sd, ctx)
    return ()


def docx_captions(ctx: Ctx) -> tuple[str, ...]:
    """Headings for OS/OO; each action a bullet followed by bold captions ("Pilote :",
    "Indicateurs :") and numbered items: fields of the action, never actions."""
    sd = new_docx(ctx)
    sd.heading(_title_line(ctx.plan), 0)
    for so in ctx.plan.sos:
        sd.heading(ctx.lab.full(so), 1)
        for oo in so.oos:
            sd.heading(ctx.lab.full(oo), 2)
            for act in oo.acts:
                sd.bullet(ctx.lab.full(act))
                sd.para([("Pilote : ", True), (act.fields["pilote"], False)])
                sd.para(ms.bold("Indicateurs :"))
                for n, ind in enumerate(_indicators(act), 1):
                    sd.para(f"{n}. {ind}")
    save_docx(sd, ctx)
    return ("pilote", "indicateur")


def _indicators(act: Act) -> list[str]:
    return [act.fields["indicateur"], f"Échéance respectée ({act.fields['echeance']})"]


def docx_fourth_level(ctx: Ctx) -> tuple[str, ...]:
    """Headings for OS/OO, projects as bullets, their sub-actions as level-2 bullets."""
    sd = new_docx(ctx)
    sd.heading(_title_line(ctx.plan), 0)
    for so in ctx.plan.sos:
        sd.heading(ctx.lab.full(so), 1)
        for oo in so.oos:
            sd.heading(ctx.lab.full(oo), 2)
            for act in oo.acts:
                sd.bullet(ctx.lab.full(act))
                for sub in act.subs:
                    sd.bullet(sub, 1)
    save_docx(sd, ctx)
    return ()


# ----------------------------------------------------------------------- TXT layouts


def write_txt(ctx: Ctx, lines: list[str]) -> None:
    """Write the text in the spec's encoding and newline convention."""
    text = ctx.spec.newline.join(lines) + ctx.spec.newline
    ctx.path.with_suffix(".txt").write_bytes(text.encode(ctx.spec.encoding))


def txt_tsv(ctx: Ctx) -> tuple[str, ...]:
    """Tab-separated rows (a spreadsheet saved as text); OS/OO only on their first row."""
    fields = shown_fields(ctx)
    lines = [_title_line(ctx.plan), INTRO_DPC]
    lines.append("\t".join([*HEADER3, *(FIELD_HEADERS[f] for f in fields)]))
    last_so: OS | None = None
    last_oo: OO | None = None
    for so, oo, act in iter_acts(ctx.plan):
        cells = [
            ctx.lab.full(so) if so is not last_so else "",
            ctx.lab.full(oo) if oo is not last_oo else "",
            ctx.lab.full(act),
            *(act.fields[f] for f in fields),
        ]
        last_so, last_oo = so, oo
        lines.append("\t".join(cells))
    write_txt(ctx, lines)
    return fields


def txt_toc_volets(ctx: Ctx) -> tuple[str, ...]:
    """Plain-text table of contents (dot leaders, page numbers) before the body; volets
    above the OS; actions as "- " items."""
    lines = [ctx.plan.title, ctx.plan.organisation, "", "TABLE DES MATIÈRES", ""]
    page = 3
    for volet, sos in _volets(ctx.plan):
        lines.append(f"{volet} {'.' * 10} {page}")
        for so in sos:
            lines.append(f"{ctx.lab.full(so)} {'.' * 10} {page}")
            page += 1
    lines.append("")
    for volet, sos in _volets(ctx.plan):
        lines += ["", volet.upper(), "", f"Présentation du volet : {INTRO}", ""]
        for so in sos:
            lines += [ctx.lab.full(so), ""]
            for oo in so.oos:
                lines.append(ctx.lab.full(oo))
                lines += [f"- {ctx.lab.full(a)}" for a in oo.acts]
                lines.append("")
    write_txt(ctx, lines)
    return ()


def txt_web(ctx: Ctx) -> tuple[str, ...]:
    """Text copied from a web page: skip link, navigation, breadcrumbs, dateline, leftover
    HTML tags, share buttons and a "Source :" line around the plan."""
    slug = ctx.plan.id
    lines = [
        "Aller au contenu principal",
        "Accueil | Ma commune | Vie politique | Services | Agenda | Contact",
        f"Accueil > Ma commune > Vie politique > {ctx.plan.title}",
        "",
        ctx.plan.title,
        "Publié le 12 mars 2025 – Mis à jour le 3 avril 2025",
        "<p>",
        INTRO,
        "</p>",
        "",
    ]
    bullet = "• " if ctx.spec.labels in ("plain", "none") else ""
    for so in ctx.plan.sos:
        lines += [ctx.lab.full(so), ""]
        for oo in so.oos:
            lines.append(ctx.lab.full(oo))
            lines += [f"{bullet}{ctx.lab.full(a)}" for a in oo.acts]
            lines.append("")
    lines += [
        "Partager : Facebook Twitter LinkedIn Imprimer",
        f"Source : https://www.{slug}.be/ma-commune/vie-politique/pst",
        "Haut de page",
        f"© {ctx.plan.organisation} – Mentions légales – Vie privée",
    ]
    write_txt(ctx, lines)
    return ()


def _cols_layout(rows: list[list[str]], widths: list[int], gap: int = 3) -> list[str]:
    """Rows as ``pdftotext -layout`` prints a table: cells wrapped to their column width,
    columns aligned with spaces."""
    out: list[str] = []
    for row in rows:
        wrapped = [
            ms._wrap(text, w, "", "") if text else [""] for text, w in zip(row, widths, strict=True)
        ]
        for n in range(max(len(w) for w in wrapped)):
            parts = [
                (w[n] if n < len(w) else "").ljust(width)
                for w, width in zip(wrapped, widths, strict=True)
            ]
            out.append((" " * gap).join(parts).rstrip())
    return out


def txt_pdftotext(ctx: Ctx) -> tuple[str, ...]:
    """``pdftotext -layout`` output of a ruled table: space-aligned columns, wrapped
    cells, a form feed and the repeated header at each page, page numbers."""
    widths = [26, 30, 44]
    header = _cols_layout([HEADER3], widths)
    body: list[list[str]] = []
    last_so: OS | None = None
    last_oo: OO | None = None
    for so, oo, act in iter_acts(ctx.plan):
        body.append(
            [
                ctx.lab.full(so) if so is not last_so else "",
                ctx.lab.full(oo) if oo is not last_oo else "",
                ctx.lab.full(act),
            ]
        )
        last_so, last_oo = so, oo
    lines = [f"                {_title_line(ctx.plan)}", "", *header]
    page, used = 1, 0
    for row in body:
        block = _cols_layout([row], widths)
        if used + len(block) > 40:
            lines += ["", f"{'':>90}{page}", "\f" + header[0], *header[1:]]
            page, used = page + 1, 0
        lines += block
        used += len(block)
    lines += ["", f"{'':>90}{page}"]
    write_txt(ctx, lines)
    return ()


def txt_markdown(ctx: Ctx) -> tuple[str, ...]:
    """A Markdown outline: # title, ## OS, ### OO, "- " or "* " items."""
    item = "* " if ctx.spec.labels == "none" else "- "
    lines = [f"# {_title_line(ctx.plan)}", "", INTRO, ""]
    for so in ctx.plan.sos:
        lines += [f"## {ctx.lab.full(so)}", ""]
        for oo in so.oos:
            lines += [f"### {ctx.lab.full(oo)}", ""]
            lines += [f"{item}{ctx.lab.full(a)}" for a in oo.acts]
            lines.append("")
    lines += ["---", f"*{ctx.plan.organisation}, {ctx.plan.period}*"]
    write_txt(ctx, lines)
    return ()


def txt_hanging(ctx: Ctx) -> tuple[str, ...]:
    """Hard-wrapped at 78 columns with hanging indents: continuation lines are indented
    under the text, not under the label."""
    lines = [ctx.plan.title, ctx.plan.organisation, ""]
    for so in ctx.plan.sos:
        lines += ms._wrap(ctx.lab.full(so), 78, "", "   ")
        for oo in so.oos:
            lines += ms._wrap(ctx.lab.full(oo), 78, "   ", "      ")
            for act in oo.acts:
                lines += ms._wrap(ctx.lab.full(act), 78, "      - ", "        ")
        lines.append("")
    write_txt(ctx, lines)
    return ()


def txt_flat(ctx: Ctx) -> tuple[str, ...]:
    """A table flattened into one paragraph (a PDF copied as one line): codes are the
    only separators, the page's running header and footer are mixed in."""
    running = f"{ctx.plan.organisation} {ctx.plan.period}"
    words: list[str] = [f"{ctx.plan.title} 1"]
    for n, so in enumerate(ctx.plan.sos):
        if n and n % 2 == 0:
            words.append(f"{running} {n // 2 + 1}")
        words.append(ctx.lab.full(so))
        words.append("Objectifs opérationnels")
        for oo in so.oos:
            words.append(ctx.lab.full(oo))
            words.append("Actions")
            words += [ctx.lab.full(a) for a in oo.acts]
    words.append(running)
    write_txt(ctx, [ctx.plan.title, ctx.plan.organisation, "", " ".join(words)])
    return ()


def txt_fourth_level(ctx: Ctx) -> tuple[str, ...]:
    """Indented outline: OS, OO, "Projet" items and their sub-actions one level deeper."""
    lines = [_title_line(ctx.plan), ""]
    for so in ctx.plan.sos:
        lines.append(ctx.lab.full(so))
        for oo in so.oos:
            lines.append(f"  {ctx.lab.full(oo)}")
            for act in oo.acts:
                lines.append(f"    {ctx.lab.full(act)}")
                lines += [f"      - {sub}" for sub in act.subs]
        lines.append("")
    write_txt(ctx, lines)
    return ()


# ------------------------------------------------------------------ reportlab layouts


def _rl_doc(ctx: Ctx) -> Any:
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.units import cm
    from reportlab.platypus import SimpleDocTemplate

    size = landscape(A4) if ctx.spec.landscape else A4
    return SimpleDocTemplate(
        str(ctx.path.with_suffix(".pdf")),
        pagesize=size,
        leftMargin=1.8 * cm,
        rightMargin=1.8 * cm,
        topMargin=1.8 * cm,
        bottomMargin=1.8 * cm,
        title=ctx.plan.title,
        author="pstparse layout matrix",
        creator="pstparse layout matrix",
        invariant=1,  # fixed dates and document ID: deterministic bytes
    )


def _rl_styles(ctx: Ctx) -> dict[str, Any]:
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    # Bitstream Vera ships with reportlab (so the bytes do not depend on the machine's
    # fonts) and is embedded with a ToUnicode map, as in real reports; the base-14
    # Helvetica would write "•" without one.
    for name, file in (("Vera", "Vera.ttf"), ("VeraBd", "VeraBd.ttf")):
        if name not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(name, file))
    pt = ctx.spec.font_pt
    # Never cut a word in two to fit a column: no real report does that.
    keep = {"splitLongWords": 0}
    return {
        "body": ParagraphStyle("body", fontName="Vera", fontSize=pt, leading=pt * 1.2, **keep),
        "head": ParagraphStyle("head", fontName="VeraBd", fontSize=pt, leading=pt * 1.2, **keep),
        "title": ParagraphStyle(
            "title", fontName="VeraBd", fontSize=pt + 9, leading=(pt + 9) * 1.25
        ),
        "sub": ParagraphStyle(
            "sub", fontName="VeraBd", fontSize=pt + 3, leading=(pt + 3) * 1.3, spaceAfter=6
        ),
    }


def _rl_table(ctx: Ctx, fields: tuple[str, ...], *, ruled: bool, widths_cm: list[float]) -> Any:
    from reportlab.lib import colors
    from reportlab.lib.units import cm
    from reportlab.platypus import Paragraph, Table, TableStyle

    st = _rl_styles(ctx)

    def p(text: str, style: str = "body") -> Any:
        return Paragraph(escape(text), st[style])

    data: list[list[Any]] = [
        [p(h, "head") for h in [*HEADER3, *(FIELD_HEADERS[f] for f in fields)]]
    ]
    last_so: OS | None = None
    last_oo: OO | None = None
    for so, oo, act in iter_acts(ctx.plan):
        data.append(
            [
                p(ctx.lab.full(so)) if so is not last_so else "",
                p(ctx.lab.full(oo)) if oo is not last_oo else "",
                p(ctx.lab.full(act)),
                *(p(act.fields[f]) for f in fields),
            ]
        )
        last_so, last_oo = so, oo
    table = Table(data, colWidths=[w * cm for w in widths_cm], repeatRows=1)
    style: list[Any] = [("VALIGN", (0, 0), (-1, -1), "TOP")]
    if ruled:
        style.append(("GRID", (0, 0), (-1, -1), 0.5, colors.black))
    else:
        style.append(("LINEBELOW", (0, 0), (-1, 0), 0.5, colors.black))
    table.setStyle(TableStyle(style))
    return table


def rl_ruled(ctx: Ctx) -> tuple[str, ...]:
    """A ruled table drawn by a report generator (every cell framed), crossing pages."""
    from reportlab.platypus import Paragraph, Spacer

    st = _rl_styles(ctx)
    fields = shown_fields(ctx)
    widths = [4.5, 5.0, 7.9] if not fields else [3.4, 3.6, 5.0, 2.6, 2.0, 2.9, 2.0, 2.0]
    frame_cm = 26.1 if ctx.spec.landscape else 17.4
    widths = [w * frame_cm / sum(widths) for w in widths]
    story = [Paragraph(escape(_title_line(ctx.plan)), st["sub"]), Spacer(1, 6)]
    story.append(_rl_table(ctx, fields, ruled=True, widths_cm=widths))
    _rl_doc(ctx).build(story)
    return fields


def rl_borderless(ctx: Ctx) -> tuple[str, ...]:
    """A borderless table (one rule under the header), narrow columns so cells wrap."""
    from reportlab.platypus import Paragraph, Spacer

    st = _rl_styles(ctx)
    widths = [5.0, 5.5, 6.9] if not ctx.spec.landscape else [6.0, 7.0, 13.1]
    story = [Paragraph(escape(_title_line(ctx.plan)), st["body"]), Spacer(1, 6)]
    story.append(_rl_table(ctx, (), ruled=False, widths_cm=widths))
    _rl_doc(ctx).build(story)
    return ()


def rl_titleblock(ctx: Ctx) -> tuple[str, ...]:
    """A large bold title block, a volet line and a table caption above a ruled table."""
    from reportlab.platypus import Paragraph, Spacer

    st = _rl_styles(ctx)
    story = [
        Paragraph(escape(ctx.plan.title), st["title"]),
        Paragraph(escape(ctx.plan.organisation), st["title"]),
        Spacer(1, 12),
        Paragraph("Présentation du volet externe", st["sub"]),
        Paragraph(escape("Tableau 1 – Objectifs et actions du programme"), st["head"]),
        Spacer(1, 6),
        _rl_table(ctx, (), ruled=True, widths_cm=[4.5, 5.0, 7.9]),
    ]
    _rl_doc(ctx).build(story)
    return ()


def rl_fiches(ctx: Ctx) -> tuple[str, ...]:
    """Fiches-actions as a report generator prints them: one framed key/value table per
    action ("Intitulé" for the action), OS and OO repeated."""
    from reportlab.lib import colors
    from reportlab.lib.units import cm
    from reportlab.platypus import KeepTogether, Paragraph, Spacer, Table, TableStyle

    st = _rl_styles(ctx)
    story: list[Any] = [Paragraph(escape(_title_line(ctx.plan)), st["sub"])]
    for n, (so, oo, act) in enumerate(iter_acts(ctx.plan), 1):
        rows = [
            [Paragraph(escape(k), st["head"]), Paragraph(escape(v), st["body"])]
            for k, v in _fiche_rows(ctx, so, oo, act, "Intitulé")
        ]
        table = Table(rows, colWidths=[4.5 * cm, 12.9 * cm])
        table.setStyle(
            TableStyle(
                [
                    ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ]
            )
        )
        head = Paragraph(escape(f"Fiche-action n° {n}"), st["head"])
        story.append(KeepTogether([Spacer(1, 10), head, Spacer(1, 4), table]))
    _rl_doc(ctx).build(story)
    return ("pilote", "echeance", "indicateur")


def rl_captions(ctx: Ctx) -> tuple[str, ...]:
    """OS/OO as bold lines, actions as bullets, then bold "Indicateurs :" captions with
    numbered items (fields of the action, never actions)."""
    from reportlab.platypus import Paragraph

    st = _rl_styles(ctx)
    story: list[Any] = [Paragraph(escape(_title_line(ctx.plan)), st["sub"])]
    for so in ctx.plan.sos:
        story.append(Paragraph(escape(ctx.lab.full(so)), st["sub"]))
        for oo in so.oos:
            story.append(Paragraph(escape(ctx.lab.full(oo)), st["head"]))
            for act in oo.acts:
                story.append(Paragraph("• " + escape(ctx.lab.full(act)), st["body"]))
                story.append(Paragraph("Indicateurs :", st["head"]))
                for n, ind in enumerate(_indicators(act), 1):
                    story.append(Paragraph(escape(f"{n}. {ind}"), st["body"]))
    _rl_doc(ctx).build(story)
    return ("indicateur",)


# ------------------------------------------------------------------------- the matrix

Renderer = Callable[[Ctx], tuple[str, ...]]


@dataclass(frozen=True)
class Layout:
    """A layout class: what it is, and how each rendering draws it."""

    description: str
    renderers: dict[str, Renderer]


LAYOUTS: dict[str, Layout] = {
    "table_per_os": Layout(
        "one table per OS, the OS as a heading above it", {"docx": docx_table_per_os}
    ),
    "merged": Layout("one big table, OS/OO cells merged vertically", {"docx": docx_merged}),
    "bullets_cell": Layout(
        "one bullet paragraph per action inside a cell", {"docx": docx_bullets_cell}
    ),
    "five_col": Layout("5 columns: OS, OO, action, pilote, échéance", {"docx": docx_five_col}),
    "linebreaks": Layout(
        "actions separated by line breaks inside one cell", {"docx": docx_linebreaks}
    ),
    "headings": Layout("headings (OS, OO) and bulleted actions", {"docx": docx_headings}),
    "toc_volets": Layout(
        "table of contents, then volets above the OS",
        {"docx": docx_toc_volets, "txt": txt_toc_volets},
    ),
    "fiches": Layout(
        "fiches-actions: one key/value table per action",
        {"docx": docx_fiches, "reportlab-pdf": rl_fiches},
    ),
    "titleblock": Layout(
        "title block and caption above a table",
        {"docx": docx_titleblock, "reportlab-pdf": rl_titleblock},
    ),
    "captions": Layout(
        'bold captions ("Indicateurs :") with numbered items under actions',
        {"docx": docx_captions, "reportlab-pdf": rl_captions},
    ),
    "fourth_level": Layout(
        "a fourth level: sub-actions under projects",
        {"docx": docx_fourth_level, "txt": txt_fourth_level},
    ),
    "tsv": Layout("tab-separated text", {"txt": txt_tsv}),
    "web": Layout(
        "text copied from a web page (navigation, breadcrumbs, Source:)", {"txt": txt_web}
    ),
    "pdftotext": Layout(
        "pdftotext -layout text: columns aligned with spaces, wrapped cells",
        {"txt": txt_pdftotext},
    ),
    "markdown": Layout("Markdown outline", {"txt": txt_markdown}),
    "hanging": Layout("hard-wrapped text with hanging indents", {"txt": txt_hanging}),
    "flat": Layout("a table flattened into one paragraph", {"txt": txt_flat}),
    "ruled_pdf": Layout("ruled PDF table from a report generator", {"reportlab-pdf": rl_ruled}),
    "borderless_pdf": Layout(
        "borderless PDF table with wrapped cells", {"reportlab-pdf": rl_borderless}
    ),
}


def S(plan: str, layout: str, labels: str, rendering: str, **kw: Any) -> Spec:  # noqa: N802
    """Shorthand for one matrix cell."""
    return Spec(plan, layout, labels, rendering, **kw)


MATRIX: list[Spec] = [
    S("florival", "table_per_os", "plain", "docx"),
    S("rochefontaine", "table_per_os", "letters", "docx", font_pt=10, lo_pdf=True),
    S("bellaire", "merged", "plain", "docx", font_pt=10, lo_pdf=True),
    S("malvoisin", "merged", "roman", "docx", font_pt=12),
    S("hamlesse", "bullets_cell", "spelled", "docx"),
    S("florival", "bullets_cell", "none", "docx"),
    S("bellaire", "five_col", "iapst", "docx", landscape=True, font_pt=9, lo_pdf=True),
    S("rochefontaine", "five_col", "restart", "docx", landscape=True, font_pt=10),
    S("florival", "linebreaks", "letters", "docx"),
    S("hamlesse", "linebreaks", "restart", "docx", font_pt=10, lo_pdf=True),
    S("malvoisin", "headings", "spelled", "docx", font_pt=12, lo_pdf=True),
    S("rochefontaine", "headings", "none", "docx"),
    S("bellaire", "toc_volets", "spelled", "docx", lo_pdf=True),
    S("malvoisin", "fiches", "plain", "docx", font_pt=10),
    S("florival", "titleblock", "roman", "docx", lo_pdf=True),
    S("hamlesse", "captions", "plain", "docx", lo_pdf=True),
    S("ambly", "fourth_level", "bare", "docx", lo_pdf=True),
    S("malvoisin", "tsv", "bare", "txt"),
    S("rochefontaine", "tsv", "plain", "txt"),
    S("ambly", "tsv", "restart", "txt"),
    S("hamlesse", "toc_volets", "roman", "txt"),
    S("florival", "web", "plain", "txt"),
    S("bellaire", "web", "numero", "txt"),
    S("malvoisin", "pdftotext", "plain", "txt"),
    S("hamlesse", "pdftotext", "bare", "txt"),
    S("rochefontaine", "markdown", "none", "txt"),
    S("florival", "markdown", "bare", "txt"),
    S("bellaire", "hanging", "plain", "txt", encoding="cp1252", newline="\r\n"),
    S("malvoisin", "hanging", "spelled", "txt"),
    S("malvoisin", "flat", "numero", "txt"),
    S("rochefontaine", "flat", "bare", "txt"),
    S("ambly", "fourth_level", "spelled", "txt"),
    S("bellaire", "ruled_pdf", "numero", "reportlab-pdf", landscape=True, font_pt=10),
    S("florival", "ruled_pdf", "none", "reportlab-pdf", font_pt=12),
    S("rochefontaine", "ruled_pdf", "iapst", "reportlab-pdf", landscape=True, font_pt=9),
    S("hamlesse", "borderless_pdf", "plain", "reportlab-pdf", landscape=True, font_pt=9),
    S("malvoisin", "borderless_pdf", "bare", "reportlab-pdf", font_pt=10),
    S("rochefontaine", "titleblock", "plain", "reportlab-pdf"),
    S("bellaire", "fiches", "none", "reportlab-pdf", font_pt=10),
    S("florival", "captions", "iapst", "reportlab-pdf", font_pt=11),
]


def manifest_entries(specs: list[Spec]) -> list[dict[str, Any]]:
    """One manifest entry per document (a DOCX with ``lo_pdf`` gives two)."""
    out: list[dict[str, Any]] = []
    for spec in specs:
        ext = {"docx": ".docx", "txt": ".txt", "reportlab-pdf": ".pdf"}[spec.rendering]
        base = {
            "gold": f"gold/{spec.stem}.yaml",
            "plan": spec.plan,
            "layout": spec.layout,
            "description": LAYOUTS[spec.layout].description,
            "labels": spec.labels,
            "orientation": "landscape" if spec.landscape else "portrait",
            "font_pt": float(spec.font_pt),
        }
        out.append({"file": f"docs/{spec.stem}{ext}", "rendering": spec.rendering, **base})
        if spec.lo_pdf:
            out.append({"file": f"docs/{spec.stem}.pdf", "rendering": "lo-pdf", **base})
    return out


def build(out: Path, *, pdf: bool = True, specs: list[Spec] | None = None) -> list[Path]:
    """Write the documents of ``specs`` (default: the whole matrix; reportlab PDFs only if
    ``pdf``), their golds and the manifest of the whole matrix."""
    plans = load_plans()
    stems = [spec.stem for spec in MATRIX]
    if len(set(stems)) != len(stems):
        raise SystemExit("two matrix cells share a plan, layout and label style")
    (out / "docs").mkdir(parents=True, exist_ok=True)
    (out / "gold").mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for spec in MATRIX if specs is None else specs:
        if spec.rendering == "reportlab-pdf" and not pdf:
            continue
        plan = plans[spec.plan]
        ctx = Ctx(spec, plan, make_labels(plan, spec.labels), out)
        fields = LAYOUTS[spec.layout].renderers[spec.rendering](ctx)
        gold = gold_of(plan, ctx.lab, fields)
        gold_path = out / "gold" / f"{spec.stem}.yaml"
        text = yaml.safe_dump(gold, allow_unicode=True, sort_keys=False, width=120)
        what = LAYOUTS[spec.layout].description
        comment = f"# Gold of the layout matrix: {spec.layout} ({what}), labels {spec.labels}."
        gold_path.write_text(f"{comment}\n{text}", encoding="utf-8")
        ext = {"docx": ".docx", "txt": ".txt", "reportlab-pdf": ".pdf"}[spec.rendering]
        written += [ctx.path.with_suffix(ext), gold_path]
    manifest = json.dumps(manifest_entries(MATRIX), ensure_ascii=False, indent=1)
    (out / "manifest.json").write_text(manifest + "\n", encoding="utf-8")
    return written


# ---------------------------------------------------------------- LibreOffice PDF fixes

PDF_DATE_RE = re.compile(rb"D:\d{14}")
XMP_DATE_RE = re.compile(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d")
PDF_CHECKSUM_RE = re.compile(rb"/DocChecksum\s*/([0-9A-Fa-f]{32})")
PDF_ID_RE = re.compile(rb"/ID\s*\[\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*\]")


def fix_pdf(path: Path) -> None:
    """Pin a LibreOffice PDF's dates and document ID, in place and at the same length
    (so the cross-reference offsets stay right)."""
    data = path.read_bytes()
    data = PDF_DATE_RE.sub(b"D:20240101000000", data)
    data = XMP_DATE_RE.sub(b"2024-01-01T00:00:00", data)
    digest = hashlib.md5(path.name.encode()).hexdigest().upper().encode()

    def fixed_id(m: re.Match[bytes]) -> bytes:
        a, b = m.group(1), m.group(2)
        return m.group(0).replace(a, digest[: len(a)]).replace(b, digest[: len(b)])

    data = PDF_ID_RE.sub(fixed_id, data)
    # LibreOffice's private checksum covers the dates: pin it too (no reader checks it).
    data = PDF_CHECKSUM_RE.sub(lambda m: m.group(0).replace(m.group(1), digest), data)
    path.write_bytes(data)


def main(argv: list[str] | None = None) -> int:
    """Command line: build, list LibreOffice jobs, or fix LibreOffice PDFs."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--no-pdf", action="store_true", help="skip the reportlab PDFs")
    ap.add_argument("--lo-jobs", action="store_true", help="print the DOCX to convert")
    ap.add_argument("--fix-pdf", nargs="+", type=Path, metavar="PDF")
    args = ap.parse_args(argv)
    if args.lo_jobs:
        for spec in MATRIX:
            if spec.lo_pdf:
                print(args.out / "docs" / f"{spec.stem}.docx")
        return 0
    if args.fix_pdf:
        for path in args.fix_pdf:
            fix_pdf(path)
        return 0
    written = build(args.out, pdf=not args.no_pdf)
    print(f"{len(written) // 2} documents and golds in {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
