"""Dates as an officer types them, read exactly or refused: never guessed.

Accepted (any case, surrounding spaces ignored):

- ``2021-01-10``: ISO, year first;
- ``10 Jan 2021``, ``10 January 2021``, ``10 Jan, 2021``, ``Jan 10, 2021``: an
  English month name or its three-letter abbreviation;
- ``10/01/2021`` or ``10.01.2021``: numbers are always day first, then month;
- ``today``, ``+30d``, ``-7d``: relative to today.

The year is always written in full: ``10/01/21`` could be 1921 or 2021, and
``10 1 2021`` could be either order, so both are refused rather than read one way.
"""

from __future__ import annotations

import datetime as dt
import re

from vision_desk.errors import UserError

ACCEPTED_FORMS = (
    "2021-01-10, 10 Jan 2021, 10 January 2021, 10/01/2021 (day first), today, +30d or -7d"
)
EARLIEST_YEAR = 1900
LATEST_YEAR = 2100

MONTH_ABBREVIATIONS = (
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "May",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Oct",
    "Nov",
    "Dec",
)
_MONTH_NAMES = (
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
)  # fmt: skip
# English names, not the locale's: a date typed on one desk must read the same on all.
_MONTHS = {name: number for number, name in enumerate(_MONTH_NAMES, 1)} | {
    name[:3]: number for number, name in enumerate(_MONTH_NAMES, 1)
}

# ASCII digits only: a digit from another script is refused, not guessed at.
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})", re.ASCII)
_DAY_FIRST = re.compile(r"(\d{1,2})([/.])(\d{1,2})\2(\d+)", re.ASCII)
_GAP = r"(?:\s*,\s*|\s+)"  # a space, or a comma with or without spaces
_DAY_MONTH_NAME = re.compile(rf"(\d{{1,2}}){_GAP}([a-z]+){_GAP}(\d+)", re.ASCII)
_MONTH_NAME_DAY = re.compile(rf"([a-z]+)\s+(\d{{1,2}}){_GAP}(\d+)", re.ASCII)
_RELATIVE = re.compile(r"([+-])\s*(\d{1,5})\s*d", re.ASCII)


class TypedDateError(UserError):
    """A typed date that cannot be read exactly; the message shows the accepted forms."""


def parse_typed_date(text: str, today: dt.date) -> dt.date:
    """The date ``text`` names, or :class:`TypedDateError`."""
    typed = " ".join(text.split()).lower()
    if not typed:
        raise _refuse(text, "Type a date")
    if typed == "today":
        return today
    if match := _RELATIVE.fullmatch(typed):
        days = int(match[2]) * (1 if match[1] == "+" else -1)
        try:
            return _in_range(text, today + dt.timedelta(days=days))
        except OverflowError:
            raise _refuse(text, "That is too far from today") from None
    if match := _ISO.fullmatch(typed):
        return _make(text, match[1], int(match[2]), match[3])
    if match := _DAY_FIRST.fullmatch(typed):
        return _make(text, match[4], int(match[3]), match[1])
    if match := _DAY_MONTH_NAME.fullmatch(typed):
        return _make(text, match[3], _month(text, match[2]), match[1])
    if match := _MONTH_NAME_DAY.fullmatch(typed):
        return _make(text, match[3], _month(text, match[1]), match[2])
    raise _refuse(text, f"“{text.strip()}” is not a date in a form I read")


def display_date(day: dt.date) -> str:
    """How the desk shows a date, e.g. "4 Dec 2026"; it reads back to the same day."""
    return f"{day.day} {MONTH_ABBREVIATIONS[day.month - 1]} {day.year}"


def display_moment(moment: dt.datetime) -> str:
    """A moment as the desk shows it, e.g. "5 Dec 2026 01:39" (the day not padded,
    the month in English whatever the computer's language), in ``moment``'s own
    time zone."""
    return f"{display_date(moment.date())} {moment:%H:%M}"


def long_date(day: dt.date) -> str:
    """A date written out in English, whatever the computer's language, e.g.
    "3 April 2021": how deadlines worked out from an event are shown."""
    return f"{day.day} {_MONTH_NAMES[day.month - 1].capitalize()} {day.year}"


def _month(text: str, name: str) -> int:
    month = _MONTHS.get(name)
    if month is None:
        raise _refuse(text, f"“{name}” is not a month (January or Jan … December or Dec)")
    return month


def _make(text: str, year: str, month: int, day: str) -> dt.date:
    if len(year) != 4:
        raise _refuse(text, "Write the year in full, e.g. 2021")
    try:
        made = dt.date(int(year), month, int(day))
    except ValueError:
        raise _refuse(text, f"“{text.strip()}” is not a day of the calendar") from None
    return _in_range(text, made)


def _in_range(text: str, day: dt.date) -> dt.date:
    if not EARLIEST_YEAR <= day.year <= LATEST_YEAR:
        raise _refuse(text, f"Choose a date from {EARLIEST_YEAR} to {LATEST_YEAR}")
    return day


def _refuse(text: str, reason: str) -> TypedDateError:
    return TypedDateError(f"{reason}. Accepted: {ACCEPTED_FORMS}.")
