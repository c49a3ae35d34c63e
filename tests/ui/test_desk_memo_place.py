"""Ctrl+E aimed at the store, its journal or a backup: the desk says so at once,
starts no memo and leaves every file as it was (the same check as ``memo --out``)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLineEdit

Key = Qt.Key
Mod = Qt.KeyboardModifier


@pytest.mark.parametrize(
    ("place", "said"),
    [
        (lambda paths: paths.database, "Vision Desk's store"),
        (lambda paths: paths.database.with_name(paths.database.name + "-wal"), "write-ahead log"),
        (lambda paths: paths.backups / "memo.pdf", "backups folder"),
    ],
)
def test_the_memo_never_goes_over_the_store(officer, window, place, said):  # type: ignore[no-untyped-def]
    target = place(window.data_paths)
    store = window.data_paths.database.read_bytes()
    backups = sorted(window.data_paths.backups.iterdir())

    def export_there(dialog):  # type: ignore[no-untyped-def]
        line = dialog.findChild(QLineEdit, "memoFile")
        line.setText(str(target))
        line.setFocus()
        QTest.keyClick(line, Key.Key_Return)

    with officer.in_dialog(export_there):
        officer.press(Key.Key_E, Mod.ControlModifier)
    assert said in officer.message() and "nothing was written" in officer.message()
    assert window.memo_process is None  # no memo was started
    assert window.data_paths.database.read_bytes() == store
    assert sorted(window.data_paths.backups.iterdir()) == backups
