"""The notes list, and the history list drawn the same way: a delegate that paints
each entry of their models (``card_models``) as a card, a muted header above the
words, and the view that shows them.

A widget per note made every clause change cost milliseconds per note. Here a
model is filled with one reset and the delegate paints only the rows on screen.
Rows differ in height (a note wraps to as many lines as it needs), so the view
asks every row's size when it lays out; the delegate caches those heights per
text and width, so scrolling and repainting never measure again.
"""

from __future__ import annotations

import math
from collections.abc import Iterator

from PySide6.QtCore import (
    QEvent,
    QPointF,
    QRect,
    QSize,
    Qt,
)
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QResizeEvent,
    QTextLayout,
    QTextLine,
    QTextOption,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from vision_desk.domain.text import is_right_to_left
from vision_desk.ui.card_models import BODY_ROLE, HEADER_ROLE, AnyIndex, CardModel
from vision_desk.ui.list_empty import paint_empty_text

NOTE_FAMILIES = ["Noto Sans", "Noto Naskh Arabic"]

# Naskh letters read small beside Latin text at the same point size.
RIGHT_TO_LEFT_SCALE = 1.15
HEADER_SCALE = 0.9

# The card's padding around its header and body, in pixels.
PAD_SIDE = 8
PAD_TOP = 6
PAD_BOTTOM = 8
HEADER_GAP = 2
FOCUS_WIDTH = 2

# -- drawing --------------------------------------------------------------------------


def scaled(font: QFont, factor: float) -> QFont:
    result = QFont(font)
    if font.pointSizeF() > 0:
        result.setPointSizeF(font.pointSizeF() * factor)
    else:  # a font sized in pixels (some platform themes)
        result.setPixelSize(max(1, round(font.pixelSize() * factor)))
    return result


def text_option(right_to_left: bool) -> QTextOption:
    """How the words run. Urdu, Pashto and Dari run right to left, right-aligned
    (AlignAbsolute: a plain AlignRight is mirrored in a right-to-left context). A
    word longer than the line is broken anywhere rather than run off the card."""
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    if right_to_left:
        option.setTextDirection(Qt.LayoutDirection.RightToLeft)
        option.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignAbsolute)
    else:
        option.setTextDirection(Qt.LayoutDirection.LeftToRight)
        option.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignAbsolute)
    return option


class BodyText:
    """Lays out an entry's words as plain text (never markup), in the note fonts
    made from one base font. Made once per font: a fill measures a hundred notes,
    and making fonts and options for each would cost as much as measuring."""

    def __init__(self, base: QFont) -> None:
        self.font = QFont(base)
        self.font.setFamilies(NOTE_FAMILIES)
        # Naskh letters read small beside Latin text at the same point size.
        self.right_to_left_font = scaled(self.font, RIGHT_TO_LEFT_SCALE)
        self._options = {False: text_option(False), True: text_option(True)}

    def layout(self, text: str, width: int) -> QTextLayout:
        """The words in lines of ``width`` pixels, the first line at the top."""
        layout = self._start(text)
        top = 0.0
        for line in self._lines(layout, width):
            line.setPosition(QPointF(0, top))
            top += line.height()
        layout.endLayout()
        return layout

    def _start(self, text: str) -> QTextLayout:
        right_to_left = is_right_to_left(text)
        font = self.right_to_left_font if right_to_left else self.font
        # QTextLayout draws "\n" as a glyph; the Unicode line separator breaks.
        layout = QTextLayout(text.replace("\n", "\u2028"), font)
        layout.setTextOption(self._options[right_to_left])
        layout.beginLayout()
        return layout

    @staticmethod
    def _lines(layout: QTextLayout, width: int) -> Iterator[QTextLine]:
        while True:
            line = layout.createLine()
            if not line.isValid():
                return
            line.setLineWidth(max(1, width))
            yield line


def colour_group(state: QStyle.StateFlag) -> QPalette.ColorGroup:
    """The palette group a row is drawn with: dimmed when the window is not active."""
    if not state & QStyle.StateFlag.State_Enabled:
        return QPalette.ColorGroup.Disabled
    if not state & QStyle.StateFlag.State_Active:
        return QPalette.ColorGroup.Inactive
    return QPalette.ColorGroup.Active


class CardDelegate(QStyledItemDelegate):
    """Paints an entry as a card: its header (HEADER_ROLE) small and muted on one
    line, its words (BODY_ROLE) below, wrapped to the view's width."""

    # Enough for the notes and history of the last clauses looked at, at a few
    # widths (a few kilobytes each); cleared when full.
    CACHE_LIMIT = 1024

    def __init__(self, view: CardList) -> None:
        super().__init__(view)
        self._view = view
        # The words laid out at a width, and their height: measured once, then
        # painted from the same layout (shaping text is most of a card's cost).
        self._bodies: dict[tuple[str, int], tuple[QTextLayout, int]] = {}
        self._body_text: BodyText | None = None
        self._header: tuple[QFont, int] | None = None  # the font, its line height

    def forget_sizes(self) -> None:
        """The font changed: every measured height is stale."""
        self._bodies.clear()
        self._body_text = None
        self._header = None

    def body_text(self) -> BodyText:
        if self._body_text is None:
            self._body_text = BodyText(self._view.font())
        return self._body_text

    def header_font(self) -> QFont:
        return self._header_style()[0]

    def header_height(self) -> int:
        return self._header_style()[1]

    def _header_style(self) -> tuple[QFont, int]:
        if self._header is None:
            font = scaled(self._view.font(), HEADER_SCALE)
            self._header = (font, QFontMetrics(font).height())
        return self._header

    def body_width(self) -> int:
        return max(1, self._view.row_width() - 2 * PAD_SIDE)

    def body_height(self, text: str, width: int) -> int:
        return self._laid_out(text, width)[1]

    def body_layout(self, index: AnyIndex) -> QTextLayout:
        """An entry's words as they are painted, at the view's current width."""
        return self._laid_out(self._body(index), self.body_width())[0]

    def _laid_out(self, text: str, width: int) -> tuple[QTextLayout, int]:
        # Keyed by the words, not the note id: an edited note is laid out again,
        # and the many identical history lines once.
        key = (text, width)
        found = self._bodies.get(key)
        if found is None:
            if len(self._bodies) >= self.CACHE_LIMIT:
                self._bodies.clear()
            layout = self.body_text().layout(text, width)
            found = self._bodies[key] = (layout, math.ceil(layout.boundingRect().height()))
        return found

    @staticmethod
    def _header_text(index: AnyIndex) -> str:
        model = index.model()
        if isinstance(model, CardModel):  # straight to the model, as for the words
            return model.header_at(index.row())
        return str(index.data(HEADER_ROLE) or "")

    @staticmethod
    def _body(index: AnyIndex) -> str:
        model = index.model()
        if isinstance(model, CardModel):  # straight to the words, a third of the time
            return model.body_at(index.row())
        return str(index.data(BODY_ROLE) or "")

    def sizeHint(self, option: QStyleOptionViewItem, index: AnyIndex) -> QSize:  # noqa: N802
        # Called for every row at each layout: cached measures only, no styles.
        body = self._body(index)
        body_height = self.body_height(body, self.body_width())
        height = PAD_TOP + self.header_height() + HEADER_GAP + body_height + PAD_BOTTOM
        return QSize(self._view.row_width(), height)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        rect: QRect = option.rect
        state: QStyle.StateFlag = option.state
        palette: QPalette = option.palette
        group = colour_group(state)
        selected = bool(state & QStyle.StateFlag.State_Selected)
        painter.save()
        # The style draws the selection (and hover) as the rest of the desk does.
        self._view.style().drawPrimitive(
            QStyle.PrimitiveElement.PE_PanelItemViewItem, option, painter, self._view
        )
        inner = rect.adjusted(PAD_SIDE, PAD_TOP, -PAD_SIDE, -PAD_BOTTOM)
        muted = (
            QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.PlaceholderText
        )
        painter.setPen(palette.color(group, muted))
        header_bottom = self._draw_header(painter, inner, self._header_text(index))
        ink = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        painter.setPen(palette.color(group, ink))
        layout = self.body_layout(index)
        # The layout is as wide as when it was measured; a right-to-left note hugs
        # the card's right edge even when the row is a little wider than that.
        right_to_left = layout.textOption().textDirection() == Qt.LayoutDirection.RightToLeft
        left = inner.right() + 1 - self.body_width() if right_to_left else inner.left()
        layout.draw(painter, QPointF(left, header_bottom + HEADER_GAP))
        self._draw_separator(painter, rect, palette.color(group, QPalette.ColorRole.Text))
        if state & QStyle.StateFlag.State_HasFocus:
            # On the highlight the ring is in the highlight's text colour.
            ring = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Highlight
            self._draw_focus(painter, rect, palette.color(group, ring))
        painter.restore()

    def _draw_header(self, painter: QPainter, inner: QRect, header: str) -> int:
        """Who and when, on one line (elided), in the pen set; returns its bottom."""
        font = self.header_font()
        metrics = QFontMetrics(font)
        painter.setFont(font)
        painter.drawText(
            QRect(inner.left(), inner.top(), inner.width(), metrics.height()),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignAbsolute,
            metrics.elidedText(header, Qt.TextElideMode.ElideRight, inner.width()),
        )
        return inner.top() + metrics.height()

    def _draw_separator(self, painter: QPainter, rect: QRect, ink: QColor) -> None:
        line = QColor(ink)
        line.setAlphaF(0.12)
        # A filled rectangle, not drawLine: a translucent pen takes a slow path.
        painter.fillRect(
            QRect(rect.left() + PAD_SIDE, rect.bottom(), rect.width() - 2 * PAD_SIDE, 1), line
        )

    def _draw_focus(self, painter: QPainter, rect: QRect, ink: QColor) -> None:
        """The keyboard's place in the list. Drawn here, not by the style: focus
        goes to the list with its current row unselected, and styles draw a focus
        frame only after certain keys, or faintly."""
        pen = QPen(ink)
        pen.setWidth(FOCUS_WIDTH)
        pen.setJoinStyle(Qt.PenJoinStyle.MiterJoin)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        inset = FOCUS_WIDTH // 2 + 1
        painter.drawRect(rect.adjusted(inset, inset, -inset, -inset))


# -- the view -------------------------------------------------------------------------


class CardList(QListView):
    """A list of cards that scrolls by pixel and re-measures its rows only when
    its width changes."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setUniformItemSizes(False)  # a note is as tall as its words
        self.delegate = CardDelegate(self)
        self.setItemDelegate(self.delegate)
        self._row_width = -1  # measured at the last layout
        # Said in the empty list, so that an empty list never looks like a fault.
        self.empty_text = ""

    def measure_row_width(self) -> int:
        """The width rows are measured for: the view's inside less a scroll bar,
        whether or not one shows. A scroll bar appearing then changes no row's
        height, so it can never make itself disappear again (and so on)."""
        width = self.contentsRect().width() - 2 * self.spacing()
        if not self.style().styleHint(QStyle.StyleHint.SH_ScrollBar_Transient, None, self):
            width -= self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent, None, self)
        return max(1, width)

    def row_width(self) -> int:
        """The width of the last layout (the delegate asks for every row)."""
        if self._row_width < 0:
            self._row_width = self.measure_row_width()
        return self._row_width

    def doItemsLayout(self) -> None:  # noqa: N802
        self._row_width = self.measure_row_width()
        super().doItemsLayout()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        # A narrower list wraps the words into more lines: lay out again now, so
        # no frame shows cards of the old height.
        if self.model() is not None and self.measure_row_width() != self._row_width:
            self.doItemsLayout()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        super().paintEvent(event)
        paint_empty_text(self, self.empty_text, PAD_SIDE, PAD_TOP * 2)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self.delegate.forget_sizes()
            self._row_width = -1
            self.scheduleDelayedItemsLayout()
