"""The two small outputs a desk uses every week: the one-page pre-meeting brief,
made off the window's thread as the memo is (``worker_run``), and the calendar of
deadlines and reviews. Each asks where to save, remembering the last folder."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog

from vision_desk.domain.memo import DEFAULT_CLASSIFICATION
from vision_desk.domain.typed_dates import long_date
from vision_desk.services.memo_worker import NO_BRIEF, BriefRequest
from vision_desk.services.output_paths import check_output_path
from vision_desk.ui.window_state import settings_in
from vision_desk.ui.worker_run import run_worker

if TYPE_CHECKING:
    from vision_desk.ui.command_registry import DeskView


def _save_as(view: DeskView, what: str, key: str, name: str, kinds: str) -> Path | None:
    """Where to save, asked with the system's dialog in the folder used last time;
    the place checked as the command line checks ``--out`` (never over the store,
    a backup or a log). None: the officer cancelled."""
    settings = settings_in(view.data_paths)
    folder = Path(str(settings.value(f"{key}/folder", "") or Path.home()))
    chosen, _ = QFileDialog.getSaveFileName(view.widget(), what, str(folder / name), kinds)
    if not chosen:
        return None
    path = check_output_path(Path(chosen).expanduser(), view.data_paths)
    settings.setValue(f"{key}/folder", str(path.parent))
    settings.sync()
    return path


def export_brief(view: DeskView) -> None:
    """The brief of the live board as of the desk's review date, in the memo's
    classification (the one last chosen for it)."""
    session = view.session
    desk = session.require_desk()
    as_of = session.as_of
    path = _save_as(
        view,
        "Save the pre-meeting brief as",
        "brief",
        f"pre-meeting-brief-{as_of:%Y-%m-%d}.pdf",
        "PDF (*.pdf)",
    )
    if path is None:
        return
    settings = settings_in(view.data_paths)
    classification = str(settings.value("memo/memoClassification", "") or "").strip()
    request = BriefRequest(
        data_dir=str(view.data_paths.root) if view.data_paths.chosen else None,
        author=desk.author,
        out=str(path),
        as_of=as_of,
        agreement_id=session.agreement.id,
        server=desk.server,
        classification=classification or DEFAULT_CLASSIFICATION,
    )

    def written(result: object) -> None:
        view.show_message(f"Pre-meeting brief as of {long_date(as_of)} written to {path}.")

    run_worker(view, request.to_json(), "brief", "Pre-meeting brief", NO_BRIEF, written)


def export_calendar(view: DeskView) -> None:
    """Every deadline and every clause's next review as calendar events (RFC 5545):
    a few milliseconds of work, so done at once."""
    from vision_desk.services.calendar import write_calendar

    session = view.session
    desk = session.require_desk()
    path = _save_as(
        view,
        "Save the calendar as",
        "calendar",
        f"vision-desk-{dt.date.today():%Y-%m-%d}.ics",
        "Calendar (*.ics)",
    )
    if path is None:
        return
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        written, count = write_calendar(
            desk, session.as_of, path, view.data_paths, session.agreement.id
        )
    finally:
        QApplication.restoreOverrideCursor()
    view.show_message(f"{count} calendar event{'s' if count != 1 else ''} written to {written}.")
