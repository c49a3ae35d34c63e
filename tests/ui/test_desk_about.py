"""Help ▸ About Vision Desk: the versions, the data folder and the licences, reached
from the keyboard as an officer reaches them."""

from __future__ import annotations

import platform
import sqlite3
from importlib.metadata import version

from PySide6.QtCore import Qt, QTimer, qVersion
from PySide6.QtWidgets import QApplication

from vision_desk import __version__
from vision_desk.ui.about_dialog import AboutDialog, LicencesDialog
from vision_desk.ui.dialogs import COMMAND_ROLE

Key = Qt.Key
Mod = Qt.KeyboardModifier


def read_licences(officer, about):  # type: ignore[no-untyped-def]
    """Alt+L on About, as the button's underlined letter says; read Licences and close
    it with Escape. Returns (its text, the widget that had the focus in it)."""
    seen: dict[str, object] = {}
    tries = 0

    def poll() -> None:
        nonlocal tries
        dialog = QApplication.activeModalWidget()
        if dialog is None or dialog is about or QApplication.activeWindow() is not dialog:
            tries += 1
            if tries < 300:
                QTimer.singleShot(10, poll)
            return
        try:
            seen["dialog"] = dialog
            seen["focus"] = QApplication.focusWidget()
            seen["text"] = dialog.view.toPlainText()  # type: ignore[attr-defined]
            officer.press(Key.Key_Escape)
            seen["closed"] = not dialog.isVisible()
        finally:
            if dialog.isVisible():
                dialog.close()

    QTimer.singleShot(0, poll)
    officer.press(Key.Key_L, Mod.AltModifier)
    # A button's mnemonic clicks it as a press of it would: after a short animation.
    officer.qtbot.waitUntil(lambda: "closed" in seen or tries >= 300, timeout=5000)
    assert isinstance(seen.get("dialog"), LicencesDialog), "Licences did not open"
    assert seen["closed"], "Escape did not close Licences"
    return str(seen["text"]), seen["focus"]


def test_shift_f1_shows_the_versions_and_the_data_folder(officer, window, data_dir):
    def look(about):
        assert isinstance(about, AboutDialog)
        text = about.text()
        officer.press(Key.Key_Escape)
        assert not about.isVisible()
        return text

    with officer.in_dialog(look) as seen:
        officer.press(Key.Key_F1, Mod.ShiftModifier)
    text = seen["result"]
    assert f"Vision Desk: {__version__}" in text
    assert f"Python: {platform.python_version()}" in text
    assert f"Qt: {qVersion()}" in text
    assert f"PySide6: {version('PySide6-Essentials')}" in text
    assert f"SQLite: {sqlite3.sqlite_version}" in text
    assert f"reportlab: {version('reportlab')}" in text
    assert f"Data folder: {data_dir}" in text
    assert officer.focus is window.navigator  # Escape gave the desk back its keys


def test_licences_open_from_about_and_show_the_notices(officer, window):
    def look(about):
        text, focus = read_licences(officer, about)
        assert about.isVisible()  # back on About after Licences
        # A window manager gives About back its activation; offscreen, the test does.
        with officer.qtbot.waitActive(about):
            about.activateWindow()
        officer.press(Key.Key_Escape)
        assert not about.isVisible()
        return text, focus

    with officer.in_dialog(look) as seen:
        officer.press(Key.Key_F1, Mod.ShiftModifier)
    text, focus = seen["result"]
    assert "reportlab" in text
    assert "GNU LESSER GENERAL PUBLIC LICENSE" in text
    assert "PySide6" in text and "_internal" in text  # how to replace Qt
    assert "SIL OPEN FONT LICENSE" in text.upper()
    # The keys scroll the text: it has the focus, and no key of the desk reaches it.
    assert focus is not None and focus.objectName() == "licencesText"


def test_about_is_in_the_help_menu_and_the_palette(officer, window):
    help_menu = next(
        action.menu() for action in window.menuBar().actions() if action.text() == "Help"
    )
    titles = [action.text() for action in help_menu.actions()]
    # Each entry shows its key as typed, after a tab (Qt shows that instead of its own).
    assert titles == ["Key map\t?", "About Vision Desk\tShift+F1"]
    assert window.dispatcher.actions["help.about"].shortcut().toString() == "Shift+F1"

    def run(palette):
        officer.type("about")
        items = [palette.commands.item(row) for row in range(palette.commands.count())]
        shown = [item.data(COMMAND_ROLE) for item in items if not item.isHidden()]
        # Return runs it: About opens over the desk; read it and close it.
        seen: dict[str, object] = {}

        def close_about() -> None:
            about = QApplication.activeModalWidget()
            if not isinstance(about, AboutDialog) or QApplication.activeWindow() is not about:
                QTimer.singleShot(10, close_about)
                return
            seen["about"] = True
            about.close()

        QTimer.singleShot(0, close_about)
        officer.press(Key.Key_Return)
        return shown, seen

    with officer.in_dialog(run) as result:
        officer.press(Key.Key_K, Mod.ControlModifier)
    shown, seen = result["result"]
    assert shown == ["help.about"]
    assert seen.get("about"), "the palette did not open About"
