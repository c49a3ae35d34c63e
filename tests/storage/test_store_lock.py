"""The store lock: shared by every process with the store open, taken alone by a
restore, never waited for by one (``vision_desk/storage/store_lock.py``)."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from vision_desk.errors import StoreError
from vision_desk.storage import store_lock
from vision_desk.storage.store_lock import StoreInUseError

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="a no-op on Windows")

# Holds the store shared ("share") or alone ("alone") until its input closes.
HOLDER = r"""
import sys
from pathlib import Path
from vision_desk.storage import store_lock

database, how = Path(sys.argv[1]), sys.argv[2]
if how == "share":
    hold = store_lock.share(database)
    print("held", flush=True)
    sys.stdin.read()
    hold.release()
else:
    with store_lock.alone(database):
        print("held", flush=True)
        sys.stdin.read()
"""

# Tries to take the store alone, once, and says whether it could.
PROBE = r"""
import sys
from pathlib import Path
from vision_desk.storage import store_lock
from vision_desk.storage.store_lock import StoreInUseError

try:
    with store_lock.alone(Path(sys.argv[1])):
        print("alone")
except StoreInUseError:
    print("in use")
"""


@pytest.fixture
def database(tmp_path: Path) -> Path:
    return tmp_path / "store.sqlite3"


@pytest.fixture
def holder(database: Path) -> Iterator[object]:
    started: list[subprocess.Popen[str]] = []

    def start(how: str) -> subprocess.Popen[str]:
        process = subprocess.Popen(
            [sys.executable, "-c", HOLDER, str(database), how],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert process.stdout is not None and process.stdout.readline() == "held\n"
        started.append(process)
        return process

    yield start
    for process in started:
        for stream in (process.stdin, process.stdout):
            if stream is not None and not stream.closed:
                stream.close()
        process.wait(timeout=30)


def probe(database: Path) -> str:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, str(database)], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_alone_is_refused_at_once_while_another_process_shares_the_store(
    database: Path, holder: object
) -> None:
    holder("share")  # type: ignore[operator]
    started = time.monotonic()
    with pytest.raises(StoreInUseError), store_lock.alone(database):
        pass
    assert time.monotonic() - started < 1, "a restore never waits"


def test_a_refused_attempt_keeps_this_processs_own_hold(database: Path, holder: object) -> None:
    hold = store_lock.share(database)
    try:
        other = holder("share")  # type: ignore[operator]
        with pytest.raises(StoreInUseError), store_lock.alone(database):
            pass
        assert other.stdin is not None
        other.stdin.close()
        other.wait(timeout=30)
        # Still shared by this process: another process cannot take it alone.
        assert probe(database) == "in use"
    finally:
        hold.release()
    assert probe(database) == "alone"


def test_a_process_takes_its_own_shared_store_alone_and_shares_it_again(database: Path) -> None:
    first = store_lock.share(database)
    second = store_lock.share(database)  # a second desk on the same store, same process
    try:
        with store_lock.alone(database):
            assert probe(database) == "in use"
        assert probe(database) == "in use", "shared again afterwards, not let go"
        first.release()
        assert probe(database) == "in use", "the second holder still holds it"
    finally:
        first.release()  # releasing twice is harmless
        second.release()
    assert probe(database) == "alone"


def test_opening_waits_for_a_restore_then_proceeds(database: Path, holder: object) -> None:
    restoring = holder("alone")  # type: ignore[operator]
    with pytest.raises(StoreError, match="being restored"):
        store_lock.share(database, wait=0.3)
    assert restoring.stdin is not None
    restoring.stdin.close()
    hold = store_lock.share(database, wait=30)
    hold.release()


def test_the_lock_file_is_private_and_beside_the_store(database: Path) -> None:
    hold = store_lock.share(database)
    hold.release()
    lock = database.with_name(database.name + ".lock")
    assert lock.exists() and lock.stat().st_mode & 0o777 == 0o600
