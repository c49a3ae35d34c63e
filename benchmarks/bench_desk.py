"""How fast the desk window starts and answers keys, and how much memory it takes.

Four measurements, for the spec's goals and issue 13's:

1. **Start**, whole processes timed from outside: wall clock from just before the
   process is started to the moment each of its lines arrives. ``vision-desk
   --smoke`` (``.venv/bin/python -m vision_desk --data-dir DIR --smoke``) prints
   three: the window *painted* with the first board, the desk *ready for keys*
   (the key dispatcher answers; the store is opening in a background thread) and
   the *store open* (the search index over every note built; then it exits).
   Subjects: (a) a store holding only the bundled Shared Vision, (b) the
   5,000-clause / 50,000-note store, and ``bare_window.py`` (a minimal PySide6
   ``QMainWindow`` that prints on its first paint and quits), started the same
   way. The runs are paired and interleaved (10 rounds by default, after 2
   untimed), with ``QT_QPA_PLATFORM=offscreen`` and, when ``Xvfb`` is installed,
   under an X server started here (``Xvfb -displayfd``, ``QT_QPA_PLATFORM=xcb``).
   CPU time (all threads, ``/proc/PID/stat``) and the main thread's wait for a
   CPU (``/proc/PID/schedstat``: a busy machine) are read as each line arrives.
   Goals (issue 13): ready for keys within 2.5x the bare window's first paint on
   the Shared Vision and 3.5x on the 5,000-clause store; the first paint on the
   Shared Vision within 2x (the spec's first goal). The store-open figure is
   reported without a goal.
2. **The first key after a start**, with no warm-up: one desk start per fresh
   process, the program's own way (``vision_desk.main.main``: ``run_desk`` with
   the real ``open_store``), listening on the desk's public timing hook
   (``vision_desk.services.timing.listen``). When the "ready for keys" milestone
   arrives (or once the store is open), one key is pressed with ``QTest`` into
   the focused widget from a ``QTimer.singleShot(0, ...)`` and timed to idle;
   then the window is closed so that ``run_desk`` returns, and the process prints
   one JSON line. Cases on the big store: ``j`` at ready for keys; the first
   search keystroke at ready for keys, right after the store opened, and after a
   board reload; the status key ``2`` at ready for keys (a queued write: how long
   after the press it is applied). 10 processes per case by default.
3. **Keys in one process** on the big store, built with ``build_window`` (the
   store opened first), through the window's public API (``window.session``,
   ``window.refresh``, ``window.catch_up_panes``), each key from ``QTest``'s
   event to the end of the work it causes *including the repaint* (Qt's event
   loop is run until idle). Cases: search keystrokes first, with no warm-up (the
   process's first key is one of them, and is reported on its own too), the
   clause pane catching up once a search pauses, ``j`` from random places, ``j``
   200 times in a row, ``j`` onto the clause with the most notes, the status key
   ``2`` (a durable write) and its undo. Goals: 16 ms (one frame at 60 Hz) at
   p95, and the window thread's CPU time under 10 ms at p95.
4. **Memory** of that process (``VmRSS``, ``VmHWM``) and the peak RSS of each
   ``--smoke`` process. Goal: under 250 MB.

Per-step times come from the timing hook's ``Step`` events (the command, the list
model reset, the clause panes, the summary), never from patching the desk's
methods; beside each key, the window thread's CPU time and its wait for a CPU
tell the desk's own cost from a busy machine's. What misses a goal is profiled
(cProfile).

    .venv/bin/python benchmarks/bench_desk.py [--data-dir DIR] [--runs 10] ...

It prints a Markdown report and writes it to benchmarks/results-desk.md.

The benchmark's parts, in this folder (the child processes re-run this file with
their own flags: ``--first-key``, ``--worker``, ``--profile-start-child``):

- ``desk_starts.py``: 1, the whole-process starts, and the start's import-time
  profile and cProfile;
- ``desk_first_keys.py``: 2, the first-key-after-start processes;
- ``desk_keys.py``: 3 and 4, the keys and memory in one desk process;
- ``desk_rig.py``: the timing-hook listener and key-pressing rig that 2 and 3 share;
- ``desk_report.py`` and ``desk_report_sections.py``: the Markdown report (the
  results table's rows and verdicts, then the sections under it);
- ``desk_common.py``: the folders, units, milestones and statistics all of them use.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import generate
from desk_common import HERE, MB, MILESTONES, MS, PAINTED, READY, Row, median, ms, p95, verdict
from desk_first_keys import FIRST_CASES, first_key_child, run_first_keys
from desk_keys import run_worker, worker
from desk_report import (
    findings_about_starts,
    first_key_rows,
    key_rows,
    machine_lines,
    memory_rows,
    render,
    start_rows,
)
from desk_report_sections import breakdown, first_key_sections, start_sections
from desk_starts import (
    Display,
    Subject,
    measure_starts,
    platform_env,
    profile_start,
    start_profile_child,
    start_xvfb,
)

DEFAULT_OUTPUT = HERE / "results-desk.md"


# -- the driver --------------------------------------------------------------------------------


def forget_review_date(data_dir: Path) -> str:
    """Drop a review date the desk saved in the folder's window state (``desk.ini``),
    so that every run opens on the same date: today for the program's starts,
    ``--as-of`` for the one-process benchmark."""
    state = data_dir / "config" / "desk.ini"
    try:
        lines = state.read_text(encoding="utf-8").splitlines(keepends=True)
    except OSError:
        return ""
    kept = [line for line in lines if not line.startswith("review_date=")]
    if len(kept) == len(lines):
        return ""
    state.write_text("".join(kept), encoding="utf-8")
    return f"dropped the review date saved in {state}"


def run(args: argparse.Namespace) -> int:
    from bench_store import ensure_store, load_average

    load_before = load_average()
    temporary_root = Path(tempfile.mkdtemp(prefix="vision-desk-bench-desk-"))
    display: Display | None = None
    try:
        big = args.data_dir.resolve() if args.data_dir else temporary_root / "big"
        print(f"Big store: {big}", flush=True)
        built = ensure_store(big, args.clauses, args.notes, args.seed)
        print(built, flush=True)
        forgot = forget_review_date(big)
        if forgot:
            print(forgot, flush=True)
        shared = temporary_root / "shared-vision"  # made by the first (untimed) start
        python = sys.executable
        subjects = [
            Subject(
                "bare", "bare PySide6 window", [python, str(HERE / "bare_window.py")], (PAINTED,)
            ),
            Subject(
                "sv",
                "desk, Shared Vision (24 clauses)",
                [python, "-m", "vision_desk", "--data-dir", str(shared), "--smoke"],
                MILESTONES,
                "Shared Vision",
            ),
            Subject(
                "big",
                f"desk, {args.clauses:,}-clause store",
                [python, "-m", "vision_desk", "--data-dir", str(big), "--smoke"],
                MILESTONES,
                f"{args.clauses:,} clauses",
            ),
        ]
        platforms = ["offscreen"]
        qt_info: dict[str, str] = {"xvfb": "not used (--no-xvfb)" if args.no_xvfb else "none"}
        if not args.no_xvfb:
            display = start_xvfb()
            if display is None:
                qt_info["xvfb"] = "not installed: the xcb figures are missing"
            else:
                platforms.append("xcb")
                qt_info["xvfb"] = f"{display.version}, display {display.name}"
        print(
            f"Start-up: {args.runs} rounds after {args.warmup_runs} untimed, "
            f"on {', '.join(platforms)}; first keys: {args.first_runs} processes per case",
            flush=True,
        )
        workers: dict[str, dict[str, Any]] = {}
        firsts: dict[str, dict[str, Any]] = {}
        for name in platforms:
            # Starts first, then the keys on the same platform: the window state the
            # starts save (geometry, current clause) is the one the key benchmarks open.
            measure_starts(subjects, [name], display, args)
            # Profiles from the first platform only (the code path is the same).
            profile = args.profile if name == platforms[0] or args.profile == "all" else "none"
            print(f"First keys after a start ({name}) ...", flush=True)
            firsts[name] = run_first_keys(big, platform_env(name, display), args, profile)
            print(f"Keys and memory in one desk process ({name}) ...", flush=True)
            workers[name] = run_worker(big, platform_env(name, display), args, profile)
        first = workers["offscreen"]
        qt_info.update(pyside=first["qt"]["pyside"], qt=first["qt"]["qt"])

        goal, cpu_goal = args.goal_frame / MS, args.goal_cpu / MS
        start_goals = {
            ("sv", PAINTED): args.goal_ratio,
            ("sv", READY): args.goal_ready,
            ("big", READY): args.goal_ready_big,
        }
        rows: list[Row] = []
        for name in platforms:
            rows += start_rows(subjects, name, start_goals)
        for name in platforms:
            rows += first_key_rows(firsts[name], name, goal, cpu_goal)
        for name in platforms:
            rows += key_rows(workers[name], name, goal, cpu_goal)
        for name in platforms:
            rows += memory_rows(workers[name], name, args.goal_memory)
        for name in platforms:
            peak = max(start.maxrss_kb for start in subjects[2].starts[name]) * 1024 / MB
            rows.append(
                Row(
                    f"peak RSS of the `--smoke` process, {subjects[2].label} ({name})",
                    f"{peak:.0f} MB",
                    "—",
                    f"< {args.goal_memory:g} MB",
                    verdict(peak, peak, args.goal_memory),
                )
            )

        sections = start_sections(subjects, platforms)
        sections += [
            "",
            "In-process phases of one start on the big store, the key benchmark's own "
            "(offscreen; `build_window` opens the store first and goes live at once, unlike "
            "the program's start):",
            "",
            "| phase | time |",
            "|---|---:|",
        ]
        sections += [f"| {phase} | {ms(seconds)} |" for phase, seconds in first["phases"].items()]
        to_profile = []
        for subject in subjects[1:]:
            over = any(
                verdict(
                    median(subject.values(name, milestone))
                    / median(subjects[0].values(name, PAINTED)),
                    p95(subject.values(name, milestone)) / p95(subjects[0].values(name, PAINTED)),
                    start_goals[(subject.key, milestone)] + 1e-9,
                ).startswith("FAIL")
                for name in platforms
                for milestone in MILESTONES
                if (subject.key, milestone) in start_goals
            )
            # The big store's start always: its store-open figure is far from any goal.
            if args.profile == "all" or over or subject.key == "big":
                to_profile.append(subject)
        if args.profile != "none":
            for subject in to_profile:
                print(f"  profiling the start: {subject.label} ...", flush=True)
                text = profile_start(
                    subject, subjects[0], platform_env("offscreen", None), args.top
                )
                sections += [
                    "",
                    f"### Profile: start, {subject.label} (offscreen)",
                    "",
                    "```text",
                    text,
                    "```",
                ]
        sections += ["", *first_key_sections(firsts, platforms, goal, cpu_goal, args.profile)]
        # Keys in one process.
        sections += ["", "## Keys in one desk process on the big store", ""]
        for name in platforms:
            info = workers[name]["qt"]
            sections.append(
                f"- {name}: window {info['window']}, clause list viewport "
                f"{info['navigator']} (Qt platform '{info['platform']}')"
            )
        # A breakdown of each key over a goal, on the first platform where it is
        # (the code path is the same on both; the table has the other's figures).
        shown: set[str] = set()
        for name in platforms:
            for case_id, case in workers[name]["cases"].items():
                totals = [sample["total"] for sample in case["samples"]]
                cpus = [sample["cpu"] for sample in case["samples"]]
                over = p95(totals) >= goal or p95(cpus) >= cpu_goal
                if args.profile != "all" and (case_id == "undo" or not over or case_id in shown):
                    continue
                shown.add(case_id)
                sections += ["", f"### Breakdown ({name})", "", *breakdown(case, goal)]
                profile_text = workers[name]["profiles"].get(case_id)
                if profile_text and case_id != "undo":
                    sections += ["", "```text", profile_text, "```"]
        memory = first["memory"]
        sections += [
            "",
            "## Memory (offscreen)",
            "",
            "| when | VmRSS | VmHWM (peak) |",
            "|---|---:|---:|",
        ]
        labels = {
            "after search": "after the search keystrokes",
            "after j": "after the `j` keys from random places",
            "after j_walk": "after the `j` walk",
            "after j_heaviest": "after `j` onto the clause with the most notes",
            "after status": "after the status keys and their undos",
            "after keys": f"after all {memory['actions']} keys",
        }
        for when in memory:
            if when != "actions":
                label = labels.get(when, when)
                sections.append(
                    f"| {label} | {memory[when]['VmRSS'] / MB:.0f} MB | "
                    f"{memory[when]['VmHWM'] / MB:.0f} MB |"
                )

        method = (
            f"Start-up: whole processes timed from outside, {args.runs} rounds after "
            f"{args.warmup_runs} untimed, each round one start of every process in a turning "
            "order; *start → X* is from just before the process is started to the moment "
            "its line for X arrives (`--smoke` prints one as the window first paints, one "
            "when the desk is ready for keys, one when the store is open). The ratio is "
            "desk ÷ the bare window's first paint, of the medians and of the p95s; both "
            "must be within the goal. *CPU* of a start: the process's CPU time (all "
            "threads) when the line arrived. First key after start: one fresh process per "
            f"key, {args.first_runs} per case, the key pressed from a timer as the "
            "milestone arrives. Keys in one process: on the big store (as of "
            f"{args.as_of.isoformat()}), {args.repeat} keys per case after {args.warmup} "
            "untimed (none for the search keystrokes). Every key: from `QTest`'s key event "
            "(through Qt's shortcut map) to the end of the last event-loop pass that did "
            "work (layout and paint included); *CPU* is the window thread's CPU time "
            "(`thread_time`) over the same span. A figure passes when its p95 is under "
            "the goal; `FAIL (p95)` means only the median does. A wall time far above "
            "the CPU time means the thread waited (other programs, or the store opening in "
            "the background thread). MB = 1,000,000 bytes."
        )
        spread = first.get("notes_per_clause", {})
        most = spread.pop("most", "?")
        with_counts = (
            f"big store {big}: {built}. Notes per clause: "
            + ", ".join(f"{label}: {count:,} clauses" for label, count in spread.items())
            + f"; most: {most}. Shared Vision store: a new data folder, made by the first "
            "untimed start."
        )
        report = render(
            rows,
            sections,
            machine_lines(big, (load_before, load_average()), qt_info),
            with_counts,
            method,
            findings_about_starts(subjects, platforms, args),
        )
        print()
        print(report)
        if args.output:
            args.output.write_text(report + "\n", encoding="utf-8")
            print(f"written to {args.output}")
        if args.raw:
            raw = {
                "starts": {
                    s.key: {name: [vars(start) for start in s.starts[name]] for name in platforms}
                    for s in subjects
                },
                "first_keys": firsts,
                "keys": workers,
            }
            args.raw.write_text(json.dumps(raw), encoding="utf-8")
            print(f"measurements written to {args.raw}")
        failed = any(
            row.result.startswith("FAIL") or row.cpu_result.startswith("FAIL") for row in rows
        )
        return 1 if failed and args.strict else 0
    finally:
        if display is not None:
            display.process.terminate()
            display.process.wait(timeout=10)
        if args.keep:
            print(f"kept {temporary_root}")
        else:
            shutil.rmtree(temporary_root, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Time the desk window's start, first keys, keys and memory on a large store."
    )
    parser.add_argument("--data-dir", type=Path, help="the big store: built here once, reused")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument("--clauses", type=int, default=generate.DEFAULT_CLAUSES)
    parser.add_argument("--notes", type=int, default=generate.DEFAULT_NOTES)
    parser.add_argument("--seed", type=int, default=generate.DEFAULT_SEED)
    parser.add_argument("--as-of", type=dt.date.fromisoformat, default=generate.AS_OF)
    parser.add_argument("--runs", type=int, default=10, help="timed start rounds")
    parser.add_argument("--warmup-runs", type=int, default=2, help="untimed start rounds first")
    parser.add_argument(
        "--first-runs", type=int, default=10, help="fresh processes per first-key case"
    )
    parser.add_argument(
        "--first-profile-runs", type=int, default=3, help="processes per first-key profile"
    )
    parser.add_argument("--repeat", type=int, default=60, help="timed keys per case")
    parser.add_argument("--warmup", type=int, default=3, help="untimed keys first")
    parser.add_argument("--walk", type=int, default=200, help="j presses in a row")
    parser.add_argument("--worst", type=int, default=3, help="j onto the most-noted clause")
    parser.add_argument("--no-xvfb", action="store_true", help="offscreen only")
    parser.add_argument(
        "--goal-ratio", type=float, default=2.0, help="first paint ÷ bare, Shared Vision"
    )
    parser.add_argument(
        "--goal-ready", type=float, default=2.5, help="ready for keys ÷ bare, Shared Vision"
    )
    parser.add_argument(
        "--goal-ready-big", type=float, default=3.5, help="ready for keys ÷ bare, big store"
    )
    parser.add_argument("--goal-frame", type=float, default=16.0, help="ms (default 16)")
    parser.add_argument("--goal-cpu", type=float, default=10.0, help="ms of CPU (default 10)")
    parser.add_argument("--goal-memory", type=float, default=250.0, help="MB (default 250)")
    parser.add_argument("--profile", choices=("failed", "all", "none"), default="failed")
    parser.add_argument("--top", type=int, default=25, help="lines per profile")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    parser.add_argument("--no-output", dest="output", action="store_const", const=None)
    parser.add_argument("--raw", type=Path, help="also write every measurement here (JSON)")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a goal is missed")
    # The child processes' own options.
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--worker-output", type=Path, help=argparse.SUPPRESS)
    parser.add_argument(
        "--first-key", choices=[case.id for case in FIRST_CASES], help=argparse.SUPPRESS
    )
    parser.add_argument("--run-index", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--first-timeout", type=float, default=60.0, help=argparse.SUPPRESS)
    parser.add_argument("--profile-key", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--profile-start-child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--profile-dir", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.runs < 1 or args.repeat < 1 or args.first_runs < 1 or args.first_profile_runs < 1:
        parser.error("--runs, --first-runs, --first-profile-runs and --repeat must be at least 1")
    if args.warmup < 0 or args.warmup_runs < 0:
        parser.error("the warm-ups must be at least 0")
    if args.first_key:
        first_key_child(args)
        return 0
    if args.profile_start_child:
        return start_profile_child(args)
    if args.worker:
        worker(args)
        return 0
    return run(args)


if __name__ == "__main__":
    sys.exit(main())
