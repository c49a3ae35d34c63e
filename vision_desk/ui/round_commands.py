"""What the review-round commands do in the window."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QInputDialog, QMessageBox

from vision_desk.errors import UserError
from vision_desk.ui.moves import next_unassessed

if TYPE_CHECKING:
    from vision_desk.services.boards import Board
    from vision_desk.ui.main_window import MainWindow

PAST_DATE = "A past date…"


def round_handlers(window: MainWindow) -> dict[str, Callable[[], object]]:
    return {
        "clause.next_unassessed": lambda: next_unassessed(window),
        "round.open": lambda: open_round(window),
        "round.close": lambda: close_round(window),
        "round.compare": lambda: compare(window),
        "view.past": lambda: view_past(window),
        "view.live": lambda: back_to_live(window),
        "filter.due_review": window.filter_bar.due_review.toggle,
        "memo.export": lambda: _export_memo(window),
    }


def open_round(window: MainWindow) -> None:
    window.require_live()
    from vision_desk.ui.round_dialogs import OpenRoundDialog  # at first use, after start

    dialog = OpenRoundDialog(window.as_of, window)
    if not dialog.exec():
        return
    title, as_of = dialog.values()
    opened = window.rounds.open(title, as_of, window.agreement_id)
    window.load_agreement(window.agreement_id)
    keys = window.keymap.display("clause.next_unassessed")
    window.show_message(
        f"Round “{opened.title}” is open; {keys} walks the clauses not yet assessed."
    )
    current = window.current_row()
    if current is None or current.round_assessed is not False:
        next_unassessed(window)


def _not_while_writing(window: MainWindow, doing: str) -> None:
    """A note being written would be saved into the wrong place afterwards (a closed
    round, a read-only board): it is saved or cancelled first."""
    if window.review.is_writing():
        keys = window.keymap.display("note.save")
        raise UserError(
            f"Save the note being written ({keys}) or cancel it (Escape) before {doing}."
        )


def close_round(window: MainWindow) -> None:
    window.require_live()
    _not_while_writing(window, "closing the round")
    progress = window.progress
    if progress is None:
        raise UserError("No review round is open; there is nothing to close.")
    left = len(progress.queue)
    carried = (
        f" {left} clauses not assessed in it keep their previous status, marked as carried over."
        if left
        else ""
    )
    answer = QMessageBox.question(
        window,
        "Close the round",
        f"Close “{progress.round.title}” ({progress.text})? Its record is then sealed and "
        f"can never change.{carried} A backup is made first.",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    if answer != QMessageBox.StandardButton.Yes:
        return
    closed = window.rounds.close(window.agreement_id)
    window.load_agreement(window.agreement_id)
    window.show_message(f"Round “{closed.title}” closed; content hash {closed.content_hash}.")


def compare(window: MainWindow) -> None:
    closed = [round_ for round_ in window.rounds.all(window.agreement_id) if not round_.is_open]
    if len(closed) < 2:
        raise UserError(f"Comparing needs two closed rounds; {len(closed)} closed so far.")
    from vision_desk.ui.round_dialogs import CompareDialog

    CompareDialog(window.rounds, closed, window).exec()


def view_past(window: MainWindow) -> None:
    _not_while_writing(window, "looking at a past board")
    closed = [round_ for round_ in window.rounds.all(window.agreement_id) if not round_.is_open]
    choices = [f"{round_.id} · {round_.title} (as of {round_.as_of:%d %b %Y})" for round_ in closed]
    choice, ok = QInputDialog.getItem(
        window,
        "See the board as it stood",
        "Round or date:",
        [*reversed(choices), PAST_DATE],
        0,
        False,
    )
    if not ok:
        return
    if choice == PAST_DATE:
        text, ok = QInputDialog.getText(window, "A past date", "Date (YYYY-MM-DD):")
        if not ok:
            return
        try:
            day = dt.date.fromisoformat(text.strip())
        except ValueError:
            raise UserError(f"'{text}' is not a date of the form YYYY-MM-DD.") from None
        board = window.rounds.board_on(day, window.agreement_id)
        show_past(window, board, f"the board as it stood on {day:%d %B %Y}")
        return
    round_ = closed[choices.index(choice)]
    board = window.rounds.board_at_round(round_.id)
    show_past(
        window,
        board,
        f"the board as round “{round_.title}” recorded it, as of {round_.as_of:%d %B %Y}",
    )


def show_past(window: MainWindow, board: Board | None, label: str = "") -> None:
    """Show ``board`` read-only (None: back to the live board)."""
    window.past, window.past_label = board, label
    window.banner.setText(f"Read-only: {label}." if board else "")
    window.banner.setVisible(board is not None)
    window.summary.set_date(board.as_of if board is not None else window.as_of)
    window.load_agreement(window.agreement_id)


def back_to_live(window: MainWindow) -> None:
    if window.past is None:
        window.show_message("This is the live board.")
        return
    show_past(window, None)
    window.show_message("Back to the live board.")


def _export_memo(window: MainWindow) -> None:
    # Loaded at first use: the memo's modules are not needed for the first paint.
    from vision_desk.ui.memo_export import export_memo

    export_memo(window)
