"""How long the desk takes to start, from the bundle and from the source install.

    .venv/bin/python packaging/measure_start.py [--runs 5]

Runs ``vision-desk --smoke`` (offscreen) RUNS times each way, taking turns, on a store
made by a first start, and prints the medians: the time the program reports (from
its first line of Python to the first paint with data), the wall-clock time of the
whole process (for the bundle, that includes starting its own Python) and the CPU
time the process used (which a busy machine disturbs least). Needs dist/vision-desk
from packaging/build.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SMOKE = re.compile(r"smoke: desk painted with (\d+) clauses in ([0-9.]+) s")


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def start(program: list[str], data: Path, home: Path) -> tuple[float, float, float]:
    """(reported paint time, wall-clock time, CPU time) of one start."""
    env = {"PATH": "/usr/bin:/bin", "HOME": str(home), "QT_QPA_PLATFORM": "offscreen"}
    cpu = _children_cpu()
    began = time.perf_counter()
    result = subprocess.run(
        [*program, "--data-dir", str(data), "--smoke"],
        env=env,
        cwd=home,
        capture_output=True,
        text=True,
        check=True,
    )
    wall = time.perf_counter() - began
    cpu = _children_cpu() - cpu
    match = SMOKE.search(result.stdout)
    if match is None:
        raise SystemExit(f"no smoke line from {program}: {result.stdout}{result.stderr}")
    return float(match.group(2)), wall, cpu


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    ways = {
        "bundle": [str(ROOT / "dist" / "vision-desk" / "vision-desk")],
        "source": [str(Path(sys.prefix) / "bin" / "vision-desk")],
    }
    with tempfile.TemporaryDirectory() as folder:
        home = Path(folder)
        first = {name: start(program, home / name, home) for name, program in ways.items()}
        times: dict[str, list[tuple[float, float, float]]] = {name: [] for name in ways}
        for _ in range(runs):
            for name, program in ways.items():
                times[name].append(start(program, home / name, home))
    for name in ways:
        reported, wall, cpu = (
            statistics.median(column) for column in zip(*times[name], strict=True)
        )
        sys.stdout.write(
            f"{name}: first start (creates the store) {first[name][1]:.2f} s; "
            f"median of {runs}: painted in {reported:.2f} s (reported), "
            f"{wall:.2f} s wall-clock, {cpu:.2f} s CPU\n"
        )
    load = os.getloadavg()[0]
    sys.stdout.write(f"({os.cpu_count()} CPUs, load average {load:.1f})\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
