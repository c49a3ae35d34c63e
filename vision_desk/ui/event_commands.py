"""The command that records when an event happened (its dialog in event_dialog)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from vision_desk.errors import UserError
from vision_desk.services import session_changes as changes
from vision_desk.ui.command_registry import Command, Need

if TYPE_CHECKING:
    from vision_desk.ui.command_registry import DeskView


def record_event(view: DeskView) -> None:
    session = view.session
    session.writer()
    standings = changes.event_standings(session)
    if not any(not standing.is_signature for standing in standings):
        raise UserError(
            f"{session.agreement.display_title} counts no deadline from an event other "
            "than its signature, whose date is the agreement's own."
        )
    from vision_desk.ui.event_dialog import RecordEventDialog  # at first use

    dialog = RecordEventDialog(standings, session.today, view.widget())
    if not dialog.exec():
        return
    event_id, date, note, version = dialog.values()
    view.refresh(changes.record_event(session, event_id, date, note, version))


COMMANDS: tuple[Command, ...] = (
    Command(
        "event.record",
        "Record when an event happened (deadlines counted from it follow)",
        ("Ctrl+Shift+T",),
        "Review",
        record_event,
        Need.STORE,
    ),
)
