"""Fixtures for the reliability tests (reliability.md, "Tests that prove it").

``run_cli`` runs the real ``vision-desk`` program in a child process with HOME,
the XDG folders and TMPDIR pointed into the test's folder, and optionally a umask,
a file-size limit (a full disk) or a command prefix (``unshare -n``). ``run_child``
runs a Python script that uses Vision Desk's services in a child process.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest
from reliability_support import REPO, Run, child_environment, limits


@pytest.fixture
def run_cli(data_dir: Path, tmp_path: Path) -> Callable[..., Run]:
    def run(
        *args: str,
        data: Path | None = None,
        stdin: bytes | None = None,
        env: dict[str, str] | None = None,
        umask: int | None = None,
        file_size: int | None = None,
        prefix: Sequence[str] = (),
    ) -> Run:
        completed = subprocess.run(
            [
                *prefix,
                sys.executable,
                "-m",
                "vision_desk",
                "--data-dir",
                str(data or data_dir),
                *args,
            ],
            input=stdin,
            capture_output=True,
            env=child_environment(tmp_path, env),
            cwd=REPO,
            timeout=120,
            check=False,
            preexec_fn=limits(umask, file_size),
        )
        return Run(
            completed.returncode,
            completed.stdout.decode("utf-8", "replace"),
            completed.stderr.decode("utf-8", "replace"),
        )

    return run


@pytest.fixture
def run_child(tmp_path: Path) -> Callable[..., subprocess.CompletedProcess[str]]:
    """Run ``script`` (Python source) with ``args`` in a child process."""

    def run(
        script: str, *args: str, file_size: int | None = None, timeout: float = 120
    ) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-c", script, *args],
            capture_output=True,
            text=True,
            env=child_environment(tmp_path),
            cwd=REPO,
            timeout=timeout,
            check=False,
            preexec_fn=limits(None, file_size),
        )

    return run
