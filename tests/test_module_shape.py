"""The shape of the package: no module grows past 400 lines, and the window's
modules (vision_desk.ui) import one another without a loop.

A long module is read in one sitting less and less; a loop among the ui modules
means none of them can be read, tested or changed without the others. The loop
check counts the imports under ``if TYPE_CHECKING:`` too: a type-only import
still ties the two modules together for whoever reads them.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Mapping, Set
from pathlib import Path

import grimp
import pytest

import vision_desk

PACKAGE = Path(vision_desk.__file__).resolve().parent
MAX_LINES = 400
UI = "vision_desk.ui"

Graph = Mapping[str, Set[str]]


def test_no_module_is_longer_than_400_lines() -> None:
    lengths = {
        path.relative_to(PACKAGE.parent).as_posix(): len(
            path.read_text(encoding="utf-8").splitlines()
        )
        for path in sorted(PACKAGE.rglob("*.py"))
    }
    offenders = {name: length for name, length in lengths.items() if length > MAX_LINES}
    assert not offenders, f"modules longer than {MAX_LINES} lines: " + ", ".join(
        f"{name} ({length} lines)" for name, length in offenders.items()
    )


def test_the_ui_modules_import_one_another_without_a_loop() -> None:
    graph = ui_import_graph()
    cycle = find_cycle(graph)
    if cycle is not None:
        loop = next(c for c in strongly_connected_components(graph) if cycle[0] in c)
        pytest.fail(
            f"the modules of {UI} import one another in a loop: {' -> '.join(cycle)} "
            f"(all {len(loop)} modules in that loop: {', '.join(sorted(loop))})"
        )


def ui_import_graph() -> dict[str, set[str]]:
    """Who imports whom among the modules of ``vision_desk.ui``, imports under
    ``if TYPE_CHECKING:`` included; no cache is written into the checkout."""
    graph = grimp.build_graph("vision_desk", exclude_type_checking_imports=False, cache_dir=None)
    ui = {UI} | graph.find_descendants(UI)
    return {module: graph.find_modules_directly_imported_by(module) & ui for module in ui}


def find_cycle(graph: Graph) -> tuple[str, ...] | None:
    """One loop in ``graph`` (module -> the modules it imports), as the path that
    goes round it and back to its first module; None when there is no loop.

    The loop is the shortest one through the first module (by name) of the first
    strongly connected component that has one, so the message is the same from run
    to run.
    """
    for component in strongly_connected_components(graph):
        start = min(component)
        if len(component) > 1 or start in graph.get(start, ()):
            return _shortest_loop(graph, start, component)
    return None


def strongly_connected_components(graph: Graph) -> list[frozenset[str]]:
    """Tarjan's algorithm, iterative (no recursion limit to meet), in sorted order."""
    nodes = sorted(set(graph) | {target for targets in graph.values() for target in targets})
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[frozenset[str]] = []
    for root in nodes:
        if root in index:
            continue
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        work = [(root, iter(sorted(graph.get(root, ()))))]
        while work:
            node, successors = work[-1]
            for successor in successors:
                if successor not in index:
                    index[successor] = low[successor] = len(index)
                    stack.append(successor)
                    on_stack.add(successor)
                    work.append((successor, iter(sorted(graph.get(successor, ())))))
                    break
                if successor in on_stack:
                    low[node] = min(low[node], index[successor])
            else:
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[node])
                if low[node] == index[node]:
                    members: set[str] = set()
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        members.add(member)
                        if member == node:
                            break
                    components.append(frozenset(members))
    return sorted(components, key=min)


def _shortest_loop(graph: Graph, start: str, within: Set[str]) -> tuple[str, ...]:
    """The shortest path from ``start`` back to itself through ``within`` (breadth
    first); ``within`` is a strongly connected component, so there is one."""
    came_from: dict[str, str] = {}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        for successor in sorted(graph.get(node, ())):
            if successor not in within:
                continue
            if successor == start:
                path = [node]
                while path[-1] != start:
                    path.append(came_from[path[-1]])
                return (start, *reversed(path[:-1]), start) if node != start else (start, start)
            if successor not in came_from:
                came_from[successor] = node
                queue.append(successor)
    raise AssertionError(f"{start} is in no loop within {sorted(within)}")


# -- the checker itself can fail and pass --------------------------------------------


@pytest.mark.parametrize(
    "graph",
    [
        {},
        {"a": set()},
        {"a": {"b"}, "b": {"c"}, "c": set()},
        {"a": {"b", "c"}, "b": {"d"}, "c": {"d"}, "d": set()},
        {"a": {"outside"}},
    ],
)
def test_a_graph_without_a_loop_passes(graph: dict[str, set[str]]) -> None:
    assert find_cycle(graph) is None


@pytest.mark.parametrize(
    ("graph", "cycle"),
    [
        ({"a": {"a"}}, ("a", "a")),
        ({"a": {"b"}, "b": {"a"}}, ("a", "b", "a")),
        ({"x": {"a"}, "a": {"b"}, "b": {"c"}, "c": {"a", "d"}, "d": set()}, ("a", "b", "c", "a")),
        # The shortest loop through the first module, not the first one met.
        ({"a": {"b", "d"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}, ("a", "d", "a")),
    ],
)
def test_a_graph_with_a_loop_fails_naming_it(
    graph: dict[str, set[str]], cycle: tuple[str, ...]
) -> None:
    assert find_cycle(graph) == cycle


def test_components_are_found_whole() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a", "e"}, "e": {"d"}}
    assert strongly_connected_components(graph) == [
        frozenset({"a", "b", "c"}),
        frozenset({"d", "e"}),
    ]
