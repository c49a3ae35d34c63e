"""The officer's settings file (``config/settings.toml``) and who is working.

Light on purpose: the window reads its keys from here before the store and its
libraries have loaded.
"""

from __future__ import annotations

import os

from vision_desk import paths
from vision_desk.errors import UserError

AUTHOR_VARIABLE = "VISION_DESK_AUTHOR"


def read_settings(data_paths: paths.DataPaths) -> dict[str, object]:
    """The officer's settings file (``config/settings.toml``); absent means defaults."""
    # Loaded here, not with the module: most desks have no settings file, and the
    # window reads this before its first paint.
    import tomllib

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
    import getpass

    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return "officer"
