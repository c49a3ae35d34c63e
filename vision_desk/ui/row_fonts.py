"""The fonts a list's rows are drawn in, made from the list's font once (not per row
painted: every key repaints some rows), and the same for every list: the clause
list and the evidence list draw in one set, so glyphs drawn in one are not drawn
again for the other."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QFont, QFontMetrics


@dataclass(frozen=True)
class RowFonts:
    plain: QFont
    plain_metrics: QFontMetrics
    bold: QFont
    bold_metrics: QFontMetrics
    small: QFont
    small_metrics: QFontMetrics
    small_bold: QFont
    small_bold_metrics: QFontMetrics

    @property
    def heading(self) -> QFont:
        """A group's heading in the clause list."""
        return self.small_bold

    @classmethod
    def of(cls, base: QFont) -> RowFonts:
        # Copies: the font handed in is a style option's, gone after the paint.
        plain = QFont(base)
        bold = QFont(base)
        bold.setBold(True)
        small = QFont(base)
        small.setPointSizeF(base.pointSizeF() * 0.85)
        small_bold = QFont(small)
        small_bold.setBold(True)
        return cls(
            plain,
            QFontMetrics(plain),
            bold,
            QFontMetrics(bold),
            small,
            QFontMetrics(small),
            small_bold,
            QFontMetrics(small_bold),
        )


class RowFontCache:
    """``RowFonts`` for each font a list is shown in (by the font's key)."""

    def __init__(self) -> None:
        self._by_key: dict[str, RowFonts] = {}

    def fonts_for(self, base: QFont) -> RowFonts:
        key = base.key()
        fonts = self._by_key.get(key)
        if fonts is None:
            fonts = self._by_key[key] = RowFonts.of(base)
        return fonts
