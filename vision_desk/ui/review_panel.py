"""The review panel: the status control, the notes and the history of a clause."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QSignalBlocker, Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from vision_desk.domain.review import BoardRow, Change, Note
from vision_desk.domain.status import Status, scale_for, score_of
from vision_desk.ui.card_models import NOTE_ID_ROLE, HistoryModel, NotesModel, Page
from vision_desk.ui.notes_list import NOTE_FAMILIES, CardList

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


class NoteEditor(QPlainTextEdit):
    """Where a note is written. Plain text only: what is typed is what is kept."""

    cancelled = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("noteEditor")
        self.setAccessibleName("Note text")
        self.setPlaceholderText("Write the note. Ctrl+Return saves, Escape cancels.")
        self.setTabChangesFocus(True)
        font = self.font()
        font.setFamilies(NOTE_FAMILIES)
        self.setFont(font)

    def keyPressEvent(self, event):  # type: ignore[no-untyped-def]  # noqa: N802
        if event.key() == Qt.Key.Key_Escape and event.modifiers() == Qt.KeyboardModifier.NoModifier:
            self.cancelled.emit()
            return
        super().keyPressEvent(event)


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
        form = QFormLayout()
        form.addRow(status_label, self.status)
        form.addRow("", self.set_by)

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
        buttons = QHBoxLayout()
        buttons.addWidget(self.editor_hint, 1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.save_button)
        self.editor_box = QWidget()
        editor_layout = QVBoxLayout(self.editor_box)
        editor_layout.setContentsMargins(0, 0, 0, 0)
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
        layout.addLayout(form)
        layout.addWidget(self.tabs, 1)
        self.setTabOrder(self.status, self.tabs)
        self.setTabOrder(self.tabs, self.notes)
        self.setTabOrder(self.notes, self.editor)
        self.setTabOrder(self.editor, self.cancel_button)
        self.setTabOrder(self.cancel_button, self.save_button)

    # -- showing ------------------------------------------------------------------

    def show_row(
        self,
        row: BoardRow | None,
        notes: Page[Note] | list[Note] | None,
        history: Page[Change] | list[Change] | Callable[[], Page[Change]],
    ) -> None:
        """Show a clause's review; ``notes`` None keeps the notes list as it is.

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
            if row is not None:
                self.status.setCurrentIndex(self.status.findData(row.status.value))
        if row is not None and row.state.changed_at is not None:
            when = row.state.changed_at.astimezone().strftime("%d %b %Y %H:%M")
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
        if note_id is not None:
            self.editor_hint.setText("Editing note")
        elif self.for_rationale:
            self.editor_hint.setText(
                "Why this status? Ctrl+Return saves and moves on; Escape skips"
            )
        else:
            self.editor_hint.setText("New note")
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
        if value and self._row is not None and value != self._row.status.value:
            self.status_chosen.emit(value)
