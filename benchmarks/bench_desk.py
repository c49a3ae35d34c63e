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
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import gc
import io
import json
import math
import os
import platform
import pstats
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DEFAULT_OUTPUT = HERE / "results-desk.md"
MS = 1000.0
MB = 1_000_000
SMOKE_LINE = re.compile(r"^smoke: (?P<what>.*) in (?P<seconds>[0-9.]+) s$")
# The start's milestones, as the timing hook names them and --smoke prints them.
PAINTED, READY, OPEN = "painted", "ready for keys", "store open"
MILESTONES = (PAINTED, READY, OPEN)
SAID = {PAINTED: "first paint", READY: "ready for keys", OPEN: "store open"}
FIRST_KEY_PREFIX = "first-key: "
STATUS_COMMAND = "command clause.set_status.2"
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
# The first-key processes' one search letter, in turn (the searches' first letters).
FIRST_LETTERS = "tcrmapbsh"
# An event-loop pass that used less of the window thread's CPU than this and
# painted none of the watched widgets counts as idle (an idle pass costs about
# 0.05 ms). CPU rather than wall time: a pass that only waited for Python's lock
# (the store opening in a background thread) or for another program did no work.
IDLE_PASS_CPU_S = 0.0005
NOTE_BUCKETS = ((0, 0), (1, 9), (10, 49), (50, 199), (200, 10**9))
CLOCK_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


# -- statistics ---------------------------------------------------------------------------


def median(values: list[float]) -> float:
    return statistics.median(values)


def p95(values: list[float]) -> float:
    """Nearest rank: 95 % of runs took at most this."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


@dataclass
class Row:
    """One line of the results table."""

    what: str
    median: str
    p95: str
    goal: str
    result: str
    cpu: str = "—"
    cpu_p95: str = "—"
    cpu_goal: str = "—"
    cpu_result: str = "—"


def verdict(median_value: float, p95_value: float, goal: float | None) -> str:
    if goal is None:
        return "—"
    if p95_value < goal:
        return "pass"
    if median_value < goal:
        return "FAIL (p95)"
    return "FAIL"


def ms(seconds: float) -> str:
    return f"{seconds * MS:.1f} ms"


# -- the machine ----------------------------------------------------------------------------


def machine_lines(data_dir: Path, loads: tuple[str, str], qt: dict[str, str]) -> list[str]:
    import sqlite3

    from bench_store import code_version, cpu_model, filesystem_of

    memory = "unknown"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    return [
        f"- Code: {code_version()}",
        f"- CPU: {cpu_model()} ({os.cpu_count()} logical CPUs), memory {memory}",
        f"- OS: {platform.platform()}",
        f"- Python: {platform.python_implementation()} {platform.python_version()}; "
        f"SQLite {sqlite3.sqlite_version}",
        f"- Qt: PySide6 {qt.get('pyside', '?')}, Qt {qt.get('qt', '?')}",
        f"- X server: {qt.get('xvfb', 'none')}",
        f"- Data folder: {data_dir} — {filesystem_of(data_dir)}",
        f"- Load average (1/5/15 min): {loads[0]} at the start, {loads[1]} at the end",
    ]


# -- 1. start-up, whole processes timed from outside ------------------------------------------


@dataclass
class Start:
    at: dict[str, float]  # milestone -> from just before the process starts to its line
    own: dict[str, float]  # milestone -> what the process printed (from its first line of Python)
    cpu_at: dict[str, float]  # milestone -> its CPU time so far, all threads (10 ms ticks)
    waited_at: dict[str, float]  # milestone -> its main thread's wait for a CPU so far
    exit_s: float  # from just before the process starts to its exit
    maxrss_kb: int
    cpu_s: float  # the whole run's CPU time (user + system), from wait4


@dataclass
class Subject:
    key: str
    label: str
    argv: list[str]
    milestones: tuple[str, ...]
    short: str = ""  # the subject in a ratio's line
    starts: dict[str, list[Start]] = field(default_factory=dict)

    def values(self, name: str, milestone: str) -> list[float]:
        return [start.at[milestone] for start in self.starts[name]]

    def cpus(self, name: str, milestone: str) -> list[float]:
        return [s.cpu_at[milestone] for s in self.starts[name] if milestone in s.cpu_at]


def milestone_of(what: str) -> str | None:
    """The milestone a ``smoke:`` line reports."""
    for milestone, words in ((READY, "ready for keys"), (OPEN, "store open"), (PAINTED, "painted")):
        if words in what:
            return milestone
    return None


def process_cpu(pid: int) -> float | None:
    """A running process's CPU time so far (user + system, all its threads), from
    ``/proc/PID/stat``; None where there is no /proc."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = text.rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def cpu_wait(path: str = "/proc/thread-self/schedstat") -> float | None:
    """How long a thread has waited for a CPU while ready to run (the run queue),
    from the kernel's schedstat; None where there is none. Other programs taking the
    machine's CPUs show here, not in the thread's own CPU time."""
    try:
        return int(Path(path).read_text().split()[1]) / 1e9
    except (OSError, IndexError, ValueError):
        return None


def start_once(argv: list[str], env: dict[str, str], expected: tuple[str, ...]) -> Start:
    at: dict[str, float] = {}
    own: dict[str, float] = {}
    cpu_at: dict[str, float] = {}
    waited_at: dict[str, float] = {}
    lines: list[str] = []
    with tempfile.TemporaryFile() as errors:
        started = time.perf_counter()
        process = subprocess.Popen(
            argv, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=errors, text=True
        )
        assert process.stdout is not None
        while line := process.stdout.readline():
            arrived = time.perf_counter()
            cpu = process_cpu(process.pid)
            waited = cpu_wait(f"/proc/{process.pid}/schedstat")
            lines.append(line)
            found = SMOKE_LINE.match(line.strip())
            milestone = milestone_of(found["what"]) if found else None
            if found and milestone and milestone not in at:
                at[milestone] = arrived - started
                own[milestone] = float(found["seconds"])
                if cpu is not None:
                    cpu_at[milestone] = cpu
                if waited is not None:
                    waited_at[milestone] = waited
        process.stdout.close()
        _pid, status, usage = os.wait4(process.pid, 0)
        ended = time.perf_counter()
        process.returncode = os.waitstatus_to_exitcode(status)
        errors.seek(0)
        stderr = errors.read().decode(errors="replace")
    missing = [milestone for milestone in expected if milestone not in at]
    if process.returncode != 0 or missing or "Traceback" in stderr:
        raise SystemExit(
            f"{' '.join(argv)} failed (exit {process.returncode}; missing: {missing}):\n"
            f"{''.join(lines)}\n{stderr}"
        )
    return Start(
        at,
        own,
        cpu_at,
        waited_at,
        ended - started,
        usage.ru_maxrss,
        usage.ru_utime + usage.ru_stime,
    )


@dataclass
class Display:
    name: str
    process: subprocess.Popen[bytes]
    version: str


def start_xvfb() -> Display | None:
    xvfb = shutil.which("Xvfb")
    if xvfb is None:
        return None
    read_end, write_end = os.pipe()
    # Larger than the desk's 1280 x 800 first-start size, so the window gets it.
    server = subprocess.Popen(
        [xvfb, "-displayfd", str(write_end), "-screen", "0", "1920x1080x24", "-nolisten", "tcp"],
        pass_fds=(write_end,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write_end)
    with os.fdopen(read_end) as pipe:
        number = pipe.readline().strip()
    if not number:
        server.terminate()
        server.wait(timeout=10)
        return None
    version = "Xvfb"
    try:
        probe = subprocess.run([xvfb, "-version"], capture_output=True, text=True, timeout=10)
        found = re.search(r"X\.Org X Server ([0-9.]+)", probe.stderr + probe.stdout)
        if found:
            version = f"Xvfb (X.Org {found[1]}), screen 1920x1080x24, no window manager"
    except (OSError, subprocess.TimeoutExpired):
        pass
    return Display(f":{number}", server, version)


def platform_env(name: str, display: Display | None) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("QT_")}
    env["QT_QPA_PLATFORM"] = name
    env.pop("DISPLAY", None)
    env.pop("WAYLAND_DISPLAY", None)
    if name == "xcb":
        assert display is not None
        env["DISPLAY"] = display.name
    # Any value, "0" included, stops Python writing bytecode: without the variable
    # the untimed first starts leave every module compiled, as an installed
    # program has them, instead of compiling the changed ones at every start.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def measure_starts(
    subjects: list[Subject], platforms: list[str], display: Display | None, args: argparse.Namespace
) -> None:
    for name in platforms:
        env = platform_env(name, display)
        for subject in subjects:
            subject.starts[name] = []
        for index in range(args.warmup_runs + args.runs):
            # Paired and interleaved, in a turning order, so that drift hits all
            # subjects alike and each desk start has a bare start beside it.
            turn = index % len(subjects)
            for subject in subjects[turn:] + subjects[:turn]:
                started = start_once(subject.argv, env, subject.milestones)
                if index >= args.warmup_runs:
                    subject.starts[name].append(started)
        bare = median(subjects[0].values(name, PAINTED))
        print(
            f"  {name}: bare {bare * MS:.0f} ms; "
            + "; ".join(
                f"{s.key} "
                + " / ".join(f"{median(s.values(name, m)) * MS:.0f}" for m in MILESTONES)
                + " ms"
                for s in subjects[1:]
            )
            + " (painted / ready for keys / store open)",
            flush=True,
        )


@dataclass
class ImportNode:
    name: str
    cumulative_us: int
    children: list[ImportNode] = field(default_factory=list)


IMPORT_LINE = re.compile(r"import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)")


def import_tree(lines: list[str]) -> list[ImportNode]:
    """``python -X importtime``'s lines as a tree (a module's line follows those of
    the modules it imported, one level deeper)."""
    pending: dict[int, list[ImportNode]] = defaultdict(list)
    for line in lines:
        found = IMPORT_LINE.match(line)
        if not found:
            continue
        depth = (len(found[3]) - 1) // 2
        node = ImportNode(found[4], int(found[2]), pending.pop(depth + 1, []))
        pending[depth].append(node)
    roots = pending.pop(0, [])
    # Lines whose parent came in another phase (or another thread): shown as roots.
    for depth in sorted(pending):
        roots += pending[depth]
    return roots


def import_self_times(lines: list[str]) -> dict[str, int]:
    """Import time by package, each module's own time only (so they add up), in µs."""
    totals: dict[str, int] = defaultdict(int)
    for line in lines:
        found = IMPORT_LINE.match(line)
        if not found:
            continue
        top = found[4].split(".")[0]
        if top in ("PySide6", "shiboken6", "shibokensupport"):
            group = "PySide6 + shiboken6"
        elif top == "vision_desk":
            group = "vision_desk (the project's own modules)"
        elif top in sys.stdlib_module_names or top.startswith("_"):
            group = "standard library"
        else:
            group = top
        totals[group] += int(found[1])
    return totals


def render_imports(nodes: list[ImportNode], floor_us: int, depth: int = 0) -> list[str]:
    lines = []
    for node in sorted(nodes, key=lambda node: -node.cumulative_us):
        if node.cumulative_us < floor_us:
            break
        lines.append(f"  {node.cumulative_us / 1000:7.1f} ms  {'  ' * depth}{node.name}")
        if depth < 3:
            lines += render_imports(node.children, floor_us, depth + 1)
    return lines


def import_phases(argv: list[str], env: dict[str, str]) -> tuple[dict[str, list[str]], str]:
    """``-X importtime``'s lines of one start, split at the first-paint line: the
    program's output and Python's import lines share one pipe, so their order is
    kept (the smoke lines are flushed, the import lines are unbuffered)."""
    command = [argv[0], "-X", "importtime", *argv[1:]]
    probe = subprocess.run(
        command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    if probe.returncode != 0:
        return {}, f"{' '.join(command)} failed (exit {probe.returncode}):\n{probe.stdout[-2000:]}"
    phases: dict[str, list[str]] = {"before": [], "after": []}
    phase = "before"
    for line in probe.stdout.splitlines():
        if line.startswith("smoke: ") and "painted" in line:
            phase = "after"
        elif line.startswith("import time:"):
            phases[phase].append(line)
    return phases, ""


def profile_start(subject: Subject, bare: Subject, env: dict[str, str], top: int) -> str:
    """Where a desk start's time goes: Python's import times before and after the
    first paint (beside the bare window's), then cProfile of the window's thread
    and of the background threads."""
    desk, failed = import_phases(subject.argv, env)
    if failed:
        return failed
    bare_phases, failed = import_phases(bare.argv, env)
    if failed:
        return failed
    before = import_self_times(desk["before"])
    after = import_self_times(desk["after"])
    floor = import_self_times(bare_phases["before"] + bare_phases["after"])
    out = [
        "python -X importtime, by package (each module's own time; one run each, so +-10 %).",
        "Before the first paint the imports run on the window's thread; after it, the",
        "store's libraries (SQLAlchemy, Alembic, the storage and services modules) load",
        "in the background thread that opens the store while the desk takes keys.",
        "",
        f"  {'package':<42} {'before paint':>12} {'after paint':>12} {'bare':>9}",
    ]
    groups = set(before) | set(after)
    for group in sorted(groups, key=lambda g: -(before.get(g, 0) + after.get(g, 0))):
        if before.get(group, 0) + after.get(group, 0) >= 2_000 or floor.get(group, 0) >= 2_000:
            out.append(
                f"  {group:<42} {before.get(group, 0) / 1000:10.1f}ms "
                f"{after.get(group, 0) / 1000:10.1f}ms {floor.get(group, 0) / 1000:7.1f}ms"
            )
    out.append(
        f"  {'all imports':<42} {sum(before.values()) / 1000:10.1f}ms "
        f"{sum(after.values()) / 1000:10.1f}ms {sum(floor.values()) / 1000:7.1f}ms"
    )
    for phase, title in (
        ("before", "before the first paint (the window's thread)"),
        ("after", "after the first paint (the background thread opening the store)"),
    ):
        out += [
            "",
            f"The desk's imports of 10 ms or more {title}; cumulative (with what they "
            "import), nesting by indent, 4 levels:",
            *render_imports(import_tree(desk[phase]), 10_000),
        ]
    out.append("")
    with tempfile.TemporaryDirectory() as folder:
        command = [
            sys.executable,
            str(Path(__file__).resolve()),
            "--profile-start-child",
            "--profile-dir",
            folder,
            *subject.argv[subject.argv.index("--data-dir") : subject.argv.index("--data-dir") + 2],
        ]
        profiled = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
        files = sorted(Path(folder).glob("*.prof"))
        if profiled.returncode != 0 or not files:
            out.append(f"{' '.join(command)} failed:\n{profiled.stderr[-2000:]}")
            return "\n".join(out)
        for file in files:
            thread = file.stem.split("-", 2)[-1] if file.stem != "main" else "the window's thread"
            stats = pstats.Stats(str(file), stream=io.StringIO())
            text = io.StringIO()
            out += [
                "",
                f"cProfile of the whole start (`--smoke`), {thread}: the project's own functions "
                "by cumulative time (what they import on the way included)",
                *own_functions(stats, top),
            ]
            text.write(f"... {thread}, every function by own time (tottime)\n")
            stats.stream = text  # type: ignore[attr-defined]
            stats.strip_dirs().sort_stats("tottime").print_stats(top)
            out += [line.rstrip() for line in text.getvalue().splitlines() if line.strip()]
    return "\n".join(out)


def start_profile_child(args: argparse.Namespace) -> int:
    """One ``--smoke`` start under cProfile, in the window's thread and in every
    Python thread it starts (``python -m cProfile`` sees the first only); the
    profiles go to ``--profile-dir``."""
    profilers: list[tuple[str, cProfile.Profile]] = []

    def in_thread(*_event: object) -> None:
        sys.setprofile(None)
        profiler = cProfile.Profile()
        profilers.append((threading.current_thread().name, profiler))
        profiler.enable()

    threading.setprofile(in_thread)
    window_thread = cProfile.Profile()
    window_thread.enable()
    import vision_desk.main as program

    code = program.main(["--data-dir", str(args.data_dir), "--smoke"])
    window_thread.disable()
    threading.setprofile(None)  # type: ignore[arg-type]
    window_thread.dump_stats(str(args.profile_dir / "main.prof"))
    for index, (name, profiler) in enumerate(profilers):
        profiler.dump_stats(str(args.profile_dir / f"thread-{index}-{name}.prof"))
    sys.stdout.flush()
    os._exit(code)


def own_functions(stats: pstats.Stats, top: int) -> list[str]:
    """The project's functions (files under vision_desk/) by cumulative time."""
    rows = []
    for (filename, line, function), entry in stats.stats.items():  # type: ignore[attr-defined]
        _primitive, calls, own, cumulative, _callers = entry
        marker = filename.replace("\\", "/").rfind("/vision_desk/")
        if marker >= 0:
            rows.append((cumulative, own, calls, f"{filename[marker + 1 :]}:{line}({function})"))
    lines = ["     cumtime   tottime    ncalls  function"]
    for cumulative, own, calls, name in sorted(rows, reverse=True)[:top]:
        lines.append(f"  {cumulative * MS:8.1f}ms {own * MS:7.1f}ms {calls:9d}  {name}")
    return lines


def start_rows(
    subjects: list[Subject], name: str, goals: dict[tuple[str, str], float]
) -> list[Row]:
    bare = subjects[0]
    bare_paints = bare.values(name, PAINTED)
    bare_cpus = bare.cpus(name, PAINTED)
    rows = [
        Row(
            f"start → first paint, bare PySide6 window ({name})",
            ms(median(bare_paints)),
            ms(p95(bare_paints)),
            "—",
            "—",
            ms(median(bare_cpus)) if bare_cpus else "—",
            ms(p95(bare_cpus)) if bare_cpus else "—",
        ),
    ]
    for subject in subjects[1:]:
        for milestone in MILESTONES:
            values = subject.values(name, milestone)
            cpus = subject.cpus(name, milestone)
            rows.append(
                Row(
                    f"start → {SAID[milestone]}, {subject.label} ({name})",
                    ms(median(values)),
                    ms(p95(values)),
                    "—",
                    "—",
                    ms(median(cpus)) if cpus else "—",
                    ms(p95(cpus)) if cpus else "—",
                )
            )
            ratio_median = median(values) / median(bare_paints)
            ratio_p95 = p95(values) / p95(bare_paints)
            goal = goals.get((subject.key, milestone))
            if goal is not None:
                goal_text = f"≤ {goal:g}×"
            elif milestone == OPEN:
                goal_text = "none (see below)"
            else:
                goal_text = "— (for scale)"
            rows.append(
                Row(
                    f"  … ÷ the bare window's first paint: {SAID[milestone]}, "
                    f"{subject.short} ({name})",
                    f"{ratio_median:.2f}×",
                    f"{ratio_p95:.2f}×",
                    goal_text,
                    verdict(ratio_median, ratio_p95, goal + 1e-9) if goal is not None else "—",
                    f"{median(cpus) / median(bare_cpus):.2f}×" if cpus and bare_cpus else "—",
                )
            )
    return rows


def start_sections(subjects: list[Subject], platforms: list[str]) -> list[str]:
    lines = [
        "## Start-up",
        "",
        "Medians, from just before the process is started to each line's arrival "
        "(*own*: the figure the process printed, from its first line of Python):",
        "",
        "| process | platform | first paint | ready for keys | store open | own: paint / ready "
        "/ open | to exit | peak RSS |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for name in platforms:
        for subject in subjects:
            starts = subject.starts[name]
            cells = [
                ms(median(subject.values(name, m))) if m in subject.milestones else "—"
                for m in MILESTONES
            ]
            own = " / ".join(
                f"{median([s.own[m] for s in starts]) * MS:.0f}" for m in subject.milestones
            )
            lines.append(
                f"| {subject.label} | {name} | {' | '.join(cells)} | {own} ms | "
                f"{ms(median([s.exit_s for s in starts]))} | "
                f"{max(s.maxrss_kb for s in starts) * 1024 / MB:.0f} MB |"
            )
    lines += [
        "",
        "CPU time of the process (user + system, all threads; `/proc/PID/stat`, 10 ms ticks) "
        "when each line arrived, and for the whole run (`wait4`); and how long its main "
        "thread had waited for a CPU by its last line (the kernel's run queue: a busy "
        "machine), medians:",
        "",
        "| process | platform | at first paint | at ready for keys | at store open | whole run "
        "| main thread waited for a CPU |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    for name in platforms:
        for subject in subjects:
            cells = []
            for milestone in MILESTONES:
                cpus = subject.cpus(name, milestone)
                cells.append(ms(median(cpus)) if cpus else "—")
            whole = median([s.cpu_s for s in subject.starts[name]])
            last = subject.milestones[-1]
            waits = [s.waited_at[last] for s in subject.starts[name] if last in s.waited_at]
            waited = ms(median(waits)) if waits else "—"
            lines.append(
                f"| {subject.label} | {name} | {' | '.join(cells)} | {ms(whole)} | {waited} |"
            )
    lines += [
        "",
        "Paired ratios: each desk start ÷ the bare window's start of the same round (the "
        "two ran one after the other), median and worst of the rounds:",
        "",
        "| process | platform | first paint | ready for keys | store open |",
        "|---|---|---:|---:|---:|",
    ]
    for name in platforms:
        bare = subjects[0].values(name, PAINTED)
        for subject in subjects[1:]:
            cells = []
            for milestone in MILESTONES:
                ratios = [d / b for d, b in zip(subject.values(name, milestone), bare, strict=True)]
                cells.append(f"{median(ratios):.2f}× (worst {max(ratios):.2f}×)")
            lines.append(f"| {subject.label} | {name} | {' | '.join(cells)} |")
    return lines


# -- keys: what the Qt processes share ----------------------------------------------------


class Hook:
    """What the desk's public timing hook tells (``timing.listen``): milestones as
    they are reached, and each step of a key with its wall and CPU time."""

    def __init__(self) -> None:
        # (name, end: perf_counter when it was heard, wall seconds, CPU seconds)
        self.steps: list[tuple[str, float, float, float]] = []
        self.milestones: dict[str, float] = {}
        self.then: Callable[[object], None] | None = None

    def hear(self, event: object) -> None:
        from vision_desk.services.timing import Milestone, Step

        if isinstance(event, Milestone):
            self.milestones.setdefault(event.name, event.at)
        elif isinstance(event, Step):
            self.steps.append((event.name, time.perf_counter(), event.seconds, event.cpu_seconds))
        if self.then is not None:
            self.then(event)


class KeyRig:
    """Pressing keys in a live desk window and timing each to idle."""

    def __init__(self, window: Any, hook: Hook, watch_paints: bool = True) -> None:
        from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt
        from PySide6.QtTest import QTest
        from PySide6.QtWidgets import QApplication

        self.window = window
        self.hook = hook
        self.profiler: cProfile.Profile | None = None
        self.seen: set[str] = set()
        self._core = QCoreApplication
        self._deferred_delete = QEvent.Type.DeferredDelete
        self._qt = Qt
        self._test = QTest
        self._application = QApplication
        seen = self.seen

        class PaintWatch(QObject):
            """Whether a changing widget painted (a paint is what the officer sees)."""

            def __init__(self, label: str) -> None:
                super().__init__()
                self.label = label

            def eventFilter(self, _watched: QObject, event: QEvent) -> bool:  # noqa: N802
                if event.type() == QEvent.Type.Paint:
                    seen.add(self.label)
                return False

        self._watches = []
        if not watch_paints:
            # An event filter in Python is one more call into Python per event on
            # those widgets; while another thread runs Python (the store opening),
            # each such call may first wait for the interpreter's lock, which would
            # slow the very keys measured. The first-key processes go without.
            return
        for label, widget in (
            ("clause list", window.navigator.viewport()),
            ("clause text", window.clause_view.viewport()),
            ("notes", window.review.notes.viewport()),
            ("summary", window.summary),
            ("counts", window.counts_label),
            ("status bar", window.statusBar()),
        ):
            self._watches.append(PaintWatch(label))
            widget.installEventFilter(self._watches[-1])

    def drain(self) -> tuple[float, float, float, float | None]:
        """Run the event loop until idle. Returns when the last pass that did work
        ended: the wall clock, the window thread's and the process's CPU clocks, and
        the window thread's wait for a CPU so far."""
        waited = cpu_wait()
        last_busy = (time.perf_counter(), time.thread_time(), time.process_time(), waited)
        idle = passes = 0
        while idle < 2 and passes < 200:
            before = len(self.seen)
            cpu = time.thread_time()
            self._core.processEvents()
            # Widgets a handler dropped with deleteLater(): the program's event loop
            # deletes them once the handler returns, but processEvents() called from
            # outside exec() (or from a slot inside it) leaves those posted at this
            # level (a benchmark-only leak of every note card shown) unless asked to.
            self._core.sendPostedEvents(None, self._deferred_delete)
            # The wait for a CPU first: a wait between the two reads then counts in
            # the key's time but not as a wait, never the other way round.
            waited = cpu_wait()
            end = (time.perf_counter(), time.thread_time(), time.process_time(), waited)
            passes += 1
            if end[1] - cpu > IDLE_PASS_CPU_S or len(self.seen) != before:
                last_busy, idle = end, 0
            else:
                idle += 1
        return last_busy

    def timed(self, send: Callable[[], object], settle: bool = True) -> dict[str, Any]:
        """One key (or action), from ``send`` to idle; ``settle`` first runs the
        event loop until idle (not when the key must go at a given moment)."""
        if settle:
            self.drain()
        session = self.window.session
        self.seen.clear()
        del self.hook.steps[:]
        live_before = session.live
        if self.profiler is not None:
            self.profiler.enable()
        cpu_process = time.process_time()
        cpu = time.thread_time()
        mark = time.perf_counter()
        waited = cpu_wait()
        send()
        handled = time.perf_counter()
        end, end_cpu, end_cpu_process, waited_after = self.drain()
        cpu = end_cpu - cpu
        cpu_process = end_cpu_process - cpu_process
        if self.profiler is not None:
            self.profiler.disable()
        row = session.current_row()
        return {
            "at": mark,
            "total": end - mark,
            "cpu": cpu,
            "cpu_process": cpu_process,
            # The window thread's wait for a CPU over the same span.
            "cpu_wait": None if waited is None or waited_after is None else waited_after - waited,
            "handler": handled - mark,
            "loop": end - handled,
            # [name, start, end (both from the key's start), wall, CPU]
            "steps": [
                [name, heard - seconds - mark, heard - mark, seconds, step_cpu]
                for name, heard, seconds, step_cpu in self.hook.steps
            ],
            "painted": sorted(self.seen),
            "ref": row.clause.ref if row else None,
            "notes": row.note_count if row else 0,
            "shown": len(session.list.clause_positions),
            "live": [live_before, session.live],
        }

    def key(self, widget: Any, text: str, modifier: Any = None) -> Callable[[], None]:
        """Press and release ``text`` in ``widget``, through Qt's shortcut map as a
        real key goes (a window shortcut fires; a letter typed into the search
        field does not)."""
        qt, test = self._qt, self._test
        modifier = qt.KeyboardModifier.NoModifier if modifier is None else modifier

        def send() -> None:
            if len(text) == 1 and not text.isascii():
                test.sendKeyEvent(test.KeyAction.Click, widget, qt.Key.Key_unknown, text, modifier)
            else:
                test.keyClick(widget, text, modifier)

        return send

    def focus_is(self, widget: Any) -> None:
        if self._application.focusWidget() is not widget:
            widget.setFocus()
            self.drain()
        if self._application.focusWidget() is not widget:
            raise SystemExit(
                f"keyboard focus is on {self._application.focusWidget()}, not {widget}"
            )

    def select(self, ref: str) -> None:
        """Make ``ref`` the current clause, the window's public way (untimed)."""
        self.window.refresh(self.window.session.select(ref))

    def select_position(self, position: int) -> None:
        row = self.window.session.list.row_at(position)
        assert row is not None, f"no clause at list position {position}"
        self.select(row.clause.ref)


# -- 2. the first key after a start, one fresh process each -----------------------------------


@dataclass(frozen=True)
class FirstCase:
    id: str
    label: str


FIRST_CASES = (
    FirstCase("j_ready", "`j` pressed at ready for keys"),
    FirstCase(
        "search_ready", "first search keystroke at ready for keys (`/` untimed, then one letter)"
    ),
    FirstCase("search_open", "first search keystroke right after the store opened"),
    FirstCase(
        "search_reload", "first search keystroke after a board reload (the review date changed)"
    ),
    FirstCase("status_ready", "status key `2` pressed at ready for keys: a queued write"),
)


class FirstKeyRun:
    """One start of the desk, its own way, and one key at a chosen moment of it.

    Everything here runs inside the desk's event loop (``QApplication.exec``), from
    the timing hook's listener and the timers it sets. An exception must not reach
    Qt (the desk's crash handler would show a dialog and wait): each callback ends
    the process with the traceback instead.
    """

    def __init__(self, args: argparse.Namespace, started: float) -> None:
        self.args = args
        self.case = args.first_key
        self.started = started
        self.hook = Hook()
        self.hook.then = self._guard(self._heard)
        self.window: Any = None
        self.rig: KeyRig | None = None
        self.start_ref: str | None = None
        self.start_as_of: dt.date | None = None
        self.status_ref: str | None = None
        self.pressed_at: float | None = None
        self.live_seen: float | None = None
        self.moment: float | None = None  # what the case's key follows: a milestone
        self.profiler: cProfile.Profile | None = None  # around the measured key only
        self.letter = FIRST_LETTERS[args.run_index % len(FIRST_LETTERS)]
        self.result: dict[str, Any] = {
            "case": self.case,
            "run": args.run_index,
            "letter": self.letter,
            "samples": {},
            "queued": {},
            "done": False,
        }

    # -- plumbing ---------------------------------------------------------------------

    def _guard(self, function: Callable[..., None]) -> Callable[..., None]:
        def guarded(*arguments: Any) -> None:
            try:
                function(*arguments)
            except BaseException:
                self._fail(traceback.format_exc())

        return guarded

    def _fail(self, why: str) -> None:
        print(f"first-key {self.case} failed: {why}", file=sys.stderr, flush=True)
        sys.stdout.flush()
        os._exit(3)

    def _later(self, function: Callable[[], None], delay_ms: int = 0) -> None:
        from PySide6.QtCore import QTimer

        QTimer.singleShot(delay_ms, self._guard(function))

    def _since_start(self, moment: float) -> float:
        return moment - self.started

    # -- what the hook tells ------------------------------------------------------------

    def _heard(self, event: object) -> None:
        from vision_desk.services.timing import Milestone

        if isinstance(event, Milestone):
            if event.name == PAINTED:
                self._on_painted()
            elif event.name == READY:
                self._later(self._at_ready)
            elif event.name == OPEN:
                # Said once the window is live and the queued commands have run; the
                # timer's turn comes once the go-live handler has returned.
                self._later(self._after_open)
            return
        name = self.hook.steps[-1][0]
        if name == STATUS_COMMAND and self.pressed_at is not None:
            queued = self.result["queued"]
            if "applied" not in queued:
                queued["applied"] = time.perf_counter() - self.pressed_at
                queued["command"] = self.hook.steps[-1][2]
                queued["command_cpu"] = self.hook.steps[-1][3]
        if self.window is not None and self.live_seen is None and self.window.session.live:
            # The first step of the window going live (its panes repainted), before the
            # queued commands run: the queued status key's "press → the window live".
            self.live_seen = time.perf_counter()

    def _on_painted(self) -> None:
        from PySide6.QtWidgets import QApplication

        from vision_desk.ui.main_window import MainWindow

        windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)]
        if len(windows) != 1:
            self._fail(f"expected one desk window, found {windows}")
        self.window = windows[0]
        self.rig = KeyRig(self.window, self.hook, watch_paints=False)
        self.start_ref = self.window.session.current_ref
        self.start_as_of = self.window.session.as_of
        # What a window manager does when a window appears (Xvfb runs none).
        self.window.activateWindow()
        self._later(lambda: self._fail("timed out"), int(self.args.first_timeout * 1000))

    # -- the keys -------------------------------------------------------------------------

    def _wait_active(self) -> float:
        """Until the window is the active one (keys reach window shortcuts only then)."""
        from PySide6.QtCore import QCoreApplication
        from PySide6.QtWidgets import QApplication

        began = time.perf_counter()
        while QApplication.activeWindow() is not self.window:
            if time.perf_counter() - began > 5:
                self._fail("the window never became active (keys would not reach it)")
            QCoreApplication.processEvents()
        return time.perf_counter() - began

    def _search_letter(self) -> dict[str, Any]:
        """``/`` (untimed: the search field takes the focus), then one letter, timed."""
        rig, window = self.rig, self.window
        assert rig is not None
        rig.key(window.navigator, "/")()
        rig.drain()
        rig.focus_is(window.filter_bar.search)
        return self._measured(rig.key(window.filter_bar.search, self.letter))

    def _measured(self, send: Callable[[], object], profile: bool = True) -> dict[str, Any]:
        """The case's key, pressed now (no settling first) and timed to idle."""
        rig = self.rig
        assert rig is not None and self.moment is not None
        rig.profiler = self.profiler if profile else None
        try:
            sample = rig.timed(send, settle=False)
        finally:
            rig.profiler = None
        self.result["press_after"] = sample["at"] - self.moment
        return sample

    def _at_ready(self) -> None:
        from PySide6.QtWidgets import QApplication

        rig, window = self.rig, self.window
        assert rig is not None
        self.moment = self.hook.milestones[READY]
        self.result["active_wait"] = self._wait_active()
        if QApplication.focusWidget() is not window.navigator:
            self._fail(f"at ready for keys the focus is on {QApplication.focusWidget()}")
        if self.case == "status_ready":
            # A commitment not yet at 2 (untimed), then the key.
            session = window.session
            refs = sorted(
                ref
                for ref, row in session.rows.items()
                if row.clause.kind.value == "commitment" and row.status.value != "advanced"
            )
            self.status_ref = random.Random(self.args.seed + self.args.run_index).choice(refs)
            rig.select(self.status_ref)
            rig.drain()
        if self.case == "j_ready":
            self.result["samples"]["key"] = self._measured(rig.key(window.navigator, "j"))
        elif self.case == "search_ready":
            self.result["samples"]["key"] = self._search_letter()
        elif self.case == "status_ready":
            sample = self._measured(rig.key(window.navigator, "2"), profile=False)
            self.pressed_at = sample["at"]
            self.result["samples"]["press"] = sample
            self.result["queued"]["waiting"] = window.dispatcher.waiting

    def _after_open(self) -> None:
        rig, window = self.rig, self.window
        assert rig is not None
        opened_at = self.hook.milestones[OPEN]
        if self.case in ("search_open", "search_reload"):
            self.moment = opened_at
        self.result["milestones"] = {
            name: self._since_start(at) for name, at in self.hook.milestones.items()
        }
        self.result["store_open"] = {
            "at": self._since_start(opened_at),
            "live_seen": self._since_start(self.live_seen) if self.live_seen else None,
        }
        session = window.session
        if self.case == "search_open":
            self.result["samples"]["key"] = self._search_letter()
        elif self.case == "search_reload":
            shown = session.as_of
            other = self.args.as_of if self.args.as_of != shown else shown - dt.timedelta(days=365)
            self.result["samples"]["reload"] = rig.timed(
                lambda: window.refresh(session.set_as_of(other)), settle=False
            )
            self.result["samples"]["key"] = self._search_letter()
        elif self.case == "status_ready":
            end = rig.drain()[0]
            queued = self.result["queued"]
            assert self.pressed_at is not None and self.status_ref is not None
            # The store open and the window live: the first step of going live, before
            # the queued commands run (the milestone comes after them).
            queued["store_open"] = (self.live_seen or opened_at) - self.pressed_at
            queued["shown"] = end - self.pressed_at
            status = session.rows[self.status_ref].status.value
            if "applied" not in queued or status != "advanced":
                self._fail(f"the queued '2' was not applied to {self.status_ref}: {status}")
            # Put it back, so reruns see the same store.
            window.run_command("edit.undo")
            rig.drain()
            if session.rows[self.status_ref].status.value == "advanced":
                self._fail(f"undo did not put {self.status_ref} back")
        # As it was: no search, the review date and the clause it started on (the
        # window saves them for the next start), the list focused; then close, so
        # that run_desk returns.
        if session.effective_filters().active:
            window.refresh(session.clear_filters())
        if self.start_as_of is not None and session.as_of != self.start_as_of:
            window.refresh(session.set_as_of(self.start_as_of))
        if self.start_ref is not None:
            rig.select(self.start_ref)
        window.navigator.setFocus()
        rig.drain()
        self.result["done"] = True
        self._later(window.close)


def first_key_child(args: argparse.Namespace) -> None:
    """One desk start, the program's way, and one key in it; prints one JSON line."""
    # Qt's test module (and so QtCore, QtGui, QtWidgets) before the desk starts, so
    # that nothing of the benchmark's loads between the milestones.
    from PySide6.QtTest import QTest  # noqa: F401

    import vision_desk.main as program
    from vision_desk.services import timing

    run = FirstKeyRun(args, program.STARTED)
    if args.profile_key:
        run.profiler = cProfile.Profile()
    timing.listen(run.hook.hear)
    try:
        code = program.main(["--data-dir", str(args.data_dir), "--as", "Bench Officer"])
    finally:
        timing.listen(None)
    if code != 0 or not run.result["done"]:
        run._fail(f"the desk exited with {code} before the case was done")
    if run.profiler is not None:
        run.profiler.dump_stats(str(args.profile_key))
    print(FIRST_KEY_PREFIX + json.dumps(run.result), flush=True)
    sys.stderr.flush()
    os._exit(0)


def run_first_keys(
    data_dir: Path, env: dict[str, str], args: argparse.Namespace, profile: str
) -> dict[str, Any]:
    """``--first-runs`` processes per case, the cases in a turning order; then, for a
    case over its goal, a cProfile of its key over a few more processes."""
    runs: dict[str, list[dict[str, Any]]] = {case.id: [] for case in FIRST_CASES}
    cases = list(FIRST_CASES)
    for index in range(args.first_runs):
        turn = index % len(cases)
        for case in cases[turn:] + cases[:turn]:
            runs[case.id].append(first_key_once(case.id, index, data_dir, env, args))
    summary = []
    for case in cases:
        if case.id == "status_ready":
            shown = [run["queued"]["shown"] for run in runs[case.id]]
            summary.append(f"{case.id} applied {median(shown) * MS:.0f} ms after the press")
        else:
            totals = [run["samples"]["key"]["total"] for run in runs[case.id]]
            summary.append(f"{case.id} {median(totals) * MS:.1f} / {p95(totals) * MS:.1f} ms")
    print("    " + "; ".join(summary) + " (median / p95)", flush=True)
    profiles: dict[str, str] = {}
    goal, cpu_goal = args.goal_frame / MS, args.goal_cpu / MS
    for case in cases:
        if profile == "none" or case.id == "status_ready":
            continue
        keys = [run["samples"]["key"] for run in runs[case.id]]
        if profile != "all" and (
            p95([key["total"] for key in keys]) < goal
            and p95([key["cpu"] for key in keys]) < cpu_goal
        ):
            continue
        print(f"    profiling the first key: {case.id} ...", flush=True)
        with tempfile.TemporaryDirectory() as folder:
            files = []
            for index in range(args.first_profile_runs):
                file = Path(folder) / f"{index}.prof"
                first_key_once(case.id, index, data_dir, env, args, file)
                files.append(str(file))
            stats = pstats.Stats(files[0], stream=io.StringIO())
            for file in files[1:]:
                stats.add(file)
            profiles[case.id] = render_stats(
                stats, f"{case.id}, the one key of {len(files)} fresh processes", args.top
            )
    return {"runs": runs, "profiles": profiles}


def first_key_once(
    case: str,
    index: int,
    data_dir: Path,
    env: dict[str, str],
    args: argparse.Namespace,
    profile_file: Path | None = None,
) -> dict[str, Any]:
    command = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--first-key",
        case,
        "--run-index",
        str(index),
        "--data-dir",
        str(data_dir),
        "--seed",
        str(args.seed),
        "--as-of",
        args.as_of.isoformat(),
        "--first-timeout",
        str(args.first_timeout),
    ]
    if profile_file is not None:
        command += ["--profile-key", str(profile_file)]
    try:
        finished = subprocess.run(
            command,
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=args.first_timeout + 60,
        )
    except subprocess.TimeoutExpired as error:
        raise SystemExit(f"{' '.join(command)} did not end: {error}") from None
    lines = [line for line in finished.stdout.splitlines() if line.startswith(FIRST_KEY_PREFIX)]
    if finished.returncode != 0 or not lines:
        raise SystemExit(
            f"{' '.join(command)} failed (exit {finished.returncode}):\n"
            f"{finished.stdout[-3000:]}\n{finished.stderr[-3000:]}"
        )
    return json.loads(lines[-1][len(FIRST_KEY_PREFIX) :])


# -- 3 and 4. keys and memory in one desk process ---------------------------------------------


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


def render_stats(stats: pstats.Stats, title: str, top: int) -> str:
    out = io.StringIO()
    stats.stream = out  # type: ignore[attr-defined]
    stats.strip_dirs()
    out.write(f"cProfile of {title} (key and event loop), sorted by cumulative time\n")
    stats.sort_stats("cumulative").print_stats(top)
    out.write("... sorted by own time (tottime)\n")
    stats.sort_stats("tottime").print_stats(top)
    return "\n".join(line.rstrip() for line in out.getvalue().splitlines() if line.strip())


def run_worker(
    data_dir: Path, env: dict[str, str], args: argparse.Namespace, profile: str
) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as folder:
        output = Path(folder) / "result.json"
        command = [
            sys.executable,
            str(Path(__file__).resolve()),
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


# -- the report ------------------------------------------------------------------------------


def key_row(
    label: str, samples: list[dict[str, Any]], goal: float | None, cpu_goal: float | None
) -> Row:
    totals = [sample["total"] for sample in samples]
    cpus = [sample["cpu"] for sample in samples]
    return Row(
        label,
        ms(median(totals)),
        ms(p95(totals)),
        "—" if goal is None else f"< {goal * MS:g} ms",
        verdict(median(totals), p95(totals), goal),
        ms(median(cpus)),
        ms(p95(cpus)),
        "—" if cpu_goal is None else f"< {cpu_goal * MS:g} ms",
        verdict(median(cpus), p95(cpus), cpu_goal),
    )


def key_rows(result: dict[str, Any], name: str, goal: float, cpu_goal: float) -> list[Row]:
    rows = []
    for case_id, case in result["cases"].items():
        held = case_id != "undo"
        rows.append(
            key_row(
                f"{case['label']} ({name}, n={len(case['samples'])})",
                case["samples"],
                goal if held else None,
                cpu_goal if held else None,
            )
        )
        if case_id == "search":
            rows.append(
                key_row(
                    f"  … of which the process's first search key (the first of the "
                    f"{len(case['samples'])}, no warm-up) ({name})",
                    [result["first_search"]],
                    goal,
                    cpu_goal,
                )
            )
    return rows


def first_key_rows(first: dict[str, Any], name: str, goal: float, cpu_goal: float) -> list[Row]:
    rows = []
    for case in FIRST_CASES:
        runs = first["runs"][case.id]
        if case.id == "status_ready":
            shown = [run["queued"]["shown"] for run in runs]
            command_cpu = [run["queued"]["command_cpu"] for run in runs]
            rows.append(
                Row(
                    f"first key after start: {case.label}, press → applied on screen "
                    f"({name}, {len(runs)} processes)",
                    ms(median(shown)),
                    ms(p95(shown)),
                    "— (queued write)",
                    "—",
                    ms(median(command_cpu)) + " (its run)",
                    ms(p95(command_cpu)),
                )
            )
            continue
        rows.append(
            key_row(
                f"first key after start: {case.label} ({name}, {len(runs)} processes)",
                [run["samples"]["key"] for run in runs],
                goal,
                cpu_goal,
            )
        )
    return rows


def memory_rows(result: dict[str, Any], name: str, goal_mb: float) -> list[Row]:
    start = result["memory"]["after start"]
    after = result["memory"]["after keys"]
    actions = result["memory"]["actions"]
    peak = after["VmHWM"] / MB
    return [
        Row(
            f"memory after start, 5,000 clauses ({name}): VmRSS / VmHWM",
            f"{start['VmRSS'] / MB:.0f} MB",
            f"{start['VmHWM'] / MB:.0f} MB (peak)",
            f"< {goal_mb:g} MB",
            verdict(start["VmHWM"] / MB, start["VmHWM"] / MB, goal_mb),
        ),
        Row(
            f"memory after {actions} keys ({name}): VmRSS / VmHWM",
            f"{after['VmRSS'] / MB:.0f} MB",
            f"{peak:.0f} MB (peak)",
            f"< {goal_mb:g} MB",
            verdict(peak, peak, goal_mb),
        ),
    ]


def step_table(samples: list[dict[str, Any]]) -> list[str]:
    """Mean per key in each step the timing hook tells, nested as they ran: the
    list, panes and summary steps inside a command are shown under it."""
    n = len(samples)
    wall: dict[str, float] = defaultdict(float)
    cpu: dict[str, float] = defaultdict(float)
    calls: dict[str, int] = defaultdict(int)
    order: list[str] = []
    handler_steps = loop_steps = command_rest = 0.0
    nested_total = 0.0

    def add(label: str, seconds: float, step_cpu: float) -> None:
        if label not in wall:
            order.append(label)
        wall[label] += seconds / n
        cpu[label] += step_cpu / n
        calls[label] += 1

    for sample in samples:
        steps = sample["steps"]
        commands = [step for step in steps if step[0].startswith("command ")]
        for step in steps:
            name, start, end, seconds, step_cpu = step
            if name.startswith("command "):
                add(f"`{name}` (the whole command)", seconds, step_cpu)
                command_rest += seconds / n
                if end <= sample["handler"] + 1e-4:
                    handler_steps += seconds / n
                else:
                    loop_steps += seconds / n
                continue
            inside = any(
                command is not step and command[1] - 1e-6 <= start and end <= command[2] + 1e-6
                for command in commands
            )
            if inside:
                add(f"  of which `{name}`", seconds, step_cpu)
                command_rest -= seconds / n
                nested_total += seconds / n
            elif end <= sample["handler"] + 1e-4:
                add(f"`{name}` (outside a command)", seconds, step_cpu)
                handler_steps += seconds / n
            else:
                add(f"`{name}` (in the event loop, after the handler)", seconds, step_cpu)
                loop_steps += seconds / n
    mean_total = statistics.fmean(sample["total"] for sample in samples)
    mean_handler = statistics.fmean(sample["handler"] for sample in samples)
    mean_cpu = statistics.fmean(sample["cpu"] for sample in samples)

    def share(seconds: float) -> str:
        return f"{seconds / mean_total:.0%}" if mean_total else "—"

    lines = [
        "| step (the timing hook's) | mean | its CPU | per key | share |",
        "|---|---:|---:|---:|---:|",
    ]
    commands_seen = [label for label in order if label.endswith("(the whole command)")]
    for label in order:
        if label.startswith("  of which"):
            continue
        lines.append(
            f"| {label} | {ms(wall[label])} | {ms(cpu[label])} | {calls[label] / n:.1f} | "
            f"{share(wall[label])} |"
        )
        if label == (commands_seen[-1] if commands_seen else None):
            for inner in order:
                if inner.startswith("  of which"):
                    lines.append(
                        f"| {inner} | {ms(wall[inner])} | {ms(cpu[inner])} | "
                        f"{calls[inner] / n:.1f} | {share(wall[inner])} |"
                    )
            lines.append(
                f"|   of which the rest of the command (the session's work: moving, queries, "
                f"writes) | {ms(command_rest)} | | | {share(command_rest)} |"
            )
    rest = mean_handler - handler_steps
    lines.append(
        "| rest of the key's handler (Qt's key and shortcut dispatch, signals; for a "
        f"search keystroke, the session's refilter) | {ms(rest)} | | | {share(rest)} |"
    )
    loop = mean_total - mean_handler - loop_steps
    lines.append(f"| event loop: layout and paint | {ms(loop)} | | | {share(loop)} |")
    lines.append(f"| **total** | **{ms(mean_total)}** | **{ms(mean_cpu)}** | | |")
    waits = [sample["cpu_wait"] for sample in samples if sample.get("cpu_wait") is not None]
    if waits:
        waited = statistics.fmean(waits)
        lines.append(
            "| … of the total, the window thread waited for a CPU (the run queue) | "
            f"{ms(waited)} | | | {share(waited)} |"
        )
        blocked = max(0.0, mean_total - mean_cpu - waited)
        lines.append(
            "| … of the total, it neither ran nor waited for a CPU (blocked: Python's lock "
            f"held by another thread, or I/O) | {ms(blocked)} | | | {share(blocked)} |"
        )
    return lines


def breakdown(case: dict[str, Any], goal: float) -> list[str]:
    samples = case["samples"]
    n = len(samples)
    lines = [
        f"#### {case['label']}",
        "",
        f"Mean per key over {n} keys. The steps are the desk's own, told by its timing "
        "hook (`timing.listen`): a command as the dispatcher runs it, and inside it the "
        "list model's reset (`list`), the clause and review panes (`panes`) and the "
        "summary; *event loop* is the layout and paint after the handler returns.",
        "",
        *step_table(samples),
    ]
    painted = defaultdict(int)
    for sample in samples:
        for name in sample["painted"]:
            painted[name] += 1
    lines += [
        "",
        "Widgets seen painting within the timed span: "
        + (", ".join(f"{name} {count}/{n}" for name, count in sorted(painted.items())) or "none")
        + ".",
        "",
        "By the notes on the clause shown after the key:",
        "",
        "| notes on the clause | keys | median | p95 | CPU p95 | over the goal |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for low, high in NOTE_BUCKETS:
        bucket = [s for s in samples if low <= s["notes"] <= high]
        if not bucket:
            continue
        label = str(low) if low == high else (f"{low}–{high}" if high < 10**9 else f"{low}+")
        totals = [s["total"] for s in bucket]
        over = sum(1 for value in totals if value >= goal)
        lines.append(
            f"| {label} | {len(bucket)} | {ms(median(totals))} | {ms(p95(totals))} | "
            f"{ms(p95([s['cpu'] for s in bucket]))} | {over} |"
        )
    slowest = sorted(samples, key=lambda sample: -sample["total"])[:5]
    lines += [
        "",
        "Slowest keys: "
        + "; ".join(
            f"{ms(s['total'])}, of which the window thread's CPU {ms(s['cpu'])}"
            + (f", waiting for a CPU {ms(s['cpu_wait'])}" if s.get("cpu_wait") is not None else "")
            + f" ({s['ref']}, {s['notes']} notes, {s['shown']} clauses listed)"
            for s in slowest
        )
        + ".",
    ]
    return lines


def first_key_sections(
    firsts: dict[str, dict[str, Any]],
    platforms: list[str],
    goal: float,
    cpu_goal: float,
    profile: str,
) -> list[str]:
    lines = [
        "## The first key after a start",
        "",
        "Each figure is one key in a fresh process that started the desk the program's way "
        "(`vision_desk.main.main` → `run_desk` with the real `open_store`; the window "
        "activated at its first paint, as a window manager does) and listened on the "
        "desk's timing hook. *Store open at the press*: whether the store was already "
        "open when the key was pressed.",
        "",
        "| case | platform | processes | median | p95 | worst | CPU, window thread: "
        "median / p95 | CPU, whole process (all threads): median | the window thread waited "
        "for a CPU: median / worst | store open at the press | the key after the milestone |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    every: list[str] = []
    for case in FIRST_CASES:
        for name in platforms:
            runs = firsts[name]["runs"][case.id]
            kind = "press" if case.id == "status_ready" else "key"
            keys = [run["samples"][kind] for run in runs]
            totals = [key["total"] for key in keys]
            cpus = [key["cpu"] for key in keys]
            waits = [key["cpu_wait"] for key in keys if key.get("cpu_wait") is not None]
            open_at_press = sum(1 for key in keys if key["live"][0])
            label = case.label + (" — the press itself" if kind == "press" else "")
            lines.append(
                f"| {label} | {name} | {len(runs)} | {ms(median(totals))} | {ms(p95(totals))} | "
                f"{ms(max(totals))} | {ms(median(cpus))} / {ms(p95(cpus))} | "
                f"{ms(median([key['cpu_process'] for key in keys]))} | "
                + (f"{ms(median(waits))} / {ms(max(waits))}" if waits else "—")
                + f" | {open_at_press}/{len(runs)} | "
                f"{ms(median([run['press_after'] for run in runs]))} |"
            )
            every.append(
                f"- {label} ({name}): "
                + ", ".join(
                    f"{key['total'] * MS:.1f}"
                    + (f" ({key['cpu'] * MS:.1f} CPU)" if key["total"] >= goal else "")
                    for key in sorted(keys, key=lambda key: key["total"])
                )
                + " ms"
            )
    lines += [
        "",
        "*The key after the milestone*: from the milestone (ready for keys; for the keys "
        "after the store opened, the moment it was open) to the measured key: the timer's "
        "turn, and the untimed `/` before a search letter or the untimed choice of a "
        "commitment before the status key. *Waited for a CPU*: the window thread's time "
        "ready to run but without a CPU (the kernel's run queue: other programs, or the "
        "desk's own background thread on the other CPU), over the same span as the key.",
        "",
        "Every key, fastest first, in ms (the window thread's CPU beside those over the "
        f"{goal * MS:g} ms goal):",
        "",
        *every,
    ]
    lines += [
        "",
        "The status key `2` pressed at ready for keys is a **queued write**: the store is "
        "not open yet, so the dispatcher keeps the command (the status bar says so) and "
        "runs it once the store is open. No 16 ms goal applies. From the press (medians, "
        "p95 in brackets):",
        "",
        "| platform | processes | press → the window live (store open) | the queued "
        "command's run: wall / CPU | press → applied | press → applied on screen |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for name in platforms:
        runs = firsts[name]["runs"]["status_ready"]
        queued = [run["queued"] for run in runs]

        def both(values: list[float]) -> str:
            return f"{ms(median(values))} ({ms(p95(values))})"

        lines.append(
            f"| {name} | {len(runs)} | {both([q['store_open'] for q in queued])} | "
            f"{both([q['command'] for q in queued])} / {both([q['command_cpu'] for q in queued])} "
            f"| {both([q['applied'] for q in queued])} | {both([q['shown'] for q in queued])} |"
        )
    lines += [
        "",
        "The board reload before the *after a board reload* case (`window.refresh("
        "window.session.set_as_of(day))`, to idle; not a key, no goal):",
        "",
    ]
    for name in platforms:
        reloads = [run["samples"]["reload"] for run in firsts[name]["runs"]["search_reload"]]
        totals = [reload["total"] for reload in reloads]
        lines.append(
            f"- {name}: median {ms(median(totals))}, p95 {ms(p95(totals))}, CPU median "
            f"{ms(median([reload['cpu'] for reload in reloads]))}"
        )
    lines += [
        "",
        "The start's milestones in these processes (from the program's first line of "
        "Python, after QtTest was loaded; medians; not the start figures, which are "
        "above). *Store open*: the timing hook's milestone, told once the window is live "
        "and the commands queued meanwhile have run.",
        "",
        "| platform | painted | ready for keys | store open |",
        "|---|---:|---:|---:|",
    ]
    for name in platforms:
        every = [run for runs in firsts[name]["runs"].values() for run in runs]
        painted = [run["milestones"][PAINTED] for run in every]
        ready = [run["milestones"][READY] for run in every]
        opened = [run["store_open"]["at"] for run in every]
        lines.append(
            f"| {name} | {ms(median(painted))} | {ms(median(ready))} | {ms(median(opened))} |"
        )
    for case in FIRST_CASES:
        kind = "press" if case.id == "status_ready" else "key"
        for index, name in enumerate(platforms):
            runs = firsts[name]["runs"][case.id]
            keys = [run["samples"][kind] for run in runs]
            over = (
                p95([k["total"] for k in keys]) >= goal or p95([k["cpu"] for k in keys]) >= cpu_goal
            )
            if index > 0 and not over and profile != "all":
                continue
            lines += [
                "",
                f"### First key: {case.label}"
                + (" (the press)" if kind == "press" else "")
                + f" ({name})",
                "",
                *step_table(keys),
            ]
            profile_text = firsts[name]["profiles"].get(case.id)
            if profile_text:
                lines += ["", "```text", profile_text, "```"]
    return lines


def render(
    rows: list[Row],
    sections: list[str],
    machine: list[str],
    dataset: str,
    method: str,
    findings: list[str],
) -> str:
    lines = [
        "# Desk benchmark",
        "",
        f"Run {dt.datetime.now().astimezone().strftime('%Y-%m-%d %H:%M %Z')} with "
        "`benchmarks/bench_desk.py`.",
        "",
        "| what | median | p95 | goal | result | CPU median | CPU p95 | CPU goal | CPU result |",
        "|---|---:|---:|---:|---|---:|---:|---:|---|",
    ]
    lines += [
        f"| {r.what} | {r.median} | {r.p95} | {r.goal} | {r.result} | {r.cpu} | {r.cpu_p95} | "
        f"{r.cpu_goal} | {r.cpu_result} |"
        for r in rows
    ]
    lines += ["", *findings, "", method, "", "**Data:** " + dataset, "", "**Machine:**", ""]
    lines += machine
    if sections:
        lines += ["", *sections]
    return "\n".join(lines).rstrip()


# -- the driver --------------------------------------------------------------------------------


def findings_about_starts(
    subjects: list[Subject], platforms: list[str], args: argparse.Namespace
) -> list[str]:
    """The plain words the table's figures need: how far the store's opening is from
    the start goals."""
    bare = subjects[0]
    parts = []
    for name in platforms:
        floor = median(bare.values(name, PAINTED))
        parts.append(
            f"{name}: "
            + ", ".join(
                f"{subject.label} {median(subject.values(name, OPEN)) * MS:.0f} ms "
                f"({median(subject.values(name, OPEN)) / floor:.1f}× the bare window)"
                for subject in subjects[1:]
            )
        )
    return [
        "**Store open misses the start goals by a wide margin.** No goal is set for it, "
        "but the store (statuses, notes, the search over every note) opens long after "
        f"the {args.goal_ready:g}× and {args.goal_ready_big:g}× that the ready-for-keys "
        "goals allow. Medians: " + "; ".join(parts) + ". Until then the desk answers "
        "moving, search and filter keys on the first board (the search looks in the "
        "clauses' own words until the notes' index arrives), and keys that need the "
        "store wait in a queue for it (the status key in *The first key after a start*)."
    ]


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
    sys.path.insert(0, str(HERE))
    import generate

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
