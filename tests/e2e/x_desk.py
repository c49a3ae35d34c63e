"""Shared helpers of the end-to-end tests that drive the real desk in a private X
server (imported by name: the folder has no ``__init__``, so this file's name is
unique in the suite).

Needs Xvfb and xdotool (``scripts/dev test`` installs them): without them a test
is skipped on a developer's machine and fails in CI.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest


def require(tool: str) -> str:
    found = shutil.which(tool)
    if found is None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{tool} is missing; scripts/dev test installs it")
        pytest.skip(f"{tool} is not installed")
    return found


@contextmanager
def private_display() -> Iterator[str]:
    """A private X server; -displayfd picks a free display number."""
    xvfb = require("Xvfb")
    require("xdotool")
    read_end, write_end = os.pipe()
    server = subprocess.Popen(
        # -noreset: without it Xvfb resets when its last client leaves, and a desk
        # connecting in that moment finds no display (about 1 start in 20).
        [
            xvfb,
            "-displayfd",
            str(write_end),
            "-screen",
            "0",
            "1280x800x24",
            "-nolisten",
            "tcp",
            "-noreset",
        ],
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


def xdotool(display: str, *args: str) -> str:
    result = subprocess.run(
        ["xdotool", *args],
        env={**os.environ, "DISPLAY": display},
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
    )
    return result.stdout.strip()


def cli(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The real command line on ``data_dir``, as a user runs it."""
    return subprocess.run(
        [sys.executable, "-m", "vision_desk", "--data-dir", str(data_dir), *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
