"""What the review panel reads for a clause: its notes and its history, a page at
a time (``card_models.Page``), newest first."""

from __future__ import annotations

from typing import TYPE_CHECKING

from vision_desk.domain.review import BoardRow, Change, Note
from vision_desk.ui.card_models import Page
from vision_desk.ui.review_panel import HISTORY_PAGE, NOTES_PAGE

if TYPE_CHECKING:
    from vision_desk.services.desk_session import DeskSession


def notes_page(session: DeskSession, row: BoardRow) -> Page[Note]:
    desk, ref, agreement_id = session.require_desk(), row.clause.ref, session.agreement.id
    return Page(
        desk.notes_page(ref, 0, NOTES_PAGE, agreement_id),
        row.note_count,
        lambda skip: desk.notes_page(ref, skip, NOTES_PAGE, agreement_id),
    )


def history_page(session: DeskSession, ref: str) -> Page[Change]:
    desk, agreement_id = session.require_desk(), session.agreement.id
    first, total = desk.history_page(ref, 0, HISTORY_PAGE, agreement_id)
    return Page(
        first, total, lambda skip: desk.history_page(ref, skip, HISTORY_PAGE, agreement_id)[0]
    )
