"""A status change walked once before the officer's first key, and rolled back.

The first time SQLAlchemy meets a statement it compiles it, and a status change
sends a dozen: the officer's first status key after start took two to three times
as long as the next ones (about 25 ms against 10 on a team desk). Walking the same
path once while the desk goes live, off the window's thread, in a transaction that
is rolled back (``Store.rehearsal``), leaves those statements compiled and changes
nothing: no row, no history, no notification to other desks.
"""

from __future__ import annotations

from vision_desk.domain.status import Status, scale_for
from vision_desk.errors import UserError
from vision_desk.services.desk import Desk


def rehearse_status_change(desk: Desk) -> bool:
    """Walk a status change on the current agreement's first scored clause, rolled
    back; whether it was walked. A store that takes no change, or one busy or
    failing now, is left alone: the first key then pays the compiling itself."""
    store = desk.store
    if getattr(store, "refuse_writes", None) is not None:
        return False
    stored = desk.stored()
    clause = next((each for each in stored.agreement.clauses if each.is_scored), None)
    if clause is None:
        return False
    try:
        state = desk.state(clause.ref, stored.agreement.id)
        other = next(
            status
            for status in scale_for(clause.kind)
            if status not in (state.status, Status.NOT_ASSESSED)
        )
        with store.rehearsal.rehearsing():
            desk.set_status(
                clause.ref, other, agreement_id=stored.agreement.id, expected_version=state.version
            )
    except UserError:  # a StoreError (busy, the server away) or a conflict meanwhile
        return False
    return True
