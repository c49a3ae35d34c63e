"""One running desk per store: a second start brings the first forward and exits;
after ``kill -9`` of the first, a new start takes over with no clean-up by hand."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

# An officer who has said who they are: a nameless first start asks first.
ENVIRONMENT = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "VISION_DESK_AUTHOR": "Desk Officer"}


def _start(data_dir: Path, *extra: str, env: dict[str, str] = ENVIRONMENT) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "vision_desk", "--data-dir", str(data_dir), *extra],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _start_again(data_dir: Path, env: dict[str, str] = ENVIRONMENT) -> None:
    """A later start on the same store: it finds the first, asks it forward, exits."""
    second = subprocess.run(
        [sys.executable, "-m", "vision_desk", "--data-dir", str(data_dir)],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert second.returncode == 0, second.stderr
    assert "already open on this store" in second.stdout


def _wait_for(condition, seconds: float = 30.0) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.1)


def test_a_second_start_brings_the_first_forward_and_a_killed_desk_is_taken_over(tmp_path):
    data_dir = tmp_path / "data"
    log = data_dir / "logs" / "vision-desk.log"
    first = _start(data_dir)
    try:
        # The first desk is up once it holds the lock and has written its log line.
        _wait_for(lambda: (data_dir / "config" / "desk.lock").exists() and log.exists())
        time.sleep(1.0)
        _start_again(data_dir)
        _wait_for(lambda: "brought the desk forward" in log.read_text(encoding="utf-8"))
        assert first.poll() is None, "the first desk keeps running"

        first.send_signal(signal.SIGKILL)
        first.wait(timeout=10)
        assert (data_dir / "config" / "desk.lock").exists(), "kill -9 leaves the lock behind"
        third = _start(data_dir, "--smoke")
        out, errors = third.communicate(timeout=60)
        assert third.returncode == 0, errors
        assert out.startswith("smoke: desk painted with 24 clauses")
    finally:
        if first.poll() is None:
            first.kill()
        first.communicate()


def test_a_later_start_brings_the_first_starts_question_forward(tmp_path):
    """A nameless first start asks who is working before its desk is shown; a second
    start meanwhile brings that question forward rather than a second desk."""
    data_dir = tmp_path / "data"
    log = data_dir / "logs" / "vision-desk.log"
    nameless = {key: value for key, value in ENVIRONMENT.items() if key != "VISION_DESK_AUTHOR"}
    first = _start(data_dir, env=nameless)
    try:
        _wait_for(lambda: (data_dir / "config" / "desk.lock").exists())
        time.sleep(1.0)
        assert not (data_dir / "vision-desk.sqlite3").exists(), "asked before the store"
        _start_again(data_dir, env=nameless)
        _wait_for(lambda: log.exists() and "brought the desk forward" in log.read_text("utf-8"))
        assert first.poll() is None, "the first start is still asking"
    finally:
        first.kill()
        first.communicate()
