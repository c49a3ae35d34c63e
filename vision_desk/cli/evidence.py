"""``vision-desk evidence …``, ``confidence`` and ``position``: the evidence behind
an assessment, its confidence, and the parties' stated positions (docs/evidence.md).

The JSON shapes are a contract: add keys, never rename them.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from vision_desk import paths
from vision_desk.cli import text_io
from vision_desk.domain.evidence import CREDIBILITY, RELIABILITY, ClauseConfidence, EvidenceKind
from vision_desk.errors import UserError
from vision_desk.services.evidence_json import confidence_json, item_json, position_json

if TYPE_CHECKING:
    from vision_desk.domain.disputes import PartyPosition
    from vision_desk.domain.evidence import EvidenceItem
    from vision_desk.services.desk import Desk

COMMANDS = ("evidence", "confidence", "position")
_GRADE_HELP = (
    "the Admiralty grade: the source's reliability A-F ("
    + ", ".join(f"{key} {words}" for key, words in RELIABILITY.items())
    + ") then the information's credibility 1-6 ("
    + ", ".join(f"{key} {words}" for key, words in CREDIBILITY.items())
    + "), as in B2"
)


def add_parsers(commands: Any, date: Any) -> None:
    """Add ``evidence``, ``confidence`` and ``position`` to the program's parser."""
    evidence = commands.add_parser(
        "evidence", help="the evidence behind assessments: add, list, show, cite, save, open"
    )
    verbs = evidence.add_subparsers(dest="evidence_command", metavar="ACTION", required=True)
    adding = verbs.add_parser("add", help="record an item of evidence for one or more clauses")
    adding.add_argument("refs", nargs="+", metavar="REF", help="the clauses it supports")
    adding.add_argument(
        "--kind", required=True, choices=[kind.value for kind in EvidenceKind], help="what it is"
    )
    adding.add_argument("--title", required=True, help="what it is called or says, one line")
    adding.add_argument("--source", required=True, help="who produced it, one line")
    adding.add_argument("--date", required=True, type=date, help="its date")
    adding.add_argument("--grade", required=True, metavar="GRADE", help=_GRADE_HELP)
    adding.add_argument("--locator", default="", help="where in it: a page, an item, a link")
    adding.add_argument(
        "--file",
        type=Path,
        help="a PDF, PNG, JPEG or plain-text file (at most 25 MB) to keep with it, copied "
        "into the store and checked by its SHA-256",
    )
    listing = verbs.add_parser("list", help="the evidence cited for a clause")
    listing.add_argument("ref", metavar="REF")
    showing = verbs.add_parser("show", help="one item of evidence")
    citing = verbs.add_parser("cite", help="cite a recorded item for one more clause")
    saving = verbs.add_parser("save", help="write an item's file, checked, to a path")
    opening = verbs.add_parser("open", help="open an item's file with the system's viewer")
    for parser in (showing, citing, saving, opening):
        parser.add_argument("evidence_id", type=int, metavar="ID")
    citing.add_argument("ref", metavar="REF")
    saving.add_argument("--out", type=Path, required=True, metavar="FILE")
    for parser in (listing, showing):
        parser.add_argument("--json", action="store_true")

    confidence = commands.add_parser(
        "confidence", help="an assessment's confidence from its evidence; override it"
    )
    confidence.add_argument("ref", metavar="REF")
    confidence.add_argument(
        "level", nargs="?", choices=("high", "medium", "low", "rule"),
        help="set the officer's own confidence (rule: back to the rule's); needs --reason",
    )  # fmt: skip
    confidence.add_argument("--reason", metavar="TEXT", help="why, when overriding")
    confidence.add_argument("--json", action="store_true")

    position = commands.add_parser("position", help="the parties' stated positions")
    position_verbs = position.add_subparsers(
        dest="position_command", metavar="ACTION", required=True
    )
    recording = position_verbs.add_parser("record", help="record what a party says it has done")
    recording.add_argument("ref", metavar="REF")
    recording.add_argument("party", metavar="PARTY", help="its code or name")
    recording.add_argument("status", metavar="STATUS", help="the status the party claims")
    recording.add_argument("--claim", required=True, help="what it said, one line")
    recording.add_argument("--where", required=True, help="where it was said, one line")
    recording.add_argument("--on", required=True, type=date, metavar="DATE", help="when")
    position_list = position_verbs.add_parser("list", help="every stated position")
    position_list.add_argument("--json", action="store_true")
    for parser in (adding, listing, showing, citing, saving, opening, confidence, recording,
                   position_list):  # fmt: skip
        parser.add_argument("--agreement", metavar="ID", help="the agreement (default: last used)")


def run(arguments: argparse.Namespace, desk: Desk, agreement_id: str) -> int:
    from vision_desk.services.evidence import Evidence

    evidence = Evidence(desk)
    if arguments.command == "confidence":
        return _confidence(arguments, evidence, agreement_id)
    if arguments.command == "position":
        return _position(arguments, evidence, agreement_id)
    action = arguments.evidence_command
    if action == "add":
        from vision_desk.services.evidence import NewItem

        new = NewItem(
            arguments.kind, arguments.title, arguments.source, arguments.date,
            arguments.grade, arguments.locator,
        )  # fmt: skip
        item = evidence.add(arguments.refs, new, arguments.file, agreement_id)
        kept = f"; file {item.attachment.name}, SHA-256 {item.attachment.sha256}" if (
            item.attachment
        ) else ""  # fmt: skip
        print(f"Evidence {item.id} ({item.grade}) recorded for {', '.join(item.refs)}{kept}.")
    elif action == "list":
        items = evidence.of_clause(arguments.ref, agreement_id)
        if arguments.json:
            level = evidence.confidence(arguments.ref, agreement_id)
            text_io.print_json(
                {"items": [item_json(item) for item in items], "confidence": confidence_json(level)}
            )
        else:
            print("\n".join(item_line(item) for item in items) or "No evidence cited yet.")
    elif action == "show":
        item = evidence.get(arguments.evidence_id)
        if arguments.json:
            text_io.print_json(item_json(item))
        else:
            print(item_line(item))
    elif action == "cite":
        added = evidence.cite(arguments.evidence_id, arguments.ref)
        print(f"Evidence {arguments.evidence_id} {'now' if added else 'already'} supports "
              f"{arguments.ref.upper()}.")  # fmt: skip
    elif action == "save":
        from vision_desk.services.output_paths import write_output

        _attachment, content = evidence.attachment(arguments.evidence_id)
        write_output(arguments.out, content, paths.resolve(arguments.data_dir))
        print(f"Saved to {arguments.out}.")
    else:
        folder = paths.resolve(arguments.data_dir).viewer_copies
        _open_with_viewer(evidence.write_for_viewer(arguments.evidence_id, folder))
    return 0


def _open_with_viewer(path: Path) -> None:
    """Ask the system's viewer to open the checked copy: Vision Desk itself never
    opens or runs an attachment."""
    opener = {"darwin": ["open"], "win32": []}.get(sys.platform, ["xdg-open"])
    if not opener:
        import os

        os.startfile(path)  # type: ignore[attr-defined]  # noqa: S606 (Windows only)
    else:
        try:
            subprocess.run([*opener, str(path)], check=False, timeout=30)
        except FileNotFoundError:
            raise UserError(
                f"No system viewer is set up ({opener[0]} is missing); the checked copy is "
                f"at {path}."
            ) from None
        except subprocess.TimeoutExpired:
            raise UserError(
                f"The system viewer did not answer; the checked copy is at {path}."
            ) from None
    print(f"Opened {path.name} with the system's viewer ({path}).")


def _confidence(arguments: argparse.Namespace, evidence: Any, agreement_id: str) -> int:
    if arguments.level is None and arguments.reason:
        raise UserError("Give the level the reason is for (high, medium, low or rule).")
    if arguments.level is None:
        level: ClauseConfidence = evidence.confidence(arguments.ref, agreement_id)
    else:
        if not arguments.reason:
            raise UserError("Say why with --reason; the confidence was not changed.")
        chosen = None if arguments.level == "rule" else arguments.level
        level = evidence.override_confidence(arguments.ref, chosen, arguments.reason, agreement_id)
    if arguments.json:
        text_io.print_json(confidence_json(level))
    else:
        print(confidence_text(arguments.ref.upper(), level))
    return 0


def _position(arguments: argparse.Namespace, evidence: Any, agreement_id: str) -> int:
    if arguments.position_command == "record":
        position = evidence.record_position(
            arguments.ref, arguments.party, arguments.status, arguments.claim,
            arguments.where, arguments.on, agreement_id,
        )  # fmt: skip
        print(f"Recorded: {position.party} says {position.ref} is {position.claimed.label}.")
        return 0
    positions: list[PartyPosition] = evidence.positions(agreement_id)
    if arguments.json:
        text_io.print_json([position_json(position) for position in positions])
    else:
        print("\n".join(
            f"{p.ref}  {p.party}  {p.claimed.value:<12} {p.said_on}  {p.claim} ({p.where})"
            for p in positions
        ) or "No stated position recorded.")  # fmt: skip
    return 0


def item_line(item: EvidenceItem) -> str:
    kept = f"  [{item.attachment.name}, {item.attachment.sha256[:12]}…]" if item.attachment else ""
    where = f", {item.locator}" if item.locator else ""
    return (
        f"{item.id:>4}  {item.grade}  {item.date}  {item.kind.label}: {item.title} "
        f"({item.source}{where}){kept}"
    )


def confidence_text(ref: str, level: ClauseConfidence) -> str:
    if level.override is None:
        return f"{ref}: confidence {level.level.value} (by the rule)."
    return (
        f"{ref}: confidence {level.level.value} (set by {level.override.by}: "
        f"{level.override.reason}; the rule gives {level.by_rule.value})."
    )
