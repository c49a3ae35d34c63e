"""Backups (reliability.md 2): consistent and verified while another process
writes; private; rotated to the newest five plus one a day, a week and a month;
never rotated out by a restore; made before a migration, an import and a restore.
(The backup before a round closes is tested with the rounds service.)"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from reliability_support import DATABASE_NAME, REPO, child_environment, integrity

UTC = dt.UTC

WRITER = r"""
import itertools, json, sys
from vision_desk import app

opened = app.open_desk(sys.argv[1], author="writer", routine_backup=False)
desk = opened.desk
refs = [clause.ref for clause in desk.stored().agreement.clauses]
for number in itertools.count():
    text = f"concurrent {number} " + "text " * (number % 5) * 200
    outcome = desk.add_note(refs[number % len(refs)], text)
    print(json.dumps({"id": outcome.note_id, "text": text}), flush=True)
"""


def backup_contents(path: Path) -> tuple[dict[int, str], list[int]]:
    """The notes in a backup, and the note ids its history says were added."""
    connection = sqlite3.connect(f"{path.as_uri()}?immutable=1", uri=True)
    try:
        notes = dict(connection.execute("SELECT id, text FROM notes"))
        added = sorted(
            int(after)
            for (after,) in connection.execute(
                "SELECT after FROM changes WHERE kind = 'note_added'"
            )
        )
    finally:
        connection.close()
    return notes, added


def test_a_backup_made_while_another_process_writes_is_consistent_and_private(
    data_dir: Path, tmp_path: Path
) -> None:
    from vision_desk import app
    from vision_desk.services.safety import Safety

    opened = app.open_desk(str(data_dir), author="officer")
    lines: list[str] = []
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(data_dir)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=child_environment(tmp_path),
        cwd=REPO,
    )

    def read() -> None:
        assert writer.stdout is not None
        for raw in writer.stdout:
            lines.append(raw.decode("utf-8"))

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    made = []
    try:
        deadline = time.monotonic() + 60
        while not lines and time.monotonic() < deadline:
            time.sleep(0.02)
        assert lines, "the writer did not start"
        for _ in range(4):
            acknowledged_before = len(lines)
            started = time.monotonic()
            info = Safety(opened.desk).backup_now()
            took = time.monotonic() - started
            made.append((info, acknowledged_before, took))
            time.sleep(0.1)
    finally:
        writer.kill()
        writer.wait(timeout=30)
        reader.join(timeout=30)
        assert writer.stdout is not None
        writer.stdout.close()
        opened.close()
    written = {
        record["id"]: record["text"]
        for record in (json.loads(line) for line in lines if line.endswith("\n"))
    }

    previous = 0
    for info, before, took in made:
        path = info.path
        assert integrity(path, wal=False) == ["ok"]
        assert path.stat().st_mode & 0o777 == 0o600
        for suffix in ("-wal", "-shm", "-journal", ".part"):
            assert not path.with_name(path.name + suffix).exists(), suffix
        notes, added = backup_contents(path)
        # A prefix of what was committed: notes 1..n, each with its history row.
        assert sorted(notes) == list(range(1, len(notes) + 1))
        assert added == sorted(notes)
        assert len(notes) >= before, "every note acknowledged before the backup is in it"
        # ...and nothing that was never committed: at most the one commit the kill
        # cut off before its line was printed.
        assert set(notes) <= set(written) | {max(written) + 1}
        assert all(notes[note_id] == written[note_id] for note_id in notes if note_id in written)
        assert len(notes) >= previous
        previous = len(notes)
        print(f"backup of {len(notes)} notes took {took:.2f}s")
        assert took < 5, f"a backup next to a busy writer took {took:.1f}s"
    assert previous > made[0][1], "the writer kept writing between backups"


# -- rotation -----------------------------------------------------------------------------


def at(day: str, hour: int = 3) -> dt.datetime:
    return dt.datetime.fromisoformat(day).replace(hour=hour, tzinfo=UTC)


def schedule() -> list[dt.datetime]:
    """71 backups: twice a month from May 2020 to April 2021, every day from 20 May
    2021, and six on the last day, 30 June 2021 (a Wednesday of ISO week 26)."""
    moments = []
    for month in range(12):
        year, number = 2020 + (4 + month) // 12, (4 + month) % 12 + 1
        moments += [at(f"{year}-{number:02d}-10"), at(f"{year}-{number:02d}-25")]
    day = dt.date(2021, 5, 20)
    while day <= dt.date(2021, 6, 30):
        moments.append(at(day.isoformat()))
        day += dt.timedelta(days=1)
    moments += [at("2021-06-30", hour) for hour in (6, 9, 12, 15, 18)]
    return moments


EXPECTED_KEPT = sorted(
    # the newest five
    [at("2021-06-30", hour) for hour in (18, 15, 12, 9, 6)]
    # the newest of each of the last 7 days (30 June is already kept)
    + [at(f"2021-06-{day}") for day in (29, 28, 27, 26, 25, 24)]
    # of each of the last 5 ISO weeks (weeks 26 and 25 are already kept)
    + [at("2021-06-20"), at("2021-06-13"), at("2021-06-06")]
    # of each of the last 12 months (June 2021 is already kept): July 2020 onwards
    + [at("2021-05-31")]
    + [at(f"2021-{month:02d}-25") for month in (4, 3, 2, 1)]
    + [at(f"2020-{month:02d}-25") for month in (12, 11, 10, 9, 8, 7)]
)


@pytest.fixture
def tiny_store(tmp_path: Path) -> Path:
    from vision_desk.storage.store import Store

    path = tmp_path / "store" / DATABASE_NAME
    path.parent.mkdir()
    Store.open(path).close()
    return path


def test_rotation_keeps_five_then_one_a_day_a_week_and_a_month(
    tiny_store: Path, tmp_path: Path
) -> None:
    from vision_desk.storage.backup import list_backups, make_backup, rotate
    from vision_desk.storage.partial_files import claimed

    folder = tmp_path / "backups"
    for moment in schedule():
        make_backup(tiny_store, folder, "daily", moment)
    assert len(list_backups(folder)) == 71
    # Files rotation must leave alone, and the remains of a backup killed half-way.
    (folder / "notes.txt").write_text("the officer's own file")
    (folder / "vision-desk-damaged-20210101-000000.sqlite3").write_bytes(b"kept")
    fresh = folder / "vision-desk-20210630-190000-000000-daily.sqlite3.part"
    stale = folder / "vision-desk-20210630-170000-000000-daily.sqlite3.part"
    stale.write_bytes(b"half a backup")
    two_hours_ago = time.time() - 7200
    os_utime(stale, two_hours_ago)

    # ``fresh`` is being written: its writer holds it, as ``make_backup`` does.
    with claimed(fresh):
        fresh.write_bytes(b"half a backup")
        removed = rotate(folder, at("2021-06-30", 20))

    kept = [info.made_at for info in list_backups(folder)]
    assert sorted(kept) == EXPECTED_KEPT
    assert len(removed) == 71 - len(EXPECTED_KEPT)
    assert (folder / "notes.txt").exists()
    assert (folder / "vision-desk-damaged-20210101-000000.sqlite3").exists()
    assert fresh.exists(), "a backup being written now is not touched"
    assert not stale.exists(), "a backup killed half-way is cleared away"
    # Rotating again changes nothing.
    assert rotate(folder, at("2021-06-30", 20)) == []


def os_utime(path: Path, moment: float) -> None:
    import os

    os.utime(path, (moment, moment))


def test_a_restore_never_rotates_out_older_good_backups(data_dir: Path, clock: Any) -> None:
    from vision_desk import app
    from vision_desk.services.safety import Safety
    from vision_desk.storage.backup import list_backups, make_backup

    opened = app.open_desk(str(data_dir), author="officer")
    opened.desk.clock = clock
    try:
        desk = opened.desk
        desk.add_note("SV-C1", "In the good old backup.")
        database, folder = desk.store.path, data_dir / "backups"
        desk.store.checkpoint()
        # A month of daily backups, more than rotation would keep.
        for day in range(30):
            make_backup(database, folder, "daily", clock.now - dt.timedelta(days=30 - day))
        desk.add_note("SV-C1", "A mistake made after them.")
        before = {info.path for info in list_backups(folder)}
        oldest = min(list_backups(folder), key=lambda info: info.made_at)

        told = Safety(desk).restore(oldest.path)

        after = {info.path for info in list_backups(folder)}
        assert before <= after, "no backup was rotated out"
        (added,) = after - before
        assert added.name.endswith("-before-restore.sqlite3")
        assert oldest.path.name in told
        assert [note.text for note in desk.notes("SV-C1")] == ["In the good old backup."]
        # The store as it was is in the before-restore backup.
        notes, _ = backup_contents(added)
        assert "A mistake made after them." in notes.values()
    finally:
        opened.close()


def test_the_restore_command_rotates_nothing_either(
    data_dir: Path, run_cli: Callable[..., Any]
) -> None:
    from vision_desk.storage.backup import list_backups, make_backup

    assert run_cli("note", "SV-C1", "In every backup.").code == 0
    database, folder = data_dir / DATABASE_NAME, data_dir / "backups"
    now = dt.datetime.now(UTC)
    for hours in range(1, 13):  # twelve backups of today: rotation would keep five
        make_backup(database, folder, "manual", now - dt.timedelta(hours=hours, minutes=1))
    before = {info.path for info in list_backups(folder)}
    chosen = min(list_backups(folder), key=lambda info: info.made_at)

    result = run_cli("restore", "--yes", str(chosen.path))

    assert result.code == 0, result.err
    assert result.out.startswith(f"Restored the backup {chosen.path.name}")
    after = {info.path for info in list_backups(folder)}
    assert before <= after
    assert [path.name.rsplit("-", 2)[-2:] for path in after - before] == [
        ["before", "restore.sqlite3"]
    ]


def test_the_restore_command_when_a_daily_backup_is_due_rotates_nothing(
    data_dir: Path, run_cli: Callable[..., Any]
) -> None:
    from vision_desk.storage.backup import list_backups, make_backup

    assert run_cli("note", "SV-C1", "In every backup.").code == 0
    database, folder = data_dir / DATABASE_NAME, data_dir / "backups"
    for path in folder.iterdir():
        path.unlink()
    now = dt.datetime.now(UTC)
    for hours in range(1, 13):  # twelve backups of two days ago
        make_backup(database, folder, "import", now - dt.timedelta(days=2, hours=hours))
    before = {info.path for info in list_backups(folder)}
    chosen = min(list_backups(folder), key=lambda info: info.made_at)

    result = run_cli("restore", "--yes", str(chosen.path))

    assert result.code == 0, result.err
    assert before <= {info.path for info in list_backups(folder)}


# -- backups before risky steps ------------------------------------------------------------


def test_a_backup_is_made_before_a_migration(data_dir: Path) -> None:
    """A store left at revision 0002 by an older Vision Desk is backed up, as it was,
    before it is migrated. (That a migration failing half-way leaves the file
    exactly as it was is tests/storage/test_migrations.py's
    test_a_failing_migration_leaves_the_file_exactly_as_before and
    test_store_open_with_a_failing_migration_leaves_the_file_and_lets_go.)"""
    from alembic import command

    from vision_desk import app
    from vision_desk.storage import migrate
    from vision_desk.storage.backup import is_good_backup, list_backups
    from vision_desk.storage.engine import APPLICATION_ID, initialise_file, make_engine

    data_dir.mkdir(mode=0o700)
    database = data_dir / DATABASE_NAME
    initialise_file(database)
    engine = make_engine(database)
    try:
        with engine.begin() as connection:
            command.upgrade(migrate.alembic_config(connection), "0002")
    finally:
        engine.dispose()
    old = sqlite3.connect(database)
    try:
        old.execute("INSERT INTO settings (key, value) VALUES ('kept', 'from 0002')")
        old.commit()
    finally:
        old.close()

    opened = app.open_desk(str(data_dir), author="officer")
    try:
        with opened.desk.store.read() as session:
            revision = migrate.current_revision(session.connection())
    finally:
        opened.close()
    assert revision == migrate.HEAD_REVISION

    (backup,) = [info for info in list_backups(data_dir / "backups") if info.reason == "migration"]
    assert is_good_backup(backup.path, APPLICATION_ID)
    assert backup.path.stat().st_mode & 0o777 == 0o600
    kept = sqlite3.connect(f"{backup.path.as_uri()}?immutable=1", uri=True)
    try:
        assert kept.execute("SELECT version_num FROM alembic_version").fetchall() == [("0002",)]
        assert kept.execute("PRAGMA user_version").fetchone() == (2,)
        assert kept.execute("SELECT value FROM settings WHERE key = 'kept'").fetchone() == (
            "from 0002",
        )
    finally:
        kept.close()


def test_a_backup_is_made_before_an_import(desk: Any, tmp_path: Path) -> None:
    from vision_desk.services import transfer
    from vision_desk.storage.backup import is_good_backup, list_backups
    from vision_desk.storage.engine import APPLICATION_ID

    shared = (REPO / "resources" / "agreements" / "shared-vision.toml").read_text("utf-8")
    other = tmp_path / "other.toml"
    other.write_text(shared.replace('id = "shared-vision"', 'id = "other-accord"', 1), "utf-8")

    transfer.import_agreement(desk, other)

    imports = [info for info in list_backups(desk.backups) if info.reason == "import"]
    assert len(imports) == 1
    assert is_good_backup(imports[0].path, APPLICATION_ID)
    assert "other-accord" in desk.agreement_ids()


def test_a_daily_backup_is_not_held_off_by_one_dated_in_the_future(desk: Any) -> None:
    """A backup made while the clock was wrong (years ahead) must not stop the daily
    backups until that date."""
    from vision_desk.services.safety import Safety
    from vision_desk.storage.backup import make_backup

    now = desk.clock()
    make_backup(desk.store.path, desk.backups, "manual", now + dt.timedelta(days=3650))
    made = Safety(desk).backup_if_due()
    assert made is not None and made.reason == "daily"
    assert Safety(desk).backup_if_due() is None, "one a day"


# -- folders with unusual names ------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "Officer's notes",
        "Desk #1",
        "Q3 ?review",
        "100%41 done",
    ],
)
def test_a_data_folder_with_unusual_characters_keeps_store_and_backups_together(
    tmp_path: Path, name: str
) -> None:
    from vision_desk import app
    from vision_desk.services.safety import Safety

    folder = tmp_path / "outer" / name
    opened = app.open_desk(str(folder), author="officer")
    try:
        opened.desk.add_note("SV-C1", "Where is this kept?")
        safety = Safety(opened.desk)
        info = safety.backup_now()
        assert safety.check().healthy
    finally:
        opened.close()
    assert sorted(path.name for path in (tmp_path / "outer").iterdir()) == [name]
    notes, _ = backup_contents(info.path)
    assert "Where is this kept?" in notes.values()
    shutil.rmtree(tmp_path / "outer")
