"""Recording when an event happened, at the desk with real keys: Ctrl+Shift+T lists
the events the agreement's deadlines count from; a date and how it is known are
typed; the deadlines counted from it stop waiting at once."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from vision_desk.services import transfer
from vision_desk.ui.event_dialog import RecordEventDialog

Key = Qt.Key
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
FORMAT_DOC = Path(__file__).resolve().parents[2] / "docs" / "agreement-format.md"
HEADING = "### The Highland Accord, a version-2 example\n"


@pytest.fixture
def highland_window(opened, build, tmp_path):  # type: ignore[no-untyped-def]
    """A desk on the Highland Accord (version 2), imported into the test store."""
    text = FORMAT_DOC.read_text(encoding="utf-8")
    example = text.split(HEADING, 1)[1].split("```toml\n", 1)[1].split("```", 1)[0]
    path = tmp_path / "highland.toml"
    path.write_text(example, encoding="utf-8")
    transfer.import_agreement(opened.desk, path, backup=False)
    opened.desk.use_agreement("highland-accord")
    return build()


def test_ctrl_shift_t_records_an_event_and_its_deadlines_follow(highland_window, officer_at):  # type: ignore[no-untyped-def]
    window = highland_window
    officer = officer_at(window)
    officer.go_to("HA-5")
    assert "waiting on the release of prisoners" in officer.clause_text()

    def fill(dialog):  # type: ignore[no-untyped-def]
        assert isinstance(dialog, RecordEventDialog)
        assert officer.focus is dialog.choice
        assert dialog.choice.itemText(0).startswith("the release of prisoners: not yet")
        assert dialog.recorded.text() == "Not recorded yet."
        officer.press(Key.Key_Tab)
        assert officer.focus is dialog.date
        dialog.date.selectAll()
        officer.type("1 Jun 2020")
        officer.press(Key.Key_Tab)
        assert officer.focus is dialog.note
        officer.press(Key.Key_Return)  # no note yet: refused, the dialog stays
        assert dialog.isVisible() and dialog.problem.isVisible()
        officer.type("Observer mission report of 3 June")
        officer.press(Key.Key_Return)
        return dialog

    with officer.in_dialog(fill):
        officer.press(Key.Key_T, CTRL_SHIFT)
    standings = {s.event.id: s for s in window.session.require_desk().events("highland-accord")}
    released = standings["prisoner-release"]
    assert released.date == dt.date(2020, 6, 1)
    assert released.recorded is not None
    assert released.recorded.note == "Observer mission report of 3 June"
    assert "waiting on" not in officer.clause_text()
    assert "1 July 2020" in officer.clause_text()


def test_an_agreement_without_events_says_so(officer) -> None:  # type: ignore[no-untyped-def]
    officer.press(Key.Key_T, CTRL_SHIFT)
    assert officer.message() == (
        "A Shared Vision counts no deadline from an event other than its signature, "
        "whose date is the agreement's own."
    )
