"""The body and the back of the memo: each clause's assessment with its rationale
and notes, and the annexes with every clause's text, its verbatim quotes and where
it comes from."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, PageBreak

from vision_desk.domain.agreement import Clause, ClauseKind
from vision_desk.domain.memo import MemoClause
from vision_desk.domain.review import Note
from vision_desk.domain.rules import Flag
from vision_desk.domain.status import score_of
from vision_desk.export.kit import Kit, parties_text
from vision_desk.export.pages import mark_outline
from vision_desk.export.text import Part, Words, count, format_date, format_moment, plain_text

_GROUPS = (
    (ClauseKind.COMMITMENT, "Commitments"),
    (ClauseKind.PRINCIPLE, "Standing principles"),
    (ClauseKind.RELATED, "Related undertakings (announced beside the document, outside it)"),
)
_KIND_NAMES = {
    ClauseKind.COMMITMENT: "Commitment",
    ClauseKind.PRINCIPLE: "Principle",
    ClauseKind.RELATED: "Related undertaking",
}


def assessments_section(kit: Kit) -> list[Flowable]:
    story: list[Flowable] = [
        kit.heading("4  Assessments, clause by clause", "assessments"),
        kit.typesetter.compose(
            kit.styles.body,
            Words(
                "Each clause with its status, the rationale recorded with it in the round, "
                "and the notes on it. Notes are printed exactly as written."
            ),
        ),
    ]
    number = 0
    for kind, title in _GROUPS:
        # Bookmark keys use the clause's position: references may hold any character.
        items = [
            (position, item)
            for position, item in enumerate(kit.snapshot.clauses)
            if item.row.clause.kind is kind
        ]
        if not items:
            continue
        number += 1
        story.append(
            kit.heading(f"4.{number}  {title}", f"assessments-{kind.value}", 1, kit.styles.heading2)
        )
        for position, item in items:
            story += _assessment(kit, item, position)
    return story


Heads = list[tuple[Sequence[Part], ParagraphStyle]]


def _assessment(kit: Kit, item: MemoClause, position: int) -> list[Flowable]:
    """Heading, facts and status, then the rationale and the notes. The clause's
    heads are drawn with the first text under them, so they never end a page alone."""
    styles = kit.styles
    typesetter = kit.typesetter
    row = item.row
    clause = row.clause
    status = f"Status: {row.status.label}"
    score = score_of(row.status)
    if score is not None:
        status += f" ({score} of 3)"
    if item.carried_over:
        status += ", carried over from the previous round (not re-assessed in it)"
    facts: list[Part] = [Words(_facts(clause, item))]
    if row.state.changed_at is not None:
        facts.append(Words(f"  ·  status set {format_moment(row.state.changed_at)}"))
        if row.state.changed_by:
            facts += [Words(" by "), row.state.changed_by]
    heads: Heads = [
        ([Words(clause.ref + "   "), clause.title], styles.heading3),
        (facts, styles.facts),
        ([Words(status)], styles.status),
    ]
    story: list[Flowable] = []
    if item.rationale is None and not item.notes:
        muted = typesetter.compose(styles.muted, Words("No rationale recorded; no notes."))
        story += typesetter.headed(heads, muted)
    elif item.rationale is None:
        muted = typesetter.compose(styles.muted, Words("No rationale recorded."))
        story += typesetter.headed([*heads, ([Words("Rationale")], styles.label)], muted)
    else:
        story += _note(kit, item.rationale, [*heads, ([Words("Rationale")], styles.label)])
    mark_outline(
        story[0],
        f"{plain_text(clause.ref)}  {plain_text(clause.title)}",
        2,
        f"assessment-{position}",
    )
    label = ([Words(f"Notes ({len(item.notes)})")], styles.label)
    if not item.notes and item.rationale is not None:
        muted = typesetter.compose(styles.muted, Words("No notes."))
        story += typesetter.headed([label], muted)
    for number, note in enumerate(item.notes):
        story += _note(kit, note, [label] if number == 0 else [])
    return story


def _facts(clause: Clause, item: MemoClause) -> str:
    row = item.row
    facts = [_KIND_NAMES[clause.kind], clause.strand.capitalize(), parties_text(clause.parties)]
    if clause.due is not None:
        facts.append(f"{clause.due.label} (latest {format_date(clause.due.latest)})")
        days = row.days_left
        if Flag.OVERDUE in row.flags and days is not None:
            facts.append(f"overdue by {count(-days, 'day')}")
        elif Flag.DUE_SOON in row.flags and days is not None:
            facts.append(f"due in {count(days, 'day')}")
    return "  ·  ".join(facts)


def _note(kit: Kit, note: Note, heads: Heads) -> list[Flowable]:
    """A note (or rationale) under its byline, and under whatever ``heads`` must go
    with it (a label, the clause's heading)."""
    author: Part = note.author if note.author.strip() else Words("Author not recorded")
    byline: list[Part] = [author, Words(f", {format_moment(note.created_at)}")]
    if note.edited_at is not None:
        byline.append(Words(f" (edited {format_moment(note.edited_at)})"))
    return kit.typesetter.note([*heads, (byline, kit.styles.byline)], note.text, kit.styles.note)


def annex_texts(kit: Kit) -> list[Flowable]:
    styles = kit.styles
    typesetter = kit.typesetter
    agreement = kit.snapshot.agreement
    story: list[Flowable] = [
        PageBreak(),
        kit.heading("Annex A  Text of the clauses", "annex-texts"),
        typesetter.compose(
            styles.body,
            Words(
                "Each clause as the agreement file records it. The summary is in the project's "
                "own words; only the passages marked “verbatim” are the document's words, "
                "copied character for character from the source."
            ),
        ),
    ]
    sources = {source.id: source for source in agreement.sources}
    for position, item in enumerate(kit.snapshot.clauses):
        clause = item.row.clause
        outline = f"{plain_text(clause.ref)}  {plain_text(clause.title)}"
        facts = [_KIND_NAMES[clause.kind], clause.strand.capitalize(), parties_text(clause.parties)]
        if clause.due is not None:
            facts.append(clause.due.label)
        heads: list[tuple[Sequence[Part], ParagraphStyle]] = [
            ([Words(clause.ref + "   "), clause.title], styles.heading3),
            ([Words("  ·  ".join(facts))], styles.facts),
            ([Words("Summary (the project's words)")], styles.label),
        ]
        first, *rest = typesetter.paragraphs(clause.text, styles.note)
        block = typesetter.headed(heads, first)
        mark_outline(block[0], outline, 1, f"annex-{position}")
        story += [*block, *rest]
        if clause.quotes:
            story.append(
                typesetter.compose(
                    styles.label, Words(f"Verbatim from the source ({len(clause.quotes)})")
                )
            )
            for quote in clause.quotes:
                story.append(typesetter.compose(styles.quote, Words("“"), quote, Words("”")))
        source = sources.get(clause.provenance.source)
        provenance: list[Part] = [Words("Provenance: ")]
        if source is None:
            provenance.append(clause.provenance.source)
        else:
            provenance += [source.publisher or source.id, Words(", “"), source.title, Words("”")]
            if source.date is not None:
                provenance.append(Words(f", {format_date(source.date)}"))
        provenance += [Words("; "), clause.provenance.locator, Words(".")]
        if clause.see_also:
            provenance += [Words(" See also "), ", ".join(clause.see_also), Words(".")]
        story.append(typesetter.compose(styles.muted, *provenance))
    return story


def annex_sources(kit: Kit) -> list[Flowable]:
    styles = kit.styles
    typesetter = kit.typesetter
    sources = kit.snapshot.agreement.sources
    story: list[Flowable] = [kit.heading("Annex B  Sources", "annex-sources")]
    if not sources:
        story.append(
            typesetter.compose(styles.muted, Words("The agreement file names no sources."))
        )
    for source in sources:
        line: list[Words | str] = [source.title]
        if source.publisher:
            line += [Words(". "), source.publisher]
        if source.date is not None:
            line.append(Words(f", {format_date(source.date)}"))
        line.append(Words("."))
        story.append(typesetter.compose(styles.heading3, *line))
        if source.note:
            story += typesetter.paragraphs(source.note, styles.body)
    closing = (
        f"Prepared with {kit.snapshot.generator}. Levels, the index, overdue and changes are "
        "derived from the recorded statuses, never typed in."
    )
    story.append(typesetter.compose(styles.muted, Words(closing)))
    return story
