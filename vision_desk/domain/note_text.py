"""What a note may hold: some words, not too many, and only characters UTF-8 (and
so the store, a file or a server) can keep."""

from __future__ import annotations

from vision_desk.errors import UserError

MAX_NOTE_CHARS = 100_000


def checked_note_text(text: str) -> str:
    """``text`` if a note may hold it; otherwise the reason, as a ``UserError``."""
    if not text.strip():
        raise UserError("A note needs some text; nothing was saved.")
    if len(text) > MAX_NOTE_CHARS:
        raise UserError(
            f"A note holds at most {MAX_NOTE_CHARS:,} characters; this one has {len(text):,}."
        )
    if "\x00" in text:
        # An invisible character some programs paste; a team desk's server cannot
        # keep it (nor can most programs the memo and exports go to).
        raise UserError(
            f"The note has an invisible NUL character at position {text.index(chr(0)) + 1}; "
            "nothing was saved. Remove it and save again."
        )
    broken = _lone_surrogate(text)
    if broken is not None:
        # Half of a pasted emoji: UTF-8, and so the store, cannot hold it. Raised
        # outside any handler, so that no exception in the chain carries the text.
        raise UserError(
            f"The note has a broken character at position {broken + 1}; "
            "nothing was saved. Retype that character and save again."
        )
    return text


def _lone_surrogate(text: str) -> int | None:
    """Where ``text`` holds a surrogate code point (which Python strings allow and
    UTF-8 does not), or None."""
    return next((index for index, char in enumerate(text) if "\ud800" <= char <= "\udfff"), None)
