"""Part 1 of the desk benchmark (``bench_desk.py``): the start, whole processes
timed from outside, and where a start's time goes.

``start_once`` starts one process (``vision-desk --smoke`` or ``bare_window.py``)
and reads the time, CPU time and CPU wait at which each of its ``smoke:`` lines
arrives; ``measure_starts`` runs the subjects paired and interleaved, under
``QT_QPA_PLATFORM=offscreen`` and, when ``Xvfb`` is installed, under an X server
started here. ``profile_start`` explains a start: Python's import times before
and after the first paint (``-X importtime``), then cProfile of the window's
thread and the background threads, from a child process that re-runs
``bench_desk.py --profile-start-child``.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from desk_common import DRIVER, MILESTONES, MS, OPEN, PAINTED, READY, ROOT, cpu_wait, median

# -- 1. start-up, whole processes timed from outside -----------------------------------------


SMOKE_LINE = re.compile(r"^smoke: (?P<what>.*) in (?P<seconds>[0-9.]+) s$")
CLOCK_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


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


# -- where a start's time goes: Python's imports, then cProfile ------------------------------


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
            str(DRIVER),
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
