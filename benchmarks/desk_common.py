"""What every part of the desk benchmark (``bench_desk.py``) shares: the folders,
the units, the start's milestones, the statistics, the results table's row and its
verdict, and the kernel's count of a thread's wait for a CPU."""

from __future__ import annotations

import math
import statistics
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
# The child processes (the first keys, the in-process keys, the start's profile)
# re-run the driver with their own flags.
DRIVER = HERE / "bench_desk.py"
MS = 1000.0
MB = 1_000_000
# The start's milestones, as the timing hook names them and --smoke prints them.
PAINTED, READY, OPEN = "painted", "ready for keys", "store open"
MILESTONES = (PAINTED, READY, OPEN)
SAID = {PAINTED: "first paint", READY: "ready for keys", OPEN: "store open"}


# -- statistics ------------------------------------------------------------------------------


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


def ratio_verdict(median_ratio: float, p95_ratio: float, goal: float) -> str:
    """A start ratio passes when the ratio of the medians and that of the p95s are
    both within ``goal``. Unlike a time, the p95s' ratio may be the smaller (the
    bare window had the slow round), so neither stands for the other."""
    median_ok, p95_ok = median_ratio <= goal + 1e-9, p95_ratio <= goal + 1e-9
    if median_ok and p95_ok:
        return "pass"
    if median_ok:
        return "FAIL (p95)"
    if p95_ok:
        return "FAIL (median)"
    return "FAIL"


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


# -- the machine's run queue -----------------------------------------------------------------


def cpu_wait(path: str = "/proc/thread-self/schedstat") -> float | None:
    """How long a thread has waited for a CPU while ready to run (the run queue),
    from the kernel's schedstat; None where there is none. Other programs taking the
    machine's CPUs show here, not in the thread's own CPU time."""
    try:
        return int(Path(path).read_text().split()[1]) / 1e9
    except (OSError, IndexError, ValueError):
        return None
