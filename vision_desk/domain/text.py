"""Facts about the text the officer writes, shared by the desk and the memo."""

from __future__ import annotations

import re
import unicodedata


def is_right_to_left(text: str) -> bool:
    """True when the first strongly directional letter is right-to-left (Urdu,
    Pashto, Dari, Arabic, Hebrew): the paragraph then runs right to left, as the
    Unicode bidirectional algorithm's rule P2 decides."""
    for character in text:
        direction = unicodedata.bidirectional(character)
        if direction in ("R", "AL"):
            return True
        if direction == "L":
            return False
    return False


# Characters that act instead of showing: the C0 controls but tab and line feed
# (a carriage return rewrites the line, ESC starts a terminal escape sequence, BEL
# rings), DEL, and the C1 controls (U+009B starts an escape sequence on some
# terminals, U+0085 breaks a line). Also the Unicode line and paragraph separators
# U+2028 and U+2029: not controls to Unicode, but some programs break a line at
# them and others show nothing, so a title holding one could pass for two lines.
# Marks that text needs are not here: the zero-width non-joiner of Dari and
# Persian words, the right-to-left and left-to-right marks.
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")


def first_control(text: str) -> int | None:
    """Where ``text`` holds a control character (``CONTROL_CHARACTERS``), or None."""
    found = CONTROL_CHARACTERS.search(text)
    return None if found is None else found.start()


def code_point(character: str) -> str:
    """How a character is named in a message, visible whatever it is: ``U+001B``."""
    return f"U+{ord(character):04X}"
