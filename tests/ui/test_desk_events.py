"""Recording when an event happened, at the desk with real keys: Ctrl+Shift+T lists
the events the agreement's deadlines count from; a date and how it is known are
typed; the deadlines counted from it stop waiting at once."""

from __future__ import annotations

import datetime as dt

import pytest
from documented_examples import highland_text
from PySide6.QtCore import Qt

from vision_desk.services import transfer
from vision_desk.ui.event_dialog import RecordEventDialog

Key = Qt.Key
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


@pytest.fixture
def highland_window(opened, build, tmp_path):  # type: ignore[no-untyped-def]
    """A desk on the Highland Accord (version 2), imported into the test store."""
    path = tmp_path / "highland.toml"
    path.write_text(highland_text(), encoding="utf-8")
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


def test_choosing_an_event_not_yet_dated_never_keeps_the_date_shown_before(  # type: ignore[no-untyped-def]
    highland_window, officer_at
) -> None:
    window = highland_window
    desk = window.session.require_desk()
    desk.record_event("prisoner-release", dt.date(2020, 6, 1), "observer report")
    window.refresh(window.session.reload())
    officer = officer_at(window)

    def switch(dialog):  # type: ignore[no-untyped-def]
        assert dialog.date.date == dt.date(2020, 6, 1)  # the release, as recorded
        assert dialog.recorded.text().startswith("Recorded as 1 June 2020 by ")
        officer.press(Key.Key_Down)  # the next event, not dated yet
        assert "not yet" in dialog.choice.currentText()
        assert dialog.date.date == window.session.today
        assert dialog.recorded.text() == "Not recorded yet."
        officer.press(Key.Key_Escape)
        return dialog

    with officer.in_dialog(switch):
        officer.press(Key.Key_T, CTRL_SHIFT)


def test_a_title_with_markup_is_shown_as_typed_in_the_lists_tooltip(window) -> None:  # type: ignore[no-untyped-def]
    """A title from an agreement file, markup and all: the tooltip shows it as
    typed (escaped), never an image or a link standing for other words."""
    from dataclasses import replace

    from vision_desk.domain.board_list import BoardList
    from vision_desk.ui.navigator import NavigatorModel

    row = window.session.current_row()
    hostile = replace(row, clause=replace(row.clause, title="<img src=x><a href=y>Click</a>"))
    model = NavigatorModel()
    model.show(BoardList([hostile], grouped=False))
    tip = model.data(model.index(0, 0), Qt.ItemDataRole.ToolTipRole)
    assert tip.startswith("<p>") and "&lt;img src=x&gt;&lt;a href=y&gt;Click&lt;/a&gt;" in tip
    # The screen reader's text stays the words themselves.
    assert "<img src=x>" in model.data(model.index(0, 0), Qt.ItemDataRole.AccessibleTextRole)
