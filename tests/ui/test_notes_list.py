"""The notes and history lists: models that pass Qt's checks, cards painted from
plain text (never markup), right to left for Urdu, Pashto and Dari, as tall as
their words at the list's width, and the newest entries only when there are many."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import QItemSelectionModel, QModelIndex, QRect, Qt
from PySide6.QtGui import QColor, QImage, QPalette
from PySide6.QtWidgets import QApplication

from vision_desk.domain.agreement import ClauseKind
from vision_desk.domain.agreement_file import load_agreement
from vision_desk.domain.review import BoardRow, Change, ChangeKind, ClauseState, Note
from vision_desk.domain.typed_dates import display_moment
from vision_desk.ui.card_models import (
    BODY_ROLE,
    HEADER_ROLE,
    NOTE_ID_ROLE,
    HistoryModel,
    NotesModel,
    Page,
)
from vision_desk.ui.notes_list import RIGHT_TO_LEFT_SCALE, BodyText, CardList
from vision_desk.ui.review_panel import HISTORY_PAGE, NOTES_PAGE, ReviewPanel

SHARED_VISION = Path(__file__).parents[2] / "resources" / "agreements" / "shared-vision.toml"
AT = dt.datetime(2021, 1, 10, 9, 0, tzinfo=dt.UTC)
URDU = "مشترکہ ورکنگ گروپ کا اجلاس ملتوی ہو گیا"
MARKUP = "<b>bold</b> &amp; <i>x</i>"
LONG_WORD = "Joint" + "working" * 30 + "group"
LONG = " ".join(["The joint working group met in Islamabad and agreed its terms."] * 6)


def note(note_id: int, text: str, edited: bool = False) -> Note:
    return Note(
        id=note_id,
        clause_ref="SV-C1",
        author="Test Officer",
        created_at=AT + dt.timedelta(minutes=note_id),
        text=text,
        edited_at=AT + dt.timedelta(days=1) if edited else None,
    )


def change(change_id: int) -> Change:
    return Change(
        id=change_id,
        clause_ref="SV-C1",
        at=AT + dt.timedelta(minutes=change_id),
        author="Test Officer",
        kind=ChangeKind.NOTE_ADDED,
        before=None,
        after=str(change_id),
    )


def when(moment: dt.datetime) -> str:
    return display_moment(moment.astimezone())


@pytest.fixture
def application(qapp):  # type: ignore[no-untyped-def]
    from vision_desk.ui.app import make_application

    return make_application()  # the shipped fonts, as the desk has them


@pytest.fixture
def shown(qtbot, application):  # type: ignore[no-untyped-def]
    """A notes list on screen at a review panel's size, filled with ``notes``."""

    def show(notes: list[Note], width: int = 320, height: int = 600) -> CardList:
        model = NotesModel()
        view = CardList()
        view.setModel(model)
        model.setParent(view)
        qtbot.addWidget(view)
        view.resize(width, height)
        with qtbot.waitActive(view):
            view.show()
            view.activateWindow()
        model.set_page(as_page(notes))
        # Plain cards: no keyboard focus ring on the first (tests that want it set it).
        view.clearFocus()
        view.selectionModel().clearCurrentIndex()
        QApplication.processEvents()
        assert not view.hasFocus()
        return view

    return show


def body_band(view: CardList, row: int) -> QRect:
    """Where a card's words are painted (below its header), in view coordinates."""
    rect = view.visualRect(view.model().index(row, 0))
    top = rect.top() + view.delegate.header_height() + 6
    band = QRect(rect.left(), top, rect.width(), rect.bottom() - top)
    return band.translated(view.viewport().pos())


def header_band(view: CardList, row: int) -> QRect:
    """Where a card's who and when are painted, in view coordinates."""
    rect = view.visualRect(view.model().index(row, 0))
    band = QRect(rect.left(), rect.top(), rect.width(), view.delegate.header_height() + 6)
    return band.translated(view.viewport().pos())


def darkest(image: QImage, band: QRect) -> int:
    return min(
        QColor(image.pixel(x, y)).lightness()
        for x in range(band.left(), band.right() + 1)
        for y in range(band.top(), band.bottom() + 1)
    )


def ink_columns(image: QImage, band: QRect) -> list[int]:
    """The x of each column in ``band`` with a dark (text) pixel in it."""
    columns = []
    for x in range(band.left(), band.right() + 1):
        for y in range(band.top(), band.bottom() + 1, 1):
            if QColor(image.pixel(x, y)).lightness() < 110:
                columns.append(x)
                break
    return columns


# -- the models ------------------------------------------------------------------------


def test_the_notes_model_passes_qts_model_checks(qtmodeltester, application):
    model = NotesModel()
    model.set_page(as_page([note(1, "First"), note(2, URDU, edited=True), note(3, MARKUP)]))
    qtmodeltester.check(model)
    qtmodeltester.check(model, force_py=True)
    model.set_page(as_page([]))
    qtmodeltester.check(model, force_py=True)


def test_the_history_model_passes_qts_model_checks(qtmodeltester, application):
    model = HistoryModel()
    model.set_page(as_page([change(3), change(2), change(1)]))
    qtmodeltester.check(model)
    qtmodeltester.check(model, force_py=True)


def test_a_note_reads_as_typed_with_who_and_when(application):
    model = NotesModel()
    model.set_page(as_page([note(1, MARKUP), note(2, "Draft seen", edited=True)]))
    first, second = model.index(0, 0), model.index(1, 0)
    assert first.data() == MARKUP  # the words, literally: tags and entities kept
    assert first.data(BODY_ROLE) == MARKUP
    assert first.data(NOTE_ID_ROLE) == 1
    assert first.data(HEADER_ROLE) == f"Test Officer · {when(AT + dt.timedelta(minutes=1))}"
    assert second.data(HEADER_ROLE).endswith(" · edited")
    assert second.data(Qt.ItemDataRole.AccessibleTextRole) == (
        f"Note by Test Officer, {when(AT + dt.timedelta(minutes=2))} · edited: Draft seen"
    )


# -- painting ----------------------------------------------------------------------------


def test_a_card_shows_who_and_when_muted_above_the_words(shown):
    view = shown([note(1, "Draft exchanged on 3 Dec")])
    image = view.grab().toImage()
    header, words = darkest(image, header_band(view, 0)), darkest(image, body_band(view, 0))
    assert header < 200  # painted
    assert header > words + 40  # and lighter than the words


def test_hostile_notes_paint_their_words_literally_inside_the_card(shown):
    view = shown([note(1, MARKUP), note(2, "bold x"), note(3, LONG_WORD), note(4, "a\nb")])
    image = view.grab().toImage()
    assert ink_columns(image, QRect(0, 0, image.width(), image.height()))  # not blank
    # "<b>bold</b> &amp; <i>x</i>" as typed is far wider than the "bold x" markup
    # would make of it.
    markup = ink_columns(image, body_band(view, 0))
    plain = ink_columns(image, body_band(view, 1))
    assert markup[-1] - markup[0] > 2 * (plain[-1] - plain[0])
    assert view.delegate.body_layout(view.model().index(0, 0)).text() == MARKUP
    # A word longer than the list breaks onto more lines and stays inside it.
    long_word = view.delegate.body_layout(view.model().index(2, 0))
    assert long_word.lineCount() >= 2
    assert ink_columns(image, body_band(view, 2))[-1] < view.viewport().width()
    # A typed line break is a line break.
    assert view.delegate.body_layout(view.model().index(3, 0)).lineCount() == 2


def test_an_urdu_note_runs_right_to_left_right_aligned_in_the_naskh_font(shown):
    view = shown([note(1, URDU), note(2, "Kabul draft seen")])
    urdu = view.delegate.body_layout(view.model().index(0, 0))
    option = urdu.textOption()
    assert option.textDirection() == Qt.LayoutDirection.RightToLeft
    assert option.alignment() & Qt.AlignmentFlag.AlignRight
    assert option.alignment() & Qt.AlignmentFlag.AlignAbsolute
    assert "Noto Naskh Arabic" in urdu.font().families()
    latin = view.delegate.body_layout(view.model().index(1, 0))
    assert latin.textOption().textDirection() == Qt.LayoutDirection.LeftToRight
    assert urdu.font().pointSizeF() == pytest.approx(
        latin.font().pointSizeF() * RIGHT_TO_LEFT_SCALE
    )
    # On screen: the Urdu words keep the same margin from the right edge as the
    # English ones from the left, and both are short of the other side.
    image = view.grab().toImage()
    urdu_ink = ink_columns(image, body_band(view, 0))
    latin_ink = ink_columns(image, body_band(view, 1))
    inside = view.viewport().geometry()
    left_margin = latin_ink[0] - inside.left()
    right_margin = inside.right() - urdu_ink[-1]
    assert abs(right_margin - left_margin) <= 3
    assert urdu_ink[0] - inside.left() > 60 and inside.right() - latin_ink[-1] > 60


def test_the_selected_note_is_highlighted_and_the_focused_one_outlined(shown, qtbot):
    view = shown([note(1, "First"), note(2, "Second"), note(3, "Third")])
    view.setFocus()
    qtbot.waitUntil(view.hasFocus)
    selection = view.selectionModel()
    selection.setCurrentIndex(view.model().index(0, 0), QItemSelectionModel.SelectionFlag.Select)
    # Focus moves on to the third note without selecting it.
    selection.setCurrentIndex(view.model().index(2, 0), QItemSelectionModel.SelectionFlag.NoUpdate)
    image = view.grab().toImage()
    highlight = view.palette().color(QPalette.ColorGroup.Active, QPalette.ColorRole.Highlight)

    def highlight_pixels(row: int) -> int:
        rect = view.visualRect(view.model().index(row, 0)).translated(view.viewport().pos())
        return sum(
            QColor(image.pixel(x, y)) == highlight
            for x in range(rect.left(), rect.right() + 1, 2)
            for y in range(rect.top(), rect.bottom() + 1, 2)
        )

    selected, plain, focused = highlight_pixels(0), highlight_pixels(1), highlight_pixels(2)
    assert plain == 0
    assert focused > 20  # a ring around the card
    assert selected > 10 * focused  # the whole card


# -- sizes -------------------------------------------------------------------------------


def test_a_card_is_as_tall_as_its_words_at_the_lists_width(shown, qtbot):
    view = shown([note(1, "Short"), note(2, LONG)], width=420)
    short, long = (view.visualRect(view.model().index(row, 0)) for row in (0, 1))
    assert long.height() > short.height() + 2 * view.fontMetrics().height()
    assert long.width() <= view.viewport().width()  # no sideways scrolling
    # Narrower, the long note wraps into more lines at once; the short one keeps.
    view.resize(260, 600)
    QApplication.processEvents()
    narrow_short, narrow_long = (view.visualRect(view.model().index(row, 0)) for row in (0, 1))
    assert narrow_long.height() > long.height()
    assert narrow_short.height() == short.height()
    assert narrow_long.width() <= view.viewport().width()


def test_repainting_and_scrolling_never_lay_the_words_out_again(shown, monkeypatch):
    view = shown([note(row, f"{LONG} {row}") for row in range(40)], height=300)
    measured: list[str] = []
    original = BodyText.layout

    def counting(self: BodyText, text: str, width: int):  # type: ignore[no-untyped-def]
        measured.append(text)
        return original(self, text, width)

    monkeypatch.setattr(BodyText, "layout", counting)
    view.verticalScrollBar().setValue(view.verticalScrollBar().maximum())
    view.viewport().repaint()
    view.scrollToTop()
    view.viewport().repaint()
    view.doItemsLayout()
    assert measured == []


# -- the panel: how many, which ------------------------------------------------------------


@pytest.fixture
def panel(qtbot, application):  # type: ignore[no-untyped-def]
    widget = ReviewPanel()
    qtbot.addWidget(widget)
    widget.resize(380, 700)
    widget.show()
    return widget


@pytest.fixture
def board_row() -> BoardRow:
    agreement = load_agreement(SHARED_VISION)
    clause = next(clause for clause in agreement.clauses if clause.kind is ClauseKind.COMMITMENT)
    return BoardRow(clause, ClauseState(), dt.date(2021, 1, 10))


def as_page(entries):  # type: ignore[no-untyped-def]
    """Every entry, in the order given."""
    return Page(list(entries), len(entries))


def listed(model) -> list[QModelIndex]:  # type: ignore[no-untyped-def]
    return [model.index(row, 0) for row in range(model.rowCount())]


def test_a_few_notes_are_all_listed_newest_first_and_counted(panel, board_row):
    panel.show_row(board_row, [note(1, "One"), note(2, URDU), note(3, MARKUP)], [change(1)])
    assert [index.data() for index in listed(panel.notes.model())] == [MARKUP, URDU, "One"]
    assert panel.notes_count.text() == "3 notes"
    assert panel.tabs.tabText(0) == "&Notes"
    assert panel.tabs.tabText(1) == "&History"


def paged(entries, page):  # type: ignore[no-untyped-def]
    """A ``Page`` over ``entries`` (oldest first), as the desk reads them, and the
    skips it was asked for."""
    newest = entries[::-1]
    asked: list[int] = []

    def more(skip):  # type: ignore[no-untyped-def]
        asked.append(skip)
        return newest[skip : skip + page]

    return Page(newest[:page], len(entries), more), asked


def test_many_notes_are_read_a_page_at_a_time_as_the_list_scrolls(panel, board_row, qtbot):
    notes = [note(number, f"Note {number}") for number in range(1, 2001)]
    page, asked = paged(notes, NOTES_PAGE)
    panel.show_row(board_row, page, [])
    model = panel.notes.model()
    assert [index.data(NOTE_ID_ROLE) for index in listed(model)] == list(
        range(2000, 2000 - NOTES_PAGE, -1)
    )
    assert panel.notes_count.text() == "2,000 notes"
    assert model.canFetchMore(QModelIndex())
    panel.tabs.setCurrentIndex(0)
    panel.notes.scrollToBottom()
    qtbot.waitUntil(lambda: model.rowCount() >= 2 * NOTES_PAGE)
    assert asked[0] == NOTES_PAGE
    assert model.index(NOTES_PAGE, 0).data(NOTE_ID_ROLE) == 2000 - NOTES_PAGE
    # None keeps the notes as they are; a clause with one note counts one.
    shown = model.rowCount()
    panel.show_row(board_row, None, [])
    assert model.rowCount() == shown
    panel.show_row(board_row, [note(7, "Alone")], [])
    assert panel.notes_count.text() == "1 note"
    assert not model.canFetchMore(QModelIndex())


def test_a_paged_model_passes_qts_model_checks_as_it_grows(qtmodeltester, application):
    model = NotesModel()
    page, _asked = paged([note(number, f"Note {number}") for number in range(1, 80)], 30)
    model.set_page(page)
    qtmodeltester.check(model, force_py=True)
    while model.canFetchMore(QModelIndex()):
        model.fetchMore(QModelIndex())
    assert model.rowCount() == 79
    qtmodeltester.check(model, force_py=True)


def test_a_page_that_comes_back_short_ends_the_list(application):
    model = NotesModel()
    model.set_page(Page([note(3, "c")], 3, lambda skip: [note(2, "b")][: max(0, 2 - skip)]))
    model.fetchMore(QModelIndex())
    model.fetchMore(QModelIndex())  # notes deleted meanwhile: fewer than counted
    assert model.rowCount() == 2
    assert not model.canFetchMore(QModelIndex())


def test_a_long_history_lists_the_newest_first(panel, board_row):
    history = [change(number) for number in range(1, 2001)]
    page, _asked = paged(history, HISTORY_PAGE)
    read: list[int] = []

    def reading():  # type: ignore[no-untyped-def]
        read.append(1)
        return page

    panel.show_row(board_row, [], reading)
    assert read == []  # the History tab is not showing: nothing is read
    panel.tabs.setCurrentIndex(1)
    assert read == [1]
    entries = [index.data() for index in listed(panel.history.model())]
    assert len(entries) == HISTORY_PAGE
    assert entries[0] == f"{when(history[-1].at)} · Test Officer\nNote 2000 added"
    assert entries[-1].endswith(f"Note {2001 - HISTORY_PAGE} added")
    assert panel.tabs.tabText(1) == "&History"
