"""The database enforces sign-off, not only the program: plain SQL on the officer's
file and, on a team desk's server, as each role, cannot take a step out of order,
over another hash, after an approval, on one's own submission or without the role,
and cannot change or remove a step taken."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from server_fixtures import libpq_url, make_role

from vision_desk import app
from vision_desk.domain.status import Status
from vision_desk.services.rounds import Rounds
from vision_desk.storage import signoff_seals

AS_OF = dt.date(2021, 1, 10)
AT = "2021-01-11T09:00:00.000000+00:00"
INSERT = (
    "INSERT INTO round_signoffs (round_id, step, content_hash, signed_at, signed_by) "
    "VALUES ({mark}, {mark}, {mark}, {mark}, {mark})"
)


def closed_round(desk: object) -> tuple[int, str]:
    rounds = Rounds(desk)  # type: ignore[arg-type]
    rounds.open("January 2021 review", AS_OF)
    desk.set_status("SV-C1", Status.ADVANCED)  # type: ignore[attr-defined]
    closed = rounds.close()
    assert closed.content_hash is not None
    return closed.id, closed.content_hash


# -- the officer's own file ---------------------------------------------------------


@pytest.fixture
def on_file(data_dir: Path) -> Iterator[tuple[sqlite3.Connection, int, str]]:
    opened = app.open_desk(str(data_dir), author="Test Officer")
    try:
        round_id, content_hash = closed_round(opened.desk)
        path = opened.desk.store.path
    finally:
        opened.close()
    connection = sqlite3.connect(path, isolation_level=None)
    try:
        yield connection, round_id, content_hash
    finally:
        connection.close()


def test_a_file_takes_steps_in_order_over_the_rounds_hash(
    on_file: tuple[sqlite3.Connection, int, str],
) -> None:
    connection, round_id, content_hash = on_file
    insert = INSERT.format(mark="?")
    with pytest.raises(sqlite3.IntegrityError, match=signoff_seals.HASH):
        connection.execute(insert, (round_id, "reviewed", "0" * 64, AT, "Test Officer"))
    with pytest.raises(sqlite3.IntegrityError, match=signoff_seals.ORDER):
        connection.execute(insert, (round_id, "approved", content_hash, AT, "Test Officer"))
    with pytest.raises(sqlite3.IntegrityError, match="CHECK constraint"):
        connection.execute(insert, (round_id, "rubber-stamped", content_hash, AT, "Test Officer"))
    connection.execute(insert, (round_id, "reviewed", content_hash, AT, "Test Officer"))
    with pytest.raises(sqlite3.IntegrityError, match="UNIQUE"):
        connection.execute(insert, (round_id, "reviewed", content_hash, AT, "Test Officer"))
    connection.execute(insert, (round_id, "approved", content_hash, AT, "Test Officer"))
    with pytest.raises(sqlite3.IntegrityError, match=signoff_seals.SEALED):
        connection.execute(insert, (round_id, "reviewed", content_hash, AT, "Test Officer"))
    for statement in (
        "UPDATE round_signoffs SET signed_by = 'The Minister'",
        "DELETE FROM round_signoffs",
    ):
        with pytest.raises(sqlite3.IntegrityError, match=signoff_seals.CHANGED):
            connection.execute(statement)
    assert connection.execute("SELECT count(*) FROM round_signoffs").fetchone() == (2,)


def test_a_file_signs_no_open_round(data_dir: Path) -> None:
    opened = app.open_desk(str(data_dir), author="Test Officer")
    try:
        still_open = Rounds(opened.desk).open("Open", AS_OF)
        path = opened.desk.store.path
    finally:
        opened.close()
    connection = sqlite3.connect(path, isolation_level=None)
    try:
        with pytest.raises(sqlite3.IntegrityError, match=signoff_seals.OPEN):
            connection.execute(
                INSERT.format(mark="?"), (still_open.id, "reviewed", "0" * 64, AT, "Test Officer")
            )
    finally:
        connection.close()


# -- a team desk's server, as each role with plain SQL --------------------------------


@pytest.fixture
def on_server(server_database: str) -> tuple[str, int, str]:
    """A desk whose first round was closed (submitted) by ``submitter``."""
    app.init_server(server_database)
    url = make_role(server_database, "submitter")
    app.grant_on_server(server_database, "submitter", "officer")
    opened = app.open_server_desk(url)
    try:
        round_id, content_hash = closed_round(opened.desk)
    finally:
        opened.close()
    return server_database, round_id, content_hash


def plain(desk_url: str, login: str, desk_role: str) -> psycopg.Connection[tuple[object, ...]]:
    url = make_role(desk_url, login)
    app.grant_on_server(desk_url, login, desk_role)
    return psycopg.connect(libpq_url(url), autocommit=True)


def test_the_server_holds_each_role_to_its_step(on_server: tuple[str, int, str]) -> None:
    desk_url, round_id, content_hash = on_server
    insert = INSERT.format(mark="%s")
    step = (round_id, "reviewed", content_hash, AT, "The Minister")
    with (
        plain(desk_url, "submitter", "director") as submitter,
        pytest.raises(psycopg.Error, match=signoff_seals.OWN),
    ):
        submitter.execute(insert, step)
    with (
        plain(desk_url, "officer_only", "officer") as officer,
        pytest.raises(psycopg.Error, match="permission denied"),
    ):
        officer.execute(insert, step)
    with plain(desk_url, "reviewer_one", "reviewer") as reviewer:
        with pytest.raises(psycopg.Error, match=signoff_seals.HASH):
            reviewer.execute(insert, (round_id, "reviewed", "0" * 64, AT, "x"))
        reviewer.execute(insert, step)
        with pytest.raises(psycopg.Error, match=signoff_seals.DIRECTOR):
            reviewer.execute(insert, (round_id, "approved", content_hash, AT, "x"))
        # Signed with the login, whatever name was sent.
        assert reviewer.execute("SELECT signed_by FROM round_signoffs").fetchall() == [
            ("reviewer_one",)
        ]
    with plain(desk_url, "director_one", "director") as director:
        director.execute(insert, (round_id, "approved", content_hash, AT, "x"))
        with pytest.raises(psycopg.Error, match=signoff_seals.SEALED):
            director.execute(insert, (round_id, "reviewed", content_hash, AT, "x"))
        for statement, refusal in (
            ("UPDATE round_signoffs SET content_hash = 'forged'", "permission denied"),
            ("DELETE FROM round_signoffs", "permission denied"),
            ("TRUNCATE round_signoffs", "permission denied"),
        ):
            with pytest.raises(psycopg.Error, match=refusal):
                director.execute(statement)  # type: ignore[arg-type]  # a constant
        assert director.execute(
            "SELECT step, signed_by FROM round_signoffs ORDER BY id"
        ).fetchall() == [
            ("reviewed", "reviewer_one"),
            ("approved", "director_one"),
        ]


def test_even_the_desks_owner_cannot_change_a_step(on_server: tuple[str, int, str]) -> None:
    """The triggers hold for a login with every grant too (the owner of the tables)."""
    desk_url, round_id, content_hash = on_server
    with psycopg.connect(libpq_url(desk_url), autocommit=True) as owner:
        owner.execute(INSERT.format(mark="%s"), (round_id, "reviewed", content_hash, AT, "x"))
        for statement in (
            "UPDATE round_signoffs SET signed_by = 'someone else'",
            "DELETE FROM round_signoffs",
            "TRUNCATE round_signoffs",
        ):
            with pytest.raises(psycopg.Error, match=signoff_seals.CHANGED):
                owner.execute(statement)  # type: ignore[arg-type]  # a constant


def test_the_stores_check_finds_a_step_forged_over_another_hash(
    on_file: tuple[sqlite3.Connection, int, str],
) -> None:
    """Only with the trigger dropped can a step name another hash; the check of the
    seals then says which round."""
    from vision_desk.storage import round_seals
    from vision_desk.storage.store import Store

    connection, round_id, content_hash = on_file
    connection.execute(INSERT.format(mark="?"), (round_id, "reviewed", content_hash, AT, "x"))
    store = Store.open(Path(connection.execute("PRAGMA database_list").fetchone()[2]))
    try:
        with store.read() as session:
            assert round_seals.seal_problems(session) == (1, [])
        connection.execute("DROP TRIGGER round_signoffs_checked")
        connection.execute(INSERT.format(mark="?"), (round_id, "approved", "f" * 64, AT, "x"))
        with store.read() as session:
            assert round_seals.seal_problems(session) == (
                1,
                [
                    f"round {round_id} 'January 2021 review' was approved over another hash than its own"
                ],
            )
    finally:
        store.close()
