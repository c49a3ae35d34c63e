"""Expected errors become messages; a bug reaches one crash dialog and the log,
and the log never holds what the officer typed."""

from __future__ import annotations

import sys

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from vision_desk.errors import StoreError
from vision_desk.logs import setup_logging
from vision_desk.ui import app as ui_app

MARKER = "zq-private-words-7731"


def test_an_expected_error_is_a_message_in_the_officers_words(officer, window, monkeypatch):
    def locked(*_args, **_kwargs):
        raise StoreError("The store is busy: another program holds it. The change was not saved.")

    monkeypatch.setattr(window.session.desk, "set_status", locked)
    officer.go_to("SV-C1")
    officer.press("2")
    assert (
        officer.message()
        == "The store is busy: another program holds it. The change was not saved."
    )
    assert window.session.current_row().status.value == "not_assessed"


def test_a_bug_reaches_the_crash_dialog_and_the_log_without_note_text(
    officer, window, opened, monkeypatch
):
    setup_logging(opened.paths.logs)
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda *args, **kwargs: shown.append(args[2]))
    monkeypatch.setattr(
        sys,
        "excepthook",
        lambda kind, value, trace: ui_app._on_crash(opened.paths.logs, kind, value, trace),
    )

    def bug(*_args, **_kwargs):
        raise RuntimeError(f"a bug while saving {MARKER}")

    monkeypatch.setattr(window.session.desk, "set_status", bug)
    officer.go_to("SV-C1")
    officer.press("2")

    assert len(shown) == 1
    log = opened.paths.logs / "vision-desk.log"
    assert str(log) in shown[0]
    text = log.read_text(encoding="utf-8")
    assert "RuntimeError" in text and "in bug" in text
    assert MARKER not in text


def test_a_full_disk_keeps_the_words_in_the_editor(officer, window, monkeypatch):
    def full(*_args, **_kwargs):
        raise StoreError(
            "The disk is full: the change was not saved. Free some space and try again."
        )

    monkeypatch.setattr(window.session.desk, "add_note", full)
    officer.go_to("SV-C2")
    officer.press("n")
    officer.type("Draft exchanged on 3 Dec")
    officer.press(Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert officer.message().startswith("The disk is full")
    assert window.review.is_writing()
    assert window.review.editor.toPlainText() == "Draft exchanged on 3 Dec"
    assert window.session.desk.notes("SV-C2") == []


def test_the_desk_opens_saying_what_is_due_for_review(window):
    # A fresh store: nothing has been assessed, so every clause is due.
    assert window.statusBar().currentMessage() == "24 clauses due for review; Shift+R shows them."
