"""No silent overwrite: a status set on a version someone else has changed since is
refused, names who changed it, and leaves both the store and the history as they
were; the desk session then shows theirs, and the officer may keep their own."""

from __future__ import annotations

import datetime as dt

import pytest

from vision_desk.domain.review import ChangeKind
from vision_desk.domain.status import Status
from vision_desk.errors import ConflictError
from vision_desk.services import session_changes as changes
from vision_desk.services.desk import Desk
from vision_desk.services.desk_session import DeskSession
from vision_desk.services.rounds import Rounds
from vision_desk.services.session_reads import read_live

TODAY = dt.date(2021, 1, 10)


def test_each_change_moves_the_version_on(desk: Desk) -> None:
    assert desk.state("SV-C1").version == 0
    desk.set_status("SV-C1", Status.INITIATED)
    assert desk.state("SV-C1").version == 1
    desk.set_status("SV-C1", Status.ADVANCED, expected_version=1)
    assert desk.state("SV-C1").version == 2
    desk.undo()
    assert desk.state("SV-C1").status is Status.INITIATED
    assert desk.state("SV-C1").version == 3


def test_a_change_on_a_stale_version_is_refused_and_names_the_other_change(
    desk: Desk, second_officer: Desk
) -> None:
    seen = desk.state("SV-C2").version
    second_officer.set_status("SV-C2", Status.ADVANCED)
    history = desk.history("SV-C2")
    with pytest.raises(ConflictError) as refused:
        desk.set_status("SV-C2", Status.COMPLETED, note="Done, I think", expected_version=seen)
    assert refused.value.message.startswith("SV-C2 was set to Advanced by Second Officer at ")
    assert refused.value.message.endswith("after you read it; your Completed was not saved.")
    assert desk.state("SV-C2").status is Status.ADVANCED
    assert desk.history("SV-C2") == history
    assert desk.notes("SV-C2") == []


def test_a_refusal_after_another_officers_part_names_the_parts_not_the_whole(
    desk: Desk, second_officer: Desk
) -> None:
    seen = desk.state("SV-C2").version
    second_officer.set_status("SV-C2", Status.INITIATED, party="PK")
    with pytest.raises(ConflictError) as refused:
        desk.set_status("SV-C2", Status.COMPLETED, expected_version=seen, party="AF")
    message = refused.value.message
    assert message.startswith("SV-C2 was changed by Second Officer at ")
    assert "after you read it (now Afghanistan: not assessed; Pakistan: initiated); " in message
    assert message.endswith("your Completed for Afghanistan was not saved.")
    assert desk.state("SV-C2").parts == second_officer.state("SV-C2").parts


def test_the_session_shows_theirs_and_the_officer_may_keep_their_own(
    desk: Desk, second_officer: Desk
) -> None:
    session = DeskSession(desk.board(TODAY), TODAY)
    session.attach(read_live(desk, Rounds(desk), TODAY))
    session.select("SV-C3")
    second_officer.set_status("SV-C3", Status.INITIATED)
    with pytest.raises(ConflictError):
        changes.set_status(session, Status.COMPLETED)
    repaint = changes.take_theirs(session, "SV-C3")
    assert session.rows["SV-C3"].status is Status.INITIATED and repaint.pane
    assert session.current_ref == "SV-C3"
    changes.set_status(session, Status.COMPLETED)  # on what the officer now sees
    assert desk.state("SV-C3").status is Status.COMPLETED
    kinds = [change.kind for change in desk.history("SV-C3")]
    assert kinds == [ChangeKind.STATUS, ChangeKind.STATUS]


def test_a_note_edited_meanwhile_keeps_both_words(desk: Desk, second_officer: Desk) -> None:
    note_id = desk.add_note("SV-C4", "Visit planned for March").note_id
    assert note_id is not None
    session = DeskSession(desk.board(TODAY), TODAY)
    session.attach(read_live(desk, Rounds(desk), TODAY))
    session.select("SV-C4")
    assert changes.note_text(session, note_id) == "Visit planned for March"
    second_officer.edit_note(note_id, "Visit moved to April")

    repaint = changes.save_note(session, note_id, "Visit confirmed for 12 March")

    texts = [note.text for note in desk.notes("SV-C4")]
    assert texts == ["Visit moved to April", "Visit confirmed for 12 March"]
    assert repaint.message.startswith(f"Note {note_id} was edited by Second Officer at ")
    assert repaint.message.endswith("Your words were saved as a new note beside it.")


@pytest.mark.parametrize("gone", ["deleted", "withdrawn"])
def test_words_for_a_note_gone_meanwhile_are_kept_as_a_new_note(
    desk: Desk, second_officer: Desk, gone: str
) -> None:
    """Deleted by another officer, or withdrawn by the undo of its adding, while the
    officer was rewording it: the officer's words are still saved."""
    if gone == "deleted":
        note_id = desk.add_note("SV-C4", "Visit planned for March").note_id
    else:
        note_id = second_officer.add_note("SV-C4", "Visit planned for March").note_id
    assert note_id is not None
    session = DeskSession(desk.board(TODAY), TODAY)
    session.attach(read_live(desk, Rounds(desk), TODAY))
    session.select("SV-C4")
    assert changes.note_text(session, note_id) == "Visit planned for March"
    if gone == "deleted":
        second_officer.delete_note(note_id)
    else:
        second_officer.undo()

    repaint = changes.save_note(session, note_id, "Visit confirmed for 12 March")

    assert [note.text for note in desk.notes("SV-C4")] == ["Visit confirmed for 12 March"]
    assert repaint.message == (
        f"Note {note_id} was removed after you opened it. Your words were saved as a new "
        "note on SV-C4."
    )


def test_an_edit_on_the_version_it_started_from_is_saved(desk: Desk) -> None:
    note_id = desk.add_note("SV-C4", "first words").note_id
    assert note_id is not None
    version = desk.note_version(note_id)
    desk.edit_note(note_id, "second words", expected_version=version)
    assert desk.note_version(note_id) == version + 1
    with pytest.raises(ConflictError, match="after you opened it"):
        desk.edit_note(note_id, "third words", expected_version=version)
    assert [note.text for note in desk.notes("SV-C4")] == ["second words"]


@pytest.mark.server_only  # on a file the officer is the only one in the journal
def test_on_a_team_desk_each_officer_undoes_their_own(desk: Desk, second_officer: Desk) -> None:
    desk.set_status("SV-C1", Status.INITIATED)
    second_officer.set_status("SV-C2", Status.ADVANCED)
    outcome = desk.undo()
    assert outcome.clause_ref == "SV-C1"
    assert desk.state("SV-C1").status is Status.NOT_ASSESSED
    assert desk.state("SV-C2").status is Status.ADVANCED
    # Redo is the officer's own too, and a new action of the other officer's does
    # not end it.
    second_officer.set_status("SV-C4", Status.INITIATED)
    assert desk.redo().clause_ref == "SV-C1"
    assert desk.state("SV-C1").status is Status.INITIATED


@pytest.mark.server_only
def test_undo_never_writes_over_a_later_change_by_someone_else(
    desk: Desk, second_officer: Desk
) -> None:
    desk.set_status("SV-C3", Status.INITIATED)
    second_officer.set_status("SV-C3", Status.COMPLETED)
    history = desk.history("SV-C3")
    with pytest.raises(ConflictError, match="would write over a later change"):
        desk.undo()
    assert desk.state("SV-C3").status is Status.COMPLETED
    assert desk.history("SV-C3") == history
