"""Strictly offline (reliability.md 7). Every test in the suite runs with Internet
sockets blocked in-process by the guard in tests/conftest.py; this file proves the
guard is on, and runs a whole session of the program in a network namespace with
no network at all (``unshare -n``) where the system allows one."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from reliability_support import REPO, child_environment


def test_the_network_guard_is_on(network_blocked_error: type[Exception]) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(0.5)
        with pytest.raises(network_blocked_error, match="network is blocked"):
            sock.connect(("203.0.113.1", 9))  # TEST-NET-3: never routable
    with (
        socket.socket(socket.AF_INET6, socket.SOCK_DGRAM) as sock,
        pytest.raises(network_blocked_error),
    ):
        sock.sendto(b"x", ("2001:db8::1", 9))
    with pytest.raises(network_blocked_error):
        socket.getaddrinfo("example.org", 443)
    with pytest.raises(network_blocked_error):
        socket.create_connection(("198.51.100.7", 80), timeout=0.5)


def test_loopback_and_local_sockets_stay_allowed() -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as server:
        server.bind(("127.0.0.1", 0))
        server.listen(1)
        with socket.create_connection(server.getsockname(), timeout=2) as client:
            accepted, _ = server.accept()
            with accepted:
                client.sendall(b"ping")
                assert accepted.recv(4) == b"ping"
    assert socket.getaddrinfo("localhost", 80)
    left, right = socket.socketpair()
    with left, right:
        left.sendall(b"ok")
        assert right.recv(2) == b"ok"


# -- the program in a namespace with no network -------------------------------------------

SESSION = r"""
import contextlib, io, json, socket, subprocess, sys

data, river, out = sys.argv[1], sys.argv[2], sys.argv[3]
try:
    socket.create_connection(("203.0.113.1", 9), timeout=2).close()
    reachable = True
except OSError:
    reachable = False
# The program's own entry point, as the installed script runs it...
first = subprocess.run(
    [sys.executable, "-m", "vision_desk", "--data-dir", data, "clauses"],
    capture_output=True, text=True, timeout=120,
)
results = [{"command": ["clauses"], "code": first.returncode, "err": first.stderr}]
# ...then every command without a memo, through the same entry point in this
# process (one start-up instead of one a command).
from vision_desk.main import main

commands = [
    ["paths", "--json"],
    ["set", "SV-C1", "advanced", "--note", "Offline and fine."],
    ["note", "SV-C2", "A second note."],
    ["show", "SV-C1", "--json"],
    ["history", "SV-C1"],
    ["undo"],
    ["redo"],
    ["import", river],
    ["clauses", "--agreement", "river-accord", "--json"],
    ["cadence", "SV-C1", "30", "--agreement", "shared-vision"],
    ["round", "open", "Offline round", "--as-of", "2021-01-10"],
    ["round", "close"],
    ["round", "list"],
    ["due", "--json"],
    ["export", "--format", "json", "--out", out + ".json"],
    ["export", "--format", "csv", "--out", out + ".csv"],
    ["backup"],
    ["check"],
    ["delete-note", "2"],
]
for command in commands:
    stdout, stderr = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
        code = main(["--data-dir", data, *command])
    results.append({"command": command, "code": code, "err": stderr.getvalue()})
print(json.dumps({"reachable": reachable, "results": results}))
"""


def _namespace_prefix() -> list[str]:
    """``unshare -n`` (as root) or ``unshare -rn`` (a user namespace), whichever the
    system permits; skips with the reason when neither is."""
    if not sys.platform.startswith("linux"):
        pytest.skip("network namespaces are Linux's")
    if shutil.which("unshare") is None:
        if os.environ.get("CI") == "true":
            pytest.fail("CI runs on Linux with util-linux: unshare should be there")
        pytest.skip("unshare is not installed")
    reasons = []
    for prefix in (["unshare", "-n"], ["unshare", "-rn"]):
        probe = subprocess.run(
            [*prefix, "true"], capture_output=True, text=True, timeout=30, check=False
        )
        if probe.returncode == 0:
            return prefix
        reasons.append(f"{' '.join(prefix)}: {probe.stderr.strip() or probe.returncode}")
    pytest.skip("no network namespace is permitted here (" + "; ".join(reasons) + ")")


@pytest.mark.slow
def test_a_whole_session_runs_with_no_network_at_all(tmp_path: Path) -> None:
    prefix = _namespace_prefix()
    river_source = (REPO / "docs" / "agreement-format.md").read_text(encoding="utf-8")
    river = tmp_path / "river.toml"
    river.write_text(
        river_source.split("## A complete example", 1)[1].split("```toml\n", 1)[1].split("```")[0],
        encoding="utf-8",
    )
    data = tmp_path / "data"
    done = subprocess.run(
        [*prefix, sys.executable, "-c", SESSION, str(data), str(river), str(tmp_path / "out")],
        capture_output=True,
        text=True,
        env=child_environment(tmp_path),
        cwd=REPO,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    session = json.loads(done.stdout)
    assert session["reachable"] is False, "the namespace should have no network"
    for result in session["results"]:
        assert result["code"] == 0, f"{result['command']}: {result['err']}"
        assert result["err"] == "", f"{result['command']}: {result['err']}"
    assert (tmp_path / "out.json").exists() and (tmp_path / "out.csv").exists()
