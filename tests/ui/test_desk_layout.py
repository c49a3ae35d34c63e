"""What a narrow window and a busy dialog must still show whole."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from vision_desk.domain.status import Status
from vision_desk.services.rounds import Rounds

Key = Qt.Key
Mod = Qt.KeyboardModifier
CTRL_SHIFT = Mod.ControlModifier | Mod.ShiftModifier


def test_at_1024_the_implementation_index_is_shown_whole(officer, window, desk):  # type: ignore[no-untyped-def]
    desk.set_status("SV-C1", Status.ADVANCED)
    window.refresh(window.session.reload())
    window.resize(1024, 700)
    officer.qtbot.waitUntil(lambda: window.width() == 1024)
    QApplication.processEvents()
    index = window.summary.index
    assert index.width() >= index.sizeHint().width()
    assert "66.7%" in index.text()


def test_a_rounds_memo_shows_the_rounds_own_date(officer, window, desk):  # type: ignore[no-untyped-def]
    rounds = Rounds(desk)
    rounds.open("December", dt.date(2020, 12, 1))
    rounds.close()

    def look(dialog):  # type: ignore[no-untyped-def]
        seen = []
        for index in range(dialog.source.count()):
            dialog.source.setCurrentIndex(index)
            seen.append((dialog.as_of.isEnabled(), dialog.as_of.date))
        officer.press(Key.Key_Escape)
        return seen

    with officer.in_dialog(look) as result:
        officer.press(Key.Key_E, Mod.ControlModifier)
    assert result["result"] == [
        (False, dt.date(2020, 12, 1)),  # the round: its date, not offered
        (True, window.session.as_of),  # the live board: the desk's date, to change
    ]


def test_what_changed_is_never_the_column_cut(officer, window, close_two_rounds):  # type: ignore[no-untyped-def]
    close_two_rounds()

    def look(dialog):  # type: ignore[no-untyped-def]
        table = dialog.table
        metrics = table.fontMetrics()
        widths = [
            (metrics.horizontalAdvance(table.item(row, 4).text()), table.columnWidth(4))
            for row in range(table.rowCount())
        ]
        officer.press(Key.Key_Escape)
        return widths

    with officer.in_dialog(look) as result:
        officer.press(Key.Key_D, CTRL_SHIFT)
    assert result["result"]
    assert all(needed <= width for needed, width in result["result"])


def _luminance(colour) -> float:  # type: ignore[no-untyped-def]
    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    return (
        0.2126 * channel(colour.redF())
        + 0.7152 * channel(colour.greenF())
        + 0.0722 * channel(colour.blueF())
    )


def _contrast(one, other) -> float:  # type: ignore[no-untyped-def]
    lighter, darker = sorted((_luminance(one), _luminance(other)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


@pytest.mark.parametrize(
    ("text", "base", "window_colour"),
    [("#000000", "#ffffff", "#efefef"), ("#ffffff", "#2b2b2b", "#353535")],
)
def test_muted_small_text_reads_at_4_5_to_1(text, base, window_colour):  # type: ignore[no-untyped-def]
    """Bylines, group headings and the summary's small print use the muted colour.
    A theme's own grey (#7f7f7f: 4:1 on white) is too faint for small text; the
    desk's reads at 4.5:1 or more on the window and on the lists, light or dark."""
    from PySide6.QtGui import QColor, QPalette

    from vision_desk.ui.style import legible_muted

    role = QPalette.ColorRole
    palette = QPalette()
    palette.setColor(role.Text, QColor(text))
    palette.setColor(role.Base, QColor(base))
    palette.setColor(role.Window, QColor(window_colour))
    palette.setColor(role.PlaceholderText, QColor("#7f7f7f"))
    muted = legible_muted(palette).color(role.PlaceholderText)
    for background in (role.Window, role.Base):
        assert _contrast(muted, palette.color(background)) >= 4.5, background


def test_the_desk_uses_the_legible_muted_colour(window):  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QPalette

    from vision_desk.ui.style import legible_muted

    role = QPalette.ColorRole.PlaceholderText
    expected = legible_muted(QApplication.palette()).color(role)
    assert QApplication.palette().color(role) == expected


def test_an_empty_notes_list_says_so(officer, window):  # type: ignore[no-untyped-def]
    officer.go_to("SV-C2")
    notes = window.review.notes
    assert notes.model().rowCount() == 0
    assert notes.empty_text == "No notes on this clause yet."

    def picture():  # type: ignore[no-untyped-def]
        notes.viewport().repaint()
        return notes.viewport().grab().toImage()

    said = picture()
    notes.empty_text = ""
    blank = picture()
    assert said != blank  # the sentence is drawn in the empty list
