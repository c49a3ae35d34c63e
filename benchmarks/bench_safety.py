"""Data safety at scale: a verified backup of the large store, and what start-up
costs after a clean shutdown (a command reads every page with SQLite's quick check;
the desk leaves that to the background) and after an unclean one.

    .venv/bin/python benchmarks/bench_safety.py [--repeat 10] [--data-dir DIR]

Goal (spec): a verified backup of the 5,000-clause, 50,000-note store in under 1 s.
Results go to stdout and benchmarks/results-safety.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import generate
from bench_store import code_version, cpu_model
from measure import Measurement

from vision_desk import app
from vision_desk.services.safety import Safety

OUT = Path(__file__).resolve().parent / "results-safety.md"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--data-dir", type=Path, help="reuse (or build) the large store here")
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="vision-desk-safety-") as folder:
        data_dir = arguments.data_dir or Path(folder) / "data"
        if not (data_dir / "vision-desk.sqlite3").exists():
            generate.fill_store(data_dir)
        backup = Measurement("verified backup (backup API, integrity check, rename)", [], 1000.0)
        clean = Measurement("command start after a clean shutdown (quick check of every page)", [])
        desk = Measurement("desk's store opening after a clean shutdown (quick check later)", [])
        unclean = Measurement("start after an unclean shutdown (integrity check first)", [])
        database = data_dir / "vision-desk.sqlite3"
        for _ in range(arguments.repeat):
            opened = app.open_desk(str(data_dir), generate.AUTHOR, routine_backup=False)
            safety = Safety(opened.desk)
            started = time.perf_counter()
            made = safety.backup_now("bench")
            backup.samples.append(time.perf_counter() - started)
            made.path.unlink()
            opened.close()
            started = time.perf_counter()
            app.open_desk(str(data_dir), generate.AUTHOR, routine_backup=False).close()
            clean.samples.append(time.perf_counter() - started)
            started = time.perf_counter()
            app.open_desk(
                str(data_dir), generate.AUTHOR, routine_backup=False, check_pages=False
            ).close()
            desk.samples.append(time.perf_counter() - started)
            # An unclean shutdown leaves a WAL with content: make one by hand.
            wal = database.with_name(database.name + "-wal")
            opened = app.open_desk(str(data_dir), generate.AUTHOR, routine_backup=False)
            opened.desk.add_note(
                opened.desk.stored(generate.AGREEMENT_ID).agreement.clauses[0].ref,
                "x",
                generate.AGREEMENT_ID,
            )
            shutil.copyfile(wal, wal.with_suffix(".keep"))
            opened.close()
            shutil.copyfile(wal.with_suffix(".keep"), wal)
            wal.with_suffix(".keep").unlink()
            started = time.perf_counter()
            app.open_desk(str(data_dir), generate.AUTHOR, routine_backup=False).close()
            unclean.samples.append(time.perf_counter() - started)
        size = database.stat().st_size
    lines = [
        "# Data safety benchmark",
        "",
        f"Run {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC with `benchmarks/bench_safety.py`, code {code_version()}, "
        f"{cpu_model()}; store of 5,000 clauses and 50,000 notes ({size / 1e6:.1f} MB), {arguments.repeat} runs.",
        "",
        "| operation | median | p95 | goal | result |",
        "|---|---:|---:|---:|---|",
    ]
    lines += [measurement.row() for measurement in (backup, clean, desk, unclean)]
    text = "\n".join(lines) + "\n"
    print(text)
    OUT.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
