"""Shared fixtures: a temporary store with the Shared Vision, a fixed clock, and a
way to run the real command line as a user does."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REPO = Path(__file__).resolve().parent.parent
SHARED_VISION = REPO / "resources" / "agreements" / "shared-vision.toml"


class FixedClock:
    """A clock the test moves by hand, so times in history are predictable."""

    def __init__(self, start: dt.datetime | None = None) -> None:
        self.now = start or dt.datetime(2021, 1, 10, 9, 0, tzinfo=dt.UTC)

    def __call__(self) -> dt.datetime:
        self.now += dt.timedelta(seconds=1)
        return self.now


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock()


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def opened(data_dir: Path, clock: FixedClock) -> Iterator[object]:
    """A desk on a fresh store in a temporary folder, the Shared Vision loaded."""
    from vision_desk import app

    result = app.open_desk(str(data_dir), author="Test Officer")
    result.desk.clock = clock
    yield result
    result.close()


@pytest.fixture
def desk(opened: object):  # type: ignore[no-untyped-def]
    return opened.desk  # type: ignore[attr-defined]


@dataclass
class CliResult:
    code: int
    out: str
    err: str


@pytest.fixture
def cli(data_dir: Path):  # type: ignore[no-untyped-def]
    """Run ``vision-desk --data-dir DATA ARGS`` in a child process, as a user would."""

    def run(*args: str, stdin: str | None = None, data: Path | None = None) -> CliResult:
        env = {**os.environ, "VISION_DESK_AUTHOR": "cli-officer"}
        env.pop("VISION_DESK_DATA_DIR", None)
        completed = subprocess.run(
            [sys.executable, "-m", "vision_desk", "--data-dir", str(data or data_dir), *args],
            input=stdin,
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
        )
        return CliResult(completed.returncode, completed.stdout, completed.stderr)

    return run
