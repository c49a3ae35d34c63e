"""Jumps through the list: the next overdue clause, the next one the round needs."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from vision_desk.domain.review import BoardRow
from vision_desk.domain.rules import Flag

if TYPE_CHECKING:
    from vision_desk.ui.main_window import MainWindow


def next_overdue(window: MainWindow) -> None:
    if not _jump(window, lambda row: Flag.OVERDUE in row.flags):
        window.show_message("Nothing is overdue among the clauses shown.")


def next_unassessed(window: MainWindow) -> None:
    """Go to the next clause the open round still needs. When there is none to go
    to, say why in the status bar; never raise: this also runs from the note
    editor's save (score, say why, move on), where an error would escape as a bug."""
    progress = window.progress
    if progress is None:
        window.show_message(
            f"No review round is open; {window.keymap.display('round.open')} opens one."
        )
        return
    if _jump(
        window, lambda row: row.round_assessed is False and row.clause.ref != window.current_ref
    ):
        return
    others = [ref for ref in progress.queue if ref != window.current_ref]
    if others:
        window.show_message(f"{progress.text}; the rest are hidden by the search or filters.")
    elif progress.queue:
        window.show_message(
            f"{progress.queue[0]} is the last clause not yet assessed in this round."
        )
    else:
        keys = window.keymap.display("round.close")
        window.show_message(f"All {progress.total} clauses are assessed; {keys} closes the round.")


def _jump(window: MainWindow, wanted: Callable[[BoardRow], bool]) -> bool:
    """Select the first clause after the current one (wrapping round) that is
    ``wanted``; False when none is."""
    positions = window.model.clause_positions()
    ref = window.current_ref
    current = window.model.position_of(ref) if ref else None
    # Position 0 is a clause when the list is not grouped: test for None, not falsity.
    start = -1 if current is None else current
    for position in [p for p in positions if p > start] + [p for p in positions if p <= start]:
        row = window.model.row_at(position)
        if row is not None and wanted(row):
            window.select_position(position)
            return True
    return False
