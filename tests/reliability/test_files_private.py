"""Files readable only by the officer's account (reliability.md 8): the database,
its backups, the logs, exported files and set-aside copies are 0600, the folders
Vision Desk makes 0700, even when the program is started with a lax umask (SQLite
would create 0644 files otherwise)."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from reliability_support import DATABASE_NAME, REPO

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")


def mode(path: Path) -> str:
    return oct(stat.S_IMODE(path.stat().st_mode))


def test_everything_vision_desk_writes_is_private(
    data_dir: Path, tmp_path: Path, run_cli: Callable[..., Any]
) -> None:
    exports = tmp_path / "exports"
    exports.mkdir(mode=0o755)
    exports.chmod(0o755)
    river = tmp_path / "river.toml"
    text = (REPO / "docs" / "agreement-format.md").read_text(encoding="utf-8")
    river.write_text(
        text.split("## A complete example", 1)[1].split("```toml\n", 1)[1].split("```")[0],
        encoding="utf-8",
    )
    lax = {"umask": 0o022}
    for command in (
        ("note", "SV-C1", "Private words."),
        ("import", str(river)),
        ("backup",),
        ("export", "--format", "json", "--out", str(exports / "work.json")),
        ("export", "--format", "csv", "--out", str(exports / "work.csv")),
    ):
        result = run_cli(*command, **lax)
        assert result.code == 0, (command, result.err)

    for folder in (data_dir, data_dir / "backups", data_dir / "logs", data_dir / "config"):
        assert mode(folder) == oct(0o700), folder
    files = [
        data_dir / DATABASE_NAME,
        *(data_dir / "backups").iterdir(),
        *(data_dir / "logs").iterdir(),
        exports / "work.json",
        exports / "work.csv",
    ]
    reasons = {path.name.rsplit("-", 1)[-1] for path in (data_dir / "backups").iterdir()}
    assert {"daily.sqlite3", "import.sqlite3", "manual.sqlite3"} <= reasons
    assert any(path.name.endswith(".log") for path in (data_dir / "logs").iterdir())
    for path in files:
        assert mode(path) == oct(0o600), path
    # What a running program has beside the store is private too.
    for suffix in ("-wal", "-shm"):
        companion = data_dir / (DATABASE_NAME + suffix)
        if companion.exists():
            assert mode(companion) == oct(0o600), companion


def test_restored_and_set_aside_stores_are_private(data_dir: Path) -> None:
    from vision_desk import app
    from vision_desk.services.safety import Safety, recover

    old_umask = os.umask(0o022)
    try:
        opened = app.open_desk(str(data_dir), author="officer")
        try:
            made = Safety(opened.desk).backup_now()
            told = Safety(opened.desk).restore(made.path)
        finally:
            opened.close()
        assert "Restored" in told
        database = data_dir / DATABASE_NAME
        assert mode(database) == oct(0o600)
        recover(database, data_dir / "backups", made.made_at)
        (aside,) = [path for path in data_dir.iterdir() if "damaged" in path.name]
        assert mode(aside) == oct(0o600)
        assert mode(database) == oct(0o600)
        for backup in (data_dir / "backups").iterdir():
            assert mode(backup) == oct(0o600), backup
    finally:
        os.umask(old_umask)
