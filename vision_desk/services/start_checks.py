"""What a start looks at besides opening the store, so that damage is met there,
where it can be repaired, rather than by a command half-way.

- A damaged ``-wal`` (``damaged_journal``): SQLite replays it up to the first bad
  frame and drops the rest, committed work included, without a word.
- Every page, with SQLite's quick check (``quick_problems``): damage in a store
  closed cleanly, which nothing else reads at start.
- The first read (``read_current_agreement``): an index that disagrees with its
  table shows only as a wrong answer; an agreement listed but not found is one.

The promises are in README "What Vision Desk promises about your data".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from vision_desk.errors import DamagedStoreError, NotFoundError
from vision_desk.services.desk import Desk
from vision_desk.storage import damage_signs, store_files
from vision_desk.storage.wal import WalReading, read_wal


def damaged_journal(database: Path, now: dt.datetime) -> str | None:
    """After an unclean shutdown, before SQLite replays the store's ``-wal``: when
    committed frames stand past a bad one, keep a copy of the store with that
    ``-wal`` (``damaged`` in its name) and return the sentence for the officer.

    SQLite then opens the store as far as the log can be read; what lies past the
    damage is in the copy, for a specialist to recover by hand if it matters."""
    wal = database.with_name(database.name + "-wal")
    reading = read_wal(wal)
    if reading is None or not reading.damaged:
        return None
    kept = store_files.keep_copy(database, now)
    # Judged again on the copy, which no one writes: a log being rewritten by a
    # running desk at the first reading could look cut in two for a moment.
    confirmed = read_wal(kept.with_name(kept.name + "-wal"))
    if confirmed is None or not confirmed.damaged:
        for copy in (kept, kept.with_name(kept.name + "-wal")):
            copy.unlink(missing_ok=True)
        return None
    return _journal_notice(database, confirmed, kept)


def _journal_notice(database: Path, reading: WalReading, kept: Path) -> str:
    changes = "change" if reading.lost_commits == 1 else "changes"
    return (
        f"The store's journal from the last session ({database.name}-wal) is damaged part "
        f"of the way through, so at least {reading.lost_commits} saved {changes} after the "
        "damaged part could not be read and are not in the store; a copy of the store with "
        f"that journal was kept as {kept.name}."
    )


def quick_problems(database: Path, stop: Callable[[], bool] | None = None) -> list[str]:
    """What SQLite's quick check finds in the store (every page, read-only); empty
    when sound, when it cannot run, or when ``stop`` answers True."""
    return damage_signs.quick_check(database, stop)


def read_current_agreement(desk: Desk) -> None:
    """The read every start makes first: the current agreement, which stays cached
    for the window and the commands. An agreement the store lists but cannot find
    is an index that disagrees with its table: damage (``DamagedStoreError``)."""
    agreement_id = desk.current_agreement_id()
    try:
        desk.stored(agreement_id)
    except NotFoundError:
        raise DamagedStoreError(
            f"The store {desk.store.where} is damaged: it lists the agreement "
            f"'{agreement_id}' but cannot find it."
        ) from None
