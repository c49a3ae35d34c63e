"""Text shown in a Qt widget exactly as it was typed.

QMessageBox and QLabel guess whether their text is rich text (``mightBeRichText``).
A question that quotes what an officer typed (a round's title, a note) could then
be taken as markup, and the markup could hide the very words asked about.
"""

from __future__ import annotations

from html import escape

from PySide6 import QtGui


def shown_as_typed(text: str) -> str:
    """``text`` unchanged when Qt would show it as plain text; else escaped into
    rich text that shows every character typed, line breaks kept."""
    if not QtGui.Qt.mightBeRichText(text):
        return text
    return "<p>" + escape(text).replace("\n", "<br>") + "</p>"
