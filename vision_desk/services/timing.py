"""The desk's public timing hook: the milestones of a start and the steps of a key.

Off unless someone listens: a benchmark or a profiler calls ``listen`` and is then
told each milestone of the desk's start ("painted", "ready for keys", "store
open") when it happens, and how long each step of a key took (the command, and
the window's list, panes and summary) with the CPU time beside the wall time.
Nothing in the desk depends on it; unheard, a step costs one test of a global.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Milestone:
    name: str
    at: float  # time.perf_counter() when it was reached


@dataclass(frozen=True, slots=True)
class Step:
    name: str
    seconds: float  # wall time
    cpu_seconds: float  # this process's CPU time (time.process_time)


Event = Milestone | Step
Listener = Callable[[Event], None]

_listener: Listener | None = None


def listen(listener: Listener | None) -> None:
    """Hear every milestone and step from now on (None: stop)."""
    global _listener
    _listener = listener


def milestone(name: str) -> None:
    if _listener is not None:
        _listener(Milestone(name, time.perf_counter()))


@contextmanager
def step(name: str) -> Iterator[None]:
    listener = _listener
    if listener is None:
        yield
        return
    wall, cpu = time.perf_counter(), time.process_time()
    try:
        yield
    finally:
        listener(Step(name, time.perf_counter() - wall, time.process_time() - cpu))
