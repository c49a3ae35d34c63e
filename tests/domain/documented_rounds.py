"""docs/rounds.md read as data: its fenced blocks, and a round it shows as JSON
turned into Vision Desk's own types (for the program's serialiser to hash)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from vision_desk.domain.review import PartyAssessment
from vision_desk.domain.rounds import Round, RoundRecord
from vision_desk.domain.status import Status

ROUNDS_DOC = Path(__file__).resolve().parents[2] / "docs" / "rounds.md"


def blocks(text: str, language: str) -> list[str]:
    """The fenced blocks of ``language`` in a Markdown text, in order."""
    return re.findall(rf"```{language}\n(.*?)```", text, flags=re.DOTALL)


def round_from_shown(shown: dict[str, Any]) -> tuple[Round, list[RoundRecord]]:
    """A round as ``round show --json`` prints it, as Vision Desk's own types."""
    round_ = Round(
        id=shown["id"],
        agreement_id=shown["agreement"],
        title=shown["title"],
        as_of=dt.date.fromisoformat(shown["as_of"]),
        opened_at=dt.datetime.fromisoformat(shown["opened_at"]),
        opened_by=shown["opened_by"],
    )
    records = [
        RoundRecord(
            record["ref"],
            Status(record["status"]),
            record["carried_over"],
            None
            if record["assessed_at"] is None
            else dt.datetime.fromisoformat(record["assessed_at"]),
            record["assessed_by"],
            record["rationale"],
            tuple(
                PartyAssessment(party, Status(status))
                for party, status in sorted((record.get("parts") or {}).items())
            ),
            tuple(sorted(record.get("evidence") or ())),
        )
        for record in shown["records"]
    ]
    return round_, records
