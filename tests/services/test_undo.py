"""Undo and redo over the journal in the store: each action comes back whole, a new
action ends the redo chain, and undo reaches across a restart."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from vision_desk.domain.review import ChangeKind
from vision_desk.domain.status import Status
from vision_desk.errors import NothingToUndoError
from vision_desk.services.desk import Desk


def _note_row(desk: Desk, note_id: int) -> tuple[str, str | None]:
    with desk.store.engine.connect() as connection:
        row = connection.execute(
            text("SELECT text, removed FROM notes WHERE id = :id"), {"id": note_id}
        ).one()
    return row[0], row[1]


def _texts(desk: Desk, ref: str) -> list[str]:
    return [note.text for note in desk.notes(ref)]


def test_nothing_to_undo_or_redo_on_a_fresh_store(desk: Desk) -> None:
    with pytest.raises(NothingToUndoError):
        desk.undo()
    with pytest.raises(NothingToUndoError):
        desk.redo()


def test_undo_and_redo_a_status(desk: Desk) -> None:
    desk.set_status("SV-C1", "initiated")
    desk.set_status("SV-C1", "advanced")

    outcome = desk.undo()
    assert outcome.status_changed and outcome.clause_ref == "SV-C1"
    assert "Undone" in outcome.message
    assert desk.state("SV-C1").status is Status.INITIATED
    desk.undo()
    assert desk.state("SV-C1").status is Status.NOT_ASSESSED
    with pytest.raises(NothingToUndoError):
        desk.undo()

    desk.redo()
    assert desk.state("SV-C1").status is Status.INITIATED
    desk.redo()
    assert desk.state("SV-C1").status is Status.ADVANCED
    with pytest.raises(NothingToUndoError):
        desk.redo()

    history = desk.history("SV-C1")
    assert [(c.before, c.after, c.via) for c in history] == [
        ("not_assessed", "initiated", None),
        ("initiated", "advanced", None),
        ("advanced", "initiated", "undo"),
        ("initiated", "not_assessed", "undo"),
        ("not_assessed", "initiated", "redo"),
        ("initiated", "advanced", "redo"),
    ]


def test_undo_takes_back_the_last_action_across_clauses(desk: Desk) -> None:
    desk.set_status("SV-C1", "initiated")
    desk.set_status("SV-P1", "strained")
    outcome = desk.undo()
    assert outcome.clause_ref == "SV-P1"
    assert desk.state("SV-P1").status is Status.NOT_ASSESSED
    assert desk.state("SV-C1").status is Status.INITIATED


def test_undo_withdraws_an_added_note_and_redo_restores_it(desk: Desk) -> None:
    note_id = desk.add_note("SV-C2", "Proposal drafted").note_id
    assert note_id is not None

    outcome = desk.undo()
    assert outcome.notes_changed and not outcome.status_changed
    assert desk.notes("SV-C2") == []
    assert _note_row(desk, note_id) == ("Proposal drafted", "withdrawn")

    outcome = desk.redo()
    assert outcome.notes_changed
    [note] = desk.notes("SV-C2")
    assert (note.id, note.text) == (note_id, "Proposal drafted")
    kinds = [change.kind for change in desk.history("SV-C2")]
    assert kinds == [ChangeKind.NOTE_ADDED, ChangeKind.NOTE_WITHDRAWN, ChangeKind.NOTE_RESTORED]


def test_undo_and_redo_a_note_edit(desk: Desk) -> None:
    note_id = desk.add_note("SV-C3", "one").note_id
    assert note_id is not None
    desk.edit_note(note_id, "two")
    desk.edit_note(note_id, "three")

    desk.undo()
    assert _texts(desk, "SV-C3") == ["two"]
    desk.undo()
    assert _texts(desk, "SV-C3") == ["one"]
    desk.redo()
    assert _texts(desk, "SV-C3") == ["two"]
    desk.redo()
    assert _texts(desk, "SV-C3") == ["three"]
    desk.undo()
    desk.undo()
    desk.undo()  # the add itself
    assert desk.notes("SV-C3") == []
    desk.redo()
    assert _texts(desk, "SV-C3") == ["one"]


def test_set_status_with_a_note_is_undone_as_one(desk: Desk) -> None:
    desk.set_status("SV-C4", "initiated", note="Visit scheduled")
    outcome = desk.undo()
    assert outcome.status_changed and outcome.notes_changed
    assert desk.state("SV-C4").status is Status.NOT_ASSESSED
    assert desk.notes("SV-C4") == []
    with pytest.raises(NothingToUndoError):
        desk.undo()

    outcome = desk.redo()
    assert outcome.status_changed and outcome.notes_changed
    assert desk.state("SV-C4").status is Status.INITIATED
    assert _texts(desk, "SV-C4") == ["Visit scheduled"]


def test_a_new_action_after_undo_discards_redo_and_scrubs_the_withdrawn_note(
    desk: Desk,
) -> None:
    kept = desk.add_note("SV-C5", "kept note").note_id
    withdrawn = desk.add_note("SV-C5", "withdrawn words ZQX").note_id
    with_status = desk.set_status("SV-C6", "initiated", note="status note ZQX").note_id
    assert kept is not None and withdrawn is not None and with_status is not None
    desk.undo()
    desk.undo()
    assert _note_row(desk, withdrawn) == ("withdrawn words ZQX", "withdrawn")

    desk.set_status("SV-C7", "advanced")  # a new action

    with pytest.raises(NothingToUndoError):
        desk.redo()
    assert _note_row(desk, withdrawn) == ("", "deleted")
    assert _note_row(desk, with_status) == ("", "deleted")
    assert _note_row(desk, kept) == ("kept note", None)
    assert _texts(desk, "SV-C5") == ["kept note"]
    assert desk.state("SV-C6").status is Status.NOT_ASSESSED
    # Undo now takes back the new action, then the first note, and no more.
    desk.undo()
    assert desk.state("SV-C7").status is Status.NOT_ASSESSED
    desk.undo()
    assert desk.notes("SV-C5") == []
    with pytest.raises(NothingToUndoError):
        desk.undo()


@pytest.mark.parametrize("action", ["add", "edit", "set_status", "set_status_with_note"])
def test_every_kind_of_action_ends_the_redo_chain(desk: Desk, action: str) -> None:
    note_id = desk.add_note("SV-C1", "base").note_id
    assert note_id is not None
    desk.set_status("SV-C2", "initiated")
    desk.undo()
    if action == "add":
        desk.add_note("SV-C3", "new")
    elif action == "edit":
        desk.edit_note(note_id, "changed")
    elif action == "set_status":
        desk.set_status("SV-C3", "advanced")
    else:
        desk.set_status("SV-C3", "advanced", note="new")
    with pytest.raises(NothingToUndoError):
        desk.redo()
    assert desk.state("SV-C2").status is Status.NOT_ASSESSED


def test_a_refused_action_keeps_the_redo_chain(desk: Desk) -> None:
    desk.set_status("SV-C2", "initiated")
    desk.undo()
    with pytest.raises(Exception, match="scale"):
        desk.set_status("SV-C2", "upheld")
    desk.set_status("SV-C3", "not_assessed")  # no change: no action
    desk.redo()
    assert desk.state("SV-C2").status is Status.INITIATED


def test_undo_works_across_a_restart(opened: Any, reopen: Any) -> None:
    desk = opened.desk
    desk.set_status("SV-C1", "completed", note="Joint report received")
    note_id = desk.add_note("SV-C2", "second note").note_id
    desk.edit_note(note_id, "second note, edited")
    opened.close()

    again = reopen()
    try:
        desk = again.desk
        desk.undo()
        assert _texts(desk, "SV-C2") == ["second note"]
        desk.undo()
        assert desk.notes("SV-C2") == []
        outcome = desk.undo()
        assert outcome.clause_ref == "SV-C1"
        assert desk.state("SV-C1").status is Status.NOT_ASSESSED
        assert desk.notes("SV-C1") == []
        with pytest.raises(NothingToUndoError):
            desk.undo()
    finally:
        again.close()

    # ... and redo, too, after another restart.
    third = reopen()
    try:
        third.desk.redo()
        assert third.desk.state("SV-C1").status is Status.COMPLETED
        assert _texts(third.desk, "SV-C1") == ["Joint report received"]
    finally:
        third.close()


def test_deleting_a_note_makes_its_undo_entries_harmless(desk: Desk) -> None:
    desk.set_status("SV-C1", "initiated")
    note_id = desk.add_note("SV-C1", "to be deleted").note_id
    assert note_id is not None
    desk.edit_note(note_id, "to be deleted, edited")
    desk.delete_note(note_id)

    # The add and the edit can no longer be undone; the status before them can.
    outcome = desk.undo()
    assert outcome.clause_ref == "SV-C1" and outcome.status_changed
    assert desk.state("SV-C1").status is Status.NOT_ASSESSED
    assert _note_row(desk, note_id) == ("", "deleted")
    with pytest.raises(NothingToUndoError):
        desk.undo()
    desk.redo()
    assert desk.state("SV-C1").status is Status.INITIATED
    assert _note_row(desk, note_id) == ("", "deleted")
    assert desk.notes("SV-C1") == []


def test_deleting_a_note_set_with_a_status_leaves_the_status_undoable(desk: Desk) -> None:
    note_id = desk.set_status("SV-C2", "advanced", note="comes with the status").note_id
    assert note_id is not None
    desk.delete_note(note_id)
    outcome = desk.undo()
    assert outcome.status_changed and not outcome.notes_changed
    assert desk.state("SV-C2").status is Status.NOT_ASSESSED
    assert _note_row(desk, note_id) == ("", "deleted")
    outcome = desk.redo()
    assert outcome.status_changed and not outcome.notes_changed
    assert _note_row(desk, note_id) == ("", "deleted")
    assert desk.notes("SV-C2") == []
    kinds = [c.kind for c in desk.history("SV-C2")]
    assert ChangeKind.NOTE_WITHDRAWN not in kinds and ChangeKind.NOTE_RESTORED not in kinds


def test_deleting_a_note_whose_edit_was_undone(desk: Desk) -> None:
    note_id = desk.add_note("SV-C3", "first").note_id
    assert note_id is not None
    desk.edit_note(note_id, "second")
    desk.undo()  # back to "first"; redo could bring "second" back
    desk.delete_note(note_id)
    with pytest.raises(NothingToUndoError):
        desk.redo()
    with pytest.raises(NothingToUndoError):
        desk.undo()
    assert _note_row(desk, note_id) == ("", "deleted")


def test_undo_reaches_back_exactly_the_journal_depth(
    desk: Desk, monkeypatch: pytest.MonkeyPatch
) -> None:
    from vision_desk.services import journal

    assert journal.UNDO_DEPTH >= 100  # plenty for a review session
    monkeypatch.setattr(journal, "UNDO_DEPTH", 4)
    for index in range(4 + 3):
        desk.set_status("SV-C1", "initiated" if index % 2 == 0 else "advanced")
    for _ in range(4):
        desk.undo()
    with pytest.raises(NothingToUndoError):
        desk.undo()
    # Three actions are beyond reach: the status is what the third one set.
    assert desk.state("SV-C1").status is Status.INITIATED


@pytest.mark.file_only  # about the store's files
def test_withdrawn_words_leave_the_files_once_redo_is_gone(opened: Any, data_dir: Path) -> None:
    marker = b"WITHDRAWN-MARKER-5521"
    desk = opened.desk

    def files() -> dict[str, bytes]:
        return {path.name: path.read_bytes() for path in data_dir.glob("vision-desk.sqlite3*")}

    desk.add_note("SV-C8", marker.decode() + " " + "padding " * 600)
    desk.undo()
    assert any(marker in data for data in files().values())  # kept while redo may need it
    desk.add_note("SV-C1", "a new action ends the redo chain")

    assert "vision-desk.sqlite3" in files()
    for name, data in files().items():
        assert marker not in data, name
    opened.close()
    for name, data in files().items():
        assert marker not in data, name
