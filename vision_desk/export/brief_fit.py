"""How the one-page brief fits its page: every list is cut to what fits, the same
way every time.

Each list is a heading, a table of rows and, when rows are left out, a line saying
how many ("and 212 more"). A table's height is the sum of its rows' heights (each
row as tall as its tallest cell, with the padding), so every row is measured once,
on its own, with reportlab's ``wrap`` at the width it is drawn at; the page's
height is then plain arithmetic over the counts shown. Starting from as many rows
as could ever fit, one row at a time is taken from the list showing the most (ties:
the list given first in ``cut_order``), until the whole fits the frame. The same
snapshot gives the same counts, and the document built from them is measured again
before it is drawn.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TypeAlias

from reportlab.platypus import Flowable, Table

Row: TypeAlias = "list[Flowable | list[Flowable]]"


@dataclass
class Listing:
    """One list of the brief: what it shows and how it is drawn.

    ``limit``: the most rows it ever shows (the next five deadlines), besides what
    fits. ``row(index)`` builds the cells of the list's item ``index``; ``more(n)``
    the line that says how many are left out; ``empty`` what it says with none.
    """

    key: str
    heading: Callable[[], Flowable]
    header: Callable[[], Row]
    row: Callable[[int], Row]
    more: Callable[[int], Flowable]
    empty: Callable[[], Flowable]
    table: Callable[[list[Row]], Table]
    total: int
    limit: int | None = None
    _heights: list[float] = field(default_factory=list)

    @property
    def most(self) -> int:
        return self.total if self.limit is None else min(self.total, self.limit)

    def flowables(self, shown: int) -> list[Flowable]:
        """The list with its first ``shown`` items, and the line for the rest."""
        story = [self.heading()]
        if self.total == 0:
            return [*story, self.empty()]
        if shown:
            story.append(self.table([self.header(), *(self.row(i) for i in range(shown))]))
        if shown < self.total:
            story.append(self.more(self.total - shown))
        return story

    def row_heights(self, count: int, width: float) -> list[float]:
        """The heights of its first ``count`` rows (measured once each)."""
        while len(self._heights) < count:
            table = self.table([self.row(len(self._heights))])
            self._heights.append(table.wrap(width, 1e6)[1])
        return self._heights[:count]


def stacked_height(story: Sequence[Flowable], width: float) -> float:
    """The height ``story`` takes in a frame ``width`` wide, as the frame stacks it:
    between two flowables the larger of the space after the one and before the other
    (reportlab's ``overlapAttachedSpace``), nothing before the first or after the last."""
    total = 0.0
    previous: Flowable | None = None
    for flowable in story:
        _, height = flowable.wrap(width, 1e6)
        total += height + (gap(previous, flowable) if previous is not None else 0.0)
        previous = flowable
    return total


def gap(above: Flowable, below: Flowable) -> float:
    """The space a frame leaves between two flowables."""
    return float(max(above.getSpaceAfter(), below.getSpaceBefore()))


@dataclass(frozen=True, slots=True)
class _Measured:
    fixed: float  # heading, header row, an empty sentence: whatever the count
    rows: list[float]  # the rows that could be shown, in order
    more: float  # the line for the rest, when there is a rest


def fit(
    listings: Sequence[Listing],
    room: float,
    width: float,
    cut_order: Sequence[str],
    most_rows: int,
    floors: Mapping[str, int] | None = None,
) -> dict[str, int]:
    """How many items of each list to show so that all fit in ``room`` points.

    ``most_rows`` bounds what is measured: more rows than that cannot fit whatever
    their content. A list keeps one row while any list has more than one."""
    measured = {listing.key: _measure(listing, width, most_rows) for listing in listings}
    totals = {listing.key: listing.total for listing in listings}
    shown = {key: len(item.rows) for key, item in measured.items()}

    def height(shown: dict[str, int]) -> float:
        return sum(
            item.fixed
            + sum(item.rows[: shown[key]])
            + (item.more if shown[key] < totals[key] else 0.0)
            for key, item in measured.items()
        )

    while height(shown) > room:
        # The lists give up rows evenly, but the ones with a floor (the next five
        # deadlines: what a meeting plans around) last, and then one row each.
        fewer = (
            shrink(shown, cut_order, keep=1, floors=floors)
            or shrink(shown, cut_order, keep=1)
            or shrink(shown, cut_order)
        )
        if fewer is None:
            return shown  # the fixed parts alone are taller: never, their text is capped
        shown = fewer
    return shown


def _measure(listing: Listing, width: float, most_rows: int) -> _Measured:
    """A list's heights. The list opens with its heading, whose space before is the
    larger of the gap above it (nothing in the brief asks for more after it)."""
    heading = listing.heading()
    fixed = heading.getSpaceBefore() + _height(heading, width)
    if listing.total == 0:
        empty = listing.empty()
        return _Measured(fixed + gap(heading, empty) + _height(empty, width), [], 0.0)
    rows = listing.row_heights(min(listing.most, most_rows), width)
    # With no row shown the header is not drawn either: counted all the same.
    header = listing.table([listing.header()])
    fixed += gap(heading, header) + _height(header, width)
    more = listing.more(listing.total)
    return _Measured(fixed, rows, gap(header, more) + _height(more, width))


def _height(flowable: Flowable, width: float) -> float:
    return float(flowable.wrap(width, 1e6)[1])


def shrink(
    shown: Mapping[str, int],
    cut_order: Sequence[str],
    keep: int = 0,
    floors: Mapping[str, int] | None = None,
) -> dict[str, int] | None:
    """One row fewer, from the list showing the most (ties: the first in
    ``cut_order``), keeping ``keep`` rows in each (and ``floors[key]`` in that
    list); None when none can give one up."""
    rank = {key: position for position, key in enumerate(cut_order)}
    least = {key: max(keep, (floors or {}).get(key, 0)) for key in shown}
    cuttable = [key for key, count in shown.items() if count > least[key]]
    if not cuttable:
        return None
    key = max(cuttable, key=lambda k: (shown[k], -rank.get(k, len(rank))))
    return {**shown, key: shown[key] - 1}
