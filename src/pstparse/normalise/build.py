"""Entries → plan tree, with findings for what had to be inferred or is missing.

The builder never invents a level: an action met while no OO is open stays directly
under its OS, and the gap is reported.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pstparse.lexicon.labels import Level
from pstparse.model.findings import finding
from pstparse.model.messages import DEFAULT_LANG, Lang, rule_message
from pstparse.model.plan import (
    Action,
    Finding,
    Kind,
    OperationalObjective,
    Severity,
    Source,
    StrategicObjective,
    TextBlock,
)
from pstparse.normalise.axes import parse_axis
from pstparse.normalise.entries import Entry, PendingFinding
from pstparse.normalise.evidence import FINDING_QUOTE_CHARS, FINDING_WHERE_CHARS, REPEAT_SIMILARITY
from pstparse.normalise.text import fold

Item = StrategicObjective | OperationalObjective | Action

PLACEHOLDER_OS_TITLE = "(objectif stratégique non nommé dans le document)"


@dataclass(slots=True)
class _DirectRun:
    """Actions placed directly under an OS, and the OO that followed them, if any."""

    os_index: int
    count: int
    first_source: Source | None
    next_oo: OperationalObjective | None = None


@dataclass(slots=True)
class TreeBuilder:
    """Consumes entries in document order and grows the plan tree."""

    kind: Kind
    labelled_levels: frozenset[Level] = frozenset()
    lang: Lang = DEFAULT_LANG
    objectives: list[StrategicObjective] = field(default_factory=list)
    preamble: list[TextBlock] = field(default_factory=list)
    unassigned: list[TextBlock] = field(default_factory=list)
    furniture: list[TextBlock] = field(default_factory=list)
    titles: list[TextBlock] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    _os: StrategicObjective | None = None
    _oo: OperationalObjective | None = None
    _action: Action | None = None
    _last: Item | None = None
    _runs: list[_DirectRun] = field(default_factory=list)
    _axis: str | None = None

    # ------------------------------------------------------------------ helpers
    def _path(self) -> str:
        path = f"strategic_objectives[{len(self.objectives) - 1}]"
        if self._oo is not None and self._os is not None:
            path += f".operational_objectives[{len(self._os.operational_objectives) - 1}]"
        return path

    def _find(self, rule: str, severity: Severity, message: str, source: Source | None) -> None:
        self.findings.append(
            Finding(rule=rule, severity=severity, message=message, path=self._path(), source=source)
        )

    def _describe(self, item: Item, text: str) -> None:
        item.description = f"{item.description}\n{text}" if item.description else text

    def _ensure_os(self, entry: Entry) -> StrategicObjective:
        if self._os is None:
            self._open_os(
                StrategicObjective(title=PLACEHOLDER_OS_TITLE, source=entry.source),
            )
            self._find(
                "missing-level",
                Severity.WARNING,
                rule_message(
                    "missing-level", "before-os", self.lang, title=entry.title[:FINDING_QUOTE_CHARS]
                ),
                entry.source,
            )
        assert self._os is not None
        return self._os

    def _open_os(self, so: StrategicObjective) -> None:
        self.objectives.append(so)
        self._os, self._oo, self._action, self._last = so, None, None, so

    # ------------------------------------------------------------------ entry points
    def add(self, entry: Entry) -> None:
        """Place one entry in the tree (or in preamble / unassigned / furniture)."""
        if entry.level is None:
            self._add_text(entry)
            return
        level = entry.level
        if (
            self._os is None
            and level is not Level.OS
            and not entry.labelled
            and not entry.from_column
        ):
            # Unlabelled list items or headings before the first objective: introduction.
            self._add_text(Entry(level=None, title=entry.title, source=entry.source))
            return
        if not entry.labelled and level in (Level.OS, Level.OO):
            current = self._os if level is Level.OS else self._oo
            if current is not None and fold(current.title) == fold(entry.title):
                return  # a merged cell repeated on each row by the export
        if (
            not entry.labelled
            and level is Level.OS
            and Level.OS in self.labelled_levels
            and parse_axis(entry.title) is not None
        ):
            # "AXE 1 : Cadre de vie" in the OS column (a merged row) of a document that
            # labels its OS: a level above the OS, not an OS nor an action.
            self._add_text(Entry(level=None, title=entry.title, source=entry.source, role="axis"))
            return
        if (
            not entry.labelled
            and entry.from_column
            and level in (Level.OS, Level.OO)
            and level in self.labelled_levels
        ):
            # The document labels its objectives; unlabelled text in their column is
            # the deeper content shifted left (lost columns in a text export).
            level = Level.ACTION
            self.findings.append(
                finding(
                    "level-from-context",
                    self.lang,
                    path=self._path() if self.objectives else None,
                    source=entry.source,
                    column=entry.level.name,
                    title=entry.title[:FINDING_QUOTE_CHARS],
                )
            )
        if entry.labelled and level in (Level.OS, Level.OO):
            current = self._os if level is Level.OS else self._oo
            if (
                current is not None
                and current.code == entry.code
                and _same_text(current.title, entry.title)
            ):
                return  # the same labelled objective repeated (page break, merged cell)
        if entry.reopen and self._reopen(entry):
            return
        if level is Level.ACTION and _extends(self._action, entry):
            # A fourth level: "Action 1.1.1.2" under "Projet 1.1.1" is a sub-action, kept
            # as a detail of the item whose code it extends (three levels stay three).
            level = Level.DETAIL
        if level is Level.OS:
            self._add_os(entry)
        elif level is Level.OO:
            self._add_oo(entry)
        elif level is Level.ACTION:
            self._add_action(entry)
        else:
            self._add_detail(entry)

    def _reopen(self, entry: Entry) -> bool:
        """Make an earlier objective with the entry's code and title current again."""
        key = (entry.code, fold(entry.title))
        if entry.level is Level.OS:
            for so in self.objectives:
                if (so.code, fold(so.title)) == key:
                    self._os, self._oo, self._action, self._last = so, None, None, so
                    return True
        elif entry.level is Level.OO and self._os is not None:
            for oo in self._os.operational_objectives:
                if (oo.code, fold(oo.title)) == key:
                    self._oo, self._action, self._last = oo, None, oo
                    return True
        return False

    def _add_text(self, entry: Entry) -> None:
        if entry.finding is not None:
            self._add_finding(entry.finding, entry.source)
            return
        block = TextBlock(text=entry.title, role=entry.role, source=entry.source)
        role = entry.role
        if role == "axis":
            # A level above the OS: named on the OS that follow, not an OS itself.
            self._axis = entry.title
            self.furniture.append(block)
            self._last = None
            return
        if role == "axis_text":
            self.preamble.append(block)
            return
        if role is not None and role.startswith("field:"):
            # The value of a caption under an item ("Indicateurs :" and its lines).
            if self._last is not None:
                key = role.removeprefix("field:")
                fields = self._last.fields
                fields[key] = f"{fields[key]}\n{entry.title}" if key in fields else entry.title
            else:
                self.preamble.append(block.model_copy(update={"role": "preamble"}))
            return
        if role == "title":
            self.titles.append(block)
        elif role in (
            "column_header",
            "page_header",
            "page_footer",
            "contents",
            "contact",
            "section",
        ):
            self.furniture.append(block)
        elif role == "unassigned":
            self.unassigned.append(block)
        elif role == "preamble" or self._last is None:
            self.preamble.append(block.model_copy(update={"role": role or "preamble"}))
        else:
            self._describe(self._last, entry.title)

    def _add_finding(self, pending: PendingFinding, source: Source) -> None:
        # A decision the normaliser took on weak evidence (or a cell it split): the
        # message names it, at the place of the tree where the entries met it.
        self.findings.append(
            finding(
                pending.rule,
                self.lang,
                pending.variant,
                severity=pending.severity,
                path=self._path() if self.objectives else None,
                source=source,
                **pending.fields,
            )
        )

    def _add_os(self, entry: Entry) -> None:
        so = StrategicObjective(**_item_fields(entry))
        if self._axis is not None:
            so.fields.setdefault("axe", self._axis)
        self._open_os(so)

    def _add_oo(self, entry: Entry) -> None:
        so = self._ensure_os(entry)
        oo = OperationalObjective(**_item_fields(entry))
        so.operational_objectives.append(oo)
        if self._runs and self._runs[-1].os_index == len(self.objectives) - 1:
            run = self._runs[-1]
            if run.next_oo is None:
                run.next_oo = oo
        self._oo, self._action, self._last = oo, None, oo

    def _add_action(self, entry: Entry) -> None:
        so = self._ensure_os(entry)
        action = Action(**_item_fields(entry), details=list(entry.details))
        if self._oo is not None:
            self._oo.actions.append(action)
        else:
            so.actions.append(action)
            index = len(self.objectives) - 1
            if self._runs and self._runs[-1].os_index == index and self._runs[-1].next_oo is None:
                self._runs[-1].count += 1
            else:
                self._runs.append(_DirectRun(index, 1, entry.source))
        self._action, self._last = action, action

    def _add_detail(self, entry: Entry) -> None:
        if self._action is None:
            self._add_action(entry)
            return
        text = f"{entry.label} {entry.title}".strip() if entry.label else entry.title
        self._action.details.append(text)

    # ------------------------------------------------------------------ the end
    def finish(self) -> None:
        """Report actions that sit directly under an OS where the OS also has OOs."""
        if self.kind is not Kind.PST:
            return
        for run in self._runs:
            so = self.objectives[run.os_index]
            if not so.operational_objectives:
                continue
            where = (
                rule_message("missing-level", "where-code", self.lang, code=so.code)
                if so.code
                else rule_message(
                    "missing-level", "where-title", self.lang, title=so.title[:FINDING_WHERE_CHARS]
                )
            )
            missing = _missing_oo_code(so, run)
            message = rule_message(
                "missing-level",
                "direct-oo" if missing else "direct",
                self.lang,
                count=run.count,
                where=where,
                missing=missing,
            )
            self.findings.append(
                Finding(
                    rule="missing-level",
                    severity=Severity.WARNING,
                    message=message,
                    path=f"strategic_objectives[{run.os_index}].actions",
                    source=run.first_source,
                )
            )


def _item_fields(entry: Entry) -> dict[str, Any]:
    """The attributes every plan item takes from its entry."""
    return {
        "code": entry.code,
        "label": entry.label,
        "title": entry.title,
        "description": "\n".join(entry.description) or None,
        "text": entry.text,
        "fields": dict(entry.fields),
        "source": entry.source,
    }


def _extends(action: Action | None, entry: Entry) -> bool:
    """True when a labelled action's code extends the current action's ("1.1.1.2" under
    "1.1.1")."""
    if action is None or not entry.labelled or not action.code or not entry.code:
        return False
    return entry.code.startswith(f"{action.code}.")


def _missing_oo_code(so: StrategicObjective, run: _DirectRun) -> str | None:
    """The OO code the direct actions most likely belonged to, from the codes around them."""
    codes = [oo.code for oo in so.operational_objectives if oo.code]
    if run.next_oo is None or not run.next_oo.code or not codes:
        return None
    parts = run.next_oo.code.split(".")
    if not parts[-1].isdigit():
        return None
    candidate = ".".join([*parts[:-1], str(int(parts[-1]) - 1)])
    if int(parts[-1]) <= 1 or candidate in codes:
        return None
    return candidate


def _same_text(a: str, b: str) -> bool:
    """True when two texts of objectives with the same code are the same, up to case,
    accents and a few misread letters (:data:`~pstparse.normalise.evidence.REPEAT_SIMILARITY`)."""
    fa, fb = fold(a), fold(b)
    if fa == fb:
        return True
    from difflib import SequenceMatcher

    return SequenceMatcher(None, fa, fb, autojunk=False).ratio() >= REPEAT_SIMILARITY
