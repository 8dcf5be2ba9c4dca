"""Entries: blocks interpreted as candidate plan items, before the tree is built."""

from __future__ import annotations

from dataclasses import dataclass, field

from pstparse.lexicon.labels import Label, Level
from pstparse.model.messages import RULE_MESSAGES
from pstparse.model.plan import Severity, Source


@dataclass(frozen=True, slots=True)
class PendingFinding:
    """A finding met while reading entries (a decision on weak evidence, a cell split),
    which the tree builder words from the catalogue (:mod:`pstparse.model.messages`) in
    the plan's language and places where it meets it in the tree.

    ``fields`` fill the catalogue message of ``rule`` (its ``variant``, when the rule
    has several wordings). The rule id and variant must be in the catalogue: a missing
    one is a bug, raised where the finding is made.
    """

    rule: str
    severity: Severity = Severity.INFO
    fields: dict[str, object] = field(default_factory=dict)
    variant: str = ""

    def __post_init__(self) -> None:
        if self.rule not in RULE_MESSAGES:
            raise ValueError(f"rule id {self.rule!r} is not in pstparse.model.messages")
        if self.variant not in RULE_MESSAGES[self.rule]:
            raise ValueError(f"rule {self.rule!r} has no message variant {self.variant!r}")


@dataclass(slots=True)
class Entry:
    """One candidate item (``level`` set), one piece of free text (``level`` None), or
    one finding (``finding`` set, ``level`` None, no text).

    ``labelled`` says the level came from a label in the text; otherwise it came from
    layout (column, heading style, list depth) and may be corrected by the builder.
    ``role`` places free text: 'title', 'column_header', 'preamble', 'description',
    'contents', 'contact', 'unassigned' (None lets the builder decide from context).
    """

    level: Level | None
    title: str
    source: Source
    code: str | None = None
    label: str | None = None
    labelled: bool = False
    role: str | None = None
    description: list[str] = field(default_factory=list)
    text: str | None = None
    """The full source text when the title was cut out of it (label, 'Titre : texte')."""
    finding: PendingFinding | None = None
    """A finding the builder records at this point of the tree (the entry holds no text)."""

    @classmethod
    def from_label(cls, label: Label, source: Source) -> Entry:
        """An item whose level and code come from a parsed label."""
        return cls(
            level=label.level,
            title=label.rest,
            source=source,
            code=label.code,
            label=label.label,
            labelled=True,
        )

    def __post_init__(self) -> None:
        if self.label and self.text is None and self.level is not None:
            self.text = f"{self.label} {self.title}".strip()

    details: list[str] = field(default_factory=list)
    fields: dict[str, str] = field(default_factory=dict)
    from_column: bool = False
    """The level came from the table column the text sits in."""
    reopen: bool = False
    """An objective that may repeat one met earlier (fiches-actions repeat their OS and
    OO): the builder reopens the earlier one with the same code and title."""
