"""The service tests run on both stores a desk can have, from the same test code:
the officer's SQLite file, and a team desk's PostgreSQL server (a fresh database
made by ``server init``, the officer connected as their own role).

A test about what only a file has (its path, its backups beside it, the quick
first read of the file) says so with ``@pytest.mark.file_only``, and runs once; one
about what only a server has, with ``@pytest.mark.server_only``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from server_fixtures import make_role

# The role the server variant connects as: the name the file variant signs with, so
# that both variants read the same histories ("set by Test Officer").
OFFICER = "Test Officer"


def officer_url(server_database: str) -> str:
    """Connect as the officer's own role, made a member of the desk the way a
    ministry does it (``server grant``). A director: the service tests import
    agreements too, which only a director may (tests/storage/test_server_roles.py
    holds each role to what it may do)."""
    from vision_desk import app

    url = make_role(server_database, OFFICER)
    app.grant_on_server(server_database, OFFICER, "director")
    return url


@pytest.fixture(params=["file", pytest.param("server", marks=pytest.mark.server)])
def opened(request: pytest.FixtureRequest, data_dir: Path, clock: object) -> Iterator[object]:
    """A desk with the Shared Vision loaded: on a fresh file, or on a fresh server
    database."""
    from vision_desk import app

    if request.param == "file":
        result = app.open_desk(str(data_dir), author=OFFICER)
    else:
        server_database = request.getfixturevalue("server_database")
        app.init_server(server_database)
        result = app.open_server_desk(officer_url(server_database), str(data_dir))
    result.desk.clock = clock
    yield result
    result.close()


@pytest.fixture
def reopen(request: pytest.FixtureRequest, data_dir: Path) -> Callable[[], object]:
    """Open the test's store again, as the next start of the program would."""
    from vision_desk import app

    def again() -> object:
        if request.node.callspec.params["opened"] == "file":
            return app.open_desk(str(data_dir), author=OFFICER)
        url = officer_url(request.getfixturevalue("server_database"))
        return app.open_server_desk(url, str(data_dir))

    return again


@pytest.fixture
def second_officer(request: pytest.FixtureRequest, opened: object) -> Iterator[object]:
    """Another officer's desk on the same store: on a file, signed with another
    name; on a server, connected as another login (a server signs with the login)."""
    from vision_desk import app
    from vision_desk.services.desk import Desk

    desk = opened.desk  # type: ignore[attr-defined]
    if request.node.callspec.params["opened"] == "file":
        yield Desk(desk.store, "Second Officer")
        return
    server_database = request.getfixturevalue("server_database")
    url = make_role(server_database, "Second Officer")
    app.grant_on_server(server_database, "Second Officer", "officer")
    other = app.open_server_desk(url)
    other.desk.clock = desk.clock
    yield other.desk
    other.close()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """A test about what only a file has runs on the file only (never skipped on the
    server: not collected there at all)."""
    kept, dropped = [], []
    for item in items:
        callspec = getattr(item, "callspec", None)
        kind = callspec.params.get("opened") if callspec is not None else None
        elsewhere = (kind == "server" and item.get_closest_marker("file_only")) or (
            kind == "file" and item.get_closest_marker("server_only")
        )
        (dropped if elsewhere else kept).append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept
