"""Part 2 of the desk benchmark (``bench_desk.py``): the first key after a start,
one fresh process each.

The driver calls ``run_first_keys``; it starts ``bench_desk.py --first-key CASE``
once per process (``first_key_once``), and that child runs ``first_key_child``:
one desk start the program's own way, one key at the case's moment, one JSON line
on stdout.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import io
import json
import os
import pstats
import random
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desk_common import DRIVER, MS, OPEN, PAINTED, READY, ROOT, median, p95
from desk_rig import Hook, KeyRig, render_stats

# -- 2. the first key after a start, one fresh process each ----------------------------------


FIRST_KEY_PREFIX = "first-key: "
STATUS_COMMAND = "command clause.set_status.2"
# The first-key processes' one search letter, in turn (the searches' first letters).
FIRST_LETTERS = "tcrmapbsh"


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
        str(DRIVER),
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
