"""On a team desk's server, the parts of a clause assessed per party are checked
like every other value an officer may write (revision 0008): plain SQL cannot
leave parts the program cannot read, and a closing round's record must carry the
parts of what it records."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import psycopg
import pytest
from server_fixtures import libpq_url, make_role

from vision_desk import app
from vision_desk.domain.status import Status
from vision_desk.services.rounds import Rounds
from vision_desk.storage.server_checks import RECORD_MISMATCH

AT = "2021-01-10T09:00:00.000000+00:00"
STATE = (
    "INSERT INTO clause_states (clause_id, status, changed_at, changed_by, version, parts) "
    "SELECT id, 'advanced', '{at}', 'x', 1, %s FROM clauses WHERE ref = 'SV-C1'"
)


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
@pytest.mark.parametrize(
    "parts",
    [
        '{"AF":"done"}',  # no status of either scale
        '{"AF":3}',  # not a status at all
        '["AF","advanced"]',  # not an object
        "{}",  # parts without a party
        '{"AF":"advanced"',  # not JSON
    ],
)
def test_parts_the_program_cannot_read_are_refused(
    officer: psycopg.Connection[tuple[object, ...]], parts: str
) -> None:
    with pytest.raises(psycopg.errors.CheckViolation, match="parts_known"):
        officer.execute(STATE.format(at=AT), (parts,))  # type: ignore[arg-type]


@pytest.mark.server
def test_readable_parts_are_taken(officer: psycopg.Connection[tuple[object, ...]]) -> None:
    officer.execute(STATE.format(at=AT), ('{"AF":"advanced","PK":"initiated"}',))  # type: ignore[arg-type]
    assert officer.execute("SELECT parts FROM clause_states").fetchall() == [
        ('{"AF":"advanced","PK":"initiated"}',)
    ]


@pytest.mark.server
@pytest.mark.parametrize("forged", [False, True])
def test_a_record_whose_parts_differ_from_the_assessment_is_refused(
    desk_url: str, data_dir: object, forged: bool
) -> None:
    """The record as the program would write it closes the round; the same record
    with one party's part changed, written with plain SQL, is refused by the
    server's re-reading."""
    url = make_role(desk_url, "amina_officer")
    app.grant_on_server(desk_url, "amina_officer", "officer")
    opened = app.open_server_desk(url, str(data_dir))
    try:
        rounds = Rounds(opened.desk)
        rounds.open("December review", dt.date(2020, 12, 20))
        opened.desk.set_status("SV-C1", Status.ADVANCED, party="AF")
        round_id = rounds.current().id  # type: ignore[union-attr]
    finally:
        opened.close()
    with psycopg.connect(libpq_url(url)) as connection:
        connection.execute(
            "INSERT INTO round_records (round_id, clause_id, ref, status, carried_over, "
            "assessed_at, assessed_by, rationale, parts) "
            "SELECT %s, c.id, c.ref, coalesce(a.status, coalesce(s.status, 'not_assessed')), "
            "a.id IS NULL, a.assessed_at, a.assessed_by, NULL, "
            "CASE WHEN c.ref = 'SV-C1' AND %s THEN '{\"AF\":\"completed\"}' "
            "ELSE coalesce(a.parts, s.parts) END "
            "FROM clauses c LEFT JOIN round_assessments a ON a.clause_id = c.id "
            "AND a.round_id = %s LEFT JOIN clause_states s ON s.clause_id = c.id",
            (round_id, forged, round_id),
        )
        close = "UPDATE rounds SET closed_at = %s, closed_by = 'x', content_hash = %s WHERE id = %s"
        if not forged:
            connection.execute(close, (AT, "0" * 64, round_id))
            return
        with pytest.raises(psycopg.errors.IntegrityConstraintViolation, match=RECORD_MISMATCH):
            connection.execute(close, (AT, "0" * 64, round_id))


@pytest.mark.server
@pytest.mark.parametrize(
    "parts",
    [
        '{"ZZ":"advanced"}',  # a party the clause does not bind
        '{"AF":"upheld","PK":"upheld"}',  # a principle's status on a commitment
        '{"AF":"not_assessed"}',  # no part is "not assessed": it has none
    ],
)
def test_parts_the_clause_cannot_have_are_refused(
    officer: psycopg.Connection[tuple[object, ...]], parts: str
) -> None:
    """Readable, but not the clause's: kept, they would stop every desk reading or
    fixing the clause (found in review)."""
    with pytest.raises(psycopg.errors.CheckViolation, match="not parties of the clause"):
        officer.execute(STATE.format(at=AT), (parts,))  # type: ignore[arg-type]
