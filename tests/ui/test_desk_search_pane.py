"""While the officer types a search, the list follows every key at once; the clause
pane follows the first match when typing pauses, or at once on Return."""

from __future__ import annotations

from PySide6.QtCore import Qt

from vision_desk.ui.main_window import PANE_FOLLOWS_MS
from vision_desk.ui.review_panel import notes_count_text

Key = Qt.Key


def test_the_clause_pane_follows_the_first_match_when_typing_pauses(officer, window, qtbot) -> None:  # type: ignore[no-untyped-def]
    before = officer.current_ref()
    officer.press("/")
    officer.type("sv-c4")
    assert officer.shown_refs()[0] == "SV-C4"
    assert officer.current_ref() == "SV-C4"  # the keys act on the match at once
    assert before != "SV-C4"
    qtbot.waitUntil(lambda: officer.clause_text().startswith("SV-C4"), timeout=PANE_FOLLOWS_MS * 10)
    # The notes beside it are SV-C4's too.
    assert window.review.notes_count.text() == notes_count_text(
        len(window.session.require_desk().notes("SV-C4"))
    )


def test_return_shows_the_first_match_at_once(officer, window) -> None:  # type: ignore[no-untyped-def]
    officer.press("/")
    officer.type("sv-r2")
    officer.press(Key.Key_Return)
    assert officer.current_ref() == "SV-R2"
    assert officer.clause_text().startswith("SV-R2")
    assert officer.focus is window.navigator
