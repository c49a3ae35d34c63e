"""Moving, searching, scoring and undoing from the keyboard, as the officer does.
Every outcome is read back from the store (the Desk service) and the widgets."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from vision_desk.domain.status import Status
from vision_desk.ui.navigator import ROW_ROLE

Key = Qt.Key
Mod = Qt.KeyboardModifier

FIRST, LAST = "SV-P1", "SV-R6"  # the top and bottom of the grouped list


def test_the_desk_opens_on_the_first_clause_of_the_list(officer, window):
    assert window.navigator.hasFocus()
    assert officer.shown_refs()[0] == FIRST
    assert officer.current_ref() == FIRST
    assert "SV-P1 — A special relationship" in officer.clause_text()


def test_j_k_and_the_arrows_step_through_clauses_over_group_headers(officer, window):
    # "Principles · political" ends with SV-P9; the next row is a header.
    officer.press("j")
    assert officer.current_ref() == "SV-P2"
    assert "SV-P2 — Afghanistan's multi-alignment" in officer.clause_text()
    for _ in range(4):
        officer.press(Key.Key_Down)
    assert officer.current_ref() == "SV-P9"
    officer.press("j")  # over the header, not onto it
    assert officer.current_ref() == "SV-P3"
    officer.press(Key.Key_Up)  # over the header again
    assert officer.current_ref() == "SV-P9"
    officer.press("g")
    assert officer.current_ref() == FIRST
    assert window.session.current_row() is window.model.row_at(
        window.navigator.currentIndex().row()
    )
    officer.press("k")  # already first: stays
    assert officer.current_ref() == FIRST


def test_g_and_shift_g_go_to_the_first_and_last_clause(officer):
    officer.press(Key.Key_G, Mod.ShiftModifier)
    assert officer.current_ref() == LAST
    assert "SV-R6 — " in officer.clause_text()
    officer.press("j")  # already last: stays
    assert officer.current_ref() == LAST
    officer.press("g")
    assert officer.current_ref() == FIRST


def test_o_visits_each_overdue_clause_in_list_order_and_wraps(officer):
    seen = []
    for _ in range(5):
        officer.press("o")
        seen.append(officer.current_ref())
        assert "days overdue" in officer.clause_text()
    assert seen == ["SV-C1", "SV-C2", "SV-C3", "SV-C4", "SV-C1"]


def test_o_moves_on_from_an_overdue_clause_at_the_top_of_a_search(officer):
    # A search shows the list ungrouped, so the first clause sits at position 0.
    officer.press("/")
    officer.type("joint proposal")
    officer.press(Key.Key_Return)
    assert officer.shown_refs()[:2] == ["SV-C2", "SV-C3"]
    assert officer.current_ref() == "SV-C2"
    officer.press("o")
    assert officer.current_ref() == "SV-C3"


def test_o_says_so_when_nothing_shown_is_overdue(officer, window):
    officer.go_to("SV-P1")
    officer.choose(Key.Key_K, Mod.AltModifier, window.filter_bar.kind, "Principle")
    officer.press(Key.Key_1, Mod.ControlModifier)
    officer.press("o")
    assert officer.current_ref() == "SV-P1"
    assert officer.message() == "Nothing is overdue among the clauses shown."


# -- search -------------------------------------------------------------------------


@pytest.mark.parametrize("key", ["/", "Ctrl+F"])
def test_search_puts_the_exact_reference_first_and_return_goes_back_to_the_list(
    officer, window, key
):
    if key == "/":
        officer.press("/")
    else:
        officer.press(Key.Key_F, Mod.ControlModifier)
    assert officer.focus is window.filter_bar.search
    officer.type("sv-c3")
    assert window.filter_bar.search.text() == "sv-c3"  # "-" typed, not "not assessed"
    assert officer.shown_refs() == ["SV-C3"]
    officer.press(Key.Key_Return)
    assert officer.focus is window.navigator
    assert officer.current_ref() == "SV-C3"
    assert "SV-C3 — Joint proposal on regional connectivity" in officer.clause_text()
    assert window.navigator.currentIndex().data(ROW_ROLE).clause.ref == "SV-C3"


def test_exact_reference_comes_before_clauses_that_only_mention_it(officer, window):
    # A note on SV-C1 names SV-C3; in document order SV-C1 would come first.
    officer.go_to("SV-C1")
    officer.press("n")
    officer.type("Waiting on SV-C3 before this moves")
    officer.press(Key.Key_Return, Mod.ControlModifier)
    officer.press("/")
    officer.type("sv-c3")
    assert officer.shown_refs() == ["SV-C3", "SV-C1"]
    officer.press(Key.Key_Return)
    assert officer.current_ref() == "SV-C3"
    assert officer.focus is window.navigator


def test_typing_filters_at_once_by_title_and_text(officer):
    officer.press("/")
    officer.type("APTTA")
    assert officer.shown_refs() == ["SV-R4"]
    officer.press(Key.Key_Backspace)  # "APTT" still only there
    assert officer.shown_refs() == ["SV-R4"]
    for _ in range(4):
        officer.press(Key.Key_Backspace)
    assert len(officer.shown_refs()) == 24


def test_escape_in_search_clears_it_and_returns_to_the_list(officer, window):
    officer.press("/")
    officer.type("ceasefire")
    assert officer.shown_refs() == ["SV-R7"]
    officer.press(Key.Key_Escape)
    assert window.filter_bar.search.text() == ""
    assert officer.focus is window.navigator
    assert len(officer.shown_refs()) == 24
    assert officer.current_ref() == "SV-R7"


def test_single_keys_and_digits_type_into_the_search_field(officer, window, desk):
    officer.go_to("SV-C1")
    officer.press("/")
    officer.type("j k g o n 2")
    assert window.filter_bar.search.text() == "j k g o n 2"
    assert desk.state("SV-C1").status is Status.NOT_ASSESSED
    assert not window.review.is_writing()


# -- scoring -------------------------------------------------------------------------


def test_score_2_on_a_commitment_records_advanced_everywhere(officer, window, desk):
    officer.go_to("SV-C1")
    before_index = window.summary.index.text()
    assert "—" in before_index
    officer.press("2")
    state = desk.state("SV-C1")
    assert state.status is Status.ADVANCED
    assert state.changed_by == "Test Officer"
    history = desk.history("SV-C1")
    assert [(change.before, change.after) for change in history] == [("not_assessed", "advanced")]
    # the list's row, read through the model
    index = window.model.index(window.model.position_of("SV-C1"))
    assert index.data(ROW_ROLE).status is Status.ADVANCED
    assert "status Advanced" in index.data(Qt.ItemDataRole.AccessibleTextRole)
    # the review panel, the summary and the status bar
    assert window.review.status.currentData() == "advanced"
    assert window.summary.index.text() == "Implementation index: <b>66.7%</b>"
    assert "Advanced 1" in window.summary.levels.text()
    assert officer.message() == "SV-C1: Not assessed → Advanced."
    assert officer.current_ref() == "SV-C1"
    assert window.navigator.hasFocus()


@pytest.mark.parametrize(
    ("key", "status"),
    [("0", Status.NOT_STARTED), ("1", Status.INITIATED), ("3", Status.COMPLETED)],
)
def test_each_digit_scores_its_level(officer, desk, key, status):
    officer.go_to("SV-C2")
    officer.press(key)
    assert desk.state("SV-C2").status is status


def test_completing_an_overdue_commitment_clears_its_overdue_flag(officer, window, desk):
    officer.go_to("SV-C4")
    officer.press("3")
    assert desk.state("SV-C4").status is Status.COMPLETED
    assert "days overdue" not in officer.clause_text()
    assert "SV-C4" not in window.summary.flags.text()
    assert "3 overdue" in window.counts_label.text()


def test_a_status_key_rewrites_only_the_deadline_and_the_text_reads_as_shown_afresh(
    officer, window, monkeypatch
):
    """Completing an overdue commitment changes where its deadline stands: that
    paragraph is rewritten in place (the officer's place in the text kept), and the
    pane then holds exactly what showing the clause afresh gives."""
    from PySide6.QtWidgets import QTextBrowser

    view = window.clause_view
    officer.go_to("SV-C4")
    blocks_before = view.document().blockCount()
    assert "days overdue" in officer.clause_text()
    laid_out_afresh: list[str] = []
    monkeypatch.setattr(view, "setHtml", laid_out_afresh.append)
    officer.press("3")
    assert "days overdue" not in officer.clause_text() and "closed (completed)" in (
        officer.clause_text()
    )
    assert laid_out_afresh == [] and view.document().blockCount() == blocks_before
    fresh = QTextBrowser()
    fresh.document().setDocumentMargin(view.document().documentMargin())
    fresh.setHtml(view._html)
    assert view.toHtml() == fresh.toHtml()
    officer.press(Key.Key_Z, Mod.ControlModifier)  # and back again the same way
    assert "days overdue" in officer.clause_text() and laid_out_afresh == []
    fresh.setHtml(view._html)
    assert view.toHtml() == fresh.toHtml()


def test_a_digit_on_a_principle_changes_nothing_and_says_what_to_press(officer, desk):
    officer.go_to("SV-P1")
    officer.press("2")
    assert desk.state("SV-P1").status is Status.NOT_ASSESSED
    assert desk.history("SV-P1") == []
    assert officer.message() == (
        "SV-P1 is a principle: Shift+U upheld, Shift+S strained, Shift+B breached."
    )


@pytest.mark.parametrize(
    ("key", "status"),
    [(Key.Key_U, Status.UPHELD), (Key.Key_S, Status.STRAINED), (Key.Key_B, Status.BREACHED)],
)
def test_shift_letters_assess_a_principle(officer, window, desk, key, status):
    officer.go_to("SV-P3")
    officer.press(key, Mod.ShiftModifier)
    assert desk.state("SV-P3").status is status
    index = window.model.index(window.model.position_of("SV-P3"))
    assert index.data(ROW_ROLE).status is status
    assert f"{status.label} 1" in window.summary.levels.text()


def test_a_principle_key_on_a_commitment_changes_nothing(officer, desk):
    officer.go_to("SV-C1")
    officer.press(Key.Key_U, Mod.ShiftModifier)
    assert desk.state("SV-C1").status is Status.NOT_ASSESSED
    assert "score it 0–3" in officer.message()


def test_undo_and_redo_a_status_change(officer, window, desk):
    officer.go_to("SV-C1")
    officer.press("2")
    officer.press("j")  # move away: undo brings the clause back into view
    assert officer.current_ref() != "SV-C1"
    officer.press(Key.Key_Z, Mod.ControlModifier)
    assert desk.state("SV-C1").status is Status.NOT_ASSESSED
    assert officer.current_ref() == "SV-C1"
    assert window.review.status.currentData() == "not_assessed"
    assert "Undone" in officer.message()
    assert "—" in window.summary.index.text()
    officer.press(Key.Key_Z, Mod.ControlModifier | Mod.ShiftModifier)
    assert desk.state("SV-C1").status is Status.ADVANCED
    assert window.model.index(window.model.position_of("SV-C1")).data(ROW_ROLE).status is (
        Status.ADVANCED
    )
    assert "66.7%" in window.summary.index.text()
    assert "Redone" in officer.message()


def test_undo_with_nothing_to_undo_is_a_message_not_a_crash(officer, desk):
    officer.press(Key.Key_Z, Mod.ControlModifier)
    assert officer.message()
    assert officer.current_ref() == "SV-P1"


def test_keys_in_the_review_date_field_type_into_it(officer, window, desk):
    officer.go_to("SV-C1")
    officer.press(Key.Key_D, Mod.ControlModifier)
    assert officer.focus is window.summary.as_of
    officer.press("j")
    officer.press("2")
    assert desk.state("SV-C1").status is Status.NOT_ASSESSED
    assert officer.current_ref() == "SV-C1"


def test_ctrl_q_quits_and_keeps_the_place(officer, window, build):
    officer.go_to("SV-C2")
    officer.press(Key.Key_Q, Mod.ControlModifier)
    assert not window.isVisible()
    again = build()
    assert again.session.current_row().clause.ref == "SV-C2"


def test_ctrl_digits_move_focus_and_single_keys_still_act_outside_text_fields(officer, window):
    officer.press(Key.Key_2, Mod.ControlModifier)
    assert officer.focus is window.clause_view
    officer.press("j")  # the clause text is read-only: j still moves
    assert officer.current_ref() == "SV-P2"
    officer.press(Key.Key_3, Mod.ControlModifier)
    assert officer.focus is window.review.notes
    officer.press(Key.Key_1, Mod.ControlModifier)
    assert officer.focus is window.navigator


def test_shift_h_shows_the_history_of_the_clause(officer, window):
    officer.go_to("SV-C1")
    officer.press("1")
    officer.press("2")
    officer.press(Key.Key_H, Mod.ShiftModifier)
    assert window.review.tabs.currentWidget() is window.review.history
    history = window.review.history.model()
    entries = [history.index(row, 0).data() for row in range(history.rowCount())]
    assert len(entries) == 2
    assert entries[0].endswith("Status: Initiated → Advanced")  # newest first
    assert entries[1].endswith("Status: Not assessed → Initiated")
    assert "Test Officer" in entries[0]
    officer.press(Key.Key_H, Mod.ShiftModifier)
    assert window.review.tabs.currentIndex() == 0


def test_the_window_title_names_the_program_once(window):
    from PySide6.QtGui import QGuiApplication

    # The platform appends the display name ("A Shared Vision — Vision Desk").
    assert window.windowTitle() == "A Shared Vision"
    assert QGuiApplication.applicationDisplayName() == "Vision Desk"


def test_g_shows_the_first_groups_heading(officer, window):
    officer.press(Key.Key_G, Mod.ShiftModifier)
    assert window.navigator.verticalScrollBar().value() > 0
    officer.press("g")
    assert officer.current_ref() == "SV-P1"
    top = window.navigator.indexAt(window.navigator.viewport().rect().topLeft())
    assert top.row() == 0 and window.model.row_at(0) is None  # the heading, in view
