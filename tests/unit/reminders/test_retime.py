"""A new weekday and/or clock time for a repeating reminder keeps it repeating."""

from datetime import date

import pytest

from bot.chat.msgcodec import dump, load
from bot.chat.parsing.reminder_retime import retime
from bot.domain.reminders import Schedule, ScheduleKind
from bot.i18n import Hours, Label, Msg

AMS = "Europe/Amsterdam"


def cron(rule: str) -> Schedule:
    return Schedule(ScheduleKind.CRON, rule, AMS)


@pytest.mark.parametrize(
    ("rule", "text", "new_rule", "rest"),
    [
        ("0|16|*|*|fri", "zaterdag om 10", "0|10|*|*|sat", ""),
        ("0|16|*|*|fri", "om 8:30", "30|8|*|*|fri", ""),
        ("0|16|*|*|fri", "16.45 uur lesvoorbereiding", "45|16|*|*|fri", "lesvoorbereiding"),
        ("0|16|*|*|mon,wed", "op dinsdag", "0|16|*|*|tue", ""),
        ("0|9|*|*|*", "om 7u", "0|7|*|*|*", ""),
        ("0|9|*|*|mon-fri", "om 7:15", "15|7|*|*|mon-fri", ""),
        ("0|15|1st fri|*|*", "donderdag om 14:00", "0|14|1st thu|*|*", ""),
        ("0|15|last fri|*|*", "maandag", "0|15|last mon|*|*", ""),
    ],
)
def test_cron_rules_keep_repeating(rule: str, text: str, new_rule: str, rest: str) -> None:
    assert retime(cron(rule), text) == (cron(new_rule), rest)


def test_a_monthly_rule_takes_a_clock_time() -> None:
    monthly = Schedule(ScheduleKind.MONTHDAY, "15|9|0", AMS)
    assert retime(monthly, "om 20:00") == (Schedule(ScheduleKind.MONTHDAY, "15|20|0", AMS), "")


@pytest.mark.parametrize(
    ("schedule", "text"),
    [
        (cron("0|9|*|*|*"), "zaterdag om 10"),  # a daily rule has no weekday to swap
        (cron("0|9|*|*|mon-fri"), "maandag"),
        (Schedule(ScheduleKind.MONTHDAY, "15|9|0", AMS), "vrijdag om 8u"),
        (cron("0|16|*|*|fri"), "24 dec om 10u"),  # a date is one moment: asked about
        (cron("0|16|*|*|fri"), "over 2 uur"),
        (cron("0|16|*|*|fri"), "morgen"),
    ],
)
def test_what_does_not_fit_the_rule_is_left_to_a_question(schedule: Schedule, text: str) -> None:
    assert retime(schedule, text) is None


def test_a_question_survives_being_stored() -> None:
    msg = Msg.of(
        "x.y",
        title="Lesbezoek",
        n=2,
        kind=Label("kind.coaching"),
        hours=Hours(90),
        day=date(2026, 12, 24),
        areas=[Label("area.self"), "vrij"],
        inner=Msg.of("a.b", v=None),
    )
    assert load(dump(msg)) == msg
