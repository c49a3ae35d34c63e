"""Running the document worker (``services.memo_worker``: the memo, the brief) off
the window's thread: a separate process, so that the window never waits and Cancel
ends the work for certain, with a progress dialog that offers Cancel.

The worker writes atomically: a cancelled or failed document leaves nothing behind.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QProcess
from PySide6.QtWidgets import QProgressDialog

from vision_desk.services.memo_worker import BUNDLE_ARGUMENT, NO_MEMO, WORKER_MODULE, MemoResult

if TYPE_CHECKING:
    from vision_desk.ui.command_registry import DeskView

logger = logging.getLogger("vision_desk.ui.memo_export")


def worker_command() -> tuple[str, list[str]]:
    """The program and arguments of the worker: the read-only entry point, never the
    public command line (whose start would treat the open desk as a crash)."""
    if getattr(sys, "frozen", False):
        # The bundle has no ``-m``: its one program hands this argument to the worker.
        return sys.executable, [BUNDLE_ARGUMENT]
    return sys.executable, ["-m", WORKER_MODULE]


def run_worker(
    view: DeskView,
    request: str,
    what: str,
    title: str,
    failed: str,
    written: Callable[[MemoResult], None],
) -> QProcess:
    """Start the worker on ``request`` (its JSON) making ``what`` ("memo", "brief"),
    under a progress dialog called ``title``;
    ``written`` is told the result once the document is written; ``failed`` is what
    the status bar says when the worker ends without saying why."""
    process = QProcess(view.widget())
    process.setObjectName(f"{what}Worker")
    progress = QProgressDialog(f"Making the {what}…", "Cancel", 0, 0, view.widget())
    progress.setObjectName(f"{what}Progress")
    progress.setWindowTitle(title)
    progress.setMinimumDuration(300)
    cancelled = False

    def cancel() -> None:
        nonlocal cancelled
        cancelled = True
        process.kill()
        view.show_message(f"{what.capitalize()} cancelled; nothing was written.")

    def finished(_code: int, _status: QProcess.ExitStatus) -> None:
        progress.reset()  # hides it; close() would count as cancelling
        if cancelled:
            return
        answer = bytes(process.readAllStandardOutput().data()).decode("utf-8", "replace")
        result = MemoResult.from_json(answer)
        if result.ok and result.path is not None:
            written(result)
            return
        _log_worker_errors(process)
        message = result.message if result.message and result.message != NO_MEMO else failed
        view.show_message(message)

    def did_not_start(error: QProcess.ProcessError) -> None:
        # Only a worker that never started: every other end comes to ``finished``.
        if error is QProcess.ProcessError.FailedToStart and not cancelled:
            progress.reset()
            logger.error("the %s worker did not start: %s", what, process.errorString())
            view.show_message(failed)

    progress.canceled.connect(cancel)
    process.finished.connect(finished)
    process.errorOccurred.connect(did_not_start)
    program, arguments = worker_command()
    process.start(program, arguments)
    process.write(request.encode("utf-8"))
    process.closeWriteChannel()
    return process


def _log_worker_errors(process: QProcess) -> None:
    """What the worker said on standard error (a bug's traceback) goes to the log,
    never to the officer, who has the result's sentence."""
    errors = bytes(process.readAllStandardError().data()).decode("utf-8", "replace").strip()
    if errors:
        logger.error("the document worker reported:\n%s", errors)
