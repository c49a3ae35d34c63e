"""Review rounds as the officer works them: open, walk the queue, close, compare.

Statuses set while a round is open are recorded in it by ``Desk.set_status``; this
module opens and closes rounds, reports progress, and reads what closed rounds
recorded, so that any two can be compared and the board seen as it stood.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from vision_desk.domain.party_status import replayed
from vision_desk.domain.review import BoardRow, ClauseState
from vision_desk.domain.rounds import (
    DEFAULT_CADENCE_DAYS,
    Round,
    RoundDiff,
    RoundRecord,
    content_hash,
    diff_rounds,
    next_review,
    refs_due_for_review,
)
from vision_desk.domain.rules import summarise
from vision_desk.domain.status import Status
from vision_desk.errors import NotFoundError, UserError
from vision_desk.services.boards import Board
from vision_desk.services.desk import Desk
from vision_desk.storage import event_records, history_read
from vision_desk.storage import evidence as evidence_store
from vision_desk.storage import review as review_store
from vision_desk.storage import rounds as rounds_store

MAX_TITLE = 200
# The smallest step of the store's times: "by the end of the day" is up to the last
# microsecond before midnight.
_MOMENT = dt.timedelta(microseconds=1)


@dataclass(frozen=True, slots=True)
class Progress:
    round: Round
    assessed: int
    total: int
    queue: tuple[str, ...]  # references not yet assessed, in document order

    @property
    def text(self) -> str:
        return f"{self.assessed} of {self.total} assessed"


@dataclass(frozen=True, slots=True)
class DueItem:
    """A clause due for review, and why: never assessed (``last_assessed`` None), or
    last assessed longer ago than its cadence."""

    row: BoardRow
    last_assessed: dt.date | None
    cadence_days: int  # its own, else its kind's
    next_review: dt.date | None  # None: due at once


@dataclass(frozen=True, slots=True)
class RoundReport:
    """A round and what it holds: the sealed record when closed, the assessments
    so far when open."""

    round: Round
    records: tuple[RoundRecord, ...]
    verified: bool | None  # closed: does the record still give the stored hash?


class Rounds:
    def __init__(self, desk: Desk) -> None:
        self.desk = desk

    # -- opening and closing ------------------------------------------------------

    def open(self, title: str, as_of: dt.date, agreement_id: str | None = None) -> Round:
        title = title.strip()
        if not title:
            raise UserError("A round needs a title, such as 'January 2021 review'.")
        if len(title) > MAX_TITLE:
            raise UserError(f"A round's title holds at most {MAX_TITLE} characters.")
        stored = self.desk.stored(agreement_id)
        with self.desk.store.write() as session:
            review_store.lock_rounds(session, stored.agreement.id, exclusive=True)
            current = rounds_store.open_for(session, stored.agreement.id)
            if current is not None:
                raise UserError(
                    f"Round {current.id} '{current.title}' is still open; close it before "
                    "opening another."
                )
            return rounds_store.open_round(
                session, stored.agreement.id, title, as_of, self.desk.clock(), self.desk.author
            )

    def close(self, agreement_id: str | None = None) -> Round:
        """Seal the open round: every clause's status is recorded (assessed in the
        round, or carried over), hashed, and made immutable. A backup comes first."""
        stored = self.desk.stored(agreement_id)
        current = self.current(stored.agreement.id)
        if current is None:
            raise UserError(
                f"No round of {stored.agreement.display_title} is open; there is nothing to close."
            )
        self.desk.backup_before("round-close")
        now = self.desk.clock()
        with self.desk.store.write() as session:
            review_store.lock_rounds(session, stored.agreement.id, exclusive=True)
            current = rounds_store.open_for(session, stored.agreement.id)
            if current is None:  # closed meanwhile by another window
                raise UserError("The round was closed meanwhile; nothing was changed.")
            assessed = rounds_store.assessments(session, current.id)
            states = review_store.board_states(session, stored.agreement.id)
            cited = evidence_store.cited_digests(session, stored.agreement.id)
            rationales = rounds_store.note_texts(
                session, [a.note_id for a in assessed.values() if a.note_id is not None]
            )
            records: list[tuple[int, RoundRecord]] = []
            for clause in stored.agreement.clauses:
                clause_id = stored.clause_ids[clause.ref]
                assessment = assessed.get(clause_id)
                if assessment is None:
                    state = states.get(clause_id, (ClauseState(), 0))[0]
                    record = RoundRecord(
                        clause.ref,
                        state.status,
                        carried_over=True,
                        parts=state.parts,
                        evidence=tuple(cited.get(clause_id, ())),
                    )
                else:
                    record = RoundRecord(
                        clause.ref,
                        assessment.status,
                        carried_over=False,
                        assessed_at=assessment.assessed_at,
                        assessed_by=assessment.assessed_by,
                        rationale=rationales.get(assessment.note_id)
                        if assessment.note_id
                        else None,
                        parts=assessment.parts,
                        evidence=tuple(cited.get(clause_id, ())),
                    )
                records.append((clause_id, record))
            digest = content_hash(current, [record for _, record in records])
            # Event records wait for the closing (the round lock), so this is every
            # record made before it and none made after.
            seen = event_records.highest_id(session, stored.agreement.id)
            rounds_store.close(
                session, current.id, records, digest, now, self.desk.author, events_seen=seen
            )
            closed = rounds_store.get(session, current.id)
        assert closed is not None
        return closed

    # -- reading ------------------------------------------------------------------

    def current(self, agreement_id: str | None = None) -> Round | None:
        stored = self.desk.stored(agreement_id)
        with self.desk.store.read() as session:
            return rounds_store.open_for(session, stored.agreement.id)

    def all(self, agreement_id: str | None = None) -> list[Round]:
        stored = self.desk.stored(agreement_id)
        with self.desk.store.read() as session:
            return rounds_store.all_rounds(session, stored.agreement.id)

    def get(self, round_id: int) -> Round:
        with self.desk.store.read() as session:
            found = rounds_store.get(session, round_id)
        if found is None:
            raise NotFoundError(
                f"There is no round {round_id}; 'vision-desk round list' shows them."
            )
        return found

    def report(self, round_id: int) -> RoundReport:
        round_ = self.get(round_id)
        stored = self.desk.stored(round_.agreement_id)
        with self.desk.store.read() as session:
            if round_.is_open:
                assessed = rounds_store.assessments(session, round_.id)
                texts = rounds_store.note_texts(
                    session, [a.note_id for a in assessed.values() if a.note_id is not None]
                )
                records = [
                    RoundRecord(
                        stored.clause_refs[clause_id],
                        a.status,
                        False,
                        a.assessed_at,
                        a.assessed_by,
                        texts.get(a.note_id) if a.note_id else None,
                        a.parts,
                    )
                    for clause_id, a in assessed.items()
                ]
            else:
                records = rounds_store.records(session, round_.id)
        # In document order, as the board shows them (the hash sorts for itself).
        order = {clause.ref: position for position, clause in enumerate(stored.agreement.clauses)}
        records.sort(key=lambda record: order.get(record.ref, len(order)))
        verified = None if round_.is_open else content_hash(round_, records) == round_.content_hash
        return RoundReport(round_, tuple(records), verified)

    def progress(self, agreement_id: str | None = None) -> Progress | None:
        """How far the open round has got, and its queue; None with no open round."""
        stored = self.desk.stored(agreement_id)
        with self.desk.store.read() as session:
            current = rounds_store.open_for(session, stored.agreement.id)
            if current is None:
                return None
            assessed = rounds_store.assessments(session, current.id)
        queue = tuple(
            clause.ref
            for clause in stored.agreement.clauses
            if stored.clause_ids[clause.ref] not in assessed
        )
        total = len(stored.agreement.clauses)
        return Progress(current, total - len(queue), total, queue)

    def diff(
        self, first: int | None = None, second: int | None = None, agreement_id: str | None = None
    ) -> RoundDiff:
        """Compare two closed rounds (default: the last two closed)."""
        if (first is None) != (second is None):
            raise UserError("Give two round ids to compare, or none for the last two closed.")
        if first is None or second is None:
            stored = self.desk.stored(agreement_id)
            with self.desk.store.read() as session:
                closed = rounds_store.closed_rounds(session, stored.agreement.id)
            if len(closed) < 2:
                raise UserError(
                    f"Comparing needs two closed rounds; {len(closed)} "
                    f"{'is' if len(closed) == 1 else 'are'} closed so far."
                )
            earlier, later = closed[-2], closed[-1]
        else:
            earlier, later = self.get(first), self.get(second)
            for round_ in (earlier, later):
                if round_.is_open:
                    raise UserError(
                        f"Round {round_.id} is still open; only closed rounds can be compared."
                    )
            if earlier.id == later.id:
                raise UserError(f"Round {earlier.id} is the same round; give two to compare.")
            if earlier.agreement_id != later.agreement_id:
                raise UserError("Those rounds review different agreements.")
            if later.id < earlier.id:  # the order they were held in, as closed_rounds
                earlier, later = later, earlier
        stored = self.desk.stored(earlier.agreement_id)
        return diff_rounds(
            stored.agreement.clauses,
            earlier,
            self._statuses(earlier.id),
            later,
            self._statuses(later.id),
            self.event_dates_of(earlier),
            self.event_dates_of(later),
        )

    def event_dates_of(self, round_: Round) -> dict[str, dt.date]:
        """The event dates a round counted deadlines from: those recorded before it
        closed (all of them while it is open). A date recorded later does not
        change what a closed round showed, nor its memo, nor its comparisons."""
        if round_.is_open:
            return self.desk.event_dates(round_.agreement_id)
        # The records it saw when it closed, by id: never by comparing the times
        # of two officers' computers. A round closed before records existed saw none.
        return self.desk.event_dates(round_.agreement_id, up_to_id=round_.events_seen or 0)

    def _statuses(self, round_id: int) -> dict[str, Status]:
        with self.desk.store.read() as session:
            return rounds_store.record_statuses(session, round_id)

    # -- the board as it stood -----------------------------------------------------

    def board_at_round(self, round_id: int) -> Board:
        """The board as a closed round recorded it, as of the round's date."""
        round_ = self.get(round_id)
        if round_.is_open:
            raise UserError(f"Round {round_id} is still open; its board is the live one.")
        stored = self.desk.stored(round_.agreement_id)
        with self.desk.store.read() as session:
            sealed = {record.ref: record for record in rounds_store.records(session, round_.id)}
        dates = self.event_dates_of(round_)
        rows = []
        for clause in stored.agreement.clauses:
            record = sealed.get(clause.ref)
            state = (
                ClauseState(
                    record.status, record.assessed_at, record.assessed_by, parts=record.parts
                )
                if record
                else ClauseState()
            )
            rows.append(BoardRow(clause, state, round_.as_of, event_dates=dates))
        summary = summarise(((row.clause, row.status) for row in rows), round_.as_of, dates)
        return Board(stored.agreement, round_.as_of, tuple(rows), summary, event_dates=dates)

    def board_on(self, day: dt.date, agreement_id: str | None = None) -> Board:
        """The board as it stood at the end of ``day``, rebuilt from the history: its
        statuses, and the event dates recorded by then."""
        stored = self.desk.stored(agreement_id)
        end = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(), tzinfo=dt.UTC)
        with self.desk.store.read() as session:
            lines = history_read.status_lines_before(session, stored.agreement.id, end)
        statuses: dict[int, ClauseState] = {}
        clauses = {stored.clause_ids[clause.ref]: clause for clause in stored.agreement.clauses}
        # When and by whom each clause's last party line was written: a status line
        # of the same action is the overall status its parts gave.
        party_lines: dict[int, tuple[dt.datetime, str]] = {}
        for line in lines:
            before = statuses.get(line.clause_id, ClauseState())
            if line.party is None and party_lines.get(line.clause_id) != (line.at, line.by):
                # A status of the whole clause, on its own: the desk takes none on a
                # clause assessed per party, so it was whole then (an undo may have
                # made it whole again with no line of its own to say so).
                before = ClauseState()
            elif line.party is not None:
                party_lines[line.clause_id] = (line.at, line.by)
            statuses[line.clause_id] = replayed(
                clauses[line.clause_id], before, line.party, line.after, line.at, line.by
            )
        # Recorded before the day ended (a record's time is ISO text: "<" is "before").
        dates = self.desk.event_dates(stored.agreement.id, known_at=end - _MOMENT)
        rows = tuple(
            BoardRow(
                clause,
                statuses.get(stored.clause_ids[clause.ref], ClauseState()),
                day,
                event_dates=dates,
            )
            for clause in stored.agreement.clauses
        )
        summary = summarise(((row.clause, row.status) for row in rows), day, dates)
        return Board(stored.agreement, day, rows, summary, event_dates=dates)

    # -- the review schedule ---------------------------------------------------------

    def cadences(self, agreement_id: str | None = None) -> dict[str, int]:
        """The clauses that have their own review cadence, in days, by reference."""
        stored = self.desk.stored(agreement_id)
        with self.desk.store.read() as session:
            own = rounds_store.cadences(session, list(stored.clause_refs))
        return {stored.clause_refs[clause_id]: days for clause_id, days in own.items()}

    def last_assessed(self, agreement_id: str | None = None) -> dict[str, dt.datetime]:
        """When each clause was last assessed in a round, by reference (only those
        ever assessed in one)."""
        stored = self.desk.stored(agreement_id)
        with self.desk.store.read() as session:
            latest = rounds_store.last_assessed(session, stored.agreement.id)
        return {stored.clause_refs[clause_id]: at for clause_id, at in latest.items()}

    def due_for_review(self, today: dt.date, agreement_id: str | None = None) -> list[str]:
        """References due for review today, in document order."""
        board = self.desk.board(today, agreement_id)
        return refs_due_for_review(
            board.rows, self.cadences(agreement_id), today, self.last_assessed(agreement_id)
        )

    def due_items(self, today: dt.date, agreement_id: str | None = None) -> list[DueItem]:
        """The clauses ``due_for_review`` names, in document order, with the dates
        that make them due (read as ``refs_due_for_review`` reads them)."""
        board = self.desk.board(today, agreement_id)
        own, assessed = self.cadences(agreement_id), self.last_assessed(agreement_id)
        due = set(refs_due_for_review(board.rows, own, today, assessed))
        items = []
        for row in board.rows:
            ref = row.clause.ref
            if ref not in due:
                continue
            last = None
            if row.status is not Status.NOT_ASSESSED:
                known = [m for m in (row.state.changed_at, assessed.get(ref)) if m is not None]
                last = max(known).date() if known else None
            days = own.get(ref, DEFAULT_CADENCE_DAYS[row.clause.kind])
            items.append(DueItem(row, last, days, next_review(row.clause, last, days)))
        return items

    def set_cadence(self, ref: str, days: int | None, agreement_id: str | None = None) -> None:
        if days is not None and not 1 <= days <= 3650:
            raise UserError("A review cadence is between 1 and 3,650 days.")
        stored = self.desk.stored(agreement_id)
        clause = self.desk.clause(ref, stored.agreement.id)
        with self.desk.store.write() as session:
            rounds_store.set_cadence(session, stored.clause_ids[clause.ref], days)
