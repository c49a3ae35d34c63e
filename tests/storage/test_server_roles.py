"""A team desk's roles are the database's: an officer with plain SQL can do no more
than the program lets them, and every row is signed with the login that wrote it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from server_fixtures import libpq_url, make_role
from sqlalchemy.engine import make_url

from vision_desk import app
from vision_desk.errors import StoreError


@pytest.fixture
def desk_url(server_database: str) -> str:
    app.init_server(server_database)
    return server_database


def as_role(desk_url: str, login: str, desk_role: str | None) -> str:
    """The desk's address for ``login``, made a member as ``desk_role`` (None: not
    a member at all)."""
    url = make_role(desk_url, login)
    if desk_role is not None:
        app.grant_on_server(desk_url, login, desk_role)
    return url


@pytest.fixture
def officer(desk_url: str) -> Iterator[psycopg.Connection[tuple[object, ...]]]:
    """Plain SQL as an officer, outside the program."""
    url = as_role(desk_url, "amina_officer", "officer")
    with psycopg.connect(libpq_url(url), autocommit=True) as connection:
        yield connection


@pytest.mark.parametrize(
    ("statement", "refusal"),
    [
        ("UPDATE changes SET author = 'someone else'", "permission denied"),
        ("DELETE FROM changes", "permission denied"),
        ("DELETE FROM notes", "permission denied"),
        ("UPDATE round_records SET status = 'completed'", "permission denied"),
        ("INSERT INTO agreements (id) VALUES ('forged')", "permission denied"),
        ("DROP TABLE notes", "must be owner"),
        ("TRUNCATE changes", "permission denied"),
        # Who wrote, acted or opened stays as the server signed it.
        ("UPDATE notes SET author = 'The Minister'", "permission denied"),
        ("UPDATE operations SET author = 'The Minister'", "permission denied"),
        ("UPDATE rounds SET opened_by = 'The Minister'", "permission denied"),
        # No temporary table may stand in for a desk table the seals look at.
        ("CREATE TEMP TABLE rounds (id int, closed_at text)", "permission denied"),
    ],
)
def test_an_officer_with_plain_sql_cannot_rewrite_history(
    officer: psycopg.Connection[tuple[object, ...]], statement: str, refusal: str
) -> None:
    with pytest.raises(psycopg.Error, match=refusal):
        officer.execute(statement)  # type: ignore[arg-type]  # a constant


def test_an_officer_cannot_make_themselves_director(
    officer: psycopg.Connection[tuple[object, ...]], desk_url: str
) -> None:
    database = make_url(desk_url).database
    with pytest.raises(psycopg.Error, match=r"permission denied|must have admin option"):
        officer.execute(f'GRANT "{database}_director" TO amina_officer')  # type: ignore[arg-type]


def test_every_row_is_signed_with_the_login_not_the_name_sent(
    officer: psycopg.Connection[tuple[object, ...]],
) -> None:
    clause = officer.execute("SELECT id FROM clauses WHERE ref = 'SV-C1'").fetchone()
    assert clause is not None
    officer.execute(
        "INSERT INTO notes (clause_id, author, created_at, text) "
        "VALUES (%s, 'The Minister', '2021-01-10T09:00:00.000000+00:00', 'forged?')",
        (clause[0],),
    )
    officer.execute(
        "INSERT INTO clause_states (clause_id, status, changed_at, changed_by) "
        "VALUES (%s, 'completed', '2021-01-10T09:00:00.000000+00:00', 'The Minister')",
        (clause[0],),
    )
    assert officer.execute("SELECT author FROM notes WHERE text = 'forged?'").fetchone() == (
        "amina_officer",
    )
    assert officer.execute(
        "SELECT changed_by FROM clause_states WHERE clause_id = %s", (clause[0],)
    ).fetchone() == ("amina_officer",)


def test_the_program_signs_with_the_officers_login(desk_url: str) -> None:
    url = as_role(desk_url, "bilal_officer", "officer")
    opened = app.open_server_desk(url)
    try:
        opened.desk.set_status("SV-C2", "initiated", note="Draft exchanged.")
        assert opened.desk.state("SV-C2").changed_by == "bilal_officer"
        assert [note.author for note in opened.desk.notes("SV-C2")] == ["bilal_officer"]
        assert opened.desk.history("SV-C2")[-1].author == "bilal_officer"
    finally:
        opened.close()


def test_an_officer_may_not_bring_in_an_agreement_but_a_director_may(
    desk_url: str, tmp_path: Path
) -> None:
    from vision_desk.paths import bundled_agreements
    from vision_desk.services import transfer

    # The Shared Vision's file under another id: a second agreement to bring in.
    second = tmp_path / "second.toml"
    text = bundled_agreements()[0].read_text(encoding="utf-8")
    second.write_text(text.replace('id = "shared-vision"', 'id = "second-vision"', 1))
    assert 'id = "second-vision"' in second.read_text(encoding="utf-8")
    officer_url = as_role(desk_url, "chen_officer", "officer")
    opened = app.open_server_desk(officer_url)
    try:
        with pytest.raises(StoreError, match="your role may not make it"):
            transfer.import_agreement(opened.desk, second, backup=False)
        assert opened.desk.agreement_ids() == ["shared-vision"]
    finally:
        opened.close()
    # Granting again moves the role: chen is a director now.
    assert app.grant_on_server(desk_url, "chen_officer", "director").endswith("_director")
    opened = app.open_server_desk(officer_url)
    try:
        transfer.import_agreement(opened.desk, second, backup=False)
        assert opened.desk.agreement_ids() == ["shared-vision", "second-vision"]
    finally:
        opened.close()


def test_a_login_that_is_not_a_member_cannot_read_the_desk(desk_url: str) -> None:
    url = as_role(desk_url, "stranger", None)
    with pytest.raises(StoreError, match="your role may not"):
        app.open_server_desk(url)


def test_granting_to_a_role_the_server_does_not_have_is_one_sentence(desk_url: str) -> None:
    with pytest.raises(StoreError, match="no role named 'nobody_here'"):
        app.grant_on_server(desk_url, "nobody_here", "officer")
