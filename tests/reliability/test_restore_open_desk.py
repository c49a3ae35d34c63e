"""A restore never runs under an open desk's feet (issue 12, item 2).

Every process that has the store open holds it shared; a restore needs it alone.
``vision-desk restore`` from a terminal while a desk (or any other command) has the
store open is refused with one sentence and changes nothing, so a note the desk
acknowledges afterwards is in the store when it quits. The desk's own Tools ▸
Restore still works: it restores through its own process's hold.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from reliability_support import DATABASE_NAME, REPO, child_environment, dump, one_sentence

IN_BACKUP = "In the backup."
AFTER_BACKUP = "Written after the backup."
AFTER_ATTEMPT = "Written by the open desk after the restore attempt."
IN_USE = "restore from the desk's Tools menu, or quit it first"

# A desk as the program opens it (``app.open_desk``), driven line by line on its
# standard input: "note TEXT" adds a note and answers once the commit returned;
# "quit" closes the store as the desk does when its window closes.
DESK = r"""
import sys
from vision_desk import app

opened = app.open_desk(sys.argv[1], author="desk", routine_backup=False)
print("open", flush=True)
for line in sys.stdin:
    command, _, text = line.rstrip("\n").partition(" ")
    if command == "note":
        outcome = opened.desk.add_note("SV-C1", text)
        print(f"added {outcome.note_id}", flush=True)
    elif command == "quit":
        break
opened.close()
print("closed", flush=True)
"""


class OpenDesk:
    """The desk process, its answers read as they come."""

    def __init__(self, data_dir: Path, tmp_path: Path) -> None:
        self.answers: list[str] = []
        self.answered = threading.Condition()
        self.process = subprocess.Popen(
            [sys.executable, "-c", DESK, str(data_dir)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=child_environment(tmp_path),
            cwd=REPO,
            text=True,
        )
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            with self.answered:
                self.answers.append(line.rstrip("\n"))
                self.answered.notify_all()

    def wait_for(self, prefix: str, seconds: float = 60) -> str:
        with self.answered:
            found = self.answered.wait_for(
                lambda: any(answer.startswith(prefix) for answer in self.answers), seconds
            )
        assert found, f"the desk never said {prefix!r}; it said {self.answers}"
        return next(answer for answer in self.answers if answer.startswith(prefix))

    def tell(self, line: str) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(line + "\n")
        self.process.stdin.flush()

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.communicate(timeout=30)


@pytest.fixture
def store_with_backup(data_dir: Path, run_cli: Callable[..., Any]) -> tuple[Path, Path]:
    """A store holding a note from before its backup and one from after; the backup."""
    assert run_cli("note", "SV-C1", IN_BACKUP).code == 0
    made = run_cli("backup")
    assert made.code == 0, made.err
    (backup,) = (data_dir / "backups").glob("*-manual.sqlite3")
    assert run_cli("note", "SV-C1", AFTER_BACKUP).code == 0
    return data_dir / DATABASE_NAME, backup


@pytest.fixture
def open_desk(data_dir: Path, tmp_path: Path) -> Iterator[OpenDesk]:
    desk = OpenDesk(data_dir, tmp_path)
    try:
        desk.wait_for("open")
        yield desk
    finally:
        desk.stop()


def notes_on_c1(database: Path) -> list[str]:
    connection = sqlite3.connect(f"{database.absolute().as_uri()}?mode=ro", uri=True)
    try:
        clause = "SELECT id FROM clauses WHERE ref = 'SV-C1'"
        rows = connection.execute(
            f"SELECT text FROM notes WHERE clause_id = ({clause}) AND removed IS NULL ORDER BY id"
        )
        return [text for (text,) in rows]
    finally:
        connection.close()


def test_a_restore_from_the_terminal_is_refused_while_the_desk_is_open_and_loses_nothing(
    store_with_backup: tuple[Path, Path],
    open_desk: OpenDesk,
    run_cli: Callable[..., Any],
    data_dir: Path,
) -> None:
    database, backup = store_with_backup
    before_attempt = {path.name for path in (data_dir / "backups").iterdir()}

    result = run_cli("restore", "--yes", str(backup))

    line = one_sentence(result, IN_USE)
    assert "desk is open on this store" in line
    assert {path.name for path in (data_dir / "backups").iterdir()} == before_attempt
    # The desk goes on: what it acknowledges after the attempt is in the store.
    open_desk.tell(f"note {AFTER_ATTEMPT}")
    open_desk.wait_for("added")
    open_desk.tell("quit")
    open_desk.wait_for("closed")
    assert open_desk.process.wait(timeout=30) == 0
    assert notes_on_c1(database) == [IN_BACKUP, AFTER_BACKUP, AFTER_ATTEMPT]

    # With the desk gone, the same command restores.
    restored = run_cli("restore", "--yes", str(backup))
    assert restored.code == 0, restored.err
    assert notes_on_c1(database) == [IN_BACKUP]


def test_a_restore_is_refused_while_another_command_has_the_store_open(
    store_with_backup: tuple[Path, Path], open_desk: OpenDesk
) -> None:
    """The desk's own Tools ▸ Restore, while another process (a command still
    running) has the store open: refused the same way, the store unchanged."""
    from vision_desk import app
    from vision_desk.errors import StoreError
    from vision_desk.services.safety import Safety

    database, backup = store_with_backup
    opened = app.open_desk(str(database.parent), author="officer", routine_backup=False)
    try:
        before = dump(database)
        with pytest.raises(StoreError) as refused:
            Safety(opened.desk).restore(backup)
        assert IN_USE in refused.value.message
        assert dump(database) == before
        opened.desk.add_note("SV-C1", "The desk still writes.")
    finally:
        opened.close()
    assert notes_on_c1(database)[-1] == "The desk still writes."


def test_a_restore_from_within_the_desk_still_works(
    store_with_backup: tuple[Path, Path], run_cli: Callable[..., Any]
) -> None:
    """The desk restores through its own hold on the store; afterwards it writes to
    the restored store, and a command run then sees what it wrote."""
    from vision_desk import app
    from vision_desk.services.safety import Safety

    database, backup = store_with_backup
    opened = app.open_desk(str(database.parent), author="officer")
    try:
        told = Safety(opened.desk).restore(backup)
        assert told.startswith(f"Restored the backup {backup.name}")
        opened.desk.add_note("SV-C1", AFTER_ATTEMPT)
        # The desk holds the store again: a terminal's restore is refused now.
        one_sentence(run_cli("restore", "--yes", str(backup)), IN_USE)
    finally:
        opened.close()
    assert notes_on_c1(database) == [IN_BACKUP, AFTER_ATTEMPT]


def test_the_desks_tools_restore_works_and_tells_the_officer(
    store_with_backup: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch, qtbot: Any
) -> None:
    """Tools ▸ Restore from Backup, through the window's own command."""
    from PySide6.QtWidgets import QMessageBox

    from vision_desk import app
    from vision_desk.ui import tools
    from vision_desk.ui.app import build_window, make_application

    database, backup = store_with_backup
    make_application()
    opened = app.open_desk(str(database.parent), author="officer")
    try:
        window = build_window(opened)
        qtbot.addWidget(window)

        def choose_the_manual_backup(dialog: tools.RestoreDialog) -> int:
            dialog.chosen = next(info for info in dialog._backups if info.path == backup)
            return 1

        monkeypatch.setattr(tools.RestoreDialog, "exec", choose_the_manual_backup)
        monkeypatch.setattr(QMessageBox, "question", lambda *_args: QMessageBox.StandardButton.Yes)
        tools.restore(window)
        assert window.statusBar().currentMessage().startswith(f"Restored the backup {backup.name}")
        assert [note.text for note in opened.desk.notes("SV-C1")] == [IN_BACKUP]
        window.close()
    finally:
        opened.close()


def test_a_real_desk_offscreen_keeps_its_store_when_a_terminal_restores(
    store_with_backup: tuple[Path, Path],
    run_cli: Callable[..., Any],
    tmp_path: Path,
    data_dir: Path,
) -> None:
    """The program itself, as the officer starts it, with no display."""
    database, backup = store_with_backup
    environment = child_environment(tmp_path, {"QT_QPA_PLATFORM": "offscreen"})
    desk = subprocess.Popen(
        [sys.executable, "-m", "vision_desk", "--data-dir", str(data_dir)],
        env=environment,
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        # Live once it answers later starts: its local server's socket is in TMPDIR,
        # and it listens only after it has opened the store.
        temporary = Path(environment["TMPDIR"])
        deadline = time.monotonic() + 60
        while not any(path.name.startswith("vision-desk-") for path in temporary.iterdir()):
            assert desk.poll() is None, desk.stderr.read() if desk.stderr else ""
            assert time.monotonic() < deadline, "the desk never went live"
            time.sleep(0.1)

        result = run_cli("restore", "--yes", str(backup))

        one_sentence(result, IN_USE)
        assert desk.poll() is None, "the desk keeps running"
    finally:
        desk.send_signal(signal.SIGKILL)
        desk.communicate(timeout=30)
    assert notes_on_c1(database) == [IN_BACKUP, AFTER_BACKUP]
    assert os.path.exists(backup)


def test_the_desks_tools_restore_says_when_a_command_holds_the_store(
    store_with_backup: tuple[Path, Path],
    open_desk: OpenDesk,
    monkeypatch: pytest.MonkeyPatch,
    qtbot: Any,
) -> None:
    from PySide6.QtWidgets import QMessageBox

    from vision_desk import app
    from vision_desk.errors import UserError
    from vision_desk.ui import tools
    from vision_desk.ui.app import build_window, make_application

    database, backup = store_with_backup
    make_application()
    opened = app.open_desk(str(database.parent), author="officer")
    try:
        window = build_window(opened)
        qtbot.addWidget(window)
        before = dump(database)

        def choose_the_manual_backup(dialog: tools.RestoreDialog) -> int:
            dialog.chosen = next(info for info in dialog._backups if info.path == backup)
            return 1

        monkeypatch.setattr(tools.RestoreDialog, "exec", choose_the_manual_backup)
        monkeypatch.setattr(QMessageBox, "question", lambda *_args: QMessageBox.StandardButton.Yes)
        with pytest.raises(UserError, match="command is using the store"):
            tools.restore(window)
        assert dump(database) == before
        window.close()
    finally:
        opened.close()
