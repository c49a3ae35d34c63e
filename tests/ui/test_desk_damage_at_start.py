"""The desk on a damaged store (issue 12, item 7). Damage met while the desk
starts is repaired there (the store set aside, the newest good backup restored,
the officer told which), instead of a dialog and an exit that would keep Tools ▸
Check Database out of reach. Damage the start does not read is found by a quick
check in the background once the desk is live, which speaks only when it finds
something."""

from __future__ import annotations

import datetime as dt
import random
import sqlite3
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget
from sqlalchemy import event

from vision_desk import paths

BEFORE = "Written before the backup."
AFTER = "Written after the backup."


@pytest.fixture
def store(data_dir: Path) -> Path:
    """A store closed cleanly, with a note from before its one backup (two hours old,
    so no daily backup is due at start) and a note from after it."""
    from vision_desk import app
    from vision_desk.storage.backup import make_backup

    opened = app.open_desk(str(data_dir), author="setup")
    opened.desk.add_note("SV-C1", BEFORE)
    opened.close()
    for path in (data_dir / "backups").iterdir():
        path.unlink()
    made_at = dt.datetime.now(dt.UTC) - dt.timedelta(hours=2)
    make_backup(data_dir / paths.DATABASE_NAME, data_dir / "backups", "manual", made_at)
    opened = app.open_desk(str(data_dir), author="setup")
    opened.desk.add_note("SV-C1", AFTER)
    opened.close()
    return data_dir / paths.DATABASE_NAME


def flip_bytes_in_table(store: Path, table: str) -> None:
    """As tests/reliability/test_damaged_store.py does: the table's root page garbled."""
    connection = sqlite3.connect(store)
    try:
        (root,) = connection.execute(
            "SELECT rootpage FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)
        ).fetchone()
        (page_size,) = connection.execute("PRAGMA page_size").fetchone()
    finally:
        connection.close()
    data = bytearray(store.read_bytes())
    start = (root - 1) * page_size
    for offset in range(start, start + page_size, 13):
        data[offset] ^= 0xA5
    store.write_bytes(bytes(data))


@dataclass
class DeskRun:
    code: int
    informed: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    warned: list[str] = field(default_factory=list)


class _OwnLoop:
    """The application, with ``exec`` running an event loop of the test's own: the
    application's own ``exec`` and ``quit``, run inside a test, leave later modal
    dialogs unable to open (they return at once), which other tests need."""

    def __init__(self, application: QApplication) -> None:
        self.application = application
        self.loop = QEventLoop()

    def exec(self) -> int:
        return self.loop.exec()

    def exit(self, code: int = 0) -> None:
        self.loop.exit(code)

    def quit(self) -> None:
        self.loop.exit(0)

    def __getattr__(self, name: str) -> object:
        return getattr(self.application, name)


@pytest.fixture
def run_desk(qapp, monkeypatch) -> Iterator[Callable[..., DeskRun]]:  # type: ignore[no-untyped-def]
    """Start the desk as the program does (``ui.app.run_desk``), with its message
    boxes recorded instead of shown; the desk quits once ``until`` holds (looked at
    every 50 ms), or after 20 s."""
    from vision_desk import app
    from vision_desk.ui import app as ui_app

    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # run_desk installs its own
    windows: list[QWidget] = []

    def run(
        data_dir: Path, until: Callable[[DeskRun], bool], author: str | None = "desk-officer"
    ) -> DeskRun:
        result = DeskRun(code=-1)
        own = _OwnLoop(ui_app.make_application())
        monkeypatch.setattr(ui_app, "make_application", lambda: own)

        def record(into: list[str]) -> Callable[..., QMessageBox.StandardButton]:
            def box(
                _parent: object, _title: str, text: str, *_args: object
            ) -> QMessageBox.StandardButton:
                into.append(text)
                return QMessageBox.StandardButton.No

            return box

        monkeypatch.setattr(QMessageBox, "information", record(result.informed))
        monkeypatch.setattr(QMessageBox, "critical", record(result.refused))
        monkeypatch.setattr(QMessageBox, "warning", record(result.warned))

        def poll() -> None:
            if until(result):
                own.quit()

        # Timers of the test's own, stopped afterwards: left running, they would act
        # in a later test.
        polling = QTimer()
        polling.timeout.connect(poll)
        polling.start(50)
        deadline = QTimer()
        deadline.setSingleShot(True)
        deadline.timeout.connect(own.quit)
        deadline.start(20_000)
        before = set(QApplication.topLevelWidgets())
        data_paths = paths.resolve(str(data_dir))
        try:
            result.code = ui_app.run_desk(
                data_paths,
                lambda check_pages: app.open_desk(
                    str(data_dir), author=author, check_pages=check_pages
                ),
            )
        finally:
            polling.stop()
            deadline.stop()
        windows.extend(set(QApplication.topLevelWidgets()) - before)
        return result

    yield run
    for window in windows:
        window.close()
        window.deleteLater()


def _set_aside(store: Path) -> list[Path]:
    return sorted(path for path in store.parent.iterdir() if "damaged" in path.name)


def _notes(store: Path) -> list[str]:
    connection = sqlite3.connect(f"{store.as_uri()}?mode=ro", uri=True)
    try:
        return [text for (text,) in connection.execute("SELECT text FROM notes ORDER BY id")]
    finally:
        connection.close()


@pytest.mark.parametrize("table", ["clauses", "clause_states"])
def test_damage_met_at_start_is_repaired_and_the_desk_opens(
    table: str, store: Path, run_desk: Callable[..., DeskRun]
) -> None:
    flip_bytes_in_table(store, table)

    run = run_desk(store.parent, until=lambda run: bool(run.informed or run.refused))

    assert run.refused == []
    assert run.code == 0
    (told,) = run.informed
    assert told.startswith("The store was damaged. It was set aside as ")
    assert "was restored" in told
    (aside, *_wal) = _set_aside(store)
    assert aside.name in told
    assert _notes(store) == [BEFORE]


def test_the_background_check_tells_of_damage_the_start_did_not_read(
    store: Path, run_desk: Callable[..., DeskRun]
) -> None:
    flip_bytes_in_table(store, "round_records")  # no round yet: nothing at start reads it

    run = run_desk(store.parent, until=lambda run: bool(run.warned or run.refused))

    assert run.refused == []
    assert run.code == 0
    (warning,) = run.warned
    assert "damage" in warning and "Check Database" in warning
    assert _set_aside(store) == [], "told, not yet repaired: the officer chooses"


def test_the_background_check_says_nothing_about_a_sound_store(
    store: Path, run_desk: Callable[..., DeskRun], monkeypatch: pytest.MonkeyPatch
) -> None:
    from vision_desk.ui import background_check

    finished: list[list[str]] = []
    original = background_check.BackgroundCheck.start

    def start(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        self.finished.connect(finished.append)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(background_check.BackgroundCheck, "start", start)
    run = run_desk(store.parent, until=lambda _run: bool(finished))

    assert finished == [[]]
    assert run.code == 0
    assert (run.informed, run.refused, run.warned) == ([], [], [])


def test_a_damaged_journal_is_told_at_start_and_kept(
    data_dir: Path, run_desk: Callable[..., DeskRun]
) -> None:
    """Issue 12, item 5, on the desk: the start notice (the command line's side is
    tests/reliability/test_damaged_journal.py)."""
    from vision_desk import app

    opened = app.open_desk(str(data_dir), author="setup")
    engine = opened.desk.store.engine
    engine.dispose()
    event.listen(
        engine,
        "connect",
        lambda connection, _record: connection.execute("PRAGMA wal_autocheckpoint = 0"),
    )
    for number in range(120):
        opened.desk.add_note("SV-C1", f"note {number}")
    # The files as a crash would leave them: copied while the store is still open.
    database = data_dir / paths.DATABASE_NAME
    wal = database.with_name(database.name + "-wal")
    crashed = {path: path.read_bytes() for path in (database, wal)}
    opened.close()
    for path, data in crashed.items():
        path.write_bytes(data)
    journal = bytearray(crashed[wal])
    middle = len(journal) // 2
    journal[middle : middle + 8192] = random.Random(5).randbytes(8192)
    wal.write_bytes(bytes(journal))

    run = run_desk(data_dir, until=lambda run: bool(run.informed or run.refused))

    assert run.refused == []
    assert run.code == 0
    (told,) = run.informed
    assert told.startswith("The store's journal from the last session")
    main_copy, wal_copy = _set_aside(data_dir / paths.DATABASE_NAME)
    assert wal_copy.name == main_copy.name + "-wal"
    assert main_copy.name in told
    assert wal_copy.read_bytes() == bytes(journal)


@pytest.mark.parametrize("new_store", [False, True])
def test_a_nameless_first_start_asks_before_the_desk_is_shown(
    new_store: bool,
    data_dir: Path,
    run_desk: Callable[..., DeskRun],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Keys typed as the desk opens go to the desk: the name is asked before the
    store is opened and the desk shown (issue 14's question at the first start),
    never on top of it once live; the answer signs everything, a new store's
    agreements as they are loaded included."""
    import functools

    from vision_desk.services import timing
    from vision_desk.settings import AUTHOR_VARIABLE, configured_author, save_author
    from vision_desk.ui import app as ui_app
    from vision_desk.ui import officer_dialog
    from vision_desk.ui.main_window import MainWindow

    data_paths = paths.resolve(str(data_dir))
    if new_store:
        paths.ensure_folders(data_paths)  # as the program's start does
    else:
        from vision_desk import app

        app.open_desk(str(data_dir), author="setup").close()  # closed cleanly
    asked: list[tuple[list[QWidget], bool]] = []

    def ask(asked_paths: paths.DataPaths) -> None:
        shown = [
            widget
            for widget in QApplication.topLevelWidgets()
            if isinstance(widget, MainWindow) and widget.isVisible()
        ]
        asked.append((shown, data_paths.database.exists()))
        save_author(asked_paths, "Amina Rahimi")

    live: list[str] = []
    signing: list[str] = []

    def heard(event: object) -> None:
        live.append(getattr(event, "name", ""))
        if live[-1] == "store open":
            (window,) = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)]
            signing.append(window.session.require_desk().author)

    monkeypatch.setattr(officer_dialog, "ask_before_the_desk", ask)
    monkeypatch.setattr(ui_app, "run_desk", functools.partial(ui_app.run_desk, ask_name_first=True))
    monkeypatch.delenv(AUTHOR_VARIABLE, raising=False)
    timing.listen(heard)
    try:
        run = run_desk(data_dir, until=lambda _run: "store open" in live, author=None)
    finally:
        timing.listen(None)
    assert run.code == 0 and "store open" in live
    # Asked once, before any desk window was shown and before a new store existed.
    assert asked == [([], not new_store)]
    assert configured_author(data_paths) == "Amina Rahimi"
    assert signing == ["Amina Rahimi"]
    if new_store:
        connection = sqlite3.connect(data_paths.database)
        try:
            (signed,) = connection.execute("SELECT DISTINCT imported_by FROM agreements").fetchall()
        finally:
            connection.close()
        assert signed == ("Amina Rahimi",)
