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


def configured_server(data_paths: paths.DataPaths, given: str | None = None) -> str | None:
    """The team desk's server, if any: ``--server``, else ``VISION_DESK_SERVER``, else
    the settings file's ``server``. None: the officer's own store file."""
    import os

    for candidate in (given, os.environ.get("VISION_DESK_SERVER")):
        if candidate is not None and candidate.strip():
            return candidate.strip()
    server = read_settings(data_paths).get("server")
    if isinstance(server, str) and server.strip():
        return server.strip()
    return None


def author_is_set(data_paths: paths.DataPaths) -> bool:
    """Whether the officer has said who they are (the settings file, or the
    environment), rather than the account name standing in."""
    if os.environ.get(AUTHOR_VARIABLE, "").strip():
        return True
    author = read_settings(data_paths).get("author")
    return isinstance(author, str) and bool(author.strip())


def account_full_name() -> str:
    """The account's full name where the system keeps one (the first field of the
    GECOS entry), else the account name: what the desk proposes at first start."""
    try:
        import pwd

        full = pwd.getpwuid(os.getuid()).pw_gecos.split(",")[0].strip()
    except (ImportError, KeyError, OSError, AttributeError):
        full = ""
    if full:
        return full
    import getpass

    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return "officer"


def save_author(data_paths: paths.DataPaths, name: str) -> None:
    """Write ``author = "name"`` into the settings file, keeping everything else in
    it as it was; the file is replaced whole, so a failure leaves the old one."""
    import tomllib

    name = name.strip()
    if not name:
        raise UserError("A name is needed: it signs your notes and changes.")
    if any(ord(char) < 32 or ord(char) == 127 for char in name) or len(name) > 200:
        raise UserError("A name is one line of at most 200 characters.")
    path = data_paths.settings_file
    try:
        old = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        old = ""
    except OSError as error:
        raise UserError(f"The settings file {path} cannot be read: {error.strerror}.") from None
    line = f"author = {_toml_string(name)}"
    lines = old.splitlines()
    # The top-level ``author``: before the first table header.
    first_table = next(
        (number for number, text in enumerate(lines) if text.lstrip().startswith("[")), len(lines)
    )
    found = next(
        (
            number
            for number in range(first_table)
            if lines[number].split("=", 1)[0].strip() == "author"
        ),
        None,
    )
    if found is None:
        lines.insert(0, line)
    else:
        lines[found] = line
    new = "\n".join(lines) + "\n"
    try:
        written = tomllib.loads(new).get("author")
    except tomllib.TOMLDecodeError as error:
        raise UserError(
            f"The settings file {path} is not valid TOML ({error}); fix it first."
        ) from None
    if written != name:  # never write a file that reads otherwise
        raise UserError(
            f"The settings file {path} could not be updated safely; it was left as it was."
        )
    partial = path.with_name(path.name + ".partial")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with partial.open("w", encoding="utf-8") as handle:
            handle.write(new)
            handle.flush()
            os.fsync(handle.fileno())
        partial.replace(path)
        if hasattr(os, "O_DIRECTORY"):  # the rename itself made durable
            folder = os.open(path.parent, os.O_RDONLY | os.O_DIRECTORY)
            try:
                os.fsync(folder)
            finally:
                os.close(folder)
    except OSError as error:
        partial.unlink(missing_ok=True)
        raise UserError(
            f"Your name could not be saved in {path}: {error.strerror}. Nothing was changed."
        ) from None


def _toml_string(text: str) -> str:
    """``text`` as a TOML basic string."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
