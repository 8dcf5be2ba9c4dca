"""The normaliser: pure functions from extracted blocks to a :class:`~pstparse.model.plan.Plan`.

It never opens a file. Every block's text ends up in the plan: as an item, a description,
a detail, a field, the preamble, the document's furniture, or ``unassigned``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence

from pstparse.lexicon.labels import Label, Level, parse_label
from pstparse.model.findings import finding
from pstparse.model.ir import Block, BlockKind, Extraction
from pstparse.model.messages import DEFAULT_LANG, Lang
from pstparse.model.plan import Document, Finding, Kind, Plan, TextBlock
from pstparse.normalise.build import TreeBuilder
from pstparse.normalise.captions import apply_captions, find_captions
from pstparse.normalise.contents import take_contents
from pstparse.normalise.entries import Entry
from pstparse.normalise.evidence import METADATA_HEAD_BLOCKS, TITLE_HEAD_BLOCKS, TITLE_MAX_CHARS
from pstparse.normalise.flat import split_flattened
from pstparse.normalise.kinds import decide_kind, find_organisation, find_period
from pstparse.normalise.outline import HeadingLevels, Labeller, flow_entries
from pstparse.normalise.plausible import plausibility_findings
from pstparse.normalise.tables import (
    TableReader,
    fiche_titles,
    heading_evidence,
    is_key_value_table,
)
from pstparse.normalise.text import clean_text, one_line
from pstparse.normalise.web import clean_web

__all__ = ["normalise"]


def _runs(blocks: Sequence[Block]) -> Iterator[tuple[int | None, list[Block]]]:
    """Consecutive blocks of the same table (table number) or of the flow (None)."""
    current: list[Block] = []
    key: int | None = None
    for block in blocks:
        k = block.table.table if block.table is not None else None
        if current and k != key:
            yield key, current
            current = []
        key = k
        current.append(block)
    if current:
        yield key, current


def _title_entry(
    blocks: Sequence[Block], label_of: Callable[[Block], Label | None] | None = None
) -> tuple[Entry | None, int]:
    """The document title: the first flow block when it is short and not an item."""
    for index, block in enumerate(blocks[:TITLE_HEAD_BLOCKS]):
        text = one_line(block.text)
        labelled = label_of(block) if label_of is not None else parse_label(text)
        if block.table is not None or labelled is not None:
            return None, 0
        if text and len(text) <= TITLE_MAX_CHARS:
            return Entry(level=None, title=text, source=block.source, role="title"), index + 1
    return None, 0


def normalise(
    extraction: Extraction, *, kind: Kind | None = None, lang: Lang = DEFAULT_LANG
) -> Plan:
    """Interpret the blocks of one document as a plan (document metadata included).

    The findings' messages are worded in ``lang``.
    """
    try:
        return _normalise(extraction, kind=kind, lang=lang)
    finally:
        # The passes share memos of cleaned texts and parsed labels (CLEAN_TEXT_CACHE,
        # LABEL_CACHE): emptied here so that a batch keeps nothing of one document for
        # the next.
        clean_text.cache_clear()
        parse_label.cache_clear()


def _normalise(extraction: Extraction, *, kind: Kind | None, lang: Lang) -> Plan:
    blocks = [b for b in extraction.blocks if clean_text(b.text)]
    # Furniture glued to the text first (web pages, flattened tables), then labels.
    web = clean_web(blocks, lang)
    flat = split_flattened(web.blocks, lang)
    blocks = flat.blocks
    labeller = Labeller(blocks, lang)
    findings: list[Finding] = [*web.findings, *flat.findings, *labeller.findings]
    if kind is None:
        decision = decide_kind(blocks, [labeller.for_kind(b) for b in blocks])
        kind = decision.kind
        if decision.weak:
            findings.append(
                finding(
                    "kind-from-wording",
                    lang,
                    decision.evidence,
                    source=decision.source,
                    kind=kind.value,
                    phrase=decision.phrase,
                )
            )
    labelled = frozenset(label.level for label in map(labeller, blocks) if label is not None)
    builder = TreeBuilder(kind=kind, labelled_levels=labelled, lang=lang)
    builder.furniture.extend([*web.furniture, *flat.furniture])
    contents: list[TextBlock] = []
    contact: str | None = None
    prose_title: str | None = None
    if kind is Kind.PST:
        toc = take_contents(blocks)
        blocks = toc.blocks
        contents = toc.entries
        builder.furniture.extend(toc.headings)
        title, skip = _title_entry(blocks, labeller)
        if title is not None:
            builder.add(title)
        heading_blocks, note = heading_evidence(blocks, [labeller(b) for b in blocks])
        if note is not None:
            builder.add(note)
        headings = HeadingLevels(heading_blocks, labeller)
        tables = TableReader(label_of=labeller.text, outline_of=labeller.outline)
        paragraphs_are_actions = Level.ACTION not in labelled and not any(
            b.kind is BlockKind.LIST_ITEM for b in blocks
        )
        runs = list(_runs(blocks[skip:]))
        for index, (key, run) in enumerate(runs):
            entries = (
                tables.entries(run)
                if key is not None
                else apply_captions(
                    flow_entries(
                        run,
                        headings,
                        paragraphs_are_actions=paragraphs_are_actions,
                        has_oo=Level.OO in labelled,
                        label_of=labeller,
                        has_os_labels=Level.OS in labelled,
                        actions_labelled=Level.ACTION in labelled,
                    ),
                    find_captions(run),
                )
            )
            if key is None and index + 1 < len(runs) and is_key_value_table(runs[index + 1][1]):
                entries = fiche_titles(entries)
            for entry in entries:
                builder.add(entry)
    else:
        # Declarations and project sheets only: a plan read as an outline or tables never
        # loads the prose pass (start-up, ``bench/startup.py``).
        from pstparse.normalise.prose import prose_entries

        prose = prose_entries(blocks, project_sheet=kind is Kind.PROJECT_SHEET, lang=lang)
        for entry in prose.entries:
            builder.add(entry)
        builder.findings.extend(prose.findings)
        contents = [TextBlock(text=t, role="toc", source=s) for t, s in prose.contents]
        contact = prose.contact
        prose_title = prose.title
    builder.finish()
    findings.extend(plausibility_findings(builder.objectives, lang))

    title_text = prose_title or " ".join(t.text for t in builder.titles) or extraction.title
    head = [one_line(b.text) for b in blocks[:METADATA_HEAD_BLOCKS]]
    if contact:
        head.extend(contact.splitlines())
    period = find_period(title_text or "") or next(filter(None, map(find_period, head)), None)
    organisation = find_organisation(title_text or "") or next(
        filter(None, map(find_organisation, head)), None
    )
    document = Document(
        kind=kind,
        title=title_text or None,
        organisation=organisation,
        period_start=period[0] if period else None,
        period_end=period[1] if period else None,
        contact=contact,
        contents=contents,
        furniture=[
            TextBlock(text=one_line(b.text), role="page_furniture", source=b.source)
            for b in extraction.furniture
        ]
        + builder.furniture,
    )
    return Plan(
        document=document,
        preamble=builder.preamble,
        strategic_objectives=builder.objectives,
        unassigned=builder.unassigned,
        findings=[*extraction.findings, *findings, *builder.findings],
    )
