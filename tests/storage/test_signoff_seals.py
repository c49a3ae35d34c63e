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
from vision_desk.storage import server_checks, signoff_seals

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


def test_the_triggers_refuse_changes_even_with_every_grant(
    on_server: tuple[str, int, str],
) -> None:
    """A login the privileges do not stop (the tables' owner) still meets the
    triggers; only ``ALTER TABLE … DISABLE TRIGGER``, the owner's own, would pass."""
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


def test_the_server_signs_who_and_when_and_that_it_checked(
    on_server: tuple[str, int, str],
) -> None:
    desk_url, round_id, content_hash = on_server
    with plain(desk_url, "reviewer_two", "reviewer") as reviewer:
        reviewer.execute(
            INSERT.format(mark="%s"),
            (round_id, "reviewed", content_hash, "1999-01-01T00:00:00.000000+00:00", "x"),
        )
        row = reviewer.execute(
            "SELECT signed_by, signed_at, checked_by_server, now() FROM round_signoffs"
        ).fetchone()
    assert row is not None
    signed_by, signed_at, checked, now = row
    assert (signed_by, checked) == ("reviewer_two", True)
    # The server's clock, in the store's form, not the 1999 the client sent.
    taken = dt.datetime.fromisoformat(signed_at)
    assert abs((taken - now).total_seconds()) < 60


def test_a_file_marks_its_steps_as_unchecked(on_file: tuple[sqlite3.Connection, int, str]) -> None:
    connection, round_id, content_hash = on_file
    connection.execute(INSERT.format(mark="?"), (round_id, "reviewed", content_hash, AT, "x"))
    assert connection.execute("SELECT checked_by_server FROM round_signoffs").fetchall() == [(0,)]


def test_a_round_cannot_be_inserted_already_closed(
    on_server: tuple[str, int, str], on_file: tuple[sqlite3.Connection, int, str]
) -> None:
    """Else its writer would choose its submitter (or none), and sign off their own."""
    forged = (
        "INSERT INTO rounds (agreement_id, title, as_of, opened_at, opened_by, closed_at, "
        "closed_by, content_hash) VALUES ('shared-vision', 'Forged', '2021-01-10', "
        f"'{AT}', 'x', '{AT}', 'someone else', '{'0' * 64}')"
    )
    desk_url, _round_id, _hash = on_server
    with (
        plain(desk_url, "director_two", "director") as director,
        pytest.raises(psycopg.Error, match=server_checks.OPEN_FIRST),
    ):
        director.execute(forged)  # type: ignore[arg-type]  # a constant
    connection, _round_id, _hash = on_file
    with pytest.raises(sqlite3.IntegrityError, match=server_checks.OPEN_FIRST):
        connection.execute(forged)


@pytest.mark.parametrize(
    ("statement", "broken"),
    [
        (
            "UPDATE clause_states SET status = 'bogus'",
            "ck_clause_states_status_known",
        ),
        (
            "INSERT INTO notes (clause_id, author, created_at, text) "
            "SELECT id, 'x', 'not a time', 'poison' FROM clauses LIMIT 1",
            "ck_notes_created_at_utc",
        ),
        (
            "INSERT INTO changes (clause_id, at, author, kind, before, after) "
            f"SELECT id, '{AT}', 'x', 'bogus', NULL, NULL FROM clauses LIMIT 1",
            "ck_changes_kind_known",
        ),
        # The shape of a time, but no moment: Python could not read it back.
        (
            "INSERT INTO notes (clause_id, author, created_at, text) "
            "SELECT id, 'x', '2021-13-45T99:99:99.000000+00:00', 'poison' FROM clauses LIMIT 1",
            "out of range",
        ),
        (
            "INSERT INTO rounds (agreement_id, title, as_of, opened_at, opened_by) "
            f"VALUES ('shared-vision', 'Forever', 'infinity', '{AT}', 'x')",
            "ck_rounds_as_of_readable",
        ),
    ],
)
def test_an_officer_cannot_leave_a_value_the_desk_cannot_read(
    on_server: tuple[str, int, str], statement: str, broken: str
) -> None:
    desk_url, _round_id, _hash = on_server
    with plain(desk_url, "officer_two", "officer") as officer:
        officer.execute(
            "INSERT INTO clause_states (clause_id, status, changed_at, changed_by) "
            f"SELECT id, 'initiated', '{AT}', 'x' FROM clauses LIMIT 1 "
            "ON CONFLICT DO NOTHING"
        )
        with pytest.raises((psycopg.errors.CheckViolation, psycopg.errors.DataError), match=broken):
            officer.execute(statement)  # type: ignore[arg-type]  # a constant


def test_names_made_in_public_cannot_stand_in_inside_the_seals(
    on_server: tuple[str, int, str],
) -> None:
    """A reviewer allowed to create in public (as every role may on PostgreSQL 14
    and older) plants an operator that says no two strings are equal (so the seals
    would never see an approval coming), and a function that would sign with
    another name: the seals use neither."""
    desk_url, round_id, content_hash = on_server
    with psycopg.connect(libpq_url(desk_url), autocommit=True) as owner:
        make_role(desk_url, "rita_reviewer")
        owner.execute("GRANT CREATE ON SCHEMA public TO rita_reviewer")
    with plain(desk_url, "rita_reviewer", "reviewer") as reviewer:
        reviewer.execute(
            "CREATE FUNCTION public.never(varchar, varchar) RETURNS boolean "
            "LANGUAGE sql AS 'SELECT false'"
        )
        reviewer.execute(
            "CREATE OPERATOR public.= (LEFTARG = varchar, RIGHTARG = varchar, "
            "FUNCTION = public.never)"
        )
        reviewer.execute(
            "CREATE FUNCTION public.jsonb_build_object(text, name) RETURNS jsonb "
            "LANGUAGE sql AS $$ SELECT jsonb_build_object($1, 'The Minister'::text) $$"
        )
        with pytest.raises(psycopg.Error, match=signoff_seals.ORDER):
            reviewer.execute(
                INSERT.format(mark="%s"), (round_id, "approved", content_hash, AT, "x")
            )
        with pytest.raises(psycopg.Error, match=signoff_seals.HASH):
            reviewer.execute(INSERT.format(mark="%s"), (round_id, "reviewed", "0" * 64, AT, "x"))
        reviewer.execute(INSERT.format(mark="%s"), (round_id, "reviewed", content_hash, AT, "x"))
        assert reviewer.execute("SELECT signed_by FROM round_signoffs").fetchall() == [
            ("rita_reviewer",)
        ]
        # The operator is there, and says no even to equal strings.
        assert reviewer.execute(
            "SELECT 'a'::varchar OPERATOR(public.=) 'a'::varchar"
        ).fetchone() == (False,)


def test_no_desk_role_may_create_in_public(on_server: tuple[str, int, str]) -> None:
    desk_url, _round_id, _hash = on_server
    with (
        plain(desk_url, "officer_three", "officer") as officer,
        pytest.raises(psycopg.errors.InsufficientPrivilege),
    ):
        officer.execute("CREATE TABLE public.mine (id int)")


def test_the_server_reads_a_rounds_record_again_before_sealing_it(
    server_database: str,
) -> None:
    """An officer with plain SQL writes a record of their own making (a status
    nobody gave, signed with another name) and closes the round: refused."""
    app.init_server(server_database)
    url = make_role(server_database, "forger")
    app.grant_on_server(server_database, "forger", "officer")
    opened = app.open_server_desk(url)
    try:
        round_id = Rounds(opened.desk).open("January 2021 review", AS_OF).id
        opened.desk.set_status("SV-C1", Status.INITIATED)
    finally:
        opened.close()
    with psycopg.connect(libpq_url(url)) as forger:
        forger.execute(
            "INSERT INTO round_records (round_id, clause_id, ref, status, carried_over, "
            "assessed_at, assessed_by, rationale) "
            "SELECT %s, c.id, c.ref, CASE WHEN c.ref = 'SV-C1' THEN 'completed' "
            "ELSE coalesce(s.status, 'not_assessed') END, c.ref <> 'SV-C1', "
            "CASE WHEN c.ref = 'SV-C1' THEN a.assessed_at END, "
            "CASE WHEN c.ref = 'SV-C1' THEN 'The Minister' END, NULL "
            "FROM clauses c LEFT JOIN clause_states s ON s.clause_id = c.id "
            "LEFT JOIN round_assessments a ON a.clause_id = c.id AND a.round_id = %s",
            (round_id, round_id),
        )
        with pytest.raises(psycopg.Error, match=server_checks.RECORD_MISMATCH):
            forger.execute(
                "UPDATE rounds SET closed_at = %s, closed_by = 'forger', content_hash = %s "
                "WHERE id = %s",
                (AT, "0" * 64, round_id),
            )
        forger.rollback()
    # The program's own closing of the same round is accepted.
    opened = app.open_server_desk(url)
    try:
        closed = Rounds(opened.desk).close()
        assert closed.content_hash is not None
        assert Rounds(opened.desk).report(closed.id).verified
    finally:
        opened.close()
