"""The Highland Accord of docs/agreement-format.md (format 2), for the service
tests: read from the document, written to a file and imported into a desk."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from documented_examples import highland_text

from vision_desk.domain.agreement import Agreement
from vision_desk.domain.agreement_file import parse_agreement
from vision_desk.services import transfer
from vision_desk.services.desk import Desk

ID = "highland-accord"
SIGNED = dt.date(2020, 2, 29)
# The day the documented example's sentence speaks of: released on 1 June 2020,
# HA-5 is due on 1 July 2020 and overdue from 2 July.
RELEASED = dt.date(2020, 6, 1)


def highland_agreement() -> Agreement:
    """The example as the loader reads it: what the store must give back."""
    return parse_agreement(highland_text().encode("utf-8"), "highland.toml")


def import_highland(desk: Desk, folder: Path) -> Agreement:
    path = folder / "highland.toml"
    path.write_text(highland_text(), encoding="utf-8")
    return transfer.import_agreement(desk, path, backup=False)
