"""The memo's sign-off section: who submitted, reviewed and approved the round it
reports, when, and the content hash each of them signed; what is still awaited;
and, on an officer's own store, that one officer held every role."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table

from vision_desk.domain.signoff import Stage, signed_lines
from vision_desk.export.kit import Kit
from vision_desk.export.styles import FRAME_WIDTH, table_style
from vision_desk.export.text import Words, format_moment

HEADING = "5  Sign-off"
ONE_OFFICER = (
    "This desk is one officer's own store: the officer holds every role, so each step "
    "of sign-off is the officer's own and no second officer checked it."
)
AWAITED = {
    Stage.SUBMITTED: "Awaiting review, then approval: this memo is not yet approved.",
    Stage.REVIEWED: "Awaiting approval: this memo is not yet approved.",
}


def sign_off_section(kit: Kit) -> list[Flowable]:
    current = kit.snapshot.round
    if current is None or current.sign_off is None or current.content_hash is None:
        return []  # a provisional memo: nothing was submitted
    sign_off = current.sign_off
    styles = kit.styles
    compose = kit.typesetter.compose
    rows: list[list[Flowable]] = [
        [
            compose(styles.cell_header, Words("Step")),
            compose(styles.cell_header, Words("By")),
            compose(styles.cell_header, Words("When")),
        ]
    ]
    for label, who, when in signed_lines(sign_off):
        rows.append(
            [
                compose(styles.cell_bold, Words(label)),
                kit.text(who or "—", styles.cell),
                compose(styles.cell, Words(format_moment(when) if when else "—")),
            ]
        )
    for label in ("Reviewed", "Approved")[len(rows) - 2 :]:
        rows.append(
            [
                compose(styles.cell_bold, Words(label)),
                compose(styles.muted, Words("awaited")),
                compose(styles.muted, Words("—")),
            ]
        )
    table = Table(rows, colWidths=[30 * mm, FRAME_WIDTH - 85 * mm, 55 * mm], hAlign="LEFT")
    table.setStyle(table_style())
    story: list[Flowable] = [kit.heading(HEADING, "sign-off")]
    if sign_off.stage in AWAITED:
        story.append(compose(styles.body, Words(AWAITED[sign_off.stage], bold=True)))
    story += [table, Spacer(1, 4)]
    story.append(
        compose(
            styles.hash_value,
            Words("Each step signed the content hash on the first page: SHA-256 "),
            Words(f"{current.content_hash}."),
        )
    )
    if current.one_officer:
        story.append(compose(styles.body, Words(ONE_OFFICER, italic=True)))
    # A short section, never split: the heading stays with the signatures.
    return [KeepTogether(story)]
