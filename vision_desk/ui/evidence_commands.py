"""Evidence at the desk (docs/evidence.md): attach an item to the clause, go to its
evidence, open an item's file with the system's viewer, cite an item already
recorded, set the assessment's confidence, record a party's stated position, show
only the disputed clauses; and the weekly outputs, the pre-meeting brief and the
calendar. They, and the evidence's own modules, load at first use (the evidence's
with the store, off the window's thread: ``session_reads.read_live``)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from vision_desk.errors import UserError
from vision_desk.ui.command_registry import Command, Need, Place

if TYPE_CHECKING:
    from vision_desk.domain.review import BoardRow
    from vision_desk.services.desk_session import DeskSession
    from vision_desk.ui.command_registry import DeskView

EVIDENCE, MOVE, FIND, REVIEW = "Evidence", "Move", "Find", "Review"
STORE = Need.STORE


def _clause(session: DeskSession) -> BoardRow:
    """The current clause, for a change: refused on a past board or with none."""
    session.writer()
    row = session.current_row()
    if row is None:
        raise UserError("Choose a clause first.")
    return row


def attach(view: DeskView) -> None:
    from vision_desk.services import session_evidence as evidence
    from vision_desk.services.evidence import NewItem
    from vision_desk.ui.evidence_dialogs import AttachDialog

    session = view.session
    row = _clause(session)
    dialog = AttachDialog(
        row.clause,
        session.today,
        lambda *fields: evidence.check_item(session, *fields),
        view.widget(),
    )

    def submit() -> None:
        kind, title, source, date, grade, locator, more, file = dialog.chosen()
        new = NewItem(kind, title, source, date, grade, locator)
        repaint = evidence.attach(session, new, evidence.split_refs(more), _file(file))
        view.refresh(repaint)

    dialog.submit = submit
    dialog.exec()


def _file(text: str) -> Path | None:
    return Path(text).expanduser() if text else None


def open_file(view: DeskView) -> None:
    """The chosen item's file, checked against its SHA-256 and copied read-only to a
    private folder, handed to the system's viewer: never the stored bytes, and a
    file changed in the store is reported, never opened."""
    from PySide6.QtCore import QUrl
    from PySide6.QtGui import QDesktopServices

    from vision_desk.services import session_evidence as evidence

    evidence_id = view.selected_evidence_id()
    if evidence_id is None:
        keys = view.keymap.display("focus.evidence") or "the palette"
        raise UserError(f"Choose an item of evidence first: {keys} goes to the clause's evidence.")
    copy = evidence.viewer_copy(view.session, evidence_id, view.data_paths.viewer_copies)
    if QDesktopServices.openUrl(QUrl.fromLocalFile(str(copy))):
        view.show_message(f"Opened a checked copy of {copy.name} (evidence {evidence_id}).")
    else:
        view.show_message(f"No program here opens {copy.name}; a checked copy is at {copy}.")


def cite(view: DeskView) -> None:
    from vision_desk.services import session_evidence as evidence
    from vision_desk.ui.evidence_forms import CiteDialog

    session = view.session
    row = _clause(session)
    items = evidence.citable(session)
    if not items:
        keys = view.keymap.display("evidence.attach") or "the palette"
        raise UserError(
            f"No other item of evidence is recorded for this agreement; {keys} attaches one."
        )
    dialog = CiteDialog(row.clause.ref, items, view.widget())

    def submit() -> None:
        chosen = dialog.chosen_id()
        if chosen is not None:
            view.refresh(evidence.cite(session, chosen))

    dialog.submit = submit
    dialog.exec()


def override_confidence(view: DeskView) -> None:
    from vision_desk.services import session_evidence as evidence
    from vision_desk.ui.evidence_forms import ConfidenceDialog

    session = view.session
    row = _clause(session)
    now = evidence.read_clause_evidence(session, row.clause.ref).confidence
    dialog = ConfidenceDialog(row.clause.ref, now, view.widget())
    dialog.submit = lambda: view.refresh(evidence.override_confidence(session, *dialog.chosen()))
    dialog.exec()


def record_position(view: DeskView) -> None:
    from vision_desk.services import session_evidence as evidence
    from vision_desk.ui.evidence_forms import PositionDialog

    session = view.session
    row = _clause(session)
    dialog = PositionDialog(row.clause, session.agreement, session.today, view.widget())
    dialog.submit = lambda: view.refresh(evidence.record_position(session, *dialog.chosen()))
    dialog.exec()


def _export_brief(view: DeskView) -> None:
    from vision_desk.ui.brief_export import export_brief

    export_brief(view)


def _export_calendar(view: DeskView) -> None:
    from vision_desk.ui.brief_export import export_calendar

    export_calendar(view)


COMMANDS: tuple[Command, ...] = (
    Command("evidence.attach", "Attach evidence to the clause", ("v",), EVIDENCE, attach, STORE),
    Command(
        "evidence.cite",
        "Cite evidence already recorded for the clause",
        ("Shift+V",),
        EVIDENCE,
        cite,
        STORE,
    ),
    Command(
        "evidence.open",
        "Open the chosen evidence's file with the system's viewer",
        ("Ctrl+O",),
        EVIDENCE,
        open_file,
        STORE,
    ),
    Command(
        "confidence.set",
        "Set the assessment's confidence, or back to the rule's",
        ("c",),
        EVIDENCE,
        override_confidence,
        STORE,
    ),
    Command(
        "position.record",
        "Record a party's stated position",
        ("s",),
        EVIDENCE,
        record_position,
        STORE,
    ),
    Command(
        "focus.evidence",
        "Go to the clause's evidence",
        ("Ctrl+4",),
        MOVE,
        lambda view: view.focus(Place.EVIDENCE),
    ),
    Command(
        "filter.disputed",
        "Show only disputed clauses (toggle)",
        ("Shift+I",),
        FIND,
        lambda view: view.refresh(view.session.toggle("disputed")),
    ),
    Command(
        "brief.export",
        "Export the pre-meeting brief (PDF)",
        ("Ctrl+B",),
        REVIEW,
        _export_brief,
        STORE,
    ),
    Command(
        "calendar.export",
        "Export deadlines and reviews as a calendar (.ics)",
        ("Ctrl+Shift+C",),
        REVIEW,
        _export_calendar,
        STORE,
    ),
)
