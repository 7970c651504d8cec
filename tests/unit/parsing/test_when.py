"""The Dutch/English time grammar, per phrasing family; phrases written here, not taken
from the external corpus (bench/time_corpus.py measures that one)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.chat.parsing.normalise import fold
from bot.chat.parsing.when import expressions, resolve_day, resolve_moment, time_word, tokenize
from tests.unit.parsing.fuzzing import fuzz, messages

AMS = ZoneInfo("Europe/Amsterdam")
NOW = datetime(2026, 11, 18, 15, 30, tzinfo=AMS)  # a Wednesday afternoon


def moment(phrase: str, now: datetime = NOW) -> str:
    """The moment the phrase's first expression means, as 'Thu 19 Nov 08:30', or the error."""
    found = expressions(tokenize(fold(phrase)), now.date(), "future")
    assert found, phrase
    resolved = resolve_moment(found[0], now)
    if resolved.error:
        return resolved.error
    assert resolved.moment is not None
    return f"{resolved.moment:%a %d %b %H:%M}"


def day(phrase: str, now: datetime = NOW) -> date | str | None:
    found = [
        e
        for e in expressions(tokenize(fold(phrase)), now.date(), "past", strict=True)
        if e.has_day or e.coarse or e.error or e.daypart
    ]
    if not found:
        return None
    resolved = resolve_day(found[0], now)
    if resolved.week_of:
        return f"week of {resolved.week_of}"
    return resolved.error or resolved.day


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        # Dutch clock times as spoken
        ("om half negen", "Thu 19 Nov 08:30"),
        ("kwart over vier", "Wed 18 Nov 16:15"),
        ("kwart voor vijf", "Wed 18 Nov 16:45"),
        ("vijf over half vier", "Wed 18 Nov 15:35"),
        ("twintig voor 6", "Wed 18 Nov 17:40"),
        ("om 9 uur 's avonds", "Wed 18 Nov 21:00"),
        ("om 7 uur 's ochtends", "Thu 19 Nov 07:00"),
        ("om 2 uur", "Thu 19 Nov 14:00"),  # 1-6 without a day part: afternoon
        ("16u45", "Wed 18 Nov 16:45"),
        ("om 17.15", "Wed 18 Nov 17:15"),
        ("20 uur 30", "Wed 18 Nov 20:30"),
        # English clock times
        ("at 4pm", "Wed 18 Nov 16:00"),
        ("quarter to six", "Wed 18 Nov 17:45"),
        ("half past seven in the evening", "Wed 18 Nov 19:30"),
        ("at noon", "Thu 19 Nov 12:00"),
        ("10 past 5 pm", "Wed 18 Nov 17:10"),
        # days with times, in either order
        ("morgen om 10 uur", "Thu 19 Nov 10:00"),
        ("om 10 uur morgen", "Thu 19 Nov 10:00"),
        ("4pm tomorrow", "Thu 19 Nov 16:00"),
        ("overmorgen 's middags", "Fri 20 Nov 14:00"),
        ("donderdagavond", "Thu 19 Nov 19:00"),
        ("vrijdagochtend om 8:15", "Fri 20 Nov 08:15"),
        ("aanstaande maandag om 13:00", "Mon 23 Nov 13:00"),
        ("volgende week vrijdag", "Fri 27 Nov 09:00"),
        ("vrijdag volgende week om 11:00", "Fri 27 Nov 11:00"),
        ("donderdag over een week", "Thu 26 Nov 09:00"),
        ("next thursday at 10am", "Thu 19 Nov 10:00"),
        ("op 4 december om 14:00", "Fri 04 Dec 14:00"),
        ("on the 4th of December at 2pm", "Fri 04 Dec 14:00"),
        ("za 5 dec 10:00", "Sat 05 Dec 10:00"),
        ("op de 20ste", "Fri 20 Nov 09:00"),
        ("7/12 om 9:00", "Mon 07 Dec 09:00"),
        ("tweede dinsdag van december", "Tue 08 Dec 09:00"),
        # offsets
        ("over drie kwartier", "Wed 18 Nov 16:15"),
        ("over anderhalf uur", "Wed 18 Nov 17:00"),
        ("in 90 minutes", "Wed 18 Nov 17:00"),
        ("over 2 dagen om 9:00", "Fri 20 Nov 09:00"),
        ("in a fortnight", "Wed 02 Dec 15:30"),
        ("2 weeks from now", "Wed 02 Dec 15:30"),
        # later today, when the usual hour of the day part has passed
        ("vanmiddag", "Wed 18 Nov 15:45"),
        ("vanavond", "Wed 18 Nov 19:00"),
        # what is not fully understood is not guessed
        ("volgende maand", "when.vague"),
        ("next week", "when.vague"),
        ("in januari", "when.vague"),
        ("om 3:30", "when.ambiguous_hour"),
        ("30-02 om 9:00", "when.invalid_date"),
        ("25:00", "when.invalid_time"),
        ("donderdag 4 december", "when.weekday_mismatch"),  # 4 December is a Friday
        ("gisteren om 10:00", "when.past"),
    ],
)
def test_future_moments(phrase: str, expected: str) -> None:
    assert moment(phrase) == expected


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("eergisteren", date(2026, 11, 16)),
        ("gistermiddag", date(2026, 11, 17)),
        ("afgelopen vrijdag", date(2026, 11, 13)),
        ("vorige week donderdag", date(2026, 11, 12)),
        ("dinsdag van vorige week", date(2026, 11, 10)),
        ("maandagochtend", date(2026, 11, 16)),
        ("woensdag", date(2026, 11, 18)),  # today is a Wednesday: the most recent one
        ("vr", date(2026, 11, 13)),
        ("zes dagen geleden", date(2026, 11, 12)),
        ("twee maanden geleden", date(2026, 9, 18)),
        ("a fortnight ago", date(2026, 11, 4)),
        ("last night", date(2026, 11, 17)),
        ("the 2nd of november", date(2026, 11, 2)),
        ("op 9 okt.", date(2026, 10, 9)),
        ("28-11", date(2025, 11, 28)),  # not yet this year: last year's
        ("3.11.2026", date(2026, 11, 3)),
        ("2026-10-30", date(2026, 10, 30)),
        ("op de 2e", date(2026, 11, 2)),
        ("laatste vrijdag van oktober", date(2026, 10, 30)),
        ("vorige week", "week of 2026-11-09"),
        ("last week", "week of 2026-11-09"),
        ("vorige maand", "when.vague"),
        ("31-02", "when.invalid_date"),
        ("2u", None),  # a duration, not a time
        ("om 2 uur", None),  # a clock time alone says nothing about the day
    ],
)
def test_past_days(phrase: str, expected: object) -> None:
    assert day(phrase) == expected


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("toets van vrijdag nakijken", "van vrijdag"),
        ("verslag van gisteren", "van gisteren"),
        ("bespreken wat we op 3 maart deden", "op 3 maart"),
        ("intervisie do", "do"),
        ("niets bijzonders hier", None),
        ("groep 7/8 rekenen", None),
        ("coaching met Jan 12", None),
        ("hoofdstuk 3 gelezen", None),
    ],
)
def test_time_words_left_over(text: str, word: str | None) -> None:
    assert time_word(fold(text)) == word


class TestProperties:
    @fuzz
    @given(text=messages, today=st.dates(), prefer=st.sampled_from(["past", "future"]))
    def test_never_raises_and_spans_are_ordered_inside_the_text(
        self, text: str, today: date, prefer: str
    ) -> None:
        folded = fold(text)
        found = expressions(tokenize(folded), today, prefer, strict=prefer == "past")  # type: ignore[arg-type]
        last_end = 0
        for expr in found:
            assert last_end <= expr.start < expr.end <= len(folded)
            last_end = expr.end
            now = datetime.combine(today, datetime.min.time(), tzinfo=UTC)
            if today.year < 9999 and today.year > 1:
                resolve_moment(expr, now)
                resolve_day(expr, now)

    @fuzz
    @given(d=st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 12, 31)))
    def test_any_date_with_a_year_is_read_back(self, d: date) -> None:
        months = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
                  "september", "oktober", "november", "december"]  # fmt: skip
        for phrase in (f"{d.day} {months[d.month - 1]} {d.year}", f"{d.day}-{d.month}-{d.year}"):
            assert day(phrase) == d

    @fuzz
    @given(h=st.integers(7, 23), m=st.integers(0, 59))
    def test_any_clock_time_is_the_next_such_minute(self, h: int, m: int) -> None:
        expected = datetime.combine(NOW.date(), datetime.min.time(), tzinfo=AMS)
        expected += timedelta(hours=h, minutes=m)
        if expected <= NOW:
            expected += timedelta(days=1)
        assert moment(f"om {h}:{m:02d}") == f"{expected:%a %d %b %H:%M}"

    @fuzz
    @given(n=st.integers(1, 10_000))
    def test_any_number_of_minutes_ahead(self, n: int) -> None:
        assert moment(f"over {n} minuten") == f"{NOW + timedelta(minutes=n):%a %d %b %H:%M}"
