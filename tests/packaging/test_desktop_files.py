"""The Linux desktop files pass their validators, and every packaging file names the
program the same way: the application id, the executable, the version, the icons.

desktop-file-validate (Debian: desktop-file-utils) and appstreamcli (appstream) are
installed by ``scripts/dev test``; without them these checks are skipped locally and
fail in CI.
"""

from __future__ import annotations

import ast
import configparser
import os
import shutil
import struct
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from vision_desk import APP_ID, __version__

REPO = Path(__file__).resolve().parents[2]
PACKAGING = REPO / "packaging"
DESKTOP = PACKAGING / "linux" / f"{APP_ID}.desktop"
METAINFO = PACKAGING / "linux" / f"{APP_ID}.metainfo.xml"
ICONS = PACKAGING / "icons"
PNG_SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)
EXECUTABLE = "vision-desk"


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{name} is missing; scripts/dev test installs it")
        pytest.skip(f"{name} is not installed")
    return found


def _desktop_entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, comment_prefixes=("#",))
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read(DESKTOP, encoding="utf-8")
    return parser["Desktop Entry"]


def test_desktop_file_passes_desktop_file_validate() -> None:
    result = subprocess.run(
        [_tool("desktop-file-validate"), str(DESKTOP)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
    # Hints and warnings are printed too, with exit status 0: there must be none.
    assert result.stdout.strip() == "", result.stdout


def test_metainfo_passes_appstreamcli_validate() -> None:
    result = subprocess.run(
        [_tool("appstreamcli"), "validate", "--no-net", str(METAINFO)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    problems = [line for line in result.stdout.splitlines() if line[:2] in ("E:", "W:")]
    assert problems == [], result.stdout


def test_desktop_file_names_the_application_id_and_the_executable() -> None:
    entry = _desktop_entry()
    assert entry["Type"] == "Application"
    assert entry["Icon"] == APP_ID
    assert entry["Exec"] == EXECUTABLE  # install.sh writes the full path
    assert entry["TryExec"] == EXECUTABLE
    # The window's WM_CLASS is the executable's name (QApplication.applicationName).
    assert entry["StartupWMClass"] == EXECUTABLE
    assert entry["Terminal"] == "false"


def test_the_window_matches_the_desktop_file(qapp: object) -> None:
    from PySide6.QtGui import QGuiApplication

    from vision_desk.ui.app import make_application

    application = make_application()
    assert application.applicationName() == _desktop_entry()["StartupWMClass"]
    assert QGuiApplication.desktopFileName() == DESKTOP.stem == APP_ID


def test_metainfo_names_the_application_id_the_desktop_file_and_the_version() -> None:
    root = ET.parse(METAINFO).getroot()
    assert root.get("type") == "desktop-application"
    assert root.findtext("id") == APP_ID
    assert root.findtext("launchable[@type='desktop-id']") == DESKTOP.name
    assert root.findtext("provides/binary") == EXECUTABLE
    assert root.findtext("project_license") == "MIT"
    releases = [release.get("version") for release in root.iterfind("releases/release")]
    assert releases[0] == __version__, "the newest release comes first"


def _png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", path
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_icons_exist_in_every_size_from_the_drawings() -> None:
    for size in PNG_SIZES:
        png = ICONS / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
        assert _png_size(png) == (size, size)
    for drawing in (ICONS / f"{APP_ID}.svg", ICONS / f"{APP_ID}-small.svg"):
        assert ET.parse(drawing).getroot().tag == "{http://www.w3.org/2000/svg}svg"


def test_windows_and_macos_icons_hold_several_sizes() -> None:
    ico = (ICONS / "vision-desk.ico").read_bytes()
    reserved, kind, count = struct.unpack("<HHH", ico[:6])
    assert (reserved, kind) == (0, 1)
    sizes = {ico[6 + 16 * index] or 256 for index in range(count)}
    assert {16, 32, 48, 256} <= sizes
    icns = (ICONS / "vision-desk.icns").read_bytes()
    assert icns[:4] == b"icns"
    assert struct.unpack(">I", icns[4:8])[0] == len(icns)
    for kind_code in (b"ic07", b"ic08", b"ic09", b"ic10"):  # 128, 256, 512, 512@2x
        assert kind_code in icns


def test_windows_version_resource_matches_the_version() -> None:
    text = (PACKAGING / "windows" / "version_info.txt").read_text(encoding="utf-8")
    tree = ast.parse(text, mode="eval")
    numbers = tuple(int(part) for part in __version__.split("."))
    expected = (*numbers, 0, 0, 0, 0)[:4]
    strings: dict[str, str] = {}
    tuples: dict[str, tuple[int, ...]] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "StringStruct":
            key, value = (ast.literal_eval(argument) for argument in node.args)
            strings[key] = value
        if isinstance(node, ast.keyword) and node.arg in ("filevers", "prodvers"):
            tuples[node.arg] = ast.literal_eval(node.value)
    assert tuples == {"filevers": expected, "prodvers": expected}
    assert strings["FileVersion"] == strings["ProductVersion"] == __version__
    assert strings["OriginalFilename"] == f"{EXECUTABLE}.exe"
    assert strings["ProductName"] == "Vision Desk"
