"""Declarations (DPS/DPC), programmes and project sheets → entries.

Prose has no labels, so levels come from how themes are *written*: headings, numbering
("1.", "I.", "Axe 2"), capitals, short lines standing alone. Styles are ranked by first
appearance; a theme that only introduces numbered themes ("THÉMATIQUES") is a container,
not an objective. Paragraphs and bullets under a theme become actions.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from pstparse.lexicon.labels import Level, parse_enumerator
from pstparse.lexicon.marks import ends_sentence, parse_bullet
from pstparse.model.ir import Block, BlockKind
from pstparse.model.messages import DEFAULT_LANG, Lang, rule_message, ui
from pstparse.model.plan import Finding, Severity, Source
from pstparse.normalise.clean import clean_debris, has_unclosed_markdown
from pstparse.normalise.contents import TOC_HEAD, is_contents_style, match_entry
from pstparse.normalise.entries import Entry
from pstparse.normalise.evidence import (
    CAPTION_MAX_WORDS,
    CONTACT_LINE_MAX_CHARS,
    DUPLICATE_RUN_MIN_LINES,
    FINDING_TAIL_CHARS,
    HEADING_MAX_CHARS,
    TITLE_MAX_CHARS,
    TITLE_MAX_LINES,
    TOC_MIN_RUN,
    UNNUMBERED_HEADING_MAX_CHARS,
)
from pstparse.normalise.fields import field_key
from pstparse.normalise.outline import join_wrapped
from pstparse.normalise.text import fold, one_line

_INTRO = re.compile(
    r"^(introduction|preambule|avant[- ]propos|edito(rial)?|mot d[ue] .*|en guise d.introduction)$"
)
_CONTACT = re.compile(
    r"@|\b(?:t[eé]l|t|gsm|fax)\s*[.:]?\s*\+?\d[\d ./]{6,}"
    r"|\b\d{4}\s+[A-ZÉ][a-zé]+"
    r"|\b(?:rue|avenue|place|chauss[eé]e|boulevard)\b",
    re.IGNORECASE,
)
_BULLET_TITLE = re.compile(r"^(?P<title>[^:]{2,120}?)\s*:\s+(?P<text>\S.*)$", re.DOTALL)
_YEARS = re.compile(r"^\W*(?:19|20)\d\d(?:\s*[-–/]\s*(?:19|20)\d\d)?\W*$")


@dataclass(slots=True)
class Line:
    """One unit of prose after joining wrapped lines and cleaning debris."""

    text: str
    kind: BlockKind
    source: Source
    marker: str | None = None
    heading: int | None = None
    bold: bool = False
    space_before: float = 0.0
    debris: list[str] = field(default_factory=list)
    unclosed: bool = False
    style_name: str | None = None


def _lines(blocks: Sequence[Block]) -> list[Line]:
    """Blocks → lines. A table row becomes one line, its cells joined by tabs."""
    flat: list[Block] = []
    rows: dict[tuple[int, int], int] = {}
    for block in blocks:
        if block.table is not None:
            key = (block.table.table, block.table.row)
            if key in rows:
                prev = flat[rows[key]]
                flat[rows[key]] = Block(
                    text=f"{prev.text}\t{block.text}",
                    kind=BlockKind.PARAGRAPH,
                    source=prev.source,
                    style=prev.style,
                )
                continue
            rows[key] = len(flat)
            block = Block(
                text=block.text, kind=BlockKind.PARAGRAPH, source=block.source, style=block.style
            )
        flat.append(block)
    out: list[Line] = []
    for block in join_wrapped(flat):
        raw = block.text.strip()
        unclosed = has_unclosed_markdown(raw)
        text, debris = clean_debris(raw)
        marker = block.list_marker
        kind = block.kind
        if kind is BlockKind.PARAGRAPH:
            bullet = parse_bullet(text)
            if bullet is not None:
                marker, text, kind = bullet[0], bullet[1], BlockKind.LIST_ITEM
        text = text.replace("\t", " \t ") if "\t" in text else one_line(text)
        if not text.strip():
            continue
        style = block.style
        out.append(
            Line(
                text=text.strip(),
                kind=kind,
                source=block.source,
                marker=marker,
                heading=block.level_hint if kind is BlockKind.HEADING else None,
                bold=bool(style and style.bold),
                space_before=(style.space_before or 0.0) if style else 0.0,
                debris=debris,
                unclosed=unclosed,
                style_name=style.style_name if style else None,
            )
        )
    return out


@dataclass(slots=True)
class Candidate:
    """A line that may be a theme, with the style it is written in."""

    index: int
    style: str
    code: str | None
    title: str
    label: str | None


def _theme_style(line: Line, nxt: Line | None) -> tuple[str, str | None, str, str | None] | None:
    """(style key, code, title, label) when the line reads as a theme heading."""
    text = line.text
    marker_text = (
        f"{line.marker} {text}" if line.marker and not parse_bullet(f"{line.marker} x") else text
    )
    enum = parse_enumerator(marker_text)
    if line.kind is BlockKind.HEADING:
        if line.heading == 0:
            return None  # a Title paragraph: part of the title page, not a theme
        if enum is not None:
            return f"h{line.heading}", enum.code, enum.rest.rstrip(" :"), enum.marker
        return f"h{line.heading}", None, text.rstrip(" :"), None
    if line.kind is BlockKind.LIST_ITEM and (
        line.marker is None or parse_bullet(f"{line.marker} x")
    ):
        return None
    if enum is not None:
        rest = enum.rest
        if len(rest) <= HEADING_MAX_CHARS and not re.search(r"[.;,]$", rest):
            depth = enum.code.count(".")
            return f"{enum.kind}{depth}", enum.code, rest.rstrip(" :"), enum.marker
        return None
    if len(text) > UNNUMBERED_HEADING_MAX_CHARS or re.search(r"[.;,:]$", text) or nxt is None:
        return None
    if _YEARS.match(text):
        return None
    standalone = line.space_before > 0 or line.bold or text.isupper()
    if not standalone or (
        nxt.space_before == 0
        and line.kind is BlockKind.PARAGRAPH
        and not line.bold
        and not text.isupper()
    ):
        return None
    return (
        ("caps" if text.isupper() else "bold" if line.bold else "plain"),
        None,
        text.rstrip(" :"),
        None,
    )


@dataclass(slots=True)
class ProseResult:
    """Entries plus document metadata found in the prose."""

    entries: list[Entry]
    findings: list[Finding]
    title: str | None = None
    contents: list[tuple[str, Source]] = field(default_factory=list)
    contact: str | None = None


def _find(rule: str, severity: Severity, message: str, source: Source | None) -> Finding:
    return Finding(rule=rule, severity=severity, message=message, source=source)


def _title(lines: list[Line]) -> tuple[str | None, int]:
    """Leading short lines up to the one giving the period, else the first line."""
    head: list[Line] = []
    for line in lines[:TITLE_MAX_LINES]:
        if len(line.text) > HEADING_MAX_CHARS or parse_bullet(line.text) or "\t" in line.text:
            break
        if TOC_HEAD.match(fold(line.text)) or _INTRO.match(fold(line.text)):
            break
        head.append(line)
    for i, line in enumerate(head):
        if re.search(r"(?:19|20)\d\d\s*[-–/]\s*(?:19|20)\d\d", line.text):
            return " ".join(x.text for x in head[: i + 1]), i + 1
    if lines and len(lines[0].text) <= TITLE_MAX_CHARS and not parse_enumerator(lines[0].text):
        return lines[0].text, 1
    return None, 0


def _drop_duplicate_runs(lines: list[Line], findings: list[Finding], lang: Lang) -> list[Line]:
    """Drop a run of three or more lines that repeats an earlier run word for word."""
    keys = [fold(x.text) for x in lines]
    first_at: dict[str, int] = {}
    for i, k in enumerate(keys):
        first_at.setdefault(k, i)
    keep = [True] * len(lines)
    i = 0
    while i < len(lines):
        j = first_at.get(keys[i], i)
        if j < i:
            n = 0
            while i + n < len(lines) and j + n < i and keys[i + n] == keys[j + n]:
                n += 1
            if n >= DUPLICATE_RUN_MIN_LINES:
                for m in range(i, i + n):
                    keep[m] = False
                src, dup = lines[j].source, lines[i].source
                findings.append(
                    _find(
                        "duplicate-block",
                        Severity.WARNING,
                        rule_message(
                            "duplicate-block",
                            "",
                            lang,
                            count=n,
                            repeat=_where(dup, lang),
                            first=_where(src, lang),
                        ),
                        dup,
                    )
                )
                i += n
                continue
        i += 1
    return [x for x, k in zip(lines, keep, strict=True) if k]


def _where(source: Source, lang: Lang) -> str:
    if source.line is not None:
        return ui("source.line", lang, line=source.line)
    if source.page is not None:
        return ui("source.page", lang, page=source.page)
    if source.paragraph is not None:
        return ui("source.paragraph", lang, paragraph=source.paragraph)
    if source.table is not None:
        table = ui("source.table", lang, table=source.table)
        return f"{table} {ui('source.row', lang, row=source.row)}"
    return ui("source.document", lang)


def _contact(lines: list[Line]) -> int:
    """Index where a trailing contact block (address, phone, e-mail) starts, else len."""
    end = len(lines)
    start = end
    while start > 0:
        line = lines[start - 1]
        if len(line.text) > CONTACT_LINE_MAX_CHARS or (
            ends_sentence(line.text) and not _CONTACT.search(line.text)
        ):
            break
        start -= 1
    if start < end and any(_CONTACT.search(x.text) for x in lines[start:end]):
        return start
    return end


def prose_entries(
    blocks: Sequence[Block], *, project_sheet: bool = False, lang: Lang = DEFAULT_LANG
) -> ProseResult:
    """Interpret a declaration, programme or project sheet (findings worded in ``lang``)."""
    findings: list[Finding] = []
    lines = _lines(blocks)
    debris: dict[str, list[Line]] = {}
    for line in lines:
        for kind in line.debris:
            debris.setdefault(kind, []).append(line)
    for kind, where in debris.items():
        findings.append(
            _find(
                "debris-cleaned",
                Severity.INFO,
                rule_message(
                    "debris-cleaned",
                    "",
                    lang,
                    kind=kind.replace("-", " "),
                    count=len(where),
                    where=_where(where[0].source, lang),
                ),
                where[0].source,
            )
        )
    if project_sheet:
        return _project_sheet(lines, findings)
    result = ProseResult(entries=[], findings=findings)
    title, skip = _title(lines)
    result.title = title
    entries = result.entries
    for line in lines[:skip]:
        entries.append(Entry(level=None, title=line.text, source=line.source, role="title"))
    body = lines[skip:]
    # The title repeated as a first heading is furniture, not a theme.
    if title is not None:
        rest: list[Line] = []
        for line in body:
            if fold(line.text) == fold(title) or (
                skip == 1 and fold(line.text) == fold(lines[0].text)
            ):
                entries.append(Entry(level=None, title=line.text, source=line.source, role="title"))
            else:
                rest.append(line)
        body = rest
    body = _take_contents(body, result)
    cut = _contact(body)
    if cut < len(body):
        result.contact = "\n".join(x.text for x in body[cut:])
        for line in body[cut:]:
            entries.append(Entry(level=None, title=line.text, source=line.source, role="contact"))
        body = body[:cut]
    if body and not ends_sentence(body[-1].text) and not body[-1].text.endswith(":"):
        last = body[-1]
        findings.append(
            _find(
                "truncated-text",
                Severity.WARNING,
                rule_message(
                    "truncated-text", "document", lang, text=last.text[-FINDING_TAIL_CHARS:]
                ),
                last.source,
            )
        )
    body = _drop_duplicate_runs(body, findings, lang)
    entries.extend(_themes(body, findings, lang))
    return result


def _toc_match(line: Line, in_toc: bool) -> re.Match[str] | None:
    text = line.text.replace(" \t ", "\t")
    styled = is_contents_style(line.style_name)
    return match_entry(text, loose=in_toc, styled=styled)


def _take_contents(body: list[Line], result: ProseResult) -> list[Line]:
    """Move a table of contents (with or without its heading) out of the body."""
    out: list[Line] = []
    i = 0
    while i < len(body):
        line = body[i]
        is_head = bool(TOC_HEAD.match(fold(line.text)))
        run = 0
        while i + (1 if is_head else 0) + run < len(body) and _toc_match(
            body[i + (1 if is_head else 0) + run], is_head
        ):
            run += 1
        start = i + (1 if is_head else 0)
        if is_head or run >= TOC_MIN_RUN or (run and _listed_later(body, start, run)):
            start = i + (1 if is_head else 0)
            if is_head:
                result.entries.append(
                    Entry(level=None, title=line.text, source=line.source, role="contents")
                )
            for toc in body[start : start + run]:
                m = _toc_match(toc, True)
                assert m is not None
                text = " ".join(m.group("text").split())
                page = m.group("page")
                result.contents.append((f"{text} … {page}" if page else text, toc.source))
            i = start + run
            continue
        out.append(line)
        i += 1
    return out


def _listed_later(body: list[Line], start: int, run: int) -> bool:
    """True when every contents-like line of ``body[start:start + run]`` comes back
    later in the body as a line of its own (the contents lists the themes that follow)."""
    after = {fold(x.text) for x in body[start + run :]}
    for toc in body[start : start + run]:
        m = _toc_match(toc, True)
        if m is None or fold(" ".join(m.group("text").split())) not in after:
            return False
    return True


def _themes(body: list[Line], findings: list[Finding], lang: Lang) -> list[Entry]:
    cands: list[Candidate] = []
    for i, line in enumerate(body):
        nxt = body[i + 1] if i + 1 < len(body) else None
        styled = _theme_style(line, nxt)
        if styled is not None:
            cands.append(Candidate(i, *styled))
    intro: set[int] = {c.index for c in cands if _INTRO.match(fold(c.title))}
    themed = [c for c in cands if c.index not in intro]
    # Which candidates have content of their own (lines before the next candidate)?
    starts = sorted(c.index for c in cands)
    has_content = {
        s: (starts[k + 1] if k + 1 < len(starts) else len(body)) > s + 1
        for k, s in enumerate(starts)
    }
    order: list[str] = []
    for c in themed:
        if c.style not in order:
            order.append(c.style)
    # A style used once, by a line with no content of its own, that comes before the
    # other styles is a container ("THÉMATIQUES", a place name under the title).
    containers: set[int] = set()
    while len(order) > 1:
        tops = [c for c in themed if c.style == order[0]]
        if len(tops) != 1 or has_content[tops[0].index]:
            break
        containers.add(tops[0].index)
        order = order[1:]
    # First style → OS, second → OO, third → an action whose bullets are its details.
    level_of = {style: Level(i + 1) for i, style in enumerate(order[: Level.ACTION])}
    by_index = {c.index: c for c in themed}
    entries: list[Entry] = []
    in_intro = False
    current: Entry | None = None
    bullets_in_theme = _free_bullets(body, {c.index for c in cands})
    theme_start: int | None = None
    heading_action: Entry | None = None
    for i, line in enumerate(body):
        if i in intro or i in containers:
            in_intro = i in intro
            heading_action = None
            entries.append(
                Entry(
                    level=None,
                    title=line.text,
                    source=line.source,
                    role="preamble" if i in intro else "section",
                )
            )
            current = None
            continue
        cand = by_index.get(i)
        if cand is not None and cand.style in level_of:
            in_intro = False
            level = level_of[cand.style]
            entry = Entry(
                level=level,
                title=cand.title,
                source=line.source,
                code=cand.code,
                label=cand.label,
                labelled=cand.code is not None,
            )
            entries.append(entry)
            if level is Level.ACTION:
                heading_action = entry
            else:
                theme_start, heading_action = i, None
            current = None
            continue
        if heading_action is not None and theme_start is not None:
            if line.kind is BlockKind.LIST_ITEM:
                heading_action.details.append(line.text)
            else:
                heading_action.description.append(line.text)
            continue
        if in_intro or theme_start is None:
            entries.append(Entry(level=None, title=line.text, source=line.source, role="preamble"))
            continue
        bullets_are_actions = bullets_in_theme.get(theme_start, False)
        is_bullet = line.kind is BlockKind.LIST_ITEM
        if is_bullet and current is not None and current.title.rstrip().endswith(":"):
            current.details.append(line.text)
            continue
        if bullets_are_actions and not is_bullet:
            entries.append(
                Entry(level=None, title=line.text, source=line.source, role="description")
            )
            continue
        title, description = line.text, None
        if is_bullet:
            m = _BULLET_TITLE.match(line.text)
            if m is not None:
                title, description = m.group("title").strip(), m.group("text").strip()
        current = Entry(level=Level.ACTION, title=title, source=line.source)
        if description:
            current.description.append(description)
            current.text = line.text
        if line.unclosed:
            findings.append(
                _find(
                    "truncated-text",
                    Severity.WARNING,
                    rule_message(
                        "truncated-text", "item", lang, text=line.text[-FINDING_TAIL_CHARS:]
                    ),
                    line.source,
                )
            )
        entries.append(current)
    return entries


def _free_bullets(body: list[Line], cand_idx: set[int]) -> dict[int, bool]:
    """For each theme start, whether it holds bullets that are not details of a ':' line."""
    out: dict[int, bool] = {}
    start: int | None = None
    prev_colon = False
    for i, line in enumerate(body):
        if i in cand_idx:
            start = i
            out.setdefault(i, False)
            prev_colon = False
            continue
        if start is None:
            continue
        if line.kind is BlockKind.LIST_ITEM:
            if not prev_colon:
                out[start] = True
        else:
            prev_colon = line.text.rstrip().endswith(":")
    return out


# ---------------------------------------------------------------- project sheets

_SECTION = re.compile(r"^(?P<head>[A-ZÉÈ][^:.]{1,40}?)\s*:\s*(?P<rest>.*)$")


def _project_sheet(lines: list[Line], findings: list[Finding]) -> ProseResult:
    """ "Projet :" → the objective; numbered "Actions :" → actions; the rest → fields."""
    result = ProseResult(entries=[], findings=findings)
    sections: list[tuple[str, Line, list[Line]]] = []
    for line in lines:
        m = _SECTION.match(line.text)
        if (
            m is not None
            and line.kind is not BlockKind.LIST_ITEM
            and len(m.group("head").split()) <= CAPTION_MAX_WORDS
        ):
            sections.append((m.group("head").strip(), line, []))
            if m.group("rest").strip():
                sections[-1][2].append(Line(m.group("rest").strip(), line.kind, line.source))
        elif sections:
            sections[-1][2].append(line)
        else:
            result.entries.append(
                Entry(level=None, title=line.text, source=line.source, role="preamble")
            )
    project: Entry | None = None
    for head, line, body in sections:
        key = fold(head)
        result.entries.append(
            Entry(level=None, title=line.text, source=line.source, role="section")
        )
        if key.startswith("projet") or key.startswith("intitule") or key.startswith("titre"):
            title = " ".join(x.text for x in body[:1])
            result.title = title or None
            project = Entry(
                level=Level.OS, title=title, source=(body[0].source if body else line.source)
            )
            result.entries.append(project)
            for extra in body[1:]:
                project.description.append(extra.text)
            continue
        if project is None:
            project = Entry(level=Level.OS, title=head, source=line.source)
            result.entries.append(project)
        if key.startswith("action"):
            for item in body:
                enum = parse_enumerator(item.text)
                marker = (
                    item.marker if item.marker and not parse_bullet(f"{item.marker} x") else None
                )
                if enum is not None and enum.kind in ("num", "letter"):
                    result.entries.append(
                        Entry(
                            level=Level.ACTION,
                            title=enum.rest,
                            source=item.source,
                            code=enum.code,
                            label=enum.marker,
                            labelled=True,
                        )
                    )
                elif marker is not None:
                    m2 = parse_enumerator(f"{marker} {item.text}")
                    result.entries.append(
                        Entry(
                            level=Level.ACTION,
                            title=item.text,
                            source=item.source,
                            code=m2.code if m2 else None,
                            label=marker,
                            labelled=m2 is not None,
                        )
                    )
                else:
                    result.entries.append(
                        Entry(level=Level.ACTION, title=item.text, source=item.source)
                    )
            continue
        texts = [f"– {x.text}" if x.kind is BlockKind.LIST_ITEM else x.text for x in body]
        if key.startswith(("objet", "contexte", "description", "objectif", "but")):
            project.description.extend(texts)
        else:
            name = field_key(head) or head
            value = "\n".join(texts)
            project.fields[name] = (
                f"{project.fields[name]}\n{value}" if name in project.fields else value
            )
    return result
