"""The first sections of the memo: the summary (key figures, shares, index,
principles, chart), the time-bound commitments and what changed since the previous
round."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table, TableStyle

from vision_desk.domain.agreement import ClauseKind
from vision_desk.domain.deadlines import resolve_clause
from vision_desk.domain.memo import MemoClause
from vision_desk.domain.round_comparison import CATEGORY_WORDS
from vision_desk.domain.rules import COUNTED_WORDS, Flag
from vision_desk.domain.status import COMMITMENT_SCALE, PRINCIPLE_SCALE, Status, score_of
from vision_desk.export.chart import percent, scale_shares, summary_chart
from vision_desk.export.kit import Kit, title_cell
from vision_desk.export.parties import index_by_party
from vision_desk.export.styles import (
    FRAME_WIDTH,
    figures_row,
    table_style,
)
from vision_desk.export.text import MemoParagraph, Part, Words, count, format_date


def summary_section(kit: Kit) -> list[Flowable]:
    snapshot = kit.snapshot
    summary = snapshot.summary
    styles = kit.styles
    scored = sum(
        number
        for status, number in summary.commitment_counts.items()
        if score_of(status) is not None
    )
    points = sum(
        (score_of(status) or 0) * number for status, number in summary.commitment_counts.items()
    )
    commitments = sum(summary.commitment_counts.values())
    if summary.implementation_index is None:
        index = "Implementation index: not yet computed (no commitment has a score)."
    else:
        index = (
            f"Implementation index: {summary.index_text} ({points} of a possible "
            f"{3 * scored} points over {count(scored, 'scored commitment')}; commitments not "
            "assessed or overtaken are left out, never counted as 0)."
        )
    related = sum(1 for item in snapshot.clauses if item.row.clause.kind is ClauseKind.RELATED)
    opening = (
        f"As of {format_date(summary.as_of)}, the agreement's "
        f"{count(commitments, 'commitment')} {'stands' if commitments == 1 else 'stand'} as "
        "shown below, on the Peace Accords Matrix scale (0 not started, 1 initiated, "
        "2 advanced, 3 completed). "
    )
    # The same sentence as the desk's summary and ``clauses --json``: one rule, one
    # wording, so a reader comparing them never wonders whether they count alike.
    opening += COUNTED_WORDS
    if related:
        opening += (
            f" The {count(related, 'related undertaking')} announced beside the document "
            f"{'is' if related == 1 else 'are'} reported in section "
            f"{kit.number('assessments')}."
        )
    story: list[Flowable] = [
        kit.heading("1  Summary", "summary"),
        _key_figures(kit),
        Spacer(1, 4),
        kit.typesetter.compose(styles.body, Words(opening)),
        # The index of each party on a line of its own under the overall index.
        kit.typesetter.compose(styles.body, Words(index), *_under(index_by_party(kit))),
        kit.typesetter.compose(
            styles.body, Words(_deadline_sentence(summary.overdue, summary.due_soon))
        ),
    ]
    shares = scale_shares(summary.commitment_counts, COMMITMENT_SCALE)
    levels = [
        [Words("Level"), Words("Commitments"), Words("Share")],
        *[
            [
                Words(status.label),
                Words(str(shares.counts[status])),
                Words(shares.text(status)),
            ]
            for status in COMMITMENT_SCALE
        ],
        [
            Words("All commitments", bold=True),
            Words(str(commitments), bold=True),
            Words("100%" if commitments else "0%", bold=True),
        ],
    ]
    principles_total = sum(summary.principle_counts.values())
    principles = [
        [Words("Principles"), Words("Number")],
        *[
            [Words(status.label), Words(str(summary.principle_counts.get(status, 0)))]
            for status in PRINCIPLE_SCALE
        ],
        [Words("All principles", bold=True), Words(str(principles_total), bold=True)],
    ]
    left = _words_table(kit, levels, [38 * mm, 24 * mm, 18 * mm], right_columns=(1, 2))
    right = _words_table(kit, principles, [38 * mm, 20 * mm], right_columns=(1,))
    pair = Table([[left, right]], colWidths=[86 * mm, FRAME_WIDTH - 86 * mm], hAlign="LEFT")
    pair.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    chart = summary_chart(
        summary,
        FRAME_WIDTH,
        kit.typesetter.fonts.sans.fontName,
        kit.typesetter.fonts.sans_bold.fontName,
    )
    footnote = kit.typesetter.compose(styles.footnote, Words(_shares_footnote(kit)))
    # The tables stay with the text above them, the note with its chart. The spaces
    # are small: the first page holds the memo block and the whole summary, with
    # the line of the index by party.
    story += [Spacer(1, 2), pair, Spacer(1, 4), KeepTogether([chart, footnote])]
    return story


def _under(line: list[Part]) -> list[Part]:
    return [Words("\n"), *line] if line else []


def _shares_footnote(kit: Kit) -> str:
    """How the shares are rounded, and the colours read; what they add up to when
    equal counts keep them from 100."""
    summary = kit.snapshot.summary
    text = (
        "Shares by largest remainder; equal counts print equal shares (they take a point "
        "together or none does; a tie between unequal counts goes to the level listed "
        "first), to one decimal when whole percents could not also add up to 100. "
        "Darker is further along; hatched: not a score."
    )
    for name, scale, counts in (
        ("commitments", COMMITMENT_SCALE, summary.commitment_counts),
        ("principles", PRINCIPLE_SCALE, summary.principle_counts),
    ):
        shares = scale_shares(counts, scale)
        if shares.total and shares.share_sum != 100:
            text += (
                f" The {name}' shares add up to {percent(shares.share_sum, shares.decimals)}, "
                "not 100%, so that equal counts print equal."
            )
    return text


def _key_figures(kit: Kit) -> Table:
    """The four figures a reader looks for first, large, with what they count."""
    summary = kit.snapshot.summary
    styles = kit.styles
    index = summary.index_text
    principles = summary.principle_counts
    upheld, strained, breached = (
        principles.get(status, 0) for status in (Status.UPHELD, Status.STRAINED, Status.BREACHED)
    )
    figures = [
        (index, "implementation index"),
        (str(len(summary.overdue)), "overdue"),
        (str(len(summary.due_soon)), "due within 30 days"),
    ]
    compose = kit.typesetter.compose
    row = [
        [compose(styles.figure, Words(figure)), compose(styles.figure_label, Words(label))]
        for figure, label in figures
    ]
    # The principles in words ("4 upheld · 2 strained · 0 breached"), never bare digits.
    words = " · ".join(
        f'<font size="{styles.figure.fontSize}">{number}</font> {word}'
        for number, word in ((upheld, "upheld"), (strained, "strained"), (breached, "breached"))
    )
    unassessed = principles.get(Status.NOT_ASSESSED, 0)
    label = f"standing principles, of {sum(principles.values())}"
    if unassessed:
        label += f"; {unassessed} not assessed"
    row.append(
        [MemoParagraph(words, styles.figure_words), compose(styles.figure_label, Words(label))]
    )
    return figures_row(row, (0.21, 0.14, 0.21, 0.44), 8, 6, 7)


def _deadline_sentence(overdue: Sequence[str], due_soon: Sequence[str]) -> str:
    if not overdue and not due_soon:
        return "No time-bound commitment is overdue or due within 30 days."
    parts = []
    if overdue:
        verb = "is" if len(overdue) == 1 else "are"
        parts.append(f"{count(len(overdue), 'clause')} {verb} overdue ({', '.join(overdue)})")
    if due_soon:
        verb = "is" if len(due_soon) == 1 else "are"
        parts.append(
            f"{count(len(due_soon), 'clause')} {verb} due within 30 days ({', '.join(due_soon)})"
        )
    return "; ".join(parts) + "."


def _words_table(
    kit: Kit,
    rows: Sequence[Sequence[Words]],
    widths: Sequence[float],
    right_columns: tuple[int, ...] = (),
) -> Table:
    styles = kit.styles
    body: list[list[Flowable]] = []
    for number, row in enumerate(rows):
        cells = []
        for column, words in enumerate(row):
            if number == 0:
                style = styles.cell_header_right if column in right_columns else styles.cell_header
            else:
                style = styles.cell_right if column in right_columns else styles.cell
            cells.append(kit.typesetter.compose(style, words))
        body.append(cells)
    table = Table(body, colWidths=list(widths), hAlign="LEFT", repeatRows=1)
    table.setStyle(table_style())
    # A little tighter than the other tables: the summary's tables, chart and note
    # share the first page with the memo block.
    table.setStyle(
        TableStyle([("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5)])
    )
    return table


def deadlines_section(kit: Kit) -> list[Flowable]:
    snapshot = kit.snapshot
    styles = kit.styles
    timed = [item for item in snapshot.clauses if item.row.clause.has_deadline]
    intro = (
        f"Every clause with a deadline, as of {format_date(snapshot.as_of)}. The deadline "
        "is quoted as the document words it; days overdue count from the latest date "
        "that wording allows (for “in the first quarter of 2021”, 31 March 2021)."
    )
    relative = any(item.row.clause.relative_due is not None for item in timed)
    if relative:
        intro += (
            " A deadline counted from an event is shown with its rule and the date the rule "
            "gives; until the event has happened it is waiting on it, and never overdue."
        )
    story: list[Flowable] = [
        kit.heading("2  Time-bound commitments", "deadlines"),
        kit.typesetter.compose(styles.body, Words(intro)),
    ]
    if not timed:
        story.append(kit.typesetter.compose(styles.muted, Words("No clause has a deadline.")))
        return story
    header = [
        kit.typesetter.compose(styles.cell_header, Words("Ref")),
        kit.typesetter.compose(styles.cell_header, Words("Commitment")),
        kit.typesetter.compose(styles.cell_header, Words("Deadline")),
        kit.typesetter.compose(styles.cell_header, Words("Status")),
        kit.typesetter.compose(styles.cell_header_right, Words("Days overdue")),
    ]
    rows: list[list[Flowable | list[Flowable]]] = [list(header)]
    for item in timed:
        rows.append(_deadline_row(kit, item))
    # A rule and the date it gives need more room than a dated deadline's words.
    deadline = (58 if relative else 44) * mm
    widths = [17 * mm, FRAME_WIDTH - 17 * mm - deadline - 45 * mm, deadline, 24 * mm, 21 * mm]
    table = Table(rows, colWidths=widths, repeatRows=1, hAlign="LEFT")
    table.setStyle(table_style(right_columns=(4,)))
    story.append(table)
    return story


def _deadline_row(kit: Kit, item: MemoClause) -> list[Flowable | list[Flowable]]:
    styles = kit.styles
    row = item.row
    clause = row.clause
    days = row.days_left
    if Flag.OVERDUE in row.flags and days is not None:
        late = kit.typesetter.compose(styles.cell_right, Words(str(-days), bold=True))
    elif Flag.DUE_SOON in row.flags and days is not None:
        late = kit.typesetter.compose(styles.cell_right, Words(f"due in {count(days, 'day')}"))
    elif row.clause.relative_due is not None and row.due is None:
        # Its clock has not started: never overdue, and said so.
        late = kit.typesetter.compose(styles.cell_right, Words("waiting"))
    else:
        late = kit.typesetter.compose(styles.cell_right, Words("—"))
    return [
        kit.text(clause.ref, kit.styles.cell_bold),
        title_cell(kit, clause),
        _deadline_cell(kit, item),
        kit.typesetter.compose(styles.cell, Words(row.status.label)),
        late,
    ]


def _deadline_cell(kit: Kit, item: MemoClause) -> list[Flowable]:
    """The deadline as worded; under a deadline counted from an event, its rule and
    the date it gives, or what it is waiting on."""
    row = item.row
    relative = row.clause.relative_due
    if relative is None:
        assert row.clause.due is not None
        return [kit.text(row.clause.due.label, kit.styles.cell)]
    resolved = resolve_clause(kit.snapshot.agreement, row.clause, row.event_dates, row.as_of)
    assert resolved is not None
    # Waiting is what the reader must see; a date's arithmetic is there to check.
    style = kit.styles.cell if resolved.waiting else kit.styles.cell_muted
    return [kit.text(relative.label, kit.styles.cell), kit.text(resolved.text, style)]


def changes_section(kit: Kit) -> list[Flowable]:
    snapshot = kit.snapshot
    styles = kit.styles
    changes = snapshot.changes
    story: list[Flowable] = [kit.heading("3  Changes since the previous round", "changes")]
    if changes is None:
        story.append(
            kit.typesetter.compose(
                styles.body, Words("There is no earlier closed round to compare this one with.")
            )
        )
        return story
    story.append(
        kit.typesetter.compose(
            styles.body,
            Words("Compared with "),
            changes.previous_title,
            Words(f", as of {format_date(changes.previous_as_of)}."),
        )
    )
    changed = changes.changed
    story.append(
        kit.typesetter.compose(
            styles.body,
            Words(
                f"{count(len(changed), 'clause')} of {len(changes.rows)} changed, as the desk's "
                "comparison shows them; the others kept their status."
                if changed
                else "No clause changed."
            ),
        )
    )
    if not changed:
        return story
    # The memo's fonts have no arrow: "then to now".
    header = ("Ref", "Clause", "Status then to now", "Overdue then to now", "What changed")
    rows: list[list[Flowable]] = [
        [kit.typesetter.compose(styles.cell_header, Words(text)) for text in header]
    ]
    for row in changed:
        rows.append(
            [
                # A reference never breaks at its hyphen: its column fits the longest.
                kit.typesetter.compose(styles.cell_bold, Words(row.ref)),
                kit.typesetter.compose(styles.cell, row.title),
                kit.typesetter.compose(styles.cell, Words(row.status_text(" to "))),
                kit.typesetter.compose(styles.cell, Words(row.overdue_text(" to "))),
                kit.typesetter.compose(styles.cell, Words(", ".join(row.categories))),
            ]
        )
    ref_width = max(16 * mm, max(len(row.ref) for row in changed) * 2.2 * mm)
    widths = [ref_width, None, 36 * mm, 34 * mm, 30 * mm]
    widths[1] = FRAME_WIDTH - sum(width for width in widths if width is not None)
    table = Table(rows, colWidths=widths, repeatRows=1, hAlign="LEFT")
    table.setStyle(table_style())
    story.append(table)
    used = [name for name in CATEGORY_WORDS if any(name in row.categories for row in changed)]
    story.append(
        kit.typesetter.compose(
            styles.footnote,
            Words(
                "What the categories mean: "
                + "; ".join(f"{name}, {CATEGORY_WORDS[name]}" for name in used)
                + "."
            ),
        )
    )
    return story
