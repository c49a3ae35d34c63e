"""A clause's parts as the store keeps them: one JSON object, party code to status
(``{"AF":"advanced","PK":"initiated"}``), keys sorted, no spaces; NULL for a clause
assessed as a whole.

One writer gives one text for the same parts, so the server can compare a round's
record with the assessment or the state it was taken from as text (revision 0008).
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from vision_desk.domain.review import PartyAssessment
from vision_desk.domain.status import STATUS_BY_VALUE


def parts_json(parts: Iterable[PartyAssessment]) -> str | None:
    """The stored text of ``parts``; None when there are none."""
    by_party = {part.party: part.status.value for part in parts}
    if not by_party:
        return None
    return json.dumps(by_party, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def parts_from_json(stored: str | None) -> tuple[PartyAssessment, ...]:
    """The parts kept in ``stored``, by party code; () for NULL."""
    if not stored:
        return ()
    loaded = json.loads(stored)
    return tuple(
        PartyAssessment(party, STATUS_BY_VALUE[status]) for party, status in sorted(loaded.items())
    )
