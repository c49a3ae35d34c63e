"""How fast the one-page pre-meeting brief is made, at the densest data the
benchmarks build.

The data is the benchmarks' large agreement (``generate.agreement_toml``: 5,000
clauses, read by the program's own parser) made denser still for a page that must
cut every list: a status on 85 % of the clauses as of 30 June 2024 (so that
hundreds are overdue), one title in seven a few hundred characters long and one in
eleven in Urdu, an eighth of the clauses changed since the last round, and 60
disputed assessments with long statements (some in Urdu). It is built in memory as
the ``BriefSnapshot`` the services would hand over (``dense_snapshot``, which the
brief's test renders too), and only ``render_brief`` is timed:

* warm: in this process, after untimed warm-up runs (fonts registered, modules
  imported): median and p95 of ``--repeat`` runs, wall and CPU;
* cold: in a fresh process each time, with the snapshot built beforehand: the
  import of the brief's module and its first render (fonts read and registered,
  reportlab and HarfBuzz imported), median and p95 of ``--cold`` processes, wall
  and CPU.

The goal (issue 17) is under 0.5 s. It prints a Markdown report, writes it to
benchmarks/results-brief.md, and profiles a figure that misses its goal.

    .venv/bin/python benchmarks/bench_brief.py [--repeat 30] [--cold 10] ...
"""

from __future__ import annotations

import argparse
import cProfile
import dataclasses
import datetime as dt
import gc
import io
import json
import pstats
import random
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(REPO))

import generate  # noqa: E402
from measure import Measurement, heading, machine_and_profiles  # noqa: E402

from vision_desk.domain.agreement import Agreement, ClauseKind  # noqa: E402
from vision_desk.domain.agreement_file import parse_agreement  # noqa: E402
from vision_desk.domain.disputes import Dispute, PartyPosition  # noqa: E402
from vision_desk.domain.memo import BriefSnapshot  # noqa: E402
from vision_desk.domain.review import BoardRow, ClauseState  # noqa: E402
from vision_desk.domain.round_comparison import ComparedClause  # noqa: E402
from vision_desk.domain.rules import Flag, summarise  # noqa: E402
from vision_desk.domain.status import COMMITMENT_SCALE, PRINCIPLE_SCALE, Status  # noqa: E402

FONTS = REPO / "resources" / "fonts"
DEFAULT_OUTPUT = HERE / "results-brief.md"
GOAL_MS = 500.0
UTC = dt.UTC
SINCE = "Q1 2024 review"
DISPUTES = 60

LONG_TITLE = (
    "{title}, including the staffing, funding and reporting arrangements agreed by the "
    "joint working group at its second and third sessions, the supplementary protocol on "
    "cross-border movement, and every measure the lead officials of both sides report on "
    "at the alternating leaders' visits until the review conference decides otherwise"
)
URDU_TITLES = (
    "مشترکہ ورکنگ گروپ کے قیام اور اس کی سہ ماہی رپورٹوں کی اشاعت کا عہد",
    "سرحدی گزرگاہوں پر تجارت اور لوگوں کی آمد و رفت کی بحالی",
    "مہاجرین کی باعزت اور رضاکارانہ واپسی کے لیے مشترکہ منصوبہ",
)
CLAIMS = (
    "All lead officials are named and the working group has met three times since the "
    "last review, with minutes exchanged after each session and a joint report in draft",
    "The crossing is fully open to cargo and pedestrians on both sides",
    "دونوں فریقوں نے مشترکہ ورکنگ گروپ کے قیام پر اتفاق کیا اور پہلا اجلاس ہو چکا ہے۔",
    "The draft proposal was handed over at the foreign ministers' meeting",
)
PLACES = ("press conference in Islamabad", "joint statement", "پریس کانفرنس", "note verbale")
_LADDER = {status: rank for rank, status in enumerate(COMMITMENT_SCALE[1:5])}


# -- the data ---------------------------------------------------------------------------


def dense_agreement(clauses: int, seed: int) -> Agreement:
    """The benchmarks' agreement, with long titles and titles in Urdu."""
    text = generate.agreement_toml(clauses, seed)
    agreement = parse_agreement(text.encode("utf-8"), "bench-accord.toml")
    changed = []
    for index, clause in enumerate(agreement.clauses):
        if index % 11 == 5:
            clause = dataclasses.replace(clause, title=URDU_TITLES[index % len(URDU_TITLES)])
        elif index % 7 == 3:
            clause = dataclasses.replace(clause, title=LONG_TITLE.format(title=clause.title))
        changed.append(clause)
    return dataclasses.replace(agreement, clauses=tuple(changed))


def dense_snapshot(clauses: int = generate.DEFAULT_CLAUSES, seed: int = 7) -> BriefSnapshot:
    """The brief's snapshot of the dense data, as of the benchmarks' review date."""
    rng = random.Random(seed)
    agreement = dense_agreement(clauses, generate.DEFAULT_SEED)
    as_of = generate.AS_OF
    rows = []
    for clause in agreement.clauses:
        scale = PRINCIPLE_SCALE if clause.kind is ClauseKind.PRINCIPLE else COMMITMENT_SCALE
        if rng.random() < generate.STATUS_SHARE:
            moment = dt.datetime(2024, 6, 1, 9, 0, tzinfo=UTC)
            state = ClauseState(rng.choice(scale[1:]), moment, generate.AUTHOR)
        else:
            state = ClauseState()
        rows.append(BoardRow(clause, state, as_of))
    summary = summarise(((row.clause, row.status) for row in rows), as_of)
    overdue = sorted(
        (row for row in rows if Flag.OVERDUE in row.flags), key=lambda row: row.days_left or 0
    )
    closed = (Status.COMPLETED, Status.OVERTAKEN)
    upcoming = sorted(
        (
            row
            for row in rows
            if row.due is not None and row.due.latest >= as_of and row.status not in closed
        ),
        key=lambda row: row.due.latest if row.due is not None else as_of,
    )
    return BriefSnapshot(
        agreement=agreement,
        as_of=as_of,
        summary=summary,
        overdue=tuple(overdue),
        changes=_compared(rows, rng),
        since=SINCE,
        disputes=_disputes(rows, rng),
        upcoming=tuple(upcoming),
    )


def _compared(rows: list[BoardRow], rng: random.Random) -> tuple[ComparedClause, ...]:
    """Every clause against the last round; an eighth of them moved one level."""
    compared = []
    for row in rows:
        now = row.status
        then, categories = now, ("unchanged",)
        if now in _LADDER and rng.random() < 0.125:
            step = rng.choice((-1, 1))
            rank = min(max(_LADDER[now] - step, 0), 3)
            then = COMMITMENT_SCALE[1 + rank]
            if then is now:
                categories = ("stalled",)
            else:
                categories = ("improved",) if _LADDER[now] > rank else ("regressed",)
        overdue = Flag.OVERDUE in row.flags
        overdue_then = overdue and rng.random() < 0.9
        if overdue and not overdue_then:
            categories = (*[c for c in categories if c != "unchanged"], "newly overdue")
        compared.append(
            ComparedClause(
                row.clause.ref, row.clause.title, then, now, overdue_then, overdue, categories
            )
        )
    return tuple(compared)


def _disputes(rows: list[BoardRow], rng: random.Random) -> tuple[Dispute, ...]:
    """``DISPUTES`` commitments on which a party claims a level or two more (or less)."""
    candidates = [row for row in rows if row.status in _LADDER and len(row.clause.parties) == 2]
    found = []
    for number, row in enumerate(sorted(rng.sample(candidates, DISPUTES), key=rows.index)):
        ours = row.status
        rank = _LADDER[ours]
        claimed_rank = min(3, rank + rng.choice((1, 2))) if rank < 3 else rank - 1
        claimed = COMMITMENT_SCALE[1 + claimed_rank]
        party = row.clause.parties[number % 2]
        position = PartyPosition(
            id=number + 1,
            ref=row.clause.ref,
            party=party,
            claimed=claimed,
            claim=CLAIMS[number % len(CLAIMS)],
            where=PLACES[number % len(PLACES)],
            said_on=generate.AS_OF - dt.timedelta(days=3 + number),
            recorded_at=dt.datetime(2024, 6, 20, 9, 0, tzinfo=UTC),
            recorded_by=generate.AUTHOR,
        )
        found.append(Dispute(row, position, ours, claimed_rank - rank))
    return tuple(found)


# -- measuring --------------------------------------------------------------------------


def measure_warm(run: Callable[[], object], repeat: int, warmup: int) -> Measurement:
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
    return Measurement("warm: `render_brief` in a process that has made one", samples, GOAL_MS, cpu)


def child(clauses: int) -> int:
    """One cold run, in this (fresh) process: the snapshot first, untimed, then the
    import of the brief's module and its first render, timed. Prints JSON."""
    snapshot = dense_snapshot(clauses)
    gc.collect()
    cpu_started = time.process_time()
    started = time.perf_counter()
    from vision_desk.export.brief import render_brief

    data = render_brief(snapshot, FONTS)
    wall = time.perf_counter() - started
    cpu = time.process_time() - cpu_started
    print(json.dumps({"wall": wall, "cpu": cpu, "bytes": len(data)}))
    return 0


def measure_cold(runs: int, clauses: int) -> Measurement:
    samples: list[float] = []
    cpu: list[float] = []
    for _ in range(runs):
        result = subprocess.run(
            [sys.executable, str(Path(__file__).resolve()), "--child", "--clauses", str(clauses)],
            capture_output=True,
            text=True,
            check=True,
            cwd=REPO,
        )
        figures = json.loads(result.stdout.strip().splitlines()[-1])
        samples.append(figures["wall"])
        cpu.append(figures["cpu"])
    name = "cold: import and first `render_brief` in a fresh process (fonts read and registered)"
    return Measurement(name, samples, GOAL_MS, cpu)


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


def describe_data(snapshot: BriefSnapshot) -> str:
    changed = sum(1 for item in snapshot.changes or () if item.changed)
    return (
        f"{len(snapshot.agreement.clauses):,} clauses; {len(snapshot.overdue):,} overdue; "
        f"{changed:,} changed since the last round; {len(snapshot.disputes)} disputed; "
        f"{len(snapshot.upcoming):,} deadlines to come; one title in seven of about "
        f"{len(LONG_TITLE) + 25} characters, one in eleven in Urdu"
    )


def describe_pdf(data: bytes) -> str:
    pages = data.count(b"/Type /Page\n") or data.count(b"/Type /Page ")
    return f"{pages} page, {len(data) / 1e3:.0f} kB"


def render_report(results: list[Measurement], data: str, loads: tuple[str, str]) -> str:
    from bench_memo import machine

    lines = [
        *heading("Brief benchmark", "bench_brief.py"),
        "",
        f"**Data:** {data}.",
        "",
        "| brief | median | p95 | goal | result | CPU median | what it made |",
        "|---|---:|---:|---:|---|---:|---|",
        *[result.row(digits=0, cpu=True, detail=True) for result in results],
        "",
        "A figure passes when its p95 is under the goal. Median and p95 are wall-clock "
        "time (`time.perf_counter`); CPU median is the CPU time of the process that "
        "rendered (`time.process_time`), which other programs on the machine do not "
        "inflate. The snapshot is built beforehand and not timed; a cold run's figure "
        "leaves out the interpreter's own start and the import of the domain, which the "
        "program has done long before the officer asks for a brief.",
        "",
        f"**Load average (1/5/15 min):** {loads[0]} at the start, {loads[1]} at the end.",
        "",
    ]
    lines += machine_and_profiles(machine(), results)
    return "\n".join(lines).rstrip()


def run(args: argparse.Namespace) -> int:
    from bench_memo import load_average

    loads_before = load_average()
    print("  building the dense snapshot ...", flush=True)
    snapshot = dense_snapshot(args.clauses)
    print(f"  measuring: cold, {args.cold} fresh processes ...", flush=True)
    cold = measure_cold(args.cold, args.clauses)

    from vision_desk.export.brief import render_brief

    def render() -> bytes:
        return render_brief(snapshot, FONTS)

    print(f"  measuring: warm, {args.repeat} runs ...", flush=True)
    warm = measure_warm(render, args.repeat, args.warmup)
    detail = describe_pdf(render())
    results = [cold, warm]
    for result in results:
        result.detail = detail
        if args.profile == "all" or (args.profile == "failed" and result.failed):
            result.profile = profile(render)
    report = render_report(results, describe_data(snapshot), (loads_before, load_average()))
    print()
    print(report)
    if args.output:
        args.output.write_text(report + "\n", encoding="utf-8")
        print(f"written to {args.output}")
    return 1 if args.strict and any(result.failed for result in results) else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Time the one-page brief's renderer.")
    parser.add_argument("--repeat", type=int, default=30, help="timed warm runs")
    parser.add_argument("--warmup", type=int, default=2, help="untimed runs before them")
    parser.add_argument("--cold", type=int, default=10, help="fresh processes, one render each")
    parser.add_argument("--clauses", type=int, default=generate.DEFAULT_CLAUSES)
    parser.add_argument("--profile", choices=("failed", "all", "none"), default="failed")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    parser.add_argument("--no-output", dest="output", action="store_const", const=None)
    parser.add_argument("--strict", action="store_true", help="exit 1 when a goal is missed")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        return child(args.clauses)
    if args.repeat < 1 or args.cold < 1 or args.warmup < 0:
        parser.error("--repeat and --cold must be at least 1, --warmup at least 0")
    return run(args)


if __name__ == "__main__":
    sys.exit(main())
