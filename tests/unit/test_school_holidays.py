"""Goal deadlines in words: holidays per region as shipped data, never guessed."""

from __future__ import annotations

from datetime import date

import pytest

from bot.chat.parsing import parse_goal_text
from bot.domain.school_holidays import needs_region, next_start

TODAY = date(2026, 12, 2)


@pytest.mark.parametrize(
    ("text", "title", "holiday", "target"),
    [
        (
            "Formatief evalueren voor de kerstvakantie",
            "Formatief evalueren",
            "kerstvakantie",
            None,
        ),
        ("Feedback geven voor de zomervakantie", "Feedback geven", "zomervakantie", None),
        (
            "Finish the course before the summer holidays",
            "Finish the course",
            "zomervakantie",
            None,
        ),
        ("Read two books by Christmas", "Read two books", None, date(2026, 12, 24)),
        ("Lesson study afronden voor kerst", "Lesson study afronden", None, date(2026, 12, 24)),
    ],
)
def test_holiday_words(text: str, title: str, holiday: str | None, target: date | None) -> None:
    parsed = parse_goal_text(text, TODAY)
    assert (parsed.title, parsed.holiday, parsed.target_date) == (title, holiday, target)


def test_christmas_holidays_are_the_same_everywhere() -> None:
    assert not needs_region("kerstvakantie", TODAY)
    assert next_start("kerstvakantie", None, TODAY) == date(2026, 12, 19)
    assert next_start("kerstvakantie", None, date(2025, 9, 1)) == date(2025, 12, 20)


@pytest.mark.parametrize(
    ("region", "start"),
    [("noord", date(2027, 7, 17)), ("midden", date(2027, 7, 10)), ("zuid", date(2027, 7, 3))],
)
def test_summer_holidays_per_region(region: str, start: date) -> None:
    assert needs_region("zomervakantie", TODAY)
    assert next_start("zomervakantie", region, TODAY) == start
    assert next_start("zomervakantie", None, TODAY) is None  # the region is asked, not guessed


def test_an_unpublished_year_is_not_guessed() -> None:
    assert next_start("zomervakantie", "midden", date(2027, 9, 1)) is None
    assert next_start("kerstvakantie", None, date(2027, 12, 30)) is None
