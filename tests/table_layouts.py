"""Small plans rendered in the table layouts of issue #11, for the class tests.

Every renderer takes a :data:`Plan` and a label style and returns the document's bytes;
:func:`gold` gives the structure the scorer expects. The text is invented; the plans
differ in size, wording and in how many actions an OO holds, so that a fix that reads
one of them only is not a fix.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

Plan = list[tuple[str, list[tuple[str, list[str]]]]]
"""[(OS title, [(OO title, [action titles])])]."""

PLANS: dict[str, Plan] = {
    "village": [
        (
            "Embellir le village et ses hameaux",
            [
                (
                    "Verdir les places et les abords des écoles",
                    [
                        "Planter des tilleuls sur la place du marché",
                        "Installer des bancs près de l'école communale",
                        "Réaliser un inventaire des arbres remarquables",
                    ],
                ),
                ("Entretenir les sentiers", ["Baliser les chemins de promenade"]),
            ],
        ),
        (
            "Soutenir les aînés",
            [
                (
                    "Rompre la solitude des personnes isolées",
                    [
                        "Organiser des goûters au foyer chaque mois",
                        "Mise en place d'une ligne d'écoute",
                    ],
                )
            ],
        ),
    ],
    "cpas": [
        (
            "Être un CPAS accessible et proche des citoyens",
            [
                (
                    "Améliorer l'accueil des usagers",
                    [
                        "Rénover la salle d'attente du service social",
                        "Former les agents d'accueil à l'écoute active",
                    ],
                ),
                (
                    "Simplifier les démarches administratives",
                    [
                        "Créer un guichet numérique pour les demandes d'aide",
                        "Poursuite de la dématérialisation des dossiers",
                        "Publier un guide des aides en langage clair",
                    ],
                ),
            ],
        ),
        (
            "Garantir une administration performante",
            [
                ("Moderniser les outils", ["Remplacer le logiciel de comptabilité"]),
                (
                    "Valoriser le personnel",
                    [
                        "Élaborer un plan de formation pluriannuel",
                        "Organiser une journée du personnel",
                    ],
                ),
            ],
        ),
        (
            "Préserver l'environnement",
            [("Réduire les déchets", ["Installer des fontaines à eau dans les bâtiments"])],
        ),
    ],
    "ville": [
        (
            "Développer une mobilité douce et sûre",
            [
                (
                    "Sécuriser les abords des écoles",
                    [
                        "Aménager des zones 30 devant chaque école",
                        "Recruter des gardiens de la paix aux heures d'entrée",
                    ],
                ),
            ],
        ),
        (
            "Renforcer la cohésion sociale",
            [
                (
                    "Soutenir la vie associative",
                    [
                        "Mettre des salles communales à disposition des associations",
                        "Octroyer des subsides aux clubs sportifs de jeunes",
                    ],
                ),
                ("Favoriser le lien entre générations", ["Lancer un projet de jardin partagé"]),
            ],
        ),
    ],
}

STYLES = ("none", "bare", "short", "spelled")
"""Label styles: no labels, bare numbers ("1.", "1.1", "1.1.1."), "OS 1 -" / "OO 1.1 -" /
"A 1.1.1 -", and spelled out ("Objectif stratégique 1 :")."""


def label(style: str, level: int, code: str, text: str) -> str:
    """``text`` with the label of ``level`` (1 OS, 2 OO, 3 action) in ``style``."""
    if style == "none":
        return text
    if style == "bare":
        return f"{code}. {text}" if level != 2 else f"{code} {text}"
    if style == "short":
        prefix = {1: "OS", 2: "OO", 3: "Action"}[level]
        return f"{prefix} {code} - {text}"
    prefix = {1: "Objectif stratégique", 2: "Objectif opérationnel", 3: "Action"}[level]
    return f"{prefix} {code} : {text}"


def rows(plan: Plan, style: str) -> list[tuple[str, str, str, int, int]]:
    """One row per action: (OS, OO, action, OS index, action index in its OO)."""
    out = []
    for i, (os_title, oos) in enumerate(plan, start=1):
        for j, (oo_title, actions) in enumerate(oos, start=1):
            for k, action in enumerate(actions, start=1):
                out.append(
                    (
                        label(style, 1, f"{i}", os_title),
                        label(style, 2, f"{i}.{j}", oo_title),
                        label(style, 3, f"{i}.{j}.{k}", action),
                        i,
                        k,
                    )
                )
    return out


def gold(plan: Plan) -> dict[str, Any]:
    """The structure the scorer compares with."""
    return {
        "strategic_objectives": [
            {
                "title": os_title,
                "actions": [],
                "operational_objectives": [
                    {"title": oo, "actions": [{"title": a} for a in actions]} for oo, actions in oos
                ],
            }
            for os_title, oos in plan
        ]
    }


HEADER = ("Objectifs stratégiques", "Objectifs opérationnels", "Actions")

# --------------------------------------------------------------------------- DOCX


def _docx(build: Callable[[Any], None], *, landscape: bool = False) -> bytes:
    import docx
    from docx.enum.section import WD_ORIENT
    from docx.shared import Mm

    document = docx.Document()
    if landscape:
        section = document.sections[0]
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(297), Mm(210)
    document.add_paragraph("Programme stratégique transversal 2025-2030")
    build(document)
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def _flag_header(row: Any) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    trpr = row._tr.get_or_add_trPr()
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    trpr.append(flag)


def _header_row(table: Any, names: tuple[str, ...], *, flag: bool = False) -> None:
    for cell, name in zip(table.rows[0].cells, names, strict=True):
        cell.text = name
    if flag:
        _flag_header(table.rows[0])


def docx_merged(plan: Plan, style: str) -> bytes:
    """One row per action; OS and OO cells merged down over their actions."""

    def build(document: Any) -> None:
        data = rows(plan, style)
        table = document.add_table(rows=len(data) + 1, cols=3)
        table.style = "Table Grid"
        _header_row(table, HEADER)
        for r, row in enumerate(data, start=1):
            table.cell(r, 2).text = row[2]
        for col, key in ((0, 0), (1, 1)):
            start = 1
            for r in range(2, len(data) + 2):
                if r == len(data) + 1 or data[r - 1][key] != data[start - 1][key]:
                    merged = table.cell(start, col).merge(table.cell(r - 1, col))
                    merged.text = data[start - 1][key]
                    start = r

    return _docx(build)


def _oo_rows(plan: Plan, style: str) -> list[tuple[str, str, list[str]]]:
    out = []
    for i, (os_title, oos) in enumerate(plan, start=1):
        for j, (oo_title, actions) in enumerate(oos, start=1):
            out.append(
                (
                    label(style, 1, f"{i}", os_title) if j == 1 else "",
                    label(style, 2, f"{i}.{j}", oo_title),
                    [label(style, 3, f"{i}.{j}.{k}", a) for k, a in enumerate(actions, start=1)],
                )
            )
    return out


BULLETS = ("List Bullet", "List Number", "• ", "- ", "SA.{n} - ", "• SA.{n} - ")
"""How the actions of a cell are marked: a Word list style, or typed prefixes."""


def docx_bullets(plan: Plan, style: str, bullet: str = "List Bullet") -> bytes:
    """One row per OO; its actions are paragraphs of one cell, each with a bullet."""

    def build(document: Any) -> None:
        data = _oo_rows(plan, style)
        table = document.add_table(rows=len(data) + 1, cols=3)
        table.style = "Table Grid"
        _header_row(table, HEADER)
        n = 0
        for r, (os_t, oo_t, actions) in enumerate(data, start=1):
            table.cell(r, 0).text = os_t
            table.cell(r, 1).text = oo_t
            cell = table.cell(r, 2)
            for k, action in enumerate(actions):
                n += 1
                if bullet.startswith("List "):
                    p = cell.paragraphs[0] if k == 0 else cell.add_paragraph()
                    p.text = action
                    p.style = document.styles[bullet]
                else:
                    text = bullet.format(n=n) + action
                    if k == 0:
                        cell.paragraphs[0].text = text
                    else:
                        cell.add_paragraph(text)

    return _docx(build)


def docx_linebreaks(plan: Plan, style: str) -> bytes:
    """One row per OO; its actions are lines of one cell paragraph, ended by manual breaks."""

    def build(document: Any) -> None:
        data = _oo_rows(plan, style)
        table = document.add_table(rows=len(data) + 1, cols=3)
        _header_row(table, HEADER)
        for r, (os_t, oo_t, actions) in enumerate(data, start=1):
            table.cell(r, 0).text = os_t
            table.cell(r, 1).text = oo_t
            p = table.cell(r, 2).paragraphs[0]
            for k, action in enumerate(actions):
                run = p.add_run(action)
                if k < len(actions) - 1:
                    run.add_break()

    return _docx(build)


def docx_fivecol(plan: Plan, style: str) -> bytes:
    """One row per action, five columns (OS, OO, action, pilote, échéance); OS and OO
    written on their first row only."""

    def build(document: Any) -> None:
        data = rows(plan, style)
        table = document.add_table(rows=len(data) + 1, cols=5)
        table.style = "Table Grid"
        _header_row(table, (*HEADER, "Pilote", "Échéance"), flag=True)
        prev: tuple[str, str] = ("", "")
        for r, (os_t, oo_t, act, i, k) in enumerate(data, start=1):
            cells = table.rows[r].cells
            cells[0].text = os_t if os_t != prev[0] else ""
            cells[1].text = oo_t if (os_t, oo_t) != prev else ""
            cells[2].text = act
            cells[3].text = f"Service {i}"
            cells[4].text = f"{2025 + k}"
            prev = (os_t, oo_t)

    return _docx(build, landscape=True)


def docx_onecell(plan: Plan, style: str) -> bytes:
    """Flagged header row; actions on rows of their own, the first one naming "projet"."""

    def build(document: Any) -> None:
        data = rows(plan, style)
        table = document.add_table(rows=len(data) + 1, cols=3)
        _header_row(table, HEADER, flag=True)
        prev: tuple[str, str] = ("", "")
        for r, (os_t, oo_t, act, _, _) in enumerate(data, start=1):
            cells = table.rows[r].cells
            cells[0].text = os_t if os_t != prev[0] else ""
            cells[1].text = oo_t if (os_t, oo_t) != prev else ""
            cells[2].text = act
            prev = (os_t, oo_t)

    return _docx(build)


FICHE_KEYS = (
    ("Objectif stratégique", "Objectif opérationnel", "Action"),
    ("Objectif stratégique :", "Objectif opérationnel :", "Intitulé de l'action :"),
    ("OS", "OO", "Intitulé"),
)


def fiche_rows(plan: Plan, style: str, keys: tuple[str, str, str]) -> list[list[tuple[str, str]]]:
    """The key/value rows of one fiche per action."""
    out = []
    for os_t, oo_t, act, i, k in rows(plan, style):
        out.append(
            [
                (keys[0], os_t),
                (keys[1], oo_t),
                (keys[2], act),
                ("Pilote", f"Service {i}"),
                ("Échéance", f"{2025 + k}"),
                ("Description", f"Mise en œuvre progressive, étape {k}."),
            ]
        )
    return out


def docx_fiches(
    plan: Plan, style: str, keys: tuple[str, str, str] = FICHE_KEYS[0], *, by_step: bool = False
) -> bytes:
    """One two-column key/value table per action, each after a heading "Fiche-action n";
    ``by_step`` orders the fiches by their échéance, so that the OS alternate."""

    def build(document: Any) -> None:
        fiches = fiche_rows(plan, style, keys)
        if by_step:
            fiches.sort(key=lambda f: f[4][1])
        for n, fiche in enumerate(fiches, start=1):
            document.add_paragraph(f"Fiche-action n° {n}")
            table = document.add_table(rows=len(fiche), cols=2)
            table.style = "Table Grid"
            for r, (key, value) in enumerate(fiche):
                table.cell(r, 0).text = key
                table.cell(r, 1).text = value

    return _docx(build)


# --------------------------------------------------------------------------- TXT


def txt_tsv(plan: Plan, style: str) -> bytes:
    """Tab-separated rows, one per action, OS and OO on their first row only."""
    lines = ["Programme stratégique transversal", "\t".join(HEADER)]
    prev: tuple[str, str] = ("", "")
    for os_t, oo_t, act, _, _ in rows(plan, style):
        lines.append(
            "\t".join((os_t if os_t != prev[0] else "", oo_t if (os_t, oo_t) != prev else "", act))
        )
        prev = (os_t, oo_t)
    return ("\n".join(lines) + "\n").encode()


def _wrap(text: str, width: int) -> list[str]:
    out: list[str] = []
    for word in text.split():
        if out and len(out[-1]) + 1 + len(word) <= width:
            out[-1] += " " + word
        else:
            out.append(word)
    return out or [""]


def txt_spaces(plan: Plan, style: str, widths: tuple[int, int, int] = (26, 30, 34)) -> bytes:
    """Columns aligned with spaces, cells wrapped at the column width, as ``pdftotext
    -layout`` writes a borderless table."""
    gap = "    "
    lines = ["Programme stratégique transversal", ""]
    lines.append(gap.join(h.ljust(w) for h, w in zip(HEADER, widths, strict=True)).rstrip())
    prev: tuple[str, str] = ("", "")
    for os_t, oo_t, act, _, _ in rows(plan, style):
        cols = [
            _wrap(os_t, widths[0]) if os_t != prev[0] else [],
            _wrap(oo_t, widths[1]) if (os_t, oo_t) != prev else [],
            _wrap(act, widths[2]),
        ]
        prev = (os_t, oo_t)
        for n in range(max(len(c) for c in cols)):
            parts = [
                (c[n] if n < len(c) else "").ljust(w) for c, w in zip(cols, widths, strict=True)
            ]
            lines.append(gap.join(parts).rstrip())
    lines.append("")
    lines.append("Document approuvé par le conseil communal.")
    return ("\n".join(lines) + "\n").encode()


def txt_onecell(plan: Plan, style: str) -> bytes:
    """Tab-separated; each OO's last action is a short one-cell row naming a "projet"."""
    lines = ["Programme stratégique transversal", "\t".join(HEADER)]
    prev: tuple[str, str] = ("", "")
    for os_t, oo_t, act, _, _ in rows(plan, style):
        first = (os_t, oo_t) != prev
        lines.append(
            "\t".join((os_t if os_t != prev[0] else "", oo_t if first else "", act))
            if first
            else f"\t\t{act}"
        )
        prev = (os_t, oo_t)
    return ("\n".join(lines) + "\n").encode()


# --------------------------------------------------------------------------- PDF


def _pdf(flowables: Callable[[Any], list[Any]], *, landscape: bool = False) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.pagesizes import landscape as turn
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import SimpleDocTemplate

    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=turn(A4) if landscape else A4)
    doc.build(flowables(getSampleStyleSheet()))
    return buf.getvalue()


def _table(data: list[list[Any]], widths: list[float], *, ruled: bool, spans: list[Any]) -> Any:
    from reportlab.lib import colors
    from reportlab.platypus import Table, TableStyle

    commands: list[Any] = [("VALIGN", (0, 0), (-1, -1), "TOP"), *spans]
    if ruled:
        commands.append(("GRID", (0, 0), (-1, -1), 0.5, colors.black))
    commands.append(("FONTNAME", (0, 0), (-1, 0), "Helvetica-Bold"))
    table = Table(data, colWidths=widths, repeatRows=1)
    table.setStyle(TableStyle(commands))
    return table


def pdf_table(
    plan: Plan,
    style: str,
    *,
    ruled: bool = True,
    title_block: bool = False,
    merged: bool = False,
    header: bool = True,
    widths: list[float] | None = None,
) -> bytes:
    """One row per action, OS and OO on their first row only; ruled or borderless (then
    landscape, cells wrapped); with ``title_block`` a large bold title, a subtitle and a
    section caption stand above the table; with ``merged`` the OS and OO cells span their
    rows."""
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, Spacer

    def flow(sheet: Any) -> list[Any]:
        cell = ParagraphStyle("cell", parent=sheet["BodyText"], fontSize=9, leading=11)
        head = ParagraphStyle("head", parent=cell, fontName="Helvetica-Bold")
        data: list[list[Any]] = [[Paragraph(h, head) for h in HEADER]]
        prev: tuple[str, str] = ("", "")
        for os_t, oo_t, act, _, _ in rows(plan, style):
            data.append(
                [
                    Paragraph(os_t if os_t != prev[0] else "", cell),
                    Paragraph(oo_t if (os_t, oo_t) != prev else "", cell),
                    Paragraph(act, cell),
                ]
            )
            prev = (os_t, oo_t)
        out: list[Any] = []
        if title_block:
            out += [
                Paragraph("Programme stratégique transversal", sheet["Title"]),
                Paragraph("Commune de Belleville", sheet["Heading1"]),
                Paragraph("Présentation du volet externe", sheet["Heading2"]),
                Spacer(1, 8),
            ]
        else:
            out.append(Paragraph("Programme stratégique transversal 2025-2030", sheet["Normal"]))
        cols = widths or ([120.0, 130.0, 140.0] if not ruled else [150.0, 150.0, 200.0])
        spans: list[Any] = []
        if merged:
            for col in (0, 1):
                start = 1
                for r in range(2, len(data) + 1):
                    if r == len(data) or data[r][col].text:
                        if r - 1 > start:
                            spans.append(("SPAN", (col, start), (col, r - 1)))
                        start = r
        if not header:
            data = data[1:]
            spans = [(kind, (c0, r0 - 1), (c1, r1 - 1)) for kind, (c0, r0), (c1, r1) in spans]
        out.append(_table(data, cols, ruled=ruled, spans=spans))
        return out

    return _pdf(flow, landscape=not ruled)


def pdf_captions(plan: Plan, style: str, caption: str = "Indicateurs :") -> bytes:
    """Headings for OS and OO, bullet actions, each followed by a bold caption and
    numbered lines indented under it."""
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph

    def flow(sheet: Any) -> list[Any]:
        bullet = ParagraphStyle("b", parent=sheet["BodyText"], leftIndent=12, bulletIndent=0)
        cap = ParagraphStyle(
            "c", parent=sheet["BodyText"], fontName="Helvetica-Bold", leftIndent=24, fontSize=9
        )
        item = ParagraphStyle("i", parent=sheet["BodyText"], leftIndent=40, fontSize=9)
        out: list[Any] = [Paragraph("Plan stratégique", sheet["Title"])]
        for i, (os_t, oos) in enumerate(plan, start=1):
            out.append(Paragraph(f"Objectif stratégique {i} : {os_t}", sheet["Heading1"]))
            for j, (oo_t, actions) in enumerate(oos, start=1):
                out.append(Paragraph(f"Objectif opérationnel {i}.{j} : {oo_t}", sheet["Heading2"]))
                for k, action in enumerate(actions, start=1):
                    out.append(Paragraph(action, bullet, bulletText="-"))
                    out.append(Paragraph(caption, cap))
                    for n in range(1, k + 2):
                        out.append(Paragraph(f"{n}. Mesure numéro {n} de cette action", item))
        return out

    return _pdf(flow)


def pdf_fiches(plan: Plan, style: str, keys: tuple[str, str, str] = FICHE_KEYS[0]) -> bytes:
    """One ruled two-column key/value table per action."""
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, Spacer

    def flow(sheet: Any) -> list[Any]:
        cell = ParagraphStyle("cell", parent=sheet["BodyText"], fontSize=9, leading=11)
        out: list[Any] = [Paragraph("Fiches-actions", sheet["Title"])]
        for n, fiche in enumerate(fiche_rows(plan, style, keys), start=1):
            out.append(Paragraph(f"Fiche-action n° {n}", sheet["Heading2"]))
            data = [[Paragraph(k, cell), Paragraph(v, cell)] for k, v in fiche]
            out.append(_table(data, [140.0, 330.0], ruled=True, spans=[]))
            out.append(Spacer(1, 12))
        return out

    return _pdf(flow)


# --------------------------------------------------------------------------- captions


def docx_captions(plan: Plan, style: str, caption: str = "Indicateurs :") -> bytes:
    """Heading-styled objectives, "List Bullet" actions, each followed by a bold caption
    and plain numbered paragraphs."""
    import docx

    document = docx.Document()
    document.add_paragraph("Plan stratégique")
    for i, (os_t, oos) in enumerate(plan, start=1):
        document.add_heading(label(style, 1, f"{i}", os_t), 1)
        for j, (oo_t, actions) in enumerate(oos, start=1):
            document.add_heading(label(style, 2, f"{i}.{j}", oo_t), 2)
            for k, action in enumerate(actions, start=1):
                document.add_paragraph(action, style="List Bullet")
                document.add_paragraph().add_run(caption).bold = True
                for n in range(1, k + 2):
                    document.add_paragraph(f"{n}. Mesure numéro {n} de cette action")
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def txt_captions(plan: Plan, style: str, caption: str = "Indicateurs :") -> bytes:
    """An indented text outline: "- " actions, each followed by a caption naming a known
    field and numbered lines indented under it."""
    lines = ["Plan stratégique", ""]
    for i, (os_t, oos) in enumerate(plan, start=1):
        lines.append(label("short" if style == "none" else style, 1, f"{i}", os_t))
        for j, (oo_t, actions) in enumerate(oos, start=1):
            lines.append("  " + label("short" if style == "none" else style, 2, f"{i}.{j}", oo_t))
            for k, action in enumerate(actions, start=1):
                lines.append(f"    - {action}")
                lines.append(f"      {caption}")
                lines += [
                    f"        {n}. Mesure numéro {n} de cette action" for n in range(1, k + 2)
                ]
    return ("\n".join(lines) + "\n").encode()


def pdf_table_wide(plan: Plan, style: str) -> bytes:
    """A borderless landscape table whose columns are wide enough for no cell to wrap:
    rows one line each, spaced like the lines of a cell."""
    return pdf_table(plan, style, ruled=False, widths=[220.0, 220.0, 300.0])
