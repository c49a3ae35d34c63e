"""Starting the desk window: the application, fonts, keys, crash handling."""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import sys
import time
from collections.abc import Callable, Sequence
from types import TracebackType
from typing import TYPE_CHECKING, TypeVar, cast

from PySide6.QtCore import QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from vision_desk import APP_ID, __version__
from vision_desk.errors import DamagedStoreError, UserError
from vision_desk.paths import DataPaths
from vision_desk.services import timing
from vision_desk.services.boards import Board, first_board
from vision_desk.services.desk_session import DeskSession
from vision_desk.services.session_reads import Live
from vision_desk.settings import read_settings
from vision_desk.ui.background_check import BackgroundCheck, tell_damage
from vision_desk.ui.background_read import BackgroundRead, ReadResult
from vision_desk.ui.command_table import keymap_for
from vision_desk.ui.main_window import MainWindow
from vision_desk.ui.single_instance import SingleInstance, bring_forward
from vision_desk.ui.style import legible_muted, load_fonts
from vision_desk.ui.window_state import SavedDesk, read_saved_desk

if TYPE_CHECKING:
    from vision_desk.app import Opened

_FONTS_LOADED = "visionDeskFontsLoaded"
_Read = TypeVar("_Read")


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
    application.setPalette(legible_muted(application.palette()))
    # Once per application: adding the same font file again registers it twice.
    if not application.property(_FONTS_LOADED):
        load_fonts()
        application.setProperty(_FONTS_LOADED, True)
    return application


# How long after the store opened the quick check of its pages starts.
QUICK_CHECK_AFTER_MS = 1500


def build_window(opened: Opened, today: dt.date | None = None) -> MainWindow:
    """The live window on an opened store, built as the program builds it."""
    today = today or dt.date.today()
    desk = opened.desk
    saved = read_saved_desk(opened.paths)
    board = desk.board(saved.review_date or today, desk.current_agreement_id())
    window = first_window(board, opened.paths, today, saved)
    window.go_live(read_live(opened, today, saved.review_date))
    _freeze_collected()
    return window


def read_live(opened: Opened, today: dt.date, chosen: dt.date | None = None) -> Live:
    """What the desk session needs from the open store to go live."""
    from vision_desk.services.rehearsal import rehearse_status_change
    from vision_desk.services.rounds import Rounds
    from vision_desk.services.session_reads import read_live as read

    live = read(opened.desk, Rounds(opened.desk), today, chosen)
    # Off the window's thread, before the first status key: its statements compiled.
    rehearse_status_change(opened.desk)
    return live


def first_window(
    board: Board, data_paths: DataPaths, today: dt.date, saved: SavedDesk | None = None
) -> MainWindow:
    """The window on its first board, taking keys but not yet live (see
    ``MainWindow.go_live``), where the last desk left off (``saved``)."""
    keys = read_settings(data_paths).get("keys", {})
    keymap = keymap_for(keys if isinstance(keys, dict) else {})
    saved = saved or read_saved_desk(data_paths)
    session = DeskSession(
        board,
        today,
        keymap.display,
        saved.review_date,
        saved.filters,
        saved.current_clause(board.agreement.id),
    )
    window = MainWindow(session, data_paths, keymap, saved)
    # The officer starts on the clause list, where the single keys act.
    window.navigator.setFocus()
    return window


def _freeze_collected() -> None:
    # The agreement and board just loaded live as long as the window: move them
    # out of the collector's way, or every full collection walks them all again
    # (tens of milliseconds at 5,000 clauses, in the middle of a keystroke). The
    # start may have switched the collector off until now (vision_desk.main).
    gc.freeze()
    gc.enable()


def run_desk(
    data_paths: DataPaths,
    open_store: Callable[[bool], Opened],
    smoke: bool = False,
    started: float | None = None,
    qt_arguments: Sequence[str] = (),
    on_server: bool = False,
    ask_name_first: bool = False,
) -> int:
    """Show the desk on the store and run until it closes.

    Another desk already on this store is brought forward instead, before this one
    touches the store. A store that needs nothing done first (the usual case) is
    shown at once from a quick read, and ``open_store`` runs once that board has
    painted; otherwise the store is opened first. With ``smoke``, print when the
    window has painted with the data and when it is live, then exit. A team desk
    (``on_server``) is opened first: a file in the data folder is not its board.
    With ``ask_name_first`` (nobody said who is working), the officer's name is
    asked before the desk is shown.
    """
    started = time.perf_counter() if started is None else started
    # Qt reads its own options (-style, -platform…) when the application is made.
    application = (
        make_application([sys.argv[0], *qt_arguments]) if qt_arguments else make_application()
    )
    instance = SingleInstance(data_paths)
    try:
        acquired = instance.acquire()
    except UserError as error:
        return _refuse(error)  # the lock cannot be written: a full disk, say
    if not acquired:
        print(  # noqa: T201
            "vision-desk: Vision Desk is already open on this store; that window was brought forward."
        )
        return 0
    start = _Start(application, data_paths, open_store, instance, smoke, started)
    start.on_server = on_server
    start.ask_name_first = ask_name_first
    try:
        return start.run()
    finally:
        start.close()
        instance.release()


class _Start:
    """One start of the desk: first board, first paint, then live."""

    def __init__(
        self,
        application: QApplication,
        data_paths: DataPaths,
        open_store: Callable[[bool], Opened],
        instance: SingleInstance,
        smoke: bool,
        started: float,
    ) -> None:
        self.application = application
        self.data_paths = data_paths
        self.open_store = open_store
        self.instance = instance
        self.smoke = smoke
        self.started = started
        self.opened: Opened | None = None
        self.window: MainWindow | None = None
        self.check: BackgroundCheck | None = None
        self.loading: BackgroundRead | None = None
        self.first_board: Board | None = None
        self.on_server = False  # a team desk: no quick first board from a file
        self.ask_name_first = False  # nobody said who is working: ask before the desk
        self.code = 0
        # Set when the reader of the smoke run's output has gone (``--smoke | head -1``).
        self.output_closed: BrokenPipeError | None = None

    def run(self) -> int:
        if self.ask_name_first:
            self._ask_name()
        today = dt.date.today()
        saved = read_saved_desk(self.data_paths)
        chosen = saved.review_date
        board = None if self.on_server else first_board(self.data_paths.database, chosen or today)
        try:
            if board is None:
                # A new, damaged, older or uncleanly closed store: open it properly
                # (create, repair, migrate, check) before anything is shown.
                opened = self._open()
                board = _repaired(
                    opened,
                    lambda: opened.desk.board(chosen or today, opened.desk.current_agreement_id()),
                )
            window = self.window = first_window(board, self.data_paths, today, saved)
            self.first_board = board
        except UserError as error:
            return _refuse(error)
        sys.excepthook = lambda kind, value, trace: _on_crash(
            self.data_paths.logs, kind, value, trace
        )
        window.painted.connect(self._on_first_paint)
        window.show()
        code = self.application.exec()
        if self.output_closed is not None:
            # An exception cannot leave a slot through Qt's event loop (it would reach
            # the crash handler instead): raised here, it reaches the program's one
            # handler for a reader gone away, in vision_desk.main.
            raise self.output_closed
        return self.code or code

    def _ask_name(self) -> None:
        """Nobody said who is working: ask before the store is opened (a new one's
        agreements are signed as they are loaded) and before the desk is shown
        (keys typed at the desk go to the desk, never into the question). A later
        start meanwhile brings the question forward."""
        from vision_desk.logs import setup_logging
        from vision_desk.ui.officer_dialog import ask_before_the_desk

        with contextlib.suppress(OSError):  # the store's opening says why, if it must
            setup_logging(self.data_paths.logs)  # what happens while it asks, logged
        self.instance.listen(self._bring_forward)
        ask_before_the_desk(self.data_paths)

    def _bring_forward(self) -> None:
        """Another start on this store: the question being asked, or the desk."""
        shown = QApplication.activeModalWidget() or self.window
        if shown is not None:
            bring_forward(shown)

    def close(self) -> None:
        if self.loading is not None:
            self.loading.wait()  # the store it may be opening is closed below
        if self.check is not None:
            self.check.stop()
        if self.opened is not None:
            self.opened.close()

    def _open(self, check_later: bool = False) -> Opened:
        """Open the store the full way. With ``check_later`` (the first board is on
        screen already), the quick check of every page is left to the background."""
        self.opened = self.open_store(not check_later)
        return self.opened

    def _on_first_paint(self) -> None:
        if not self._say("painted", "desk painted with {clauses} clauses"):
            return
        # Open the store off the window's thread once this paint is on screen: the
        # desk takes keys meanwhile, and those that need the store wait for it.
        QTimer.singleShot(0, self._open_in_background)

    def _open_in_background(self) -> None:
        window = self.window
        assert window is not None
        # Before the first key, not in it: what search looks in on the first board.
        window.session.prepare_search()
        today, chosen = window.session.today, window.session.chosen_date
        first = self.first_board

        def read() -> tuple[Opened, Live]:
            opened = self.opened or self._open(check_later=True)
            if first is not None and first.stored is not None:
                opened.desk.remember(first.stored)  # read once, by the first board
            return opened, _repaired(opened, lambda: read_live(opened, today, chosen))

        self.loading = BackgroundRead(read, window)
        self.loading.done.connect(self._go_live)
        self.loading.start()
        self._say("ready for keys", "desk ready for keys")

    def _go_live(self, result: ReadResult) -> None:
        window = self.window
        assert window is not None
        if isinstance(result.error, UserError):
            self.code = _refuse(result.error, window)
            window.close()
            self.application.exit(self.code)
            return
        if result.error is not None:
            raise result.error  # a bug: to the crash handler, as any other
        opened, live = cast(tuple["Opened", Live], result.value)
        window.go_live(live)
        _freeze_collected()
        if self.instance.server is None:  # not already listening while it asked
            self.instance.listen(self._bring_forward)
        if not self._say("store open", "store open"):
            return
        if self.smoke:
            QTimer.singleShot(0, self.application.quit)
            return
        if opened.name_unknown and not self.ask_name_first:
            # Nobody said who is working: ask once, before anything is signed.
            from vision_desk.ui.commands_desk import ask_name

            QTimer.singleShot(
                0, lambda: window.dispatcher.run_handler(lambda view: ask_name(view, True))
            )
        if opened.notices:
            # A restored backup or a risky folder is news the officer must not miss.
            QTimer.singleShot(
                0,
                lambda: QMessageBox.information(window, "Vision Desk", "\n\n".join(opened.notices)),
            )
        if not opened.pages_checked:
            # Not at once: the officer's first keys on the live desk come first (the
            # check reads every page, and on two cores it would slow them).
            QTimer.singleShot(
                QUICK_CHECK_AFTER_MS, window, lambda: self._check_in_background(window, opened)
            )

    def _say(self, milestone: str, what: str) -> bool:
        """The start reached ``milestone``: tell the timing hook, and with ``--smoke``
        print how long it took to reach ``what``; False when nobody reads the output
        any more (the start then ends)."""
        timing.milestone(milestone)
        if not self.smoke:
            return True
        clauses = len(self.window.session.rows) if self.window else 0
        elapsed = time.perf_counter() - self.started
        # The smoke run's output is its result, read by scripts and benchmarks.
        try:
            print(f"smoke: {what.format(clauses=clauses)} in {elapsed:.3f} s", flush=True)  # noqa: T201
        except BrokenPipeError as error:
            self._end_for_closed_output(error)
            return False
        return True

    def _check_in_background(self, window: MainWindow, opened: Opened) -> None:
        def on_finished(problems: list[str]) -> None:
            if problems:
                tell_damage(window, problems, lambda: window.run_command("tools.check"))

        if opened.store_file is None:
            return  # a server checks its own pages
        self.check = BackgroundCheck(opened.store_file, window)
        self.check.finished.connect(on_finished)
        self.check.start()

    def _end_for_closed_output(self, error: BrokenPipeError) -> None:
        # Nobody reads the smoke run's result any more: stop, as quietly as a reader
        # gone away ends a command (no crash report, no dialog).
        self.output_closed = error
        self.application.exit(1)


def _refuse(error: UserError, parent: QWidget | None = None) -> int:
    print(f"vision-desk: {error.message}", file=sys.stderr)  # noqa: T201
    QMessageBox.critical(parent, "Vision Desk cannot open the store", error.message)
    return 1


def _repaired(opened: Opened, read: Callable[[], _Read]) -> _Read:
    """``read()``; damage it meets is damage at start, which the damaged-store flow
    repairs (README) rather than a refusal that would end the desk and keep Tools ▸
    Check Database out of reach. The officer is told with the other start notices."""
    try:
        return read()
    except DamagedStoreError:
        from vision_desk.services.safety import Safety

        opened.notices.append(Safety(opened.desk).recover())
        opened.pages_checked = True  # the backup put in place passed integrity_check
        return read()


def _on_crash(
    logs: object, kind: type[BaseException], value: BaseException, trace: TracebackType | None
) -> None:
    """One handler for bugs: the traceback to the log, a short dialog to the officer."""
    from pathlib import Path

    from vision_desk.logs import log_crash

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
