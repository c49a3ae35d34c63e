"""Keeping the officer's work safe: backups, checks, restores, recovery at start.

The promises are in README "What Vision Desk promises about your data" and
../shared/guide/reliability.md; each has a test under tests/.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from vision_desk.domain.typed_dates import long_date
from vision_desk.errors import DamagedStoreError, NotFoundError, StoreError, UserError
from vision_desk.services.desk import Desk
from vision_desk.storage import backup as backup_store
from vision_desk.storage import (
    restore_candidate,
    round_seals,
    schema_check,
    store_files,
    store_lock,
)
from vision_desk.storage.backup import BackupInfo
from vision_desk.storage.damage_signs import zeroed_header
from vision_desk.storage.header import (
    APPLICATION_ID,
    SCHEMA_VERSION,
    check_header,
    wal_has_content,
)
from vision_desk.storage.store import Store
from vision_desk.storage.store_lock import StoreInUseError

DAILY = dt.timedelta(hours=24)
# Refusals while another process has the store open: replacing the file under it
# would lose every change it acknowledged from then on.
RESTORE_IN_USE = (
    "The desk is open on this store (or a command is still using it), so nothing was "
    "restored: restore from the desk's Tools menu, or quit it first."
)
SERVER_NOT_A_FILE = (
    "This desk is on a server: the server's own tools back it up and check it "
    "(pg_dump, pg_restore, amcheck); Vision Desk backs up and restores an officer's file."
)
RECOVER_IN_USE = (
    "The store is damaged, and another Vision Desk has it open (the desk, or a command "
    "still running), so it was left as it is: quit that one, then check again."
)
__all__ = [
    "RECOVER_IN_USE",
    "RESTORE_IN_USE",
    "SERVER_NOT_A_FILE",
    "BackupInfo",
    "CheckReport",
    "Safety",
    "StoreInUseError",
    "after_unclean_shutdown",
    "recover",
    "unclean_shutdown",
]


@dataclass(frozen=True, slots=True)
class CheckReport:
    problems: tuple[str, ...]
    rounds_checked: int
    # SQLite found the file damaged (as opposed to rows that disagree): the cue to
    # set the store aside and restore the newest good backup.
    damaged: bool = False

    @property
    def healthy(self) -> bool:
        return not self.problems

    @property
    def text(self) -> str:
        if self.healthy:
            return (
                "The store is healthy: integrity check passed; its schema and seal triggers "
                f"are as the migrations define them; {self.rounds_checked} closed rounds "
                "match their hashes."
            )
        shown = "; ".join(self.problems[:5])
        more = f" (and {len(self.problems) - 5} more)" if len(self.problems) > 5 else ""
        return f"The store has problems: {shown}{more}"


class Safety:
    def __init__(self, desk: Desk) -> None:
        self.desk = desk

    @property
    def file_store(self) -> Store:
        """The officer's store file: backups, checks and restores are of a file. A
        team desk's server is backed up and checked by the server's own tools."""
        store = self.desk.store
        if not isinstance(store, Store):
            raise UserError(SERVER_NOT_A_FILE)
        return store

    @property
    def folder(self) -> Path:
        if self.desk.backups is None:
            raise UserError("This desk has no backup folder.")
        return self.desk.backups

    # -- backups ------------------------------------------------------------------

    def backup_now(self, reason: str = "manual") -> BackupInfo:
        """A verified backup now, then rotation of the older ones."""
        now = self.desk.clock()
        self.file_store.checkpoint()
        path = backup_store.make_backup(self.file_store.path, self.folder, reason, now)
        backup_store.rotate(self.folder, now)
        return next(info for info in backup_store.list_backups(self.folder) if info.path == path)

    def clear_abandoned(self) -> None:
        """At start: remove what a backup or a restore killed half-way left behind,
        files as large as the store that no live process is writing."""
        backup_store.remove_abandoned_parts(self.folder)
        restore_candidate.remove_if_abandoned(self.file_store.path)

    def backup_if_due(self) -> BackupInfo | None:
        """The automatic daily backup: made when the newest is a day old or more, or
        dated in the future (made while the clock was wrong), which would otherwise
        hold off every daily backup until that date."""
        now = self.desk.clock()
        made = [info.made_at for info in self.backups() if info.made_at <= now]
        if made and now - made[0] < DAILY:
            return None
        return self.backup_now("daily")

    def backups(self) -> list[BackupInfo]:
        return backup_store.list_backups(self.folder)

    # -- checks -------------------------------------------------------------------

    def check(self) -> CheckReport:
        """SQLite's integrity and foreign-key checks, the schema against the one the
        migrations define (a missing or altered seal trigger is named), and every
        closed round's hash recomputed from its sealed record."""
        path = self.file_store.path
        self.file_store.checkpoint()
        damage = backup_store.damage(path, APPLICATION_ID)
        if damage:
            return CheckReport(tuple(damage), 0, damaged=True)
        foreign_keys = backup_store.foreign_key_problems(path)
        problems = foreign_keys + schema_check.problems(path)
        checked = 0
        if not foreign_keys:
            try:
                with self.desk.store.read() as session:
                    checked, seals = round_seals.seal_problems(session)
            except DamagedStoreError as error:
                return CheckReport((error.message,), checked, damaged=True)
            problems += seals
        return CheckReport(tuple(problems), checked)

    def recover(self) -> str:
        """After a check found damage: set the store aside, restore the newest good
        backup, and reopen; returns what happened, in the officer's words."""
        store = self.file_store
        with self._alone(RECOVER_IN_USE):
            store.close()
            try:
                told = recover(store.path, self.folder, self.desk.clock())
            except BaseException:
                # No backup could take its place: reopen what is there, if anything.
                if store.path.exists():
                    with contextlib.suppress(StoreError):
                        self._reopen(store.path)
                raise
            self._reopen(store.path)
        return told

    def _reopen(self, path: Path) -> None:
        self.desk.store = Store.open(path, self.folder)
        self.desk.forget_cache()

    @contextlib.contextmanager
    def _alone(self, refusal: str) -> Iterator[None]:
        """The store for this process alone (see ``store_lock``); refused with
        ``refusal``, nothing changed, while another process has it open."""
        try:
            with store_lock.alone(self.file_store.path):
                yield
        except StoreInUseError:
            raise StoreInUseError(refusal) from None

    # -- restoring ----------------------------------------------------------------

    def restore(self, backup: Path) -> str:
        """Put ``backup`` in place of the store, once it has passed every check
        (``restore_candidate``). The current store is backed up first (or, when
        damaged, set aside); no older backup is rotated out. Refused, with nothing
        changed, while another process has the store open, or when the backup
        fails a check: then the store and its ``-wal`` are byte for byte as they
        were."""
        if not backup.is_file():
            raise NotFoundError(f"There is no backup file {backup}.")
        store = self.file_store
        with (
            self._alone(RESTORE_IN_USE),
            # Everything about the candidate is checked before the store is touched,
            # even by a checkpoint.
            restore_candidate.checked_copy(backup, store.path) as prepared,
        ):
            now = self.desk.clock()
            aside: Path | None = None
            kept_as: Path | None = None
            try:
                store.checkpoint()
                kept_as = backup_store.make_backup(store.path, self.folder, "before-restore", now)
                kept = "the store as it was is kept as a backup too"
            except DamagedStoreError:
                store.close()
                aside = store_files.set_aside(store.path, now)
                kept = f"the damaged store was set aside as {aside.name}"
            except StoreError as error:
                # A healthy store that cannot be backed up (a full disk) stays as it is.
                raise StoreError(
                    f"Nothing was restored: the store could not be backed up first "
                    f"({error.message.rstrip('.')})."
                ) from None
            store.close()
            try:
                store_files.move_into_place(prepared, store.path)
            except StoreError:
                if aside is not None:
                    store_files.put_back(aside, store.path)
                raise
            self._open_restored(backup, kept_as)
        return f"Restored the backup {backup.name}; {kept}."

    def _open_restored(self, backup: Path, kept_as: Path | None) -> None:
        path = self.file_store.path
        try:
            self._reopen(path)
        except StoreError as error:
            # It passed every check as it is; should it still not open, the store
            # as it was comes back rather than leave the officer with neither.
            if kept_as is None:
                raise
            store_files.put_in_place(kept_as, path)
            self._reopen(path)
            raise StoreError(
                f"Nothing was restored: {backup.name} could not be opened once in place "
                f"({error.message.rstrip('.')}); the store is as it was."
            ) from None


def recover(database: Path, backups: Path, now: dt.datetime) -> str:
    """Set a damaged store aside and put the newest good backup in its place.

    Returns a sentence for the officer; raises ``DamagedStoreError`` (the damaged
    file kept where it was set aside) when no good backup exists, and
    ``StoreError`` (the damaged file back in its place) when the backup cannot be
    put in place.
    """
    try:
        # Never under another process's feet: a desk or command with the file open
        # would go on writing to the copy set aside, and its work would be lost.
        with store_lock.alone(database):
            return _put_newest_good_backup_in_place(database, backups, now)
    except StoreInUseError:
        raise StoreInUseError(RECOVER_IN_USE) from None


def _put_newest_good_backup_in_place(database: Path, backups: Path, now: dt.datetime) -> str:
    aside = store_files.set_aside(database, now)
    for info in backup_store.list_backups(backups):
        if backup_store.is_good_backup(info.path, APPLICATION_ID, SCHEMA_VERSION):
            made = info.made_at.astimezone()
            when = f"{long_date(made.date())} at {made:%H:%M}"
            try:
                store_files.put_in_place(info.path, database)
            except StoreError as error:
                # Never leave no store at all: the next start would make an empty one.
                store_files.put_back(aside, database)
                raise StoreError(
                    f"The store {database} is damaged, and the backup made on {when} could "
                    f"not be put in its place ({error.message.rstrip('.')}); the store was "
                    "left as it was."
                ) from None
            return (
                f"The store was damaged. It was set aside as {aside.name}, and the backup "
                f"made on {when} was restored: work done after that is not in it."
            )
    raise DamagedStoreError(
        f"The store was damaged and there is no good backup to restore. The damaged file "
        f"was kept as {aside}; nothing was deleted."
    )


def after_unclean_shutdown(database: Path, backups: Path, now: dt.datetime) -> str | None:
    """The checks at start after an unclean shutdown (a ``-wal`` with content), before
    the store is opened for writing; returns what the officer must be told.

    - A file that is not ours or is newer is refused untouched (``StoreError``).
    - A ``-wal`` SQLite cannot read (no valid header) is ignored and then
      overwritten by SQLite; the store itself is intact and newer than any backup,
      so it is kept, and a copy of both files is kept beside it.
    - Damage, or a ``-wal`` from another database that turns the store into
      something else: the store is set aside with its ``-wal`` and the newest good
      backup restored (``recover``).
    - A ``-wal`` that holds a newer schema (a newer Vision Desk stopped before it
      wrote it into the file) is refused untouched, like a newer file.
    - A zeroed header is our store's first block lost, not a stranger's file:
      ``recover``.
    """
    if zeroed_header(database):
        return recover(database, backups, now)
    check_header(database, SCHEMA_VERSION)
    if backup_store.unreadable_journal(database):
        kept = store_files.keep_copy(database, now)
        return (
            f"The store's journal from the last session ({database.name}-wal) could not be "
            "read, so changes made just before Vision Desk last stopped may be missing. "
            f"The store itself is intact; a copy of it with that journal was kept as {kept.name}."
        )
    state = backup_store.examine(database)
    if backup_store.damage_in(state, APPLICATION_ID):
        return recover(database, backups, now)
    if (state.user_version or 0) > SCHEMA_VERSION:
        raise StoreError(
            f"{database} was written by a newer version of Vision Desk (schema "
            f"{state.user_version}; this version knows up to {SCHEMA_VERSION}). It was left "
            "untouched; please use the newer Vision Desk."
        )
    return None


def unclean_shutdown(database: Path) -> bool:
    """A WAL with content at start means the last session did not close cleanly."""
    return wal_has_content(database)
