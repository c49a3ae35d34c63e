"""The memo's fonts: Noto Sans for Latin text, Noto Naskh Arabic for Urdu, Pashto, Dari.

reportlab has no font fallback and its own shaping keeps the words of a line left to
right, so the memo sets right-to-left text itself (``rtl.py``) and draws the glyphs
HarfBuzz chose. Those glyphs (contextual forms, mirrored brackets) often have no
character of their own in the font's cmap; ``GlyphFont`` gives each such glyph a
private code for reportlab's subsetting and tells PDF readers, through the font's
ToUnicode map, which characters the glyph stands for, so that copying or searching
the memo gives back the words as typed.
"""

from __future__ import annotations

import functools
import hashlib
import threading
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import uharfbuzz
from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfdoc, pdfmetrics
from reportlab.pdfbase.ttfonts import SUBSETN, TTFont

from vision_desk.errors import UserError

FONT_FILES = {
    "sans": "NotoSans-Regular.ttf",
    "sans-bold": "NotoSans-Bold.ttf",
    "sans-italic": "NotoSans-Italic.ttf",
    "sans-bold-italic": "NotoSans-BoldItalic.ttf",
    "naskh": "NotoNaskhArabic-Regular.ttf",
    "naskh-bold": "NotoNaskhArabic-Bold.ttf",
}

# Private codes for glyphs without a character of their own: Supplementary Private
# Use Area-A, which no shipped font maps, so they never collide with a real character.
_FIRST_PRIVATE_CODE = 0xF0000
_LAST_PRIVATE_CODE = 0xFFFFD
_WIDTH_CACHE_LIMIT = 200_000

# Characters Noto Sans sets on its own, one glyph each: no shaping, no direction.
# Marks must be positioned by HarfBuzz; format characters (bidi controls, joiners,
# soft hyphen) have no business being drawn as glyphs.
_NEEDS_LAYOUT_CATEGORIES = frozenset({"Mn", "Me", "Mc", "Cf", "Cc", "Cs", "Co", "Cn", "Zl", "Zp"})
_NEEDS_LAYOUT_BIDI = frozenset(
    {"R", "AL", "AN", "NSM", "RLE", "LRE", "RLO", "LRO", "PDF", "RLI", "LRI", "FSI", "PDI"}
)


class FontsMissingError(UserError):
    """The memo's fonts are not where the installation put them."""


class GlyphFont(TTFont):  # type: ignore[misc]
    """A TrueType font that can draw any glyph HarfBuzz picks and keeps it searchable."""

    def __init__(self, name: str, path: Path) -> None:
        super().__init__(name, str(path))
        blob = uharfbuzz.Blob(path.read_bytes())
        self.hb_face = uharfbuzz.Face(blob)
        self.hb_font = uharfbuzz.Font(self.hb_face)  # scale = units per em
        self.units_per_em: int = self.hb_face.upem
        self.coverage: frozenset[int] = frozenset(self.face.charToGlyph)
        self._widths: dict[str, float] = {}
        self._private_codes: dict[tuple[int, str], int] = {}
        self._private_text: dict[int, str] = {}
        # Memos may be built off the GUI thread; the code table is shared by all of them.
        self._lock = threading.Lock()

    def stringWidth(self, text: str, size: float, encoding: str = "utf8") -> float:  # noqa: N802
        """reportlab's width, remembered per text: Paragraph measures every word of
        every line, and a memo's words repeat (reportlab's own measure is pure Python)."""
        per_point = self._widths.get(text)
        if per_point is None:
            if len(self._widths) > _WIDTH_CACHE_LIMIT:
                self._widths.clear()
            per_point = self._widths[text] = super().stringWidth(text, 1.0, encoding)
        return per_point * size

    def covers(self, character: str) -> bool:
        return ord(character) in self.coverage

    def code_for(self, glyph: int, text: str) -> str:
        """The character to hand reportlab for ``glyph``, standing for ``text``.

        A glyph that is the font's own for a single character is written as that
        character. Any other (a contextual form, a mirrored bracket, one glyph for
        several characters) gets a private code that is mapped back to ``text``.
        """
        if len(text) == 1 and self.face.charToGlyph.get(ord(text)) == glyph:
            return text
        key = (glyph, text)
        code = self._private_codes.get(key)
        if code is None:
            with self._lock:
                code = self._private_codes.get(key)
                if code is None:
                    code = self._allocate(glyph, text)
        return chr(code)

    def _allocate(self, glyph: int, text: str) -> int:
        code = _FIRST_PRIVATE_CODE + len(self._private_codes)
        if code > _LAST_PRIVATE_CODE:
            raise RuntimeError(f"{self.fontName}: no private codes left for shaped glyphs")
        face = self.face
        face.charToGlyph[code] = glyph
        face.charWidths[code] = face._pdfScale(face.hmetrics[glyph][0])
        self._private_text[code] = text
        # The key is stored last: another thread reading without the lock sees a code
        # only once everything it refers to is in place.
        self._private_codes[(glyph, text)] = code
        return code

    def text_of(self, code: int) -> str:
        """The characters a code in a subset stands for (its ToUnicode entry)."""
        return self._private_text.get(code, chr(code))

    def addObjects(self, doc: pdfdoc.PDFDocument) -> None:  # noqa: N802 (reportlab's name)
        """reportlab's own ``TTFont.addObjects``, with a ToUnicode map that knows the
        private codes (and characters outside the BMP, written as UTF-16 pairs)."""
        state = self.state.get(doc)
        if state is None:
            state = self.state[doc] = TTFont.State(self._asciiReadable, self)
        state.frozen = 1
        for number, subset in enumerate(state.subsets):
            internal_name = self.getSubsetInternalName(number, doc)[1:]
            base_font_name = (
                b"".join((SUBSETN(number), b"+", self.face.name, self.face.subfontNameX))
            ).decode("pdfdoc")
            pdf_font = pdfdoc.PDFTrueTypeFont()
            pdf_font.__Comment__ = f"Font {self.fontName} subset {number}"
            pdf_font.Name = internal_name
            pdf_font.BaseFont = base_font_name
            pdf_font.FirstChar = 0
            pdf_font.LastChar = len(subset) - 1
            pdf_font.Widths = pdfdoc.PDFArray([self.face.getCharWidth(code) for code in subset])
            cmap = pdfdoc.PDFStream()
            cmap.content = self._to_unicode_cmap(base_font_name, subset)
            if doc.compression:
                cmap.filters = [pdfdoc.PDFZCompress]
            pdf_font.ToUnicode = doc.Reference(cmap, "toUnicodeCMap:" + base_font_name)
            pdf_font.FontDescriptor = self.face.addSubsetObjects(doc, base_font_name, subset)
            doc.Reference(pdf_font, internal_name)
            doc.idToObject["BasicFonts"].dict[internal_name] = pdf_font
        del self.state[doc]

    def _to_unicode_cmap(self, font_name: str, subset: list[int]) -> str:
        entries = []
        for index, code in enumerate(subset):
            text = self.text_of(code) if code else ""
            if text:
                entries.append(f"<{index:02X}> <{text.encode('utf-16-be').hex().upper()}>")
        lines = [
            "/CIDInit /ProcSet findresource begin",
            "12 dict begin",
            "begincmap",
            f"/CIDSystemInfo << /Registry ({font_name}) /Ordering ({font_name}) /Supplement 0 >> def",
            f"/CMapName /{font_name} def",
            "/CMapType 2 def",
            "1 begincodespacerange",
            f"<00> <{len(subset) - 1:02X}>",
            "endcodespacerange",
        ]
        # A CMap section holds at most 100 entries.
        for start in range(0, len(entries), 100):
            chunk = entries[start : start + 100]
            lines += [f"{len(chunk)} beginbfchar", *chunk, "endbfchar"]
        lines += ["endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"]
        return "\n".join(lines)


@dataclass(frozen=True, slots=True)
class FontSet:
    """The registered fonts of one fonts folder, and what each can set."""

    sans: GlyphFont
    sans_bold: GlyphFont
    sans_italic: GlyphFont
    sans_bold_italic: GlyphFont
    naskh: GlyphFont
    naskh_bold: GlyphFont
    plain_characters: frozenset[str]

    @property
    def family(self) -> str:
        """The family name Paragraph styles use; ``<b>`` and ``<i>`` map within it."""
        return str(self.sans.fontName)

    def latin(self, *, bold: bool = False, italic: bool = False) -> GlyphFont:
        if bold:
            return self.sans_bold_italic if italic else self.sans_bold
        return self.sans_italic if italic else self.sans

    def arabic(self, *, bold: bool = False) -> GlyphFont:
        # Naskh has no italic: Arabic script is not slanted for emphasis.
        return self.naskh_bold if bold else self.naskh

    def style_of(self, font_name: str) -> tuple[bool, bool]:
        """(bold, italic) of one of this set's registered font names."""
        for font, bold, italic in (
            (self.sans_bold_italic, True, True),
            (self.sans_bold, True, False),
            (self.sans_italic, False, True),
            (self.naskh_bold, True, False),
        ):
            if font.fontName == font_name:
                return bold, italic
        return False, False

    def is_plain(self, text: str) -> bool:
        """True when ``text`` can be set in Noto Sans as it is, character by character,
        in any of its four faces: no shaping, no direction, nothing missing."""
        return set(text) <= self.plain_characters


def load_fonts(fonts_dir: Path) -> FontSet:
    """Register the fonts in ``fonts_dir`` with reportlab (once per folder and process)."""
    return _load_fonts(str(Path(fonts_dir).resolve()))


@functools.lru_cache(maxsize=4)
def _load_fonts(folder: str) -> FontSet:
    directory = Path(folder)
    missing = [name for name in FONT_FILES.values() if not (directory / name).is_file()]
    if missing:
        raise FontsMissingError(
            f"The memo cannot be made: its fonts are missing from {directory} "
            f"({', '.join(missing)}). Reinstall Vision Desk to restore them."
        )
    # Names unique to the folder, so that two folders never overwrite each other's
    # registration; they never appear in the PDF (fonts are named by their own names).
    suffix = hashlib.sha256(folder.encode("utf-8", "surrogatepass")).hexdigest()[:8]
    fonts = {
        key: GlyphFont(f"VisionDesk-{key}-{suffix}", directory / name)
        for key, name in FONT_FILES.items()
    }
    for font in fonts.values():
        pdfmetrics.registerFont(font)
    family = fonts["sans"].fontName
    for bold, italic, key in (
        (0, 0, "sans"),
        (1, 0, "sans-bold"),
        (0, 1, "sans-italic"),
        (1, 1, "sans-bold-italic"),
    ):
        addMapping(family, bold, italic, fonts[key].fontName)
    sans = fonts["sans"]
    # What every Latin face has, so that bold and italic never fall back to a box.
    latin = frozenset.intersection(
        *(fonts[key].coverage for key in ("sans", "sans-bold", "sans-italic", "sans-bold-italic"))
    )
    plain = frozenset(
        chr(code)
        for code in latin
        if code != 0
        and unicodedata.category(chr(code)) not in _NEEDS_LAYOUT_CATEGORIES
        and unicodedata.bidirectional(chr(code)) not in _NEEDS_LAYOUT_BIDI
    ) | {"\n"}
    return FontSet(
        sans=sans,
        sans_bold=fonts["sans-bold"],
        sans_italic=fonts["sans-italic"],
        sans_bold_italic=fonts["sans-bold-italic"],
        naskh=fonts["naskh"],
        naskh_bold=fonts["naskh-bold"],
        plain_characters=plain,
    )
