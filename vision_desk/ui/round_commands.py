"""The review-round commands: walk the round, open and close it, compare rounds,
look at a past board, and export the memo."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QInputDialog

from vision_desk.domain.signoff import Step
from vision_desk.domain.typed_dates import display_date, long_date
from vision_desk.errors import UserError
from vision_desk.services import session_changes as changes
from vision_desk.ui.command_registry import Command, Need

if TYPE_CHECKING:
    from vision_desk.services.rounds import Rounds
    from vision_desk.ui.command_registry import DeskView

REVIEW = "Review"
STORE = Need.STORE
PAST_DATE = "A past date…"


def _rounds(view: DeskView) -> Rounds:
    rounds = view.session.rounds
    if rounds is None:  # the dispatcher runs these only once the store is open
        raise UserError("The store is still opening; try again in a moment.")
    return rounds


def open_round(view: DeskView) -> None:
    view.session.writer()
    from vision_desk.ui.round_dialogs import OpenRoundDialog  # at first use, after start

    dialog = OpenRoundDialog(view.session.as_of, view.widget())
    if not dialog.exec():
        return
    title, as_of = dialog.values()
    view.refresh(changes.open_round(view.session, title, as_of))


def _not_while_writing(view: DeskView, doing: str) -> None:
    """A note being written would be saved into the wrong place afterwards (a closed
    round, a read-only board): it is saved or cancelled first."""
    if view.note_being_written() is not None:
        keys = view.keymap.display("note.save")
        raise UserError(
            f"Save the note being written ({keys}) or cancel it (Escape) before {doing}."
        )


def close_round(view: DeskView) -> None:
    view.session.writer()
    _not_while_writing(view, "closing the round")
    progress = changes.round_to_close(view.session)
    left = len(progress.queue)
    carried = (
        f" {left} clauses not assessed in it keep their previous status, marked as carried over."
        if left
        else ""
    )
    if view.confirm(
        "Close the round",
        f"Close “{progress.round.title}” ({progress.text})? Its record is then sealed and "
        f"can never change.{carried} A backup is made first.",
    ):
        view.refresh(changes.close_round(view.session)[1])


def _sign(view: DeskView, step: Step) -> None:
    """Review or approve the last round closed, after saying what is signed."""
    _not_while_writing(view, "signing off a round")
    target, one_officer = changes.round_to_sign(view.session, step)
    round_ = target.round
    assert round_.closed_at is not None  # a closed round: refused otherwise
    before = f"It was submitted by {target.submitted_by} on {long_date(round_.closed_at)}"
    if target.reviewed is not None:
        before += f" and reviewed by {target.reviewed.signed_by}"
    doing = "Mark reviewed" if step is Step.REVIEWED else "Approve"
    own = " On your own store you hold every role." if one_officer else ""
    if view.confirm(
        "Review the round" if step is Step.REVIEWED else "Approve the round",
        f"{doing} “{round_.title}”? {before}. Your name is recorded with its content hash "
        f"{round_.content_hash} and cannot be withdrawn.{own}",
    ):
        view.refresh(changes.sign_round(view.session, round_.id, step))


def compare(view: DeskView) -> None:
    rounds = _rounds(view)
    closed = [round_ for round_ in rounds.all(view.session.agreement.id) if not round_.is_open]
    if len(closed) < 2:
        raise UserError(f"Comparing needs two closed rounds; {len(closed)} closed so far.")
    from vision_desk.ui.round_dialogs import CompareDialog

    dialog = CompareDialog(rounds, closed, view.data_paths, view.widget())
    if dialog.exec() and dialog.chosen_ref is not None:
        view.refresh(view.session.open_clause(dialog.chosen_ref))


def view_past(view: DeskView) -> None:
    _not_while_writing(view, "looking at a past board")
    rounds, session = _rounds(view), view.session
    closed = [round_ for round_ in rounds.all(session.agreement.id) if not round_.is_open]
    choices = [
        f"{round_.id} · {round_.title} (as of {display_date(round_.as_of)})" for round_ in closed
    ]
    choice, ok = QInputDialog.getItem(
        view.widget(),
        "See the board as it stood",
        "Round or date:",
        [*reversed(choices), PAST_DATE],
        0,
        False,
    )
    if not ok:
        return
    if choice == PAST_DATE:
        text, ok = QInputDialog.getText(view.widget(), "A past date", "Date (YYYY-MM-DD):")
        if not ok:
            return
        try:
            day = dt.date.fromisoformat(text.strip())
        except ValueError:
            raise UserError(f"'{text}' is not a date of the form YYYY-MM-DD.") from None
        board = rounds.board_on(day, session.agreement.id)
        view.refresh(session.show_past(board, f"the board as it stood on {long_date(day)}"))
        return
    round_ = closed[choices.index(choice)]
    board = rounds.board_at_round(round_.id)
    label = f"the board as round “{round_.title}” recorded it, as of {long_date(round_.as_of)}"
    view.refresh(session.show_past(board, label))


def _export_memo(view: DeskView) -> None:
    # Loaded at first use: the memo's modules are not needed for the first paint.
    from vision_desk.ui.memo_export import export_memo

    export_memo(view)


COMMANDS: tuple[Command, ...] = (
    Command(
        "clause.next_unassessed",
        "Next clause not yet assessed in the round",
        ("u",),
        REVIEW,
        lambda view: view.refresh(view.session.next_unassessed()),
        STORE,
    ),
    Command("round.open", "Open a review round", ("Ctrl+Shift+N",), REVIEW, open_round, STORE),
    Command(
        "round.close",
        "Close the review round (submits it for review)",
        ("Ctrl+Shift+E",),
        REVIEW,
        close_round,
        STORE,
    ),
    Command(
        "round.review",
        "Mark the last closed round reviewed",
        ("Ctrl+Shift+R",),
        REVIEW,
        lambda view: _sign(view, Step.REVIEWED),
        STORE,
    ),
    Command(
        "round.approve",
        "Approve the last closed round (sign-off)",
        ("Ctrl+Shift+O",),
        REVIEW,
        lambda view: _sign(view, Step.APPROVED),
        STORE,
    ),
    Command(
        "round.compare", "What changed between rounds", ("Ctrl+Shift+D",), REVIEW, compare, STORE
    ),
    Command(
        "view.past",
        "See the board at a closed round or past date",
        ("Ctrl+Shift+P",),
        REVIEW,
        view_past,
        STORE,
    ),
    Command(
        "view.live",
        "Back to the live board",
        ("Ctrl+Shift+L",),
        REVIEW,
        lambda view: view.refresh(view.session.back_to_live()),
        STORE,
    ),
    Command(
        "memo.export", "Export the review memo (PDF)", ("Ctrl+E",), REVIEW, _export_memo, STORE
    ),
    Command(
        "filter.due_review",
        "Show only what is due for review (toggle)",
        ("Shift+R",),
        REVIEW,
        lambda view: view.refresh(view.session.toggle("due_review")),
        STORE,
    ),
)
