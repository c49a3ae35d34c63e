"""The same snapshot and options give the same bytes: twice in one process, in a
fresh process with another hash seed and time zone, whatever was rendered before;
and the file is dated with the memo's date, not the clock."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pypdf
from memo_snapshots import FONTS, REPO, SnapshotSpec, build_snapshot

from vision_desk.export.memo import render_memo

_CHILD = """
import sys
sys.path[:0] = [{tests!r}, {tests!r} + "/.."]  # memo_snapshots, and the shared helpers
from memo_snapshots import build_snapshot, FONTS
from vision_desk.export.memo import render_memo
sys.stdout.buffer.write(render_memo(build_snapshot(), FONTS))
"""


def test_same_snapshot_same_bytes() -> None:
    first = render_memo(build_snapshot(), FONTS)
    # Something else in between: shaped glyphs get codes in the order first met.
    render_memo(build_snapshot(SnapshotSpec(notes={"SV-C7": ("ٹھیک ہے، ښه ده",)})), FONTS)
    second = render_memo(build_snapshot(), FONTS)
    assert first == second


def test_same_bytes_in_a_fresh_process(tmp_path: Path) -> None:
    here = render_memo(build_snapshot(), FONTS)
    environment = {**os.environ, "PYTHONHASHSEED": "12345", "TZ": "Asia/Kabul"}
    environment.pop("SOURCE_DATE_EPOCH", None)
    child = subprocess.run(
        [sys.executable, "-c", _CHILD.format(tests=str(Path(__file__).parent))],
        capture_output=True,
        cwd=REPO,
        env=environment,
        check=True,
        timeout=120,
    )
    assert child.stdout == here


def test_dated_with_the_memo_date(tmp_path: Path) -> None:
    snapshot = build_snapshot()
    later = dataclasses.replace(
        snapshot, options=dataclasses.replace(snapshot.options, date=dt.date(2021, 4, 2))
    )
    path = tmp_path / "later.pdf"
    path.write_bytes(render_memo(later, FONTS))
    info = pypdf.PdfReader(path).metadata
    assert info is not None
    assert info["/CreationDate"] == "D:20210402000000+00'00'"
    assert info["/ModDate"] == info["/CreationDate"]
    assert render_memo(later, FONTS) != render_memo(snapshot, FONTS)
