"""The memo's pages: first and later page templates, the marking in header and
footer, "Page X of Y", bookmarks, and a creation date that comes from the memo.

"Page X of Y" needs Y before any page is written, so the canvas holds every page
back until the last one is laid out (the usual reportlab recipe). reportlab binds a
bookmark to the page being written when it is made, so bookmarks are held back with
their page and made as it is written out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, BinaryIO

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate

from vision_desk.export.styles import (
    ALERT,
    HAIRLINE,
    MARGIN_BOTTOM,
    MARGIN_LEFT,
    MARGIN_RIGHT,
    MARGIN_TOP,
    PAGE_SIZE,
    MemoStyles,
)
from vision_desk.export.text import Typesetter

# The bookmarks a flowable opens, in order: ((title, level, key), ...).
OUTLINE_ATTRIBUTE = "memo_outline"


def mark_outline(flowable: Flowable, title: str, level: int, key: str) -> Flowable:
    """Give ``flowable`` a bookmark in the PDF outline, at ``level`` (0 = section),
    after any it has already (a block that opens a subsection and a clause)."""
    entries = getattr(flowable, OUTLINE_ATTRIBUTE, ())
    setattr(flowable, OUTLINE_ATTRIBUTE, (*entries, (title, level, key)))
    return flowable


@dataclass(frozen=True, slots=True)
class Furniture:
    """What every page carries besides its content."""

    classification: str
    running_title: str  # left of the later pages' header and of every footer
    round_label: str  # right of the later pages' header
    provisional: bool


class PagePainter:
    """Draws header and footer. What is the same on every page is drawn once, as a
    form each page refers to (a memo of 800 pages draws it once, not 800 times);
    the page number is drawn last, once Y is known."""

    FIRST = "memo-first-page"
    LATER = "memo-later-page"

    def __init__(self, furniture: Furniture, styles: MemoStyles, typesetter: Typesetter) -> None:
        self.furniture = furniture
        self.styles = styles
        self.typesetter = typesetter

    def first_page(self, canvas: Canvas, doc: BaseDocTemplate) -> None:
        self._use_form(canvas, self.FIRST, self._first_furniture)

    def later_page(self, canvas: Canvas, doc: BaseDocTemplate) -> None:
        self._use_form(canvas, self.LATER, self._later_furniture)

    def page_number(self, canvas: Canvas, number: int, total: int) -> None:
        right = PAGE_SIZE[0] - MARGIN_RIGHT
        text = f"Page {number} of {total}"
        self.typesetter.draw(canvas, text, self.styles.header_bold, right, _FOOTER, "right")

    def _use_form(self, canvas: Canvas, name: str, paint: Callable[[Canvas], None]) -> None:
        if not canvas.hasForm(name):
            canvas.beginForm(name)
            paint(canvas)
            canvas.endForm()
        canvas.doForm(name)

    def _first_furniture(self, canvas: Canvas) -> None:
        self._marking_and_footer(canvas)
        if self.furniture.provisional:
            self._provisional(canvas)

    def _later_furniture(self, canvas: Canvas) -> None:
        self._marking_and_footer(canvas)
        width, _ = PAGE_SIZE
        draw = self.typesetter.draw
        draw(canvas, self.furniture.running_title, self.styles.header, MARGIN_LEFT, _HEADER)
        if self.furniture.provisional:
            self._provisional(canvas)
        else:
            right = width - MARGIN_RIGHT
            draw(canvas, self.furniture.round_label, self.styles.header, right, _HEADER, "right")
        canvas.setStrokeColor(HAIRLINE)
        canvas.setLineWidth(0.5)
        canvas.line(MARGIN_LEFT, _HEADER - 3 * mm, width - MARGIN_RIGHT, _HEADER - 3 * mm)

    def _marking_and_footer(self, canvas: Canvas) -> None:
        """The classification centred at the top and the foot; the footer's rule and
        running title."""
        width, height = PAGE_SIZE
        style = self.styles.marking
        marking = self.furniture.classification
        draw = self.typesetter.draw
        draw(canvas, marking, style, width / 2, height - 11 * mm, "centre")
        draw(canvas, marking, style, width / 2, 8 * mm, "centre")
        canvas.setStrokeColor(HAIRLINE)
        canvas.setLineWidth(0.5)
        canvas.line(MARGIN_LEFT, _FOOTER + 4 * mm, width - MARGIN_RIGHT, _FOOTER + 4 * mm)
        draw(canvas, self.furniture.running_title, self.styles.header, MARGIN_LEFT, _FOOTER)

    def _provisional(self, canvas: Canvas) -> None:
        style = self.styles.header_bold
        canvas.saveState()
        canvas.setFillColor(ALERT)
        canvas.setFont(style.fontName, style.fontSize)
        canvas.drawRightString(PAGE_SIZE[0] - MARGIN_RIGHT, _HEADER, "PROVISIONAL: no closed round")
        canvas.restoreState()


_HEADER = PAGE_SIZE[1] - MARGIN_TOP + 9 * mm  # baseline of the later pages' header line
_FOOTER = MARGIN_BOTTOM - 11 * mm  # baseline of the footer line


class MemoCanvas(Canvas):  # type: ignore[misc]
    """A canvas that writes its pages out only when the document is complete."""

    def __init__(
        self,
        *args: Any,
        painter: PagePainter,
        memo_date: dt.date,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self._painter = painter
        self._held_pages: list[tuple[dict[str, Any], list[tuple[str, dict[str, Any]]]]] = []
        self._held_bookmarks: list[tuple[str, dict[str, Any]]] = []
        # The file's creation date is the memo's date: the same memo, the same bytes.
        stamp = f"D:{memo_date:%Y%m%d}000000+00'00'"
        self.setDateFormatter(lambda *_: stamp)

    def bookmarkPage(self, key: str, **kwargs: Any) -> str:  # noqa: N802 (reportlab's name)
        self._held_bookmarks.append((key, kwargs))
        return key

    def showPage(self) -> None:  # noqa: N802 (reportlab's name)
        self._held_pages.append((dict(self.__dict__), self._held_bookmarks))
        self._held_bookmarks = []
        self._startPage()

    def save(self) -> None:
        total = len(self._held_pages)
        for number, (state, bookmarks) in enumerate(self._held_pages, start=1):
            self.__dict__.update(state)
            for key, kwargs in bookmarks:
                super().bookmarkPage(key, **kwargs)
            self._painter.page_number(self, number, total)
            super().showPage()
        super().save()


class MemoDocument(BaseDocTemplate):  # type: ignore[misc]
    """A4, one frame; the first page template has no running header."""

    def __init__(self, output: BinaryIO, painter: PagePainter, **metadata: Any) -> None:
        super().__init__(
            output,
            pagesize=PAGE_SIZE,
            leftMargin=MARGIN_LEFT,
            rightMargin=MARGIN_RIGHT,
            topMargin=MARGIN_TOP,
            bottomMargin=MARGIN_BOTTOM,
            invariant=1,
            **metadata,
        )
        # No frame padding: text, tables and rules line up with header and footer.
        padding = {"leftPadding": 0, "rightPadding": 0, "topPadding": 0, "bottomPadding": 0}
        frame_first = Frame(
            MARGIN_LEFT, MARGIN_BOTTOM, self.width, self.height, id="first", **padding
        )
        frame_later = Frame(
            MARGIN_LEFT, MARGIN_BOTTOM, self.width, self.height, id="later", **padding
        )
        self.addPageTemplates(
            [
                PageTemplate(
                    id="first",
                    frames=[frame_first],
                    onPage=painter.first_page,
                    autoNextPageTemplate="later",
                ),
                PageTemplate(id="later", frames=[frame_later], onPage=painter.later_page),
            ]
        )

    def afterFlowable(self, flowable: Flowable) -> None:  # noqa: N802 (reportlab's name)
        entries = getattr(flowable, OUTLINE_ATTRIBUTE, ())
        if not entries:
            return
        top = self.frame._y + getattr(flowable, "height", 0) + 6
        for title, level, key in entries:
            self.canv.bookmarkPage(key, fit="XYZ", left=0, top=top, zoom=0)
            self.canv.addOutlineEntry(title, key, level=level, closed=level >= 1)


def canvas_maker(
    painter: PagePainter, memo_date: dt.date, initial_font: str
) -> Callable[..., MemoCanvas]:
    def make(*args: Any, **kwargs: Any) -> MemoCanvas:
        # The canvas starts in the memo's own font: reportlab's default, Helvetica,
        # would otherwise be listed in the file, unembedded, though never drawn.
        kwargs.setdefault("initialFontName", initial_font)
        return MemoCanvas(*args, painter=painter, memo_date=memo_date, **kwargs)

    return make
