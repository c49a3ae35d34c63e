"""What the benchmark scripts share: a measurement (samples, median, p95, the
verdict against a goal) and its row in a Markdown report."""

from __future__ import annotations

import datetime as dt
import math
import statistics
from dataclasses import dataclass, field

MS = 1000.0


@dataclass
class Measurement:
    name: str
    samples: list[float]  # wall-clock seconds (time.perf_counter)
    goal_ms: float | None = None
    cpu_samples: list[float] = field(default_factory=list)  # this process's CPU seconds
    detail: str = ""  # what the run made, where a report shows it
    profile: str = ""

    @property
    def median_ms(self) -> float:
        return statistics.median(self.samples) * MS

    @property
    def cpu_median_ms(self) -> float | None:
        return statistics.median(self.cpu_samples) * MS if self.cpu_samples else None

    @property
    def p95_ms(self) -> float:
        """Nearest-rank 95th percentile: 95 % of runs took at most this."""
        ordered = sorted(self.samples)
        return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)] * MS

    @property
    def verdict(self) -> str:
        if self.goal_ms is None:
            return "—"
        if self.p95_ms < self.goal_ms:
            return "pass"
        if self.median_ms < self.goal_ms:
            return "FAIL (p95)"
        return "FAIL"

    @property
    def failed(self) -> bool:
        return self.verdict.startswith("FAIL")

    def row(self, digits: int = 1, cpu: bool = False, detail: bool = False) -> str:
        """The measurement as a row of ``| what | median | p95 | goal | result |``,
        with the CPU median and what it made when asked."""
        goal = f"< {self.goal_ms:g} ms" if self.goal_ms is not None else "—"
        cells = [
            self.name,
            f"{self.median_ms:.{digits}f} ms",
            f"{self.p95_ms:.{digits}f} ms",
            goal,
            self.verdict,
        ]
        if cpu:
            median = self.cpu_median_ms
            cells.append("—" if median is None else f"{median:.{digits}f} ms")
        if detail:
            cells.append(self.detail)
        return "| " + " | ".join(cells) + " |"


def heading(title: str, script: str) -> list[str]:
    """A report's title and when and with what it was run."""
    now = dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")
    return [f"# {title}", "", f"Run {now} with `benchmarks/{script}`."]


def machine_and_profiles(machine: list[tuple[str, str]], results: list[Measurement]) -> list[str]:
    """A report's closing sections: the machine it ran on, and the profiles of the
    measurements that have one."""
    lines = ["**Machine:**", "", *(f"- {key}: {value}" for key, value in machine)]
    profiled = [result for result in results if result.profile]
    if profiled:
        lines += ["", "## Profiles", ""]
        for result in profiled:
            lines += [f"### {result.name}", "", "```text", result.profile, "```", ""]
    return lines
