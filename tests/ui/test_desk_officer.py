"""Who is working, at the desk: asked at the first start, changed in Preferences;
the name signs what is written from then on."""

from __future__ import annotations

from PySide6.QtCore import Qt

from vision_desk.settings import AUTHOR_VARIABLE, configured_author

Key = Qt.Key
Mod = Qt.KeyboardModifier


def test_preferences_change_who_signs(officer, window, desk, data_dir, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.delenv(AUTHOR_VARIABLE, raising=False)

    def rename(dialog):  # type: ignore[no-untyped-def]
        assert dialog.objectName() == "officerDialog"
        assert dialog.name.text() == "Test Officer"  # who signs now
        assert officer.focus is dialog.name
        officer.type("Amina Rahimi")  # replaces the selected name
        officer.press(Key.Key_Return)

    with officer.in_dialog(rename):
        officer.press(Key.Key_Comma, Mod.ControlModifier)
    assert "signed “Amina Rahimi”" in officer.message()
    officer.go_to("SV-C1")
    officer.press("2")
    assert desk.history("SV-C1")[-1].author == "Amina Rahimi"
    assert configured_author(window.data_paths) == "Amina Rahimi"


def test_the_first_start_proposes_the_accounts_full_name(officer, window, monkeypatch):  # type: ignore[no-untyped-def]
    from vision_desk.ui import commands_desk

    monkeypatch.delenv(AUTHOR_VARIABLE, raising=False)
    monkeypatch.setattr("vision_desk.settings.account_full_name", lambda: "Amina Rahimi")
    seen = {}

    def look(dialog):  # type: ignore[no-untyped-def]
        seen["title"] = dialog.windowTitle()
        seen["name"] = dialog.name.text()
        officer.press(Key.Key_Escape)

    with officer.in_dialog(look):
        window.dispatcher.run_handler(lambda view: commands_desk.ask_name(view, True))
    assert seen == {"title": "Who is reviewing?", "name": "Amina Rahimi"}
    assert window.session.desk.author == "Test Officer"  # cancelled: nothing changed
