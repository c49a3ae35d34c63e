"""The desk: navigator on the left, the clause in the middle, the review on the right.

A thin shell over the desk session (``services.desk_session``), which owns what the
officer is looking at. The window turns widget events into commands and session
calls, and renders the ``Repaint`` each returns; it decides nothing itself.

It starts on a first board, read before the store's libraries load, and takes
keys at once: moving and searching work on that board, and a command that needs
the store waits for it (``Dispatcher``). ``go_live`` hands the session the open
store.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import cast

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QProcess, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QGuiApplication, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import QComboBox, QListView, QMainWindow, QMessageBox, QWidget

from vision_desk.domain.agreement import ClauseKind
from vision_desk.domain.status import Status
from vision_desk.paths import DataPaths
from vision_desk.services import timing
from vision_desk.services.desk_session import DeskSession
from vision_desk.services.repaint import Repaint
from vision_desk.services.session_reads import Live, SearchIndex
from vision_desk.ui.background_read import BackgroundRead, ReadResult
from vision_desk.ui.command_registry import Command, NoteBeingWritten, Place
from vision_desk.ui.command_table import COMMANDS
from vision_desk.ui.commands_assess import command_for_status
from vision_desk.ui.context_menus import install_context_menus
from vision_desk.ui.dispatcher import Dispatcher
from vision_desk.ui.evidence_pane import show_evidence
from vision_desk.ui.keymap import KeyMap
from vision_desk.ui.links import ref_of
from vision_desk.ui.live_watch import LiveWatch
from vision_desk.ui.pane_reads import history_page, notes_page
from vision_desk.ui.plain_text import shown_as_typed
from vision_desk.ui.window_layout import Columns, column_widths, lay_out
from vision_desk.ui.window_state import SavedDesk, restore_window_state, save_window_state

MESSAGE_MS = 8000
# After a search keystroke moves the first match, the clause pane follows this
# long after the last keystroke (typing at speed, it waits for a pause).
PANE_FOLLOWS_MS = 120
EVERYTHING = Repaint(board=True, filters=True, list=True, current=True, notes=True, summary=True)


def read_only_banner(session: DeskSession) -> str:
    """What the banner across the window says while the board is read-only."""
    if session.past is not None:
        return f"Read-only: {session.past_label}."
    if session.unreachable:
        return "Read-only: the server cannot be reached; the board is as last read. Trying again…"
    return ""


class MainWindow(QMainWindow, Columns):
    """The columns and the status bar's labels are built by ``lay_out`` and declared
    in ``window_layout.Columns``."""

    painted = Signal()

    def __init__(
        self,
        session: DeskSession,
        data_paths: DataPaths,
        keymap: KeyMap,
        saved: SavedDesk | None = None,
    ) -> None:
        super().__init__()
        self.session = session
        self.data_paths = data_paths
        self.keymap = keymap
        self.memo_process: QProcess | None = None
        self._painted = False
        self._selecting = False  # the window itself is moving the list's current row
        self._index_read: BackgroundRead | None = None
        self.live_watch: LiveWatch | None = None  # a team desk's, once live
        self._pane_ref: str | None = None  # the clause the clause and review panes show
        self._pane_timer = QTimer(self)
        self._pane_timer.setSingleShot(True)
        self._pane_timer.setInterval(PANE_FOLLOWS_MS)
        self._pane_timer.timeout.connect(self.catch_up_panes)
        self.setObjectName("mainWindow")
        self.setAccessibleName("Vision Desk")
        lay_out(self)
        self.model.apart = session.gap_marker  # which party is ahead, on the list's rows
        self.model.disputed = session.dispute_marker  # "PK says completed"
        self.dispatcher = Dispatcher(self, COMMANDS)
        self.dispatcher.install(self, keymap)
        self._connect()
        self.summary.set_today(session.today)
        self.review.set_reading(not session.live)
        self.statusBar().showMessage("Opening the store…")
        # The first start's size, no larger than the screen; a saved geometry replaces it.
        screen = QGuiApplication.primaryScreen().availableGeometry()
        self.resize(min(1280, screen.width()), min(800, screen.height()))
        self.splitter.setSizes(column_widths(self.width()))
        if saved is not None:
            restore_window_state(saved, self, self.splitter)
        self.refresh(EVERYTHING)

    def _connect(self) -> None:
        bar, review, session = self.filter_bar, self.review, self.session
        bar.changed.connect(lambda: self.refresh(session.set_filters(*bar.chosen())))
        bar.search.accepted.connect(self._to_first_match)
        bar.search.left.connect(lambda: self.focus(Place.LIST))
        self.summary.as_of_changed.connect(lambda day: self.refresh(session.set_as_of(day)))
        self.summary.as_of_left.connect(lambda: self.focus(Place.LIST))
        # A clause reference clicked in the summary or the clause text opens it.
        self.summary.clause_chosen.connect(self._open_clause)
        self.clause_view.anchorClicked.connect(lambda url: self._open_clause(ref_of(url)))
        self.navigator.selectionModel().currentChanged.connect(self._on_current_changed)
        # The status box runs the status keys' own commands: one way to set a status.
        review.status_chosen.connect(self._status_chosen)
        review.note_save_requested.connect(lambda _id, _text: self.run_command("note.save"))
        review.note_cancelled.connect(lambda: self.focus(Place.LIST))
        for command_id, button in review.note_buttons.items():
            button.clicked.connect(lambda _checked=False, run=command_id: self.run_command(run))
            keys = self.keymap.display(command_id)
            title = COMMANDS[command_id].title
            button.setToolTip(f"{title} ({keys})" if keys else title)
        # A double-click on a note edits it; a right-click offers what can be done.
        review.notes.doubleClicked.connect(lambda _index: self.run_command("note.edit"))
        install_context_menus(self)

    def go_live(self, live: Live) -> None:
        """The store is open: the session goes live, and the keys pressed meanwhile run."""
        self.refresh(self.session.attach(live))
        if live.desk.server is not None:
            # Where the data is: the team's server, not this folder; and what the
            # other officers change there shows here.
            self.folder_label.show_place(f"Desk: {live.desk.where}")
            self.live_watch = LiveWatch(self, self)
            self.live_watch.start()
        self.review.set_reading(False)
        self.statusBar().clearMessage()
        if self.keymap.problems:
            # All of them in one message: one at a time, each would hide the last.
            self.show_message(" ".join(self.keymap.problems))
        elif self.session.due_review:
            # The desk opens with what is due for review.
            keys = self.keymap.display("filter.due_review")
            count = len(self.session.due_review)
            self.show_message(
                f"{count} clause{'s' if count != 1 else ''} due for review; {keys} shows them."
            )
        self.dispatcher.run_waiting()

    # -- the view protocol (command_registry.DeskView) -------------------------------------------

    def widget(self) -> QWidget:
        return self

    def commands(self) -> Sequence[Command]:
        return list(COMMANDS.values())

    def run_command(self, command_id: str) -> None:
        self.dispatcher.dispatch(command_id)

    def show_message(self, text: str) -> None:
        self.statusBar().showMessage(text, MESSAGE_MS)

    def confirm(self, title: str, question: str) -> bool:
        buttons = QMessageBox.StandardButton
        question = shown_as_typed(question)  # it may quote what an officer typed
        answer = QMessageBox.question(self, title, question, buttons.Yes | buttons.No, buttons.No)
        return answer == buttons.Yes

    def open_filter(self, name: str) -> None:
        combo: QComboBox = getattr(self.filter_bar, name)
        combo.setFocus(Qt.FocusReason.ShortcutFocusReason)
        combo.showPopup()

    def toggle_history(self) -> None:
        self.review.tabs.setCurrentIndex(1 - self.review.tabs.currentIndex())

    def start_note(
        self, note_id: int | None = None, text: str = "", rationale: bool = False
    ) -> None:
        self.review.start_note(note_id, text, rationale)

    def note_being_written(self) -> NoteBeingWritten | None:
        review = self.review
        if not review.is_writing():
            return None
        return NoteBeingWritten(review.editing, review.editor.toPlainText(), review.for_rationale)

    def finish_note(self) -> None:
        self.review.finish_note()

    def selected_note_id(self) -> int | None:
        return self.review.selected_note_id()

    # -- for the context menus --------------------------------------------------------

    def command_action(self, command_id: str) -> QAction:
        return self.dispatcher.actions[command_id]

    def clause_kind_at(self, position: int) -> ClauseKind | None:
        row = self.model.row_at(position)
        return row.clause.kind if row is not None else None

    def clause_list(self) -> QListView:
        return self.navigator

    def notes_list(self) -> QListView:
        return self.review.notes

    # -- rendering ------------------------------------------------------------------------

    def refresh(self, repaint: Repaint) -> None:
        """Show what ``repaint`` names of the session, and nothing more."""
        session = self.session
        if repaint.board:
            # The platform adds the program's name ("— Vision Desk", the application's
            # display name): naming it here too would show it twice.
            self.setWindowTitle(session.agreement.display_title)
            self.filter_bar.set_agreement(session.agreement)
            names = session.party_names()
            shape = [names[code] for code in session.index_parties]
            self.summary.set_shape(len(session.rows), list(session.rows), shape)
            self.review.set_parties(names, bool(shape))
            self.banner.setText(read_only_banner(session))
            self.banner.setVisible(session.read_only)
            self.review.set_read_only(session.read_only)
            self.summary.set_date(session.board_date)
        if repaint.filters:
            self.filter_bar.show_filters(
                session.filters, session.due_review_only, session.apart_only, session.disputed_only
            )
        if repaint.list or repaint.board:
            with timing.step("list"):
                self.model.show(session.list, session.agreement)
        else:
            for ref in repaint.rows:
                self.model.row_changed(ref)
        if repaint.current or repaint.list or repaint.board:
            self._select_current(repaint)
        elif repaint.pane or repaint.notes or repaint.evidence:
            self._show_panes(notes=repaint.notes)
        if repaint.summary or repaint.board:
            with timing.step("summary"):
                title, by_party = session.agreement.display_title, session.index_by_party()
                self.summary.show_summary(title, session.summary, by_party)
                self.summary.show_round(session.round_text())
        if repaint.summary or repaint.list or repaint.board:
            self.counts_label.setText(session.counts_text())
        if repaint.message:
            self.show_message(repaint.message)
        if repaint.ask_reason:
            # In a round every status carries its reason: say why, then move on.
            self.review.start_note(rationale=True)
        if session.needs_search_index and self._index_read is None:
            self._read_search_index()

    def _read_search_index(self) -> None:
        """The notes' words for search, read off the window's thread (after the
        agreement changed or a backup was restored); until then search looks in the
        clauses' own words."""
        self._index_read = BackgroundRead(self.session.search_index_reader(), self)

        def arrived(result: ReadResult) -> None:
            self._index_read = None
            if result.error is not None:
                raise result.error  # a bug, or a store gone bad: to the crash handler
            self.refresh(self.session.set_search_index(cast(SearchIndex, result.value)))

        self._index_read.done.connect(arrived)
        self._index_read.start()

    def _select_current(self, repaint: Repaint) -> None:
        ref = self.session.current_ref
        position = self.model.position_of(ref)
        if position is not None:
            index = self.model.index(position)
            self._selecting = True
            try:
                self.navigator.selectionModel().setCurrentIndex(
                    index, QItemSelectionModel.SelectionFlag.ClearAndSelect
                )
            finally:
                self._selecting = False
            if position > 0 and self.model.row_at(position - 1) is None:
                # The first clause of a group: its heading comes into view with it
                # (``g`` shows the first group's heading).
                self.navigator.scrollTo(self.model.index(position - 1))
            self.navigator.scrollTo(index)
        if repaint.typing and ref != self._pane_ref:
            # It is the current clause from now on; the panes catch up shortly.
            self._pane_timer.start()
        elif ref != self._pane_ref or repaint.pane or repaint.notes or self._pane_timer.isActive():
            self._show_panes(notes=repaint.notes)

    def catch_up_panes(self) -> None:
        """Show the current clause in the panes now, if typing left them behind."""
        if self._pane_timer.isActive() or self._pane_ref != self.session.current_ref:
            self._show_panes(notes=False)

    def _show_panes(self, notes: bool) -> None:
        """Show the current clause; after a change that left its notes alone (a status
        key), the notes list is kept as it is."""
        with timing.step("panes"):
            self._show_panes_now(notes)

    def _show_panes_now(self, notes: bool) -> None:
        self._pane_timer.stop()
        session = self.session
        row = session.current_row()
        same = row is not None and self._pane_ref == row.clause.ref
        self._pane_ref = row.clause.ref if row else None
        gaps = session.gap_text(row.clause.ref) if row else ""
        self.clause_view.show_row(row, session.agreement, gaps)
        with timing.step("evidence"):
            show_evidence(self.evidence, session, row)
        if row is None:
            self.review.show_row(None, [], [])
            return
        if not session.live:
            # The first board: notes and history come with the store, a moment later.
            self.review.show_row(row, None, [], session.assessing())
            return
        ref = row.clause.ref
        self.review.show_row(
            row,
            None if same and not notes else notes_page(session, row),
            lambda: history_page(session, ref),
            session.assessing(),
        )

    # -- widget events --------------------------------------------------------------------

    def _on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._selecting:
            return
        row = self.model.row_at(current.row()) if current.isValid() else None
        if row is not None:
            self.refresh(self.session.select(row.clause.ref))

    def _status_chosen(self, value: str) -> None:
        """The status box runs the status keys' own command: one way to set a status
        (on the part of the party being assessed, if any). Refused, the box shows
        the status as it stands again."""
        self.run_command(command_for_status(Status(value)))
        self.review.revert_status()

    def _open_clause(self, ref: str | None) -> None:
        if ref is not None:
            self.refresh(self.session.open_clause(ref))
            self.focus(Place.LIST)

    def _to_first_match(self) -> None:
        self.refresh(self.session.first())
        self.focus(Place.LIST)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            self.painted.emit()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        # The data folder takes at most two fifths of the status bar; the messages
        # the rest.
        self.folder_label.setMaximumWidth(
            max(self.folder_label.minimumSizeHint().width(), self.width() * 2 // 5)
        )

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        if self.live_watch is not None:
            self.live_watch.stop()
        save_window_state(self.data_paths, self, self.splitter, self.session)
        super().closeEvent(event)
