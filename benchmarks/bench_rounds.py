"""Review rounds at scale: closing a round of 5,000 clauses, comparing two.

    .venv/bin/python benchmarks/bench_rounds.py [--repeat 10] [--clauses 5000]

Builds the large store once (benchmarks/generate.py), then repeatedly opens a
round, assesses a tenth of the clauses in it, and closes it: each close writes and
hashes a record of every clause and makes a verified backup first. The diff
compares the last two closed rounds. Goals (spec): close under 1 s, diff under
200 ms. Results go to stdout and benchmarks/results-rounds.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import generate
from bench_store import code_version, cpu_model
from measure import Measurement

from vision_desk import app
from vision_desk.services.rounds import Rounds

OUT = Path(__file__).resolve().parent / "results-rounds.md"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--clauses", type=int, default=generate.DEFAULT_CLAUSES)
    parser.add_argument("--notes", type=int, default=generate.DEFAULT_NOTES)
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="vision-desk-rounds-") as folder:
        data_dir = Path(folder) / "data"
        generate.fill_store(data_dir, arguments.clauses, arguments.notes)
        opened = app.open_desk(str(data_dir), generate.AUTHOR)
        desk = opened.desk
        rounds = Rounds(desk)
        agreement = desk.stored(generate.AGREEMENT_ID).agreement
        refs = [clause.ref for clause in agreement.clauses if clause.kind.value != "principle"]
        rng = random.Random(7)
        closing = Measurement(
            "close a round of all clauses (record, hash, verified backup)", [], 1000.0
        )
        comparing = Measurement("diff the last two closed rounds", [], 200.0)
        as_of = dt.date(2021, 1, 10)
        for number in range(arguments.repeat + 1):
            rounds.open(
                f"Round {number}", as_of + dt.timedelta(days=30 * number), generate.AGREEMENT_ID
            )
            for ref in rng.sample(refs, len(refs) // 10):
                desk.set_status(
                    ref,
                    rng.choice(["initiated", "advanced", "completed"]),
                    agreement_id=generate.AGREEMENT_ID,
                )
            started = time.perf_counter()
            rounds.close(generate.AGREEMENT_ID)
            if number:  # the first close warms caches and the backup folder
                closing.samples.append(time.perf_counter() - started)
                started = time.perf_counter()
                difference = rounds.diff(agreement_id=generate.AGREEMENT_ID)
                comparing.samples.append(time.perf_counter() - started)
        changed = len(difference.improved) + len(difference.regressed)
        opened.close()
    lines = [
        "# Review rounds benchmark",
        "",
        f"Run {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC with `benchmarks/bench_rounds.py`, code {code_version()}, "
        f"{cpu_model()}; {len(agreement.clauses):,} clauses, {arguments.notes:,} notes, "
        f"{arguments.repeat} rounds (the last diff: {changed} clauses improved or regressed).",
        "",
        "| operation | median | p95 | goal | result |",
        "|---|---:|---:|---:|---|",
    ]
    lines += [measurement.row() for measurement in (closing, comparing)]
    text = "\n".join(lines) + "\n"
    print(text)
    OUT.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
