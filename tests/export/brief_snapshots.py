"""Brief snapshots: the Shared Vision's, made from the memo's test snapshot (where
everything fits), and the densest the benchmarks build (``benchmarks/bench_brief.py``:
5,000 clauses, where every list is cut); and how a brief is rendered and read back."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from evidence_snapshots import disputes_of
from memo_snapshots import FONTS, REPO, RenderedMemo, build_snapshot

from vision_desk.domain.memo import BriefSnapshot
from vision_desk.domain.rules import Flag
from vision_desk.domain.status import Status
from vision_desk.export.brief import render_brief

SINCE = "December 2020 stock-take"
MORE = re.compile(r"and ([\d,]+) more\b")


def shared_vision_brief(*, changes: bool = True, disputes: bool = True) -> BriefSnapshot:
    """The Shared Vision as of 15 March 2021: 4 overdue, 4 changed since the last
    round, 3 disputes, 1 deadline still to come (SV-C6, 31 March 2021)."""
    memo = build_snapshot()
    rows = [item.row for item in memo.clauses]
    closed = (Status.COMPLETED, Status.OVERTAKEN)
    upcoming = sorted(
        (
            row
            for row in rows
            if row.due is not None and row.due.latest >= memo.as_of and row.status not in closed
        ),
        key=lambda row: row.due.latest if row.due is not None else memo.as_of,
    )
    compared = memo.changes.rows if changes and memo.changes is not None else None
    return BriefSnapshot(
        agreement=memo.agreement,
        as_of=memo.as_of,
        summary=memo.summary,
        overdue=tuple(row for row in rows if Flag.OVERDUE in row.flags),
        changes=compared,
        since=SINCE if compared is not None else None,
        disputes=disputes_of(memo) if disputes else (),
        upcoming=tuple(upcoming),
    )


def dense_brief() -> BriefSnapshot:
    """The densest brief the benchmarks build (imported from the benchmark script,
    so that the test and the benchmark render the same data)."""
    benchmarks = str(REPO / "benchmarks")
    if benchmarks not in sys.path:
        sys.path.insert(0, benchmarks)
    import bench_brief

    return bench_brief.dense_snapshot()


def render_brief_to(directory: Path, snapshot: BriefSnapshot, name: str) -> RenderedMemo:
    data = render_brief(snapshot, FONTS)
    path = directory / name
    path.write_bytes(data)
    return RenderedMemo(path, data)


def page_count(path: Path) -> int:
    """The number of pages, as poppler's ``pdfinfo`` reads it."""
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    return int(re.search(r"^Pages:\s+(\d+)$", info.stdout, re.MULTILINE).group(1))  # type: ignore[union-attr]


def more_count(text: str) -> int | None:
    """The N of the "and N more" line in ``text`` (None: there is none)."""
    found = MORE.findall(text)
    assert len(found) <= 1, found
    return int(found[0].replace(",", "")) if found else None
