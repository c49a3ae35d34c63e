"""A reader that goes away (``vision-desk clauses | head -3``, ``vision-desk --smoke |
head -1``): the program ends at once, with status 1 and nothing on stderr: no
traceback, no "Exception ignored", no crash report and no crash dialog.

The programs run without PYTHONUNBUFFERED, as users run them: then what they print
waits in Python's buffer, and a closed pipe shows only at the interpreter's last
flush, the case that is easiest to get wrong.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

# Long enough for a start on a loaded machine; a program that hangs on a crash dialog
# (the smoke run's old failure) never ends on its own.
PROMPTLY = 60
CLOSED_PIPE_NOISE = ("Traceback", "BrokenPipeError", "Exception ignored", "internal error")


@pytest.fixture
def environment(home: Path) -> dict[str, str]:
    environment = {
        **os.environ,
        "VISION_DESK_AUTHOR": "cli-officer",
        "HOME": str(home),
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_CACHE_HOME": str(home / "cache"),
        "QT_QPA_PLATFORM": "offscreen",
    }
    environment.pop("VISION_DESK_DATA_DIR", None)
    environment.pop("PYTHONUNBUFFERED", None)
    return environment


def into_closed_pipe(
    arguments: list[str], environment: dict[str, str]
) -> subprocess.CompletedProcess[bytes]:
    """Run with a stdout whose reader has gone before the program writes anything:
    the one way to be sure the program meets the closed pipe, whatever its output's
    length and the pipe's buffer."""
    read, write = os.pipe()
    os.close(read)
    try:
        return subprocess.run(
            [sys.executable, "-m", "vision_desk", *arguments],
            stdout=write,
            stderr=subprocess.PIPE,
            env=environment,
            timeout=PROMPTLY,
            check=False,
        )
    finally:
        os.close(write)


def piped_to_head(
    arguments: list[str], lines: int, environment: dict[str, str]
) -> tuple[int, str, str]:
    """``vision-desk ARGUMENTS | head -LINES`` in a shell (without pipefail, as a user's
    shell): its status is head's, so also the stderr of the program is returned."""
    command = [sys.executable, "-m", "vision_desk", *arguments]
    with subprocess.Popen(
        ["bash", "-c", f'set +o pipefail; "$@" | head -{lines}', "bash", *command],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=environment,
        start_new_session=True,  # a program left hanging can be ended with the shell
    ) as shell:
        try:
            out, err = shell.communicate(timeout=PROMPTLY)
        except subprocess.TimeoutExpired:
            os.killpg(shell.pid, signal.SIGKILL)
            shell.communicate()
            raise
    return shell.returncode, out.decode(), err.decode()


def expect_quiet_end(err: str, logs: Path) -> None:
    for noise in CLOSED_PIPE_NOISE:
        assert noise not in err, err
    crash_logs = [log.read_text(encoding="utf-8") for log in logs.glob("*.log")]
    assert not any("internal error" in log for log in crash_logs), crash_logs


@pytest.mark.parametrize(
    "arguments",
    [["clauses"], ["clauses", "--json"], ["--help"], ["clauses", "--help"], ["--version"]],
    ids=" ".join,
)
def test_a_command_into_a_closed_pipe_ends_quietly(
    arguments: list[str], data_dir: Path, environment: dict[str, str]
) -> None:
    store = ["--data-dir", str(data_dir)]
    first = subprocess.run(
        [sys.executable, "-m", "vision_desk", *store, "clauses"],
        capture_output=True,
        env=environment,
        timeout=PROMPTLY,
        check=True,
    )
    assert first.stderr == b""
    result = into_closed_pipe([*store, *arguments], environment)
    # 1, as the Python documentation's recipe: the output was cut short, and a script
    # with pipefail should know; not 141, which would say a signal killed us.
    assert result.returncode == 1, result.stderr
    assert result.stderr == b""


def test_clauses_piped_to_head_ends_at_once(data_dir: Path, environment: dict[str, str]) -> None:
    code, out, err = piped_to_head(["--data-dir", str(data_dir), "clauses"], 3, environment)
    assert code == 0, err
    assert len(out.splitlines()) == 3
    assert out.startswith("SV-P1 ")
    expect_quiet_end(err, data_dir / "logs")


@pytest.mark.parametrize("store", ["new", "existing"])
def test_smoke_into_a_closed_pipe_ends_quietly(
    store: str, data_dir: Path, environment: dict[str, str]
) -> None:
    if store == "existing":  # the usual start: first paint straight from the file
        subprocess.run(
            [sys.executable, "-m", "vision_desk", "--data-dir", str(data_dir), "clauses"],
            capture_output=True,
            env=environment,
            timeout=PROMPTLY,
            check=True,
        )
    result = into_closed_pipe(["--data-dir", str(data_dir), "--smoke"], environment)
    err = result.stderr.decode()
    assert result.returncode == 1, err
    expect_quiet_end(err, data_dir / "logs")


def test_smoke_piped_to_head_ends_at_once(data_dir: Path, environment: dict[str, str]) -> None:
    code, out, err = piped_to_head(["--data-dir", str(data_dir), "--smoke"], 1, environment)
    assert code == 0, err
    assert out.startswith("smoke: desk painted with 24 clauses in "), out
    assert len(out.splitlines()) == 1
    expect_quiet_end(err, data_dir / "logs")
