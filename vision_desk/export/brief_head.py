"""The head of the brief: its title, the date it speaks for, the parties, the figures
a reader looks for first, and where the commitments and principles stand."""

from __future__ import annotations

from reportlab.platypus import Flowable, HRFlowable, Spacer, Table

from vision_desk.domain.status import COMMITMENT_SCALE, PRINCIPLE_SCALE
from vision_desk.export.brief_style import BriefKit, clip
from vision_desk.export.chart import scale_shares
from vision_desk.export.evidence import short_date
from vision_desk.export.kit import parties_text
from vision_desk.export.styles import HEADING, figures_row
from vision_desk.export.text import Words, format_date

TITLE_LIMIT = 80
PARTIES_LIMIT = 140


def brief_title(kit: BriefKit) -> str:
    """The brief's title as its metadata and running footer give it."""
    return f"Pre-meeting brief — {clip(kit.snapshot.agreement.display_title, TITLE_LIMIT)}"


def brief_head(kit: BriefKit) -> list[Flowable]:
    snapshot = kit.snapshot
    memo = kit.memo
    compose = kit.typesetter.compose
    agreement = snapshot.agreement
    parties = clip(parties_text(agreement, agreement.parties), PARTIES_LIMIT)
    return [
        compose(memo.kicker, Words("PRE-MEETING BRIEF")),
        Spacer(1, 2),
        compose(
            memo.title,
            Words("Pre-meeting brief — "),
            clip(agreement.display_title, TITLE_LIMIT),
        ),
        compose(
            memo.subtitle,
            Words(f"As of {format_date(snapshot.as_of)}  ·  "),
            parties,
        ),
        HRFlowable(width="100%", thickness=1.1, color=HEADING, spaceBefore=3, spaceAfter=4),
        _figures(kit),
        Spacer(1, 3),
        compose(kit.styles.body, Words(_standing(kit))),
    ]


def _figures(kit: BriefKit) -> Table:
    """The index, the overdue, what changed, the disputes, the next deadline."""
    snapshot = kit.snapshot
    memo = kit.memo
    compose = kit.typesetter.compose
    if snapshot.changes is None:
        changed, changed_label = "—", "changed: no round has closed yet"
    else:
        number = sum(1 for item in snapshot.changes if item.changed)
        changed, changed_label = f"{number:,}", "changed since the last round"
    upcoming = snapshot.upcoming
    due = upcoming[0].due if upcoming else None
    figures = [
        (snapshot.summary.index_text, "implementation index"),
        (f"{len(snapshot.overdue):,}", "overdue"),
        (changed, changed_label),
        (
            f"{len(snapshot.disputes):,}",
            "disputed assessment" if len(snapshot.disputes) == 1 else "disputed assessments",
        ),
        ("—" if due is None else short_date(due.latest), "next deadline"),
    ]
    row = [
        [compose(memo.figure, Words(figure)), compose(memo.figure_label, Words(label))]
        for figure, label in figures
    ]
    return figures_row(row, (0.18, 0.15, 0.21, 0.2, 0.26), 7, 4, 5)


def _standing(kit: BriefKit) -> str:
    """Where the commitments and the principles stand, in one sentence each."""
    summary = kit.snapshot.summary
    shares = scale_shares(summary.commitment_counts, COMMITMENT_SCALE)
    levels = " · ".join(
        f"{status.label.lower()} {shares.counts[status]:,} ({shares.text(status)})"
        for status in COMMITMENT_SCALE
    )
    if summary.implementation_index is None:
        index = "No commitment has a score yet, so the index is not computed."
    else:
        index = (
            f"The index, {summary.index_text}, is the sum of the scores over three times "
            "the number scored; commitments not assessed or overtaken are left out."
        )
    principles = summary.principle_counts
    judged = " · ".join(
        f"{status.label.lower()} {principles.get(status, 0):,}" for status in PRINCIPLE_SCALE
    )
    words = [
        f"Commitments ({shares.total:,}): {levels}.",
        index,
        f"Standing principles ({sum(principles.values()):,}): {judged}.",
    ]
    return " ".join(words)
