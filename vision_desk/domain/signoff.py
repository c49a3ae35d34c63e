"""Sign-off of a review round: submitted, reviewed, approved.

A round goes open → submitted → reviewed → approved. Closing a round submits it:
its record is sealed and hashed then (docs/rounds.md), and the officer who closed it
is its submitter. A reviewer then marks it reviewed and a director approves it.
Each step names the content hash it signed, so an approval speaks for exactly the
record that was approved; after approval the round takes no further step.

On a team desk nobody reviews or approves their own submission, and the server
enforces it with the roles of the connection. An officer's own store has one officer,
who holds every role: the same steps exist, and the memo says so plainly.

Pure rules here; the store keeps the steps and its triggers refuse what these refuse.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from vision_desk.domain.rounds import Round
from vision_desk.domain.typed_dates import display_date


class Step(StrEnum):
    REVIEWED = "reviewed"
    APPROVED = "approved"


class Stage(StrEnum):
    OPEN = "open"
    SUBMITTED = "submitted"
    REVIEWED = "reviewed"
    APPROVED = "approved"

    @property
    def label(self) -> str:
        return {
            Stage.OPEN: "open",
            Stage.SUBMITTED: "submitted, awaiting review",
            Stage.REVIEWED: "reviewed, awaiting approval",
            Stage.APPROVED: "approved",
        }[self]


@dataclass(frozen=True, slots=True)
class Signature:
    """One step of sign-off: who took it, when, and the hash it signed."""

    step: Step
    signed_by: str
    signed_at: dt.datetime
    content_hash: str
    # Checked by a team desk's server (roles, its own clock); False for a step taken
    # on an officer's own store, where one officer holds every role.
    checked_by_server: bool = False


@dataclass(frozen=True, slots=True)
class SignOff:
    """A round and the steps of sign-off it has had."""

    round: Round
    reviewed: Signature | None = None
    approved: Signature | None = None

    @property
    def stage(self) -> Stage:
        if self.round.is_open:
            return Stage.OPEN
        if self.approved is not None:
            return Stage.APPROVED
        if self.reviewed is not None:
            return Stage.REVIEWED
        return Stage.SUBMITTED

    @property
    def submitted_by(self) -> str | None:
        return self.round.closed_by

    @property
    def submitted_at(self) -> dt.datetime | None:
        return self.round.closed_at

    @property
    def steps(self) -> tuple[Signature, ...]:
        return tuple(each for each in (self.reviewed, self.approved) if each is not None)

    @property
    def taken_on_own_store(self) -> bool:
        """Some step was taken where one officer holds every role (no server checked
        that the reviewer or approver was another officer)."""
        return any(not each.checked_by_server for each in self.steps)

    @property
    def signed_its_hash(self) -> bool:
        """Every step names the round's content hash (what an approval is bound to)."""
        return all(
            signature.content_hash == self.round.content_hash
            for signature in (self.reviewed, self.approved)
            if signature is not None
        )

    @property
    def next_step(self) -> Step | None:
        return {Stage.SUBMITTED: Step.REVIEWED, Stage.REVIEWED: Step.APPROVED}.get(self.stage)

    def with_signature(self, signature: Signature) -> SignOff:
        if signature.step is Step.REVIEWED:
            return SignOff(self.round, signature, self.approved)
        return SignOff(self.round, self.reviewed, signature)


def refusal(sign_off: SignOff, step: Step, by: str, *, one_officer: bool) -> str | None:
    """Why ``by`` may not take ``step`` now, in one sentence; None if they may.

    ``one_officer``: an officer's own store, where the officer holds every role, so
    signing one's own submission is how it is done there."""
    round_ = sign_off.round
    name = f"Round {round_.id} “{round_.title}”"
    stage = sign_off.stage
    if stage is Stage.OPEN:
        return f"{name} is still open; closing it submits it for review."
    if stage is Stage.APPROVED:
        assert sign_off.approved is not None
        return (
            f"{name} was approved by {sign_off.approved.signed_by}; an approved round is "
            "sealed and takes no further step."
        )
    if step is Step.REVIEWED and stage is Stage.REVIEWED:
        assert sign_off.reviewed is not None
        return f"{name} was already reviewed by {sign_off.reviewed.signed_by}."
    if step is Step.APPROVED and stage is Stage.SUBMITTED:
        return f"{name} must be reviewed before it is approved."
    if not one_officer and by == sign_off.submitted_by:
        doing = "review" if step is Step.REVIEWED else "approve"
        return f"{name} was submitted by you; another officer must {doing} it."
    return None


def signed_lines(sign_off: SignOff) -> list[tuple[str, str | None, dt.datetime | None]]:
    """(step, who, when) for each step so far, in order: what a memo prints."""
    lines: list[tuple[str, str | None, dt.datetime | None]] = []
    if sign_off.stage is Stage.OPEN:
        return lines
    lines.append(("Submitted", sign_off.submitted_by, sign_off.submitted_at))
    for label, signature in (("Reviewed", sign_off.reviewed), ("Approved", sign_off.approved)):
        if signature is not None:
            lines.append((label, signature.signed_by, signature.signed_at))
    return lines


def summary_line(sign_off: SignOff | None, review_keys: str, approve_keys: str) -> str:
    """What the summary says of the last round closed when none is open: its
    stage, and the key that takes the next step."""
    if sign_off is None or sign_off.round.is_open:
        return ""
    title = f"Round “{sign_off.round.title}”"
    if sign_off.approved is not None:
        return (
            f"{title} approved by {sign_off.approved.signed_by}, "
            f"{display_date(sign_off.approved.signed_at.date())}"
        )
    keys = review_keys if sign_off.next_step is Step.REVIEWED else approve_keys
    return f"{title} {sign_off.stage.label} ({keys})" if keys else f"{title} {sign_off.stage.label}"
