"""Issue 14 on a fixed clock, on SQLite and PostgreSQL: the undo window, one-off
reminders firing at their clock time after a move, the holiday pause in the list."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tests.integration.test_chat_reminders import fire, text_of
from tests.support.driver import NOW, Driver


async def test_undo_works_within_the_window_and_not_after(bot: Driver) -> None:
    await bot.say("alice", "/log 1u intervisie")
    bot.clock.set(NOW + timedelta(hours=23))
    said = await bot.say("alice", "/ongedaan")
    assert "Ongedaan gemaakt: activiteit #1 is weggehaald." in said.text
    await bot.say("alice", "/doel Meer lesbezoek")
    bot.clock.set(NOW + timedelta(hours=48))
    said = await bot.say("alice", "/ongedaan")
    assert (
        "Je laatste wijziging (nieuw doel #1, do 19 nov 2026 om 14:30) is meer dan 24 uur"
        in said.text
    )
    assert "/verwijder" in said.text
    assert "Meer lesbezoek" in (await bot.say("alice", "/doelen")).text


async def test_undo_of_closing_a_goal_reopens_it(bot: Driver) -> None:
    await bot.say("alice", "/doel Formatief evalueren")
    await bot.say("alice", "/doel behaald 1 Het werkt.")
    said = await bot.say("alice", "/ongedaan")
    assert "doel #1 „Formatief evalueren” staat weer zoals het was (loopt)" in said.text
    assert "loopt" in (await bot.say("alice", "/doelen")).text


async def test_undo_of_a_goal_link_and_of_evidence(bot: Driver) -> None:
    await bot.say("alice", "/doel Formatief evalueren")
    await bot.say("alice", "/log 1u intervisie")
    await bot.say("alice", "/doel koppel 1 1")
    said = await bot.say("alice", "/ongedaan")
    assert "de koppeling aan een doel van #1" in said.text
    assert "Hoort bij doel" not in said.text
    await bot.say("alice", "/bewijs 1 https://example.org/a")
    await bot.say("alice", "/bewijs 1 https://example.org/b")
    said = await bot.say("alice", "/ongedaan")
    assert "het bewijs bij #1 staat weer zoals het was" in said.text
    assert "https://example.org/a" in said.text and "example.org/b" not in said.text


async def test_a_one_off_fires_at_its_clock_time_in_the_new_zone(bot: Driver) -> None:
    await bot.say("alice", "/herinner 24 dec om 10u kerstkaarten")
    await bot.say("alice", "/herinner over 2 uur thee")
    said = await bot.say("alice", "/tijdzone America/Curacao")
    assert "Eenmalig: do 24 dec 2026 om 10:00." in said.text
    assert "Eenmalig: wo 18 nov 2026 om 12:30." in said.text  # 16:30 UTC: same moment
    ten_in_curacao = datetime(2026, 12, 24, 14, tzinfo=UTC)
    [tea] = await fire(bot, datetime(2026, 11, 18, 16, 30, tzinfo=UTC))
    assert "thee" in text_of(tea)
    assert await fire(bot, datetime(2026, 12, 24, 9, tzinfo=UTC)) == []  # 10:00 Amsterdam
    [delivery] = await fire(bot, ten_in_curacao)
    assert "kerstkaarten" in text_of(delivery)


async def test_the_list_and_a_resume_show_the_first_time_after_the_pause(bot: Driver) -> None:
    await bot.say("alice", "/herinner elke vrijdag om 16u lesvoorbereiding")
    await bot.say("alice", "/herinner 24 nov om 9u bellen")
    await bot.say("alice", "/vakantie tot 30 november")
    listing = (await bot.say("alice", "/herinneringen")).text
    assert "Je vakantiestand loopt tot ma 30 nov 2026" in listing
    assert "gepauzeerd tot ma 30 nov 2026; daarna: vr 4 dec 2026 om 16:00" in listing
    assert "gepauzeerd tot ma 30 nov 2026; daarna: ma 30 nov 2026 om 09:00" in listing
    assert "vr 20 nov" not in listing and "vr 27 nov" not in listing
    await bot.say("alice", "/herinneringen pauzeer 1")
    resumed = (await bot.say("alice", "/herinneringen hervat 1")).text
    assert "Volgende keer: vr 4 dec 2026 om 16:00" in resumed
    assert await fire(bot, datetime(2026, 11, 20, 15, tzinfo=UTC)) == []


async def test_the_nth_weekday_and_monthly_rules_keep_their_kind(bot: Driver) -> None:
    await bot.say("alice", "/herinner elke eerste vrijdag van de maand om 15:00 plg")
    said = await bot.say("alice", "/herinneringen tijd 1 donderdag om 14:00")
    assert "elke eerste donderdag van de maand om 14:00" in said.text
    await bot.say("alice", "/herinner elke maand op de 15e om 9:00 portfolio")
    said = await bot.say("alice", "/herinneringen tijd 2 om 20:00")
    assert "elke maand op de 15e om 20:00" in said.text
    said = await bot.say("alice", "/herinneringen tijd 2 vrijdag om 8u")
    assert "Wat je noemt is één moment" in said.text  # a monthly rule takes no weekday


async def test_a_question_that_expired_unanswered_is_kept_as_a_draft(bot: Driver) -> None:
    await bot.say("alice", "/log lesbezoek bij Mark")
    bot.clock.set(NOW + timedelta(hours=2))  # the question expired after 30 minutes
    await bot.core.scheduler.housekeeping()
    said = await bot.say("alice", "/concepten")
    assert "Je hebt 1 concept" in said.text and "Lesbezoek bij Mark" in said.text
    await bot.press("alice", "Nu afmaken")
    said = await bot.press("alice", "2 uur")
    assert "#1 Lesbezoek bij Mark" in said.text and "2 u · " in said.text
    assert "Je hebt geen concepten" in (await bot.say("alice", "/concepten")).text


async def test_finishing_a_draft_keeps_the_question_that_was_open(bot: Driver) -> None:
    await bot.say("alice", "/log lesbezoek bij Mark")
    said = await bot.say("alice", "/doelen")  # the question becomes a draft, with buttons
    assert "bewaard als concept: Hoe lang duurde 'Lesbezoek bij Mark'?" in said.text
    draft_buttons = bot.last_choices["alice"]
    await bot.say("alice", "/log webinar formatief evalueren")  # a new question is open
    bot.last_choices["alice"] = draft_buttons  # the earlier message's button is pressed
    said = await bot.press("alice", "Nu afmaken")
    assert "Hoe lang duurde 'Lesbezoek bij Mark'?" in said.text
    assert "bewaard als concept: Hoe lang duurde 'Webinar formatief evalueren'?" in said.text
    said = await bot.say("alice", "2 uur")
    assert "#1 Lesbezoek bij Mark" in said.text
    assert "Je hebt 1 concept" in (await bot.say("alice", "/concepten")).text


async def test_reflections_are_dated_in_the_members_timezone(bot: Driver) -> None:
    await bot.say("alice", "/log 1u intervisie")
    await bot.say("alice", "/reflectie 1 Middag: feedforward.")
    bot.clock.set(datetime(2026, 11, 18, 23, 30, tzinfo=UTC))  # 00:30 on the 19th locally
    await bot.say("alice", "/reflectie 1 Nacht: nog eens nagedacht.")
    card = (await bot.say("alice", "/activiteiten 1")).text
    assert "📝 Reflectie (wo 18 nov 2026): Middag: feedforward." in card
    assert "📝 Reflectie (do 19 nov 2026): Nacht: nog eens nagedacht." in card
