"""A restore checks the candidate completely before anything moves (issue 12, items
3 and 4).

A file restored must pass SQLite's integrity check, have exactly the schema the
migrations define (tables, columns, indexes, and the triggers that seal closed
rounds and keep the history append-only), and every closed round must still match
its hash. A file that is newer, foreign, damaged, forged or tampered with is
refused with one sentence, and the store is left byte for byte as it was, its
``-wal`` included. ``vision-desk check`` reports a missing seal too.
"""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from reliability_support import DATABASE_NAME, integrity, one_sentence

APPLICATION_ID = 0x56444B31
IN_BACKUP = "In the backup."
AFTER_BACKUP = "Written after the backup."


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data folder with a closed round, a note from before its one manual backup
    and a note from after it."""
    import datetime as dt

    from vision_desk import app
    from vision_desk.services.rounds import Rounds
    from vision_desk.services.safety import Safety

    folder = tmp_path_factory.mktemp("candidates") / "data"
    opened = app.open_desk(str(folder), author="setup")
    try:
        desk = opened.desk
        desk.add_note("SV-C1", IN_BACKUP)
        rounds = Rounds(desk)
        rounds.open("January 2021 review", dt.date(2021, 1, 10))
        desk.set_status("SV-C1", "initiated")
        desk.set_status("SV-C2", "advanced")
        rounds.close()
        Safety(desk).backup_now()
        desk.add_note("SV-C1", AFTER_BACKUP)
    finally:
        opened.close()
    return folder


@pytest.fixture
def data(template: Path, data_dir: Path) -> Path:
    shutil.copytree(template, data_dir)
    return data_dir


def genuine(data: Path) -> Path:
    (backup,) = (data / "backups").glob("*-manual.sqlite3")
    return backup


def edited(data: Path, tmp_path: Path, *statements: str) -> Path:
    """A copy of the genuine backup, outside the backups folder, changed by SQL."""
    candidate = tmp_path / "candidate.sqlite3"
    shutil.copyfile(genuine(data), candidate)
    connection = sqlite3.connect(candidate)
    try:
        for statement in statements:
            connection.execute(statement)
        connection.commit()
    finally:
        connection.close()
    assert integrity(candidate, wal=False) == ["ok"]
    return candidate


def trigger_sql(path: Path, name: str) -> str:
    connection = sqlite3.connect(f"{path.as_uri()}?immutable=1", uri=True)
    try:
        (sql,) = connection.execute(
            "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?", (name,)
        ).fetchone()
        return str(sql)
    finally:
        connection.close()


def forged(_data: Path, tmp_path: Path) -> Path:
    """The right application_id and schema version, and no real schema."""
    candidate = tmp_path / "forged.sqlite3"
    connection = sqlite3.connect(candidate)
    try:
        connection.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        connection.execute("PRAGMA user_version = 3")
        connection.execute("CREATE TABLE notes (text TEXT)")
        connection.commit()
    finally:
        connection.close()
    return candidate


def seal_dropped(data: Path, tmp_path: Path) -> Path:
    return edited(data, tmp_path, "DROP TRIGGER rounds_closed_no_update")


def seal_defused(data: Path, tmp_path: Path) -> Path:
    """The trigger is there by name but no longer refuses anything."""
    return edited(
        data,
        tmp_path,
        "DROP TRIGGER round_records_no_update",
        "CREATE TRIGGER round_records_no_update BEFORE UPDATE ON round_records BEGIN SELECT 1; END",
    )


def history_unsealed(data: Path, tmp_path: Path) -> Path:
    return edited(data, tmp_path, "DROP TRIGGER changes_no_delete")


def unexpected_trigger(data: Path, tmp_path: Path) -> Path:
    return edited(
        data,
        tmp_path,
        "CREATE TRIGGER notes_vanish AFTER INSERT ON notes BEGIN DELETE FROM notes; END",
    )


def column_missing(data: Path, tmp_path: Path) -> Path:
    return edited(data, tmp_path, "ALTER TABLE notes DROP COLUMN edited_at")


def round_rewritten(data: Path, tmp_path: Path) -> Path:
    """A closed round's record changed behind its seal, the seal put back exactly:
    the schema is right, the hash no longer matches."""
    original = trigger_sql(genuine(data), "round_records_no_update")
    return edited(
        data,
        tmp_path,
        "DROP TRIGGER round_records_no_update",
        "UPDATE round_records SET status = 'completed' WHERE ref = 'SV-C1'",
        original,
    )


def newer_revision(data: Path, tmp_path: Path) -> Path:
    """A newer Vision Desk's file whose header still says our schema version."""
    return edited(data, tmp_path, "UPDATE alembic_version SET version_num = '0099'")


def older_and_broken(_data: Path, tmp_path: Path) -> Path:
    """Says it is at the first revision, holds none of its tables: the upgrade fails."""
    candidate = tmp_path / "older.sqlite3"
    connection = sqlite3.connect(candidate)
    try:
        connection.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        connection.execute("PRAGMA user_version = 1")
        connection.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)")
        connection.execute("INSERT INTO alembic_version VALUES ('0001')")
        connection.commit()
    finally:
        connection.close()
    return candidate


def damaged(data: Path, tmp_path: Path) -> Path:
    candidate = edited(data, tmp_path)
    bytes_ = bytearray(candidate.read_bytes())
    page = 4096
    for offset in range(page, len(bytes_), 7):
        bytes_[offset] ^= 0x5A
    candidate.write_bytes(bytes(bytes_))
    return candidate


def foreign(_data: Path, tmp_path: Path) -> Path:
    candidate = tmp_path / "foreign.sqlite3"
    connection = sqlite3.connect(candidate)
    try:
        connection.execute("CREATE TABLE photos (name TEXT)")
        connection.commit()
    finally:
        connection.close()
    return candidate


REFUSED: dict[str, tuple[Callable[[Path, Path], Path], str]] = {
    "forged": (forged, "schema"),
    "seal dropped": (seal_dropped, "rounds_closed_no_update"),
    "seal defused": (seal_defused, "round_records_no_update"),
    "history unsealed": (history_unsealed, "changes_no_delete"),
    "unexpected trigger": (unexpected_trigger, "notes_vanish"),
    "column missing": (column_missing, "edited_at"),
    "round rewritten": (round_rewritten, "hash"),
    "newer revision": (newer_revision, "newer version"),
    "older and broken": (older_and_broken, "schema"),
    "damaged": (damaged, "damaged"),
    "foreign": (foreign, "not a Vision Desk"),
}


def files_of(database: Path) -> dict[str, bytes]:
    return {
        suffix: database.with_name(database.name + suffix).read_bytes()
        for suffix in ("", "-wal")
        if database.with_name(database.name + suffix).exists()
    }


@pytest.mark.parametrize("kind", list(REFUSED))
def test_the_restore_command_refuses_a_bad_candidate_and_changes_nothing(
    kind: str, data: Path, tmp_path: Path, run_cli: Callable[..., Any]
) -> None:
    make, mention = REFUSED[kind]
    candidate = make(data, tmp_path)
    database = data / DATABASE_NAME
    before = database.read_bytes()
    backups_before = sorted(path.name for path in (data / "backups").iterdir())
    candidate_before = candidate.read_bytes()

    result = run_cli("restore", "--yes", str(candidate))

    line = one_sentence(result, "Nothing was restored", candidate.name, mention)
    assert "\n" not in line
    assert database.read_bytes() == before
    assert sorted(path.name for path in (data / "backups").iterdir()) == backups_before
    assert candidate.read_bytes() == candidate_before, "the candidate is only read"
    assert not [path for path in data.iterdir() if path.name.endswith(".restoring")]
    shown = run_cli("show", "SV-C1", "--json")
    assert AFTER_BACKUP in shown.out


@pytest.mark.parametrize(
    "kind", ["forged", "newer revision", "round rewritten", "older and broken"]
)
def test_the_desks_restore_refuses_a_bad_candidate_leaving_store_and_wal_untouched(
    kind: str, data: Path, tmp_path: Path
) -> None:
    """In the desk, with changes still in the ``-wal``: the store and its journal are
    the same bytes after the refusal, and the desk goes on writing."""
    from vision_desk import app
    from vision_desk.errors import UserError
    from vision_desk.services.safety import Safety

    make, _mention = REFUSED[kind]
    candidate = make(data, tmp_path)
    opened = app.open_desk(str(data), author="officer", routine_backup=False)
    try:
        opened.desk.add_note("SV-C1", "Only in the journal so far.")
        database = opened.desk.store.path
        before = files_of(database)
        assert before.get("-wal"), "the note is in the -wal, not yet in the main file"

        with pytest.raises(UserError) as refused:
            Safety(opened.desk).restore(candidate)

        assert refused.value.message.startswith("Nothing was restored")
        assert files_of(database) == before
        opened.desk.add_note("SV-C1", "Still writing.")
        texts = [note.text for note in opened.desk.notes("SV-C1")]
        assert texts[-3:] == [AFTER_BACKUP, "Only in the journal so far.", "Still writing."]
    finally:
        opened.close()


def test_a_good_candidate_from_an_older_schema_is_restored_and_brought_up_to_date(
    data: Path, tmp_path: Path, run_cli: Callable[..., Any]
) -> None:
    from alembic import command

    from vision_desk.storage import migrate
    from vision_desk.storage.engine import initialise_file, make_engine

    candidate = tmp_path / "older.sqlite3"
    initialise_file(candidate)
    engine = make_engine(candidate)
    try:
        with engine.begin() as connection:
            command.upgrade(migrate.alembic_config(connection), "0002")
    finally:
        engine.dispose()
    raw = sqlite3.connect(candidate)
    try:
        raw.execute("INSERT INTO settings (key, value) VALUES ('kept', 'from 0002')")
        raw.commit()
    finally:
        raw.close()

    result = run_cli("restore", "--yes", str(candidate))

    assert result.code == 0, result.err
    database = data / DATABASE_NAME
    reader = sqlite3.connect(f"{database.as_uri()}?mode=ro", uri=True)
    try:
        assert reader.execute("SELECT version_num FROM alembic_version").fetchone() == (
            migrate.HEAD_REVISION,
        )
        assert reader.execute("SELECT value FROM settings WHERE key = 'kept'").fetchone() == (
            "from 0002",
        )
    finally:
        reader.close()


def test_a_genuine_backup_with_its_closed_round_is_restored(
    data: Path, run_cli: Callable[..., Any]
) -> None:
    result = run_cli("restore", "--yes", str(genuine(data)))

    assert result.code == 0, result.err
    shown = run_cli("show", "SV-C1", "--json")
    assert IN_BACKUP in shown.out and AFTER_BACKUP not in shown.out
    assert run_cli("check").code == 0


@pytest.mark.parametrize(
    ("statements", "mention"),
    [
        (("DROP TRIGGER rounds_no_delete",), "rounds_no_delete"),
        (("DROP TRIGGER changes_no_update",), "changes_no_update"),
        (
            (
                "DROP TRIGGER round_assessments_closed_no_update",
                "CREATE TRIGGER round_assessments_closed_no_update BEFORE UPDATE ON "
                "round_assessments BEGIN SELECT 1; END",
            ),
            "round_assessments_closed_no_update",
        ),
    ],
)
def test_check_reports_a_missing_or_defused_seal(
    statements: tuple[str, ...], mention: str, data: Path, run_cli: Callable[..., Any]
) -> None:
    database = data / DATABASE_NAME
    connection = sqlite3.connect(database)
    try:
        for statement in statements:
            connection.execute(statement)
        connection.commit()
    finally:
        connection.close()

    result = run_cli("check")

    assert result.code == 1, result.out
    assert mention in result.out
    assert "seal" in result.out
    assert not [path for path in data.iterdir() if "damaged" in path.name]


def test_check_of_a_sound_store_names_its_seals_as_checked(
    data: Path, run_cli: Callable[..., Any]
) -> None:
    result = run_cli("check")
    assert result.code == 0, result.out
    assert "1 closed rounds match their hashes" in result.out
