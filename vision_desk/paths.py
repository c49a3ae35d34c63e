"""Where Vision Desk keeps its files. The only module that asks appdirs.

By default the store lives in the platform's user data folder (on Linux
``~/.local/share/VisionDesk``). ``--data-dir DIR`` or ``VISION_DESK_DATA_DIR``
put everything (store, backups, logs, settings) under one folder instead, for
tests and portable use.
"""

from __future__ import annotations

import importlib.resources
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import appdirs

from vision_desk import APP_NAME

DATA_DIR_VARIABLE = "VISION_DESK_DATA_DIR"
DATABASE_NAME = "vision-desk.sqlite3"


@dataclass(frozen=True, slots=True)
class DataPaths:
    root: Path
    database: Path
    backups: Path
    logs: Path
    config: Path
    # Chosen with --data-dir or the environment (everything under ``root``), rather
    # than the platform's folders: a helper process must be pointed at the same.
    chosen: bool = False

    @property
    def settings_file(self) -> Path:
        return self.config / "settings.toml"

    def folders(self) -> tuple[Path, ...]:
        return (self.root, self.backups, self.logs, self.config)


def resolve(
    data_dir: str | os.PathLike[str] | None = None, environ: Mapping[str, str] | None = None
) -> DataPaths:
    """The folders to use: an explicit ``data_dir``, else the environment, else appdirs."""
    environ = os.environ if environ is None else environ
    chosen = data_dir or environ.get(DATA_DIR_VARIABLE) or None
    if chosen:
        root = Path(chosen).expanduser().absolute()
        return DataPaths(
            root=root,
            database=root / DATABASE_NAME,
            backups=root / "backups",
            logs=root / "logs",
            config=root / "config",
            chosen=True,
        )
    # appauthor=False keeps Windows from nesting the folder under an author name.
    root = Path(appdirs.user_data_dir(APP_NAME, appauthor=False))
    return DataPaths(
        root=root,
        database=root / DATABASE_NAME,
        backups=root / "backups",
        logs=Path(appdirs.user_log_dir(APP_NAME, appauthor=False)),
        config=Path(appdirs.user_config_dir(APP_NAME, appauthor=False)),
    )


def ensure_folders(paths: DataPaths) -> None:
    """Create the folders, private to the officer's account (0700).

    Only folders Vision Desk creates are made private: ``--data-dir ~`` must not
    change the permissions of the officer's home folder.
    """
    for folder in paths.folders():
        try:
            folder.mkdir(mode=0o700, parents=True)
        except FileExistsError:
            continue
        if os.name == "posix":
            folder.chmod(0o700)  # mkdir's mode is filtered through the umask


# SQLite's WAL needs shared memory and real file locks, which network filesystems
# do not give; sync clients copy a database mid-write. Either can corrupt the store.
_NETWORK_FILESYSTEMS = frozenset(
    {
        "nfs",
        "nfs4",
        "cifs",
        "smb3",
        "smbfs",
        "fuse.sshfs",
        "afs",
        "9p",
        "davfs",
        "fuse.rclone",
        "ceph",
    }
)
# The folder names sync clients create. A name matches at the start of a folder's
# name and up to a word's end: "Dropbox (Work)" and "OneDrive - Firm" are synced,
# "megan" and "omega" are not "MEGA".
_SYNCED_FOLDERS = re.compile(
    r"(?:dropbox|onedrive|google ?drive|my ?drive|icloud(?: ?drive)?|com~apple~clouddocs"
    r"|mobile documents|nextcloud|owncloud|box(?: sync)?|pcloud(?: ?drive)?|mega(?:sync)?"
    r"|seadrive|seafile|sync\.com|tresorit|syncthing)(?![a-z0-9])",
    re.IGNORECASE,
)


def risky_folder_warning(folder: Path, mounts: Path = Path("/proc/mounts")) -> str | None:
    """A warning when ``folder`` is on a network share or in a cloud-synced folder
    (by its name, or by where a symbolic link leads)."""
    try:
        resolved = folder.resolve()
    except OSError:
        resolved = folder
    for path in (folder, resolved):
        if any(_SYNCED_FOLDERS.match(part) for part in path.parts):
            return (
                f"Warning: the data folder {folder} looks like a cloud-synced folder. Syncing can "
                "corrupt a database in use; keep the store in a local folder (--data-dir)."
            )
    filesystem = _filesystem_of(folder, mounts)
    if filesystem in _NETWORK_FILESYSTEMS:
        return (
            f"Warning: the data folder {folder} is on a network share ({filesystem}). SQLite cannot "
            "keep a store safe there; keep it in a local folder (--data-dir)."
        )
    return None


def _filesystem_of(folder: Path, mounts: Path) -> str | None:
    try:
        lines = mounts.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return None
    best: tuple[int, str] | None = None
    target = str(folder.resolve())
    for line in lines:
        fields = line.split()
        if len(fields) < 3:
            continue
        point = fields[1].replace("\\040", " ")
        inside = target == point or target.startswith(point.rstrip("/") + "/")
        if inside and (best is None or len(point) > best[0]):
            best = (len(point), fields[2])
    return best[1] if best else None


def resources_dir() -> Path:
    """The data shipped inside the package, ``vision_desk/resources``: the agreements,
    the fonts and their licence.

    Asked of importlib.resources, so that a wheel installed anywhere, an editable
    install and the bundle (PyInstaller's importer answers for ``sys._MEIPASS``) all
    find the same files; the repository's top-level ``resources`` links here.
    """
    return Path(str(importlib.resources.files("vision_desk") / "resources"))


def bundled_agreements() -> list[Path]:
    return sorted((resources_dir() / "agreements").glob("*.toml"))
