"""The desk: navigator on the left, the clause in the middle, the review on the right.

The window holds no business rules. It asks the ``Desk`` service, shows immutable
rows, and after each action refreshes only what the returned ``Outcome`` names.

It starts in two steps, so that the officer sees the board at once: it is built on
a first board (read without the store's libraries) and painted; then ``attach``
hands it the ``Desk`` and it goes live. Until then its commands are disabled and
the few widget paths that would change something do nothing: no handler runs
without a desk. (Not an application event filter: one in Python would see every
event of the start-up and cost a tenth of the first paint.)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QProcess, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QPaintEvent
from PySide6.QtWidgets import QLabel, QMainWindow, QSplitter

from vision_desk import APP_NAME
from vision_desk.domain.review import BoardRow, Change, Note
from vision_desk.domain.rules import Summary, resummarise, summarise
from vision_desk.domain.search import Filters, Search, apply_filters, haystack
from vision_desk.errors import UserError
from vision_desk.paths import DataPaths
from vision_desk.services.boards import Board
from vision_desk.ui.card_models import Page
from vision_desk.ui.clause_view import ClauseView
from vision_desk.ui.filter_bar import FilterBar
from vision_desk.ui.keymap import KeyMap
from vision_desk.ui.moves import next_unassessed
from vision_desk.ui.navigator import NavigatorModel, NavigatorView
from vision_desk.ui.review_panel import HISTORY_PAGE, NOTES_PAGE, ReviewPanel
from vision_desk.ui.summary import SummaryCard
from vision_desk.ui.window_layout import lay_out

if TYPE_CHECKING:
    from vision_desk.services.desk import Desk, Outcome
    from vision_desk.services.rounds import Progress, Rounds

MESSAGE_MS = 8000
# After a search keystroke moves the first match, the clause pane follows this
# long after the last keystroke (typing at speed, it waits for a pause).
PANE_FOLLOWS_MS = 120


class MainWindow(QMainWindow):
    painted = Signal()
    # Set by ``attach``: the window reads and changes the store only through these.
    desk: Desk
    rounds: Rounds
    # Built by ``lay_out`` (window_layout): the columns and the status bar's labels.
    summary: SummaryCard
    filter_bar: FilterBar
    model: NavigatorModel
    navigator: NavigatorView
    clause_view: ClauseView
    review: ReviewPanel
    banner: QLabel
    splitter: QSplitter
    folder_label: QLabel
    counts_label: QLabel

    def __init__(self, board: Board, data_paths: DataPaths, keymap: KeyMap, today: dt.date) -> None:
        super().__init__()
        self.live = False
        self.data_paths = data_paths
        self.keymap = keymap
        self.as_of = today
        self.agreement_id = board.agreement.id
        self._agreement = board.agreement
        self._rows: dict[str, BoardRow] = {}
        self._order: dict[str, int] = {}  # each reference's place in the document
        # What search looks in, per clause; built at the first search, not at start
        # (reading every note's words costs a noticeable part of a second).
        self._search: Search | None = None
        self._current_ref: str | None = None
        self._summary: Summary | None = None
        self.progress: Progress | None = None  # the open review round, if any
        self.past: Board | None = None  # a board as it stood, shown read-only
        self.past_label = ""
        self._cadences: dict[str, int] = {}
        self._last_assessed: dict[str, dt.datetime] = {}
        self.memo_process: QProcess | None = None  # the memo being drawn, if any
        self._due_review: frozenset[str] = frozenset()
        self._painted = False
        self._defer_pane = False
        self._searched = ""  # the search text the list was last filtered by
        self._pane_ref: str | None = None  # the clause the clause and review panes show
        self._pane_timer = QTimer(self)
        self._pane_timer.setSingleShot(True)
        self._pane_timer.setInterval(PANE_FOLLOWS_MS)
        self._pane_timer.timeout.connect(lambda: self._show_current(self.current_row()))
        self.setObjectName("mainWindow")
        self.setWindowTitle(APP_NAME)
        self.setAccessibleName("Vision Desk")

        lay_out(self)

        self.filter_bar.changed.connect(self.refilter)
        self.filter_bar.search.accepted.connect(self.focus_first_match)
        self.filter_bar.search.left.connect(lambda: self.navigator.setFocus())
        self.summary.as_of_changed.connect(self.set_as_of)
        self.summary.as_of_left.connect(lambda: self.navigator.setFocus())
        self.navigator.selectionModel().currentChanged.connect(self._on_current_changed)
        self.review.status_chosen.connect(lambda value: self.run(lambda: self._set_status(value)))
        self.review.note_save_requested.connect(self._save_note)
        self.review.note_cancelled.connect(lambda: self.navigator.setFocus())

        self.actions_by_id: dict[str, QAction] = {}
        from vision_desk.ui.commands import command_handlers, install_actions

        install_actions(self, command_handlers(self))
        self.summary.set_today(today)
        self.summary.set_date(today)
        self._hold_commands(True)
        self.statusBar().showMessage("Opening the store…")
        # The list fills when the saved filters are put back (``restore_window_state``
        # refilters once), not here as well: at 5,000 clauses each pass counts.
        self._show_board(board, refilter=False)

    def attach(self, desk: Desk) -> None:
        """Go live on ``desk``: read the board afresh (opening the store may have
        imported, repaired or migrated), fill in what the first board left out
        (the round, cadences, the notes and history), and let the officer in."""
        from vision_desk.services.rounds import Rounds

        self.desk = desk
        self.rounds = Rounds(desk)
        self.live = True
        agreement_id = desk.current_agreement_id()
        self.load_agreement(agreement_id, keep_rows_if_same=agreement_id == self.agreement_id)
        self._hold_commands(False)
        self.statusBar().clearMessage()
        if self.keymap.problems:
            # All of them in one message: one at a time, each would hide the last.
            self.show_message(" ".join(self.keymap.problems))
        elif self._due_review:
            # The desk opens with what is due for review.
            keys = self.keymap.display("filter.due_review")
            count = len(self._due_review)
            self.show_message(
                f"{count} clause{'s' if count != 1 else ''} due for review; {keys} shows them."
            )

    # -- commands -----------------------------------------------------------------

    def _hold_commands(self, held: bool) -> None:
        for action in self.actions_by_id.values():
            action.setEnabled(not held)

    def trigger(self, command_id: str) -> None:
        self.actions_by_id[command_id].trigger()

    def run(self, action: Callable[[], object]) -> None:
        """Run one officer action; expected errors become a message, never a crash."""
        try:
            action()
        except UserError as error:
            self.show_message(error.message)

    def show_message(self, text: str) -> None:
        self.statusBar().showMessage(text, MESSAGE_MS)

    # -- loading and filtering ----------------------------------------------------

    def load_agreement(
        self, agreement_id: str, select_ref: str | None = None, keep_rows_if_same: bool = False
    ) -> None:
        """Show the agreement's board (or the past board being looked at). With
        ``keep_rows_if_same``, a board equal to the one shown leaves the list as it
        is: going live on an unchanged store repaints nothing."""
        if self.past is not None and self.past.agreement.id != agreement_id:
            # Another agreement: its live board, not the past one of the last.
            self.past, self.past_label = None, ""
            self.banner.hide()
        board = self.past or self.desk.board(self.as_of, agreement_id)
        self.progress = None if self.past else self.rounds.progress(agreement_id)
        self._cadences = self.rounds.cadences(agreement_id)
        self._last_assessed = self.rounds.last_assessed(agreement_id)
        if keep_rows_if_same and board.rows == tuple(self._rows.values()):
            self._refresh_due_review()
            self.summary.show_round(self._round_text())
            if self.filters().text.strip():
                # The first board's search could not look in the notes.
                self.refilter()
            # The first board showed the clause without its notes and history.
            self._show_current(self.current_row())
            return
        self._show_board(board, select_ref)

    def _show_board(
        self, board: Board, select_ref: str | None = None, refilter: bool = True
    ) -> None:
        self.agreement_id = board.agreement.id
        self._agreement = board.agreement
        self._rows = {row.clause.ref: row for row in board.rows}
        self._order = {ref: position for position, ref in enumerate(self._rows)}
        if self.live:  # the first board has no cadences yet: worked out on going live
            self._refresh_due_review()
        self._search = None
        self.filter_bar.set_agreement(board.agreement)
        self.setWindowTitle(f"{board.agreement.display_title} — {APP_NAME}")
        self._current_ref = select_ref or self._current_ref
        if refilter:
            self.refilter()
        self._refresh_summary(board.summary)

    def refilter(self) -> None:
        # The list follows each keystroke at once; the clause and its review, when
        # the first match changes, follow once typing pauses (``PANE_FOLLOWS_MS``):
        # a long clause's text and notes need not be laid out for every letter.
        filters = self.filters()
        self._defer_pane = filters.text != self._searched
        self._searched = filters.text
        try:
            self._refilter(filters)
        finally:
            self._defer_pane = False

    def _refilter(self, filters: Filters) -> None:
        if filters.text.strip():
            rows = self._searcher().apply(self._rows, filters)
        else:
            rows = apply_filters(list(self._rows.values()), filters, {})
        keep = self._current_ref
        self.model.set_rows(rows, grouped=not filters.text.strip())
        # The list's own order (grouped by kind and strand), so that "the first
        # match" is the one at the top of what the officer sees.
        positions = self.model.clause_positions()
        if keep is not None and self.model.position_of(keep) is not None:
            self.select_ref(keep, scroll=True)
        elif positions:
            self.select_position(positions[0])
        else:
            self._show_current(None)
        self._refresh_counts(len(rows))

    def _searcher(self) -> Search:
        if not self.live:
            # Before the desk: the clauses' own words only, and not kept.
            rows = list(self._rows.values())
            return Search(rows, {row.clause.ref: haystack(row, ()) for row in rows})
        if self._search is None:
            texts = self.desk.note_texts(self.agreement_id)
            self._search = Search(
                list(self._rows.values()),
                {ref: haystack(row, texts.get(ref, ())) for ref, row in self._rows.items()},
            )
        return self._search

    def filters(self) -> Filters:
        filters = self.filter_bar.filters()
        if self.filter_bar.due_review.isChecked():
            filters = replace(filters, only=self._due_review)
        return filters

    def _refresh_due_review(self) -> None:
        rows = list(self._rows.values())
        day = self.past.as_of if self.past is not None else self.as_of
        from vision_desk.domain.rounds import refs_due_for_review  # live only

        due = refs_due_for_review(rows, self._cadences, day, self._last_assessed)
        self._due_review = frozenset(due)

    def _refresh_due_review_of(self, row: BoardRow) -> None:
        """One clause changed: only its place in the due-for-review set can move."""
        day = self.past.as_of if self.past is not None else self.as_of
        from vision_desk.domain.rounds import refs_due_for_review

        due = refs_due_for_review([row], self._cadences, day, self._last_assessed)
        ref = row.clause.ref
        self._due_review = (self._due_review | {ref}) if due else (self._due_review - {ref})

    @property
    def read_only(self) -> bool:
        return self.past is not None

    def require_live(self) -> None:
        """Refuse a change while a past board is shown."""
        if self.past is not None:
            keys = self.keymap.display("view.live") or "the palette"
            raise UserError(f"Read-only: {self.past_label}. {keys} returns to the live board.")

    def set_as_of(self, day: dt.date) -> None:
        if not self.live:
            self.summary.set_date(self.as_of)  # a moment early: the store is opening
            return
        self.as_of = day
        self.load_agreement(self.agreement_id)
        self.show_message(f"Showing the board as of {day:%d %B %Y}.")

    # -- the current clause -------------------------------------------------------

    @property
    def current_ref(self) -> str | None:
        return self._current_ref

    def current_row(self) -> BoardRow | None:
        return self._rows.get(self._current_ref) if self._current_ref else None

    def select_ref(self, ref: str, scroll: bool = False) -> None:
        position = self.model.position_of(ref)
        if position is None:
            return
        index = self.model.index(position)
        self.navigator.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect
        )
        if scroll:
            self.navigator.scrollTo(index)
        if self._current_ref != ref or (self._pane_timer.isActive() and not self._defer_pane):
            # Moving the current index already showed the clause (currentChanged);
            # only a re-selection of the same index, or one whose panes have not
            # caught up yet, needs it done here.
            self._show_current(self._rows.get(ref))

    def select_position(self, position: int) -> None:
        row = self.model.row_at(position)
        if row is not None:
            self.select_ref(row.clause.ref, scroll=True)

    def _on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        row = self.model.row_at(current.row()) if current.isValid() else None
        if row is not None and row.clause.ref != self._current_ref:
            self._show_current(row)

    def _show_current(self, row: BoardRow | None, notes_changed: bool = True) -> None:
        """Show ``row``; after a change to the same clause that left its notes alone
        (a status key), the notes list is kept as it is."""
        if self._defer_pane:
            # It is the current clause from now on; the panes catch up shortly.
            self._current_ref = row.clause.ref if row else None
            self._pane_timer.start()
            return
        self._pane_timer.stop()
        same = row is not None and self._pane_ref == row.clause.ref  # panes already on it
        self._pane_ref = row.clause.ref if row else None
        self._current_ref = row.clause.ref if row else None
        self.clause_view.show_row(row, self._agreement)
        if row is None:
            self.review.show_row(None, [], [])
            return
        if not self.live:
            # The first board: notes and history come with the desk, a moment later.
            self.review.show_row(row, None, [])
            return
        ref = row.clause.ref
        self.review.show_row(
            row,
            None if same and not notes_changed else self._notes_page(row),
            lambda: self._history_page(ref),
        )

    def _notes_page(self, row: BoardRow) -> Page[Note]:
        desk, ref, agreement_id = self.desk, row.clause.ref, self.agreement_id
        return Page(
            desk.notes_page(ref, 0, NOTES_PAGE, agreement_id),
            row.note_count,
            lambda skip: desk.notes_page(ref, skip, NOTES_PAGE, agreement_id),
        )

    def _history_page(self, ref: str) -> Page[Change]:
        desk, agreement_id = self.desk, self.agreement_id
        first, total = desk.history_page(ref, 0, HISTORY_PAGE, agreement_id)
        return Page(
            first, total, lambda skip: desk.history_page(ref, skip, HISTORY_PAGE, agreement_id)[0]
        )

    def focus_first_match(self) -> None:
        positions = self.model.clause_positions()
        if positions:
            self.select_position(positions[0])
        self.navigator.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def step_clause(self, step: int) -> None:
        positions = self.model.clause_positions()
        if not positions:
            return
        current = self.model.position_of(self._current_ref) if self._current_ref else None
        if current is None:
            self.select_position(positions[0])
            return
        at = positions.index(current)
        self.select_position(positions[max(0, min(len(positions) - 1, at + step))])

    # -- changes ------------------------------------------------------------------

    def _set_status(self, value: str) -> None:
        if not self.live:
            return  # chosen in the moment before the store opened; nothing to change
        self.require_live()
        row = self.current_row()
        if row is None:
            return
        self.apply(self.desk.set_status(row.clause.ref, value, agreement_id=self.agreement_id))

    def _save_note(self, note_id: int | None, text: str) -> None:
        if not self.live:
            return  # the words stay in the editor
        if self.past is not None:
            self.show_message(f"Read-only: {self.past_label}; the note stays in the editor.")
            return
        row = self.current_row()
        if row is None:
            return
        try:
            if note_id is None:
                outcome = self.desk.add_note(
                    row.clause.ref, text, self.agreement_id, rationale=self.review.for_rationale
                )
            else:
                outcome = self.desk.edit_note(note_id, text)
        except UserError as error:
            # The words stay in the editor: nothing the officer typed is lost.
            self.show_message(error.message)
            return
        was_rationale = self.review.for_rationale
        self.review.finish_note()
        self.apply(outcome)
        self.navigator.setFocus()
        if was_rationale and self.progress is not None and self.progress.queue:
            # Scored and said why: on to the next clause the round still needs.
            next_unassessed(self)

    def apply(self, outcome: Outcome) -> None:
        """Refresh what an action changed, and say what it did."""
        ref = outcome.clause_ref
        if ref is not None and ref in self._rows:
            before = self._rows[ref]
            row = self.desk.row(ref, self.as_of, self.agreement_id)
            self._rows[ref] = row
            self.model.replace_row(row)
            if outcome.notes_changed and self._search is not None:
                notes = [note.text for note in self.desk.notes(ref, self.agreement_id)]
                self._search.update(ref, haystack(row, notes))
            if self.progress is not None:
                self.progress = self.rounds.progress(self.agreement_id)
                self._last_assessed = self.rounds.last_assessed(self.agreement_id)
            self._refresh_due_review_of(row)
            if ref != self._current_ref and self.model.position_of(ref) is not None:
                self.select_ref(ref, scroll=True)
            else:
                self._show_current(row, notes_changed=outcome.notes_changed)
            if self._summary is not None and before.status is not row.status:
                self._refresh_summary(
                    resummarise(
                        self._summary,
                        (before.clause, before.status),
                        (row.clause, row.status),
                        self._order,
                    )
                )
            elif self.progress is not None:
                self.summary.show_round(self._round_text())
        self.show_message(outcome.message)

    # -- summary and status bar ---------------------------------------------------

    def _refresh_summary(self, summary: Summary | None = None) -> None:
        """Show ``summary``, or the board's summary worked out afresh."""
        if summary is None:
            rows = list(self._rows.values())
            day = self.past.as_of if self.past is not None else self.as_of
            summary = summarise(((row.clause, row.status) for row in rows), day)
        self._summary = summary
        self.summary.show_summary(self._agreement.display_title, self._summary)
        self.summary.show_round(self._round_text())
        self._refresh_counts(len(self.model.clause_positions()))

    def _round_text(self) -> str:
        if self.past is not None or self.progress is None:
            return ""
        current = self.progress.round
        return f"Round “{current.title}”, as of {current.as_of:%d %b %Y}: {self.progress.text}"

    def _refresh_counts(self, shown: int) -> None:
        overdue = len(self._summary.overdue) if self._summary else 0
        self.counts_label.setText(f"{shown} of {len(self._rows)} clauses shown · {overdue} overdue")

    # -- window events ------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            self.painted.emit()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        from vision_desk.ui.window_state import save_window_state

        save_window_state(self)
        super().closeEvent(event)
