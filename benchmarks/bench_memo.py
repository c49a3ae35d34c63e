"""How fast the review memo is made: the Shared Vision memo, and a memo of 1,000
commitments with 5 notes each.

Both snapshots are built in memory, the program's way (``rules.summarise`` over
board rows with notes), and only ``render_memo`` is timed, each figure repeated
(after untimed warm-up runs, which also register the fonts):

* the Shared Vision (24 clauses) as of 15 March 2021 for a closed round, with
  notes in English, Urdu, Pashto and Dari and a right-to-left name inside an
  English sentence; goal < 500 ms;
* a generated agreement of 1,000 commitments, two thirds with a deadline, each with
  a rationale and 5 notes (one line to a few paragraphs; one note in ten in Urdu,
  Pashto or Dari); goal < 5 s.

It also times, once, what the first memo of a session pays on top: reading and
registering the six fonts. It prints a Markdown table (median, p95, goal, verdict,
CPU median), writes it to benchmarks/results-memo.md, and profiles the figures
that miss their goal.

    .venv/bin/python benchmarks/bench_memo.py [--repeat 10] [--large-repeat 5] ...
"""

from __future__ import annotations

import argparse
import cProfile
import dataclasses
import datetime as dt
import gc
import io
import os
import platform
import pstats
import random
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))

from measure import MS, Measurement, heading, machine_and_profiles  # noqa: E402

from vision_desk.domain.agreement import (  # noqa: E402 (after the path is set)
    Agreement,
    Clause,
    ClauseKind,
    Deadline,
    Precision,
    Provenance,
)
from vision_desk.domain.agreement_file import load_agreement  # noqa: E402
from vision_desk.domain.memo import (  # noqa: E402
    MemoClause,
    MemoOptions,
    MemoSnapshot,
    RoundChanges,
    RoundInfo,
)
from vision_desk.domain.review import BoardRow, ClauseState, Note  # noqa: E402
from vision_desk.domain.round_comparison import ComparedClause  # noqa: E402
from vision_desk.domain.rules import summarise  # noqa: E402
from vision_desk.domain.status import COMMITMENT_SCALE, Status  # noqa: E402

FONTS = REPO / "resources" / "fonts"
SHARED_VISION = REPO / "resources" / "agreements" / "shared-vision.toml"
DEFAULT_OUTPUT = HERE / "results-memo.md"
UTC = dt.UTC
SEED = 20201119

URDU = (
    "کابل میں دونوں ملکوں کے نمائندوں کی ملاقات ہوئی اور مہاجرین کی واپسی کے مشترکہ "
    "منصوبے پر بات چیت آگے بڑھی، لیکن کوئی تحریری مسودہ ابھی تک تبادلہ نہیں ہوا۔"
)
PASHTO = "د کډوالو د راستنیدو ګډ وړاندیز لا نه دی ښکاره شوی، خو دواړه خواوې ژمنې دي."
DARI = "هیئت افغانستان می‌گوید پیش‌نویس پیشنهاد مشترک تا پایان ماه آماده می‌شود."
MIXED = "Met محمد کریمی at the Kabul office; he confirmed the draft is with the committee."
SENTENCES = (
    "Officials met in Islamabad and agreed the terms of reference.",
    "The counterpart confirmed that the draft is with the committee and expects comments.",
    "No written product has been exchanged since the last round.",
    "Progress is slower than the timeline foresaw; the lead officials have not met since February.",
    "A joint statement after the meeting repeated the commitment in general terms only.",
    "Source: embassy reporting, assessed as reliable; the ministry has not confirmed it.",
)


# -- the snapshots ----------------------------------------------------------------------


def shared_vision_snapshot() -> MemoSnapshot:
    """The Shared Vision as of 15 March 2021, closed round, notes in four languages."""
    agreement = load_agreement(SHARED_VISION)
    statuses = {
        "SV-P1": Status.UPHELD,
        "SV-P3": Status.STRAINED,
        "SV-P5": Status.BREACHED,
        "SV-C1": Status.INITIATED,
        "SV-C2": Status.ADVANCED,
        "SV-C3": Status.NOT_STARTED,
        "SV-C4": Status.COMPLETED,
        "SV-C7": Status.OVERTAKEN,
    }
    notes = {
        "SV-C1": (SENTENCES[0], MIXED),
        "SV-C2": (URDU, PASHTO),
        "SV-C3": (DARI,),
        "SV-P3": (SENTENCES[4],),
    }
    as_of = dt.date(2021, 3, 15)
    clauses = []
    number = 0
    for clause in agreement.clauses:
        status = statuses.get(clause.ref, Status.NOT_ASSESSED)
        state = ClauseState(status, dt.datetime(2021, 3, 1, 9, 0, tzinfo=UTC), "A. Officer")
        written = []
        for text in notes.get(clause.ref, ()):
            number += 1
            moment = dt.datetime(2021, 2, 1, 10, 0, tzinfo=UTC) + dt.timedelta(days=number)
            written.append(Note(number, clause.ref, "A. Officer", moment, text))
        row = BoardRow(clause, state, as_of, note_count=len(written))
        clauses.append(MemoClause(row, tuple(written), written[0] if written else None))
    return _snapshot(agreement, clauses, as_of)


def large_snapshot(commitments: int, notes_each: int, seed: int) -> MemoSnapshot:
    """A generated agreement of ``commitments`` commitments, each with a rationale
    and ``notes_each`` notes."""
    base = load_agreement(SHARED_VISION)
    rng = random.Random(seed)
    as_of = dt.date(2024, 6, 30)
    clauses: list[Clause] = []
    memo_clauses: list[MemoClause] = []
    number = 0
    for index in range(commitments):
        due = None
        if index % 3:
            latest = dt.date(2021, 1, 1) + dt.timedelta(days=rng.randrange(2000))
            due = Deadline(f"By {latest.day} {latest:%B %Y}", latest, latest, Precision.DAY)
        clause = Clause(
            ref=f"A{index // 40 + 1}.{index % 40 + 1}",
            kind=ClauseKind.COMMITMENT,
            strand=rng.choice(("security", "refugees", "connectivity", "political")),
            parties=("AF", "PK"),
            title=f"Commitment {index + 1}: {rng.choice(SENTENCES)[:60].rstrip('.,; ')}",
            text=" ".join(rng.choice(SENTENCES) for _ in range(rng.randint(1, 4))),
            provenance=Provenance(base.sources[0].id, f"article {index // 40 + 1}"),
            quotes=(rng.choice(SENTENCES)[:40],) if index % 2 else (),
            due=due,
        )
        state = ClauseState(
            rng.choice(COMMITMENT_SCALE), dt.datetime(2024, 6, 1, tzinfo=UTC), "A. Officer"
        )
        written = []
        for _ in range(notes_each + 1):  # the first is the rationale
            number += 1
            moment = dt.datetime(2022, 1, 1, tzinfo=UTC) + dt.timedelta(hours=number)
            written.append(Note(number, clause.ref, "A. Officer", moment, _note_text(rng)))
        row = BoardRow(clause, state, as_of, note_count=notes_each)
        clauses.append(clause)
        memo_clauses.append(MemoClause(row, tuple(written[1:]), written[0]))
    agreement = dataclasses.replace(
        base,
        id="generated",
        title="A generated agreement",
        short_title="Generated",
        clauses=tuple(clauses),
    )
    return _snapshot(agreement, memo_clauses, as_of)


def _note_text(rng: random.Random) -> str:
    if rng.random() < 0.1:
        return rng.choice((URDU, PASHTO, DARI, MIXED))
    paragraphs = [
        " ".join(rng.choice(SENTENCES) for _ in range(rng.randint(1, 5)))
        for _ in range(rng.choice((1, 1, 1, 2, 3)))
    ]
    return "\n".join(paragraphs)


def _snapshot(agreement: Agreement, clauses: list[MemoClause], as_of: dt.date) -> MemoSnapshot:
    summary = summarise(((item.row.clause, item.row.status) for item in clauses), as_of)
    return MemoSnapshot(
        agreement=agreement,
        as_of=as_of,
        summary=summary,
        clauses=tuple(clauses),
        options=MemoOptions(
            date=as_of + dt.timedelta(days=4),
            to="Director, South Asia Division",
            sender="Desk Officer",
            subject="Review memo",
        ),
        round=RoundInfo(
            id=2,
            title="Quarterly review",
            as_of=as_of,
            opened_at=dt.datetime.combine(as_of, dt.time(9), tzinfo=UTC),
            closed_at=dt.datetime.combine(as_of, dt.time(17), tzinfo=UTC),
            content_hash="0123456789abcdef" * 4,
        ),
        changes=RoundChanges(
            previous_title="Previous review",
            previous_as_of=as_of - dt.timedelta(days=90),
            rows=tuple(
                ComparedClause(
                    item.row.clause.ref,
                    item.row.clause.title,
                    Status.INITIATED,
                    item.row.status,
                    False,
                    False,
                    (category,),
                )
                for item, category in zip(
                    clauses[:7],
                    (
                        "improved",
                        "improved",
                        "improved",
                        "regressed",
                        "newly overdue",
                        "newly overdue",
                        "stalled",
                    ),
                    strict=False,
                )
            ),
        ),
    )


# -- measuring --------------------------------------------------------------------------


def measure(
    name: str, run: Callable[[], object], repeat: int, warmup: int, goal_ms: float | None
) -> Measurement:
    samples: list[float] = []
    cpu: list[float] = []
    for index in range(warmup + repeat):
        gc.collect()
        cpu_started = time.process_time()
        started = time.perf_counter()
        run()
        elapsed = time.perf_counter() - started
        if index >= warmup:
            samples.append(elapsed)
            cpu.append(time.process_time() - cpu_started)
    return Measurement(name, samples, goal_ms, cpu)


def profile(run: Callable[[], object], top: int = 20) -> str:
    profiler = cProfile.Profile()
    profiler.enable()
    run()
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out).strip_dirs()
    stats.sort_stats("tottime").print_stats(top)
    stats.sort_stats("cumulative").print_stats(top)
    return "\n".join(line.rstrip() for line in out.getvalue().splitlines() if line.strip())


# -- the report -------------------------------------------------------------------------


def machine() -> list[tuple[str, str]]:
    import reportlab
    import uharfbuzz

    try:
        cpu = next(
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        )
    except (OSError, StopIteration):
        cpu = platform.processor() or platform.machine()
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=REPO,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--", "vision_desk"],
            cwd=REPO,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        code = commit + (" with uncommitted changes in vision_desk/" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        code = "unknown (not a git checkout)"
    return [
        ("Code", code),
        ("CPU", f"{cpu} ({os.cpu_count()} logical CPUs)"),
        ("OS", platform.platform()),
        ("Python", f"{platform.python_implementation()} {platform.python_version()}"),
        ("reportlab", reportlab.Version),
        ("uharfbuzz", uharfbuzz.__version__),
    ]


def load_average() -> str:
    try:
        one, five, fifteen = os.getloadavg()
    except OSError:
        return "unknown"
    return f"{one:.2f} / {five:.2f} / {fifteen:.2f}"


def render_report(
    results: list[Measurement], info: list[tuple[str, str]], loads: tuple[str, str]
) -> str:
    lines = [
        *heading("Memo benchmark", "bench_memo.py"),
        "",
        "| memo | median | p95 | goal | result | CPU median | what it made |",
        "|---|---:|---:|---:|---|---:|---|",
    ]
    lines += [result.row(digits=0, cpu=True, detail=True) for result in results]
    lines += [
        "",
        "A figure passes when its p95 is under the goal. Median and p95 are wall-clock "
        "time of `render_memo` alone (the snapshot is built beforehand); CPU median is "
        "the CPU time of this process, which other programs on the machine do not inflate.",
        "",
        f"**Load average (1/5/15 min):** {loads[0]} at the start, {loads[1]} at the end.",
        "",
    ]
    lines += machine_and_profiles(info, results)
    return "\n".join(lines).rstrip()


def describe(data: bytes) -> str:
    pages = data.count(b"/Type /Page\n") or data.count(b"/Type /Page ")
    return f"{pages:,} pages, {len(data) / 1e6:.1f} MB"


def run(args: argparse.Namespace) -> int:
    from vision_desk.export.fonts import load_fonts
    from vision_desk.export.memo import render_memo

    loads_before = load_average()
    started = time.perf_counter()
    load_fonts(FONTS)
    fonts_ms = (time.perf_counter() - started) * MS

    small = shared_vision_snapshot()
    large = large_snapshot(args.commitments, args.notes, args.seed)
    cases = [
        ("Shared Vision memo (24 clauses, notes in 4 languages)", small, args.repeat, 500.0),
        (
            f"{args.commitments:,} commitments × {args.notes} notes each",
            large,
            args.large_repeat,
            5000.0,
        ),
    ]
    results: list[Measurement] = []
    for name, snapshot, repeat, goal in cases:
        print(f"  measuring: {name} ...", flush=True)

        def render(snapshot: MemoSnapshot = snapshot) -> bytes:
            return render_memo(snapshot, FONTS)

        result = measure(name, render, repeat, args.warmup, goal)
        result.detail = describe(render())
        if args.profile == "all" or (args.profile == "failed" and result.failed):
            print(f"  profiling: {name} ...", flush=True)
            result.profile = profile(render)
        results.append(result)
    fonts = Measurement(
        "on top, for the first memo of a process: reading and registering the fonts",
        [fonts_ms / MS],
    )
    fonts.detail = "6 TrueType files, once"
    results.append(fonts)

    report = render_report(results, machine(), (loads_before, load_average()))
    print()
    print(report)
    if args.output:
        args.output.write_text(report + "\n", encoding="utf-8")
        print(f"written to {args.output}")
    return 1 if args.strict and any(result.failed for result in results) else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Time the review memo's renderer.")
    parser.add_argument("--repeat", type=int, default=20, help="timed runs, Shared Vision memo")
    parser.add_argument("--large-repeat", type=int, default=5, help="timed runs, large memo")
    parser.add_argument("--warmup", type=int, default=1, help="untimed runs before them")
    parser.add_argument("--commitments", type=int, default=1000)
    parser.add_argument("--notes", type=int, default=5, help="notes per commitment")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--profile", choices=("failed", "all", "none"), default="failed")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    parser.add_argument("--no-output", dest="output", action="store_const", const=None)
    parser.add_argument("--strict", action="store_true", help="exit 1 when a goal is missed")
    args = parser.parse_args(argv)
    if args.repeat < 1 or args.large_repeat < 1 or args.warmup < 0:
        parser.error("--repeat and --large-repeat must be at least 1, --warmup at least 0")
    return run(args)


if __name__ == "__main__":
    sys.exit(main())
