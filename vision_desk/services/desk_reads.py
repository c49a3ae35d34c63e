"""Reading the store for the desk and the command line: agreements, the board, a
clause's notes and history. Every read is a snapshot; nothing here writes but the
agreement last used."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from vision_desk.domain.agreement import Agreement, Clause
from vision_desk.domain.review import BoardRow, Change, ClauseState, Note
from vision_desk.errors import NotFoundError
from vision_desk.services.boards import (
    LAST_AGREEMENT,
    Board,
    current_agreement_id,
    dates_of,
    read_board,
)
from vision_desk.storage import agreements as agreement_store
from vision_desk.storage import board_read, event_read
from vision_desk.storage import review as review_store
from vision_desk.storage.agreements import StoredAgreement
from vision_desk.storage.event_read import RecordedEvent
from vision_desk.storage.server_store import AnyStore, ServerStore


class DeskReads:
    @property
    def where(self) -> str:
        """The store as messages name it: the file's path, or the server's address
        without any password."""
        return self.store.where

    @property
    def server(self) -> str | None:
        """The team desk's server address as given (for a reader in another
        process); None when the desk is the officer's own file."""
        store = self.store
        if isinstance(store, ServerStore):
            return store.url.render_as_string(hide_password=False)
        return None

    def __init__(self, store: AnyStore) -> None:
        self.store = store
        self._agreements: dict[str, StoredAgreement] = {}

    # -- agreements ---------------------------------------------------------------

    def agreement_ids(self) -> list[str]:
        with self.store.read() as session:
            return agreement_store.agreement_ids(session)

    def current_agreement_id(self) -> str:
        """The agreement last used, else the first imported."""
        with self.store.snapshot() as connection:
            agreement_id = current_agreement_id(connection)
        if agreement_id is None:
            raise NotFoundError(
                "The store holds no agreement yet; import one with 'vision-desk import FILE'."
            )
        return agreement_id

    def use_agreement(self, agreement_id: str) -> Agreement:
        """Switch to an agreement, remembered as the one to open next time, except
        where the store takes no change (a copy pulled for a trip)."""
        agreement = self.stored(agreement_id).agreement
        if getattr(self.store, "refuse_writes", None) is None:
            with self.store.write() as session:
                review_store.put_setting(session, LAST_AGREEMENT, agreement_id)
        return agreement

    def forget_cache(self) -> None:
        """After a restore the store holds other rows: read agreements afresh."""
        self._agreements.clear()

    def stored(self, agreement_id: str | None = None) -> StoredAgreement:
        """An agreement with its clause ids; cached, since clauses never change."""
        agreement_id = agreement_id or self.current_agreement_id()
        cached = self._agreements.get(agreement_id)
        if cached is None:
            with self.store.read() as session:
                cached = agreement_store.load(session, agreement_id)
            if cached is None:
                known = ", ".join(str(known) for known in self.agreement_ids()) or "none"
                raise NotFoundError(
                    f"There is no agreement '{agreement_id}' in the store (known: {known})."
                )
            self._agreements[agreement_id] = cached
        return cached

    # -- reading ------------------------------------------------------------------

    def board(self, as_of: dt.date, agreement_id: str | None = None) -> Board:
        stored = self.stored(agreement_id)
        with self.store.snapshot() as connection:
            return read_board(connection, stored, as_of)

    def clause(self, ref: str, agreement_id: str | None = None) -> Clause:
        return self._resolve(ref, agreement_id)[1]

    def state(self, ref: str, agreement_id: str | None = None) -> ClauseState:
        stored, clause = self._resolve(ref, agreement_id)
        with self.store.read() as session:
            return review_store.state(session, stored.clause_ids[clause.ref])

    def notes(self, ref: str, agreement_id: str | None = None) -> list[Note]:
        stored, clause = self._resolve(ref, agreement_id)
        with self.store.snapshot() as connection:
            return board_read.notes_for(connection, stored.clause_ids[clause.ref], clause.ref)

    def notes_page(
        self, ref: str, skip: int, count: int, agreement_id: str | None = None
    ) -> list[Note]:
        """Live notes newest first: ``count`` of them after the newest ``skip``
        (what a list on screen reads as the officer scrolls)."""
        stored, clause = self._resolve(ref, agreement_id)
        with self.store.snapshot() as connection:
            return board_read.notes_for(
                connection, stored.clause_ids[clause.ref], clause.ref, slice(skip, skip + count)
            )

    def history_page(
        self, ref: str, skip: int, count: int, agreement_id: str | None = None
    ) -> tuple[list[Change], int]:
        """Changes newest first, ``count`` of them after the newest ``skip``; and
        how many there are in all."""
        stored, clause = self._resolve(ref, agreement_id)
        clause_id = stored.clause_ids[clause.ref]
        with self.store.snapshot() as connection:
            changes = board_read.changes_for(
                connection, clause_id, clause.ref, slice(skip, skip + count)
            )
            total = board_read.change_count(connection, clause_id)
        return changes, total

    def history(self, ref: str, agreement_id: str | None = None) -> list[Change]:
        stored, clause = self._resolve(ref, agreement_id)
        with self.store.snapshot() as connection:
            return board_read.changes_for(connection, stored.clause_ids[clause.ref], clause.ref)

    def note_words(self, agreement_id: str | None = None) -> dict[str, str]:
        """The live notes' words joined per clause reference (the search index's)."""
        stored = self.stored(agreement_id)
        with self.store.snapshot() as connection:
            words = board_read.note_words(connection, stored.agreement.id)
        return {stored.clause_refs[clause_id]: text for clause_id, text in words.items()}

    def remember(self, stored: StoredAgreement) -> None:
        """An agreement already read (the first board's): not read again."""
        self._agreements.setdefault(stored.agreement.id, stored)

    def row(
        self,
        ref: str,
        as_of: dt.date,
        agreement_id: str | None = None,
        event_dates: Mapping[str, dt.date] | None = None,
    ) -> BoardRow:
        """One clause as it stands: what a view refreshes after a change to it. With
        ``event_dates`` (the ones the view's board holds), they are not read again."""
        stored, clause = self._resolve(ref, agreement_id)
        clause_id = stored.clause_ids[clause.ref]
        with self.store.snapshot() as connection:
            state, count, assessed = board_read.clause_standing(
                connection, clause_id, stored.agreement.id
            )
            if event_dates is None:
                latest = event_read.latest_records(connection, stored.agreement.id)
                event_dates = dates_of(stored.agreement, latest.values())
        return BoardRow(clause, state, as_of, count, assessed, event_dates)

    # -- events -------------------------------------------------------------------

    def recorded_events(
        self,
        agreement_id: str | None = None,
        known_at: dt.datetime | None = None,
        up_to_id: int | None = None,
    ) -> dict[str, RecordedEvent]:
        """The record that counts for each event recorded (by ``known_at``, or among
        the records a closed round saw: ``up_to_id``), by event id."""
        stored = self.stored(agreement_id)
        with self.store.snapshot() as connection:
            return event_read.latest_records(connection, stored.agreement.id, known_at, up_to_id)

    def event_history(self, agreement_id: str | None = None) -> list[RecordedEvent]:
        """Every record of the agreement's events, by event and oldest first."""
        stored = self.stored(agreement_id)
        with self.store.snapshot() as connection:
            return event_read.event_history(connection, stored.agreement.id)

    def event_dates(
        self,
        agreement_id: str | None = None,
        known_at: dt.datetime | None = None,
        up_to_id: int | None = None,
    ) -> dict[str, dt.date]:
        """The known dates of the agreement's events, signature included, by id (as
        recorded by ``known_at``, or up to ``up_to_id``): what the board counts
        relative deadlines from."""
        stored = self.stored(agreement_id)
        recorded = self.recorded_events(agreement_id, known_at, up_to_id)
        return dates_of(stored.agreement, recorded.values())

    def setting(self, key: str) -> str | None:
        """A value the store keeps for the desk (its own settings table)."""
        with self.store.snapshot() as connection:
            return board_read.setting(connection, key)

    def last_change_id(self) -> int:
        with self.store.snapshot() as connection:
            return board_read.last_change_id(connection)

    def changes_after(
        self, last_id: int, agreement_id: str, up_to: int | None = None
    ) -> list[tuple[int, str, str]]:
        """(change id, clause reference, who) of the agreement's changes after
        ``last_id`` (up to ``up_to``), oldest first: what other officers did since."""
        stored = self.stored(agreement_id)
        with self.store.snapshot() as connection:
            found = board_read.changes_after(connection, stored.agreement.id, last_id, up_to)
        return [
            (change_id, stored.clause_refs[clause_id], author)
            for change_id, clause_id, author in found
        ]

    # -- helpers ------------------------------------------------------------------

    def _ref_of(self, clause_id: int) -> str:
        for stored in self._all_stored():
            if clause_id in stored.clause_refs:
                return stored.clause_refs[clause_id]
        raise NotFoundError(f"There is no clause with id {clause_id}.")  # pragma: no cover

    def _all_stored(self) -> list[StoredAgreement]:
        return [self.stored(agreement_id) for agreement_id in self.agreement_ids()]

    def _resolve(self, ref: str, agreement_id: str | None) -> tuple[StoredAgreement, Clause]:
        """Find a clause by reference: exactly, else ignoring case when that is unique."""
        stored = self.stored(agreement_id)
        clause = stored.agreement.clause(ref.strip())
        if clause is None:
            folded = [
                c for c in stored.agreement.clauses if c.ref.casefold() == ref.strip().casefold()
            ]
            if not folded:
                raise NotFoundError(
                    f"There is no clause '{ref}' in {stored.agreement.display_title}."
                )
            if len(folded) > 1:
                # Only a store that took such a pair before agreement files were
                # checked for it: never guess between them.
                named = " or ".join(f"'{c.ref}'" for c in folded)
                raise NotFoundError(
                    f"'{ref}' could be {named} in {stored.agreement.display_title}; "
                    "give the reference exactly as written."
                )
            clause = folded[0]
        return stored, clause
