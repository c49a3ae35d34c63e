"""``set`` and ``note``: the officer's assessments from the command line, for the
whole clause or, with ``--party``, for one party's part of a clause that binds
several."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from vision_desk.cli import text_io
from vision_desk.domain.agreement import ClauseKind
from vision_desk.domain.status import Status, status_for_score
from vision_desk.errors import UserError

if TYPE_CHECKING:
    from vision_desk.services.desk import Desk

SCORES = {"0": "not started", "1": "initiated", "2": "advanced", "3": "completed"}
PARTY_HELP = (
    "for a clause that binds several parties: the party whose part this is (its code, "
    "such as PK, or its name); the clause's status then follows from its parties' parts"
)


def add_parsers(commands: Any, agreement_option: Callable[[argparse.ArgumentParser], None]) -> None:
    """Add ``set`` and ``note`` to the program's parser."""
    set_ = commands.add_parser("set", help="change a clause's status")
    set_.add_argument("ref")
    set_.add_argument(
        "status",
        help="a status (not_started, initiated, advanced, completed, overtaken; for a "
        "principle upheld, strained, breached), or, as the desk's keys, the score of a "
        "commitment or related undertaking: "
        + ", ".join(f"{digit} {words}" for digit, words in SCORES.items()),
    )
    set_.add_argument(
        "--note",
        metavar="TEXT",
        help="a note giving the reason; an empty or blank TEXT is refused and nothing is changed",
    )
    set_.add_argument("--party", metavar="PARTY", help=PARTY_HELP)
    set_.add_argument(
        "--expect-version",
        type=int,
        metavar="N",
        help="change it only if its status is still at version N (show --json gives it): on a "
        "team desk, refused with exit 1 if someone changed it since",
    )
    agreement_option(set_)

    note = commands.add_parser("note", help="add a note to a clause; prints its id")
    note.add_argument("ref")
    note.add_argument(
        "text",
        help="the note, or - to read it from standard input; an empty or blank note is "
        "refused and nothing is saved",
    )
    note.add_argument("--party", metavar="PARTY", help="the party whose part the note is about")
    agreement_option(note)


def run_set(arguments: argparse.Namespace, desk: Desk, agreement_id: str) -> int:
    status: Status | str = arguments.status
    digits = arguments.status.strip()
    if digits.isascii() and digits.isdigit():
        # The desk's keys: a digit scores a commitment (or related undertaking).
        clause = desk.clause(arguments.ref, agreement_id)
        if clause.kind is ClauseKind.PRINCIPLE:
            raise UserError(
                f"{clause.ref} is a principle: set it upheld, strained or breached "
                f"(a score, such as {digits}, is for commitments)."
            )
        status = status_for_score(int(digits))
    outcome = desk.set_status(
        arguments.ref,
        status,
        arguments.note,
        agreement_id,
        arguments.expect_version,
        party=arguments.party,
    )
    print(outcome.message)
    return 0


def run_note(arguments: argparse.Namespace, desk: Desk, agreement_id: str) -> int:
    text = text_io.read_stdin() if arguments.text == "-" else arguments.text
    outcome = desk.add_note(arguments.ref, text, agreement_id, party=arguments.party)
    print(outcome.note_id)
    return 0
