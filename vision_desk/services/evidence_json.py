"""Evidence, confidence and stated positions as JSON: the command line's output and
the export's, one shape for both (a contract: add keys, never rename them)."""

from __future__ import annotations

from typing import Any

from vision_desk.domain.disputes import PartyPosition
from vision_desk.domain.evidence import ClauseConfidence, EvidenceItem


def item_json(item: EvidenceItem) -> dict[str, Any]:
    attachment = item.attachment
    return {
        "id": item.id,
        "kind": item.kind.value,
        "title": item.title,
        "source": item.source,
        "date": item.date.isoformat(),
        "locator": item.locator,
        "reliability": item.reliability,
        "credibility": item.credibility,
        "grade": item.grade,
        "recorded_at": item.recorded_at.isoformat(),
        "recorded_by": item.recorded_by,
        "refs": list(item.refs),
        "digest": item.digest,
        "file": None
        if attachment is None
        else {
            "name": attachment.name,
            "type": attachment.media_type,
            "size": attachment.size,
            "sha256": attachment.sha256,
        },
    }


def confidence_json(level: ClauseConfidence) -> dict[str, Any]:
    override = level.override
    return {
        "level": level.level.value,
        "by_rule": level.by_rule.value,
        "override": None
        if override is None
        else {
            "level": override.level.value,
            "reason": override.reason,
            "at": override.at.isoformat(),
            "by": override.by,
        },
    }


def position_json(position: PartyPosition) -> dict[str, Any]:
    return {
        "id": position.id,
        "ref": position.ref,
        "party": position.party,
        "claimed": position.claimed.value,
        "claim": position.claim,
        "where": position.where,
        "said_on": position.said_on.isoformat(),
        "recorded_at": position.recorded_at.isoformat(),
        "recorded_by": position.recorded_by,
    }
