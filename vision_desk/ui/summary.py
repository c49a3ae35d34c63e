"""The summary: levels, the implementation index, what is overdue and due soon,
and a small bar drawn by the program itself (no chart library)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from html import escape

from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import QPainter, QPalette, QPen
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from vision_desk.domain.rules import COUNTED_WORDS, Summary
from vision_desk.domain.status import COMMITMENT_SCALE, PRINCIPLE_SCALE, Status
from vision_desk.ui.date_field import DateField
from vision_desk.ui.links import ref_links, ref_of
from vision_desk.ui.style import alert_colour, status_hue


class LevelsBar(QWidget):
    """One stacked bar: the share of commitments at each level, labelled below."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("levelsChart")
        self.setAccessibleName("Chart of commitments by level")
        self._counts: dict[Status, int] = {}
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_counts(self, counts: dict[Status, int]) -> None:
        self._counts = counts
        total = sum(counts.values())
        self.setAccessibleDescription(
            ", ".join(f"{status.label}: {count}" for status, count in counts.items() if count)
            or "empty"
        )
        self.setToolTip(f"{total} commitments\n" + self.accessibleDescription().replace(", ", "\n"))
        self.update()

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(240, self.fontMetrics().height() + 8)

    def paintEvent(self, event: object) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = QRectF(self.rect()).adjusted(1, 2, -1, -2)
        total = sum(self._counts.values())
        border = QPen(self.palette().color(QPalette.ColorRole.Mid))
        if total == 0:
            painter.setPen(border)
            painter.drawRoundedRect(rect, 3, 3)
            return
        x = rect.left()
        painter.setPen(Qt.PenStyle.NoPen)
        for status in COMMITMENT_SCALE:
            count = self._counts.get(status, 0)
            if not count:
                continue
            width = rect.width() * count / total
            painter.setBrush(status_hue(status))
            painter.drawRect(QRectF(x, rect.top(), width, rect.height()))
            if width > self.fontMetrics().horizontalAdvance(str(count)) + 6:
                painter.setPen(Qt.GlobalColor.white)
                painter.drawText(
                    QRectF(x, rect.top(), width, rect.height()),
                    Qt.AlignmentFlag.AlignCenter,
                    str(count),
                )
                painter.setPen(Qt.PenStyle.NoPen)
            x += width
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(border)
        painter.drawRect(rect)


class SteadyLabel(QLabel):
    """A wrapped label as tall as the widest text it may show (``set_widest``),
    whatever it shows now: the summary keeps its height as statuses change, so the
    list below it never jumps by a line."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self._widest = QLabel()
        self._widest.setWordWrap(True)
        self._heights: dict[int, int] = {}
        # The text shown's own heights, by (width, text, font): a layout asks at more
        # than one width, and a status key changes the text; kept small.
        self._shown_heights: dict[tuple[int, str, str], int] = {}

    def set_widest(self, text: str) -> None:
        self._widest.setFont(self.font())
        self._widest.setText(text)
        self._heights.clear()
        self._shown_heights.clear()
        self.updateGeometry()

    def heightForWidth(self, width: int) -> int:  # noqa: N802
        # Asked a dozen times per layout; the widest text's height depends on the
        # width only, and the text shown on the width and the text, so each is
        # measured once (measuring again cost a status key a millisecond).
        widest = self._heights.get(width)
        if widest is None:
            widest = self._heights[width] = self._widest.heightForWidth(width)
        key = (width, self.text(), self.font().key())
        shown = self._shown_heights.get(key)
        if shown is None:
            if len(self._shown_heights) > 32:  # texts come and go: a few are enough
                self._shown_heights.clear()
            shown = self._shown_heights[key] = super().heightForWidth(width)
        return max(shown, widest)

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        hint = super().minimumSizeHint()
        return QSize(hint.width(), max(hint.height(), self.heightForWidth(self.width())))


class SummaryCard(QWidget):
    clause_chosen = Signal(str)  # a reference clicked in "Overdue" or "Due soon"
    as_of_changed = Signal(object)  # dt.date
    # The officer is done with the review date (applied or cancelled): back to the list.
    as_of_left = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("summary")
        self.setAccessibleName("Summary")
        self.title = QLabel()
        self.title.setObjectName("agreementTitle")
        self.title.setWordWrap(True)
        self._today = dt.date.today()
        # The board reloads when the officer presses Return on a date read exactly,
        # not at every keystroke of a half-typed one.
        self.as_of = DateField(self._today, lambda: self._today)
        self.as_of.setObjectName("asOfDate")
        self.as_of.setAccessibleName("Review date")
        # Wide enough for "30 Sep 2026", and a little more while a form is typed.
        self.as_of.setMinimumWidth(self.as_of.fontMetrics().horizontalAdvance("30 Sep 2026 ") + 16)
        self.as_of.applied.connect(self._on_date)
        self.as_of.cancelled.connect(self.as_of_left)
        self.as_of_problem = self.as_of.problem
        self.as_of_problem.setObjectName("asOfProblem")
        as_of_label = QLabel("As &of")
        as_of_label.setBuddy(self.as_of)
        self.index = QLabel()
        self.index.setObjectName("implementationIndex")
        self.chart = LevelsBar()
        self.levels = SteadyLabel()
        self.levels.setObjectName("levels")
        # Which clauses the index and the shares count, in the words the memo and
        # ``clauses --json`` use: related undertakings are on the board and scored,
        # so an officer could otherwise take them to be in the figure.
        self.counted = QLabel(COUNTED_WORDS)
        self.counted.setObjectName("countedClauses")
        self.counted.setTextFormat(Qt.TextFormat.PlainText)
        self.counted.setWordWrap(True)
        self.counted.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        smaller = self.counted.font()
        if smaller.pointSizeF() > 0:  # -1 when the font is sized in pixels
            smaller.setPointSizeF(smaller.pointSizeF() * 0.9)
            self.counted.setFont(smaller)
        self.index.setToolTip(COUNTED_WORDS)
        # The index of each party beside the overall one, for an agreement whose
        # clauses bind several parties (hidden otherwise).
        self.party_index = SteadyLabel()
        self.party_index.setObjectName("partyIndex")
        self.party_index.setToolTip(
            "Each party's index: the clauses that bind it, each at that party's own status "
            "(its part where the clause is assessed per party). " + COUNTED_WORDS
        )
        self.party_index.hide()
        self.flags = SteadyLabel()
        self.flags.setObjectName("flagsSummary")
        # Each reference is a link: a click opens that clause.
        self.flags.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse)
        self.flags.linkActivated.connect(self._open_link)

        # The date beside the agreement's title; the index on a line of its own, so
        # that a narrow column never cuts the headline figure.
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(as_of_label)
        top.addWidget(self.as_of)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 4)
        layout.setSpacing(4)
        layout.addLayout(top)
        layout.addWidget(self.index)
        layout.addWidget(self.party_index)
        layout.addWidget(self.as_of_problem)  # hidden unless a typed date is refused
        layout.addWidget(self.chart)
        layout.addWidget(self.levels)
        layout.addWidget(self.counted)
        layout.addWidget(self.flags)
        self.round = QLabel()
        self.round.setObjectName("roundProgress")
        self.round.setAccessibleName("Review round progress")
        self.round.setWordWrap(True)
        self.round.hide()
        layout.addWidget(self.round)

    def set_date(self, day: dt.date) -> None:
        self.as_of.set_date(day)

    def set_today(self, day: dt.date) -> None:
        """The day "today", "+30d" and "-7d" count from (the desk's own today)."""
        self._today = day

    def set_shape(self, clauses: int, refs: list[str], parties: Sequence[str] = ()) -> None:
        """Reserve the room the summary of an agreement with ``clauses`` clauses and
        these references can take at most: every level counted, the longest
        references listed as overdue and due soon, and an index for each of
        ``parties`` (their names; none: no index per party)."""
        many = "8" * len(str(max(clauses, 1)))
        self.party_index.setVisible(bool(parties))
        self.party_index.set_widest(
            "By party: " + " · ".join(f"{_escape(name)} <b>100.0%</b>" for name in parties)
        )
        self.levels.set_widest(
            " · ".join(f"{status.label} {many} (88.8%)" for status in COMMITMENT_SCALE)
            + "<br/>Principles: "
            + " · ".join(f"{status.label} {many}" for status in PRINCIPLE_SCALE)
        )
        longest = sorted(refs, key=len, reverse=True)[:LISTED]
        listed = (ref_links(longest) or "none") + (
            f" and {many} more" if len(refs) > LISTED else ""
        )
        self.flags.set_widest(
            f"<b>Overdue ({many}):</b> {listed}<br/><b>Due soon ({many}):</b> {listed}"
        )

    def show_summary(
        self, title: str, summary: Summary, by_party: Sequence[tuple[str, Summary]] = ()
    ) -> None:
        """``by_party``: each party's name and summary, beside the overall index."""
        self.title.setText(f"<b>{_escape(title)}</b>")
        # One decimal, halves up, as the memo and the JSON print it (domain.rules).
        self.index.setText(f"Implementation index: <b>{summary.index_text}</b>")
        self.index.setAccessibleName(self.index.text().replace("<b>", "").replace("</b>", ""))
        if by_party:
            self.party_index.setText(
                "By party: "
                + " · ".join(f"{_escape(name)} <b>{own.index_text}</b>" for name, own in by_party)
            )
            self.party_index.setAccessibleName(
                "Implementation index by party: "
                + ", ".join(f"{name} {own.index_text}" for name, own in by_party)
            )
        self.chart.set_counts(summary.commitment_counts)
        self.levels.setText(
            " · ".join(
                f"{status.label} {count} ({summary.share_text(status)})"
                for status, count in summary.commitment_counts.items()
                if count
            )
            + "<br/>Principles: "
            + " · ".join(
                f"{status.label} {summary.principle_counts[status]}" for status in PRINCIPLE_SCALE
            )
        )
        overdue = _short_list(summary.overdue)
        soon = _short_list(summary.due_soon)
        alert = alert_colour(self.palette()).name()
        self.flags.setText(
            f"<span style='color:{alert}'><b>Overdue ({len(summary.overdue)}):</b></span> {overdue}"
            f"<br/><b>Due soon ({len(summary.due_soon)}):</b> {soon}"
        )

    def show_round(self, text: str) -> None:
        """The open round and how far it has got, e.g. "12 of 31 assessed"."""
        self.round.setText(f"<b>{escape(text)}</b>" if text else "")
        self.round.setVisible(bool(text))

    def _open_link(self, link: str) -> None:
        ref = ref_of(link)
        if ref is not None:
            self.clause_chosen.emit(ref)

    def _on_date(self, day: dt.date) -> None:
        self.as_of_changed.emit(day)
        self.as_of_left.emit()


LISTED = 8  # references named in "Overdue" and "Due soon" before "and N more"


def _short_list(refs: tuple[str, ...], limit: int = LISTED) -> str:
    """The first references as links (HTML), and how many more."""
    if not refs:
        return "none"
    shown = ref_links(refs[:limit])
    return shown if len(refs) <= limit else f"{shown} and {len(refs) - limit} more"


def _escape(text: str) -> str:
    return escape(text)
