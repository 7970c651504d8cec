"""Reading when a reminder fires: Dutch and English, one-off and recurring."""

from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.chat.parsing.reminder_text import ParsedReminder, check_text, parse_reminder_text
from bot.domain.reminders import ScheduleKind

# Wednesday 18 November 2026, 15:30 in Amsterdam (UTC+1).
NOW = datetime(2026, 11, 18, 14, 30, tzinfo=UTC)
AMS = "Europe/Amsterdam"


def parse(text: str, now: datetime = NOW) -> ParsedReminder:
    return check_text(parse_reminder_text(text, now, AMS))


def utc(*args: int) -> str:
    return datetime(*args, tzinfo=UTC).isoformat()


@pytest.mark.parametrize(
    ("text", "at", "rest"),
    [
        ("morgen om 9u reflectie schrijven", utc(2026, 11, 19, 8), "reflectie schrijven"),
        ("over 2 uur lesbezoek voorbereiden", utc(2026, 11, 18, 16, 30), "lesbezoek voorbereiden"),
        ("in 1.5 hours call mentor", utc(2026, 11, 18, 16), "call mentor"),
        ("over 1,5 uur bellen", utc(2026, 11, 18, 16), "bellen"),
        ("over anderhalf uur bellen", utc(2026, 11, 18, 16), "bellen"),
        ("over een half uur thee", utc(2026, 11, 18, 15), "thee"),
        ("in half an hour tea", utc(2026, 11, 18, 15), "tea"),
        ("over 5 seconden test", utc(2026, 11, 18, 14, 30, 5), "test"),
        ("over 10 minuten koffie", utc(2026, 11, 18, 14, 40), "koffie"),
        ("over een kwartier pauze", utc(2026, 11, 18, 14, 45), "pauze"),
        ("in 3 days check", utc(2026, 11, 21, 14, 30), "check"),
        ("over 2 weken evalueren", utc(2026, 12, 2, 14, 30), "evalueren"),
        ("in an hour stretch", utc(2026, 11, 18, 15, 30), "stretch"),
        ("me in 2 hours to call Anna", utc(2026, 11, 18, 16, 30), "call Anna"),
        ("20:00 lessen voorbereiden", utc(2026, 11, 18, 19), "lessen voorbereiden"),
        ("om 16.45 naar huis", utc(2026, 11, 18, 15, 45), "naar huis"),
        ("at 4pm stand-up", utc(2026, 11, 18, 15), "stand-up"),
        ("tomorrow at 8:15 prepare", utc(2026, 11, 19, 7, 15), "prepare"),
        ("overmorgen om 7u fietsen", utc(2026, 11, 20, 6), "fietsen"),
        ("vrijdag om 16:30 borrel", utc(2026, 11, 20, 15, 30), "borrel"),
        ("on monday at 9am plan", utc(2026, 11, 23, 8), "plan"),
        ("woensdag 10:00 volgende week dus", utc(2026, 11, 25, 9), "dus"),
        ("3 maart om 10:00 verlengen", utc(2027, 3, 3, 9), "verlengen"),
        ("12-12 om 12:00 kerstlunch", utc(2026, 12, 12, 11), "kerstlunch"),
        ("morgen bellen", utc(2026, 11, 19, 8), "bellen"),  # no time: 09:00
        ("morgen: bellen", utc(2026, 11, 19, 8), "bellen"),
    ],
)
def test_one_off(text: str, at: str, rest: str) -> None:
    parsed = parse(text)
    assert parsed.error is None
    assert (parsed.kind, parsed.rule, parsed.text) == (ScheduleKind.ONCE, at, rest)
    assert not parsed.rolled


@pytest.mark.parametrize(
    ("text", "at"),
    [
        ("15:00 opruimen", utc(2026, 11, 19, 14)),  # 15:00 has passed: tomorrow
        ("om 8u opruimen", utc(2026, 11, 19, 7)),
        ("vandaag om 10:00 opruimen", utc(2026, 11, 19, 9)),
        ("15:30 opruimen", utc(2026, 11, 19, 14, 30)),  # exactly now is not the future
    ],
)
def test_a_time_already_past_means_tomorrow_and_says_so(text: str, at: str) -> None:
    parsed = parse(text)
    assert (parsed.kind, parsed.rule, parsed.rolled) == (ScheduleKind.ONCE, at, True)


@pytest.mark.parametrize(
    ("text", "kind", "rule", "rest"),
    [
        ("elke maandag om 8:00 wat heb ik geleerd?", "cron", "0|8|*|*|mon", "wat heb ik geleerd?"),
        (
            "elke eerste vrijdag van de maand om 15:00 portfolio bijwerken",
            "cron",
            "0|15|1st fri|*|*",
            "portfolio bijwerken",
        ),
        ("every weekday at 16:30 log today", "cron", "30|16|*|*|mon-fri", "log today"),
        ("elke werkdag om 7:45 plannen", "cron", "45|7|*|*|mon-fri", "plannen"),
        ("elke dag reflecteren", "cron", "0|9|*|*|*", "reflecteren"),
        ("iedere dag om 21u lezen", "cron", "0|21|*|*|*", "lezen"),
        ("every day at 6pm read", "cron", "0|18|*|*|*", "read"),
        ("elke maandag en donderdag om 8:00 x", "cron", "0|8|*|*|mon,thu", "x"),
        ("every tuesday, friday at 10:00 y", "cron", "0|10|*|*|tue,fri", "y"),
        ("elke laatste vrijdag van de maand borrel", "cron", "0|9|last fri|*|*", "borrel"),
        ("every second wednesday of the month at 14:00 team", "cron", "0|14|2nd wed|*|*", "team"),
        ("elke week op maandag om 8:00 weekstart", "cron", "0|8|*|*|mon", "weekstart"),
        ("elke maand op de 31e om 15:00 declareren", "monthday", "31|15|0", "declareren"),
        ("every month on the 1st at 9:00 plan", "monthday", "1|9|0", "plan"),
        ("elke maand uren tellen", "monthday", "18|9|0", "uren tellen"),
    ],
)
def test_recurring(text: str, kind: str, rule: str, rest: str) -> None:
    parsed = parse(text)
    assert parsed.error is None
    assert (parsed.kind, parsed.rule, parsed.text) == (ScheduleKind(kind), rule, rest)


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("", "reminder.no_when"),
        ("bellen met Anna", "reminder.no_when"),
        ("over 2 uur", "reminder.no_text"),
        ("elke maandag om 8:00", "reminder.no_text"),
        ("elke zoveel tijd iets", "reminder.bad_every"),
        ("elke maand op de 32e x", "reminder.bad_every"),
        ("over 0 minuten x", "reminder.bad_when"),
        ("over 9999 weken x", "reminder.too_far"),
        ("1-1-2020 x", "reminder.past"),
        ("31-2 x", "reminder.invalid_date"),
        ("25:00 x", "reminder.bad_time"),
        ("99:99 x", "reminder.bad_time"),
        ("morgen om 25u x", "reminder.bad_time"),
        ("elke dag om 9:75 x", "reminder.bad_time"),
        ("vrijdag at 13pm x", "reminder.bad_time"),
        ("over 2 uur " + "x" * 501, "reminder.text_too_long"),
    ],
)
def test_unreadable_input_gets_a_helpful_error(text: str, error: str) -> None:
    assert parse(text).error == error


def test_the_member_timezone_is_used() -> None:
    parsed = parse_reminder_text("morgen om 9:00 x", NOW, "America/New_York")
    assert parsed.rule == utc(2026, 11, 19, 14)


def test_tomorrow_at_nine_across_the_october_change() -> None:
    # Saturday 24 October 2026, 20:00 CEST; tomorrow is the first day of CET.
    now = datetime(2026, 10, 24, 18, tzinfo=UTC)
    assert parse("morgen om 9u x", now).rule == utc(2026, 10, 25, 8)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_any_text_parses_without_raising(text: str) -> None:
    parsed = parse(text)
    assert (parsed.error is None) == (parsed.kind is not None)
    if parsed.error is None:
        assert parsed.text


WORDS = st.sampled_from(
    ["elke", "every", "over", "in", "om", "at", "morgen", "maandag", "maand", "op", "de",
     "31e", "1.5", "uur", "hours", "20:00", "9u", "eerste", "van", "laatste", "werkdag",
     "x", "pm", "12", "-", ":", "dag", "week", "1,5", "seconden", "the", "month", "of"]
)  # fmt: skip


@settings(max_examples=500, deadline=None)
@given(st.lists(WORDS, max_size=12))
def test_plausible_word_salad_never_raises(words: list[str]) -> None:
    parsed = parse(" ".join(words))
    assert parsed.error is None or parsed.error.startswith("reminder.")


def test_long_input_stays_fast() -> None:
    import time

    for text in ("1" * 10_000, "elke " * 2_000, "over " + "1" * 5_000, "om 1" + " " * 9_000):
        start = time.perf_counter()
        parse(text)
        assert time.perf_counter() - start < 0.5


@pytest.mark.parametrize(
    ("text", "kind", "rule", "rest"),
    [
        (
            "elke 2 weken op vrijdag om 15:00 portfolio",
            "weeks",
            "2|4|15|0|2026-11-20",
            "portfolio",
        ),
        ("om de week op vrijdag lezen", "weeks", "2|4|9|0|2026-11-20", "lezen"),
        ("om de drie weken op maandag plannen", "weeks", "3|0|9|0|2026-11-23", "plannen"),
        ("every other Friday at 3pm review", "weeks", "2|4|15|0|2026-11-20", "review"),
        ("elke twee weken woensdag om 16:00 x", "weeks", "2|2|16|0|2026-11-18", "x"),
        ("elk jaar op 1 september om 9:00 jaarplan", "cron", "0|9|1|9|*", "jaarplan"),
        ("every year on 1 September plan", "cron", "0|9|1|9|*", "plan"),
    ],
)
def test_repeating_every_n_weeks_and_every_year(
    text: str, kind: str, rule: str, rest: str
) -> None:
    parsed = parse(text)
    assert parsed.error is None
    assert (parsed.kind, parsed.rule, parsed.text) == (ScheduleKind(kind), rule, rest)


def test_every_other_week_fires_every_fourteen_days() -> None:
    from bot.domain.reminders import Schedule
    from bot.services.schedules import first_fire, next_fire

    schedule = Schedule(ScheduleKind.WEEKS, "2|4|15|0|2026-11-20", AMS)
    first = first_fire(schedule, NOW)
    assert first == datetime(2026, 11, 20, 14, tzinfo=UTC)
    assert first is not None
    assert next_fire(schedule, first) == datetime(2026, 12, 4, 14, tzinfo=UTC)


def test_a_yearly_date_that_does_not_exist_is_refused() -> None:
    assert parse("elk jaar op 31 september x").error == "reminder.bad_every"
