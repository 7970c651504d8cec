"""User stories through the whole core (router, services, a real store) on SQLite and
PostgreSQL. The console and platform adapters add only translation on top of this."""

from __future__ import annotations

import json
from datetime import timedelta

from tests.support.driver import Driver


async def test_first_contact_gets_a_dutch_welcome_and_help(bot: Driver) -> None:
    said = await bot.say("alice", "/start")
    assert "Hoi Alice" in said.text
    help_text = (await bot.say("alice", "/hulp")).text
    for name in ("/log", "/activiteiten", "/doel", "/reflectie", "/export", "/taal"):
        assert name in help_text
    assert "bv. /log 2u lesson study rekenen gisteren" in help_text


async def test_alice_logs_lesson_study_in_one_message(bot: Driver) -> None:
    said = await bot.say("alice", "/log 2u lesson study rekenen gisteren #vakdidactisch")
    assert "✓ Genoteerd" in said.text
    assert "#1 Lesson study rekenen" in said.text
    assert "di 17 nov 2026 · 2 u · lesson study (informeel)" in said.text
    assert "vakdidactisch" in said.text
    listing = (await bot.say("alice", "/activiteiten")).text
    assert "#1 · di 17 nov 2026 · 2 u · Lesson study rekenen" in listing
    assert "informeel: 2 u (1 activiteit)" in listing


async def test_in_the_staff_room_the_group_sees_only_a_tick(bot: Driver) -> None:
    said = await bot.say(
        "alice", "/log 1,5 uur intervisie met sectie Nederlands", group="lerarenkamer"
    )
    assert [r.is_ack for r in said.here] == [True]
    assert said.here_text == "✓ Genoteerd — de details staan in je privéchat."
    assert "Intervisie met sectie Nederlands" in said.private_text
    # Bob asks for his own list: he does not see Alice's entry anywhere.
    bobs = await bot.say("bob", "/activiteiten", group="lerarenkamer")
    assert "Intervisie" not in bobs.text
    assert "nog geen activiteiten" in bobs.private_text


async def test_missing_duration_is_asked_once_with_choices(bot: Driver) -> None:
    said = await bot.say("alice", "/log webinar formatief evalueren")
    assert "Hoe lang duurde 'Webinar formatief evalueren'?" in said.text
    labels = [label for _, label in bot.last_choices["alice"]]
    assert labels == ["30 min", "1 uur", "2 uur", "halve dag", "hele dag"]
    done = await bot.press("alice", "halve dag")
    assert "4 u · webinar (non-formeel)" in done.text
    again = await bot.press("alice", "halve dag")  # the question is gone once answered
    assert "verlopen" in again.text
    assert "(1)" in (await bot.say("alice", "/activiteiten")).text


async def test_a_typed_duration_answers_the_question_too(bot: Driver) -> None:
    await bot.say("alice", "/log vakliteratuur gelezen")
    said = await bot.say("alice", "45 min")
    assert "45 min · vakliteratuur" in said.text


async def test_open_question_survives_a_restart(store_url: str) -> None:
    first = await Driver.open(store_url)
    await first.say("alice", "/log lesbezoek bij Mark")
    choices = first.last_choices["alice"]
    await first.close()
    second = await Driver.open(store_url)
    second.last_choices["alice"] = choices
    said = await second.press("alice", "1 uur")
    assert "Lesbezoek bij Mark" in said.text
    assert "collegiale consultatie" in said.text
    await second.close()


async def test_open_question_expires(bot: Driver) -> None:
    await bot.say("alice", "/log lesbezoek bij Mark")
    bot.clock.set(bot.clock.now() + timedelta(minutes=31))
    said = await bot.press("alice", "1 uur")
    assert "verlopen" in said.text
    assert "nog geen activiteiten" in (await bot.say("alice", "/activiteiten")).text


async def test_the_same_message_twice_has_one_effect(bot: Driver) -> None:
    message = bot.incoming("alice", "/log 1u intervisie", message_id="tg-42")
    first = await bot.send(message)
    second = await bot.send(message)
    assert "✓ Genoteerd" in first.text
    assert second.replies == []
    assert "(1)" in (await bot.say("alice", "/activiteiten")).text


async def test_reflect_edit_undo_and_delete(bot: Driver) -> None:
    await bot.say("alice", "/log 1u intervisie gisteren")
    await bot.say("alice", "/log 2 uur workshop executieve functies")
    said = await bot.say("alice", "/reflectie 1 Ik laat leerlingen vaker zelf nakijken.")
    assert "Reflectie bewaard bij #1" in said.text
    said = await bot.say("alice", "/bewerk 2 3 uur")
    assert "3 u · workshop" in said.text
    said = await bot.say("alice", "/ongedaan")  # the edit, not the activity
    assert "Ongedaan gemaakt: je wijziging van #2" in said.text
    assert "2 u · workshop" in said.text
    said = await bot.say("alice", "/verwijder 1")
    assert "Weet je zeker" in said.text
    said = await bot.press("alice", "Nee, laten staan")
    assert "niets verwijderd" in said.text
    await bot.say("alice", "/verwijder 1")
    said = await bot.press("alice", "Ja, verwijderen")
    assert "Verwijderd" in said.text
    listing = (await bot.say("alice", "/activiteiten")).text
    assert "(1)" in listing and "#2" in listing and "#1" not in listing


async def test_goal_with_linked_activity_shows_progress(bot: Driver) -> None:
    said = await bot.say(
        "alice", "/doel Formatief evalueren in mijn lessen voor 1 maart #vakdidactisch"
    )
    assert "Nieuw doel #1: Formatief evalueren in mijn lessen" in said.text
    assert "zo 1 mrt 2026" not in said.text and "1 mrt 2027" in said.text
    await bot.say("alice", "/log 90 min webinar formatief evalueren doel 1")
    await bot.say("alice", "/log 1u intervisie over feedback")
    said = await bot.say("alice", "/doel koppel 2 1")
    assert "hoort nu bij doel #1" in said.text
    goals = (await bot.say("alice", "/doelen")).text
    assert "#1 Formatief evalueren in mijn lessen — loopt" in goals
    assert "2 activiteiten, 2,5 u" in goals
    assert "nog 103 dagen" in goals
    said = await bot.say("alice", "/doel behaald 1 Werkt in drie klassen.")
    assert "Gefeliciteerd" in said.text
    filtered = (await bot.say("alice", "/activiteiten doel 1")).text
    assert "(2)" in filtered


async def test_filter_by_period_and_kind(bot: Driver) -> None:
    await bot.say("alice", "/log 1u intervisie 3 september")
    await bot.say("alice", "/log 2u cursus didactiek 12-03-2026")
    await bot.say("alice", "/log 1u intervisie gisteren")
    assert "(2)" in (await bot.say("alice", "/activiteiten dit schooljaar")).text
    assert "(1)" in (await bot.say("alice", "/activiteiten 2025-2026")).text
    assert "(2)" in (await bot.say("alice", "/activiteiten intervisie")).text
    assert "(1)" in (await bot.say("alice", "/activiteiten deze maand")).text
    said = await bot.say("alice", "/activiteiten blauwe maandag")
    assert "Dat filter begrijp ik niet" in said.text


async def test_language_switch_to_english(bot: Driver) -> None:
    said = await bot.say("alice", "/taal en")
    assert said.text == "Language set to English."
    said = await bot.say("alice", "/log read chapter 3 of Hattie, 45 minutes, yesterday")
    assert "Logged in your portfolio" in said.text
    assert "Read chapter 3 of Hattie" in said.text
    assert "Tue 17 Nov 2026 · 45 min · professional reading (informal)" in said.text
    said = await bot.say("alice", "/language")
    assert [label for _, label in bot.last_choices["alice"]] == ["Nederlands", "English"]
    said = await bot.press("alice", "Nederlands")
    assert said.text == "Taal ingesteld op Nederlands."


async def test_export_json_has_the_documented_shape(bot: Driver) -> None:
    await bot.say("alice", "/doel Meer samenwerken #samenwerken")
    await bot.say("alice", "/log 2u lesson study rekenen gisteren doel 1 #vakdidactisch")
    await bot.say("alice", "/bewijs https://example.org/verslag")
    said = await bot.say("alice", "/export", group="lerarenkamer")
    assert said.here_text == "✓ Ik heb je een privébericht gestuurd."
    (private,) = said.private
    assert private.attachment is not None
    assert private.attachment.filename == "portfolio-2026-11-18.json"
    document = json.loads(private.attachment.content)
    assert document["member"]["display_name"] == "Alice"
    (activity,) = document["activities"]
    assert activity == {
        "id": 1,
        "date": "2026-11-17",
        "hours": 2.0,
        "minutes": 120,
        "learning_form": "informal",
        "kind": "lesson_study",
        "title": "Lesson study rekenen",
        "competence_areas": ["didactics"],
        "reflection": None,
        "reflections": [],
        "evidence": "https://example.org/verslag",
        "goal_id": 1,
        "visibility": "private",
        "created_at": "2026-11-18T14:30:00+00:00",
    }
    (goal,) = document["goals"]
    assert goal["activity_ids"] == [1]
    assert goal["status"] == "active"
    assert goal["competence_areas"] == ["collaboration"]


async def test_bad_input_gets_a_helpful_reply(bot: Driver) -> None:
    cases = {
        "/log": "Wat wil je noteren?",
        "/log gisteren": "Ik zie niet wat je gedaan hebt",
        "/log 1u intervisie 12-12-2030": "in de toekomst",
        "/verwijder abc": "Noem het nummer",
        "/reflectie 99 iets": "Activiteit #99 vind ik niet",
        "/bewijs geen link": "http",
        "/taal klingon": "Die taal ken ik niet",
        "/export doc": "Kies pdf, csv, xapi of json",
        "/lgo 1u intervisie": "Bedoel je /log?",
        "/bestaatniet": "Die opdracht ken ik niet",
        "hallo": "Ik reageer op opdrachten",
        "/log '; DROP TABLE activities; --": "Hoe lang duurde",
        "/log " + "x" * 5000: "te lang",
    }
    for text, expected in cases.items():
        said = await bot.say("alice", text)
        assert expected in said.text, (text, said.text)
    said = await bot.say("alice", "/activiteiten")
    assert "nog geen activiteiten" in said.text


async def test_did_you_mean_names_the_command_in_the_members_language(bot: Driver) -> None:
    await bot.say("emma", "/taal en")
    said = await bot.say("emma", "/activitees")
    assert "/activities" in said.text and "/activiteiten" not in said.text
    said = await bot.say("alice", "/activitees")
    assert "Bedoel je /activiteiten?" in said.text
