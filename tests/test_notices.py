"""vision_desk.licences: the notices generated from the installed distributions."""

from __future__ import annotations

import importlib.metadata as metadata
import platform
import sys
from importlib.metadata import version
from pathlib import Path

import pytest

from vision_desk import __version__
from vision_desk.licences import (
    LicenceTextMissingError,
    generate_notices,
    python_distributions,
    read_sections,
    referenced_common_licences,
    system,
)
from vision_desk.licences.carried import (
    CARRIED,
    TEXTS_FOLDER,
    carried_sections,
    icu_version_of_file,
)
from vision_desk.licences.distributions import dependency_closure, licence_of, licence_texts
from vision_desk.licences.document import RULE
from vision_desk.licences.requirements import evaluate, parse_requirement

LINUX = {"sys_platform": "linux", "python_version": "3.11", "python_full_version": "3.11.7"}
LINUX |= {"os_name": "posix", "platform_system": "Linux", "implementation_name": "cpython"}


@pytest.mark.parametrize(
    ("marker", "holds"),
    [
        ('python_version < "3.11"', False),
        ('python_version >= "3.8"', True),
        ("python_full_version ~= '3.11.0'", True),
        ("python_version ~= '3.12'", False),
        ('sys_platform == "win32"', False),
        ("(sys_platform == \"linux\" or sys_platform == 'darwin') and extra == 'tests'", False),
        ('"linux" in sys_platform', True),
        ('platform_system != "Windows" and python_version > "3.9"', True),
        ('extra == "test"', False),
        ("some_future_variable == 'x'", True),  # unknown: listed rather than left out
        ("python_version <", True),
    ],
)
def test_markers(marker: str, holds: bool) -> None:
    assert evaluate(marker, LINUX) is holds


def test_a_requirement_with_extras_and_marker() -> None:
    requirement = parse_requirement('psycopg[binary,Pool]!=3.1.15,>=3.0.7; extra == "Postgres"')
    assert requirement is not None
    assert requirement.name == "psycopg"
    assert requirement.extras == {"binary", "pool"}
    assert requirement.applies(frozenset({"postgres"}), LINUX)
    assert not requirement.applies(frozenset(), LINUX)
    plain = parse_requirement("PySide6-Essentials<6.12,>=6.8")
    assert plain is not None and plain.name == "PySide6-Essentials" and plain.marker == ""


def _fake_distribution(
    site: Path,
    name: str,
    requires: tuple[str, ...] = (),
    fields: tuple[str, ...] = (),
    files: dict[str, str] | None = None,
    version: str = "1.0",
) -> Path:
    info = site / f"{name.replace('-', '_')}-{version}.dist-info"
    info.mkdir(parents=True)
    lines = ["Metadata-Version: 2.4", f"Name: {name}", f"Version: {version}", *fields]
    lines += [f"Requires-Dist: {line}" for line in requires]
    (info / "METADATA").write_text("\n".join(lines) + "\n", encoding="utf-8")
    record = [f"{info.name}/METADATA,,"]
    for path, text in (files or {}).items():
        (site / path).parent.mkdir(parents=True, exist_ok=True)
        (site / path).write_text(text, encoding="utf-8")
        record.append(f"{path},,")
    (info / "RECORD").write_text("\n".join(record) + "\n", encoding="utf-8")
    return info


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "site"
    folder.mkdir()
    monkeypatch.syspath_prepend(str(folder))
    return folder


def test_the_closure_follows_requirements_that_apply_here(site: Path) -> None:
    _fake_distribution(
        site,
        "fake-root",
        (
            "fake-a>=1",
            "fake-b[speed]",
            "fake-test-only; extra == 'test'",
            "fake-windows-only; sys_platform == 'nonexistent'",
            "fake-not-installed",
        ),
    )
    _fake_distribution(site, "fake-a", ("fake-b",))
    _fake_distribution(site, "fake-b", ("fake-c; extra == 'speed'", "fake-d; extra == 'docs'"))
    for name in ("fake-c", "fake-d", "fake-test-only", "fake-windows-only"):
        _fake_distribution(site, name)
    closure = dependency_closure("fake-root", environment=LINUX)
    names = [distribution.metadata["Name"] for distribution in closure.distributions]
    assert names == ["fake-root", "fake-a", "fake-b", "fake-c"]
    assert closure.missing == ("fake-not-installed",)


def test_what_ships_as_it_is_brings_not_what_it_requires(site: Path) -> None:
    _fake_distribution(site, "fake-root", ("fake-a",))
    _fake_distribution(site, "fake-a")
    _fake_distribution(site, "fake-bundler", ("fake-build-tool",))
    _fake_distribution(site, "fake-build-tool")
    closure = dependency_closure("fake-root", also=["fake-bundler"], environment=LINUX)
    names = [distribution.metadata["Name"] for distribution in closure.distributions]
    assert names == ["fake-root", "fake-a", "fake-bundler"]


def test_licence_declared_and_licence_files(site: Path) -> None:
    mit = "MIT License\n\nPermission is hereby granted..."
    _fake_distribution(
        site,
        "fake-expression",
        fields=(
            "License-Expression: MIT",
            "License: something longer",
            "Classifier: License :: OSI Approved :: MIT License",
        ),
        files={
            "fake_expression-1.0.dist-info/licenses/LICENSE": mit,
            "fake_expression-1.0.dist-info/licenses/vendor/AUTHORS.rst": "The authors.",
            "fake_expression/COPYING.txt": mit,  # the same text again: shown once
            "fake_expression/NOTICE": "Notice of a vendored part.",
            "fake_expression/module.py": "",
        },
    )
    _fake_distribution(
        site,
        "fake-classifiers",
        fields=(
            "Classifier: License :: OSI Approved :: MIT License",
            "Classifier: License :: OSI Approved :: Apache Software License",
        ),
    )
    _fake_distribution(site, "fake-field", fields=("License: BSD-3-Clause",))
    closure = dependency_closure("fake-expression", ("fake-classifiers", "fake-field"))
    by_name = {item.metadata["Name"]: item for item in closure.distributions}
    assert licence_of(by_name["fake-expression"]) == "MIT"
    assert licence_of(by_name["fake-classifiers"]) == "MIT License OR Apache Software License"
    assert licence_of(by_name["fake-field"]) == "BSD-3-Clause"
    texts = licence_texts(by_name["fake-expression"])
    assert [text.title for text in texts] == [
        "fake_expression-1.0.dist-info/licenses/LICENSE",
        "fake_expression-1.0.dist-info/licenses/vendor/AUTHORS.rst",
        "fake_expression/NOTICE",
    ]


@pytest.fixture(scope="module")
def notices() -> str:
    return generate_notices(strict=True)


def test_every_shipped_distribution_is_listed_with_its_texts(notices: str) -> None:
    listed = python_distributions(notices)
    for name in (
        "PySide6_Essentials",
        "shiboken6",
        "SQLAlchemy",
        "alembic",
        "Mako",
        "MarkupSafe",
        "reportlab",
        "pillow",
        "charset-normalizer",
        "appdirs",
        "uharfbuzz",
        "typing_extensions",
    ):
        assert name in listed, name
    assert listed["SQLAlchemy"] == "MIT"
    assert listed["PySide6_Essentials"] == "LGPL-3.0-only OR GPL-2.0-only OR GPL-3.0-only"
    # Only what ships: no test tools, nothing of the extras.
    for tool in ("pytest", "mypy", "ruff", "pyinstaller", "greenlet"):
        assert not any(name.lower() == tool for name in listed), tool
    titles = [section.title for section in read_sections(notices)]
    assert titles[0] == f"Vision Desk {__version__}"
    assert f"reportlab {version('reportlab')}" in titles
    assert f"Python {platform.python_version()}" in titles


def test_qt_says_how_to_replace_it_and_carries_the_gnu_texts(notices: str) -> None:
    qt = notices.split(f"Qt {version('PySide6-Essentials')}\nKind:", 1)[1].split("\n=====", 2)[1]
    assert "_internal/PySide6/Qt/lib/" in qt
    assert "replace them" in qt
    assert "https://download.qt.io/official_releases/QtForPython/" in qt
    shared = {section.title for section in read_sections(notices)}
    assert {"Licence texts: LGPL-3", "Licence texts: GPL-3"} <= shared
    assert "GNU LESSER GENERAL PUBLIC LICENSE" in notices
    assert "GNU GENERAL PUBLIC LICENSE" in notices


def test_icu_cpython_and_the_fonts(notices: str) -> None:
    assert "UNICODE" in notices and "ICU License" in notices  # ICU's upstream LICENSE
    assert "PYTHON SOFTWARE FOUNDATION LICENSE VERSION 2" in notices
    assert "SIL OPEN FONT LICENSE" in notices.upper()
    own = notices.split(f"\nVision Desk {__version__}\nKind: Program\n", 1)[1]
    assert "MIT License" in own.split("\nQt ", 1)[0]  # Vision Desk's own LICENSE, first


def _section(notices: str, title: str) -> str:
    """The text of the section titled ``title``, from its header to the next one."""
    start = notices.index(f"{RULE}\n{title}\n")
    following = notices.find(f"\n{RULE}\n", notices.index(f"\n{RULE}\n", start + 1) + 1)
    return notices[start : following if following != -1 else len(notices)]


def test_pyicu_and_the_icu_it_carries_are_named_with_their_licences(notices: str) -> None:
    """pyicu-wheels (the memo's bidi levels) ships only its repackager's Apache-2.0
    text; PyICU's MIT licence and ICU 77's LICENSE are kept with the program."""
    wheel = version("pyicu-wheels")
    assert python_distributions(notices)["pyicu-wheels"] == "Apache-2.0"
    sections = {section.title: section for section in read_sections(notices)}
    (icu_title,) = [title for title in sections if title.startswith("ICU 77.")]
    titles = list(sections)
    assert titles.index(f"pyicu-wheels {wheel}") + 1 == titles.index(f"PyICU {wheel}")
    assert titles.index(f"PyICU {wheel}") + 1 == titles.index(icu_title)
    assert sections[f"PyICU {wheel}"].licence == "MIT"
    assert "pyicu-wheels" in sections[f"PyICU {wheel}"].kind
    assert sections[icu_title].licence == "Unicode-3.0 AND ICU"
    assert "pyicu-wheels" in sections[icu_title].kind

    pyicu = _section(notices, f"PyICU {wheel}")
    assert f"{TEXTS_FOLDER}/PyICU-2.15-LICENSE" in pyicu
    assert "Copyright (c) 2004-2022 Open Source Applications Foundation." in pyicu
    assert "Permission is hereby granted, free of charge" in pyicu
    icu = _section(notices, icu_title)
    assert f"{TEXTS_FOLDER}/ICU-77-LICENSE" in icu
    assert "UNICODE LICENSE V3" in icu and "Copyright © 2016-2025 Unicode, Inc." in icu
    assert "Third-Party Software Licenses" in icu
    assert "ICU License - ICU 1.8.1 to ICU 57.1" in icu
    assert "Google double-conversion" in icu
    # The repackaging's own section says where the other licences are.
    assert "carries PyICU and ICU under their" in _section(notices, f"pyicu-wheels {wheel}")


def test_the_kept_texts_ship_in_the_package() -> None:
    from importlib import resources

    texts = resources.files("vision_desk.licences") / "texts"
    for name in ("PyICU-2.15-LICENSE", "ICU-77-LICENSE"):
        assert (texts / name).read_text(encoding="utf-8").strip(), name
    assert set(CARRIED) == {"pyicu-wheels"}


@pytest.mark.parametrize(
    ("file", "icu"),
    [
        ("pyicu_wheels.libs/libicuuc-17fe2ce1.so.77.1", "77.1"),
        ("PySide6/Qt/lib/libicuuc.so.73", "73"),
        ("pyicu_wheels/.dylibs/libicuuc.77.1.dylib", "77.1"),
        ("pyicu_wheels.libs/icuuc77.dll", "77"),
        ("pyicu_wheels.libs/libicudata-518f73b9.so.77.1", None),
        ("icu/_icu_.cpython-311-x86_64-linux-gnu.so", None),
    ],
)
def test_the_icu_a_wheel_carries_is_read_from_its_libraries(file: str, icu: str | None) -> None:
    assert icu_version_of_file(file) == icu


def _fake_pyicu_wheels(site: Path, wheel: str, icu: str) -> metadata.Distribution:
    info = _fake_distribution(
        site,
        "pyicu-wheels",
        fields=("License-Expression: Apache-2.0",),
        files={
            f"pyicu_wheels-{wheel}.dist-info/licenses/LICENSE.txt": "Apache License",
            f"pyicu_wheels.libs/libicuuc-0123abcd.so.{icu}": "",
            "icu/__init__.py": "",
        },
        version=wheel,
    )
    return metadata.Distribution.at(info)


def test_another_icu_or_pyicu_stops_a_strict_generation(site: Path) -> None:
    """The kept texts are for PyICU 2.15 and ICU 77: a pyicu-wheels that brings others
    needs their texts first (the bundle's build stops); the About box says so."""
    newer_icu = _fake_pyicu_wheels(site / "a", "2.15.9", "78.2")
    with pytest.raises(LicenceTextMissingError, match=r"carries ICU 78\.2.*ICU 77"):
        carried_sections(newer_icu, strict=True)
    pyicu, icu = carried_sections(newer_icu, strict=False)
    assert (pyicu.title, pyicu.licence) == ("PyICU 2.15.9", "MIT")
    assert icu.title == "ICU 78.2" and "may not be its own" in icu.note
    assert icu.texts and "UNICODE LICENSE V3" in icu.texts[0].text

    newer_pyicu = _fake_pyicu_wheels(site / "b", "2.16.0", "77.1")
    with pytest.raises(LicenceTextMissingError, match=r"carries PyICU 2\.16\.0.*PyICU 2\.15"):
        carried_sections(newer_pyicu, strict=True)

    tested = _fake_pyicu_wheels(site / "c", "2.15.3", "77.1")
    assert [section.title for section in carried_sections(tested, strict=True)] == [
        "PyICU 2.15.3",
        "ICU 77.1",
    ]


def test_the_same_installation_gives_the_same_bytes(notices: str) -> None:
    assert generate_notices(strict=True) == notices


def test_a_missing_text_stops_a_strict_generation_naming_the_package(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(system, "COMMON_LICENCES", tmp_path / "common-licenses")
    with pytest.raises(LicenceTextMissingError, match="install the Debian package base-files"):
        generate_notices(strict=True)
    monkeypatch.undo()
    monkeypatch.setattr(system, "ICU_FOLDER", tmp_path / "icu")
    with pytest.raises(LicenceTextMissingError, match="libicu-dev"):
        generate_notices(strict=True)
    # The About box of a pip install says what is missing instead.
    text = generate_notices()
    assert "The text of ICU's LICENSE was not found on this machine" in text


def test_texts_from_a_folder_of_ones_own(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(system, "ICU_FOLDER", tmp_path / "icu")
    (tmp_path / "texts").mkdir()
    (tmp_path / "texts" / "ICU").write_text("ICU licence, from elsewhere\n", encoding="utf-8")
    monkeypatch.setenv(system.TEXTS_FOLDER_VARIABLE, str(tmp_path / "texts"))
    assert "ICU licence, from elsewhere" in generate_notices(strict=True)


def test_references_to_debians_common_licences() -> None:
    text = (
        "On Debian systems, the complete text of the GNU Lesser General Public License\n"
        "version 2.1 can be found in `/usr/share/common-licenses/LGPL-2.1'.\n"
        "See /usr/share/common-licenses/GPL-2. and /usr/share/common-licenses/Apache-2.0\n"
    )
    assert referenced_common_licences(text) == ["Apache-2.0", "GPL-2", "LGPL-2.1"]


def test_the_command_writes_the_file(tmp_path: Path) -> None:
    import subprocess

    out = tmp_path / "THIRD-PARTY-NOTICES.txt"
    result = subprocess.run(
        [sys.executable, "-m", "vision_desk.licences", "--strict", "--out", str(out)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert python_distributions(out.read_text(encoding="utf-8"))["reportlab"]
