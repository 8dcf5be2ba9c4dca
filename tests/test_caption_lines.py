"""A caption line under a wrapped item title starts its own paragraph, whatever the wrap.

Class (issue #11, layout "captions"): an action title wraps over two or three lines, the
last one full to the margin, and the next line is a caption: "Pilote : Service travaux"
(a known field key, bold or not) or a bold lead-in ending in a colon ("**Remarque :**
…"). Nothing in the spacing tells it apart from a wrapped line: the reader sees the
caption at the start of the line and opens a paragraph; the normaliser keeps the title
whole and the caption under it. The documents are drawn here line by line (reportlab
canvas), so the fullness of each line is exact; TXT and DOCX variants check that the
other readers agree.
"""

from __future__ import annotations

import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pstparse.api import extract_bytes
from pstparse.extractors.pdf import extract_pdf
from pstparse.model.plan import Action, Plan

LEFT = 56.0
TEXT_X = 70.0
RIGHT = 539.0
_TEXT = (
    "planter des tilleuls sur la place du marché et le long de la route communale en"
    " concertation avec les riverains les écoles et le comité de quartier afin de rendre"
    " le centre du village plus agréable pour les aînés comme pour les enfants qui"
    " traversent chaque jour les abords de la maison communale"
)
WORDS = tuple(_TEXT.split())

# (key, value, field): captions naming known fields (unknown keys: see the bold lead-in
# test below, where only bold sets them apart).
CAPTIONS = [
    ("Pilote", "Service travaux", "pilote"),
    ("Échéance", "Fin 2026", "echeance"),
    ("Budget estimé", "12 000 €", "budget"),
    ("Indicateurs", "Nombre d'arbres plantés", "indicateur"),
]


def _full_lines(count: int, size: float, start: int) -> list[str]:
    """``count`` lines that each fill the text width: the next word would not fit."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    width = RIGHT - TEXT_X
    lines: list[str] = []
    i = start
    for _ in range(count):
        line = ""
        while True:
            word = WORDS[i % len(WORDS)]
            candidate = f"{line} {word}".strip()
            if stringWidth(candidate, "Helvetica", size) > width:
                break
            line = candidate
            i += 1
        lines.append(line)
    lines[0] = lines[0][:1].upper() + lines[0][1:]
    return lines


def _pdf(
    actions: list[tuple[list[str], str, str]], *, size: float, bold_key: bool, bold_all: bool
) -> bytes:
    """One OS, one OO, bullet actions whose wrapped lines are full, each followed by a
    caption line at the same leading (no extra space): "Key : value"."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    y = 800.0
    lead = size * 1.25
    c.setFont("Helvetica-Bold", 16)
    c.drawString(LEFT, y, "Programme stratégique transversal 2025-2030")
    y -= 30
    c.setFont("Helvetica-Bold", size + 2)
    c.drawString(LEFT, y, "OS 1 - Embellir le village et ses hameaux")
    y -= lead * 1.6
    c.drawString(LEFT, y, "OO 1.1 - Verdir les places et les abords des écoles")
    y -= lead * 1.6
    for lines, key, value in actions:
        c.setFont("Helvetica", size)
        c.drawString(LEFT + 2, y, "•")
        for line in lines:
            c.drawString(TEXT_X, y, line)
            y -= lead
        head = f"{key} :"
        c.setFont("Helvetica-Bold" if bold_key else "Helvetica", size)
        c.drawString(TEXT_X, y, head)
        x = TEXT_X + stringWidth(head + " ", "Helvetica-Bold" if bold_key else "Helvetica", size)
        c.setFont("Helvetica-Bold" if bold_all else "Helvetica", size)
        c.drawString(x, y, value)
        y -= lead
    c.showPage()
    c.save()
    return buf.getvalue()


def _actions(plan: Plan) -> list[Action]:
    return [
        a
        for so in plan.strategic_objectives
        for oo in so.operational_objectives
        for a in oo.actions
    ]


def _document(
    caption_indexes: list[int], wraps: list[int], size: float
) -> tuple[list[tuple[list[str], str, str]], list[str]]:
    actions: list[tuple[list[str], str, str]] = []
    titles: list[str] = []
    start = 0
    for index, wrap in zip(caption_indexes, wraps, strict=True):
        key, value, _ = CAPTIONS[index]
        lines = _full_lines(wrap, size, start)
        start += sum(len(line.split()) for line in lines)
        actions.append((lines, key, value))
        titles.append(" ".join(lines))
    return actions, titles


def _caption_kept(action: Action, key: str, value: str, field: str | None) -> bool:
    """The caption is under the action: as its description, or as a field."""
    text = f"{key} : {value}"
    return (action.description or "").find(text) >= 0 or action.fields.get(field or key) == value


@pytest.mark.parametrize("size", [9.0, 10.5, 12.0])
@pytest.mark.parametrize("wrap", [2, 3])
@pytest.mark.parametrize("bold_key", [True, False])
def test_a_field_caption_under_a_full_wrapped_title_is_its_own_paragraph(
    size: float, wrap: int, bold_key: bool
) -> None:
    actions, titles = _document([0, 1, 2, 3], [wrap, wrap, 2, 3], size)
    data = _pdf(actions, size=size, bold_key=bold_key, bold_all=False)
    blocks = [b.text for b in extract_pdf(data).blocks]
    for _, key, value in actions:
        assert f"{key} : {value}" in blocks
    plan = extract_bytes(data, name="captions.pdf")
    found = _actions(plan)
    assert [a.title for a in found] == titles
    for action, (_, key, value) in zip(found, actions, strict=True):
        field = next(f for k, _, f in CAPTIONS if k == key)
        assert _caption_kept(action, key, value, field), (action, key)


@pytest.mark.parametrize("size", [9.0, 11.0])
@pytest.mark.parametrize("key", ["Remarque", "Lieu", "Public cible"])
def test_a_bold_lead_in_with_an_unknown_key_is_its_own_paragraph(size: float, key: str) -> None:
    actions, titles = _document([0, 1], [2, 3], size)
    actions = [(lines, key, value) for lines, _, value in actions]
    data = _pdf(actions, size=size, bold_key=True, bold_all=False)
    plan = extract_bytes(data, name="captions.pdf")
    found = _actions(plan)
    assert [a.title for a in found] == titles
    for action, (_, _, value) in zip(found, actions, strict=True):
        assert f"{key} : {value}" in (action.description or ""), action


def test_a_wholly_bold_line_after_regular_text_still_breaks() -> None:
    # A bold caption line with a bold value: the weight change alone already broke it.
    actions, titles = _document([0, 2], [2, 2], 10.0)
    data = _pdf(actions, size=10.0, bold_key=True, bold_all=True)
    assert [a.title for a in _actions(extract_bytes(data, name="c.pdf"))] == titles


def test_an_unknown_regular_key_after_a_full_line_is_still_a_wrapped_line() -> None:
    # The known limit of the class: "Lieu : …" in regular type with nothing else to tell
    # it apart reads on, as a wrapped line would. Nothing is lost: it is in the title.
    actions, titles = _document([0], [2], 10.0)
    actions = [(lines, "Lieu", "Place du marché") for lines, _, _ in actions]
    data = _pdf(actions, size=10.0, bold_key=False, bold_all=False)
    found = _actions(extract_bytes(data, name="c.pdf"))
    assert [a.title for a in found] == [titles[0] + " Lieu : Place du marché"]


@settings(max_examples=15, deadline=None)
@given(
    captions=st.lists(st.integers(0, len(CAPTIONS) - 1), min_size=1, max_size=4),
    wraps=st.lists(st.integers(1, 3), min_size=4, max_size=4),
    size=st.sampled_from([9.0, 10.0, 11.0, 12.0]),
    bold_key=st.booleans(),
)
def test_field_captions_never_join_the_title_above(
    captions: list[int], wraps: list[int], size: float, bold_key: bool
) -> None:
    actions, titles = _document(captions, wraps[: len(captions)], size)
    data = _pdf(actions, size=size, bold_key=bold_key, bold_all=False)
    assert [a.title for a in _actions(extract_bytes(data, name="c.pdf"))] == titles


# --------------------------------------------------------------------------- TXT and DOCX


@pytest.mark.parametrize(("key", "value", "field"), CAPTIONS)
@pytest.mark.parametrize("indent", ["      ", "    "])
def test_txt_field_caption_under_a_hanging_wrapped_title(
    key: str, value: str, field: str, indent: str
) -> None:
    # Under the item's text (a hanging indent: where a wrapped line goes) or under its
    # bullet: either way the caption is not part of the title.
    text = (
        "Programme stratégique transversal\n\nOS 1 - Embellir le village\n"
        "  OO 1.1 - Verdir les places\n"
        "    - Planter des tilleuls sur la place du marché et le long\n"
        "      de la route communale\n"
        f"{indent}{key} : {value}\n"
        "    - Installer des bancs près de l'école\n"
        f"{indent}{key} : {value}\n"
    )
    plan = extract_bytes(text.encode(), name="p.txt")
    found = _actions(plan)
    assert [a.title for a in found] == [
        "Planter des tilleuls sur la place du marché et le long de la route communale",
        "Installer des bancs près de l'école",
    ]
    assert all(_caption_kept(a, key, value, field) for a in found)


def test_txt_lower_case_field_word_is_still_a_wrapped_line() -> None:
    text = (
        "Programme stratégique transversal\n\nOS 1 - Embellir le village\n"
        "  OO 1.1 - Verdir les places\n"
        "    - Désigner un agent communal comme\n"
        "      pilote : il suit le chantier\n"
    )
    found = _actions(extract_bytes(text.encode(), name="p.txt"))
    assert [a.title for a in found] == [
        "Désigner un agent communal comme pilote : il suit le chantier"
    ]


@pytest.mark.parametrize(("key", "value", "field"), CAPTIONS)
@pytest.mark.parametrize("bold", [True, False])
def test_docx_field_caption_paragraph_under_a_bullet(
    key: str, value: str, field: str, bold: bool
) -> None:
    import docx

    document = docx.Document()
    document.add_paragraph("Programme stratégique transversal")
    document.add_heading("OS 1 - Embellir le village", 1)
    document.add_heading("OO 1.1 - Verdir les places", 2)
    titles = [" ".join(_full_lines(2, 11.0, 0)), "Installer des bancs près de l'école"]
    for title in titles:
        document.add_paragraph(title, style="List Bullet")
        paragraph = document.add_paragraph()
        paragraph.add_run(f"{key} :").bold = bold
        paragraph.add_run(f" {value}")
    buf = io.BytesIO()
    document.save(buf)
    found = _actions(extract_bytes(buf.getvalue(), name="p.docx"))
    assert [a.title for a in found] == titles
    assert all(_caption_kept(a, key, value, field) for a in found)


# --------------------------------------------------------------------------- table cells


def _cell_plan(key: str, value: str) -> list[tuple[str, list[str]]]:
    """(action title, paragraphs of its cell): a field caption paragraph under some."""
    return [
        ("Planter des tilleuls sur la place du marché", [f"{key} : {value}"]),
        ("Installer des bancs près de l'école communale", []),
        ("Réaliser un inventaire des arbres remarquables", [f"{key} : {value}"]),
    ]


def _check_cell_plan(plan: Plan, key: str, value: str, field: str) -> None:
    found = _actions(plan)
    assert [a.title for a in found] == [t for t, _ in _cell_plan(key, value)]
    assert [a.fields.get(field) for a in found] == [value, None, value]
    captions = [f for f in plan.findings if f.rule == "caption-field"]
    assert len(captions) == 2 and all(f.severity == "info" for f in captions)
    assert all(key in f.message for f in captions)


@pytest.mark.parametrize(("key", "value", "field"), CAPTIONS)
def test_docx_field_caption_paragraph_in_an_action_cell(key: str, value: str, field: str) -> None:
    import docx

    document = docx.Document()
    document.add_paragraph("Programme stratégique transversal")
    table = document.add_table(rows=1, cols=3)
    for c, text in enumerate(("Objectif stratégique", "Objectif opérationnel", "Actions")):
        table.cell(0, c).text = text
    for n, (title, extra) in enumerate(_cell_plan(key, value)):
        cells = table.add_row().cells
        if n == 0:
            cells[0].text = "OS 1 - Embellir le village"
            cells[1].text = "OO 1.1 - Verdir les places"
        cells[2].text = title
        for text in extra:
            cells[2].add_paragraph(text)
    buf = io.BytesIO()
    document.save(buf)
    _check_cell_plan(extract_bytes(buf.getvalue(), name="p.docx"), key, value, field)


@pytest.mark.parametrize(("key", "value", "field"), CAPTIONS)
@pytest.mark.parametrize("size", [8.0, 10.0])
def test_pdf_field_caption_paragraph_in_an_action_cell(
    key: str, value: str, field: str, size: float
) -> None:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

    sheet = getSampleStyleSheet()
    cell = ParagraphStyle("cell", parent=sheet["BodyText"], fontSize=size, leading=size * 1.2)
    data: list[list[object]] = [
        [Paragraph(t, cell) for t in ("Objectif stratégique", "Objectif opérationnel", "Actions")]
    ]
    for n, (title, extra) in enumerate(_cell_plan(key, value)):
        data.append(
            [
                Paragraph("OS 1 - Embellir le village" if n == 0 else "", cell),
                Paragraph("OO 1.1 - Verdir les places" if n == 0 else "", cell),
                [Paragraph(title, cell), *(Paragraph(t, cell) for t in extra)],
            ]
        )
    table = Table(data, colWidths=[140.0, 140.0, 200.0], repeatRows=1)
    table.setStyle(
        TableStyle(
            [("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "TOP")]
        )
    )
    buf = io.BytesIO()
    SimpleDocTemplate(buf, pagesize=A4).build([Paragraph("Programme stratégique", cell), table])
    _check_cell_plan(extract_bytes(buf.getvalue(), name="p.pdf"), key, value, field)
