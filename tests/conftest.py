"""Shared fixtures: a temporary store with the Shared Vision, a fixed clock, and a
way to run the real command line as a user does."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# The PostgreSQL fixtures (server_url, server_database) for the team-desk tests.
pytest_plugins = ["server_fixtures"]

REPO = Path(__file__).resolve().parent.parent
SHARED_VISION = REPO / "resources" / "agreements" / "shared-vision.toml"


class FixedClock:
    """A clock the test moves by hand, so times in history are predictable."""

    def __init__(self, start: dt.datetime | None = None) -> None:
        self.now = start or dt.datetime(2021, 1, 10, 9, 0, tzinfo=dt.UTC)

    def __call__(self) -> dt.datetime:
        self.now += dt.timedelta(seconds=1)
        return self.now


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock()


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def opened(data_dir: Path, clock: FixedClock) -> Iterator[object]:
    """A desk on a fresh store in a temporary folder, the Shared Vision loaded."""
    from vision_desk import app

    result = app.open_desk(str(data_dir), author="Test Officer")
    result.desk.clock = clock
    yield result
    result.close()


@pytest.fixture
def desk(opened: object):  # type: ignore[no-untyped-def]
    return opened.desk  # type: ignore[attr-defined]


@pytest.fixture
def close_two_rounds(desk):  # type: ignore[no-untyped-def]
    """Close two rounds on the test store when the test says so: "December" (as of
    1 December 2020: SV-P1 upheld, SV-C5 initiated), then "January" (as of 10
    January 2021: SV-P1 strained, SV-C5 advanced). Returns their ``Rounds``."""

    def close():  # type: ignore[no-untyped-def]
        from vision_desk.domain.status import Status
        from vision_desk.services.rounds import Rounds

        rounds = Rounds(desk)
        for title, as_of, principle, commitment in (
            ("December", dt.date(2020, 12, 1), Status.UPHELD, Status.INITIATED),
            ("January", dt.date(2021, 1, 10), Status.STRAINED, Status.ADVANCED),
        ):
            rounds.open(title, as_of)
            desk.set_status("SV-P1", principle)
            desk.set_status("SV-C5", commitment)
            rounds.close()
        return rounds

    return close


@dataclass
class CliResult:
    code: int
    out: str
    err: str


@pytest.fixture
def cli(data_dir: Path):  # type: ignore[no-untyped-def]
    """Run ``vision-desk --data-dir DATA ARGS`` in a child process, as a user would."""

    def run(*args: str, stdin: str | None = None, data: Path | None = None) -> CliResult:
        env = {**os.environ, "VISION_DESK_AUTHOR": "cli-officer"}
        env.pop("VISION_DESK_DATA_DIR", None)
        completed = subprocess.run(
            [sys.executable, "-m", "vision_desk", "--data-dir", str(data or data_dir), *args],
            input=stdin,
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
        )
        return CliResult(completed.returncode, completed.stdout, completed.stderr)

    return run


# -- no network ---------------------------------------------------------------------
# Vision Desk never opens a network connection (reliability.md, promise 7): the whole
# suite runs with Internet sockets blocked in this process. An audit hook sees every
# connect, send-to and name lookup the socket module makes, whatever library makes
# it; loopback and Unix sockets stay allowed (Qt's local server, a test's own pair).
# tests/reliability/test_offline.py proves the guard is on, and runs the program
# itself in a namespace with no network where one can be made.

import ipaddress  # noqa: E402
import socket  # noqa: E402


class NetworkBlockedError(RuntimeError):
    """Raised by the guard when code under test reaches for the network."""


_NETWORK_GUARD = {"on": False}
_LOCAL_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback"}


def _is_local(host: object) -> bool:
    if host is None:
        return True  # getaddrinfo(None, port): the local wildcard address
    if isinstance(host, bytes):
        host = host.decode("ascii", "replace")
    if not isinstance(host, str):
        return False
    name = host.strip("[]").split("%", 1)[0].rstrip(".").lower()
    if name in _LOCAL_NAMES or name == "":
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def _network_guard(event: str, args: tuple[object, ...]) -> None:
    if not _NETWORK_GUARD["on"]:
        return
    if event in ("socket.connect", "socket.sendto", "socket.sendmsg"):
        sock, address = args[0], args[1]
        family = getattr(sock, "family", None)
        inet = family in (socket.AF_INET, socket.AF_INET6) and isinstance(address, tuple)
        if inet and not _is_local(address[0]):  # type: ignore[index]
            raise NetworkBlockedError(f"network is blocked in tests: {event} {address!r}")
    elif event in ("socket.getaddrinfo", "socket.gethostbyname", "socket.gethostbyname_ex"):
        if not _is_local(args[0]):
            raise NetworkBlockedError(f"network is blocked in tests: {event} {args[0]!r}")
    elif event in ("socket.gethostbyaddr", "socket.getnameinfo"):
        address = args[0]
        host = address[0] if isinstance(address, tuple) else address
        if not _is_local(host):
            raise NetworkBlockedError(f"network is blocked in tests: {event} {host!r}")


sys.addaudithook(_network_guard)  # audit hooks cannot be removed; the flag switches it


@pytest.fixture(autouse=True, scope="session")
def no_network() -> Iterator[None]:
    _NETWORK_GUARD["on"] = True
    try:
        yield
    finally:
        _NETWORK_GUARD["on"] = False


@pytest.fixture
def network_blocked_error() -> type[Exception]:
    """The guard's error type, for the test that proves the guard is on."""
    return NetworkBlockedError
