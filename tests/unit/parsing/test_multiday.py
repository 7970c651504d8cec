"""Several days in one /log line."""

from __future__ import annotations

from datetime import date

import pytest

from bot.chat.parsing import parse_activity_text
from bot.chat.parsing.multiday import course_days, find_day_range

TODAY = date(2026, 12, 2)


@pytest.mark.parametrize(
    ("text", "first", "last"),
    [
        ("2-daagse cursus 19 en 20 nov", date(2026, 11, 19), date(2026, 11, 20)),
        ("ecis 20-21 nov", date(2026, 11, 20), date(2026, 11, 21)),
        ("congres 3 t/m 5 maart 2026", date(2026, 3, 3), date(2026, 3, 5)),
        ("training 29 en 30 dec", date(2025, 12, 29), date(2025, 12, 30)),  # not yet: last year
    ],
)
def test_day_ranges(text: str, first: date, last: date) -> None:
    found = find_day_range(text, TODAY)
    assert found is not None and (found.first, found.last) == (first, last)


@pytest.mark.parametrize("text", ["groep 7-8 nov", "3 maart", "20-19 nov", "1 en 30 nov"])
def test_no_day_range(text: str) -> None:
    assert find_day_range(text, TODAY) is None


def test_course_days() -> None:
    assert course_days("2-daagse cursus") == 2
    assert course_days("driedaagse training") == 3
    assert course_days("een cursus") is None


def test_a_two_day_course_without_hours_is_sixteen_hours_over_two_days() -> None:
    parsed = parse_activity_text("2-daagse cursus 19 en 20 nov", TODAY)
    assert (parsed.date, parsed.last_day, parsed.minutes) == (
        date(2026, 11, 19),
        date(2026, 11, 20),
        960,
    )
    assert parsed.title == "2-daagse cursus"
