"""The status box and the status keys run the same command: the same status, the
same history, and in an open round the same "why this status?" prompt."""

from __future__ import annotations

from PySide6.QtCore import Qt
from test_desk_rounds import open_round_with_keys

from vision_desk.domain.review import ChangeKind
from vision_desk.domain.status import Status
from vision_desk.services.rounds import Rounds

Key = Qt.Key
Mod = Qt.KeyboardModifier


def choose_in_status_box(officer, window, text: str) -> None:  # type: ignore[no-untyped-def]
    """Alt+A (the box's label) focuses it; Alt+Down opens its list; arrows; Return."""
    box = window.review.status
    officer.press(Key.Key_A, Mod.AltModifier)
    assert officer.focus is box
    officer.press(Key.Key_Down, Mod.AltModifier)
    officer.pick(box, text)


def _outcome(window, desk, ref: str):  # type: ignore[no-untyped-def]
    change = desk.history(ref)[-1]
    return (
        desk.state(ref).status,
        (change.kind, change.before, change.after),
        window.review.is_writing(),
        window.review.for_rationale,
        window.review.editor_hint.text(),
    )


def test_the_box_and_the_key_give_the_same_result_in_a_round(officer, window, desk) -> None:  # type: ignore[no-untyped-def]
    open_round_with_keys(officer, "January 2021 review")
    # By key: SV-C1, 2.
    officer.go_to("SV-C1")
    officer.press("2")
    by_key = _outcome(window, desk, "SV-C1")
    officer.press(Key.Key_Escape)  # no reason this time
    officer.press(Key.Key_1, Mod.ControlModifier)
    # By the box: SV-C2, "2 · Advanced".
    officer.go_to("SV-C2")
    choose_in_status_box(officer, window, "2 · Advanced")
    by_box = _outcome(window, desk, "SV-C2")

    assert by_key == by_box
    status, change, writing, rationale, hint = by_box
    assert status is Status.ADVANCED
    assert change == (ChangeKind.STATUS, Status.NOT_ASSESSED, Status.ADVANCED)
    assert writing and rationale and hint.startswith("Why this status?")
    assert officer.focus is window.review.editor
    # The reason typed after the box is the round's record, as after the key.
    officer.type("Return committee met.")
    officer.press(Key.Key_Return, Mod.ControlModifier)
    records = {
        record.ref: record for record in Rounds(desk).report(Rounds(desk).current().id).records
    }  # type: ignore[union-attr]
    assert records["SV-C2"].rationale == "Return committee met."
    assert records["SV-C2"].status is Status.ADVANCED


def test_the_box_outside_a_round_sets_the_status_without_asking(officer, window, desk) -> None:  # type: ignore[no-untyped-def]
    officer.go_to("SV-P2")
    choose_in_status_box(officer, window, "Strained")
    assert desk.state("SV-P2").status is Status.STRAINED
    assert not window.review.is_writing()
    assert "SV-P2: Not assessed → Strained" in officer.message()


def test_on_a_past_board_the_box_is_not_offered_and_the_key_says_why(officer, window, desk) -> None:  # type: ignore[no-untyped-def]
    past = Rounds(desk).board_on(desk.clock().date())
    window.refresh(window.session.show_past(past, "the board as it stood"))
    officer.go_to("SV-C1")
    assert not window.review.status.isEnabled()
    officer.press("3")
    assert officer.message().startswith("This board is read-only;")
    assert desk.state("SV-C1").status is Status.NOT_ASSESSED
    window.refresh(window.session.back_to_live())
    assert window.review.status.isEnabled()
