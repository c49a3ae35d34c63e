"""The desk, `clauses --json` and the memo print the same index, and say in the same
words which clauses it counts, for a board whose related undertakings are assessed
(and would move the index if they were counted).

The board: the Shared Vision's eight commitments, one completed and seven not
started (3 points of a possible 24: exactly 12.5 %, which a float's round-half-to-
even once printed as "12%"), and every related undertaking completed."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from vision_desk.domain.agreement import ClauseKind
from vision_desk.domain.rules import COUNTED_WORDS
from vision_desk.domain.status import Status

TODAY = dt.date(2021, 1, 10)  # the desk window's review date (tests/ui/conftest.py)


def _assess(desk: Any) -> None:
    agreement = desk.stored().agreement
    for clause in agreement.clauses:
        if clause.kind is ClauseKind.COMMITMENT:
            desk.set_status(clause.ref, "completed" if clause.ref == "SV-C1" else "not_started")
        elif clause.kind is ClauseKind.RELATED:
            desk.set_status(clause.ref, Status.COMPLETED)


def _cli(data_dir: Path, *args: str) -> str:
    environment = {**os.environ, "VISION_DESK_AUTHOR": "cli-officer"}
    environment.pop("VISION_DESK_DATA_DIR", None)
    done = subprocess.run(
        [sys.executable, "-m", "vision_desk", "--data-dir", str(data_dir), *args],
        capture_output=True,
        text=True,
        env=environment,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_desk_json_and_memo_print_the_same_index_and_the_same_words(
    desk: Any, build: Any, data_dir: Path, tmp_path: Path
) -> None:
    _assess(desk)
    related = [c for c in desk.stored().agreement.clauses if c.kind is ClauseKind.RELATED]
    assert related and all(desk.state(c.ref).status is Status.COMPLETED for c in related)

    # The desk: the summary at the top of the clause list.
    window = build()
    summary = window.summary
    assert summary.index.text() == "Implementation index: <b>12.5%</b>"
    assert summary.counted.text() == COUNTED_WORDS
    assert summary.counted.isVisible()
    assert summary.index.toolTip() == COUNTED_WORDS

    # The JSON.
    shown = json.loads(_cli(data_dir, "clauses", "--json", "--as-of", TODAY.isoformat()))
    assert shown["summary"]["implementation_index"] == 12.5
    assert shown["summary"]["counted"] == COUNTED_WORDS
    # Shares: 12.5 and 87.5, an exact tie for the missing point, which goes to the
    # level first on the scale (not started), README's rule.
    assert shown["summary"]["shares_percent"]["not_started"] == 88
    assert shown["summary"]["shares_percent"]["completed"] == 12

    # The memo, as a reader gets it: the PDF's text.
    pdf = tmp_path / "memo.pdf"
    _cli(
        data_dir,
        "memo",
        "--out",
        str(pdf),
        "--as-of",
        TODAY.isoformat(),
        "--date",
        TODAY.isoformat(),
    )
    text = _flat(
        subprocess.run(
            ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout
    )
    assert "Implementation index: 12.5% (3 of a possible 24 points over 8 scored" in text
    assert "12.5% implementation index" in text  # the key figure
    assert COUNTED_WORDS in text
    assert "Implementation index: 12%" not in text and "12% implementation" not in text
    assert "Not started 7 88%" in text and "Completed 1 12%" in text
    # Had the related undertakings been counted: (3 + 7 × 3) / 45 = 53.3 %.
    for wrong in ("53.3%", "53%"):
        assert wrong not in text and wrong not in summary.index.text()
