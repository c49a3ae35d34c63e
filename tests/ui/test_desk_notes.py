"""Writing, editing and deleting notes from the keyboard. What is typed is what
is stored: letters and digits in a note never act as commands."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from vision_desk.domain.review import ChangeKind
from vision_desk.domain.status import Status
from vision_desk.ui.card_models import HEADER_ROLE
from vision_desk.ui.navigator import ROW_ROLE

Key = Qt.Key
Mod = Qt.KeyboardModifier

TRICKY = "Draft exchanged on 3 Dec; j k n 0 1"

RIGHT_TO_LEFT = {
    "urdu": "مسودہ ۳ دسمبر کو دیا گیا",
    "pashto": "مسوده د ډسمبر په ۳ مه ورکړل شو",
    # Dari writes a zero-width non-joiner inside words; it must survive typing.
    "dari": "پیش‌نویس در ۳ دسامبر مبادله شد",
}


def note_texts(window):
    """The words of each note in the list, as the officer sees them."""
    model = window.review.notes.model()
    return [model.index(row, 0).data() for row in range(model.rowCount())]


def note_header(window, row):
    return window.review.notes.model().index(row, 0).data(HEADER_ROLE)


def note_text_option(window, row):
    """How a note's words are laid out when painted: direction and alignment."""
    notes = window.review.notes
    return notes.itemDelegate().body_layout(notes.model().index(row, 0)).textOption()


def write_note(officer, text):
    officer.press("n")
    assert officer.focus is officer.window.review.editor
    if text.isascii():
        officer.type(text)
    else:
        officer.type_unicode(text)
    officer.press(Key.Key_Return, Mod.ControlModifier)


def test_a_note_with_command_keys_in_it_is_stored_as_typed(officer, window, desk):
    officer.go_to("SV-C1")
    officer.press("n")
    assert officer.focus is window.review.editor
    assert window.review.is_writing()
    officer.type(TRICKY)
    assert window.review.editor.toPlainText() == TRICKY
    officer.press(Key.Key_Return, Mod.ControlModifier)

    assert [note.text for note in desk.notes("SV-C1")] == [TRICKY]
    assert desk.notes("SV-C1")[0].author == "Test Officer"
    assert desk.state("SV-C1").status is Status.NOT_ASSESSED  # the 0 and 1 scored nothing
    assert [change.kind for change in desk.history("SV-C1")] == [ChangeKind.NOTE_ADDED]
    assert officer.current_ref() == "SV-C1"  # j and k moved nothing
    for ref in ("SV-C2", "SV-P4", "SV-P1"):
        assert desk.notes(ref) == []  # n opened no second note elsewhere
    # the editor is closed, the list has focus again, and the note is on show
    assert not window.review.is_writing()
    assert officer.focus is window.navigator
    assert note_texts(window) == [TRICKY]
    assert window.review.notes_count.text() == "1 note"
    assert window.model.index(window.model.position_of("SV-C1")).data(ROW_ROLE).note_count == 1
    assert officer.message() == "Note 1 added to SV-C1."


def test_escape_cancels_a_note_without_storing_it(officer, window, desk):
    officer.go_to("SV-C2")
    officer.press("n")
    officer.type("Not sure yet")
    officer.press(Key.Key_Escape)
    assert desk.notes("SV-C2") == []
    assert desk.history("SV-C2") == []
    assert not window.review.is_writing()
    assert officer.focus is window.navigator
    assert officer.current_ref() == "SV-C2"
    # the next note starts empty, not with the cancelled words
    officer.press("n")
    assert window.review.editor.toPlainText() == ""


def test_an_empty_note_is_refused_and_the_editor_stays_open(officer, window, desk):
    officer.go_to("SV-C2")
    officer.press("n")
    officer.type("   ")
    officer.press(Key.Key_Return, Mod.ControlModifier)
    assert desk.notes("SV-C2") == []
    assert window.review.is_writing()
    assert officer.message() == "A note needs some text; nothing was saved."


def test_a_note_keeps_its_lines(officer, window, desk):
    officer.go_to("SV-C5")
    officer.press("n")
    officer.type("First line")
    officer.press(Key.Key_Return)  # a plain Return is a new line, not save
    officer.type("Second line")
    officer.press(Key.Key_Return, Mod.ControlModifier)
    assert [note.text for note in desk.notes("SV-C5")] == ["First line\nSecond line"]


@pytest.mark.parametrize("language", sorted(RIGHT_TO_LEFT))
def test_a_right_to_left_note_is_typed_stored_exactly_and_shown_right_to_left(
    officer, window, desk, language
):
    text = RIGHT_TO_LEFT[language]
    officer.go_to("SV-C2")
    write_note(officer, text)
    assert [note.text for note in desk.notes("SV-C2")] == [text]
    assert note_texts(window) == [text]
    option = note_text_option(window, 0)
    assert option.textDirection() == Qt.LayoutDirection.RightToLeft
    assert option.alignment() & Qt.AlignmentFlag.AlignRight


def test_a_pasted_right_to_left_note_is_stored_exactly(officer, window, desk):
    text = "پاکستان اور افغانستان نے مشترکہ وژن پر اتفاق کیا"
    officer.go_to("SV-C3")
    officer.press("n")
    window.review.editor.setPlainText(text)
    officer.press(Key.Key_Return, Mod.ControlModifier)
    assert [note.text for note in desk.notes("SV-C3")] == [text]
    assert note_text_option(window, 0).textDirection() == Qt.LayoutDirection.RightToLeft


def test_a_latin_note_stays_left_to_right(officer, window, desk):
    officer.go_to("SV-C3")
    write_note(officer, "Kabul draft seen")
    assert note_text_option(window, 0).textDirection() == Qt.LayoutDirection.LeftToRight


def test_a_word_only_in_a_note_finds_its_clause(officer, window, desk):
    officer.go_to("SV-C6")
    write_note(officer, "Protocol asked about the zanzibar route")
    officer.press("g")
    officer.press("/")
    officer.type("zanzibar")
    assert officer.shown_refs() == ["SV-C6"]
    officer.press(Key.Key_Return)
    assert officer.current_ref() == "SV-C6"


def test_e_edits_the_selected_note(officer, window, desk):
    officer.go_to("SV-C7")
    write_note(officer, "Summary promised")
    officer.press(Key.Key_3, Mod.ControlModifier)  # to the notes
    assert officer.focus is window.review.notes
    officer.press("e")
    assert officer.focus is window.review.editor
    assert window.review.editor.toPlainText() == "Summary promised"
    officer.type(" by 2 Feb; j k")
    officer.press(Key.Key_Return, Mod.ControlModifier)
    notes = desk.notes("SV-C7")
    assert [note.text for note in notes] == ["Summary promised by 2 Feb; j k"]
    assert notes[0].edited_at is not None
    assert [change.kind for change in desk.history("SV-C7")] == [
        ChangeKind.NOTE_ADDED,
        ChangeKind.NOTE_EDITED,
    ]
    assert desk.state("SV-C7").status is Status.NOT_ASSESSED
    assert "edited" in note_header(window, 0)


def test_e_with_no_note_selected_says_how(officer, desk):
    officer.go_to("SV-C7")
    officer.press("e")
    assert "Select a note to edit" in officer.message()
    assert not officer.window.review.is_writing()


@pytest.mark.parametrize(
    ("answer", "kept"),
    [(QMessageBox.StandardButton.No, True), (QMessageBox.StandardButton.Yes, False)],
)
def test_delete_asks_first(officer, window, desk, monkeypatch, answer, kept):
    asked = []

    def question(parent, title, text, *args):  # type: ignore[no-untyped-def]
        asked.append(text)
        return answer

    monkeypatch.setattr(QMessageBox, "question", question)
    officer.go_to("SV-C8")
    write_note(officer, "Review date unknown")
    officer.press(Key.Key_3, Mod.ControlModifier)
    officer.press(Key.Key_Delete)
    assert len(asked) == 1 and "Delete note 1" in asked[0]
    if kept:
        assert [note.text for note in desk.notes("SV-C8")] == ["Review date unknown"]
        assert window.review.notes.model().rowCount() == 1
    else:
        assert desk.notes("SV-C8") == []
        assert window.review.notes.model().rowCount() == 0
        assert desk.history("SV-C8")[-1].kind is ChangeKind.NOTE_DELETED
        assert officer.message() == "Note 1 on SV-C8 deleted."
        # and its words no longer find the clause
        officer.press("/")
        officer.type("unknown")
        assert "SV-C8" not in officer.shown_refs()


def test_delete_while_writing_deletes_a_character_not_a_note(officer, window, desk, monkeypatch):
    monkeypatch.setattr(QMessageBox, "question", lambda *args: pytest.fail("asked to delete"))
    officer.go_to("SV-C8")
    write_note(officer, "Kept")
    officer.press(Key.Key_3, Mod.ControlModifier)
    officer.press("e")
    officer.press(Key.Key_Home)
    officer.press(Key.Key_Delete)
    officer.press(Key.Key_Return, Mod.ControlModifier)
    assert [note.text for note in desk.notes("SV-C8")] == ["ept"]


def test_undo_while_writing_undoes_typing_not_the_last_action(officer, window, desk):
    officer.go_to("SV-C1")
    officer.press("2")
    officer.press("n")
    officer.type("abc")
    officer.press(Key.Key_Z, Mod.ControlModifier)
    assert desk.state("SV-C1").status is Status.ADVANCED
    assert window.review.is_writing()
