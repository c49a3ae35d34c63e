"""What comes back at the next start: geometry, splitter, agreement, clause, filters.

Kept with Qt's settings in an INI file beside the data (``config/desk.ini``), not in
the registry, so that a data folder carries its own desk.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtWidgets import QMainWindow, QSplitter

from vision_desk.domain.agreement import ClauseKind
from vision_desk.domain.search import Filters
from vision_desk.domain.status import Status

if TYPE_CHECKING:
    from vision_desk.paths import DataPaths
    from vision_desk.services.desk_session import DeskSession

STATE_FILE = "desk.ini"


def settings_in(data_paths: DataPaths) -> QSettings:
    return QSettings(str(data_paths.config / STATE_FILE), QSettings.Format.IniFormat)


def save_window_state(
    data_paths: DataPaths, window: QMainWindow, splitter: QSplitter, session: DeskSession
) -> None:
    settings = settings_in(data_paths)
    settings.setValue("window/geometry", window.saveGeometry())
    settings.setValue("window/state", window.saveState())
    settings.setValue("window/splitter", splitter.saveState())
    clause = window.findChild(QSplitter, "clauseSplitter")  # the text above its evidence
    if clause is not None:
        settings.setValue("window/clause_splitter", clause.saveState())
    settings.setValue(f"desk/current/{session.agreement.id}", session.current_ref or "")
    filters = session.filters
    settings.setValue("filters/text", filters.text)
    settings.setValue("filters/status", filters.status.value if filters.status else "")
    settings.setValue("filters/kind", filters.kind.value if filters.kind else "")
    settings.setValue("filters/strand", filters.strand or "")
    settings.setValue("filters/party", filters.party or "")
    settings.setValue("filters/overdue", filters.overdue)
    settings.setValue("filters/due_soon", filters.due_soon)
    chosen = session.chosen_date
    settings.setValue("desk/review_date", chosen.isoformat() if chosen else "")
    settings.sync()


@dataclass(frozen=True)
class SavedDesk:
    """What the last desk left behind, read once at start, before the first board
    (which is read at the chosen review date, with the filters already in place)."""

    settings: QSettings
    review_date: dt.date | None  # None: the default (today, or an open round's date)
    filters: Filters

    def current_clause(self, agreement_id: str) -> str | None:
        """The clause the officer was on in this agreement, if any."""
        return str(self.settings.value(f"desk/current/{agreement_id}", "") or "") or None


def read_saved_desk(data_paths: DataPaths) -> SavedDesk:
    settings = settings_in(data_paths)
    value = str(settings.value("desk/review_date", "") or "")
    try:
        review_date = dt.date.fromisoformat(value) if value else None
    except ValueError:
        review_date = None  # a damaged state file: the default
    filters = Filters(
        text=str(settings.value("filters/text", "") or ""),
        status=_status(settings.value("filters/status")),
        kind=_kind(settings.value("filters/kind")),
        strand=str(settings.value("filters/strand", "") or "") or None,
        party=str(settings.value("filters/party", "") or "") or None,
        overdue=_flag(settings.value("filters/overdue")),
        due_soon=_flag(settings.value("filters/due_soon")),
    )
    return SavedDesk(settings, review_date, filters)


def restore_window_state(saved: SavedDesk, window: QMainWindow, splitter: QSplitter) -> None:
    """Put the window's size, layout and column widths back as they were."""
    geometry = saved.settings.value("window/geometry")
    if isinstance(geometry, QByteArray):
        window.restoreGeometry(geometry)
    state = saved.settings.value("window/state")
    if isinstance(state, QByteArray):
        window.restoreState(state)
    columns = saved.settings.value("window/splitter")
    if isinstance(columns, QByteArray):
        splitter.restoreState(columns)
    rows = saved.settings.value("window/clause_splitter")
    clause = window.findChild(QSplitter, "clauseSplitter")
    if isinstance(rows, QByteArray) and clause is not None:
        clause.restoreState(rows)


def _status(value: object) -> Status | None:
    return Status(str(value)) if value and str(value) in Status._value2member_map_ else None


def _kind(value: object) -> ClauseKind | None:
    return ClauseKind(str(value)) if value and str(value) in ClauseKind._value2member_map_ else None


def _flag(value: object) -> bool:
    return value is True or str(value).lower() == "true"
