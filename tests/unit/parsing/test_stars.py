"""Stars in words and symbols, as a pure function."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.chat.parsing.stars import find_stars
from tests.unit.parsing.fuzzing import fuzz, messages


@pytest.mark.parametrize(
    ("text", "rating"),
    [
        ("vier sterren", 4),
        ("1 ster", 1),
        ("five stars", 5),
        ("***", 3),
        ("★★", 2),
        ("⭐️⭐️⭐️⭐️⭐️", 5),
        ("4/5", 4),
        ("3 uit 5", 3),
        ("2 out of 5", 2),
        ("4*", 4),
    ],
)
def test_ratings(text: str, rating: int) -> None:
    found = find_stars(f"Cursus {text} goed")
    assert found is not None and (found.rating, found.error) == (rating, None)


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("3,5 ster", "stars.whole_only"),
        ("4.5/5", "stars.whole_only"),
        ("0 sterren", "stars.out_of_range"),
        ("******", "stars.out_of_range"),
    ],
)
def test_what_is_not_a_whole_star_gets_an_answer(text: str, error: str) -> None:
    found = find_stars(text)
    assert found is not None and (found.rating, found.error) == (None, error)


def test_plain_text_has_no_stars() -> None:
    assert find_stars("Rekenen 3F in groep 7/8") is None


@fuzz
@given(text=st.one_of(messages, st.text(alphabet="*★⭐ 12345/,.sterrnvijf")))
def test_never_raises_and_is_consistent(text: str) -> None:
    found = find_stars(text)
    if found is not None:
        assert 0 <= found.start < found.end <= len(text)
        assert (found.rating is None) != (found.error is None)
        assert found.rating is None or 1 <= found.rating <= 5
