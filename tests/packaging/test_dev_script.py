"""scripts/dev's own logic, run against stand-ins: a copy of the script in a folder
with a fake .venv whose programs only record that they were called, and a
dpkg-query that says every package is installed."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

RECORDER = """#!/usr/bin/env bash
echo "{name} $*" >>"{log}"
exit {status}
"""


def _stub(path: Path, name: str, log: Path, status: int = 0) -> None:
    path.write_text(RECORDER.format(name=name, log=log, status=status))
    path.chmod(path.stat().st_mode | stat.S_IXUSR)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    (root / "scripts").mkdir(parents=True)
    shutil.copy2(REPO / "scripts" / "dev", root / "scripts" / "dev")
    shutil.copy2(REPO / "pyproject.toml", root / "pyproject.toml")
    shutil.copy2(REPO / "constraints.txt", root / "constraints.txt")
    log = root / "calls.log"
    bin_dir = root / ".venv" / "bin"
    bin_dir.mkdir(parents=True)
    for name in ("python", "mypy", "lint-imports", "vision-desk"):
        _stub(bin_dir / name, name, log)
    _stub(bin_dir / "ruff", "ruff", log)
    system = tmp_path / "system-bin"
    system.mkdir()
    (system / "dpkg-query").write_text("#!/bin/sh\nprintf 'install ok installed'\n")
    (system / "dpkg-query").chmod(0o755)
    return root


def _dev(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    system = project.parent / "system-bin"
    env = {**os.environ, "PATH": f"{system}:/usr/bin:/bin"}
    return subprocess.run(
        [str(project / "scripts" / "dev"), *args],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def _calls(project: Path) -> list[str]:
    log = project / "calls.log"
    return log.read_text().splitlines() if log.exists() else []


def test_run_after_test_installs_nothing(project: Path) -> None:
    first = _dev(project, "test")
    assert first.returncode == 0, first.stderr
    assert any(call.startswith("python -m pip install") for call in _calls(project))
    (project / "calls.log").unlink()

    second = _dev(project, "run", "--version")
    assert second.returncode == 0, second.stderr
    assert "installing" not in second.stderr
    assert _calls(project) == ["vision-desk --version"]


def test_a_changed_constraint_installs_again(project: Path) -> None:
    assert _dev(project, "run").returncode == 0
    with (project / "constraints.txt").open("a") as constraints:
        constraints.write("example==1.0\n")
    (project / "calls.log").unlink()
    again = _dev(project, "run")
    assert again.returncode == 0, again.stderr
    installs = [call for call in _calls(project) if "pip install" in call]
    assert installs and all("-c" in call.split() for call in installs)


def test_a_lint_error_stops_the_test_command(project: Path) -> None:
    _stub(project / ".venv" / "bin" / "ruff", "ruff", project / "calls.log", status=1)
    result = _dev(project, "test")
    assert result.returncode != 0
    called = [call.split()[0] for call in _calls(project)]
    assert "ruff" in called
    assert "mypy" not in called and not any("-m pytest" in call for call in _calls(project))


def test_apt_waits_for_another_installation(project: Path) -> None:
    """A fresh Ubuntu installs updates at first boot: apt-get then says the lock is
    held. scripts/dev waits and tries again instead of failing."""
    system = project.parent / "system-bin"
    # A package is missing until apt-get installs it.
    (system / "dpkg-query").write_text(
        f'#!/bin/sh\n[ -f "{project}/installed" ] && printf "install ok installed"\nexit 0\n'
    )
    attempts = project / "apt-attempts"
    (system / "apt-get").write_text(
        f"""#!/usr/bin/env bash
echo "$*" >>"{attempts}"
if [ "$(wc -l <"{attempts}")" -le 1 ]; then
  echo "E: Could not get lock /var/lib/apt/lists/lock. It is held by process 4242 (apt-get)" >&2
  exit 100
fi
[ "$1" = "-o" ] && shift 2
[ "$1" = "install" ] && touch "{project}/installed"
exit 0
"""
    )
    (system / "apt-get").chmod(0o755)
    if os.geteuid() != 0:
        (system / "sudo").write_text('#!/bin/sh\nexec "$@"\n')
        (system / "sudo").chmod(0o755)
    result = _dev(project, "run", "--version")
    assert result.returncode == 0, result.stderr
    assert "waiting for another package installation to finish" in result.stderr
    tries = attempts.read_text().splitlines()
    assert len(tries) >= 3  # update refused, update again, install
    assert all("DPkg::Lock::Timeout" in line for line in tries)
    assert (project / "installed").exists()
