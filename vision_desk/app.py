"""The composition root: from a data folder to a ready ``Desk``.

The command line and the window both start here; nothing else wires layers.
"""

from __future__ import annotations

import getpass
import os
import tomllib
from dataclasses import dataclass

from vision_desk import paths
from vision_desk.errors import UserError
from vision_desk.services import transfer
from vision_desk.services.desk import Desk
from vision_desk.storage.store import Store

AUTHOR_VARIABLE = "VISION_DESK_AUTHOR"


@dataclass
class Opened:
    paths: paths.DataPaths
    desk: Desk

    def close(self) -> None:
        self.desk.store.close()


def open_desk(data_dir: str | None = None, author: str | None = None) -> Opened:
    """Open the store under the data folder, creating it and loading the bundled
    agreements (the Shared Vision) on first start."""
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
    store = Store.open(data_paths.database)
    desk = Desk(store, author, backups=data_paths.backups)
    try:
        if not desk.agreement_ids():
            for file in paths.bundled_agreements():
                transfer.import_agreement(desk, file)
    except BaseException:
        store.close()
        raise
    return Opened(data_paths, desk)


def read_settings(data_paths: paths.DataPaths) -> dict[str, object]:
    """The officer's settings file (``config/settings.toml``); absent means defaults."""
    try:
        with data_paths.settings_file.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError:
        return {}
    except OSError as error:
        raise UserError(
            f"The settings file {data_paths.settings_file} cannot be read: {error.strerror}."
        ) from None
    except tomllib.TOMLDecodeError as error:
        raise UserError(
            f"The settings file {data_paths.settings_file} is not valid TOML: {error}."
        ) from None


def configured_author(data_paths: paths.DataPaths) -> str:
    """The author of changes: the settings file's ``author``, else the account name."""
    explicit = os.environ.get(AUTHOR_VARIABLE, "").strip()
    if explicit:
        return explicit
    author = read_settings(data_paths).get("author")
    if isinstance(author, str) and author.strip():
        return author.strip()
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return "officer"
