"""The body of the memo: each clause's assessment with its rationale and notes, one
block a clause (``blocks.Block``); and, in one table, the clauses with nothing
recorded in the round (not assessed, or carried over, and neither rationale nor
notes), rather than a block each that says so."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Table

from vision_desk.domain.agreement import ClauseKind
from vision_desk.domain.memo import MemoClause
from vision_desk.domain.review import Note
from vision_desk.domain.rules import Flag
from vision_desk.domain.status import Status, score_of
from vision_desk.export.blocks import Block
from vision_desk.export.evidence import (
    evidence_flowables,
    grade_key,
    has_evidence,
    recorded_evidence,
)
from vision_desk.export.kit import (
    KIND_NAMES,
    Heads,
    Kit,
    clause_head,
    continued_head,
    deadline_facts,
    parties_text,
    title_cell,
)
from vision_desk.export.pages import mark_outline
from vision_desk.export.parties import decided_line, parts_of, parts_table, split_of, status_words
from vision_desk.export.styles import FRAME_HEIGHT, FRAME_WIDTH, table_style
from vision_desk.export.text import Part, Words, count, format_date, format_moment, plain_text

_GROUPS = (
    (ClauseKind.COMMITMENT, "Commitments"),
    (ClauseKind.PRINCIPLE, "Standing principles"),
    (ClauseKind.RELATED, "Related undertakings (announced beside the document, outside it)"),
)

Positioned = list[tuple[int, MemoClause]]


def _nothing_recorded(item: MemoClause) -> bool:
    """Not assessed, or carried over without being assessed in the round, and with
    neither a rationale nor a note: a line in the gathered table, not a block. A
    clause assessed party by party keeps its block, to show its parts."""
    if item.rationale is not None or item.notes or parts_of(item) or recorded_evidence(item):
        return False
    return item.carried_over or item.row.status is Status.NOT_ASSESSED


def assessments_section(kit: Kit) -> list[Flowable]:
    # Bookmark keys use the clause's position: references may hold any character.
    clauses = list(enumerate(kit.snapshot.clauses))
    gathered = [(position, item) for position, item in clauses if _nothing_recorded(item)]
    blocks = [(position, item) for position, item in clauses if not _nothing_recorded(item)]
    groups = [
        (kind, title, [(p, item) for p, item in blocks if item.row.clause.kind is kind])
        for kind, title in _GROUPS
    ]
    groups = [group for group in groups if group[2]]
    section = kit.number("assessments")
    intro = (
        "Each clause with its status, the rationale recorded with it in the round, "
        "and the notes on it. Notes are printed exactly as written."
    )
    if any(parts_of(item) for _, item in blocks):
        intro += (
            " A clause assessed party by party shows each party's status with the latest "
            "note on its part; its own status is derived from them, never typed in."
        )
    if any(has_evidence(item) for _, item in blocks):
        intro += (
            " Where evidence is cited for an assessment, its entry lists the items with "
            "their grades, and the confidence the assessment carries."
        )
    if gathered:
        what = _gathered_words(gathered)
        intro += (
            f" Clauses with nothing recorded ({what}, and with neither a rationale nor a "
            f"note) are listed together in {section}.{len(groups) + 1}."
        )
    story: list[Flowable] = [
        kit.heading(f"{section}  Assessments, clause by clause", "assessments"),
        kit.typesetter.compose(kit.styles.body, Words(intro)),
        *grade_key(kit),
    ]
    for number, (kind, title, items) in enumerate(groups, start=1):
        heading = kit.heading(
            f"{section}.{number}  {title}", f"assessments-{kind.value}", 1, kit.styles.heading2
        )
        for index, (position, item) in enumerate(items):
            story.append(_assessment(kit, item, position, [heading] if index == 0 else []))
    last = story[-1]
    if gathered:
        table = _gathered(kit, gathered, f"{section}.{len(groups) + 1}")
        story += table
        # The table moves to a page of its own when it does not fit where it is.
        alone = sum(f.wrap(FRAME_WIDTH, FRAME_HEIGHT)[1] for f in table) > FRAME_HEIGHT
    else:
        alone = True  # the annex starts on a new page
    if alone and isinstance(last, Block):
        # Rather than leave the tail of the last clause alone on a page, the clause
        # moves whole when it fits on one.
        last.keep_whole = True
    return story


def _assessment(kit: Kit, item: MemoClause, position: int, lead: list[Flowable]) -> Block:
    """Heading, facts and status with the rationale (or what stands for it), then
    each note: the parts of one block. A rationale the desk also keeps as a note
    (it is written as one) is printed once, as the rationale."""
    styles = kit.styles
    typesetter = kit.typesetter
    row = item.row
    clause = row.clause
    status = f"Status: {status_words(row.status)}"
    split = split_of(item)
    if split is not None:
        status += ", derived from its parts"
    if item.carried_over:
        status += ", carried over from the previous round (not re-assessed in it)"
    facts: list[Part] = _facts(kit, item)
    if row.state.changed_at is not None:
        facts.append(Words(f"  ·  status set {format_moment(row.state.changed_at)}"))
        if row.state.changed_by:
            facts += [Words(" by "), row.state.changed_by]
    heads: Heads = [
        (clause_head(clause), styles.heading3),
        (facts, styles.facts),
        ([Words(status)], styles.status),
    ]
    parts: list[list[Flowable]] = []
    if split is not None:
        # The parts under the status, and which of them decided it; the rationale
        # and the notes follow as they do for any clause.
        decided = (decided_line(kit, clause, split), styles.muted)
        parts.append(typesetter.headed([*heads, decided], parts_table(kit, split)))
        heads = []
    notes, twin = _notes_besides(item)
    if item.rationale is None and not notes:
        muted = typesetter.compose(styles.muted, Words("No rationale recorded; no notes."))
        first = typesetter.headed(heads, muted)
    elif item.rationale is None:
        muted = typesetter.compose(styles.muted, Words("No rationale recorded."))
        first = typesetter.headed([*heads, ([Words("Rationale")], styles.label)], muted)
    else:
        first = _note(kit, item.rationale, [*heads, ([Words("Rationale")], styles.label)])
    parts.append(first)
    evidence = evidence_flowables(kit, item)
    if evidence:
        parts.append(evidence)
    label = ([Words(f"{'Other notes' if twin else 'Notes'} ({len(notes)})")], styles.label)
    if not notes and item.rationale is not None:
        muted = typesetter.compose(styles.muted, Words("No other notes." if twin else "No notes."))
        parts.append(typesetter.headed([label], muted))
    for number, note in enumerate(notes):
        parts.append(_note(kit, note, [label] if number == 0 else []))
    block = Block(parts, continued_head(kit, clause), lead=lead)
    outline = f"{plain_text(clause.ref)}  {plain_text(clause.title)}"
    mark_outline(block, outline, 2, f"assessment-{position}")
    return block


def _notes_besides(item: MemoClause) -> tuple[tuple[Note, ...], bool]:
    """The notes to print under the rationale, and whether the rationale was one of
    them: the desk records the reason given with a status as a note on the clause
    too, so the note with the rationale's very words is the rationale itself."""
    rationale = item.rationale
    if rationale is None:
        return item.notes, False
    for index, note in enumerate(item.notes):
        if note.text == rationale.text:
            return item.notes[:index] + item.notes[index + 1 :], True
    return item.notes, False


def _facts(kit: Kit, item: MemoClause) -> list[Part]:
    """Kind, strand, parties, deadline: the program's words as such, and what the
    agreement file names (parties, a deadline's wording, an event) as typed text,
    isolated, so that a right-to-left name cannot reorder the line around it."""
    clause = item.row.clause
    agreement = kit.snapshot.agreement
    parts: list[Part] = [
        Words(f"{KIND_NAMES[clause.kind]}  ·  {clause.strand.capitalize()}  ·  "),
        parties_text(agreement, clause.parties),
    ]
    if clause.has_deadline:
        for fact in deadline_facts(agreement, item.row):
            parts += [Words("  ·  "), fact]
        parts += [Words(f"  ·  {fact}") for fact in _timing(item)]
    return parts


def _timing(item: MemoClause) -> list[str]:
    """ "overdue by 90 days" or "due in 16 days", when the clause is either."""
    row = item.row
    days = row.days_left
    if Flag.OVERDUE in row.flags and days is not None:
        return [f"overdue by {count(-days, 'day')}"]
    if Flag.DUE_SOON in row.flags and days is not None:
        return [f"due in {count(days, 'day')}"]
    return []


def _note(kit: Kit, note: Note, heads: Heads) -> list[Flowable]:
    """A note (or rationale) under its byline, and under whatever ``heads`` must go
    with it (a label, the clause's heading)."""
    author: Part = note.author if note.author.strip() else Words("Author not recorded")
    byline: list[Part] = [author, Words(f", {format_moment(note.created_at)}")]
    if note.edited_at is not None:
        byline.append(Words(f" (edited {format_moment(note.edited_at)})"))
    if note.party is not None:
        byline += [Words("  ·  on the part of "), kit.snapshot.agreement.party_name(note.party)]
    return kit.typesetter.note([*heads, (byline, kit.styles.byline)], note.text, kit.styles.note)


def _gathered(kit: Kit, gathered: Positioned, number: str) -> list[Flowable]:
    """One compact table for the clauses with nothing recorded, in the order of the
    groups above; each keeps its bookmark, at the table's heading."""
    styles = kit.styles
    typesetter = kit.typesetter
    order = {kind: rank for rank, (kind, _) in enumerate(_GROUPS)}
    ordered = sorted(gathered, key=lambda pair: (order[pair[1].row.clause.kind], pair[0]))
    title = "Not assessed or carried over" if _any_carried(gathered) else "Not assessed"
    heading = kit.heading(
        f"{number}  {title}, with nothing recorded", "assessments-gathered", 1, styles.heading2
    )
    for position, item in ordered:
        clause = item.row.clause
        outline = f"{plain_text(clause.ref)}  {plain_text(clause.title)}"
        mark_outline(heading, outline, 2, f"assessment-{position}")
    header = [
        typesetter.compose(styles.cell_header, Words(text))
        for text in ("Ref", "Clause", "Kind", "Status")
    ]
    rows: list[list[Flowable]] = [header]
    for _, item in ordered:
        clause = item.row.clause
        rows.append(
            [
                kit.text(clause.ref, styles.cell_bold),
                title_cell(kit, clause),
                typesetter.compose(styles.cell, Words(KIND_NAMES[clause.kind])),
                typesetter.compose(styles.cell, Words(_gathered_status(item))),
            ]
        )
    widths = [17 * mm, FRAME_WIDTH - 17 * mm - 32 * mm - 50 * mm, 32 * mm, 50 * mm]
    # A page break leaves at least two clauses on each side of it.
    table = Table(rows, colWidths=widths, repeatRows=1, hAlign="LEFT", rowSplitRange=(3, -2))
    table.setStyle(table_style())
    carried = sum(1 for _, item in ordered if item.carried_over)
    words = (
        f"{count(len(ordered), 'clause')} with neither a rationale nor a note: "
        f"{count(len(ordered) - carried, 'clause')} not assessed"
    )
    if carried:
        words += f", {carried} carried over from the previous round without being assessed in it"
    intro = typesetter.compose(styles.body, Words(words + "."))
    # Heading, sentence and table stay together when the table fits on a page.
    intro.keepWithNext = 1
    return [heading, intro, table]


def _any_carried(gathered: Positioned) -> bool:
    return any(item.carried_over for _, item in gathered)


def _gathered_words(gathered: Positioned) -> str:
    if _any_carried(gathered):
        return (
            "not assessed, or carried over from the previous round without being assessed "
            "in this one"
        )
    return "not assessed"


def _gathered_status(item: MemoClause) -> str:
    row = item.row
    text = row.status.label
    score = score_of(row.status)
    if score is not None:
        text += f" ({score} of 3)"
    if item.carried_over:
        text += ", carried over"
        if row.state.changed_at is not None:
            text += f" (set {format_date(row.state.changed_at.date())})"
    return "; ".join([text, *_timing(item)])
