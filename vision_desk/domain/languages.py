"""The names of the languages an agreement's texts are given in, as a reader says
them: "Dari", not "fa".

The desk labels its side-by-side texts with the same names as the memo's annex,
so that the two never call one text two things.
"""

from __future__ import annotations

# By primary language subtag (docs/agreement-format.md: `fa` is Dari in the
# agreements this desk keeps, as in Afghanistan's own usage).
_NAMES = {
    "ar": "Arabic",
    "en": "English",
    "es": "Spanish",
    "fa": "Dari",
    "fr": "French",
    "prs": "Dari",
    "ps": "Pashto",
    "pbt": "Pashto",
    "pbu": "Pashto",
    "ru": "Russian",
    "tg": "Tajik",
    "tk": "Turkmen",
    "ur": "Urdu",
    "uz": "Uzbek",
    "zh": "Chinese",
}


def language_name(tag: str) -> str:
    """ "Dari" for "fa" or "fa-AF"; a tag this table does not know is shown as
    written, which is still exactly what the file says."""
    primary = tag.split("-", 1)[0].lower()
    return _NAMES.get(primary, tag)
