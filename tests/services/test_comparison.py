"""The comparison as CSV: every clause, readable scripts, no formula smuggled in."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from vision_desk.domain.status import Status
from vision_desk.errors import UserError
from vision_desk.services.comparison import comparison_csv, export_comparison
from vision_desk.services.rounds import Rounds


def _diff(desk: Any):  # type: ignore[no-untyped-def]
    rounds = Rounds(desk)
    rounds.open("December", dt.date(2020, 12, 1))
    desk.set_status("SV-C5", Status.INITIATED)
    rounds.close()
    rounds.open("January", dt.date(2021, 1, 10))
    desk.set_status("SV-C5", Status.ADVANCED)
    rounds.close()
    return rounds.diff()


def test_the_csv_opens_in_a_spreadsheet_as_written(desk: Any) -> None:
    data = comparison_csv(_diff(desk))
    assert data.startswith("\ufeff".encode())  # Excel reads UTF-8 only with the mark
    rows = list(csv.reader(data.decode("utf-8-sig").splitlines()))
    assert len(rows) == 1 + 24
    assert [
        "SV-C5",
        "Leaders visit each other's capitals in turn",
        "Initiated",
        "Advanced",
        "no",
        "no",
        "improved",
    ] in rows


def test_a_title_that_looks_like_a_formula_is_kept_as_text(desk: Any) -> None:
    import dataclasses

    diff = _diff(desk)
    forged = dataclasses.replace(diff.rows[0], title='=HYPERLINK("http://x","y")')
    data = comparison_csv(dataclasses.replace(diff, rows=(forged,)))
    row = list(csv.reader(data.decode("utf-8-sig").splitlines()))[1]
    assert row[1] == '\'=HYPERLINK("http://x","y")'


def test_the_csv_is_never_written_over_the_store(desk: Any, opened: Any) -> None:
    diff = _diff(desk)
    store = opened.paths.database
    before = store.read_bytes()
    with pytest.raises(UserError):
        export_comparison(diff, store, opened.paths)
    assert store.read_bytes() == before


def test_a_folder_that_is_not_there_is_a_sentence(desk: Any, opened: Any, tmp_path: Path) -> None:
    with pytest.raises(UserError):
        export_comparison(_diff(desk), tmp_path / "nowhere" / "rounds.csv", opened.paths)
    assert not (tmp_path / "nowhere").exists()
