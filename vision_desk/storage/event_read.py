"""The dates the officer recorded for an agreement's events, read in plain SQL.

Why records and not one row per event: the date an event happened moves every
deadline counted from it, so a change of it is evidence to keep, as a status's
history is. Each record is written once (``event_seals``), the latest of an event
(highest ``version``) counts, and a record with no date takes the event back to
"not yet" (recorded by mistake). Keeping them all also lets a closed round's board
be read as the round saw it: with the records made before it closed, never with
one made later (``known_at``). The version is the conflict check as well: a record
made on a version another officer has since moved on is refused, not written over
theirs (``Desk.record_event``).

No SQLAlchemy here: the desk's first board reads the records with the agreement,
before SQLAlchemy has loaded.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from vision_desk.domain.deadlines import EventRecord
from vision_desk.storage.plain_sql import PlainConnection


@dataclass(frozen=True, slots=True)
class RecordedEvent:
    """One record of an event: its date (None: taken back to "not yet"), the note
    saying how it is known, who recorded it when, and its version (1, 2, …)."""

    event_id: str
    date: dt.date | None
    note: str
    recorded_at: dt.datetime
    recorded_by: str
    version: int

    @property
    def record(self) -> EventRecord | None:
        """The domain's record, for ``deadlines.event_dates``; None when taken back."""
        return None if self.date is None else EventRecord(self.event_id, self.date, self.note)


_RECORDS = (
    "SELECT event_id, date, note, recorded_at, recorded_by, version FROM event_records "
    "WHERE agreement_id = ? AND recorded_at <= ? AND id <= ? ORDER BY event_id, version"
)
_HIGHEST = "SELECT max(id) FROM event_records WHERE agreement_id = ?"
# Above any record's id.
_EVERY_ID = 2**62
# Later than any time the store keeps (they are ISO text that sorts in time order).
_ALWAYS = "9999-12-31T23:59:59.999999+00:00"


def event_history(
    connection: PlainConnection,
    agreement_id: str,
    known_at: dt.datetime | None = None,
    up_to_id: int | None = None,
) -> list[RecordedEvent]:
    """Every record of the agreement's events, by event and oldest first; with
    ``known_at``, only those recorded by then; with ``up_to_id``, only those a
    closed round saw when it closed (``highest_id`` then)."""
    moment = _ALWAYS if known_at is None else _store_time(known_at)
    last = _EVERY_ID if up_to_id is None else up_to_id
    return [
        RecordedEvent(
            str(event_id),
            None if date is None else dt.date.fromisoformat(str(date)),
            str(note),
            dt.datetime.fromisoformat(str(at)),
            str(by),
            int(version),
        )
        for event_id, date, note, at, by, version in connection.execute(
            _RECORDS, (agreement_id, moment, last)
        )
    ]


def latest_records(
    connection: PlainConnection,
    agreement_id: str,
    known_at: dt.datetime | None = None,
    up_to_id: int | None = None,
) -> dict[str, RecordedEvent]:
    """The record that counts for each event ever recorded, by event id."""
    history = event_history(connection, agreement_id, known_at, up_to_id)
    return {record.event_id: record for record in history}


def highest_id(connection: PlainConnection, agreement_id: str) -> int:
    """The newest record's id (0: none yet): what a round closing has seen."""
    found = connection.execute(_HIGHEST, (agreement_id,)).fetchone()
    return 0 if found is None or found[0] is None else int(found[0])


def _store_time(moment: dt.datetime) -> str:
    """``moment`` as the store writes times (``models.UtcDateTime``), to compare as text."""
    if moment.utcoffset() is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC).isoformat(timespec="microseconds")
