"""Where an export may go: the one check every output path passes, command line
(``export --out``, ``memo --out``) and desk (its save dialogs) alike.

An export is written with a rename over its target, so a careless path would
replace the store (every command after it then refuses a file that is no longer
a Vision Desk database), its journals, a backup or a log. The check compares
where the path really leads, not how it is spelled: ``~``, relative parts and
symbolic links are resolved; an existing file is compared by device and inode
(a hard link, or another spelling on a case-insensitive disk); names of files
that may not exist yet (a journal) are compared ignoring case, as macOS and
Windows do.

It also refuses, before any work is done, a path that cannot be written: a
folder that does not exist, a folder given as the file, a device.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

from vision_desk.errors import UserError
from vision_desk.paths import DataPaths
from vision_desk.services.transfer import write_atomically

# The files SQLite keeps beside the store, by the suffix it gives them.
_STORE_FILES = {
    "": "Vision Desk's store",
    "-wal": "the store's write-ahead log",
    "-shm": "the store's shared-memory index",
    "-journal": "the store's rollback journal",
}


def write_output(path: Path, data: bytes, data_paths: DataPaths) -> None:
    """Write an export to ``path`` once ``check_output_path`` allows it, atomically."""
    write_atomically(check_output_path(path, data_paths), data)


def check_output_path(path: Path, data_paths: DataPaths) -> Path:
    """``path`` with ``~`` expanded, when an export may be written there; else a
    ``UserError`` of one sentence saying why, and nothing is written."""
    target = path.expanduser()
    try:
        resolved = target.resolve()
    except (OSError, RuntimeError):  # a loop of symbolic links
        raise UserError(
            f"Cannot write {path}: its symbolic links lead in a circle; nothing was written."
        ) from None
    problem = _protected(resolved, data_paths) or _unwritable(resolved)
    if problem is not None:
        raise UserError(f"Cannot write {path}: {problem}; nothing was written.")
    return target


def _protected(resolved: Path, data_paths: DataPaths) -> str | None:
    """What of Vision Desk's the path would replace, or None."""
    existing = _stat(resolved)
    for store in _store_paths(data_paths):
        for suffix, what in _STORE_FILES.items():
            found = _stat(store.with_name(store.name + suffix))
            if existing is not None and found is not None and os.path.samestat(existing, found):
                return f"it is {what}, which an export never replaces"
        if _same_folder(resolved.parent, store.parent):
            named = _store_file_named(resolved.name, store)
            if named is not None:
                return f"it is {named}, which an export never replaces"
    for folder, what in (
        (data_paths.backups, "backups folder"),
        (data_paths.logs, "log folder"),
        (data_paths.config, "settings folder"),
    ):
        if any(_same_folder(parent, folder) for parent in _folders_above(resolved)):
            return f"it is in Vision Desk's {what} ({folder}), where no export goes"
    return None


def _store_file_named(name: str, store: Path) -> str | None:
    """Which of the store's files ``name`` is, in the store's folder, ignoring case:
    a journal that does not exist yet would be the store's once SQLite makes it."""
    name = name.casefold()
    for suffix, what in _STORE_FILES.items():
        if name == (store.name + suffix).casefold():
            return what
    # A damaged store set aside (backup.py's ``set_aside``) is kept, never replaced.
    if name.startswith(store.stem.casefold() + "-") and store.suffix.casefold() in name:
        return "a damaged store set aside and kept"
    return None


def _unwritable(resolved: Path) -> str | None:
    """Why a file cannot be written at ``resolved``, or None."""
    existing = _stat(resolved)
    if existing is not None:
        if stat.S_ISDIR(existing.st_mode):
            return "it is a folder; name a file in it"
        if not stat.S_ISREG(existing.st_mode):
            return "it is a device or other special file, not a regular file"
    folder = resolved.parent
    found = _stat(folder)
    if found is None:
        return f"there is no folder {folder}"
    if not stat.S_ISDIR(found.st_mode):
        return f"{folder} is not a folder"
    if not os.access(folder, os.W_OK | os.X_OK):
        return f"the folder {folder} is not writable"
    return None


def _store_paths(data_paths: DataPaths) -> list[Path]:
    """The store where the path says and where a link leads: SQLite keeps its
    journals beside the real file."""
    try:
        real = data_paths.database.resolve()
    except (OSError, RuntimeError):  # a loop of links: no file is there to protect
        real = data_paths.database
    return list(dict.fromkeys((data_paths.database, real)))


def _folders_above(resolved: Path) -> Iterator[Path]:
    yield resolved.parent
    yield from resolved.parent.parents


def _same_folder(one: Path, other: Path) -> bool:
    """Whether two paths are the same folder: by device and inode when they exist
    (links, bind mounts, case-insensitive disks), else by their resolved spelling."""
    first, second = _stat(one), _stat(other)
    if first is not None and second is not None:
        return os.path.samestat(first, second)
    if first is not None or second is not None:
        return False
    try:
        return os.path.normcase(one.resolve()) == os.path.normcase(other.resolve())
    except (OSError, RuntimeError):  # a loop of links is no folder of ours
        return False


def _stat(path: Path) -> os.stat_result | None:
    try:
        return path.stat()
    except (OSError, ValueError):  # missing, unreadable, or a name the system refuses
        return None
