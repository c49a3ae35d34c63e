"""Ctrl+E: the export dialog remembers the last choices, Return exports, the memo
is drawn off the window's thread and the officer is told where it went."""

from __future__ import annotations

import subprocess
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QMessageBox

from vision_desk.ui import memo_export

Key = Qt.Key
Mod = Qt.KeyboardModifier


def _fill_and_export(target: Path, subject: str):  # type: ignore[no-untyped-def]
    def act(dialog):  # type: ignore[no-untyped-def]
        dialog.findChild(QLineEdit, "memoFile").setText(str(target))
        dialog.findChild(QLineEdit, "memoSubject").setText(subject)
        dialog.findChild(QLineEdit, "memoTo").setText("Head of Department")
        dialog.findChild(QLineEdit, "memoFile").setFocus()
        from PySide6.QtTest import QTest

        QTest.keyClick(dialog.findChild(QLineEdit, "memoFile"), Key.Key_Return)
        return True

    return act


def test_ctrl_e_exports_the_memo_and_remembers_the_choices(officer, window, tmp_path, monkeypatch):
    told: list[Path] = []
    monkeypatch.setattr(memo_export, "_tell", lambda _window, path: told.append(path))
    target = tmp_path / "review.pdf"
    with officer.in_dialog(_fill_and_export(target, "Quarterly review of the Shared Vision")):
        officer.press(Key.Key_E, Mod.ControlModifier)
    officer.qtbot.waitUntil(lambda: told == [target], timeout=30_000)
    assert target.read_bytes().startswith(b"%PDF-")
    text = subprocess.run(
        ["pdftotext", str(target), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Quarterly review of the Shared Vision" in text
    assert "provisional" in text.lower()  # no closed round yet

    def look(dialog):  # type: ignore[no-untyped-def]
        return {
            name: dialog.findChild(QLineEdit, name).text()
            for name in ("memoSubject", "memoTo", "memoFile")
        }

    with officer.in_dialog(look) as seen:
        officer.press(Key.Key_E, Mod.ControlModifier)
    assert seen["result"] == {
        "memoSubject": "Quarterly review of the Shared Vision",
        "memoTo": "Head of Department",
        "memoFile": str(target),
    }


def test_an_unwritable_place_is_a_message_and_nothing_is_left(
    officer, window, tmp_path, monkeypatch
):
    monkeypatch.setattr(QMessageBox, "information", lambda *args, **kwargs: None)
    target = tmp_path / "no-such-folder" / "memo.pdf"
    with officer.in_dialog(_fill_and_export(target, "x")):
        officer.press(Key.Key_E, Mod.ControlModifier)
    officer.qtbot.waitUntil(lambda: "Cannot write" in officer.message(), timeout=30_000)
    assert not target.parent.exists()


def test_the_memo_date_is_typed_and_read_exactly(officer, window, tmp_path, monkeypatch):
    """The live board's as-of date is typed as in the other date fields: a form it
    cannot read is refused in place and the dialog stays open; a good one is used."""
    told: list[Path] = []
    monkeypatch.setattr(memo_export, "_tell", lambda _window, path: told.append(path))
    target = tmp_path / "dated.pdf"
    seen: dict[str, object] = {}

    def act(dialog):  # type: ignore[no-untyped-def]
        from PySide6.QtTest import QTest

        dialog.findChild(QLineEdit, "memoFile").setText(str(target))
        field = dialog.findChild(QLineEdit, "memoAsOf")
        field.setFocus()
        field.selectAll()
        QTest.keyClicks(field, "10 1 2021")
        QTest.keyClick(field, Key.Key_Return)
        seen["refused"] = dialog.isVisible() and dialog.as_of_problem.isVisible()
        seen["why"] = dialog.as_of_problem.text()
        field.selectAll()
        QTest.keyClicks(field, "5 Jan 2021")
        QTest.keyClick(field, Key.Key_Return)
        seen["closed"] = not dialog.isVisible()

    with officer.in_dialog(act):
        officer.press(Key.Key_E, Mod.ControlModifier)
    assert seen["refused"] and "10 Jan 2021" in str(seen["why"])
    assert seen["closed"]
    officer.qtbot.waitUntil(lambda: told == [target], timeout=30_000)
    text = subprocess.run(
        ["pdftotext", str(target), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "5 January 2021" in text
