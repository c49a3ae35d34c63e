"""Where Vision Desk keeps its files. The only module that asks appdirs.

By default the store lives in the platform's user data folder (on Linux
``~/.local/share/VisionDesk``). ``--data-dir DIR`` or ``VISION_DESK_DATA_DIR``
put everything (store, backups, logs, settings) under one folder instead, for
tests and portable use.

An environment variable set but empty or blank counts as unset (``export
XDG_DATA_HOME=`` in a profile must not put the store in the current folder), and
so does a relative XDG folder, as the XDG base directory specification says.
"""

from __future__ import annotations

import importlib.resources
import os
import re
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import appdirs

from vision_desk import APP_NAME
from vision_desk.errors import UserError

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

    @property
    def viewer_copies(self) -> Path:
        """Where checked copies of evidence files wait for the system's viewer:
        inside the officer's own folder, never the machine's shared temporary one."""
        return self.root / "viewer-copies"

    def folders(self) -> tuple[Path, ...]:
        return (self.root, self.backups, self.logs, self.config)


def resolve(
    data_dir: str | os.PathLike[str] | None = None, environ: Mapping[str, str] | None = None
) -> DataPaths:
    """The folders to use: an explicit ``data_dir``, else the environment, else the
    platform's folders. Every variable is read from ``environ`` (the process's by
    default); a folder that cannot be found raises ``UserError``."""
    environ = os.environ if environ is None else environ
    chosen = data_dir or _variable(environ, DATA_DIR_VARIABLE)
    if chosen:
        root = _expand_home(Path(chosen), environ).absolute()
        return DataPaths(
            root=root,
            database=root / DATABASE_NAME,
            backups=root / "backups",
            logs=root / "logs",
            config=root / "config",
            chosen=True,
        )
    root, logs, config = _platform_folders(environ)
    return DataPaths(
        root=root, database=root / DATABASE_NAME, backups=root / "backups", logs=logs, config=config
    )


def _platform_folders(environ: Mapping[str, str]) -> tuple[Path, Path, Path]:
    """The data, log and configuration folders of the platform, named as appdirs 1.4.4
    names them, so that an existing store is found where it has always been."""
    if sys.platform == "win32":
        # Windows keeps these folders in its known-folder registry, which appdirs asks
        # through the shell rather than reading the environment: there it is right.
        # appauthor=False keeps the folder from being nested under an author's name.
        return (
            Path(appdirs.user_data_dir(APP_NAME, appauthor=False)),
            Path(appdirs.user_log_dir(APP_NAME, appauthor=False)),
            Path(appdirs.user_config_dir(APP_NAME, appauthor=False)),
        )
    if sys.platform == "darwin":
        # The folders appdirs gives on macOS, but under a home found as below: appdirs
        # expands "~" with an empty HOME to "/", the system's own Library.
        library = _home(environ) / "Library"
        support = library / "Application Support" / APP_NAME
        return support, library / "Logs" / APP_NAME, support
    # Linux and the BSDs, by the XDG base directory specification, read here rather
    # than by appdirs: appdirs takes an empty XDG_DATA_HOME as the current folder, and
    # reads the process's environment only, where ``environ`` must be honoured.
    return (
        _xdg_folder(environ, "XDG_DATA_HOME", ".local/share") / APP_NAME,
        _xdg_folder(environ, "XDG_CACHE_HOME", ".cache") / APP_NAME / "log",
        _xdg_folder(environ, "XDG_CONFIG_HOME", ".config") / APP_NAME,
    )


def _variable(environ: Mapping[str, str], name: str) -> str | None:
    """The variable's value, or None when it is unset, empty or only blanks."""
    value = environ.get(name)
    return value if value and not value.isspace() else None


def _xdg_folder(environ: Mapping[str, str], name: str, under_home: str) -> Path:
    value = _variable(environ, name)
    # The specification: "If an implementation encounters a relative path in any of
    # these variables it should consider the path invalid and ignore it."
    if value is not None and Path(value).is_absolute():
        return Path(value)
    return _home(environ) / under_home


def _expand_home(path: Path, environ: Mapping[str, str]) -> Path:
    """``~`` and ``~/...`` under the home found as ``_home`` finds it; ``~name`` as the
    operating system expands it (from the password database, on POSIX)."""
    if os.name == "posix" and path.parts[:1] == ("~",):
        return _home(environ).joinpath(*path.parts[1:])
    return path.expanduser()


def _home(environ: Mapping[str, str]) -> Path:
    """HOME when it is an absolute path; otherwise the account's home in the password
    database. Never "/" or the current folder, where an empty HOME would lead
    ``os.path.expanduser``."""
    home = Path(_variable(environ, "HOME") or "")
    if home.is_absolute():
        return home
    import pwd  # POSIX only, and needed only when HOME is of no use

    try:
        account_home = Path(pwd.getpwuid(os.getuid()).pw_dir)
    except KeyError:  # an account the database does not list (a bare container, say)
        account_home = Path()
    if not account_home.is_absolute() or account_home == Path("/"):
        raise UserError(
            "Vision Desk cannot find your home folder (HOME names none and the account has "
            "none); choose a data folder with --data-dir or VISION_DESK_DATA_DIR."
        )
    return account_home


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
