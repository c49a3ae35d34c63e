"""The clause itself, first and legible: text, the document's words, deadline,
parties and provenance; on request, its texts in every language side by side
(``clause_texts``). Everything from data is escaped before it meets HTML."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette, QTextBlock, QTextCursor
from PySide6.QtWidgets import QTextBrowser, QWidget

from vision_desk.domain.agreement import Agreement, ClauseKind
from vision_desk.domain.deadlines import resolve_clause
from vision_desk.domain.review import BoardRow
from vision_desk.domain.rules import Flag
from vision_desk.domain.status import Status
from vision_desk.domain.typed_dates import long_date
from vision_desk.ui.clause_texts import side_by_side_html, working_text_html
from vision_desk.ui.links import ref_links
from vision_desk.ui.party_parts import parts_html
from vision_desk.ui.style import alert_colour, status_colours


def _tint(status: Status, palette: QPalette) -> str:
    """A status badge's fill as rich text writes a colour."""
    fill, _ink = status_colours(status, palette)
    return f"rgba({fill.red()},{fill.green()},{fill.blue()},{fill.alpha()})"


KIND_NAMES = {
    ClauseKind.PRINCIPLE: "Standing principle",
    ClauseKind.COMMITMENT: "Commitment",
    ClauseKind.RELATED: "Related undertaking (outside the document)",
}


def clause_html(
    row: BoardRow,
    agreement: Agreement,
    muted: str = "#5f6368",
    alert: str = "#b3261e",
    languages: bool = False,
    languages_key: str = "",
    per_party: str = "",
) -> str:
    """The clause as the pane shows it: with ``languages``, its texts side by side;
    otherwise the working text (``languages_key`` is the key that shows them).
    ``per_party``: its assessment per party, if it has one (``party_parts``)."""
    clause = row.clause
    # The document's own numbering beside the project's reference, when it has one.
    numbering = f"{escape(clause.numbering)} in the document · " if clause.numbering else ""
    parts = [
        f"<h2 style='margin-bottom:2px'>{escape(clause.ref)} — {escape(clause.title)}</h2>",
        f"<p style='color:{muted}; margin-top:0'>{numbering}"
        f"{KIND_NAMES[clause.kind]} · {escape(clause.strand)} · binds "
        f"{escape(', '.join(agreement.party_name(code) for code in clause.parties))}</p>",
        _deadline_html(row, agreement, muted, alert),
        per_party,
    ]
    if languages:
        parts.append(side_by_side_html(clause, muted))
    else:
        parts.append(working_text_html(clause, muted, languages_key))
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
        source_name += f", {long_date(source.date)}"
    parts.append(
        f"<p style='color:{muted}'><b>Source:</b> {source_name}<br/>"
        f"<b>Where:</b> {escape(clause.provenance.locator)}</p>"
    )
    if clause.see_also:
        parts.append(f"<p><b>See also:</b> {ref_links(clause.see_also)}</p>")
    return "".join(parts)


# Where the deadline's paragraph starts: a status key that changes only where the
# deadline stands ("12 days left" to "closed") rewrites that paragraph alone.
DEADLINE_ANCHOR = "vd-deadline"
DEADLINE_MARK = f"<a name='{DEADLINE_ANCHOR}'></a>"
_DEADLINE_START = f"<p>{DEADLINE_MARK}"


def _without_deadline(html: str) -> tuple[str, str] | None:
    """``html`` with its deadline paragraph taken out, and that paragraph's inside;
    None when it has none."""
    start = html.find(_DEADLINE_START)
    if start < 0:
        return None
    end = html.index("</p>", start)
    return html[:start] + html[end + 4 :], html[start + 3 : end]


def _deadline_html(row: BoardRow, agreement: Agreement, muted: str, alert: str) -> str:
    """The deadline as worded and where it stands. One counted from an event shows
    the rule beside the date it gives, or waits on the event: never overdue then."""
    clause = row.clause
    due = clause.due
    if due is not None:
        if due.earliest == due.latest:
            span = f"{long_date(due.latest)}"
        else:
            span = f"{long_date(due.earliest)} – {long_date(due.latest)}"
        detail = f"({span}, {due.precision.value} precision) — {_timing(row, alert)}"
        return f"<p>{DEADLINE_MARK}<b>Deadline:</b> {escape(due.label)} {detail}</p>"
    resolved = resolve_clause(agreement, clause, row.event_dates, row.as_of)
    if resolved is None:
        return ""
    label = escape(resolved.relative.label)
    if resolved.waiting:
        return (
            f"<p>{DEADLINE_MARK}<b>Deadline:</b> {label} — <b>{escape(resolved.text)}</b><br/>"
            f"<span style='color:{muted}'>Its clock starts once "
            f"{escape(resolved.anchor_label)} is dated; until then it is never overdue.</span></p>"
        )
    return (
        f"<p>{DEADLINE_MARK}<b>Deadline:</b> {label} — {_timing(row, alert)}<br/>"
        f"<span style='color:{muted}'>{escape(resolved.text)}</span></p>"
    )


def _timing(row: BoardRow, alert: str) -> str:
    left = row.days_left or 0
    if Flag.OVERDUE in row.flags:
        timing = f"<b style='color:{alert}'>{-left} days overdue</b>"
    elif left >= 0 and row.status.value not in ("completed", "overtaken"):
        timing = f"{left} days left"
    else:
        timing = f"closed ({row.status.label.lower()})"
    return f"{timing} as of {long_date(row.as_of)}"


class ClauseView(QTextBrowser):
    def __init__(self, languages_key: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # Texts in every language side by side (the officer's toggle), or the
        # working text; and the key that toggles it, which the pane names.
        self.languages = False
        self.languages_key = languages_key
        self._shown: tuple[BoardRow, Agreement, str] | None = None
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
        # Read-only: the deadline's paragraph rewritten in place keeps no undo.
        self.document().setUndoRedoEnabled(False)
        self._html = ""

    def show_row(self, row: BoardRow | None, agreement: Agreement, gaps: str = "") -> None:
        """Show ``row``; ``gaps``: which party is ahead of another on it, in words."""
        self._shown = None if row is None else (row, agreement, gaps)
        if row is None:
            self._set_html("<p style='color:gray'>No clause matches the search and filters.</p>")
            return
        palette = self.palette()
        muted = palette.color(QPalette.ColorRole.PlaceholderText).name()
        alert = alert_colour(palette).name()
        parts = parts_html(row, agreement, gaps, muted, lambda status: _tint(status, palette))
        self._set_html(
            clause_html(row, agreement, muted, alert, self.languages, self.languages_key, parts)
        )

    def toggle_languages(self) -> bool:
        """Between the working text and every text side by side; the clause shown is
        shown again the new way. Returns whether the texts are side by side now."""
        self.languages = not self.languages
        if self._shown is not None:
            self.show_row(*self._shown)
        return self.languages

    def _set_html(self, html: str) -> None:
        # A status key that leaves the clause's words as they were (most do) must
        # not lay the whole text out again, nor move the officer's scroll position;
        # one that moves only its deadline ("closed" again "12 days left") has that
        # one paragraph laid out again, not the whole clause.
        if html == self._html:
            return
        before, after = _without_deadline(self._html), _without_deadline(html)
        self._html = html
        if before is None or after is None or before[0] != after[0]:
            self.setHtml(html)
            return
        block = self._deadline_block()
        if block is None:
            self.setHtml(html)
            return
        cursor = QTextCursor(block)
        cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock, QTextCursor.MoveMode.KeepAnchor)
        cursor.insertHtml(after[1])

    def _deadline_block(self) -> QTextBlock | None:
        block = self.document().begin()
        while block.isValid():
            fragments = block.begin()
            if not fragments.atEnd():
                names = fragments.fragment().charFormat().anchorNames()
                if DEADLINE_ANCHOR in names:
                    return block
            block = block.next()
        return None
