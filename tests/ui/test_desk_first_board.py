"""The desk paints its first board before the store is opened, holds the officer's
keys back until it is live, then shows what the first board left out."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from vision_desk.domain.status import Status
from vision_desk.services.boards import first_board

TODAY = dt.date(2021, 1, 10)


def _first_window(qtbot, opened, shown):  # type: ignore[no-untyped-def]
    from vision_desk.ui.app import first_window, make_application

    make_application()
    opened.desk.add_note("SV-P1", "A note the first board does not read")
    board = first_board(opened.paths.database, TODAY) or opened.desk.board(
        TODAY, opened.desk.current_agreement_id()
    )
    window = first_window(board, opened.paths, TODAY)
    qtbot.addWidget(window)
    return shown(qtbot, window)


def test_keys_before_the_desk_is_live_do_nothing(qtbot, opened, shown) -> None:  # type: ignore[no-untyped-def]
    window = _first_window(qtbot, opened, shown)
    assert not window.live
    assert len(window.model.rows()) == 24
    start = window.current_row().clause.ref
    assert window.statusBar().currentMessage() == "Opening the store…"
    for key in (Qt.Key.Key_J, Qt.Key.Key_2, Qt.Key.Key_N, Qt.Key.Key_Slash):
        qtbot.keyClick(window.navigator, key)
    assert window.current_row().clause.ref == start
    assert QApplication.focusWidget() is window.navigator
    assert opened.desk.state(start).status is Status.NOT_ASSESSED
    # The widgets that would change something wait for the desk too.
    window.review.status_chosen.emit("completed")
    window.set_as_of(dt.date(2022, 1, 1))
    assert opened.desk.state(start).status is Status.NOT_ASSESSED
    assert window.as_of == TODAY
    assert not any(action.isEnabled() for action in window.actions_by_id.values())


def test_going_live_shows_notes_and_lets_keys_in(qtbot, opened, shown) -> None:  # type: ignore[no-untyped-def]
    window = _first_window(qtbot, opened, shown)
    window.select_ref("SV-P1")
    assert window.review.notes_model.rowCount() == 0  # not read yet
    window.attach(opened.desk)
    assert window.live
    assert window.review.tabs.tabText(0) == "&Notes (1)"
    assert "Opening the store" not in window.statusBar().currentMessage()
    qtbot.keyClick(window.navigator, Qt.Key.Key_J)
    assert window.current_row().clause.ref != "SV-P1"


def test_a_store_changed_while_opening_is_shown_as_it_now_is(qtbot, opened, shown) -> None:  # type: ignore[no-untyped-def]
    window = _first_window(qtbot, opened, shown)
    opened.desk.set_status("SV-C1", Status.COMPLETED)  # as a repair or migration could
    window.attach(opened.desk)
    shown = {row.clause.ref: row for row in window.model.rows()}
    assert shown["SV-C1"].status is Status.COMPLETED
