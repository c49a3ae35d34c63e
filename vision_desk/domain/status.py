"""The two status scales: the Peace Accords Matrix for commitments, and principles.

Scored clauses (commitments and related undertakings) use the Kroc Institute's
0–3 implementation scale, with "not assessed" and "overtaken" beside it and never
counted as a score. Standing principles are not completed; they are upheld or not.
"""

from __future__ import annotations

from enum import StrEnum

from vision_desk.domain.agreement import Clause, ClauseKind
from vision_desk.errors import UserError


class Status(StrEnum):
    NOT_ASSESSED = "not_assessed"
    # Commitments (Peace Accords Matrix)
    NOT_STARTED = "not_started"
    INITIATED = "initiated"
    ADVANCED = "advanced"
    COMPLETED = "completed"
    OVERTAKEN = "overtaken"
    # Principles
    UPHELD = "upheld"
    STRAINED = "strained"
    BREACHED = "breached"

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS = {
    Status.NOT_ASSESSED: "Not assessed",
    Status.NOT_STARTED: "Not started",
    Status.INITIATED: "Initiated",
    Status.ADVANCED: "Advanced",
    Status.COMPLETED: "Completed",
    Status.OVERTAKEN: "Overtaken",
    Status.UPHELD: "Upheld",
    Status.STRAINED: "Strained",
    Status.BREACHED: "Breached",
}

COMMITMENT_SCALE: tuple[Status, ...] = (
    Status.NOT_ASSESSED,
    Status.NOT_STARTED,
    Status.INITIATED,
    Status.ADVANCED,
    Status.COMPLETED,
    Status.OVERTAKEN,
)
PRINCIPLE_SCALE: tuple[Status, ...] = (
    Status.NOT_ASSESSED,
    Status.UPHELD,
    Status.STRAINED,
    Status.BREACHED,
)

_SCORES: dict[Status, int] = {
    Status.NOT_STARTED: 0,
    Status.INITIATED: 1,
    Status.ADVANCED: 2,
    Status.COMPLETED: 3,
}

# Machine name to status: a plain lookup for reading thousands of stored rows.
STATUS_BY_VALUE: dict[str, Status] = {status.value: status for status in Status}

# Statuses that end a commitment's clock: it can no longer be overdue.
CLOSED_STATUSES = frozenset({Status.COMPLETED, Status.OVERTAKEN})


def scale_for(kind: ClauseKind) -> tuple[Status, ...]:
    return PRINCIPLE_SCALE if kind is ClauseKind.PRINCIPLE else COMMITMENT_SCALE


def score_of(status: Status) -> int | None:
    """The 0–3 score, or None for statuses that are not a score (never counted as 0)."""
    return _SCORES.get(status)


def status_for_score(score: int) -> Status:
    for status, value in _SCORES.items():
        if value == score:
            return status
    raise UserError(f"{score} is not a score; scores run from 0 (not started) to 3 (completed).")


def parse_status(text: str, clause: Clause) -> Status:
    """Read a machine name such as ``advanced`` for ``clause``, checking its scale."""
    scale = scale_for(clause.kind)
    names = ", ".join(s.value for s in scale)
    try:
        status = Status(text.strip().lower())
    except ValueError:
        raise UserError(f"'{text}' is not a status; {clause.ref} takes one of: {names}.") from None
    if status not in scale:
        raise UserError(
            f"'{status.value}' is not on the scale of {clause.ref}, a {clause.kind.value}; "
            f"it takes one of: {names}."
        )
    return status
