"""Recording the date an event happened: a new record, never a change to one
(``event_read`` says why)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import text
from sqlalchemy.orm import Session

from vision_desk.storage import event_read
from vision_desk.storage.event_read import RecordedEvent, latest_records
from vision_desk.storage.models import EventRecordRow
from vision_desk.storage.session import driver_connection

# The advisory locks' first key for events ("VE"), beside the clauses' and rounds'.
EVENT_LOCKS = 0x5645


def lock_event(session: Session, agreement_id: str, event_id: str) -> None:
    """Hold the event against other writers until the transaction ends, so that the
    version read next is the one the new record follows. SQLite's writer holds the
    whole file already (``BEGIN IMMEDIATE``); a server takes a lock on the event
    that ends with the transaction. Should two records still meet, the store's
    uniqueness of (agreement, event, version) refuses the second."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(
            text("SELECT pg_advisory_xact_lock(:space, hashtext(:event))"),
            {"space": EVENT_LOCKS, "event": f"{agreement_id}\x1f{event_id}"},
        )


def latest(session: Session, agreement_id: str, event_id: str) -> RecordedEvent | None:
    """The record that counts for the event now, as this transaction sees it."""
    return latest_records(driver_connection(session), agreement_id).get(event_id)


def add_record(
    session: Session,
    agreement_id: str,
    event_id: str,
    date: dt.date | None,
    note: str,
    at: dt.datetime,
    by: str,
    version: int,
) -> None:
    """A record of the event, ``version`` one more than the latest's (1: the first)."""
    session.add(
        EventRecordRow(
            agreement_id=agreement_id,
            event_id=event_id,
            date=date,
            note=note,
            recorded_at=at,
            recorded_by=by,
            version=version,
        )
    )
    session.flush()


def highest_id(session: Session, agreement_id: str) -> int:
    """The newest record's id of the agreement (0: none), as this transaction sees it."""
    return event_read.highest_id(driver_connection(session), agreement_id)
