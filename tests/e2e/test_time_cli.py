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


def test_a_goal_is_edited_and_deleted_after_a_question(chat) -> None:
    out = chat(
        "/doel Formatief evalueren",
        "/log 1u intervisie doel 1",
        "/doel bewerk 1 Feedback geven",
        "/doel verwijder 1",
        "ja",
        "/doelen",
        "/activiteiten",
        "/doel verwijder 9",
    )
    assert "✏️ Doel #1 aangepast: Feedback geven" in out
    assert "Weet je zeker dat je doel #1 'Feedback geven' wilt verwijderen?" in out
    assert "  1. Ja, verwijderen" in out
    assert "🗑️ Doel #1 'Feedback geven' is verwijderd." in out
    assert "Je hebt nog geen ontwikkeldoelen." in out
    assert "#1 · " in out and "Intervisie" in out  # the activity is kept
    assert "Doel #9 vind ik niet." in out
    assert "Verwijder 9" not in out


def test_a_goal_kept_when_the_answer_is_no(chat) -> None:
    out = chat("/doel Lezen", "/doel verwijder 1", "nee", "/doelen")
    assert "Oké, het doel blijft staan." in out
    assert "#1 Lezen" in out


def test_a_deadline_before_the_summer_holidays_asks_the_region_once(chat) -> None:
    # Uses the real clock: relies on the shipped holiday data (through school year 2026-27).
    out = chat(
        "/doel Feedback geven voor de zomervakantie",
        "midden",
        "/doel Lezen voor de zomervakantie",
        "/regio",
    )
    assert out.count("In welke vakantieregio werk je?") == 1
    assert "  2. midden" in out
    assert "✓ Je vakantieregio is midden." in out
    assert "🎯 Nieuw doel #1: Feedback geven" in out
    assert "🎯 Nieuw doel #2: Lezen" in out
    assert "Streefdatum vr " in out
    assert "Je vakantieregio is midden." in out
