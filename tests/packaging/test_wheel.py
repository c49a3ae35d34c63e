"""Vision Desk installed as a Python user installs it: the sdist and the wheel built
from a clean checkout, the wheel installed into a fresh virtual environment in a
folder far from the checkout, and the program run from there.

Installing PySide6 into a new venv takes a minute, so this is left out of the default
run; CI runs it in its own step, ``scripts/dev wheel`` (= ``pytest -m wheel``).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tarfile
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from email.parser import Parser
from pathlib import Path

import pytest
from source_tree import REPO, export_source

from vision_desk import __version__

pytestmark = [pytest.mark.wheel, pytest.mark.timeout(1200)]

# Every file the program reads at run time, inside the package.
SHIPPED = (
    "vision_desk/resources/agreements/shared-vision.toml",
    "vision_desk/resources/fonts/NotoSans-Regular.ttf",
    "vision_desk/resources/fonts/NotoNaskhArabic-Regular.ttf",
    "vision_desk/resources/fonts/OFL.txt",
    "vision_desk/storage/migrations/env.py",
    "vision_desk/storage/migrations/script.py.mako",
    "vision_desk/storage/migrations/versions/0001_initial_schema.py",
    # Licence texts no wheel ships, for the notices of a pip install (About ▸ Licences).
    "vision_desk/licences/texts/PyICU-2.15-LICENSE",
    "vision_desk/licences/texts/ICU-77-LICENSE",
)


@dataclass
class Installed:
    sdist: Path
    wheel: Path
    venv: Path
    home: Path  # the officer's home: the default data folder is under it
    elsewhere: Path  # the folder the program is run from

    @property
    def program(self) -> Path:
        return self.venv / "bin" / "vision-desk"

    def run(self, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(self.program), *args],
            cwd=self.elsewhere,
            env=_clean_environment(self.home),
            capture_output=True,
            text=True,
            timeout=timeout,
        )


def _clean_environment(home: Path) -> dict[str, str]:
    """The environment of an officer's fresh account: nothing pointing at the checkout
    or at the test run's own data folder."""
    dropped = ("PYTHONPATH", "VIRTUAL_ENV", "VISION_DESK_DATA_DIR", "PYTHONHOME")
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in dropped and not key.startswith("XDG_")
    }
    env["HOME"] = str(home)
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["PATH"] = "/usr/local/bin:/usr/bin:/bin"
    return env


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Installed]:
    work = tmp_path_factory.mktemp("wheel")
    checkout = work / "checkout"
    export_source(checkout)
    # A user's build: isolated, with the build backend pyproject.toml asks for.
    build = subprocess.run(
        [sys.executable, "-m", "build", "--outdir", str(work / "dist"), str(checkout)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert build.returncode == 0, build.stdout[-3000:] + build.stderr[-3000:]
    (sdist,) = (work / "dist").glob("*.tar.gz")
    (wheel,) = (work / "dist").glob("*.whl")
    constraints = work / "constraints.txt"
    shutil.copy2(checkout / "constraints.txt", constraints)
    # Nothing the installed program could read by accident: the sources are gone.
    shutil.rmtree(checkout)

    venv = work / "far" / "away" / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    install = subprocess.run(
        [
            str(venv / "bin" / "python"),
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            "-c",
            str(constraints),
            str(wheel),
        ],
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert install.returncode == 0, install.stdout[-3000:] + install.stderr[-3000:]
    home = work / "home"
    elsewhere = work / "elsewhere"
    home.mkdir()
    elsewhere.mkdir()
    yield Installed(sdist=sdist, wheel=wheel, venv=venv, home=home, elsewhere=elsewhere)


def test_the_wheel_carries_the_resources_and_the_licences(installed: Installed) -> None:
    with zipfile.ZipFile(installed.wheel) as wheel:
        names = set(wheel.namelist())
    for shipped in SHIPPED:
        assert shipped in names, shipped
    info = f"vision_desk-{__version__}.dist-info"
    assert f"{info}/licenses/LICENSE" in names
    assert f"{info}/licenses/vision_desk/resources/fonts/OFL.txt" in names
    # No tests, benchmarks or packaging scripts in what users install.
    assert not [name for name in names if name.startswith(("tests/", "benchmarks/", "scripts/"))]


def test_the_sdist_rebuilds_everything(installed: Installed) -> None:
    with tarfile.open(installed.sdist) as sdist:
        names = {name.split("/", 1)[1] for name in sdist.getnames() if "/" in name}
    for needed in ("pyproject.toml", "LICENSE", "README.md", *SHIPPED):
        assert needed in names, needed


def test_the_metadata_is_complete(installed: Installed) -> None:
    with zipfile.ZipFile(installed.wheel) as wheel:
        text = wheel.read(f"vision_desk-{__version__}.dist-info/METADATA").decode("utf-8")
    metadata = Parser().parsestr(text)
    assert metadata["Version"] == __version__  # from vision_desk/__init__.py, the one place
    assert metadata["License-Expression"] == "MIT"
    assert set(metadata.get_all("License-File") or []) == {
        "LICENSE",
        "vision_desk/resources/fonts/OFL.txt",
    }
    classifiers = metadata.get_all("Classifier") or []
    assert "Environment :: X11 Applications :: Qt" in classifiers
    assert any(value.startswith("Homepage, https://") for value in metadata.get_all("Project-URL"))
    assert metadata["Requires-Python"] == ">=3.11"


def test_the_program_runs_from_the_installed_package(installed: Installed) -> None:
    where = subprocess.run(
        [
            str(installed.venv / "bin" / "python"),
            "-c",
            "import vision_desk; print(vision_desk.__file__)",
        ],
        cwd=installed.elsewhere,
        env=_clean_environment(installed.home),
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert Path(where).is_relative_to(installed.venv)
    assert not Path(where).is_relative_to(REPO)


def test_clauses_on_the_default_store(installed: Installed) -> None:
    """The embedded default: a store created in the officer's data folder, with the
    Shared Vision loaded."""
    result = installed.run("clauses", "--json")
    assert result.returncode == 0, result.stderr
    clauses = json.loads(result.stdout)["clauses"]
    assert len(clauses) == 24
    assert {clause["ref"] for clause in clauses} >= {"SV-C1", "SV-P1"}
    store = installed.home / ".local" / "share" / "VisionDesk" / "vision-desk.sqlite3"
    assert store.is_file()
    assert not list(installed.elsewhere.iterdir()), "nothing is written where it was run from"


def test_clauses_in_a_chosen_data_folder(installed: Installed, tmp_path: Path) -> None:
    result = installed.run("--data-dir", str(tmp_path / "data"), "clauses", "--json")
    assert result.returncode == 0, result.stderr
    assert len(json.loads(result.stdout)["clauses"]) == 24


def test_memo_with_the_shipped_fonts(installed: Installed, tmp_path: Path) -> None:
    out = tmp_path / "memo.pdf"
    result = installed.run("--data-dir", str(tmp_path / "data"), "memo", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert out.read_bytes().startswith(b"%PDF-")
    fonts = subprocess.run(["pdffonts", str(out)], capture_output=True, text=True, check=True)
    assert "NotoSans" in fonts.stdout
    text = subprocess.run(
        ["pdftotext", str(out), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "A Shared Vision" in " ".join(text.split())


def test_smoke_opens_the_desk(installed: Installed, tmp_path: Path) -> None:
    result = installed.run("--data-dir", str(tmp_path / "data"), "--smoke")
    assert result.returncode == 0, result.stderr
    assert "smoke: desk painted with 24 clauses" in result.stdout


def test_the_licences_of_a_pip_install_carry_pyicu_and_its_icu(installed: Installed) -> None:
    """About ▸ Licences of a pip install: generated from the installed packages, with the
    texts pyicu-wheels lacks taken from the package's own copies."""
    result = installed.run("about", "--licences")
    assert result.returncode == 0, result.stderr
    assert "Copyright (c) 2004-2022 Open Source Applications Foundation." in result.stdout
    assert "UNICODE LICENSE V3" in result.stdout
    assert "was not found with the program" not in result.stdout
