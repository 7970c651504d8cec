"""Guided profile editing with buttons, /delen for goals and activities, and what others
see of them — through the whole core on SQLite and PostgreSQL."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from tests.support.driver import Driver, Said

FIELD_BUTTONS = [
    "naam",
    "school",
    "regio",
    "sector",
    "vakken",
    "werkervaring",
    "expertise",
    "tags",
    "bio",
    "Annuleren",
]


def buttons(said: Said) -> list[str]:
    return [choice.label for reply in said.replies for choice in reply.choices]


async def test_edit_a_field_with_buttons_then_choose_who_sees_it(bot: Driver) -> None:
    asked = await bot.say("alice", "/profiel bewerken")
    assert "Welk veld wil je aanpassen?" in asked.text
    assert buttons(asked) == FIELD_BUTTONS
    asked = await bot.press("alice", "school")
    assert "Wat moet er bij school?" in asked.text
    assert buttons(asked) == ["Annuleren"]  # nothing to clear yet
    said = await bot.say("alice", "De Linde, Utrecht")
    assert "✓ school: De Linde, Utrecht" in said.text
    assert "Wie mag je school zien?" in said.text
    assert buttons(said) == ["✓ privé", "community", "openbaar"]
    said = await bot.press("alice", "community")
    assert "✓ school: nu community." in said.text
    assert "school: De Linde, Utrecht — community" in (await bot.say("alice", "/profiel")).text
    # A second time the value is asked with its current one, and visibility is not asked.
    asked = await bot.say("alice", "/profiel bewerken")
    asked = await bot.press("alice", "school")
    assert "Nu: De Linde, Utrecht" in asked.text
    assert buttons(asked) == ["Leegmaken", "Annuleren"]
    said = await bot.say("alice", "Het Baken")
    assert "✓ school: Het Baken (zichtbaar: community" in said.text
    assert buttons(said) == []


@pytest.mark.parametrize(
    ("field", "typed", "shown"),
    [
        ("naam", "Alice de Vries", "naam: Alice de Vries"),
        ("regio", "Utrecht", "regio: Utrecht"),
        ("vakken", "aardrijkskunde, economie", "vakken: aardrijkskunde, economie"),
        ("expertise", "formatief evalueren", "expertise: formatief evalueren"),
        ("tags", "#Burgerschap #formatief", "tags: burgerschap, formatief"),
        ("bio", "Docent met een hart voor kaarten.", "bio: Docent met een hart voor kaarten."),
    ],
)
async def test_every_text_field_by_button(bot: Driver, field: str, typed: str, shown: str) -> None:
    await bot.say("alice", "/profiel bewerken")
    await bot.press("alice", field)
    said = await bot.say("alice", typed)
    assert f"Wie mag je {field} zien?" in said.text
    await bot.press("alice", "openbaar")
    assert f"{shown} — openbaar" in (await bot.say("alice", "/profiel")).text


async def test_a_field_named_without_value_is_asked_for(bot: Driver) -> None:
    asked = await bot.say("alice", "/profiel expertise")
    assert "Wat moet er bij expertise?" in asked.text
    await bot.say("alice", "lesson study")
    await bot.press("alice", "✓ privé")
    assert "expertise: lesson study — privé" in (await bot.say("alice", "/profiel")).text


async def test_a_bad_value_keeps_the_question_open(bot: Driver) -> None:
    await bot.say("alice", "/profiel bio")
    said = await bot.say("alice", "x" * 1001)
    assert "te lang" in said.text and "Probeer het nog eens" in said.text
    said = await bot.say("alice", "Kort en goed.")
    assert "✓ bio: Kort en goed." in said.text


async def test_sector_is_chosen_with_buttons(bot: Driver) -> None:
    await bot.say("alice", "/profiel bewerken")
    asked = await bot.press("alice", "sector")
    assert buttons(asked) == ["po", "vo", "mbo", "ho", "Klaar", "Annuleren"]
    said = await bot.press("alice", "Klaar")
    assert "Tik eerst een sector aan" in said.text
    asked = await bot.press("alice", "vo")
    assert buttons(asked)[:4] == ["po", "✓ vo", "mbo", "ho"]
    await bot.press("alice", "po")
    await bot.press("alice", "mbo")
    asked = await bot.press("alice", "✓ po")  # tapped again: off
    assert "Gekozen: vo, mbo" in asked.text
    said = await bot.press("alice", "Klaar")
    assert "✓ sector: vo, mbo" in said.text
    await bot.press("alice", "community")
    assert "sector: vo, mbo — community" in (await bot.say("alice", "/profiel")).text
    # Typed works too, and the current choice is marked next time.
    await bot.say("alice", "/profiel sector")
    asked = await bot.press("alice", "✓ vo")
    assert buttons(asked) == ["po", "vo", "✓ mbo", "ho", "Klaar", "Leegmaken", "Annuleren"]
    said = await bot.say("alice", "ho")
    assert "✓ sector: ho (zichtbaar: community" in said.text


async def test_work_experience_step_by_step(bot: Driver) -> None:
    await bot.say("alice", "/profiel school De Linde")
    await bot.say("alice", "/profiel bewerken")
    said = await bot.press("alice", "werkervaring")
    assert "Welke functie of rol had je?" in said.text
    said = await bot.say("alice", "docent aardrijkskunde")
    assert "Op welke school" in said.text
    assert buttons(said) == ["De Linde", "Annuleren"]
    said = await bot.press("alice", "De Linde")
    assert "Sinds wanneer?" in said.text
    said = await bot.say("alice", "morgen")
    assert "Dat begrijp ik niet als moment in het verleden" in said.text
    said = await bot.say("alice", "augustus 2015")
    assert "Tot wanneer?" in said.text and buttons(said) == ["heden", "Annuleren"]
    said = await bot.press("alice", "heden")
    assert "✓ werkervaring: docent aardrijkskunde, De Linde (8-2015–heden)" in said.text
    await bot.press("alice", "openbaar")
    # A second job is added to the first; dates and years both work.
    await bot.say("alice", "/profiel werkervaring")
    said = await bot.say("alice", "mentor onderbouw")
    assert buttons(said) == ["De Linde", "Annuleren"]
    await bot.say("alice", "Het Baken")
    await bot.say("alice", "1-8-2010")
    said = await bot.say("alice", "2009")
    assert "Het einde ligt voor het begin" in said.text
    said = await bot.say("alice", "2015")
    expected = (
        "werkervaring: docent aardrijkskunde, De Linde (8-2015–heden); "
        "mentor onderbouw, Het Baken (1-8-2010–2015) — openbaar"
    )
    assert expected in (await bot.say("alice", "/profiel")).text


async def test_clearing_is_one_tap_and_can_be_undone(bot: Driver) -> None:
    await bot.say("alice", "/profiel expertise lesson study")
    await bot.say("alice", "/delen expertise community")
    await bot.say("alice", "/profiel bewerken")
    await bot.press("alice", "expertise")
    said = await bot.press("alice", "Leegmaken")
    assert "✓ expertise is gewist." in said.text
    assert "/ongedaan zet het terug" in said.text
    assert "lesson study" not in (await bot.say("alice", "/profiel")).text
    said = await bot.say("alice", "/ongedaan")
    assert "Teruggezet zoals het was: expertise." in said.text
    assert "expertise: lesson study — community" in (await bot.say("alice", "/profiel")).text
    # The sector and work experience can be cleared from their own questions too.
    await bot.say("alice", "/profiel sector vo")
    await bot.say("alice", "/profiel sector")
    assert "✓ sector is gewist." in (await bot.press("alice", "Leegmaken")).text
    await bot.say("alice", "/profiel werkervaring docent, De Linde (2015–heden)")
    await bot.say("alice", "/profiel werkervaring")
    assert "✓ werkervaring is gewist." in (await bot.press("alice", "Leegmaken")).text


async def test_a_new_value_and_its_visibility_are_undone_together(bot: Driver) -> None:
    await bot.say("alice", "/profiel regio")
    await bot.say("alice", "Utrecht")
    await bot.press("alice", "openbaar")
    await bot.say("alice", "/ongedaan")
    shown = (await bot.say("alice", "/profiel")).text
    assert "Utrecht" not in shown
    assert "alleen jij: naam, school, regio" in (await bot.say("alice", "/delen")).text


async def test_cancel_changes_nothing(bot: Driver) -> None:
    await bot.say("alice", "/profiel school De Linde")
    asked = await bot.say("alice", "/profiel bewerken")
    said = await bot.press("alice", "Annuleren")
    assert "er is niets veranderd" in said.text
    asked = await bot.say("alice", "/profiel bewerken")
    await bot.press("alice", "school")
    said = await bot.press("alice", "Annuleren")
    assert "er is niets veranderd" in said.text
    await bot.say("alice", "/profiel bewerken")
    await bot.press("alice", "werkervaring")
    await bot.say("alice", "docent")
    said = await bot.say("alice", "annuleer")
    assert "er is niets veranderd" in said.text
    shown = (await bot.say("alice", "/profiel")).text
    assert "school: De Linde — privé" in shown and "werkervaring:" not in shown
    assert asked.text  # the question was asked before each cancel


async def test_the_profile_view_has_an_edit_button(bot: Driver) -> None:
    shown = await bot.say("alice", "/profiel")
    assert buttons(shown) == ["✏️ Bewerken"]
    asked = await bot.press("alice", "✏️ Bewerken")
    assert "Welk veld wil je aanpassen?" in asked.text
    assert buttons(asked) == FIELD_BUTTONS


async def test_guided_edit_started_in_a_group_continues_privately(bot: Driver) -> None:
    said = await bot.say("alice", "/profiel bewerken", group="lerarenkamer")
    assert "Welk veld" not in said.here_text
    assert "Welk veld wil je aanpassen?" in said.private_text
    await bot.press("alice", "school")
    await bot.say("alice", "Geheime School")
    said = await bot.say("alice", "/profiel", group="lerarenkamer")
    assert "Geheime School" not in said.here_text and "Geheime School" in said.private_text


async def _alice_goals_and_activities(bot: Driver) -> None:
    await bot.say("alice", "/doel Lesson study rekenen invoeren")
    await bot.say("alice", "/doel Geheim verbeterplan")
    await bot.say("alice", "/log 2u intervisie over formatief evalueren")
    await bot.say("alice", "/log 1u vakliteratuur over burgerschap")


async def test_share_one_goal_or_activity(bot: Driver) -> None:
    await _alice_goals_and_activities(bot)
    said = await bot.say("alice", "/delen doel 1 community")
    assert "✓ Doel #1 Lesson study rekenen invoeren: nu community." in said.text
    said = await bot.say("alice", "/delen activiteit 2 openbaar")
    assert "✓ Activiteit #2" in said.text and "nu openbaar" in said.text
    overview = (await bot.say("alice", "/delen")).text
    assert "Doelen — privé: 1, community: 1, openbaar: 0" in overview
    assert "Activiteiten — privé: 1, community: 0, openbaar: 1" in overview
    said = await bot.say("alice", "/ongedaan")
    assert "1 activiteit is weer zichtbaar zoals het was" in said.text
    overview = (await bot.say("alice", "/delen")).text
    assert "Activiteiten — privé: 2, community: 0, openbaar: 0" in overview


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("/delen doel community", "Welk nummer?"),
        ("/delen 3 openbaar", "Bij 3 staat niet of het een doel of een activiteit is"),
        ("/delen doel 9 openbaar", "Doel #9 vind ik niet"),
        ("/delen activiteit 9 openbaar", "#9"),
        ("/delen doelen", "Zeg welke velden en voor wie"),
        ("/delen doelen openbaar privé", "Zeg welke velden en voor wie"),
    ],
)
async def test_bad_share_input_gets_a_helpful_answer(
    bot: Driver, text: str, expected: str
) -> None:
    assert expected in (await bot.say("alice", text)).text


async def test_bulk_sharing_and_public_is_asked_first(bot: Driver) -> None:
    await _alice_goals_and_activities(bot)
    said = await bot.say("alice", "/delen doelen community")
    assert "✓ Je 2 doelen: nu community." in said.text
    asked = await bot.say("alice", "/delen activiteiten openbaar")
    assert "Daarmee worden 2 doelen en activiteiten openbaar" in asked.text
    assert buttons(asked) == ["Ja, openbaar maken", "Nee, laten zo"]
    said = await bot.press("alice", "Nee, laten zo")
    assert "er is niets veranderd" in said.text
    assert "openbaar: 0" in (await bot.say("alice", "/delen")).text.split("Activiteiten")[1]
    await bot.say("alice", "/delen activiteiten openbaar")
    said = await bot.press("alice", "Ja, openbaar maken")
    assert "✓ Je 2 activiteiten: nu openbaar." in said.text
    overview = (await bot.say("alice", "/delen")).text
    assert "Activiteiten — privé: 0, community: 0, openbaar: 2" in overview
    # More private in bulk is never asked; the whole bulk change is undone at once.
    said = await bot.say("alice", "/delen activiteiten privé")
    assert "✓ Je 2 activiteiten: nu privé." in said.text
    said = await bot.say("alice", "/ongedaan")
    assert "2 activiteiten zijn weer zichtbaar zoals ze waren" in said.text
    assert "openbaar: 2" in (await bot.say("alice", "/delen")).text
    said = await bot.say("bob", "/delen doelen privé")
    assert "Je hebt nog geen doelen." in said.text


async def test_bulk_public_asked_in_a_group_goes_privately(bot: Driver) -> None:
    await _alice_goals_and_activities(bot)
    said = await bot.say("alice", "/delen doelen openbaar", group="lerarenkamer")
    assert "openbaar" not in said.here_text and "Geheim" not in said.here_text
    assert "Daarmee worden 2 doelen en activiteiten openbaar" in said.private_text
    said = await bot.press("alice", "Ja, openbaar maken")
    assert "✓ Je 2 doelen: nu openbaar." in said.text
    said = await bot.say("alice", "/delen", group="lerarenkamer")
    assert "Doelen" not in said.here_text and "Doelen — privé: 0" in said.private_text


async def test_shared_goal_is_found_and_unshared_goal_is_not(bot: Driver) -> None:
    await bot.say("alice", "/hulp", group="lerarenkamer")
    await bot.say("bob", "/hulp", group="lerarenkamer")
    await bot.say("alice", "/doel Lesson study rekenen invoeren")
    assert "Alice" not in (await bot.say("bob", "/zoek lesson study")).text
    await bot.say("alice", "/delen doel 1 community")
    found = (await bot.say("bob", "/zoek lesson study")).text
    assert "1. Alice" in found
    assert "Alice" not in (await bot.say("carol", "/zoek lesson study")).text  # a stranger
    await bot.say("alice", "/delen doel 1 privé")
    assert "Alice" not in (await bot.say("bob", "/zoek lesson study")).text
    await bot.say("alice", "/ongedaan")  # shared again, found again
    assert "1. Alice" in (await bot.say("bob", "/zoek lesson study")).text


async def test_profile_of_someone_shows_the_goals_and_activities_shared_with_the_asker(
    bot: Driver,
) -> None:
    await bot.say("alice", "/hulp", group="lerarenkamer")
    await bot.say("bob", "/hulp", group="lerarenkamer")
    await _alice_goals_and_activities(bot)
    await bot.say("alice", "/delen doel 1 community")
    await bot.say("alice", "/delen activiteit 1 openbaar")
    bob_sees = (await bot.say("bob", "/profiel @alice")).text
    assert "🎯 Doelen:" in bob_sees and "• Lesson study rekenen invoeren" in bob_sees
    assert "📚 Activiteiten:" in bob_sees and "Intervisie over formatief evalueren" in bob_sees
    assert "Geheim verbeterplan" not in bob_sees and "burgerschap" not in bob_sees
    carol_sees = (await bot.say("carol", "/profiel @alice")).text
    assert "Intervisie over formatief evalueren" in carol_sees
    assert "Lesson study" not in carol_sees and "Doelen" not in carol_sees
    await bot.say("alice", "/delen activiteit 1 privé")
    nothing = (await bot.say("carol", "/profiel @alice")).text
    nobody = (await bot.say("carol", "/profiel @zzyzx")).text
    assert nothing.replace("alice", "X") == nobody.replace("zzyzx", "X")
    own = (await bot.say("alice", "/profiel @alice")).text
    assert "Geheim verbeterplan" in own


async def test_an_interrupted_edit_is_kept_as_a_draft_and_finished_later(bot: Driver) -> None:
    await bot.say("alice", "/profiel bewerken")
    await bot.press("alice", "werkervaring")
    await bot.say("alice", "docent aardrijkskunde")  # role; now the school is asked
    said = await bot.say("alice", "/log 1u vakliteratuur")
    assert "Je open vraag is bewaard als concept: Op welke school" in said.text
    said = await bot.press("alice", "Nu afmaken")
    assert "Op welke school" in said.text
    await bot.say("alice", "De Linde")
    await bot.say("alice", "2019")
    said = await bot.say("alice", "nu")
    assert "✓ werkervaring: docent aardrijkskunde, De Linde (2019–heden)" in said.text


async def test_the_edit_button_keeps_an_open_question(bot: Driver) -> None:
    shown = await bot.say("alice", "/profiel")
    await bot.say("alice", "/log webinar formatief evalueren")  # asks how long it took
    said = await bot.send(bot.incoming("alice", choice=shown.replies[0].choices[0].key))
    assert "Welk veld wil je aanpassen?" in said.text
    assert "Je open vraag is bewaard als concept: Hoe lang duurde" in said.text


async def test_sharing_what_is_shared_already_changes_nothing(bot: Driver) -> None:
    await _alice_goals_and_activities(bot)
    await bot.say("alice", "/delen doel 1 community")
    await bot.say("alice", "/log 1u lesbezoek")  # the last change now
    said = await bot.say("alice", "/delen doel 1 community")
    assert "✓ Doel #1 Lesson study rekenen invoeren: nu community." in said.text
    assert "/ongedaan" not in said.text
    said = await bot.say("alice", "/ongedaan")  # still undoes the /log
    assert "Ongedaan gemaakt: activiteit #3 is weggehaald." in said.text
