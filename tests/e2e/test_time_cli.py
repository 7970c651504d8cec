"""The trial's time sequences through `portfoliobot chat`, as a teacher types them."""

from __future__ import annotations

import os
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from tests.e2e.cli import chat_session

AMS = ZoneInfo("Europe/Amsterdam")


@pytest.fixture
def chat(store_url: str, tmp_path: Path):
    env = {**os.environ, "PORTFOLIOBOT_DATA_DIR": str(tmp_path / "data")}
    env.pop("PORTFOLIOBOT_DATABASE_URL", None)

    def run(*lines: str, user: str = "alice") -> str:
        return chat_session(store_url, env, lines, user=user)

    return run


def test_last_week_without_a_day_asks_which_day_with_buttons(chat) -> None:
    out = chat("/log vorige week intervisie 1 uur", "3")
    assert "Welke dag van de week van ma " in out
    assert "  1. ma " in out and "  5. vr " in out
    assert "✓ Genoteerd in je portfolio:" in out
    today = datetime.now(AMS).date()
    wednesday = today - timedelta(days=today.weekday() + 7 - 2)
    assert f"wo {wednesday.day} " in out.split("Genoteerd")[1]


def test_a_reminder_with_its_time_after_the_text(chat) -> None:
    out = chat("/herinner bel mentor over 2 uur")
    assert "⏰ Herinnering #1 staat klaar: bel mentor" in out


def test_spoken_dutch_clock_times_are_understood(chat) -> None:
    out = chat("/herinner om kwart over vier thee zetten", "/herinneringen")
    assert "staat klaar: thee zetten" in out
    assert "16:15" in out


def test_a_second_time_in_the_text_is_asked_about_not_stored(chat) -> None:
    out = chat("/herinner morgen om 9 uur toets van vrijdag nakijken", "/herinneringen")
    assert "„van vrijdag”" in out
    assert "Je hebt geen herinneringen" in out


def test_an_invalid_date_is_refused_not_kept_in_the_title(chat) -> None:
    out = chat("/log workshop 31-02 2u", "/activiteiten")
    assert "Die datum bestaat niet" in out
    assert "nog geen activiteiten" in out


def test_a_lone_weekday_abbreviation_is_asked_about(chat) -> None:
    out = chat("/log intervisie do 2 uur", "/activiteiten")
    assert "„do”" in out
    assert "nog geen activiteiten" in out


def test_vague_reminders_are_refused_with_an_example(chat) -> None:
    out = chat("/herinner volgende maand portfolio bijwerken")
    assert "te vaag" in out
    assert "Voorbeeld:" in out
