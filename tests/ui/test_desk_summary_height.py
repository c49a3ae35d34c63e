"""The summary keeps its height as statuses change: the list below never jumps."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication


def _place(window):  # type: ignore[no-untyped-def]
    QApplication.processEvents()
    return window.summary.height(), window.navigator.mapTo(
        window, window.navigator.rect().topLeft()
    ).y()


def test_setting_statuses_never_moves_the_list(officer, window):  # type: ignore[no-untyped-def]
    window.resize(1024, 700)
    officer.qtbot.waitUntil(lambda: window.width() == 1024)
    before = _place(window)
    levels_before = window.summary.levels.text()
    # Every commitment level in use, and the overdue list changing: the texts grow.
    for ref, key in (
        ("SV-C1", "0"),
        ("SV-C2", "1"),
        ("SV-C3", "2"),
        ("SV-C4", "3"),
        ("SV-C5", "x"),
    ):
        officer.go_to(ref)
        officer.press(key)
        assert _place(window) == before, f"the list moved after {key} on {ref}"
    assert window.summary.levels.text() != levels_before
    assert "Overtaken" in window.summary.levels.text()


def test_at_1024_the_clause_text_gets_the_most_room(build, qtbot, data_dir):  # type: ignore[no-untyped-def]
    from vision_desk.ui.window_layout import column_widths

    left, clause, review = column_widths(1024)
    assert clause > left > review >= 200
    assert sum(column_widths(1024)) == 1024
    window = build()
    window.resize(1024, 700)
    qtbot.waitUntil(lambda: window.width() == 1024)
    left, clause, review = window.splitter.sizes()
    assert clause >= max(left, review)


def test_a_long_data_folder_never_pushes_the_messages_out(window, qtbot):  # type: ignore[no-untyped-def]
    from vision_desk.ui.window_layout import FolderLabel

    window.resize(800, 600)
    qtbot.waitUntil(lambda: window.width() == 800)
    deep = FolderLabel("Data: " + "/a-very-long-folder-name" * 20)  # a deep home folder
    window.statusBar().removeWidget(window.folder_label)
    window.folder_label = deep
    window.statusBar().addPermanentWidget(deep)
    window.resize(801, 600)  # the window sets the folder's share on a resize
    qtbot.waitUntil(lambda: window.width() == 801)
    window.show_message("Round “January 2021 review” is open; u walks the clauses.")
    QApplication.processEvents()
    assert deep.width() <= window.width() * 2 // 5
    assert deep.text().startswith("Data: /a-very") and "…" in deep.text()
    assert deep.toolTip().endswith("/a-very-long-folder-name")
