"""A backup killed half-way leaves nothing behind for long (issue 12, item 13).

A backup is written to a ``.part`` file as large as the store. One whose writer was
killed is removed at the next start, however young; one a live process is still
writing is left alone, however old.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from reliability_support import DATABASE_NAME, REPO, child_environment

# A backup that stops just before its rename, as if killed at the worst moment:
# the ``.part`` is complete, as large as the store.
STUCK_BACKUP = r"""
import datetime as dt, pathlib, sys, time
from vision_desk.storage import backup

def stuck(self, target):
    print("written", flush=True)
    time.sleep(3600)

pathlib.Path.replace = stuck
database, folder = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
backup.make_backup(database, folder, "manual", dt.datetime.now(dt.UTC))
"""


def parts(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.part*"))


def test_a_killed_backups_part_file_is_removed_at_the_next_start_but_not_while_written(
    data_dir: Path, tmp_path: Path, run_cli: Callable[..., Any]
) -> None:
    assert run_cli("note", "SV-C1", "A store worth backing up.").code == 0
    database, folder = data_dir / DATABASE_NAME, data_dir / "backups"
    writer = subprocess.Popen(
        [sys.executable, "-c", STUCK_BACKUP, str(database), str(folder)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=child_environment(tmp_path),
        cwd=REPO,
        text=True,
    )
    try:
        assert writer.stdout is not None
        assert writer.stdout.readline() == "written\n", (
            writer.stderr.read() if writer.stderr else ""
        )
        (part,) = parts(folder)
        assert part.stat().st_size >= database.stat().st_size // 2
        # Old by the clock, but its writer is alive: a start leaves it alone.
        an_hour_and_more = time.time() - 2 * 3600
        os.utime(part, (an_hour_and_more, an_hour_and_more))
        assert run_cli("clauses").code == 0
        assert parts(folder) == [part], "a backup being written is not touched"
    finally:
        writer.send_signal(signal.SIGKILL)
        writer.communicate(timeout=30)

    # Killed a moment ago: the next start clears it, with nothing else touched.
    os.utime(part, None)
    backups_before = sorted(path.name for path in folder.iterdir() if path != part)

    result = run_cli("clauses")

    assert result.code == 0, result.err
    assert parts(folder) == []
    assert sorted(path.name for path in folder.iterdir()) == backups_before


def test_a_part_file_left_without_a_lock_by_an_earlier_version_is_removed_at_start(
    data_dir: Path, run_cli: Callable[..., Any]
) -> None:
    """No process holds it: whatever its age, nobody is writing it."""
    assert run_cli("clauses").code == 0
    folder = data_dir / "backups"
    part = folder / "vision-desk-20210110-090000-000000-daily.sqlite3.part"
    part.write_bytes(b"\0" * 65536)
    journal = part.with_name(part.name + "-journal")
    journal.write_bytes(b"\0" * 512)
    kept = folder / "notes.txt"
    kept.write_text("the officer's own file")

    assert run_cli("clauses").code == 0

    assert not part.exists() and not journal.exists()
    assert kept.exists()
