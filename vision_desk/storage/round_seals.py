"""Do the closed rounds still match their hashes?

A closed round's record is sealed by triggers and by the SHA-256 hash stored when
it closed (docs/rounds.md). The triggers stop the program changing a record; the
hash shows whether anything else did: each is recomputed from the record as it is
now, and each step of sign-off must name it; each file kept with evidence must
still match the SHA-256 it was kept under. Used by the store's check and before a
file may be restored.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from vision_desk.domain.rounds import content_hash
from vision_desk.storage import evidence as evidence_store
from vision_desk.storage import rounds as rounds_store
from vision_desk.storage import signoffs as signoff_store


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
        # A step of sign-off speaks for the hash it names: it must be the round's.
        for signature in signoff_store.signatures(session, [round_.id]).get(round_.id, []):
            if signature.content_hash != round_.content_hash:
                problems.append(
                    f"round {round_.id} '{round_.title}' was {signature.step.value} over "
                    "another hash than its own"
                )
    # The files kept with evidence are sealed by their hashes too (revision 0009).
    for sha256 in evidence_store.damaged_files(session):
        problems.append(f"the file kept with evidence as {sha256[:12]}… no longer matches its hash")
    for item_id in evidence_store.changed_items(session):
        problems.append(f"evidence item {item_id} no longer says what it said when recorded")
    return checked, problems
