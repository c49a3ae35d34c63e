"""An officer's store file copied into a new team desk on a server, whole (and
back: a desk copied into a new file for a trip).

Every table is copied row by row with its ids, in the order their references
need, in one server transaction: the desk has all of it or none. Two things the
server would otherwise do are held back for the copy:

- the signatures (``server_roles``): the history keeps the names it was written
  with; the triggers that sign rows are disabled inside the transaction and back
  before it commits (the desk is new: nobody else can write meanwhile);
- the seals: a closed round cannot take records, so each round is copied open,
  its assessments and records after it, then closed as it was, then its steps of
  sign-off. The seals stay on throughout; nothing sealed is written over. Only the
  server's check of who may sign off is held back with the signatures: the steps
  were checked when they were taken (on a file, one officer held every role), and
  whoever copies is not whoever signed. Each step's hash is checked after.

Whether the copy is the file is then checked by the caller: the rows per table,
and every closed round's content hash recomputed from the server.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Table, func, select, text

from vision_desk.storage import event_seals, evidence_seals, server_checks
from vision_desk.storage.models import Base
from vision_desk.storage.server_roles import SIGNED
from vision_desk.storage.signoff_seals import CHECK_TRIGGER, SIGN_TRIGGER

# Whole tables before the rounds (what rounds refer to), then each round with its
# own rows, then what refers to notes and rounds.
ROUND_TABLES = ("rounds", "round_assessments", "round_records", "round_signoffs")
SIGN_TRIGGERS = (
    *((table, f"{table}_signed") for table, _when, _columns in SIGNED),
    ("rounds", "rounds_closing_signed"),
    SIGN_TRIGGER,
    CHECK_TRIGGER,
    event_seals.SIGN_TRIGGER,
    # When it was recorded: as the copied store says, not the copy's time.
    event_seals.STAMP_TRIGGER,
    *evidence_seals.SIGN_TRIGGERS,
    *evidence_seals.STAMP_TRIGGERS,
    server_checks.RECORD_TRIGGER,
)


def table_rows(connection: Connection, table: Table) -> list[dict[str, Any]]:
    order = list(table.primary_key.columns)
    return [dict(row._mapping) for row in connection.execute(table.select().order_by(*order))]


def copy_into(source: Connection, target: Connection) -> dict[str, int]:
    """Copy every row of ``source`` (an officer's file, or a desk's server) into
    ``target`` (a new desk's server, or a new file; inside its transaction); the
    number of rows per table."""
    tables = {table.name: table for table in Base.metadata.sorted_tables}
    on_server = target.dialect.name == "postgresql"
    for table_name, trigger in SIGN_TRIGGERS if on_server else ():
        target.exec_driver_sql(f"ALTER TABLE {table_name} DISABLE TRIGGER {trigger}")
    copied: dict[str, int] = {}
    for table in Base.metadata.sorted_tables:
        if table.name in ROUND_TABLES:
            continue
        rows = table_rows(source, table)
        if rows:
            target.execute(table.insert(), rows)
        copied[table.name] = len(rows)
    copied |= _copy_rounds(source, target, tables)
    if on_server:
        for table_name, trigger in SIGN_TRIGGERS:
            target.exec_driver_sql(f"ALTER TABLE {table_name} ENABLE TRIGGER {trigger}")
        _move_sequences_on(target)
    return copied


def _copy_rounds(
    source: Connection, target: Connection, tables: dict[str, Table]
) -> dict[str, int]:
    rounds, assessments, records, signoffs = (tables[name] for name in ROUND_TABLES)
    counts = dict.fromkeys(ROUND_TABLES, 0)

    def copy_rows(table: Table, round_id: int) -> None:
        rows = [
            dict(row._mapping)
            for row in source.execute(
                table.select()
                .where(table.c.round_id == round_id)
                .order_by(*table.primary_key.columns)
            )
        ]
        if rows:
            target.execute(table.insert(), rows)
        counts[table.name] += len(rows)

    for round_row in table_rows(source, rounds):
        closing = {
            key: round_row[key] for key in ("closed_at", "closed_by", "content_hash", "events_seen")
        }
        target.execute(rounds.insert(), [round_row | dict.fromkeys(closing)])
        for table in (assessments, records):
            copy_rows(table, round_row["id"])
        if closing["closed_at"] is not None:
            target.execute(rounds.update().where(rounds.c.id == round_row["id"]).values(**closing))
            copy_rows(signoffs, round_row["id"])
        counts["rounds"] += 1
    return counts


def _move_sequences_on(target: Connection) -> None:
    """Ids copied as they were: each table's id sequence goes on after the highest."""
    for table in Base.metadata.sorted_tables:
        key = list(table.primary_key.columns)
        if len(key) != 1 or key[0].name != "id" or not key[0].autoincrement:
            continue
        sequence = target.execute(
            text("SELECT pg_get_serial_sequence(:table, 'id')"), {"table": table.name}
        ).scalar()
        if sequence is None:
            continue
        highest = target.execute(select(func.max(key[0]))).scalar()
        target.execute(
            text("SELECT setval(:sequence, :value, :called)"),
            {"sequence": sequence, "value": highest or 1, "called": highest is not None},
        )


def row_counts(connection: Connection) -> dict[str, int]:
    return {
        table.name: int(connection.execute(select(func.count()).select_from(table)).scalar() or 0)
        for table in Base.metadata.sorted_tables
    }
