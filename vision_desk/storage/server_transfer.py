"""Copies between an officer's store file and a team desk's server, whole:
``server push`` (a file into a new desk) and ``server pull`` (a desk into a new
file, for a trip). The rows are copied by ``server_copy``; the caller checks them.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import insert

from vision_desk.errors import StoreError
from vision_desk.storage.server_store import ServerStore, create_desk
from vision_desk.storage.store import Store


def push_file(file_store: Store, text_url: str) -> tuple[ServerStore, dict[str, int]]:
    """Copy an officer's store into a new desk database (made here with the same
    migrations), in one transaction; the open desk and the rows per table. The
    caller checks the copy (``server_copy.row_counts``, the rounds' hashes)."""
    from vision_desk.storage import evidence, server_copy

    # A file kept with evidence whose bytes no longer match their hash could not be
    # kept on a server (it checks each file's hash): said before anything is made.
    with file_store.read() as session:
        damaged = evidence.damaged_files(session)
    if damaged:
        raise StoreError(
            f"The file kept with evidence as {damaged[0][:12]}… no longer matches its hash "
            "(vision-desk check names every such file); restore a good backup before pushing."
        )
    store = create_desk(text_url)
    try:
        # One transaction on the file (its engine says BEGIN): one moment of it, for
        # the whole copy.
        with (
            store.translated(),
            file_store.engine.begin() as source,
            store.engine.begin() as target,
        ):
            copied = server_copy.copy_into(source, target)
    except BaseException:
        store.close()
        raise
    return store, copied


def server_row_counts(store: ServerStore) -> dict[str, int]:
    from vision_desk.storage import server_copy

    with store.translated(), store.engine.connect() as connection:
        return server_copy.row_counts(connection)


# The setting that marks a file as a copy of a team desk (its address and when).
PULLED_FROM = "pulled_from"


def pull_to_file(text_url: str, path: Path) -> tuple[Store, dict[str, int]]:
    """Copy a desk whole into a new store file at ``path`` (made here with the same
    migrations), in one transaction, marked as a copy of it; the open file and the
    rows per table. The caller checks the copy."""
    import datetime as dt

    from vision_desk.storage import server_copy
    from vision_desk.storage.models import SettingRow

    if path.exists():
        raise StoreError(f"{path} exists already; give the name of a new file.")
    server = ServerStore.open(text_url)
    try:
        file_store = Store.open(path)
    except BaseException:
        server.close()
        raise
    try:
        writer = file_store.engine.execution_options(begin="BEGIN IMMEDIATE")
        # One moment of the desk, however long the copy takes.
        reader = server.engine.execution_options(
            isolation_level="REPEATABLE READ", postgresql_readonly=True
        )
        with (
            server.translated(),
            reader.connect() as source,
            writer.begin() as target,
        ):
            copied = server_copy.copy_into(source, target)
            mark = f"{server.where} at {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC"
            target.execute(insert(SettingRow), [{"key": PULLED_FROM, "value": mark}])
    except BaseException:
        file_store.close()
        for leftover in (
            path,
            path.with_name(path.name + "-wal"),
            path.with_name(path.name + "-shm"),
        ):
            leftover.unlink(missing_ok=True)
        raise
    finally:
        server.close()
    return file_store, copied


def file_row_counts(store: Store) -> dict[str, int]:
    from vision_desk.storage import server_copy

    with store.engine.connect() as connection:
        return server_copy.row_counts(connection)
