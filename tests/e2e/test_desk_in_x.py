"""The real program in a real X server, typed at with xdotool, checked through the
command line: what an officer does, end to end.

Needs Xvfb and xdotool (``scripts/dev test`` installs them). Set
``VISION_DESK_SCREENSHOT=path.png`` to keep a picture of the window.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

pytestmark = pytest.mark.xvfb

NOTE = "Draft exchanged on 3 Dec; j k n 0 1"


def _require(tool: str) -> str:
    found = shutil.which(tool)
    if found is None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{tool} is missing; scripts/dev test installs it")
        pytest.skip(f"{tool} is not installed")
    return found


@pytest.fixture
def display() -> Iterator[str]:
    """A private X server; -displayfd picks a free display number."""
    xvfb = _require("Xvfb")
    _require("xdotool")
    read_end, write_end = os.pipe()
    server = subprocess.Popen(
        [xvfb, "-displayfd", str(write_end), "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
        pass_fds=(write_end,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write_end)
    try:
        with os.fdopen(read_end) as pipe:
            number = pipe.readline().strip()
        assert number, "Xvfb did not report its display"
        yield f":{number}"
    finally:
        server.terminate()
        server.wait(timeout=10)


def _xdotool(display: str, *args: str) -> str:
    result = subprocess.run(
        ["xdotool", *args],
        env={**os.environ, "DISPLAY": display},
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
    )
    return result.stdout.strip()


def _cli(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "vision_desk", "--data-dir", str(data_dir), *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_officer_scores_and_notes_with_real_keys(display: str, tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    environment = {
        **os.environ,
        "DISPLAY": display,
        "QT_QPA_PLATFORM": "xcb",
        "VISION_DESK_AUTHOR": "Desk Officer",
    }
    desk = subprocess.Popen(
        [sys.executable, "-m", "vision_desk", "--data-dir", str(data_dir)],
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        window = _xdotool(
            display, "search", "--sync", "--onlyvisible", "--class", "vision-desk"
        ).split()[0]
        _xdotool(display, "windowfocus", "--sync", window)
        time.sleep(0.5)  # let the first paint and the data settle
        # Find SV-C2 by its reference, back to the list, score it 2, write a note.
        _xdotool(display, "type", "--delay", "40", "/sv-c2")
        _xdotool(display, "key", "Return")
        _xdotool(display, "type", "--delay", "40", "2n")
        time.sleep(0.3)
        _xdotool(display, "type", "--delay", "25", NOTE)
        _xdotool(display, "key", "ctrl+Return")
        time.sleep(0.3)
        screenshot = os.environ.get("VISION_DESK_SCREENSHOT")
        if screenshot and shutil.which("import"):
            subprocess.run(
                ["import", "-window", "root", screenshot], env=environment, check=True, timeout=30
            )
        _xdotool(display, "key", "ctrl+q")
        _out, errors = desk.communicate(timeout=30)
    finally:
        if desk.poll() is None:
            desk.kill()
            desk.communicate()
    assert desk.returncode == 0, errors

    shown = _cli(data_dir, "show", "SV-C2", "--json")
    assert shown.returncode == 0, shown.stderr
    clause = json.loads(shown.stdout)
    assert clause["status"] == "advanced"
    assert [note["text"] for note in clause["notes"]] == [NOTE]
    assert clause["notes"][0]["author"] == "Desk Officer"
    # Nothing else moved: the letters and digits in the note acted on nothing.
    listing = json.loads(_cli(data_dir, "clauses", "--json").stdout)
    changed = {
        row["ref"]: row["status"] for row in listing["clauses"] if row["status"] != "not_assessed"
    }
    assert changed == {"SV-C2": "advanced"}
