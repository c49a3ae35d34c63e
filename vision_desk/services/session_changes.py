"""The officer's changes, made through a desk session: each one way, wherever started.

A status from a key, the palette or the status box comes here with the scale it
was chosen from; so every way of setting a status checks the scale the same way,
and in an open round every one of them asks why.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import TYPE_CHECKING

from vision_desk.domain.agreement import ClauseKind
from vision_desk.domain.party_status import describe_parts
from vision_desk.domain.status import Status, scale_for
from vision_desk.errors import ConflictError, NotFoundError, UserError
from vision_desk.services.repaint import NOTHING, Repaint
from vision_desk.services.session_parties import possessive

if TYPE_CHECKING:
    from vision_desk.domain.rounds import Round
    from vision_desk.domain.signoff import SignOff, Step
    from vision_desk.services.desk_events import EventOutcome, EventStanding
    from vision_desk.services.desk_session import DeskSession
    from vision_desk.services.rounds import Progress


def scale_problem(session: DeskSession, status: Status, scale: ClauseKind | None) -> str:
    """Why ``status``, chosen from ``scale``'s statuses, cannot be given to the
    current clause; empty when it can."""
    row = session.current_row()
    if row is None:
        return ""
    is_principle = row.clause.kind is ClauseKind.PRINCIPLE
    if scale is ClauseKind.COMMITMENT and is_principle:
        named = ", ".join(
            f"{session.keys(f'clause.set_status.{name}')} {name}"
            for name in ("upheld", "strained", "breached")
        )
        return f"{row.clause.ref} is a principle: {named}."
    if (scale is ClauseKind.PRINCIPLE and not is_principle) or status not in scale_for(
        row.clause.kind
    ):
        return f"{row.clause.ref} is a {row.clause.kind.value}: score it 0–3 (x: overtaken)."
    return ""


def set_status(session: DeskSession, status: Status, scale: ClauseKind | None = None) -> Repaint:
    """Give the current clause ``status``. In an open round every status carries its
    reason: the repaint asks for it."""
    desk = session.writer()
    row = session.current_row()
    if row is None:
        return NOTHING
    problem = scale_problem(session, status, scale)
    if problem:
        raise UserError(problem)
    # The party the officer is assessing, kept from clause to clause (None: the
    # whole clause); a clause assessed per party takes no status for the whole.
    party = session.party_in_hand(row)
    if party is None and row.state.parts:
        parts = describe_parts(session.agreement, row.state.parts)
        key = session.keys("clause.choose_party")
        raise UserError(
            f"{row.clause.ref} is assessed per party ({parts}); {key} chooses whose part "
            "the status keys set."
        )
    # On the state the officer is looking at: if another officer has changed it
    # since, nothing is saved over theirs (``ConflictError``, see ``take_theirs``).
    outcome = desk.set_status(
        row.clause.ref,
        status,
        agreement_id=session.agreement.id,
        expected_version=row.state.version,
        party=party,
    )
    repaint = session.apply(outcome)
    if session.progress is not None:
        repaint |= Repaint(ask_reason=True)
    return repaint


def take_theirs(session: DeskSession, ref: str) -> Repaint:
    """After a conflict: show the clause as the other officer left it (the officer
    may then keep their own status by pressing its key again, on what they now see)."""
    desk = session.require_desk()
    return session.apply_elsewhere_clause(ref, desk)


def save_note(
    session: DeskSession, note_id: int | None, text: str, rationale: bool = False
) -> Repaint:
    """Add a note to the current clause, or replace note ``note_id``'s words. With
    ``rationale`` it is the reason for the status just set in the open round, and
    the session moves on to the next clause the round needs. A new note is about
    the part of the party being assessed (``party_in_hand``), if any."""
    desk = session.writer()
    row = session.current_row()
    if row is None:
        raise UserError("Choose a clause first.")
    # A new note is about the part being assessed; a note edited keeps its own.
    party = session.party_in_hand(row) if note_id is None else session.editing_parties.get(note_id)
    if note_id is None:
        outcome = desk.add_note(
            row.clause.ref, text, session.agreement.id, rationale=rationale, party=party
        )
        if party is not None:
            whose = possessive(session.party_label(party))
            said = f"Note {outcome.note_id} added to {row.clause.ref}, about {whose} part."
            outcome = replace(outcome, message=said)
    else:
        try:
            # Kept until saved: a save refused (the server away) is tried again on
            # the same version, never over what someone saved meanwhile.
            outcome = desk.edit_note(note_id, text, session.editing_versions.get(note_id))
        except ConflictError as conflict:
            # Both kept: theirs as they saved it, the officer's words as a new note.
            added = desk.add_note(row.clause.ref, text, session.agreement.id, party=party)
            outcome = replace(
                added, message=f"{conflict.message} Your words were saved as a new note beside it."
            )
        except NotFoundError:
            # Deleted, or withdrawn by an undo, while the officer reworded it: what
            # they typed is still saved, as a note of its own.
            added = desk.add_note(row.clause.ref, text, session.agreement.id, party=party)
            outcome = replace(
                added,
                message=f"Note {note_id} was removed after you opened it. Your words were "
                f"saved as a new note on {row.clause.ref}.",
            )
        session.editing_versions.pop(note_id, None)
        session.editing_parties.pop(note_id, None)
    repaint = session.apply(outcome)
    progress = session.progress
    if rationale and progress is not None and progress.queue:
        # Scored and said why: on to the next clause the round still needs.
        moved = session.next_unassessed()
        repaint = repaint | moved if moved.current else repaint | Repaint(message=moved.message)
    return repaint


def note_text(session: DeskSession, note_id: int) -> str:
    """A note's words, to edit them."""
    row = session.current_row()
    if row is None:
        raise UserError("Choose a clause first.")
    desk = session.writer()
    # The version the edit starts from, read before the words: an edit saved on a
    # newer one keeps both (``save_note``), never writes over it.
    version = desk.note_version(note_id)
    for note in desk.notes(row.clause.ref, session.agreement.id):
        if note.id == note_id:
            session.editing_versions[note_id] = version
            session.editing_parties[note_id] = note.party
            return note.text
    raise UserError(f"There is no note {note_id} on {row.clause.ref}.")


def check_deletable(session: DeskSession, note_id: int) -> None:
    """Raise why a note cannot be deleted, before asking the officer to confirm."""
    session.writer().ensure_deletable(note_id)


def delete_note(session: DeskSession, note_id: int) -> Repaint:
    return session.apply(session.writer().delete_note(note_id))


def replay(session: DeskSession, redo: bool) -> Repaint:
    """Undo, or redo, the last action."""
    from vision_desk.services.journal import Direction

    desk = session.writer()
    return session.apply(desk.replay(Direction.REDO if redo else Direction.UNDO))


def open_round(session: DeskSession, title: str, as_of: dt.date) -> Repaint:
    session.writer()
    rounds = session.rounds
    assert rounds is not None  # writer() refused a session that is not live
    opened = rounds.open(title, as_of, session.agreement.id)
    repaint = session.reload()
    keys = session.keys("clause.next_unassessed")
    repaint |= Repaint(
        message=f"Round “{opened.title}” is open; {keys} walks the clauses not yet assessed."
    )
    current = session.current_row()
    if current is None or current.round_assessed is not False:
        moved = session.next_unassessed()
        repaint = repaint | moved if moved.current else repaint
    return repaint


def round_to_close(session: DeskSession) -> Progress:
    """The open round, to ask the officer before closing it; refused with none."""
    session.writer()
    if session.progress is None:
        raise UserError("No review round is open; there is nothing to close.")
    return session.progress


def close_round(session: DeskSession) -> tuple[Round, Repaint]:
    session.writer()
    rounds = session.rounds
    assert rounds is not None
    closed = rounds.close(session.agreement.id)
    repaint = session.reload() | Repaint(
        message=f"Round “{closed.title}” closed; content hash {closed.content_hash}."
    )
    return closed, repaint


def round_to_sign(session: DeskSession, step: Step) -> tuple[SignOff, bool]:
    """The round a step of sign-off is for (the last one closed), to ask the officer
    first, and whether the desk is one officer's own; refused at once, in one
    sentence, when the step cannot be taken."""
    from vision_desk.domain.signoff import refusal
    from vision_desk.services.signoff import SignOffs

    desk = session.writer()
    sign_offs = SignOffs(desk)
    target = sign_offs.target(None, session.agreement.id)
    reason = refusal(target, step, desk.author, one_officer=sign_offs.one_officer)
    if reason is not None:
        raise UserError(reason)
    return target, sign_offs.one_officer


def sign_round(session: DeskSession, round_id: int, step: Step) -> Repaint:
    from vision_desk.services.signoff import SignOffs

    desk = session.writer()
    signed = SignOffs(desk).take(step, round_id, session.agreement.id)
    if session.sign_off is None or session.sign_off.round.id <= signed.round.id:
        session.sign_off = signed  # the summary's line on the last round closed
    return Repaint(
        summary=True,
        message=f"Round “{signed.round.title}” is {signed.stage.label}; signed by "
        f"{desk.author} over content hash {signed.round.content_hash}.",
    )


# -- the agreement's events -------------------------------------------------------------


def event_standings(session: DeskSession) -> list[EventStanding]:
    """Signature and each event of the agreement on screen: its date or "not yet",
    the record that says so (note, who, when) and the clauses counted from it. Its
    ``version`` is what ``record_event`` is then made on."""
    return session.require_desk().events(session.agreement.id)


def record_event(
    session: DeskSession,
    event_id: str,
    date: dt.date,
    note: str,
    expected_version: int | None = None,
) -> Repaint:
    """Record the date an event happened, and how it is known; every deadline
    counted from it follows at once. With ``expected_version`` (the standing's, as
    shown), a record another officer made since is not followed blindly: refused
    (``ConflictError``) naming theirs."""
    desk = session.writer()
    outcome = desk.record_event(event_id, date, note, session.agreement.id, expected_version)
    return _events_taken(session, outcome)


def clear_event(
    session: DeskSession, event_id: str, note: str, expected_version: int | None = None
) -> Repaint:
    """Take an event back to "not yet" (its date was recorded by mistake), saying why."""
    desk = session.writer()
    outcome = desk.clear_event(event_id, note, session.agreement.id, expected_version)
    return _events_taken(session, outcome)


def _events_taken(session: DeskSession, outcome: EventOutcome) -> Repaint:
    from vision_desk.services.boards import dates_of

    desk = session.require_desk()
    recorded = desk.recorded_events(session.agreement.id)
    repaint = session.take_event_dates(dates_of(session.agreement, recorded.values()), recorded)
    return repaint | Repaint(message=outcome.message)
