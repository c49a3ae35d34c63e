"""The log: where bugs go, with their tracebacks, and never note text.

Note text reaches no log message because nothing logs it and SQLAlchemy's
``hide_parameters`` keeps statement parameters out of its errors.
"""

from __future__ import annotations

import logging
import logging.handlers
import tempfile
import traceback
from pathlib import Path

LOG_NAME = "vision-desk.log"


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
    handler = logging.handlers.RotatingFileHandler(
        path, maxBytes=1_000_000, backupCount=3, encoding="utf-8"
    )
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    return path


def log_crash(folder: Path | None) -> Path:
    """Write the current exception's traceback to the log; returns where."""
    target = folder if folder is not None and folder.is_dir() else Path(tempfile.gettempdir())
    path = target / LOG_NAME
    try:
        if folder is None:
            setup_logging(target)
        logging.getLogger("vision_desk").error("internal error\n%s", _traceback_without_values())
    except OSError:
        pass
    return path


def _traceback_without_values() -> str:
    """The traceback's frames and exception type, without the exception's message,
    which may quote what the officer typed."""
    import sys

    kind, _value, trace = sys.exc_info()
    frames = "".join(traceback.format_tb(trace))
    return f"{frames}{kind.__name__ if kind else 'Exception'}"
