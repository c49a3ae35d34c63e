"""The desk's columns, built: the summary, filters and clause list on the left,
the clause in the middle, the review on the right, the status bar below.

Only the widgets and their arrangement; what they do is the window's
(``main_window``).
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QLabel,
    QListView,
    QMainWindow,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from vision_desk.paths import DataPaths
from vision_desk.ui.clause_view import ClauseView
from vision_desk.ui.command_registry import Place
from vision_desk.ui.evidence_pane import EvidencePane
from vision_desk.ui.filter_bar import FilterBar
from vision_desk.ui.keymap import KeyMap
from vision_desk.ui.navigator import NavigatorModel, NavigatorView
from vision_desk.ui.review_panel import ReviewPanel
from vision_desk.ui.summary import SummaryCard

# The columns' narrowest, in logical pixels (Qt scales them with the screen).
LEFT_MIN, CLAUSE_MIN, REVIEW_MIN = 250, 300, 200
EVIDENCE_MIN = 120  # the heading, the confidence and a row or two of items


def column_widths(width: int) -> list[int]:
    """The columns' first widths in a window ``width`` wide: the clause text gets the
    most; the list and the review what they need to be read (an empty notes pane
    must not squeeze the clause)."""
    review = max(REVIEW_MIN, round(width * 0.25))
    left = max(LEFT_MIN, round(width * 0.30))
    return [left, max(CLAUSE_MIN, width - left - review), review]


class FolderLabel(QLabel):
    """The data folder in the status bar, shortened in its middle when room is
    short, so that it never pushes the messages out; the whole path in its
    tooltip."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self._full = text
        self.setToolTip(text)

    def show_place(self, text: str) -> None:
        """Another place: a team desk's server once the store is open."""
        self._full = text
        self.setToolTip(text)
        self.setText(
            self.fontMetrics().elidedText(self._full, Qt.TextElideMode.ElideMiddle, self.width())
        )
        self.updateGeometry()

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(
            self.fontMetrics().horizontalAdvance(self._full) + 8, super().sizeHint().height()
        )

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        # Enough for the start and the end of the path, not more: the rest of the
        # status bar is the messages'.
        room = self.fontMetrics().horizontalAdvance("Data: /home/officer/…/VisionDesk")
        return QSize(room, super().minimumSizeHint().height())

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        self.setText(
            self.fontMetrics().elidedText(self._full, Qt.TextElideMode.ElideMiddle, self.width())
        )


class Columns:
    """Where a window keeps the columns ``lay_out`` builds into it: the desk's main
    window takes these declarations from here (no Qt base: a mixin beside
    ``QMainWindow``)."""

    data_paths: DataPaths
    keymap: KeyMap
    summary: SummaryCard
    filter_bar: FilterBar
    model: NavigatorModel
    navigator: NavigatorView
    clause_view: ClauseView
    evidence: EvidencePane
    clause_splitter: QSplitter  # the clause's text above its evidence
    review: ReviewPanel
    banner: QLabel
    splitter: QSplitter
    folder_label: FolderLabel
    counts_label: QLabel

    def toggle_languages(self) -> bool:
        """The clause's texts in every language side by side, or its working text
        (``DeskView.toggle_languages``): the clause pane's own state."""
        return self.clause_view.toggle_languages()

    def focus(self, place: Place) -> None:
        """Put the keyboard at ``place`` (``DeskView.focus``)."""
        reason = Qt.FocusReason.ShortcutFocusReason
        if place is Place.LIST:
            self.navigator.setFocus(reason)
        elif place is Place.CLAUSE:
            self.clause_view.setFocus(reason)
        elif place is Place.NOTES:
            self.review.tabs.setCurrentIndex(0)
            self.review.notes.setFocus(reason)
        elif place is Place.EVIDENCE:
            self.evidence.focus_list()
        elif place is Place.SEARCH:
            self.filter_bar.search.setFocus(reason)
            self.filter_bar.search.selectAll()
        else:
            self.summary.as_of.setFocus(reason)

    def selected_evidence_id(self) -> int | None:
        """The item chosen in the clause's evidence (``DeskView``)."""
        return self.evidence.selected_evidence_id()

    def evidence_list(self) -> QListView:
        """The clause's items (for the context menus)."""
        return self.evidence.list


def lay_out(window: Columns) -> None:
    """Build the columns into ``window`` (a ``QMainWindow``)."""
    assert isinstance(window, QMainWindow)
    window.summary = SummaryCard()
    window.filter_bar = FilterBar()
    window.model = NavigatorModel(window)
    window.navigator = NavigatorView()
    window.navigator.setModel(window.model)
    # The pane names the key that shows a clause's other texts (the officer's own).
    window.clause_view = ClauseView(window.keymap.display("view.languages"))
    window.evidence = EvidencePane(window.keymap.display)
    window.review = ReviewPanel()

    left = QWidget()
    left.setObjectName("leftColumn")
    left_layout = QVBoxLayout(left)
    left_layout.setContentsMargins(0, 0, 0, 0)
    left_layout.setSpacing(0)
    left_layout.addWidget(window.summary)
    left_layout.addWidget(window.filter_bar)
    left_layout.addWidget(window.navigator, 1)
    window.splitter = QSplitter(Qt.Orientation.Horizontal)
    window.splitter.setObjectName("mainSplitter")
    # The clause first: its text above, its evidence below in a third of the height.
    window.clause_splitter = QSplitter(Qt.Orientation.Vertical)
    window.clause_splitter.setObjectName("clauseSplitter")
    window.clause_splitter.addWidget(window.clause_view)
    window.clause_splitter.addWidget(window.evidence)
    window.clause_splitter.setStretchFactor(0, 1)
    window.clause_splitter.setCollapsible(0, False)
    window.clause_splitter.setSizes([520, 260])
    window.evidence.setMinimumHeight(EVIDENCE_MIN)
    window.splitter.addWidget(left)
    window.splitter.addWidget(window.clause_splitter)
    window.splitter.addWidget(window.review)
    # The clause text takes what the window grows by; no column may be dragged
    # or squeezed away, whatever sizes a previous session saved.
    left.setMinimumWidth(LEFT_MIN)
    window.clause_splitter.setMinimumWidth(CLAUSE_MIN)
    window.review.setMinimumWidth(REVIEW_MIN)
    for column, stretch in enumerate((0, 1, 0)):
        window.splitter.setStretchFactor(column, stretch)
        window.splitter.setCollapsible(column, False)
    window.splitter.setSizes(column_widths(1280))
    # Across the whole window: a past board is read-only in every column.
    window.banner = QLabel()
    window.banner.setObjectName("readOnlyBanner")
    window.banner.setWordWrap(True)
    window.banner.setMargin(8)
    window.banner.setStyleSheet("background: palette(highlight); color: palette(highlighted-text);")
    window.banner.hide()
    central = QWidget()
    central_layout = QVBoxLayout(central)
    central_layout.setContentsMargins(0, 0, 0, 0)
    central_layout.setSpacing(0)
    central_layout.addWidget(window.banner)
    central_layout.addWidget(window.splitter, 1)
    window.setCentralWidget(central)
    window.setTabOrder(window.filter_bar.search, window.navigator)
    window.setTabOrder(window.navigator, window.clause_view)
    window.setTabOrder(window.clause_view, window.evidence.list)
    window.setTabOrder(window.evidence.list, window.review.status)

    window.folder_label = FolderLabel(f"Data: {window.data_paths.root}")
    window.folder_label.setObjectName("dataFolder")
    window.counts_label = QLabel()
    window.counts_label.setObjectName("counts")
    window.counts_label.setContentsMargins(16, 0, 4, 0)
    # Permanent (right-hand) widgets: messages on the left never draw over them.
    window.statusBar().addPermanentWidget(window.folder_label)
    window.statusBar().addPermanentWidget(window.counts_label)
