"""A flat, document-ordered view of a plan's items, for the validation rules."""

from __future__ import annotations

import re
from dataclasses import dataclass

from pstparse.lexicon.labels import Level
from pstparse.model.messages import DEFAULT_LANG, Lang, the, ui
from pstparse.model.plan import Action, OperationalObjective, Plan, StrategicObjective
from pstparse.validation.codes import Code, parse_code

Item = StrategicObjective | OperationalObjective | Action

ROOT_PATH = "strategic_objectives"
"""The list holding the OS: the 'parent' of the OS in paths."""


PLAN_LEVELS = (Level.OS, Level.OO, Level.ACTION)
"""The levels a plan stores items at (sub-actions are part of their action's text)."""


@dataclass(eq=False, slots=True)
class Node:
    """One item of the plan with where it sits."""

    level: Level
    item: Item
    path: str
    """e.g. ``strategic_objectives[3].operational_objectives[0]``."""
    group: str
    """Path of the list holding the item: items with the same group are siblings."""
    position: int
    """0-based index in that list."""
    parent: Node | None
    order: int
    """Rank in document order (pre-order walk)."""
    code: Code | None


def walk(plan: Plan) -> list[Node]:
    """List every OS, OO and action of ``plan`` in document order.

    An OS comes first, then each of its OOs followed by that OO's actions, then the
    actions that sit directly under the OS, matching the order of the serialised plan.
    """
    nodes: list[Node] = []

    def add(level: Level, item: Item, group: str, position: int, parent: Node | None) -> Node:
        node = Node(
            level=level,
            item=item,
            path=f"{group}[{position}]",
            group=group,
            position=position,
            parent=parent,
            order=len(nodes),
            code=parse_code(item.code),
        )
        nodes.append(node)
        return node

    for i, os_item in enumerate(plan.strategic_objectives):
        os_node = add(Level.OS, os_item, ROOT_PATH, i, None)
        oo_group = f"{os_node.path}.operational_objectives"
        for j, oo_item in enumerate(os_item.operational_objectives):
            oo_node = add(Level.OO, oo_item, oo_group, j, os_node)
            for k, action in enumerate(oo_item.actions):
                add(Level.ACTION, action, f"{oo_node.path}.actions", k, oo_node)
        for k, action in enumerate(os_item.actions):
            add(Level.ACTION, action, f"{os_node.path}.actions", k, os_node)
    return nodes


def excerpt(text: str, limit: int = 50) -> str:
    """``text`` on one line, cut to ``limit`` characters with an ellipsis."""
    flat = re.sub(r"\s+", " ", text).strip()
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def level_name(level: Level, lang: Lang = DEFAULT_LANG, *, many: bool = False) -> str:
    """``OS``, ``OO``, ``action`` (``actions`` with ``many``) in ``lang``."""
    return ui(f"{'levels' if many else 'level'}.{level.key}", lang)


def name(node: Node, lang: Lang = DEFAULT_LANG) -> str:
    """How a message names an item: ``OO 1.2``, ``OS "Être un CPAS…"`` or by position."""
    level = level_name(node.level, lang)
    if node.code is not None:
        return f"{level} {node.code.text}"
    if node.item.title.strip():
        return f'{level} "{excerpt(node.item.title, 40)}"'
    if node.parent is None:
        return ui("item.nth", lang, level=level, number=node.position + 1)
    parent = name(node.parent, lang)
    return ui(
        "item.nth-of",
        lang,
        level=level,
        number=node.position + 1,
        parent=parent,
        the_parent=the(parent, lang),
    )


def code_readings(node: Node) -> list[tuple[str, ...]]:
    """The code components a child of ``node`` may start with.

    A dotted code stands for itself. A plain number may also be local to its parent
    (OO "2" under OS "1" is OO "1.2"), so children coded "1.2.x" are accepted too.
    """
    if node.code is None:
        return []
    readings = [node.code.parts]
    if not node.code.dotted and node.parent is not None:
        readings.extend(parent + node.code.parts for parent in code_readings(node.parent))
    return readings
