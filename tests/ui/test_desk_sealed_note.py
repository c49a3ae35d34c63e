"""Delete on a note a closed round recorded as a reason: the desk says which round
holds it, through the same service as ``delete-note``, and asks nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from vision_desk.domain.status import Status
from vision_desk.services.rounds import Rounds

Key = Qt.Key
Mod = Qt.KeyboardModifier


def test_delete_refuses_a_reason_a_closed_round_holds(desk, build, officer_at, monkeypatch):  # type: ignore[no-untyped-def]
    rounds = Rounds(desk)
    rounds.open("December 2020 review", dt.date(2020, 12, 1))
    reason = desk.set_status("SV-C8", Status.INITIATED, note="Working group named.").note_id
    closed = rounds.close()
    monkeypatch.setattr(QMessageBox, "question", lambda *args: pytest.fail("asked to delete"))
    officer = officer_at(build())
    officer.go_to("SV-C8")
    officer.press(Key.Key_3, Mod.ControlModifier)
    officer.press(Key.Key_Delete)
    assert officer.message() == (
        f"Note {reason} cannot be deleted: round {closed.id} 'December 2020 review' recorded "
        "it as the reason for SV-C8, and a closed round is sealed."
    )
    assert [note.text for note in desk.notes("SV-C8")] == ["Working group named."]
    assert officer.window.review.notes.model().rowCount() == 1
