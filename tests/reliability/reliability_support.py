"""Shared helpers of the reliability tests (imported by name: the folder has no
``__init__``, so this file's name is unique in the suite)."""

from __future__ import annotations

import os
import resource
import signal
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
DATABASE_NAME = "vision-desk.sqlite3"


@dataclass
class Run:
    code: int
    out: str
    err: str


def child_environment(tmp_path: Path, extra: dict[str, str] | None = None) -> dict[str, str]:
    home = tmp_path / "home"
    temporary = tmp_path / "tmp"
    for folder in (home, temporary):
        folder.mkdir(exist_ok=True)
    environment = {
        **os.environ,
        "VISION_DESK_AUTHOR": "reliability-officer",
        "HOME": str(home),
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_CACHE_HOME": str(home / "cache"),
        "XDG_STATE_HOME": str(home / "state"),
        "TMPDIR": str(temporary),  # where a crash before the data folder is known logs
        "PYTHONPATH": str(REPO),
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    environment.pop("VISION_DESK_DATA_DIR", None)
    environment.update(extra or {})
    return environment


def limits(umask: int | None, file_size: int | None) -> Callable[[], None] | None:
    """What the child does before it runs: a umask, and a file-size limit with
    SIGXFSZ ignored, so that a write past the limit fails with EFBIG as on a full
    disk instead of killing the program."""
    if umask is None and file_size is None:
        return None

    def apply() -> None:
        if umask is not None:
            os.umask(umask)
        if file_size is not None:
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
            _soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
            resource.setrlimit(resource.RLIMIT_FSIZE, (file_size, hard))

    return apply


def one_sentence(result: Run, *mentions: str, code: int = 1) -> str:
    """An expected error: the exit status, nothing on stdout, one line on stderr
    (``vision-desk: ...``, one sentence, no traceback) mentioning each of
    ``mentions``. Returns the line."""
    assert result.code == code, f"exit {result.code}, stderr: {result.err!r}"
    assert result.out == "", result.out
    assert "Traceback" not in result.err and "internal error" not in result.err, result.err
    lines = result.err.splitlines()
    assert len(lines) == 1 and result.err.endswith("\n"), result.err
    line = lines[0]
    assert line.startswith("vision-desk: ") and line.endswith("."), line
    for mention in mentions:
        assert mention in line, f"{mention!r} not in {line!r}"
    return line


def dump(database: Path) -> list[str]:
    """Every row of the store as SQL, read only: equal dumps mean nothing was written."""
    connection = sqlite3.connect(f"{database.absolute().as_uri()}?mode=ro", uri=True)
    try:
        return list(connection.iterdump())
    finally:
        connection.close()


def integrity(database: Path, wal: bool = True) -> list[str]:
    """``PRAGMA integrity_check`` read-only, or SQLite's error when it cannot even
    start. Without ``wal``, only the file itself is read (``immutable``), and
    nothing is created beside it."""
    options = "mode=ro" if wal else "immutable=1"
    try:
        connection = sqlite3.connect(f"{database.absolute().as_uri()}?{options}", uri=True)
        try:
            return [row[0] for row in connection.execute("PRAGMA integrity_check")]
        finally:
            connection.close()
    except sqlite3.DatabaseError as error:
        return [str(error)]
