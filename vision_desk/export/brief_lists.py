"""The brief's lists: what is overdue, what changed since the last round, the
disputes, the next deadlines. Each is a ``brief_fit.Listing``: the fit decides how
many of its items the page shows, and the list says how many more there are.

Titles, references, round titles, party names, what a party said and where are
typed text (the officer's or the agreement file's): set as typed, cut with an
ellipsis where a cell has no room for them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Table

from vision_desk.domain.review import BoardRow
from vision_desk.domain.status import score_of
from vision_desk.export.brief_fit import Listing, Row
from vision_desk.export.brief_style import BriefKit, brief_table_style, clip
from vision_desk.export.evidence import short_date
from vision_desk.export.styles import FRAME_WIDTH
from vision_desk.export.text import Part, Words, count

TITLE_LIMIT = 64  # characters of a clause's title in a cell: two lines at most
REF_LIMIT = 24
SAID_LIMIT = 72
WHERE_LIMIT = 40
NAME_LIMIT = 32
UPCOMING = 5  # the next deadlines the brief lists


def _table(widths: Sequence[float], right: tuple[int, ...] = ()) -> Callable[[list[Row]], Table]:
    def make(rows: list[Row]) -> Table:
        table = Table(rows, colWidths=list(widths), hAlign="LEFT")
        table.setStyle(brief_table_style(right))
        return table

    return make


def _widths(*fixed: float) -> list[float]:
    """Column widths with the second column (the title) taking what is left."""
    widths = [fixed[0], 0.0, *fixed[1:]]
    widths[1] = FRAME_WIDTH - sum(widths)
    return widths


def _header(kit: BriefKit, names: Sequence[str], right: tuple[int, ...] = ()) -> Row:
    styles = kit.styles
    return [
        kit.typesetter.compose(
            styles.cell_header_right if column in right else styles.cell_header, Words(name)
        )
        for column, name in enumerate(names)
    ]


def _heading(kit: BriefKit, *parts: Part) -> Callable[[], Flowable]:
    return lambda: kit.typesetter.compose(kit.styles.heading, *parts)


def _more(kit: BriefKit, singular: str, plural: str) -> Callable[[int], Flowable]:
    """ "and 212 more overdue": how many the page has no room for."""

    def make(number: int) -> Flowable:
        words = f"and {number:,} more {singular if number == 1 else plural}"
        return kit.typesetter.compose(kit.styles.more, Words(words))

    return make


def _sentence(kit: BriefKit, text: str) -> Callable[[], Flowable]:
    return lambda: kit.typesetter.compose(kit.styles.body, Words(text))


def _clause_cells(kit: BriefKit, row: BoardRow) -> list[Flowable]:
    styles = kit.styles
    return [
        kit.text(row.clause.ref, styles.cell_bold, REF_LIMIT),
        kit.text(row.clause.title, styles.cell, TITLE_LIMIT),
    ]


def _status(kit: BriefKit, row: BoardRow) -> Flowable:
    score = score_of(row.status)
    label = row.status.label if score is None else f"{row.status.label} ({score})"
    return kit.typesetter.compose(kit.styles.cell, Words(label))


def _deadline(kit: BriefKit, row: BoardRow) -> Flowable:
    due = row.due
    if due is None:
        return kit.typesetter.compose(kit.styles.cell_muted, Words("—"))
    return kit.text(due.label, kit.styles.cell, TITLE_LIMIT)


REF_WIDTH = 21 * mm


def overdue_listing(kit: BriefKit) -> Listing:
    rows = kit.snapshot.overdue
    widths = _widths(REF_WIDTH, 44 * mm, 24 * mm, 19 * mm)
    right = (4,)

    def row(index: int) -> Row:
        item = rows[index]
        days = item.days_left
        late = "—" if days is None else f"{-days:,} day{'' if days == -1 else 's'}"
        return [
            *_clause_cells(kit, item),
            _deadline(kit, item),
            _status(kit, item),
            kit.typesetter.compose(kit.styles.cell_right_bold, Words(late)),
        ]

    return Listing(
        key="overdue",
        heading=_heading(kit, Words(f"Overdue ({len(rows):,})")),
        header=lambda: _header(
            kit, ("Ref", "Commitment", "Deadline", "Status", "Overdue by"), right
        ),
        row=row,
        more=_more(kit, "overdue", "overdue"),
        empty=_sentence(kit, "Nothing is overdue."),
        table=_table(widths, right),
        total=len(rows),
    )


def changes_listing(kit: BriefKit) -> Listing:
    snapshot = kit.snapshot
    compared = snapshot.changes
    changed = tuple(item for item in compared or () if item.changed)
    widths = _widths(REF_WIDTH, 36 * mm, 30 * mm, 30 * mm)
    if compared is None:
        heading = _heading(kit, Words("Changes since the last round"))
        empty = "No round has closed yet: there is nothing to compare with."
    else:
        since: Part = snapshot.since or Words("the last round")
        heading = _heading(kit, Words("Changed since "), since, Words(f" ({len(changed):,})"))
        empty = "No clause changed since the last round."

    def row(index: int) -> Row:
        item = changed[index]
        styles = kit.styles
        compose = kit.typesetter.compose
        return [
            kit.text(item.ref, styles.cell_bold, REF_LIMIT),
            kit.text(item.title, styles.cell, TITLE_LIMIT),
            compose(styles.cell, Words(item.status_text(" to "))),
            compose(styles.cell, Words(item.overdue_text(" to "))),
            compose(styles.cell, Words(", ".join(item.categories))),
        ]

    return Listing(
        key="changes",
        heading=heading,
        header=lambda: _header(kit, ("Ref", "Clause", "Status then to now", "Overdue", "What")),
        row=row,
        more=_more(kit, "changed", "changed"),
        empty=_sentence(kit, empty),
        table=_table(widths),
        total=len(changed),
    )


def disputes_listing(kit: BriefKit) -> Listing:
    disputes = kit.snapshot.disputes
    agreement = kit.snapshot.agreement
    widths = _widths(REF_WIDTH, 44 * mm, 52 * mm)

    def row(index: int) -> Row:
        dispute = disputes[index]
        position = dispute.position
        styles = kit.styles
        compose = kit.typesetter.compose
        party = clip(agreement.party(position.party).display_name, NAME_LIMIT)
        said: list[Flowable] = []
        if position.claim.strip():
            said.append(kit.text(position.claim, styles.cell, SAID_LIMIT))
        when: list[Part] = [Words(short_date(position.said_on))]
        if position.where.strip():
            when = [clip(position.where, WHERE_LIMIT), Words(f", {short_date(position.said_on)}")]
        said.append(compose(styles.cell_muted, *when))
        return [
            *_clause_cells(kit, dispute.row),
            compose(
                styles.cell,
                party,
                Words(" says "),
                Words(position.claimed.label.lower(), bold=True),
                Words(f"; we assess {dispute.ours.label.lower()}"),
                Words(f" ({count(abs(dispute.levels), 'level')} apart)"),
            ),
            said,
        ]

    return Listing(
        key="disputes",
        heading=_heading(kit, Words(f"Disputed assessments ({len(disputes):,})")),
        header=lambda: _header(kit, ("Ref", "Clause", "Positions", "What the party said")),
        row=row,
        more=_more(kit, "dispute", "disputes"),
        empty=_sentence(kit, "No party has stated a position that differs from our assessment."),
        table=_table(widths),
        total=len(disputes),
    )


def upcoming_listing(kit: BriefKit) -> Listing:
    rows = kit.snapshot.upcoming
    as_of = kit.snapshot.as_of
    widths = _widths(REF_WIDTH, 42 * mm, 21 * mm, 25 * mm)
    right = (3,)

    def row(index: int) -> Row:
        item = rows[index]
        due = item.due
        styles = kit.styles
        compose = kit.typesetter.compose
        if due is None:
            when: list[Flowable] = [compose(styles.cell_right, Words("—"))]
        else:
            days = (due.latest - as_of).days
            when = [
                compose(styles.cell_right_bold, Words(short_date(due.latest))),
                compose(
                    styles.cell_muted_right,
                    Words("today" if days == 0 else f"in {count(days, 'day')}"),
                ),
            ]
        return [*_clause_cells(kit, item), _deadline(kit, item), when, _status(kit, item)]

    return Listing(
        key="upcoming",
        heading=_heading(kit, Words("Next deadlines")),
        header=lambda: _header(kit, ("Ref", "Commitment", "Deadline", "Latest", "Status"), right),
        row=row,
        more=_more(kit, "deadline to come", "deadlines to come"),
        empty=_sentence(kit, "No deadline is still to come."),
        table=_table(widths, right),
        total=len(rows),
        limit=UPCOMING,
    )
