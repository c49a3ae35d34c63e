"""The evidence behind each assessment in the memo: a compact table of the items
cited for a clause (grade, kind, title, source, date, locator, and the mark of a
file kept with an item), the confidence the assessment carries, and, once, before
the first clause, a short key to the Admiralty grades and the rule of confidence.

Titles, sources, locators, file names, an override's reason and its officer are
typed text: set as typed, never as markup, right to left where they are written so.
"""

from __future__ import annotations

import datetime as dt

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Table, TableStyle

from vision_desk.domain.evidence import (
    CREDIBILITY,
    RELIABILITY,
    ClauseConfidence,
    EvidenceItem,
)
from vision_desk.domain.memo import MemoClause
from vision_desk.export.kit import Heads, Kit
from vision_desk.export.styles import FRAME_WIDTH, table_style
from vision_desk.export.text import Part, Words, count

# The first hex digits of a kept file's SHA-256 the memo prints: enough to tell
# files apart and to check one against the store, short enough for a table cell.
FILE_MARK_DIGITS = 12
_SHORT_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

GRADE_KEY_INTRO = (
    "Evidence is graded on the Admiralty scale, which judges two things apart: the "
    "letter is the reliability of the source, on its record; the figure is the "
    "credibility of the information itself. A grade of B2 is thus a usually reliable "
    "source reporting what is probably true."
)
CONFIDENCE_RULE = (
    "Each assessment's confidence follows one rule over the evidence cited for it. It "
    "is high with two strong items (a source graded A or B, information graded 1 or 2) "
    "from different sources, or with one strong item confirmed by other sources (1); "
    "medium with at least one item from a fairly reliable source (A to C) that is at "
    "least possibly true (1 to 3); low otherwise, and when nothing is cited. Where the "
    "desk officer has set another level, the memo gives the officer's level, the "
    "reason recorded, and the level the rule gives."
)


def has_evidence(item: MemoClause) -> bool:
    """Whether the clause's entry reports evidence or a confidence."""
    return bool(item.evidence) or item.confidence is not None


def recorded_evidence(item: MemoClause) -> bool:
    """Whether evidence was recorded for the clause: an item cited, or a confidence
    the officer set. (The rule's confidence alone, with nothing cited, does not give
    a clause with nothing else recorded an entry of its own.)"""
    confidence = item.confidence
    return bool(item.evidence) or (confidence is not None and confidence.override is not None)


def short_date(day: dt.date) -> str:
    """A date as a narrow column prints it: "3 Dec 2020"."""
    return f"{day.day} {_SHORT_MONTHS[day.month - 1]} {day.year}"


def confidence_parts(confidence: ClauseConfidence) -> list[Part]:
    """ "Confidence: medium (by the rule)", or the officer's level with who set it,
    the reason and what the rule gives: "Confidence: low, set by A. Officer: the
    minutes are disputed (the rule gives high)"."""
    override = confidence.override
    level = confidence.level.value
    if override is None:
        return [Words(f"Confidence: {level} (by the rule)")]
    by: Part = override.by if override.by.strip() else Words("an officer not recorded")
    reason: Part = override.reason if override.reason.strip() else Words("no reason recorded")
    if not confidence.overridden:
        return [
            Words(f"Confidence: {level} (by the rule, confirmed by "),
            by,
            Words(": "),
            reason,
            Words(")"),
        ]
    return [
        Words(f"Confidence: {level}, set by "),
        by,
        Words(": "),
        reason,
        Words(f" (the rule gives {confidence.by_rule.value})"),
    ]


def evidence_flowables(kit: Kit, item: MemoClause) -> list[Flowable]:
    """The clause's evidence under its label: the confidence, then the table (or a
    sentence when nothing is cited). Empty when the entry reports neither."""
    if not has_evidence(item):
        return []
    styles = kit.styles
    typesetter = kit.typesetter
    label = f"Evidence ({len(item.evidence)})" if item.evidence else "Evidence"
    heads: Heads = [([Words(label)], styles.label)]
    if item.confidence is not None:
        heads.append((confidence_parts(item.confidence), styles.confidence))
    if not item.evidence:
        body = typesetter.compose(styles.muted, Words("No evidence cited."))
        return typesetter.headed(heads, body)
    return typesetter.headed(heads, evidence_table(kit, item.evidence))


def evidence_table(kit: Kit, items: tuple[EvidenceItem, ...]) -> Table:
    """Grade, kind, title (with the kept file's name and mark under it), source,
    date and locator: a row an item, in the order cited."""
    styles = kit.styles
    compose = kit.typesetter.compose
    header = [
        compose(styles.cell_header, Words(text))
        for text in ("Grade", "Kind", "Title", "Source", "Date", "Locator")
    ]
    rows: list[list[Flowable | list[Flowable]]] = [list(header)]
    for item in items:
        title: list[Flowable] = [kit.text(item.title, styles.cell)]
        if item.attachment is not None:
            mark = item.attachment.sha256[:FILE_MARK_DIGITS]
            title.append(
                compose(
                    styles.cell_muted,
                    Words("File: "),
                    item.attachment.name,
                    Words(f" · SHA-256 {mark}"),
                )
            )
        rows.append(
            [
                compose(styles.cell_bold, Words(item.grade)),
                compose(styles.cell, Words(item.kind.label)),
                title,
                kit.text(item.source, styles.cell),
                compose(styles.cell, Words(short_date(item.date))),
                kit.text(item.locator, styles.cell) if item.locator.strip() else _dash(kit),
            ]
        )
    widths = [13 * mm, 24 * mm, 0.0, 32 * mm, 21 * mm, 22 * mm]
    widths[2] = FRAME_WIDTH - sum(widths)
    table = Table(rows, colWidths=widths, repeatRows=1, hAlign="LEFT", spaceAfter=2)
    table.setStyle(table_style())
    return table


def _dash(kit: Kit) -> Flowable:
    return kit.typesetter.compose(kit.styles.cell_muted, Words("—"))


def grade_key(kit: Kit) -> list[Flowable]:
    """The key to the grades and the rule of confidence, once, where the evidence
    tables start (none when no clause reports evidence)."""
    clauses = [item for item in kit.snapshot.clauses if has_evidence(item)]
    if not clauses:
        return []
    styles = kit.styles
    compose = kit.typesetter.compose
    cited = sum(len(item.evidence) for item in clauses)
    intro = GRADE_KEY_INTRO + (
        f" The memo cites {count(cited, 'item')} of evidence for "
        f"{count(sum(1 for item in clauses if item.evidence), 'clause')}."
        if cited
        else ""
    )
    rows: list[list[Flowable]] = [
        [
            compose(styles.cell_header, Words("Letter")),
            compose(styles.cell_header, Words("Reliability of the source")),
            compose(styles.cell_header, Words("Figure")),
            compose(styles.cell_header, Words("Credibility of the information")),
        ]
    ]
    for letter, figure in zip(RELIABILITY, CREDIBILITY, strict=True):
        rows.append(
            [
                compose(styles.cell_bold, Words(letter)),
                compose(styles.cell, Words(RELIABILITY[letter].capitalize())),
                compose(styles.cell_bold, Words(str(figure))),
                compose(styles.cell, Words(CREDIBILITY[figure].capitalize())),
            ]
        )
    half = FRAME_WIDTH / 2
    widths = [16 * mm, half - 16 * mm, 20 * mm, half - 20 * mm]
    table = Table(rows, colWidths=widths, hAlign="LEFT", spaceBefore=2, spaceAfter=4)
    table.setStyle(table_style())
    table.setStyle(TableStyle([("TOPPADDING", (0, 0), (-1, -1), 1.5)]))
    return [
        KeepTogether(
            [
                kit.typesetter.compose(styles.heading3, Words("How evidence is graded")),
                compose(styles.body, Words(intro)),
                table,
                compose(styles.body, Words(CONFIDENCE_RULE)),
            ]
        )
    ]
