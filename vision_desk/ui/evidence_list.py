"""A clause's evidence as a list: a model over its items and a delegate that draws
each as two calm lines (grade and title; kind, source, place and its file).

A clause may cite hundreds of items: the model is filled with one reset, rows are
of one height (the view lays out without measuring each), and the delegate paints
only the rows on screen, with fonts made once. The evidence's own modules load with
the store (``session_reads.read_live``), not with the first window: they are
imported where they are used.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
)
from PySide6.QtGui import QColor, QFont, QHelpEvent, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolTip,
    QWidget,
)

from vision_desk.domain.typed_dates import display_date
from vision_desk.ui.list_empty import paint_empty_text
from vision_desk.ui.plain_text import shown_as_typed
from vision_desk.ui.row_fonts import RowFontCache, RowFonts

if TYPE_CHECKING:
    from vision_desk.domain.evidence import EvidenceItem

AnyIndex = QModelIndex | QPersistentModelIndex
ITEM_ROLE = Qt.ItemDataRole.UserRole + 1
EVIDENCE_ID_ROLE = Qt.ItemDataRole.UserRole + 2

PAD = 8  # around a row's lines, in pixels
GAP = 10  # between the badge and the title, the title and the date

# The grade's tint by how far the item can be trusted (the grade's letters and
# digits say it too: colour is never the only sign).
STRONG, FAIR, WEAK = "#2e7d6b", "#7a8ca3", "#c77700"


class EvidenceModel(QAbstractListModel):
    """A clause's items, oldest first, as the store keeps them."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._items: tuple[EvidenceItem, ...] = ()

    def set_items(self, items: Sequence[EvidenceItem]) -> None:
        self.beginResetModel()
        self._items = tuple(items)
        self.endResetModel()

    def item_at(self, row: int) -> EvidenceItem:
        return self._items[row]

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._items)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._items):
            return None
        item = self._items[index.row()]
        if role == ITEM_ROLE:
            return item
        if role == EVIDENCE_ID_ROLE:
            return item.id
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{item.grade} {item.title}"
        from vision_desk.services.session_evidence import item_text

        if role == Qt.ItemDataRole.AccessibleTextRole:
            return item_text(item)
        if role == Qt.ItemDataRole.ToolTipRole:
            # Titles, sources and names are the officer's words: shown, never markup.
            return shown_as_typed(item_text(item))
        return None


def grade_tint(item: EvidenceItem) -> str:
    from vision_desk.domain.evidence import is_fair, is_strong

    return STRONG if is_strong(item) else FAIR if is_fair(item) else WEAK


class EvidenceDelegate(QStyledItemDelegate):
    """Line one: the grade in a badge (its words on hover), the title, the date.
    Line two, muted: the item's number, kind, source and place, and its file's
    name with the first digits of its SHA-256."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._fonts = RowFontCache()

    def fonts_for(self, base: QFont) -> RowFonts:
        return self._fonts.fonts_for(base)

    def sizeHint(self, option: QStyleOptionViewItem, index: AnyIndex) -> QSize:  # noqa: N802
        fonts = self.fonts_for(option.font)
        height = fonts.plain_metrics.height() + fonts.small_metrics.height() + 2 * PAD
        return QSize(200, height + 4)

    def badge_rect(self, rect: QRect, fonts: RowFonts) -> QRect:
        metrics = fonts.bold_metrics
        width = metrics.horizontalAdvance("M8") + 10
        return QRect(rect.left() + PAD, rect.top() + PAD - 1, width, metrics.height() + 2)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        item: EvidenceItem = index.data(ITEM_ROLE)
        palette: QPalette = option.palette
        rect: QRect = option.rect
        fonts = self.fonts_for(option.font)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        painter.save()
        if selected:
            painter.fillRect(rect, palette.color(QPalette.ColorRole.Highlight))
        ink = palette.color(
            QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        )
        muted = ink if selected else palette.color(QPalette.ColorRole.PlaceholderText)
        badge = self.badge_rect(rect, fonts)
        tint = QColor(grade_tint(item))
        tint.setAlphaF(0.22 if palette.color(QPalette.ColorRole.Base).lightness() > 128 else 0.4)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(tint)
        painter.drawRoundedRect(badge, 4, 4)
        painter.setPen(ink)
        painter.setFont(fonts.bold)
        painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, item.grade)
        # Line one: the title, then the date at the right.
        line = fonts.plain_metrics.height()
        right = rect.right() - PAD
        date = display_date(item.date)
        painter.setFont(fonts.small)
        date_width = fonts.small_metrics.horizontalAdvance(date)
        painter.setPen(muted)
        top = badge.top() + 1
        painter.drawText(
            QRect(right - date_width, top, date_width, line),
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
            date,
        )
        left = badge.right() + GAP
        title_room = max(0, right - date_width - GAP - left)
        painter.setFont(fonts.plain)
        painter.setPen(ink)
        painter.drawText(
            QRect(left, top, title_room, line),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            fonts.plain_metrics.elidedText(item.title, Qt.TextElideMode.ElideRight, title_room),
        )
        # Line two, muted and small: what, whose, where; the file at the right.
        small = fonts.small_metrics
        second = QRect(left, top + line + 3, right - left, small.height())
        painter.setFont(fonts.small)
        painter.setPen(muted)
        from vision_desk.services.session_evidence import item_file_text

        file_text = item_file_text(item)
        file_width = 0
        if file_text:
            file_text = f"File {file_text}"
            # A few pixels over the text's advance: elision measures a little wider.
            file_width = min(small.horizontalAdvance(file_text) + 4, second.width() * 11 // 20)
            painter.drawText(
                QRect(second.right() - file_width, second.top(), file_width, second.height()),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                small.elidedText(file_text, Qt.TextElideMode.ElideMiddle, file_width),
            )
        words = [f"No. {item.id}", item.kind.label, item.source]
        if item.locator:
            words.append(item.locator)
        room = max(0, second.width() - file_width - (GAP if file_width else 0))
        painter.drawText(
            QRect(second.left(), second.top(), room, second.height()),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            small.elidedText(" · ".join(words), Qt.TextElideMode.ElideRight, room),
        )
        if option.state & QStyle.StateFlag.State_HasFocus:
            ring = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Highlight
            painter.setPen(palette.color(ring))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(rect.adjusted(1, 1, -2, -2))
        painter.restore()

    def helpEvent(  # noqa: N802
        self,
        event: QHelpEvent,
        view: QAbstractItemView,
        option: QStyleOptionViewItem,
        index: AnyIndex,
    ) -> bool:
        """Over the grade: its words on the Admiralty scale; elsewhere the whole item."""
        if event.type() == QHelpEvent.Type.ToolTip and index.isValid():
            item: EvidenceItem = index.data(ITEM_ROLE)
            if self.badge_rect(option.rect, self.fonts_for(option.font)).contains(event.pos()):
                QToolTip.showText(event.globalPos(), f"{item.grade}: {item.grade_words}", view)
                return True
        return super().helpEvent(event, view, option, index)


class EvidenceList(QListView):
    """The items, one row each, all of one height; says so when there are none."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("evidenceList")
        self.setAccessibleName("Evidence")
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setUniformItemSizes(True)
        self.setItemDelegate(EvidenceDelegate(self))
        self.empty_text = ""

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        super().paintEvent(event)
        paint_empty_text(self, self.empty_text, PAD, PAD * 2)
