"""DOCX extractor: the body in reading order, as blocks with style and list provenance.

The archive is vetted by :func:`pstparse.extractors._zip.check_zip` before python-docx
opens it. python-docx is used to open the package and follow its relationships; the
content itself is read from the XML with lxml, because python-docx has no API for list
numbering, vertical merges, content controls, tracked changes or text boxes.

What the blocks say:

* Body paragraphs are HEADING (heading styles, localised names, outline levels; ``Title``
  is level 0), LIST_ITEM (automatic numbering, direct or through the style; the marker
  Word would render is recomputed from ``numbering.xml``) or PARAGRAPH. Empty paragraphs
  are skipped. A numbered heading is a HEADING that also carries its ``list_marker``.
* ``Source.paragraph`` counts every ``w:p`` of the body that is not inside a table,
  empty ones included, in document order (paragraphs of content controls and of text
  boxes anchored in a body paragraph included). For documents without content controls
  or text boxes, paragraph ``N`` is python-docx's ``Document.paragraphs[N - 1]``. Blocks
  from tables carry ``Source(table=, row=, column=)`` instead.
* Tables are read on their grid: each paragraph of a cell is one CELL block (a line
  ended by a manual break, ``w:br``, is a block of its own); a merged
  cell is emitted once, on its first row and grid column, with its spans. In a cell,
  ``level_hint`` is the list level of a numbered paragraph, else the heading level of a
  heading-styled one. A nested table gets its own (next) table number; its blocks come at
  its place among the parent cell's paragraphs, so the parent cell is the one whose
  blocks immediately precede them.
* Headers and footers of every section (default, first and even pages) go to
  ``Extraction.furniture`` as PARAGRAPH blocks; the core-properties title goes to
  ``Extraction.title``.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from io import BytesIO
from typing import Any, Protocol, cast

from lxml import etree  # type: ignore[import-untyped]

from pstparse.extractors._limits import limit_finding
from pstparse.extractors._zip import check_zip
from pstparse.lexicon.labels import int_to_roman
from pstparse.model.errors import InputError, PstparseError
from pstparse.model.ir import Block, BlockKind, Extraction, Style, TableRef
from pstparse.model.plan import Finding, Source
from pstparse.options import ExtractOptions

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_M = "{http://schemas.openxmlformats.org/officeDocument/2006/math}"
_R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"

_RT_STYLES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles"
_RT_NUMBERING = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering"
_RT_CORE = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"

_VAL = _W + "val"
_P, _TBL, _TR, _TC, _R_RUN = _W + "p", _W + "tbl", _W + "tr", _W + "tc", _W + "r"
_PPR, _RPR, _TCPR, _TRPR = _W + "pPr", _W + "rPr", _W + "tcPr", _W + "trPr"
_SDT, _SDT_CONTENT, _CUSTOM_XML = _W + "sdt", _W + "sdtContent", _W + "customXml"
_ALT, _CHOICE = _MC + "AlternateContent", _MC + "Choice"
_TXBX = _W + "txbxContent"

_MAX_LEVELS = 9
_MAX_CHAIN = 64
"""Longest ``basedOn`` chain followed; longer ones are cycles or garbage."""

_MAX_LETTER_NUMBER = 26 * 40
"""Beyond this, a lettered counter is shown in digits rather than as a run of letters."""

MAX_LEVEL_TEXT = 64
"""Longest list-number template (``w:lvlText``) used, in characters.

Word's own templates are a few characters ("%1.%2.%3."); a template of ``%1`` repeated
100,000 times (8 KB zipped) would make every numbered paragraph render a marker of
100,000 numbers. A longer template is cut to this length (warning finding).
"""

MAX_TABLE_ROWS = 2_000
"""Rows read from one table; later rows are left out (warning finding naming how many).

A strategy plan's tables run to a few hundred rows (the largest sample: about 300). A
table of 200,000 rows fits in the 32 MiB XML limit but took 32 s and 1.1 GB; a row of
cells costs two to three labelled text lines (``txt.MAX_TEXT_LINES``) through the
extractor, the normaliser and the writers, on top of parsing the XML itself, so 2,000
rows keep such a file under 30 s on a loaded 2-core machine.
"""
_OFF = frozenset({"0", "false", "off"})
_UNIT_PT = {"pt": 1.0, "in": 72.0, "cm": 72 / 2.54, "mm": 72 / 25.4, "pc": 12.0, "pi": 12.0}
_MEASURE = re.compile(r"\s*(-?\d+(?:\.\d+)?)\s*(pt|in|cm|mm|pc|pi)?\s*")
_HEADING_NAME = re.compile(
    r"(?:heading|titre|titel|[uü]berschrift|kop|titolo|t[ií]tulo|encabezado|nag[lł][oó]wek"
    r"|rubrik|overskrift|otsikko)\s*([1-9])",
    re.IGNORECASE,
)
_TITLE_NAME = re.compile(r"title|titre|titel|titolo|t[ií]tulo", re.IGNORECASE)
_LEVEL_REF = re.compile(r"%([1-9])")

# Characters a run element stands for. A non-breaking hyphen is rendered as a plain
# hyphen so that label grammars see "1-2" whatever the author typed; an optional
# (soft) hyphen is invisible unless a line breaks there.
_RUN_CHARS = {
    _W + "tab": " ",
    _W + "ptab": " ",
    _W + "br": "\n",
    _W + "cr": "\n",
    _W + "noBreakHyphen": "-",
    _W + "softHyphen": "",
}
# Subtrees whose text is not part of what the reader sees in the paragraph: properties,
# deleted or moved-away revisions, the fallback copy of alternate content, field codes.
_SKIP = frozenset(
    {
        _PPR,
        _RPR,
        _W + "del",
        _W + "moveFrom",
        _W + "delText",
        _W + "instrText",
        _W + "delInstrText",
        _MC + "Fallback",
        _W + "sdtPr",
        _W + "sdtEndPr",
        _W + "customXmlPr",
    }
)


class _Element(Protocol):
    """The part of the lxml element API used here (lxml ships no type information)."""

    tag: object
    text: str | None

    def get(self, key: str, default: None = None) -> str | None: ...

    def find(self, path: str) -> _Element | None: ...

    def findall(self, path: str) -> list[_Element]: ...

    def iter(self, tag: str) -> Iterator[_Element]: ...

    def __iter__(self) -> Iterator[_Element]: ...


# --------------------------------------------------------------------------- entry point


def extract_docx(data: bytes, *, name: str = "<docx>") -> Extraction:
    """Read a DOCX (also DOCM, DOTX, DOTM) document into blocks in reading order.

    Raises:
        InputError: the bytes are not a (safe, readable) Word document.
    """
    check_zip(data, kind="DOCX", required=("word/document.xml",), path=name)
    package, main = _open(data, name)
    try:
        root = _part_root(main)
        body = root.find(_W + "body") if root.tag == _W + "document" else None
        if body is None:
            raise InputError("not a DOCX file (the main part is not a Word document)", path=name)
        reader = _Reader(
            _Styles(_related_root(main, _RT_STYLES)),
            numbering_root=_related_root(main, _RT_NUMBERING),
        )
        blocks = reader.read_body(body)
        furniture = reader.read_furniture(_header_footer_roots(main, body))
        title = _core_title(package)
    except PstparseError:
        raise
    except (ValueError, KeyError, IndexError, RecursionError, etree.LxmlError) as exc:
        raise InputError(f"malformed DOCX content ({_one_line(exc)})", path=name) from exc
    return Extraction(
        blocks=blocks,
        format="docx",
        furniture=furniture,
        title=title,
        findings=reader.findings,
    )


def _open(data: bytes, name: str) -> tuple[Any, Any]:
    """Open the package with python-docx and return it with its main document part."""
    from docx.package import Package

    try:
        package = Package.open(BytesIO(data))
        main = package.main_document_part
    except PstparseError:
        raise
    except Exception as exc:
        # A trust boundary: whatever python-docx or lxml trip over in a hostile or
        # broken file must surface as one readable input error, not a traceback.
        raise InputError(f"unreadable DOCX file ({_one_line(exc)})", path=name) from exc
    return package, main


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


_SAFE_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
)


def _part_root(part: Any) -> _Element:
    """The root element of a part: parsed by python-docx when it knows the content type,
    else parsed here (e.g. the main part of a macro-enabled document or a template)."""
    element = getattr(part, "element", None)
    if element is not None:
        return cast(_Element, element)
    return cast(_Element, etree.fromstring(part.blob, _SAFE_PARSER))


def _related_root(part: Any, reltype: str) -> _Element | None:
    try:
        related = part.part_related_by(reltype)
    except KeyError:
        return None
    return _part_root(related)


def _header_footer_roots(main: Any, body: _Element) -> list[_Element]:
    """Headers and footers of every section, each part once, in section order."""
    roots: list[_Element] = []
    seen: set[str] = set()
    related = main.related_parts
    for sect in body.iter(_W + "sectPr"):
        for ref in sect:
            if ref.tag not in (_W + "headerReference", _W + "footerReference"):
                continue
            rid = ref.get(_R + "id")
            if rid is None or rid in seen or rid not in related:
                continue
            seen.add(rid)
            roots.append(_part_root(related[rid]))
    return roots


def _core_title(package: Any) -> str | None:
    # python-docx invents a default core-properties part ("Word Document") when the file
    # has none; asking the relationship directly avoids reporting that as a title.
    try:
        core = package.part_related_by(_RT_CORE)
    except KeyError:
        return None
    props = getattr(core, "core_properties", None)
    title = getattr(props, "title", None)
    if isinstance(title, str) and title.strip():
        return " ".join(title.split())
    return None


# --------------------------------------------------------------------------- XML helpers


def _on(element: _Element | None) -> bool | None:
    """An ST_OnOff property: None when absent, True unless its value says off."""
    if element is None:
        return None
    return element.get(_VAL) not in _OFF


def _int(value: str | None) -> int | None:
    if value is None:
        return None
    try:
        number = int(float(value.strip()))
    except (ValueError, OverflowError):
        return None
    # Word's integers are 32-bit; anything beyond is garbage, not a huge list counter.
    return number if -(2**31) <= number < 2**31 else None


def _measure(value: str | None, per_point: float) -> float | None:
    """A length in points: bare numbers count ``1/per_point`` points (twips: 20)."""
    if value is None:
        return None
    match = _MEASURE.fullmatch(value)
    if match is None:
        return None
    number = float(match[1])
    points = number * _UNIT_PT[match[2]] if match[2] else number / per_point
    return round(points, 2)


def _val(parent: _Element | None, tag: str) -> str | None:
    if parent is None:
        return None
    child = parent.find(_W + tag)
    return None if child is None else child.get(_VAL)


def _left_indent(ppr: _Element | None) -> float | None:
    ind = None if ppr is None else ppr.find(_W + "ind")
    if ind is None:
        return None
    value = ind.get(_W + "left")
    if value is None:
        value = ind.get(_W + "start")
    return _measure(value, 20)


def _block_children(container: _Element, wanted: frozenset[object]) -> Iterator[_Element]:
    """Children of ``container`` with a wanted tag, looking through content controls,
    custom XML wrappers and alternate content (first choice only)."""
    for child in container:
        tag = child.tag
        if tag in wanted:
            yield child
        elif tag == _SDT:
            content = child.find(_SDT_CONTENT)
            if content is not None:
                yield from _block_children(content, wanted)
        elif tag == _CUSTOM_XML:
            yield from _block_children(child, wanted)
        elif tag == _ALT:
            choice = child.find(_CHOICE)
            if choice is not None:
                yield from _block_children(choice, wanted)


_BLOCK_TAGS: frozenset[object] = frozenset({_P, _TBL})
_ROW_TAGS: frozenset[object] = frozenset({_TR})
_CELL_TAGS: frozenset[object] = frozenset({_TC})


# --------------------------------------------------------------------------- styles


@dataclass(frozen=True, slots=True)
class _RunProps:
    bold: bool | None = None
    italic: bool | None = None
    caps: bool | None = None
    size: float | None = None

    def under(self, base: _RunProps) -> _RunProps:
        """These properties, falling back to ``base`` where unset."""
        return _RunProps(
            bold=self.bold if self.bold is not None else base.bold,
            italic=self.italic if self.italic is not None else base.italic,
            caps=self.caps if self.caps is not None else base.caps,
            size=self.size if self.size is not None else base.size,
        )


_NO_RUN_PROPS = _RunProps()


def _run_props(rpr: _Element | None) -> _RunProps:
    if rpr is None:
        return _NO_RUN_PROPS
    return _RunProps(
        bold=_on(rpr.find(_W + "b")),
        italic=_on(rpr.find(_W + "i")),
        caps=_on(rpr.find(_W + "caps")),
        size=_measure(_val(rpr, "sz"), 2),
    )


@dataclass(frozen=True, slots=True)
class _StyleDef:
    style_id: str
    kind: str
    name: str
    based_on: str | None
    outline: int | None
    num_id: int | None
    ilvl: int | None
    indent: float | None
    run: _RunProps


@dataclass(frozen=True, slots=True)
class _ParaStyle:
    """A paragraph style with its ``basedOn`` chain resolved."""

    style_id: str | None
    name: str | None
    heading: int | None
    num_id: int | None
    ilvl: int | None
    num_holder: str | None
    """The style in the chain that carries the numbering (matched by ``w:lvl/w:pStyle``)."""
    indent: float | None
    run: _RunProps


def _ui_name(name: str) -> str:
    """Word stores built-in style names in lower case ("heading 1", "toc 2")."""
    if name and name == name.lower():
        if name.startswith("toc "):
            return "TOC" + name[3:]
        return name[0].upper() + name[1:]
    return name


def _heading_from_names(style: _StyleDef) -> int | None:
    for candidate in (style.name, style.style_id):
        match = _HEADING_NAME.fullmatch(candidate.strip())
        if match:
            return int(match[1])
    for candidate in (style.name, style.style_id):
        if _TITLE_NAME.fullmatch(candidate.strip()):
            return 0
    return None


class _Styles:
    """The styles part, resolved lazily and cached per style."""

    def __init__(self, root: _Element | None) -> None:
        self._defs: dict[str, _StyleDef] = {}
        self._default_paragraph: str | None = None
        self._defaults = _NO_RUN_PROPS
        self._paragraph_cache: dict[str | None, _ParaStyle] = {}
        self._run_cache: dict[tuple[str | None, str | None], _RunProps] = {}
        if root is None:
            return
        defaults = root.find(_W + "docDefaults")
        if defaults is not None:
            self._defaults = _run_props(defaults.find(f"{_W}rPrDefault/{_W}rPr"))
        for style in root.findall(_W + "style"):
            self._add(style)

    def _add(self, style: _Element) -> None:
        style_id = style.get(_W + "styleId")
        if style_id is None:
            return
        kind = style.get(_W + "type") or "paragraph"
        ppr = style.find(_PPR)
        numpr = None if ppr is None else ppr.find(_W + "numPr")
        definition = _StyleDef(
            style_id=style_id,
            kind=kind,
            name=_val(style, "name") or style_id,
            based_on=_val(style, "basedOn"),
            outline=_int(_val(ppr, "outlineLvl")),
            num_id=_int(_val(numpr, "numId")),
            ilvl=_int(_val(numpr, "ilvl")),
            indent=_left_indent(ppr),
            run=_run_props(style.find(_RPR)),
        )
        self._defs[style_id] = definition
        if kind == "paragraph" and style.get(_W + "default") in ("1", "true", "on"):
            self._default_paragraph = style_id

    def _chain(self, style_id: str | None, kind: str) -> list[_StyleDef]:
        chain: list[_StyleDef] = []
        seen: set[str] = set()
        while style_id is not None and style_id not in seen and len(chain) < _MAX_CHAIN:
            seen.add(style_id)
            style = self._defs.get(style_id)
            if style is None or style.kind != kind:
                break
            chain.append(style)
            style_id = style.based_on
        return chain

    def paragraph(self, style_id: str | None) -> _ParaStyle:
        """The resolved paragraph style (the default paragraph style when unknown)."""
        cached = self._paragraph_cache.get(style_id)
        if cached is not None:
            return cached
        chain = self._chain(style_id, "paragraph")
        if not chain:
            chain = self._chain(self._default_paragraph, "paragraph")
        resolved = self._resolve(chain)
        self._paragraph_cache[style_id] = resolved
        return resolved

    def _resolve(self, chain: list[_StyleDef]) -> _ParaStyle:
        # The nearest style that says anything decides: its outline level (9 = body
        # text, as in Word's "TOC Heading" based on "heading 1"), else its name.
        heading = None
        for style in chain:
            if style.outline is not None:
                heading = style.outline + 1 if 0 <= style.outline < _MAX_LEVELS else None
                break
            heading = _heading_from_names(style)
            if heading is not None:
                break
        holder = next((s for s in chain if s.num_id is not None), None)
        run = _NO_RUN_PROPS
        for style in chain:
            run = run.under(style.run)
        return _ParaStyle(
            style_id=chain[0].style_id if chain else None,
            name=_ui_name(chain[0].name) if chain else None,
            heading=heading,
            num_id=holder.num_id if holder else None,
            ilvl=next((s.ilvl for s in chain if s.ilvl is not None), None),
            num_holder=holder.style_id if holder else None,
            indent=next((s.indent for s in chain if s.indent is not None), None),
            run=run,
        )

    def run_base(self, paragraph_style: str | None, run_style: str | None) -> _RunProps:
        """Run properties before direct formatting: character style, then paragraph
        style, then document defaults."""
        key = (paragraph_style, run_style)
        cached = self._run_cache.get(key)
        if cached is not None:
            return cached
        props = _NO_RUN_PROPS
        for style in self._chain(run_style, "character"):
            props = props.under(style.run)
        props = props.under(self.paragraph(paragraph_style).run).under(self._defaults)
        self._run_cache[key] = props
        return props

    def numbering_style_num(self, style_id: str) -> int | None:
        """The numbering instance a numbering style points to (for ``w:numStyleLink``)."""
        chain = self._chain(style_id, "numbering")
        return next((s.num_id for s in chain if s.num_id is not None), None)


# --------------------------------------------------------------------------- numbering


@dataclass(frozen=True, slots=True)
class _Level:
    start: int = 0
    fmt: str = "decimal"
    text: str = ""
    restart: int | None = None
    legal: bool = False
    pstyle: str | None = None
    indent: float | None = None


def _parse_level(lvl: _Element, base: _Level | None, findings: list[Finding]) -> _Level:
    """A ``w:lvl``; what it leaves out comes from ``base`` (an overridden level).

    A ``w:lvlText`` longer than :data:`MAX_LEVEL_TEXT` is cut (and noted in ``findings``).
    """
    base = base or _Level()
    start = _int(_val(lvl, "start"))
    fmt = _val(lvl, "numFmt")
    text = _val(lvl, "lvlText")
    if text is not None and len(text) > MAX_LEVEL_TEXT:
        findings.append(
            limit_finding(
                f"a list-number template of {len(text):,} characters was cut to"
                f" {MAX_LEVEL_TEXT} (numbering.xml, level {lvl.get(_W + 'ilvl')})"
            )
        )
        text = text[:MAX_LEVEL_TEXT]
    restart = _int(_val(lvl, "lvlRestart"))
    legal = _on(lvl.find(_W + "isLgl"))
    indent = _left_indent(lvl.find(_PPR))
    return _Level(
        start=start if start is not None else base.start,
        fmt=fmt if fmt is not None else base.fmt,
        text=text if text is not None else base.text,
        restart=restart if restart is not None else base.restart,
        legal=legal if legal is not None else base.legal,
        pstyle=_val(lvl, "pStyle") or base.pstyle,
        indent=indent if indent is not None else base.indent,
    )


@dataclass(slots=True)
class _Num:
    abstract: str
    starts: dict[int, int] = field(default_factory=dict)
    overrides: dict[int, _Element] = field(default_factory=dict)


def _roman(number: int) -> str:
    roman = int_to_roman(number)
    return roman.lower() if roman is not None else str(number)


def _letters(number: int) -> str:
    # Word goes a..z, then aa..zz, then aaa..: the letter repeats, it does not carry.
    if not 0 < number <= _MAX_LETTER_NUMBER:
        return str(number)
    return chr(ord("a") + (number - 1) % 26) * ((number - 1) // 26 + 1)


def format_number(number: int, fmt: str) -> str:
    """Render one counter the way Word does for a ``w:numFmt`` value.

    Unknown formats (ordinal words, enclosed characters...) fall back to decimal digits.
    """
    if fmt == "none":
        return ""
    if fmt == "bullet":
        return "•"
    if fmt == "lowerLetter":
        return _letters(number)
    if fmt == "upperLetter":
        return _letters(number).upper()
    if fmt == "lowerRoman":
        return _roman(number)
    if fmt == "upperRoman":
        return _roman(number).upper()
    if fmt == "decimalZero":
        return f"{number:02d}"
    return str(number)


class _Numbering:
    """``numbering.xml`` plus the running counters of every list.

    Numbering instances that share an abstract definition share its counters (Word
    continues such lists). An instance with a ``w:startOverride`` resets the shared
    counter of that level when its first paragraph comes, which is how Word writes
    "restart numbering"; later instances without override continue from there (as
    LibreOffice, which imitates Word, renders it).
    """

    def __init__(
        self, root: _Element | None, styles: _Styles, findings: list[Finding] | None = None
    ) -> None:
        self._styles = styles
        self._findings: list[Finding] = [] if findings is None else findings
        self._abstracts: dict[str, _Element] = {}
        self._nums: dict[int, _Num] = {}
        self._levels_cache: dict[int, dict[int, _Level]] = {}
        self._abstract_cache: dict[int, str] = {}
        self._counters: dict[str, list[int | None]] = {}
        self._started: set[int] = set()
        if root is None:
            return
        for abstract in root.findall(_W + "abstractNum"):
            abstract_id = abstract.get(_W + "abstractNumId")
            if abstract_id is not None:
                self._abstracts[abstract_id] = abstract
        for num in root.findall(_W + "num"):
            num_id = _int(num.get(_W + "numId"))
            abstract_id = _val(num, "abstractNumId")
            if num_id is None or abstract_id is None:
                continue
            entry = _Num(abstract_id)
            for override in num.findall(_W + "lvlOverride"):
                ilvl = _int(override.get(_W + "ilvl"))
                if ilvl is None:
                    continue
                start = _int(_val(override, "startOverride"))
                if start is not None:
                    entry.starts[ilvl] = start
                lvl = override.find(_W + "lvl")
                if lvl is not None:
                    entry.overrides[ilvl] = lvl
            self._nums[num_id] = entry

    def defined(self, num_id: int) -> bool:
        """True when ``num_id`` names a numbering instance (0 means "no numbering")."""
        return num_id in self._nums

    def _abstract_id(self, num_id: int) -> str:
        """The abstract definition behind ``num_id``, following numbering-style links."""
        cached = self._abstract_cache.get(num_id)
        if cached is None:
            cached = self._abstract_cache[num_id] = self._follow_links(num_id)
        return cached

    def _follow_links(self, num_id: int) -> str:
        abstract_id = self._nums[num_id].abstract
        for _ in range(8):
            abstract = self._abstracts.get(abstract_id)
            link = _val(abstract, "numStyleLink")
            if link is None:
                break
            linked_num = self._styles.numbering_style_num(link)
            if linked_num is None or linked_num not in self._nums:
                break
            abstract_id = self._nums[linked_num].abstract
        return abstract_id

    def levels(self, num_id: int) -> dict[int, _Level]:
        """The levels of a numbering instance, overrides applied."""
        cached = self._levels_cache.get(num_id)
        if cached is not None:
            return cached
        levels: dict[int, _Level] = {}
        abstract = self._abstracts.get(self._abstract_id(num_id))
        if abstract is not None:
            for lvl in abstract.findall(_W + "lvl"):
                ilvl = _int(lvl.get(_W + "ilvl"))
                if ilvl is not None and 0 <= ilvl < _MAX_LEVELS:
                    levels[ilvl] = _parse_level(lvl, None, self._findings)
        for ilvl, lvl in self._nums[num_id].overrides.items():
            if 0 <= ilvl < _MAX_LEVELS:
                levels[ilvl] = _parse_level(lvl, levels.get(ilvl), self._findings)
        self._levels_cache[num_id] = levels
        return levels

    def level_for_style(self, num_id: int, style_id: str | None) -> int | None:
        """The level whose ``w:pStyle`` is ``style_id`` (numbering set by a style)."""
        if style_id is None:
            return None
        return next((i for i, lv in self.levels(num_id).items() if lv.pstyle == style_id), None)

    def _start(self, num_id: int, ilvl: int, levels: dict[int, _Level]) -> int:
        override = self._nums[num_id].starts.get(ilvl)
        if override is not None:
            return override
        level = levels.get(ilvl)
        return level.start if level else 1

    def advance(self, num_id: int, ilvl: int) -> str | None:
        """Count one paragraph of list ``num_id`` at level ``ilvl``; return its marker."""
        levels = self.levels(num_id)
        counters = self._counters.setdefault(self._abstract_id(num_id), [None] * _MAX_LEVELS)
        if num_id not in self._started:
            self._started.add(num_id)
            for overridden, start in sorted(self._nums[num_id].starts.items()):
                if 0 <= overridden < _MAX_LEVELS:
                    # The next paragraph at that level shows ``start``.
                    counters[overridden] = start - 1
                    counters[overridden + 1 :] = [None] * (_MAX_LEVELS - overridden - 1)
        current = counters[ilvl]
        counters[ilvl] = self._start(num_id, ilvl, levels) if current is None else current + 1
        for deeper in range(ilvl + 1, _MAX_LEVELS):
            level = levels.get(deeper)
            # w:lvlRestart is 1-based: restart when a level at or above it is used;
            # 0 means never. By default a level restarts after any higher level.
            restart = deeper if level is None or level.restart is None else level.restart
            restart = min(restart, deeper)
            if restart != 0 and ilvl < restart:
                counters[deeper] = None
        level = levels.get(ilvl)
        if level is None:
            return None
        if level.fmt == "bullet":
            return "•"

        def render(match: re.Match[str]) -> str:
            index = int(match[1]) - 1
            value = counters[index]
            if value is None:
                value = self._start(num_id, index, levels)
            ref = levels.get(index)
            fmt = ref.fmt if ref else "decimal"
            if level.legal and index < ilvl:
                fmt = "decimal"
            return format_number(value, fmt)

        marker = _LEVEL_REF.sub(render, level.text).strip()
        return marker or None


# --------------------------------------------------------------------------- reading


@dataclass(frozen=True, slots=True)
class _Context:
    """Where paragraphs being read land."""

    out: list[Block]
    cell: TableRef | None = None
    furniture: bool = False


@dataclass(slots=True)
class _CellLayout:
    element: _Element
    row: int
    column: int
    col_span: int
    row_span: int = 1
    continued: bool = False


class _Reader:
    """Walks the body once, keeping paragraph and table numbers and list counters."""

    def __init__(self, styles: _Styles, *, numbering_root: _Element | None) -> None:
        self._styles = styles
        self.findings: list[Finding] = []
        """Limits reached while reading (clamped spans, cut templates, left-out rows)."""
        self._numbering = _Numbering(numbering_root, styles, self.findings)
        self._paragraph_no = 0
        self._table_no = 0

    def read_body(self, body: _Element) -> list[Block]:
        """Blocks of the document body, in reading order."""
        out: list[Block] = []
        self._content(body, _Context(out))
        return out

    def read_furniture(self, roots: list[_Element]) -> list[Block]:
        """PARAGRAPH blocks for the text of header and footer parts."""
        out: list[Block] = []
        context = _Context(out, furniture=True)
        for root in roots:
            self._content(root, context)
        return out

    def _content(self, container: _Element, context: _Context) -> None:
        for element in _block_children(container, _BLOCK_TAGS):
            if element.tag == _P:
                self._paragraph(element, context)
            else:
                self._table(element, context)

    # ---- paragraphs

    def _paragraph(self, p: _Element, context: _Context) -> None:
        ppr = p.find(_PPR)
        style = self._styles.paragraph(_val(ppr, "pStyle"))
        number = None
        if context.cell is None and not context.furniture:
            self._paragraph_no += 1
            number = self._paragraph_no
        list_level, marker, list_indent = self._list_info(ppr, style)
        heading = self._heading_level(ppr, style)
        pieces: list[tuple[str, _RunProps | None]] = []
        boxes: list[_Element] = []
        self._collect(p, style.style_id, pieces, boxes)
        text = "".join(piece for piece, _ in pieces).replace("\t", " ").replace("\r", "\n")
        text = text.strip()
        if text:
            indent = _left_indent(ppr)
            if indent is None:
                indent = list_indent if list_indent is not None else style.indent
            block_style = _style(pieces, indent, style.name)
            if context.cell is not None and "\n" in text:
                # A manual line break (w:br) inside a cell paragraph is structure the
                # author typed: each line is its own block, so that the normaliser never
                # has to re-guess where one item ends.
                lines = [line.strip() for line in text.split("\n") if line.strip()]
                for k, line in enumerate(lines):
                    context.out.append(
                        self._block(
                            line,
                            context,
                            number,
                            heading,
                            list_level,
                            marker if k == 0 else None,
                            block_style,
                        )
                    )
            else:
                context.out.append(
                    self._block(text, context, number, heading, list_level, marker, block_style)
                )
        for box in boxes:
            self._content(box, context)

    def _block(
        self,
        text: str,
        context: _Context,
        number: int | None,
        heading: int | None,
        list_level: int | None,
        marker: str | None,
        style: Style,
    ) -> Block:
        if context.furniture:
            return Block(text, BlockKind.PARAGRAPH, Source(), None, marker, style)
        cell = context.cell
        if cell is not None:
            source = Source(table=cell.table, row=cell.row, column=cell.column)
            hint = list_level if list_level is not None else heading
            return Block(text, BlockKind.CELL, source, hint, marker, style, cell)
        source = Source(paragraph=number)
        if heading is not None:
            return Block(text, BlockKind.HEADING, source, heading, marker, style)
        if list_level is not None:
            return Block(text, BlockKind.LIST_ITEM, source, list_level, marker, style)
        return Block(text, BlockKind.PARAGRAPH, source, None, None, style)

    def _heading_level(self, ppr: _Element | None, style: _ParaStyle) -> int | None:
        direct = _int(_val(ppr, "outlineLvl"))
        if direct is not None:
            # A direct outline level wins over the style, 9 ("body text") included.
            return direct + 1 if 0 <= direct < _MAX_LEVELS else None
        return style.heading

    def _list_info(
        self, ppr: _Element | None, style: _ParaStyle
    ) -> tuple[int | None, str | None, float | None]:
        """``(level, marker, indent)`` of a numbered paragraph, counters advanced;
        ``(None, None, None)`` when the paragraph is not numbered."""
        numpr = None if ppr is None else ppr.find(_W + "numPr")
        direct_num = _int(_val(numpr, "numId"))
        direct_level = _int(_val(numpr, "ilvl"))
        num_id = direct_num if direct_num is not None else style.num_id
        if num_id is None or not self._numbering.defined(num_id):
            return None, None, None
        level = direct_level
        if level is None and direct_num is None:
            # A level that names the paragraph style (w:lvl/w:pStyle) wins over the
            # style's own w:ilvl (ECMA-376 §17.9.23).
            for candidate in (style.style_id, style.num_holder):
                if level is None:
                    level = self._numbering.level_for_style(num_id, candidate)
            if level is None:
                level = style.ilvl
        level = min(max(level or 0, 0), _MAX_LEVELS - 1)
        marker = self._numbering.advance(num_id, level)
        definition = self._numbering.levels(num_id).get(level)
        return level, marker, definition.indent if definition else None

    def _collect(
        self,
        element: _Element,
        paragraph_style: str | None,
        pieces: list[tuple[str, _RunProps | None]],
        boxes: list[_Element],
    ) -> None:
        """Gather the visible text of a paragraph with the properties of its runs, and
        the text boxes anchored in it (read afterwards as paragraphs of their own)."""
        for child in element:
            tag = child.tag
            if not isinstance(tag, str) or tag in _SKIP:
                continue
            if tag == _R_RUN:
                self._run(child, paragraph_style, pieces, boxes)
            elif tag == _TXBX:
                boxes.append(child)
            elif tag == _ALT:
                choice = child.find(_CHOICE)
                if choice is not None:
                    self._collect(choice, paragraph_style, pieces, boxes)
            elif tag == _M + "t":
                pieces.append((child.text or "", None))
            elif tag != _P:
                self._collect(child, paragraph_style, pieces, boxes)

    def _run(
        self,
        run: _Element,
        paragraph_style: str | None,
        pieces: list[tuple[str, _RunProps | None]],
        boxes: list[_Element],
    ) -> None:
        rpr = run.find(_RPR)
        base = self._styles.run_base(paragraph_style, _val(rpr, "rStyle"))
        props = _run_props(rpr).under(base)
        for child in run:
            tag = child.tag
            if not isinstance(tag, str) or tag in _SKIP:
                continue
            if tag == _W + "t":
                pieces.append((child.text or "", props))
            elif tag in _RUN_CHARS:
                pieces.append((_RUN_CHARS[tag], props))
            elif tag == _W + "sym":
                code = child.get(_W + "char")
                char = _symbol(code)
                if char:
                    pieces.append((char, props))
            else:
                # Drawings, pictures, embedded objects: only text boxes hold text.
                self._collect(child, paragraph_style, [], boxes)

    # ---- tables

    def _table(self, table: _Element, context: _Context) -> None:
        """Read a table row by row on its grid.

        The table takes the next table number before its cells are read, so a table
        nested in one of its cells gets a higher number, and the nested table's blocks
        sit among the parent cell's blocks at the place the table has in that cell.
        In headers and footers, tables are flattened into plain paragraphs.
        """
        if context.furniture:
            for row in _block_children(table, _ROW_TAGS):
                for tc in _block_children(row, _CELL_TAGS):
                    self._content(tc, context)
            return
        self._table_no += 1
        number = self._table_no
        rows = list(itertools.islice(_block_children(table, _ROW_TAGS), MAX_TABLE_ROWS + 1))
        if len(rows) > MAX_TABLE_ROWS:
            left_out = sum(1 for _ in _block_children(table, _ROW_TAGS)) - MAX_TABLE_ROWS
            rows = rows[:MAX_TABLE_ROWS]
            self.findings.append(
                limit_finding(
                    f"table {number} has more than {MAX_TABLE_ROWS:,} rows: the last"
                    f" {left_out:,} rows were left out",
                    Source(table=number, row=MAX_TABLE_ROWS + 1),
                )
            )
        layout = _layout(rows, _grid_width(table, rows), number, self.findings)
        for row_no, (row, cells) in enumerate(zip(rows, layout, strict=True), start=1):
            header = bool(_on(_trpr_child(row, "tblHeader")))
            for cell in cells:
                ref = TableRef(
                    table=number,
                    row=row_no,
                    column=cell.column,
                    row_span=cell.row_span,
                    col_span=cell.col_span,
                    is_header=header,
                    continued=cell.continued,
                )
                self._content(cell.element, _Context(context.out, cell=ref))


def _symbol(code: str | None) -> str:
    """The character of a ``w:sym``; symbol fonts use the U+F0xx private range for their
    8-bit codes, which are mapped back to that code; their usual bullets become "•"."""
    value = None
    if code:
        try:
            value = int(code, 16)
        except ValueError:
            value = None
    if value is None or not 0 < value < 0x110000:
        return ""
    if 0xD800 <= value <= 0xDFFF:
        # A surrogate code is no character: no output encoding can write it.
        return "\ufffd"
    if 0xF020 <= value <= 0xF0FF:
        value -= 0xF000
        # The bullets of the Symbol and Wingdings fonts, the only common ones.
        if value in (0xB7, 0xA7, 0x6C, 0x6E, 0xA8, 0xD8, 0xFC):
            return "•"
    return chr(value)


def _trpr_child(row: _Element, tag: str) -> _Element | None:
    trpr = row.find(_TRPR)
    return None if trpr is None else trpr.find(_W + tag)


def _grid_width(table: _Element, rows: list[_Element]) -> int:
    """The real width of a table's grid: its ``w:gridCol`` count, or more when a row
    has more cells than that (a grid that was not kept up to date)."""
    grid = table.find(_W + "tblGrid")
    declared = 0 if grid is None else len(grid.findall(_W + "gridCol"))
    widest = max((sum(1 for _ in _block_children(row, _CELL_TAGS)) for row in rows), default=0)
    return max(declared, widest, 1)


def _clamp(
    value: int, most: int, what: str, width: int, where: Source, notes: list[Finding]
) -> int:
    """``value`` capped at ``most``; a cap is noted (one finding per clamp)."""
    if value <= most:
        return value
    grid = f"{width} column{'s' if width != 1 else ''}"
    notes.append(
        limit_finding(
            f"a {what} of {value:,} columns was clamped to {most:,} (the table grid has {grid})",
            where,
        )
    )
    return most


def _layout(
    rows: list[_Element], width: int, table: int, notes: list[Finding]
) -> list[list[_CellLayout]]:
    """Place every cell of every row on the table grid and resolve merges.

    Horizontal merges (``w:gridSpan``, legacy ``w:hMerge``) widen a cell; a vertical
    merge (``w:vMerge``) makes the first cell taller, and its continuation cells are
    marked ``continued`` (they are only read if they hold text of their own).

    ``w:gridBefore`` and ``w:gridSpan`` are clamped to the grid ``width``
    (:func:`_grid_width`), so that a span of two billion columns costs nothing; each
    clamp is noted in ``notes``.
    """
    layout: list[list[_CellLayout]] = []
    open_merges: dict[int, _CellLayout] = {}
    for row_no, row in enumerate(rows, start=1):
        where = Source(table=table, row=row_no)
        before = max(_int(_val(row.find(_TRPR), "gridBefore")) or 0, 0)
        column = 1 + _clamp(before, width - 1, "w:gridBefore", width, where, notes)
        still_open: dict[int, _CellLayout] = {}
        cells: list[_CellLayout] = []
        for cell in _block_children(row, _CELL_TAGS):
            tcpr = cell.find(_TCPR)
            span = max(_int(_val(tcpr, "gridSpan")) or 1, 1)
            span = _clamp(span, max(width - column + 1, 1), "w:gridSpan", width, where, notes)
            hmerge = None if tcpr is None else tcpr.find(_W + "hMerge")
            if hmerge is not None and hmerge.get(_VAL) != "restart" and cells:
                # A legacy horizontal continuation widens the previous cell.
                cells[-1].col_span += span
                if _has_text(cell):
                    cells.append(_CellLayout(cell, row_no, column, span, continued=True))
                column += span
                continue
            vmerge = None if tcpr is None else tcpr.find(_W + "vMerge")
            layout_cell = _CellLayout(cell, row_no, column, span)
            if vmerge is not None and vmerge.get(_VAL) != "restart":
                owner = open_merges.get(column)
                if owner is not None:
                    owner.row_span += 1
                    still_open[column] = owner
                    layout_cell.continued = True
            elif vmerge is not None:
                still_open[column] = layout_cell
            if not layout_cell.continued or _has_text(cell):
                cells.append(layout_cell)
            column += span
        open_merges = still_open
        layout.append(cells)
    return layout


def _has_text(cell: _Element) -> bool:
    return any((t.text or "").strip() for t in cell.iter(_W + "t"))


def _style(
    pieces: list[tuple[str, _RunProps | None]], indent: float | None, name: str | None
) -> Style:
    """Typographic summary of a paragraph: a property holds when every run that shows
    non-blank text has it; the font size is the one covering most characters."""
    shown = [(text, props) for text, props in pieces if props is not None and text.strip()]
    sizes: Counter[float] = Counter()
    for text, props in shown:
        if props.size is not None:
            sizes[props.size] += len(text.strip())
    return Style(
        bold=all(bool(p.bold) for _, p in shown) if shown else None,
        italic=all(bool(p.italic) for _, p in shown) if shown else None,
        font_size=sizes.most_common(1)[0][0] if sizes else None,
        indent=indent,
        style_name=name,
        all_caps=all(bool(p.caps) for _, p in shown) if shown else None,
    )


def read_docx(data: bytes, name: str, options: ExtractOptions) -> Extraction:
    """The registry's reader (:data:`pstparse.extractors.registry.Reader`): no reading
    option applies to a Word document."""
    return extract_docx(data, name=name)
