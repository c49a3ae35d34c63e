"""How a refused change is told: one sentence naming whose change came first."""

from __future__ import annotations

from vision_desk.domain.agreement import Agreement, Clause
from vision_desk.domain.party_status import describe_parts, split_status
from vision_desk.domain.review import ClauseState
from vision_desk.domain.status import Status
from vision_desk.domain.typed_dates import display_moment


def status_conflict(
    agreement: Agreement, clause: Clause, theirs: ClauseState, mine: Status, party: str | None
) -> str:
    """``conflict_message`` for a status (``party``'s part, a code, when given): on a
    clause assessed per party, every party it binds, one without a part "not
    assessed"."""
    whole = split_status(clause, theirs.parts).parts if theirs.parts else ()
    whose = "" if party is None else f" for {agreement.party_name(party)}"
    return conflict_message(clause.ref, theirs, mine, describe_parts(agreement, whole), whose)


def conflict_message(
    ref: str, theirs: ClauseState, mine: Status, parts: str = "", whose: str = ""
) -> str:
    """One sentence naming a conflict: whose change, when, and what was not saved.
    ``parts``: the clause's parts as they now stand, in words, when it is assessed
    per party (the change that came first may have been one party's part, not the
    whole); ``whose``: the party whose part was refused (" for Pakistan")."""
    refused = f"your {mine.label}{whose} was not saved."
    if theirs.changed_by is None or theirs.changed_at is None:
        return (
            f"{ref} is not at the version you read (it is {theirs.status.label}, version "
            f"{theirs.version}); {refused}"
        )
    when = f"{theirs.changed_by} at {display_moment(theirs.changed_at)} UTC"
    if parts:
        return f"{ref} was changed by {when} after you read it (now {parts}); {refused}"
    return f"{ref} was set to {theirs.status.label} by {when} after you read it; {refused}"
