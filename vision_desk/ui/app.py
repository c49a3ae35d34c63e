"""Starting the desk window: the application, fonts, keys, crash handling."""

from __future__ import annotations

import datetime as dt
import gc
import logging
import sys
import time
from collections.abc import Callable
from types import TracebackType

from PySide6.QtCore import QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QMessageBox

from vision_desk import APP_ID, __version__
from vision_desk.app import Opened, read_settings
from vision_desk.errors import UserError
from vision_desk.logs import log_crash
from vision_desk.paths import DataPaths
from vision_desk.ui.keymap import build_keymap
from vision_desk.ui.main_window import MainWindow
from vision_desk.ui.single_instance import SingleInstance
from vision_desk.ui.style import load_fonts
from vision_desk.ui.window_state import restore_window_state

_FONTS_LOADED = "visionDeskFontsLoaded"


def make_application(argv: list[str] | None = None) -> QApplication:
    """The application, named and with the shipped fonts; an existing one (a test
    harness's) is set up the same way rather than taken as it is."""
    existing = QApplication.instance()
    application = (
        existing if isinstance(existing, QApplication) else QApplication(argv or [sys.argv[0]])
    )
    # The executable's name, so that WM_CLASS is "vision-desk" for both parts and the
    # desktop file's StartupWMClass matches; people see the display name.
    application.setApplicationName("vision-desk")
    application.setApplicationDisplayName("Vision Desk")
    application.setApplicationVersion(__version__)
    # Wayland and the desktop file match the window to its icon through this id.
    QGuiApplication.setDesktopFileName(APP_ID)
    # Once per application: adding the same font file again registers it twice.
    if not application.property(_FONTS_LOADED):
        load_fonts()
        application.setProperty(_FONTS_LOADED, True)
    return application


def build_window(opened: Opened, today: dt.date | None = None) -> MainWindow:
    keys = read_settings(opened.paths).get("keys", {})
    keymap = build_keymap(keys if isinstance(keys, dict) else {})
    window = MainWindow(opened.desk, opened.paths, keymap, today or dt.date.today())
    # The first start's size, no larger than the screen; a saved geometry replaces it.
    screen = QGuiApplication.primaryScreen().availableGeometry()
    window.resize(min(1280, screen.width()), min(800, screen.height()))
    restore_window_state(window)
    # The officer starts on the clause list, where the single keys act.
    window.navigator.setFocus()
    # The agreement and board just loaded live as long as the window: move them
    # out of the collector's way, or every full collection walks them all again
    # (tens of milliseconds at 5,000 clauses, in the middle of a keystroke).
    gc.freeze()
    return window


def run_desk(
    data_paths: DataPaths,
    open_store: Callable[[], Opened],
    smoke: bool = False,
    started: float | None = None,
) -> int:
    """Show the desk on the store and run until it closes.

    Another desk already on this store is brought forward instead, before this one
    touches the store. With ``smoke``, exit as soon as the window has painted with
    the data loaded, printing how long that took.
    """
    started = time.perf_counter() if started is None else started
    application = make_application()
    instance = SingleInstance(data_paths)
    if not instance.acquire():
        print(  # noqa: T201
            "vision-desk: Vision Desk is already open on this store; that window was brought forward."
        )
        return 0
    try:
        try:
            opened = open_store()
        except UserError as error:
            print(f"vision-desk: {error.message}", file=sys.stderr)  # noqa: T201
            QMessageBox.critical(None, "Vision Desk cannot open the store", error.message)
            return 1
        try:
            return _run_window(application, opened, instance, smoke, started)
        finally:
            opened.close()
    finally:
        instance.release()


def _run_window(
    application: QApplication, opened: Opened, instance: SingleInstance, smoke: bool, started: float
) -> int:
    window = build_window(opened)
    sys.excepthook = lambda kind, value, trace: _on_crash(
        window.data_paths.logs, kind, value, trace
    )
    instance.listen(lambda: _bring_forward(window))
    if smoke:

        def report() -> None:
            elapsed = time.perf_counter() - started
            # The smoke run's one line of output is its result, read by scripts.
            print(f"smoke: desk painted with {len(window.model.rows())} clauses in {elapsed:.3f} s")  # noqa: T201
            QTimer.singleShot(0, application.quit)

        window.painted.connect(report)
    elif opened.notices:
        # A restored backup or a risky folder is news the officer must not miss.
        QTimer.singleShot(
            0, lambda: QMessageBox.information(window, "Vision Desk", "\n\n".join(opened.notices))
        )
    window.show()
    return application.exec()


def _bring_forward(window: MainWindow) -> None:
    logging.getLogger("vision_desk").info("a second start brought the desk forward")
    window.showNormal()
    window.raise_()
    window.activateWindow()


def _on_crash(
    logs: object, kind: type[BaseException], value: BaseException, trace: TracebackType | None
) -> None:
    """One handler for bugs: the traceback to the log, a short dialog to the officer."""
    from pathlib import Path

    try:
        raise value.with_traceback(trace)
    except BaseException:
        where = log_crash(logs if isinstance(logs, Path) else None)
    QMessageBox.critical(
        None,
        "Vision Desk hit a bug",
        "Something went wrong inside Vision Desk. Your saved work is safe in the store.\n\n"
        f"The details are in {where}; please send that file to the developers.",
    )
