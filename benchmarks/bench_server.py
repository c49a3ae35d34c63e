"""How fast a team desk on PostgreSQL answers its officers, over loopback.

The issue's goals, on an agreement of 5,000 clauses with 50,000 notes: a status
change under 15 ms at p95; the board under 100 ms; 20 officer processes making 100
changes each at once, none lost, throughput and p95 reported; a change visible in
another open desk within 1 s at p95.

It starts its own throwaway PostgreSQL server (``scripts/pg_cluster.py start``,
stopped at the end whatever happens), or, with ``--server URL`` (a superuser),
makes a fresh database there and drops it after. Then:

1. builds the desk: ``app.init_server`` (the Shared Vision), a generated agreement
   (``generate.agreement_toml``) imported by a director through
   ``transfer.import_agreement``, and, as a bulk fixture written by the superuser,
   statuses on most clauses and the notes with their history rows (the rows the
   desk's own actions leave, as ``generate.fill_store`` writes them on a file);
2. times ``Desk.set_status`` with ``expected_version`` as an officer (its own login
   role, granted ``officer``), beside a round trip to the server and the version read;
3. times ``Desk.board`` on a new ``app.open_server_desk`` (cold) and again (warm);
4. starts officer processes (each its own login) that make their changes at once,
   a refused change read again and retried until accepted, while another process
   watches as an open desk does; then checks in the history that nothing was lost
   or written over, and that the watching desk ended up showing what the server holds;
5. makes changes one at a time while another process looks as the desk does
   (``read_elsewhere`` every 500 ms, ``vision_desk/ui/live_watch.py``) and records
   when each one shows.

It prints a Markdown table (median, p95, goal, verdict, CPU) with the machine it ran
on and writes it to benchmarks/results-server.md.

    .venv/bin/python benchmarks/bench_server.py [--server URL] [--repeat R] ...
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import math
import os
import platform
import random
import secrets
import select
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager, suppress
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

import generate
from bench_store import code_version, cpu_model, load_average
from measure import MS, Measurement, heading

if TYPE_CHECKING:
    from vision_desk.services.desk import Desk

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DEFAULT_OUTPUT = HERE / "results-server.md"
PG_CLUSTER = ROOT / "scripts" / "pg_cluster.py"
# The tests' helpers for a server: a fresh database, login roles, psycopg's URLs.
sys.path.insert(0, str(ROOT / "tests"))

from server_fixtures import fresh_database, libpq_url, make_role  # noqa: E402

GOAL_STATUS_MS = 15.0
GOAL_BOARD_MS = 100.0
GOAL_VISIBLE_MS = 1000.0
# Runs per figure when --repeat is not given (the numbers).
STATUS_RUNS, STATUS_WARMUP = 100, 5
# Desks started, each in its own process, for the first status change after start.
FIRST_CHANGES = 10
BOARD_RUNS, BOARD_WARMUP = 20, 2
VISIBLE_CHANGES = 30
# The visibility writer waits this long (uniform) between changes, so that they fall
# at every point of the watcher's half-second cycle rather than in step with it.
VISIBLE_GAP_S = (0.6, 1.4)
# A change that fails for another reason than a refusal (a deadlock, a dropped
# connection) is retried too, but a process that meets this many stops.
MAX_FAILURES = 50


# -- the server -----------------------------------------------------------------------


@contextmanager
def throwaway_server() -> Iterator[tuple[str, str]]:
    """A PostgreSQL server of our own (``scripts/pg_cluster.py``): its superuser URL
    and folder; stopped and removed on leaving, whatever happened."""
    started = subprocess.run(
        [sys.executable, str(PG_CLUSTER), "start"], capture_output=True, text=True, cwd=ROOT
    )
    if started.returncode != 0:
        raise SystemExit(f"Could not start a PostgreSQL server:\n{started.stderr.strip()}")
    # One line: export VISION_DESK_TEST_SERVER=... VISION_DESK_TEST_CLUSTER=...
    exported = dict(
        word.split("=", 1) for word in shlex.split(started.stdout.strip())[1:] if "=" in word
    )
    folder = exported["VISION_DESK_TEST_CLUSTER"]
    try:
        yield exported["VISION_DESK_TEST_SERVER"], folder
    finally:
        stopped = subprocess.run(
            [sys.executable, str(PG_CLUSTER), "stop", folder],
            capture_output=True,
            text=True,
            cwd=ROOT,
        )
        if stopped.returncode != 0:
            print(f"pg_cluster stop failed: {stopped.stderr.strip()}", file=sys.stderr)


def admin_query(url: str, query: str, params: tuple[object, ...] = ()) -> list[tuple[Any, ...]]:
    """Rows of one statement run by the superuser on ``url``'s database."""
    import psycopg

    with psycopg.connect(libpq_url(url), autocommit=True) as connection:
        cursor = connection.execute(query, params)
        return cursor.fetchall() if cursor.description else []


def drop_roles(server_url: str, roles: list[str]) -> None:
    """Roles belong to the whole server, not the database: on a server of someone
    else's (``--server``) the ones this run made must not outlive it. Dropped in the
    reverse of ``roles``."""
    import psycopg
    from psycopg import sql

    with psycopg.connect(libpq_url(server_url, "postgres"), autocommit=True) as connection:
        for role in reversed(roles):
            with suppress(psycopg.Error):
                connection.execute(sql.SQL("DROP ROLE IF EXISTS {}").format(sql.Identifier(role)))


def database_name(url: str) -> str:
    from sqlalchemy.engine import make_url

    return str(make_url(url).database)


def on_this_machine(url: str) -> bool:
    """Whether the server's processes are ours to read in /proc."""
    from sqlalchemy.engine import make_url

    host = make_url(url).host
    return host in (None, "", "127.0.0.1", "localhost", "::1") or str(host).startswith("/")


def cpu_of(pids: list[int]) -> dict[int, float]:
    """Seconds each process has run on a CPU (``/proc/PID/schedstat``: nanoseconds,
    not the 10 ms ticks of ``stat``); the processes that cannot be read are left out."""
    seconds: dict[int, float] = {}
    for pid in pids:
        with suppress(OSError, ValueError, IndexError):
            seconds[pid] = int(Path(f"/proc/{pid}/schedstat").read_text().split()[0]) / 1e9
    return seconds


def cpu_between(before: dict[int, float], after: dict[int, float]) -> float:
    return sum(after[pid] - before[pid] for pid in before.keys() & after.keys())


def backend_pids(desk: Desk) -> list[int]:
    """The server process behind the desk's pooled connection (a desk used from one
    thread holds one)."""
    from sqlalchemy import text

    engine = desk.store.engine
    with engine.connect() as connection:
        return [int(connection.execute(text("SELECT pg_backend_pid()")).scalar_one())]


# -- the desk -------------------------------------------------------------------------


@dataclass
class Logins:
    """The login roles this run made, and their URLs on the desk's database."""

    prefix: str
    made: list[str] = field(default_factory=list)
    urls: dict[str, str] = field(default_factory=dict)

    def officer(self, database_url: str, name: str, desk_role: str = "officer") -> str:
        from vision_desk import app

        login = f"{self.prefix}_{name}"
        self.made.append(login)
        self.urls[login] = make_role(database_url, login)
        app.grant_on_server(database_url, login, desk_role)
        return login


@dataclass
class Built:
    clauses: int
    statuses: int
    notes: int
    changes: int
    seconds: dict[str, float]
    toml_bytes: int
    database_bytes: int

    def describe(self) -> str:
        took = ", ".join(f"{what} {seconds:.1f} s" for what, seconds in self.seconds.items())
        return (
            f"{self.clauses:,} clauses ({self.toml_bytes / 1e6:.1f} MB agreement file), "
            f"{self.statuses:,} statuses, {self.notes:,} notes, {self.changes:,} history rows; "
            f"database {self.database_bytes / 1e6:.0f} MB. Took {took}"
        )


def build_desk(
    database_url: str, logins: Logins, folder: Path, clauses: int, notes: int, seed: int
) -> Built:
    """The big desk: made the program's way up to the agreement, then the officers'
    past work as a bulk fixture."""
    from vision_desk import app
    from vision_desk.services import transfer

    seconds: dict[str, float] = {}
    started = time.perf_counter()
    app.init_server(database_url)
    seconds["server init (migrations, Shared Vision)"] = time.perf_counter() - started

    toml_path = generate.write_agreement(folder / f"{generate.AGREEMENT_ID}.toml", clauses, seed)
    director = logins.officer(database_url, "director", "director")
    started = time.perf_counter()
    opened = app.open_server_desk(logins.urls[director], str(folder / "director"))
    try:
        transfer.import_agreement(opened.desk, toml_path, backup=False)
        # The desk's current agreement: every desk opened later starts on it.
        opened.desk.use_agreement(generate.AGREEMENT_ID)
        stored = opened.desk.stored(generate.AGREEMENT_ID)
    finally:
        opened.close()
    seconds["import by a director"] = time.perf_counter() - started

    started = time.perf_counter()
    statuses, written, changes = fill_review(database_url, stored, notes, seed)
    seconds["bulk fill"] = time.perf_counter() - started
    started = time.perf_counter()
    # What autovacuum does to a desk in use: statistics for the planner, and the
    # visibility map for index-only scans. Without it a fresh bulk load is read slower
    # than a desk that grew over months.
    admin_query(database_url, "VACUUM ANALYZE")
    seconds["VACUUM ANALYZE"] = time.perf_counter() - started
    size = admin_query(database_url, "SELECT pg_database_size(current_database())")[0][0]
    return Built(
        len(stored.agreement.clauses),
        statuses,
        written,
        changes,
        seconds,
        toml_path.stat().st_size,
        int(size),
    )


def fill_review(database_url: str, stored: Any, notes: int, seed: int) -> tuple[int, int, int]:
    """Statuses on most clauses and ``notes`` notes, with the history rows and journal
    entries the desk's actions leave, in one transaction of bulk inserts by the
    superuser: the same events ``generate.fill_store`` writes into a file (a fifth of
    the clauses without notes, a few with a thousand or more; 3 % edited, 1 % deleted).
    The server's signing triggers put the superuser's login on every row: the desk
    reads those rows like any others. Calling ``Desk.add_note`` per note would cost a
    round trip and a commit each."""
    from sqlalchemy import func, insert, select, text

    from vision_desk.services import journal
    from vision_desk.storage import review as review_store
    from vision_desk.storage.models import (
        ChangeRow,
        ClauseStateRow,
        NoteRevisionRow,
        NoteRow,
        OperationRow,
    )
    from vision_desk.storage.server_store import ServerStore

    rng = random.Random(seed + 1)
    all_clauses = stored.agreement.clauses
    origin = dt.datetime.combine(generate.AGREEMENT_DATE, dt.time(9), dt.UTC)
    span = (generate.AS_OF - generate.AGREEMENT_DATE).days * 86_400
    weights = [0.0 if rng.random() < 0.2 else rng.paretovariate(1.2) for _ in all_clauses]
    note_positions = rng.choices(range(len(all_clauses)), weights, k=notes)
    status_positions = [i for i in range(len(all_clauses)) if rng.random() < generate.STATUS_SHARE]
    events = [(rng.random() * span, "status", i) for i in status_positions]
    events += [(rng.random() * span, "note", i) for i in note_positions]
    events.sort()

    store = ServerStore.open(database_url)
    try:
        with store.write() as session:
            # Notes get their ids here, so that their history rows can name them; the
            # sequence is moved past them afterwards (an explicit id does not move it).
            note_id = session.scalar(select(func.max(NoteRow.id))) or 0
            rows = _review_rows(events, all_clauses, stored.clause_ids, origin, note_id, rng)
            for model, batch in zip(
                (ClauseStateRow, NoteRow, NoteRevisionRow, ChangeRow, OperationRow),
                rows,
                strict=True,
            ):
                if batch:
                    session.execute(insert(model), batch)
            review_store.trim_journal(session, journal.UNDO_DEPTH)
            session.execute(
                text(
                    "SELECT setval(pg_get_serial_sequence('notes', 'id'), "
                    "(SELECT coalesce(max(id), 1) FROM notes))"
                )
            )
    finally:
        store.close()
    states, note_rows, _revisions, change_rows, _operations = rows
    return len(states), len(note_rows), len(change_rows)


def _review_rows(
    events: list[tuple[float, str, int]],
    all_clauses: Any,
    clause_ids: dict[str, int],
    origin: dt.datetime,
    note_id: int,
    rng: random.Random,
) -> tuple[list[dict[str, object]], ...]:
    """The rows of the officers' past work, in time order (as generate.fill_store)."""
    from vision_desk.domain.review import ChangeKind
    from vision_desk.services import journal
    from vision_desk.storage import review as review_store

    states: dict[int, dict[str, object]] = {}
    notes: list[dict[str, object]] = []
    revisions: list[dict[str, object]] = []
    changes: list[dict[str, object]] = []
    operations: list[dict[str, object]] = []
    for seconds, kind, position in events:
        at = origin + dt.timedelta(seconds=seconds)
        clause = all_clauses[position]
        clause_id = clause_ids[clause.ref]
        if kind == "status":
            new = generate._random_status(rng, clause.kind.value)
            before = str(states.get(clause_id, {}).get("status", "not_assessed"))
            states[clause_id] = {
                "clause_id": clause_id,
                "status": new,
                "changed_at": at,
                "changed_by": generate.AUTHOR,
            }
            changes.append(generate._change(clause_id, at, ChangeKind.STATUS, before, new))
            payload = {"before": before, "after": new, "note_id": None}
            operations.append(generate._operation(clause_id, at, journal.SET_STATUS, payload))
            continue
        note_id += 1
        text = generate.note_text(rng)
        row: dict[str, object] = {
            "id": note_id,
            "clause_id": clause_id,
            "author": generate.AUTHOR,
            "created_at": at,
            "text": text,
            "edited_at": None,
            "removed": None,
            "removed_at": None,
        }
        notes.append(row)
        changes.append(generate._change(clause_id, at, ChangeKind.NOTE_ADDED, None, str(note_id)))
        operations.append(
            generate._operation(clause_id, at, journal.ADD_NOTE, {"note_id": note_id})
        )
        roll = rng.random()
        later = at + dt.timedelta(hours=rng.randint(1, 500))
        if roll < 0.03:  # edited once: the old wording kept as a revision
            revisions.append(
                {
                    "note_id": note_id,
                    "text": text,
                    "replaced_at": later,
                    "replaced_by": generate.AUTHOR,
                }
            )
            row["text"], row["edited_at"] = generate.note_text(rng), later
            changes.append(
                generate._change(
                    clause_id, later, ChangeKind.NOTE_EDITED, str(note_id), str(note_id)
                )
            )
        elif roll < 0.04:  # deleted for good: words scrubbed, row kept
            row["text"], row["removed"], row["removed_at"] = "", review_store.DELETED, later
            changes.append(
                generate._change(clause_id, later, ChangeKind.NOTE_DELETED, str(note_id), None)
            )
    return list(states.values()), notes, revisions, changes, operations


# -- measuring in this process ----------------------------------------------------------


def percentile_ms(samples: list[float], share: float = 0.95) -> float:
    """Nearest rank, as ``Measurement.p95_ms``."""
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)] * MS


@dataclass
class Runs:
    """Samples of one figure, and the server's CPU over its timed runs."""

    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    server_cpu: float | None = None

    def measurement(self, name: str, goal_ms: float | None) -> Measurement:
        detail = ""
        if self.server_cpu is not None and self.wall:
            detail = f"server {self.server_cpu / len(self.wall) * MS:.2f} ms CPU a run (mean)"
        return Measurement(name, self.wall, goal_ms, cpu_samples=self.cpu, detail=detail)


def timed(run: Callable[[], object], into: Runs, server: list[int] | None = None) -> object:
    """One timed call: wall and this process's CPU, and (``server``: its backends)
    the server's CPU over the same span, read from /proc outside the timed span."""
    before = cpu_of(server) if server else {}
    cpu_started = time.process_time()
    started = time.perf_counter()
    result = run()
    elapsed = time.perf_counter() - started
    cpu = time.process_time() - cpu_started
    if server:
        spent = cpu_between(before, cpu_of(server))
        into.server_cpu = (into.server_cpu or 0.0) + spent
    into.wall.append(elapsed)
    into.cpu.append(cpu)
    return result


def pick_status(rng: random.Random, clause: Any, current: Any) -> Any:
    """A status on the clause's own scale other than the one it has (every call a
    real change), never "not assessed"."""
    from vision_desk.domain.status import Status, scale_for

    choices = [s for s in scale_for(clause.kind) if s not in (current, Status.NOT_ASSESSED)]
    return rng.choice(choices)


def measure_round_trip(url: str, repeat: int) -> Runs:
    """The floor every call pays: ``SELECT 1`` on a plain psycopg connection as the
    officer, one round trip over loopback."""
    import psycopg

    runs = Runs()
    with psycopg.connect(libpq_url(url), autocommit=True) as connection:
        for index in range(repeat + STATUS_WARMUP):
            scratch = Runs()
            timed(lambda: connection.execute("SELECT 1").fetchone(), scratch)
            if index >= STATUS_WARMUP:
                runs.wall += scratch.wall
                runs.cpu += scratch.cpu
    return runs


def measure_status_changes(
    desk: Desk, repeat: int, warmup: int, rng: random.Random, local: bool
) -> tuple[Runs, Runs]:
    """``set_status`` with ``expected_version`` on random commitments; the version is
    read first, untimed for the change (and timed on its own, as the second figure)."""
    from vision_desk.domain.agreement import ClauseKind

    stored = desk.stored(generate.AGREEMENT_ID)
    commitments = [c for c in stored.agreement.clauses if c.kind is ClauseKind.COMMITMENT]
    changes, reads = Runs(), Runs()
    server = backend_pids(desk) if local else None
    for index in range(warmup + repeat):
        clause = rng.choice(commitments)
        into = (changes, reads) if index >= warmup else (Runs(), Runs())
        state: Any = timed(partial(desk.state, clause.ref, generate.AGREEMENT_ID), into[1])
        status = pick_status(rng, clause, state.status)
        change = partial(
            desk.set_status,
            clause.ref,
            status,
            agreement_id=generate.AGREEMENT_ID,
            expected_version=state.version,
        )
        timed(change, into[0], server)
    return changes, reads


def listing(desk: Desk, as_of: dt.date) -> int:
    """The board and what a list shows of each row (flags are computed per row), as
    bench_store.py times it."""
    board = desk.board(as_of, generate.AGREEMENT_ID)
    shown = [
        (row.clause.ref, row.status, row.score, row.flags, row.days_left, row.note_count)
        for row in board.rows
    ]
    return len(shown)


@dataclass
class BoardRuns:
    opening: Runs = field(default_factory=Runs)
    cold: Runs = field(default_factory=Runs)
    warm: Runs = field(default_factory=Runs)

    def together(self) -> Runs:
        """Open and first board: what an officer waits for after starting."""
        return Runs(
            [a + b for a, b in zip(self.opening.wall, self.cold.wall, strict=True)],
            [a + b for a, b in zip(self.opening.cpu, self.cold.cpu, strict=True)],
        )


def measure_boards(
    url: str, folder: Path, warm_desk: Desk, as_of: dt.date, repeat: int, local: bool
) -> BoardRuns:
    """Cold: a new ``open_server_desk`` (it connects, checks the schema and reads the
    current agreement), then its first board. Warm: the board again on an open desk."""
    from vision_desk import app

    runs = BoardRuns()
    for index in range(BOARD_WARMUP + repeat):
        into = runs if index >= BOARD_WARMUP else BoardRuns()
        gc.collect()
        opened: Any = timed(lambda: app.open_server_desk(url, str(folder)), into.opening)
        try:
            server = backend_pids(opened.desk) if local else None
            timed(partial(listing, opened.desk, as_of), into.cold, server)
        finally:
            opened.close()
    server = backend_pids(warm_desk) if local else None
    for index in range(BOARD_WARMUP + repeat):
        into = runs if index >= BOARD_WARMUP else BoardRuns()
        timed(lambda: listing(warm_desk, as_of), into.warm, server)
    return runs


# -- other processes ---------------------------------------------------------------------


class Child:
    """Another process running this script as an officer or a watching desk. It says
    ``ready`` on a line once its desk is open, takes orders on its stdin, and ends
    with its result as one JSON line."""

    def __init__(self, spec: dict[str, Any]) -> None:
        self.spec = spec
        self.process = subprocess.Popen(
            [sys.executable, str(Path(__file__).resolve()), "--child", json.dumps(spec)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            cwd=ROOT,
        )

    def line(self) -> str:
        assert self.process.stdout is not None
        text = self.process.stdout.readline()
        if not text:
            code = self.process.wait()
            raise RuntimeError(f"{self.spec['role']} process ended ({code}) without answering")
        return text.strip()

    def expect_ready(self) -> None:
        answer = self.line()
        if answer != "ready":
            raise RuntimeError(f"{self.spec['role']} process said {answer!r}")

    def send(self, text: str) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(text + "\n")
        self.process.stdin.flush()

    def result(self) -> dict[str, Any]:
        found: dict[str, Any] = json.loads(self.line())
        return found

    def finish(self) -> None:
        """Let it close its desk and end; a process that does not is ended."""
        with suppress(BrokenPipeError):
            self.send("exit")
        try:
            self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


@contextmanager
def children() -> Iterator[list[Child]]:
    """Every process started inside ends with the block, an error or not."""
    started: list[Child] = []
    try:
        yield started
    finally:
        for child in started:
            if child.process.poll() is None:
                child.process.kill()
                child.process.wait()


@dataclass
class Crowd:
    """What the officer processes did, together."""

    officers: int
    changes: int
    wall_s: float
    latencies: list[float]
    cpus: list[float]
    whole: list[float]  # from the first read to the change accepted, retries included
    refused: int
    failures: Counter[str]
    client_cpu_s: float
    server_cpu_s: float | None
    accepted: dict[str, list[list[str]]]  # login -> [ref, status] in the order accepted
    made: list[tuple[str, str, float]]  # every accepted change: clause, status, made at
    watcher: dict[str, Any]

    def visibility(self) -> Visibility:
        """How soon the desk watching during the run showed the crowd's changes."""
        delays, unseen = shown_after(self.made, self.watcher["seen"])
        return Visibility(delays, unseen, self.watcher["looks"], self.watcher["look_ms"])

    @property
    def throughput(self) -> float:
        return sum(len(done) for done in self.accepted.values()) / self.wall_s


def run_crowd(
    database_url: str,
    logins: Logins,
    folder: Path,
    size: tuple[int, int],
    seed: int,
    local: bool,
) -> Crowd:
    """``size``: officer processes making so many changes each, at once, while a desk
    watches."""
    officers, changes = size
    names = [logins.officer(database_url, f"officer_{index:02d}") for index in range(officers)]
    watcher_login = logins.officer(database_url, "crowd_watcher")
    with children() as started:
        watcher = Child(_watcher_spec(logins.urls[watcher_login], folder, None))
        started.append(watcher)
        for index, login in enumerate(names):
            spec = {
                "role": "officer",
                "url": logins.urls[login],
                "data_dir": str(folder / login),
                "changes": changes,
                "seed": seed + 1000 + index,
            }
            started.append(Child(spec))
        crowd = started[1:]
        # Every process opens its desk first (imports, connection, the agreement):
        # only the changes are timed, all starting at the same moment.
        for child in started:
            child.expect_ready()
        pids = _database_backends(database_url) if local else []
        server_before = cpu_of(pids)
        go_at = time.monotonic() + 0.5
        for child in crowd:
            child.send(f"go {go_at}")
        results = [child.result() for child in crowd]
        server_cpu = cpu_between(server_before, cpu_of(pids)) if local else None
        # Two looks after the last change: the watching desk has had its chance.
        time.sleep(2 * look_every_s() + 0.2)
        watcher.send("stop")
        watched = watcher.result()
        for child in started:
            child.finish()
    return _crowd_from(names, results, go_at, server_cpu, watched, changes)


def _crowd_from(
    names: list[str],
    results: list[dict[str, Any]],
    go_at: float,
    server_cpu: float | None,
    watched: dict[str, Any],
    changes: int,
) -> Crowd:
    failures: Counter[str] = Counter()
    for result in results:
        failures.update(result["failures"])
    return Crowd(
        officers=len(names),
        changes=changes,
        wall_s=max(result["ended"] for result in results) - go_at,
        latencies=[s for result in results for s in result["latencies"]],
        cpus=[s for result in results for s in result["cpus"]],
        whole=[s for result in results for s in result["whole"]],
        refused=sum(result["refused"] for result in results),
        failures=failures,
        client_cpu_s=sum(result["cpu"] for result in results),
        server_cpu_s=server_cpu,
        accepted={name: result["accepted"] for name, result in zip(names, results, strict=True)},
        made=[
            (ref, status, at)
            for result in results
            for (ref, status), at in zip(result["accepted"], result["made"], strict=True)
        ],
        watcher=watched,
    )


def _database_backends(database_url: str) -> list[int]:
    rows = admin_query(
        database_url,
        "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
        "AND pid <> pg_backend_pid()",
    )
    return [int(pid) for (pid,) in rows]


def _watcher_spec(url: str, folder: Path, follow: str | None) -> dict[str, Any]:
    return {
        "role": "watcher",
        "url": url,
        "data_dir": str(folder / f"watcher-{secrets.token_hex(3)}"),
        "as_of": generate.AS_OF.isoformat(),
        "follow": follow,
    }


def look_every_s() -> float:
    """How often an open desk looks for others' changes (the window's timer)."""
    from vision_desk.ui.live_watch import LOOK_EVERY_MS

    return float(LOOK_EVERY_MS) / 1000


def hint_gap_s() -> float:
    """The least time between two looks a notification starts (the window's)."""
    from vision_desk.ui.live_watch import HINT_GAP_MS

    return float(HINT_GAP_MS) / 1000


@dataclass
class Checks:
    """What the history says about the crowd's changes: every line must hold."""

    lines: list[tuple[str, bool]]

    @property
    def passed(self) -> bool:
        return all(ok for _line, ok in self.lines)


def check_nothing_lost(database_url: str, crowd: Crowd) -> Checks:
    """The server's history against what each process was told was accepted."""
    logins = sorted(crowd.accepted)
    rows = admin_query(
        database_url,
        "SELECT ch.author, c.ref, ch.after FROM changes ch JOIN clauses c ON c.id = ch.clause_id "
        "WHERE ch.kind = 'status' AND ch.author = ANY(%s) ORDER BY ch.id",
        (logins,),
    )
    history: dict[str, list[list[str]]] = defaultdict(list)
    for author, ref, after in rows:
        history[author].append([ref, after])
    counts = {login: len(history[login]) for login in logins}
    expected = crowd.changes
    wrong_count = [login for login in logins if counts[login] != expected]
    out_of_order = [login for login in logins if history[login] != crowd.accepted[login]]
    # The final status of every clause is the one its last change set, and every
    # change started from the one before it: a change written over another would
    # break the chain (its "before" would not be the "after" before it).
    final_wrong = admin_query(database_url, _FINAL_WRONG)[0][0]
    chain_broken = admin_query(database_url, _CHAIN_BROKEN)[0][0]
    version_wrong = admin_query(database_url, _VERSION_WRONG)[0][0]
    total = sum(counts.values())
    return Checks(
        [
            (
                f"{total:,} status changes by the {len(logins)} logins in the history "
                f"(expected {len(logins) * expected:,}); logins without exactly {expected}: "
                f"{len(wrong_count)}",
                total == len(logins) * expected and not wrong_count,
            ),
            (
                "each login's changes in the history are exactly those its process was told "
                f"were accepted, in order: {len(logins) - len(out_of_order)} of {len(logins)}",
                not out_of_order,
            ),
            (
                f"clauses whose status is not the `after` of their last change: {final_wrong}",
                final_wrong == 0,
            ),
            (
                f"status changes whose `before` is not the `after` of the one before them on "
                f"that clause (written over): {chain_broken}",
                chain_broken == 0,
            ),
            (
                f"clauses whose version is not their number of status changes: {version_wrong}",
                version_wrong == 0,
            ),
        ]
    )


def check_watcher(database_url: str, crowd: Crowd) -> Checks:
    """Whether the desk that watched the run shows, once it has caught up, what the
    server holds. A clause it shows otherwise is a change its looks never brought. If
    that change's id is below the last id the desk had taken in, the look that moved
    past it ran before it committed: ids are handed out when a row is inserted, not
    when its transaction commits, so a later id can be seen first."""
    watched = crowd.watcher
    mismatched: list[str] = watched["mismatched"]
    line = (
        f"the desk watching meanwhile ({watched['looks']} looks, then "
        f"{watched['catch_up']} to catch up once the run was over) shows a status other "
        f"than the server's on {len(mismatched)} clauses"
    )
    if mismatched:
        rows = admin_query(
            database_url,
            "SELECT c.ref, max(ch.id) FROM changes ch JOIN clauses c ON c.id = ch.clause_id "
            "WHERE ch.kind = 'status' AND c.ref = ANY(%s) AND c.agreement_id = %s GROUP BY c.ref",
            (mismatched, generate.AGREEMENT_ID),
        )
        behind = sorted(ref for ref, last in rows if last <= watched["last_seen"])
        line += (
            f" ({', '.join(mismatched[:5])}{' …' if len(mismatched) > 5 else ''}); their last "
            f"change's id is below the last id the desk had taken in ({watched['last_seen']}) "
            f"for {len(behind)} of them"
        )
    return Checks([(line, not mismatched)])


_FINAL_WRONG = """
SELECT count(*) FROM clause_states s
JOIN LATERAL (
    SELECT after FROM changes ch
    WHERE ch.clause_id = s.clause_id AND ch.kind = 'status' ORDER BY ch.id DESC LIMIT 1
) last ON true
WHERE last.after IS DISTINCT FROM s.status
"""
_CHAIN_BROKEN = """
SELECT count(*) FROM (
    SELECT before, lag(after, 1, 'not_assessed') OVER (PARTITION BY clause_id ORDER BY id) AS prior
    FROM changes WHERE kind = 'status'
) chained WHERE before IS DISTINCT FROM prior
"""
_VERSION_WRONG = """
SELECT count(*) FROM clause_states s
JOIN (SELECT clause_id, count(*) AS n FROM changes WHERE kind = 'status' GROUP BY clause_id) c
    ON c.clause_id = s.clause_id
WHERE s.version <> c.n
"""


@dataclass
class Visibility:
    delays: list[float]  # seen - made, seconds
    unseen: list[str]
    looks: int
    look_ms: list[float]


def run_visibility(
    desk: Desk, watcher_url: str, folder: Path, count: int, rng: random.Random
) -> Visibility:
    """This process changes one clause at a time; another, open as a desk, looks as
    the window does and notes when each change shows. Both read CLOCK_MONOTONIC
    (``time.monotonic``), which on Linux is one clock for every process."""
    from vision_desk.domain.agreement import ClauseKind

    stored = desk.stored(generate.AGREEMENT_ID)
    commitments = [c for c in stored.agreement.clauses if c.kind is ClauseKind.COMMITMENT]
    chosen = rng.sample(commitments, min(count, len(commitments)))
    made: dict[str, tuple[str, float]] = {}
    with children() as started:
        watcher = Child(_watcher_spec(watcher_url, folder, desk.author))
        started.append(watcher)
        watcher.expect_ready()
        for clause in chosen:
            time.sleep(rng.uniform(*VISIBLE_GAP_S))
            state = desk.state(clause.ref, generate.AGREEMENT_ID)
            status = pick_status(rng, clause, state.status)
            at = time.monotonic()  # the officer's key: the change's own time counts
            desk.set_status(
                clause.ref,
                status,
                agreement_id=generate.AGREEMENT_ID,
                expected_version=state.version,
            )
            made[clause.ref] = (status.value, at)
        time.sleep(2 * look_every_s() + 0.2)
        watcher.send("stop")
        watched = watcher.result()
        watcher.finish()
    changes = [(ref, status, at) for ref, (status, at) in made.items()]
    delays, unseen = shown_after(changes, watched["seen"])
    return Visibility(delays, unseen, watched["looks"], watched["look_ms"])


def shown_after(
    changes: list[tuple[str, str, float]], seen: list[list[Any]]
) -> tuple[list[float], list[str]]:
    """For each change (clause, status, made at), how long until a look first showed
    the clause with that status; and the changes no look showed so (never seen, or,
    with others at work, changed again before a look came)."""
    sightings: dict[str, list[tuple[float, str]]] = defaultdict(list)
    for ref, status, _who, at in seen:
        sightings[ref].append((at, status))
    delays, unseen = [], []
    for ref, status, made in changes:
        first = next((at for at, shown in sightings[ref] if at > made and shown == status), None)
        if first is None:
            unseen.append(ref)
        else:
            delays.append(first - made)
    return delays, unseen


# -- the child processes ----------------------------------------------------------------


def child_main(spec: dict[str, Any]) -> int:
    if spec["role"] == "officer":
        return officer_child(spec)
    if spec["role"] == "first":
        return first_change_child(spec)
    return watcher_child(spec)


def first_change_child(spec: dict[str, Any]) -> int:
    """A desk just started: open it and go live as the window does (``read_live``,
    then the status change it walks and rolls back off the window's thread), then
    time its very first status change (the version read and the change, as the
    status key makes them). Prints the wall and CPU seconds as one JSON line."""
    from vision_desk import app
    from vision_desk.domain.agreement import ClauseKind
    from vision_desk.services.rehearsal import rehearse_status_change
    from vision_desk.services.rounds import Rounds
    from vision_desk.services.session_reads import read_live

    opened = app.open_server_desk(spec["url"], spec["data_dir"])
    desk = opened.desk
    try:
        read_live(desk, Rounds(desk), dt.date.today())
        rehearse_status_change(desk)
        stored = desk.stored(generate.AGREEMENT_ID)
        commitments = [c for c in stored.agreement.clauses if c.kind is ClauseKind.COMMITMENT]
        clause = random.Random(spec["seed"]).choice(commitments)
        wall, cpu = time.perf_counter(), time.process_time()
        state = desk.state(clause.ref, generate.AGREEMENT_ID)
        desk.set_status(
            clause.ref,
            pick_status(random.Random(spec["seed"]), clause, state.status),
            agreement_id=generate.AGREEMENT_ID,
            expected_version=state.version,
        )
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    finally:
        opened.close()
    print(json.dumps({"wall": wall, "cpu": cpu}), flush=True)
    return 0


def measure_first_changes(url: str, folder: Path, processes: int, seed: int) -> Runs:
    """The first status change of ``processes`` desks, each started in a process of
    its own (imports, connection and caches all cold), one after another."""
    runs = Runs()
    for index in range(processes):
        spec = {"role": "first", "url": url, "data_dir": str(folder), "seed": seed + index}
        done = subprocess.run(
            [sys.executable, str(Path(__file__).resolve()), "--child", json.dumps(spec)],
            capture_output=True,
            text=True,
            check=True,
        )
        result = json.loads(done.stdout.strip().splitlines()[-1])
        runs.wall.append(result["wall"])
        runs.cpu.append(result["cpu"])
    return runs


def officer_child(spec: dict[str, Any]) -> int:
    """One officer: ``changes`` accepted status changes on random clauses, each made
    on the version just read; a refusal (someone changed the clause in between) is
    read again and retried until accepted."""
    from sqlalchemy.exc import DBAPIError

    from vision_desk import app
    from vision_desk.errors import ConflictError, StoreError

    opened = app.open_server_desk(spec["url"], spec["data_dir"])
    desk = opened.desk
    try:
        clauses = desk.stored(generate.AGREEMENT_ID).agreement.clauses
        rng = random.Random(spec["seed"])
        desk.state(clauses[0].ref, generate.AGREEMENT_ID)  # connected before the start
        gc.freeze()  # as a live desk (see run)
        print("ready", flush=True)
        go_at = float(sys.stdin.readline().split()[1])
        time.sleep(max(0.0, go_at - time.monotonic()))
        result: dict[str, Any] = {
            "accepted": [],
            "made": [],
            "latencies": [],
            "cpus": [],
            "whole": [],
            "refused": 0,
            "failures": Counter(),
        }
        cpu_started = time.process_time()
        for _ in range(spec["changes"]):
            clause = rng.choice(clauses)
            first = time.perf_counter()
            while not _try_change(
                desk, clause, rng, result, (ConflictError, StoreError, DBAPIError)
            ):
                pass
            result["whole"].append(time.perf_counter() - first)
        result["ended"] = time.monotonic()
        result["cpu"] = time.process_time() - cpu_started
        print(json.dumps(result), flush=True)
        sys.stdin.readline()  # "exit": the parent has read the server's CPU meanwhile
    finally:
        opened.close()
    return 0


def _try_change(
    desk: Desk,
    clause: Any,
    rng: random.Random,
    result: dict[str, Any],
    errors: tuple[type[BaseException], ...],
) -> bool:
    """Read the clause's version, set another status on it; whether it was accepted."""
    from vision_desk.errors import ConflictError

    state = desk.state(clause.ref, generate.AGREEMENT_ID)
    status = pick_status(rng, clause, state.status)
    made = time.monotonic()  # for the watching desk: the same clock in every process
    cpu_started = time.process_time()
    started = time.perf_counter()
    try:
        desk.set_status(
            clause.ref, status, agreement_id=generate.AGREEMENT_ID, expected_version=state.version
        )
    except errors as error:
        if isinstance(error, ConflictError):
            result["refused"] += 1
            return False
        # Not a refusal: the server failed the transaction (a deadlock, say). Nothing
        # was written; counted, and tried again.
        cause = getattr(error, "orig", None) or error
        result["failures"][type(cause).__name__] += 1
        if sum(result["failures"].values()) >= MAX_FAILURES:
            raise
        return False
    result["latencies"].append(time.perf_counter() - started)
    result["cpus"].append(time.process_time() - cpu_started)
    result["accepted"].append([clause.ref, status.value])
    result["made"].append(made)
    return True


def watcher_child(spec: dict[str, Any]) -> int:
    """An open desk on its own: a session gone live as the window's (``read_live``),
    that looks for others' changes on the window's timer (``read_elsewhere`` through
    ``elsewhere_reader``) and takes them in (``apply_elsewhere``), until told to stop.
    It reports when each change by ``follow`` first showed, and, at the end, the
    clauses its board shows otherwise than the server now holds them."""
    from vision_desk import app
    from vision_desk.services.desk_session import DeskSession
    from vision_desk.services.rounds import Rounds
    from vision_desk.services.session_reads import read_live

    opened = app.open_server_desk(spec["url"], spec["data_dir"])
    desk = opened.desk
    try:
        as_of, today = dt.date.fromisoformat(spec["as_of"]), dt.date.today()
        session = DeskSession(desk.board(as_of), today, chosen_date=as_of)
        session.attach(read_live(desk, Rounds(desk), today, as_of))
        gc.freeze()  # as a live desk (see run)
        print("ready", flush=True)
        seen, look_ms = _watch(session, spec["follow"], sys.stdin)
        catch_up = _catch_up(session)
        board = desk.board(as_of)
        mismatched = [
            row.clause.ref
            for row in board.rows
            if session.rows[row.clause.ref].status != row.status
        ]
        print(
            json.dumps(
                {
                    "seen": seen,
                    "looks": len(look_ms),
                    "look_ms": look_ms,
                    "catch_up": catch_up,
                    "last_seen": session.last_change_seen,
                    "mismatched": mismatched,
                }
            ),
            flush=True,
        )
        sys.stdin.readline()  # "exit"
    finally:
        opened.close()
    return 0


def _catch_up(session: Any) -> int:
    """Look until a look brings nothing new (what an open desk shows a moment after
    the others stop); how many looks that took. A look reads at most
    ``board_read.CHANGES_PER_LOOK`` changes, so a desk far behind needs several."""
    for looks in range(1, 1000):
        found = session.elsewhere_reader()()
        session.apply_elsewhere(found)
        if not found.authors:
            return looks
    return 1000


def _watch(
    session: Any, follow: str | None, orders: TextIO
) -> tuple[list[tuple[str, str, str, float]], list[float]]:
    """Look as the window's live watch does (``ui/live_watch.py``): at once when the
    server's notification of a commit arrives (``change_hints``, but never sooner
    than HINT_GAP_MS after the last look), and every LOOK_EVERY_MS on a fixed beat
    whatever it hears (a look that overruns skips the beats it covered), until a line
    arrives on ``orders``. Every clause a look brought in, with the status it then
    showed, who changed it and when the look ended."""
    every, gap = look_every_s(), hint_gap_s()
    seen: list[tuple[str, str, str, float]] = []
    look_ms: list[float] = []
    # The listener's thread wakes this loop through a pipe, as it queues a signal
    # to the window's thread.
    woken, wake = os.pipe()
    hints = session.change_hints(lambda: os.write(wake, b"!"))
    if hints is not None:
        hints.start()
    heard = False
    last_look = beat = time.monotonic()
    try:
        while True:
            beat += every
            while beat <= time.monotonic():
                beat += every
            due = beat if not heard else min(beat, last_look + gap)
            ready, _, _ = select.select([orders, woken], [], [], max(0.0, due - time.monotonic()))
            if orders in ready:
                orders.readline()  # "stop"
                return seen, look_ms
            if woken in ready:
                os.read(woken, 4096)
                heard = True
                if time.monotonic() < last_look + gap:
                    beat -= every  # not this beat's look: wait out the gap
                    continue
            heard = False
            started = time.monotonic()
            found = session.elsewhere_reader()()
            session.apply_elsewhere(found)
            now = last_look = time.monotonic()
            look_ms.append((now - started) * MS)
            seen += [
                (ref, session.rows[ref].status.value, who, now)
                for ref, who in found.authors.items()
                if follow is None or who == follow
            ]
    finally:
        if hints is not None:
            hints.stop()
            hints.join(2.0)
        os.close(woken)
        os.close(wake)


# -- the report -----------------------------------------------------------------------


def machine_info(
    server_url: str, database_url: str, loads: tuple[str, str]
) -> list[tuple[str, str]]:
    import psycopg
    import sqlalchemy
    from sqlalchemy.engine import make_url

    version = admin_query(database_url, "SELECT version()")[0][0]
    settings = admin_query(
        database_url,
        "SELECT name, setting FROM pg_settings WHERE name IN "
        "('fsync', 'synchronous_commit', 'shared_buffers', 'max_connections') ORDER BY name",
    )
    parsed = make_url(server_url)
    return [
        ("Code", code_version()),
        ("CPU", f"{cpu_model()} ({os.cpu_count()} logical CPUs)"),
        ("OS", platform.platform()),
        ("Python", f"{platform.python_implementation()} {platform.python_version()}"),
        ("PostgreSQL", str(version)),
        (
            "Server settings",
            ", ".join(f"{name}={setting}" for name, setting in settings)
            + " (shared_buffers in 8 kB pages)",
        ),
        (
            "Connection",
            f"TCP to {parsed.host}:{parsed.port} (loopback), psycopg {psycopg.__version__}, SQLAlchemy {sqlalchemy.__version__}",
        ),
        (
            "Load average (1/5/15 min)",
            f"{loads[0]} at the start, {loads[1]} at the end — other programs running at "
            "the same time slow the wall-clock figures; the CPU column is less affected",
        ),
    ]


def crowd_rows(crowd: Crowd, checks: Checks, watcher: Checks) -> list[str]:
    latency = Measurement(
        f"{crowd.officers} officers × {crowd.changes} changes at once: an accepted change "
        "(set_status)",
        crowd.latencies,
        None,
        cpu_samples=crowd.cpus,
        detail=f"{crowd.throughput:,.0f} accepted changes/s over {crowd.wall_s:.1f} s",
    )
    whole = Measurement(
        "  the same from the first read of the version to accepted, retries included",
        crowd.whole,
        None,
        detail=f"{crowd.refused:,} refused and retried"
        + (
            "; failed and retried: "
            + ", ".join(f"{count} {name}" for name, count in crowd.failures.items())
            if crowd.failures
            else ""
        ),
    )
    lost = (
        f"| {crowd.officers} × {crowd.changes}: none lost, none written over | — | — | "
        f"nothing lost | {'pass' if checks.passed else 'FAIL'} | — | see below |"
    )
    caught_up = (
        f"| {crowd.officers} × {crowd.changes}: the desk watching shows the server's "
        f"statuses once caught up | — | — | all | {'pass' if watcher.passed else 'FAIL'} | — | "
        f"{len(crowd.watcher['mismatched'])} clauses differ |"
    )
    watched = crowd.visibility()
    # No goal here: the watching desk shares the two CPUs with every officer's process
    # and the server, which an officer's own computer would not.
    shown = Measurement(
        "  meanwhile, a change shown in a desk watching (on the same CPUs)",
        watched.delays or [math.inf],
        None,
        detail=f"{watched.looks} looks of {looks_text(watched.look_ms)}; "
        f"{len(watched.unseen)} changes not shown as such (changed again before a look)",
    )
    return [
        latency.row(2, cpu=True, detail=True),
        whole.row(2, cpu=True, detail=True),
        lost,
        shown.row(1, cpu=True, detail=True),
        caught_up,
    ]


def looks_text(look_ms: list[float]) -> str:
    """A watching desk's look times: median and p95."""
    if not look_ms:
        return "no time"
    seconds = [ms / MS for ms in look_ms]
    return f"{statistics.median(look_ms):.0f} ms median, {percentile_ms(seconds):.0f} ms p95"


def crowd_section(crowd: Crowd, checks: Checks, watcher: Checks) -> list[str]:
    accepted = sum(len(done) for done in crowd.accepted.values())
    server = (
        f"; the server's processes {crowd.server_cpu_s:.1f} s"
        if crowd.server_cpu_s is not None
        else ""
    )
    lines = [
        f"**{crowd.officers} officers at once:** {crowd.officers} processes, each its own "
        f"login (granted `officer`), started together (each opened its desk first, then "
        f"waited for the same moment), each making {crowd.changes} status changes on random "
        f"clauses of the big agreement: read the version (`Desk.state`), then "
        f"`Desk.set_status(..., expected_version=...)`; a refused one (`ConflictError`) read "
        f"again and retried until accepted. {accepted:,} changes accepted in "
        f"{crowd.wall_s:.2f} s: **{crowd.throughput:,.0f} changes/s**; "
        f"{crowd.refused:,} refused; p95 of an accepted change "
        f"{percentile_ms(crowd.latencies):.1f} ms. CPU over the run: the officer processes "
        f"{crowd.client_cpu_s:.1f} s{server}, of the "
        f"{crowd.wall_s * (os.cpu_count() or 1):.1f} CPU-seconds the machine's "
        f"{os.cpu_count()} CPUs had over the run. A desk in another process watched "
        f"meanwhile, looking as the window does: {crowd.watcher['looks']} looks of "
        f"{looks_text(crowd.watcher['look_ms'])} (a look reads every clause changed since "
        "the last one, its notes included, one clause at a time; the window's timer beats "
        "every 500 ms, and a beat that finds a look still on its way is skipped).",
        "",
        "Checked in the server's history afterwards:",
        "",
    ]
    lines += [f"- {'ok' if ok else 'FAILED'}: {line}" for line, ok in checks.lines + watcher.lines]
    return lines


def render(
    rows: list[str],
    crowd: Crowd,
    checks: tuple[Checks, Checks],
    visibility: Visibility,
    dataset: str,
    machine: list[tuple[str, str]],
) -> str:
    lines = [
        *heading("Team desk benchmark (PostgreSQL, loopback)", "bench_server.py"),
        "",
        "| what | median | p95 | goal | result | CPU median | notes |",
        "|---|---:|---:|---:|---|---:|---|",
        *rows,
        "",
        "A figure passes when its p95 is under the goal; `FAIL (p95)` means the median "
        "meets the goal but more than one run in twenty does not. Median and p95 are "
        "wall-clock time of the desk's own calls; CPU median is the calling process's CPU "
        "time (`time.process_time`), and the notes give the server process's CPU per run "
        "where it could be read (`/proc/PID/schedstat` of its backend): what is left of the "
        "wall time is waiting for the network, for locks and for a CPU.",
        "",
        *crowd_section(crowd, *checks),
        "",
        f"**Visibility:** this process changed {len(visibility.delays) + len(visibility.unseen)} "
        "commitments one at a time (0.6 to 1.4 s apart, so that the changes fall anywhere in "
        "the watcher's cycle), each as an officer; another process, open as a desk "
        "(`DeskSession` gone live with `read_live`), looked as the window does: at once "
        "when the server's notification of a commit arrived (LISTEN on a connection of its "
        "own, `change_hints`; never sooner than 100 ms after the last look) and every 500 ms "
        "(`LOOK_EVERY_MS`) whatever it heard, with `elsewhere_reader` (`read_elsewhere`), took "
        "what it found in (`apply_elsewhere`), and noted when each change was in its board. "
        "The figure is from just before `set_status` to the end of the look that brought it, "
        "on the shared monotonic clock; the repaint is not included. Changes never seen: "
        f"{len(visibility.unseen)}. A look took {statistics.median(visibility.look_ms or [0]):.1f} ms "
        f"(median over {visibility.looks} looks). Without notifications (a lost listening "
        "connection) the wait would be uniform between 0 and 500 ms plus the look: about "
        "250 ms median and 475 ms p95.",
        "",
        "**Data:** " + dataset,
        "",
        "**Machine:**",
        "",
        *(f"- {key}: {value}" for key, value in machine),
    ]
    return "\n".join(lines).rstrip()


# -- the benchmark ----------------------------------------------------------------------


@dataclass(frozen=True)
class Counts:
    """Timed runs per figure: the issue's numbers, or ``--repeat`` for every one."""

    status: int
    board: int
    visible: int

    @classmethod
    def given(cls, repeat: int | None) -> Counts:
        return cls(repeat or STATUS_RUNS, repeat or BOARD_RUNS, repeat or VISIBLE_CHANGES)


def single_officer_rows(
    desk: Desk, url: str, counts: Counts, rng: random.Random, local: bool
) -> list[str]:
    """One officer alone: the round trip, the version read and the status change."""
    print("  measuring: round trip, status change ...", flush=True)
    floor = measure_round_trip(url, counts.status)
    changes, reads = measure_status_changes(desk, counts.status, STATUS_WARMUP, rng, local)
    print("  measuring: the first status change of a desk just started ...", flush=True)
    with tempfile.TemporaryDirectory(prefix="vision-desk-first-") as scratch:
        first = measure_first_changes(url, Path(scratch), FIRST_CHANGES, rng.randrange(10**6))
    return [
        floor.measurement("round trip: `SELECT 1` on a plain connection (floor)", None).row(
            2, cpu=True, detail=True
        ),
        reads.measurement("read a clause's version (`Desk.state`)", None).row(
            2, cpu=True, detail=True
        ),
        changes.measurement(
            "status change (`set_status` with `expected_version`)", GOAL_STATUS_MS
        ).row(2, cpu=True, detail=True),
        first.measurement(
            f"first status change of a desk just started (version read and change; "
            f"{FIRST_CHANGES} processes, each gone live as the window does)",
            GOAL_STATUS_MS,
        ).row(2, cpu=True, detail=True),
    ]


def board_rows(
    desk: Desk, url: str, folder: Path, clauses: int, counts: Counts, local: bool
) -> list[str]:
    print("  measuring: board, cold and warm ...", flush=True)
    boards = measure_boards(url, folder, desk, generate.AS_OF, counts.board, local)
    board = f"board of {clauses:,} clauses"
    return [
        boards.opening.measurement("open a desk (`app.open_server_desk`)", None).row(
            2, cpu=True, detail=True
        ),
        boards.cold.measurement(f"{board}, cold (first board after the open)", GOAL_BOARD_MS).row(
            2, cpu=True, detail=True
        ),
        boards.together().measurement("open + first board", None).row(2, cpu=True, detail=True),
        boards.warm.measurement(f"{board}, warm", GOAL_BOARD_MS).row(2, cpu=True, detail=True),
    ]


def visibility_rows(visibility: Visibility) -> list[str]:
    seen = Measurement(
        "a change shown in another open desk (told by the server; it also looks every 500 ms)",
        visibility.delays or [math.inf],  # none shown: no time to give
        GOAL_VISIBLE_MS,
        detail=f"{len(visibility.delays)} changes",
    )
    # A change never shown fails on its own, whatever the others' times.
    never = (
        f"| changes never shown in the other desk | — | — | 0 | "
        f"{'FAIL' if visibility.unseen else 'pass'} | — | {len(visibility.unseen)} |"
    )
    return [seen.row(1, cpu=True, detail=True), never]


def describe_data(built: Built, counts: Counts, seconds: float) -> str:
    return (
        f"{built.describe()}. Made in a fresh database: `app.init_server`, the agreement "
        "file of `generate.py` imported by a director (`transfer.import_agreement`), then "
        "the officers' past work (`generate.py`'s events: statuses, notes, edits, deletions, "
        "their history rows and journal entries) as bulk inserts by the superuser in one "
        "transaction, signed by the server with the superuser's login. Runs: "
        f"{counts.status} status changes after {STATUS_WARMUP} warm-up, {counts.board} boards "
        f"of each kind after {BOARD_WARMUP} warm-up, board as of {generate.AS_OF.isoformat()}; "
        f"the whole benchmark took {seconds:.0f} s, building included."
    )


def server_for(stack: ExitStack, given: str | None) -> str:
    """The superuser URL: the one given, else a throwaway server's (stopped with
    ``stack``)."""
    if given:
        print("Server: the one given (--server)", flush=True)
        return given
    url, cluster = stack.enter_context(throwaway_server())
    print(f"Server: a throwaway one of its own (scripts/pg_cluster.py, {cluster})", flush=True)
    return url


def run(args: argparse.Namespace) -> int:
    from vision_desk import app

    counts = Counts.given(args.repeat)
    rng = random.Random(args.seed + 7)
    began = time.perf_counter()
    with ExitStack() as stack:
        server_url = server_for(stack, args.server)
        logins = Logins(f"bench_{secrets.token_hex(3)}")
        made: list[str] = []
        # Registered before the database is made, so run after it is dropped (a role
        # holding grants in a database cannot be dropped while the database is there).
        stack.callback(lambda: drop_roles(server_url, made + logins.made))
        database_url = stack.enter_context(fresh_database(server_url))
        made += desk_group_roles(database_url)
        folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="vision-desk-bench-")))
        local = on_this_machine(server_url)

        print(f"Building the desk in {database_name(database_url)} ...", flush=True)
        built = build_desk(database_url, logins, folder, args.clauses, args.notes, args.seed)
        print(built.describe(), flush=True)
        load_before = load_average()

        officer = logins.officer(database_url, "officer_main")
        opened = app.open_server_desk(logins.urls[officer], str(folder / officer))
        stack.callback(opened.close)
        listing(opened.desk, generate.AS_OF)
        # As the window does once the desk is live (vision_desk/ui/app.py): what is
        # loaded by then (the agreement) is moved out of the collector's way, which
        # would otherwise walk it in the middle of a board or a change.
        gc.collect()
        gc.freeze()
        rows = single_officer_rows(opened.desk, logins.urls[officer], counts, rng, local)
        reader = logins.officer(database_url, "reader")
        rows += board_rows(
            opened.desk, logins.urls[reader], folder / reader, built.clauses, counts, local
        )

        print(f"  measuring: {args.officers} officers × {args.changes} changes ...", flush=True)
        crowd = run_crowd(
            database_url, logins, folder, (args.officers, args.changes), args.seed, local
        )
        checks = check_nothing_lost(database_url, crowd), check_watcher(database_url, crowd)
        rows += crowd_rows(crowd, *checks)

        print(f"  measuring: visibility of {counts.visible} changes ...", flush=True)
        watcher = logins.officer(database_url, "watcher")
        visibility = run_visibility(opened.desk, logins.urls[watcher], folder, counts.visible, rng)
        rows += visibility_rows(visibility)

        machine = machine_info(server_url, database_url, (load_before, load_average()))
        dataset = describe_data(built, counts, time.perf_counter() - began)
        report = render(rows, crowd, checks, visibility, dataset, machine)
    print()
    print(report)
    if args.output:
        args.output.write_text(report + "\n", encoding="utf-8")
        print(f"written to {args.output}")
    return 0


def desk_group_roles(database_url: str) -> list[str]:
    """The group roles ``server init`` makes for the database (officer, reviewer,
    director); dropped last, after the logins that are members of them."""
    from vision_desk.storage.server_roles import DESK_ROLES, group_role

    database = database_name(database_url)
    return [group_role(database, role) for role in DESK_ROLES]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Time a team desk on PostgreSQL over loopback, on a large agreement."
    )
    parser.add_argument(
        "--server",
        help="a superuser URL (postgresql+psycopg://user@127.0.0.1:PORT/postgres); the "
        "benchmark makes its own database there and drops it after. Default: a throwaway "
        "server of its own",
    )
    parser.add_argument("--clauses", type=int, default=generate.DEFAULT_CLAUSES)
    parser.add_argument("--notes", type=int, default=generate.DEFAULT_NOTES)
    parser.add_argument("--officers", type=int, default=20, help="officer processes at once")
    parser.add_argument("--changes", type=int, default=100, help="changes per officer process")
    parser.add_argument(
        "--repeat",
        type=int,
        help=f"timed runs of every figure (default: {STATUS_RUNS} status changes, "
        f"{BOARD_RUNS} boards, {VISIBLE_CHANGES} changes watched)",
    )
    parser.add_argument("--seed", type=int, default=generate.DEFAULT_SEED)
    parser.add_argument(
        "--output",
        type=Path,
        default=DEFAULT_OUTPUT,
        help=f"where to write the report (default {DEFAULT_OUTPUT.relative_to(ROOT)})",
    )
    parser.add_argument("--no-output", dest="output", action="store_const", const=None)
    parser.add_argument("--child", help=argparse.SUPPRESS)  # the officers' and watcher's side
    args = parser.parse_args(argv)
    if args.child:
        return child_main(json.loads(args.child))
    if args.repeat is not None and args.repeat < 1:
        parser.error("--repeat must be at least 1")
    if args.officers < 1 or args.changes < 1 or not 1 <= args.clauses <= 20_000 or args.notes < 0:
        parser.error(
            "--officers and --changes at least 1, --clauses 1 to 20,000, --notes 0 or more"
        )
    return run(args)


if __name__ == "__main__":
    sys.exit(main())
