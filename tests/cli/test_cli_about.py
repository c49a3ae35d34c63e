"""``vision-desk about``: the facts the desk's About box shows, from a terminal."""

from __future__ import annotations

import json
import platform
import re
import sqlite3
from importlib.metadata import version

from PySide6.QtCore import qVersion

from vision_desk import __version__


def expected(data_dir) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {
        "vision_desk": __version__,
        "python": platform.python_version(),
        # Asked of the Qt library itself, without loading PySide6: the same as the window's.
        "qt": qVersion(),
        "pyside6": version("PySide6-Essentials"),
        "sqlite": sqlite3.sqlite_version,
        "reportlab": version("reportlab"),
        "data_folder": str(data_dir),
    }


def test_about_prints_the_versions_and_the_data_folder(cli, data_dir):
    result = cli("about")
    assert result.code == 0, result.err
    assert result.err == ""
    *rows, last = result.out.splitlines()
    shown = dict(re.split(r"\s{2,}", row, maxsplit=1) for row in rows)
    facts = expected(data_dir)
    assert shown == {
        "Vision Desk": facts["vision_desk"],
        "Python": facts["python"],
        "Qt": facts["qt"],
        "PySide6": facts["pyside6"],
        "SQLite": facts["sqlite"],
        "reportlab": facts["reportlab"],
        "Data folder": facts["data_folder"],
    }
    assert last == "Licences: vision-desk about --licences"
    # Facts about the program: no store, not even its folder, was made.
    assert not data_dir.exists()


def test_about_json_is_the_same_facts(cli, data_dir):
    result = cli("about", "--json")
    assert result.code == 0, result.err
    assert json.loads(result.out) == expected(data_dir)
    assert not data_dir.exists()


def test_about_licences_prints_the_notices(cli, data_dir):
    result = cli("about", "--licences")
    assert result.code == 0, result.err
    assert result.out.startswith(f"Vision Desk {__version__}: third-party notices")
    for name in ("reportlab", "SQLAlchemy", "PySide6", "ICU", "Python", "Noto"):
        assert name in result.out
    assert "GNU LESSER GENERAL PUBLIC LICENSE" in result.out
    # As they ship, byte for byte: the GNU texts' form feeds are page breaks, not
    # hostile control characters to escape (``about --licences > FILE`` is the file).
    from vision_desk.about import notices

    assert result.out == notices().text


def test_json_and_licences_do_not_go_together(cli):
    result = cli("about", "--json", "--licences")
    assert result.code == 2
    assert "not allowed with" in result.err
