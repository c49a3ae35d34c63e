"""The head of the memo: the memo block (to, from, date, subject), the agreement,
the round with its as-of date and content hash, or the provisional notice."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, HRFlowable, Spacer, Table, TableStyle

from vision_desk.domain.memo import MemoSnapshot
from vision_desk.export.kit import Kit, parties_text
from vision_desk.export.pages import mark_outline
from vision_desk.export.styles import FRAME_WIDTH, HAIRLINE, HEADING, NOTICE, NOTICE_RULE
from vision_desk.export.text import Part, Words, format_date, format_moment

NO_CLOSED_ROUND = "No closed round: provisional"


def round_parts(snapshot: MemoSnapshot) -> list[Part]:
    """The round line: its (typed) title, as-of date and closing, or provisional."""
    current = snapshot.round
    if current is None:
        return [Words(NO_CLOSED_ROUND)]
    parts: list[Part] = [current.title, Words(f", as of {format_date(current.as_of)}")]
    if current.content_hash is None:
        return [*parts, Words(f" (still open). {NO_CLOSED_ROUND}")]
    if current.closed_at is not None:
        parts.append(Words(f"; closed {format_moment(current.closed_at)}"))
    sign_off = current.sign_off
    if sign_off is not None and sign_off.approved is not None:
        # The full sign-off is its own section; the head says who approved.
        approved = sign_off.approved
        parts += [
            Words("; approved by "),
            approved.signed_by,
            Words(f", {format_date(approved.signed_at.date())}"),
        ]
    elif sign_off is not None:
        parts.append(Words(f"; {sign_off.stage.label}"))
    return parts


def memo_block(kit: Kit) -> list[Flowable]:
    snapshot = kit.snapshot
    options = snapshot.options
    agreement = snapshot.agreement
    styles = kit.styles
    subject = options.subject or default_subject(snapshot)
    story: list[Flowable] = [
        kit.text("REVIEW MEMO", kit.styles.kicker),
        Spacer(1, 2),
        mark_outline(
            kit.text(agreement.display_title, kit.styles.title), "Memorandum", 0, "memorandum"
        ),
        kit.text(
            snapshot.round.title if snapshot.round else "Provisional review", kit.styles.subtitle
        ),
        HRFlowable(width="100%", thickness=1.1, color=HEADING, spaceBefore=6, spaceAfter=6),
    ]
    fields = [
        ("To", options.to or "—"),
        ("From", options.sender or "—"),
        ("Date", format_date(options.date)),
        ("Subject", subject),
    ]
    story.append(_field_table(kit, fields))
    story.append(
        HRFlowable(width="100%", thickness=0.5, color=HAIRLINE, spaceBefore=6, spaceAfter=6)
    )
    place = f"{agreement.place}, {format_date(agreement.date)}"
    context: list[tuple[str, str | Flowable]] = [
        (
            "Agreement",
            kit.typesetter.compose(
                styles.field_value,
                agreement.title,
                Words(". "),
                place,
                # The names are the file's words: isolated as typed text is.
                Words(". Parties: "),
                parties_text(agreement, agreement.parties),
                Words("."),
            ),
        ),
        ("Round", kit.typesetter.compose(styles.field_value, *round_parts(snapshot))),
    ]
    # A round's memo speaks for the round's as-of date, which its line says already.
    if snapshot.round is None or snapshot.round.as_of != snapshot.as_of:
        context.append(("As of", format_date(snapshot.as_of)))
    if snapshot.round is not None and snapshot.round.content_hash is not None:
        context.append(("Content hash", _hash_cell(kit, snapshot.round.content_hash)))
    story.append(_field_table(kit, context))
    if snapshot.provisional:
        story += [Spacer(1, 8), _provisional_notice(kit)]
    return story


def default_subject(snapshot: MemoSnapshot) -> str:
    title = snapshot.agreement.display_title
    if snapshot.round is not None:
        return f"{title}: {snapshot.round.title}"
    return f"{title}: provisional review as of {format_date(snapshot.as_of)}"


def _field_table(kit: Kit, fields: Sequence[tuple[str, str | Flowable | list[Flowable]]]) -> Table:
    rows = [
        [
            kit.typesetter.compose(kit.styles.field_label, Words(label)),
            kit.text(value, kit.styles.field_value) if isinstance(value, str) else value,
        ]
        for label, value in fields
    ]
    table = Table(rows, colWidths=[28 * mm, FRAME_WIDTH - 28 * mm], hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 4),
                ("TOPPADDING", (0, 0), (-1, -1), 1.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
            ]
        )
    )
    return table


def _hash_cell(kit: Kit, content_hash: str) -> Flowable:
    return kit.typesetter.compose(
        kit.styles.hash_value,
        Words("SHA-256 "),
        content_hash,
        Words(
            ". Recompute it from the store to check this memo against the round it reports.",
            italic=True,
        ),
    )


def _provisional_notice(kit: Kit) -> Flowable:
    snapshot = kit.snapshot
    paragraph = kit.typesetter.compose(
        kit.styles.notice,
        Words("Provisional. ", bold=True),
        Words(
            f"This memo is drawn from the board as it stood on {format_date(snapshot.as_of)}, "
            "not from a closed review round. It has no content hash, and its figures may "
            "change before a round is closed."
        ),
    )
    table = Table([[paragraph]], colWidths=[FRAME_WIDTH])
    table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, -1), NOTICE),
                ("LINEBEFORE", (0, 0), (0, -1), 2, NOTICE_RULE),
                ("LEFTPADDING", (0, 0), (-1, -1), 8),
                ("TOPPADDING", (0, 0), (-1, -1), 5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
            ]
        )
    )
    return table
