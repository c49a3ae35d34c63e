"""The dates an agreement's events happened, as the officer records them.

A deadline such as "30 days after the release of prisoners" waits until the
officer records when the prisoners were released, with a note saying how that is
known. Recording it (or correcting it, or taking it back to "not yet") adds a
record; nothing is written over (``storage.event_read`` says why). On a team desk
a record made on what another officer has since recorded is refused, naming
theirs, as a status is.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from vision_desk.domain.agreement import SIGNATURE, SIGNATURE_EVENT, Agreement, Event
from vision_desk.domain.deadlines import resolve_clause
from vision_desk.domain.note_text import checked_note_text
from vision_desk.domain.typed_dates import display_moment, long_date
from vision_desk.errors import ConflictError, NotFoundError, UserError
from vision_desk.services.desk_reads import DeskReads
from vision_desk.storage import event_records
from vision_desk.storage import review as review_store
from vision_desk.storage.agreements import StoredAgreement
from vision_desk.storage.event_read import RecordedEvent


@dataclass(frozen=True, slots=True)
class EventOutcome:
    """What recording an event did, said in one sentence (``message``)."""

    message: str
    event_id: str
    changed: bool = True


@dataclass(frozen=True, slots=True)
class EventStanding:
    """One event of an agreement as it stands: its date (None: not yet), the record
    that says so, and the clauses whose deadlines count from it."""

    event: Event
    date: dt.date | None
    recorded: RecordedEvent | None
    clauses: tuple[str, ...]

    @property
    def is_signature(self) -> bool:
        """Signature is dated by the agreement itself; it is never recorded."""
        return self.event.id == SIGNATURE

    @property
    def version(self) -> int:
        """The version a new record of this event is made on (0: none yet)."""
        return 0 if self.recorded is None else self.recorded.version


def standings(agreement: Agreement, latest: Mapping[str, RecordedEvent]) -> list[EventStanding]:
    """Signature, then each event the agreement declares, in its order."""
    result = [
        EventStanding(SIGNATURE_EVENT, agreement.date, None, _counting_from(agreement, SIGNATURE))
    ]
    for event in agreement.events:
        recorded = latest.get(event.id)
        date = None if recorded is None else recorded.date
        result.append(EventStanding(event, date, recorded, _counting_from(agreement, event.id)))
    return result


def said(event: Event) -> str:
    """The event's label at the start of a sentence: "The release of prisoners"."""
    return event.label[:1].upper() + event.label[1:]


class DeskEvents(DeskReads):
    """The events of an agreement: reading where they stand, and recording them (a
    part of ``Desk``; its attributes are declared here for the type checker)."""

    author: str
    clock: Callable[[], dt.datetime]

    def events(self, agreement_id: str | None = None) -> list[EventStanding]:
        stored = self.stored(agreement_id)
        return standings(stored.agreement, self.recorded_events(stored.agreement.id))

    def record_event(
        self,
        event_id: str,
        date: dt.date,
        note: str,
        agreement_id: str | None = None,
        expected_version: int | None = None,
    ) -> EventOutcome:
        """Record that the event happened on ``date``, and how that is known. With
        ``expected_version`` (``EventStanding.version`` as the officer saw it), a
        record someone else made since is never followed blindly: ``ConflictError``
        naming theirs, nothing written."""
        stored = self.stored(agreement_id)
        agreement = stored.agreement
        event = recordable(agreement, event_id)
        if date < agreement.date:
            raise UserError(
                f"{said(event)} cannot have happened on {long_date(date)}, before "
                f"{agreement.display_title} was signed on {long_date(agreement.date)}; "
                "nothing was recorded."
            )
        return self._add_record(stored, event, date, _event_note(note), expected_version)

    def clear_event(
        self,
        event_id: str,
        note: str,
        agreement_id: str | None = None,
        expected_version: int | None = None,
    ) -> EventOutcome:
        """Take the event back to "not yet" (a date recorded by mistake), saying why:
        the deadlines counted from it wait again. The earlier records are kept."""
        stored = self.stored(agreement_id)
        event = recordable(stored.agreement, event_id)
        return self._add_record(stored, event, None, _event_note(note), expected_version)

    def _add_record(
        self,
        stored: StoredAgreement,
        event: Event,
        date: dt.date | None,
        note: str,
        expected_version: int | None,
    ) -> EventOutcome:
        agreement = stored.agreement
        now = self.clock()
        with self.store.write() as session:
            # As a status change does: a round closing waits for this record, and
            # it for the closing, so the record is on one side of it, never astride.
            review_store.lock_rounds(session, agreement.id, exclusive=False)
            event_records.lock_event(session, agreement.id, event.id)
            current = event_records.latest(session, agreement.id, event.id)
            version = 0 if current is None else current.version
            if expected_version is not None and version != expected_version:
                raise ConflictError(conflict_message(event, current), current)
            known = None if current is None else current.date
            if date is None and known is None:
                return EventOutcome(
                    f"{said(event)} has no date recorded; nothing was changed.", event.id, False
                )
            if current is not None and known is not None and (known, current.note) == (date, note):
                return EventOutcome(
                    f"{said(event)} is already recorded as {long_date(known)} with that note; "
                    "nothing was changed.",
                    event.id,
                    False,
                )
            event_records.add_record(
                session, agreement.id, event.id, date, note, now, self.author, version + 1
            )
        return EventOutcome(_recorded_message(agreement, event, date, known), event.id)


def recordable(agreement: Agreement, event_id: str) -> Event:
    """The agreement's event named ``event_id``; refused for signature (the
    agreement dates it) and for an event it does not declare."""
    wanted = event_id.strip().lower()
    if wanted == SIGNATURE:
        raise UserError(
            f"Signature is dated by the agreement ({long_date(agreement.date)}); it is not "
            "recorded as an event."
        )
    event = agreement.event(wanted)
    if event is None:
        known = ", ".join(each.id for each in agreement.events)
        listed = f"its events are {known}" if known else "it declares none"
        raise NotFoundError(f"'{event_id}' is no event of {agreement.display_title}; {listed}.")
    return event


def conflict_message(event: Event, theirs: RecordedEvent | None) -> str:
    if theirs is None:  # pragma: no cover - records are never removed
        return f"{said(event)} is not at the version you read; nothing was recorded."
    what = "not yet" if theirs.date is None else long_date(theirs.date)
    return (
        f"{said(event)} was recorded as {what} by {theirs.recorded_by} at "
        f"{display_moment(theirs.recorded_at)} UTC after you read it; yours was not recorded."
    )


def _event_note(note: str) -> str:
    if not note.strip():
        raise UserError(
            "Say in a note how the date is known (a report, a statement); nothing was recorded."
        )
    return checked_note_text(note)


def _counting_from(agreement: Agreement, event_id: str) -> tuple[str, ...]:
    return tuple(
        clause.ref
        for clause in agreement.clauses
        if clause.relative_due is not None and clause.relative_due.anchor == event_id
    )


def _recorded_message(
    agreement: Agreement, event: Event, date: dt.date | None, before: dt.date | None
) -> str:
    """ "The release of prisoners: 1 June 2020 (was not yet). HA-5 due 1 July 2020." """
    was = "not yet" if before is None else long_date(before)
    now = "not yet" if date is None else long_date(date)
    # The same date with another note: a correction of how it is known.
    was = "the same date, with a new note" if before == date else f"was {was}"
    dates = {event.id: date} if date is not None else {}
    due = []
    for ref in _counting_from(agreement, event.id):
        clause = agreement.clause(ref)
        resolved = None if clause is None else resolve_clause(agreement, clause, dates)
        if resolved is not None:
            due.append(
                f"{ref} {'waits' if resolved.date is None else 'due ' + long_date(resolved.date)}"
            )
    # A status bar's line: the first few, and how many more (an event may count
    # thousands of deadlines).
    shown = due[:MESSAGE_CLAUSES]
    more = f"; and {len(due) - len(shown)} more" if len(due) > len(shown) else ""
    counted = f" {'; '.join(shown)}{more}." if due else ""
    return f"{said(event)}: {now} ({was}).{counted}"


MESSAGE_CLAUSES = 5
