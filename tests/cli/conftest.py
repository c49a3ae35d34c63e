"""Helpers for running the real ``vision-desk`` program as a user does.

``cli`` (tests/conftest.py) is the ordinary way. ``raw_cli`` is for what ``cli``
cannot express: bytes on standard input or in an argument, another environment
(no ``VISION_DESK_AUTHOR``, a narrow console encoding), or a chosen stdout. It
always points HOME and the XDG folders at the test's own folder, so that a
mistake can never reach the officer's real store.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]
AGREEMENT_FORMAT = REPO / "docs" / "agreement-format.md"
DATABASE_NAME = "vision-desk.sqlite3"


def documented_example() -> str:
    """The complete example agreement of docs/agreement-format.md (the River Accord)."""
    text = AGREEMENT_FORMAT.read_text(encoding="utf-8")
    example = text.split("## A complete example", 1)[1]
    return example.split("```toml\n", 1)[1].split("```", 1)[0]


@pytest.fixture
def river_file(tmp_path: Path) -> Path:
    path = tmp_path / "river-accord.toml"
    path.write_text(documented_example(), encoding="utf-8")
    return path


@pytest.fixture
def home(tmp_path: Path) -> Path:
    folder = tmp_path / "home"
    folder.mkdir()
    return folder


@pytest.fixture
def raw_cli(data_dir: Path, home: Path) -> Callable[..., subprocess.CompletedProcess[bytes]]:
    def run(
        *args: str | bytes,
        stdin: bytes | None = None,
        env: dict[str, str] | None = None,
        drop: Iterable[str] = (),
        data: Path | None = data_dir,
        stdout: Any = subprocess.PIPE,
        module: str = "vision_desk",
    ) -> subprocess.CompletedProcess[bytes]:
        environment = {
            **os.environ,
            "VISION_DESK_AUTHOR": "cli-officer",
            "HOME": str(home),
            "XDG_DATA_HOME": str(home / "data"),
            "XDG_CONFIG_HOME": str(home / "config"),
            "XDG_CACHE_HOME": str(home / "cache"),
            "XDG_STATE_HOME": str(home / "state"),
        }
        environment.pop("VISION_DESK_DATA_DIR", None)
        environment.update(env or {})
        for name in drop:
            environment.pop(name, None)
        prefix = ["--data-dir", str(data)] if data is not None else []
        return subprocess.run(
            [sys.executable, "-m", module, *prefix, *args],
            input=stdin,
            stdout=stdout,
            stderr=subprocess.PIPE,
            env=environment,
            timeout=120,
            check=False,
        )

    return run


@pytest.fixture
def cli_many(cli: Callable[..., Any]) -> Callable[[Sequence[Sequence[str]]], list[Any]]:
    """Run several independent commands at once (each its own process), in order of
    the arguments given. Only for commands that do not depend on one another."""

    def run(commands: Sequence[Sequence[str]]) -> list[Any]:
        with ThreadPoolExecutor(max_workers=4) as pool:
            return list(pool.map(lambda args: cli(*args), commands))

    return run


@pytest.fixture
def store_dump(data_dir: Path) -> Callable[[], list[str]]:
    """Every row of the store as SQL, read-only: equal dumps mean nothing was written."""

    def dump() -> list[str]:
        uri = f"file:{data_dir / DATABASE_NAME}?mode=ro"
        connection = sqlite3.connect(uri, uri=True)
        try:
            return list(connection.iterdump())
        finally:
            connection.close()

    return dump


def check_error(result: Any, *mentions: str, code: int = 1) -> str:
    """An expected error: the exit status, nothing on stdout, and exactly one line on
    stderr (``vision-desk: ...``, one sentence, no traceback) that mentions each of
    ``mentions``. Takes a ``cli`` or a ``raw_cli`` result; returns the line."""
    out: str
    err: str
    if isinstance(result, subprocess.CompletedProcess):
        actual = result.returncode
        out = result.stdout.decode("utf-8", "replace") if result.stdout else ""
        err = result.stderr.decode("utf-8", "replace")
    else:
        actual, out, err = result.code, result.out, result.err
    assert actual == code, f"exit {actual}, stderr: {err!r}"
    assert out == "", out
    assert "Traceback" not in err and "internal error" not in err, err
    lines = err.splitlines()
    assert len(lines) == 1 and err.endswith("\n"), err
    line = lines[0]
    assert line.startswith("vision-desk: ") and line.endswith("."), line
    for mention in mentions:
        assert mention in line, f"{mention!r} not in {line!r}"
    return line


@pytest.fixture
def expect_error() -> Callable[..., str]:
    return check_error
