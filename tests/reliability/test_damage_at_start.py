"""Damage in a store that was closed cleanly (issue 12, item 7), met by a command at
start: bad pages anywhere in the file, or an index that disagrees with its table
(damage that shows only as a wrong read). Either leads to the damaged-store flow
before the command runs, which then runs on the restored store; no command stops
with "run check". (The desk's side is tests/ui/test_desk_damage_at_start.py.)"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from test_damaged_store import (  # the damaged-store tests' store: a note before its backup, one after
    BEFORE,
    assert_restored,
    backups_of,
    flip_bytes_in_table,
    misread_index,
    set_aside_files,
    store,
    template,
    told_when,
)

__all__ = ["store", "template"]  # fixtures, used by name


@pytest.mark.parametrize("table", ["clauses", "clause_states", "round_records"])
@pytest.mark.parametrize("command", [("clauses",), ("show", "SV-C1")])
def test_bad_pages_in_a_cleanly_closed_store_are_repaired_at_start(
    table: str, command: tuple[str, ...], store: Path, run_cli: Callable[..., Any]
) -> None:
    (backup,) = backups_of(store)  # two hours old: no daily backup is due to find it
    damaged = flip_bytes_in_table(store, table)

    result = run_cli(*command)

    assert result.code == 0, result.err
    (notice,) = result.err.splitlines()
    assert notice.startswith("vision-desk: The store was damaged. It was set aside as ")
    assert f"the backup made on {told_when(backup)} was restored" in notice
    assert "SV-C1" in result.out
    (aside,) = set_aside_files(store)
    assert aside.read_bytes() == damaged
    assert_restored(store)


def test_an_index_that_disagrees_with_its_table_is_damage(
    store: Path, run_cli: Callable[..., Any]
) -> None:
    (backup,) = backups_of(store)
    damaged = misread_index(store, "sqlite_autoindex_agreements_1", b"shared-vision")

    result = run_cli("show", "SV-C1")

    assert result.code == 0, result.err
    (notice,) = result.err.splitlines()
    assert "There is no agreement" not in notice
    assert f"the backup made on {told_when(backup)} was restored" in notice
    assert BEFORE in result.out
    (aside,) = set_aside_files(store)
    assert aside.read_bytes() == damaged
    assert_restored(store)


def test_a_sound_store_starts_without_a_word(store: Path, run_cli: Callable[..., Any]) -> None:
    result = run_cli("clauses")

    assert result.code == 0, result.err
    assert result.err == ""
    assert set_aside_files(store) == []
