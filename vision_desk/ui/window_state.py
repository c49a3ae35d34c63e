"""What comes back at the next start: geometry, splitter, agreement, clause, filters.

Kept with Qt's settings in an INI file beside the data (``config/desk.ini``), not in
the registry, so that a data folder carries its own desk.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtWidgets import QMainWindow, QSplitter

from vision_desk.domain.agreement import ClauseKind
from vision_desk.domain.search import Filters
from vision_desk.domain.status import Status

if TYPE_CHECKING:
    from vision_desk.paths import DataPaths
    from vision_desk.services.desk_session import DeskSession
    from vision_desk.services.repaint import Repaint

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


def saved_review_date(data_paths: DataPaths) -> dt.date | None:
    """The review date the officer chose last time; None: the default (today, or an
    open round's date). Read before the first board, which is read at it."""
    value = str(settings_in(data_paths).value("desk/review_date", "") or "")
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None  # a damaged state file: the default


def restore_window_state(
    data_paths: DataPaths, window: QMainWindow, splitter: QSplitter, session: DeskSession
) -> Repaint:
    """Put the window back as it was; what the session must show for it."""
    settings = settings_in(data_paths)
    geometry = settings.value("window/geometry")
    if isinstance(geometry, QByteArray):
        window.restoreGeometry(geometry)
    state = settings.value("window/state")
    if isinstance(state, QByteArray):
        window.restoreState(state)
    saved_splitter = settings.value("window/splitter")
    if isinstance(saved_splitter, QByteArray):
        splitter.restoreState(saved_splitter)
    current = str(settings.value(f"desk/current/{session.agreement.id}", "") or "")
    filters = Filters(
        text=str(settings.value("filters/text", "") or ""),
        status=_status(settings.value("filters/status")),
        kind=_kind(settings.value("filters/kind")),
        strand=str(settings.value("filters/strand", "") or "") or None,
        party=str(settings.value("filters/party", "") or "") or None,
        overdue=_flag(settings.value("filters/overdue")),
        due_soon=_flag(settings.value("filters/due_soon")),
    )
    if current in session.rows:
        session.current_ref = current
    # Put back, not typed: the clause panes show at once.
    return replace(session.set_filters(filters), filters=True, typing=False)


def _status(value: object) -> Status | None:
    return Status(str(value)) if value and str(value) in Status._value2member_map_ else None


def _kind(value: object) -> ClauseKind | None:
    return ClauseKind(str(value)) if value and str(value) in ClauseKind._value2member_map_ else None


def _flag(value: object) -> bool:
    return value is True or str(value).lower() == "true"
