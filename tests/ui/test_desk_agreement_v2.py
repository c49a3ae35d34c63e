"""A version-2 agreement on the desk (the Highland Accord of docs/agreement-format.md),
keys pressed as an officer presses them: the document's own numbering beside the
reference, the parties by the file's names, deadlines counted from an event with
their rule beside the date (or waiting on the event, never overdue), and, on
request, the clause's texts side by side, right-to-left ones right to left."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest
from highland_board import AS_OF, PRISONERS_RELEASED, highland_board, highland_text, load_highland
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPainter, QTextBlock
from PySide6.QtWidgets import QStyleOptionViewItem

from vision_desk.domain import deadlines
from vision_desk.domain.deadlines import EventRecord
from vision_desk.domain.rules import Flag
from vision_desk.paths import resolve
from vision_desk.services.boards import Board
from vision_desk.ui.navigator import MARKER_ROLE

Key = Qt.Key
Mod = Qt.KeyboardModifier

DARI_HA2 = "ولتریا ظرف ۱۳۵ روز نخست"
PASHTO_HA2 = "ولتریا به د لومړیو ۱۳۵ ورځو"


@pytest.fixture
def desk_on(qtbot, tmp_path: Path, shown, officer_at) -> Callable[..., Any]:  # type: ignore[no-untyped-def]
    """An officer at a window on a Highland board (``first_window``: no store)."""
    from vision_desk.ui.app import first_window, make_application

    make_application()

    def make(records: Sequence[EventRecord] = (), board: Board | None = None) -> Any:
        board = board or highland_board(records)
        window = first_window(board, resolve(tmp_path / "data"), AS_OF)
        qtbot.addWidget(window)
        shown(qtbot, window)
        return officer_at(window)  # type: ignore[no-any-return]

    return make


def to(officer: Any, ref: str) -> None:
    """j from the first clause to ``ref``, as the officer walks the list."""
    officer.press("g")
    for _ in range(20):
        if officer.current_ref() == ref:
            return
        officer.press("j")
    raise AssertionError(f"j never reached {ref}")


def find_block(view, words: str) -> QTextBlock:  # type: ignore[no-untyped-def]
    """The paragraph of the clause pane that holds ``words``."""
    block = view.document().begin()
    while block.isValid():
        if words in block.text():
            return block
        block = block.next()
    raise AssertionError(f"no paragraph holds {words!r}")


def block_top(view, block: QTextBlock) -> float:  # type: ignore[no-untyped-def]
    return float(view.document().documentLayout().blockBoundingRect(block).top())


def marker(officer: Any, ref: str) -> str:
    model = officer.window.model
    return str(model.data(model.index(model.position_of(ref)), MARKER_ROLE))


def test_the_pane_gives_the_documents_numbering_and_the_files_party_names(desk_on) -> None:  # type: ignore[no-untyped-def]
    officer = desk_on()
    to(officer, "HA-2")
    text = officer.clause_text()
    assert "Part One, A, 1 in the document · Commitment · security · binds Republic of Veltria" in (
        text
    )
    to(officer, "HA-4")
    assert "binds Republic of Veltria, Highland Liberation Front" in officer.clause_text()
    to(officer, "HA-7")
    assert "binds International Observer Mission for the Highlands" in officer.clause_text()
    # A clause the file gives no numbering has none, and no gap where it would be.
    to(officer, "HA-R1")
    assert "in the document ·" not in officer.clause_text()
    # The list's tooltip and screen-reader text say it too.
    model = officer.window.model
    tooltip = model.data(model.index(model.position_of("HA-2")), Qt.ItemDataRole.ToolTipRole)
    assert "Part One, A, 1 in the document" in tooltip


def test_a_deadline_counted_from_signature_shows_its_rule_beside_the_date(desk_on) -> None:  # type: ignore[no-untyped-def]
    officer = desk_on()
    to(officer, "HA-2")
    text = officer.clause_text()
    assert "Deadline: Within the first 135 days — 19 days overdue as of 1 August 2020" in text
    assert "135 days after signature (29 February 2020): 13 July 2020" in text
    assert marker(officer, "HA-2") == "overdue 19 d · 135 days after signature"
    assert marker(officer, "HA-3") == "due 29 Apr 2021 · 14 months after signature"
    # A dated deadline is shown as it always was.
    assert marker(officer, "HA-4") == "due 10 Mar 2020"
    to(officer, "HA-4")
    assert "By 10 March 2020 (10 March 2020, day precision) — closed (completed)" in (
        officer.clause_text()
    )


def test_a_deadline_waiting_on_its_event_is_never_overdue(desk_on) -> None:  # type: ignore[no-untyped-def]
    officer = desk_on()
    to(officer, "HA-5")
    text = officer.clause_text()
    assert (
        "Deadline: 30 days after the release of prisoners — waiting on the release of prisoners"
        in (text)
    )
    assert "Its clock starts once the release of prisoners is dated" in text
    assert "overdue as of" not in text
    assert marker(officer, "HA-5") == "waiting on the release of prisoners"
    assert marker(officer, "HA-6") == "waiting on the start of the highland talks"
    row = officer.window.session.current_row()
    assert Flag.OVERDUE not in row.flags
    # Only overdue (Shift+O): the two that are, never the ones waiting.
    officer.press(Key.Key_O, Mod.ShiftModifier)
    assert officer.shown_refs() == ["HA-2", "HA-7"]


def test_once_the_event_is_dated_the_deadline_counts_from_it(desk_on) -> None:  # type: ignore[no-untyped-def]
    officer = desk_on([PRISONERS_RELEASED])
    to(officer, "HA-5")
    text = officer.clause_text()
    assert "30 days after the release of prisoners — 31 days overdue as of 1 August 2020" in text
    assert "30 days after the release of prisoners (1 June 2020): 1 July 2020" in text
    assert marker(officer, "HA-5") == "overdue 31 d · 30 days after the release of prisoners"
    assert marker(officer, "HA-6") == "waiting on the start of the highland talks"


def test_shift_l_shows_the_texts_side_by_side_and_keeps_them_so(desk_on) -> None:  # type: ignore[no-untyped-def]
    officer = desk_on()
    to(officer, "HA-2")
    assert (
        "The document also words this clause in Dari (authoritative) and Pashto; Shift+L shows "
        "them side by side." in officer.clause_text()
    )
    assert DARI_HA2 not in officer.clause_text()

    officer.press(Key.Key_L, Mod.ShiftModifier)
    text = officer.clause_text()
    assert officer.message() == (
        "Texts side by side, in every language the file gives. Shift+L: the working text only."
    )
    for shown in ("English · the working text", "Dari · authoritative", "Pashto"):
        assert shown in text
    assert "Pashto · authoritative" not in text
    assert "Veltria reduces its forces" in text
    assert DARI_HA2 in text and PASHTO_HA2 in text
    # Side by side: the working text and the two texts start on one line.
    view = officer.window.clause_view
    tops = {block_top(view, find_block(view, words)) for words in ("Veltria reduces", DARI_HA2)}
    assert tops == {block_top(view, find_block(view, PASHTO_HA2))}

    # It stays so from clause to clause, and says so where there is nothing else.
    officer.press("j")
    assert officer.current_ref() == "HA-3"
    assert "Dari · authoritative" in officer.clause_text()
    to(officer, "HA-5")
    assert "The agreement file gives this clause in no other language." in officer.clause_text()
    officer.press(Key.Key_L, Mod.ShiftModifier)
    assert officer.message() == "The working text only. Shift+L: every language side by side."
    officer.press(Key.Key_L, Mod.ShiftModifier)
    assert officer.message() == (
        "Texts side by side, clause by clause; HA-5 is given in no other language. "
        "Shift+L: the working text only."
    )
    officer.press(Key.Key_L, Mod.ShiftModifier)
    to(officer, "HA-2")
    assert DARI_HA2 not in officer.clause_text()
    assert officer.focus is officer.window.navigator  # the keys never left the list


def test_right_to_left_texts_are_laid_out_right_to_left(desk_on) -> None:  # type: ignore[no-untyped-def]
    """Each Dari and Pashto paragraph runs right to left, its lines set against the
    right of its column (the last, short line too); the English stays left to right."""
    officer = desk_on()
    to(officer, "HA-2")
    officer.press(Key.Key_L, Mod.ShiftModifier)
    view = officer.window.clause_view
    for words in (DARI_HA2, PASHTO_HA2):
        block = find_block(view, words)
        assert block.textDirection() == Qt.LayoutDirection.RightToLeft
        layout = block.layout()
        assert layout.lineCount() > 1  # a narrow column: the text wraps
        for number in range(layout.lineCount()):
            line = layout.lineAt(number)
            assert line.naturalTextRect().right() == pytest.approx(line.x() + line.width(), abs=2)
        last = layout.lineAt(layout.lineCount() - 1)
        assert last.naturalTextRect().left() > last.x() + 10  # short, so room on its left
    english = find_block(view, "Veltria reduces")
    assert english.textDirection() == Qt.LayoutDirection.LeftToRight
    line = english.layout().lineAt(0)
    assert line.naturalTextRect().left() == pytest.approx(line.x(), abs=2)


def test_the_list_row_gives_the_numbering_where_it_fits(desk_on) -> None:  # type: ignore[no-untyped-def]
    """At the end of the row's second line, muted, when it fits beside the deadline;
    a narrow list drops it, never the deadline."""
    officer = desk_on()
    view = officer.window.navigator
    drawn: list[tuple[int, int, str]] = []

    class Recorder(QPainter):
        def drawText(self, rect, flags, text):  # type: ignore[no-untyped-def]  # noqa: N802
            drawn.append((rect.left(), rect.right(), text))
            super().drawText(rect, flags, text)

    def paint(ref: str, width: int) -> list[str]:
        index = view.model().index(view.model().position_of(ref), 0)
        option = QStyleOptionViewItem()
        option.initFrom(view)
        option.rect = view.visualRect(index)
        option.rect.setWidth(width)
        image = QImage(option.rect.size() * 2, QImage.Format.Format_ARGB32)
        drawn.clear()
        painter = Recorder(image)
        view.itemDelegate().paint(painter, option, index)
        painter.end()
        return [text for *_, text in drawn]

    wide = paint("HA-2", 420)
    assert "Part One, A, 1" in wide
    assert "overdue 19 d · 135 days after signature" in wide
    narrow = paint("HA-2", 300)
    assert "Part One, A, 1" not in narrow
    assert any(text.startswith("overdue 19 d") for text in narrow)
    assert "Part One, B" in paint("HA-4", 300)  # a short deadline leaves room


def test_the_party_filter_offers_the_files_names(desk_on) -> None:  # type: ignore[no-untyped-def]
    officer = desk_on()
    combo = officer.window.filter_bar.party
    names = [combo.itemText(index) for index in range(combo.count())]
    assert names == ["Any", "Veltria", "Highland Front", "Observer Mission"]
    tips = [combo.itemData(index, Qt.ItemDataRole.ToolTipRole) for index in range(1, 4)]
    assert tips == [
        "Republic of Veltria",
        "Highland Liberation Front",
        "International Observer Mission for the Highlands",
    ]
    officer.choose(Key.Key_P, Mod.AltModifier, combo, "Highland Front")
    assert officer.shown_refs() == ["HA-1", "HA-4", "HA-5"]


def test_shift_l_on_the_shared_vision_says_there_is_no_other_text(officer, window) -> None:  # type: ignore[no-untyped-def]
    """A version-1 agreement looks as it did; the toggle says why nothing changes."""
    before = officer.clause_text()
    assert "in the document ·" not in before and "side by side" not in before
    assert "binds Afghanistan, Pakistan" in before
    officer.press(Key.Key_L, Mod.ShiftModifier)
    assert officer.message().startswith(
        "Texts side by side, clause by clause; SV-P1 is given in no other language."
    )
    assert "The agreement file gives this clause in no other language." in officer.clause_text()
    officer.press(Key.Key_L, Mod.ShiftModifier)
    assert officer.clause_text() == before


def test_next_clause_works_out_no_deadline_beyond_the_rows_it_shows(desk_on, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """``j`` on 3,000 clauses, every one with a deadline counted from an event:
    the rows painted and the clause shown are worked out, never the whole list (the
    key is benchmarked at 16 ms)."""
    extra = "".join(
        f"""
[[clauses]]
ref = "HX-{number}"
numbering = "Annex, {number}"
kind = "commitment"
strand = "annex"
parties = ["VT"]
title = "Annexed undertaking {number}"
text = "Veltria carries out undertaking {number}."
[clauses.provenance]
source = "signed-text"
locator = "Annex, paragraph {number}"
[clauses.due]
label = "30 days after the release of prisoners"
after = "prisoner-release"
days = 30
[[clauses.texts]]
lang = "fa"
text = "ولتریا تعهد {number} را انجام می‌دهد."
"""
        for number in range(3000)
    )
    agreement = load_highland(highland_text() + extra)
    officer = desk_on(board=highland_board([PRISONERS_RELEASED], agreement=agreement))
    officer.press(Key.Key_L, Mod.ShiftModifier)  # the side-by-side pane costs no more
    officer.qtbot.wait(50)
    calls = 0
    real = deadlines.resolve

    def counted(*args, **kwargs):  # type: ignore[no-untyped-def]
        nonlocal calls
        calls += 1
        return real(*args, **kwargs)

    monkeypatch.setattr(deadlines, "resolve", counted)
    for _ in range(10):
        officer.press("j")
        officer.qtbot.wait(1)  # the repaint of the rows the key changed
    assert calls < 10 * 40, f"{calls} deadlines worked out for 10 keys"
    assert officer.current_ref() == "HX-3"
