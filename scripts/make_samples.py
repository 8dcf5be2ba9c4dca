#!/usr/bin/env python3
"""Build the sample corpus in ``samples/`` and the generated golds in ``tests/expected/``.

Run it with the project venv (``bash scripts/make_samples.sh`` does everything, including
the DOCX → PDF conversion with LibreOffice). This script only writes TXT, DOCX, the
``tests/sources/*.txt`` companions (the plain text that was rendered, one line per paragraph or
cell paragraph, read by ``score.py``'s coverage mode), the fixture/synthetic golds and
``samples/README.md``.

Sources:

* the five seed texts and their golds, read at build time from ``../shared`` (never copied
  into the project except the byte-identical seed TXT copies);
* fixtures of our own design whose golds are hand-written YAML files in ``tests/expected/``
  (``fixture_<style>.yaml``): the renderers read them and lay the same content out;
* a large synthetic PST assembled deterministically from word lists.

Everything is deterministic: fixed random seeds, fixed DOCX timestamps and zip entry dates.
Only the LibreOffice PDFs embed their creation date.

Usage::

    python scripts/make_samples.py                 # build TXT/DOCX/src/golds/README
    python scripts/make_samples.py --pdf-jobs      # print "<tagged 0|1>\\t<docx>" per PDF
    python scripts/make_samples.py --readme        # rewrite README (with PDF page counts)
"""

from __future__ import annotations

import argparse
import copy
import datetime as dt
import io
import random
import re
import shutil
import sys
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

import docx
import yaml
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_BREAK, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.table import _Cell

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
EXPECTED = ROOT / "tests" / "expected"
SOURCES = ROOT / "tests" / "sources"
DEFAULT_SHARED = ROOT.parent / "shared"

FIXED_TIME = dt.datetime(2024, 1, 1, 0, 0, 0)
FONT = "Arial"  # LibreOffice maps it to the metric-compatible Liberation Sans.

SEEDS: dict[str, str] = {
    "000": "seed000_pst_gembloux",
    "001": "seed001_dps_walcourt",
    "002": "seed002_dps_soumagne",
    "003": "seed003_programme",
    "004": "seed004_fiche_projet",
}

# --------------------------------------------------------------------------------------
# Small rich-text model: a paragraph is a list of runs (text, bold).

Run = tuple[str, bool]


def plain(text: str) -> list[Run]:
    """One non-bold run."""
    return [(text, False)]


def bold(text: str) -> list[Run]:
    """One bold run."""
    return [(text, True)]


def runs_text(runs: Sequence[Run]) -> str:
    """The text of a run list, as it appears in the rendered document."""
    return "".join(t for t, _ in runs)


def markdown_runs(text: str) -> list[Run]:
    """Turn ``**bold**`` markup (as found in the seed texts) into runs.

    An unclosed ``**`` makes the rest of the text bold, which is what the source meant.
    """
    out: list[Run] = []
    is_bold = False
    for i, part in enumerate(text.split("**")):
        if i:
            is_bold = not is_bold
        if part:
            out.append((part, is_bold))
    return out


@dataclass
class Para:
    """A paragraph to write: runs plus a paragraph style name."""

    runs: list[Run]
    style: str | None = None
    num_id: int | None = None
    num_level: int = 0


@dataclass
class Cell:
    """A table cell: its paragraphs and its vertical-merge role."""

    paras: list[Para] = field(default_factory=list)
    merge: str | None = None  # None, "restart" or "continue"


def cell_text(text: str, style: str | None = None) -> Cell:
    """A one-paragraph cell (empty text gives an empty cell)."""
    return Cell([Para(plain(text), style)] if text else [])


# --------------------------------------------------------------------------------------
# DOCX writing with a record of the rendered text.


class SampleDoc:
    """A python-docx document plus the plain text of everything written into it."""

    def __init__(self, *, landscape: bool = False, font_size: float = 11.0) -> None:
        self.doc = docx.Document()
        self.lines: list[str] = []
        self._next_num = 100
        self._setup_page(landscape)
        self._setup_styles(font_size)

    # -- setup -------------------------------------------------------------------------
    def _setup_page(self, landscape: bool) -> None:
        section = self.doc.sections[0]
        a4_short, a4_long = Cm(21.0), Cm(29.7)
        if landscape:
            section.orientation = WD_ORIENT.LANDSCAPE
            section.page_width, section.page_height = a4_long, a4_short
        else:
            section.orientation = WD_ORIENT.PORTRAIT
            section.page_width, section.page_height = a4_short, a4_long
        for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
            setattr(section, side, Cm(2.0))

    def _setup_styles(self, font_size: float) -> None:
        styles = self.doc.styles
        names = ["Normal", "Title", "Heading 1", "Heading 2", "Heading 3", "TOC Heading"]
        for name in names:
            style = styles[name]
            style.font.name = FONT
            rpr = style.element.get_or_add_rPr()
            rfonts = rpr.find(qn("w:rFonts"))
            if rfonts is not None:
                # Theme font attributes win over explicit names in Word: drop them.
                for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
                    rfonts.attrib.pop(qn(attr), None)
                rfonts.set(qn("w:cs"), FONT)
        styles["Normal"].font.size = Pt(font_size)
        # Word's usual body spacing (the bare python-docx template has none).
        styles["Normal"].paragraph_format.space_after = Pt(4)
        styles["Normal"].paragraph_format.line_spacing = 1.15
        for level in (1, 2):
            name = f"TOC {level}"
            toc = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
            toc.base_style = styles["Normal"]
            toc.paragraph_format.left_indent = Cm(0.6 * (level - 1))
            toc.paragraph_format.space_after = Pt(2)

    @property
    def text_width(self) -> int:
        """Usable width of the page, in EMU."""
        section = self.doc.sections[0]
        width = int(section.page_width or 0)
        return width - int(section.left_margin or 0) - int(section.right_margin or 0)

    # -- paragraphs --------------------------------------------------------------------
    def _write_para(self, container: Any, para: Para, first: Any = None) -> None:
        p = first if first is not None else container.add_paragraph()
        if para.style:
            p.style = self.doc.styles[para.style]
        for text, is_bold in para.runs:
            run = p.add_run(text)
            if is_bold:
                run.bold = True
        if para.num_id is not None:
            ppr = p._p.get_or_add_pPr()
            numpr = OxmlElement("w:numPr")
            ilvl = OxmlElement("w:ilvl")
            ilvl.set(qn("w:val"), str(para.num_level))
            num = OxmlElement("w:numId")
            num.set(qn("w:val"), str(para.num_id))
            numpr.append(ilvl)
            numpr.append(num)
            # numPr must follow pStyle/keepNext…; appending after pStyle is schema-valid here.
            pstyle = ppr.find(qn("w:pStyle"))
            if pstyle is not None:
                pstyle.addnext(numpr)
            else:
                ppr.insert(0, numpr)
        self.lines.append(runs_text(para.runs))

    def para(self, runs: list[Run] | str, style: str | None = None) -> None:
        """A body paragraph."""
        self._write_para(self.doc, Para(plain(runs) if isinstance(runs, str) else runs, style))

    def heading(self, text: str, level: int) -> None:
        """A heading (level 0 is the Title style)."""
        self.para(text, "Title" if level == 0 else f"Heading {level}")

    def bullet(self, runs: list[Run] | str, level: int = 0) -> None:
        """A bulleted paragraph (List Bullet, List Bullet 2, …)."""
        style = "List Bullet" if level == 0 else f"List Bullet {level + 1}"
        self.para(runs, style)

    def numbered(self, text: str, num_id: int, level: int = 0) -> None:
        """A List Number paragraph attached to an explicit numbering instance."""
        self._write_para(self.doc, Para(plain(text), "List Number", num_id, level))

    def toc_entry(self, text: str, page: str, level: int = 1) -> None:
        """A table-of-contents line: title, dot-leader tab, page number."""
        p = self.doc.add_paragraph(style=self.doc.styles[f"TOC {level}"])
        p.paragraph_format.tab_stops.add_tab_stop(
            self.text_width, WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS
        )
        p.add_run(f"{text}\t{page}")
        self.lines.append(f"{text}\t{page}")

    def page_break(self) -> None:
        """A hard page break (its own empty paragraph)."""
        self.doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    def new_numbering(self, level_texts: Sequence[str], fmt: str = "decimal") -> int:
        """Create a numbering instance whose levels print ``level_texts`` (``%1``…).

        Each call makes a new abstract numbering, so every list restarts at 1 and may
        carry its own literal text (e.g. ``Action 1.2.%1 –``) that Word generates.
        """
        numbering = self.doc.part.numbering_part.element
        abstract_id = num_id = self._next_num
        self._next_num += 1
        abstract = OxmlElement("w:abstractNum")
        abstract.set(qn("w:abstractNumId"), str(abstract_id))
        multi = OxmlElement("w:multiLevelType")
        multi.set(qn("w:val"), "multilevel" if len(level_texts) > 1 else "singleLevel")
        abstract.append(multi)
        for ilvl, text in enumerate(level_texts):
            lvl = OxmlElement("w:lvl")
            lvl.set(qn("w:ilvl"), str(ilvl))
            for tag, val in (("w:start", "1"), ("w:numFmt", fmt), ("w:lvlText", text)):
                el = OxmlElement(tag)
                el.set(qn("w:val"), val)
                lvl.append(el)
            jc = OxmlElement("w:lvlJc")
            jc.set(qn("w:val"), "left")
            lvl.append(jc)
            ppr = OxmlElement("w:pPr")
            ind = OxmlElement("w:ind")
            hanging = 1700 if len(text) > 6 else 360
            ind.set(qn("w:left"), str(720 * (ilvl + 1) + hanging - 360))
            ind.set(qn("w:hanging"), str(hanging))
            ppr.append(ind)
            lvl.append(ppr)
            abstract.append(lvl)
        first_num = numbering.find(qn("w:num"))
        if first_num is not None:
            first_num.addprevious(abstract)
        else:
            numbering.append(abstract)
        num = OxmlElement("w:num")
        num.set(qn("w:numId"), str(num_id))
        ref = OxmlElement("w:abstractNumId")
        ref.set(qn("w:val"), str(abstract_id))
        num.append(ref)
        numbering.append(num)
        return num_id

    # -- tables ------------------------------------------------------------------------
    def table(
        self,
        header: Sequence[str],
        rows: Sequence[Sequence[Cell]],
        widths_cm: Sequence[float],
        *,
        ruled: bool = True,
        repeat_header: bool = True,
        font_size: float | None = None,
    ) -> None:
        """A table: bold header row (optionally repeated on every page) and body rows.

        Cells marked ``merge="restart"``/``"continue"`` become one vertically merged
        cell (``w:vMerge``); the text is written only in the restarting cell.
        """
        ncols = len(header)
        table = self.doc.add_table(rows=len(rows) + 1, cols=ncols)
        table.autofit = False
        if ruled:
            table.style = self.doc.styles["Table Grid"]
        else:
            _set_no_borders(table)
        grid = table._tbl.tblGrid
        for gc, width in zip(grid.findall(qn("w:gridCol")), widths_cm, strict=True):
            gc.set(qn("w:w"), str(int(width * 567)))
        trs = table._tbl.tr_lst
        all_rows: list[Sequence[Cell]] = [[Cell([Para(bold(h))]) for h in header], *rows]
        for r, (tr, row) in enumerate(zip(trs, all_rows, strict=True)):
            if r == 0 and repeat_header:
                trpr = tr.get_or_add_trPr()
                trpr.append(OxmlElement("w:tblHeader"))
            for tc, width, spec in zip(tr.tc_lst, widths_cm, row, strict=True):
                cell = _Cell(tc, table)
                cell.width = Cm(width)
                if spec.merge:
                    tcpr = tc.get_or_add_tcPr()
                    vmerge = OxmlElement("w:vMerge")
                    if spec.merge == "restart":
                        vmerge.set(qn("w:val"), "restart")
                    tcpr.append(vmerge)
                if spec.merge == "continue":
                    continue
                for i, para in enumerate(spec.paras):
                    first = cell.paragraphs[0] if i == 0 else None
                    self._write_para(cell, para, first)
                    if font_size is not None:
                        target = first if first is not None else cell.paragraphs[-1]
                        for run in target.runs:
                            run.font.size = Pt(font_size)
        self.doc.add_paragraph()

    # -- output ------------------------------------------------------------------------
    def save(self, path: Path, title: str | None = None) -> None:
        """Write the DOCX (deterministic bytes) and its source-text companion."""
        props = self.doc.core_properties
        props.author = "pstparse samples"
        props.last_modified_by = "pstparse samples"
        props.created = FIXED_TIME
        props.modified = FIXED_TIME
        props.revision = 1
        props.title = title or ""
        buf = io.BytesIO()
        self.doc.save(buf)
        path.write_bytes(normalise_zip(buf.getvalue()))
        write_src(path, self.lines)


def _set_no_borders(table: Any) -> None:
    tblpr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:val"), "none")
        el.set(qn("w:sz"), "0")
        el.set(qn("w:space"), "0")
        el.set(qn("w:color"), "auto")
        borders.append(el)
    tblpr.append(borders)


def normalise_zip(data: bytes) -> bytes:
    """Rewrite a zip with fixed entry dates so that rebuilding gives identical bytes."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            zi = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME.timetuple()[:6])
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            dst.writestr(zi, src.read(info.filename))
    return out.getvalue()


def src_path(path: Path) -> Path:
    """``samples/x__layout.docx`` → ``tests/sources/x__layout.txt``: the rendered text.

    Kept out of ``samples/`` so that a folder of samples is a folder of documents
    (``pstparse extract samples/`` reads each document once). The DOCX and the PDF made
    from it share one source."""
    if path.parent.resolve() == SAMPLES.resolve():
        return SOURCES / f"{path.stem}.txt"
    return path.with_suffix(".src.txt")  # other corpora (bench/) keep it beside the file


def write_src(path: Path, lines: Iterable[str]) -> None:
    """Write the rendered plain text, one line per paragraph (empty ones skipped)."""
    text = "\n".join(line for line in lines if line.strip())
    src_path(path).write_text(text + "\n", encoding="utf-8")


def write_text_sample(path: Path, text: str) -> None:
    """A TXT sample plus its identical source text (so coverage is measured too)."""
    path.write_text(text, encoding="utf-8")
    src_path(path).write_text(text, encoding="utf-8")


def dump_gold(path: Path, gold: dict[str, Any], comment: str) -> None:
    """Write a generated gold plan as YAML (score.py format) under a comment line."""
    path.parent.mkdir(parents=True, exist_ok=True)
    text = yaml.safe_dump(gold, allow_unicode=True, sort_keys=False, width=120)
    path.write_text(f"# {comment}\n{text}", encoding="utf-8")


# --------------------------------------------------------------------------------------
# Seed 000 (a PST) rendered from its gold in several layouts.


def _os_list(gold: dict[str, Any]) -> list[dict[str, Any]]:
    return list(gold.get("strategic_objectives") or [])


def _oos(so: dict[str, Any]) -> list[dict[str, Any]]:
    return list(so.get("operational_objectives") or [])


def _acts(node: dict[str, Any]) -> list[dict[str, Any]]:
    return list(node.get("actions") or [])


LabelFn = Callable[[dict[str, Any]], str]


def merged_rows(
    gold: dict[str, Any],
    os_label: LabelFn,
    oo_label: LabelFn,
    act_label: LabelFn,
    extra: Callable[[], list[str]] | None = None,
) -> list[list[Cell]]:
    """One row per action; OS cell merged over its rows, OO cell over its actions.

    Actions that sit directly under an OS get an empty, unmerged OO cell.
    An OO without actions still gets one row with an empty action cell.
    """
    rows: list[list[Cell]] = []
    for so in _os_list(gold):
        groups: list[tuple[dict[str, Any] | None, list[dict[str, Any]]]] = []
        if _acts(so):
            groups.append((None, _acts(so)))
        groups.extend((oo, _acts(oo)) for oo in _oos(so))
        first_os = True
        for oo, acts in groups:
            for i, act in enumerate(acts or [{}]):
                os_cell = Cell([Para(plain(os_label(so)))], "restart") if first_os else None
                first_os = False
                if os_cell is None:
                    os_cell = Cell(merge="continue")
                if oo is None:
                    oo_cell = Cell()
                elif i == 0:
                    oo_cell = Cell(
                        [Para(plain(oo_label(oo)))], "restart" if len(acts) > 1 else None
                    )
                else:
                    oo_cell = Cell(merge="continue")
                act_cell = cell_text(act_label(act) if act else "")
                row = [os_cell, oo_cell, act_cell]
                if extra is not None:
                    row.extend(cell_text(v) if act else Cell() for v in extra())
                rows.append(row)
    # A lone "restart" (OS with a single row) is legal but pointless: drop it.
    _drop_single_restarts(rows)
    return rows


def _drop_single_restarts(rows: list[list[Cell]]) -> None:
    for col in range(len(rows[0]) if rows else 0):
        for r, row in enumerate(rows):
            nxt = rows[r + 1][col] if r + 1 < len(rows) else None
            if row[col].merge == "restart" and (nxt is None or nxt.merge != "continue"):
                row[col].merge = None


def _code_label(prefix: str, sep: str) -> LabelFn:
    def label(node: dict[str, Any]) -> str:
        code = node.get("code")
        return f"{prefix}{code}{sep}{node['title']}" if code else str(node["title"])

    return label


PST_HEADER = ["Objectifs stratégiques", "Objectifs opérationnels", "Actions"]


def render_seed000(gold: dict[str, Any], stem: str) -> list[Path]:
    """The PST seed in five DOCX layouts (three more become PDFs)."""
    title = str(gold["document"]["title"])
    out: list[Path] = []

    def title_act(a: dict[str, Any]) -> str:
        return str(a.get("title", ""))

    # Merged, ruled, portrait: the classic PST grid.
    sd = SampleDoc()
    sd.heading(title, 0)
    sd.table(
        PST_HEADER,
        merged_rows(gold, _code_label("O.S. ", " : "), _code_label("O.O. ", " : "), title_act),
        [4.5, 5.0, 7.5],
    )
    path = SAMPLES / f"{stem}__table_merged.docx"
    sd.save(path, title)
    out.append(path)

    # Same grid, landscape, no borders at all (geometry-only PDF).
    sd = SampleDoc(landscape=True)
    sd.heading(title, 0)
    sd.table(
        PST_HEADER,
        merged_rows(gold, _code_label("O.S. ", " : "), _code_label("O.O. ", " : "), title_act),
        [6.5, 7.5, 11.7],
        ruled=False,
    )
    path = SAMPLES / f"{stem}__borderless_landscape.docx"
    sd.save(path, title)
    out.append(path)

    # One row per OO, actions as bullets inside one cell; OS written once, then blank.
    sd = SampleDoc()
    sd.heading(title, 0)
    os_label = _code_label("OS ", " - ")
    oo_label = _code_label("OO ", " - ")
    rows: list[list[Cell]] = []
    for so in _os_list(gold):
        groups: list[tuple[str, list[dict[str, Any]]]] = []
        if _acts(so):
            groups.append(("", _acts(so)))
        groups.extend((oo_label(oo), _acts(oo)) for oo in _oos(so))
        for i, (oo_text, acts) in enumerate(groups):
            bullets = Cell([Para(plain(str(a["title"])), "List Bullet") for a in acts])
            rows.append([cell_text(os_label(so) if i == 0 else ""), cell_text(oo_text), bullets])
    sd.table(PST_HEADER, rows, [4.0, 5.0, 8.0])
    path = SAMPLES / f"{stem}__table_bullets.docx"
    sd.save(path, title)
    out.append(path)

    # Headings + bullets.
    sd = SampleDoc()
    sd.heading(title, 0)
    for so in _os_list(gold):
        sd.heading(_code_label("Objectif stratégique ", " : ")(so), 1)
        for a in _acts(so):
            sd.bullet(str(a["title"]))
        for oo in _oos(so):
            sd.heading(_code_label("Objectif opérationnel ", " : ")(oo), 2)
            for a in _acts(oo):
                sd.bullet(str(a["title"]))
    path = SAMPLES / f"{stem}__headings.docx"
    sd.save(path, title)
    out.append(path)

    # The merged grid plus follow-up columns, landscape, action labels "A.1.1.1".
    rng = random.Random(2024)
    sd = SampleDoc(landscape=True, font_size=9)
    sd.heading(title, 0)
    counters: dict[str, int] = {}

    def act_label(a: dict[str, Any]) -> str:
        parent = a.get("_parent")
        if not parent:
            return str(a.get("title", ""))
        counters[parent] = counters.get(parent, 0) + 1
        return f"A.{parent}.{counters[parent]} {a['title']}"

    labelled = copy.deepcopy(gold)
    for so in _os_list(labelled):
        for oo in _oos(so):
            for a in _acts(oo):
                a["_parent"] = oo.get("code")
    sd.table(
        [*PST_HEADER, "Pilote", "Échéance", "Indicateurs", "Budget", "ODD", "État"],
        merged_rows(
            labelled,
            _code_label("O.S. ", " : "),
            _code_label("O.O. ", " : "),
            act_label,
            extra=lambda: follow_up_values(rng),
        ),
        [3.0, 3.4, 5.4, 2.4, 1.7, 3.4, 1.8, 1.6, 2.0],
        font_size=8,
    )
    path = SAMPLES / f"{stem}__extra_columns.docx"
    sd.save(path, title)
    out.append(path)
    return out


PILOTES = [
    "Directeur général",
    "Directrice financière",
    "Service social général",
    "Service RH",
    "Cellule communication",
    "Maisons de repos",
    "Service des crèches",
    "Service insertion (SISP)",
    "Conseiller en prévention",
    "Service informatique",
]
INDICATEURS = [
    "Nombre de bénéficiaires accompagnés",
    "Taux de satisfaction des usagers",
    "Nombre de partenariats signés",
    "Délai moyen de traitement des dossiers",
    "Nombre d'actions réalisées",
    "Nombre de participants aux activités",
    "Rapport annuel présenté au Conseil",
    "Économies réalisées (€)",
]
ETATS = ["En cours", "Terminé", "Non commencé", "Reporté", "En cours", "En cours"]


def follow_up_values(rng: random.Random) -> list[str]:
    """Plausible Pilote/Échéance/Indicateurs/Budget/ODD/État values."""
    year = rng.randint(2019, 2024)
    echeance = rng.choice([str(year), f"T{rng.randint(1, 4)} {year}", "2019-2024", "Continu"])
    budget = rng.choice(
        [f"{rng.randint(1, 60) * 500:,} €".replace(",", " "), "À déterminer", "Sans objet"]
    )
    odds = sorted(rng.sample([1, 3, 4, 5, 8, 10, 11, 12, 13, 16, 17], rng.randint(1, 2)))
    return [
        rng.choice(PILOTES),
        echeance,
        rng.choice(INDICATEURS),
        budget,
        ", ".join(f"ODD {n}" for n in odds),
        rng.choice(ETATS),
    ]


# --------------------------------------------------------------------------------------
# Seeds 001–004 (prose) through a line classifier.


@dataclass
class Line:
    """A classified source line (or several joined wrapped lines)."""

    kind: str  # title, h1, h2, para, label, numhead, bullet, toc, blank
    text: str
    page: str = ""
    level: int = 0


BULLET_RE = re.compile(r"^(?P<ind>\s*)[•\-–]\s+(?P<t>\S.*)$")
TOC_RE = re.compile(r"^(?P<t>\S.*?)(?:\s*\.{2,})?\t(?P<p>\d+)\s*$")
NUM_RE = re.compile(r"^(?P<n>\d+)\.\s+(?P<t>\S.*)$")
WORD_RE = re.compile(r"[^\W\d_]+")


def _is_caps(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 3 and all(c.isupper() for c in letters)


def classify(text: str, n_title: int) -> list[Line]:
    """Classify the lines of a prose seed into structural kinds.

    The first ``n_title`` non-blank lines are the title block. Then: TOC lines (text, dot
    leaders, tab, page), bullets (•, -, –), numbered lines (caps → level-2 heading, ending
    with ':' → bold numbered paragraph), short field labels ending with ':', all-caps
    lines and short isolated lines without final punctuation (headings), and paragraphs.
    A line starting in lower case right after an unfinished numbered item, bullet or long
    paragraph is a hard-wrapped continuation and is joined to it.
    """
    raw = text.split("\n")
    out: list[Line] = []
    titles = 0
    for i, line in enumerate(raw):
        stripped = line.strip()
        if not stripped:
            out.append(Line("blank", ""))
            continue
        if titles < n_title:
            titles += 1
            out.append(Line("title", stripped))
            continue
        prev_blank = i == 0 or not raw[i - 1].strip()
        next_blank = i + 1 >= len(raw) or not raw[i + 1].strip()
        last = out[-1] if out else None
        if (
            last is not None
            and not prev_blank
            and stripped[0].islower()
            and not re.search(r"[.:;!?»)]$", last.text)
            and (
                last.kind in ("numitem", "bullet") or (last.kind == "para" and len(last.text) >= 60)
            )
        ):
            last.text = f"{last.text} {stripped}"
            continue
        if m := TOC_RE.match(stripped):
            level = 2 if NUM_RE.match(m["t"]) else 1
            out.append(Line("toc", m["t"].strip(), m["p"], level))
        elif m := BULLET_RE.match(line):
            out.append(Line("bullet", m["t"].rstrip()))
        elif m := NUM_RE.match(stripped):
            if _is_caps(m["t"]):
                out.append(Line("h2", stripped))
            elif stripped.endswith(":"):
                out.append(Line("numhead", stripped))
            else:
                out.append(Line("numitem", stripped))
        elif stripped.endswith(":") and len(WORD_RE.findall(stripped)) <= 3:
            out.append(Line("label", stripped))
        elif _is_caps(stripped) or (
            prev_blank
            and next_blank
            and len(stripped.split()) <= 12
            and not re.search(r"[.,;:!?…]$", stripped)
        ):
            out.append(Line("h1", stripped))
        else:
            out.append(Line("para", stripped))
    return out


def bullet_runs(text: str) -> list[Run]:
    """Bullet text as runs: ``**markup**`` kept as bold; else "Titre: texte" → bold title."""
    if "**" in text:
        return markdown_runs(text)
    m = re.match(r"^(?P<t>[^:.]{3,120}?)\s?:\s+(?P<d>\S.*)$", text)
    if m and len(m["t"].split()) <= 15:
        sep = text[len(m["t"]) : len(text) - len(m["d"])]
        return [(m["t"], True), (sep + m["d"], False)]
    return plain(text)


@dataclass
class ProseLayout:
    """How one prose seed is laid out: title lines and page breaks."""

    n_title: int
    cover_page: bool = False
    toc_page_break: bool = False
    numitem_style: str | None = None


PROSE_LAYOUTS: dict[str, tuple[str, ProseLayout]] = {
    "001": ("headings", ProseLayout(n_title=2)),
    "002": ("toc_headings", ProseLayout(n_title=5, cover_page=True, toc_page_break=True)),
    "003": ("headings_bullets", ProseLayout(n_title=1)),
    "004": ("labels", ProseLayout(n_title=0)),
}


def render_prose(text: str, layout: ProseLayout) -> SampleDoc:
    """Render a classified prose seed into a DOCX with real styles."""
    sd = SampleDoc()
    lines = [ln for ln in classify(text, layout.n_title) if ln.kind != "blank"]
    in_toc = False
    for idx, ln in enumerate(lines):
        nxt = lines[idx + 1] if idx + 1 < len(lines) else None
        if ln.kind != "toc" and in_toc:
            in_toc = False
            if layout.toc_page_break:
                sd.page_break()
        if ln.kind == "title":
            sd.para(markdown_runs(ln.text), "Title")
            if layout.cover_page and (nxt is None or nxt.kind != "title"):
                sd.page_break()
        elif ln.kind == "h1":
            sd.para(ln.text, "TOC Heading" if nxt and nxt.kind == "toc" else "Heading 1")
        elif ln.kind == "h2":
            sd.para(ln.text, "Heading 2")
        elif ln.kind == "toc":
            in_toc = True
            sd.toc_entry(ln.text, ln.page, ln.level)
        elif ln.kind == "bullet":
            sd.bullet(bullet_runs(ln.text))
        elif ln.kind in ("label", "numhead"):
            sd.para(bold(ln.text))
        elif ln.kind == "numitem":
            sd.para(ln.text, layout.numitem_style)
        else:
            sd.para(markdown_runs(ln.text))
    return sd


# --------------------------------------------------------------------------------------
# Fixtures of our own design. Their golds are hand-written YAML files in tests/expected/
# (score.py format); the renderers below lay that content out. Keys beyond code/title
# (fields, details) are valid Plan fields: the renderers use them, score.py ignores them.


def fixture_gold(name: str) -> dict[str, Any]:
    """The hand-written gold of a fixture, parsed."""
    data = yaml.safe_load((EXPECTED / f"{name}.yaml").read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise SystemExit(f"{name}.yaml is not a mapping")
    return data


def render_iapst(gold: dict[str, Any], stem: str) -> None:
    """iA.PST export: one row per action, OS/OO repeated in every row, flat counters."""
    header = [
        "Objectif stratégique",
        "Objectif opérationnel",
        "Action",
        "Pilote",
        "Échéance",
        "État",
    ]
    records: list[list[str]] = []
    for so in _os_list(gold):
        os_text = f"OS.{so['code']} - {so['title']}"
        for oo in _oos(so):
            oo_text = f"OO.{oo['code']} - {oo['title']}"
            for a in _acts(oo) or [{}]:
                if not a:
                    records.append([os_text, oo_text, "", "", "", ""])
                    continue
                f = a.get("fields", {})
                records.append(
                    [
                        os_text,
                        oo_text,
                        f"A.{a['code']} - {a['title']}",
                        f.get("pilote", ""),
                        f.get("echeance", ""),
                        f.get("etat", ""),
                    ]
                )
    doc_title = f"{gold['document']['organisation']} – {gold['document']['title']}"
    lines = [doc_title, "", "\t".join(header), *("\t".join(r) for r in records)]
    write_text_sample(SAMPLES / f"{stem}__tsv.txt", "\n".join(lines) + "\n")

    sd = SampleDoc(landscape=True, font_size=10)
    sd.heading(doc_title, 0)
    sd.para("Export du tableau de bord du PST – état d'avancement au 31 décembre 2025.")
    sd.table(header, [[cell_text(v) for v in r] for r in records], [5.5, 5.5, 7.2, 3.5, 2.0, 2.0])
    sd.save(SAMPLES / f"{stem}__table.docx", doc_title)


def render_objnum(gold: dict[str, Any], stem: str) -> None:
    """Headings "Objectif stratégique n°1 :" / "Objectif opérationnel 1.2 :"; actions as
    Word auto-numbered paragraphs whose "Action 1.2.1 –" labels are NOT in the text."""
    doc = gold["document"]
    sd = SampleDoc()
    sd.heading(f"{doc['organisation']}", 0)
    sd.para(bold(str(doc["title"])))
    sd.para(
        "Le présent volet décline les ambitions de la Ville en matière de numérique en "
        "objectifs stratégiques, objectifs opérationnels et actions."
    )
    for so in _os_list(gold):
        sd.heading(f"Objectif stratégique n°{so['code']} : {so['title']}", 1)
        for oo in _oos(so):
            sd.heading(f"Objectif opérationnel {oo['code']} : {oo['title']}", 2)
            num_id = sd.new_numbering([f"Action {oo['code']}.%1 –"])
            for a in _acts(oo):
                sd.numbered(str(a["title"]), num_id)
    sd.save(SAMPLES / f"{stem}__numbered.docx", str(doc["title"]))


def _wrap(text: str, width: int, first: str, rest: str) -> list[str]:
    """Hard-wrap ``text`` like a text editor would, with first/continuation indents."""
    words: list[str] = []
    for w in text.split():
        # French puts a space before ; : ! ? » — never start a line with that sign.
        if words and re.fullmatch(r"[;:!?»]+", w):
            words[-1] += " " + w
        else:
            words.append(w)
    lines: list[str] = []
    cur = first
    for w in words:
        if cur.strip() and len(cur) + 1 + len(w) > width:
            lines.append(cur.rstrip())
            cur = rest
        cur += ("" if cur in (first, rest) else " ") + w
    lines.append(cur.rstrip())
    return lines


def render_caps(gold: dict[str, Any], stem: str) -> None:
    """Plain text: capital OS lines, "OO 1.1" lines, indented unlabelled bullets that wrap."""
    doc = gold["document"]
    out = [str(doc["organisation"]).upper(), str(doc["title"]), ""]
    bullets = ["•", "-"]
    k = 0
    for so in _os_list(gold):
        out.append(f"OBJECTIF STRATEGIQUE {so['code']} – {so['title']}")
        out.append("")
        for a in _acts(so):
            out.extend(_wrap(str(a["title"]), 78, "    • ", "      "))
        for oo in _oos(so):
            out.append(f"    OO {oo['code']}  {oo['title']}")
            mark = bullets[k % 2]
            k += 1
            # One OO is indented with tabs, as pasted text often is.
            first, rest = (
                ("\t\t" + mark + " ", "\t\t  ") if k == 3 else (f"        {mark} ", "          ")
            )
            for a in _acts(oo):
                out.extend(_wrap(str(a["title"]), 72, first, rest))
        out.append("")
    write_text_sample(SAMPLES / f"{stem}__indented.txt", "\n".join(out))


def render_projets(gold: dict[str, Any], stem: str) -> None:
    """Headings for OS/OO, "Projet 1.1.1 :" bullets, sous-actions as nested bullets."""
    doc = gold["document"]
    sd = SampleDoc()
    sd.heading(str(doc["organisation"]), 0)
    sd.para(bold(str(doc["title"])))
    for so in _os_list(gold):
        sd.heading(f"Objectif stratégique {so['code']} : {so['title']}", 1)
        for oo in _oos(so):
            sd.heading(f"Objectif opérationnel {oo['code']} : {oo['title']}", 2)
            for a in _acts(oo):
                sd.bullet([(f"Projet {a['code']} : ", True), (str(a["title"]), False)])
                for d in a.get("details", []):
                    sd.bullet(str(d), level=1)
    sd.save(SAMPLES / f"{stem}__nested.docx", str(doc["title"]))


ROMAN_PAGES = {"I": 3, "II": 4, "III": 4, "IV": 5, "V": 6}
DPC_INTRO = [
    "Au seuil de cette nouvelle législature, la majorité communale présente les grandes "
    "orientations qu'elle entend mener pour Florival durant les six prochaines années.",
    "Cette déclaration a été construite à partir des rencontres citoyennes organisées dans "
    "chaque village; elle sera traduite en objectifs et en actions dans le programme "
    "stratégique transversal.",
]


def _dpc_toc(gold: dict[str, Any]) -> list[tuple[str, str, int]]:
    toc: list[tuple[str, str, int]] = [("Introduction", "2", 1)]
    for so in _os_list(gold):
        first = _oos(so)[0]["code"] if _oos(so) else "I"
        toc.append((f"Axe {so['code']} – {so['title']}", str(ROMAN_PAGES.get(first, 3)), 1))
        for oo in _oos(so):
            toc.append((f"{oo['code']}. {oo['title']}", str(ROMAN_PAGES.get(oo["code"], 3)), 2))
    return toc


def render_dpc(gold: dict[str, Any], stem: str) -> None:
    """A DPC: TOC, introduction, "Axe 1" parts, "I." themes, lettered sub-themes, bullets."""
    doc = gold["document"]
    toc = _dpc_toc(gold)

    # TXT: capitals for themes, dot leaders in the TOC, bullets indented.
    out = [str(doc["title"]).upper(), str(doc["organisation"]), "", "TABLE DES MATIÈRES", ""]
    for text, page, level in toc:
        lead = "   " * (level - 1) + text + " "
        out.append(lead + "." * max(3, 64 - len(lead)) + " " + page)
    out += ["", "INTRODUCTION", ""]
    for p in DPC_INTRO:
        out += [*_wrap(p, 80, "", ""), ""]
    for so in _os_list(gold):
        out += [f"Axe {so['code']} – {so['title']}", "", ""]
        for oo in _oos(so):
            out += [f"{oo['code']}. {str(oo['title']).upper()}", ""]
            for a in _acts(oo):
                if a.get("details"):
                    out.append(f"{a['code']}. {a['title']}")
                    for d in a["details"]:
                        out.extend(_wrap(str(d), 78, "   • ", "     "))
                    out.append("")
                else:
                    out.extend(_wrap(str(a["title"]), 78, "   • ", "     "))
            out.append("")
    write_text_sample(SAMPLES / f"{stem}__plain.txt", "\n".join(out))

    # DOCX: Heading 1/2/3 and List Bullet / List Bullet 2, TOC styles with dot leaders.
    sd = SampleDoc()
    sd.heading(str(doc["title"]), 0)
    sd.para(str(doc["organisation"]), "Subtitle")
    sd.para("Table des matières", "TOC Heading")
    for text, page, level in toc:
        sd.toc_entry(text, page, level)
    sd.page_break()
    sd.heading("Introduction", 1)
    for p in DPC_INTRO:
        sd.para(p)
    for so in _os_list(gold):
        sd.heading(f"Axe {so['code']} – {so['title']}", 1)
        for oo in _oos(so):
            sd.heading(f"{oo['code']}. {oo['title']}", 2)
            for a in _acts(oo):
                if a.get("details"):
                    sd.heading(f"{a['code']}. {a['title']}", 3)
                    for d in a["details"]:
                        sd.bullet(str(d))
                else:
                    sd.bullet(str(a["title"]))
    sd.save(SAMPLES / f"{stem}__headings.docx", str(doc["title"]))


FIXTURE_RENDERERS: dict[str, Callable[[dict[str, Any], str], None]] = {  # name → renderer
    "fixture_iapst": render_iapst,
    "fixture_objnum": render_objnum,
    "fixture_caps": render_caps,
    "fixture_projets": render_projets,
    "fixture_dpc": render_dpc,
}


# --------------------------------------------------------------------------------------
# A large synthetic PST (~300 actions, 30+ pages) from word lists.

VERBS = [
    "Développer",
    "Renforcer",
    "Mettre en place",
    "Améliorer",
    "Créer",
    "Soutenir",
    "Promouvoir",
    "Moderniser",
    "Optimiser",
    "Étendre",
    "Pérenniser",
    "Évaluer",
    "Structurer",
    "Coordonner",
    "Déployer",
    "Encourager",
    "Valoriser",
    "Planifier",
    "Financer",
    "Généraliser",
]

PARTNERS = [
    "en partenariat avec le CPAS",
    "avec les associations locales",
    "en concertation avec les habitants",
    "avec l'appui de la Région wallonne",
    "en collaboration avec les communes voisines",
    "avec les écoles de l'entité",
    "en lien avec le plan de cohésion sociale",
    "avec le soutien de la province",
    "en associant les comités de quartier",
    "avec les acteurs économiques locaux",
    "dans chacun des villages de l'entité",
    "sur l'ensemble du territoire communal",
]

TIMINGS = [
    "d'ici la fin de l'année 2026",
    "au cours de la présente législature",
    "dès le premier semestre 2026",
    "selon un calendrier établi avec les partenaires",
    "par phases successives jusqu'en 2030",
    "en commençant par un projet pilote",
]

# theme: (OS qualities, OS commitments, OO objects, action objects, purposes)
THEMES: list[tuple[list[str], list[str], list[str], list[str], list[str]]] = [
    (
        ["durable", "verte", "résiliente"],
        ["préserve son environnement et accélère la transition écologique"],
        [
            "la gestion différenciée des espaces verts",
            "la protection de la biodiversité locale",
            "la réduction des déchets ménagers",
            "la qualité des cours d'eau",
            "la lutte contre les dépôts clandestins",
            "l'adaptation du territoire au changement climatique",
        ],
        [
            "un réseau de haies indigènes et de vergers partagés",
            "le fauchage tardif des bords de route",
            "les composteurs collectifs de quartier",
            "la collecte sélective des déchets organiques",
            "les opérations de nettoyage citoyen",
            "un inventaire des zones humides et des mares",
            "les jardins partagés et les potagers collectifs",
            "la plantation d'arbres d'alignement",
            "la désimperméabilisation des cours d'école",
            "les campagnes de sensibilisation au tri",
            "les îlots de fraîcheur dans le centre",
            "la récupération des eaux de pluie",
        ],
        [
            "afin de préserver la biodiversité",
            "pour réduire l'empreinte carbone de la commune",
            "afin de limiter les risques d'inondation",
            "pour améliorer durablement le cadre de vie des habitants",
            "afin de diminuer le volume des déchets résiduels",
        ],
    ),
    (
        ["accessible", "bien connectée", "apaisée"],
        ["facilite une mobilité sûre et douce pour tous les usagers"],
        [
            "la sécurité aux abords des écoles",
            "le réseau cyclable communal",
            "l'offre de transport en commun",
            "l'accessibilité des personnes à mobilité réduite",
            "le stationnement dans les centres de village",
            "la mobilité partagée",
        ],
        [
            "des zones 30 et des plateaux ralentisseurs",
            "une liaison cyclable entre les villages et la gare",
            "des abris vélos sécurisés",
            "un service de voitures partagées",
            "le taxi social communal",
            "des trottoirs continus et accessibles",
            "les radars préventifs pédagogiques",
            "un plan communal de mobilité",
            "les rangs à pied et à vélo vers les écoles",
            "des bornes de recharge pour véhicules électriques",
            "la signalisation des itinéraires piétons",
            "les arrêts de bus adaptés aux personnes âgées",
        ],
        [
            "afin de sécuriser les usagers faibles",
            "pour réduire la dépendance à la voiture individuelle",
            "afin de relier efficacement les quartiers",
            "pour favoriser les déplacements actifs au quotidien",
            "afin d'apaiser la circulation dans les centres",
        ],
    ),
    (
        ["moderne", "numérique", "innovante"],
        ["met les outils numériques au service des citoyens et de son administration"],
        [
            "la dématérialisation des démarches administratives",
            "l'inclusion numérique des publics fragilisés",
            "la sécurité des systèmes d'information",
            "l'ouverture des données publiques",
            "la communication numérique de la commune",
        ],
        [
            "un guichet électronique pour les documents d'état civil",
            "des ateliers d'initiation à l'informatique",
            "un espace public numérique à la bibliothèque",
            "la signature électronique des délibérations",
            "une gestion électronique des documents",
            "un portail de données ouvertes",
            "une application mobile communale",
            "des formations à la cybersécurité pour le personnel",
            "le reconditionnement du matériel informatique déclassé",
            "la couverture wifi des lieux publics",
            "des permanences d'aide aux démarches en ligne",
            "un plan de continuité informatique",
        ],
        [
            "afin de simplifier les démarches des citoyens",
            "pour réduire la fracture numérique",
            "afin de protéger les données personnelles",
            "pour rendre l'action communale plus transparente",
            "afin de gagner en efficacité administrative",
        ],
    ),
    (
        ["solidaire", "accueillante", "inclusive"],
        ["garantit à chacun l'accès à un logement décent et abordable"],
        [
            "l'offre de logements publics",
            "la lutte contre l'insalubrité",
            "la remise sur le marché des logements inoccupés",
            "la rénovation énergétique des logements",
            "l'hébergement d'urgence et de transit",
        ],
        [
            "des logements publics sur les terrains communaux",
            "une convention avec l'agence immobilière sociale",
            "les visites de salubrité à la demande des locataires",
            "la taxe sur les immeubles inoccupés",
            "une prime communale à l'isolation des toitures",
            "un guichet de l'énergie",
            "des achats groupés d'énergie",
            "des logements de transit pour les familles sinistrées",
            "un inventaire des logements inoccupés",
            "des logements intergénérationnels",
            "la commission consultative du logement",
            "un accompagnement des locataires en difficulté",
        ],
        [
            "afin de loger dignement les ménages à revenus modestes",
            "pour réduire la facture énergétique des ménages",
            "afin de lutter contre le sans-abrisme",
            "pour répondre aux besoins des jeunes ménages",
            "afin de revitaliser les centres de village",
        ],
    ),
    (
        ["solidaire", "chaleureuse", "bienveillante"],
        ["renforce la cohésion sociale et ne laisse personne de côté"],
        [
            "l'accompagnement des aînés à domicile",
            "la lutte contre l'isolement social",
            "l'aide alimentaire",
            "l'insertion socioprofessionnelle",
            "l'accueil de la petite enfance",
            "la prévention en matière de santé",
        ],
        [
            "une maison de quartier intergénérationnelle",
            "le service de repas à domicile",
            "l'épicerie sociale",
            "les ateliers d'insertion sociale",
            "des places d'accueil pour la petite enfance",
            "une permanence sociale décentralisée",
            "les activités du conseil consultatif des aînés",
            "des campagnes de dépistage et de prévention",
            "un réseau de bénévoles visiteurs",
            "les contrats d'insertion article 60",
            "un service de garde d'enfants malades",
            "la coordination des acteurs sociaux locaux",
        ],
        [
            "afin de rompre l'isolement des personnes âgées",
            "pour favoriser l'autonomie des publics fragilisés",
            "afin de faciliter le retour à l'emploi",
            "pour soutenir les familles monoparentales",
            "afin de garantir une vie conforme à la dignité humaine",
        ],
    ),
    (
        ["dynamique", "attractive", "entreprenante"],
        ["soutient son économie locale, ses commerces et son agriculture"],
        [
            "le commerce de proximité",
            "les circuits courts alimentaires",
            "l'accueil des entreprises",
            "le tourisme rural",
            "l'emploi local",
        ],
        [
            "un marché hebdomadaire de producteurs locaux",
            "une plateforme de vente en ligne pour les commerçants",
            "des cellules commerciales vides en occupation temporaire",
            "un espace de coworking",
            "les chèques commerce communaux",
            "un circuit de promenades balisées",
            "des repas en circuit court dans les cantines scolaires",
            "une zone d'activité économique",
            "les aides à la création d'entreprise",
            "les gîtes et chambres d'hôtes",
            "la foire agricole annuelle",
            "un salon de l'emploi local",
        ],
        [
            "afin de dynamiser les centres de village",
            "pour soutenir les producteurs locaux",
            "afin de créer de l'emploi sur le territoire",
            "pour renforcer l'attractivité touristique de la région",
            "afin de maintenir les services de proximité",
        ],
    ),
    (
        ["efficace", "transparente", "participative"],
        ["s'engage dans une gouvernance moderne, efficace et proche des citoyens"],
        [
            "la gestion des ressources humaines",
            "la participation citoyenne",
            "la maîtrise des finances communales",
            "la synergie entre la commune et le CPAS",
            "la qualité de l'accueil à l'administration",
        ],
        [
            "un plan de formation du personnel",
            "un budget participatif annuel",
            "un tableau de bord de suivi du PST",
            "les marchés publics conjoints avec le CPAS",
            "un guichet unique d'accueil",
            "les procédures d'évaluation du personnel",
            "des panels citoyens consultatifs",
            "un plan pluriannuel d'investissement",
            "l'archivage des dossiers administratifs",
            "la charte d'accueil des usagers",
            "des réunions de coordination entre services",
            "un plan de prévention du bien-être au travail",
        ],
        [
            "afin de maîtriser durablement les dépenses",
            "pour associer les citoyens aux décisions",
            "afin d'améliorer la qualité du service public",
            "pour motiver et fidéliser les agents",
            "afin de rendre compte régulièrement aux citoyens",
        ],
    ),
    (
        ["vivante", "créative", "sportive"],
        ["fait de la culture et du sport des vecteurs d'épanouissement et de lien"],
        [
            "les infrastructures sportives",
            "l'accès à la culture pour tous",
            "la vie associative",
            "le patrimoine communal",
            "les activités pour la jeunesse",
        ],
        [
            "la rénovation de la piscine communale",
            "un terrain synthétique multisports",
            "un pass culture pour les jeunes",
            "une maison de la culture",
            "les subsides aux associations",
            "la restauration de l'église classée",
            "un skatepark au parc communal",
            "les stages sportifs pendant les vacances",
            "un festival des arts de rue",
            "la bibliothèque itinérante",
            "un conseil communal des jeunes",
            "la mise à disposition de salles pour les associations",
        ],
        [
            "afin de rendre la culture accessible à tous",
            "pour encourager la pratique sportive dès le plus jeune âge",
            "afin de soutenir le dynamisme associatif",
            "pour valoriser le patrimoine local",
            "afin de créer du lien entre les générations",
        ],
    ),
]


def _too_close(candidate: str, existing: list[list[str]], limit: float) -> bool:
    """True when ``candidate`` shares too many words, in order, with an existing title.

    Word-level matching is ~50× cheaper than the scorer's character-level ratio and,
    at a lower limit, keeps every pair of titles well below the scorer's 0.90.
    """
    words = candidate.split()
    return any(
        SequenceMatcher(None, words, other, autojunk=False).ratio() >= limit for other in existing
    )


def synthetic_plan(seed: int = 30) -> dict[str, Any]:
    """~8 OS × 4–6 OO × 5–10 actions of PST-style titles, deterministic for ``seed``."""
    rng = random.Random(seed)
    sos: list[dict[str, Any]] = []
    for o, (qualities, commitments, oo_objects, act_objects, purposes) in enumerate(THEMES, 1):
        os_title = f"Être une commune {rng.choice(qualities)} qui {rng.choice(commitments)}"
        oos: list[dict[str, Any]] = []
        theme_titles: list[list[str]] = []
        used_pairs: set[tuple[str, str]] = set()
        oo_verbs = rng.sample(VERBS, len(VERBS))
        for k, obj in enumerate(rng.sample(oo_objects, min(len(oo_objects), rng.randint(4, 6))), 1):
            oo_title = f"{oo_verbs[k]} {obj} {rng.choice(PARTNERS)}"
            acts: list[dict[str, Any]] = []
            for _ in range(rng.randint(5, 10)):
                for _attempt in range(50):
                    verb, aobj = rng.choice(VERBS), rng.choice(act_objects)
                    title = (
                        f"{verb} {aobj} {rng.choice(PARTNERS)} {rng.choice(TIMINGS)}"
                        f" {rng.choice(purposes)}"
                    )
                    if (verb, aobj) in used_pairs or _too_close(title, theme_titles, 0.7):
                        continue
                    used_pairs.add((verb, aobj))
                    theme_titles.append(title.split())
                    acts.append({"title": title})
                    break
            oos.append({"code": f"{o}.{k}", "title": oo_title, "actions": acts})
        sos.append(
            {"code": str(o), "title": os_title, "operational_objectives": oos, "actions": []}
        )
    return {
        "document": {
            "kind": "pst",
            "title": "Programme stratégique transversal 2025-2030 – Commune de Val-des-Sources",
            "organisation": "Commune de Val-des-Sources",
            "period": "2025-2030",
        },
        "strategic_objectives": sos,
    }


def render_synthetic(plan: dict[str, Any]) -> None:
    """The synthetic plan as one long ruled merged table (portrait A4)."""
    title = str(plan["document"]["title"])
    sd = SampleDoc()
    sd.heading(title, 0)
    sd.table(
        PST_HEADER,
        merged_rows(
            plan,
            _code_label("O.S. ", " : "),
            _code_label("O.O. ", " : "),
            lambda a: str(a.get("title", "")),
        ),
        [4.5, 5.5, 7.0],
    )
    sd.save(SAMPLES / "synthetic_large__table_merged.docx", title)
    dump_gold(
        EXPECTED / "synthetic_large.yaml",
        plan,
        "Generated by scripts/make_samples.py (synthetic_plan) — do not edit; rebuild instead.",
    )


# --------------------------------------------------------------------------------------
# PDF jobs and README.

# (docx file name, tagged PDF?) — tagged PDFs carry a structure tree (tables, headings);
# untagged ones force geometry-based reading. Both kinds must work.
PDF_JOBS: list[tuple[str, bool]] = [
    ("seed000_pst_gembloux__table_merged.docx", True),
    ("seed000_pst_gembloux__borderless_landscape.docx", False),
    ("seed000_pst_gembloux__headings.docx", True),
    ("seed000_pst_gembloux__extra_columns.docx", False),
    ("seed001_dps_walcourt__headings.docx", True),
    ("seed002_dps_soumagne__toc_headings.docx", False),
    ("seed003_programme__headings_bullets.docx", True),
    ("seed004_fiche_projet__labels.docx", False),
    ("synthetic_large__table_merged.docx", False),
    ("fixture_iapst__table.docx", False),
    ("fixture_objnum__numbered.docx", True),
    ("fixture_projets__nested.docx", False),
    ("fixture_dpc__headings.docx", True),
]

# name pattern → (layout, what it exercises)
DESCRIPTIONS: dict[str, tuple[str, str]] = {
    "seed000_pst_gembloux.txt": (
        "raw seed",
        "tab-separated PST export; labels in wrong columns, run-on action cells",
    ),
    "seed001_dps_walcourt.txt": ("raw seed", "DPS prose with debris, NBSPs, duplicated body"),
    "seed002_dps_soumagne.txt": ("raw seed", "DPS: cover, TOC with dot leaders, numbered themes"),
    "seed003_programme.txt": ("raw seed", "programme: sections, 'Titre: texte' bullets, cut-off"),
    "seed004_fiche_projet.txt": ("raw seed", "project sheet: field labels, wrapped numbered items"),
    "__table_merged.docx": ("merged table", "vMerge OS/OO cells, repeated header row (tblHeader)"),
    "__table_merged.pdf": (
        "merged table, tagged PDF",
        "ruled multi-page table, merged cells across pages, repeated header",
    ),
    "__borderless_landscape.docx": ("borderless merged table", "no table borders, landscape"),
    "__borderless_landscape.pdf": (
        "borderless table, untagged PDF",
        "table without rules: geometry-only columns",
    ),
    "__table_bullets.docx": (
        "row per OO",
        "'OS 1 -'/'OO 1.1 -' labels, OS written once then blank, List Bullet actions in a cell",
    ),
    "__headings.docx": ("headings", "Heading 1/2 labels + List Bullet actions"),
    "__headings.pdf": ("headings, tagged PDF", "H1/H2 + bullets in a tagged PDF"),
    "__extra_columns.docx": (
        "merged table + 6 columns",
        "Pilote/Échéance/Indicateurs/Budget/ODD/État, 'A.1.1.1' labels",
    ),
    "__extra_columns.pdf": ("extra columns, untagged PDF", "9-column landscape ruled table"),
    "seed001_dps_walcourt__headings": (
        "headings + paragraphs",
        "title block with debris, Heading 1 theme, duplicated body kept",
    ),
    "seed002_dps_soumagne__toc_headings": (
        "cover + TOC + headings",
        "cover page, TOC entries (dot-leader tab, page numbers), numbered caps themes, bullets",
    ),
    "seed003_programme__headings_bullets": (
        "headings + bold-title bullets",
        "'Titre: texte' bullets with bold title, numbered bold sub-heads, cut-off last item",
    ),
    "seed004_fiche_projet__labels": (
        "bold field labels",
        "'Projet :'/'Actions :' labels, numbered items with joined wrapped lines, dash bullets",
    ),
    "synthetic_large__table_merged": (
        "30+ page merged table",
        "~300 actions, OS/OO merged cells crossing many page breaks, repeated header",
    ),
    "fixture_iapst__tsv.txt": (
        "TSV export",
        "iA.PST flat counters OS.1/OO.2/A.3 running across the plan, OO without actions",
    ),
    "fixture_iapst__table": (
        "flat table, OS/OO repeated",
        "iA.PST labels, OS/OO text repeated on every row, Pilote/Échéance/État columns",
    ),
    "fixture_objnum__numbered": (
        "headings + auto-numbered list",
        "'Objectif stratégique n°1 :' headings; 'Action 1.2.1 –' generated by Word numbering",
    ),
    "fixture_caps__indented.txt": (
        "indented text",
        "capital OS lines, 'OO 1.1' lines, unlabelled •/- bullets, wrapped lines, tabs",
    ),
    "fixture_projets__nested": (
        "headings + nested bullets",
        "'Projet 1.1.1 :' items with sous-actions as level-2 bullets (details)",
    ),
    "fixture_dpc__plain.txt": (
        "plain text DPC",
        "TOC with dot leaders, Axe → roman themes → lettered sub-themes → bullets",
    ),
    "fixture_dpc__headings": (
        "DPC with styles",
        "TOC styles, Heading 1/2/3, bullets; sub-theme = action, its bullets = details",
    ),
}


def _pdf_tagged(name: str) -> bool | None:
    for docx_name, tagged in PDF_JOBS:
        if Path(docx_name).stem == Path(name).stem:
            return tagged
    return None


def _describe(name: str) -> tuple[str, str]:
    best: tuple[str, str] = ("", "")
    best_len = -1
    for key, val in DESCRIPTIONS.items():
        if (name == key or name.endswith(key) or name.startswith(key)) and len(key) > best_len:
            best, best_len = val, len(key)
    layout, what = best
    if name.endswith(".pdf") and "PDF" not in layout:
        tagged = _pdf_tagged(name)
        layout += ", tagged PDF" if tagged else ", untagged PDF"
    return layout, what


def _gold_of(name: str) -> str:
    for stem in SEEDS.values():
        if name.startswith(stem):
            return f"../shared/gold/{stem}.yaml"
    base = name.split("__")[0].split(".")[0]
    return f"tests/expected/{base}.yaml"


def pdf_pages(path: Path) -> int | None:
    """Page count of a PDF (None if it cannot be read)."""
    try:
        import pdfplumber

        with pdfplumber.open(path) as pdf:
            return len(pdf.pages)
    except Exception:  # a missing or broken PDF is reported as unknown, not fatal
        return None


def write_readme() -> None:
    """``samples/README.md``: one row per sample with layout, purpose, gold, pages."""
    files = sorted(p for p in SAMPLES.iterdir() if p.suffix in (".txt", ".docx", ".pdf"))
    rows = []
    for p in files:
        layout, what = _describe(p.name)
        pages = pdf_pages(p) if p.suffix == ".pdf" else None
        src = src_path(p)
        rows.append(
            f"| `{p.name}` | {layout} | {what} | `{_gold_of(p.name)}` | "
            f"{pages if pages is not None else ''} | {'yes' if src.exists() else ''} |"
        )
    text = """# Sample corpus

Generated by `bash scripts/make_samples.sh` (python-docx + LibreOffice); do not edit by hand.
Everything except the PDFs' embedded dates is deterministic.

* `seedNNN_*.txt` are byte-identical copies of `/work/shared/seeds/NNN_*.txt`, renamed after
  their gold so that `score.py` pairs them; the other `seedNNN_*__<layout>.*` files render the
  same content (seed 000 from its gold structure, seeds 001–004 from the seed text through a
  line classifier).
* `fixture_<style>__<layout>.*` are documents of our own design with other label styles and
  themes; their golds are hand-written in `tests/expected/fixture_<style>.yaml` and the
  script renders the documents from them.
* `synthetic_large__table_merged.*` is a ~300-action PST assembled from word lists; its gold
  `tests/expected/synthetic_large.yaml` is generated from the same structure.
* `tests/sources/<sample stem>.txt` is the plain text that was rendered (one line per
  paragraph / cell paragraph), used by `score.py`'s coverage mode; it lives outside
  `samples/` so that this folder holds documents only. TXT samples have an identical copy.

Scoring:

```
python /work/shared/eval/score.py --run samples /work/shared/gold   # seeds and their renderings
python /work/shared/eval/score.py --run samples tests/expected      # fixtures + synthetic
```

Gold conventions used by the fixtures: flat iA.PST counters keep their own numbers as codes
(`OO.4` → code `4`); an OO without actions is still an OO; in the DPC, "Axe N" is the OS, a
roman theme ("I.") is the OO, a lettered sub-theme ("A. Mobilité douce") is an action whose
bullets are its `details`, and bullets directly under a theme are actions; in
`fixture_projets`, each "Projet" is an action and its nested bullets are `details`;
`fixture_caps` OS 3 has actions directly under the OS.

| file | layout | exercises | gold | PDF pages | source text |
|---|---|---|---|---|---|
""" + "\n".join(rows)
    (SAMPLES / "README.md").write_text(text + "\n", encoding="utf-8")


# --------------------------------------------------------------------------------------


def build(shared: Path) -> None:
    """Write every TXT/DOCX sample, source-text companion and generated gold."""
    SAMPLES.mkdir(exist_ok=True)
    EXPECTED.mkdir(parents=True, exist_ok=True)
    SOURCES.mkdir(parents=True, exist_ok=True)
    seeds = {p.name[:3]: p for p in sorted((shared / "seeds").glob("*.txt"))}
    for num, stem in SEEDS.items():
        seed = seeds[num]
        target = SAMPLES / f"{stem}.txt"
        shutil.copyfile(seed, target)
        shutil.copyfile(seed, src_path(target))

    gold0 = yaml.safe_load((shared / "gold" / f"{SEEDS['000']}.yaml").read_text(encoding="utf-8"))
    render_seed000(gold0, SEEDS["000"])

    for num, (layout_name, layout) in PROSE_LAYOUTS.items():
        stem = SEEDS[num]
        gold = yaml.safe_load((shared / "gold" / f"{stem}.yaml").read_text(encoding="utf-8"))
        text = seeds[num].read_text(encoding="utf-8")
        sd = render_prose(text, layout)
        sd.save(SAMPLES / f"{stem}__{layout_name}.docx", str(gold["document"].get("title") or ""))

    for name, renderer in FIXTURE_RENDERERS.items():
        gold = fixture_gold(name)
        renderer(gold, name)

    render_synthetic(synthetic_plan())
    write_readme()


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0] if __doc__ else None)
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    parser.add_argument("--pdf-jobs", action="store_true", help="print the DOCX→PDF jobs")
    parser.add_argument("--readme", action="store_true", help="only rewrite samples/README.md")
    args = parser.parse_args(argv)
    if args.pdf_jobs:
        for name, tagged in PDF_JOBS:
            print(f"{int(tagged)}\t{SAMPLES / name}")
        return 0
    if args.readme:
        write_readme()
        return 0
    if not (args.shared / "seeds").is_dir():
        print(f"seed directory not found: {args.shared / 'seeds'}", file=sys.stderr)
        return 2
    build(args.shared)
    return 0


if __name__ == "__main__":
    sys.exit(main())
