"""The officer's use cases: read the board, set statuses, write notes, undo.

Each method is one user action and one transaction. Methods that change something
return an ``Outcome`` saying what changed, so that a window can refresh just that
(Anki's "operations return changes" pattern) and a command line can report it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from vision_desk.domain.note_text import checked_note_text
from vision_desk.domain.party_status import describe_parts, find_party, part_of, with_part
from vision_desk.domain.review import ChangeKind
from vision_desk.domain.status import Status, parse_status, scale_for
from vision_desk.domain.typed_dates import display_moment
from vision_desk.errors import ConflictError, NotFoundError, UserError
from vision_desk.services import journal, journal_versions
from vision_desk.services.conflicts import status_conflict
from vision_desk.services.desk_events import DeskEvents
from vision_desk.storage import review as review_store
from vision_desk.storage import rounds as rounds_store
from vision_desk.storage.backup import make_backup
from vision_desk.storage.server_store import AnyStore
from vision_desk.storage.store import Store, Transaction


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@dataclass(frozen=True, slots=True)
class Outcome:
    """What an action changed, for the status bar and for refreshing views."""

    message: str
    clause_ref: str | None = None
    status_changed: bool = False
    notes_changed: bool = False
    note_id: int | None = None


class Desk(DeskEvents):
    """The reads (``DeskReads``), and the changes an officer makes, signed: statuses
    and notes here, the dates of the agreement's events in ``DeskEvents``."""

    def __init__(
        self,
        store: AnyStore,
        author: str,
        clock: Callable[[], dt.datetime] = utc_now,
        backups: Path | None = None,
    ) -> None:
        super().__init__(store)
        self.author = author
        self.clock = clock
        self.backups = backups  # where backups go before risky actions; None: none made

    @property
    def on_server(self) -> bool:
        """A team desk: each officer undoes and redoes their own actions only."""
        return not isinstance(self.store, Store)

    @property
    def own_journal(self) -> str | None:
        """Whose redo chain a new action ends: on a team desk, the officer's own."""
        return self.author if self.on_server else None

    def backup_before(self, reason: str) -> None:
        """A verified backup of the officer's file before a risky action, when the
        desk keeps backups (a server desk's are the server's own)."""
        if self.backups is not None and isinstance(self.store, Store):
            make_backup(self.store.path, self.backups, reason, self.clock())

    # -- changing -----------------------------------------------------------------

    def set_status(
        self,
        ref: str,
        status: Status | str,
        note: str | None = None,
        agreement_id: str | None = None,
        expected_version: int | None = None,
        party: str | None = None,
    ) -> Outcome:
        """Set a clause's status (and add a note with it). With ``expected_version``,
        the state's version the officer was looking at: if someone else has changed
        it since, nothing is written and ``ConflictError`` says who, when and what.

        With ``party`` (a code or a name), set that party's part of a clause that
        binds several; the clause's status is then derived from its parts
        (``party_status``), and the note is about that party's part. A clause
        assessed per party takes no status for the whole."""
        stored, clause = self._resolve(ref, agreement_id)
        new = status if isinstance(status, Status) else parse_status(status, clause)
        if new not in scale_for(clause.kind):
            new = parse_status(new.value, clause)  # raises the scale error
        code = None if party is None else find_party(stored.agreement, clause, party)
        text = checked_note_text(note) if note is not None else None
        clause_id = stored.clause_ids[clause.ref]
        now = self.clock()
        with self.store.write() as session:
            review_store.lock_rounds(session, stored.agreement.id, exclusive=False)
            review_store.lock_clause(session, clause_id)
            current = review_store.state(session, clause_id)
            if expected_version is not None and current.version != expected_version:
                refusal = status_conflict(stored.agreement, clause, current, new, code)
                raise ConflictError(refusal, current)
            if code is None and current.parts:
                raise UserError(
                    f"{clause.ref} is assessed per party "
                    f"({describe_parts(stored.agreement, current.parts)}); set one "
                    "party's status, and the clause's follows from them."
                )
            before = current.status
            parts, after = ((), new) if code is None else with_part(clause, current, code, new)
            part_before = None if code is None else part_of(current, code)
            round_ = rounds_store.open_for(session, stored.agreement.id)
            prior = rounds_store.assessment(session, round_.id, clause_id) if round_ else None
            # In an open round, confirming an unchanged status is still an assessment.
            confirmed = round_ is None or (
                prior is not None and prior.status is after and prior.parts == parts
            )
            unchanged = before is after and current.parts == parts
            if unchanged and text is None and confirmed:
                whose = "" if code is None else f" for {stored.agreement.party_name(code)}"
                return Outcome(f"{clause.ref} is already {new.label.lower()}{whose}.", clause.ref)
            scrubbed = journal.discard_redo(
                session, now, self.own_journal
            )  # a new action ends the redo chain
            note_id = None
            if not unchanged:
                review_store.put_state(session, clause_id, after, now, self.author, parts)
            if part_before is not None and part_before is not new:
                review_store.append_change(
                    session,
                    clause_id,
                    ChangeKind.PARTY_STATUS,
                    part_before,
                    new,
                    now,
                    self.author,
                    party=code,
                )
            if before is not after:
                review_store.append_change(
                    session, clause_id, ChangeKind.STATUS, before, after, now, self.author
                )
            if text is not None:
                note_id = review_store.add_note(session, clause_id, text, now, self.author, code)
                review_store.append_change(
                    session, clause_id, ChangeKind.NOTE_ADDED, None, str(note_id), now, self.author
                )
            payload: dict[str, object] = {
                "before": before.value,
                "after": after.value,
                "note_id": note_id,
                "parts_before": journal.parts_payload(current.parts),
                "parts_after": journal.parts_payload(parts),
            }
            if round_ is not None:
                assessed = rounds_store.Assessment(
                    clause_id, after, note_id, now, self.author, parts
                )
                rounds_store.put_assessment(session, round_.id, assessed, clause_id)
                payload |= journal.round_payload(round_.id, prior, assessed)
            started = {journal_versions.STATUS: current.version}
            journal.record(
                session,
                journal.SET_STATUS,
                clause_id,
                payload,
                started,
                now,
                self.author,
                self.own_journal,
            )
        self._after_scrub(scrubbed)
        in_round = f" (round '{round_.title}')" if round_ is not None else ""
        moved = f"{before.label} → {after.label}"
        if code is not None and part_before is not None:
            moved = (
                f"{stored.agreement.party_name(code)} {part_before.label} → {new.label}; "
                f"overall {after.label}"
            )
        return Outcome(
            f"{clause.ref}: {moved}{in_round}.",
            clause.ref,
            status_changed=not unchanged,
            notes_changed=note_id is not None,
            note_id=note_id,
        )

    def add_note(
        self,
        ref: str,
        text: str,
        agreement_id: str | None = None,
        rationale: bool = False,
        party: str | None = None,
    ) -> Outcome:
        """Add a note (with ``party``, a code or a name: about that party's part).
        With ``rationale``, it also becomes the reason recorded with the clause's
        assessment in the open round (the desk's "score, then say why")."""
        stored, clause = self._resolve(ref, agreement_id)
        code = None if party is None else find_party(stored.agreement, clause, party)
        text = checked_note_text(text)
        clause_id = stored.clause_ids[clause.ref]
        now = self.clock()
        with self.store.write() as session:
            scrubbed = journal.discard_redo(
                session, now, self.own_journal
            )  # a new action ends the redo chain
            note_id = review_store.add_note(session, clause_id, text, now, self.author, code)
            review_store.append_change(
                session, clause_id, ChangeKind.NOTE_ADDED, None, str(note_id), now, self.author
            )
            payload: dict[str, object] = {"note_id": note_id}
            if rationale:
                # The round's assessment is read and written again with the reason:
                # held, as a status change holds it, so that none made meanwhile by
                # another officer is written over.
                review_store.lock_rounds(session, stored.agreement.id, exclusive=False)
                review_store.lock_clause(session, clause_id)
            round_ = rounds_store.open_for(session, stored.agreement.id) if rationale else None
            prior = rounds_store.assessment(session, round_.id, clause_id) if round_ else None
            if round_ is not None and prior is not None:
                reasoned = replace(prior, note_id=note_id)
                rounds_store.put_assessment(session, round_.id, reasoned, clause_id)
                payload |= journal.round_payload(round_.id, prior, reasoned)
            # A new note: no entry waits on it yet.
            journal.record(
                session,
                journal.ADD_NOTE,
                clause_id,
                payload,
                {},
                now,
                self.author,
                self.own_journal,
            )
        self._after_scrub(scrubbed)
        return Outcome(
            f"Note {note_id} added to {clause.ref}.",
            clause.ref,
            notes_changed=True,
            note_id=note_id,
        )

    def note_version(self, note_id: int) -> int:
        """The note's version now: what an edit started now is made on."""
        with self.store.read() as session:
            return self._live_note(session, note_id).version

    def edit_note(self, note_id: int, text: str, expected_version: int | None = None) -> Outcome:
        """Replace a note's words. With ``expected_version`` (the version the editing
        started from), an edit someone else saved meanwhile is never written over:
        ``ConflictError``, nothing written."""
        text = checked_note_text(text)
        now = self.clock()
        with self.store.write() as session:
            _lock_note(session, note_id)
            record = self._live_note(session, note_id)
            if expected_version is not None and record.version != expected_version:
                who = review_store.last_editor(session, note_id) or "someone"
                when = f" at {display_moment(record.edited_at)} UTC" if record.edited_at else ""
                raise ConflictError(
                    f"Note {note_id} was edited by {who}{when} after you opened it.", record.text
                )
            if record.text == text:
                return Outcome(
                    f"Note {note_id} is unchanged.", self._ref_of(record.clause_id), note_id=note_id
                )
            scrubbed = journal.discard_redo(
                session, now, self.own_journal
            )  # a new action ends the redo chain
            revision = review_store.replace_note_text(session, note_id, text, now, self.author)
            review_store.append_change(
                session,
                record.clause_id,
                ChangeKind.NOTE_EDITED,
                str(note_id),
                str(note_id),
                now,
                self.author,
            )
            journal.record(
                session,
                journal.EDIT_NOTE,
                record.clause_id,
                {"note_id": note_id, "revision": revision},
                {journal_versions.NOTE: record.version},
                now,
                self.author,
                self.own_journal,
            )
        self._after_scrub(scrubbed)
        ref = self._ref_of(record.clause_id)
        return Outcome(f"Note {note_id} on {ref} edited.", ref, notes_changed=True, note_id=note_id)

    def ensure_deletable(self, note_id: int) -> None:
        """Raise the reason a note cannot be deleted, if there is one: what the desk
        asks before it offers to delete, and ``delete_note`` checks again."""
        with self.store.read() as session:
            self._live_note(session, note_id)
            _refuse_if_sealed(session, note_id)

    def delete_note(self, note_id: int) -> Outcome:
        """Delete a note for good: the words are scrubbed from the store (not undoable;
        the desk asks for confirmation first). Refused for a note a closed round
        recorded as a reason: the sealed record would keep the words."""
        now = self.clock()
        with self.store.write() as session:
            _lock_note(session, note_id)  # as an edit, an undo or a redo of it does
            record = self._live_note(session, note_id)
            _refuse_if_sealed(session, note_id)
            review_store.scrub_note(session, note_id, now)
            review_store.append_change(
                session,
                record.clause_id,
                ChangeKind.NOTE_DELETED,
                str(note_id),
                None,
                now,
                self.author,
            )
            journal.forget_note(session, note_id)
        self._after_scrub(True)
        ref = self._ref_of(record.clause_id)
        return Outcome(
            f"Note {note_id} on {ref} deleted.", ref, notes_changed=True, note_id=note_id
        )

    def undo(self) -> Outcome:
        return self.replay(journal.Direction.UNDO)

    def redo(self) -> Outcome:
        return self.replay(journal.Direction.REDO)

    def replay(self, direction: journal.Direction) -> Outcome:
        """Undo or redo the next action in the journal, one way or the other."""
        with self.store.write() as session:
            result = journal.replay(
                session, direction, self.clock(), self.author, own_only=self.on_server
            )
        return self._outcome(result, direction.past)

    # -- helpers ------------------------------------------------------------------

    def _after_scrub(self, scrubbed: bool) -> None:
        """Once a transaction that scrubbed words has committed, empty the WAL: its
        earlier frames still hold them (the main file no longer does)."""
        if scrubbed:
            self.store.checkpoint()

    def _outcome(self, result: journal.Replayed, verb: str) -> Outcome:
        ref = self._ref_of(result.clause_id)
        return Outcome(
            f"{verb}: {result.description} on {ref}.",
            ref,
            status_changed=result.status_changed,
            notes_changed=result.notes_changed,
        )

    def _live_note(self, session: Transaction, note_id: int) -> review_store.NoteRecord:
        record = review_store.note_record(session, note_id)
        if record is None or record.removed is not None:
            raise NotFoundError(f"There is no note {note_id}.")
        return record


def _lock_note(session: Transaction, note_id: int) -> None:
    # Held before the note is read: what is checked is the version committed, and
    # no undo or redo of another officer's changes the note until this is written.
    clause_id = review_store.note_clause(session, note_id)
    if clause_id is not None:
        review_store.lock_clause(session, clause_id)


def _refuse_if_sealed(session: Transaction, note_id: int) -> None:
    # The simpler honest answer than keeping a digest in the record: a sealed
    # round cannot forget, so saying "deleted" would not be true.
    sealed = rounds_store.sealing_reason(session, note_id)
    if sealed is not None:
        round_, ref = sealed
        raise UserError(
            f"Note {note_id} cannot be deleted: round {round_.id} '{round_.title}' recorded "
            f"it as the reason for {ref}, and a closed round is sealed."
        )
