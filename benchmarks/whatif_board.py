"""What would make the board fast? The proposed fixes, measured without touching the code.

An experiment beside bench_store.py, for whoever takes the fix on. On a *copy* of
a benchmark store it adds the proposed index, and in this process only it swaps
in (monkeypatches) faster versions of the functions that bench_store.py's
profile blames, then times the board again, one change at a time:

1. index ``notes (clause_id, removed)``: ``review.note_counts`` filters on
   ``removed IS NULL``; with only ``ix_notes_clause_id`` SQLite has to read every
   note row (50,000 rows, 38 MB with their text and overflow pages) to check it.
   With ``removed`` in the index the count is answered from the index alone;
2. ``review.states`` looking statuses up in a dict instead of calling ``Status(...)``
   per row (an Enum call costs microseconds);
3. ``agreements.load`` reading plain rows (``select(ClauseRow.__table__)``) instead
   of ORM entities, with dict lookups for the enums and no ``json.loads`` for
   empty lists: what the cold board pays once per ``Desk``;
4. ``gc.freeze()`` once the agreement is loaded: the slow runs (p95) of a warm board
   are full (generation 2) garbage collections walking the ~70,000 long-lived
   objects of the loaded agreement; frozen objects are no longer walked.

    .venv/bin/python benchmarks/whatif_board.py [--data-dir DIR] [--repeat 30]

Without ``--data-dir`` a store is built in a temporary folder first. The store
given is never changed: the experiment runs on a copy made with SQLite's backup API.
"""

from __future__ import annotations

import argparse
import gc
import json
import shutil
import sqlite3
import sys
import tempfile
from pathlib import Path
from typing import Any

import generate
from bench_store import Case, Measurement, load_average, measure

INDEX = "CREATE INDEX ix_notes_clause_id_removed ON notes (clause_id, removed)"


def copy_store(source: Path, target: Path) -> None:
    target.mkdir(parents=True)
    name = "vision-desk.sqlite3"
    with sqlite3.connect(source / name) as src, sqlite3.connect(target / name) as dst:
        src.backup(dst)
    (target / name).chmod(0o600)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Measure the proposed board fixes on a copy.")
    parser.add_argument("--data-dir", type=Path, help="an existing benchmark store")
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--warmup", type=int, default=2)
    args = parser.parse_args(argv)

    from sqlalchemy import select

    from vision_desk import app
    from vision_desk.domain.agreement import (
        Agreement,
        Clause,
        ClauseKind,
        Deadline,
        Precision,
        Provenance,
    )
    from vision_desk.domain.review import ClauseState
    from vision_desk.domain.status import Status
    from vision_desk.services.desk import Desk
    from vision_desk.storage import agreements as agreement_store
    from vision_desk.storage import review as review_store
    from vision_desk.storage.models import AgreementRow, ClauseRow, ClauseStateRow

    scratch = Path(tempfile.mkdtemp(prefix="vision-desk-whatif-"))
    try:
        source = args.data_dir
        if source is None:
            source = scratch / "built"
            print("building a store ...", flush=True)
            generate.fill_store(source)
        before, after = scratch / "before", scratch / "after"
        copy_store(source, before)
        copy_store(source, after)
        with sqlite3.connect(after / "vision-desk.sqlite3") as connection:
            connection.execute(INDEX)

        statuses = {status.value: status for status in Status}
        kinds = {kind.value: kind for kind in ClauseKind}
        precisions = {precision.value: precision for precision in Precision}

        def states_by_dict(session, agreement_id):  # type: ignore[no-untyped-def]
            rows = session.execute(
                select(
                    ClauseStateRow.clause_id,
                    ClauseStateRow.status,
                    ClauseStateRow.changed_at,
                    ClauseStateRow.changed_by,
                )
                .join(ClauseRow, ClauseRow.id == ClauseStateRow.clause_id)
                .where(ClauseRow.agreement_id == agreement_id)
            )
            return {cid: ClauseState(statuses[status], at, by) for cid, status, at, by in rows}

        def strings(text: str) -> tuple[str, ...]:
            return () if text == "[]" else tuple(json.loads(text))

        def load_rows(session, agreement_id):  # type: ignore[no-untyped-def]
            row = session.get(AgreementRow, agreement_id)
            if row is None:
                return None
            clauses, ids = [], {}
            for r in session.execute(
                select(ClauseRow.__table__)
                .where(ClauseRow.agreement_id == agreement_id)
                .order_by(ClauseRow.position)
            ):
                due = None
                if r.due_label is not None:
                    due = Deadline(
                        r.due_label, r.due_earliest, r.due_latest, precisions[r.due_precision]
                    )
                clauses.append(
                    Clause(
                        ref=r.ref,
                        kind=kinds[r.kind],
                        strand=r.strand,
                        parties=strings(r.parties),
                        title=r.title,
                        text=r.text,
                        quotes=strings(r.quotes),
                        see_also=strings(r.see_also),
                        provenance=Provenance(r.provenance_source, r.provenance_locator),
                        due=due,
                    )
                )
                ids[r.ref] = r.id
            agreement = Agreement(
                id=row.id,
                title=row.title,
                short_title=row.short_title,
                parties=tuple(json.loads(row.parties)),
                place=row.place,
                date=row.date,
                source=row.source,
                summary=row.summary,
                sources=tuple(
                    agreement_store._source(record) for record in json.loads(row.sources)
                ),
                clauses=tuple(clauses),
            )
            return agreement_store.StoredAgreement(
                agreement, ids, {clause_id: ref for ref, clause_id in ids.items()}
            )

        def board_cases(desk: Desk, label: str) -> list[Case]:
            def listing(board_desk: Desk) -> int:
                board = board_desk.board(generate.AS_OF, generate.AGREEMENT_ID)
                return len(
                    [
                        (row.status, row.score, row.flags, row.days_left, row.note_count)
                        for row in board.rows
                    ]
                )

            warm = Desk(desk.store, generate.AUTHOR)
            listing(warm)
            return [
                Case(
                    f"{label}: board, cold",
                    lambda fresh: listing(fresh),  # type: ignore[arg-type]
                    prepare=lambda: Desk(desk.store, generate.AUTHOR),
                    goal_ms=50,
                ),
                Case(f"{label}: board, warm", lambda _: listing(warm), goal_ms=50),
            ]

        steps: list[tuple[str, Path, dict[str, Any]]] = [
            ("today", before, {}),
            ("1. + index notes(clause_id, removed)", after, {}),
            ("1 + 2. states by dict", after, {"states": states_by_dict}),
            (
                "1 + 2 + 3. load from plain rows",
                after,
                {"states": states_by_dict, "load": load_rows},
            ),
            (
                "1 + 2 + 3 + 4. gc.freeze() after loading",
                after,
                {"states": states_by_dict, "load": load_rows, "freeze": True},
            ),
        ]
        results: list[Measurement] = []
        load_start = load_average()
        original_states, original_load = review_store.states, agreement_store.load
        for label, folder, patches in steps:
            review_store.states = patches.get("states", original_states)
            agreement_store.load = patches.get("load", original_load)
            opened = app.open_desk(str(folder), author=generate.AUTHOR)
            try:
                for case in board_cases(opened.desk, label):
                    if patches.get("freeze"):
                        gc.collect()
                        gc.freeze()
                    print(f"  measuring: {case.name} ...", flush=True)
                    results.append(measure(case, args.repeat, args.warmup))
            finally:
                gc.unfreeze()
                opened.close()
        review_store.states, agreement_store.load = original_states, original_load

        print()
        print("| change | median | p95 | goal | result | CPU median |")
        print("|---|---:|---:|---:|---|---:|")
        for result in results:
            print(
                f"| {result.name} | {result.median_ms:.2f} ms | {result.p95_ms:.2f} ms "
                f"| < {result.goal_ms:g} ms | {result.verdict} | {result.cpu_median_ms:.2f} ms |"
            )
        print(f"\nLoad average {load_start} at the start, {load_average()} at the end.")
        return 0
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
