"""Where Vision Desk keeps its files. The only module that asks appdirs.

By default the store lives in the platform's user data folder (on Linux
``~/.local/share/VisionDesk``). ``--data-dir DIR`` or ``VISION_DESK_DATA_DIR``
put everything (store, backups, logs, settings) under one folder instead, for
tests and portable use.
"""

from __future__ import annotations

import os
import sys
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


def resources_dir() -> Path:
    """The shipped ``resources/`` folder, in a bundle or beside the source tree."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def bundled_agreements() -> list[Path]:
    return sorted((resources_dir() / "agreements").glob("*.toml"))
