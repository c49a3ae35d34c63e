"""A store that has lost its contents (issue 12, item 6): a file of zero bytes, or
one whose 100-byte header is zeroed, where good backups exist. Either goes
through the damaged-store flow, at start and for every command (``check`` and
``restore`` included): kept aside, the newest good backup restored, the officer
told which. A zero-length file with no backup at all is a first start that was
stopped before the store was written, and is made afresh."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from reliability_support import DATABASE_NAME
from test_damaged_store import (  # the damaged-store tests' store: a note before its backup, one after
    assert_restored,
    backups_of,
    set_aside_files,
    store,
    template,
    told_when,
)

__all__ = ["store", "template"]  # fixtures, used by name


def emptied(path: Path) -> bytes:
    path.write_bytes(b"")
    return b""


def header_zeroed(path: Path) -> bytes:
    data = bytearray(path.read_bytes())
    data[:100] = bytes(100)
    path.write_bytes(bytes(data))
    return bytes(data)


LOSSES = pytest.mark.parametrize("lose", [emptied, header_zeroed], ids=["zero-length", "zeroed"])


@LOSSES
@pytest.mark.parametrize("command", ["clauses", "check"])
def test_a_lost_store_is_set_aside_and_the_newest_good_backup_restored(
    lose: Callable[[Path], bytes], command: str, store: Path, run_cli: Callable[..., Any]
) -> None:
    (backup,) = backups_of(store)
    lost = lose(store)

    result = run_cli(command)

    # `check` says what this start found, by its status too: a script running
    # `check || alert` hears of it, though the store now in place is sound.
    assert result.code == (1 if command == "check" else 0), result.err
    (notice,) = result.err.splitlines()
    assert notice.startswith("vision-desk: The store was damaged. It was set aside as ")
    assert f"the backup made on {told_when(backup)} was restored" in notice
    (aside,) = set_aside_files(store)
    assert aside.name in notice
    assert aside.read_bytes() == lost, "the lost store is kept as it was found"
    assert_restored(store)


@LOSSES
def test_restore_works_on_a_lost_store(
    lose: Callable[[Path], bytes], store: Path, run_cli: Callable[..., Any]
) -> None:
    (backup,) = backups_of(store)
    lose(store)

    result = run_cli("restore", "--yes", str(backup.path))

    assert result.code == 0, result.err
    assert "Restored the backup" in result.out
    assert len(set_aside_files(store)) == 1
    assert_restored(store)


def test_a_zero_length_store_with_no_backup_is_made_afresh(
    data_dir: Path, run_cli: Callable[..., Any]
) -> None:
    data_dir.mkdir(mode=0o700)
    (data_dir / DATABASE_NAME).write_bytes(b"")

    result = run_cli("clauses")

    assert result.code == 0, result.err
    assert result.err == ""
    assert "SV-C1" in result.out
