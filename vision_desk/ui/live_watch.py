"""A team desk kept live: what other officers change appears in this window.

Twice a second the desk looks, off the window's thread, for changes after the
last one it has taken in, and again at the 500 below it (an id is given when a
change is written, not when it commits: ``session_updates.OVERLAP``), and the
session takes them in without moving the officer. A look
that fails means the server cannot be reached: the status bar says so until a
later look gets through, and then says that too.
"""

from __future__ import annotations

from typing import Protocol, cast

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QStatusBar

from vision_desk.errors import UserError
from vision_desk.services.desk_session import DeskSession
from vision_desk.services.repaint import Repaint
from vision_desk.services.session_updates import Elsewhere
from vision_desk.ui.background_read import BackgroundRead, ReadResult


class LiveView(Protocol):
    """What the watch needs of the window."""

    session: DeskSession

    def statusBar(self) -> QStatusBar: ...  # noqa: N802 (Qt's name)

    def show_message(self, text: str) -> None: ...

    def refresh(self, repaint: Repaint) -> None: ...


# How often the desk looks: a change made elsewhere shows within about this long
# (the goal is a second), and a look is a few milliseconds of the server's time.
LOOK_EVERY_MS = 500
UNREACHABLE = (
    "The server cannot be reached: the board is as last read and read-only until it "
    "answers again. Trying again…"
)
BACK = "The server answers again; the board is up to date."
# The longest a closing window waits for a look on its way (seconds).
STOP_WAIT_S = 2.0


class LiveWatch(QObject):
    def __init__(self, window: LiveView, parent: QObject) -> None:
        super().__init__(parent)
        self._window = window
        self._look: BackgroundRead | None = None
        self.unreachable = False
        self._timer = QTimer(self)
        self._timer.setInterval(LOOK_EVERY_MS)
        self._timer.timeout.connect(self.look)

    def start(self) -> None:
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()
        if self._look is not None:
            # Bounded: a look stuck on a silent network must not keep the window open.
            self._look.wait(STOP_WAIT_S)

    def look(self) -> None:
        """Look for others' changes now (unless a look is still on its way)."""
        if self._look is not None:
            return
        session = self._window.session
        if not session.live:
            return
        self._look = BackgroundRead(session.elsewhere_reader(), self)
        self._look.done.connect(self._arrived)
        self._look.start()

    def _arrived(self, result: ReadResult) -> None:
        self._look = None
        session = self._window.session
        if isinstance(result.error, UserError):
            if not self.unreachable:
                self.unreachable = True
                self._window.refresh(session.set_unreachable(True))
                self._window.statusBar().showMessage(UNREACHABLE)
            return
        if result.error is not None:
            raise result.error  # a bug: to the crash handler
        repaint = session.apply_elsewhere(cast(Elsewhere, result.value))
        if self.unreachable:
            self.unreachable = False
            repaint |= session.set_unreachable(False)
            self._window.show_message(BACK)
        self._window.refresh(repaint)
