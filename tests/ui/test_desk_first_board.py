"""The desk paints its first board before the store is opened and takes keys at
once: moving and searching work on that board, a key that needs the store waits
for it and runs, in order, once the desk is live; then the desk shows what the
first board left out."""

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


def _go_live(window, opened):  # type: ignore[no-untyped-def]
    from vision_desk.ui.app import read_live

    window.go_live(read_live(opened, TODAY))


def _keys(qtbot, window, *keys: str) -> None:  # type: ignore[no-untyped-def]
    for key in keys:
        qtbot.keyClicks(QApplication.focusWidget(), key)


def test_keys_before_the_store_is_open_are_kept_and_run_in_order(qtbot, opened, shown) -> None:  # type: ignore[no-untyped-def]
    window = _first_window(qtbot, opened, shown)
    assert not window.session.live
    assert len(window.model.rows()) == 24
    assert window.statusBar().currentMessage() == "Opening the store…"
    order = [row.clause.ref for row in window.model.rows()]
    first_commitment = next(
        ref for ref in order if window.session.rows[ref].clause.kind.value == "commitment"
    )
    window.refresh(window.session.select(order[order.index(first_commitment) - 2]))
    # j j moves at once, on the first board; 2 needs the store: it waits, and so does
    # every key after it, so the j that follows moves only after 2 has run.
    _keys(qtbot, window, "j", "j", "2", "j")
    assert window.session.current_ref == first_commitment
    assert "keys pressed meanwhile run in order" in window.statusBar().currentMessage()
    assert window.dispatcher.waiting == 2
    assert opened.desk.state(first_commitment).status is Status.NOT_ASSESSED
    _go_live(window, opened)
    assert window.dispatcher.waiting == 0
    assert opened.desk.state(first_commitment).status is Status.ADVANCED
    assert window.session.current_ref == order[order.index(first_commitment) + 1]
    assert QApplication.focusWidget() is window.navigator


def test_the_status_box_before_the_store_is_open_waits_too(qtbot, opened, shown) -> None:  # type: ignore[no-untyped-def]
    window = _first_window(qtbot, opened, shown)
    window.refresh(window.session.select("SV-C1"))
    window.review.status_chosen.emit("completed")
    window.refresh(window.session.set_as_of(dt.date(2022, 1, 1)))
    assert window.session.as_of == TODAY  # the store is still opening: said, not done
    assert opened.desk.state("SV-C1").status is Status.NOT_ASSESSED
    _go_live(window, opened)
    assert opened.desk.state("SV-C1").status is Status.COMPLETED


def test_going_live_shows_notes_and_lets_keys_in(qtbot, opened, shown) -> None:  # type: ignore[no-untyped-def]
    window = _first_window(qtbot, opened, shown)
    window.refresh(window.session.select("SV-P1"))
    assert window.review.notes_model.rowCount() == 0  # not read yet
    assert window.review.notes.empty_text == "Reading the store…"  # never "no notes"
    _go_live(window, opened)
    assert window.session.live
    assert window.review.notes_count.text() == "1 note"
    assert window.review.notes.empty_text == "No notes on this clause yet."
    assert "Opening the store" not in window.statusBar().currentMessage()
    qtbot.keyClick(window.navigator, Qt.Key.Key_J)
    assert window.session.current_row().clause.ref != "SV-P1"


def test_a_store_changed_while_opening_is_shown_as_it_now_is(qtbot, opened, shown) -> None:  # type: ignore[no-untyped-def]
    window = _first_window(qtbot, opened, shown)
    opened.desk.set_status("SV-C1", Status.COMPLETED)  # as a repair or migration could
    _go_live(window, opened)
    shown = {row.clause.ref: row for row in window.model.rows()}
    assert shown["SV-C1"].status is Status.COMPLETED
