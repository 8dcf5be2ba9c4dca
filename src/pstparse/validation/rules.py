"""The validation rules: each has a stable id, a severity and a one-line description.

``validate`` runs every rule and returns every finding in document order. How codes are
checked depends on how the plan numbers each level, decided per level from the plan:

* hierarchical (dotted) codes such as ``1.2`` / ``1.2.3`` must extend their parent's code
  and are gap-checked among siblings that share the same prefix;
* plain numbers restarting under each parent (``1, 2, 3`` under every OO) are local
  counters, gap- and duplicate-checked among siblings;
* plain numbers that keep running across the plan (iA.PST exports ``OS.1``/``OO.2``/
  ``A.3``) are global counters, checked over the whole plan; when several levels share
  a single counter they are checked together;
* letters and roman numerals are duplicate-checked but never gap-checked.

Before those checks, an item that looks renumbered alone (its children all say another
prefix, or its number breaks its siblings' run where one number is missing) is reported
once as ``code-changed`` and then read with its old code, so that one hand edit gives
one finding instead of a mismatch per child and the gaps it opens.

Messages come from :mod:`pstparse.model.messages` in the language asked for; rule ids do not
depend on it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from itertools import combinations

from pstparse.lexicon.labels import Level
from pstparse.model.messages import DEFAULT_LANG, Lang, plural, rule_message, the, ui
from pstparse.model.plan import (
    Finding,
    Kind,
    OperationalObjective,
    Plan,
    Severity,
    Source,
    StrategicObjective,
)
from pstparse.validation.codes import extends, parse_code
from pstparse.validation.tree import (
    PLAN_LEVELS,
    ROOT_PATH,
    Node,
    code_readings,
    excerpt,
    level_name,
    name,
    walk,
)


@dataclass(frozen=True, slots=True)
class Rule:
    """A validation rule as listed by the README and the command line."""

    id: str
    severity: Severity
    description: str


_RULE_LIST = (
    Rule("empty-title", Severity.ERROR, "An OS, OO or action has an empty title."),
    Rule(
        "code-changed",
        Severity.ERROR,
        "An OS or OO's code disagrees with the codes of all its children (OO 2.9 whose"
        " actions are 2.3.1, 2.3.2…): it was renumbered alone. Reported once, instead"
        " of a mismatch per child and the gaps it leaves.",
    ),
    Rule(
        "code-parent-mismatch",
        Severity.ERROR,
        "A hierarchical code does not extend its parent's code (OO 2.1 under OS 3).",
    ),
    Rule(
        "duplicate-code",
        Severity.ERROR,
        "Two siblings (or two items of a plan-wide numbering) have the same code.",
    ),
    Rule(
        "numbering-gap",
        Severity.WARNING,
        "A number is skipped among siblings or in a plan-wide numbering (OO 4.1 missing).",
    ),
    Rule("oo-without-action", Severity.WARNING, "An OO has no action."),
    Rule(
        "action-under-os",
        Severity.WARNING,
        "A PST has actions directly under an OS, outside any OO.",
    ),
    Rule(
        "unassigned-text",
        Severity.WARNING,
        "Source text was not attached to any OS, OO or action.",
    ),
    Rule("os-without-content", Severity.INFO, "An OS has neither OO nor action."),
)

RULES: dict[str, Rule] = {rule.id: rule for rule in _RULE_LIST}
"""Every validation rule by id, in the order reports list them."""

VALIDATION_RULE_IDS: frozenset[str] = frozenset(RULES)
"""Ids of the findings that ``validate`` produces (others come from extraction)."""

_RANK = {rule_id: rank for rank, rule_id in enumerate(RULES)}

# A longer run of missing numbers is one finding: listing every code of "OS 7 to 2019
# are missing" would bury the report, and such runs usually mean one misread code.
_MAX_RUN_LISTED = 5
# Sibling codes named in a message before it is cut short.
_MAX_CODES_LISTED = 10


@dataclass(slots=True)
class _Collector:
    """Findings with their sort keys, so rules may be run in any order."""

    lang: Lang = DEFAULT_LANG
    items: list[tuple[tuple[int, int, int, int], Finding]] = field(default_factory=list)

    def name(self, node: Node) -> str:
        """How messages name ``node`` in the report's language."""
        return name(node, self.lang)

    def the(self, node: Node) -> str:
        """``node``'s name with its article (French ``l'OO 1.2``)."""
        return the(name(node, self.lang), self.lang)

    def say(self, rule_id: str, variant: str = "", /, **fields: object) -> str:
        """The catalogue's message of ``rule_id`` in the report's language."""
        return rule_message(rule_id, variant, self.lang, **fields)

    def item_message(self, rule_id: str, node: Node, variant: str = "", **fields: object) -> str:
        """A message about ``node`` (fields ``item`` and ``the_item`` filled in)."""
        return self.say(rule_id, variant, item=self.name(node), the_item=self.the(node), **fields)

    def add(
        self,
        rule_id: str,
        message: str,
        *,
        path: str | None,
        source: Source | None,
        order: int,
        before_item: bool = False,
    ) -> None:
        rule = RULES[rule_id]
        finding = Finding(
            rule=rule.id,
            severity=rule.severity,
            message=message[:1].upper() + message[1:],
            path=path,
            source=source.model_copy() if source is not None else None,
        )
        # before_item: a gap is reported just before the item that follows it.
        key = (order, 0 if before_item else 1, _RANK[rule_id], len(self.items))
        self.items.append((key, finding))

    def about(self, node: Node, rule_id: str, message: str) -> None:
        """A finding located at ``node`` (its path, source and place in the order)."""
        self.add(rule_id, message, path=node.path, source=node.item.source, order=node.order)

    def about_item(self, node: Node, rule_id: str, variant: str = "", **fields: object) -> None:
        """A finding located at ``node`` and worded about it (``item_message``)."""
        self.about(node, rule_id, self.item_message(rule_id, node, variant, **fields))

    def findings(self) -> list[Finding]:
        return [finding for _, finding in sorted(self.items, key=lambda pair: pair[0])]


def validate(plan: Plan, *, lang: Lang = DEFAULT_LANG) -> list[Finding]:
    """Run every rule on ``plan`` and return all findings, in document order.

    Messages are worded in ``lang``. The plan's own ``findings`` are neither read nor
    changed.
    """
    nodes = walk(plan)
    out = _Collector(lang=lang)
    _check_titles(nodes, out)
    _check_contents(plan, nodes, out)
    _check_codes(nodes, out)
    _check_unassigned(plan, len(nodes), out)
    return out.findings()


def merge_findings(plan: Plan, *, lang: Lang = DEFAULT_LANG) -> list[Finding]:
    """The plan's extraction findings followed by fresh ``validate`` output.

    Findings of validation rules already stored in the plan are replaced, so validating
    a validated plan again never duplicates them.
    """
    kept = [f for f in plan.findings if f.rule not in VALIDATION_RULE_IDS]
    return kept + validate(plan, lang=lang)


def exit_status(findings: Iterable[Finding]) -> int:
    """1 when any finding is an error, else 0."""
    return 1 if any(f.severity == Severity.ERROR for f in findings) else 0


# --- simple rules -------------------------------------------------------------------------


def _check_titles(nodes: Sequence[Node], out: _Collector) -> None:
    for node in nodes:
        if not node.item.title.strip():
            out.about_item(node, "empty-title")


def _check_contents(plan: Plan, nodes: Sequence[Node], out: _Collector) -> None:
    is_pst = plan.document.kind == Kind.PST
    for node in nodes:
        item = node.item
        if isinstance(item, OperationalObjective) and not item.actions:
            out.about_item(node, "oo-without-action")
        if not isinstance(item, StrategicObjective):
            continue
        if not item.operational_objectives and not item.actions:
            out.about_item(node, "os-without-content")
        if is_pst and item.actions:
            count = len(item.actions)
            out.about_item(node, "action-under-os", plural(out.lang, count), count=count)


def _check_unassigned(plan: Plan, after: int, out: _Collector) -> None:
    for i, block in enumerate(plan.unassigned):
        out.add(
            "unassigned-text",
            out.say(
                "unassigned-text",
                "role" if block.role else "",
                role=block.role,
                text=excerpt(block.text, 60),
            ),
            path=f"unassigned[{i}]",
            source=block.source,
            order=after + i,
        )


# --- codes --------------------------------------------------------------------------------


def _check_codes(nodes: Sequence[Node], out: _Collector) -> None:
    _check_renumbered(nodes, out)
    _check_parent_codes(nodes, out)
    global_levels: dict[Level, list[Node]] = {}
    for level in PLAN_LEVELS:
        coded = [n for n in nodes if n.level is level and n.code is not None]
        dotted = [n for n in coded if n.code is not None and n.code.dotted]
        flat = [n for n in coded if n.code is not None and not n.code.dotted]
        numbers = [n for n in flat if n.code is not None and n.code.numeric]
        others = [n for n in flat if n.code is not None and not n.code.numeric]
        _check_dotted(level, dotted, out)
        _check_duplicates(others, lambda n: n.group, out)
        if _is_local_counter(numbers):
            _check_duplicates(numbers, lambda n: n.group, out)
            for group in _by_group(numbers).values():
                _sibling_gaps(level, group, (), out)
        elif numbers:
            _check_duplicates(numbers, lambda n: "", out)
            global_levels[level] = numbers
    if _shares_one_counter(global_levels):
        shared = [n for ns in global_levels.values() for n in ns]
        _global_gaps(list(global_levels), shared, out)
    else:
        for level, numbers in global_levels.items():
            # One parent's children read better as siblings than as a plan-wide count.
            if len(_by_group(numbers)) == 1:
                _sibling_gaps(level, numbers, (), out)
            else:
                _global_gaps([level], numbers, out)


# An OS or OO is taken as renumbered alone when at least this many children agree on
# another prefix: with a single child, the child is as likely to be the wrong one.
_MIN_CHILDREN_AGREEING = 2


def _check_renumbered(nodes: Sequence[Node], out: _Collector) -> None:
    """One finding for an OS or OO whose code was changed while its children kept theirs.

    Changing OO 2.3 to 2.9 by hand would otherwise give a mismatch for every action
    (2.3.1 … 2.3.11 under 2.9) and gaps among the OOs (2.3 missing, 2.6 to 2.8 missing).
    When every coded child shares one prefix that fits the item's place (it extends the
    parent's code and no sibling uses it) but not the item's own code, the item is
    reported once and the later checks read it with the code its children give it.
    """
    children: dict[int, list[Node]] = defaultdict(list)
    for node in nodes:
        if node.parent is not None:
            children[id(node.parent)].append(node)
    for node in nodes:
        if node.code is None or node.level is Level.ACTION:
            continue
        kids = children.get(id(node), [])
        # An OS's OOs speak for it; its direct actions only when it has no OO.
        level = Level.OO if any(k.level is Level.OO for k in kids) else Level.ACTION
        kids = [k for k in kids if k.level is level and k.code is not None]
        if len(kids) < _MIN_CHILDREN_AGREEING or any(
            k.code is None or not k.code.dotted for k in kids
        ):
            continue
        prefixes = {k.code.key[:-1] for k in kids if k.code is not None}
        first = kids[0].code
        assert first is not None
        old = parse_code(".".join(first.prefix))
        if len(prefixes) != 1 or old is None or old.key == node.code.key:
            continue
        if any(extends(first, reading) for reading in code_readings(node)):
            continue
        if node.parent is not None:
            fits = any(extends(old, reading) for reading in code_readings(node.parent))
        else:
            fits = len(old.parts) == 1
        taken = any(
            n.group == node.group and n is not node and n.code is not None and n.code.key == old.key
            for n in nodes
        )
        if not fits or taken:
            continue
        count = len(kids)
        out.about(
            node,
            "code-changed",
            out.item_message(
                "code-changed",
                node,
                plural(out.lang, count),
                old=old.text,
                count=count,
                child=level_name(level, out.lang),
                children=level_name(level, out.lang, many=True),
            ),
        )
        node.code = old
    _check_out_of_sequence(nodes, out)


def _check_out_of_sequence(nodes: Sequence[Node], out: _Collector) -> None:
    """One finding for an item whose number breaks its siblings' run where one number is
    missing: OO 1.1, 1.9, 1.3 is OO 1.2 renumbered, not a gap at 1.2 and three at 1.5
    to 1.8. Also for a first item when its next sibling is number 2."""
    groups: dict[str, list[Node]] = defaultdict(list)
    for node in nodes:
        groups[node.group].append(node)
    for siblings in groups.values():
        if any(n.code is None or n.code.last_number is None for n in siblings):
            continue
        used = {_number(n) for n in siblings}
        for i, node in enumerate(siblings):
            assert node.code is not None
            before = siblings[i - 1] if i > 0 else None
            after = siblings[i + 1] if i + 1 < len(siblings) else None
            if after is None or after.code is None:
                continue
            if any(
                n is not None and n.code is not None and n.code.prefix != node.code.prefix
                for n in (before, after)
            ):
                continue
            wanted = _number(before) + 1 if before is not None else 1
            if _number(after) != wanted + 1 or _number(node) == wanted or wanted in used:
                continue
            if before is None and _number(node) == _number(after):
                continue  # two firsts with one number: which one changed is anyone's guess
            old = parse_code(".".join([*node.code.prefix, str(wanted)]))
            assert old is not None
            the_after = out.the(after)
            if before is None:
                message = out.item_message(
                    "code-changed",
                    node,
                    "sequence-first",
                    old=old.text,
                    after=out.name(after),
                    the_after=the_after,
                )
            else:
                message = out.item_message(
                    "code-changed",
                    node,
                    "sequence",
                    old=old.text,
                    before=out.name(before),
                    the_before=out.the(before),
                    after=out.name(after),
                    the_after=the_after,
                )
            out.about(node, "code-changed", message)
            used.discard(_number(node))
            used.add(wanted)
            node.code = old


def _check_parent_codes(nodes: Sequence[Node], out: _Collector) -> None:
    for node in nodes:
        if node.code is None or not node.code.dotted or node.parent is None:
            continue
        readings = code_readings(node.parent)
        if readings and not any(extends(node.code, parts) for parts in readings):
            out.about_item(
                node,
                "code-parent-mismatch",
                parent=out.name(node.parent),
                the_parent=out.the(node.parent),
            )


def _check_duplicates(nodes: Sequence[Node], scope: Callable[[Node], str], out: _Collector) -> None:
    first: dict[tuple[str, str, tuple[int | str, ...]], Node] = {}
    for node in nodes:
        assert node.code is not None
        key = (node.level.key, scope(node), node.code.key)
        original = first.setdefault(key, node)
        if original is not node:
            out.about_item(
                node,
                "duplicate-code",
                level=level_name(node.level, out.lang),
                path=original.path,
            )


def _check_dotted(level: Level, nodes: Sequence[Node], out: _Collector) -> None:
    _check_duplicates(nodes, lambda n: "", out)
    groups: dict[tuple[str, tuple[int | str, ...]], list[Node]] = defaultdict(list)
    for node in nodes:
        assert node.code is not None
        groups[(node.group, node.code.key[:-1])].append(node)
    for group in groups.values():
        first = group[0].code
        assert first is not None
        _sibling_gaps(level, group, first.prefix, out)


def _by_group(nodes: Sequence[Node]) -> dict[str, list[Node]]:
    groups: dict[str, list[Node]] = defaultdict(list)
    for node in nodes:
        groups[node.group].append(node)
    return groups


def _is_local_counter(numbers: Sequence[Node]) -> bool:
    """Whether plain numbers restart under each parent rather than run across the plan.

    A counter that restarts repeats its first number under several parents; a running
    counter almost never repeats a value, so repeated values in most groups mean local.
    """
    groups = [
        {n.code.key[0] for n in group if n.code is not None}
        for group in _by_group(numbers).values()
    ]
    if len(groups) < 2:
        return False
    lowest = min(min(values) for values in groups)
    if sum(lowest in values for values in groups) >= 2:
        return True
    overlapping = sum(
        any(values & other for other in groups if other is not values) for values in groups
    )
    return overlapping * 2 > len(groups)


def _shares_one_counter(levels: dict[Level, list[Node]]) -> bool:
    """True when several levels draw their plain numbers from one running counter.

    Such a plan numbers OS 1, OO 2, action 3, action 4, OO 5 …: each level alone has
    gaps, but the levels never reuse a number and together they have fewer gaps.
    """
    if len(levels) < 2:
        return False
    value_sets = {level: {_number(n) for n in nodes} for level, nodes in levels.items()}
    if any(a & b for a, b in combinations(value_sets.values(), 2)):
        return False
    apart = sum(_missing_count(values) for values in value_sets.values())
    together = _missing_count(set().union(*value_sets.values()))
    return together < apart


def _number(node: Node) -> int:
    assert node.code is not None
    value = node.code.last_number
    assert value is not None
    return value


def _missing_runs(values: set[int]) -> list[tuple[int, int]]:
    """Runs of missing numbers (first, last) from 1 (or 0 when used) to the largest."""
    runs: list[tuple[int, int]] = []
    previous = -1 if 0 in values else 0
    for value in sorted(values):
        if value > previous + 1:
            runs.append((previous + 1, value - 1))
        previous = value
    return runs


def _missing_count(values: set[int]) -> int:
    return sum(last - first + 1 for first, last in _missing_runs(values))


def _gap_numbers(values: set[int]) -> list[tuple[int, int]]:
    """Missing numbers split into single numbers, except long runs kept as one range."""
    spans: list[tuple[int, int]] = []
    for first, last in _missing_runs(values):
        if last - first + 1 > _MAX_RUN_LISTED:
            spans.append((first, last))
        else:
            spans.extend((number, number) for number in range(first, last + 1))
    return spans


def _next_present(nodes: Sequence[Node], number: int) -> Node:
    """The item with the smallest number above ``number`` (a gap always has one)."""
    return min((n for n in nodes if _number(n) > number), key=lambda n: (_number(n), n.order))


def _codes_text(prefix: tuple[str, ...], first: int, last: int, out: _Collector) -> tuple[str, str]:
    """Display text of a missing code or range and the plural variant agreeing with it."""
    head = ".".join(prefix) + "." if prefix else ""
    if first == last:
        return f"{head}{first}", "one"
    span = out.say("numbering-gap", "range", first=f"{head}{first}", last=f"{head}{last}")
    return span, "other"


def _listing(nodes: Sequence[Node]) -> str:
    codes = [n.code.text for n in sorted(nodes, key=_number) if n.code is not None]
    if len(codes) > _MAX_CODES_LISTED:
        return ", ".join(codes[:_MAX_CODES_LISTED]) + ", …"
    return ", ".join(codes)


def _sibling_gaps(
    level: Level, nodes: Sequence[Node], prefix: tuple[str, ...], out: _Collector
) -> None:
    if not nodes or any(n.code is None or n.code.last_number is None for n in nodes):
        return
    parent = nodes[0].parent
    holder = out.say("numbering-gap", "the-plan") if parent is None else out.name(parent)
    the_holder = holder if parent is None else out.the(parent)
    for first, last in _gap_numbers({_number(n) for n in nodes}):
        missing, number = _codes_text(prefix, first, last, out)
        following = _next_present(nodes, last)
        out.add(
            "numbering-gap",
            out.say(
                "numbering-gap",
                f"sibling.{number}",
                level=level_name(level, out.lang),
                levels=level_name(level, out.lang, many=True),
                missing=missing,
                holder=holder,
                the_holder=the_holder,
                listing=_listing(nodes),
            ),
            path=parent.path if parent is not None else ROOT_PATH,
            source=following.item.source or (parent.item.source if parent else None),
            order=following.order,
            before_item=True,
        )


def _global_gaps(levels: Sequence[Level], nodes: Sequence[Node], out: _Collector) -> None:
    """Gaps in a plan-wide counter: one level's, or one shared by several ``levels``."""
    for first, last in _gap_numbers({_number(n) for n in nodes}):
        missing, number = _codes_text((), first, last, out)
        following = _next_present(nodes, last)
        before = max(
            (n for n in nodes if _number(n) < first),
            key=lambda n: (_number(n), -n.order),
            default=None,
        )
        # out.the: "passe de l'action 1 à l'action 3" in French, plain names in English.
        span = (
            out.say("numbering-gap", "span.jump", before=out.the(before), after=out.the(following))
            if before is not None
            else out.say("numbering-gap", "span.start", after=out.the(following))
        )
        if len(levels) == 1:
            message = out.say(
                "numbering-gap",
                f"global.{number}",
                level=level_name(levels[0], out.lang),
                levels=level_name(levels[0], out.lang, many=True),
                missing=missing,
                span=span,
            )
        else:
            shared = [level_name(level, out.lang, many=True) for level in levels]
            together = ui("and", out.lang, first=", ".join(shared[:-1]), last=shared[-1])
            message = out.say(
                "numbering-gap", f"shared.{number}", missing=missing, together=together, span=span
            )
        parent = following.parent
        out.add(
            "numbering-gap",
            message,
            path=parent.path if parent is not None else ROOT_PATH,
            source=following.item.source or (parent.item.source if parent else None),
            order=following.order,
            before_item=True,
        )
