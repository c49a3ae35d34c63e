"""How fast the desk window starts and answers keys, and how much memory it takes.

Three measurements, for the spec's goals:

1. **Start to first painted window**, as whole processes timed from outside (wall
   clock from just before the process is started to the moment its one line of
   output arrives): ``vision-desk --smoke`` (``.venv/bin/python -m vision_desk
   --data-dir DIR --smoke``) on (a) a store holding only the bundled Shared Vision
   and (b) the 5,000-clause / 50,000-note store, against ``bare_window.py`` (a
   minimal PySide6 ``QMainWindow`` with a ``QLabel`` that prints on its first
   paint and quits, the same method as ``--smoke``) started the same way. The
   runs are interleaved, repeated (10 by default, after 2 untimed ones), with
   ``QT_QPA_PLATFORM=offscreen`` and, when ``Xvfb`` is installed, under a real X
   server started here (``Xvfb -displayfd``, ``QT_QPA_PLATFORM=xcb``).
   Goal: the desk on its default store (the Shared Vision) within 2x the bare
   window; the large store's start is reported for scale.
2. **Keys on the big store**, in a separate process that builds the window the
   program's way (``app.open_desk``, ``make_application``, ``build_window``),
   shows it, makes it active and focuses the clause list, then times each key
   from the key event to the end of the work it causes *including the repaint*:
   ``QTest.keyClick`` (which goes through Qt's shortcut map like a real key)
   runs the handler synchronously; then Qt's event loop is run
   (``processEvents``) until it is idle, which delivers the layout requests and
   the update requests that paint the changed widgets into the window's
   backing store and flush it (to the X server under xcb). The time ends with
   the last event-loop pass that did work. Cases: next clause (``j``) from 60
   random places and 200 times in a row; a search keystroke (one character typed
   into the search field, which refilters at once); a status key (``2`` on a
   commitment, a durable write); undo (``Ctrl+Z``) of that change; and, after
   each search word, the clause pane catching up with the first match (it
   follows the search once typing pauses). Goal: 16 ms
   (one frame at 60 Hz) at p95.
3. **Memory** of that process: ``VmRSS`` and ``VmHWM`` (peak RSS) from
   ``/proc/self/status`` after the window has painted, and after the few hundred
   keys of (2). Goal: under 250 MB. The peak RSS of each ``--smoke`` process
   (``wait4``'s ``ru_maxrss``) is reported too.

Anything over its goal is profiled (cProfile), and the keys get a breakdown: the
time in each of the window's steps (queries, clause text, notes list, refilter,
summary) measured by wrapping those methods on the live objects, and the event
loop's layout and paint after the handler.

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
import time
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
SMOKE_LINE = re.compile(r"^smoke: .* in (?P<seconds>[0-9.]+) s$")
# What the search case types: titles, references, notes' words, Urdu.
SEARCHES = (
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
WARMUP_SEARCH = "trade"
# An event-loop pass shorter than this that painted none of the watched widgets
# counts as idle (an idle pass costs about 0.1 ms).
IDLE_PASS_S = 0.001
NOTE_BUCKETS = ((0, 0), (1, 9), (10, 49), (50, 199), (200, 10**9))


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


def verdict(median_value: float, p95_value: float, goal: float | None) -> str:
    if goal is None:
        return "—"
    if p95_value < goal:
        return "pass"
    if median_value < goal:
        return "FAIL (p95)"
    return "FAIL"


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
    paint_s: float  # from just before the process starts to its line arriving
    exit_s: float  # ... to the process's exit
    self_s: float  # what the process itself printed (from its first line of Python)
    maxrss_kb: int
    cpu_s: float  # the process's own CPU time (user + system), from wait4


@dataclass
class Subject:
    key: str
    label: str
    argv: list[str]
    starts: dict[str, list[Start]] = field(default_factory=dict)


def start_once(argv: list[str], env: dict[str, str]) -> Start:
    with tempfile.TemporaryFile() as errors:
        started = time.perf_counter()
        process = subprocess.Popen(
            argv, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=errors, text=True
        )
        assert process.stdout is not None
        line = process.stdout.readline()
        painted = time.perf_counter()
        rest = process.stdout.read()
        _pid, status, usage = os.wait4(process.pid, 0)
        ended = time.perf_counter()
        process.returncode = os.waitstatus_to_exitcode(status)
        errors.seek(0)
        stderr = errors.read().decode(errors="replace")
    found = SMOKE_LINE.match(line.strip())
    if process.returncode != 0 or found is None or "Traceback" in stderr:
        raise SystemExit(
            f"{' '.join(argv)} failed (exit {process.returncode}):\n{line}{rest}\n{stderr}"
        )
    return Start(
        painted - started,
        ended - started,
        float(found["seconds"]),
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
            # Interleaved, in a turning order, so that drift hits all subjects alike.
            turn = index % len(subjects)
            for subject in subjects[turn:] + subjects[:turn]:
                started = start_once(subject.argv, env)
                if index >= args.warmup_runs:
                    subject.starts[name].append(started)
        print(
            f"  {name}: "
            + "; ".join(
                f"{s.key} {median([r.paint_s for r in s.starts[name]]) * MS:.0f} ms"
                for s in subjects
            ),
            flush=True,
        )


@dataclass
class ImportNode:
    name: str
    cumulative_us: int
    children: list[ImportNode] = field(default_factory=list)


def import_tree(stderr: str) -> list[ImportNode]:
    """``python -X importtime``'s lines as a tree (a module's line follows those of
    the modules it imported, one level deeper)."""
    pending: dict[int, list[ImportNode]] = defaultdict(list)
    for line in stderr.splitlines():
        found = re.match(r"import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)", line)
        if not found:
            continue
        depth = (len(found[3]) - 1) // 2
        node = ImportNode(found[4], int(found[2]), pending.pop(depth + 1, []))
        pending[depth].append(node)
    return pending[0]


def import_self_times(stderr: str) -> dict[str, int]:
    """Import time by package, each module's own time only (so they add up), in µs."""
    totals: dict[str, int] = defaultdict(int)
    for line in stderr.splitlines():
        found = re.match(r"import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)", line)
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


def profile_start(subject: Subject, bare: Subject, env: dict[str, str], top: int) -> str:
    """Where a desk start's time goes: Python's import times (beside the bare
    window's), then cProfile."""
    runs = {}
    for who in (subject, bare):
        command = [who.argv[0], "-X", "importtime", *who.argv[1:]]
        probe = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
        if probe.returncode != 0:
            return f"{' '.join(command)} failed (exit {probe.returncode}):\n{probe.stderr[-2000:]}"
        runs[who.key] = probe.stderr
    desk_times = import_self_times(runs[subject.key])
    bare_times = import_self_times(runs[bare.key])
    out = [
        "python -X importtime, by package (each module's own time; one run each, so +-10 %):",
        "",
        f"  {'package':<42} {'desk':>9} {'bare':>9}",
    ]
    for group in sorted(desk_times, key=lambda group: -desk_times[group]):
        if desk_times[group] >= 2_000 or bare_times.get(group, 0) >= 2_000:
            out.append(
                f"  {group:<42} {desk_times[group] / 1000:7.1f}ms "
                f"{bare_times.get(group, 0) / 1000:7.1f}ms"
            )
    out.append(
        f"  {'all imports':<42} {sum(desk_times.values()) / 1000:7.1f}ms "
        f"{sum(bare_times.values()) / 1000:7.1f}ms"
    )
    roots = import_tree(runs[subject.key])
    out += [
        "",
        "The desk's imports of 10 ms or more (cumulative: with what they import; nesting "
        "by indent, 4 levels):",
        *render_imports(roots, 10_000),
        "",
    ]
    with tempfile.TemporaryDirectory() as folder:
        stats_file = Path(folder) / "start.prof"
        command = [subject.argv[0], "-m", "cProfile", "-o", str(stats_file), *subject.argv[1:]]
        profiled = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
        if profiled.returncode != 0 or not stats_file.exists():
            out.append(f"{' '.join(command)} failed:\n{profiled.stderr[-2000:]}")
            return "\n".join(out)
        text = io.StringIO()
        stats = pstats.Stats(str(stats_file), stream=text)
        out.append(
            "cProfile of the whole start (python -m cProfile): the project's own functions "
            "by cumulative time (what they import on the way included)"
        )
        out += own_functions(stats, top)
        text.write("... every function by own time (tottime)\n")
        stats.strip_dirs().sort_stats("tottime").print_stats(top)
    out += [line.rstrip() for line in text.getvalue().splitlines() if line.strip()]
    return "\n".join(out)


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


# -- 2 and 3. keys and memory, inside the desk process -----------------------------------------


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


def worker(args: argparse.Namespace) -> None:
    """The in-process part: run in its own process, so that its memory is the
    desk's (plus QtTest and this script), never the driver's."""
    result: dict[str, Any] = {"phases": {}, "cases": {}, "profiles": {}, "memory": {}}
    phases = result["phases"]
    started = time.perf_counter()
    import PySide6
    from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, qVersion
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from vision_desk import app as desk_app
    from vision_desk.domain.agreement import ClauseKind
    from vision_desk.ui import main_window as main_window_module
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
    phases["build_window (board, notes for search, widgets, saved state)"] = (
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

    class PaintWatch(QObject):
        """Whether a changing widget painted (a paint is what the officer sees)."""

        def __init__(self, label: str, seen: set[str]) -> None:
            super().__init__()
            self.label = label
            self.seen = seen

        def eventFilter(self, _watched: QObject, event: QEvent) -> bool:  # noqa: N802
            if event.type() == QEvent.Type.Paint:
                self.seen.add(self.label)
            return False

    seen: set[str] = set()
    watches = []
    for label, widget in (
        ("clause list", window.navigator.viewport()),
        ("clause text", window.clause_view.viewport()),
        ("notes", window.review.notes.viewport()),
        ("summary", window.summary),
        ("counts", window.counts_label),
    ):
        watches.append(PaintWatch(label, seen))
        widget.installEventFilter(watches[-1])

    class Probe:
        """Time spent in the window's steps during one key (wrapped on the live objects)."""

        def __init__(self) -> None:
            self.seconds: dict[str, float] = defaultdict(float)
            self.calls: dict[str, int] = defaultdict(int)
            self.depth = 0

        def wrap(self, owner: object, attribute: str, label: str) -> None:
            original = getattr(owner, attribute)

            def wrapped(*positional: Any, **named: Any) -> Any:
                self.depth += 1
                mark = time.perf_counter()
                try:
                    return original(*positional, **named)
                finally:
                    self.depth -= 1
                    self.seconds[label] += time.perf_counter() - mark
                    self.calls[label] += 1

            setattr(owner, attribute, wrapped)

        def reset(self) -> None:
            self.seconds.clear()
            self.calls.clear()

    probe = Probe()
    # Leaves only (none of these calls another), so their times add up.
    for owner, attribute, label in (
        (window.desk, "set_status", "Desk.set_status (durable write)"),
        (window.desk, "undo", "Desk.undo (durable write)"),
        (window.desk, "row", "Desk.row (query)"),
        (window.desk, "notes", "Desk.notes (query)"),
        (window.desk, "history", "Desk.history (query)"),
        (window.desk, "notes_page", "Desk.notes_page (query)"),
        (window.desk, "history_page", "Desk.history_page (query)"),
        (window.clause_view, "show_row", "ClauseView.show_row (HTML)"),
        (window.review, "_show_notes", "ReviewPanel._show_notes (fill the notes list)"),
        (window.review, "_fill_history", "ReviewPanel._fill_history (when its tab shows)"),
        (main_window_module, "apply_filters", "apply_filters (filters, no search text)"),
        (main_window_module.Search, "apply", "Search.apply (search, narrowing as typed)"),
        (window.model, "set_rows", "NavigatorModel.set_rows (group, reset)"),
        (window, "_refresh_summary", "MainWindow._refresh_summary"),
        (window.navigator, "scrollTo", "NavigatorView.scrollTo"),
        # Newer steps, when the window has them.
        (window, "_refresh_due_review", "MainWindow._refresh_due_review"),
        (getattr(window, "rounds", None), "progress", "Rounds.progress (query)"),
    ):
        if owner is not None and hasattr(owner, attribute):
            probe.wrap(owner, attribute, label)

    def drain() -> tuple[float, int]:
        """Run the event loop until idle; returns the end of the last pass that did work."""
        last_busy = time.perf_counter()
        idle = passes = 0
        while idle < 2 and passes < 100:
            before = len(seen)
            mark = time.perf_counter()
            QCoreApplication.processEvents()
            # Widgets a handler dropped with deleteLater(): the program's event loop
            # deletes them once the handler returns, but processEvents() called from
            # outside exec() leaves those posted at this level (a benchmark-only leak
            # of every note card shown, and a slower notes list) unless asked to.
            QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
            end = time.perf_counter()
            passes += 1
            if end - mark > IDLE_PASS_S or len(seen) != before:
                last_busy, idle = end, 0
            else:
                idle += 1
        return last_busy, passes

    profiler: cProfile.Profile | None = None

    def timed(send: Callable[[], object]) -> dict[str, Any]:
        drain()
        probe.reset()
        seen.clear()
        if profiler is not None:
            profiler.enable()
        cpu = time.process_time()
        mark = time.perf_counter()
        send()
        handled = time.perf_counter()
        end, _passes = drain()
        cpu = time.process_time() - cpu
        if profiler is not None:
            profiler.disable()
        row = window.current_row()
        return {
            "total": end - mark,
            "cpu": cpu,
            "handler": handled - mark,
            "loop": end - handled,
            "parts": dict(probe.seconds),
            "calls": dict(probe.calls),
            "painted": sorted(seen),
            "ref": row.clause.ref if row else None,
            "notes": row.note_count if row else 0,
            "shown": len(window.model.clause_positions()),
        }

    def key(
        widget: Any, text: str, modifier: Any = Qt.KeyboardModifier.NoModifier
    ) -> Callable[[], None]:
        def send() -> None:
            if len(text) == 1 and not text.isascii():
                QTest.sendKeyEvent(
                    QTest.KeyAction.Click, widget, Qt.Key.Key_unknown, text, modifier
                )
            else:
                QTest.keyClick(widget, text, modifier)

        return send

    def focus_is(widget: Any) -> None:
        if QApplication.focusWidget() is not widget:
            widget.setFocus()
            drain()
        if QApplication.focusWidget() is not widget:
            raise SystemExit(f"keyboard focus is on {QApplication.focusWidget()}, not {widget}")

    # A known start: no search or filter from an earlier session, the list focused.
    if window.filters().active:
        window.filter_bar.clear()
    window.navigator.setFocus()
    drain()
    focus_is(window.navigator)
    navigator = window.navigator
    search = window.filter_bar.search
    rng = random.Random(args.seed)

    def case_j_random(n: int) -> Iterator[dict[str, Any]]:
        positions = window.model.clause_positions()[:-1]
        for position in rng.sample(positions, n):
            window.select_position(position)
            focus_is(navigator)
            yield timed(key(navigator, "j"))

    def case_j_walk(n: int) -> Iterator[dict[str, Any]]:
        window.select_position(window.model.clause_positions()[0])
        focus_is(navigator)
        for _ in range(n):
            yield timed(key(navigator, "j"))

    def case_search(n: int) -> Iterator[dict[str, Any]]:
        produced = 0
        queries = [WARMUP_SEARCH, *list(SEARCHES)]
        while produced < n:
            for query in queries:
                # From a random clause in the whole list, as the officer would be.
                window.select_position(rng.choice(window.model.clause_positions()))
                focus_is(navigator)
                key(navigator, "/")()
                drain()
                focus_is(search)
                for character in query:
                    yield timed(key(search, character))
                    produced += 1
                pane_timer = getattr(window, "_pane_timer", None)
                if pane_timer is not None and pane_timer.isActive():
                    # The typing has paused: time the clause pane catching up with
                    # the first match (the timer's own work, not its wait).
                    pane_samples.append(timed(pane_timer.timeout.emit))
                QTest.keyClick(search, Qt.Key.Key_Escape)
                drain()
                focus_is(navigator)
                if produced >= n:
                    return

    undo_samples: list[dict[str, Any]] = []
    pane_samples: list[dict[str, Any]] = []

    def case_status(n: int) -> Iterator[dict[str, Any]]:
        commitments = [
            row.clause.ref
            for row in window.model.rows()
            if row.clause.kind is ClauseKind.COMMITMENT and row.status.value != "advanced"
        ]
        for ref in rng.sample(commitments, n):
            window.select_ref(ref, scroll=True)
            focus_is(navigator)
            sample = timed(key(navigator, "2"))
            if window.current_row().status.value != "advanced":
                raise SystemExit(
                    f"'2' did not set {ref} to advanced: {window.statusBar().currentMessage()}"
                )
            yield sample
            # Put it back, so reruns see the same store (and time the undo too).
            undo_samples.append(timed(key(navigator, "z", Qt.KeyboardModifier.ControlModifier)))
            if window.current_row().status.value == "advanced":
                raise SystemExit(f"Ctrl+Z did not undo the change to {ref}")

    by_notes = sorted(window.model.rows(), key=lambda row: -row.note_count)
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
        positions = window.model.clause_positions()
        at = positions.index(window.model.position_of(heaviest.clause.ref))
        before, key_text = (positions[at - 1], "j") if at > 0 else (positions[at + 1], "k")
        for _ in range(n):
            window.select_position(before)
            focus_is(navigator)
            yield timed(key(navigator, key_text))

    @dataclass
    class Case:
        id: str
        label: str
        function: Callable[[int], Iterator[dict[str, Any]]]
        timed: int
        warmup: int
        profile_runs: int

    cases = [
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
        # Seconds per key: few runs, one untimed, one profiled.
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
            "search",
            "search keystroke (one character into the search field)",
            case_search,
            args.repeat,
            args.warmup,
            30,
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

    # Profiles of what misses the frame (cProfile around the key and the event loop).
    goal = args.goal_frame / MS
    for case in cases:
        totals = [sample["total"] for sample in result["cases"][case.id]["samples"]]
        if args.profile == "none" or (args.profile == "failed" and p95(totals) < goal):
            continue
        print(f"    profiling {case.id} ...", file=sys.stderr, flush=True)
        profiler = cProfile.Profile()
        runs = min(case.profile_runs, case.timed)
        for _ in case.function(runs):
            pass
        result["profiles"][case.id] = render_profile(profiler, f"{case.id}, {runs} keys", args.top)
        profiler = None
    result["memory"]["at the end (after profiling)"] = memory_now()
    args.worker_output.write_text(json.dumps(result), encoding="utf-8")
    sys.stdout.flush()
    sys.stderr.flush()
    # No close(): that would save this session's window state into the data folder.
    os._exit(0)


def render_profile(profiler: cProfile.Profile, title: str, top: int) -> str:
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out).strip_dirs()
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


def ms(seconds: float) -> str:
    return f"{seconds * MS:.1f} ms"


def start_rows(subjects: list[Subject], name: str, goal_ratio: float) -> list[Row]:
    bare = subjects[0]
    bare_paints = [start.paint_s for start in bare.starts[name]]
    bare_cpu = median([start.cpu_s for start in bare.starts[name]])
    rows = [
        Row(
            f"start → first paint, bare PySide6 window ({name})",
            ms(median(bare_paints)),
            ms(p95(bare_paints)),
            "—",
            "—",
            f"{ms(bare_cpu)} (whole run)",
        ),
    ]
    for subject in subjects[1:]:
        paints = [start.paint_s for start in subject.starts[name]]
        cpu = median([start.cpu_s for start in subject.starts[name]])
        rows.append(
            Row(
                f"start → first paint, {subject.label} ({name})",
                ms(median(paints)),
                ms(p95(paints)),
                "—",
                "—",
                f"{ms(cpu)} (whole run)",
            )
        )
        ratio_median = median(paints) / median(bare_paints)
        ratio_p95 = p95(paints) / p95(bare_paints)
        # The goal is for the program as it starts: on its default store, the
        # Shared Vision. The large store's start is measured for scale.
        held = subject.key == "sv"
        rows.append(
            Row(
                f"  ratio to the bare window, {subject.label} ({name})",
                f"{ratio_median:.2f}×",
                f"{ratio_p95:.2f}×",
                f"≤ {goal_ratio:g}×" if held else "— (for scale)",
                verdict(ratio_median, ratio_p95, goal_ratio + 1e-9) if held else "—",
                f"{cpu / bare_cpu:.2f}×",
            )
        )
    return rows


def key_rows(result: dict[str, Any], name: str, goal: float) -> list[Row]:
    rows = []
    for case_id, case in result["cases"].items():
        totals = [sample["total"] for sample in case["samples"]]
        case_goal = None if case_id == "undo" else goal
        rows.append(
            Row(
                f"{case['label']} ({name}, n={len(totals)})",
                ms(median(totals)),
                ms(p95(totals)),
                "—" if case_goal is None else f"< {case_goal * MS:g} ms",
                verdict(median(totals), p95(totals), case_goal),
                ms(median([sample["cpu"] for sample in case["samples"]])),
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


def breakdown(case: dict[str, Any], goal: float) -> list[str]:
    samples = case["samples"]
    n = len(samples)
    lines = [
        f"#### {case['label']}",
        "",
        f"Mean per key over {n} keys (the steps are the window's own methods, timed by "
        "wrapping them on the live objects; *event loop* is the layout and paint after "
        "the handler returns):",
        "",
        "| step | mean | calls per key | share |",
        "|---|---:|---:|---:|",
    ]
    mean_total = statistics.fmean(sample["total"] for sample in samples)
    mean_handler = statistics.fmean(sample["handler"] for sample in samples)
    parts: dict[str, float] = defaultdict(float)
    calls: dict[str, int] = defaultdict(int)
    for sample in samples:
        for label, seconds in sample["parts"].items():
            parts[label] += seconds / n
        for label, number in sample["calls"].items():
            calls[label] += number
    for label, seconds in sorted(parts.items(), key=lambda item: -item[1]):
        lines.append(
            f"| {label} | {ms(seconds)} | {calls[label] / n:.1f} | {seconds / mean_total:.0%} |"
        )
    other = mean_handler - sum(parts.values())
    lines.append(
        f"| rest of the handler (Qt signals, selection, combo, labels) | {ms(other)} | "
        f"| {other / mean_total:.0%} |"
    )
    loop = mean_total - mean_handler
    lines.append(f"| event loop: layout and paint | {ms(loop)} | | {loop / mean_total:.0%} |")
    lines.append(f"| **total** | **{ms(mean_total)}** | | |")
    painted = defaultdict(int)
    for sample in samples:
        for name in sample["painted"]:
            painted[name] += 1
    lines += [
        "",
        "Widgets seen painting within the timed span: "
        + ", ".join(f"{name} {count}/{n}" for name, count in sorted(painted.items()))
        + ".",
        "",
        "By the notes on the clause shown after the key:",
        "",
        "| notes on the clause | keys | median | p95 | over the goal |",
        "|---|---:|---:|---:|---:|",
    ]
    for low, high in NOTE_BUCKETS:
        bucket = [s["total"] for s in samples if low <= s["notes"] <= high]
        if not bucket:
            continue
        label = str(low) if low == high else (f"{low}–{high}" if high < 10**9 else f"{low}+")
        over = sum(1 for value in bucket if value >= goal)
        lines.append(
            f"| {label} | {len(bucket)} | {ms(median(bucket))} | {ms(p95(bucket))} | {over} |"
        )
    slowest = sorted(samples, key=lambda sample: -sample["total"])[:5]
    lines += [
        "",
        "Slowest keys: "
        + "; ".join(
            f"{ms(s['total'])}, of which this process's CPU {ms(s['cpu'])} "
            f"({s['ref']}, {s['notes']} notes, {s['shown']} clauses listed)"
            for s in slowest
        )
        + ".",
    ]
    return lines


def render(
    rows: list[Row],
    sections: list[str],
    machine: list[str],
    dataset: str,
    method: str,
) -> str:
    lines = [
        "# Desk benchmark",
        "",
        f"Run {dt.datetime.now().astimezone().strftime('%Y-%m-%d %H:%M %Z')} with "
        "`benchmarks/bench_desk.py`.",
        "",
        "| what | median | p95 | goal | result | CPU median |",
        "|---|---:|---:|---:|---|---:|",
    ]
    lines += [
        f"| {r.what} | {r.median} | {r.p95} | {r.goal} | {r.result} | {r.cpu} |" for r in rows
    ]
    lines += ["", method, "", "**Data:** " + dataset, "", "**Machine:**", "", *machine]
    if sections:
        lines += ["", *sections]
    return "\n".join(lines).rstrip()


# -- the driver --------------------------------------------------------------------------------


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
        shared = temporary_root / "shared-vision"  # made by the first (untimed) start
        python = sys.executable
        subjects = [
            Subject("bare", "bare PySide6 window", [python, str(HERE / "bare_window.py")]),
            Subject(
                "sv",
                "desk, Shared Vision (24 clauses)",
                [python, "-m", "vision_desk", "--data-dir", str(shared), "--smoke"],
            ),
            Subject(
                "big",
                f"desk, {args.clauses:,}-clause store",
                [python, "-m", "vision_desk", "--data-dir", str(big), "--smoke"],
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
            f"Start-up: {args.runs} runs per subject after {args.warmup_runs} untimed, "
            f"on {', '.join(platforms)}",
            flush=True,
        )
        workers: dict[str, dict[str, Any]] = {}
        for name in platforms:
            # Starts first, then the keys on the same platform: the window state the
            # starts save (geometry, current clause) is the one the key benchmark opens.
            measure_starts(subjects, [name], display, args)
            print(f"Keys and memory in the desk process ({name}) ...", flush=True)
            # Profiles from the first platform only (the code path is the same).
            profile = args.profile if name == platforms[0] or args.profile == "all" else "none"
            workers[name] = run_worker(big, platform_env(name, display), args, profile)
        first = workers["offscreen"]
        qt_info.update(pyside=first["qt"]["pyside"], qt=first["qt"]["qt"])

        goal = args.goal_frame / MS
        rows: list[Row] = []
        for name in platforms:
            rows += start_rows(subjects, name, args.goal_ratio)
        for name in platforms:
            rows += key_rows(workers[name], name, goal)
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

        sections: list[str] = []
        # Start-up details.
        sections += [
            "## Start-up",
            "",
            "| process | platform | to first paint, median | "
            "its own figure (from its first line of Python), median | to exit, median | "
            "peak RSS |",
            "|---|---|---:|---:|---:|---:|",
        ]
        for name in platforms:
            for subject in subjects:
                starts = subject.starts[name]
                sections.append(
                    f"| {subject.label} | {name} | {ms(median([s.paint_s for s in starts]))} | "
                    f"{ms(median([s.self_s for s in starts]))} | "
                    f"{ms(median([s.exit_s for s in starts]))} | "
                    f"{max(s.maxrss_kb for s in starts) * 1024 / MB:.0f} MB |"
                )
        sections += [
            "",
            "In-process phases of one start on the big store (the key benchmark's "
            "own start, offscreen):",
            "",
            "| phase | time |",
            "|---|---:|",
        ]
        sections += [f"| {phase} | {ms(seconds)} |" for phase, seconds in first["phases"].items()]
        failing_starts = [
            subject
            for subject in subjects[1:]
            if any(
                median([s.paint_s for s in subject.starts[name]])
                > args.goal_ratio * median([s.paint_s for s in subjects[0].starts[name]])
                or p95([s.paint_s for s in subject.starts[name]])
                > args.goal_ratio * p95([s.paint_s for s in subjects[0].starts[name]])
                for name in platforms
            )
        ]
        if args.profile == "all":
            failing_starts = subjects[1:]
        if args.profile != "none":
            for subject in failing_starts:
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
        # Keys.
        sections += ["", "## Keys on the big store", ""]
        for name in platforms:
            info = workers[name]["qt"]
            sections.append(
                f"- {name}: window {info['window']}, clause list viewport "
                f"{info['navigator']} (Qt platform '{info['platform']}')"
            )
        # A breakdown of each key over its goal, on the first platform where it is
        # (the code path is the same on both; the table has the other's figures).
        shown: set[str] = set()
        for name in platforms:
            for case_id, case in workers[name]["cases"].items():
                totals = [sample["total"] for sample in case["samples"]]
                if args.profile != "all" and (
                    case_id == "undo" or p95(totals) < goal or case_id in shown
                ):
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
            "after j": "after the `j` keys from random places",
            "after j_walk": "after the `j` walk",
            "after j_heaviest": "after `j` onto the clause with the most notes",
            "after search": "after the search keystrokes",
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
            f"Start-up: whole processes timed from outside, {args.runs} runs each after "
            f"{args.warmup_runs} untimed, interleaved; *start → first paint* is from just "
            "before the process is started to the moment its one line (printed from the "
            "window's first `paintEvent`) arrives. The ratio is desk ÷ bare, medians and "
            "p95s. Keys: in one desk process on the big store (as of "
            f"{args.as_of.isoformat()}), {args.repeat} keys per case after {args.warmup} "
            "untimed; each from `QTest.keyClick` (through Qt's shortcut map) to the end of "
            "the last event-loop pass that did work (layout and paint included). A figure "
            "passes when its p95 is under the goal; `FAIL (p95)` means only the median does. "
            "*CPU median* is the measured process's own CPU time (starts: the whole run to "
            "its exit, from `wait4`; keys: `process_time` over the key and the event loop): "
            "a wall time far above it means other programs were running. "
            "MB = 1,000,000 bytes."
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
        )
        print()
        print(report)
        if args.output:
            args.output.write_text(report + "\n", encoding="utf-8")
            print(f"written to {args.output}")
        failed = any(row.result.startswith("FAIL") for row in rows)
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
        description="Time the desk window's start, keys and memory on a large store."
    )
    parser.add_argument("--data-dir", type=Path, help="the big store: built here once, reused")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument("--clauses", type=int, default=generate.DEFAULT_CLAUSES)
    parser.add_argument("--notes", type=int, default=generate.DEFAULT_NOTES)
    parser.add_argument("--seed", type=int, default=generate.DEFAULT_SEED)
    parser.add_argument("--as-of", type=dt.date.fromisoformat, default=generate.AS_OF)
    parser.add_argument("--runs", type=int, default=10, help="timed starts per subject")
    parser.add_argument("--warmup-runs", type=int, default=2, help="untimed starts first")
    parser.add_argument("--repeat", type=int, default=60, help="timed keys per case")
    parser.add_argument("--warmup", type=int, default=3, help="untimed keys first")
    parser.add_argument("--walk", type=int, default=200, help="j presses in a row")
    parser.add_argument("--worst", type=int, default=3, help="j onto the most-noted clause")
    parser.add_argument("--no-xvfb", action="store_true", help="offscreen only")
    parser.add_argument("--goal-ratio", type=float, default=2.0)
    parser.add_argument("--goal-frame", type=float, default=16.0, help="ms (default 16)")
    parser.add_argument("--goal-memory", type=float, default=250.0, help="MB (default 250)")
    parser.add_argument("--profile", choices=("failed", "all", "none"), default="failed")
    parser.add_argument("--top", type=int, default=25, help="lines per profile")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    parser.add_argument("--no-output", dest="output", action="store_const", const=None)
    parser.add_argument("--strict", action="store_true", help="exit 1 when a goal is missed")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--worker-output", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.runs < 1 or args.repeat < 1 or args.warmup < 0 or args.warmup_runs < 0:
        parser.error("--runs and --repeat must be at least 1, the warm-ups at least 0")
    if args.worker:
        worker(args)
        return 0
    return run(args)


if __name__ == "__main__":
    sys.exit(main())
