"""What every part of the memo is built with: the snapshot, the typesetter, the
styles; and small wordings more than one part uses."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable

from vision_desk.domain.agreement import Agreement, Clause, ClauseKind
from vision_desk.domain.deadlines import resolve_clause
from vision_desk.domain.memo import MemoSnapshot
from vision_desk.domain.review import BoardRow
from vision_desk.export.pages import mark_outline
from vision_desk.export.styles import MemoStyles
from vision_desk.export.text import Part, Typesetter, Words, format_date

KIND_NAMES = {
    ClauseKind.COMMITMENT: "Commitment",
    ClauseKind.PRINCIPLE: "Principle",
    ClauseKind.RELATED: "Related undertaking",
}

Heads = list[tuple[Sequence[Part], ParagraphStyle]]

# The numbered sections, in the memo's order. Reciprocity is there only where the
# agreement has two parties or more; the disputed assessments always (one sentence
# when there are none); sign-off only once a round is submitted, last.
SECTIONS = (
    "summary",
    "deadlines",
    "changes",
    "reciprocity",
    "disputes",
    "assessments",
    "sign-off",
)


@dataclass(frozen=True, slots=True)
class Kit:
    """What every section builder needs."""

    snapshot: MemoSnapshot
    typesetter: Typesetter
    styles: MemoStyles

    def text(self, text: str, style: ParagraphStyle) -> Flowable:
        return self.typesetter.text(text, style)

    def number(self, section: str) -> int:
        """The section's number (``SECTIONS``): the sections after one left out count on
        from the one before it, so that the numbers have no gap."""
        present = [
            key
            for key in SECTIONS
            if key != "reciprocity" or compares_parties(self.snapshot.agreement)
        ]
        return present.index(section) + 1

    def heading(
        self, title: str, key: str, level: int = 0, style: ParagraphStyle | None = None
    ) -> Flowable:
        """A section heading with its bookmark (``level`` 0 is a section)."""
        flowable = self.typesetter.text(title, style or self.styles.heading1)
        return mark_outline(flowable, title, level, key)


def compares_parties(agreement: Agreement) -> bool:
    """Whether the memo compares the parties (reciprocity, the index of each)."""
    return len(agreement.parties) >= 2


def parties_text(agreement: Agreement, codes: Sequence[str]) -> str:
    """The parties by the names the agreement file gives them ("Republic of
    Veltria"); a version-1 file's ISO codes by their built-in names, as before."""
    names = [agreement.party_name(code) for code in codes]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def clause_head(clause: Clause) -> list[Part]:
    """A clause's heading: the project's reference, the document's own numbering
    beside it when the file gives one, then the title."""
    if not clause.numbering:
        return [Words(clause.ref + "   "), clause.title]
    return [Words(clause.ref + "  ("), clause.numbering, Words(")   "), clause.title]


def title_cell(kit: Kit, clause: Clause) -> list[Flowable]:
    """A table's cell naming a clause: its title, and under it, muted, the
    document's own numbering when the file gives one."""
    cell = [kit.text(clause.title, kit.styles.cell)]
    if clause.numbering:
        cell.append(kit.text(clause.numbering, kit.styles.cell_muted))
    return cell


def deadline_facts(agreement: Agreement, row: BoardRow) -> list[str]:
    """The deadline as the document words it, with the date it is measured against.
    A deadline counted from an event gives its rule and the date the rule gives
    ("135 days after signature (29 February 2020): 13 July 2020"), or says it is
    waiting on the event, which is never overdue."""
    clause = row.clause
    if clause.due is not None:
        return [f"{clause.due.label} (latest {format_date(clause.due.latest)})"]
    resolved = resolve_clause(agreement, clause, row.event_dates, row.as_of)
    if resolved is None:
        return []
    return [resolved.relative.label, resolved.text]


def continued_head(kit: Kit, clause: Clause) -> Callable[[], Flowable]:
    """What opens a page that goes on with ``clause``: its reference and title."""

    def make() -> Flowable:
        return kit.typesetter.compose(
            kit.styles.continued, Words(clause.ref + "   "), clause.title, Words("  (continued)")
        )

    return make
