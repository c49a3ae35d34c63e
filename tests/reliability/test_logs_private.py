"""Logs never hold note text (reliability.md 9): a marker in notes, then every kind
of operation, failures included (a clause's wrong scale, an unknown reference, a
bad import, a note too long or not UTF-8, an unknown note, a full disk, and an
internal error, which writes a traceback to the log), and the marker appears in no
file of the log folder and on no command's standard error."""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from reliability_support import DATABASE_NAME

INTERNAL_ERROR = 70


@pytest.mark.slow
def test_note_text_reaches_no_log_and_no_error_output(
    data_dir: Path, tmp_path: Path, run_cli: Callable[..., Any]
) -> None:
    marker = f"MARKER{uuid.uuid4().hex}"
    text = f"Confidential: {marker} — محمد ظاہر said so."
    seen: list[tuple[str, Any]] = []

    def run(*args: str, **options: Any) -> Any:
        result = run_cli(*args, **options)
        seen.append((" ".join(args)[:60], result))
        return result

    # Notes holding the marker, and the everyday commands around them.
    added = run("note", "SV-C1", text)
    assert added.code == 0, added.err
    note_id = added.out.strip()
    assert run("set", "SV-C2", "advanced", "--note", text).code == 0

    # Failures, each with the marker in what the officer gave, run side by side
    # with commands that read it back.
    bad_file = tmp_path / "bad.toml"
    bad_file.write_text(f"# {marker}\nformat = 1\n[agreement\nid = 'x'\n", encoding="utf-8")
    cases: list[tuple[tuple[str, ...], dict[str, Any], int]] = [
        (("show", "SV-C1", "--json"), {}, 0),
        (("history", "SV-C2"), {}, 0),
        (("check",), {}, 0),
        (("set", "SV-P1", "advanced", "--note", text), {}, 1),  # a principle's scale
        (("set", "SV-C1", "finished", "--note", text), {}, 1),  # not a status
        (("note", "SV-X9", text), {}, 1),  # no such clause
        (("note", "SV-C1", "-"), {"stdin": (text * 2000).encode("utf-8")}, 1),  # too long
        (("note", "SV-C1", "-"), {"stdin": text.encode("utf-8") + b"\xff\xfe"}, 1),  # not UTF-8
        (("import", str(bad_file)), {}, 1),
        (("delete-note", "99999"), {}, 1),
        # A full disk while saving the marker.
        (("note", "SV-C1", "-"), {"stdin": (text * 500).encode("utf-8"), "file_size": 65536}, 1),
    ]
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda case: run(*case[0], **case[1]), cases))
    for (command, _, code), result in zip(cases, results, strict=True):
        assert result.code == code, (command, result.err)
    assert marker in results[0].out

    # An internal error while saving the marker: a trigger (not the program's) makes
    # the insert fail as a bug would; the traceback goes to the log.
    connection = sqlite3.connect(data_dir / DATABASE_NAME)
    try:
        connection.execute(
            "CREATE TRIGGER test_break BEFORE INSERT ON notes "
            "BEGIN SELECT RAISE(ABORT, 'broken on purpose'); END"
        )
        connection.commit()
    finally:
        connection.close()
    crashed = run("note", "SV-C1", text)
    assert crashed.code == INTERNAL_ERROR, crashed.err
    assert "internal error" in crashed.err

    assert run("delete-note", note_id).code == 0

    for what, result in seen:
        assert marker not in result.err, f"{what}: {result.err}"
    logs = [path for path in (data_dir / "logs").rglob("*") if path.is_file()]
    fallback = [path for path in (tmp_path / "tmp").rglob("*") if path.is_file()]
    assert logs, "the log folder holds the log"
    contents = b"".join(path.read_bytes() for path in logs + fallback)
    assert b"internal error" in contents and b"Traceback" not in crashed.err.encode()
    assert b"IntegrityError" in contents, "the log holds the bug's traceback"
    assert marker.encode() not in contents
    assert "محمد ظاہر".encode() not in contents
    assert b"broken on purpose" not in contents, "no exception message: it may quote notes"


def test_setup_and_crash_logs_are_private_whatever_the_umask(
    tmp_path: Path, monkeypatch: Any
) -> None:
    """The window sets up its log before the store sets the umask; a rollover makes a
    new file; a crash before the data folder is known logs under the temporary
    folder, which other accounts can read."""
    import logging
    import logging.handlers
    import os
    import tempfile

    from vision_desk import logs

    root = logging.getLogger()
    handlers_before = list(root.handlers)
    level_before = root.level
    old_umask = os.umask(0o022)
    try:
        folder = tmp_path / "logs"
        folder.mkdir()
        path = logs.setup_logging(folder)
        logging.getLogger("vision_desk.test").info("hello")
        assert path.stat().st_mode & 0o777 == 0o600
        (rotating,) = [
            handler
            for handler in root.handlers
            if isinstance(handler, logging.handlers.RotatingFileHandler)
        ]
        rotating.doRollover()
        logging.getLogger("vision_desk.test").info("after the rollover")
        for file in folder.iterdir():
            assert file.stat().st_mode & 0o777 == 0o600, file

        monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "shared-tmp"))
        (tmp_path / "shared-tmp").mkdir(mode=0o1777)
        secret = f"words of a note {uuid.uuid4().hex}"
        try:
            raise RuntimeError(secret)
        except RuntimeError:
            where = logs.log_crash(None)
        assert where.parent.parent == tmp_path / "shared-tmp"
        assert where.parent.stat().st_mode & 0o777 == 0o700
        assert where.stat().st_mode & 0o777 == 0o600
        assert "RuntimeError" in where.read_text(encoding="utf-8")
        assert secret not in where.read_text(encoding="utf-8")
    finally:
        os.umask(old_umask)
        for handler in list(root.handlers):
            if handler not in handlers_before:
                root.removeHandler(handler)
                handler.close()
        root.setLevel(level_before)
