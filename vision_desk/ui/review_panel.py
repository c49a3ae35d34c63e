"""The review panel: the status control, the notes and the history of a clause."""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from PySide6.QtCore import QEvent, QSignalBlocker, Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from vision_desk.domain.review import BoardRow, Change, Note
from vision_desk.domain.status import Status, scale_for, score_of
from vision_desk.domain.typed_dates import display_moment
from vision_desk.services.session_parties import Assessing, possessive
from vision_desk.ui.card_models import NOTE_ID_ROLE, HistoryModel, NotesModel, Page
from vision_desk.ui.note_editor import NoteEditor
from vision_desk.ui.notes_list import CardList

# The notes and history lists read this many entries at a time, newest first,
# and the next ones as the officer scrolls down: the list measures every entry it
# holds when it lays out, so opening a clause must not hand it thousands.
NOTES_PAGE = 6
HISTORY_PAGE = 50

NO_NOTES = "No notes on this clause yet."
NO_CHANGES = "No changes to this clause yet."
READING = "Reading the store…"


def notes_count_text(total: int) -> str:
    return "1 note" if total == 1 else f"{total:,} notes"


def status_item_label(status: Status) -> str:
    score = score_of(status)
    return f"{score} · {status.label}" if score is not None else status.label


class NotesCount(QLabel):
    """How many notes the clause has, in a box of one size whatever the number: a
    label that grew or shrank would lay out and repaint the whole panel around it
    (Qt passes a size change on to the parents of any widget not fixed in size)."""

    WIDEST = notes_count_text(99_999)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("notesCount")
        self.setAccessibleName("Number of notes")
        self.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self._fit()

    def show_count(self, total: int) -> None:
        self.setText(notes_count_text(total))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._fit()

    def _fit(self) -> None:
        metrics = self.fontMetrics()
        self.setFixedSize(metrics.horizontalAdvance(self.WIDEST), metrics.height())


class ReviewPanel(QWidget):
    status_chosen = Signal(str)
    note_save_requested = Signal(object, str)  # (note id or None, text)
    note_cancelled = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reviewPanel")
        self._row: BoardRow | None = None
        self._scale: tuple[Status, ...] = ()  # the statuses the status control offers
        self._editing: int | None = None
        self.for_rationale = False

        self._assessing: Assessing | None = None
        self._shown_status: Status | None = None  # what the status box shows
        self._party_names: dict[str, str] = {}
        # Whose part the status keys act on: shown only for an agreement whose
        # clauses bind several parties. Two lines kept, as for "set by" below.
        self.assessing = QLabel()
        self.assessing.setObjectName("assessingPart")
        self.assessing.setAccessibleName("Assessing")
        self.assessing.setWordWrap(True)
        self.assessing.setTextFormat(Qt.TextFormat.RichText)
        self.assessing.setMinimumHeight(2 * self.assessing.fontMetrics().lineSpacing())
        self.assessing.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.status = QComboBox()
        self.status.setObjectName("statusCombo")
        self.status.setAccessibleName("Status")
        self.status.activated.connect(self._on_status_activated)
        self.set_by = QLabel()
        self.set_by.setObjectName("statusSetBy")
        self.set_by.setWordWrap(True)
        # Two lines kept whatever the text: a line that grew and shrank from clause
        # to clause would move the notes below it up and down, and lay out and
        # repaint the whole panel on every ``j``.
        self.set_by.setMinimumHeight(2 * self.set_by.fontMetrics().lineSpacing())
        status_label = QLabel("St&atus")
        status_label.setBuddy(self.status)
        self.form = QFormLayout()
        self.form.addRow("Assessing", self.assessing)
        self.form.addRow(status_label, self.status)
        self.form.addRow("", self.set_by)

        self.notes_model = NotesModel(self)
        self.notes = CardList()
        self.notes.setObjectName("notesList")
        self.notes.setAccessibleName("Notes")
        self.notes.setModel(self.notes_model)
        self.notes.empty_text = NO_NOTES
        self.editor = NoteEditor()
        self.editor.cancelled.connect(self.cancel_note)
        self.editor_hint = QLabel("New note")
        self.save_button = QPushButton("Save note")
        self.save_button.setAccessibleName("Save note")
        self.save_button.clicked.connect(self.request_save)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setAccessibleName("Cancel note")
        self.cancel_button.clicked.connect(self.cancel_note)
        # What the note is (a reason, about whose part) on a line of its own above
        # the buttons: beside them a narrow column cut it off.
        self.editor_hint.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.save_button)
        self.editor_box = QWidget()
        editor_layout = QVBoxLayout(self.editor_box)
        editor_layout.setContentsMargins(0, 0, 0, 0)
        editor_layout.addWidget(self.editor_hint)
        editor_layout.addWidget(self.editor)
        editor_layout.addLayout(buttons)
        self.editor_box.hide()
        # The notes' commands for the mouse: each button runs its command (the
        # window connects them and puts the keys in the tooltips). They take no
        # focus, so Edit and Delete act on the note chosen in the list.
        self.note_buttons: dict[str, QPushButton] = {}
        note_actions = QHBoxLayout()
        for command_id, text in (
            ("note.new", "&New note"),
            ("note.edit", "&Edit"),
            ("note.delete", "&Delete"),
        ):
            button = QPushButton(text.replace("&", ""))
            button.setObjectName(command_id)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setAccessibleName(text.replace("&", ""))
            self.note_buttons[command_id] = button
            note_actions.addWidget(button)
        note_actions.addStretch(1)
        notes_page = QWidget()
        notes_layout = QVBoxLayout(notes_page)
        notes_layout.setContentsMargins(0, 4, 0, 0)
        # How many notes the clause has: above the list, not in the tab's title
        # (retitling a tab lays out and repaints the whole tab widget, a third of
        # what moving to the next clause costs).
        self.notes_count = NotesCount()
        notes_layout.addWidget(self.notes_count)
        notes_layout.addWidget(self.notes, 3)
        notes_layout.addLayout(note_actions)
        notes_layout.addWidget(self.editor_box, 2)

        self.history_model = HistoryModel(self)
        self.history = CardList()
        self.history.setObjectName("historyList")
        self.history.setAccessibleName("History of changes")
        self.history.setModel(self.history_model)
        self.history.empty_text = NO_CHANGES

        self.tabs = QTabWidget()
        self.tabs.setObjectName("reviewTabs")
        self.tabs.addTab(notes_page, "&Notes")
        self.tabs.addTab(self.history, "&History")
        self.tabs.setAccessibleName("Notes and history")
        self.tabs.currentChanged.connect(lambda _index: self._fill_history())
        # The history to show once its tab is: read only when looked at.
        self._pending_history: Callable[[], Page[Change]] | None = None

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        heading = QLabel("<b>Assessment</b>")
        layout.addWidget(heading)
        layout.addLayout(self.form)
        layout.addWidget(self.tabs, 1)
        self.setTabOrder(self.status, self.tabs)
        self.setTabOrder(self.tabs, self.notes)
        self.setTabOrder(self.notes, self.editor)
        self.setTabOrder(self.editor, self.cancel_button)
        self.setTabOrder(self.cancel_button, self.save_button)

    # -- showing ------------------------------------------------------------------

    def set_parties(self, names: dict[str, str], several: bool) -> None:
        """The agreement's party names (by code), for the notes about one party's
        part and the history; ``several``: its clauses bind several parties, so
        whose part is assessed is shown."""
        self._party_names = names
        self.notes_model.party_names = names
        self.history_model.party_names = names
        self.form.setRowVisible(self.assessing, several)

    def show_row(
        self,
        row: BoardRow | None,
        notes: Page[Note] | list[Note] | None,
        history: Page[Change] | list[Change] | Callable[[], Page[Change]],
        assessing: Assessing | None = None,
    ) -> None:
        """Show a clause's review; ``notes`` None keeps the notes list as it is.
        ``assessing``: whose part the status keys act on (the status box shows that
        party's status).

        A list is every note (or change), oldest first as the store keeps them; a
        ``Page`` is the newest of them and the way to read the rest. The history
        may be a function that reads it: it is called when the History tab is
        shown, not for every clause passed on the way."""
        changed_clause = row is None or self._row is None or row.clause.ref != self._row.clause.ref
        self._row = row
        self.setEnabled(row is not None)
        with QSignalBlocker(self.status):
            scale = scale_for(row.clause.kind) if row is not None else ()
            if scale != self._scale:
                # Refilled only when the scale changes (principle or commitment):
                # refilling on every clause re-lays out the panel for nothing.
                self._scale = scale
                self.status.clear()
                for status in scale:
                    self.status.addItem(status_item_label(status), status.value)
            self._assessing = assessing
            self._shown_status = None if row is None else (assessing or row).status
            self._show_status()
        self._show_assessing()
        if row is not None and row.state.changed_at is not None:
            when = display_moment(row.state.changed_at.astimezone())
            carried = " · carried over, not yet assessed in this round" if row.carried_over else ""
            self.set_by.setText(f"Set by {row.state.changed_by}, {when}{carried}")
        else:
            self.set_by.setText("Not assessed yet")
        if notes is not None:
            self._show_notes(notes if isinstance(notes, Page) else Page.whole(notes))
        if isinstance(history, Page):
            self._pending_history = lambda: history
        elif isinstance(history, list):
            self._pending_history = lambda: Page.whole(history)
        else:
            self._pending_history = history
        self._fill_history()
        if changed_clause and self._editing is None and self.editor_box.isVisible():
            self.cancel_note()

    def _show_status(self) -> None:
        if self._shown_status is not None:
            with QSignalBlocker(self.status):
                self.status.setCurrentIndex(self.status.findData(self._shown_status.value))

    def revert_status(self) -> None:
        """Show the status as it stands again (a choice in the box was refused)."""
        self._show_status()

    def _show_assessing(self) -> None:
        assessing = self._assessing
        text = escape(assessing.text) if assessing is not None else ""
        party = assessing.party if assessing is not None else None
        self.assessing.setText(f"<b>{text}</b>" if party is not None else text)
        self.assessing.setAccessibleDescription(assessing.text if assessing else "")
        name = self._party_names.get(party, party) if party is not None else None
        accessible = f"Status of {possessive(name)} part" if name else "Status"
        if self.status.accessibleName() != accessible:
            self.status.setAccessibleName(accessible)
        if self.is_writing() and self._editing is None:
            self.editor_hint.setText(self._hint())

    def _hint(self) -> str:
        """What the note being written is, above its buttons."""
        party = self._assessing.party if self._assessing is not None else None
        name = self._party_names.get(party, party) if party is not None else None
        if self._editing is not None:
            return "Editing note"
        if self.for_rationale:
            why = f"Why this status for {name}?" if name else "Why this status?"
            return f"{why} Ctrl+Return saves and moves on; Escape skips"
        return f"New note about {name}" if name else "New note"

    def _show_notes(self, notes: Page[Note]) -> None:
        self.notes_model.set_page(notes)
        self.notes.scrollToTop()
        self.notes_count.show_count(self.notes_model.total)

    def _fill_history(self) -> None:
        if self._pending_history is None or self.tabs.currentWidget() is not self.history:
            return
        read, self._pending_history = self._pending_history, None
        self.history_model.set_page(read())
        self.history.scrollToTop()

    # -- notes --------------------------------------------------------------------

    def start_note(
        self, note_id: int | None = None, text: str = "", rationale: bool = False
    ) -> None:
        """Open the editor. With ``rationale`` the note will be recorded as the reason
        for the status just set in the open round."""
        self._editing = note_id
        self.for_rationale = rationale and note_id is None
        self.tabs.setCurrentIndex(0)
        self.editor_hint.setText(self._hint())
        self.editor.setPlainText(text)
        self.editor_box.show()
        self.editor.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.editor.moveCursor(self.editor.textCursor().MoveOperation.End)

    def set_reading(self, reading: bool) -> None:
        """While the store opens the notes are not read yet: never "no notes"."""
        self.notes.empty_text = READING if reading else NO_NOTES
        self.history.empty_text = READING if reading else NO_CHANGES
        self.notes.viewport().update()
        self.history.viewport().update()

    def set_read_only(self, read_only: bool) -> None:
        """A past board: the status and the note buttons are shown but not offered
        (the notes can still be read and scrolled)."""
        self.status.setEnabled(not read_only)
        for button in self.note_buttons.values():
            button.setEnabled(not read_only)

    @property
    def editing(self) -> int | None:
        """The note being edited; None for a new one (or none at all)."""
        return self._editing

    def is_writing(self) -> bool:
        return self.editor_box.isVisible()

    def request_save(self) -> None:
        if self.editor_box.isVisible():
            self.note_save_requested.emit(self._editing, self.editor.toPlainText())

    def finish_note(self) -> None:
        """The note was saved: close the editor."""
        self._editing = None
        self.for_rationale = False
        self.editor.clear()
        self.editor_box.hide()

    def cancel_note(self) -> None:
        self._editing = None
        self.for_rationale = False
        self.editor.clear()
        self.editor_box.hide()
        self.note_cancelled.emit()

    def selected_note_id(self) -> int | None:
        """The note chosen in the notes list, only while the list has focus: Delete
        in the clause list must never reach a note chosen minutes ago."""
        index = self.notes.currentIndex()
        if not index.isValid() or not self.notes.hasFocus():
            return None
        return int(index.data(NOTE_ID_ROLE))

    def _on_status_activated(self, index: int) -> None:
        value = self.status.itemData(index)
        shown = self._shown_status
        if value and self._row is not None and shown is not None and value != shown.value:
            self.status_chosen.emit(value)
