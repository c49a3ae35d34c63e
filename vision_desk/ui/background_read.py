"""One read off the window's thread, its result handed back to the window's.

The desk opens its store this way once the first board is on screen: loading the
store's libraries and reading every note for search take a third of a second and
more, in which the window must go on answering keys. Python runs one thread at a
time, so two things keep a key from waiting on the read:

- while the read runs the interpreter switches threads more often than it usually
  does: a key waits a fifth of a millisecond at most for each of its turns;
- the read gives way while a key is handled: from the key's press until the event
  loop has nothing left to do (the key's paint included), the read waits before
  each module it loads. Loading the store's libraries is most of the read, and a
  key otherwise spends a third of its time or more waiting for its turns.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib.machinery import ModuleSpec
from types import ModuleType

from PySide6.QtCore import QAbstractEventDispatcher, QCoreApplication, QEvent, QObject, Signal

# How often (seconds) the interpreter offers the other thread its turn while a read
# runs: Python's default is 5 ms, a third of a frame for a key that waits, and a
# key takes its turn many times (each slot and each row painted in Python).
SWITCH_INTERVAL_S = 0.0002

# The longest the read waits for a key at one module (seconds). The wait is bounded
# because the window's thread might itself be loading a module the read holds the
# import lock of: then the read goes on after this and the key waits for it.
GIVE_WAY_LIMIT_S = 0.05

# What starts the officer's turn: the read gives way until the loop is idle again.
OFFICER_EVENTS = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.ShortcutOverride,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.Wheel,
    }
)


@dataclass(frozen=True)
class ReadResult:
    value: object = None
    error: BaseException | None = None


class GiveWay:
    """Holds the reading thread back at each module it loads while the window's
    thread is busy with the officer's key. An import hook that finds nothing: it
    only waits, then lets the usual finders load the module."""

    def __init__(self) -> None:
        self.reader: threading.Thread | None = None
        self._officer_idle = threading.Event()
        self._officer_idle.set()

    def officer_busy(self) -> None:
        self._officer_idle.clear()

    def officer_idle(self) -> None:
        self._officer_idle.set()

    def find_spec(
        self,
        fullname: str,
        path: Sequence[str] | None,
        target: ModuleType | None = None,
    ) -> ModuleSpec | None:
        if threading.current_thread() is self.reader:
            self._officer_idle.wait(GIVE_WAY_LIMIT_S)
        return None


class BackgroundRead(QObject):
    """``read()`` in a thread; ``done`` carries its ``ReadResult`` to the window's
    thread (a queued signal: the slot runs in the event loop there)."""

    done = Signal(object)

    def __init__(self, read: Callable[[], object], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._read = read
        self._interval = sys.getswitchinterval()
        self._thread = threading.Thread(target=self._run, name="vision-desk-read", daemon=True)
        self._give_way = GiveWay()
        self._give_way.reader = self._thread
        self.done.connect(self._finish)

    def start(self) -> None:
        sys.setswitchinterval(SWITCH_INTERVAL_S)
        sys.meta_path.insert(0, self._give_way)
        self._watch_officer(True)
        self._thread.start()

    def wait(self, timeout: float | None = None) -> None:
        self._give_way.officer_idle()  # a window waiting for the read is not busy
        self._thread.join(timeout)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() in OFFICER_EVENTS:
            self._give_way.officer_busy()
        return False

    def _watch_officer(self, on: bool) -> None:
        application = QCoreApplication.instance()
        dispatcher = QAbstractEventDispatcher.instance()
        if application is None or dispatcher is None:
            return
        if on:
            application.installEventFilter(self)
            dispatcher.aboutToBlock.connect(self._give_way.officer_idle)
        else:
            application.removeEventFilter(self)
            dispatcher.aboutToBlock.disconnect(self._give_way.officer_idle)

    def _run(self) -> None:
        try:
            result = ReadResult(value=self._read())
        except BaseException as error:  # handed to the window's thread, which decides
            result = ReadResult(error=error)
        self.done.emit(result)

    def _finish(self, _result: object) -> None:
        sys.setswitchinterval(self._interval)
        if self._give_way in sys.meta_path:
            sys.meta_path.remove(self._give_way)
        self._watch_officer(False)
        self._give_way.officer_idle()
