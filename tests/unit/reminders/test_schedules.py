"""Next fire times keep their wall-clock time across DST, and "every month" never skips."""

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.domain.reminders import QuietHours, Schedule, ScheduleKind
from bot.services.schedules import after_quiet_hours, first_fire, next_fire

AMS = "Europe/Amsterdam"
LOCAL = ZoneInfo(AMS)


def times(schedule: Schedule, start: datetime, count: int) -> list[datetime]:
    found, at = [], start
    for _ in range(count):
        nxt = next_fire(schedule, at)
        assert nxt is not None
        found.append(nxt.astimezone(LOCAL))
        at = nxt
    return found


def cron(rule: str) -> Schedule:
    return Schedule(ScheduleKind.CRON, rule, AMS)


@pytest.mark.parametrize(
    "start",
    [
        datetime(2026, 3, 27, 12, tzinfo=UTC),  # spring forward on Sunday 29 March
        datetime(2026, 10, 23, 12, tzinfo=UTC),  # fall back on Sunday 25 October
    ],
)
def test_daily_keeps_its_clock_time_across_dst(start: datetime) -> None:
    fired = times(cron("0|8|*|*|*"), start, 5)
    assert {(at.hour, at.minute) for at in fired} == {(8, 0)}
    offsets = {at.utcoffset() for at in fired}
    assert len(offsets) == 2  # the change happened in between
    assert [at.date() for at in fired] == [(start + timedelta(days=n)).date() for n in range(1, 6)]


def test_daily_on_the_day_of_the_change_itself() -> None:
    # 08:00 on both change days exists once: 06:00 UTC in summer time, 07:00 in winter time.
    spring = next_fire(cron("0|8|*|*|*"), datetime(2026, 3, 28, 12, tzinfo=UTC))
    autumn = next_fire(cron("0|8|*|*|*"), datetime(2026, 10, 24, 12, tzinfo=UTC))
    assert spring == datetime(2026, 3, 29, 6, tzinfo=UTC)
    assert autumn == datetime(2026, 10, 25, 7, tzinfo=UTC)


@pytest.mark.parametrize(
    ("start", "utc_hours"),
    [
        (datetime(2026, 3, 16, 12, tzinfo=UTC), [7, 6, 6, 6]),  # 23 Mar CET, then CEST
        (datetime(2026, 10, 12, 12, tzinfo=UTC), [6, 7, 7, 7]),  # 19 Oct CEST, then CET
    ],
)
def test_weekly_across_dst(start: datetime, utc_hours: list[int]) -> None:
    fired = times(cron("0|8|*|*|mon"), start, 4)
    assert all(at.weekday() == 0 and at.hour == 8 for at in fired)
    assert [at.astimezone(UTC).hour for at in fired] == utc_hours


def test_a_time_in_the_hour_that_happens_twice_fires_once() -> None:
    fired = times(cron("30|2|*|*|*"), datetime(2026, 10, 23, 12, tzinfo=UTC), 3)
    assert [(at.day, at.hour, at.minute) for at in fired] == [
        (24, 2, 30),
        (25, 2, 30),
        (26, 2, 30),
    ]
    assert fired[1].utcoffset() == timedelta(hours=2)  # the first 02:30 of the night


def test_a_time_in_the_hour_that_is_skipped_fires_an_hour_later() -> None:
    fired = times(cron("30|2|*|*|*"), datetime(2026, 3, 27, 12, tzinfo=UTC), 3)
    assert [(at.day, at.hour) for at in fired] == [(28, 2), (29, 3), (30, 2)]


def test_monthly_nth_weekday_across_dst() -> None:
    fired = times(cron("0|15|1st fri|*|*"), datetime(2026, 2, 1, tzinfo=UTC), 10)
    assert [(at.month, at.day) for at in fired] == [
        (2, 6), (3, 6), (4, 3), (5, 1), (6, 5), (7, 3), (8, 7), (9, 4), (10, 2), (11, 6),
    ]  # fmt: skip
    assert {at.hour for at in fired} == {15}


def test_last_friday_of_the_month_in_october() -> None:
    fired = times(cron("0|9|last fri|*|*"), datetime(2026, 10, 1, tzinfo=UTC), 2)
    assert [(at.month, at.day, at.hour) for at in fired] == [(10, 30, 9), (11, 27, 9)]


def test_every_month_on_the_31st_never_skips_a_month() -> None:
    schedule = Schedule(ScheduleKind.MONTHDAY, "31|15|0", AMS)
    fired = times(schedule, datetime(2027, 1, 1, tzinfo=UTC), 12)
    assert [(at.month, at.day) for at in fired] == [
        (1, 31), (2, 28), (3, 31), (4, 30), (5, 31), (6, 30),
        (7, 31), (8, 31), (9, 30), (10, 31), (11, 30), (12, 31),
    ]  # fmt: skip
    assert {at.hour for at in fired} == {15}  # across both DST changes


def test_the_29th_of_february_in_a_leap_year_and_the_28th_otherwise() -> None:
    schedule = Schedule(ScheduleKind.MONTHDAY, "29|9|0", AMS)
    leap = times(schedule, datetime(2028, 2, 1, tzinfo=UTC), 2)
    plain = times(schedule, datetime(2027, 2, 1, tzinfo=UTC), 2)
    assert [(at.month, at.day) for at in leap] == [(2, 29), (3, 29)]
    assert [(at.month, at.day) for at in plain] == [(2, 28), (3, 29)]


def test_daily_over_a_leap_day() -> None:
    fired = times(cron("30|7|*|*|*"), datetime(2028, 2, 27, 12, tzinfo=UTC), 3)
    assert [(at.month, at.day) for at in fired] == [(2, 28), (2, 29), (3, 1)]


def test_weekdays_skip_the_weekend() -> None:
    fired = times(cron("30|16|*|*|mon-fri"), datetime(2026, 11, 20, 16, tzinfo=UTC), 3)
    assert [at.weekday() for at in fired] == [0, 1, 2]  # Friday's had passed (17:00 local)


def test_a_one_off_fires_once() -> None:
    at = datetime(2026, 11, 19, 8, tzinfo=UTC)
    schedule = Schedule(ScheduleKind.ONCE, at.isoformat(), AMS)
    assert first_fire(schedule, datetime(2026, 11, 18, tzinfo=UTC)) == at
    assert next_fire(schedule, datetime(2026, 11, 18, tzinfo=UTC)) == at
    assert next_fire(schedule, at) is None


def test_first_fire_includes_now() -> None:
    now = datetime(2026, 11, 23, 7, tzinfo=UTC)  # Monday 08:00 local
    assert first_fire(cron("0|8|*|*|mon"), now) == now


@pytest.mark.parametrize(
    ("local", "expected"),
    [
        (datetime(2026, 11, 18, 22, 30), datetime(2026, 11, 19, 7)),
        (datetime(2026, 11, 18, 3, 0), datetime(2026, 11, 18, 7)),
        (datetime(2026, 11, 18, 21, 0), datetime(2026, 11, 19, 7)),
        (datetime(2026, 11, 18, 7, 0), datetime(2026, 11, 18, 7)),
        (datetime(2026, 11, 18, 12, 0), datetime(2026, 11, 18, 12)),
        # Quiet hours ending on the morning after the October change: 07:00 CET.
        (datetime(2026, 10, 24, 23, 0), datetime(2026, 10, 25, 7)),
    ],
)
def test_quiet_hours_move_delivery_to_their_end(local: datetime, expected: datetime) -> None:
    moment = local.replace(tzinfo=LOCAL).astimezone(UTC)
    moved = after_quiet_hours(moment, QuietHours(), AMS)
    assert moved == expected.replace(tzinfo=LOCAL).astimezone(UTC)


def test_quiet_hours_within_one_day_and_switched_off() -> None:
    lunch = QuietHours(time(12), time(13))
    moment = datetime(2026, 11, 18, 12, 30, tzinfo=LOCAL).astimezone(UTC)
    assert after_quiet_hours(moment, lunch, AMS) == datetime(2026, 11, 18, 12, tzinfo=UTC)
    assert after_quiet_hours(moment, None, AMS) == moment
    assert not QuietHours(time(9), time(9)).contains(time(9))
