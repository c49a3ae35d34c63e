"""Colours and fonts, derived from the palette so that a dark or high-contrast
theme stays legible: text is always drawn in the palette's own text colour and
status colour is only ever a tint and a border, never the sole signal."""

from __future__ import annotations

from PySide6.QtGui import QColor, QFontDatabase, QPalette

from vision_desk.domain.status import Status
from vision_desk.domain.status_colours import STATUS_HUES
from vision_desk.paths import resources_dir


def status_hue(status: Status) -> QColor:
    """The status's hue, the one the memo's chart prints in (one palette)."""
    return QColor(STATUS_HUES[status])


def status_colours(status: Status, palette: QPalette) -> tuple[QColor, QColor]:
    """(fill, border-and-text) for a status badge on ``palette``."""
    hue = status_hue(status)
    base = palette.color(QPalette.ColorRole.Base)
    fill = QColor(hue)
    fill.setAlphaF(0.18 if base.lightness() > 128 else 0.35)
    ink = palette.color(QPalette.ColorRole.Text)
    return fill, ink


def legible_muted(palette: QPalette) -> QPalette:
    """``palette`` with its muted text (Qt's placeholder colour, which the desk uses
    for bylines, headings of groups and small print) dark enough to read: most
    themes give a grey near 4:1 on the window, under the 4.5:1 small text needs.
    A mix of the theme's own text and base colours keeps it right on dark themes."""
    text = palette.color(QPalette.ColorRole.Text)
    base = palette.color(QPalette.ColorRole.Base)
    share = 0.64  # of the text colour: about 6:1 on white, 5:1 on a light grey window
    muted = QColor.fromRgbF(
        text.redF() * share + base.redF() * (1 - share),
        text.greenF() * share + base.greenF() * (1 - share),
        text.blueF() * share + base.blueF() * (1 - share),
    )
    legible = QPalette(palette)
    for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
        legible.setColor(group, QPalette.ColorRole.PlaceholderText, muted)
    return legible


def alert_colour(palette: QPalette) -> QColor:
    """The colour of "overdue": a deep red on light themes, a light red on dark and
    high-contrast ones, so it always stands off the background."""
    base = palette.color(QPalette.ColorRole.Base)
    return QColor("#b3261e") if base.lightness() > 128 else QColor("#ff8a80")


def load_fonts() -> list[str]:
    """Register the fonts shipped in resources/fonts (Latin and Arabic script);
    returns the family names Qt now knows."""
    families: list[str] = []
    folder = resources_dir() / "fonts"
    for file in sorted(folder.glob("*.ttf")):
        font_id = QFontDatabase.addApplicationFont(str(file))
        if font_id >= 0:
            families.extend(QFontDatabase.applicationFontFamilies(font_id))
    return families
