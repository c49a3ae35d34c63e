"""A team desk kept live: what other officers change appears in this window.

The desk looks, off the window's thread, for changes after the last one it has
taken in, and again at the 500 below it (an id is given when a change is written,
not when it commits: ``session_updates.OVERLAP``), and the session takes them in
without moving the officer. It looks as soon as the server says a change committed
(LISTEN/NOTIFY, ``storage.server_notify``), and twice a second whatever it hears:
a hint lost, or a listener whose connection is down, costs at most the poll's
half-second, never a change. A look that fails means the server cannot be reached:
the status bar says so until a later look gets through, and then says that too.
"""

from __future__ import annotations

import time
from typing import Protocol, cast

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QStatusBar

from vision_desk.errors import UserError
from vision_desk.services.desk_session import DeskSession
from vision_desk.services.repaint import Repaint
from vision_desk.services.session_updates import ChangeHints, Elsewhere
from vision_desk.ui.background_read import BackgroundRead, ReadResult


class LiveView(Protocol):
    """What the watch needs of the window."""

    session: DeskSession

    def statusBar(self) -> QStatusBar: ...  # noqa: N802 (Qt's name)

    def show_message(self, text: str) -> None: ...

    def refresh(self, repaint: Repaint) -> None: ...


# How often the desk looks whatever it hears: a change made elsewhere shows within
# about this long even when no hint reaches it (the goal is a second), and a look
# is a few milliseconds of the server's time.
LOOK_EVERY_MS = 500
UNREACHABLE = (
    "The server cannot be reached: the board is as last read and read-only until it "
    "answers again. Trying again…"
)
BACK = "The server answers again; the board is up to date."
# The least time between two looks a hint starts: officers writing at once send a
# stream of hints, and each open desk then looks ten times a second, not hundreds.
HINT_GAP_MS = 100
# The longest a closing window waits for a look on its way and the listener to
# stop, together (seconds).
STOP_WAIT_S = 2.0


class LiveWatch(QObject):
    # A change committed on the server: sent from the listener's thread, so Qt
    # queues it to this object's, the window's.
    _heard = Signal()

    def __init__(self, window: LiveView, parent: QObject) -> None:
        super().__init__(parent)
        self._window = window
        self._look: BackgroundRead | None = None
        self._hints: ChangeHints | None = None
        self._watching = False
        # A hint came while a look was on its way: that look may have read before
        # the change committed, so another follows it.
        self._look_again = False
        self.unreachable = False
        self._timer = QTimer(self)
        self._timer.setInterval(LOOK_EVERY_MS)
        self._timer.timeout.connect(self.look)
        self._heard.connect(self._on_hint)
        self._last_look_at = float("-inf")  # time.monotonic() when the last look began
        self._soon = QTimer(self)  # a hinted look held back by HINT_GAP_MS
        self._soon.setSingleShot(True)
        self._soon.timeout.connect(self.look)

    def start(self) -> None:
        self._watching = True
        self._timer.start()
        session = self._window.session
        self._hints = session.change_hints(self._heard.emit) if session.live else None
        if self._hints is not None:
            # A window gone without closing must not leave the listener calling it.
            self.destroyed.connect(self._hints.stop)
            self._hints.start()

    def stop(self) -> None:
        self._watching = False
        self._timer.stop()
        self._soon.stop()
        hints, self._hints = self._hints, None
        if hints is not None:
            hints.stop()  # at once: it ends while the look below is awaited
        # Bounded: a look stuck on a silent network, or a listener still connecting,
        # must not keep the window open.
        deadline = time.monotonic() + STOP_WAIT_S
        if self._look is not None:
            self._look.wait(STOP_WAIT_S)
        if hints is not None:
            hints.join(max(0.0, deadline - time.monotonic()))

    def _on_hint(self) -> None:
        if not self._watching:
            return  # queued before the watch stopped
        if self._look is not None:
            self._look_again = True
            return
        if self._soon.isActive():
            return  # a look is coming
        wait_ms = HINT_GAP_MS - (time.monotonic() - self._last_look_at) * 1000
        if wait_ms > 0:
            self._soon.start(int(wait_ms) + 1)
        else:
            self.look()

    def look(self) -> None:
        """Look for others' changes now (unless a look is still on its way, or the
        watch is stopped)."""
        if self._look is not None or not self._watching:
            return
        session = self._window.session
        if not session.live:
            return
        self._soon.stop()  # a look held back by the gap: this is it
        self._last_look_at = time.monotonic()
        self._look = BackgroundRead(session.elsewhere_reader(), self)
        self._look.done.connect(self._arrived)
        self._look.start()

    def _arrived(self, result: ReadResult) -> None:
        self._look = None
        if not self._watching:
            # Stopped meanwhile (the window closing, the store about to close):
            # nothing more is taken in or read for the window.
            return
        if self._look_again:
            self._look_again = False
            # Once this one is taken in: queued, as the hint was.
            QTimer.singleShot(0, self, self._on_hint)
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
