"""Do the closed rounds still match their hashes?

A closed round's record is sealed by triggers and by the SHA-256 hash stored when
it closed (docs/rounds.md). The triggers stop the program changing a record; the
hash shows whether anything else did: each is recomputed from the record as it is
now. Used by the store's check and before a file may be restored.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from vision_desk.domain.rounds import content_hash
from vision_desk.storage import rounds as rounds_store


def seal_problems(session: Session) -> tuple[int, list[str]]:
    """How many closed rounds were checked, and one phrase for each that no
    longer matches its hash."""
    checked = 0
    problems: list[str] = []
    for round_ in rounds_store.all_rounds(session):
        if round_.is_open:
            continue
        checked += 1
        try:
            matches = content_hash(round_, rounds_store.records(session, round_.id)) == (
                round_.content_hash
            )
        except (KeyError, ValueError):
            # A status or date no Vision Desk writes: the record was changed by hand.
            matches = False
        if not matches:
            problems.append(f"round {round_.id} '{round_.title}' no longer matches its hash")
    return checked, problems
