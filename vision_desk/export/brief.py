"""The one-page pre-meeting brief: ``render_brief`` turns a ``BriefSnapshot`` into the
bytes of a PDF of exactly one A4 page, in the memo's house style (the classification
at the top and the foot, the memo's fonts, rules and colours).

The page holds the implementation index and where the commitments stand, what is
overdue, what changed since the last closed round, the disputed assessments and the
next five deadlines. It never runs over: each list is cut to what fits and says how
many more there are ("and 212 more"), by ``brief_fit.fit``, which measures before
anything is drawn. The brief gives no index per party: its snapshot holds the
overdue and the upcoming rows, not the whole board the index of a party needs.

Like the memo, it is made from the snapshot alone, in reportlab's invariant mode and
dated with its as-of date: the same snapshot gives the same bytes.
"""

from __future__ import annotations

import io
import math
from pathlib import Path

from reportlab import rl_config
from reportlab.platypus import Flowable

from vision_desk.domain.memo import BriefSnapshot
from vision_desk.export.brief_fit import Listing, fit, shrink, stacked_height
from vision_desk.export.brief_head import brief_head, brief_title
from vision_desk.export.brief_lists import (
    UPCOMING,
    changes_listing,
    disputes_listing,
    overdue_listing,
    upcoming_listing,
)
from vision_desk.export.brief_style import BriefKit, make_brief_styles
from vision_desk.export.fonts import load_fonts
from vision_desk.export.pages import Furniture, MemoDocument, PagePainter, canvas_maker
from vision_desk.export.styles import FRAME_HEIGHT, FRAME_WIDTH, make_styles
from vision_desk.export.text import Typesetter, format_date, plain_text

# Which list gives up a row first when two show as many: what changed, then the
# deadlines, then the overdue; the disputes last (what the meeting is for).
CUT_ORDER = ("changes", "upcoming", "overdue", "disputes")
# Points kept free at the foot of the frame: the frame's own rounding, never a line.
SLACK = 2.0


def render_brief(snapshot: BriefSnapshot, fonts_dir: Path) -> bytes:
    """The brief for ``snapshot`` as PDF bytes, one page; fonts from ``fonts_dir``."""
    fonts = load_fonts(fonts_dir)
    memo_styles = make_styles(fonts)
    kit = BriefKit(snapshot, Typesetter(fonts), memo_styles, make_brief_styles(memo_styles))
    head = brief_head(kit)
    listings = [
        overdue_listing(kit),
        changes_listing(kit),
        disputes_listing(kit),
        upcoming_listing(kit),
    ]
    # What the lists may take: the head, and whatever space after its last line
    # (the first list's heading brings its own space before).
    room = FRAME_HEIGHT - SLACK - stacked_height(head, FRAME_WIDTH) - head[-1].getSpaceAfter()
    shown: dict[str, int] | None = fit(
        listings, room, FRAME_WIDTH, CUT_ORDER, _most_rows(kit), floors={"upcoming": UPCOMING}
    )
    while shown is not None:
        story = _story(head, listings, shown)
        # Measured again as built: the arithmetic of the fit, checked.
        if stacked_height(story, FRAME_WIDTH) <= FRAME_HEIGHT - SLACK:
            data, pages = _build(kit, story)
            if pages == 1:
                return data
        shown = shrink(shown, CUT_ORDER)
        head = brief_head(kit)  # flowables are laid out once per build: fresh ones
    raise RuntimeError("the brief's head alone is taller than a page")  # pragma: no cover


def _story(head: list[Flowable], listings: list[Listing], shown: dict[str, int]) -> list[Flowable]:
    story = list(head)
    for listing in listings:
        story += listing.flowables(shown[listing.key])
    return story


def _most_rows(kit: BriefKit) -> int:
    """More rows than a frame could hold at the least height a row can have."""
    least = float(kit.styles.cell.leading) + 3.5  # a line and the padding
    rows: int = math.ceil(float(FRAME_HEIGHT) / least)
    return rows + 1


def _build(kit: BriefKit, story: list[Flowable]) -> tuple[bytes, int]:
    snapshot = kit.snapshot
    title = brief_title(kit)
    furniture = Furniture(
        classification=snapshot.classification,
        running_title=f"{title} · as of {format_date(snapshot.as_of)}",
        round_label="",
        provisional=False,
    )
    painter = PagePainter(furniture, kit.memo, kit.typesetter)
    rl_config.useA85 = 0
    output = io.BytesIO()
    document = MemoDocument(output, painter, **_metadata(kit, title))
    family = kit.typesetter.fonts.family
    document.build(story, canvasmaker=canvas_maker(painter, snapshot.as_of, family))
    return output.getvalue(), int(document.page)


def _metadata(kit: BriefKit, title: str) -> dict[str, object]:
    """From the agreement and the date, never from a note or a party's words."""
    snapshot = kit.snapshot
    agreement = snapshot.agreement.display_title
    keywords = [
        agreement,
        "pre-meeting brief",
        f"as of {snapshot.as_of.isoformat()}",
        snapshot.classification,
    ]
    return {
        "title": plain_text(title),
        "author": plain_text(snapshot.generator),
        "subject": plain_text(
            f"Pre-meeting brief on {agreement}, as of {format_date(snapshot.as_of)}"
        ),
        "keywords": ", ".join(plain_text(keyword) for keyword in keywords if keyword),
        "creator": plain_text(snapshot.generator),
    }
