"""Undo and redo never write over what another officer changed since: a note's
undo or redo is checked against the version the action left it at, as a status's
is, and refused in one sentence naming the note's clause and who changed it, with
the journal entry left where it was. Undo and redo move the row's version on in
turn, so an officer still holding the old version is refused."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from vision_desk.domain.review import ChangeKind
from vision_desk.domain.status import Status
from vision_desk.errors import ConflictError, NotFoundError, NothingToUndoError
from vision_desk.services.desk import Desk
from vision_desk.storage import review as review_store


def _note(desk: Desk, ref: str, text: str) -> int:
    note_id = desk.add_note(ref, text).note_id
    assert note_id is not None
    return note_id


def _texts(desk: Desk, ref: str) -> list[str]:
    return [note.text for note in desk.notes(ref)]


def _refused_sentence(direction: str, note_id: int, ref: str, how: str) -> str:
    return (
        rf"^{direction} would write over a later change: note {note_id} on {ref} was "
        rf"{how} by Second Officer at .+ UTC; nothing was changed\.$"
    )


@pytest.mark.server_only  # on a file the journal is one chain: the later edit is undone first
def test_undo_of_an_edit_never_writes_over_a_later_edit_by_someone_else(
    desk: Desk, second_officer: Desk
) -> None:
    note_id = _note(desk, "SV-C4", "Visit planned for March")
    desk.edit_note(note_id, "Visit planned for 12 March")
    second_officer.edit_note(note_id, "Visit moved to April")
    history, version = desk.history("SV-C4"), desk.note_version(note_id)

    with pytest.raises(ConflictError, match=_refused_sentence("Undo", note_id, "SV-C4", "edited")):
        desk.undo()

    assert _texts(desk, "SV-C4") == ["Visit moved to April"]
    assert desk.history("SV-C4") == history
    assert desk.note_version(note_id) == version
    # The entry stays where it was: nothing became redoable, and undo meets it again.
    with pytest.raises(NothingToUndoError):
        desk.redo()
    with pytest.raises(ConflictError):
        desk.undo()
    # Even once the other officer takes theirs back, the note has moved on since.
    second_officer.undo()
    with pytest.raises(ConflictError, match=r"note .* was edited by Second Officer"):
        desk.undo()
    assert _texts(desk, "SV-C4") == ["Visit planned for 12 March"]


@pytest.mark.server_only
def test_undo_of_an_add_never_withdraws_a_note_someone_else_edited_since(
    desk: Desk, second_officer: Desk
) -> None:
    note_id = _note(desk, "SV-C2", "Proposal drafted")
    second_officer.edit_note(note_id, "Proposal drafted and sent")
    with pytest.raises(ConflictError, match=_refused_sentence("Undo", note_id, "SV-C2", "edited")):
        desk.undo()
    assert _texts(desk, "SV-C2") == ["Proposal drafted and sent"]


@pytest.mark.server_only
def test_undo_of_a_status_with_its_note_never_withdraws_a_note_edited_since(
    desk: Desk, second_officer: Desk
) -> None:
    note_id = desk.set_status("SV-C1", Status.INITIATED, note="Lead officials named").note_id
    assert note_id is not None
    second_officer.edit_note(note_id, "Lead officials named on 2 Dec")
    with pytest.raises(ConflictError, match=_refused_sentence("Undo", note_id, "SV-C1", "edited")):
        desk.undo()
    assert desk.state("SV-C1").status is Status.INITIATED
    assert _texts(desk, "SV-C1") == ["Lead officials named on 2 Dec"]


@pytest.mark.server_only
def test_redo_of_an_edit_never_writes_over_a_later_edit_by_someone_else(
    desk: Desk, second_officer: Desk
) -> None:
    note_id = _note(desk, "SV-C3", "one")
    desk.edit_note(note_id, "two")
    desk.undo()
    second_officer.edit_note(note_id, "theirs")
    history = desk.history("SV-C3")
    with pytest.raises(ConflictError, match=_refused_sentence("Redo", note_id, "SV-C3", "edited")):
        desk.redo()
    assert _texts(desk, "SV-C3") == ["theirs"]
    assert desk.history("SV-C3") == history
    with pytest.raises(ConflictError):
        desk.redo()  # still the next to redo: nothing lost


@pytest.mark.server_only
def test_an_undo_waits_for_an_edit_being_saved_then_sees_it(
    desk: Desk, second_officer: Desk
) -> None:
    """The undo takes the clause's lock before it reads the note, as an edit does: an
    edit being saved meanwhile is waited for and then seen, never written over when
    its transaction commits."""
    note_id = _note(desk, "SV-C4", "mine")
    desk.edit_note(note_id, "mine, edited")
    at = desk.clock()
    with ThreadPoolExecutor(max_workers=1) as pool:
        with second_officer.store.write() as session:  # the other officer's save, open
            clause_id = review_store.note_clause(session, note_id)
            assert clause_id is not None
            review_store.lock_clause(session, clause_id)
            review_store.replace_note_text(session, note_id, "theirs", at, "Second Officer")
            review_store.append_change(
                session,
                clause_id,
                ChangeKind.NOTE_EDITED,
                str(note_id),
                str(note_id),
                at,
                "Second Officer",
            )
            undo = pool.submit(desk.undo)
            time.sleep(0.5)
            assert not undo.done()  # waiting for the clause
        with pytest.raises(
            ConflictError, match=_refused_sentence("Undo", note_id, "SV-C4", "edited")
        ):
            undo.result(timeout=30)
    assert _texts(desk, "SV-C4") == ["theirs"]


@pytest.mark.server_only
def test_a_status_set_back_by_someone_else_is_still_their_change(
    desk: Desk, second_officer: Desk
) -> None:
    desk.set_status("SV-C3", Status.INITIATED)
    second_officer.set_status("SV-C3", Status.COMPLETED)
    second_officer.set_status("SV-C3", Status.INITIATED)
    with pytest.raises(
        ConflictError,
        match=r"^Undo would write over a later change: SV-C3 was set to Initiated by Second "
        r"Officer at .+ UTC; nothing was changed\.$",
    ):
        desk.undo()
    assert desk.state("SV-C3").status is Status.INITIATED


@pytest.mark.server_only
def test_an_own_edit_on_theirs_is_undone_but_never_the_one_before_it(
    desk: Desk, second_officer: Desk
) -> None:
    note_id = _note(desk, "SV-C4", "one")
    desk.edit_note(note_id, "mine")
    second_officer.edit_note(note_id, "theirs")
    desk.edit_note(note_id, "mine again", expected_version=desk.note_version(note_id))
    desk.undo()  # the officer's last edit, made on theirs: back to theirs
    assert _texts(desk, "SV-C4") == ["theirs"]
    with pytest.raises(ConflictError, match=_refused_sentence("Undo", note_id, "SV-C4", "edited")):
        desk.undo()  # the edit before theirs would write over them
    assert _texts(desk, "SV-C4") == ["theirs"]
    desk.redo()
    assert _texts(desk, "SV-C4") == ["mine again"]


def _as_journaled_before_versions(desk: Desk) -> None:
    """Strip the versions from the officer's last entry, as an older Vision Desk
    wrote it."""
    with desk.store.write() as session:
        operation = review_store.last_done(session, desk.author)
        assert operation is not None
        payload = {
            key: value for key, value in operation.payload.items() if not key.endswith("version")
        }
        review_store.mark_operation(session, operation.id, operation.state, payload)


def test_an_entry_journaled_before_versions_were_kept_is_still_undone(desk: Desk) -> None:
    note_id = _note(desk, "SV-C5", "one")
    desk.edit_note(note_id, "two")
    _as_journaled_before_versions(desk)
    desk.set_status("SV-C5", Status.INITIATED)
    _as_journaled_before_versions(desk)
    for _ in range(2):
        desk.undo()
        desk.undo()
        assert _texts(desk, "SV-C5") == ["one"]
        assert desk.state("SV-C5").status is Status.NOT_ASSESSED
        desk.redo()
        desk.redo()
        assert _texts(desk, "SV-C5") == ["two"]


@pytest.mark.server_only
def test_an_entry_journaled_before_versions_were_kept_is_checked_by_who_changed_it(
    desk: Desk, second_officer: Desk
) -> None:
    note_id = _note(desk, "SV-C5", "mine")
    _as_journaled_before_versions(desk)
    second_officer.edit_note(note_id, "theirs")
    with pytest.raises(ConflictError, match=_refused_sentence("Undo", note_id, "SV-C5", "edited")):
        desk.undo()
    assert _texts(desk, "SV-C5") == ["theirs"]


def test_undo_and_redo_of_a_status_move_its_version_on(desk: Desk, second_officer: Desk) -> None:
    desk.set_status("SV-C1", Status.INITIATED)
    held = desk.state("SV-C1").version
    desk.undo()
    with pytest.raises(ConflictError):
        second_officer.set_status("SV-C1", Status.ADVANCED, expected_version=held)
    held = desk.state("SV-C1").version
    desk.redo()
    with pytest.raises(ConflictError):
        second_officer.set_status("SV-C1", Status.ADVANCED, expected_version=held)
    assert desk.state("SV-C1").status is Status.INITIATED


def test_undo_and_redo_of_an_edit_move_the_notes_version_on(
    desk: Desk, second_officer: Desk
) -> None:
    note_id = _note(desk, "SV-C4", "one")
    desk.edit_note(note_id, "two")
    held = desk.note_version(note_id)
    desk.undo()
    with pytest.raises(ConflictError):
        second_officer.edit_note(note_id, "theirs", expected_version=held)
    held = desk.note_version(note_id)
    desk.redo()
    with pytest.raises(ConflictError):
        second_officer.edit_note(note_id, "theirs", expected_version=held)
    assert _texts(desk, "SV-C4") == ["two"]


def test_undo_and_redo_of_an_add_move_the_notes_version_on(
    desk: Desk, second_officer: Desk
) -> None:
    note_id = _note(desk, "SV-C4", "one")
    held = desk.note_version(note_id)
    desk.undo()
    with pytest.raises(NotFoundError):  # withdrawn: there is nothing to edit
        second_officer.edit_note(note_id, "theirs", expected_version=held)
    desk.redo()
    with pytest.raises(ConflictError):  # back, but not as it was when it was opened
        second_officer.edit_note(note_id, "theirs", expected_version=held)
    assert _texts(desk, "SV-C4") == ["one"]


def test_undo_and_redo_record_the_versions_they_leave(desk: Desk) -> None:
    """On one officer's file nothing comes between: each undo and redo finds the
    versions the step before left, however often they go back and forth."""
    note_id = desk.set_status("SV-C2", Status.INITIATED, note="first").note_id
    assert note_id is not None
    desk.edit_note(note_id, "second")
    for _ in range(3):
        desk.undo()
        desk.undo()
        assert desk.notes("SV-C2") == [] and desk.state("SV-C2").status is Status.NOT_ASSESSED
        desk.redo()
        desk.redo()
        assert _texts(desk, "SV-C2") == ["second"]
