"""Link codes: short, unambiguous, typed loosely, never stored in the clear."""

from __future__ import annotations

from bot.services.linking import (
    ALPHABET,
    code_hash,
    looks_like_code,
    new_code,
    normalise,
)


def test_codes_are_two_groups_of_four_unambiguous_characters() -> None:
    codes = {new_code() for _ in range(500)}
    assert len(codes) == 500  # 31^8 possibilities: no repeats in a few hundred
    for code in codes:
        first, dash, second = code.partition("-")
        assert dash and len(first) == len(second) == 4
        assert set(first + second) <= set(ALPHABET)
    assert not set("01ILO") & set(ALPHABET)


def test_a_code_is_recognised_however_it_is_typed() -> None:
    assert normalise(" k7qm-4xpd ") == normalise("K7QM 4XPD") == "K7QM4XPD"
    assert code_hash("k7qm-4xpd") == code_hash("K7QM4XPD")
    assert len(code_hash("K7QM4XPD")) == 64 and "K7QM" not in code_hash("K7QM4XPD")


def test_only_a_message_shaped_like_a_code_counts_as_one_on_its_own() -> None:
    assert looks_like_code("K7QM-4XPD") and looks_like_code(" k7qm-4xpd ")
    for text in ("GEWELDIG", "K7QM4XPD", "zie K7QM-4XPD", "K7QM-4XP0", "lesson-study"):
        assert not looks_like_code(text), text
