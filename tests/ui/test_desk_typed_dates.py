"""Typing a date, as an officer types it, into the review-date field (Ctrl+D) and
the round dialog's as-of date: every accepted form gives that date, anything else
is refused in place with the accepted forms shown, never turned into another date."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt

from vision_desk.services.rounds import Rounds
from vision_desk.ui.round_dialogs import OpenRoundDialog

Key = Qt.Key
Mod = Qt.KeyboardModifier
CTRL_SHIFT = Mod.ControlModifier | Mod.ShiftModifier


def type_review_date(officer, window, text: str) -> None:  # type: ignore[no-untyped-def]
    officer.press(Key.Key_D, Mod.ControlModifier)
    assert officer.focus is window.summary.as_of
    officer.type(text)  # replaces the date shown, which starts selected
    officer.press(Key.Key_Return)


def test_a_month_name_is_read_as_that_month(officer, window):
    type_review_date(officer, window, "3 Feb 2021")
    assert window.session.as_of == dt.date(2021, 2, 3)
    type_review_date(officer, window, "10 Jan 2021")
    assert window.session.as_of == dt.date(2021, 1, 10)
    assert officer.message() == "Showing the board as of 10 January 2021."
    assert window.summary.as_of.text() == "10 Jan 2021"
    assert officer.focus is window.navigator  # Return goes back to the list


def test_each_form_an_officer_types(officer, window):
    for text, day in [
        ("2021-03-04", dt.date(2021, 3, 4)),
        ("5 MARCH 2021", dt.date(2021, 3, 5)),
        ("6 apr, 2021", dt.date(2021, 4, 6)),
        ("07/05/2021", dt.date(2021, 5, 7)),
        ("today", dt.date(2021, 1, 10)),
        ("+30d", dt.date(2021, 2, 9)),
        ("-7d", dt.date(2021, 1, 3)),
    ]:
        type_review_date(officer, window, text)
        assert window.session.as_of == day, text
        assert officer.focus is window.navigator


def test_numbers_without_a_form_are_refused_in_place(officer, window):
    before = window.session.as_of
    type_review_date(officer, window, "10 1 2021")
    assert window.session.as_of == before  # never 1 January 1945
    field = window.summary.as_of
    assert officer.focus is field  # the officer can correct it
    assert field.text() == "10 1 2021"  # kept as typed
    problem = window.summary.as_of_problem
    assert problem.isVisible()
    assert "10 Jan 2021" in problem.text() and "+30d" in problem.text()
    # Corrected, the message goes and the board moves.
    officer.press(Key.Key_A, Mod.ControlModifier)
    officer.type("10 Jan 2021")
    officer.press(Key.Key_Return)
    assert window.session.as_of == dt.date(2021, 1, 10)
    assert not problem.isVisible()


def test_escape_cancels_and_goes_back(officer, window):
    type_review_date(officer, window, "3 Feb 2021")
    officer.press(Key.Key_D, Mod.ControlModifier)
    officer.type("31 Feb 2021")
    officer.press(Key.Key_Return)
    assert window.summary.as_of_problem.isVisible()
    officer.press(Key.Key_Escape)
    assert window.session.as_of == dt.date(2021, 2, 3)
    assert window.summary.as_of.text() == "3 Feb 2021"
    assert not window.summary.as_of_problem.isVisible()
    assert officer.focus is window.navigator


def test_the_round_dialog_reads_a_month_name(officer, window, desk):
    def fill(dialog):  # type: ignore[no-untyped-def]
        assert isinstance(dialog, OpenRoundDialog)
        officer.type("January 2021 review")
        officer.press(Key.Key_Tab)
        assert officer.focus is dialog.as_of
        officer.type("10 Jan 2021")  # the whole date starts selected
        officer.press(Key.Key_Return)

    window.refresh(
        window.session.set_as_of(dt.date(2021, 12, 4))
    )  # the dialog proposes the desk's date
    with officer.in_dialog(fill):
        officer.press(Key.Key_N, CTRL_SHIFT)
    opened = Rounds(desk).current()
    assert opened is not None
    assert (opened.title, opened.as_of) == ("January 2021 review", dt.date(2021, 1, 10))


def test_the_round_dialog_refuses_what_it_cannot_read(officer, window, desk):
    def fill(dialog):  # type: ignore[no-untyped-def]
        officer.press(Key.Key_Tab)
        officer.type("10 1 2021")
        officer.press(Key.Key_Return)
        assert dialog.isVisible()  # not opened with another date
        assert officer.focus is dialog.as_of
        assert dialog.as_of.text() == "10 1 2021"
        assert "10 Jan 2021" in dialog.as_of_problem.text()
        assert dialog.as_of_problem.isVisible()
        officer.press(Key.Key_Escape)
        assert not dialog.isVisible()

    with officer.in_dialog(fill):
        officer.press(Key.Key_N, CTRL_SHIFT)
    assert Rounds(desk).current() is None


def test_the_chosen_review_date_survives_a_restart(build, officer, window) -> None:  # type: ignore[no-untyped-def]
    officer.press(Key.Key_D, Mod.ControlModifier)
    officer.type("3 Feb 2021")
    officer.press(Key.Key_Return)
    assert window.session.as_of == dt.date(2021, 2, 3)
    officer.press(Key.Key_Q, Mod.ControlModifier)
    again = build()
    assert again.session.as_of == dt.date(2021, 2, 3)
    assert again.summary.as_of.date == dt.date(2021, 2, 3)
    assert again.session.current_row().as_of == dt.date(2021, 2, 3)
