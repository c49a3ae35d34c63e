"""Vision Desk stores no password: an officer whose server checks passwords signs in
through libpq's own means, ~/.pgpass or a service file, and nothing Vision Desk
writes holds the password. The test cluster checks the passwords of members of
``vision_desk_password_required`` (scripts/pg_cluster.py); other roles are trusted."""

from __future__ import annotations

from pathlib import Path

import psycopg
import pytest
from psycopg import sql
from server_fixtures import libpq_url, make_role
from sqlalchemy.engine import make_url

from vision_desk import app
from vision_desk.errors import StoreError

PASSWORD_GROUP = "vision_desk_password_required"
LOGIN = "pw_officer"
PASSWORD = "correct horse 7 battery"


@pytest.fixture
def desk_url(server_database: str) -> str:
    """A desk, and an officer of it whose password the server checks; the desk's
    address for that officer, without the password (as an officer writes it)."""
    app.init_server(server_database)
    make_role(server_database, LOGIN, password=PASSWORD)
    with psycopg.connect(libpq_url(server_database), autocommit=True) as admin:
        if (
            admin.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (PASSWORD_GROUP,)).fetchone()
            is None
        ):
            admin.execute(sql.SQL("CREATE ROLE {} NOLOGIN").format(sql.Identifier(PASSWORD_GROUP)))
        admin.execute(
            sql.SQL("GRANT {} TO {}").format(sql.Identifier(PASSWORD_GROUP), sql.Identifier(LOGIN))
        )
    app.grant_on_server(server_database, LOGIN, "officer")
    address = make_url(server_database).set(username=LOGIN, password=None, drivername="postgresql")
    return address.render_as_string(hide_password=False)


@pytest.fixture
def pgpass(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """libpq's password file for this test (never the developer's own ~/.pgpass)."""
    path = tmp_path / "pgpass"
    monkeypatch.setenv("PGPASSFILE", str(path))
    monkeypatch.delenv("PGPASSWORD", raising=False)
    return path


def write_pgpass(path: Path, desk_url: str, password: str) -> None:
    where = make_url(desk_url)
    path.write_text(f"{where.host}:{where.port}:{where.database}:{LOGIN}:{password}\n")
    path.chmod(0o600)  # libpq ignores a password file others can read


def test_without_a_password_the_server_refuses_in_one_sentence(
    desk_url: str, pgpass: Path, data_dir: Path
) -> None:
    with pytest.raises(StoreError, match=r"refused the connection \(authentication\)"):
        app.open_server_desk(desk_url, str(data_dir))
    write_pgpass(pgpass, desk_url, "not the password")
    with pytest.raises(StoreError, match="Vision Desk stores no password"):
        app.open_server_desk(desk_url, str(data_dir))


def test_pgpass_signs_the_officer_in_and_nothing_keeps_the_password(
    desk_url: str, pgpass: Path, data_dir: Path
) -> None:
    write_pgpass(pgpass, desk_url, PASSWORD)
    opened = app.open_server_desk(desk_url, str(data_dir))
    try:
        assert opened.desk.author == LOGIN
        opened.desk.set_status("SV-C1", "initiated", note="Signed in through ~/.pgpass.")
        assert opened.desk.state("SV-C1").changed_by == LOGIN
    finally:
        opened.close()
    written = [path for path in data_dir.rglob("*") if path.is_file()]
    for path in written:
        assert PASSWORD.encode() not in path.read_bytes(), path


def test_a_service_file_names_the_desk(
    desk_url: str, pgpass: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, data_dir: Path
) -> None:
    where = make_url(desk_url)
    services = tmp_path / "pg_service.conf"
    services.write_text(
        f"[afpak]\nhost={where.host}\nport={where.port}\ndbname={where.database}\nuser={LOGIN}\n"
    )
    monkeypatch.setenv("PGSERVICEFILE", str(services))
    write_pgpass(pgpass, desk_url, PASSWORD)
    opened = app.open_server_desk("postgresql:///?service=afpak", str(data_dir))
    try:
        assert opened.desk.author == LOGIN
        assert opened.desk.state("SV-C1").status.value == "not_assessed"
    finally:
        opened.close()


def test_a_login_the_server_does_not_know_is_said_as_such(
    desk_url: str, server_database: str, pgpass: Path, data_dir: Path
) -> None:
    unknown = make_url(desk_url).set(username="nobody_at_all").render_as_string()
    with pytest.raises(StoreError, match="has no role for the login given"):
        app.open_server_desk(unknown, str(data_dir))
    # A login the server trusts, so that the missing database is what it says.
    trusted = make_url(server_database)
    no_database = trusted.set(database="no_such_desk").render_as_string(hide_password=False)
    with pytest.raises(StoreError, match="has no database named in"):
        app.open_server_desk(no_database, str(data_dir))
