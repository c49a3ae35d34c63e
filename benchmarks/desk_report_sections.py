"""The desk benchmark's report sections under the results table
(``bench_desk.py``): the start-up tables, the first key after a start, and the
per-step breakdown of a key (the timing hook's steps, by the notes on the clause,
the slowest keys)."""

from __future__ import annotations

import statistics
from collections import defaultdict
from typing import Any

from desk_common import MB, MILESTONES, MS, PAINTED, READY, median, ms, p95
from desk_first_keys import FIRST_CASES
from desk_starts import Subject

NOTE_BUCKETS = ((0, 0), (1, 9), (10, 49), (50, 199), (200, 10**9))


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
