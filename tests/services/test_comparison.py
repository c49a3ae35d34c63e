"""The comparison as CSV: every clause, readable scripts, no formula smuggled in."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest

from vision_desk.errors import UserError
from vision_desk.services.comparison import comparison_csv, export_comparison


@pytest.fixture
def diff(close_two_rounds: Any):  # type: ignore[no-untyped-def]
    return close_two_rounds().diff()


def test_the_csv_opens_in_a_spreadsheet_as_written(diff: Any) -> None:
    data = comparison_csv(diff)
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


def test_a_title_that_looks_like_a_formula_is_kept_as_text(diff: Any) -> None:
    import dataclasses

    forged = dataclasses.replace(diff.rows[0], title='=HYPERLINK("http://x","y")')
    data = comparison_csv(dataclasses.replace(diff, rows=(forged,)))
    row = list(csv.reader(data.decode("utf-8-sig").splitlines()))[1]
    assert row[1] == '\'=HYPERLINK("http://x","y")'


@pytest.mark.file_only  # about the store's files
def test_the_csv_is_never_written_over_the_store(diff: Any, opened: Any) -> None:
    store = opened.paths.database
    before = store.read_bytes()
    with pytest.raises(UserError):
        export_comparison(diff, store, opened.paths)
    assert store.read_bytes() == before


def test_a_folder_that_is_not_there_is_a_sentence(diff: Any, opened: Any, tmp_path: Path) -> None:
    with pytest.raises(UserError):
        export_comparison(diff, tmp_path / "nowhere" / "rounds.csv", opened.paths)
    assert not (tmp_path / "nowhere").exists()
