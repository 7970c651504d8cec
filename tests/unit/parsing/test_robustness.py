"""Every parser takes any string: long, hostile or odd input never raises and stays fast."""

import time
from collections.abc import Callable
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.chat.parsing import (
    find_competence_areas,
    find_date,
    parse_activity_text,
    parse_duration,
    parse_goal_text,
    parse_kind,
    parse_period,
)
from bot.chat.parsing.normalise import clean_title, fold
from tests.unit.parsing.fuzzing import FRAGMENTS, TODAY, fuzz, messages

PARSERS: dict[str, Callable[[str], object]] = {
    "parse_activity_text": lambda text: parse_activity_text(text, TODAY),
    "parse_goal_text": lambda text: parse_goal_text(text, TODAY),
    "parse_duration": parse_duration,
    "find_date (past)": lambda text: find_date(text, TODAY),
    "find_date (future)": lambda text: find_date(text, TODAY, prefer="future"),
    "parse_kind": parse_kind,
    "find_competence_areas": find_competence_areas,
    "parse_period": lambda text: parse_period(text, TODAY),
}

LONG = 10_000
# Inputs shaped to make a careless regular expression backtrack, or a loop go quadratic.
LONG_INPUTS = {
    "letters": "a" * LONG,
    "digits": "1" * LONG,
    "spaces": " " * LONG,
    "digit then spaces": "1" + " " * (LONG - 2) + "u",
    "numbers and spaces": "1 " * (LONG // 2),
    "durations": "1,5 uur " * (LONG // 8),
    "dates": "12-11 " * (LONG // 6),
    "month dates": "3 maart " * (LONG // 8),
    "weekdays": "vorige week dinsdag " * (LONG // 20),
    "markers": "voor " * (LONG // 5),
    "hashtags": "#zelf" * (LONG // 5),
    "one long hashtag": "#" + "a" * (LONG - 1),
    "urls": "https://" * (LONG // 8),
    "compound keywords": "cursus" * (LONG // 6),
    "keyword in a hashtag": "#" + "x" * 40 + "cursus" * ((LONG - 41) // 6),
    "goal references": "doel #2 " * (LONG // 8),
    "punctuation": ",;:-–" * (LONG // 5),
    "control characters": "".join(chr(i % 32) for i in range(LONG)),
    "emoji": "👩‍🏫" * (LONG // 3),
    "rtl": "\u202eورشة عمل " * (LONG // 10),
    "sql": "'; DROP TABLE activities;-- " * (LONG // 28),
    "fragments": " ".join(FRAGMENTS * 50)[:LONG],
}


@pytest.mark.parametrize("name", list(PARSERS))
@pytest.mark.parametrize("shape", list(LONG_INPUTS))
def test_ten_thousand_characters_are_parsed_quickly(name: str, shape: str) -> None:
    """A guard against catastrophic backtracking, not a speed target (bench/ has those):
    a parse takes milliseconds, a backtracking pattern on 10,000 characters minutes, so
    the bound is far from both and holds on a busy machine."""
    text = LONG_INPUTS[shape]
    assert len(text) >= LONG - 50
    started = time.perf_counter()
    PARSERS[name](text)
    assert time.perf_counter() - started < 10.0


@pytest.mark.parametrize("name", list(PARSERS))
@pytest.mark.parametrize(
    "text",
    ["", " ", "\x00", "\ud800", "\uffff", "İ", "ß", "#", "http://", "doel #0", "0", "-1 uur",
     "9" * 5000 + " uur", "٣ uur", "２ uur", "1e999 uur"],
)  # fmt: skip
def test_odd_inputs(name: str, text: str) -> None:
    PARSERS[name](text)


@pytest.mark.parametrize("today", [date.min, date.max, date(2024, 2, 29)])
@pytest.mark.parametrize("text", FRAGMENTS)
def test_extreme_todays(today: date, text: str) -> None:
    parse_activity_text(text, today)
    parse_goal_text(text, today)
    parse_period(text, today)
    find_date(text, today, prefer="future")


@fuzz
@given(text=messages, name=st.sampled_from(list(PARSERS)))
def test_any_text_for_any_parser(text: str, name: str) -> None:
    PARSERS[name](text)


class TestHelpers:
    @fuzz
    @given(text=st.text())
    def test_folding_keeps_the_length(self, text: str) -> None:
        assert len(fold(text)) == len(text)

    def test_folding_lowers_and_drops_accents(self) -> None:
        assert fold("Vóór ÉÉN Überstunde") == "voor een uberstunde"

    @fuzz
    @given(text=messages, data=st.data())
    def test_clean_title_takes_any_spans(self, text: str, data: st.DataObject) -> None:
        bounds = st.integers(min_value=0, max_value=len(text))
        spans = data.draw(st.lists(st.tuples(bounds, bounds), max_size=4))
        title = clean_title(text, spans)
        assert title == title.strip()
