"""Several agreements in one store: import one from the desk, switch between them."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QInputDialog

DOC = Path(__file__).resolve().parents[2] / "docs" / "agreement-format.md"


def river_file(tmp_path: Path) -> Path:
    blocks = re.findall(r"```toml\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)
    path = tmp_path / "river.toml"
    path.write_text(blocks[-1], encoding="utf-8")
    return path


def test_import_from_the_desk_then_switch_back_and_forth(officer, window, tmp_path, monkeypatch):
    river = river_file(tmp_path)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *args, **kwargs: (str(river), ""))
    officer.press(Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    assert window.session.agreement.id == "river-accord"
    assert [row.clause.ref for row in window.model.rows()] == ["I-1", "II-1", "II-4", "R-1"]
    assert "River Accord" in window.windowTitle()
    assert "Imported 'River Accord' (4 clauses)" in officer.message()

    offered: list[list[str]] = []

    def choose_shared_vision(_parent, _title, _label, items, current, _editable):  # type: ignore[no-untyped-def]
        offered.append(list(items))
        return next(item for item in items if "shared-vision" in item), True

    monkeypatch.setattr(QInputDialog, "getItem", choose_shared_vision)
    officer.press(
        Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    assert window.session.agreement.id == "shared-vision"
    assert len(window.model.rows()) == 24
    assert len(offered[0]) == 2
    # The choice is remembered in the store: the command line follows it too.
    assert window.session.desk.current_agreement_id() == "shared-vision"


def test_a_refused_import_is_a_message_and_changes_nothing(officer, window, tmp_path, monkeypatch):
    bad = tmp_path / "bad.toml"
    bad.write_text('format = 1\n[agreement]\ntitel = "x"\n', encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *args, **kwargs: (str(bad), ""))
    officer.press(Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    assert officer.message() == "bad.toml:1: the file lacks the required field 'sources'."
    assert window.session.agreement.id == "shared-vision"
    assert window.session.desk.agreement_ids() == ["shared-vision"]


def test_after_switching_back_search_finds_notes_again(
    officer, window, desk, tmp_path, monkeypatch
):  # type: ignore[no-untyped-def]
    """Switching agreement reads the notes' words for search off the window's thread;
    a search then finds a word that is only in a note."""
    desk.add_note("SV-P3", "Agreed over tea in the hotel garden.")
    river = river_file(tmp_path)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *args, **kwargs: (str(river), ""))
    officer.press(Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    monkeypatch.setattr(
        QInputDialog,
        "getItem",
        lambda _p, _t, _l, items, _c, _e: (next(i for i in items if "shared-vision" in i), True),
    )
    officer.press(
        Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    officer.qtbot.waitUntil(lambda: not window.session.needs_search_index)
    officer.press("/")
    officer.type("hotel garden")
    assert officer.shown_refs() == ["SV-P3"]
