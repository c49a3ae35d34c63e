"""Where a note is written: plain text only, Escape cancels."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QPlainTextEdit, QWidget

from vision_desk.ui.notes_list import NOTE_FAMILIES


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
