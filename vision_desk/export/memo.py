"""The review memo: ``render_memo`` turns a domain snapshot into the bytes of a PDF.

The memo is made from the snapshot alone (never from a live session), with fonts
from a folder the caller names, so the same snapshot gives the same bytes: the PDF
is written in reportlab's invariant mode and dated with the memo's own date.
"""

from __future__ import annotations

import io
from pathlib import Path

from reportlab import rl_config
from reportlab.platypus import Flowable

from vision_desk.domain.memo import MemoSnapshot
from vision_desk.export.annex import annex_sources, annex_texts
from vision_desk.export.clauses import assessments_section
from vision_desk.export.disputed import disputes_section
from vision_desk.export.fonts import load_fonts
from vision_desk.export.front import default_subject, memo_block
from vision_desk.export.kit import Kit
from vision_desk.export.pages import Furniture, MemoDocument, PagePainter, canvas_maker
from vision_desk.export.parties import reciprocity_section
from vision_desk.export.sections import changes_section, deadlines_section, summary_section
from vision_desk.export.signoff import sign_off_section
from vision_desk.export.styles import make_styles
from vision_desk.export.text import Typesetter, format_date, plain_text


def render_memo(snapshot: MemoSnapshot, fonts_dir: Path) -> bytes:
    """The review memo for ``snapshot`` as PDF bytes; fonts come from ``fonts_dir``."""
    fonts = load_fonts(fonts_dir)
    kit = Kit(snapshot=snapshot, typesetter=Typesetter(fonts), styles=make_styles(fonts))
    story: list[Flowable] = [
        *memo_block(kit),
        *summary_section(kit),
        *deadlines_section(kit),
        *changes_section(kit),
        *reciprocity_section(kit),
        *disputes_section(kit),
        *assessments_section(kit),
        *sign_off_section(kit),
        *annex_texts(kit),
        *annex_sources(kit),
    ]
    painter = PagePainter(_furniture(snapshot), kit.styles, kit.typesetter)
    # Streams are compressed binary, not also ASCII85-armoured: a fifth smaller, and
    # reportlab's pure-Python encoder is a second of a long memo's time.
    rl_config.useA85 = 0
    output = io.BytesIO()
    document = MemoDocument(output, painter, **_metadata(snapshot))
    document.build(story, canvasmaker=canvas_maker(painter, snapshot.options.date, fonts.family))
    return output.getvalue()


def _furniture(snapshot: MemoSnapshot) -> Furniture:
    agreement = snapshot.agreement.display_title
    if snapshot.round is not None:
        round_label = f"{snapshot.round.title}, as of {format_date(snapshot.round.as_of)}"
    else:
        round_label = f"Provisional, as of {format_date(snapshot.as_of)}"
    return Furniture(
        classification=snapshot.options.classification,
        running_title=f"Review memo · {agreement} · as of {format_date(snapshot.as_of)}",
        round_label=round_label,
        provisional=snapshot.provisional,
    )


def _metadata(snapshot: MemoSnapshot) -> dict[str, object]:
    """Title, author, subject and keywords: from the memo block and the round, never
    from a note or a rationale."""
    options = snapshot.options
    agreement = snapshot.agreement
    round_title = snapshot.round.title if snapshot.round is not None else "provisional"
    keywords = [
        agreement.display_title,
        "review memo",
        round_title,
        f"as of {snapshot.as_of.isoformat()}",
        options.classification,
    ]
    return {
        "title": plain_text(f"Review memo: {agreement.display_title}, {round_title}"),
        "author": plain_text(options.sender or snapshot.generator),
        "subject": plain_text(options.subject or default_subject(snapshot)),
        "keywords": ", ".join(plain_text(keyword) for keyword in keywords if keyword),
        "creator": plain_text(snapshot.generator),
    }
