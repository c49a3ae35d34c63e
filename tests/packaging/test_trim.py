"""packaging/trim.py: which Qt plugins, translations and libraries the bundle keeps."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("trim", REPO / "packaging" / "trim.py")
assert _spec is not None and _spec.loader is not None
trim = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(trim)

PLUGINS = "PySide6/Qt/plugins"


@pytest.mark.parametrize(
    ("dest", "kept"),
    [
        (f"{PLUGINS}/platforms/libqxcb.so", True),
        (f"{PLUGINS}/platforms/libqoffscreen.so", True),
        (f"{PLUGINS}/platforms/qwindows.dll", True),
        (f"{PLUGINS}/platforms/libqcocoa.dylib", True),
        (f"{PLUGINS}/platforms/libqwayland.so", False),
        (f"{PLUGINS}/platforms/libqeglfs.so", False),
        (f"{PLUGINS}/platforms/libqvnc.so", False),
        (f"{PLUGINS}/platformthemes/libqgtk3.so", False),
        (f"{PLUGINS}/platformthemes/libqxdgdesktopportal.so", True),
        (f"{PLUGINS}/platforminputcontexts/libibusplatforminputcontextplugin.so", True),
        (f"{PLUGINS}/platforminputcontexts/libcomposeplatforminputcontextplugin.so", True),
        (f"{PLUGINS}/iconengines/libqsvgicon.so", True),
        (f"{PLUGINS}/imageformats/libqjpeg.so", False),
        (f"{PLUGINS}/tls/libqopensslbackend.so", False),
        (f"{PLUGINS}/wayland-shell-integration/libxdg-shell.so", False),
        (f"{PLUGINS}/xcbglintegrations/libqxcb-glx-integration.so", False),
        (f"{PLUGINS}/styles/qmodernwindowsstyle.dll", True),
        ("PySide6/Qt/translations/qtbase_de.qm", False),
        ("PySide6\\Qt\\translations\\qtbase_de.qm", False),
        ("PySide6/Qt/lib/libQt6Core.so.6", True),
        ("vision_desk/resources/fonts/NotoSans-Regular.ttf", True),
    ],
)
def test_qt_files_kept(dest: str, kept: bool) -> None:
    assert trim.keep_qt_file(dest) is kept


@pytest.fixture
def pyside() -> Path:
    import PySide6

    return Path(PySide6.__file__).parent


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="ELF libraries")
def test_needed_libraries_reads_an_elf_file(pyside: Path) -> None:
    needed = trim.needed_libraries(pyside / "Qt" / "lib" / "libQt6Core.so.6")
    assert needed is not None
    assert "libc.so.6" in needed
    assert any(name.startswith("libicuuc.so") for name in needed)
    assert trim.needed_libraries(REPO / "README.md") is None


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="ELF libraries")
def test_libraries_nothing_kept_needs_are_dropped_with_their_links(pyside: Path) -> None:
    lib = pyside / "Qt" / "lib"
    core_module = next(pyside.glob("QtCore*.so"))
    binaries = [
        ("PySide6/" + core_module.name, str(core_module), "EXTENSION"),
        ("PySide6/Qt/lib/libQt6Core.so.6", str(lib / "libQt6Core.so.6"), "BINARY"),
        # Needed only by a plugin that is dropped: goes with it.
        ("PySide6/Qt/lib/libQt6Gui.so.6", str(lib / "libQt6Gui.so.6"), "BINARY"),
        (
            f"{PLUGINS}/platformthemes/libqgtk3.so",
            str(pyside / "Qt" / "plugins" / "platformthemes" / "libqgtk3.so"),
            "BINARY",
        ),
        # Left to the system.
        ("libfontconfig.so.1", "/nonexistent/libfontconfig.so.1", "BINARY"),
    ]
    datas = [
        ("libQt6Core.so.6", "PySide6/Qt/lib/libQt6Core.so.6", "SYMLINK"),
        ("libQt6Gui.so.6", "PySide6/Qt/lib/libQt6Gui.so.6", "SYMLINK"),
        ("PySide6/Qt/translations/qtbase_fr.qm", "/x/qtbase_fr.qm", "DATA"),
        ("vision_desk/resources/agreements/shared-vision.toml", "/x/shared-vision.toml", "DATA"),
    ]
    kept_binaries, kept_datas = trim.trim(binaries, datas, platform="linux")
    assert [entry[0] for entry in kept_binaries] == [
        "PySide6/" + core_module.name,
        "PySide6/Qt/lib/libQt6Core.so.6",
    ]
    assert [entry[0] for entry in kept_datas] == [
        "libQt6Core.so.6",
        "vision_desk/resources/agreements/shared-vision.toml",
    ]


def test_other_systems_keep_their_libraries() -> None:
    binaries = [("libfontconfig.so.1", "/x", "BINARY"), ("Qt6Core.dll", "/y", "BINARY")]
    kept, _ = trim.trim(binaries, [], platform="win32")
    assert kept == binaries
