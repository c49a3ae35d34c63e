"""Ctrl+E with the desk open: the memo is made by the read-only worker, which leaves
the store, its WAL, the backups and the settings exactly as they were (the public
command line would take the open desk's WAL for an unclean shutdown), and says what
went wrong as data, not as text on standard error."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLineEdit

from vision_desk.domain.memo import MemoOptions
from vision_desk.services.memo_worker import MemoResult
from vision_desk.ui import memo_export

Key = Qt.Key
Mod = Qt.KeyboardModifier


def _untouchables(window: Any) -> dict[str, bytes]:
    """The store and its WAL, and every file and folder under backups and settings."""
    database = window.data_paths.database
    seen = {
        "store": database.read_bytes(),
        "wal": database.with_name(database.name + "-wal").read_bytes(),
    }
    for folder in (window.data_paths.backups, window.data_paths.config):
        seen[str(folder)] = b"folder"
        for path in sorted(folder.rglob("*")):
            seen[str(path)] = path.read_bytes() if path.is_file() else b"folder"
    return seen


def _with_work_in_the_wal(window: Any) -> None:
    window.session.desk.set_status("SV-C1", "initiated", note="Heads of service met.")
    window.data_paths.settings_file.write_text('author = "Desk Officer"\n', encoding="utf-8")
    wal = window.data_paths.database.with_name(window.data_paths.database.name + "-wal")
    # What an open desk's store looks like: what the command line's start would
    # take for an unclean shutdown, and back up.
    assert wal.stat().st_size > 0


def test_ctrl_e_with_the_desk_open_leaves_store_backups_and_settings_untouched(
    officer: Any, window: Any, tmp_path: Path, monkeypatch: Any
) -> None:
    _with_work_in_the_wal(window)
    told: list[Path] = []
    monkeypatch.setattr(memo_export, "_tell", lambda _window, path: told.append(path))
    handed_over: list[dict[str, bytes]] = []
    remember = memo_export.MemoDialog.remember

    def remember_then_look(dialog: memo_export.MemoDialog) -> None:
        # The desk itself remembers the officer's choices (its own settings), then
        # hands the work to the worker: from here on nothing may change.
        remember(dialog)
        handed_over.append(_untouchables(window))

    monkeypatch.setattr(memo_export.MemoDialog, "remember", remember_then_look)
    target = tmp_path / "review.pdf"

    def export_there(dialog: Any) -> None:
        line = dialog.findChild(QLineEdit, "memoFile")
        line.setText(str(target))
        line.setFocus()
        QTest.keyClick(line, Key.Key_Return)

    with officer.in_dialog(export_there):
        officer.press(Key.Key_E, Mod.ControlModifier)
    officer.qtbot.waitUntil(lambda: told == [target], timeout=30_000)

    assert target.read_bytes().startswith(b"%PDF-")
    assert _untouchables(window) == handed_over[0]
    # Made by the read-only worker, not by the public command line.
    assert memo_export.worker_command()[1] == ["-m", "vision_desk.services.memo_worker"]


def _run_as_the_desk_does(window: Any, out: Path) -> tuple[MemoResult, str]:
    options = MemoOptions(date=dt.date(2021, 1, 10), subject="Review")
    request = memo_export.memo_request(window, None, dt.date(2021, 1, 10), options, out)
    program, arguments = memo_export.worker_command()
    finished = subprocess.run(
        [program, *arguments],
        input=request.to_json(),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    return MemoResult.from_json(finished.stdout), finished.stderr


def test_the_desks_entry_point_reads_only_and_answers_with_data(
    window: Any, tmp_path: Path
) -> None:
    _with_work_in_the_wal(window)
    before = _untouchables(window)

    written, errors = _run_as_the_desk_does(window, tmp_path / "memo.pdf")
    assert written == MemoResult(True, path=str(tmp_path / "memo.pdf"), provisional=True)
    assert errors == ""

    refused, errors = _run_as_the_desk_does(window, window.data_paths.backups / "memo.pdf")
    assert not refused.ok and refused.path is None
    assert refused.message == (
        f"Cannot write {window.data_paths.backups / 'memo.pdf'}: it is in Vision Desk's "
        f"backups folder ({window.data_paths.backups}), where no export goes; "
        "nothing was written."
    )
    assert errors == ""  # the sentence came as data: nothing to scrape

    assert _untouchables(window) == before
    # And the desk, which kept the store all along, goes on writing.
    window.session.desk.set_status("SV-C1", "advanced")
