"""packaging/linux/install.sh and uninstall.sh, for one user, on a stand-in bundle
(a shell script that says its name), in a throwaway home folder. The real bundle goes
through the same scripts in test_bundle.py."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from vision_desk import APP_ID

REPO = Path(__file__).resolve().parents[2]
LINUX = REPO / "packaging" / "linux"


@pytest.fixture
def bundle(tmp_path: Path) -> Path:
    folder = tmp_path / "bundle"
    (folder / "_internal").mkdir(parents=True)
    program = folder / "vision-desk"
    program.write_text('#!/bin/sh\necho "stand-in vision-desk $*"\n')
    program.chmod(0o755)
    return folder


@pytest.fixture
def home(tmp_path: Path) -> Path:
    # A space and a dollar sign: the desktop file must quote the program's path.
    folder = tmp_path / "home of $officer"
    folder.mkdir()
    return folder


def run(script: str, home: Path, *arguments: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["sh", str(LINUX / script), *map(str, arguments)],
        env={"PATH": "/usr/bin:/bin", "HOME": str(home)},
        capture_output=True,
        text=True,
        check=False,
    )


def installed_files(home: Path) -> set[str]:
    return {
        str(path.relative_to(home))
        for path in home.rglob("*")
        if (path.is_file() or path.is_symlink()) and "_internal" not in path.parts
    }


def test_install_puts_program_command_menu_entry_and_icons_in_place(
    bundle: Path, home: Path
) -> None:
    result = run("install.sh", home, bundle)
    assert result.returncode == 0, result.stderr
    share = home / ".local" / "share"
    launcher = home / ".local" / "bin" / "vision-desk"
    program = home / ".local" / "opt" / "vision-desk" / "vision-desk"
    assert launcher.is_symlink() and launcher.resolve() == program.resolve()
    ran = subprocess.run([str(launcher), "--version"], capture_output=True, text=True, check=True)
    assert ran.stdout.strip() == "stand-in vision-desk --version"

    desktop = (share / "applications" / f"{APP_ID}.desktop").read_text()
    quoted = str(program).replace("$", "\\\\$")
    assert f'\nExec="{quoted}"\n' in desktop
    assert f"\nTryExec={program}\n" in desktop
    assert "install.sh writes" not in desktop
    assert (share / "metainfo" / f"{APP_ID}.metainfo.xml").is_file()
    for size in (16, 22, 24, 32, 48, 64, 128, 256, 512):
        assert (share / "icons" / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png").is_file()
    assert (share / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg").is_file()

    validate = shutil.which("desktop-file-validate")
    if validate is not None:
        check = subprocess.run(
            [validate, str(share / "applications" / f"{APP_ID}.desktop")],
            capture_output=True,
            text=True,
        )
        assert check.returncode == 0 and check.stdout == "", check.stdout


def test_install_again_replaces_the_program(bundle: Path, home: Path) -> None:
    assert run("install.sh", home, bundle).returncode == 0
    (bundle / "vision-desk").write_text('#!/bin/sh\necho "second build"\n')
    assert run("install.sh", home, bundle).returncode == 0
    launcher = home / ".local" / "bin" / "vision-desk"
    ran = subprocess.run([str(launcher)], capture_output=True, text=True, check=True)
    assert ran.stdout.strip() == "second build"
    assert not (home / ".local" / "opt" / "vision-desk.new").exists()


def test_uninstall_removes_everything_installed_and_keeps_the_data(
    bundle: Path, home: Path
) -> None:
    store = home / ".local" / "share" / "VisionDesk" / "vision-desk.sqlite3"
    store.parent.mkdir(parents=True)
    store.write_text("the officer's work")
    before = installed_files(home)
    assert run("install.sh", home, bundle).returncode == 0
    result = run("uninstall.sh", home)
    assert result.returncode == 0, result.stderr
    assert installed_files(home) == before
    assert store.read_text() == "the officer's work"
    assert not (home / ".local" / "opt" / "vision-desk").exists()


def test_install_leaves_a_vision_desk_command_that_is_not_its_own(bundle: Path, home: Path) -> None:
    foreign = home / ".local" / "bin" / "vision-desk"
    foreign.parent.mkdir(parents=True)
    foreign.write_text("#!/bin/sh\n# pip install --user\n")
    result = run("install.sh", home, bundle)
    assert result.returncode == 1
    assert "not Vision Desk's link" in result.stderr
    assert foreign.read_text() == "#!/bin/sh\n# pip install --user\n"
    assert not (home / ".local" / "opt").exists()
    # And uninstall leaves it alone too.
    assert run("uninstall.sh", home).returncode == 0
    assert foreign.exists()


def test_install_without_a_bundle_says_what_to_do(home: Path, tmp_path: Path) -> None:
    result = run("install.sh", home, tmp_path / "nothing-here")
    assert result.returncode == 1
    assert "run packaging/build first" in result.stderr
    assert os.listdir(home) == []
