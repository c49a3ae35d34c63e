"""The clause list as the officer sees it: rows in order, with group headings.

Grouped (no search text), the list has a heading before each kind and strand;
searching, it is the matches in the order search ranks them. Positions are places
in this list, headings included, so that a view can show it row for row.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from vision_desk.domain.agreement import ClauseKind
from vision_desk.domain.review import BoardRow

KIND_HEADINGS = {
    ClauseKind.PRINCIPLE: "Principles",
    ClauseKind.COMMITMENT: "Commitments",
    ClauseKind.RELATED: "Related undertakings",
}


@dataclass(frozen=True, slots=True)
class Header:
    title: str


Entry = Header | BoardRow


def build_entries(rows: Iterable[BoardRow], grouped: bool) -> list[Entry]:
    """Rows with a header before each new kind and strand (when grouped).

    Grouped, the list reads as the document does: kinds in their usual order; within
    a kind, each strand where the document first speaks of it; within a strand, the
    document's order (SV-P1, SV-P2 …). The rows come in the document's order."""
    rows = list(rows)
    entries: list[Entry] = []
    if not grouped:
        entries.extend(rows)
        return entries
    current: tuple[ClauseKind, str] | None = None
    kinds = list(KIND_HEADINGS)
    place = {row.clause.ref: position for position, row in enumerate(rows)}
    first: dict[tuple[ClauseKind, str], int] = {}
    for row in rows:
        first.setdefault((row.clause.kind, row.clause.strand), place[row.clause.ref])

    def key(row: BoardRow) -> tuple[int, int, int]:
        group = (row.clause.kind, row.clause.strand)
        return kinds.index(row.clause.kind), first[group], place[row.clause.ref]

    for row in sorted(rows, key=key):
        group = (row.clause.kind, row.clause.strand)
        if group != current:
            entries.append(Header(f"{KIND_HEADINGS[row.clause.kind]} · {row.clause.strand}"))
            current = group
        entries.append(row)
    return entries


class BoardList:
    """The entries of the list and where each clause is in it."""

    def __init__(self, rows: Iterable[BoardRow] = (), grouped: bool = True) -> None:
        self.grouped = grouped
        self.entries: list[Entry] = build_entries(rows, grouped)
        if grouped:
            self._positions = {
                entry.clause.ref: position
                for position, entry in enumerate(self.entries)
                if isinstance(entry, BoardRow)
            }
            self.clause_positions: list[int] = sorted(self._positions.values())
        else:
            # Search results, one per row: built on every search keystroke, so
            # without a test per entry (5,000 of them on the first letter).
            refs = [entry.clause.ref for entry in self.entries]  # type: ignore[union-attr]
            self._positions = dict(zip(refs, range(len(refs)), strict=True))
            self.clause_positions = list(range(len(refs)))

    def __len__(self) -> int:
        return len(self.entries)

    def refs(self) -> list[str]:
        """The clauses' references, top to bottom."""
        return list(self._positions)

    def rows(self) -> list[BoardRow]:
        return [entry for entry in self.entries if isinstance(entry, BoardRow)]

    def row_at(self, position: int) -> BoardRow | None:
        if 0 <= position < len(self.entries):
            entry = self.entries[position]
            return entry if isinstance(entry, BoardRow) else None
        return None

    def position_of(self, ref: str | None) -> int | None:
        return None if ref is None else self._positions.get(ref)

    def replace(self, row: BoardRow) -> int | None:
        """Put a changed clause in its place; its position, or None when not shown."""
        position = self._positions.get(row.clause.ref)
        if position is not None:
            self.entries[position] = row
        return position

    def step_from(self, ref: str | None, step: int) -> str | None:
        """The clause ``step`` places from ``ref`` (held at either end); the first
        clause when ``ref`` is not shown; None in an empty list."""
        positions = self.clause_positions
        if not positions:
            return None
        current = self.position_of(ref)
        if current is None:
            return self._ref_at(positions[0])
        at = positions.index(current)
        return self._ref_at(positions[max(0, min(len(positions) - 1, at + step))])

    def next_after(self, ref: str | None, wanted: Callable[[BoardRow], bool]) -> str | None:
        """The first clause after ``ref`` (wrapping round) that is ``wanted``."""
        positions = self.clause_positions
        current = self.position_of(ref)
        # Position 0 is a clause when the list is not grouped: test for None.
        start = -1 if current is None else current
        for position in [p for p in positions if p > start] + [p for p in positions if p <= start]:
            row = self.row_at(position)
            if row is not None and wanted(row):
                return row.clause.ref
        return None

    def _ref_at(self, position: int) -> str | None:
        row = self.row_at(position)
        return row.clause.ref if row is not None else None
