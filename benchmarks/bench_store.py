"""How fast the store answers the officer, on a large agreement and a well-used store.

Builds (once) a store with a generated agreement of 5,000 clauses, statuses on most
of them and 50,000 notes (benchmarks/generate.py), then times the desk's own
services on it, each measurement repeated (30 times by default, after 2 warm-up
runs that are not counted):

* open the store: ``app.open_desk`` on an existing store (header check, engine,
  Alembic's "is the schema current?" check, first query);
* the board, cold and warm: ``Desk.board(as_of)`` for all clauses, plus the flags,
  score and days left of every row (what a list shows). Cold is a new ``Desk``
  (its agreement cache empty) on the open store; warm is the same ``Desk`` again;
* a durable status change (``Desk.set_status``: one ``BEGIN IMMEDIATE`` transaction,
  committed in WAL mode with ``synchronous = FULL``);
* adding a note (``Desk.add_note``) and undo (``Desk.undo``).

It prints a Markdown table (median, p95, goal, verdict) with the machine it ran on,
writes the same to benchmarks/results-store.md, and profiles (cProfile) every
operation that misses its goal.

    .venv/bin/python benchmarks/bench_store.py [--repeat 30] [--data-dir DIR] ...
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import gc
import io
import itertools
import os
import platform
import pstats
import random
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import generate
from measure import Measurement, heading, machine_and_profiles

HERE = Path(__file__).resolve().parent
DEFAULT_OUTPUT = HERE / "results-store.md"


# -- measuring ------------------------------------------------------------------------


@dataclass
class Case:
    """One operation: ``prepare`` (untimed) returns the argument for ``run`` (timed)."""

    name: str
    run: Callable[[object], object]
    prepare: Callable[[], object] = lambda: None
    goal_ms: float | None = None
    teardown: Callable[[object], object] = field(default=lambda _: None)


def measure(case: Case, repeat: int, warmup: int) -> Measurement:
    samples: list[float] = []
    cpu_samples: list[float] = []
    gc.collect()
    for index in range(warmup + repeat):
        argument = case.prepare()
        cpu_started = time.process_time()
        started = time.perf_counter()
        result = case.run(argument)
        elapsed = time.perf_counter() - started
        cpu = time.process_time() - cpu_started
        case.teardown(result)
        if index >= warmup:
            samples.append(elapsed)
            cpu_samples.append(cpu)
    return Measurement(case.name, samples, case.goal_ms, cpu_samples=cpu_samples)


def profile(case: Case, repeat: int, top: int = 18) -> str:
    """cProfile over ``repeat`` runs of the timed part only; the heaviest entries by
    own time and by cumulative time."""
    profiler = cProfile.Profile()
    for _ in range(repeat):
        argument = case.prepare()
        profiler.enable()
        result = case.run(argument)
        profiler.disable()
        case.teardown(result)
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out).strip_dirs()
    out.write(f"cProfile of {case.name}, {repeat} runs, sorted by own time (tottime)\n")
    stats.sort_stats("tottime").print_stats(top)
    out.write(f"cProfile of {case.name}, {repeat} runs, sorted by cumulative time\n")
    stats.sort_stats("cumulative").print_stats(top)
    return "\n".join(line.rstrip() for line in out.getvalue().splitlines() if line.strip())


def fsync_floor(folder: Path, repeat: int) -> list[float]:
    """What the disk alone costs a durable commit: append 4 KiB to a file and fsync it."""
    path = folder / ".fsync-probe"
    samples = []
    with path.open("ab") as handle:
        for _ in range(repeat):
            started = time.perf_counter()
            handle.write(b"\0" * 4096)
            handle.flush()
            os.fsync(handle.fileno())
            samples.append(time.perf_counter() - started)
    path.unlink()
    return samples


# -- the machine ----------------------------------------------------------------------


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def filesystem_of(path: Path) -> str:
    """The file system type holding ``path`` (from /proc/mounts), e.g. ext4, tmpfs."""
    try:
        mounts = [line.split() for line in Path("/proc/mounts").read_text().splitlines()]
    except OSError:
        return "unknown"
    resolved = str(path.resolve())
    best = ("", "unknown")
    for fields in mounts:
        if len(fields) < 3:
            continue
        point = fields[1]
        inside = resolved == point or resolved.startswith(point.rstrip("/") + "/")
        if inside and len(point) >= len(best[0]):
            best = (point, f"{fields[2]} ({fields[0]} on {point})")
    return best[1]


def load_average() -> str:
    try:
        one, five, fifteen = os.getloadavg()
    except OSError:
        return "unknown"
    return f"{one:.2f} / {five:.2f} / {fifteen:.2f}"


def code_version() -> str:
    """The commit measured, and whether the package had uncommitted changes."""
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=HERE.parent,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--", "vision_desk"],
            cwd=HERE.parent,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown (not a git checkout)"
    return f"{commit}" + (" with uncommitted changes in vision_desk/" if dirty else "")


def machine_info(
    data_dir: Path, pragmas: dict[str, object], loads: tuple[str, str]
) -> list[tuple[str, str]]:
    import sqlalchemy

    return [
        ("Code", code_version()),
        ("CPU", f"{cpu_model()} ({os.cpu_count()} logical CPUs)"),
        ("OS", platform.platform()),
        ("Python", f"{platform.python_implementation()} {platform.python_version()}"),
        ("SQLite", sqlite3.sqlite_version),
        ("SQLAlchemy", sqlalchemy.__version__),
        ("Data folder", f"{data_dir} — {filesystem_of(data_dir)}"),
        (
            "Connection",
            ", ".join(f"{key}={value}" for key, value in pragmas.items()),
        ),
        (
            "Load average (1/5/15 min)",
            f"{loads[0]} at the start, {loads[1]} at the end — other programs running at "
            "the same time slow the wall-clock figures; the CPU column is less affected",
        ),
    ]


# -- the benchmark ----------------------------------------------------------------------


def connection_pragmas(desk: object) -> dict[str, object]:
    """The settings the desk's connections really run with (checked, not assumed)."""
    engine = desk.store.engine  # type: ignore[attr-defined]
    names = {"journal_mode": None, "synchronous": {0: "OFF", 1: "NORMAL", 2: "FULL", 3: "EXTRA"}}
    result: dict[str, object] = {}
    with engine.connect() as connection:
        for name, labels in names.items():
            value = connection.exec_driver_sql(f"PRAGMA {name}").scalar()
            result[name] = labels.get(value, value) if labels else value
    return result


def ensure_store(data_dir: Path, clauses: int, notes: int, seed: int) -> str:
    """Fill ``data_dir`` unless it already holds the generated agreement."""
    from vision_desk import app

    database = data_dir / "vision-desk.sqlite3"
    if database.exists():
        opened = app.open_desk(str(data_dir), author=generate.AUTHOR)
        try:
            present = generate.AGREEMENT_ID in opened.desk.agreement_ids()
            if present:
                count = len(opened.desk.stored(generate.AGREEMENT_ID).agreement.clauses)
        finally:
            opened.close()
        if present:
            return f"reused the store in {data_dir} ({count:,} clauses; its notes as they are)"
        raise SystemExit(f"{data_dir} holds a store without '{generate.AGREEMENT_ID}'; "
                         "choose an empty folder.")  # fmt: skip
    try:
        generate.agreement_toml(clauses, seed)  # fails early when the file would be too big
    except ValueError as error:
        raise SystemExit(f"Cannot build the store: {error}.") from None
    started = time.perf_counter()
    filled = generate.fill_store(data_dir, clauses, notes, seed)
    total = time.perf_counter() - started
    return (
        f"built in {total:.1f} s: agreement file {filled.toml_bytes / 1e6:.1f} MB imported in "
        f"{filled.import_seconds:.1f} s; {filled.statuses:,} statuses and {filled.notes:,} notes "
        f"written in {filled.fill_seconds:.1f} s; store {filled.database_bytes / 1e6:.1f} MB"
    )


def run(args: argparse.Namespace) -> int:
    from vision_desk import app
    from vision_desk.domain.agreement import ClauseKind
    from vision_desk.services.desk import Desk
    from vision_desk.storage import review as review_store

    if args.data_dir:
        data_dir = args.data_dir.resolve()
        temporary = False
    else:
        data_dir = Path(tempfile.mkdtemp(prefix="vision-desk-bench-")) / "data"
        temporary = not args.keep
    try:
        print(f"Store: {data_dir}", flush=True)
        built = ensure_store(data_dir, args.clauses, args.notes, args.seed)
        print(built, flush=True)

        load_before = load_average()
        as_of = args.as_of
        rng = random.Random(args.seed + 7)
        opened = app.open_desk(str(data_dir), author=generate.AUTHOR)
        desk = opened.desk
        desk.use_agreement(generate.AGREEMENT_ID)
        pragmas = connection_pragmas(desk)
        stored = desk.stored(generate.AGREEMENT_ID)
        clause_count = len(stored.agreement.clauses)
        scored = [c.ref for c in stored.agreement.clauses if c.kind is not ClauseKind.PRINCIPLE]
        rng.shuffle(scored)
        with desk.store.engine.connect() as connection:
            live_notes = connection.exec_driver_sql(
                "SELECT count(*) FROM notes WHERE removed IS NULL"
            ).scalar()
            statuses = connection.exec_driver_sql("SELECT count(*) FROM clause_states").scalar()

        def listing(board_desk: Desk) -> int:
            """The board and what a list shows of each row (flags are computed per row)."""
            board = board_desk.board(as_of, generate.AGREEMENT_ID)
            shown = [
                (row.clause.ref, row.status, row.score, row.flags, row.days_left, row.note_count)
                for row in board.rows
            ]
            assert len(shown) == clause_count
            return len(shown)

        def open_only(_: object) -> app.Opened:
            return app.open_desk(str(data_dir), author=generate.AUTHOR)

        def open_and_board(_: object) -> app.Opened:
            fresh = app.open_desk(str(data_dir), author=generate.AUTHOR)
            listing(fresh.desk)
            return fresh

        turn = itertools.count()
        undo_turn = itertools.count()

        def next_status_change() -> tuple[str, str]:
            """A scored clause and a status it does not have, so every call writes."""
            ref = scored[next(turn) % len(scored)]
            current = desk.state(ref, generate.AGREEMENT_ID).status.value
            return ref, "advanced" if current != "advanced" else "initiated"

        def prepare_undo() -> None:
            # Something to undo, alternately a status change and a note.
            if next(undo_turn) % 2:
                desk.set_status(*next_status_change(), agreement_id=generate.AGREEMENT_ID)
            else:
                desk.add_note(scored[next(turn) % len(scored)], generate.note_text(rng))

        def query(function: Callable[..., object]) -> Callable[[object], object]:
            def timed(_: object) -> object:
                with desk.store.read() as session:
                    return function(session, generate.AGREEMENT_ID)

            return timed

        def prepare_after_undone_note() -> tuple[str, str]:
            # Add a note and undo it: the next action ends the redo chain, scrubs the
            # withdrawn words and empties the WAL (Store.checkpoint).
            desk.add_note(scored[next(turn) % len(scored)], generate.note_text(rng))
            desk.undo()
            return scored[next(turn) % len(scored)], generate.note_text(rng)

        warm = Desk(desk.store, generate.AUTHOR)
        listing(warm)
        # As the desk does once its window is built (vision_desk/ui/app.py): the loaded
        # agreement is long-lived, so it is moved out of the collector's way.
        gc.freeze()
        cases = [
            Case(
                "open the store (app.open_desk, existing store)",
                open_only,
                teardown=lambda opened_: opened_.close(),  # type: ignore[attr-defined]
            ),
            Case(
                "open + first board (what the window waits for)",
                open_and_board,
                teardown=lambda opened_: opened_.close(),  # type: ignore[attr-defined]
            ),
            Case(
                f"board of {clause_count:,} clauses with statuses and flags, cold (new Desk)",
                lambda fresh: listing(fresh),  # type: ignore[arg-type]
                prepare=lambda: Desk(desk.store, generate.AUTHOR),
                goal_ms=args.goal_board,
            ),
            Case(
                f"board of {clause_count:,} clauses with statuses and flags, warm",
                lambda _: listing(warm),
                goal_ms=args.goal_board,
            ),
            Case(
                "  of which: statuses and note counts query (review.board_states)",
                query(review_store.board_states),
            ),
            Case(
                "durable status change (set_status, WAL, synchronous=FULL)",
                lambda change: desk.set_status(*change, agreement_id=generate.AGREEMENT_ID),  # type: ignore[misc]
                prepare=next_status_change,
                goal_ms=args.goal_status,
            ),
            Case(
                "add a note (add_note)",
                lambda pair: desk.add_note(*pair),  # type: ignore[misc]
                prepare=lambda: (scored[next(turn) % len(scored)], generate.note_text(rng)),
            ),
            Case("undo (status change or note)", lambda _: desk.undo(), prepare=prepare_undo),
            Case(
                "add a note right after undoing one (scrubs it, checkpoints the WAL)",
                lambda pair: desk.add_note(*pair),  # type: ignore[misc]
                prepare=prepare_after_undone_note,
            ),
        ]
        results: list[Measurement] = []
        for case in cases:
            print(f"  measuring: {case.name} ...", flush=True)
            results.append(measure(case, args.repeat, args.warmup))
        floor = Measurement(
            "disk floor: append 4 KiB + fsync (no SQLite)", fsync_floor(data_dir, args.repeat)
        )
        results.append(floor)

        if args.profile != "none":
            for case, result in zip(cases, results, strict=False):
                if args.profile == "all" or result.failed:
                    print(f"  profiling: {case.name} ...", flush=True)
                    result.profile = profile(case, args.repeat)
        opened.close()

        report = render(
            results,
            machine_info(data_dir, pragmas, (load_before, load_average())),
            dataset=(
                f"{clause_count:,} clauses; {statuses:,} with a status; {live_notes:,} live notes; "
                f"board as of {as_of.isoformat()}; {args.repeat} runs per figure after "
                f"{args.warmup} warm-up runs. Store: {built}."
            ),
        )
        print()
        print(report)
        if args.output:
            args.output.write_text(report + "\n", encoding="utf-8")
            print(f"written to {args.output}")
        return 1 if any(result.failed for result in results) and args.strict else 0
    finally:
        if temporary:
            shutil.rmtree(data_dir.parent, ignore_errors=True)


def render(results: list[Measurement], machine: list[tuple[str, str]], dataset: str) -> str:
    lines = [
        *heading("Store benchmark", "bench_store.py"),
        "",
        "| operation | median | p95 | goal | result | CPU median |",
        "|---|---:|---:|---:|---|---:|",
    ]
    lines += [result.row(digits=2, cpu=True) for result in results]
    lines += [
        "",
        "A figure passes when its p95 is under the goal; `FAIL (p95)` means the median "
        "meets the goal but more than one run in twenty does not. Median and p95 are "
        "wall-clock time; CPU median is the CPU time of this process alone (no disk "
        "waits, no time lost to other programs).",
        "",
        "**Data:** " + dataset,
        "",
    ]
    lines += machine_and_profiles(machine, results)
    return "\n".join(lines).rstrip()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Time the store's main operations on a large generated store."
    )
    parser.add_argument("--data-dir", type=Path, help="build (or reuse) the store here")
    parser.add_argument("--keep", action="store_true", help="keep the temporary store")
    parser.add_argument("--clauses", type=int, default=generate.DEFAULT_CLAUSES)
    parser.add_argument("--notes", type=int, default=generate.DEFAULT_NOTES)
    parser.add_argument("--seed", type=int, default=generate.DEFAULT_SEED)
    parser.add_argument("--repeat", type=int, default=30, help="timed runs per figure")
    parser.add_argument("--warmup", type=int, default=2, help="untimed runs before them")
    parser.add_argument(
        "--as-of", type=dt.date.fromisoformat, default=generate.AS_OF, help="board date"
    )
    parser.add_argument("--goal-board", type=float, default=50.0, help="ms (default 50)")
    parser.add_argument("--goal-status", type=float, default=5.0, help="ms (default 5)")
    parser.add_argument(
        "--profile",
        choices=("failed", "all", "none"),
        default="failed",
        help="cProfile the operations that miss their goal (default), all, or none",
    )
    parser.add_argument(
        "--output",
        type=Path,
        default=DEFAULT_OUTPUT,
        help=f"where to write the Markdown report (default {DEFAULT_OUTPUT.relative_to(HERE.parent)})",
    )
    parser.add_argument("--no-output", dest="output", action="store_const", const=None)
    parser.add_argument(
        "--strict", action="store_true", help="exit with status 1 when a goal is missed"
    )
    args = parser.parse_args(argv)
    if args.repeat < 1 or args.warmup < 0:
        parser.error("--repeat must be at least 1 and --warmup at least 0")
    return run(args)


if __name__ == "__main__":
    sys.exit(main())
