"""Issue 15 stories through the whole core on SQLite and PostgreSQL: filters by learning
form and competence area, a week without a day, goal deadlines in words, repeating rules."""

from __future__ import annotations

from tests.support.driver import Driver


async def test_activities_filtered_by_learning_form_area_and_school_year(bot: Driver) -> None:
    await bot.say("alice", "/log 2u cursus rekenen gisteren #pedagogisch")
    await bot.say("alice", "/log 1u intervisie #vakdidactisch")
    await bot.say("alice", "/log 45 min webinar toetsen #pedagogisch")
    formal = (await bot.say("alice", "/activiteiten non-formeel")).text
    assert "Cursus rekenen" in formal and "Webinar" in formal
    assert "Intervisie" not in formal
    pedagogy = (await bot.say("alice", "/activiteiten #pedagogisch")).text
    assert "Cursus rekenen" in pedagogy and "Webinar toetsen" in pedagogy
    assert "Intervisie" not in pedagogy
    assert "Totaal: 2 u 45" in pedagogy
    both = (await bot.say("alice", "/activiteiten informeel #vakdidactisch")).text
    assert "Intervisie" in both and "Cursus" not in both
    this_year = (await bot.say("alice", "/activiteiten schooljaar 26/27")).text
    assert "Je activiteiten (3)" in this_year
    last_year = (await bot.say("alice", "/activiteiten schooljaar 25/26")).text
    assert "Geen activiteiten gevonden met dat filter." in last_year


async def test_last_week_asks_which_day_and_a_typed_day_answers(bot: Driver) -> None:
    said = await bot.say("alice", "/log vorige week intervisie 1 uur")
    assert "Welke dag van de week van ma 9 nov 2026?" in said.text
    assert bot.last_choices["alice"][0][1] == "ma 9 nov 2026"
    answered = await bot.say("alice", "donderdag")
    assert "do 12 nov 2026 · 1 u · intervisie" in answered.text


async def test_every_other_friday_is_confirmed_with_its_first_time(bot: Driver) -> None:
    said = await bot.say("alice", "/herinner elke 2 weken op vrijdag om 15:00 portfolio bijwerken")
    assert "🔁 Herhaalt; de eerste keer vr 20 nov 2026 om 15:00" in said.text


async def test_a_two_day_course_is_asked_once_one_or_two_activities(bot: Driver) -> None:
    said = await bot.say("alice", "/log 2-daagse cursus 12 en 13 nov")
    assert "Dat zijn meerdere dagen (do 12 nov 2026 t/m vr 13 nov 2026)" in said.text
    assert [label for _key, label in bot.last_choices["alice"]] == [
        "Eén activiteit van 16 u",
        "2 activiteiten van 8 u",
    ]
    split = await bot.press("alice", "2 activiteiten van 8 u")
    assert "do 12 nov 2026 · 8 u · cursus" in split.text
    assert "vr 13 nov 2026 · 8 u · cursus" in split.text
    said = await bot.say("alice", "/log ECIS 5-6 nov 12 uur")
    one = await bot.press("alice", "Eén activiteit van 12 u")
    assert "do 5 nov 2026 · 12 u" in one.text
    listing = (await bot.say("alice", "/activiteiten")).text
    assert "Je activiteiten (3)" in listing
