"""find_date: the day a message names, and where in the message it stands."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.chat.parsing import find_date
from tests.unit.parsing.fuzzing import TODAY, fuzz, messages, todays

# TODAY is Wednesday 18 November 2026.


def day_of(text: str, prefer: str = "past", today: date = TODAY) -> date | None:
    found = find_date(text, today, prefer=prefer)  # type: ignore[arg-type]
    return None if found is None else found[0]


class TestRelativeDays:
    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("vandaag", date(2026, 11, 18)),
            ("today", date(2026, 11, 18)),
            ("vanmiddag", date(2026, 11, 18)),
            ("gisteren", date(2026, 11, 17)),
            ("Gisteren", date(2026, 11, 17)),
            ("gister", date(2026, 11, 17)),
            ("gisteravond", date(2026, 11, 17)),
            ("yesterday", date(2026, 11, 17)),
            ("eergisteren", date(2026, 11, 16)),
            ("the day before yesterday", date(2026, 11, 16)),
            ("day before yesterday", date(2026, 11, 16)),
            ("3 dagen geleden", date(2026, 11, 15)),
            ("a week ago", date(2026, 11, 11)),
        ],
    )
    def test_relative_words(self, text: str, expected: date) -> None:
        assert day_of(text) == expected

    def test_the_span_covers_the_words_of_the_date(self) -> None:
        assert find_date("workshop gisteren", TODAY) == (date(2026, 11, 17), (9, 17))
        assert find_date("the day before yesterday, 2u", TODAY) == (date(2026, 11, 16), (0, 24))

    def test_no_date_gives_none(self) -> None:
        assert find_date("webinar formatief evalueren", TODAY) is None
        assert find_date("", TODAY) is None


class TestWeekdays:
    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("dinsdag", date(2026, 11, 17)),
            ("woensdag", date(2026, 11, 18)),  # today is a Wednesday
            ("donderdag", date(2026, 11, 12)),
            ("maandag", date(2026, 11, 16)),
            ("zondag", date(2026, 11, 15)),
            ("Friday", date(2026, 11, 13)),
            ("op dinsdagmiddag", date(2026, 11, 17)),
            ("tue", date(2026, 11, 17)),
            ("fri.", date(2026, 11, 13)),
        ],
    )
    def test_a_weekday_alone_is_the_most_recent_one_up_to_today(
        self, text: str, expected: date
    ) -> None:
        assert day_of(text) == expected

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("donderdag", date(2026, 11, 19)),
            ("woensdag", date(2026, 11, 25)),  # said on a Wednesday: next week's
            ("dinsdag", date(2026, 11, 24)),
        ],
    )
    def test_in_future_mode_a_weekday_is_the_next_one_from_today(
        self, text: str, expected: date
    ) -> None:
        assert day_of(text, "future") == expected

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("afgelopen dinsdag", date(2026, 11, 17)),
            ("afgelopen woensdag", date(2026, 11, 11)),  # 'afgelopen' on that day: a week ago
            ("last Friday", date(2026, 11, 13)),
            ("last wednesday", date(2026, 11, 11)),
            ("vorige week dinsdag", date(2026, 11, 10)),
            ("dinsdag vorige week", date(2026, 11, 10)),
            ("dinsdag van vorige week", date(2026, 11, 10)),
            ("last week Friday", date(2026, 11, 13)),
            ("vorige week zondag", date(2026, 11, 15)),
            ("deze week maandag", date(2026, 11, 16)),
            ("volgende week maandag", date(2026, 11, 23)),
            ("komende vrijdag", date(2026, 11, 20)),
            ("next wednesday", date(2026, 11, 25)),
        ],
    )
    def test_qualified_weekdays(self, text: str, expected: date) -> None:
        assert day_of(text) == expected

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("di", date(2026, 11, 17)),
            ("Do", date(2026, 11, 12)),
            ("zo.", date(2026, 11, 15)),
            ("vorige week di", date(2026, 11, 10)),
            ("afgelopen vr", date(2026, 11, 13)),
        ],
    )
    def test_short_abbreviations_alone_or_after_a_qualifier(
        self, text: str, expected: date
    ) -> None:
        assert day_of(text) == expected

    @pytest.mark.parametrize(
        "text",
        [
            "I do this every week",
            "zo gedaan, 2u",
            "ma en pa",
            "monitoring",
            "maandelijks overleg",
            "sun and sat",
            "dinsdagen zijn druk",
        ],
    )
    def test_abbreviations_and_look_alikes_inside_prose_are_not_days(self, text: str) -> None:
        assert find_date(text, TODAY) is None


class TestCalendarDates:
    @pytest.mark.parametrize(
        "text",
        ["3 maart", "3 mrt", "3 Maart", "march 3", "3 march", "March 3rd", "3e maart"],
    )
    def test_a_day_and_month_name(self, text: str) -> None:
        assert day_of(text) == date(2026, 3, 3)
        assert day_of(text, "future") == date(2027, 3, 3)

    @pytest.mark.parametrize("text", ["12-11", "12/11", "12/11/2026", "12-11-2026", "2026-11-12"])
    def test_numeric_dates(self, text: str) -> None:
        assert day_of(text) == date(2026, 11, 12)

    def test_a_year_less_date_is_the_most_recent_one_up_to_today(self) -> None:
        assert day_of("25-12") == date(2025, 12, 25)
        assert day_of("18-11") == date(2026, 11, 18)
        assert day_of("25 december", "future") == date(2026, 12, 25)

    def test_29_february_goes_to_a_leap_year(self) -> None:
        assert day_of("29-2") == date(2024, 2, 29)
        assert day_of("29 februari", "future") == date(2028, 2, 29)

    def test_a_full_date_is_taken_as_written_even_in_the_future(self) -> None:
        assert day_of("12-12-2026") == date(2026, 12, 12)
        assert day_of("3 maart 2030") == date(2030, 3, 3)
        assert day_of("1-3-2025", "future") == date(2025, 3, 1)

    @pytest.mark.parametrize(
        "text", ["31-02", "32 maart", "0-5", "2026-13-01", "2026-02-30", "29-02-2026"]
    )
    def test_invalid_dates_are_not_dates(self, text: str) -> None:
        assert find_date(text, TODAY) is None

    @pytest.mark.parametrize(
        "text",
        ["groep 7/8", "hoofdstuk 3-4", "1/2 uur", "1,5 uur", "14:30", "les 3 mei"],
    )
    def test_numbers_that_only_look_like_dates(self, text: str) -> None:
        assert find_date(text, TODAY) is None

    def test_the_first_date_in_the_text_wins(self) -> None:
        assert find_date("gisteren en 3 maart", TODAY) == (date(2026, 11, 17), (0, 8))
        assert find_date("op 12/11/2026 ook", TODAY) == (date(2026, 11, 12), (3, 13))

    def test_a_date_inside_a_longer_number_is_not_a_date(self) -> None:
        assert find_date("code 112-11-20261", TODAY) is None


class TestProperties:
    @fuzz
    @given(text=messages, today=todays, prefer=st.sampled_from(["past", "future"]))
    def test_never_raises_and_the_span_lies_in_the_text(
        self, text: str, today: date, prefer: str
    ) -> None:
        found = find_date(text, today, prefer=prefer)  # type: ignore[arg-type]
        if found is not None:
            day, (start, end) = found
            assert isinstance(day, date)
            assert 0 <= start < end <= len(text)

    @fuzz
    @given(day=st.dates(min_value=date(1000, 1, 1)))
    def test_every_iso_date_is_read_back(self, day: date) -> None:
        assert day_of(f"op {day.isoformat()} gedaan") == day

    @fuzz
    @given(days_back=st.integers(min_value=0, max_value=364))
    def test_a_recent_day_month_is_read_as_that_day(self, days_back: int) -> None:
        day = date.fromordinal(TODAY.toordinal() - days_back)
        assert day_of(f"{day.day}-{day.month}") == day
        assert day_of(f"{day.day}/{day.month}/{day.year}", "future") == day
