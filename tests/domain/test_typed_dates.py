"""Typed dates: every accepted form read exactly, everything else refused with the
accepted forms in the message, never read as another date."""

from __future__ import annotations

import datetime as dt

import pytest

from vision_desk.domain.typed_dates import (
    ACCEPTED_FORMS,
    TypedDateError,
    display_date,
    parse_typed_date,
)
from vision_desk.errors import UserError

TODAY = dt.date(2026, 12, 4)
TENTH = dt.date(2021, 1, 10)


@pytest.mark.parametrize(
    "text",
    [
        "2021-01-10",
        "2021-1-10",
        "10 Jan 2021",
        "10 jan 2021",
        "10 JAN 2021",
        "10 January 2021",
        "10 JANUARY 2021",
        "10 Jan, 2021",
        "10 January,2021",
        "Jan 10, 2021",
        "january 10 2021",
        "10/01/2021",
        "10/1/2021",
        "10.01.2021",
        "  10   Jan   2021  ",
        "\t2021-01-10\n",
    ],
)
def test_each_accepted_form_reads_the_tenth_of_january(text: str) -> None:
    assert parse_typed_date(text, TODAY) == TENTH


def test_numbers_are_day_first() -> None:
    assert parse_typed_date("01/10/2021", TODAY) == dt.date(2021, 10, 1)
    assert parse_typed_date("13/12/2021", TODAY) == dt.date(2021, 12, 13)


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("today", TODAY),
        ("TODAY", TODAY),
        (" Today ", TODAY),
        ("+30d", dt.date(2027, 1, 3)),
        ("+30D", dt.date(2027, 1, 3)),
        ("+ 30 d", dt.date(2027, 1, 3)),
        ("-7d", dt.date(2026, 11, 27)),
        ("+0d", TODAY),
    ],
)
def test_relative_to_today(text: str, day: dt.date) -> None:
    assert parse_typed_date(text, TODAY) == day


MONTHS_AS_TYPED = [
    "jan",
    "Feb",
    "MAR",
    "april",
    "May",
    "jun",
    "July",
    "aug",
    "September",
    "oct",
    "november",
    "Dec",
]


@pytest.mark.parametrize(("number", "month"), list(enumerate(MONTHS_AS_TYPED, 1)))
def test_every_month_by_name(number: int, month: str) -> None:
    assert parse_typed_date(f"1 {month} 2021", TODAY) == dt.date(2021, number, 1)


def test_a_leap_day_is_a_day() -> None:
    assert parse_typed_date("29 Feb 2024", TODAY) == dt.date(2024, 2, 29)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "10 1 2021",  # which is day, which month?
        "2021 01 10",
        "10/01/21",  # two-digit years: 1921 or 2021?
        "10 Jan 21",
        "10.01.21",
        "21-01-10",
        "10-01-2021",  # dashes are for year-first ISO only
        "2021/01/10",
        "10/01.2021",  # mixed separators
        "31 Feb 2021",
        "29 Feb 2021",
        "31/04/2021",
        "0/01/2021",
        "2021-13-01",
        "2021-02-30",
        "10 Janu 2021",
        "10 Sept 2021",
        "10 Foo 2021",
        "Jan 2021",
        "10 Jan",
        "10/01",
        "tomorrow",
        "yesterday",
        "30d",  # forward or back?
        "+30",
        "+30w",
        "0021-01-10",  # out of range
        "10 Jan 1066",
        "1 Jan 2200",
        "+99999d",
        "2021-01-10 12:00",
        "١٠/٠١/٢٠٢١",  # Arabic-Indic digits: refused, not misread
    ],
)
def test_anything_else_is_refused_with_the_accepted_forms(text: str) -> None:
    with pytest.raises(TypedDateError) as refused:
        parse_typed_date(text, TODAY)
    assert ACCEPTED_FORMS in refused.value.message
    assert isinstance(refused.value, UserError)  # shown to the officer, not a crash


def test_a_two_digit_year_says_to_write_it_in_full() -> None:
    with pytest.raises(TypedDateError, match="year in full"):
        parse_typed_date("10/01/21", TODAY)


def test_the_message_names_what_was_typed() -> None:
    with pytest.raises(TypedDateError, match="“10 1 2021”"):
        parse_typed_date("10 1 2021", TODAY)


@pytest.mark.parametrize(
    "day", [dt.date(2026, 12, 4), dt.date(2021, 1, 10), dt.date(2020, 5, 31), TODAY]
)
def test_what_the_desk_shows_reads_back_to_the_same_day(day: dt.date) -> None:
    shown = display_date(day)
    assert parse_typed_date(shown, TODAY) == day


def test_the_desk_shows_day_month_year() -> None:
    assert display_date(dt.date(2026, 12, 4)) == "4 Dec 2026"


def test_a_moment_is_shown_with_its_day_unpadded_and_an_english_month() -> None:
    from vision_desk.domain.typed_dates import display_moment

    moment = dt.datetime(2026, 12, 5, 1, 39, tzinfo=dt.UTC)
    assert display_moment(moment) == "5 Dec 2026 01:39"
    assert display_moment(dt.datetime(2021, 1, 10, 23, 5)) == "10 Jan 2021 23:05"
