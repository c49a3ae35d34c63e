"""The memo's section on disputed assessments: each party's stated position set
beside our assessment of its part, with how far apart they are and what was said,
where and when (``domain.disputes``). One calm sentence when there is none.

The party is named as the agreement names it; the claim and where it was made are
typed text, printed as typed.
"""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Table

from vision_desk.domain.agreement import Agreement
from vision_desk.domain.disputes import Dispute
from vision_desk.export.kit import Kit, title_cell
from vision_desk.export.parties import status_words
from vision_desk.export.styles import FRAME_WIDTH, table_style
from vision_desk.export.text import Part, Words, count, format_date

DISPUTES_INTRO = (
    "A party's stated position on a commitment is set beside our assessment of that "
    "party's part, each on the clause's own scale; the assessment is disputed where the "
    "two differ by a level or more. Only the party's latest statement counts; what was "
    "said is given as recorded."
)
NO_DISPUTES = (
    "No party has stated a position that differs from our assessment by a level or "
    "more: no assessment is disputed."
)


def party_label(agreement: Agreement, code: str) -> str:
    """The party as the agreement names it where space is short."""
    return agreement.party(code).display_name


def apart_cell(kit: Kit, levels: int) -> list[Flowable]:
    """How many levels apart, and which way: "2" over "the party claims more"."""
    compose = kit.typesetter.compose
    way = "the party claims more" if levels > 0 else "the party claims less"
    return [
        compose(kit.styles.cell_bold, Words(str(abs(levels)))),
        compose(kit.styles.cell_muted, Words(way)),
    ]


def said_cell(kit: Kit, dispute: Dispute) -> list[Flowable]:
    """What was said, as recorded (in its own direction), and under it where and
    when: "press conference in Islamabad, 3 December 2020"."""
    position = dispute.position
    styles = kit.styles
    compose = kit.typesetter.compose
    cell: list[Flowable] = []
    if position.claim.strip():
        cell.append(kit.text(position.claim, styles.cell))
    else:
        cell.append(compose(styles.cell_muted, Words("No words recorded.")))
    when: list[Part] = [Words(format_date(position.said_on))]
    if position.where.strip():
        when = [position.where, Words(f", {format_date(position.said_on)}")]
    cell.append(compose(styles.cell_muted, *when))
    return cell


def disputes_section(kit: Kit) -> list[Flowable]:
    snapshot = kit.snapshot
    styles = kit.styles
    compose = kit.typesetter.compose
    number = kit.number("disputes")
    story: list[Flowable] = [kit.heading(f"{number}  Disputed assessments", "disputes")]
    disputes = snapshot.disputes
    if not disputes:
        story.append(compose(styles.body, Words(NO_DISPUTES)))
        return story
    clauses = len({dispute.row.clause.ref for dispute in disputes})
    summary = (
        f" {count(len(disputes), 'stated position')} on "
        f"{count(clauses, 'clause')} differ from ours."
        if len(disputes) != 1
        else " One stated position differs from ours."
    )
    story.append(compose(styles.body, Words(DISPUTES_INTRO + summary)))
    header = [
        compose(styles.cell_header, Words(text))
        for text in ("Clause", "Party", "The party says", "We assess", "Levels apart")
    ]
    header.append(compose(styles.cell_header, Words("What was said, where and when")))
    rows: list[list[Flowable | list[Flowable]]] = [list(header)]
    agreement = snapshot.agreement
    for dispute in disputes:
        clause = dispute.row.clause
        rows.append(
            [
                [kit.text(clause.ref, styles.cell_bold), *title_cell(kit, clause)],
                kit.text(party_label(agreement, dispute.position.party), styles.cell),
                compose(styles.cell_bold, Words(status_words(dispute.position.claimed))),
                compose(styles.cell, Words(status_words(dispute.ours))),
                apart_cell(kit, dispute.levels),
                said_cell(kit, dispute),
            ]
        )
    widths = [42 * mm, 22 * mm, 22 * mm, 22 * mm, 17 * mm, 0.0]
    widths[-1] = FRAME_WIDTH - sum(widths)
    # A long statement breaks inside its row rather than stop the memo.
    table = Table(rows, colWidths=widths, repeatRows=1, hAlign="LEFT", splitInRow=1)
    table.setStyle(table_style())
    story.append(table)
    return story
