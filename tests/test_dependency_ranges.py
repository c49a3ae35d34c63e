"""The memo's layout is tested with the versions pyproject.toml admits, and only those.

The right-to-left layout relies on reportlab (canvas, TrueType subsetting, the
ToUnicode map), on uharfbuzz (the HarfBuzz it bundles chooses the glyphs and their
positions that tests/export reads back), on pyicu-wheels (the ICU it bundles gives
the bidi levels that tests/export/test_bidi_levels.py freezes) and on the shipped
Noto fonts. A release outside the tested range may move words, so each dependency is
declared with an upper bound as well as a lower one, and these tests hold the
installed and pinned versions (``constraints.txt``, which CI installs) inside the
declared range: widening a range means running tests/export on the new release first.

python-bidi is not needed (its public interface gives no levels); if it is declared
again it must be ranged too.
"""

from __future__ import annotations

import ast
import struct
import tomllib
from importlib.metadata import version
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
LAYOUT_DEPENDENCIES = ("reportlab", "uharfbuzz", "pyicu-wheels")
RANGED_IF_DECLARED = ("python-bidi",)
# head.fontRevision of each shipped font that tests/export was run with.
TESTED_FONT_REVISIONS = {
    "NotoSans-Regular.ttf": "2.004",
    "NotoSans-Bold.ttf": "2.004",
    "NotoSans-Italic.ttf": "2.004",
    "NotoSans-BoldItalic.ttf": "2.004",
    "NotoNaskhArabic-Regular.ttf": "2.004",
    "NotoNaskhArabic-Bold.ttf": "2.004",
}
_UPPER_BOUNDS = frozenset({"<", "<=", "==", "~=", "==="})


def _declared() -> dict[str, Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    requirements = (Requirement(line) for line in project["dependencies"])
    return {canonicalize_name(requirement.name): requirement for requirement in requirements}


def _pinned() -> dict[str, str]:
    pins: dict[str, str] = {}
    for line in (ROOT / "constraints.txt").read_text(encoding="utf-8").splitlines():
        name, separator, pinned = line.split("#")[0].strip().partition("==")
        if separator:
            pins[canonicalize_name(name)] = pinned.strip()
    return pins


def _checked() -> list[str]:
    declared = _declared()
    return [*LAYOUT_DEPENDENCIES, *(name for name in RANGED_IF_DECLARED if name in declared)]


@pytest.mark.parametrize("name", _checked())
def test_layout_dependency_has_a_tested_range(name: str) -> None:
    requirement = _declared().get(canonicalize_name(name))
    assert requirement is not None, f"{name} is not in pyproject.toml's dependencies"
    specifier = requirement.specifier
    operators = {spec.operator for spec in specifier}
    assert operators & {">=", ">", "==", "~=", "==="}, f"{requirement}: no lower bound"
    assert operators & _UPPER_BOUNDS, f"{requirement}: no upper bound, so not a tested range"
    installed = version(name)
    assert specifier.contains(installed, prereleases=True), (
        f"{name} {installed} is installed, outside the tested range {requirement}"
    )
    pinned = _pinned().get(canonicalize_name(name))
    assert pinned is not None, f"{name} is not pinned in constraints.txt"
    assert specifier.contains(pinned, prereleases=True), (
        f"constraints.txt pins {name} {pinned}, outside {requirement}"
    )


def test_the_program_does_not_import_python_bidi() -> None:
    """Why python-bidi need not be declared: no module of the program imports it."""
    importers = []
    for path in sorted((ROOT / "vision_desk").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            if any(name == "bidi" or name.startswith("bidi.") for name in names):
                importers.append(path.relative_to(ROOT).as_posix())
    assert importers == []


@pytest.mark.parametrize(("file_name", "tested"), sorted(TESTED_FONT_REVISIONS.items()))
def test_shipped_font_is_the_tested_revision(file_name: str, tested: str) -> None:
    data = (ROOT / "vision_desk" / "resources" / "fonts" / file_name).read_bytes()
    (tables,) = struct.unpack(">H", data[4:6])
    for number in range(tables):
        tag, _checksum, offset, _length = struct.unpack(
            ">4sIII", data[12 + 16 * number : 28 + 16 * number]
        )
        if tag == b"head":
            (revision,) = struct.unpack(">i", data[offset + 4 : offset + 8])
            assert f"{revision / 65536:.3f}" == tested
            return
    pytest.fail(f"{file_name} has no head table")


def test_every_shipped_font_has_a_tested_revision() -> None:
    shipped = {path.name for path in (ROOT / "vision_desk" / "resources" / "fonts").glob("*.ttf")}
    assert shipped == set(TESTED_FONT_REVISIONS)
