"""What every part of the memo is built with: the snapshot, the typesetter, the
styles; and small wordings more than one part uses."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable

from vision_desk.domain.agreement import Clause, ClauseKind
from vision_desk.domain.memo import MemoSnapshot
from vision_desk.domain.parties import party_name
from vision_desk.export.pages import mark_outline
from vision_desk.export.styles import MemoStyles
from vision_desk.export.text import Part, Typesetter, Words

KIND_NAMES = {
    ClauseKind.COMMITMENT: "Commitment",
    ClauseKind.PRINCIPLE: "Principle",
    ClauseKind.RELATED: "Related undertaking",
}

Heads = list[tuple[Sequence[Part], ParagraphStyle]]


@dataclass(frozen=True, slots=True)
class Kit:
    """What every section builder needs."""

    snapshot: MemoSnapshot
    typesetter: Typesetter
    styles: MemoStyles

    def text(self, text: str, style: ParagraphStyle) -> Flowable:
        return self.typesetter.text(text, style)

    def heading(
        self, title: str, key: str, level: int = 0, style: ParagraphStyle | None = None
    ) -> Flowable:
        """A section heading with its bookmark (``level`` 0 is a section)."""
        flowable = self.typesetter.text(title, style or self.styles.heading1)
        return mark_outline(flowable, title, level, key)


def parties_text(codes: Sequence[str]) -> str:
    names = [party_name(code) for code in codes]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def continued_head(kit: Kit, clause: Clause) -> Callable[[], Flowable]:
    """What opens a page that goes on with ``clause``: its reference and title."""

    def make() -> Flowable:
        return kit.typesetter.compose(
            kit.styles.continued, Words(clause.ref + "   "), clause.title, Words("  (continued)")
        )

    return make
