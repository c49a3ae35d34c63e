"""Undo and redo are one replay of the journal, run one way or the other: each
direction's own words, history marks and note handling, and an edit that goes back
and forth many times keeps both of its wordings."""

from __future__ import annotations

import pytest

from vision_desk.domain.review import ChangeKind
from vision_desk.errors import NothingToUndoError
from vision_desk.services import journal
from vision_desk.services.desk import Desk


def test_each_direction_says_there_is_nothing_in_its_own_words(desk: Desk) -> None:
    with pytest.raises(NothingToUndoError, match=r"^Nothing to undo\.$"):
        desk.replay(journal.Direction.UNDO)
    with pytest.raises(NothingToUndoError, match=r"^Nothing to redo\.$"):
        desk.replay(journal.Direction.REDO)


def test_undo_and_redo_are_the_one_replay_in_each_direction(desk: Desk) -> None:
    desk.set_status("SV-C1", "initiated")
    assert desk.undo().message == "Undone: status Not assessed → Initiated on SV-C1."
    assert desk.replay(journal.Direction.REDO).message == (
        "Redone: status Not assessed → Initiated on SV-C1."
    )
    assert desk.replay(journal.Direction.UNDO).message == (
        "Undone: status Not assessed → Initiated on SV-C1."
    )


def test_a_notes_withdrawal_and_return_are_marked_with_their_direction(desk: Desk) -> None:
    note_id = desk.add_note("SV-C2", "Proposal drafted").note_id
    desk.undo()
    desk.redo()
    changes = [
        (change.kind, change.before, change.after, change.via) for change in desk.history("SV-C2")
    ]
    assert changes == [
        (ChangeKind.NOTE_ADDED, None, str(note_id), None),
        (ChangeKind.NOTE_WITHDRAWN, str(note_id), None, "undo"),
        (ChangeKind.NOTE_RESTORED, None, str(note_id), "redo"),
    ]


def test_an_edit_undone_and_redone_again_and_again_keeps_both_wordings(desk: Desk) -> None:
    note_id = desk.add_note("SV-C3", "first wording").note_id
    assert note_id is not None
    desk.edit_note(note_id, "second wording")
    for _ in range(3):
        desk.undo()
        assert [note.text for note in desk.notes("SV-C3")] == ["first wording"]
        desk.redo()
        assert [note.text for note in desk.notes("SV-C3")] == ["second wording"]
    vias = [change.via for change in desk.history("SV-C3") if change.kind is ChangeKind.NOTE_EDITED]
    assert vias == [None] + ["undo", "redo"] * 3
