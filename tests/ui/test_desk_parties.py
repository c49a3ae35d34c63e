"""Obligations per party at the desk, driven with real keys on the Shared Vision:
choose whose part with ``p``, set it with the status keys or the status box, write
a note about it, see the parts in the clause pane, the index per party in the
summary, the commitments where one party is ahead (``Shift+P``), and undo."""

from __future__ import annotations

from PySide6.QtCore import Qt
from test_desk_rounds import open_round_with_keys
from test_desk_status_box import choose_in_status_box

from vision_desk.domain.review import ChangeKind, PartyAssessment
from vision_desk.domain.status import Status
from vision_desk.services.rounds import Rounds
from vision_desk.ui.card_models import HEADER_ROLE
from vision_desk.ui.navigator import PARTS_ROLE

Key = Qt.Key
Mod = Qt.KeyboardModifier


def assessing(window) -> str:  # type: ignore[no-untyped-def]
    return str(window.review.assessing.accessibleDescription())


def choose(officer, party: str | None) -> None:  # type: ignore[no-untyped-def]
    """Press ``p`` until the officer assesses ``party``'s part (a code; None: the
    whole clause)."""
    for _ in range(4):
        if officer.window.session.chosen_party == party:
            return
        officer.press("p")
    raise AssertionError(f"p never reached {party}: {assessing(officer.window)}")


def pane_lines(officer) -> list[str]:  # type: ignore[no-untyped-def]
    """The clause pane's text as the officer reads it, line by line."""
    return [line.strip() for line in officer.clause_text().splitlines() if line.strip()]


def row_parts(window, ref: str) -> str:  # type: ignore[no-untyped-def]
    model = window.model
    return str(model.index(model.position_of(ref)).data(PARTS_ROLE) or "")


def history_lines(window) -> list[str]:  # type: ignore[no-untyped-def]
    model = window.review.history_model
    return [model.body_at(row) for row in range(model.rowCount())]


def test_assessing_pakistans_part_with_real_keys(officer, window, desk) -> None:  # type: ignore[no-untyped-def]
    officer.go_to("SV-C2")
    assert window.review.assessing.isVisible()  # the Shared Vision binds two parties
    assert assessing(window) == "The whole clause"
    assert window.summary.party_index.isVisible()
    assert "Afghanistan" in window.summary.party_index.text()

    officer.press("p")
    assert assessing(window) == "Afghanistan's part"
    assert officer.message().startswith("Assessing Afghanistan's part, clause after clause")
    officer.press("2")
    officer.press("p")
    assert assessing(window) == "Pakistan's part"
    assert officer.message().endswith("p: the whole clause.")
    officer.press("1")
    assert desk.state("SV-C2").parts == (
        PartyAssessment("AF", Status.ADVANCED),
        PartyAssessment("PK", Status.INITIATED),
    )
    assert desk.state("SV-C2").status is Status.INITIATED
    assert window.review.status.currentText() == "1 · Initiated"  # Pakistan's part
    assert window.review.status.accessibleName() == "Status of Pakistan's part"

    # A note written now is about Pakistan's part, and says so in the list.
    officer.press("n")
    assert window.review.editor_hint.text() == "New note about Pakistan"
    officer.type("Pakistan named its lead official; no meeting yet.")
    officer.press(Key.Key_Return, Mod.ControlModifier)
    assert [note.party for note in desk.notes("SV-C2")] == ["PK"]
    assert officer.message() == "Note 1 added to SV-C2, about Pakistan's part."
    header = window.review.notes.model().index(0, 0).data(HEADER_ROLE)
    assert header.startswith("Pakistan's part · Test Officer · ")

    # The clause pane: the overall status from its parts, who holds it, who is ahead.
    lines = pane_lines(officer)
    start = lines.index("Assessed per party: overall Initiated, from its parts")
    assert lines[start + 1 : start + 7] == [
        "Afghanistan",
        "Advanced",
        "Pakistan",
        "Initiated",
        "← holds the clause there",
        "Afghanistan ahead of Pakistan by 1 level.",
    ]
    assert row_parts(window, "SV-C2") == "Afghanistan 1 level ahead"
    # The summary: each party's index beside the overall one.
    assert window.summary.index.text() == "Implementation index: <b>33.3%</b>"
    assert window.summary.party_index.accessibleName() == (
        "Implementation index by party: Afghanistan 66.7%, Pakistan 33.3%"
    )
    # The history names whose part moved.
    officer.press(Key.Key_H, Mod.ShiftModifier)
    assert history_lines(window)[1:4] == [
        "Status: Not assessed → Initiated",
        "Pakistan: Not assessed → Initiated",
        "Afghanistan: Not assessed → Advanced",
    ]
    officer.press(Key.Key_H, Mod.ShiftModifier)

    # Shift+P: only the commitments where one party is ahead of another.
    officer.press(Key.Key_P, Mod.ShiftModifier)
    assert officer.shown_refs() == ["SV-C2"]
    assert window.filter_bar.apart.isChecked()
    assert officer.message() == "1 commitment where one party is ahead of another."

    # Undo: the note, then Pakistan's part; Afghanistan is no longer ahead of anyone
    # assessed, and the pane says so.
    officer.press(Key.Key_Z, Mod.ControlModifier)
    officer.press(Key.Key_Z, Mod.ControlModifier)
    assert desk.state("SV-C2").parts == (PartyAssessment("AF", Status.ADVANCED),)
    assert desk.state("SV-C2").status is Status.NOT_ASSESSED
    lines = pane_lines(officer)
    start = lines.index("Assessed per party: overall Not assessed, from its parts")
    assert lines[start + 1 : start + 6] == [
        "Afghanistan",
        "Advanced",
        "Pakistan",
        "Not assessed",
        "← not assessed yet",
    ]
    assert not any("ahead of" in line for line in lines)
    assert row_parts(window, "SV-C2") == "per party"
    officer.press(Key.Key_P, Mod.ShiftModifier)  # the filter off: every clause again
    assert len(officer.shown_refs()) == 24 and not window.filter_bar.apart.isChecked()


def test_the_choice_stays_from_clause_to_clause(officer, window, desk) -> None:  # type: ignore[no-untyped-def]
    officer.go_to("SV-C5")
    choose(officer, "PK")
    officer.press("j")  # SV-C6
    assert officer.current_ref() == "SV-C6" and assessing(window) == "Pakistan's part"
    officer.press("1")
    officer.press("j")  # SV-C7: Afghanistan's obligation only
    assert officer.current_ref() == "SV-C7"
    assert assessing(window) == "The whole clause: SV-C7 binds Afghanistan only"
    officer.press("3")
    assert desk.state("SV-C7").status is Status.COMPLETED and desk.state("SV-C7").parts == ()
    officer.press("k")
    assert assessing(window) == "Pakistan's part"
    assert desk.state("SV-C6").parts == (PartyAssessment("PK", Status.INITIATED),)
    # The whole clause chosen, a status key on a clause assessed per party says why not.
    choose(officer, None)
    assert assessing(window) == "Assessed per party; p chooses whose part"
    officer.press("2")
    assert officer.message().startswith("SV-C6 is assessed per party (Pakistan: initiated)")
    assert desk.state("SV-C6").parts == (PartyAssessment("PK", Status.INITIATED),)


def _outcome(window, desk, ref: str):  # type: ignore[no-untyped-def]
    last_two = desk.history(ref)[-2:]
    return (
        desk.state(ref).status,
        desk.state(ref).parts,
        [(change.kind, change.party, change.after) for change in last_two],
        window.review.is_writing(),
        window.review.for_rationale,
        window.review.editor_hint.text(),
        window.review.status.currentText(),
    )


def test_the_box_and_the_key_set_the_same_partys_part_in_a_round(officer, window, desk) -> None:  # type: ignore[no-untyped-def]
    open_round_with_keys(officer, "January 2021 review")
    officer.go_to("SV-C1")
    choose(officer, "PK")
    # By key: SV-C1, 2, on Pakistan's part.
    officer.press("2")
    by_key = _outcome(window, desk, "SV-C1")
    officer.press(Key.Key_Escape)  # no reason this time
    officer.press(Key.Key_1, Mod.ControlModifier)
    # By the box: SV-C3, "2 · Advanced", Pakistan's part still chosen.
    officer.go_to("SV-C3")
    assert assessing(window) == "Pakistan's part"
    choose_in_status_box(officer, window, "2 · Advanced")
    by_box = _outcome(window, desk, "SV-C3")

    assert by_key == by_box
    status, parts, changes, writing, rationale, hint, shown = by_box
    assert status is Status.NOT_ASSESSED  # Afghanistan's part not assessed yet
    assert parts == (PartyAssessment("PK", Status.ADVANCED),)
    assert changes[-1] == (ChangeKind.PARTY_STATUS, "PK", Status.ADVANCED)
    assert writing and rationale
    assert hint.startswith("Why this status for Pakistan?")
    assert shown == "2 · Advanced"
    # The reason typed after the box is the round's record, and about Pakistan's part.
    officer.type("Pakistan's committee met twice.")
    officer.press(Key.Key_Return, Mod.ControlModifier)
    assert [note.party for note in desk.notes("SV-C3")] == ["PK"]
    rounds = Rounds(desk)
    current = rounds.current()
    assert current is not None
    records = {record.ref: record for record in rounds.report(current.id).records}
    assert records["SV-C3"].rationale == "Pakistan's committee met twice."


def test_a_refused_choice_in_the_box_shows_the_status_as_it_stands(officer, window, desk) -> None:  # type: ignore[no-untyped-def]
    desk.set_status("SV-C4", Status.INITIATED, party="AF")
    window.refresh(window.session.reload())
    officer.go_to("SV-C4")
    assert assessing(window) == "Assessed per party; p chooses whose part"
    box = window.review.status
    officer.press(Key.Key_A, Mod.AltModifier)
    officer.press(Key.Key_Down, Mod.AltModifier)
    target = box.findText("3 · Completed")
    while box.view().currentIndex().row() < target:
        officer.qtbot.keyClick(box.view(), Key.Key_Down)
    officer.qtbot.keyClick(box.view(), Key.Key_Return)
    assert officer.message().startswith("SV-C4 is assessed per party")
    assert box.currentText() == "Not assessed"  # the overall status, as it stands
    assert desk.state("SV-C4").parts == (PartyAssessment("AF", Status.INITIATED),)
