"""Evidence at the desk, driven with real keys on the Shared Vision: attach an item
with its file (``v`` and the dialog), see it under the clause with its grade, set
the confidence (``c``), record a party's stated position (``s``) and see the clause
marked disputed and the filter (``Shift+I``) show it, open the file with the system's
viewer (``Ctrl+O``: a checked copy, never the store), refuse a forged file and a
damaged one in their sentences, cite an item (``Shift+V``), and export the brief
(``Ctrl+B``) to a one-page PDF."""

from __future__ import annotations

import datetime as dt
import sqlite3
import stat
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QFileDialog

from vision_desk.domain.evidence import EvidenceKind
from vision_desk.domain.status import Status
from vision_desk.services.evidence import Evidence, NewItem
from vision_desk.ui.evidence_list import ITEM_ROLE
from vision_desk.ui.evidence_pane import READ_AHEAD_MS
from vision_desk.ui.navigator import DISPUTE_ROLE

Key = Qt.Key
Mod = Qt.KeyboardModifier
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
MINUTES = NewItem(
    EvidenceKind.MEETING_RECORD, "Minutes of the JWG", "MoFA Kabul", dt.date(2020, 12, 2), "B2"
)


def _keys(widget: Any, text: str) -> None:
    QTest.keyClicks(widget, text)


def _key(widget: Any, key: Key, modifier: Mod = Mod.NoModifier) -> None:
    QTest.keyClick(widget, key, modifier)


def _focus() -> Any:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def _shown_items(window: Any) -> list[Any]:
    model = window.evidence.model
    return [model.index(row).data(ITEM_ROLE) for row in range(model.rowCount())]


def _fill_item(file: str = "", choose: bool = False) -> Any:
    """In the attach dialog, as the officer types: title first (it has the keyboard),
    Tab through source, date, locator and grade, Alt+I to the file (or Alt+F for
    the file dialog), Return."""

    def act(dialog: Any) -> None:
        assert _focus() is dialog.title
        _keys(_focus(), "Minutes of the joint working group, 2 December")
        _key(_focus(), Key.Key_Tab)
        _keys(_focus(), "Ministry of Foreign Affairs, Kabul")
        _key(_focus(), Key.Key_Tab)
        assert _focus() is dialog.date
        _keys(_focus(), "2 Dec 2020")  # the field selects its date on focus
        _key(_focus(), Key.Key_Tab)
        _keys(_focus(), "p. 3, item 4")
        _key(_focus(), Key.Key_Tab)
        assert _focus() is dialog.grade
        _keys(_focus(), "b2")
        if choose:
            _key(_focus(), Key.Key_F, Mod.AltModifier)  # Choose file…
            QTest.qWait(300)  # a button's Alt+letter clicks it after a short flash
        elif file:
            _key(_focus(), Key.Key_I, Mod.AltModifier)
            _keys(_focus(), file)
        _key(_focus(), Key.Key_Return)

    return act


def test_attach_an_item_with_its_file_and_see_it_under_the_clause(
    officer: Any, window: Any, desk: Any, tmp_path: Path, monkeypatch: Any
) -> None:
    minutes = tmp_path / "minutes.pdf"
    minutes.write_bytes(PDF)
    asked: list[str] = []

    def choose_file(_parent: Any, caption: str, _start: str, _kinds: str) -> tuple[str, str]:
        asked.append(caption)
        return str(minutes), ""

    monkeypatch.setattr(QFileDialog, "getOpenFileName", choose_file)
    officer.go_to("SV-C1")
    assert _shown_items(window) == []
    assert window.evidence.list.empty_text == (
        "No evidence cited for SV-C1 yet. v: attach an item; Shift+V: cite one."
    )
    assert window.evidence.confidence.text() == "Confidence: low, by the rule."
    with officer.in_dialog(_fill_item(choose=True)) as seen:
        officer.press("v")
    assert not seen["dialog"].isVisible()
    assert asked == ["Choose the file to keep"]
    [item] = Evidence(desk).of_clause("SV-C1")
    assert item.grade == "B2" and item.date == dt.date(2020, 12, 2)
    assert item.attachment is not None and item.attachment.name == "minutes.pdf"
    digits = item.attachment.sha256[:12]
    assert officer.message() == (
        f"Evidence 1 (B2) recorded for SV-C1; file minutes.pdf · {digits}."
    )
    # Under the clause's text: the item with its grade, and the confidence it gives.
    [shown] = _shown_items(window)
    assert shown.id == item.id and shown.grade == "B2"
    assert window.evidence.count.text() == "· 1 item"
    assert window.evidence.confidence.text() == "Confidence: medium, by the rule."
    tooltip = window.evidence.model.index(0).data(Qt.ItemDataRole.ToolTipRole)
    assert "graded B2 (usually reliable; probably true)" in tooltip
    assert f"file minutes.pdf, SHA-256 {item.attachment.sha256}" in tooltip
    assert officer.focus is window.navigator  # nothing took the keyboard away
    officer.press("j")
    assert _shown_items(window) == []  # SV-C2 has none
    officer.press("k")
    assert [found.id for found in _shown_items(window)] == [item.id]


def test_a_forged_file_and_bad_fields_are_refused_in_the_dialog(
    officer: Any, window: Any, desk: Any, tmp_path: Path
) -> None:
    forged = tmp_path / "report.pdf"
    forged.write_bytes(b"MZ\x90\x00 a program renamed")
    officer.go_to("SV-C1")
    seen: dict[str, Any] = {}

    def act(dialog: Any) -> None:
        _fill_item(file=str(forged))(dialog)
        seen["open"] = dialog.isVisible()
        seen["file"] = dialog.problems["file"].text()
        seen["file_shown"] = dialog.problems["file"].isVisible()
        # A grade off the scale is refused beside the grade, and has the keyboard.
        dialog.grade.setFocus()
        dialog.grade.selectAll()
        _keys(dialog.grade, "G7")
        dialog.file.clear()
        _key(dialog.grade, Key.Key_Return)
        seen["grade"] = dialog.problems["grade"].text()
        seen["focus"] = _focus() is dialog.grade
        seen["file_after"] = dialog.problems["file"].isVisible()
        _key(_focus(), Key.Key_Escape)

    with officer.in_dialog(act):
        officer.press("v")
    assert seen["open"] and seen["file_shown"]
    assert seen["file"] == (
        "'report.pdf' is named as a PDF file but its contents are not one; it was not kept."
    )
    assert seen["grade"].startswith("'G7' is not a grade: the source's reliability A to F")
    assert seen["focus"] and not seen["file_after"]
    assert Evidence(desk).all() == []  # nothing was recorded


def test_set_the_confidence_with_a_reason_then_back_to_the_rule(
    officer: Any, window: Any, desk: Any
) -> None:
    Evidence(desk).add(["SV-C1"], MINUTES)
    officer.go_to("SV-C1")

    def override(dialog: Any) -> None:
        assert _focus() is dialog.reason
        _key(_focus(), Key.Key_Return)  # no reason: refused in place
        seen["refused"] = dialog.reason_problem.text()
        _key(_focus(), Key.Key_C, Mod.AltModifier)
        _keys(_focus(), "L")  # Low
        _key(_focus(), Key.Key_W, Mod.AltModifier)
        _keys(_focus(), "One briefing, reported twice.")
        _key(_focus(), Key.Key_Return)

    seen: dict[str, Any] = {}
    with officer.in_dialog(override):
        officer.press("c")
    assert seen["refused"] == "Say why: the reason stays beside the level, for the memo."
    expected = (
        "Confidence: low, set by Test Officer: One briefing, reported twice.; the rule gives medium"
    )
    assert window.evidence.confidence.text() == f"{expected}."
    assert officer.message() == f"SV-C1: {expected}."

    def back(dialog: Any) -> None:
        _key(_focus(), Key.Key_C, Mod.AltModifier)
        _keys(_focus(), "B")  # Back to the rule's
        _key(_focus(), Key.Key_W, Mod.AltModifier)
        _keys(_focus(), "Checked: two separate briefings.")
        _key(_focus(), Key.Key_Return)

    with officer.in_dialog(back):
        officer.press("c")
    assert window.evidence.confidence.text() == "Confidence: medium, by the rule."


def test_a_stated_position_marks_the_clause_disputed_and_the_filter_shows_it(
    officer: Any, window: Any, desk: Any
) -> None:
    officer.go_to("SV-C1")
    officer.press("1")  # we assess it initiated
    assert desk.state("SV-C1").status is Status.INITIATED

    def claim(dialog: Any) -> None:
        _key(_focus(), Key.Key_P, Mod.AltModifier)
        _keys(_focus(), "P")  # Pakistan
        _key(_focus(), Key.Key_C, Mod.AltModifier)
        _keys(_focus(), "C")  # Completed
        _key(_focus(), Key.Key_S, Mod.AltModifier)
        _keys(_focus(), "All lead officials named.")
        _key(_focus(), Key.Key_W, Mod.AltModifier)
        _keys(_focus(), "Press briefing, Islamabad")
        _key(_focus(), Key.Key_O, Mod.AltModifier)
        _keys(_focus(), "3 Dec 2020")
        _key(_focus(), Key.Key_Return)

    with officer.in_dialog(claim):
        officer.press("s")
    assert officer.message() == (
        "Recorded: Pakistan says SV-C1 is completed; disputed: we assess the clause "
        "initiated, 2 levels apart."
    )
    model = window.model
    assert model.index(model.position_of("SV-C1")).data(DISPUTE_ROLE) == "PK says completed"
    assert "disputed: PK says completed" in model.index(model.position_of("SV-C1")).data(
        Qt.ItemDataRole.AccessibleTextRole
    )
    positions = window.evidence.positions
    assert positions.isVisible()
    assert positions.accessibleDescription() == (
        "Pakistan says completed (3 Dec 2020, Press briefing, Islamabad): “All lead "
        "officials named.” — disputed: we assess the clause initiated, 2 levels apart."
    )
    officer.press(Key.Key_I, Mod.ShiftModifier)
    assert officer.shown_refs() == ["SV-C1"] and window.filter_bar.disputed.isChecked()
    assert officer.message() == (
        "1 disputed clause: a party's stated position differs from our assessment."
    )
    officer.press("3")  # we agree with Pakistan now: no longer disputed
    assert model.index(model.position_of("SV-C1")).data(DISPUTE_ROLE) == ""
    officer.press(Key.Key_I, Mod.ShiftModifier)
    assert len(officer.shown_refs()) == 24 and not window.filter_bar.disputed.isChecked()
    officer.press(Key.Key_I, Mod.ShiftModifier)
    assert officer.shown_refs() == []
    assert officer.message() == (
        "No clause is disputed: no party's stated position differs from ours."
    )


def test_open_hands_the_viewer_a_checked_copy_and_never_a_damaged_file(
    officer: Any, window: Any, desk: Any, opened: Any, tmp_path: Path, monkeypatch: Any
) -> None:
    minutes = tmp_path / "minutes.pdf"
    minutes.write_bytes(PDF)
    Evidence(desk).add(["SV-C1"], MINUTES, minutes)
    urls: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: urls.append(url) or True)
    officer.go_to("SV-C1")
    officer.press(Key.Key_O, Mod.ControlModifier)  # nothing chosen yet
    assert urls == []
    assert officer.message() == (
        "Choose an item of evidence first: Ctrl+4 goes to the clause's evidence."
    )
    officer.press(Key.Key_4, Mod.ControlModifier)
    assert officer.focus is window.evidence.list
    officer.press(Key.Key_O, Mod.ControlModifier)
    [url] = urls
    copy = Path(url.toLocalFile())
    assert copy.name == "minutes.pdf" and copy.read_bytes() == PDF
    # A copy in the officer's own folder for copies, never the stored bytes.
    assert copy != minutes and copy.parent.parent == opened.paths.viewer_copies
    assert stat.S_IMODE(copy.stat().st_mode) == 0o400  # read-only, the officer's alone
    assert officer.message() == "Opened a checked copy of minutes.pdf (evidence 1)."
    assert officer.focus is window.evidence.list

    with sqlite3.connect(opened.paths.database) as connection:
        connection.execute("DROP TRIGGER evidence_files_no_update")
        connection.execute("UPDATE evidence_files SET content = ?", (b"%PDF-changed",))
    connection.close()
    officer.press(Key.Key_O, Mod.ControlModifier)
    assert len(urls) == 1  # never handed to the viewer
    assert "no longer matches its SHA-256" in officer.message()


def test_cite_an_item_recorded_for_another_clause(officer: Any, window: Any, desk: Any) -> None:
    item = Evidence(desk).add(["SV-C1"], MINUTES)
    officer.go_to("SV-C2")

    def cite(dialog: Any) -> None:
        assert _focus() is dialog.query
        _keys(_focus(), "9")
        _key(_focus(), Key.Key_Return)  # no item 9: refused, the dialog stays
        seen["refused"] = dialog.problem.text()
        _key(_focus(), Key.Key_Backspace)
        _keys(_focus(), "minutes")
        _key(_focus(), Key.Key_Return)

    seen: dict[str, Any] = {}
    with officer.in_dialog(cite):
        officer.press(Key.Key_V, Mod.ShiftModifier)
    assert seen["refused"] == "No recorded item is numbered or named “9”."
    assert officer.message() == f"Evidence {item.id} now supports SV-C2."
    assert [found.id for found in _shown_items(window)] == [item.id]
    officer.press(Key.Key_V, Mod.ShiftModifier)  # nothing left to cite here
    assert officer.message().startswith("No other item of evidence is recorded")


def test_ctrl_b_exports_the_one_page_brief_in_the_background(
    officer: Any, window: Any, desk: Any, tmp_path: Path, monkeypatch: Any
) -> None:
    from pypdf import PdfReader

    desk.set_status("SV-C1", Status.INITIATED)
    Evidence(desk).record_position(
        "SV-C1", "PK", "completed", "Done.", "Islamabad", dt.date(2020, 12, 3)
    )
    target = tmp_path / "brief.pdf"
    asked: list[str] = []

    def save_as(_parent: Any, caption: str, start: str, _kinds: str) -> tuple[str, str]:
        asked.append(start)
        return str(target), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_as)
    officer.press(Key.Key_B, Mod.ControlModifier)
    assert asked and asked[0].endswith("pre-meeting-brief-2021-01-10.pdf")
    officer.qtbot.waitUntil(lambda: "written to" in officer.message(), timeout=60_000)
    assert officer.message() == f"Pre-meeting brief as of 10 January 2021 written to {target}."
    reader = PdfReader(str(target))
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    assert "SV-C1" in text
    assert officer.focus is window.navigator


def test_the_calendar_export_writes_every_deadline(
    officer: Any, window: Any, tmp_path: Path, monkeypatch: Any
) -> None:
    pytest.importorskip("icalendar")
    target = tmp_path / "desk.ics"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_args: (str(target), ""))
    officer.press(Key.Key_C, Mod.ControlModifier | Mod.ShiftModifier)
    assert target.read_text(encoding="utf-8").startswith("BEGIN:VCALENDAR")
    assert officer.message().endswith(f"written to {target}.")


def test_the_neighbours_evidence_is_read_while_the_officer_reads_a_clause(
    officer: Any, window: Any, desk: Any
) -> None:
    session = window.session
    officer.go_to("SV-C1")
    after = session.list.step_from("SV-C1", 1)
    Evidence(desk).add([after], MINUTES)
    officer.press("j")
    officer.press("k")  # back on SV-C1: the officer stays there, reading
    session.evidence_cache.clear()  # as after something was recorded
    officer.qtbot.wait(READ_AHEAD_MS + 150)
    assert after in session.evidence_cache  # read ahead, off the key's path
    officer.press("j")
    assert [item.title for item in _shown_items(window)] == ["Minutes of the JWG"]


def test_a_right_click_on_an_item_offers_to_open_its_file(
    officer: Any, window: Any, desk: Any, tmp_path: Path, monkeypatch: Any
) -> None:
    from test_desk_mouse import _choose_in_popup

    minutes = tmp_path / "minutes.pdf"
    minutes.write_bytes(PDF)
    Evidence(desk).add(["SV-C1"], MINUTES, minutes)
    urls: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: urls.append(url) or True)
    officer.go_to("SV-C1")
    items = window.evidence.list
    offered = _choose_in_popup("Open the chosen evidence's file")
    items.customContextMenuRequested.emit(items.visualRect(window.evidence.model.index(0)).center())
    officer.qtbot.waitUntil(lambda: len(urls) == 1)
    assert Path(urls[0].toLocalFile()).read_bytes() == PDF
    assert offered == [
        "Open the chosen evidence's file with the system's viewer",
        "Attach evidence to the clause",
        "Cite evidence already recorded for the clause",
        "Set the assessment's confidence, or back to the rule's",
    ]
