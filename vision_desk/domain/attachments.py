"""What a file must be to be kept with an item of evidence (docs/evidence.md).

Vision Desk keeps the bytes and never opens or runs them itself; the officer opens
one with the system's viewer, on request. So what is taken is narrow and checked:
a PDF, a PNG or JPEG image, or plain UTF-8 text, at most ``MAX_BYTES``, whose
bytes are what its name says (a program renamed ``report.pdf`` is refused), under
a name that cannot pretend to be something else or reach outside its folder when
written out to be opened.
"""

from __future__ import annotations

import unicodedata

from vision_desk.errors import UserError

MAX_BYTES = 25 * 1024 * 1024
MAX_NAME = 120

# The kinds taken, by the endings their names may have.
MEDIA_TYPES = {
    ".pdf": "application/pdf",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".txt": "text/plain",
}
_MAGIC = {
    "application/pdf": (b"%PDF-",),
    "image/png": (b"\x89PNG\r\n\x1a\n",),
    "image/jpeg": (b"\xff\xd8\xff",),
}
# Names Windows keeps for devices, with any ending: "NUL.txt" is the device there.
# Windows counts the superscript digits ¹ ² ³ as digits here too.
_DIGITS = [*(str(n) for n in range(10)), "\u00b9", "\u00b2", "\u00b3"]
_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{n}" for n in _DIGITS)}
_RESERVED |= {f"LPT{n}" for n in _DIGITS}
# Characters Windows refuses in a name (":" would name an alternate data stream).
_FORBIDDEN = set('<>:"|?*')


def checked_name(name: str) -> str:
    """The file's name if it is one Vision Desk keeps, else one sentence why not.

    Refused: a path rather than a name; an empty or over-long name; control and
    format characters (among them the right-to-left override that makes
    "report‮fdp.exe" read as "reportexe.pdf"); a name starting with a dot or
    ending with a dot or a space; a device name of Windows; an ending other than
    those of ``MEDIA_TYPES``.
    """
    shown = name.encode("unicode_escape").decode("ascii")[:80]
    if not name or len(name) > MAX_NAME:
        raise UserError(f"A file's name must be 1 to {MAX_NAME} characters; '{shown}' is not.")
    if any(character in _FORBIDDEN for character in name):
        raise UserError(
            f"The file's name '{shown}' holds a character no file name may have on "
            'Windows (< > : " | ? *); rename the file.'
        )
    if "/" in name or "\\" in name or name in {".", ".."}:
        raise UserError(f"'{shown}' is a path, not a file's name; give the file itself.")
    if any(unicodedata.category(character) in {"Cc", "Cf", "Zl", "Zp"} for character in name):
        raise UserError(
            f"The file's name '{shown}' holds control or invisible formatting characters; "
            "rename the file and try again."
        )
    if name.startswith(".") or name.endswith((".", " ")):
        raise UserError(f"The file's name '{shown}' may not start with a dot or end with one.")
    if name.split(".", 1)[0].strip().upper() in {reserved.upper() for reserved in _RESERVED}:
        raise UserError(f"'{shown}' is a device's name on Windows; rename the file.")
    media_type_for(name)
    return name


def media_type_for(name: str) -> str:
    ending = name[name.rfind(".") :].lower() if "." in name else ""
    found = MEDIA_TYPES.get(ending)
    if found is None:
        raise UserError(
            f"Only PDF, PNG, JPEG and plain-text files can be kept with evidence; "
            f"'{name}' is none of them."
        )
    return found


def checked_size(name: str, size: int) -> None:
    if size > MAX_BYTES:
        raise UserError(
            f"'{name}' is {size / 1024 / 1024:.0f} MB; a file kept with evidence may be at "
            f"most {MAX_BYTES // 1024 // 1024} MB."
        )
    if size == 0:
        raise UserError(f"'{name}' is empty; there is nothing to keep.")


def checked_content(name: str, data: bytes) -> str:
    """The media type of ``data``, which must be what ``name`` says it is."""
    checked_size(name, len(data))
    media_type = media_type_for(name)
    if media_type == "text/plain":
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            raise UserError(f"'{name}' is not plain UTF-8 text.") from None
        if any(ord(c) < 0x20 and c not in "\t\n\r\f" for c in text):
            raise UserError(f"'{name}' holds control characters; it is not plain text.")
        return media_type
    if not data.startswith(_MAGIC[media_type]):
        raise UserError(
            f"'{name}' is named as a {media_type.split('/')[1].upper()} file but its "
            "contents are not one; it was not kept."
        )
    return media_type
