"""The desk with the mouse: note buttons, double-click to edit, right-click menus,
and clause references as links; each runs the same command as its key."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt, QTimer, QUrl
from PySide6.QtWidgets import QApplication, QMenu, QMessageBox

from vision_desk.domain.status import Status

Key = Qt.Key
Mod = Qt.KeyboardModifier
LEFT = Qt.MouseButton.LeftButton


def _click(qtbot, widget) -> None:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(widget, LEFT)


def _note_point(window, row: int = 0) -> QPoint:  # type: ignore[no-untyped-def]
    notes = window.review.notes
    return notes.visualRect(notes.model().index(row, 0)).center()


def test_the_note_buttons_show_their_keys_and_run_their_commands(
    officer, window, desk, monkeypatch
):  # type: ignore[no-untyped-def]
    buttons = window.review.note_buttons
    assert buttons["note.new"].toolTip() == "Write a new note (n)"
    assert buttons["note.edit"].toolTip() == "Edit the selected note (e)"
    assert buttons["note.delete"].toolTip() == "Delete the selected note (Del)"
    officer.go_to("SV-C2")
    _click(officer.qtbot, buttons["note.new"])
    assert officer.focus is window.review.editor
    officer.type("Drafted by the mouse.")
    _click(officer.qtbot, window.review.save_button)
    assert [note.text for note in desk.notes("SV-C2")] == ["Drafted by the mouse."]

    # Choose the note with a click; Edit opens it; Save keeps the new words.
    notes = window.review.notes
    officer.qtbot.mouseClick(notes.viewport(), LEFT, pos=_note_point(window))
    _click(officer.qtbot, buttons["note.edit"])
    assert window.review.editor.toPlainText() == "Drafted by the mouse."
    window.review.editor.selectAll()
    officer.type("Edited by the mouse.")
    _click(officer.qtbot, window.review.save_button)
    assert [note.text for note in desk.notes("SV-C2")] == ["Edited by the mouse."]

    # Delete asks first.
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    officer.qtbot.mouseClick(notes.viewport(), LEFT, pos=_note_point(window))
    _click(officer.qtbot, buttons["note.delete"])
    assert desk.notes("SV-C2") == []


def test_edit_with_no_note_chosen_says_how(officer, window):  # type: ignore[no-untyped-def]
    officer.go_to("SV-C2")
    _click(officer.qtbot, window.review.note_buttons["note.edit"])
    assert officer.message().startswith("Select a note to edit")


def test_a_double_click_on_a_note_edits_it(officer, window, desk):  # type: ignore[no-untyped-def]
    desk.add_note("SV-C2", "Double me.")
    officer.go_to("SV-C2")
    notes = window.review.notes
    officer.qtbot.mouseClick(notes.viewport(), LEFT, pos=_note_point(window))
    officer.qtbot.mouseDClick(notes.viewport(), LEFT, pos=_note_point(window))
    assert window.review.is_writing()
    assert window.review.editor.toPlainText() == "Double me."


def _choose_in_popup(title: str) -> list[str]:
    """Once the context menu is up: note what it offers, then choose ``title``."""
    offered: list[str] = []

    def choose() -> None:
        menu = QApplication.activePopupWidget()
        if not isinstance(menu, QMenu):
            QTimer.singleShot(10, choose)
            return
        offered.extend(action.text().split("\t")[0] for action in menu.actions() if action.text())
        chosen = next(action for action in menu.actions() if action.text().startswith(title))
        menu.close()
        chosen.trigger()

    QTimer.singleShot(0, choose)
    return offered


def test_right_click_on_a_commitment_offers_its_scale(officer, window, desk):  # type: ignore[no-untyped-def]
    navigator = window.navigator
    position = window.model.position_of("SV-C6")
    point = navigator.visualRect(window.model.index(position)).center()
    offered = _choose_in_popup("Commitment: advanced (2)")
    navigator.customContextMenuRequested.emit(point)
    officer.qtbot.waitUntil(lambda: desk.state("SV-C6").status is Status.ADVANCED)
    assert officer.current_ref() == "SV-C6"  # the clause under the pointer
    assert "Commitment: not started (0)" in offered and "Principle: upheld" not in offered
    assert "Write a new note" in offered


def test_right_click_on_a_principle_offers_its_scale(officer, window, desk):  # type: ignore[no-untyped-def]
    navigator = window.navigator
    position = window.model.position_of("SV-P2")
    point = navigator.visualRect(window.model.index(position)).center()
    offered = _choose_in_popup("Principle: strained")
    navigator.customContextMenuRequested.emit(point)
    officer.qtbot.waitUntil(lambda: desk.state("SV-P2").status is Status.STRAINED)
    assert "Commitment: advanced (2)" not in offered


def test_right_click_on_a_note_offers_edit_and_delete(officer, window, desk):  # type: ignore[no-untyped-def]
    desk.add_note("SV-C2", "Right-click me.")
    officer.go_to("SV-C2")
    offered = _choose_in_popup("Edit the selected note")
    window.review.notes.customContextMenuRequested.emit(_note_point(window))
    officer.qtbot.waitUntil(window.review.is_writing)
    assert window.review.editor.toPlainText() == "Right-click me."
    assert offered[:2] == ["Edit the selected note", "Delete the selected note"]


def test_a_reference_in_the_summary_opens_its_clause(officer, window):  # type: ignore[no-untyped-def]
    assert "clause:SV-C4" in window.summary.flags.text()  # Overdue lists links
    officer.press("/")
    officer.type("SV-P1")  # a search that hides SV-C4 ...
    assert "SV-C4" not in officer.shown_refs()
    window.summary.flags.linkActivated.emit("clause:SV-C4")
    assert officer.current_ref() == "SV-C4"  # ... cleared to show it
    assert officer.focus is window.navigator


def test_see_also_links_open_their_clause(officer, window):  # type: ignore[no-untyped-def]
    officer.go_to("SV-P4")
    assert "href='clause:SV-C3'" in window.clause_view.toHtml().replace('"', "'")
    window.clause_view.anchorClicked.emit(QUrl("clause:SV-C3"))
    assert officer.current_ref() == "SV-C3"
