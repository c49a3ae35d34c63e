"""Sign-off at the desk, with real keys: Ctrl+Shift+R marks the last closed round
reviewed and Ctrl+Shift+O approves it, each after a question that names who
submitted it and the hash being signed (No by default); what cannot be signed is
one sentence, and nothing is written."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from vision_desk.domain.signoff import Stage
from vision_desk.domain.status import Status
from vision_desk.domain.typed_dates import display_date
from vision_desk.services.rounds import Rounds
from vision_desk.services.signoff import SignOffs

Key = Qt.Key
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def answer(officer, key: Key, press: Key, modifier=CTRL_SHIFT) -> str:  # type: ignore[no-untyped-def]
    """Press ``key``; in the question it opens, press ``press`` (Y or N) as the
    officer does. Returns the question's text."""

    def reply(dialog):  # type: ignore[no-untyped-def]
        assert isinstance(dialog, QMessageBox)
        # No is the default: Return alone would not sign.
        assert dialog.defaultButton() is dialog.button(QMessageBox.StandardButton.No)
        text = dialog.text()
        officer.press(press)
        officer.qtbot.waitUntil(lambda: not dialog.isVisible())
        return text

    with officer.in_dialog(reply) as seen:
        officer.press(key, modifier)
    return str(seen["result"])


def test_review_and_approve_with_real_keys(officer, desk, window):  # type: ignore[no-untyped-def]
    officer.press(Key.Key_R, CTRL_SHIFT)
    assert "has been closed yet; closing a round submits it for review" in officer.message()

    rounds = Rounds(desk)
    rounds.open("January 2021 review", dt.date(2021, 1, 10))
    desk.set_status("SV-C1", Status.INITIATED, note="Lead officials named.")
    closed = rounds.close()
    window.refresh(window.session.reload())  # closed behind the window: read again
    sign_offs = SignOffs(desk)

    officer.press(Key.Key_O, CTRL_SHIFT)
    assert officer.message().endswith("must be reviewed before it is approved.")

    # Asked first; N leaves the round as it was.
    asked = answer(officer, Key.Key_R, Key.Key_N)
    assert asked.startswith(
        "Mark reviewed “January 2021 review”? It was submitted by Test Officer on "
    )
    assert f"content hash {closed.content_hash} and cannot be withdrawn" in asked
    assert asked.endswith("On your own store you hold every role.")
    assert sign_offs.of(closed.id).stage is Stage.SUBMITTED

    shown = window.summary.round
    assert shown.text() == (
        "<b>Round “January 2021 review” submitted, awaiting review (Ctrl+Shift+R)</b>"
    )
    answer(officer, Key.Key_R, Key.Key_Y)
    assert sign_offs.of(closed.id).stage is Stage.REVIEWED
    assert shown.text() == (
        "<b>Round “January 2021 review” reviewed, awaiting approval (Ctrl+Shift+O)</b>"
    )
    assert officer.message() == (
        "Round “January 2021 review” is reviewed, awaiting approval; signed by Test Officer "
        f"over content hash {closed.content_hash}."
    )

    asked = answer(officer, Key.Key_O, Key.Key_Y)
    assert "and reviewed by Test Officer" in asked
    approved = sign_offs.of(closed.id)
    assert approved.stage is Stage.APPROVED
    assert approved.approved is not None and approved.approved.content_hash == closed.content_hash
    assert "is approved; signed by Test Officer" in officer.message()
    assert shown.text() == (
        f"<b>Round “January 2021 review” approved by Test Officer, "
        f"{display_date(approved.approved.signed_at.date())}</b>"
    )

    officer.press(Key.Key_R, CTRL_SHIFT)
    assert "an approved round is sealed" in officer.message()
    assert officer.focus is window.navigator  # nothing took the officer's place


def test_markup_in_a_title_is_shown_as_typed_in_the_question(officer, desk, window):  # type: ignore[no-untyped-def]
    """The submitter chose the title: as markup it could hide the hash and who
    submitted in the very question the reviewer answers."""
    rounds = Rounds(desk)
    title = "Q1 <font color=white size=1>review"
    rounds.open(title, dt.date(2021, 1, 10))
    rounds.close()
    window.refresh(window.session.reload())
    asked = answer(officer, Key.Key_R, Key.Key_N)
    assert asked.startswith("<p>Mark reviewed “Q1 &lt;font color=white size=1&gt;review”?")
    assert "It was submitted by Test Officer" in asked
