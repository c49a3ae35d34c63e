"""The command line on a team desk: ``server init``, ``server migrate`` and every
command with ``--server URL`` (or ``VISION_DESK_SERVER``, or the settings' ``server``),
run as a user runs them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from server_fixtures import libpq_url

from vision_desk.paths import resolve

pytestmark = pytest.mark.server


def address(server_database: str) -> str:
    """The database as an officer writes it (``postgresql://…``)."""
    return libpq_url(server_database)


def test_init_makes_the_desk_and_a_second_init_is_refused(cli, server_database: str) -> None:  # type: ignore[no-untyped-def]
    url = address(server_database)
    made = cli("server", "init", url)
    assert made.code == 0, made.err
    assert "loaded A Shared Vision" in made.out
    again = cli("server", "init", url)
    assert again.code == 1
    assert again.err.count("\n") == 1 and "holds a desk already" in again.err
    current = cli("server", "migrate", url)
    assert current.code == 0 and "up to date" in current.out


def test_commands_work_on_the_server_and_sign_with_its_role(  # type: ignore[no-untyped-def]
    cli, server_database: str, data_dir: Path
) -> None:
    url = address(server_database)
    assert cli("server", "init", url).code == 0
    changed = cli("--server", url, "set", "SV-C1", "initiated", "--note", "Met in Islamabad")
    assert changed.code == 0, changed.err
    shown = cli("--server", url, "show", "SV-C1")
    assert "Initiated" in shown.out and "Met in Islamabad" in shown.out
    # The cli fixture says VISION_DESK_AUTHOR=cli-officer: a server signs with the
    # role this connection is, never a name the program is told.
    history = cli("--server", url, "history", "SV-C1")
    assert "vision_desk_test" in history.out and "cli-officer" not in history.out
    # The officer's own file was never made.
    assert not list(data_dir.glob("*.sqlite3"))


def test_a_name_given_with_a_server_is_refused(cli, server_database: str) -> None:  # type: ignore[no-untyped-def]
    url = address(server_database)
    assert cli("server", "init", url).code == 0
    refused = cli("--server", url, "--as", "Someone", "set", "SV-C1", "initiated")
    assert refused.code == 1
    assert "signed with your server role" in refused.err
    assert "Not assessed" in cli("--server", url, "show", "SV-C1").out


def test_file_only_commands_say_the_server_keeps_its_own_backups(cli, server_database: str) -> None:  # type: ignore[no-untyped-def]
    url = address(server_database)
    assert cli("server", "init", url).code == 0
    for command in (("backup",), ("check",)):
        result = cli("--server", url, *command)
        assert result.code == 1, command
        assert "the server's own tools" in result.err, command


def test_the_server_comes_from_the_environment_or_the_settings(
    server_database: str, tmp_path: Path
) -> None:
    url = address(server_database)
    data = tmp_path / "data"

    def run(*args: str, env_server: str | None = None) -> subprocess.CompletedProcess[str]:
        env = {k: v for k, v in os.environ.items() if k != "VISION_DESK_SERVER"}
        if env_server is not None:
            env["VISION_DESK_SERVER"] = env_server
        return subprocess.run(
            [sys.executable, "-m", "vision_desk", "--data-dir", str(data), *args],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
        )

    assert run("server", "init", url).returncode == 0
    assert run("set", "SV-C2", "advanced", env_server=url).returncode == 0
    settings = resolve(str(data)).settings_file
    settings.parent.mkdir(parents=True, exist_ok=True)
    settings.write_text(f'server = "{url}"\n', encoding="utf-8")
    shown = run("show", "SV-C2")
    assert shown.returncode == 0, shown.stderr
    assert "Advanced" in shown.stdout


@pytest.mark.parametrize(
    ("url", "said"),
    [
        ("sqlite:///desk.sqlite3", "not a PostgreSQL address"),
        ("db.ministry.example", "not a server address"),
    ],
)
def test_a_wrong_address_is_one_sentence(cli, url: str, said: str) -> None:  # type: ignore[no-untyped-def]
    result = cli("--server", url, "clauses")
    assert result.code == 1
    assert said in result.err and result.err.count("\n") == 1


def test_an_empty_database_is_not_a_desk(cli, server_database: str) -> None:  # type: ignore[no-untyped-def]
    result = cli("--server", address(server_database), "clauses")
    assert result.code == 1
    assert "server init" in result.err


def test_set_on_a_version_that_has_moved_on_exits_1_naming_the_change(  # type: ignore[no-untyped-def]
    cli, server_database: str
) -> None:
    import json

    url = address(server_database)
    assert cli("server", "init", url).code == 0
    version = json.loads(cli("--server", url, "show", "SV-C1", "--json").out)["status_version"]
    assert version == 0  # never set
    assert cli("--server", url, "set", "SV-C1", "initiated").code == 0
    late = cli("--server", url, "set", "SV-C1", "completed", "--expect-version", str(version))
    assert late.code == 1
    assert late.err.count("\n") == 1
    assert "SV-C1 was set to Initiated by vision_desk_test at " in late.err
    assert "your Completed was not saved" in late.err
    assert "Initiated" in cli("--server", url, "show", "SV-C1").out
    on_time = cli("--server", url, "set", "SV-C1", "completed", "--expect-version", "1")
    assert on_time.code == 0, on_time.err


def test_push_copies_the_officers_store_whole_and_checks_it(  # type: ignore[no-untyped-def]
    cli, server_database: str
) -> None:
    import json

    assert cli("set", "SV-C1", "initiated", "--note", "Met in Islamabad").code == 0
    assert cli("round", "open", "December", "--as-of", "2020-12-01").code == 0
    assert cli("set", "SV-C2", "advanced", "--note", "Draft exchanged").code == 0
    closed = cli("round", "close")
    assert closed.code == 0, closed.err
    assert cli("set", "SV-C1", "advanced").code == 0
    assert cli("undo").code == 0
    local_history = json.loads(cli("history", "SV-C1", "--json").out)
    local_round = json.loads(cli("round", "show", "1", "--json").out)

    url = address(server_database)
    pushed = cli("server", "push", url)
    assert pushed.code == 0, pushed.err
    assert "1 rounds (1 closed, each verified against its hash)" in pushed.out

    # The desk on the server is the file: the same history, signed with the same
    # names (the cli fixture's), and the round with its hash.
    assert json.loads(cli("--server", url, "history", "SV-C1", "--json").out) == local_history
    server_round = json.loads(cli("--server", url, "round", "show", "1", "--json").out)
    assert server_round == local_round
    # New work goes on after the copied ids, signed with the server login.
    added = cli("--server", url, "note", "SV-C4", "After the push")
    assert added.code == 0, added.err
    notes = json.loads(cli("--server", url, "show", "SV-C4", "--json").out)["notes"]
    assert [note["author"] for note in notes] == ["vision_desk_test"]
    # A desk is pushed into a new database only.
    again = cli("server", "push", url)
    assert again.code == 1 and "holds a desk already" in again.err


def test_pull_makes_a_read_only_copy_of_the_desk_for_a_trip(  # type: ignore[no-untyped-def]
    cli, server_database: str, tmp_path: Path
) -> None:
    import json

    url = address(server_database)
    assert cli("server", "init", url).code == 0
    assert cli("--server", url, "set", "SV-C1", "initiated", "--note", "Met").code == 0
    assert cli("--server", url, "round", "open", "December", "--as-of", "2020-12-01").code == 0
    assert cli("--server", url, "set", "SV-C2", "advanced", "--note", "Draft").code == 0
    assert cli("--server", url, "round", "close").code == 0
    trip = tmp_path / "trip"
    trip.mkdir()
    copy = trip / "vision-desk.sqlite3"

    pulled = cli("server", "pull", url, "--out", str(copy))
    assert pulled.code == 0, pulled.err
    assert "1 closed, each verified against its hash" in pulled.out

    on_trip = json.loads(cli("show", "SV-C1", "--json", data=trip).out)
    assert on_trip["status"] == "initiated"
    assert [note["text"] for note in on_trip["notes"]] == ["Met"]
    assert json.loads(cli("round", "show", "1", "--json", data=trip).out) == json.loads(
        cli("--server", url, "round", "show", "1", "--json").out
    )
    refused = cli("set", "SV-C3", "completed", data=trip)
    assert refused.code == 1 and "it is read-only" in refused.err
    assert json.loads(cli("show", "SV-C3", "--json", data=trip).out)["status"] == "not_assessed"
    again = cli("server", "pull", url, "--out", str(copy))
    assert again.code == 1 and "exists already" in again.err


def test_grant_refuses_the_desks_own_groups_and_roles_that_cannot_log_in(  # type: ignore[no-untyped-def]
    cli, server_database: str
) -> None:
    import psycopg
    from server_fixtures import make_role
    from sqlalchemy.engine import make_url

    url = address(server_database)
    assert cli("server", "init", url).code == 0
    database = make_url(server_database).database

    def chain() -> set[tuple[str, str]]:
        """Which of the desk's roles is a member of which."""
        with psycopg.connect(url) as connection:
            rows = connection.execute(
                "SELECT member.rolname, of.rolname FROM pg_auth_members m "
                "JOIN pg_roles member ON member.oid = m.member "
                "JOIN pg_roles of ON of.oid = m.roleid WHERE of.rolname LIKE %s",
                (f"{database}\\_%",),
            ).fetchall()
        return {(str(member), str(of)) for member, of in rows}

    before = chain()
    for group in ("officer", "reviewer", "director"):
        for desk_role in ("officer", "director"):
            refused = cli("server", "grant", f"{database}_{group}", desk_role, url)
            assert refused.code == 1, (group, desk_role)
            assert refused.err.count("\n") == 1
            assert f"'{database}_{group}' is one of the desk's own group roles" in refused.err
    with psycopg.connect(url, autocommit=True) as admin:
        found = admin.execute("SELECT 1 FROM pg_roles WHERE rolname = 'desk_readers'")
        if found.fetchone() is None:
            admin.execute("CREATE ROLE desk_readers NOLOGIN")
    refused = cli("server", "grant", "desk_readers", "officer", url)
    assert refused.code == 1
    assert refused.err.count("\n") == 1
    assert "The server role 'desk_readers' cannot log in" in refused.err
    assert chain() == before  # nothing was changed
    # An officer's own login is still made one.
    make_role(server_database, "granted_officer")
    granted = cli("server", "grant", "granted_officer", "officer", url)
    assert granted.code == 0, granted.err
    assert ("granted_officer", f"{database}_officer") in chain()
