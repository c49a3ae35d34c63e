"""The log: where bugs go, with their tracebacks, and never note text.

Note text reaches no log message because nothing logs it and SQLAlchemy's
``hide_parameters`` keeps statement parameters out of its errors.
"""

from __future__ import annotations

import getpass
import io
import logging
import logging.handlers
import os
import stat
import tempfile
import traceback
from pathlib import Path

LOG_NAME = "vision-desk.log"


class _PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """A rotating log whose files are the officer's alone (0600) whatever the umask:
    the window sets up its log before the store sets the umask, and a rollover
    creates a new file."""

    def _open(self) -> io.TextIOWrapper:
        _create_private(Path(self.baseFilename))
        return super()._open()


def _create_private(path: Path) -> None:
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    try:
        if os.name == "posix":
            os.fchmod(descriptor, 0o600)
    finally:
        os.close(descriptor)


def setup_logging(folder: Path) -> Path:
    """Send the program's log to ``folder`` (once per folder: a second call for the
    same folder changes nothing, one for another folder moves the log there)."""
    path = folder / LOG_NAME
    root = logging.getLogger()
    for handler in list(root.handlers):
        if isinstance(handler, logging.handlers.RotatingFileHandler):
            if Path(handler.baseFilename) == path.absolute():
                return path
            root.removeHandler(handler)
            handler.close()
    handler = _PrivateRotatingFileHandler(path, maxBytes=1_000_000, backupCount=3, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    return path


def log_crash(folder: Path | None) -> Path:
    """Write the current exception's traceback to the log; returns where."""
    target = folder if folder is not None and folder.is_dir() else _fallback_folder()
    path = target / LOG_NAME
    try:
        if folder is None or target != folder:
            setup_logging(target)
        logging.getLogger("vision_desk").error("internal error\n%s", _traceback_without_values())
    except OSError:
        pass
    return path


def _fallback_folder() -> Path:
    """A folder of the officer's own under the temporary folder, for a crash before
    the data folder is known: the shared temporary folder itself is readable by
    other accounts, and a name there can be taken by them first."""
    try:
        owner = str(os.getuid()) if hasattr(os, "getuid") else getpass.getuser()
    except (OSError, KeyError):
        owner = "officer"
    folder = Path(tempfile.gettempdir()) / f"vision-desk-{owner}"
    try:
        folder.mkdir(mode=0o700, exist_ok=True)
        if os.name == "posix":
            status = folder.lstat()
            if not stat.S_ISDIR(status.st_mode) or status.st_uid != os.getuid():
                raise OSError("not our folder")
            folder.chmod(0o700)
    except OSError:
        return Path(tempfile.mkdtemp(prefix="vision-desk-"))
    return folder


def _traceback_without_values() -> str:
    """The traceback's frames and exception type, without the exception's message,
    which may quote what the officer typed."""
    import sys

    kind, _value, trace = sys.exc_info()
    frames = "".join(traceback.format_tb(trace))
    return f"{frames}{kind.__name__ if kind else 'Exception'}"
