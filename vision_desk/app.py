"""The composition root: from a data folder to a ready ``Desk``.

The command line and the window both start here; nothing else wires layers.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path

from vision_desk import paths
from vision_desk.errors import DamagedStoreError, StoreError, UserError
from vision_desk.services import start_checks, transfer
from vision_desk.services.desk import Desk
from vision_desk.services.safety import (
    Safety,
    after_unclean_shutdown,
    recover,
    unclean_shutdown,
)
from vision_desk.settings import author_is_set, configured_author
from vision_desk.storage import store_lock
from vision_desk.storage.damage_signs import check_store_header
from vision_desk.storage.store import Store


@dataclass
class Opened:
    paths: paths.DataPaths
    desk: Desk
    # What the officer must be told at start: a recovered store, a risky folder.
    notices: list[str] = field(default_factory=list)
    # This process's shared hold on the store (``store_lock``), until closed.
    hold: store_lock.Hold | None = None
    # Whether every page of the store was read at start (the quick check, or the
    # integrity check after an unclean shutdown or of the backup put in place);
    # when not, the desk runs the quick check in the background.
    pages_checked: bool = True
    # Whether this start found the store or its journal damaged (and what it did is
    # among the notices): `check` then fails, though the store it checks is sound.
    damage_found: bool = False
    # Whether the officer has never said who they are (no --as, no settings): the
    # account name signs for now, and the desk asks for the officer's name.
    name_unknown: bool = False

    @property
    def store_file(self) -> Path | None:
        """The officer's store file; None for a team desk on a server."""
        store = self.desk.store
        return store.path if isinstance(store, Store) else None

    def close(self) -> None:
        self.desk.store.close()
        if self.hold is not None:
            self.hold.release()


def open_desk(
    data_dir: str | None = None,
    author: str | None = None,
    routine_backup: bool = True,
    check_pages: bool = True,
) -> Opened:
    """Open the store under the data folder, creating it and loading the bundled
    agreements (the Shared Vision) on first start.

    ``routine_backup=False`` skips the daily backup and so its rotation: for a
    command about to restore a backup, which rotation must not remove first.
    ``check_pages=False`` skips the quick check of every page after a clean
    shutdown and says so (``Opened.pages_checked``): for the desk, whose start must
    not wait for a read of the whole file and which runs the check in the
    background once live. Every command checks before it runs."""
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
    given = (author or "").strip()
    author = given or configured_author(data_paths)
    notices: list[str] = []
    warning = paths.risky_folder_warning(data_paths.root)
    if warning:
        notices.append(warning)
    hold = _hold_store(data_paths.database)
    # What was found damaged at this start, and done about it.
    repairs: list[str] = []
    try:
        store, pages_checked = _open_store(data_paths, repairs, check_pages=check_pages)
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
            repairs.append(Safety(desk).recover())
            pages_checked = True  # the backup put in place passed integrity_check
            _prepare(desk, notices, routine_backup)
    except BaseException:
        desk.store.close()
        hold.release()
        raise
    _refuse_writes_if_pulled(desk)
    name_unknown = not given and not author_is_set(data_paths)
    return Opened(
        data_paths, desk, notices + repairs, hold, pages_checked, bool(repairs), name_unknown
    )


def open_server_desk(server: str, data_dir: str | None = None) -> Opened:
    """A team desk: the store is a PostgreSQL database that ``server init`` made;
    the data folder keeps only this officer's settings and logs. Changes are signed
    with the role the server says this connection is, never a name given here."""
    from vision_desk.storage import server_store

    data_paths = paths.resolve(data_dir)
    try:
        paths.ensure_folders(data_paths)
    except OSError as error:
        raise UserError(
            f"The data folder {data_paths.root} cannot be created: {error.strerror or error}."
        ) from None
    store = server_store.ServerStore.open(server)
    try:
        with store.translated():
            role = server_store.connected_role(store)
        desk = Desk(store, role)
        start_checks.read_current_agreement(desk)
    except BaseException:
        store.close()
        raise
    return Opened(data_paths, desk)


def init_server(server: str) -> tuple[str, list[str]]:
    """Make a desk in an empty server database and load the bundled agreements;
    where it is, and the agreements' titles."""
    from vision_desk.storage import server_store

    store = server_store.create_desk(server)
    try:
        with store.translated():
            desk = Desk(store, server_store.connected_role(store))
            loaded = [
                transfer.import_agreement(desk, file, backup=False).display_title
                for file in paths.bundled_agreements()
            ]
    finally:
        store.close()
    return store.where, loaded


def migrate_server(server: str) -> tuple[str | None, str]:
    """Upgrade a server desk; its schema before and after."""
    from vision_desk.storage import server_store

    return server_store.upgrade_desk(server)


def grant_on_server(server: str, login: str, desk_role: str) -> str:
    """Make ``login`` an officer, reviewer or director of the server desk."""
    from vision_desk.storage import server_store

    return server_store.grant_desk_role(server, login, desk_role)


@dataclass(frozen=True)
class Pushed:
    where: str
    rows: dict[str, int]
    rounds_verified: int


def push_to_server(server: str, data_dir: str | None = None) -> Pushed:
    """Copy the officer's store into a new desk database on ``server``, then check
    the copy: the same rows in every table, and every closed round's content hash
    recomputed from the server. A copy that does not check is said, never used."""
    from vision_desk.storage import server_store, server_transfer
    from vision_desk.storage.read_only import open_read_only

    file_store = open_read_only(paths.resolve(data_dir).database)
    try:
        store, copied = server_transfer.push_file(file_store, server)
    finally:
        file_store.close()
    try:
        on_server = server_transfer.server_row_counts(store)
        problems, closed = _copy_problems(
            copied, on_server, Desk(store, server_store.connected_role(store)), "the file"
        )
    finally:
        store.close()
    if problems:
        raise StoreError(
            f"The copy on {store.where} does not match the file ({'; '.join(problems)}); "
            "do not use it: drop that database and push again."
        )
    return Pushed(store.where, copied, closed)


def _copy_problems(
    source: dict[str, int], copy: dict[str, int], copy_desk: Desk, source_name: str
) -> tuple[list[str], int]:
    """What does not match between a copy and its source (rows per table, every
    closed round's hash recomputed from the copy); and how many rounds were checked."""
    from vision_desk.services.rounds import Rounds
    from vision_desk.services.signoff import SignOffs

    problems = [
        f"{table}: {count} rows in {source_name}, {copy.get(table, 0)} in the copy"
        for table, count in sorted(source.items())
        if copy.get(table, 0) != count
    ]
    checker = Rounds(copy_desk)
    closed = [
        round_
        for agreement_id in copy_desk.agreement_ids()
        for round_ in checker.all(agreement_id)
        if not round_.is_open
    ]
    problems += [
        f"round {round_.id} ('{round_.title}') does not match its hash"
        for round_ in closed
        if not checker.report(round_.id).verified
    ]
    problems += [
        f"round {round_id}'s sign-off names another hash than the round's"
        for round_id, sign_off in SignOffs(copy_desk).for_rounds(closed).items()
        if not sign_off.signed_its_hash
    ]
    return problems, len(closed)


def _refuse_writes_if_pulled(desk: Desk) -> None:
    """A copy of a team desk (``server pull``) is for reading, on a trip: its
    changes would go nowhere, so none are taken."""
    from vision_desk.storage.server_transfer import PULLED_FROM

    pulled = desk.setting(PULLED_FROM)
    if pulled is not None and isinstance(desk.store, Store):
        desk.store.refuse_writes = (
            f"This store is a copy of the desk on {pulled}: it is read-only, and changes are "
            "made on the desk itself."
        )


@dataclass(frozen=True)
class Pulled:
    path: Path
    rows: dict[str, int]
    rounds_verified: int


def pull_from_server(server: str, out: Path) -> Pulled:
    """Copy the desk on ``server`` into a new store file ``out`` (read-only when
    opened), then check it as a push is checked; a copy that does not match is
    removed and said."""
    from vision_desk.storage import server_transfer

    file_store, copied = server_transfer.pull_to_file(server, out)
    try:
        in_file = server_transfer.file_row_counts(file_store)
        in_file["settings"] -= 1  # the mark that it is a copy
        problems, closed = _copy_problems(copied, in_file, Desk(file_store, "reader"), "the server")
    finally:
        file_store.close()
    if problems:
        for leftover in (out, out.with_name(out.name + "-wal"), out.with_name(out.name + "-shm")):
            leftover.unlink(missing_ok=True)
        raise StoreError(
            f"The copy did not match the desk ({'; '.join(problems)}); it was removed."
        )
    return Pulled(out, copied, closed)


def _hold_store(database: Path) -> store_lock.Hold:
    """Hold the store shared for as long as it is open here, so that no restore in
    another process replaces it meanwhile. A file that is not ours, or is newer,
    is refused first: nothing is made beside it."""
    # A zeroed header is our store damaged, not a stranger's file: the
    # damaged-store flow follows, under the hold.
    with contextlib.suppress(DamagedStoreError):
        check_store_header(database)
    return store_lock.share(database)


def _prepare(desk: Desk, notices: list[str], routine_backup: bool) -> None:
    if not desk.agreement_ids():
        for file in paths.bundled_agreements():
            transfer.import_agreement(desk, file, backup=False)
    start_checks.read_current_agreement(desk)
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


def _open_store(
    data_paths: paths.DataPaths, repairs: list[str], check_pages: bool
) -> tuple[Store, bool]:
    """Open the store; a damaged one is set aside and the newest good backup put in
    its place. Returns the store and whether every page of it was checked.

    After an unclean shutdown (a WAL with content) the store and its WAL are
    checked before the store is opened for writing. After a clean one, with
    ``check_pages``, SQLite's quick check reads every page once the store is open
    (45 ms on the 38 MB benchmark store)."""
    database, backups = data_paths.database, data_paths.backups
    now = dt.datetime.now(dt.UTC)
    checked = False
    if unclean_shutdown(database):
        told = after_unclean_shutdown(database, backups, now)
        # Before SQLite replays the WAL, which drops what lies past a bad frame.
        journal = start_checks.damaged_journal(database, now)
        repairs.extend(notice for notice in (told, journal) if notice)
        checked = True
    try:
        store = Store.open(database, backups)
    except DamagedStoreError:
        repairs.append(recover(database, backups, now))
        return Store.open(database, backups), True
    if check_pages and not checked:
        checked = True
        if start_checks.quick_problems(database):
            store.close()
            repairs.append(recover(database, backups, now))
            store = Store.open(database, backups)
    return store, checked
