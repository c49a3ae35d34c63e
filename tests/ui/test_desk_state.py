"""What comes back at the next start: window size, splitter, current clause, filters."""

from __future__ import annotations

import datetime as dt
import sys

from PySide6.QtCore import QSettings, Qt

from vision_desk.domain.agreement import ClauseKind

TODAY = dt.date(2021, 1, 10)
Key = Qt.Key
Mod = Qt.KeyboardModifier


def test_the_next_window_opens_where_the_last_one_closed(build, officer, window, data_dir):
    # within the offscreen screen (800 × 800): a saved size larger than the screen
    # is shrunk to fit it when restored, as it should be
    window.resize(780, 640)
    officer.qtbot.waitUntil(lambda: window.width() == 780)
    window.splitter.setSizes([260, 290, 220])
    sizes = window.splitter.sizes()
    assert sizes != [380, 520, 380]
    officer.choose(Key.Key_K, Mod.AltModifier, window.filter_bar.kind, "Commitment")
    officer.press(Key.Key_1, Mod.ControlModifier)
    officer.press(Key.Key_O, Mod.ShiftModifier)
    officer.press("j")
    officer.press("j")
    assert officer.current_ref() == "SV-C3"
    shown = officer.shown_refs()
    officer.press(Key.Key_Q, Mod.ControlModifier)
    assert not window.isVisible()
    assert (data_dir / "config" / "desk.ini").is_file()

    again = build()
    assert again.session.current_row().clause.ref == "SV-C3"
    assert again.session.effective_filters().kind is ClauseKind.COMMITMENT
    assert again.session.effective_filters().overdue
    assert again.filter_bar.kind.currentText() == "Commitment"
    assert again.filter_bar.overdue.isChecked()
    assert [row.clause.ref for row in again.model.rows()] == shown
    assert again.splitter.sizes() == sizes
    assert (again.width(), again.height()) == (780, 640)
    assert again.navigator.currentIndex().row() == again.model.position_of("SV-C3")


def test_search_text_and_a_clause_outside_the_filters_come_back_sensibly(build, officer, window):
    officer.press("/")
    officer.type("proposal")
    officer.press(Key.Key_Return)
    officer.press("j")
    assert officer.current_ref() == "SV-C3"
    window.close()
    again = build()
    assert again.filter_bar.search.text() == "proposal"
    assert again.session.current_row().clause.ref == "SV-C3"


def test_a_stale_or_damaged_state_file_is_ignored(build, opened, data_dir):
    settings = QSettings(str(data_dir / "config" / "desk.ini"), QSettings.Format.IniFormat)
    settings.setValue("desk/current/shared-vision", "SV-X99")
    settings.setValue("filters/status", "no-such-status")
    settings.setValue("filters/kind", "treaty")
    settings.setValue("window/splitter", "not a state")
    settings.sync()
    window = build()
    assert not window.session.effective_filters().active
    assert window.session.current_row().clause.ref == "SV-P1"


def test_first_start_fills_a_small_screen_and_no_more(window):
    screen = window.screen().availableGeometry()
    assert window.width() == min(1280, screen.width())
    assert window.height() == min(800, screen.height())


def test_the_program_starts_at_the_saved_size_not_the_first_start_size(
    build, opened, qtbot, monkeypatch
):
    from PySide6.QtWidgets import QApplication

    from vision_desk.ui import app as ui_app

    first = build()
    first.resize(780, 600)
    qtbot.waitUntil(lambda: first.width() == 780)
    first.close()

    made = []
    real_first_window = ui_app.first_window

    def build_and_keep(board, data_paths, today, saved=None):  # type: ignore[no-untyped-def]
        made.append(real_first_window(board, data_paths, today, saved))
        return made[-1]

    monkeypatch.setattr(ui_app, "first_window", build_and_keep)
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # run_desk installs its own
    # Not the real event loop: quitting the one QApplication the suite shares would
    # leave it unable to run a dialog's loop for the rest of the session.
    monkeypatch.setattr(QApplication, "exec", lambda self: 0)
    assert ui_app.run_desk(opened.paths, lambda _check_pages: opened) == 0
    (window,) = made
    try:
        assert window.isVisible()
        assert (window.width(), window.height()) == (780, 600)
    finally:
        window.close()
        window.deleteLater()
