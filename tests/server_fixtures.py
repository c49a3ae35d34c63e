"""PostgreSQL for the team-desk tests: the server's URL, a fresh database per test, roles.

``scripts/dev test`` starts a throwaway server (``scripts/pg_cluster.py``) and hands
its URL to pytest as ``VISION_DESK_TEST_SERVER`` (``postgresql+psycopg://...``, a
superuser, trust authentication on 127.0.0.1), with ``VISION_DESK_TEST_SERVER_REQUIRED=1``
so that in CI a server test fails rather than skips when the server is missing. Run by
hand without the variable, the server tests skip.

By hand::

    eval "$(.venv/bin/python scripts/pg_cluster.py start)"
    .venv/bin/python -m pytest tests/storage/test_server_cluster.py
    .venv/bin/python scripts/pg_cluster.py stop

Every test gets its own empty database (``server_database``), dropped afterwards even
if the test left connections open. A test must still dispose of its engines: a psycopg
connection collected while open warns, and the warnings are errors here.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager, suppress

import psycopg
import pytest
from psycopg import sql
from sqlalchemy.engine import make_url

SERVER = "VISION_DESK_TEST_SERVER"
REQUIRED = "VISION_DESK_TEST_SERVER_REQUIRED"
NO_SERVER = "no PostgreSQL server: run the tests with scripts/dev test"


def libpq_url(url: str, database: str | None = None) -> str:
    """The SQLAlchemy URL as psycopg's own connection string (no ``+psycopg``)."""
    parsed = make_url(url).set(drivername="postgresql")
    if database is not None:
        parsed = parsed.set(database=database)
    return parsed.render_as_string(hide_password=False)


def database_url(server_url: str, database: str) -> str:
    """The SQLAlchemy URL of another database on the same server, as the same role."""
    return make_url(server_url).set(database=database).render_as_string(hide_password=False)


@contextmanager
def _admin(server_url: str) -> Iterator[psycopg.Connection[tuple[object, ...]]]:
    """An autocommit connection to the server's ``postgres`` database (CREATE and
    DROP DATABASE cannot run inside a transaction)."""
    with psycopg.connect(libpq_url(server_url, "postgres"), autocommit=True) as connection:
        yield connection


def database_exists(server_url: str, name: str) -> bool:
    with _admin(server_url) as connection:
        found = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,))
        return found.fetchone() is not None


def drop_database(server_url: str, name: str) -> None:
    """Drop the database, ending any connection still open to it (PostgreSQL 13+)."""
    with _admin(server_url) as connection:
        connection.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


@contextmanager
def fresh_database(server_url: str) -> Iterator[str]:
    """A new empty UTF8 database with a name of its own, as a SQLAlchemy URL string;
    dropped on leaving. ``server_database`` is this, per test."""
    name = f"vision_desk_test_{secrets.token_hex(6)}"
    with _admin(server_url) as connection:
        connection.execute(
            # template0: empty whatever has been added to template1 on a shared server.
            sql.SQL("CREATE DATABASE {} TEMPLATE template0 ENCODING 'UTF8'").format(
                sql.Identifier(name)
            )
        )
    try:
        yield database_url(server_url, name)
    finally:
        drop_database(server_url, name)


def make_role(server_url: str, name: str, password: str | None = None) -> str:
    """A login role (an officer of a team desk), made if missing; with a password, the
    password is set. Returns the URL for connecting as that role to the same database
    as ``server_url`` (other databases: ``make_url(...).set(database=...)``).

    Roles belong to the whole server, so they outlive the test's database; the test
    cluster trusts 127.0.0.1, so the password is kept but not checked. The role has
    only what PUBLIC has (CONNECT, but no CREATE on schema public since PostgreSQL 15):
    the test grants the rest."""
    role = sql.Identifier(name)
    with _admin(server_url) as connection:
        found = connection.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (name,))
        if found.fetchone() is None:
            # Made meanwhile by a test beside this one: as good.
            with suppress(psycopg.errors.DuplicateObject):
                connection.execute(sql.SQL("CREATE ROLE {} LOGIN").format(role))
        connection.execute(sql.SQL("ALTER ROLE {} LOGIN").format(role))
        if password is not None:
            # Utility statements take no parameters: the password is quoted here.
            connection.execute(
                sql.SQL("ALTER ROLE {} PASSWORD {}").format(role, sql.Literal(password))
            )
    return (
        make_url(server_url)
        .set(username=name, password=password)
        .render_as_string(hide_password=False)
    )


@pytest.fixture(scope="session")
def server_url() -> str:
    """The test server's SQLAlchemy URL; skips without one, fails if CI requires one."""
    url = os.environ.get(SERVER)
    if not url:
        if os.environ.get(REQUIRED) == "1":
            pytest.fail(f"{NO_SERVER} ({REQUIRED}=1 but {SERVER} is not set)", pytrace=False)
        pytest.skip(NO_SERVER)
    try:
        with _admin(url):
            pass
    except psycopg.OperationalError as error:
        shown = make_url(url).render_as_string(hide_password=True)
        pytest.fail(f"the PostgreSQL server at {shown} ({SERVER}) does not answer: {error}")
    return url


@pytest.fixture
def server_database(server_url: str) -> Iterator[str]:
    """A fresh empty database on the test server, as a SQLAlchemy URL string
    (``postgresql+psycopg://.../vision_desk_test_...``), dropped after the test."""
    with fresh_database(server_url) as url:
        yield url
