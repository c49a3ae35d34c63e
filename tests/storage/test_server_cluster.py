"""The test server's fixtures (tests/server_fixtures.py) do what the server tests rely
on: the URL reaches a real PostgreSQL through SQLAlchemy and psycopg, each use is a
database of its own, and it is gone afterwards, even with a connection left open."""

from __future__ import annotations

from collections.abc import Iterator

import psycopg
import pytest
from server_fixtures import database_exists, fresh_database, libpq_url, make_role
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url


def _name(url: str) -> str:
    database = make_url(url).database
    assert database
    return database


@pytest.fixture
def dropped_afterwards(server_url: str) -> Iterator[list[str]]:
    """Databases that must be gone once the test's other fixtures have ended. Set up
    before the test asks for ``server_database``, so torn down after it."""
    names: list[str] = []
    yield names
    left = [name for name in names if database_exists(server_url, name)]
    assert left == [], f"databases still there after their fixture ended: {left}"


def test_the_database_is_a_real_empty_postgresql_through_sqlalchemy(server_database: str) -> None:
    assert make_url(server_database).drivername == "postgresql+psycopg"
    engine = create_engine(server_database)
    try:
        with engine.connect() as connection:
            assert "PostgreSQL" in connection.execute(text("select version()")).scalar_one()
            assert connection.execute(text("select current_database()")).scalar_one() == _name(
                server_database
            )
            assert connection.execute(text("show server_encoding")).scalar_one() == "UTF8"
            tables = connection.execute(
                text("select count(*) from pg_tables where schemaname = 'public'")
            ).scalar_one()
            assert tables == 0
    finally:
        engine.dispose()


def test_the_fixture_drops_its_database_when_the_test_ends(
    dropped_afterwards: list[str], request: pytest.FixtureRequest, server_url: str
) -> None:
    url = request.getfixturevalue("server_database")
    dropped_afterwards.append(_name(url))
    assert database_exists(server_url, _name(url))


def test_each_use_is_a_database_of_its_own_and_is_dropped(server_url: str) -> None:
    with fresh_database(server_url) as first, fresh_database(server_url) as second:
        assert _name(first) != _name(second)
        engine = create_engine(first)
        try:
            with engine.begin() as connection:
                connection.execute(text("create table marker (id integer)"))
        finally:
            engine.dispose()
        engine = create_engine(second)
        try:
            with engine.connect() as connection:
                count = "select count(*) from pg_tables where tablename = 'marker'"
                assert connection.execute(text(count)).scalar_one() == 0
        finally:
            engine.dispose()
    assert not database_exists(server_url, _name(first))
    assert not database_exists(server_url, _name(second))


def test_a_connection_left_open_does_not_keep_the_database(server_url: str) -> None:
    with fresh_database(server_url) as url:
        left_open = psycopg.connect(libpq_url(url))
    try:
        assert not database_exists(server_url, _name(url))
    finally:
        left_open.close()


def test_a_role_can_log_in_to_a_database(server_url: str, server_database: str) -> None:
    officer = make_role(server_url, "fixture_check_officer", "secret")
    assert make_role(server_url, "fixture_check_officer", "secret") == officer  # made once
    as_officer = make_url(officer).set(database=_name(server_database))
    engine = create_engine(as_officer)
    try:
        with engine.connect() as connection:
            assert connection.execute(text("select current_user")).scalar_one() == (
                "fixture_check_officer"
            )
    finally:
        engine.dispose()
