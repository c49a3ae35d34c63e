"""Facts about the text the officer writes, shared by the desk and the memo."""

from __future__ import annotations

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
