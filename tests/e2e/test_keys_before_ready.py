"""Keys pressed before the desk is ready are kept and applied in order, never dropped.

The officer starts the desk and types at once. The window shows a first board
before the store is open (README, "The desk starts in two steps"); a key that
needs the store, pressed in that moment, must be kept with the clause it was
pressed on and run once the store is open, in order with the keys around it:
``j j`` then a status key sets the third clause of the list, nothing else.

The real program in a private X server, typed at with xdotool the moment its
window maps (no sleep, no wait for a paint), checked through the command line.
Needs Xvfb, xdotool and xev (x11-utils); ``scripts/dev test`` installs them.
The same keys typed once the desk has settled are the control: if they fail too,
the harness or the expected clause is wrong, not the early keys.
"""

from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from x_desk import cli, private_display, require, xdotool

pytestmark = pytest.mark.xvfb

# The desk's clause list, grouped (no search text): kinds in this order; within a
# kind, each strand where the document first speaks of it; the document's order
# within a strand: as vision_desk/domain/board_list.py::build_entries lists them.
KIND_ORDER = ("principle", "commitment", "related")

# The status key for the third clause, by its kind. `2` (advanced) only scores a
# commitment; on a principle it is refused with a message and changes nothing.
# With the Shared Vision the list opens on the principles (political: SV-P1,
# SV-P2, SV-P6...), so `j j` lands on a principle, SV-P6, and the principle key
# Shift+U (upheld) is the one that must arrive. Worked out from the
# store's own listing, so a change of agreement or order picks the right key.
STATUS_KEYS = {
    "commitment": ("2", "advanced"),
    "principle": ("shift+u", "upheld"),
}

WINDOW_MAP_SECONDS = 30.0
DURABLE_SECONDS = 20.0
CLOSE_SECONDS = 30.0


@pytest.fixture
def display() -> Iterator[str]:
    """A private X server (see ``x_desk.private_display``)."""
    with private_display() as name:
        yield name


def desk_order(clauses: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The clauses (in the document's order) in the order the desk lists them."""
    first: dict[tuple[str, str], int] = {}
    for position, clause in enumerate(clauses):
        first.setdefault((clause["kind"], clause["strand"]), position)
    return sorted(
        clauses,
        key=lambda clause: (
            KIND_ORDER.index(clause["kind"]),
            first[(clause["kind"], clause["strand"])],
        ),
    )


def read_clauses(data_dir: Path) -> list[dict[str, Any]] | None:
    """The store's clauses, read by the command line; None if it could not read."""
    listing = cli(data_dir, "clauses", "--json")
    if listing.returncode != 0:
        return None
    clauses: list[dict[str, Any]] = json.loads(listing.stdout)["clauses"]
    return clauses


def statuses(data_dir: Path) -> dict[str, str] | None:
    clauses = read_clauses(data_dir)
    return None if clauses is None else {row["ref"]: row["status"] for row in clauses}


@contextmanager
def window_maps(display: str) -> Iterator[queue.Queue[str]]:
    """The id of each top-level window the moment the X server maps it, from xev
    watching the root window. Polling with ``xdotool search --sync`` looks only
    every half second, by when the store may be open and the keys no longer early;
    and xev's one connection keeps the server from resetting between the short
    xdotool runs of a poll (a desk connecting during a reset fails to start)."""
    watcher = subprocess.Popen(
        [require("xev"), "-root", "-event", "substructure"],
        env={**os.environ, "DISPLAY": display},
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert watcher.stdout is not None
    output = watcher.stdout
    mapped: queue.Queue[str] = queue.Queue()

    def read() -> None:
        # "MapNotify event, serial 18, synthetic NO, window 0x50d,"
        # "    event 0x50d, window 0x400007, override NO"
        lines = iter(output)
        for line in lines:
            if line.startswith("MapNotify"):
                detail = next(lines, "")
                if "override NO" in detail:  # not a tooltip or a menu
                    mapped.put(detail.split("window ")[-1].split(",")[0])

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        yield mapped
    finally:
        watcher.terminate()
        watcher.wait(timeout=10)
        reader.join(timeout=10)
        output.close()


def wait_for_window(
    display: str, desk: subprocess.Popen[str], mapped: queue.Queue[str], errors: Path
) -> str:
    """The desk's window id as soon as it maps; should xev have missed the map
    (it connects while the desk starts), a search for the visible window."""
    deadline = time.monotonic() + WINDOW_MAP_SECONDS
    searched = time.monotonic()
    while True:
        try:
            return mapped.get(timeout=0.05)
        except queue.Empty:
            pass
        if desk.poll() is not None:
            pytest.fail(f"the desk ended before its window mapped:\n{errors.read_text()}")
        if time.monotonic() - searched > 1.0:
            searched = time.monotonic()
            found = subprocess.run(
                ["xdotool", "search", "--onlyvisible", "--class", "vision-desk"],
                env={**os.environ, "DISPLAY": display},
                capture_output=True,
                text=True,
                timeout=30,
                check=False,
            ).stdout.split()
            if found:
                return found[0]
        assert time.monotonic() < deadline, "the desk's window never mapped"


@pytest.mark.parametrize(
    "settle", [0.0, 3.0], ids=["typed-as-the-window-maps", "typed-once-settled"]
)
def test_keys_pressed_before_the_desk_is_ready_are_kept_in_order(
    display: str, tmp_path: Path, settle: float
) -> None:
    data_dir = tmp_path / "data"
    # The default store, the Shared Vision loaded: the first command creates it, so
    # the desk starts the usual way (first board from the file, store opened after).
    clauses = read_clauses(data_dir)
    assert clauses is not None, "the command line could not create the store"
    before = {row["ref"]: row["status"] for row in clauses}
    assert set(before.values()) == {"not_assessed"}
    order = desk_order(clauses)
    first, third = order[0], order[2]
    if third["kind"] not in STATUS_KEYS:
        pytest.fail(f"no status key chosen for a {third['kind']} ({third['ref']})")
    status_key, expected = STATUS_KEYS[third["kind"]]
    keys = ["j", "j", status_key]

    environment = {
        **os.environ,
        "DISPLAY": display,
        "QT_QPA_PLATFORM": "xcb",
        "VISION_DESK_AUTHOR": "Desk Officer",
    }
    out_file, err_file = tmp_path / "desk.out", tmp_path / "desk.err"
    with window_maps(display) as maps:
        with out_file.open("w") as out, err_file.open("w") as err:
            started = time.monotonic()
            desk = subprocess.Popen(
                [sys.executable, "-m", "vision_desk", "--data-dir", str(data_dir)],
                env=environment,
                stdout=out,
                stderr=err,
                text=True,
            )
        try:
            window = wait_for_window(display, desk, maps, err_file)
            mapped = time.monotonic() - started
            time.sleep(settle)
            # Focus and keys in one xdotool run: no process start between them. Keys
            # go through XTEST to the focused window (``key --window`` sends
            # synthetic events, which Qt may ignore).
            focus = ["windowfocus", "--sync", window]
            xdotool(display, *focus, "key", "--clearmodifiers", "--delay", "0", *keys)
            typed = time.monotonic() - started
            timing = f"window mapped {mapped:.3f} s after start, keys typed at {typed:.3f} s"

            # Wait until a change is in the store (the command line reads it while
            # the desk is open: every process holds the store shared), or long enough
            # to be sure none is coming; then quit. What changed is judged below.
            deadline = time.monotonic() + DURABLE_SECONDS
            while time.monotonic() < deadline and desk.poll() is None:
                now = statuses(data_dir)
                if now is not None and now != before:
                    break
                time.sleep(0.3)
            assert desk.poll() is None, f"the desk ended early; {timing}:\n{err_file.read_text()}"
            xdotool(display, "key", "--clearmodifiers", "ctrl+q")
            try:
                desk.wait(timeout=CLOSE_SECONDS)
            except subprocess.TimeoutExpired:
                pytest.fail(f"Ctrl+Q did not close the desk; {timing}:\n{err_file.read_text()}")
        finally:
            if desk.poll() is None:
                desk.kill()
                desk.wait()
    errors = err_file.read_text()
    logs = "".join(log.read_text() for log in sorted((data_dir / "logs").glob("*.log*")))
    assert desk.returncode == 0, f"{timing}\n{errors}"
    assert "Traceback" not in errors, errors
    assert "internal error" not in logs and " ERROR " not in logs, logs

    after = statuses(data_dir)
    assert after is not None, "the command line could not read the store after the desk"
    changed = {ref: status for ref, status in after.items() if status != before[ref]}
    keys_typed = " ".join(keys)
    assert changed == {third["ref"]: expected}, (
        f"`{keys_typed}` should set {third['ref']} (third in the list, "
        f"from {first['ref']}) to {expected} and change nothing else; changed: "
        f"{changed or 'nothing'} ({timing})"
    )
