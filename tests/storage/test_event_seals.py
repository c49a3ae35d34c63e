"""Event records are append-only on both databases, and on a team desk's server an
officer with plain SQL may add one (signed with their login, at a time the program
can read) but never change or remove one."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from server_fixtures import libpq_url, make_role

from vision_desk import app
from vision_desk.storage.event_seals import APPEND_ONLY, IN_ORDER

RECORD = (
    "INSERT INTO event_records (agreement_id, event_id, date, note, recorded_at, "
    "recorded_by, version) VALUES ('shared-vision', 'talks', '2021-01-05', 'Seen.', "
    "'{at}', 'The Minister', {version})"
)
AT = "2021-01-10T09:00:00.000000+00:00"


def test_a_file_refuses_to_change_or_remove_a_record(data_dir: Path) -> None:
    opened = app.open_desk(str(data_dir), author="Test Officer")
    database = opened.paths.database
    opened.close()
    with sqlite3.connect(database) as connection:
        connection.execute(RECORD.format(at=AT, version=1))
    connection.close()
    for statement in ("UPDATE event_records SET date = '2021-01-06'", "DELETE FROM event_records"):
        with (
            sqlite3.connect(database) as connection,
            pytest.raises(sqlite3.IntegrityError, match=APPEND_ONLY),
        ):
            connection.execute(statement)
        connection.close()
    # A record of an event the agreement does not declare dates nothing and stops
    # nothing: the board is read.
    again = app.open_desk(str(data_dir), author="Test Officer")
    try:
        assert again.desk.event_dates() == {"signature": dt.date(2020, 11, 19)}
        assert again.desk.board(dt.date(2021, 1, 10)).summary.overdue
        assert [record.event_id for record in again.desk.event_history()] == ["talks"]
    finally:
        again.close()


@pytest.fixture
def desk_url(server_database: str) -> str:
    app.init_server(server_database)
    return server_database


@pytest.fixture
def officer(desk_url: str) -> Iterator[psycopg.Connection[tuple[object, ...]]]:
    url = make_role(desk_url, "amina_officer")
    app.grant_on_server(desk_url, "amina_officer", "officer")
    with psycopg.connect(libpq_url(url), autocommit=True) as connection:
        yield connection


@pytest.mark.server
def test_an_officer_adds_a_record_signed_with_their_login_and_the_servers_time(
    officer: psycopg.Connection[tuple[object, ...]],
) -> None:
    # Sent as 10 January 2021 and 'yesterday': the server's own clock wins both.
    officer.execute(RECORD.format(at=AT, version=1))  # type: ignore[arg-type]
    officer.execute(RECORD.format(at="yesterday", version=2))  # type: ignore[arg-type]
    rows = officer.execute(
        "SELECT recorded_by, recorded_at, now() FROM event_records ORDER BY version"
    ).fetchall()
    for recorded_by, recorded_at, now in rows:
        assert recorded_by == "amina_officer"
        assert abs((dt.datetime.fromisoformat(recorded_at) - now).total_seconds()) < 60


@pytest.mark.server
@pytest.mark.parametrize(
    ("statement", "refusal"),
    [
        ("UPDATE event_records SET date = '2021-01-06'", "permission denied"),
        ("UPDATE event_records SET recorded_by = 'The Minister'", "permission denied"),
        ("DELETE FROM event_records", "permission denied"),
        ("TRUNCATE event_records", "permission denied"),
        (RECORD.format(at=AT, version=0), IN_ORDER),
        (RECORD.format(at=AT, version=1), IN_ORDER),
        # Far ahead, it would leave the program no next version to record on.
        (RECORD.format(at=AT, version=2147483647), IN_ORDER),
        # Dates Python cannot read back would stop every desk reading its board.
        (
            RECORD.format(at=AT, version=2).replace("'2021-01-05'", "'infinity'"),
            "ck_event_records_date_readable",
        ),
        (
            RECORD.format(at=AT, version=2).replace("'2021-01-05'", "'0001-01-01 BC'"),
            "ck_event_records_date_readable",
        ),
        (
            RECORD.format(at=AT, version=1).replace("'talks'", "'signature'"),
            "ck_event_records_not_signature",
        ),
    ],
)
def test_an_officer_cannot_change_remove_or_garble_a_record(
    officer: psycopg.Connection[tuple[object, ...]], statement: str, refusal: str
) -> None:
    officer.execute(RECORD.format(at=AT, version=1))  # type: ignore[arg-type]
    with pytest.raises(psycopg.Error, match=refusal):
        officer.execute(statement)  # type: ignore[arg-type]  # a constant


@pytest.mark.server
def test_even_the_owner_cannot_rewrite_a_record(desk_url: str) -> None:
    with psycopg.connect(libpq_url(desk_url), autocommit=True) as owner:
        owner.execute(RECORD.format(at=AT, version=1))  # type: ignore[arg-type]
        for statement in (
            "UPDATE event_records SET date = '2021-01-06'",
            "DELETE FROM event_records",
            "TRUNCATE event_records",
        ):
            with pytest.raises(psycopg.Error, match=APPEND_ONLY):
                owner.execute(statement)  # type: ignore[arg-type]
