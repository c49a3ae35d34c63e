"""``vision-desk round review|approve [ID]``, and how a round's sign-off is shown by
``round list`` and ``round show`` (text and JSON: add keys, never rename them)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from vision_desk.domain.signoff import Signature, SignOff, Step

if TYPE_CHECKING:
    from vision_desk.services.desk import Desk

ONE_OFFICER = (
    "This desk is one officer's own store: the officer holds every role, so each step "
    "of sign-off is the officer's own."
)


def add_steps(verbs: Any) -> list[argparse.ArgumentParser]:
    """The sign-off verbs of ``round``; their parsers, for the shared options."""
    added = []
    for step, doing in (
        (Step.REVIEWED, "mark a closed round reviewed (a reviewer; not your own submission)"),
        (Step.APPROVED, "approve a reviewed round (a director; not your own submission)"),
    ):
        verb = verbs.add_parser("review" if step is Step.REVIEWED else "approve", help=doing)
        verb.add_argument(
            "id", type=int, nargs="?", help="the round (default: the last one closed)"
        )
        added.append(verb)
    return added


def run_step(arguments: argparse.Namespace, desk: Desk, agreement_id: str) -> int:
    from vision_desk.services.signoff import SignOffs

    step = Step.REVIEWED if arguments.round_command == "review" else Step.APPROVED
    sign_offs = SignOffs(desk)
    signed = sign_offs.take(step, arguments.id, agreement_id)
    round_ = signed.round
    print(
        f"Round {round_.id} '{round_.title}' is {signed.stage.label}; "
        f"{desk.author} signed content hash {round_.content_hash}."
    )
    if sign_offs.one_officer:
        print(ONE_OFFICER)
    return 0


def sign_off_json(sign_off: SignOff) -> dict[str, Any]:
    return {
        "stage": sign_off.stage.value,
        "submitted_by": sign_off.submitted_by,
        "submitted_at": None
        if sign_off.submitted_at is None
        else sign_off.submitted_at.isoformat(),
        "reviewed": _signature_json(sign_off.reviewed),
        "approved": _signature_json(sign_off.approved),
    }


def _signature_json(signature: Signature | None) -> dict[str, Any] | None:
    if signature is None:
        return None
    return {
        "by": signature.signed_by,
        "at": signature.signed_at.isoformat(),
        "hash": signature.content_hash,
    }


def sign_off_lines(sign_off: SignOff) -> list[str]:
    """What ``round show`` says of the sign-off, one line per step so far."""
    lines = [f"Sign-off: {sign_off.stage.label}"]
    for label, signature in (("Reviewed", sign_off.reviewed), ("Approved", sign_off.approved)):
        if signature is not None:
            lines.append(f"{label} {signature.signed_at:%Y-%m-%d %H:%M} by {signature.signed_by}")
    return lines
