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


def test_the_question_before_the_desk_saves_the_name_and_asks_again_when_refused(
    qapp, data_dir, monkeypatch
):  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QMessageBox

    from vision_desk import paths
    from vision_desk.settings import author_is_set, configured_author
    from vision_desk.ui.officer_dialog import OfficerDialog, ask_before_the_desk

    monkeypatch.delenv(AUTHOR_VARIABLE, raising=False)
    monkeypatch.setattr("vision_desk.settings.account_full_name", lambda: "Proposed Name")
    answers = iter(["  ", "Amina Rahimi"])
    proposed: list[str] = []

    def answer(dialog: OfficerDialog) -> int:
        proposed.append(dialog.name.text())
        dialog.name.setText(next(answers))
        return 1

    warned: list[str] = []
    monkeypatch.setattr(OfficerDialog, "exec", answer)
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text: warned.append(text))
    data_paths = paths.resolve(str(data_dir))
    paths.ensure_folders(data_paths)
    ask_before_the_desk(data_paths)
    assert proposed == ["Proposed Name", "  "]  # asked again with what was typed
    assert warned == ["A name is needed: it signs your notes and changes."]
    assert configured_author(data_paths) == "Amina Rahimi"

    monkeypatch.setattr(OfficerDialog, "exec", lambda _dialog: 0)  # cancelled
    (data_dir / "config" / "settings.toml").unlink()
    ask_before_the_desk(data_paths)
    assert not author_is_set(data_paths)
