"""Review rounds at the desk, with real keys: open a round through its dialog, walk the
queue (score, say why, Ctrl+Return moves on; u jumps), close it, compare rounds, look
at a past board read-only, and filter what is due for review."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QInputDialog, QLabel, QMessageBox

from vision_desk.domain.status import Status
from vision_desk.services.rounds import Rounds
from vision_desk.ui.navigator import describe
from vision_desk.ui.round_commands import PAST_DATE
from vision_desk.ui.round_dialogs import CompareDialog, OpenRoundDialog

Key = Qt.Key
Mod = Qt.KeyboardModifier
CTRL_SHIFT = Mod.ControlModifier | Mod.ShiftModifier
TOTAL = 24


def round_text(window) -> str:  # type: ignore[no-untyped-def]
    label = window.summary.round
    return str(label.text()) if label.isVisible() else ""


def open_round_with_keys(officer, title: str) -> OpenRoundDialog:  # type: ignore[no-untyped-def]
    def fill(dialog):  # type: ignore[no-untyped-def]
        assert isinstance(dialog, OpenRoundDialog)
        assert officer.focus is dialog.title
        assert dialog.title.text() == "Review of January 2021"  # the desk's date
        officer.type(title)  # replaces the proposed title, which starts selected
        officer.press(Key.Key_Return)
        return dialog

    with officer.in_dialog(fill) as seen:
        officer.press(Key.Key_N, CTRL_SHIFT)
    dialog = seen["result"]
    assert isinstance(dialog, OpenRoundDialog)
    return dialog


def next_in_list(officer, ref: str, skip: set[str]) -> str:  # type: ignore[no-untyped-def]
    """The first clause after ``ref`` in the list's own order (wrapping) not in ``skip``."""
    refs = officer.shown_refs()
    start = refs.index(ref)
    for candidate in refs[start + 1 :] + refs[: start + 1]:
        if candidate not in skip:
            return str(candidate)
    raise AssertionError("nothing left")


def test_the_round_queue_with_real_keys(officer, window, desk, monkeypatch):  # type: ignore[no-untyped-def]
    rounds = Rounds(desk)
    assert round_text(window) == ""

    # Open a round: Ctrl+Shift+N, a title, Return.
    start = officer.current_ref()
    open_round_with_keys(officer, "January 2021 review")
    opened = rounds.current()
    assert opened is not None
    assert (opened.title, opened.as_of) == ("January 2021 review", dt.date(2021, 1, 10))
    assert round_text(window) == (
        "<b>Round “January 2021 review”, as of 10 Jan 2021: 0 of 24 assessed</b>"
    )
    assert "u walks the clauses not yet assessed" in officer.message()
    assert officer.current_ref() == start  # still needs assessing: the walk starts here
    assert officer.focus is window.navigator

    # Score SV-C1 with 2; the editor opens for the reason; Ctrl+Return saves and moves on.
    officer.go_to("SV-C1")
    officer.press("2")
    assert desk.state("SV-C1").status is Status.ADVANCED
    assert window.review.is_writing() and window.review.for_rationale
    assert officer.focus is window.review.editor
    officer.type("Working group met twice.")
    expected = next_in_list(officer, "SV-C1", {"SV-C1"})
    officer.press(Key.Key_Return, Mod.ControlModifier)
    assert not window.review.is_writing()
    assert officer.current_ref() == expected
    assert officer.focus is window.navigator
    assert "1 of 24 assessed" in round_text(window)
    record = rounds.report(opened.id).records[0]
    assert (record.ref, record.status, record.rationale) == (
        "SV-C1",
        Status.ADVANCED,
        "Working group met twice.",
    )

    # u jumps to the next clause not yet assessed; assessed ones are skipped.
    here = officer.current_ref()
    officer.press("u")
    assert officer.current_ref() == next_in_list(officer, here, {"SV-C1"})

    # A principle with Shift+U; Escape skips the reason, and the clause stays assessed.
    officer.go_to("SV-P1")
    officer.press(Key.Key_U, Mod.ShiftModifier)
    assert desk.state("SV-P1").status is Status.UPHELD
    assert window.review.is_writing()
    officer.press(Key.Key_Escape)
    assert not window.review.is_writing()
    assert "2 of 24 assessed" in round_text(window)
    progress = rounds.progress()
    assert progress is not None and progress.assessed == 2
    assert officer.current_ref() == "SV-P1"
    officer.press("u")
    assert officer.current_ref() == next_in_list(officer, "SV-P1", {"SV-C1", "SV-P1"})

    # Undo takes the last assessment back: SV-P1 is in the queue again.
    officer.press(Key.Key_Z, Mod.ControlModifier)
    assert "1 of 24 assessed" in round_text(window)
    assert desk.state("SV-P1").status is Status.NOT_ASSESSED
    officer.press(Key.Key_Z, CTRL_SHIFT)
    assert "2 of 24 assessed" in round_text(window)

    # Close with Ctrl+Shift+E: asked first, and the message holds the hash.
    asked: list[str] = []

    def question(parent, title, text, *args):  # type: ignore[no-untyped-def]
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", question)
    officer.press(Key.Key_E, CTRL_SHIFT)
    assert len(asked) == 1 and "2 of 24 assessed" in asked[0]
    assert "22 clauses not assessed in it keep their previous status" in asked[0]
    closed = rounds.get(opened.id)
    assert closed.content_hash is not None
    assert officer.message() == (
        f"Round “January 2021 review” closed; content hash {closed.content_hash}."
    )
    # Closed is submitted: the summary says so, with the key that reviews it.
    assert round_text(window) == (
        "<b>Round “January 2021 review” submitted, awaiting review (Ctrl+Shift+R)</b>"
    )
    officer.press("u")
    assert officer.message() == "No review round is open; Ctrl+Shift+N opens one."

    # The board as the round recorded it, read-only (Ctrl+Shift+P).
    desk.set_status("SV-C1", Status.COMPLETED)  # later, on the live board
    window.refresh(window.session.reload())
    offered: list[list[str]] = []

    def get_item(parent, title, label, items, *args):  # type: ignore[no-untyped-def]
        offered.append(list(items))
        return items[0], True

    monkeypatch.setattr(QInputDialog, "getItem", get_item)
    officer.press(Key.Key_P, CTRL_SHIFT)
    assert offered == [[f"{opened.id} · January 2021 review (as of 10 Jan 2021)", PAST_DATE]]
    assert window.session.read_only and window.banner.isVisible()
    assert window.banner.text() == (
        "Read-only: the board as round “January 2021 review” recorded it, as of 10 January 2021."
    )
    officer.go_to("SV-C1")
    assert window.session.current_row().status is Status.ADVANCED  # as recorded, not as now
    officer.press("3")
    assert officer.message() == "This board is read-only; Ctrl+Shift+L returns to the live board."
    assert not window.review.status.isEnabled()  # nothing offered that would be refused
    assert not any(button.isEnabled() for button in window.review.note_buttons.values())
    assert desk.state("SV-C1").status is Status.COMPLETED
    officer.press(Key.Key_Z, Mod.ControlModifier)
    assert officer.message().startswith("This board is read-only")
    assert desk.state("SV-C1").status is Status.COMPLETED
    officer.press("n")
    assert not window.review.is_writing()

    # Ctrl+Shift+L: back to the live board.
    officer.press(Key.Key_L, CTRL_SHIFT)
    assert not window.session.read_only and not window.banner.isVisible()
    assert officer.message() == "Back to the live board."
    assert window.session.current_row().status is Status.COMPLETED
    officer.press(Key.Key_L, CTRL_SHIFT)
    assert officer.message() == "This is the live board."


def test_shift_r_shows_only_what_is_due_for_review(officer, window, desk):  # type: ignore[no-untyped-def]
    rounds = Rounds(desk)
    everything = officer.shown_refs()
    assert len(everything) == TOTAL
    desk.set_status("SV-C1", Status.INITIATED)  # today (10 January 2021): reviewed
    desk.set_status("SV-P1", Status.UPHELD)
    window.refresh(window.session.reload())
    officer.press(Key.Key_R, Mod.ShiftModifier)
    assert window.filter_bar.due_review.isChecked()
    shown = officer.shown_refs()
    assert sorted(shown) == sorted(rounds.due_for_review(dt.date(2021, 1, 10)))
    assert set(everything) - set(shown) == {"SV-C1", "SV-P1"}
    officer.press(Key.Key_R, Mod.ShiftModifier)
    assert officer.shown_refs() == everything


def test_a_rationale_on_the_last_clause_shown_does_not_break_the_desk(  # type: ignore[no-untyped-def]
    officer, window, desk
):
    """With a filter on, the queue may go on past what is shown: saving the reason on
    the last clause shown says so instead of failing inside the note editor."""
    officer.press(Key.Key_O, Mod.ShiftModifier)  # only overdue: four commitments
    overdue = officer.shown_refs()
    assert len(overdue) == 4
    Rounds(desk).open("Overdue first", dt.date(2021, 1, 10))
    window.refresh(window.session.reload())
    for _ in overdue:
        assert officer.current_ref() in overdue
        officer.press("1")
        officer.type("Still under way.")
        officer.press(Key.Key_Return, Mod.ControlModifier)
    progress = Rounds(desk).progress()
    assert progress is not None and progress.assessed == 4
    assert not window.review.is_writing()
    assert "the rest are hidden by the search or filters" in officer.message()
    officer.press("u")
    assert "the rest are hidden by the search or filters" in officer.message()


def test_u_on_the_only_clause_left_says_so(officer, window, desk):  # type: ignore[no-untyped-def]
    rounds = Rounds(desk)
    rounds.open("Nearly done", dt.date(2021, 1, 10))
    refs = [clause.ref for clause in desk.stored().agreement.clauses]
    for ref in refs[:-1]:
        status = Status.UPHELD if ref.startswith("SV-P") else Status.INITIATED
        desk.set_status(ref, status)
    window.refresh(window.session.reload())
    last = refs[-1]
    officer.go_to(last)
    officer.press("u")
    assert officer.current_ref() == last
    assert officer.message() == f"{last} is the last clause not yet assessed in this round."
    officer.press("0")
    officer.press(Key.Key_Escape)
    officer.press("u")
    assert officer.message() == "All 24 clauses are assessed; Ctrl+Shift+E closes the round."


def test_carried_over_clauses_are_marked_in_the_next_round(officer, window, desk):  # type: ignore[no-untyped-def]
    rounds = Rounds(desk)
    rounds.open("December", dt.date(2020, 12, 1))
    desk.set_status("SV-C1", Status.INITIATED)
    rounds.close()
    rounds.open("January", dt.date(2021, 1, 10))
    window.refresh(window.session.reload())
    officer.go_to("SV-C1")
    row = window.session.current_row()
    assert row.carried_over
    assert "carried over, not yet assessed in this round" in describe(row)
    assert "carried over" in window.review.set_by.text()
    officer.press("1")  # confirmed: assessed in this round, no longer carried over
    assert not window.session.current_row().carried_over
    assert "carried over" not in window.review.set_by.text()
    assert "1 of 24 assessed" in round_text(window)


def test_ctrl_shift_d_compares_the_last_two_rounds(officer, window, close_two_rounds):  # type: ignore[no-untyped-def]
    officer.press(Key.Key_D, CTRL_SHIFT)
    assert officer.message() == "Comparing needs two closed rounds; 0 closed so far."
    close_two_rounds()

    def table(dialog):  # type: ignore[no-untyped-def]
        return [
            tuple(dialog.table.item(row, column).text() for column in range(5))
            for row in range(dialog.table.rowCount())
        ]

    def look(dialog):  # type: ignore[no-untyped-def]
        assert isinstance(dialog, CompareDialog)
        heading, shown = dialog.heading.text(), table(dialog)
        # Swap them round: still compared earlier to later.
        dialog.first.setCurrentIndex(1)
        dialog.second.setCurrentIndex(0)
        swapped = table(dialog)
        dialog.second.setCurrentIndex(1)
        same = dialog.heading.text()
        dialog.second.setCurrentIndex(0)
        legend = dialog.findChild(QLabel, "compareLegend").text()
        return heading, shown, swapped, same, legend

    with officer.in_dialog(look) as seen:
        officer.press(Key.Key_D, CTRL_SHIFT)
    heading, shown, swapped, same, legend = seen["result"]  # type: ignore[misc]
    assert "From <b>December</b> (1 Dec 2020) to <b>January</b> (10 Jan 2021)" in heading
    rows = {row[0]: row for row in shown}
    assert rows["SV-C5"] == (
        "SV-C5",
        "Leaders visit each other's capitals in turn",
        "Initiated → Advanced",
        "not overdue",
        "improved",
    )
    assert rows["SV-P1"][2:] == ("Upheld → Strained", "not overdue", "regressed")
    assert rows["SV-C1"][2:] == ("Not assessed", "not overdue → overdue", "newly overdue")
    assert "SV-P2" not in rows  # unchanged, not assessed in either: hidden unless asked
    assert swapped == shown
    assert same == "Choose two different rounds to compare."
    assert "<b>Stalled</b>: a commitment still under way" in legend


def test_return_on_a_compared_clause_opens_it(officer, window, close_two_rounds):  # type: ignore[no-untyped-def]
    close_two_rounds()

    def choose(dialog):  # type: ignore[no-untyped-def]
        refs = [dialog.table.item(row, 0).text() for row in range(dialog.table.rowCount())]
        assert officer.focus is dialog.table
        for _ in range(refs.index("SV-C5")):
            officer.press(Key.Key_Down)
        officer.press(Key.Key_Return)

    with officer.in_dialog(choose):
        officer.press(Key.Key_D, CTRL_SHIFT)
    assert officer.current_ref() == "SV-C5"
    assert officer.focus is window.navigator


def test_the_comparison_saves_as_csv(officer, window, close_two_rounds, tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    import csv

    from PySide6.QtWidgets import QFileDialog

    close_two_rounds()
    target = tmp_path / "rounds.csv"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))

    def save(dialog):  # type: ignore[no-untyped-def]
        dialog.save_button.click()
        return dialog.problem.text()

    with officer.in_dialog(save) as seen:
        officer.press(Key.Key_D, CTRL_SHIFT)
    assert seen["result"] == f"Saved to {target}."
    rows = list(csv.reader(target.read_text(encoding="utf-8-sig").splitlines()))
    assert rows[0] == [
        "reference",
        "title",
        "status then",
        "status now",
        "overdue then",
        "overdue now",
        "categories",
    ]
    by_ref = {row[0]: row for row in rows[1:]}
    assert len(by_ref) == TOTAL  # every clause, unchanged ones too
    assert by_ref["SV-C5"][2:] == ["Initiated", "Advanced", "no", "no", "improved"]
    assert by_ref["SV-C1"][4:] == ["no", "yes", "newly overdue"]


def test_the_board_on_a_past_date(officer, window, desk, clock, monkeypatch):  # type: ignore[no-untyped-def]
    desk.set_status("SV-C1", Status.INITIATED)  # 10 January 2021
    clock.now = dt.datetime(2021, 1, 12, 9, tzinfo=dt.UTC)
    desk.set_status("SV-C1", Status.ADVANCED)
    window.refresh(window.session.reload())
    monkeypatch.setattr(QInputDialog, "getItem", lambda *args: (PAST_DATE, True))
    monkeypatch.setattr(QInputDialog, "getText", lambda *args: ("2021-01-11", True))
    officer.go_to("SV-C1")
    officer.press(Key.Key_P, CTRL_SHIFT)
    assert window.banner.text() == "Read-only: the board as it stood on 11 January 2021."
    assert window.session.current_row().status is Status.INITIATED
    assert round_text(window) == ""
    monkeypatch.setattr(QInputDialog, "getText", lambda *args: ("11/01/2021", True))
    officer.press(Key.Key_P, CTRL_SHIFT)
    assert officer.message() == "'11/01/2021' is not a date of the form YYYY-MM-DD."
    officer.press(Key.Key_L, CTRL_SHIFT)
    assert window.session.current_row().status is Status.ADVANCED
    assert QApplication.activeModalWidget() is None


def test_a_past_board_is_not_shown_over_a_reason_being_written(  # type: ignore[no-untyped-def]
    officer, window, desk, monkeypatch
):
    rounds = Rounds(desk)
    rounds.open("January", dt.date(2021, 1, 10))
    window.refresh(window.session.reload())
    officer.go_to("SV-C1")
    officer.press("2")
    officer.type("Half a reason")
    monkeypatch.setattr(QInputDialog, "getItem", lambda *args: (PAST_DATE, True))
    monkeypatch.setattr(QInputDialog, "getText", lambda *args: ("2021-01-09", True))
    monkeypatch.setattr(QMessageBox, "question", lambda *args: QMessageBox.StandardButton.Yes)
    for keys in (Key.Key_P, Key.Key_E):  # a past board, closing the round
        officer.press(keys, CTRL_SHIFT)
        assert officer.message() == (
            "Save the note being written (Ctrl+Return) or cancel it (Escape) before "
            + ("looking at a past board." if keys is Key.Key_P else "closing the round.")
        )
        assert not window.session.read_only and rounds.current() is not None
        assert officer.focus is window.review.editor
    officer.press(Key.Key_Return, Mod.ControlModifier)  # the reason goes into the round
    progress = rounds.progress()
    assert progress is not None
    assert rounds.report(progress.round.id).records[0].rationale == "Half a reason"
    officer.press(Key.Key_P, CTRL_SHIFT)
    assert window.session.read_only
    assert window.banner.text() == "Read-only: the board as it stood on 9 January 2021."


def test_a_round_as_of_a_past_date_shows_the_board_at_that_date(officer, window, desk):  # type: ignore[no-untyped-def]
    def fill(dialog):  # type: ignore[no-untyped-def]
        officer.type("December round")
        officer.press(Key.Key_Tab)
        assert officer.focus is dialog.as_of
        officer.press(Key.Key_A, Mod.ControlModifier)
        officer.type("20 Dec 2020")
        officer.press(Key.Key_Return)

    with officer.in_dialog(fill):
        officer.press(Key.Key_N, CTRL_SHIFT)
    assert Rounds(desk).current().as_of == dt.date(2020, 12, 20)  # type: ignore[union-attr]
    assert window.summary.as_of.date == dt.date(2020, 12, 20)
    officer.go_to("SV-C1")  # due 15 December 2020
    assert "as of 20 December 2020" in officer.clause_text()
    assert "5 days overdue" in officer.clause_text()
