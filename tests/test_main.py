"""The desk's start with no display (vision_desk/main.py): one sentence and status 1,
decided before Qt loads, never Qt's abort with its hint about a missing xcb library."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from vision_desk import main as entry_point

NO_DISPLAY = (
    "vision-desk: no display: the desk needs a graphical session (neither DISPLAY nor "
    "WAYLAND_DISPLAY is set); the command line works without one, e.g. vision-desk clauses."
)
X11_OR_WAYLAND = pytest.mark.skipif(
    os.name != "posix" or sys.platform == "darwin", reason="Qt needs a display on X11/Wayland only"
)


def environment_without_display(tmp_path: Path, **changes: str) -> dict[str, str]:
    environment = {
        **os.environ,
        "HOME": str(tmp_path / "home"),
        "XDG_DATA_HOME": str(tmp_path / "home" / "data"),
        "XDG_CONFIG_HOME": str(tmp_path / "home" / "config"),
        "XDG_CACHE_HOME": str(tmp_path / "home" / "cache"),
    }
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM", "VISION_DESK_DATA_DIR"):
        environment.pop(name, None)
    environment.update(changes)
    return environment


@X11_OR_WAYLAND
@pytest.mark.parametrize(
    "changes",
    [
        {},
        {"DISPLAY": "", "WAYLAND_DISPLAY": "  "},
        {"QT_QPA_PLATFORM": "xcb"},
        {"QT_QPA_PLATFORM": "wayland;xcb"},
    ],
    ids=["unset", "empty", "xcb", "wayland-then-xcb"],
)
@pytest.mark.parametrize("smoke", [[], ["--smoke"]], ids=["desk", "smoke"])
def test_the_desk_without_a_display_says_so_in_one_sentence(
    tmp_path: Path, changes: dict[str, str], smoke: list[str]
) -> None:
    data = tmp_path / "data"
    result = subprocess.run(
        [sys.executable, "-m", "vision_desk", "--data-dir", str(data), *smoke],
        capture_output=True,
        text=True,
        env=environment_without_display(tmp_path, **changes),
        timeout=60,
        check=False,
    )
    assert result.returncode == 1, result.stderr
    assert result.stdout == ""
    assert result.stderr == NO_DISPLAY + "\n"
    # Nothing was created for a desk that could not open.
    assert not data.exists()


@pytest.mark.parametrize(
    ("environ", "missing"),
    [
        ({}, True),
        ({"DISPLAY": "", "WAYLAND_DISPLAY": " "}, True),
        ({"QT_QPA_PLATFORM": ""}, True),
        ({"QT_QPA_PLATFORM": "xcb"}, True),
        ({"QT_QPA_PLATFORM": "wayland-egl;xcb:nomitshm"}, True),
        ({"DISPLAY": ":0"}, False),
        ({"WAYLAND_DISPLAY": "wayland-0"}, False),
        ({"QT_QPA_PLATFORM": "offscreen"}, False),
        ({"QT_QPA_PLATFORM": "minimal"}, False),
        ({"QT_QPA_PLATFORM": "eglfs"}, False),
        ({"QT_QPA_PLATFORM": "vnc:size=800x600"}, False),
        # Qt falls back along the list: the last one needs no display.
        ({"QT_QPA_PLATFORM": "xcb;offscreen"}, False),
    ],
)
def test_a_display_is_missing_only_where_qt_would_need_one(
    environ: dict[str, str], missing: bool
) -> None:
    assert entry_point.display_missing(environ, "linux") is missing
    assert entry_point.display_missing(environ, "freebsd14") is missing
    # Windows and macOS always have their own window system.
    assert entry_point.display_missing(environ, "win32") is False
    assert entry_point.display_missing(environ, "darwin") is False


def test_the_program_hands_the_memo_workers_argument_to_the_worker(tmp_path: Path) -> None:
    """What the bundle runs for the desk's memo (it has no ``python -m``): the entry
    point's own argument, answered with the worker's one JSON line."""
    import datetime as dt
    import json

    from vision_desk.domain.memo import MemoOptions
    from vision_desk.services.memo_worker import BUNDLE_ARGUMENT, MemoRequest

    data = tmp_path / "data"
    made = subprocess.run(
        [sys.executable, "-m", "vision_desk", "--data-dir", str(data), "clauses"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert made.returncode == 0, made.stderr
    out = tmp_path / "memo.pdf"
    request = MemoRequest(
        data_dir=str(data),
        author="Desk Officer",
        out=str(out),
        options=MemoOptions(date=dt.date(2021, 1, 10)),
        as_of=dt.date(2021, 1, 10),
    )
    result = subprocess.run(
        [sys.executable, "-m", "vision_desk", BUNDLE_ARGUMENT],
        input=request.to_json(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout.strip().splitlines()[-1])
    assert (answer["ok"], answer["path"]) == (True, str(out)), answer
    assert out.read_bytes()[:5] == b"%PDF-"


@X11_OR_WAYLAND
def test_qts_platform_option_is_what_qt_will_use(tmp_path: Path) -> None:
    """``-platform xcb`` with no display is refused as QT_QPA_PLATFORM=xcb is; the
    command line's -platform wins over the environment, as in Qt."""
    data = tmp_path / "data"
    result = subprocess.run(
        [sys.executable, "-m", "vision_desk", "--data-dir", str(data), "-platform", "xcb"],
        capture_output=True,
        text=True,
        env=environment_without_display(tmp_path, QT_QPA_PLATFORM="offscreen"),
        timeout=60,
        check=False,
    )
    assert (result.returncode, result.stdout, result.stderr) == (1, "", NO_DISPLAY + "\n")
    assert not data.exists()
