"""Parts 3 and 4 of the desk benchmark (``bench_desk.py``): keys and memory in one
desk process on the big store.

The driver calls ``run_worker``; it starts ``bench_desk.py --worker``, whose
``worker`` builds the window, presses every case's keys, profiles what misses a
goal and writes its results as JSON to ``--worker-output``.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import io
import json
import os
import pstats
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desk_common import DRIVER, MS, ROOT, p95
from desk_rig import Hook, KeyRig, render_stats

# -- 3 and 4. keys and memory in one desk process --------------------------------------------


# What the search case types: titles, references, notes' words, Urdu.
SEARCHES = (
    "trade",
    "customs post",
    "refugee",
    "rail link",
    "minutes",
    "art.7(",
    "p-12",
    "budget speech",
    "مشترکہ",
    "scholarship scheme",
    "hotline",
)


def memory_now() -> dict[str, int]:
    """VmRSS and VmHWM (peak) of this process, in bytes."""
    values: dict[str, int] = {}
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            key, _, rest = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                values[key] = int(rest.split()[0]) * 1024
    except OSError:
        import resource

        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
        values = {"VmRSS": peak, "VmHWM": peak}
    return values


@dataclass
class Case:
    id: str
    label: str
    function: Callable[[int], Iterator[dict[str, Any]]]
    timed: int
    warmup: int
    profile_runs: int


def worker(args: argparse.Namespace) -> None:
    """The in-process part: run in its own process, so that its memory is the
    desk's (plus QtTest and this script), never the driver's."""
    result: dict[str, Any] = {"phases": {}, "cases": {}, "profiles": {}, "memory": {}}
    phases = result["phases"]
    started = time.perf_counter()
    import PySide6
    from PySide6.QtCore import Qt, qVersion
    from PySide6.QtTest import QTest

    from vision_desk import app as desk_app
    from vision_desk.domain.agreement import ClauseKind
    from vision_desk.services import timing
    from vision_desk.ui.app import build_window, make_application

    phases["imports (PySide6, vision_desk, QtTest)"] = time.perf_counter() - started
    mark = time.perf_counter()
    opened = desk_app.open_desk(str(args.data_dir), author="Bench Officer")
    phases["app.open_desk"] = time.perf_counter() - mark
    mark = time.perf_counter()
    application = make_application([sys.argv[0]])
    phases["make_application"] = time.perf_counter() - mark
    mark = time.perf_counter()
    window = build_window(opened, today=args.as_of)
    phases["build_window (board, notes for search, widgets, saved state, go live)"] = (
        time.perf_counter() - mark
    )
    painted: list[float] = []
    window.painted.connect(lambda: painted.append(time.perf_counter()))
    mark = time.perf_counter()
    window.show()
    window.activateWindow()
    deadline = time.perf_counter() + 10
    while not painted and time.perf_counter() < deadline:
        application.processEvents()
    if not painted:
        raise SystemExit("the window never painted")
    phases["show -> first paint"] = painted[0] - mark
    phases["total"] = painted[0] - started
    if not QTest.qWaitForWindowActive(window, 5000):
        raise SystemExit("the window never became active (keys would not reach it)")
    for _ in range(5):
        application.processEvents()
    result["memory"]["after start"] = memory_now()
    result["qt"] = {
        "pyside": PySide6.__version__,
        "qt": qVersion(),
        "platform": application.platformName(),
        "window": f"{window.width()}x{window.height()}",
        "navigator": f"{window.navigator.viewport().width()}x"
        f"{window.navigator.viewport().height()}",
    }

    hook = Hook()
    timing.listen(hook.hear)
    rig = KeyRig(window, hook)
    session = window.session
    navigator = window.navigator
    search = window.filter_bar.search
    rng = random.Random(args.seed)

    # A known start: no search or filter from an earlier session, the list focused.
    if session.effective_filters().active:
        window.refresh(session.clear_filters())
    navigator.setFocus()
    rig.drain()
    rig.focus_is(navigator)

    undo_samples: list[dict[str, Any]] = []
    pane_samples: list[dict[str, Any]] = []

    def case_search(n: int) -> Iterator[dict[str, Any]]:
        """Queries typed a character at a time, each key timed; the first is the
        process's first search key (no warm-up)."""
        produced = 0
        while produced < n:
            for query in SEARCHES:
                # From a random clause in the whole list, as the officer would be.
                rig.select_position(rng.choice(session.list.clause_positions))
                rig.focus_is(navigator)
                rig.key(navigator, "/")()
                rig.drain()
                rig.focus_is(search)
                for character in query:
                    yield rig.timed(rig.key(search, character))
                    produced += 1
                # The typing has paused: time the clause pane catching up with the
                # first match (the work the desk's timer does, not its wait), when
                # the panes were behind (the hook then tells a "panes" step).
                sample = rig.timed(window.catch_up_panes)
                if any(step[0] == "panes" for step in sample["steps"]):
                    pane_samples.append(sample)
                QTest.keyClick(search, Qt.Key.Key_Escape)
                rig.drain()
                rig.focus_is(navigator)
                if produced >= n:
                    return

    def case_j_random(n: int) -> Iterator[dict[str, Any]]:
        positions = session.list.clause_positions[:-1]
        for position in rng.sample(positions, n):
            rig.select_position(position)
            rig.focus_is(navigator)
            yield rig.timed(rig.key(navigator, "j"))

    def case_j_walk(n: int) -> Iterator[dict[str, Any]]:
        rig.select_position(session.list.clause_positions[0])
        rig.focus_is(navigator)
        for _ in range(n):
            yield rig.timed(rig.key(navigator, "j"))

    def case_status(n: int) -> Iterator[dict[str, Any]]:
        commitments = [
            row.clause.ref
            for row in session.list.rows()
            if row.clause.kind is ClauseKind.COMMITMENT and row.status.value != "advanced"
        ]
        for ref in rng.sample(commitments, n):
            rig.select(ref)
            rig.focus_is(navigator)
            sample = rig.timed(rig.key(navigator, "2"))
            if session.rows[ref].status.value != "advanced":
                raise SystemExit(
                    f"'2' did not set {ref} to advanced: {window.statusBar().currentMessage()}"
                )
            yield sample
            # Put it back, so reruns see the same store (and time the undo too).
            undo_samples.append(
                rig.timed(rig.key(navigator, "z", Qt.KeyboardModifier.ControlModifier))
            )
            if session.rows[ref].status.value == "advanced":
                raise SystemExit(f"Ctrl+Z did not undo the change to {ref}")

    by_notes = sorted(session.list.rows(), key=lambda row: -row.note_count)
    heaviest = by_notes[0]
    result["notes_per_clause"] = {
        label: sum(1 for row in by_notes if low <= row.note_count <= high)
        for label, low, high in (
            ("0", 0, 0),
            ("1–9", 1, 9),
            ("10–49", 10, 49),
            ("50–199", 50, 199),
            ("200–999", 200, 999),
            ("1000+", 1000, 10**9),
        )
    }
    result["notes_per_clause"]["most"] = f"{heaviest.clause.ref} ({heaviest.note_count})"

    def case_j_heaviest(n: int) -> Iterator[dict[str, Any]]:
        """Onto the clause with the most notes: the worst case of the same key."""
        positions = session.list.clause_positions
        at = positions.index(session.list.position_of(heaviest.clause.ref))
        before, key_text = (positions[at - 1], "j") if at > 0 else (positions[at + 1], "k")
        for _ in range(n):
            rig.select_position(before)
            rig.focus_is(navigator)
            yield rig.timed(rig.key(navigator, key_text))

    cases = [
        # First: its first key is the process's first key of all (no warm-up).
        Case(
            "search",
            "search keystroke (one character into the search field)",
            case_search,
            args.repeat,
            0,
            30,
        ),
        Case(
            "j",
            f"next clause (`j`), from {args.repeat} random places",
            case_j_random,
            args.repeat,
            args.warmup,
            30,
        ),
        Case(
            "j_walk",
            f"next clause (`j`), {args.walk} times in a row from the top",
            case_j_walk,
            args.walk,
            args.warmup,
            30,
        ),
        # Milliseconds to seconds per key: few runs, one untimed, one profiled.
        Case(
            "j_heaviest",
            f"next clause onto the clause with the most notes "
            f"({heaviest.clause.ref}, {heaviest.note_count:,} notes), worst case",
            case_j_heaviest,
            args.worst,
            min(args.warmup, 1),
            1,
        ),
        Case(
            "status",
            "status key (`2` on a commitment: durable write)",
            case_status,
            args.repeat,
            args.warmup,
            30,
        ),
    ]
    actions = 0
    for case in cases:
        print(f"    {case.id} ...", file=sys.stderr, flush=True)
        gc.collect()
        samples = list(case.function(case.warmup + case.timed))
        actions += len(samples)
        result["cases"][case.id] = {"label": case.label, "samples": samples[case.warmup :]}
        result["memory"][f"after {case.id}"] = memory_now()
        if case.id == "search":
            result["first_search"] = samples[0]
    result["cases"]["undo"] = {
        "label": "undo (`Ctrl+Z`) of that status change",
        "samples": undo_samples[args.warmup :],
    }
    actions += len(undo_samples)
    result["cases"]["search_pane"] = {
        "label": "clause pane catching up with the first match once a search pauses",
        "samples": pane_samples,
    }
    actions += len(pane_samples)
    result["memory"]["after keys"] = memory_now()
    result["memory"]["actions"] = actions

    # Profiles of what misses a goal (cProfile around the key and the event loop).
    goal, cpu_goal = args.goal_frame / MS, args.goal_cpu / MS
    for case in cases:
        samples = result["cases"][case.id]["samples"]
        over = (
            p95([s["total"] for s in samples]) >= goal
            or p95([s["cpu"] for s in samples]) >= cpu_goal
        )
        if args.profile == "none" or (args.profile == "failed" and not over):
            continue
        print(f"    profiling {case.id} ...", file=sys.stderr, flush=True)
        rig.profiler = cProfile.Profile()
        runs = min(case.profile_runs, case.timed)
        for _ in case.function(runs):
            pass
        result["profiles"][case.id] = render_stats(
            pstats.Stats(rig.profiler, stream=io.StringIO()), f"{case.id}, {runs} keys", args.top
        )
        rig.profiler = None
    timing.listen(None)
    result["memory"]["at the end (after profiling)"] = memory_now()
    args.worker_output.write_text(json.dumps(result), encoding="utf-8")
    sys.stdout.flush()
    sys.stderr.flush()
    # The store closed cleanly (its WAL emptied), or the next start would take the
    # slow way in, as after a crash. The window is not closed: that would save this
    # session's window state into the data folder.
    opened.close()
    os._exit(0)


def run_worker(
    data_dir: Path, env: dict[str, str], args: argparse.Namespace, profile: str
) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as folder:
        output = Path(folder) / "result.json"
        command = [
            sys.executable,
            str(DRIVER),
            "--worker",
            "--worker-output",
            str(output),
            "--data-dir",
            str(data_dir),
            "--repeat",
            str(args.repeat),
            "--warmup",
            str(args.warmup),
            "--walk",
            str(args.walk),
            "--worst",
            str(args.worst),
            "--seed",
            str(args.seed),
            "--as-of",
            args.as_of.isoformat(),
            "--goal-frame",
            str(args.goal_frame),
            "--goal-cpu",
            str(args.goal_cpu),
            "--profile",
            profile,
            "--top",
            str(args.top),
        ]
        finished = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
        progress = [line for line in finished.stderr.splitlines() if line.startswith("    ")]
        for line in progress:
            print(line, flush=True)
        if finished.returncode != 0 or not output.exists():
            raise SystemExit(
                f"the in-process benchmark failed (exit {finished.returncode}):\n"
                f"{finished.stdout}\n{finished.stderr}"
            )
        return json.loads(output.read_text(encoding="utf-8"))
