"""The desk benchmark's report (``bench_desk.py``): the results table's rows with
their verdicts, the machine's lines, the findings, and the page around them. The
sections under the table are in ``desk_report_sections.py``."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
from pathlib import Path
from typing import Any

from desk_common import (
    MB,
    MILESTONES,
    MS,
    OPEN,
    PAINTED,
    SAID,
    Row,
    median,
    ms,
    p95,
    ratio_verdict,
    verdict,
)
from desk_first_keys import FIRST_CASES
from desk_starts import Subject

# -- the machine -----------------------------------------------------------------------------


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


# -- the results table's rows ----------------------------------------------------------------


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
                    ratio_verdict(ratio_median, ratio_p95, goal) if goal is not None else "—",
                    f"{median(cpus) / median(bare_cpus):.2f}×" if cpus and bare_cpus else "—",
                )
            )
    return rows


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


# -- the page --------------------------------------------------------------------------------


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
