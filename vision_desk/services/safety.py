"""Keeping the officer's work safe: backups, checks, restores, recovery at start.

The promises are in README "What Vision Desk promises about your data" and
../shared/guide/reliability.md; each has a test under tests/.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from vision_desk.domain.rounds import content_hash
from vision_desk.errors import DamagedStoreError, NotFoundError, StoreError, UserError
from vision_desk.services.desk import Desk
from vision_desk.storage import backup as backup_store
from vision_desk.storage import rounds as rounds_store
from vision_desk.storage.backup import BackupInfo
from vision_desk.storage.header import (
    APPLICATION_ID,
    SCHEMA_VERSION,
    check_header,
    wal_has_content,
)
from vision_desk.storage.store import Store

DAILY = dt.timedelta(hours=24)
__all__ = [
    "BackupInfo",
    "CheckReport",
    "Safety",
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
            return f"The store is healthy: integrity check passed; {self.rounds_checked} closed rounds match their hashes."
        shown = "; ".join(self.problems[:5])
        more = f" (and {len(self.problems) - 5} more)" if len(self.problems) > 5 else ""
        return f"The store has problems: {shown}{more}"


class Safety:
    def __init__(self, desk: Desk) -> None:
        self.desk = desk

    @property
    def folder(self) -> Path:
        if self.desk.backups is None:
            raise UserError("This desk has no backup folder.")
        return self.desk.backups

    # -- backups ------------------------------------------------------------------

    def backup_now(self, reason: str = "manual") -> BackupInfo:
        """A verified backup now, then rotation of the older ones."""
        now = self.desk.clock()
        self.desk.store.checkpoint()
        path = backup_store.make_backup(self.desk.store.path, self.folder, reason, now)
        backup_store.rotate(self.folder, now)
        return next(info for info in backup_store.list_backups(self.folder) if info.path == path)

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
        """SQLite's integrity and foreign-key checks, and every closed round's hash
        recomputed from its sealed record."""
        path = self.desk.store.path
        self.desk.store.checkpoint()
        damage = backup_store.damage(path, APPLICATION_ID)
        if damage:
            return CheckReport(tuple(damage), 0, damaged=True)
        problems = backup_store.foreign_key_problems(path)
        checked = 0
        if not problems:
            try:
                with self.desk.store.read() as session:
                    for agreement_id in self.desk.agreement_ids():
                        for round_ in rounds_store.closed_rounds(session, agreement_id):
                            checked += 1
                            records = rounds_store.records(session, round_.id)
                            if content_hash(round_, records) != round_.content_hash:
                                problems.append(
                                    f"round {round_.id} '{round_.title}' no longer matches its hash"
                                )
            except DamagedStoreError as error:
                return CheckReport((error.message,), checked, damaged=True)
        return CheckReport(tuple(problems), checked)

    def recover(self) -> str:
        """After a check found damage: set the store aside, restore the newest good
        backup, and reopen; returns what happened, in the officer's words."""
        store = self.desk.store
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

    # -- restoring ----------------------------------------------------------------

    def restore(self, backup: Path) -> str:
        """Put ``backup`` in place of the store. The current store is backed up first
        (or, when damaged, set aside); no older backup is rotated out."""
        if not backup.is_file():
            raise NotFoundError(f"There is no backup file {backup}.")
        if not backup_store.is_good_backup(backup, APPLICATION_ID, SCHEMA_VERSION):
            raise UserError(
                f"{backup} is not a good Vision Desk backup (it fails its checks); nothing was changed."
            )
        store = self.desk.store
        now = self.desk.clock()
        aside: Path | None = None
        try:
            store.checkpoint()
            backup_store.make_backup(store.path, self.folder, "before-restore", now)
            kept = "the store as it was is kept as a backup too"
        except DamagedStoreError:
            store.close()
            aside = backup_store.set_aside(store.path, now)
            kept = f"the damaged store was set aside as {aside.name}"
        except StoreError as error:
            # A healthy store that cannot be backed up (a full disk) stays as it is.
            raise StoreError(
                f"Nothing was restored: the store could not be backed up first "
                f"({error.message.rstrip('.')})."
            ) from None
        store.close()
        try:
            backup_store.put_in_place(backup, store.path)
        except StoreError:
            if aside is not None:
                backup_store.put_back(aside, store.path)
            raise
        self.desk.store = Store.open(store.path, self.folder)
        self.desk.forget_cache()
        return f"Restored the backup {backup.name}; {kept}."


def recover(database: Path, backups: Path, now: dt.datetime) -> str:
    """Set a damaged store aside and put the newest good backup in its place.

    Returns a sentence for the officer; raises ``DamagedStoreError`` (the damaged
    file kept where it was set aside) when no good backup exists, and
    ``StoreError`` (the damaged file back in its place) when the backup cannot be
    put in place.
    """
    aside = backup_store.set_aside(database, now)
    for info in backup_store.list_backups(backups):
        if backup_store.is_good_backup(info.path, APPLICATION_ID, SCHEMA_VERSION):
            when = info.made_at.astimezone().strftime("%d %B %Y at %H:%M")
            try:
                backup_store.put_in_place(info.path, database)
            except StoreError as error:
                # Never leave no store at all: the next start would make an empty one.
                backup_store.put_back(aside, database)
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
    """
    check_header(database, SCHEMA_VERSION)
    if backup_store.unreadable_journal(database):
        kept = backup_store.keep_copy(database, now)
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
