"""Holding the officer's input back while the window is not yet live.

The window paints its first board before the store's libraries have loaded; for
the fraction of a second until it has its ``Desk``, a key or a click must not
reach a handler that would need one. The gate swallows them (an application
event filter) and says so in the status bar; it is opened once, when the window
goes live, and removes itself.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QMainWindow

HELD_BACK = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.KeyRelease,
        QEvent.Type.ShortcutOverride,
        QEvent.Type.Shortcut,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseButtonRelease,
        QEvent.Type.MouseButtonDblClick,
        QEvent.Type.Wheel,
        QEvent.Type.ContextMenu,
    }
)


class InputGate(QObject):
    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self._window = window
        self.held_back = 0
        application = QApplication.instance()
        if application is not None:
            application.installEventFilter(self)
        window.statusBar().showMessage("Opening the store…")

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() in HELD_BACK:
            self.held_back += 1
            return True
        return False

    def open(self) -> None:
        application = QApplication.instance()
        if application is not None:
            application.removeEventFilter(self)
        self._window.statusBar().clearMessage()
        self.deleteLater()
