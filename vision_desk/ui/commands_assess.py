"""Assessing: statuses, notes, undo. The status keys and the status box run the
same commands (``command_for_status``), so both check the scale, both set the part
of the party being assessed (``clause.choose_party``) and, in a round, both ask why."""

from __future__ import annotations

from vision_desk.domain.agreement import ClauseKind
from vision_desk.domain.status import Status, score_of, status_for_score
from vision_desk.errors import ConflictError, UserError
from vision_desk.services import session_changes as changes
from vision_desk.ui.command_registry import Command, DeskView, Handler, Need, Place

ASSESS = "Assess"
STORE = Need.STORE


def command_for_status(status: Status) -> str:
    """The command that sets ``status``, whichever way it was chosen."""
    score = score_of(status)
    return f"clause.set_status.{score if score is not None else status.value}"


def _set(status: Status, scale: ClauseKind | None) -> Handler:
    def run(view: DeskView) -> None:
        try:
            view.refresh(changes.set_status(view.session, status, scale))
        except ConflictError as conflict:
            _settle(view, status, scale, conflict)

    return run


def _settle(
    view: DeskView, status: Status, scale: ClauseKind | None, conflict: ConflictError
) -> None:
    """Another officer changed the clause since it was read: show theirs, then let
    the officer keep their own over it (No, the default, keeps theirs)."""
    row = view.session.current_row()
    if row is None:
        return
    view.refresh(changes.take_theirs(view.session, row.clause.ref))
    question = f"{conflict.message} Save your {status.label} over it?"
    if view.confirm("Changed by someone else", question):
        view.refresh(changes.set_status(view.session, status, scale))
    else:
        view.show_message(f"Kept {row.clause.ref} as the other officer left it.")


def _score(score: int) -> Command:
    status = status_for_score(score)
    title = f"Commitment: {status.label.lower()} ({score})"
    return Command(
        f"clause.set_status.{score}",
        title,
        (str(score),),
        ASSESS,
        _set(status, ClauseKind.COMMITMENT),
        STORE,
    )


def _new_note(view: DeskView) -> None:
    view.session.writer()
    if view.session.current_row() is None:
        raise UserError("Choose a clause first.")
    view.start_note()


def save_note(view: DeskView) -> None:
    """Save the note being written. Refused, the words stay in the editor: nothing
    the officer typed is lost."""
    note = view.note_being_written()
    if note is None:
        return
    repaint = changes.save_note(view.session, note.note_id, note.text, note.rationale)
    view.finish_note()
    view.focus(Place.LIST)
    view.refresh(repaint)


def _edit_note(view: DeskView) -> None:
    view.session.writer()
    note_id = view.selected_note_id()
    if note_id is None or view.session.current_row() is None:
        raise UserError("Select a note to edit (Ctrl+3 goes to the notes).")
    view.start_note(note_id, changes.note_text(view.session, note_id))


def _delete_note(view: DeskView) -> None:
    view.session.writer()
    note_id = view.selected_note_id()
    if note_id is None:
        raise UserError("Select a note to delete (Ctrl+3 goes to the notes).")
    # A note a closed round holds is refused before asking, as ``delete-note`` does.
    changes.check_deletable(view.session, note_id)
    if view.confirm(
        "Delete note",
        f"Delete note {note_id} for good? Its words are removed from the store and cannot be "
        "undone. (Backups keep the note until they rotate out.)",
    ):
        view.refresh(changes.delete_note(view.session, note_id))


def _replay(redo: bool) -> Handler:
    return lambda view: view.refresh(changes.replay(view.session, redo))


COMMANDS: tuple[Command, ...] = (
    *(_score(score) for score in range(4)),
    Command(
        "clause.set_status.overtaken",
        "Commitment: overtaken",
        ("x",),
        ASSESS,
        _set(Status.OVERTAKEN, ClauseKind.COMMITMENT),
        STORE,
    ),
    Command(
        "clause.set_status.upheld",
        "Principle: upheld",
        ("Shift+U",),
        ASSESS,
        _set(Status.UPHELD, ClauseKind.PRINCIPLE),
        STORE,
    ),
    Command(
        "clause.set_status.strained",
        "Principle: strained",
        ("Shift+S",),
        ASSESS,
        _set(Status.STRAINED, ClauseKind.PRINCIPLE),
        STORE,
    ),
    Command(
        "clause.set_status.breached",
        "Principle: breached",
        ("Shift+B",),
        ASSESS,
        _set(Status.BREACHED, ClauseKind.PRINCIPLE),
        STORE,
    ),
    Command(
        "clause.set_status.not_assessed",
        "Back to not assessed",
        ("-",),
        ASSESS,
        _set(Status.NOT_ASSESSED, None),
        STORE,
    ),
    Command(
        "clause.choose_party",
        "Assess one party's part: the whole clause, then each party (cycles)",
        ("p",),
        ASSESS,
        lambda view: view.refresh(view.session.choose_party()),
    ),
    Command("note.new", "Write a new note", ("n",), ASSESS, _new_note, STORE),
    Command("note.save", "Save the note being written", ("Ctrl+Return",), ASSESS, save_note, STORE),
    Command("note.edit", "Edit the selected note", ("e",), ASSESS, _edit_note, STORE),
    Command("note.delete", "Delete the selected note", ("Delete",), ASSESS, _delete_note, STORE),
    Command(
        "view.history",
        "Show notes or history (toggle)",
        ("Shift+H",),
        ASSESS,
        lambda view: view.toggle_history(),
    ),
    Command("edit.undo", "Undo", ("Ctrl+Z",), ASSESS, _replay(redo=False), STORE),
    Command("edit.redo", "Redo", ("Ctrl+Shift+Z", "Ctrl+Y"), ASSESS, _replay(redo=True), STORE),
)
