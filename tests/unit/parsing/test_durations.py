"""parse_duration: how long something took, in minutes."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.chat.parsing import parse_duration
from tests.unit.parsing.fuzzing import fuzz, messages


class TestHours:
    @pytest.mark.parametrize(
        ("text", "minutes"),
        [
            ("2u", 120),
            ("2 u", 120),
            ("2 uur", 120),
            ("2h", 120),
            ("2 hours", 120),
            ("1 hour", 60),
            ("1,5 uur", 90),
            ("1.5h", 90),
            ("1,5u", 90),
            ("2,25 uur", 135),
            ("twee uur", 120),
            ("two hours", 120),
            ("Drie uur", 180),
            ("een uur", 60),
            ("an hour", 60),
            ("3 uurtjes", 180),
        ],
    )
    def test_hours(self, text: str, minutes: int) -> None:
        assert parse_duration(text) == minutes

    @pytest.mark.parametrize(
        ("text", "minutes"),
        [
            ("anderhalf uur", 90),
            ("half uur", 30),
            ("een half uur", 30),
            ("half an hour", 30),
            ("een halfuurtje", 30),
            ("twee en een half uur", 150),
            ("tweeënhalf uur", 150),
            ("one and a half hours", 90),
            ("an hour and a half", 90),
            ("kwartier", 15),
            ("een kwartier", 15),
            ("drie kwartier", 45),
            ("a quarter of an hour", 15),
        ],
    )
    def test_halves_and_quarters(self, text: str, minutes: int) -> None:
        assert parse_duration(text) == minutes


class TestMinutesAndCombinations:
    @pytest.mark.parametrize(
        ("text", "minutes"),
        [
            ("90 min", 90),
            ("90 minuten", 90),
            ("45 minutes", 45),
            ("45m", 45),
            ("45 min.", 45),
            ("tien minuten", 10),
            ("1u30", 90),
            ("1h30", 90),
            ("1:30 uur", 90),
            ("2 uur en 15 minuten", 135),
            ("1 hour 30 minutes", 90),
            ("1h 30m", 90),
            ("van 14:00 tot 16:30", 150),
        ],
    )
    def test_minutes(self, text: str, minutes: int) -> None:
        assert parse_duration(text) == minutes


class TestDays:
    @pytest.mark.parametrize(
        ("text", "minutes"),
        [
            ("een halve dag", 240),
            ("halve dag", 240),
            ("half day", 240),
            ("hele dag", 480),
            ("een hele dag", 480),
            ("full day", 480),
            ("whole day", 480),
            ("2 dagen", 960),
            ("twee dagdelen", 480),
        ],
    )
    def test_days(self, text: str, minutes: int) -> None:
        assert parse_duration(text) == minutes


class TestBareAnswers:
    @pytest.mark.parametrize(
        ("text", "minutes"),
        [("1,5", 90), ("2", 120), (" 0.75 ", 45), ("1:30", 90), ("twee", 120), ("anderhalf", 90)],
    )
    def test_a_bare_number_as_the_whole_answer_is_hours(self, text: str, minutes: int) -> None:
        assert parse_duration(text) == minutes

    @pytest.mark.parametrize("text", ["0", "0 min", "0u", "0,0", "0:00"])
    def test_zero_is_no_duration(self, text: str) -> None:
        assert parse_duration(text) is None

    def test_large_values_are_not_capped(self) -> None:
        assert parse_duration("9999 uur") == 9999 * 60

    @pytest.mark.parametrize(
        "text",
        ["hoofdstuk 3", "groep 8", "", "   ", "lang", "om 2 uur", "at 3 hours", "om 14:30 uur",
         "3 dagen geleden", "1,5,3", "-2"],
    )  # fmt: skip
    def test_numbers_without_a_unit_and_times_of_day_are_not_durations(self, text: str) -> None:
        assert parse_duration(text) is None

    def test_the_first_duration_wins(self) -> None:
        assert parse_duration("90 min, daarna nog 2 uur") == 90


class TestProperties:
    @fuzz
    @given(text=messages)
    def test_never_raises_and_is_positive_or_none(self, text: str) -> None:
        minutes = parse_duration(text)
        assert minutes is None or (isinstance(minutes, int) and minutes > 0)

    @fuzz
    @given(minutes=st.integers(min_value=1, max_value=9999))
    def test_any_number_of_minutes(self, minutes: int) -> None:
        assert parse_duration(f"{minutes} min") == minutes
        assert parse_duration(f"het duurde {minutes} minuten.") == minutes

    @fuzz
    @given(hours=st.integers(min_value=1, max_value=999), half=st.booleans())
    def test_any_number_of_hours(self, hours: int, half: bool) -> None:
        text = f"{hours},5 uur" if half else f"{hours}u"
        assert parse_duration(text) == hours * 60 + (30 if half else 0)


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("uurtje", 60),
        ("een uurtje lezen", 60),
        ("45'", 45),
        ("webinar 50’", 50),
        ("2 hele dagen", 960),
        ("1,5 dag", 720),
        ("twee hele dagen", 960),
    ],
)
def test_durations_as_teachers_write_them(text: str, minutes: int) -> None:
    assert parse_duration(text) == minutes
