"""The clause's evidence, under its text: the confidence its assessment has, what
the parties say of their standing, and the items behind it (``evidence_list``).

Read for the clause shown, in one go (``session_evidence.clause_evidence``, which
keeps what it read until something is recorded); the words above the items are
worked out whenever the clause's panes are shown.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QHideEvent, QPalette
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from vision_desk.errors import UserError
from vision_desk.services import timing
from vision_desk.ui.evidence_list import EVIDENCE_ID_ROLE, EvidenceList, EvidenceModel
from vision_desk.ui.style import alert_colour

if TYPE_CHECKING:
    from vision_desk.domain.review import BoardRow
    from vision_desk.services.desk_session import DeskSession
    from vision_desk.services.session_evidence import ClauseEvidence, PositionLine

RULE = (
    "The rule: high with two strong items (source A or B, information 1 or 2) from "
    "different sources, or one strong item confirmed by others (1); medium with at "
    "least one fair item (A to C, 1 to 3); low otherwise, and with no evidence."
)
READING = "Reading the store…"
# The neighbours' evidence is read once the officer has stayed this long on a clause
# (reading it): ``j`` or ``k`` then shows theirs at once. Never while keys come fast.
READ_AHEAD_MS = 150


def count_text(count: int) -> str:
    return "no items" if not count else "1 item" if count == 1 else f"{count:,} items"


class EvidencePane(QWidget):
    def __init__(
        self, keys: Callable[[str], str] = lambda _id: "", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("evidencePane")
        self.setAccessibleName("Evidence")
        # A command's keys as the officer reads them (their own bindings), for the
        # empty pane's hint.
        self.keys = keys
        self.shown: ClauseEvidence | None = None
        self._ahead = QTimer(self)
        self._ahead.setSingleShot(True)
        self._ahead.setInterval(READ_AHEAD_MS)
        self._ahead.timeout.connect(self._read_ahead)
        self._ahead_read: Callable[[], object] | None = None
        heading = QLabel("<b>Evidence</b>")
        heading.setObjectName("evidenceHeading")
        self.count = QLabel()
        self.count.setObjectName("evidenceCount")
        self.count.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.confidence = QLabel()
        self.confidence.setObjectName("evidenceConfidence")
        self.confidence.setTextFormat(Qt.TextFormat.PlainText)  # a reason, as typed
        self.confidence.setWordWrap(True)
        self.confidence.setToolTip(RULE)
        self.positions = QLabel()
        self.positions.setObjectName("statedPositions")
        self.positions.setAccessibleName("Stated positions")
        self.positions.setTextFormat(Qt.TextFormat.RichText)
        self.positions.setWordWrap(True)
        self.positions.hide()
        self.model = EvidenceModel(self)
        self.list = EvidenceList()
        self.list.setModel(self.model)
        self.list.empty_text = READING
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(heading)
        top.addWidget(self.count)
        top.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 8, 18, 8)
        layout.setSpacing(4)
        layout.addLayout(top)
        layout.addWidget(self.confidence)
        layout.addWidget(self.positions)
        layout.addWidget(self.list, 1)

    def show_evidence(
        self, evidence: ClauseEvidence | None, positions: list[PositionLine], ref: str | None
    ) -> None:
        """Show a clause's evidence; None: not read yet (the store is opening), or no
        clause at all (``ref`` None)."""
        if evidence is not self.shown:
            self.shown = evidence
            self.model.set_items(evidence.items if evidence is not None else ())
            self.list.scrollToTop()
        if evidence is None:
            self.count.setText("")
            self.confidence.setText(READING if ref is not None else "")
            self.list.empty_text = READING if ref is not None else ""
        else:
            from vision_desk.services.session_evidence import confidence_text

            self.count.setText(f"· {count_text(len(evidence.items))}")
            self.confidence.setText(confidence_text(evidence.confidence) + ".")
            self.list.empty_text = self._empty_text(ref)
        self._show_positions(positions)
        self.list.viewport().update()

    def _empty_text(self, ref: str | None) -> str:
        attach, cite = self.keys("evidence.attach"), self.keys("evidence.cite")
        hints = [f"{attach}: attach an item" if attach else "", f"{cite}: cite one" if cite else ""]
        said = "; ".join(hint for hint in hints if hint)
        return f"No evidence cited for {ref} yet." + (f" {said}." if said else "")

    def _show_positions(self, positions: list[PositionLine]) -> None:
        if not positions:
            self.positions.hide()
            self.positions.clear()
            return
        alert = alert_colour(self.palette()).name()
        lines = [
            f"{escape(line.said)} — "
            + (f"<b style='color:{alert}'>disputed</b>" if line.disputed else escape(line.verdict))
            + f"{escape(line.why)}."
            for line in positions
        ]
        self.positions.setText("<br/>".join(lines))
        self.positions.setAccessibleDescription(" ".join(line.text for line in positions))
        self.positions.show()

    def read_ahead(self, read: Callable[[], object]) -> None:
        """Run ``read`` once the officer has stayed on the clause a moment."""
        self._ahead_read = read
        self._ahead.start()

    def _read_ahead(self) -> None:
        read, self._ahead_read = self._ahead_read, None
        if read is None or not self.isVisible():
            return
        try:
            with timing.step("evidence ahead"):
                read()
        except UserError:
            pass  # a server away, say: the clause's own show will say so when it comes

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802
        self._ahead.stop()  # the window closing: its store may close next
        super().hideEvent(event)

    def selected_evidence_id(self) -> int | None:
        index = self.list.currentIndex()
        return int(index.data(EVIDENCE_ID_ROLE)) if index.isValid() else None

    def focus_list(self) -> None:
        """The keyboard to the items, on the first one if none is chosen yet."""
        if not self.list.currentIndex().isValid() and self.model.rowCount():
            self.list.setCurrentIndex(self.model.index(0))
        self.list.setFocus(Qt.FocusReason.ShortcutFocusReason)


def show_evidence(pane: EvidencePane, session: DeskSession, row: BoardRow | None) -> None:
    """Show the evidence of ``row`` (the current clause) in ``pane``: the items as the
    session has them (read once, until something is recorded), the words above them
    afresh (a status key may have put the clause in or out of dispute)."""
    if row is None or not session.live:
        # No clause; or the first board, whose evidence comes with the store.
        pane.show_evidence(None, [], row.clause.ref if row else None)
        return
    from vision_desk.services.session_evidence import clause_evidence, position_lines

    ref = row.clause.ref
    pane.show_evidence(clause_evidence(session, ref), position_lines(session, ref), ref)
    neighbours = {session.list.step_from(ref, step) for step in (1, -1)} - {ref, None}

    def ahead() -> None:
        for other in neighbours:
            if session.live and other in session.rows:
                clause_evidence(session, str(other))

    pane.read_ahead(ahead)
