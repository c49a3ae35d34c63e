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
from x_desk import cli, private_display, xdotool

pytestmark = pytest.mark.xvfb

NOTE = "Draft exchanged on 3 Dec; j k n 0 1"


@pytest.fixture
def display() -> Iterator[str]:
    """A private X server (see ``x_desk.private_display``)."""
    with private_display() as name:
        yield name


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
        window = xdotool(
            display, "search", "--sync", "--onlyvisible", "--class", "vision-desk"
        ).split()[0]
        xdotool(display, "windowfocus", "--sync", window)
        time.sleep(0.5)  # let the first paint and the data settle
        # Find SV-C2 by its reference, back to the list, score it 2, write a note.
        xdotool(display, "type", "--delay", "40", "/sv-c2")
        xdotool(display, "key", "Return")
        xdotool(display, "type", "--delay", "40", "2n")
        time.sleep(0.3)
        xdotool(display, "type", "--delay", "25", NOTE)
        xdotool(display, "key", "ctrl+Return")
        time.sleep(0.3)
        screenshot = os.environ.get("VISION_DESK_SCREENSHOT")
        if screenshot and shutil.which("import"):
            subprocess.run(
                ["import", "-window", "root", screenshot], env=environment, check=True, timeout=30
            )
        xdotool(display, "key", "ctrl+q")
        _out, errors = desk.communicate(timeout=30)
    finally:
        if desk.poll() is None:
            desk.kill()
            desk.communicate()
    assert desk.returncode == 0, errors

    shown = cli(data_dir, "show", "SV-C2", "--json")
    assert shown.returncode == 0, shown.stderr
    clause = json.loads(shown.stdout)
    assert clause["status"] == "advanced"
    assert [note["text"] for note in clause["notes"]] == [NOTE]
    assert clause["notes"][0]["author"] == "Desk Officer"
    # Nothing else moved: the letters and digits in the note acted on nothing.
    listing = json.loads(cli(data_dir, "clauses", "--json").stdout)
    changed = {
        row["ref"]: row["status"] for row in listing["clauses"] if row["status"] != "not_assessed"
    }
    assert changed == {"SV-C2": "advanced"}
