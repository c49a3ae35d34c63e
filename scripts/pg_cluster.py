"""A throwaway PostgreSQL server for the tests; `scripts/dev test` starts and stops it.

    eval "$(python3 scripts/pg_cluster.py start)"
    python3 scripts/pg_cluster.py stop [FOLDER]

``start`` makes a new temporary folder, creates a cluster in it (initdb: superuser
``vision_desk_test``, UTF8, trust for local and 127.0.0.1 connections except for
members of ``vision_desk_password_required``, whose passwords are checked, no sync),
starts it on a free port of 127.0.0.1 only, with its socket, its log (server.log)
and fsync off all inside the folder, waits until it accepts connections
(``pg_ctl -w``) and prints one line for the shell to evaluate::

    export VISION_DESK_TEST_SERVER=postgresql+psycopg://vision_desk_test@127.0.0.1:PORT/postgres VISION_DESK_TEST_CLUSTER=/tmp/vision-desk-pg-...

``stop`` stops that server (``pg_ctl stop -m fast``) and removes the folder: the one
given, else ``$VISION_DESK_TEST_CLUSTER``. It refuses a folder ``start`` did not make.

PostgreSQL refuses to run as root: run as root (CI), the server runs as the system
account ``vision-desk-pg`` (created on first use; no home, no login), through
``runuser``. That account owns nothing else, which matters because anyone who can
reach a trust-authenticated superuser can run programs as the server's account.
Otherwise the server runs as the current user.

The binaries: ``$VISION_DESK_PG_BINDIR`` if set, else the highest Debian version
(/usr/lib/postgresql/*/bin, the ``postgresql`` package), else ``pg_config --bindir``,
else the PATH. Standard library only. A failure prints one sentence and the tail of
the server's log (or of initdb's output), removes the folder and exits with 1.
"""

from __future__ import annotations

import json
import os
import pwd
import re
import shlex
import shutil
import socket
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

SUPERUSER = "vision_desk_test"
PASSWORD_GROUP = "vision_desk_password_required"  # its members' passwords are checked
ACCOUNT = "vision-desk-pg"  # the server's account when this runs as root
OLDEST_MAJOR = 13  # DROP DATABASE ... WITH (FORCE)
STATE = "cluster.json"  # in the folder: what `stop` needs, and proof `start` made it
MARK = "vision-desk pg_cluster"
PORT_TRIES = 3
TIMEOUT = 60  # seconds pg_ctl waits for the server to start or stop
TAIL = 20  # lines of log shown with a failure
USAGE = """usage: eval "$(python3 scripts/pg_cluster.py start)"
       python3 scripts/pg_cluster.py stop [FOLDER]"""


class ClusterError(Exception):
    """One sentence for the developer, and the log lines that explain it."""

    def __init__(self, sentence: str, tail: str = "") -> None:
        super().__init__(sentence)
        self.tail = tail


def _tail(text: str) -> str:
    return "\n".join(text.strip().splitlines()[-TAIL:])


def _log_tail(folder: Path) -> str:
    log = folder / "server.log"
    return _tail(log.read_text(errors="replace")) if log.exists() else ""


def _read_from(path: Path, offset: int) -> str:
    if not path.exists():
        return ""
    with path.open("rb") as opened:
        opened.seek(offset)
        return opened.read().decode(errors="replace")


def _version_key(path: Path) -> tuple[int, ...]:
    # /usr/lib/postgresql/15/bin -> (15,); 9.6 -> (9, 6)
    parts = path.parent.name.split(".")
    return tuple(int(part) for part in parts) if all(p.isdigit() for p in parts) else (-1,)


def find_bindir() -> Path:
    """The folder holding initdb, pg_ctl and postgres."""
    wanted = ("initdb", "pg_ctl", "postgres")

    def complete(folder: Path) -> bool:
        return all(os.access(folder / name, os.X_OK) for name in wanted)

    override = os.environ.get("VISION_DESK_PG_BINDIR")
    if override:
        if complete(Path(override)):
            return Path(override)
        raise ClusterError(f"VISION_DESK_PG_BINDIR={override} lacks initdb, pg_ctl or postgres.")
    candidates = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=_version_key, reverse=True)
    if shutil.which("pg_config"):
        result = subprocess.run(["pg_config", "--bindir"], capture_output=True, text=True)
        if result.returncode == 0 and result.stdout.strip():
            candidates.append(Path(result.stdout.strip()))
    if initdb := shutil.which("initdb"):
        candidates.append(Path(initdb).resolve().parent)
    for folder in candidates:
        if complete(folder):
            return folder
    raise ClusterError(
        "No PostgreSQL server binaries (initdb, pg_ctl, postgres) were found: install "
        "Debian's postgresql package (scripts/dev test does) or set VISION_DESK_PG_BINDIR."
    )


def _major(bindir: Path) -> int:
    result = subprocess.run([str(bindir / "postgres"), "--version"], capture_output=True, text=True)
    found = re.search(r"(\d+)", result.stdout)
    if result.returncode != 0 or not found:
        raise ClusterError(f"{bindir / 'postgres'} --version failed.", _tail(result.stderr))
    return int(found.group(1))


def _account() -> str | None:
    """The account the server runs as: None (the current user) unless we are root."""
    if os.geteuid() != 0:
        return None
    if not shutil.which("runuser"):
        raise ClusterError("runuser (util-linux) is missing: as root it runs the server.")
    try:
        pwd.getpwnam(ACCOUNT)
    except KeyError:
        if not shutil.which("useradd"):
            raise ClusterError(
                f"useradd is missing: as root it makes the account {ACCOUNT}."
            ) from None
        shell = next((s for s in ("/usr/sbin/nologin", "/sbin/nologin") if Path(s).exists()), "")
        result = subprocess.run(
            [
                "useradd",
                "--system",
                "--no-create-home",
                "--home-dir",
                "/nonexistent",
                *(["--shell", shell] if shell else []),
                "--comment",
                "Vision Desk's throwaway test PostgreSQL",
                ACCOUNT,
            ],
            capture_output=True,
            text=True,
        )
        try:
            pwd.getpwnam(ACCOUNT)  # made now, or by a run beside this one
        except KeyError:
            raise ClusterError(
                f"Could not create the system account {ACCOUNT} that runs the server as root.",
                _tail(result.stderr),
            ) from None
    return ACCOUNT


def _as(account: str | None, command: Sequence[str | Path]) -> list[str]:
    argv = [str(part) for part in command]
    return ["runuser", "-u", account, "--", *argv] if account else argv


def _run(
    account: str | None, command: Sequence[str | Path], folder: Path
) -> subprocess.CompletedProcess[str]:
    # No PG* variables from the caller's shell (PGPORT, PGDATA...) reach the tools.
    env = {key: value for key, value in os.environ.items() if not key.startswith("PG")}
    return subprocess.run(
        _as(account, command), cwd=folder, env=env, capture_output=True, text=True
    )


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


def _locale() -> str:
    """C.UTF-8 where the system has it (Unicode upper/lower, as on a real server), else C."""
    try:
        listed = subprocess.run(["locale", "-a"], capture_output=True, text=True).stdout
    except FileNotFoundError:
        return "C"
    names = {line.strip().lower().replace("-", "") for line in listed.splitlines()}
    return "C.UTF-8" if "c.utf8" in names else "C"


def _quoted(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _running_pid(data: Path) -> int | None:
    """The postmaster's pid while it is alive, else None."""
    try:
        pid = int((data / "postmaster.pid").read_text().splitlines()[0])
        os.kill(pid, 0)
    except (FileNotFoundError, IndexError, ValueError, ProcessLookupError):
        return None
    except PermissionError:
        pass  # alive, someone else's
    return pid


def start() -> str:
    """Start a server; returns the shell line that exports its URL and folder."""
    bindir = find_bindir()
    major = _major(bindir)
    if major < OLDEST_MAJOR:
        raise ClusterError(
            f"PostgreSQL {major} in {bindir} is too old: the tests need 13 or newer."
        )
    account = _account()
    folder = Path(tempfile.mkdtemp(prefix="vision-desk-pg-"))
    try:
        return _start_in(folder, bindir, major, account)
    except BaseException:
        _stop_and_remove(folder, quiet=True)
        raise


def _start_in(folder: Path, bindir: Path, major: int, account: str | None) -> str:
    data = folder / "data"
    (folder / STATE).write_text(
        json.dumps({"made_by": MARK, "bindir": str(bindir), "account": account})
    )
    if account:
        entry = pwd.getpwnam(account)
        os.chown(folder, entry.pw_uid, entry.pw_gid)
        if _run(account, ["test", "-w", folder, "-a", "-x", folder], folder).returncode != 0:
            raise ClusterError(
                f"The account {account} cannot reach {folder}: set TMPDIR to a folder every "
                "account can traverse, such as /tmp."
            )
    initdb = _run(
        account,
        [
            bindir / "initdb",
            "-D",
            data,
            "-U",
            SUPERUSER,
            "--auth=trust",
            "--encoding=UTF8",
            f"--locale={_locale()}",
            "--no-sync",
        ],
        folder,
    )
    if initdb.returncode != 0:
        raise ClusterError(
            "initdb failed to create the test cluster.", _tail(initdb.stdout + initdb.stderr)
        )
    # Members of PASSWORD_GROUP sign in with a password (SCRAM), so that the tests
    # can prove what libpq's own means (~/.pgpass, a service file) do; every other
    # role is trusted, as above. The first matching line wins: these come first.
    hba = data / "pg_hba.conf"
    hba.write_text(
        f"local all +{PASSWORD_GROUP} scram-sha-256\n"
        f"host all +{PASSWORD_GROUP} 127.0.0.1/32 scram-sha-256\n" + hba.read_text()
    )
    with (data / "postgresql.conf").open("a") as conf:
        conf.write(
            "\n# scripts/pg_cluster.py: throwaway, loopback only, nothing kept\n"
            "listen_addresses = '127.0.0.1'\n"
            f"unix_socket_directories = {_quoted(str(folder))}\n"
            "fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n"
            # The checked passwords are SCRAM (PostgreSQL 13 still defaults to md5).
            "password_encryption = 'scram-sha-256'\n"
        )
    log_file = folder / "server.log"
    for _ in range(PORT_TRIES):
        port = _free_port()
        seen = log_file.stat().st_size if log_file.exists() else 0
        started = _run(
            account,
            [
                *(bindir / "pg_ctl", "start", "-D", data, "-l", log_file),
                *("-w", "-t", str(TIMEOUT), "-o", f"-p {port}"),
            ],
            folder,
        )
        if started.returncode == 0:
            break
        this_try = _read_from(log_file, seen)  # this try's lines only
        if "could not bind" not in this_try and "could not create any TCP/IP" not in this_try:
            raise ClusterError(
                "The test PostgreSQL server did not start.", _tail(this_try + started.stderr)
            )
    else:
        raise ClusterError(
            f"The test PostgreSQL server found no free port on 127.0.0.1 in {PORT_TRIES} tries.",
            _log_tail(folder),
        )
    url = f"postgresql+psycopg://{SUPERUSER}@127.0.0.1:{port}/postgres"
    print(f"pg_cluster: PostgreSQL {major} on 127.0.0.1:{port} in {folder}", file=sys.stderr)
    return (
        f"export VISION_DESK_TEST_SERVER={shlex.quote(url)} "
        f"VISION_DESK_TEST_CLUSTER={shlex.quote(str(folder))}"
    )


def _stop_and_remove(folder: Path, quiet: bool = False) -> None:
    try:
        state = json.loads((folder / STATE).read_text())
    except (OSError, ValueError):
        state = {}
    if state.get("made_by") != MARK:
        if quiet:
            return
        raise ClusterError(f"{folder} is not a cluster folder made by pg_cluster.py start.")
    data = folder / "data"
    account = state.get("account")
    if _running_pid(data) is not None:
        pg_ctl = Path(state["bindir"]) / "pg_ctl"
        for mode in ("fast", "immediate"):
            _run(
                account, [pg_ctl, "stop", "-D", data, "-m", mode, "-w", "-t", str(TIMEOUT)], folder
            )
            if _running_pid(data) is None:
                break
        else:
            if quiet:
                return
            raise ClusterError(
                f"The test PostgreSQL server in {folder} did not stop; its folder is kept.",
                _log_tail(folder),
            )
    shutil.rmtree(folder)


def stop(folder_name: str | None) -> None:
    folder_name = folder_name or os.environ.get("VISION_DESK_TEST_CLUSTER")
    if not folder_name:
        raise ClusterError("Which cluster? Give its folder or set VISION_DESK_TEST_CLUSTER.")
    folder = Path(folder_name)
    if not folder.exists():
        print(f"pg_cluster: {folder} is already gone", file=sys.stderr)
        return
    _stop_and_remove(folder)


def main(argv: Sequence[str]) -> int:
    if not argv or argv[0] not in {"start", "stop"} or len(argv) > (1 if argv[0] == "start" else 2):
        print(USAGE, file=sys.stderr)
        return 2
    try:
        if argv[0] == "start":
            print(start())
        else:
            stop(argv[1] if len(argv) > 1 else None)
    except ClusterError as error:
        print(f"pg_cluster: {error}", file=sys.stderr)
        if error.tail:
            print(error.tail, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
