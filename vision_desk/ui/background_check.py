"""The quick check of the store's pages, run in the background once the desk is live.

A desk started on a store closed cleanly paints before it has read more than its
first board, and a read of every page (45 ms at 38 MB, more on a slow disk) would
hold its start back; damage elsewhere in the file would then stay unseen until a
command stumbled on it. So SQLite's quick check runs on a thread of its own, on
its own read-only connection (SQLite lets the desk write meanwhile), and the
officer hears of it only when it finds something.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtWidgets import QMessageBox, QWidget


class BackgroundCheck(QObject):
    """One quick check of the store at ``database``; ``finished`` carries what it
    found (empty: sound), in the GUI thread. Not emitted once stopped."""

    finished = Signal(list)
    # From the worker thread to this object's own (the GUI) thread.
    _found = Signal(list)

    def __init__(self, database: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.database = database
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        self._found.connect(self._deliver, Qt.ConnectionType.QueuedConnection)

    def start(self) -> None:
        self._thread = threading.Thread(
            target=self._run, name="vision-desk-quick-check", daemon=True
        )
        self._thread.start()

    def stop(self) -> None:
        """Abandon the check (SQLite stops within a few thousand steps) and wait
        for its thread, so that nothing outlives the desk."""
        self._stopping.set()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def _run(self) -> None:
        # Loaded here, off the GUI thread: the services are not needed before.
        from vision_desk.services.start_checks import quick_problems

        problems = quick_problems(self.database, self._stopping.is_set)
        if not self._stopping.is_set():
            self._found.emit(problems)

    @Slot(list)
    def _deliver(self, problems: list[str]) -> None:
        if not self._stopping.is_set():
            self.finished.emit(problems)


def tell_damage(parent: QWidget, problems: list[str], check_now: Callable[[], None]) -> None:
    """Tell the officer what the background check found, and offer the check that
    sets the damaged store aside and restores the newest good backup."""
    shown = "; ".join(problems[:3]) + (
        f" (and {len(problems) - 3} more)" if len(problems) > 3 else ""
    )
    answer = QMessageBox.warning(
        parent,
        "The store is damaged",
        f"A check of the store in the background found damage: {shown}.\n\n"
        "Tools ▸ Check Database checks it fully, sets the damaged store aside and "
        "restores the newest good backup. Check the store now?",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.Yes,
    )
    if answer == QMessageBox.StandardButton.Yes:
        check_now()
