"""Evidence is append-only on both databases; on a team desk's server an officer
with plain SQL may add evidence (signed with their login, stamped with the server's
time) but never change or remove it, and a file is kept only under the hash of its
own bytes."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from server_fixtures import libpq_url, make_role

from vision_desk import app
from vision_desk.storage.evidence_seals import APPEND_ONLY, TABLES

ITEM = (
    "INSERT INTO evidence_items (agreement_id, kind, title, source, date, locator, "
    "reliability, credibility, recorded_at, recorded_by, digest) VALUES ('shared-vision', "
    "'report', 'Report', 'Embassy', '2020-12-02', '', 'B', 2, "
    "'2021-01-10T09:00:00.000000+00:00', 'The Minister', '{digest}')"
)
DIGEST = "0" * 64


def test_a_file_refuses_to_change_or_remove_evidence(data_dir: Path) -> None:
    opened = app.open_desk(str(data_dir), author="Test Officer")
    database = opened.paths.database
    opened.close()
    with sqlite3.connect(database) as connection:
        connection.execute(ITEM.format(digest=DIGEST))
    connection.close()
    for statement in ("UPDATE evidence_items SET credibility = 1", "DELETE FROM evidence_items"):
        with (
            sqlite3.connect(database) as connection,
            pytest.raises(sqlite3.IntegrityError, match=APPEND_ONLY),
        ):
            connection.execute(statement)
        connection.close()


@pytest.fixture
def officer(server_database: str) -> Iterator[psycopg.Connection[tuple[object, ...]]]:
    app.init_server(server_database)
    url = make_role(server_database, "amina_officer")
    app.grant_on_server(server_database, "amina_officer", "officer")
    with psycopg.connect(libpq_url(url), autocommit=True) as connection:
        yield connection


@pytest.mark.server
def test_an_officer_adds_evidence_signed_and_stamped_by_the_server(
    officer: psycopg.Connection[tuple[object, ...]],
) -> None:
    officer.execute(ITEM.format(digest=DIGEST))  # type: ignore[arg-type]
    recorded_by, recorded_at, now = officer.execute(
        "SELECT recorded_by, recorded_at, now() FROM evidence_items"
    ).fetchone()  # type: ignore[misc]
    assert recorded_by == "amina_officer"
    assert abs((dt.datetime.fromisoformat(recorded_at) - now).total_seconds()) < 60
    for table in TABLES:
        for statement in (f"UPDATE {table} SET {_column(table)} = {_column(table)}",
                          f"DELETE FROM {table}", f"TRUNCATE {table} CASCADE"):  # fmt: skip
            with pytest.raises(psycopg.Error):
                officer.execute(statement)  # type: ignore[arg-type]


@pytest.mark.server
def test_a_file_is_kept_only_under_the_hash_of_its_bytes(
    officer: psycopg.Connection[tuple[object, ...]],
) -> None:
    with pytest.raises(psycopg.errors.CheckViolation, match="hash_of_content"):
        officer.execute(
            "INSERT INTO evidence_files (sha256, size, content) VALUES (%s, 3, 'abc')",
            ("f" * 64,),
        )
    officer.execute(
        "INSERT INTO evidence_files (sha256, size, content) "
        "VALUES (encode(sha256('abc'), 'hex'), 3, 'abc')"
    )
    with pytest.raises(psycopg.errors.CheckViolation, match="digest_form"):
        officer.execute(ITEM.format(digest="not-a-digest"))  # type: ignore[arg-type]


def _column(table: str) -> str:
    return {"evidence_files": "size", "evidence_links": "linked_at"}.get(table, "id")
