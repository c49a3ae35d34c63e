"""A clause assessed per party, as the clause pane shows it: the overall status
"from its parts", each party with its own status, which party holds the clause
where it is, and which party is ahead of another. Names come from the file:
escaped before they meet HTML."""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from vision_desk.domain.agreement import Agreement
from vision_desk.domain.party_status import split_status
from vision_desk.domain.review import BoardRow
from vision_desk.domain.status import Status


def parts_html(
    row: BoardRow,
    agreement: Agreement,
    gaps: str,
    muted: str,
    tint: Callable[[Status], str],
) -> str:
    """Empty for a clause assessed as a whole. ``gaps``: "Afghanistan ahead of
    Pakistan by 2 levels" (the session's words); ``tint``: a status's badge colour."""
    if not row.state.parts:
        return ""
    split = split_status(row.clause, row.state.parts)

    def name(code: str) -> str:
        return escape(agreement.party(code).display_name)

    alike = len(split.decided_by) == len(split.parts)
    if split.overall is Status.OVERTAKEN:
        why = " (overtaken for every party)"
    elif alike:
        why = " (every party alike)"
    else:
        why = ""
    lines = [
        f"<p style='margin-top:6px; margin-bottom:2px'><b>Assessed per party:</b> overall "
        f"<b>{escape(split.overall.label)}</b>, from its parts{why}</p>",
        "<table cellspacing='0' cellpadding='2' style='margin-left:12px; margin-bottom:4px'>",
    ]
    waiting = split.overall is Status.NOT_ASSESSED
    for part in split.parts:
        mark = ""
        if part.party in split.decided_by and not alike:
            mark = "← not assessed yet" if waiting else "← holds the clause there"
        lines.append(
            f"<tr><td style='padding-right:14px'>{name(part.party)}</td>"
            f"<td><span style='background-color:{tint(part.status)}'>&nbsp;"
            f"{escape(part.status.label)}&nbsp;</span></td>"
            f"<td style='padding-left:10px; color:{muted}'>{mark}</td></tr>"
        )
    lines.append("</table>")
    if gaps:
        lines.append(f"<p style='margin-top:0'>{escape(gaps)}.</p>")
    return "".join(lines)
