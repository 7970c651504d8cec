"""Issue 14, "nothing lost by accident", as a teacher types it into `portfoliobot chat`
(a real process, real clock) on SQLite and PostgreSQL: undo, reflections, open questions,
repeating reminders, time zones and the holiday pause."""

from __future__ import annotations

import json
import os
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from babel.dates import format_date

from tests.e2e.cli import chat_session

AMS = ZoneInfo("Europe/Amsterdam")


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    env = {**os.environ, "PORTFOLIOBOT_DATA_DIR": str(tmp_path / "data")}
    env.pop("PORTFOLIOBOT_DATABASE_URL", None)
    return env


@pytest.fixture
def chat(store_url: str, env: dict[str, str]):
    def run(*lines: str, user: str = "alice", group: str | None = None) -> str:
        return chat_session(store_url, env, lines, user=user, group=group)

    return run


def dutch(day: date) -> str:
    return format_date(day, format="EEE d MMM yyyy", locale="nl")


def test_undo_takes_back_the_last_change_only_and_only_once(chat) -> None:
    out = chat(
        "/log 1u intervisie gisteren",
        "/reflectie 1 Ik laat leerlingen vaker zelf nakijken.",
        "/bewijs 1 https://example.org/verslag",
        "/log 2 uur workshop executieve functies",
        "/bewerk 2 3 uur",
        "/ongedaan",
        "/ongedaan",
        "/activiteiten",
        "/activiteiten 1",
    )
    # The first undo restores the edit; the second has nothing left: the older activity
    # with its reflection and evidence is not touched.
    out, listing = out.split("Er is niets om ongedaan te maken.")
    assert "Ongedaan gemaakt: je wijziging van #2. Zo staat het er weer:" in out
    assert out.count("2 u · workshop") == 2 and "3 u · workshop" in out  # logged, restored
    assert "Je activiteiten (2)" in listing
    assert "Ik laat leerlingen vaker zelf nakijken." in listing
    assert "https://example.org/verslag" in listing


def test_undo_of_a_log_leaves_the_goal_and_its_other_activities(chat) -> None:
    out = chat(
        "/doel Meer collegiale consultatie",
        "/log 1u lesbezoek bij Sam doel 1",
        "/log 1u lesbezoek bij Ravi doel 1",
        "/ongedaan",
        "/ongedaan",
        "/doelen",
    )
    assert "Ongedaan gemaakt: activiteit #2 is weggehaald." in out
    assert "Lesbezoek bij Ravi" in out
    assert "Er is niets om ongedaan te maken." in out
    assert "Meer collegiale consultatie" in out and "1 activiteit, 1 u" in out


def test_undo_puts_a_deleted_activity_back_with_everything(chat) -> None:
    out = chat(
        "/doel Formatief evalueren",
        "/log 2u lesson study rekenen gisteren doel 1",
        "/reflectie 1 Eerste les: exit tickets werken.",
        "/reflectie 1 Tweede les: ook bij klas 3.",
        "/bewijs 1 https://example.org/ls",
        "/verwijder 1",
        "ja",
        "/activiteiten",
        "/ongedaan",
        "/doelen",
    )
    out = out.split("Per ongeluk? /ongedaan zet hem terug")[1]
    deleted, out = out.split("Ongedaan gemaakt: #1 is teruggezet, met 2 reflecties:")
    assert "nog geen activiteiten" in deleted
    for kept in ("Eerste les", "Tweede les", "https://example.org/ls", "Hoort bij doel #1"):
        assert kept in out, kept
    assert "1 activiteit, 2 u" in out


def test_undo_of_a_reflection_removes_that_reflection_only(chat) -> None:
    out = chat(
        "/log 1u intervisie",
        "/reflectie 1 Eerste gedachte.",
        "/reflectie 1 Tweede gedachte.",
        "/ongedaan",
        "/activiteiten 1",
    )
    assert "je laatste reflectie bij #1 Intervisie is weggehaald: „Tweede gedachte.”" in out
    card = out.split("één keer.")[-1]
    assert "Eerste gedachte." in card and "Tweede gedachte." not in card


def test_undo_is_limited_in_time_by_a_setting(store_url: str, env: dict[str, str]) -> None:
    env = {**env, "PORTFOLIOBOT_UNDO_HOURS": "0.0005"}  # 1.8 seconds
    chat_session(store_url, env, ("/log 1u intervisie",), user="alice")
    time.sleep(2.5)
    out = chat_session(store_url, env, ("/ongedaan", "/activiteiten"), user="alice")
    assert "die maak ik niet meer ongedaan" in out
    assert "/verwijder" in out
    assert "Je activiteiten (1)" in out


def test_a_second_reflection_is_added_and_the_export_keeps_both(chat, tmp_path: Path) -> None:
    out = chat(
        "/log 1u intervisie gisteren",
        "/reflectie 1 Feedforward werkt.",
        "/reflectie 1 Na een week: ook in klas 2.",
        "/activiteiten",
        "/activiteiten 1",
        "/export json",
    )
    assert "Dit is je 2e reflectie bij #1; de eerdere blijven bewaard" in out
    assert "📝 2 reflecties — alles van #1: /activiteiten 1" in out
    assert "Reflectie (" in out and "): Feedforward werkt." in out
    assert "): Na een week: ook in klas 2." in out
    path = Path(out.strip().splitlines()[-1].removeprefix("📎 "))
    (activity,) = json.loads(path.read_text("utf-8"))["activities"]
    assert [r["text"] for r in activity["reflections"]] == [
        "Feedforward werkt.",
        "Na een week: ook in klas 2.",
    ]
    assert all(datetime.fromisoformat(r["written_at"]).tzinfo for r in activity["reflections"])
    assert activity["reflection"] == "Na een week: ook in klas 2."


def test_an_open_question_becomes_a_draft_finished_with_one_tap(chat) -> None:
    out = chat("/log burn-out coaching", "/doelen", "Nu afmaken", "1 uur")
    assert "📌 Je open vraag is bewaard als concept: Hoe lang duurde 'Burn-out coaching'?" in out
    assert "#1 Burn-out coaching" in out and "1 u · coaching" in out
    # Left open in one session, finished in the next from /concepten.
    chat("/log lesbezoek bij Mark", "/herinneringen")
    out = chat("/concepten", "Nu afmaken", "2")
    assert "Je hebt 1 concept" in out and "Lesbezoek bij Mark" in out
    assert "#2 Lesbezoek bij Mark" in out
    assert "Je hebt geen concepten" in chat("/concepten")


def test_every_kind_of_open_question_is_kept_and_cancel_drops_on_purpose(chat) -> None:
    out = chat(
        "/log 1u intervisie",
        "/verwijder 1",
        "/activiteiten",
        "/reflectie",
        "/doelen",
        "/taal",
        "/hulp",
        "/concepten",
        "/log webinar",
        "/annuleer",
        "/concepten",
        "/activiteiten",
    )
    assert "bewaard als concept: Weet je zeker dat je deze activiteit wilt verwijderen?" in out
    assert "bewaard als concept: Wat heb je geleerd van #1 'Intervisie'?" in out
    assert out.count("📌 Je open vraag is bewaard als concept:") == 3  # /taal's too
    assert out.count("Je hebt 3 concepten") == 2  # /annuleer's question is not one
    assert "Deze vraag is niet bewaard: Hoe lang duurde 'Webinar'?" in out
    assert "Je activiteiten (1)" in out  # the draft of /verwijder deleted nothing


def test_a_new_time_for_a_repeating_reminder_keeps_it_repeating(chat) -> None:
    out = chat(
        "/herinner elke vrijdag om 16u lesvoorbereiding",
        "/herinneringen tijd 1 zaterdag om 10",
        "/herinneringen",
        "/herinneringen tijd 1 om 8:30",
        # One moment for a repeating reminder is a question, not a silent one-off.
        "/herinneringen tijd 1 24 dec om 10u",
        "Nee, laten herhalen",
        "/herinneringen tijd 1 24 dec om 10u",
        "Ja, eenmalig",
    )
    assert "🔁 Herhaalt: elke zaterdag om 10:00; de volgende keer za " in out
    assert "#1 🔁 lesvoorbereiding — volgende: za " in out
    assert "🔁 Herhaalt: elke zaterdag om 08:30" in out
    assert "Herinnering #1 herhaalt elke zaterdag om 08:30." in out
    assert "Niets veranderd: #1 herhaalt nog steeds elke zaterdag om 08:30." in out
    once = out.split("Niets veranderd")[1].split("Ja, eenmalig")[-1]
    assert "Eenmalig: " in once and "24 dec" in once and "om 10:00" in once


def test_a_one_off_keeps_its_clock_time_after_a_move_and_the_reply_says_so(chat) -> None:
    out = chat(
        "/herinner 24 dec om 10u kerstkaarten schrijven",
        "/herinner elke vrijdag om 16u lesvoorbereiding",
        "/tijdzone America/Curacao",
        "/herinneringen",
    )
    out, listing = out.split("✓ Je tijdzone is nu America/Curacao.")
    out = listing
    assert "Je 2 herinneringen houden de kloktijd die je opgaf" in out
    assert "#1 kerstkaarten schrijven" in out
    assert "Eenmalig: " in out and "24 dec" in out and "om 10:00." in out
    assert "elke vrijdag om 16:00" in out
    assert "#1 kerstkaarten schrijven — " in out and "24 dec" in out and "om 10:00" in out
    assert "om 05:00" not in out


def test_the_list_shows_no_times_inside_the_holiday_pause(chat) -> None:
    today = datetime.now(AMS).date()
    until = today + timedelta(days=21)
    first_friday = until + timedelta(days=(4 - until.weekday()) % 7)
    out = chat(
        "/herinner elke vrijdag om 16u lesvoorbereiding",
        f"/vakantie tot {until:%d-%m-%Y}",
        "/herinneringen",
    )
    out = out.split("Vakantiestand aan")[1]
    assert f"Je vakantiestand loopt tot {dutch(until)}" in out
    assert f"gepauzeerd tot {dutch(until)}; daarna: {dutch(first_friday)} om 16:00" in out
    for day in range(1, 21):
        assert dutch(today + timedelta(days=day)) + " om 16:00" not in out
