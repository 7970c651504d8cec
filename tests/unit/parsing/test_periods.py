"""parse_period: the period to filter a list by."""

from datetime import date

import pytest
from hypothesis import given

from bot.chat.parsing import parse_period
from bot.domain.periods import Period
from tests.unit.parsing.fuzzing import TODAY, fuzz, messages, todays

# TODAY is Wednesday 18 November 2026.


def period(start: tuple[int, int, int], end: tuple[int, int, int]) -> Period:
    return Period(date(*start), date(*end))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("vandaag", period((2026, 11, 18), (2026, 11, 18))),
        ("today", period((2026, 11, 18), (2026, 11, 18))),
        ("deze week", period((2026, 11, 16), (2026, 11, 22))),
        ("this week", period((2026, 11, 16), (2026, 11, 22))),
        ("vorige week", period((2026, 11, 9), (2026, 11, 15))),
        ("Last week", period((2026, 11, 9), (2026, 11, 15))),
        ("deze maand", period((2026, 11, 1), (2026, 11, 30))),
        ("this month", period((2026, 11, 1), (2026, 11, 30))),
        ("vorige maand", period((2026, 10, 1), (2026, 10, 31))),
        ("last month", period((2026, 10, 1), (2026, 10, 31))),
        ("dit jaar", period((2026, 1, 1), (2026, 12, 31))),
        ("this year", period((2026, 1, 1), (2026, 12, 31))),
        ("vorig jaar", period((2025, 1, 1), (2025, 12, 31))),
        ("last year", period((2025, 1, 1), (2025, 12, 31))),
        ("2025", period((2025, 1, 1), (2025, 12, 31))),
    ],
)
def test_weeks_months_and_years(text: str, expected: Period) -> None:
    assert parse_period(text, TODAY) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("maart", period((2026, 3, 1), (2026, 3, 31))),
        ("november", period((2026, 11, 1), (2026, 11, 30))),
        ("december", period((2025, 12, 1), (2025, 12, 31))),  # year-less: the most recent one
        ("maart 2026", period((2026, 3, 1), (2026, 3, 31))),
        ("march 2026", period((2026, 3, 1), (2026, 3, 31))),
        ("in februari 2024", period((2024, 2, 1), (2024, 2, 29))),
        ("December 2026", period((2026, 12, 1), (2026, 12, 31))),
    ],
)
def test_month_names(text: str, expected: Period) -> None:
    assert parse_period(text, TODAY) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("dit schooljaar", period((2026, 8, 1), (2027, 7, 31))),
        ("this school year", period((2026, 8, 1), (2027, 7, 31))),
        ("schooljaar", period((2026, 8, 1), (2027, 7, 31))),
        ("vorig schooljaar", period((2025, 8, 1), (2026, 7, 31))),
        ("last school year", period((2025, 8, 1), (2026, 7, 31))),
        ("2025-2026", period((2025, 8, 1), (2026, 7, 31))),
        ("2025/2026", period((2025, 8, 1), (2026, 7, 31))),
        ("schooljaar 2025-2026", period((2025, 8, 1), (2026, 7, 31))),
        ("2025-26", period((2025, 8, 1), (2026, 7, 31))),
    ],
)
def test_school_years(text: str, expected: Period) -> None:
    assert parse_period(text, TODAY) == expected


def test_school_years_in_the_first_half_of_the_calendar_year() -> None:
    spring = date(2026, 3, 10)
    assert parse_period("dit schooljaar", spring) == period((2025, 8, 1), (2026, 7, 31))
    assert parse_period("vorig schooljaar", spring) == period((2024, 8, 1), (2025, 7, 31))


def test_last_month_in_january_is_last_december() -> None:
    assert parse_period("vorige maand", date(2026, 1, 5)) == period((2025, 12, 1), (2025, 12, 31))


def test_a_week_number() -> None:
    assert parse_period("week 46", TODAY) == period((2026, 11, 9), (2026, 11, 15))


@pytest.mark.parametrize(
    "text", ["", "bla", "2025-2027", "volgend decennium", "maart 2026 en april", "13-2025", "0000"]
)
def test_anything_else_is_none(text: str) -> None:
    assert parse_period(text, TODAY) is None


@fuzz
@given(text=messages, today=todays)
def test_never_raises_and_is_a_real_period(text: str, today: date) -> None:
    found = parse_period(text, today)
    assert found is None or found.start <= found.end
