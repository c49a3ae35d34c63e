"""The composition root: from a data folder to a ready ``Desk``.

The command line and the window both start here; nothing else wires layers.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path

from vision_desk import paths
from vision_desk.errors import DamagedStoreError, StoreError, UserError
from vision_desk.services import transfer
from vision_desk.services.desk import Desk
from vision_desk.services.safety import (
    Safety,
    after_unclean_shutdown,
    recover,
    unclean_shutdown,
)
from vision_desk.settings import configured_author
from vision_desk.storage import store_lock
from vision_desk.storage.header import SCHEMA_VERSION, check_header
from vision_desk.storage.store import Store


@dataclass
class Opened:
    paths: paths.DataPaths
    desk: Desk
    # What the officer must be told at start: a recovered store, a risky folder.
    notices: list[str] = field(default_factory=list)
    # This process's shared hold on the store (``store_lock``), until closed.
    hold: store_lock.Hold | None = None

    def close(self) -> None:
        self.desk.store.close()
        if self.hold is not None:
            self.hold.release()


def open_desk(
    data_dir: str | None = None, author: str | None = None, routine_backup: bool = True
) -> Opened:
    """Open the store under the data folder, creating it and loading the bundled
    agreements (the Shared Vision) on first start.

    ``routine_backup=False`` skips the daily backup and so its rotation: for a
    command about to restore a backup, which rotation must not remove first."""
    if os.name == "posix":
        # Database, backups, exports and logs are the officer's alone.
        os.umask(0o077)
    data_paths = paths.resolve(data_dir)
    try:
        paths.ensure_folders(data_paths)
    except OSError as error:
        raise UserError(
            f"The data folder {data_paths.root} cannot be created: {error.strerror or error}."
        ) from None
    # A blank name (``--as ""``) is no name: fall back as if none was given.
    author = (author or "").strip() or configured_author(data_paths)
    notices: list[str] = []
    warning = paths.risky_folder_warning(data_paths.root)
    if warning:
        notices.append(warning)
    hold = _hold_store(data_paths.database)
    try:
        store = _open_store(data_paths, notices)
    except BaseException:
        hold.release()
        raise
    desk = Desk(store, author, backups=data_paths.backups)
    try:
        try:
            _prepare(desk, notices, routine_backup)
        except DamagedStoreError:
            # Damage met on the first reads, or found by the daily backup's check:
            # the same as damage found at opening.
            notices.append(Safety(desk).recover())
            _prepare(desk, notices, routine_backup)
    except BaseException:
        desk.store.close()
        hold.release()
        raise
    return Opened(data_paths, desk, notices, hold)


def _hold_store(database: Path) -> store_lock.Hold:
    """Hold the store shared for as long as it is open here, so that no restore in
    another process replaces it meanwhile. A file that is not ours, or is newer,
    is refused first: nothing is made beside it."""
    check_header(database, SCHEMA_VERSION)
    return store_lock.share(database)


def _prepare(desk: Desk, notices: list[str], routine_backup: bool) -> None:
    if not desk.agreement_ids():
        for file in paths.bundled_agreements():
            transfer.import_agreement(desk, file, backup=False)
    Safety(desk).clear_abandoned()
    if not routine_backup:
        return
    try:
        Safety(desk).backup_if_due()
    except DamagedStoreError:
        raise
    except StoreError as error:
        # A failed routine backup must not stop the officer's work; say so.
        notices.append(f"The daily backup could not be made: {error.message}")


def _open_store(data_paths: paths.DataPaths, notices: list[str]) -> Store:
    """Open the store; a damaged one is set aside and the newest good backup put in
    its place. After an unclean shutdown (a WAL with content) the store is checked
    before it is opened for writing; after a clean one that check is skipped, so
    starting stays fast."""
    database, backups = data_paths.database, data_paths.backups
    now = dt.datetime.now(dt.UTC)
    if unclean_shutdown(database):
        told = after_unclean_shutdown(database, backups, now)
        if told:
            notices.append(told)
    try:
        return Store.open(database, backups)
    except DamagedStoreError:
        notices.append(recover(database, backups, now))
        return Store.open(database, backups)
