"""The clause in the languages the document gives it, as HTML for the clause pane:
side by side on request, each column labelled with its language and the
authoritative text marked; right-to-left texts (Dari, Pashto, Urdu) laid out right
to left. Everything from the file is escaped before it meets HTML."""

from __future__ import annotations

from html import escape

from vision_desk.domain.agreement import Clause, ClauseText
from vision_desk.domain.languages import language_name

# The shipped Naskh face for Arabic script (Noto Sans has none); it reads small
# beside Latin text at one size, so it is set a step larger, as the notes are.
_RIGHT_TO_LEFT_STYLE = "font-family:'Noto Naskh Arabic'; font-size:x-large; line-height:115%"
_WORKING_STYLE = "font-size:large; line-height:140%"


def text_label(text: ClauseText) -> str:
    """ "Dari (authoritative)", "Pashto"."""
    name = language_name(text.language)
    return f"{name} (authoritative)" if text.authoritative else name


def languages_in_words(clause: Clause) -> str:
    """ "Dari (authoritative) and Pashto": the clause's other texts, for a line."""
    labels = [text_label(text) for text in clause.texts]
    if len(labels) <= 1:
        return "".join(labels)
    return ", ".join(labels[:-1]) + " and " + labels[-1]


def paragraphs(text: str) -> str:
    return "<br/>".join(escape(line) for line in text.split("\n"))


def working_text_html(clause: Clause, muted: str, key: str) -> str:
    """The English working text alone, and, when the document gives the clause in
    other languages too, a line saying which and how to see them."""
    html = f"<p style='{_WORKING_STYLE}'>{paragraphs(clause.text)}</p>"
    if clause.texts:
        how = f"{escape(key)} shows" if key else "“Texts in every language” shows"
        html += (
            f"<p style='color:{muted}'>The document also words this clause in "
            f"{escape(languages_in_words(clause))}; {how} them side by side.</p>"
        )
    return html


def side_by_side_html(clause: Clause, muted: str) -> str:
    """The working text and each of the document's texts in columns of one width.
    A right-to-left text's paragraph runs right to left (``dir='rtl'``: Qt lays the
    block out right to left and aligns it to the right, its reading start)."""
    if not clause.texts:
        return (
            f"<p style='{_WORKING_STYLE}'>{paragraphs(clause.text)}</p>"
            f"<p style='color:{muted}'>The agreement file gives this clause in no other "
            "language.</p>"
        )
    width = 100 // (len(clause.texts) + 1)
    heads = [f"<td width='{width}%' style='color:{muted}'><b>English</b> · the working text</td>"]
    cells = [f"<td width='{width}%'><p style='{_WORKING_STYLE}'>{paragraphs(clause.text)}</p></td>"]
    for text in clause.texts:
        rtl = text.is_right_to_left
        label = f"<b>{escape(language_name(text.language))}</b>"
        if text.authoritative:
            label += " · authoritative"
        # The label sits over the text's reading start: the right for Dari.
        align = " align='right'" if rtl else ""
        heads.append(f"<td width='{width}%'{align} style='color:{muted}'>{label}</td>")
        style = _RIGHT_TO_LEFT_STYLE if rtl else _WORKING_STYLE
        direction = "rtl" if rtl else "ltr"
        cells.append(
            f"<td width='{width}%'><p dir='{direction}' style=\"{style}\">"
            f"{paragraphs(text.text)}</p></td>"
        )
    return (
        "<table width='100%' cellspacing='0' cellpadding='6'>"
        f"<tr>{''.join(heads)}</tr><tr>{''.join(cells)}</tr></table>"
    )
