"""Keeping the officer's work safe: backups, checks, restores, recovery at start.

The promises are in README "What Vision Desk promises about your data" and
../shared/guide/reliability.md; each has a test under tests/.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from vision_desk.domain.rounds import content_hash
from vision_desk.errors import DamagedStoreError, NotFoundError, StoreError, UserError
from vision_desk.services.desk import Desk
from vision_desk.storage import backup as backup_store
from vision_desk.storage import rounds as rounds_store
from vision_desk.storage.backup import BackupInfo
from vision_desk.storage.engine import APPLICATION_ID
from vision_desk.storage.store import Store

DAILY = dt.timedelta(hours=24)
__all__ = ["BackupInfo", "CheckReport", "Safety", "recover", "unclean_shutdown"]


@dataclass(frozen=True, slots=True)
class CheckReport:
    problems: tuple[str, ...]
    rounds_checked: int

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
        """The automatic daily backup: made when the newest is a day old or more."""
        backups = self.backups()
        if backups and self.desk.clock() - backups[0].made_at < DAILY:
            return None
        return self.backup_now("daily")

    def backups(self) -> list[BackupInfo]:
        return backup_store.list_backups(self.folder)

    # -- checks -------------------------------------------------------------------

    def check(self) -> CheckReport:
        """SQLite's integrity and foreign-key checks, and every closed round's hash
        recomputed from its sealed record."""
        self.desk.store.checkpoint()
        problems = backup_store.integrity_problems(self.desk.store.path)
        checked = 0
        if not problems:
            with self.desk.store.read() as session:
                for agreement_id in self.desk.agreement_ids():
                    for round_ in rounds_store.closed_rounds(session, agreement_id):
                        checked += 1
                        records = rounds_store.records(session, round_.id)
                        if content_hash(round_, records) != round_.content_hash:
                            problems.append(
                                f"round {round_.id} '{round_.title}' no longer matches its hash"
                            )
        return CheckReport(tuple(problems), checked)

    def recover(self) -> str:
        """After a check found damage: set the store aside, restore the newest good
        backup, and reopen; returns what happened, in the officer's words."""
        store = self.desk.store
        store.close()
        try:
            told = recover(store.path, self.folder, self.desk.clock())
        finally:
            if store.path.exists():
                self.desk.store = Store.open(store.path, self.folder)
                self.desk.forget_cache()
        return told

    # -- restoring ----------------------------------------------------------------

    def restore(self, backup: Path) -> str:
        """Put ``backup`` in place of the store. The current store is backed up first
        (or, when damaged, set aside); no older backup is rotated out."""
        if not backup.is_file():
            raise NotFoundError(f"There is no backup file {backup}.")
        if not backup_store.is_good_backup(backup, APPLICATION_ID):
            raise UserError(
                f"{backup} is not a good Vision Desk backup (it fails its checks); nothing was changed."
            )
        store = self.desk.store
        now = self.desk.clock()
        try:
            store.checkpoint()
            backup_store.make_backup(store.path, self.folder, "before-restore", now)
            kept = "the store as it was is kept as a backup too"
        except StoreError:
            store.close()
            aside = backup_store.set_aside(store.path, now)
            kept = f"the damaged store was set aside as {aside.name}"
        store.close()
        backup_store.put_in_place(backup, store.path)
        self.desk.store = Store.open(store.path, self.folder)
        self.desk.forget_cache()
        return f"Restored the backup {backup.name}; {kept}."


def recover(database: Path, backups: Path, now: dt.datetime) -> str:
    """Set a damaged store aside and put the newest good backup in its place.

    Returns a sentence for the officer; raises ``DamagedStoreError`` (the damaged
    file kept where it was set aside) when no good backup exists.
    """
    aside = backup_store.set_aside(database, now)
    for info in backup_store.list_backups(backups):
        if backup_store.is_good_backup(info.path, APPLICATION_ID):
            backup_store.put_in_place(info.path, database)
            when = info.made_at.astimezone().strftime("%d %B %Y at %H:%M")
            return (
                f"The store was damaged. It was set aside as {aside.name}, and the backup "
                f"made on {when} was restored: work done after that is not in it."
            )
    raise DamagedStoreError(
        f"The store was damaged and there is no good backup to restore. The damaged file "
        f"was kept as {aside}; nothing was deleted."
    )


def unclean_shutdown(database: Path) -> bool:
    """A WAL with content at start means the last session did not close cleanly."""
    wal = database.with_name(database.name + "-wal")
    return wal.exists() and wal.stat().st_size > 0
