"""Any phrase with a time-looking word the parser did not consume is asked about (or
refused with an example), never stored with a guessed moment."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.chat.handlers.activities import parse_log
from bot.chat.parsing.reminder_text import check_text, parse_reminder_text
from bot.chat.replies import UsageError
from tests.unit.parsing.fuzzing import fuzz

NOW = datetime(2026, 11, 18, 14, 30, tzinfo=UTC)
LOCAL = NOW.astimezone(ZoneInfo("Europe/Amsterdam"))
TODAY = date(2026, 11, 18)

WHEN = ["morgen om 9:00", "over 2 uur", "vrijdag om 14:00", "op 3 december", "tomorrow at 5pm",
        "volgende week dinsdag", "om half vier"]  # fmt: skip
WHEN_PAST = ["gisteren", "afgelopen maandag", "3 dagen geleden", "last friday", "op 12 november"]
TIME_WORDS = ["donderdag", "vrijdag", "gisteren", "morgenavond", "14 maart", "om 15:00",
              "over een week", "yesterday", "next monday", "3 dagen geleden", "12-10",
              "vanavond", "eergisteren", "1 december", "last tuesday"]  # fmt: skip
TIME_WORDS_PAST = [w for w in TIME_WORDS if w != "om 15:00"]  # a clock time is no day
WORDS = ["toets", "nakijken", "bellen", "met", "de", "mentor", "over", "het", "verslag",
         "lezen", "intervisie", "sectie", "Nederlands", "plannen", "en", "voor", "leerlingen",
         "call", "the", "parents", "about", "report"]  # fmt: skip


NOUNS = ["toets", "verslag", "mentor", "intervisie", "report", "parents", "plannen"]


def _sentence(draw: st.DrawFn, words: list[str]) -> list[str]:
    return draw(st.lists(st.sampled_from(words), min_size=1, max_size=6))


@st.composite
def reminder_with_a_second_time(draw: st.DrawFn) -> str:
    text = _sentence(draw, WORDS)  # after a noun: not part of the first moment
    at = draw(st.integers(0, len(text)))
    text[at:at] = [draw(st.sampled_from(NOUNS)), draw(st.sampled_from(TIME_WORDS))]
    return f"{draw(st.sampled_from(WHEN))} {' '.join(text)}"


@st.composite
def log_with_a_second_day(draw: st.DrawFn) -> str:
    text = _sentence(draw, WORDS)
    at = draw(st.integers(0, len(text)))
    text[at:at] = [draw(st.sampled_from(NOUNS)), draw(st.sampled_from(TIME_WORDS_PAST))]
    return f"{draw(st.sampled_from(WHEN_PAST))} 1 uur {' '.join(text)}"


@fuzz
@given(phrase=reminder_with_a_second_time())
def test_a_reminder_with_a_second_time_is_not_stored(phrase: str) -> None:
    parsed = check_text(parse_reminder_text(phrase, NOW, "Europe/Amsterdam"))
    assert parsed.kind is None, (phrase, parsed)
    assert parsed.error is not None


@fuzz
@given(phrase=log_with_a_second_day())
def test_a_log_with_a_second_day_is_not_stored(phrase: str) -> None:
    try:
        args = parse_log(phrase, TODAY, LOCAL)
    except UsageError:
        return  # refused with an explanation and an example
    assert args.parsed.week_of is not None, (phrase, args.parsed)  # asked which day


@pytest.mark.parametrize(
    "phrase",
    [
        "morgen om 9 uur toets van vrijdag nakijken",
        "over 2 uur bellen over gisteren",
        "tomorrow at 5pm call parents about next monday",
    ],
)
def test_examples_are_refused_with_the_word(phrase: str) -> None:
    parsed = parse_reminder_text(phrase, NOW, "Europe/Amsterdam")
    assert parsed.error == "reminder.leftover"
    assert parsed.detail


@fuzz
@given(
    when=st.sampled_from(WHEN),
    text=st.lists(st.sampled_from(WORDS), min_size=1, max_size=6).map(" ".join),
)
def test_without_a_second_time_the_reminder_is_stored(when: str, text: str) -> None:
    parsed = check_text(parse_reminder_text(f"{when} {text}", NOW, "Europe/Amsterdam"))
    assert parsed.error is None, (when, text, parsed)
    assert parsed.text == text
