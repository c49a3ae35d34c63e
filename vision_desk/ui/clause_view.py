"""The clause itself, first and legible: text, the document's words, deadline,
parties and provenance. Everything from data is escaped before it meets HTML."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QTextBrowser, QWidget

from vision_desk.domain.agreement import Agreement, ClauseKind
from vision_desk.domain.parties import party_name
from vision_desk.domain.review import BoardRow
from vision_desk.domain.rules import Flag
from vision_desk.ui.links import ref_links
from vision_desk.ui.style import alert_colour

KIND_NAMES = {
    ClauseKind.PRINCIPLE: "Standing principle",
    ClauseKind.COMMITMENT: "Commitment",
    ClauseKind.RELATED: "Related undertaking (outside the document)",
}


def clause_html(
    row: BoardRow, agreement: Agreement, muted: str = "#5f6368", alert: str = "#b3261e"
) -> str:
    clause = row.clause
    parts = [
        f"<h2 style='margin-bottom:2px'>{escape(clause.ref)} — {escape(clause.title)}</h2>",
        f"<p style='color:{muted}; margin-top:0'>"
        f"{KIND_NAMES[clause.kind]} · {escape(clause.strand)} · binds "
        f"{escape(', '.join(party_name(code) for code in clause.parties))}</p>",
    ]
    if clause.due is not None:
        parts.append(
            f"<p><b>Deadline:</b> {escape(clause.due.label)} {_deadline_detail(row, alert)}</p>"
        )
    parts.append(f"<p style='font-size:large; line-height:140%'>{_paragraphs(clause.text)}</p>")
    if clause.quotes:
        parts.append("<h4 style='margin-bottom:4px'>The document's words (verbatim)</h4>")
        for quote in clause.quotes:
            parts.append(
                "<table width='100%' cellpadding='8' style='margin-bottom:6px'><tr>"
                "<td width='4' style='background-color:#7a8ca3'></td>"
                f"<td style='background-color:rgba(122,140,163,40)'><i>“{escape(quote)}”</i></td>"
                "</tr></table>"
            )
    source = next((s for s in agreement.sources if s.id == clause.provenance.source), None)
    source_name = escape(source.title if source else clause.provenance.source)
    if source and source.publisher:
        source_name += f", {escape(source.publisher)}"
    if source and source.date:
        source_name += f", {source.date:%d %B %Y}"
    parts.append(
        f"<p style='color:{muted}'><b>Source:</b> {source_name}<br/>"
        f"<b>Where:</b> {escape(clause.provenance.locator)}</p>"
    )
    if clause.see_also:
        parts.append(f"<p><b>See also:</b> {ref_links(clause.see_also)}</p>")
    return "".join(parts)


def _deadline_detail(row: BoardRow, alert: str) -> str:
    due = row.clause.due
    assert due is not None
    if due.earliest == due.latest:
        span = f"{due.latest:%d %B %Y}"
    else:
        span = f"{due.earliest:%d %B %Y} – {due.latest:%d %B %Y}"
    left = row.days_left or 0
    if Flag.OVERDUE in row.flags:
        timing = f"<b style='color:{alert}'>{-left} days overdue</b>"
    elif left >= 0 and row.status.value not in ("completed", "overtaken"):
        timing = f"{left} days left"
    else:
        timing = f"closed ({row.status.label.lower()})"
    return f"({span}, {due.precision.value} precision) — {timing} as of {row.as_of:%d %B %Y}"


def _paragraphs(text: str) -> str:
    return "<br/>".join(escape(line) for line in text.split("\n"))


class ClauseView(QTextBrowser):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("clauseView")
        self.setAccessibleName("Clause text")
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        # References are links for the mouse; Tab still goes on to the review (the
        # keyboard reaches any clause with / or g, j, k).
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
            | Qt.TextInteractionFlag.LinksAccessibleByMouse
        )
        self.document().setDocumentMargin(18)
        self._html = ""

    def show_row(self, row: BoardRow | None, agreement: Agreement) -> None:
        if row is None:
            self._set_html("<p style='color:gray'>No clause matches the search and filters.</p>")
            return
        muted = self.palette().color(QPalette.ColorRole.PlaceholderText).name()
        self._set_html(clause_html(row, agreement, muted, alert_colour(self.palette()).name()))

    def _set_html(self, html: str) -> None:
        # A status key that leaves the clause's words as they were (most do) must
        # not lay the whole text out again, nor move the officer's scroll position.
        if html != self._html:
            self._html = html
            self.setHtml(html)
