"""What the About box and ``vision-desk about`` say: versions, the data folder, and
the notices of what ships. Qt-free, so that both say the same.

Versions are read from the installed distributions' metadata (the bundle carries
the metadata of the ones shown here), never by importing the library: reportlab
belongs to the memo, Qt to the window.
"""

from __future__ import annotations

import ctypes
import importlib.metadata as metadata
import importlib.util
import platform
import sqlite3
import sys
from dataclasses import dataclass
from pathlib import Path

from vision_desk import __version__

UNKNOWN = "unknown"
# The distributions whose versions About shows, first found wins; packaging/vision-desk.spec
# copies their metadata into the bundle.
PYSIDE_DISTRIBUTIONS = ("PySide6-Essentials", "PySide6")
SHOWN_DISTRIBUTIONS = (*PYSIDE_DISTRIBUTIONS, "reportlab")


@dataclass(frozen=True, slots=True)
class AboutFacts:
    vision_desk: str
    python: str
    qt: str
    pyside6: str
    sqlite: str
    reportlab: str
    data_folder: Path

    def rows(self) -> list[tuple[str, str]]:
        """(label, value), in the order a person reads them."""
        return [
            ("Vision Desk", self.vision_desk),
            ("Python", self.python),
            ("Qt", self.qt),
            ("PySide6", self.pyside6),
            ("SQLite", self.sqlite),
            ("reportlab", self.reportlab),
            ("Data folder", str(self.data_folder)),
        ]

    def as_json(self) -> dict[str, str]:
        return {
            "vision_desk": self.vision_desk,
            "python": self.python,
            "qt": self.qt,
            "pyside6": self.pyside6,
            "sqlite": self.sqlite,
            "reportlab": self.reportlab,
            "data_folder": str(self.data_folder),
        }


def about_facts(data_folder: Path, qt_version: str | None = None) -> AboutFacts:
    """The facts; ``qt_version`` is the window's ``qVersion()``. Without it (the
    command line, which loads no Qt module) the Qt library itself is asked."""
    return AboutFacts(
        vision_desk=__version__,
        python=platform.python_version(),
        qt=qt_version or qt_library_version() or UNKNOWN,
        pyside6=_version(*PYSIDE_DISTRIBUTIONS),
        sqlite=sqlite3.sqlite_version,
        reportlab=_version("reportlab"),
        data_folder=data_folder,
    )


def qt_library_version() -> str | None:
    """The version of the Qt Core library PySide6 would load, as its ``qVersion()``
    says: the one actually there, even if someone replaced the library."""
    library = _qt_core_library()
    if library is None:
        return None
    try:
        function = ctypes.CDLL(str(library)).qVersion
    except (OSError, AttributeError):
        return None
    function.restype = ctypes.c_char_p
    function.argtypes = []
    answer = function()
    return answer.decode("ascii", "replace") if isinstance(answer, bytes) else None


def _qt_core_library() -> Path | None:
    spec = importlib.util.find_spec("PySide6")  # finds the package without importing it
    folders = list(spec.submodule_search_locations or []) if spec else []
    for folder in map(Path, folders):
        for candidate in (
            folder / "Qt" / "lib" / "libQt6Core.so.6",  # Linux
            folder / "Qt6Core.dll",  # Windows
            folder / "Qt" / "lib" / "QtCore.framework" / "QtCore",  # macOS
        ):
            if candidate.exists():
                return candidate
    return None


def _version(*names: str) -> str:
    for name in names:
        try:
            return metadata.version(name)
        except metadata.PackageNotFoundError:
            continue
    return UNKNOWN


@dataclass(frozen=True, slots=True)
class Notices:
    text: str
    source: str  # where the text comes from, said to the reader


def shipped_notices_file() -> Path | None:
    """THIRD-PARTY-NOTICES.txt as the bundle ships it (in its _internal folder)."""
    from vision_desk.licences import NOTICES_NAME

    folder = getattr(sys, "_MEIPASS", None)
    if not getattr(sys, "frozen", False) or folder is None:
        return None
    path = Path(folder) / NOTICES_NAME
    return path if path.is_file() else None


def notices() -> Notices:
    """The notices shipped with the program, or, for a pip install, generated from
    the distributions installed beside it."""
    shipped = shipped_notices_file()
    if shipped is not None:
        return Notices(shipped.read_text(encoding="utf-8"), f"From {shipped}.")
    from vision_desk.licences import generate_notices

    return Notices(
        generate_notices(), "Generated from the Python packages installed with Vision Desk."
    )
