"""Calendar events as an iCalendar file (RFC 5545), written with ``icalendar``:
all-day events, one per deadline and per review, each with a stable UID.

The file is read back with the same library before it is handed over: what a
calendar program will read is what was meant."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from icalendar import Calendar, Event

from vision_desk.domain.calendar import CalendarEntry

PRODUCT = "-//Vision Desk//Review calendar//EN"


def calendar_bytes(entries: Sequence[CalendarEntry], stamp: dt.datetime) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODUCT)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", "Vision Desk: deadlines and reviews")
    for entry in entries:
        event = Event()
        event.add("uid", entry.uid)
        event.add("dtstamp", stamp.astimezone(dt.UTC))
        event.add("dtstart", entry.day)  # a date: an all-day event
        event.add("dtend", entry.day + dt.timedelta(days=1))
        event.add("summary", entry.summary)
        event.add("description", entry.description)
        event.add("categories", [entry.kind])
        event.add("transp", "TRANSPARENT")  # a reminder, not busy time
        calendar.add_component(event)
    data: bytes = calendar.to_ical()
    _read_back(data, entries)
    return data


def _read_back(data: bytes, entries: Sequence[CalendarEntry]) -> None:
    """The written file, parsed again, holds each event with its day and words."""
    parsed = Calendar.from_ical(data)
    events = [component for component in parsed.walk("VEVENT")]
    if len(events) != len(entries):
        raise ValueError("the calendar file did not read back with every event")
    for event, entry in zip(events, entries, strict=True):
        if (
            str(event.get("uid")) != entry.uid
            or event.decoded("dtstart") != entry.day
            or str(event.get("summary")) != entry.summary
        ):
            raise ValueError(f"the calendar's event for {entry.ref} did not read back as written")
