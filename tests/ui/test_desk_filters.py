"""Filters from the keyboard: overdue and due soon, status, kind, strand, party,
and clearing them all."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt

from vision_desk.domain.agreement import ClauseKind

Key = Qt.Key
Mod = Qt.KeyboardModifier
Alt = Mod.AltModifier

OVERDUE = ["SV-C1", "SV-C2", "SV-C3", "SV-C4"]


def test_shift_o_shows_only_what_is_overdue_as_of_the_review_date(officer, window):
    officer.press(Key.Key_O, Mod.ShiftModifier)
    assert window.filter_bar.overdue.isChecked()
    assert officer.shown_refs() == OVERDUE
    assert officer.current_ref() == "SV-C1"  # the top of what is shown
    assert window.counts_label.text() == "4 of 24 clauses shown · 4 overdue"
    officer.press(Key.Key_G, Mod.ShiftModifier)
    assert officer.current_ref() == "SV-C4"
    officer.press(Key.Key_O, Mod.ShiftModifier)  # toggles back
    assert len(officer.shown_refs()) == 24
    assert officer.current_ref() == "SV-C4"  # the place is kept


def test_shift_d_shows_what_falls_due_soon_after_moving_the_review_date(officer, window):
    officer.press(Key.Key_D, Mod.ShiftModifier)
    assert officer.shown_refs() == []  # nothing is due within 30 days of 10 January
    assert officer.current_ref() is None
    assert "No clause matches" in officer.clause_text()
    # As of 10 March the Afghan President's visit (first quarter) falls due.
    officer.press(Key.Key_D, Mod.ControlModifier)
    assert officer.focus is window.summary.as_of
    officer.type("10 Mar 2021")  # replaces the date shown, which starts selected
    officer.press(Key.Key_Return)
    assert window.session.as_of == dt.date(2021, 3, 10)
    assert officer.shown_refs() == ["SV-C6"]
    assert officer.current_ref() == "SV-C6"
    assert officer.message() == "Showing the board as of 10 March 2021."


def test_a_note_cannot_be_started_with_nothing_shown(officer, window):
    officer.press(Key.Key_D, Mod.ShiftModifier)
    officer.press("n")
    assert not window.review.is_writing()
    assert officer.message() == "Choose a clause first."


def test_status_filter(officer, window):
    officer.go_to("SV-C1")
    officer.press("2")
    officer.choose(Key.Key_S, Alt, window.filter_bar.status, "Advanced")
    assert officer.shown_refs() == ["SV-C1"]
    assert window.session.effective_filters().status is not None


def test_kind_filter(officer, window):
    officer.choose(Key.Key_K, Alt, window.filter_bar.kind, "Commitment")
    assert window.session.effective_filters().kind is ClauseKind.COMMITMENT
    assert sorted(officer.shown_refs()) == [f"SV-C{n}" for n in range(1, 9)]
    # keys still act on the list once the list is chosen again
    officer.press(Key.Key_1, Mod.ControlModifier)
    officer.press("g")
    assert officer.current_ref() == "SV-C1"


def test_strand_filter(officer, window):
    officer.choose(Key.Key_T, Alt, window.filter_bar.strand, "security")
    assert officer.shown_refs() == ["SV-P3", "SV-C1", "SV-R1", "SV-R7"]


def test_party_filter(officer, window):
    officer.choose(Key.Key_P, Alt, window.filter_bar.party, "Pakistan")
    shown = officer.shown_refs()
    assert len(shown) == 23
    assert "SV-C7" not in shown  # binds Afghanistan alone
    officer.choose(Key.Key_P, Alt, window.filter_bar.party, "Afghanistan")
    assert len(officer.shown_refs()) == 24


def test_filters_combine_with_search(officer, window):
    officer.choose(Key.Key_K, Alt, window.filter_bar.kind, "Principle")
    officer.press("/")
    officer.type("peace")
    shown = officer.shown_refs()
    assert shown and all(ref.startswith("SV-P") for ref in shown)


def test_shift_c_clears_search_and_every_filter(officer, window):
    officer.choose(Key.Key_K, Alt, window.filter_bar.kind, "Commitment")
    officer.choose(Key.Key_T, Alt, window.filter_bar.strand, "security")
    officer.press(Key.Key_O, Mod.ShiftModifier)
    assert officer.shown_refs() == ["SV-C1"]
    officer.press(Key.Key_C, Mod.ShiftModifier)
    assert not window.session.effective_filters().active
    assert window.filter_bar.kind.currentText() == "Any"
    assert window.filter_bar.strand.currentText() == "Any"
    assert not window.filter_bar.overdue.isChecked()
    assert len(officer.shown_refs()) == 24
    assert officer.current_ref() == "SV-C1"
    assert officer.message() == "Search and filters cleared."
