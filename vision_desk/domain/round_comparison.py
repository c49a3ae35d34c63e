"""What changed between two closed rounds, clause by clause: the rows of the
comparison the desk shows, the CSV holds and the memo prints, and the words that
explain each category."""

from __future__ import annotations

from dataclasses import dataclass

from vision_desk.domain.status import Status

# Each category a compared clause can fall in, and what it means, in the order
# they are shown. A clause can be in more than one (improved and newly overdue).
CATEGORY_WORDS: dict[str, str] = {
    "improved": "higher on its scale than in the earlier round",
    "regressed": "lower on its scale than in the earlier round",
    "newly assessed": "not assessed in the earlier round, assessed in the later",
    "newly overdue": "overdue at the later round's date and not at the earlier's",
    "stalled": (
        "a commitment still under way (not started, initiated or advanced) with the same "
        "status in both rounds: no movement over two closed rounds"
    ),
    "other change": (
        "moved to or from overtaken, or back to not assessed: neither better nor worse"
    ),
    "unchanged": "the same status in both rounds",
}


@dataclass(frozen=True, slots=True)
class ComparedClause:
    ref: str
    title: str
    status_then: Status
    status_now: Status
    overdue_then: bool
    overdue_now: bool
    categories: tuple[str, ...]  # keys of CATEGORY_WORDS

    @property
    def changed(self) -> bool:
        """Whether the comparison has anything to say about it (not merely unchanged)."""
        return self.categories != ("unchanged",)

    def status_text(self, arrow: str = " → ") -> str:
        """ "Initiated → Advanced"; one status when it did not change. (The memo's
        fonts have no arrow: it passes " to ".)"""
        if self.status_then is self.status_now:
            return self.status_now.label
        return f"{self.status_then.label}{arrow}{self.status_now.label}"

    def overdue_text(self, arrow: str = " → ") -> str:
        def word(overdue: bool) -> str:
            return "overdue" if overdue else "not overdue"

        if self.overdue_then == self.overdue_now:
            return word(self.overdue_now)
        return f"{word(self.overdue_then)}{arrow}{word(self.overdue_now)}"


def comparison_csv_rows(rows: tuple[ComparedClause, ...]) -> list[list[str]]:
    """The comparison as CSV rows, a header first: what the desk exports."""
    table = [
        [
            "reference",
            "title",
            "status then",
            "status now",
            "overdue then",
            "overdue now",
            "categories",
        ]
    ]
    for row in rows:
        table.append(
            [
                row.ref,
                row.title,
                row.status_then.label,
                row.status_now.label,
                "yes" if row.overdue_then else "no",
                "yes" if row.overdue_now else "no",
                "; ".join(row.categories),
            ]
        )
    return table
