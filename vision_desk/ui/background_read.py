"""One read off the window's thread, its result handed back to the window's.

The desk opens its store this way once the first board is on screen: loading the
store's libraries and reading every note for search take a third of a second and
more, in which the window must go on answering keys. Python runs one thread at a
time, so while the read runs the interpreter switches threads more often than it
usually does: a key waits a fifth of a millisecond at most for each of its turns.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal

# How often (seconds) the interpreter offers the other thread its turn while a read
# runs: Python's default is 5 ms, a third of a frame for a key that waits, and a
# key takes its turn many times (each slot and each row painted in Python).
SWITCH_INTERVAL_S = 0.0002


@dataclass(frozen=True)
class ReadResult:
    value: object = None
    error: BaseException | None = None


class BackgroundRead(QObject):
    """``read()`` in a thread; ``done`` carries its ``ReadResult`` to the window's
    thread (a queued signal: the slot runs in the event loop there)."""

    done = Signal(object)

    def __init__(self, read: Callable[[], object], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._read = read
        self._interval = sys.getswitchinterval()
        self._thread = threading.Thread(target=self._run, name="vision-desk-read", daemon=True)
        self.done.connect(self._restore_interval)

    def start(self) -> None:
        sys.setswitchinterval(SWITCH_INTERVAL_S)
        self._thread.start()

    def wait(self, timeout: float | None = None) -> None:
        self._thread.join(timeout)

    def _run(self) -> None:
        try:
            result = ReadResult(value=self._read())
        except BaseException as error:  # handed to the window's thread, which decides
            result = ReadResult(error=error)
        self.done.emit(result)

    def _restore_interval(self, _result: object) -> None:
        sys.setswitchinterval(self._interval)
