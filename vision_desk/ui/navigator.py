"""The clause navigator: a list grouped by kind and strand, one keystroke per move.

The model holds immutable ``BoardRow``s (never ORM rows). Group headers are rows
that cannot be selected or focused, so the arrow keys step over them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import (
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSize,
    QStringListModel,
    Qt,
)
from PySide6.QtGui import QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from vision_desk.domain.agreement import Agreement
from vision_desk.domain.board_list import BoardList, Entry, Header
from vision_desk.domain.deadlines import offset_text
from vision_desk.domain.party_status import describe_parts
from vision_desk.domain.review import BoardRow
from vision_desk.domain.rules import Flag
from vision_desk.domain.typed_dates import display_date
from vision_desk.ui.plain_text import shown_as_typed
from vision_desk.ui.row_fonts import RowFontCache, RowFonts
from vision_desk.ui.style import alert_colour, status_colours

ROW_ROLE = Qt.ItemDataRole.UserRole + 1
HEADER_ROLE = Qt.ItemDataRole.UserRole + 2
MARKER_ROLE = Qt.ItemDataRole.UserRole + 3  # the row's deadline, in words
PARTS_ROLE = Qt.ItemDataRole.UserRole + 4  # "per party", or which party is ahead
DISPUTE_ROLE = Qt.ItemDataRole.UserRole + 5  # "PK says completed": a party disputes ours

AnyIndex = QModelIndex | QPersistentModelIndex


def _label(entry: Entry) -> str:
    return entry.title if isinstance(entry, Header) else entry.clause.ref


class NavigatorModel(QStringListModel):
    """The list's entries. Built on ``QStringListModel`` (one string per entry, its
    reference or heading) for its C++ ``rowCount``: QListView's layout asks for the
    row count once per row (``index`` checks it), and a Python ``rowCount`` made
    every search keystroke pay 5,000 calls into Python."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._list = BoardList()
        self._entries: list[Entry] = self._list.entries
        # Names the events deadlines wait on ("waiting on the release of prisoners").
        self._agreement: Agreement | None = None
        # Which party is ahead of another on a clause, in a few words (the session's).
        self.apart: Callable[[str], str] = lambda _ref: ""
        # What a party's stated position disputes on a clause (the session's).
        self.disputed: Callable[[str], str] = lambda _ref: ""

    def show(self, board_list: BoardList, agreement: Agreement | None = None) -> None:
        """Show the session's list (one reset: the view lays out once)."""
        # Before the reset that ``setStringList`` makes: views asking during it see
        # the new entries.
        self._list, self._entries = board_list, board_list.entries
        self._agreement = agreement
        if board_list.grouped:
            self.setStringList([_label(entry) for entry in board_list.entries])
        else:  # rows only: no headers to step over
            self.setStringList(board_list.refs())

    def row_changed(self, ref: str) -> None:
        """A clause the session changed in place: repainted without a reset (the
        keystroke path)."""
        position = self._list.position_of(ref)
        if position is not None:
            index = self.index(position)
            self.dataChanged.emit(index, index)

    # -- reading ------------------------------------------------------------------

    def row_at(self, position: int) -> BoardRow | None:
        return self._list.row_at(position)

    def position_of(self, ref: str | None) -> int | None:
        return self._list.position_of(ref)

    def clause_positions(self) -> list[int]:
        return self._list.clause_positions

    def rows(self) -> list[BoardRow]:
        return self._list.rows()

    # -- Qt's model interface -----------------------------------------------------

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if isinstance(self._entries[index.row()], Header):
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._entries):
            return None
        entry = self._entries[index.row()]
        if isinstance(entry, Header):
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
                return entry.title
            return entry.title if role == HEADER_ROLE else None
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{entry.clause.ref}  {entry.clause.title}"
        if role == ROW_ROLE:
            return entry
        if role == MARKER_ROLE:
            return deadline_marker(entry, self._agreement)
        if role == PARTS_ROLE:
            return (self.apart(entry.clause.ref) or "per party") if entry.state.parts else ""
        if role == DISPUTE_ROLE:
            return self.disputed(entry.clause.ref)
        if role in (Qt.ItemDataRole.AccessibleTextRole, Qt.ItemDataRole.ToolTipRole):
            ref = entry.clause.ref
            disputed = self.disputed(ref)
            said = "; ".join(filter(None, (self.apart(ref), disputed and f"disputed: {disputed}")))
            text = describe(entry, self._agreement, said)
            # Titles, numbering and event names come from a file: shown, never markup.
            return text if role == Qt.ItemDataRole.AccessibleTextRole else shown_as_typed(text)
        return None


def describe(row: BoardRow, agreement: Agreement | None = None, apart: str = "") -> str:
    """The row in words, for screen readers and tooltips; ``apart``: which party is
    ahead of another on it."""
    parts = [row.clause.ref, row.clause.title, f"status {row.status.label}"]
    if row.state.parts and agreement is not None:
        parts.append(f"from its parts ({describe_parts(agreement, row.state.parts)})")
    if apart:
        parts.append(apart)
    if row.clause.numbering:
        parts.append(f"{row.clause.numbering} in the document")
    marker = deadline_marker(row, agreement)
    if marker:
        parts.append(marker)
    if row.carried_over:
        parts.append("carried over, not yet assessed in this round")
    if row.note_count:
        parts.append(f"{row.note_count} note{'s' if row.note_count != 1 else ''}")
    return ", ".join(parts)


def deadline_marker(row: BoardRow, agreement: Agreement | None = None) -> str:
    """Overdue, due soon or the date due. A deadline counted from an event adds its
    rule ("· 135 days after signature"), or waits on the event: never overdue then.
    Worked out for the rows painted only, never for the whole list."""
    relative = row.clause.relative_due
    event = agreement.event(relative.anchor) if agreement and relative else None
    due = row.due
    if due is None:
        if relative is None:
            return ""
        return f"waiting on {event.label if event else relative.anchor}"
    left = row.days_left or 0
    if Flag.OVERDUE in row.flags:
        marker = f"overdue {-left} d"
    elif Flag.DUE_SOON in row.flags:
        marker = f"due in {left} d"
    else:
        marker = f"due {display_date(due.latest)}"
    if relative is None:
        return marker
    anchor = event.label if event else relative.anchor
    return f"{marker} · {offset_text(relative.amount, relative.unit)} after {anchor}"


class ClauseDelegate(QStyledItemDelegate):
    """Two calm lines per clause: reference and title; status badge and deadline."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._fonts = RowFontCache()

    def sizeHint(self, option: QStyleOptionViewItem, index: AnyIndex) -> QSize:  # noqa: N802
        # One height for headers and clauses: uniform rows lay out 5,000 clauses
        # without measuring each.
        metrics = QFontMetrics(option.font)
        return QSize(200, int(metrics.height() * 2.7))

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        palette: QPalette = option.palette
        rect: QRect = option.rect
        fonts = self._fonts.fonts_for(option.font)
        metrics = fonts.plain_metrics
        painter.save()
        header = index.data(HEADER_ROLE)
        if header:
            painter.setFont(fonts.heading)
            painter.setPen(palette.color(QPalette.ColorRole.PlaceholderText))
            text_rect = rect.adjusted(8, 0, -8, -3)
            painter.drawText(
                text_rect,
                Qt.AlignmentFlag.AlignBottom | Qt.AlignmentFlag.AlignLeft,
                str(header).upper(),
            )
            painter.restore()
            return
        row: BoardRow = index.data(ROW_ROLE)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        if selected:
            painter.fillRect(rect, palette.color(QPalette.ColorRole.Highlight))
        text_colour = palette.color(
            QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        )
        line = metrics.height()
        top = rect.top() + int(line * 0.3)
        left = rect.left() + 8
        width = rect.width() - 16
        # First line: the reference, bold, then the title.
        painter.setFont(fonts.bold)
        painter.setPen(text_colour)
        ref_width = fonts.bold_metrics.horizontalAdvance(row.clause.ref + "  ")
        painter.drawText(
            QRect(left, top, ref_width, line), Qt.AlignmentFlag.AlignLeft, row.clause.ref
        )
        painter.setFont(fonts.plain)
        title = metrics.elidedText(row.clause.title, Qt.TextElideMode.ElideRight, width - ref_width)
        painter.drawText(
            QRect(left + ref_width, top, width - ref_width, line), Qt.AlignmentFlag.AlignLeft, title
        )
        # Second line: the status badge, then the deadline or the overdue marker.
        small_metrics = fonts.small_metrics
        painter.setFont(fonts.small)
        badge_text = row.status.label
        badge_width = small_metrics.horizontalAdvance(badge_text) + 12
        badge = QRect(left, top + line + 2, badge_width, small_metrics.height() + 2)
        fill, _ink = status_colours(row.status, palette)
        ink = text_colour  # on a highlighted row the badge follows the highlight's text
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(ink)
        painter.setBrush(fill)
        painter.drawRoundedRect(badge, 4, 4)
        painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, badge_text)
        alert = alert_colour(palette) if not selected else text_colour
        # Assessed per party: which party is ahead; disputed: what the party says.
        # Both before the deadline.
        for role, pen in ((PARTS_ROLE, ink), (DISPUTE_ROLE, alert)):
            split = str(index.data(role) or "")
            if not split:
                continue
            split += " ·"
            split_width = small_metrics.horizontalAdvance(split) + 6
            painter.setPen(pen)
            painter.drawText(
                QRect(badge.right() + 10, badge.top(), split_width, badge.height()),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                split,
            )
            badge_width += split_width
            badge = badge.adjusted(0, 0, split_width, 0)
        marker = str(index.data(MARKER_ROLE) or "")
        if row.carried_over:
            marker = f"carried over · {marker}" if marker else "carried over"
        if row.note_count:
            marker = f"{marker}  ✎ {row.note_count}" if marker else f"✎ {row.note_count}"
        room = QRect(badge.right() + 10, badge.top(), width - badge_width - 10, badge.height())
        overdue = Flag.OVERDUE in row.flags
        marker_metrics = fonts.small_bold_metrics if overdue else small_metrics
        marker_width = marker_metrics.horizontalAdvance(marker) if marker else 0
        if row.clause.numbering:
            numbering = row.clause.numbering
            _draw_numbering(painter, fonts, palette, numbering, room, marker_width, selected)
        if marker:
            painter.setPen(alert_colour(palette) if overdue and not selected else text_colour)
            if overdue:
                painter.setFont(fonts.small_bold)
            painter.drawText(
                room,
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                marker_metrics.elidedText(marker, Qt.TextElideMode.ElideRight, room.width()),
            )
        painter.restore()


# Room kept between the deadline and the document's numbering at the row's end.
NUMBERING_GAP = 16


def _draw_numbering(
    painter: QPainter,
    fonts: RowFonts,
    palette: QPalette,
    numbering: str,
    room: QRect,
    used: int,
    selected: bool,
) -> None:
    """The document's own numbering ("Part One, A, 1"), muted, at the end of the
    second line, only where it fits beside the deadline: the deadline matters more,
    and the clause pane always shows the numbering."""
    width = fonts.small_metrics.horizontalAdvance(numbering)
    if used + NUMBERING_GAP + width > room.width():
        return
    role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.PlaceholderText
    painter.setFont(fonts.small)
    painter.setPen(palette.color(role))
    painter.drawText(room, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, numbering)


class NavigatorView(QListView):
    """The list of clauses. Rows are uniform, so a changed row never moves another:
    it is repainted, not laid out again (QListView would re-lay out all 5,000 rows
    for one status key)."""

    def dataChanged(  # noqa: N802
        self, top_left: AnyIndex, bottom_right: AnyIndex, roles: Sequence[int] = ()
    ) -> None:
        for row in range(top_left.row(), bottom_right.row() + 1):
            self.update(self.model().index(row, 0))

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("navigator")
        self.setAccessibleName("Clauses")
        self.setAccessibleDescription(
            "The agreement's clauses; j and k move, digits set the status"
        )
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setItemDelegate(ClauseDelegate(self))
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setUniformItemSizes(True)
        self.setMinimumWidth(260)
