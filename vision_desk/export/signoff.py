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

ONE_OFFICER = (
    "Signed off on one officer's own store: there the officer holds every role, so "
    "each such step is the officer's own and no server checked that a second officer "
    "took it."
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
    # Only where some steps were checked by a server and some were not is each
    # unchecked one marked; otherwise the sentence under the table says it.
    mixed = sign_off.taken_on_own_store and any(step.checked_by_server for step in sign_off.steps)
    unchecked = {
        step.step.value.capitalize() for step in sign_off.steps if not step.checked_by_server
    }
    for label, who, when in signed_lines(sign_off):
        mark = " (own store)" if mixed and label in unchecked else ""
        rows.append(
            [
                compose(styles.cell_bold, Words(label)),
                compose(styles.cell, who or "—", Words(mark)),
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
    story: list[Flowable] = [kit.heading(f"{kit.number('sign-off')}  Sign-off", "sign-off")]
    if sign_off.stage in AWAITED:
        story.append(compose(styles.body, Words(AWAITED[sign_off.stage], bold=True)))
    story += [table, Spacer(1, 4)]
    if sign_off.signed_its_hash:
        signed = Words("Each step signed the content hash on the first page: SHA-256 ")
    else:  # forged by hand in the store: said, never passed over
        signed = Words(
            "A step names another hash than the round's: this sign-off does not hold for "
            "the content hash on the first page, SHA-256 ",
            bold=True,
        )
    story.append(compose(styles.hash_value, signed, Words(f"{current.content_hash}.")))
    if current.one_officer:
        story.append(compose(styles.body, Words(ONE_OFFICER, italic=True)))
    # A short section, never split: the heading stays with the signatures.
    return [KeepTogether(story)]
