"""What the desk benchmark's Qt processes share (``desk_first_keys.py`` and
``desk_keys.py``): the listener on the desk's public timing hook, the rig that
presses keys in a live desk window and times each to idle, and the rendering of
a key's cProfile."""

from __future__ import annotations

import cProfile
import io
import pstats
import time
from collections.abc import Callable
from typing import Any

from desk_common import cpu_wait

# -- keys: what the Qt processes share -------------------------------------------------------


# An event-loop pass that used less of the window thread's CPU than this and
# painted none of the watched widgets counts as idle (an idle pass costs about
# 0.05 ms). CPU rather than wall time: a pass that only waited for Python's lock
# (the store opening in a background thread) or for another program did no work.
IDLE_PASS_CPU_S = 0.0005


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


def render_stats(stats: pstats.Stats, title: str, top: int) -> str:
    out = io.StringIO()
    stats.stream = out  # type: ignore[attr-defined]
    stats.strip_dirs()
    out.write(f"cProfile of {title} (key and event loop), sorted by cumulative time\n")
    stats.sort_stats("cumulative").print_stats(top)
    out.write("... sorted by own time (tottime)\n")
    stats.sort_stats("tottime").print_stats(top)
    return "\n".join(line.rstrip() for line in out.getvalue().splitlines() if line.strip())
