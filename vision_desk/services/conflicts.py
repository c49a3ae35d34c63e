"""How a refused change is told: one sentence naming whose change came first."""

from __future__ import annotations

from vision_desk.domain.review import ClauseState
from vision_desk.domain.status import Status


def conflict_message(ref: str, theirs: ClauseState, mine: Status) -> str:
    """One sentence naming a conflict: whose change, when, and what was not saved."""
    if theirs.changed_by is None or theirs.changed_at is None:
        return (
            f"{ref} is not at the version you read (it is {theirs.status.label}, version "
            f"{theirs.version}); your {mine.label} was not saved."
        )
    return (
        f"{ref} was set to {theirs.status.label} by {theirs.changed_by} at "
        f"{theirs.changed_at:%d %b %Y %H:%M} UTC after you read it; your {mine.label} "
        "was not saved."
    )
